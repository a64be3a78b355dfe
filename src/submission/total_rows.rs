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
                // A total in a column counted in thousands is in thousands too.
                let scale = match column.field {
                    Field::Money => read.money_scale as f64,
                    _ => 1.0,
                };
                let written = match g.get(pos) {
                    Raw::Number(n) => n * scale,
                    Raw::Text(s) if s.chars().any(char::is_alphabetic) => {
                        match number::parse(s, kind) {
                            Ok(n) => n,
                            _ => continue,
                        }
                    }
                    Raw::Text(s) => match number::parse(s, kind) {
                        Ok(n) => n * scale,
                        _ => continue,
                    },
                    _ => continue,
                };
                if (written - written.round()).abs() > 1e-6 {
                    continue;
                }
                let written = written.round() as i64;
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
