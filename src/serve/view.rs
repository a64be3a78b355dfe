//! What the page shows, as JSON: the plan, the headline, one row per unit with its issues,
//! files not counted, and the chase list with ready-to-copy reminders. Every text a user
//! reads is worded here (Vietnamese); the page only lays it out.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::issue::{Issue, Severity};
use crate::model::{Outcome, Status, UnitStatus};
use crate::parse::date::fmt_vn;
use crate::plan::Plan;
use crate::roster::Roster;

/// Where the plan stands on `today`.
pub fn plan_view(plan: &Plan, roster: &Roster, today: NaiveDate) -> Value {
    let deadline = plan.deadline_before;
    let days_text = if today < plan.window_start {
        format!(
            "Đợt bắt đầu ngày {}; hạn nộp báo cáo: trước ngày {}.",
            fmt_vn(plan.window_start),
            fmt_vn(deadline)
        )
    } else if today < deadline {
        let left = (deadline - today).num_days();
        format!(
            "Còn {left} ngày đến hạn nộp (trước ngày {}).",
            fmt_vn(deadline)
        )
    } else {
        let past = (today - deadline).num_days() + 1;
        format!(
            "Đã quá hạn nộp {past} ngày (hạn: trước ngày {}).",
            fmt_vn(deadline)
        )
    };
    json!({
        "code": plan.code,
        "title": plan.title,
        "period": plan.period,
        "source": plan.source,
        "short_name": plan.short_name,
        "window": format!("{} – {}", fmt_vn(plan.window_start), fmt_vn(plan.window_end)),
        "deadline": fmt_vn(deadline),
        "past_deadline": today >= deadline,
        "days_text": days_text,
        "today": fmt_vn(today),
        // The day figures are taken at is set on the page and is not the computer's day:
        // the page says "Tính đến", not "Hôm nay".
        "as_of_is_today": today == crate::clock::today(),
        "roster": roster.label(),
        "roster_sample": roster.is_sample,
        "roster_units": roster.units.len(),
    })
}

/// A stable key for filtering (`dung-han`…), beside the label users read.
fn status_key(s: Status) -> &'static str {
    match s {
        Status::OnTime => "dung-han",
        Status::Late => "tre-han",
        Status::Missing => "chua-nop",
        Status::Invalid => "khong-hop-le",
    }
}

/// The archive in the folder that `file` was read from, when it is a member of one
/// (`X.zip › Y.xlsx`; uploads never carry `›` in their own names).
fn archive_of(file: &str) -> Option<&str> {
    file.split_once(" › ").map(|(archive, _)| archive)
}

fn issue_json(i: &Issue) -> Value {
    serde_json::to_value(i.json()).unwrap_or_default()
}

/// The outcome as the page shows it: counts, every unit with its issues, the chase list.
/// `files_in_folder` is what the working folder holds (the page lists the folder itself).
pub fn outcome_view(o: &Outcome, plan: &Plan, files_in_folder: usize) -> Value {
    let h = o.headline();
    let by_unit: HashMap<String, Vec<&Issue>> = crate::feedback::issues_by_unit(o)
        .into_iter()
        .map(|(code, _, issues)| (code, issues))
        .collect();
    let with_feedback: std::collections::HashSet<String> = crate::feedback::units_to_write_to(o)
        .into_iter()
        .map(|(code, _, _)| code)
        .collect();
    let count = |sev: Severity| o.all_issues().filter(|i| i.severity == sev).count();
    let units: Vec<Value> = o
        .units
        .iter()
        .map(|u| {
            let issues = by_unit.get(&u.code).map(Vec::as_slice).unwrap_or(&[]);
            json!({
                "code": u.code,
                "name": u.name,
                "in_roster": u.in_roster,
                "status": u.status.label(),
                "status_key": status_key(u.status),
                "submitted": u.submitted.map(fmt_vn),
                "source": u.source.map(|_| u.source_vn()),
                // Its day came from the receipt log: the page offers to take it back.
                "from_receipt_log": u.source == Some(crate::arrival::DateSource::Receipt),
                "file": u.file,
                "paper_note": u.paper_note(),
                "supplement_note": u.supplement_note(),
                "archive": u.file.as_deref().and_then(archive_of),
                "rows_counted": u.rows_counted,
                "errors": u.errors,
                "warnings": u.warnings,
                "contact": u.contact,
                "phone": u.phone,
                "issues": issues.iter().map(|i| issue_json(i)).collect::<Vec<_>>(),
                "feedback": with_feedback.contains(&u.code),
            })
        })
        .collect();
    // Files whose rows do not count (unreadable, not identified, an older resend…) and
    // files skipped while looking through the folder: each with its reason.
    let mut not_counted: Vec<Value> = o
        .submissions
        .iter()
        .enumerate()
        .filter(|(i, _)| !o.verdicts[*i].counted())
        .map(|(i, s)| {
            let issues = o.issues_of(i);
            let reason = issues
                .clone()
                .find(|i| i.severity == Severity::Error)
                .or_else(|| issues.clone().next())
                .map(|i| i.message.clone())
                .unwrap_or_default();
            json!({
                "file": s.file,
                "archive": archive_of(&s.file),
                "readable": s.readable,
                "removable": true,
                "reason": reason,
                "issues": issues.map(issue_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    not_counted.extend(o.skipped.iter().map(|i| {
        json!({"file": i.file, "readable": false, "removable": false, "reason": i.message, "issues": [issue_json(i)]})
    }));
    // Every error is in one place the page shows: a unit (the "Có lỗi" filter), a file not
    // counted, or the receipt log; the page says the parts and a test holds their sum.
    let errors_in = |issues: &[Issue]| {
        (issues.iter())
            .filter(|i| i.severity == Severity::Error)
            .count()
    };
    let errors_units: usize = o.units.iter().map(|u| u.errors).sum();
    let errors_not_counted = (0..o.submissions.len())
        .filter(|&i| !o.verdicts[i].counted())
        .map(|i| o.count_of(i, Severity::Error))
        .sum::<usize>()
        + errors_in(&o.skipped);
    let errors_log = errors_in(&o.log_issues);
    json!({
        "as_of": fmt_vn(o.as_of),
        "headline": {
            "expected": h.expected,
            "on_time": h.on_time,
            "late": h.late,
            "missing": h.missing,
            "invalid": h.invalid,
            "extra": h.extra,
            "rows_read": h.rows_read,
            "rows_counted": h.rows_counted,
            "errors": count(Severity::Error),
            "errors_units": errors_units,
            "errors_not_counted": errors_not_counted,
            "errors_log": errors_log,
            "warnings": count(Severity::Warning),
            "files": files_in_folder,
            // A roll-up's grassroots unions, as its counted summaries give them.
            "below": o.below.as_ref().map(|b| json!({
                "expected": b.total.expected,
                "reported": b.total.reported(),
            })),
        },
        "units": units,
        "not_counted": not_counted,
        "log_issues": o.log_issues.iter().map(issue_json).collect::<Vec<_>>(),
        "chase": chase(o, plan),
    })
}

/// Late, missing and unreadable units, and units whose return has errors: who to call,
/// and a message short enough for one Zalo message or SMS.
fn chase(o: &Outcome, plan: &Plan) -> Vec<Value> {
    // Who writes: the district to its unions, or (a roll-up) the province to its districts.
    let from = if o.below.is_some() {
        "LĐLĐ tỉnh"
    } else {
        "LĐLĐ huyện"
    };
    let mut list: Vec<(u8, &UnitStatus, String)> = o
        .units
        .iter()
        .filter(|u| u.in_roster)
        .filter_map(|u| {
            let (rank, text) = match u.status {
                Status::Missing => (0, reminder_missing(u, plan, o.as_of, from)),
                Status::Invalid => (1, reminder_invalid(u, plan, o.as_of)),
                Status::Late => (2, reminder_late(u, plan, from)),
                Status::OnTime if u.errors > 0 => (3, reminder_errors(u, plan, o.as_of, from)),
                Status::OnTime => return None,
            };
            Some((rank, u, text))
        })
        .collect();
    list.sort_by(|a, b| (a.0, &a.1.code).cmp(&(b.0, &b.1.code)));
    list.into_iter()
        .map(|(_, u, message)| {
            json!({
                "code": u.code,
                "name": u.name,
                "status": if u.status == Status::OnTime { "Cần sửa lỗi" } else { u.status.label() },
                "contact": u.contact,
                "phone": u.phone,
                "message": message,
            })
        })
        .collect()
}

fn reminder_missing(u: &UnitStatus, plan: &Plan, today: NaiveDate, from: &str) -> String {
    if today < plan.deadline_before {
        format!(
            "Kính gửi {}: {from} đề nghị đơn vị gửi báo cáo kết quả công tác dân vận theo Kế hoạch {} (mẫu Excel đã gửi) trước ngày {}. Trân trọng cảm ơn.",
            u.name,
            plan.code,
            fmt_vn(plan.deadline_before)
        )
    } else {
        format!(
            "Kính gửi {}: {from} chưa nhận được báo cáo kết quả công tác dân vận theo Kế hoạch {} (hạn nộp trước ngày {}). Đề nghị đơn vị gửi ngay theo mẫu Excel đã gửi. Trân trọng cảm ơn.",
            u.name,
            plan.code,
            fmt_vn(plan.deadline_before)
        )
    }
}

/// `trước ngày 01/01/2025`, or `ngay` once that day has come.
fn by_when(plan: &Plan, today: NaiveDate) -> String {
    if today < plan.deadline_before {
        format!("trước ngày {}", fmt_vn(plan.deadline_before))
    } else {
        "ngay".into()
    }
}

fn reminder_invalid(u: &UnitStatus, plan: &Plan, today: NaiveDate) -> String {
    format!(
        "Kính gửi {}: tệp báo cáo công tác dân vận (Kế hoạch {}) đơn vị gửi về {}. Đề nghị đơn vị điền mẫu Excel (.xlsx) của đợt này và gửi lại {}. Trân trọng cảm ơn.",
        u.name,
        plan.code,
        u.note.as_deref().unwrap_or("không mở được"),
        by_when(plan, today)
    )
}

fn reminder_late(u: &UnitStatus, plan: &Plan, from: &str) -> String {
    format!(
        "Kính gửi {}: {from} đã nhận báo cáo công tác dân vận (Kế hoạch {}) của đơn vị ngày {}, sau hạn nộp (trước ngày {}). Đề nghị đơn vị lưu ý gửi đúng hạn ở các đợt sau. Trân trọng cảm ơn.",
        u.name,
        plan.code,
        u.submitted.map(fmt_vn).unwrap_or_else(|| "?".into()),
        fmt_vn(plan.deadline_before)
    )
}

fn reminder_errors(u: &UnitStatus, plan: &Plan, today: NaiveDate, from: &str) -> String {
    format!(
        "Kính gửi {}: báo cáo công tác dân vận (Kế hoạch {}) của đơn vị còn {} lỗi. {from} gửi kèm tệp Phản hồi chỉ rõ từng ô; đề nghị đơn vị sửa và gửi lại {}. Trân trọng cảm ơn.",
        u.name,
        plan.code,
        u.errors,
        by_when(plan, today)
    )
}
