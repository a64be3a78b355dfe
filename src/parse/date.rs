//! Dates as units type them: real date cells, serial numbers, and day-first text.

use chrono::{Datelike, NaiveDate};

/// The Excel serial numbers (1900 epoch) we accept as dates in a date column: 1950..2100.
const SERIAL_MIN: f64 = 18264.0;
const SERIAL_MAX: f64 = 73051.0;

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Looks like a date but the day or month is impossible (e.g. 31/02/2024).
    Impossible,
    /// Not a date at all.
    Unreadable,
}

/// Converts an Excel serial day number (1900 epoch) to a date.
pub fn from_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Excel's day 60 is the non-existent 29/02/1900; serials after it are shifted by one.
    let days = serial.floor() as i64;
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    base.checked_add_signed(chrono::Duration::days(days))
}

/// Converts a number found in a date column: a plausible serial, or nothing.
pub fn from_number(n: f64) -> Option<NaiveDate> {
    if (SERIAL_MIN..=SERIAL_MAX).contains(&n) {
        from_serial(n)
    } else {
        None
    }
}

/// The days a date without a year should fall near: the campaign window to the deadline.
#[derive(Debug, Clone, Copy)]
pub struct Near {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

impl Near {
    pub fn day(d: NaiveDate) -> Near {
        Near { first: d, last: d }
    }

    /// Days from `d` to the nearest day of the range (0 inside it).
    fn distance(&self, d: NaiveDate) -> i64 {
        if d < self.first {
            (self.first - d).num_days()
        } else if d > self.last {
            (d - self.last).num_days()
        } else {
            0
        }
    }

    /// `day/month` in the year that puts it nearest the range: with a window of
    /// 17–31/12/2024 and a deadline of 01/01/2025, `30/12` is 2024 and `02/01` is 2025.
    fn complete(&self, month: u32, day: u32) -> Result<NaiveDate, DateError> {
        let y = self.first.year();
        let candidates: Vec<NaiveDate> = [y - 1, y, y + 1, self.last.year() + 1]
            .iter()
            .filter_map(|&y| NaiveDate::from_ymd_opt(y, month, day))
            .collect();
        candidates
            .into_iter()
            .min_by_key(|d| self.distance(*d))
            .ok_or(DateError::Impossible)
    }
}

/// Parses a date typed as text, day before month. A date without a year (`17/12`) takes
/// the year that puts it nearest `near`.
///
/// Accepted: `17/12/2024`, `17-12-2024`, `17.12.2024`, `17/12/24`, `17/12`, `2024-12-17`,
/// optionally followed by a time (`17/12/2024 08:00`) or preceded by `ngày`.
pub fn parse_text(s: &str, near: Near) -> Result<NaiveDate, DateError> {
    let s = s.trim();
    let lower = s.to_lowercase();
    let s = lower
        .strip_prefix("ngày")
        .or_else(|| lower.strip_prefix("ngay"))
        .unwrap_or(&lower)
        .trim();
    // Drop a trailing time part.
    let date_part = s
        .split(|c: char| c.is_whitespace() || c == 't')
        .next()
        .unwrap_or("");
    let parts: Vec<&str> = date_part.split(['/', '-', '.']).map(str::trim).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(DateError::Unreadable);
    }
    let num = |p: &str| p.parse::<i64>().map_err(|_| DateError::Unreadable);
    let (y, m, d) = match parts.as_slice() {
        [a, b, c] if a.len() == 4 => (num(a)?, num(b)?, num(c)?),
        [a, b, c] if c.len() == 4 => (num(c)?, num(b)?, num(a)?),
        [a, b, c] if c.len() == 2 && a.len() <= 2 => (2000 + num(c)?, num(b)?, num(a)?),
        [a, b] if a.len() <= 2 && b.len() <= 2 => {
            let (m, d) = (num(b)?, num(a)?);
            if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
                return Err(DateError::Impossible);
            }
            return near.complete(m as u32, d as u32);
        }
        _ => return Err(DateError::Unreadable),
    };
    if !(1..=12).contains(&m) && !(1..=12).contains(&d) {
        return Err(DateError::Impossible);
    }
    let (y, m, d) = (
        i32::try_from(y).map_err(|_| DateError::Unreadable)?,
        u32::try_from(m).map_err(|_| DateError::Impossible)?,
        u32::try_from(d).map_err(|_| DateError::Impossible)?,
    );
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateError::Impossible)
}

/// The same date with day and month swapped, when that is a valid date
/// (for the hint "did you type month/day?").
pub fn swapped(d: NaiveDate) -> Option<NaiveDate> {
    if d.day() > 12 || d.day() == d.month() {
        return None;
    }
    NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())
}

/// dd/mm/yyyy, the only format users read.
pub fn fmt_vn(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn text_forms_are_day_first() {
        for s in [
            "17/12/2024",
            "17-12-2024",
            "17.12.2024",
            "17/12",
            "2024-12-17",
            " 17/12/24 ",
            "ngày 17/12/2024",
            "17/12/2024 08:30",
            "2024-12-17T00:00:00",
        ] {
            assert_eq!(parse_text(s, campaign()), Ok(d(2024, 12, 17)), "{s}");
        }
        assert_eq!(parse_text("05/12/2024", campaign()), Ok(d(2024, 12, 5)));
    }

    #[test]
    fn impossible_and_unreadable_dates() {
        assert_eq!(
            parse_text("31/02/2024", campaign()),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_text("32/13/2024", campaign()),
            Err(DateError::Impossible)
        );
        assert_eq!(
            parse_text("hôm qua", campaign()),
            Err(DateError::Unreadable)
        );
        assert_eq!(parse_text("", campaign()), Err(DateError::Unreadable));
        assert_eq!(
            parse_text("17//2024", campaign()),
            Err(DateError::Unreadable)
        );
    }

    fn campaign() -> Near {
        Near {
            first: d(2024, 12, 17),
            last: d(2025, 1, 1),
        }
    }

    #[test]
    fn dates_without_a_year_fall_nearest_the_campaign() {
        assert_eq!(parse_text("30/12", campaign()), Ok(d(2024, 12, 30)));
        assert_eq!(parse_text("02/01", campaign()), Ok(d(2025, 1, 2)));
        assert_eq!(parse_text("05/12", campaign()), Ok(d(2024, 12, 5)));
        // A future plan whose window crosses New Year.
        let next = Near {
            first: d(2025, 12, 20),
            last: d(2026, 1, 10),
        };
        assert_eq!(parse_text("28/12", next), Ok(d(2025, 12, 28)));
        assert_eq!(parse_text("05/01", next), Ok(d(2026, 1, 5)));
        assert_eq!(parse_text("29/02", campaign()), Ok(d(2024, 2, 29)));
        assert_eq!(parse_text("31/02", campaign()), Err(DateError::Impossible));
    }

    #[test]
    fn serials_follow_excel() {
        assert_eq!(from_serial(45643.0), Some(d(2024, 12, 17)));
        assert_eq!(from_serial(45643.75), Some(d(2024, 12, 17)));
        assert_eq!(from_serial(1.0), Some(d(1900, 1, 1)));
        assert_eq!(from_serial(61.0), Some(d(1900, 3, 1)));
        assert_eq!(from_number(17.0), None);
        assert_eq!(from_number(45643.0), Some(d(2024, 12, 17)));
    }

    #[test]
    fn swap_hint() {
        assert_eq!(swapped(d(2024, 12, 5)), Some(d(2024, 5, 12)));
        assert_eq!(swapped(d(2024, 12, 17)), None);
    }
}
