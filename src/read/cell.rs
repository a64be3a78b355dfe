//! Raw cells as read from a workbook, and the one place positions become `Sheet!C7`.

use chrono::NaiveDate;

/// A cell value as found, before any meaning is given to it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A formula whose result was never stored (the file was not recalculated).
    FormulaNoValue(String),
}

impl Raw {
    pub fn is_empty(&self) -> bool {
        match self {
            Raw::Empty => true,
            Raw::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }

    /// The value as a user would read it, for `found:` in messages.
    pub fn display(&self) -> String {
        match self {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.clone(),
            Raw::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Raw::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Raw::Date(d) => d.format("%d/%m/%Y").to_string(),
            Raw::Error(e) => e.clone(),
            Raw::FormulaNoValue(f) => format!("={f}"),
        }
    }
}

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

    /// `C7` for (6, 2).
    pub fn a1(self) -> String {
        format!("{}{}", col_letters(self.col), self.row + 1)
    }
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
