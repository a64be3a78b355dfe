//! Cells that mark rows of a table that hold no activity: the template's pre-numbered
//! `STT` column and the label of the unit's own total row (`Tổng cộng`).

use crate::parse::text::fold;
use crate::read::{Grid, Raw};

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
