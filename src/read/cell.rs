//! Raw cells as read from a workbook.

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
            Raw::Date(d) => crate::parse::date::fmt_vn(*d),
            Raw::Error(e) => e.clone(),
            Raw::FormulaNoValue(f) => format!("={f}"),
        }
    }
}
