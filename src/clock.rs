//! "Today" and "now", from one clock: the computer's, or the moment set in `DANVAN_NOW`
//! (`dd/mm/yyyy` or `dd/mm/yyyy HH:MM:SS`), so that a test can run danvan on any day.
//! Every default that depends on the day (the as-of date, a received date, the report's
//! date) asks here; so does [`timing`], the benchmarks' phase timer.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The variable that sets the clock.
pub const NOW_VAR: &str = "DANVAN_NOW";

/// The moment danvan takes as now.
pub fn now() -> NaiveDateTime {
    std::env::var(NOW_VAR)
        .ok()
        .and_then(|s| set_moment(&s))
        .unwrap_or_else(|| chrono::Local::now().naive_local())
}

/// The day danvan takes as today.
pub fn today() -> NaiveDate {
    now().date()
}

/// `dd/mm/yyyy` or `dd/mm/yyyy HH:MM:SS`.
fn set_moment(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    NaiveDateTime::parse_from_str(s, "%d/%m/%Y %H:%M:%S")
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%d/%m/%Y")
                .ok()
                .map(|d| d.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()))
        })
}

/// A day typed by a person (`02/01/2025`, `2/1/2025`, `ngày 2 tháng 1 năm 2025`), read
/// near today; the error says what to type. The command line's date flags parse with it.
pub fn parse_day(s: &str) -> Result<NaiveDate, String> {
    crate::parse::date::parse_text(s, crate::parse::date::Near::day(today())).map_err(|_| {
        format!("\"{s}\" không phải ngày: ghi theo dạng ngày/tháng/năm, ví dụ 02/01/2025.")
    })
}

/// With `DANVAN_TIMING` set, prints how long a phase took (for benchmarks).
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("DANVAN_TIMING").is_some() {
        // Peak memory so far, where the system tells it (Linux).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l[name.len()..].trim().to_string())
                .unwrap_or_default()
        };
        eprintln!(
            "[thời gian] {phase}: {:.2} giây; bộ nhớ: {} (cao nhất {})",
            since.elapsed().as_secs_f64(),
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_moment_is_read_in_both_forms() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
        assert_eq!(set_moment("02/01/2025").map(|m| m.date()), Some(d));
        assert_eq!(set_moment("02/01/2025 08:30:00"), d.and_hms_opt(8, 30, 0));
        assert_eq!(set_moment("2025-01-02"), None);
    }

    #[test]
    fn a_day_that_is_no_day_is_refused_in_vietnamese() {
        assert!(parse_day("32/12/2024")
            .unwrap_err()
            .contains("không phải ngày"));
        assert_eq!(
            parse_day("31/12/2024"),
            Ok(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
        );
    }
}
