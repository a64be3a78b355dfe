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

/// A date cell's value: its day (a duration, or a day outside the calendar, stays a number).
pub fn date_from_excel(dt: &calamine::ExcelDateTime) -> Raw {
    if dt.is_duration() {
        return Raw::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => Raw::Date(date),
        None => Raw::Number(dt.as_f64()),
    }
}

/// An ISO date written as text (`2024-12-20T00:00:00`): its day, or the text as written.
pub fn date_from_iso(s: &str) -> Raw {
    NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d")
        .map(Raw::Date)
        .unwrap_or_else(|_| Raw::Text(s.to_string()))
}
