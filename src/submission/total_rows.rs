//! Rows of a table that are not activities: the template's pre-numbered `STT` cells and the
//! unit's own total row (`Tổng cộng`), compared with the rows counted above it.

use super::tables::{Field, Table, TableRead};
use super::Reader;
use crate::messages;
use crate::parse::number;
use crate::parse::text::fold;
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

/// A cell that labels the unit's own total row: `Tổng cộng`, `Cộng`, `Tổng số`, `TC`, `Tổng`
/// (any case, with or without diacritics or a colon).
pub(super) fn is_total_label(v: &Raw) -> bool {
    // The labels are short: longer text (every description) is not folded.
    matches!(v, Raw::Text(t) if t.len() <= 24
        && matches!(fold(t).as_str(), "tong cong" | "cong" | "tong so" | "tc" | "tong"))
}

/// Where the `STT` column is when the table's header could not be used: a cell saying
/// `STT` (its row and column), or else a first column numbered 1, 2, 3… down the rows.
pub(super) fn stt_column(g: &Grid) -> Option<(Option<u32>, u32)> {
    let labelled = g
        .rows()
        .take_while(|(r, _)| *r < 40)
        .find_map(|(r, cells)| {
            cells.iter().find_map(|(c, v)| {
                matches!(v, Raw::Text(t) if matches!(fold(t).as_str(), "stt" | "so tt" | "so thu tu"))
                    .then_some((Some(r), *c))
            })
        });
    if labelled.is_some() {
        return labelled;
    }
    // Pre-numbered: the first column's numbers run 1, 2, 3… on consecutive rows.
    let numbered: Vec<(u32, f64)> = g
        .rows()
        .filter_map(|(r, cells)| match cells.get(&0) {
            Some(Raw::Number(n)) => Some((r, *n)),
            _ => None,
        })
        .collect();
    let run = numbered
        .windows(2)
        .take_while(|w| w[1].0 == w[0].0 + 1 && w[1].1 == w[0].1 + 1.0)
        .count();
    (run >= 2 && numbered.first().is_some_and(|(_, n)| *n == 1.0))
        .then(|| (numbered[0].0.checked_sub(1), 0))
}
