//! A cell's place in a sheet, and the one place positions become `C7`. At the bottom of
//! the house: readers, issues and views all point at cells.

/// A 0-based (row, column) position, as calamine gives it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Pos {
    pub row: u32,
    pub col: u32,
}

impl Pos {
    pub fn new(row: u32, col: u32) -> Pos {
        Pos { row, col }
    }

    /// The row number a person reads in Excel (1-based).
    pub fn line(self) -> u32 {
        line(self.row)
    }

    /// `C7` for (6, 2).
    pub fn a1(self) -> String {
        format!("{}{}", col_letters(self.col), self.line())
    }

    /// (6, 2) for `C7`; `None` for anything else.
    pub fn parse_a1(s: &str) -> Option<Pos> {
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        if letters.is_empty()
            || letters.len() > 3
            || !letters.chars().all(|c| c.is_ascii_uppercase())
        {
            return None;
        }
        let col = letters
            .bytes()
            .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
            - 1;
        let line: u32 = digits.parse().ok().filter(|n| *n >= 1)?;
        Some(Pos::new(line - 1, col))
    }
}

/// The row number a person reads for the 0-based `row` (Excel's, the messages').
pub fn line(row: u32) -> u32 {
    row + 1
}

/// `A`, `Z`, `AA`, … for 0, 25, 26, … (past Excel's last column, which no pre-flighted
/// file reaches, the number itself).
pub fn col_letters(col: u32) -> String {
    match u16::try_from(col) {
        Ok(c) => rust_xlsxwriter::utility::column_number_to_name(c),
        Err(_) => format!("C{}", col + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(Pos::new(0, 0).a1(), "A1");
        assert_eq!(Pos::new(6, 2).a1(), "C7");
        assert_eq!(Pos::new(9, 25).a1(), "Z10");
        assert_eq!(Pos::new(0, 26).a1(), "AA1");
        assert_eq!(Pos::new(1_048_575, 16_383).a1(), "XFD1048576");
    }
}
