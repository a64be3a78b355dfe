//! Feedback workbooks: one per unit with problems, listing every issue to fix, to send back.

use rust_xlsxwriter::{Workbook, XlsxError};

use chrono::NaiveDate;

use crate::issue::Issue;
use crate::model::unit_label;
use crate::model::{Outcome, Verdict};
use crate::parse::date::fmt_vn;
use crate::plan::Plan;
use crate::summary::writer::{lines_for, print_setup, table_of, Fmts, V};
use crate::summary::{issue_row, ISSUE_HEADERS};

/// The day a unit is asked to resend a corrected return by — plan data only, the same on
/// every run: the deadline while it is ahead, then the plan's resend day (`resend_days`
/// after the deadline). Past that day too: `None`, the unit is asked to resend at once.
pub fn resend_by(plan: &Plan, as_of: NaiveDate) -> Option<NaiveDate> {
    let resend = plan.deadline_before + chrono::Days::new(u64::from(plan.resend_days));
    if as_of < plan.deadline_before {
        Some(plan.deadline_before)
    } else {
        Some(resend).filter(|d| as_of < *d)
    }
}

/// The columns of a feedback file: the summary's issue columns made narrow enough (132
/// units) for one landscape page at a legible size — units print it and fix from paper.
const FEEDBACK_WIDTHS: [f64; 8] = [14.0, 11.0, 6.0, 8.0, 17.0, 32.0, 14.0, 30.0];

/// A small workbook listing one unit's issues, to send back.
pub fn workbook(
    unit_code: &str,
    unit_name: &str,
    issues: &[&Issue],
    plan: &Plan,
    as_of: NaiveDate,
) -> Result<Vec<u8>, XlsxError> {
    let f = Fmts::new(&plan.code);
    let mut wb = Workbook::new();
    // A fixed time, so the same issues give the same file (it was the time of the run).
    let stamp = plan
        .window_start
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists");
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&stamp));
    let ws = wb.add_worksheet();
    ws.set_name("Phản hồi")?;
    print_setup(ws, &f, FEEDBACK_WIDTHS.iter().sum(), Some(3), 3)?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "PHẢN HỒI BÁO CÁO {} — {} ({unit_code})",
            plan.code, unit_name
        ),
        &f.title,
    )?;
    let by = resend_by(plan, as_of);
    let must_fix = issues
        .iter()
        .any(|i| i.severity == crate::issue::Severity::Error);
    let ask = if !must_fix {
        "Số liệu của đơn vị đã được tính; không cần gửi lại. Các mục dưới đây để đơn vị kiểm tra và rút kinh nghiệm cho lần báo cáo sau."
            .to_string()
    } else {
        match by {
            Some(by) if by == plan.deadline_before => format!(
                "Đề nghị đơn vị sửa các mục dưới đây trong tệp báo cáo rồi gửi lại trước ngày {}.",
                fmt_vn(by)
            ),
            Some(by) => format!(
                "Hạn nộp ({}) đã qua: đề nghị đơn vị sửa các mục dưới đây trong tệp báo cáo rồi gửi lại sớm, chậm nhất trước ngày {}.",
                fmt_vn(plan.last_on_time_day()),
                fmt_vn(by)
            ),
            None => format!(
                "Hạn nộp ({}) đã qua: đề nghị đơn vị sửa các mục dưới đây trong tệp báo cáo rồi gửi lại ngay.",
                fmt_vn(plan.last_on_time_day())
            ),
        }
    };
    // Across the table, wrapped: text running past it would widen the printed page.
    let last = FEEDBACK_WIDTHS.len() as u16 - 1;
    ws.merge_range(1, 0, 1, last, &ask, &f.wrap)?;
    ws.set_row_height(1, 15 * lines_for(&ask, FEEDBACK_WIDTHS.iter().sum()))?;
    let rows: Vec<Vec<V>> = issues.iter().map(|i| issue_row(i)).collect();
    table_of(ws, 3, &ISSUE_HEADERS, &FEEDBACK_WIDTHS, &rows, &f)?;
    wb.save_to_buffer()
}

/// The units that get a feedback file: those with something to fix in their return. A unit
/// that was only late (or sent after the as-of date) has nothing to correct, and no file.
pub fn units_to_write_to(o: &Outcome) -> Vec<(String, String, Vec<&Issue>)> {
    issues_by_unit(o)
        .into_iter()
        .filter(|(_, _, issues)| issues.iter().any(|i| !i.code.is_run_level()))
        .collect()
}

/// Which roster/extra unit each issue belongs to (the page's counts, feedback files).
pub fn issues_by_unit(o: &Outcome) -> Vec<(String, String, Vec<&Issue>)> {
    let mut out = Vec::new();
    for u in &o.units {
        // The file that counts, and files of the unit left out by `--as-of` (they will
        // count in a later run, so their problems are worth fixing now).
        let files = o.submissions.iter().enumerate().filter(|(i, s)| {
            u.file.as_deref() == Some(s.file.as_str())
                || (o.verdicts[*i] == Verdict::AfterAsOf && unit_label(o, s).0 == u.code)
        });
        let issues: Vec<&Issue> = files
            .flat_map(|(i, _)| o.issues_of(i))
            .filter(|i| i.severity != crate::issue::Severity::Info)
            .collect();
        if !issues.is_empty() {
            out.push((u.code.clone(), u.name.clone(), issues));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_resend_day_is_plan_data_the_same_on_every_run() {
        let plan = Plan::default_plan();
        let day = |d: u32, m: u32, y: i32| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        // Before the deadline: the deadline.
        assert_eq!(
            resend_by(&plan, day(20, 12, 2024)),
            Some(plan.deadline_before)
        );
        // After it: the deadline plus the plan's days, whichever day the run is on.
        let resend = plan.deadline_before + chrono::Days::new(u64::from(plan.resend_days));
        assert_eq!(resend_by(&plan, plan.deadline_before), Some(resend));
        let day_before = resend - chrono::Days::new(1);
        assert_eq!(resend_by(&plan, day_before), Some(resend));
        // Past it: at once, never a new date counted from the run.
        assert_eq!(resend_by(&plan, resend), None);
        assert_eq!(resend_by(&plan, day(1, 3, 2025)), None);
    }
}
