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
    match parse_numeric(s, near) {
        Err(DateError::Unreadable) => in_words(s, near)
            .or_else(|| after_ngay(s).map(|rest| parse_numeric(rest, near)))
            .unwrap_or(Err(DateError::Unreadable)),
        other => other,
    }
}

/// The text after the last `ngày` of `s` (`Bến Củi, ngày 29/12/2024` → `29/12/2024`).
fn after_ngay(s: &str) -> Option<&str> {
    let lower = s.to_lowercase();
    let i = lower
        .rfind("ngày")
        .map(|i| i + "ngày".len())
        .or_else(|| lower.rfind("ngay").map(|i| i + "ngay".len()))?;
    // Byte offsets of `lower` match `s` for Vietnamese text (lower-casing keeps lengths);
    // anything else is simply not read this way.
    (lower.len() == s.len() && s.is_char_boundary(i)).then(|| s[i..].trim())
}

/// A date written in words as in documents: `ngày 29 tháng 12 năm 2024`, with or without
/// the place before it (`Bến Củi, ngày 29 tháng 12 năm 2024`) or the year.
fn in_words(s: &str, near: Near) -> Option<Result<NaiveDate, DateError>> {
    let folded = super::text::fold(s);
    let words: Vec<&str> = folded.split(' ').collect();
    let k = words.iter().position(|w| *w == "thang")?;
    let num =
        |i: usize| -> Option<i64> { words.get(i).filter(|w| w.len() <= 4)?.parse::<i64>().ok() };
    let day = num(k.checked_sub(1)?)?;
    let month = num(k + 1)?;
    let year = (words.get(k + 2) == Some(&"nam"))
        .then(|| num(k + 3))
        .flatten();
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Some(Err(DateError::Impossible));
    }
    Some(match year {
        Some(y) => {
            NaiveDate::from_ymd_opt(y as i32, month as u32, day as u32).ok_or(DateError::Impossible)
        }
        None => near.complete(month as u32, day as u32),
    })
}

/// A span of days typed in one cell: `17-31/12/2024`, `17/12 - 20/12/2024`,
/// `từ 17/12 đến 20/12/2024`; a single date is a span of one day. The first part takes the
/// month and year the second one has when it leaves them out.
pub fn parse_span(s: &str, near: Near) -> Result<(NaiveDate, NaiveDate), DateError> {
    // The span first: `17/12 - 20/12/2024` would otherwise read as its first date alone.
    let single = || parse_text(s, near).map(|d| (d, d));
    let lower = s.trim().to_lowercase();
    let body = lower
        .strip_prefix("từ ngày")
        .or_else(|| lower.strip_prefix("từ"))
        .or_else(|| lower.strip_prefix("tu ngay"))
        .or_else(|| lower.strip_prefix("tu "))
        .unwrap_or(&lower)
        .trim();
    for sep in [" đến ngày ", " đến ", " den ", "–", "—", " - ", "~", "-"] {
        let Some((a, b)) = body.split_once(sep) else {
            continue;
        };
        let (a, b) = (a.trim(), b.trim());
        let Ok(last) = parse_numeric(b, near) else {
            continue;
        };
        let parts: Vec<&str> = a.split(['/', '.', '-']).map(str::trim).collect();
        let num = |p: &str| p.parse::<u32>().ok();
        let first = match parts.as_slice() {
            [d] => num(d).and_then(|d| NaiveDate::from_ymd_opt(last.year(), last.month(), d)),
            [d, m] => num(d).zip(num(m)).and_then(|(d, m)| {
                // 28/12 - 03/01/2025: the first day is in the year before.
                let y = if m > last.month() {
                    last.year() - 1
                } else {
                    last.year()
                };
                NaiveDate::from_ymd_opt(y, m, d)
            }),
            _ => parse_numeric(a, near).ok(),
        };
        match first {
            Some(f) if f <= last => return Ok((f, last)),
            // `17-12-2024` split at its first hyphen: a single date after all.
            _ if single().is_ok() => return single(),
            _ => return Err(DateError::Impossible),
        }
    }
    single()
}

/// [`parse_text`] for numbers only (`17/12/2024`, `2024-12-17`, `17/12`, `ngày 17/12`).
fn parse_numeric(s: &str, near: Near) -> Result<NaiveDate, DateError> {
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

/// A likely typo of a date outside `[start, end]`: the date it was probably meant to be,
/// inside the window, and what was mistyped. Day and month swapped first, then a wrong year
/// (last year's file, `2023`), then a wrong month; none when no single slip explains it.
pub fn typo_in_window(
    d: NaiveDate,
    start: NaiveDate,
    end: NaiveDate,
) -> Option<(NaiveDate, &'static str)> {
    let inside = |x: &NaiveDate| *x >= start && *x <= end;
    let candidates = [
        (swapped(d), "đảo ngày và tháng"),
        (d.with_year(start.year()), "nhầm năm"),
        (d.with_year(end.year()), "nhầm năm"),
        (d.with_month(start.month()), "nhầm tháng"),
        (d.with_month(end.month()), "nhầm tháng"),
    ];
    candidates
        .into_iter()
        .find_map(|(c, why)| c.filter(inside).map(|c| (c, why)))
}

/// dd/mm/yyyy, the only format users read.
pub fn fmt_vn(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_date_outside_the_window_suggests_the_slip_that_explains_it() {
        use super::typo_in_window;
        use chrono::NaiveDate;
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let (start, end) = (ymd(2024, 12, 17), ymd(2024, 12, 31));
        assert_eq!(
            typo_in_window(ymd(2023, 12, 20), start, end),
            Some((ymd(2024, 12, 20), "nhầm năm"))
        );
        assert_eq!(
            typo_in_window(ymd(2024, 11, 20), start, end),
            Some((ymd(2024, 12, 20), "nhầm tháng"))
        );
        // 12/10 swapped is 10/12, still outside; a wrong month gives nothing either.
        assert_eq!(typo_in_window(ymd(2024, 10, 12), start, end), None);
        assert_eq!(typo_in_window(ymd(2024, 11, 5), start, end), None);
    }

    #[test]
    fn dates_in_words_and_spans_as_documents_write_them() {
        let near = Near {
            first: NaiveDate::from_ymd_opt(2024, 12, 17).unwrap(),
            last: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
        };
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        for s in [
            "ngày 29 tháng 12 năm 2024",
            "Bến Củi, ngày 29 tháng 12 năm 2024",
            "Bến Củi, ngày 29/12/2024",
            "29 tháng 12",
        ] {
            assert_eq!(parse_text(s, near), Ok(d(2024, 12, 29)), "{s}");
        }
        assert_eq!(
            parse_text("ngày 31 tháng 2 năm 2024", near),
            Err(DateError::Impossible)
        );
        for (s, a, b) in [
            ("17-31/12/2024", (2024, 12, 17), (2024, 12, 31)),
            ("17/12 - 20/12/2024", (2024, 12, 17), (2024, 12, 20)),
            ("từ 17/12 đến 20/12/2024", (2024, 12, 17), (2024, 12, 20)),
            ("28/12/2024 – 03/01/2025", (2024, 12, 28), (2025, 1, 3)),
            ("28/12 – 03/01/2025", (2024, 12, 28), (2025, 1, 3)),
            ("17-12-2024", (2024, 12, 17), (2024, 12, 17)),
        ] {
            let (a, b) = (d(a.0, a.1, a.2), d(b.0, b.1, b.2));
            assert_eq!(parse_span(s, near), Ok((a, b)), "{s}");
        }
        assert!(parse_span("20-17/12/2024", near).is_err());
        assert!(parse_span("họp chi bộ", near).is_err());
    }

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
