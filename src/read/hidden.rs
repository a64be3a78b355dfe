//! Rows a user does not see: hidden by hand, or by a filter left on. Their cells read like
//! any others; a unit that hides rows sees
//! other figures than the ones counted, so the reader is told. Found per format: `.xlsx`
//! from each sheet's `<row hidden="1">` (in the pass that reads its cells), `.xls` from its
//! `ROW` records, `.ods` from `table:visibility` (both during the pre-flight's own walk).

use std::collections::HashMap;

use crate::read::Pos;

/// The hidden rows of one sheet (0-based, inclusive ranges) and whether a filter is on.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HiddenRows {
    pub ranges: Vec<(u32, u32)>,
    pub filter: bool,
}

impl HiddenRows {
    pub fn contains(&self, row: u32) -> bool {
        self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&row))
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Adds rows `first..=last`, joined to the last range when they follow it.
    pub fn add(&mut self, first: u32, last: u32) {
        match self.ranges.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(first) => *end = last,
            _ => self.ranges.push((first, last)),
        }
    }
}

/// Hidden rows by sheet name.
pub type HiddenBySheet = HashMap<String, HiddenRows>;

/// What one `.xlsx` sheet's XML says besides its cells: its hidden rows and its merged
/// regions, found in the same pass as its cells (`ooxml`).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SheetScan {
    pub hidden: HiddenRows,
    /// Merged regions, (top-left, bottom-right).
    pub merges: Vec<(Pos, Pos)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_join() {
        let mut h = HiddenRows::default();
        h.add(3, 3);
        h.add(4, 4);
        h.add(9, 12);
        assert_eq!(h.ranges, [(3, 4), (9, 12)]);
        assert!(h.contains(11) && !h.contains(5));
    }
}
