//! The unit's own total rows (`Tổng cộng`), compared with the rows counted above them.

use super::tables::{Field, Table, TableRead};
use super::Reader;
use crate::messages;
use crate::parse::number;
use crate::read::{Grid, Pos, Raw};

impl Reader<'_> {
    /// Compares each of the unit's total rows with the sum of the rows counted above it
    /// (since the previous total row): a difference is a warning naming both figures.
    /// `counted`: each counted row with its figures by header index.
    pub(super) fn check_totals(
        &mut self,
        g: &Grid,
        read: &TableRead,
        table: &Table,
        counted: &[(u32, Vec<(usize, i64)>)],
    ) {
        let Some(h) = &read.header else { return };
        let mut from = 0u32;
        for &t in &read.totals {
            let above: Vec<&Vec<(usize, i64)>> = counted
                .iter()
                .filter(|(r, _)| *r >= from && *r < t)
                .map(|(_, v)| v)
                .collect();
            from = t + 1;
            for column in table.columns {
                let kind = match column.field {
                    Field::Count { .. } => number::Kind::Count,
                    Field::Money => number::Kind::Money,
                    _ => continue,
                };
                let Some(col) = h.cols[column.index] else {
                    continue;
                };
                let pos = Pos::new(t, col);
                let written = match g.get(pos) {
                    Raw::Number(n) if n.fract() == 0.0 => *n as i64,
                    Raw::Text(s) => match number::parse(s, kind) {
                        Ok(n) if n.fract() == 0.0 => n as i64,
                        _ => continue,
                    },
                    _ => continue,
                };
                let sum: i64 = above
                    .iter()
                    .flat_map(|v| v.iter())
                    .filter(|(i, _)| *i == column.index)
                    .map(|(_, n)| n)
                    .sum();
                if sum != written {
                    let what = table.headers[column.index];
                    let i = messages::total_mismatch(&self.sub.file, t + 1, what, written, sum)
                        .at(&g.name, Some(pos));
                    self.issue(i);
                }
            }
        }
    }
}
