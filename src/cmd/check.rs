//! `danvan check`: read returns and print every issue, `file:Sheet!C7: lỗi[code] …`.

use std::path::PathBuf;

use super::{limits, load_common, Fatal, FOUND_ERRORS, OK};
use crate::arrival::{late_finding, submission_date, Receipts};
use crate::cli::{Common, LimitArgs};
use crate::issue::Severity;
use crate::reading::{Read, Reading};

pub fn run(
    inputs: &[PathBuf],
    common: &Common,
    limit_args: &LimitArgs,
    json: bool,
) -> Result<i32, Fatal> {
    let (plan, roster) = load_common(common)?;
    // Untrusted files are read in worker processes with hard limits (see `worker`).
    let reading = Reading {
        limits: limits(limit_args),
        ..Reading::new(&plan, &roster)
    };
    let Read {
        submissions: subs,
        skipped,
    } = reading.read(inputs);
    let mut any_error = skipped.iter().any(|i| i.severity == Severity::Error);
    let mut out_json = Vec::new();
    if !json {
        for i in &skipped {
            println!("{}", i.line());
        }
    }
    let subs_read = subs.len();
    for sub in subs {
        let late = if sub.readable && !sub.other_period() {
            late_finding(
                &sub,
                &plan,
                submission_date(&sub, &Receipts::default(), &plan),
            )
        } else {
            None
        };
        let issues: Vec<&crate::issue::Issue> = sub.issues.iter().chain(&late).collect();
        any_error |= sub.has_errors();
        let unit = match &sub.unit {
            Some(crate::submission::UnitId::Roster(i)) => {
                format!("{} ({})", roster.units[*i].name, roster.units[*i].code)
            }
            Some(crate::submission::UnitId::Extra { code, name }) => {
                format!("{name} ({code}, ngoài danh sách)")
            }
            None => "chưa xác định".to_string(),
        };
        if json {
            out_json.push(serde_json::json!({
                "file": sub.file,
                "unit": unit,
                "readable": sub.readable,
                "report_date": sub.info.report_date.map(|d| d.format("%Y-%m-%d").to_string()),
                "rows_read": sub.rows_read(),
                "rows_counted": sub.rows_counted(),
                "propaganda": sub.propaganda.iter().map(|r| serde_json::json!({
                    "sheet": sub.propaganda_sheet(r.sheet), "row": crate::pos::line(r.row), "date": r.date.format("%Y-%m-%d").to_string(),
                    "topic": plan.topics[r.topic as usize].code, "audience": plan.audiences[r.audience as usize].code,
                    "form": r.form.map(|x| plan.forms[x as usize].code.clone()),
                    "sessions": r.sessions, "attendance": r.attendance, "speakers": r.speakers,
                })).collect::<Vec<_>>(),
                "activities": sub.activities.iter().map(|r| serde_json::json!({
                    "sheet": sub.activities_sheet(r.sheet), "row": crate::pos::line(r.row), "date": r.date.format("%Y-%m-%d").to_string(),
                    "activity": plan.activities[r.activity as usize].category.code,
                    "quantity": r.quantity, "participants": r.participants, "value": r.value,
                    "description": r.description,
                })).collect::<Vec<_>>(),
                "strikes": sub.situation.strikes,
                "issues": issues.iter().map(|i| i.json()).collect::<Vec<_>>(),
            }));
            continue;
        }
        for i in &issues {
            println!("{}", i.line());
        }
        let count = |sev: Severity| issues.iter().filter(|i| i.severity == sev).count();
        let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
        let verdict = if !sub.readable {
            "KHÔNG ĐỌC ĐƯỢC".to_string()
        } else if sub.other_period() {
            "TỆP CỦA KẾ HOẠCH HOẶC ĐỢT KHÁC, không dòng nào được tính".to_string()
        } else {
            format!("{}/{} dòng được tính", sub.rows_counted(), sub.rows_read())
        };
        println!(
            "== {}: {verdict}; đơn vị: {unit}; {errors} lỗi, {warnings} cảnh báo\n",
            sub.file
        );
    }
    if json {
        let v = serde_json::json!({"plan": plan.code, "files": out_json, "skipped": skipped.iter().map(|i| i.json()).collect::<Vec<_>>()});
        println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
    } else if subs_read == 0 {
        println!("Không tìm thấy tệp bảng tính nào để kiểm tra.");
    }
    Ok(if any_error { FOUND_ERRORS } else { OK })
}
