//! Columns of a table besides the template's own: a value column whose header names its unit
//! of money (`Giá trị (nghìn đồng)`, `(1.000đ)`, `(triệu đồng)`, `(tr.đ)`), and columns the
//! reader cannot place, whose filled cells are named in a warning instead of becoming 0.

use super::tables::Table;
use super::Reader;
use crate::messages;
use crate::parse::text::fold;
use crate::pos::col_letters;
use crate::read::table::HeaderMap;
use crate::read::{Grid, Pos, Raw};

/// How a money column's header starts (folded): `Giá trị`, `Số tiền`, `Thành tiền`,
/// `Kinh phí`, `Trị giá`.
const MONEY_STEMS: [&str; 5] = ["gia tri", "so tien", "thanh tien", "kinh phi", "tri gia"];

/// The header row's columns that are not the template's.
#[derive(Default)]
pub(super) struct Extra {
    /// What the value column's numbers are multiplied by to give đồng.
    pub(super) money_scale: i64,
    /// Columns the reader cannot place: (column, header, whether it looks like money).
    pub(super) unknown: Vec<(u32, String, bool)>,
}

impl Extra {
    /// The unknown money column (a value column in a unit of money we do not know), if any.
    pub(super) fn unknown_money(&self) -> Option<(u32, &str)> {
        self.unknown
            .iter()
            .find(|(_, _, money)| *money)
            .map(|(c, h, _)| (*c, h.as_str()))
    }
}

/// What a money header's words after its stem say: the factor to đồng and the unit in words;
/// `None` for a unit that is not đồng (`USD`, `kg`) or not a unit at all.
pub(super) fn money_unit(rest: &str) -> Option<(i64, &'static str)> {
    let compact: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    match compact.as_str() {
        "" | "dong" | "d" | "vnd" | "vnddong" | "dongvn" => Some((1, "đồng")),
        "nghindong" | "ngandong" | "nghin" | "ngan" | "nghind" | "ngand" | "1000dong" | "1000d"
        | "1000vnd" | "k" | "kdong" => Some((1_000, "nghìn đồng")),
        "trieudong" | "trieu" | "trieud" | "trd" | "trdong" | "tr" | "1000000dong" | "1000000d"
        | "1000000vnd" => Some((1_000_000, "triệu đồng")),
        _ => None,
    }
}

impl Reader<'_> {
    /// Places the header row's cells that none of `table`'s headers matched: a money
    /// column with its unit (said once when it is not đồng), the rest listed as unknown.
    pub(super) fn extra_columns(&mut self, g: &Grid, table: &Table, h: &mut HeaderMap) -> Extra {
        let mut extra = Extra {
            money_scale: 1,
            unknown: Vec::new(),
        };
        let Some(cells) = g.row(h.row) else {
            return extra;
        };
        for (&col, v) in cells {
            let Raw::Text(text) = v else { continue };
            if text.trim().is_empty()
                || h.cols.contains(&Some(col))
                || g.merged_origin(Pos::new(h.row, col)).is_some()
            {
                continue;
            }
            let folded = fold(text);
            let stem = MONEY_STEMS
                .iter()
                .find(|s| folded == **s || folded.starts_with(&format!("{s} ")));
            let money_slot = table.money.filter(|&m| h.cols[m].is_none());
            match (stem, money_slot) {
                (Some(stem), Some(m)) => match money_unit(&folded[stem.len()..]) {
                    Some((factor, unit)) => {
                        h.cols[m] = Some(col);
                        extra.money_scale = factor;
                        if factor != 1 {
                            let i =
                                messages::money_scaled(&self.sub.file, text.trim(), unit, factor)
                                    .at(&g.name, Some(Pos::new(h.row, col)));
                            self.issue(i);
                        }
                    }
                    None => extra.unknown.push((col, text.trim().to_string(), true)),
                },
                _ => extra.unknown.push((col, text.trim().to_string(), false)),
            }
        }
        extra
    }

    /// One warning per unknown column with cells filled on the table's data rows.
    pub(super) fn unknown_columns_filled(&mut self, g: &Grid, extra: &Extra, rows: &[u32]) {
        for (col, header, money) in &extra.unknown {
            let filled: Vec<u32> = rows
                .iter()
                .copied()
                .filter(|&r| !g.get(Pos::new(r, *col)).is_empty())
                .collect();
            let Some(&first) = filled.first() else {
                continue;
            };
            let at = Pos::new(first, *col);
            let found = format!("{}: {}", at.a1(), g.get(at).display());
            let letter = col_letters(*col);
            let i = if *money {
                messages::money_column_unknown(&self.sub.file, header, &letter, filled.len(), found)
            } else {
                messages::column_unknown(&self.sub.file, header, &letter, filled.len(), found)
            };
            self.issue(i.at(&g.name, Some(at)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_units_as_offices_write_them() {
        let unit = |h: &str| {
            let f = fold(h);
            let stem = MONEY_STEMS.iter().find(|s| f.starts_with(**s)).unwrap();
            money_unit(&f[stem.len()..]).map(|(n, _)| n)
        };
        assert_eq!(unit("Giá trị (đồng)"), Some(1));
        assert_eq!(unit("Giá trị"), Some(1));
        assert_eq!(unit("Số tiền (VNĐ)"), Some(1));
        assert_eq!(unit("Giá trị (nghìn đồng)"), Some(1_000));
        assert_eq!(unit("Giá trị (ngàn đồng)"), Some(1_000));
        assert_eq!(unit("Giá trị (1.000đ)"), Some(1_000));
        assert_eq!(unit("Giá trị (1.000 đồng)"), Some(1_000));
        assert_eq!(unit("Kinh phí (triệu đồng)"), Some(1_000_000));
        assert_eq!(unit("Giá trị (tr.đ)"), Some(1_000_000));
        assert_eq!(unit("Giá trị (Tr đ)"), Some(1_000_000));
        assert_eq!(unit("Giá trị (USD)"), None);
        assert_eq!(unit("Giá trị khác"), None);
    }
}
