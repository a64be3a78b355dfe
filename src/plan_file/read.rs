//! The plan workbook read back, cell by cell: every problem is listed with its cell and what
//! to write there, and a workbook with any problem is not used.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use super::setting::*;
use crate::parse::date::{self, fmt_vn};
use crate::parse::text::{clean, fold};
use crate::plan::{Activity, Category, Limits, Plan, PlanError, ReportInfo, ValueRule};
use crate::pos::Pos;
use crate::read::table::{find_header, Headers};
use crate::read::{open_path, Grid, Limits as ReadLimits, Raw};

/// Problems found, each with its cell: `Kế hoạch!B11: …`.
struct Problems(Vec<String>);

impl Problems {
    fn at(&mut self, sheet: &str, pos: Option<Pos>, what: String) {
        let at = match pos {
            Some(p) => format!("{sheet}!{}", p.a1()),
            None => format!("trang \"{sheet}\""),
        };
        self.0.push(format!("{at}: {what}"));
    }
}

/// Reads the plan workbook at `path`; every problem is listed with its cell.
pub fn read(path: &Path, source_name: &str) -> Result<Plan, PlanError> {
    let err = |message: String| PlanError {
        source_name: source_name.to_string(),
        message,
    };
    let (mut wb, _) =
        open_path(path, &ReadLimits::default()).map_err(|r| err(format!("{}.", r.message)))?;
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.clone()).collect();
    let mut problems = Problems(Vec::new());
    let mut sheet = |wanted: &str, problems: &mut Problems| -> Option<Grid> {
        let Some(name) = names.iter().find(|n| fold(n) == fold(wanted)) else {
            problems.0.push(format!(
                "thiếu trang \"{wanted}\": hãy dùng tệp do danvan xuất (danvan plan --export ke-hoach.xlsx), không xóa hay đổi tên trang."
            ));
            return None;
        };
        match wb.grid(name) {
            Ok(g) => Some(g),
            Err(e) => {
                problems.0.push(format!("trang \"{name}\": {e}."));
                None
            }
        }
    };
    let settings = sheet(SHEET_SETTINGS, &mut problems);
    let lists = [SHEET_TOPICS, SHEET_AUDIENCES, SHEET_FORMS].map(|n| sheet(n, &mut problems));
    let activities = sheet(SHEET_ACTIVITIES, &mut problems);
    let values = settings
        .as_ref()
        .map(|g| read_settings(g, &mut problems))
        .unwrap_or_default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let [topics, audiences, forms] = [0, 1, 2].map(|i| {
        lists[i]
            .as_ref()
            .map(|g| read_list(g, &mut seen, &mut problems))
            .unwrap_or_default()
    });
    let activities = activities
        .as_ref()
        .map(|g| read_activities(g, &mut seen, &mut problems))
        .unwrap_or_default();
    if !problems.0.is_empty() {
        return Err(err(format!(
            "{} chỗ cần sửa trong tệp kế hoạch:\n  {}",
            problems.0.len(),
            problems.0.join("\n  ")
        )));
    }
    let plan = values.into_plan(topics, audiences, forms, activities);
    Plan::from_toml(&crate::plan::to_toml(&plan), source_name)
}

/// The settings as read, with the defaults of a plan for those left out.
#[derive(Default)]
struct Values {
    text: HashMap<Setting, String>,
    dates: HashMap<Setting, NaiveDate>,
    numbers: HashMap<Setting, f64>,
    lines: HashMap<Setting, Vec<String>>,
}

impl Values {
    fn into_plan(
        mut self,
        topics: Vec<Category>,
        audiences: Vec<Category>,
        forms: Vec<Category>,
        activities: Vec<Activity>,
    ) -> Plan {
        let mut t = |s: Setting| self.text.remove(&s).unwrap_or_default();
        let (code, title, period, short_name) = (
            t(Setting::Code),
            t(Setting::Title),
            t(Setting::Period),
            t(Setting::ShortName),
        );
        let (issuer, district_unit, send_to, contact, template_version, launch) = (
            t(Setting::Issuer),
            t(Setting::DistrictUnit),
            t(Setting::SendTo),
            t(Setting::Contact),
            t(Setting::TemplateVersion),
            t(Setting::Launch),
        );
        let report = ReportInfo {
            superior_body: t(Setting::SuperiorBody),
            issuing_body: t(Setting::IssuingBody),
            number: t(Setting::Number),
            place: t(Setting::Place),
            subject: t(Setting::Subject),
            signer_on_behalf: t(Setting::SignerOnBehalf),
            signer_title: t(Setting::SignerTitle),
            plan_issued: t(Setting::PlanIssued),
            recipients: self.lines.remove(&Setting::Recipient).unwrap_or_default(),
            basis: self.lines.remove(&Setting::Basis).unwrap_or_default(),
        };
        let n = |s: Setting| self.numbers.get(&s).copied().unwrap_or(1.0);
        let whole = |s: Setting| n(s) as i64;
        let limits = Limits {
            attendance_membership_factor: n(Setting::AttendanceFactor),
            max_attendance_per_row: whole(Setting::MaxAttendance),
            max_sessions_per_row: whole(Setting::MaxSessions),
            max_value_per_row: whole(Setting::MaxValue),
            max_speakers_per_row: whole(Setting::MaxSpeakers),
            max_quantity_per_row: whole(Setting::MaxQuantity),
            max_participants_per_row: whole(Setting::MaxParticipants),
        };
        let d = |s: Setting| self.dates.get(&s).copied().unwrap_or_default();
        Plan {
            code,
            title,
            period,
            short_name,
            issuer,
            district_unit,
            send_to,
            contact,
            template_version,
            window_start: d(Setting::WindowStart),
            window_end: d(Setting::WindowEnd),
            launch,
            deadline_before: d(Setting::DeadlineBefore),
            resend_days: whole(Setting::ResendDays).clamp(0, 60) as u32,
            limits,
            report,
            topics,
            audiences,
            forms,
            activities,
            source: String::new(),
            toml: String::new(),
        }
    }
}

fn text_at(g: &Grid, pos: Pos) -> String {
    clean(&g.get(pos).display())
}

fn read_settings(g: &Grid, problems: &mut Problems) -> Values {
    let mut v = Values::default();
    let mut found: HashMap<Setting, Pos> = HashMap::new();
    let by_label: HashMap<String, Setting> =
        Setting::ALL.iter().map(|s| (fold(s.label()), *s)).collect();
    for (row, _) in g.rows().filter(|(r, _)| *r > 0) {
        let (label, at) = (text_at(g, Pos::new(row, 0)), Pos::new(row, 1));
        let value = g.get(at);
        if label.is_empty() {
            if !value.is_empty() {
                problems.at(
                    &g.name,
                    Some(Pos::new(row, 0)),
                    format!(
                        "dòng có nội dung \"{}\" nhưng trống tên mục: ghi lại tên mục ở cột A (chép từ tệp danvan xuất).",
                        value.display()
                    ),
                );
            }
            continue;
        }
        let Some(&s) = by_label.get(&fold(&label)) else {
            problems.at(
                &g.name,
                Some(Pos::new(row, 0)),
                format!("\"{label}\" không phải mục nào của kế hoạch: giữ nguyên chữ ở cột A như tệp danvan xuất."),
            );
            continue;
        };
        if s.kind() != Kind::Lines && found.insert(s, at).is_some() {
            problems.at(
                &g.name,
                Some(Pos::new(row, 0)),
                format!("mục \"{label}\" ghi hai lần: chỉ giữ một dòng."),
            );
            continue;
        }
        read_value(g, s, at, value, &mut v, problems);
    }
    for s in Setting::ALL {
        let required = !matches!(s.kind(), Kind::Text | Kind::Lines);
        if required && !found.contains_key(&s) {
            problems.at(
                &g.name,
                None,
                format!(
                    "thiếu dòng \"{}\": thêm dòng đó (cột A) và ghi nội dung ở cột B.",
                    s.label()
                ),
            );
        }
    }
    check_dates(g, &v, &found, problems);
    v
}

fn read_value(g: &Grid, s: Setting, at: Pos, value: &Raw, v: &mut Values, problems: &mut Problems) {
    let shown = value.display();
    match s.kind() {
        Kind::Required | Kind::Text => {
            let t = text_at(g, at);
            if s.kind() == Kind::Required && t.is_empty() {
                problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{}\" không được để trống.", s.label()),
                );
            }
            v.text.insert(s, t);
        }
        Kind::Lines => {
            let t = text_at(g, at);
            if !t.is_empty() {
                v.lines.entry(s).or_default().push(t);
            }
        }
        Kind::Date => {
            let day = match value {
                Raw::Date(d) => Some(*d),
                Raw::Number(n) => date::from_number(*n),
                Raw::Text(t) => date::parse_text(t, date::Near::day(crate::clock::today())).ok(),
                _ => None,
            };
            match day {
                Some(d) => {
                    v.dates.insert(s, d);
                }
                None if shown.trim().is_empty() => problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{}\" còn trống: ghi ngày dạng ngày/tháng/năm, ví dụ 02/06/2025.", s.label()),
                ),
                None => problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{shown}\" không phải ngày có thật: ghi ngày dạng ngày/tháng/năm, ví dụ 02/06/2025."),
                ),
            }
        }
        Kind::Whole | Kind::Number => {
            let n = match value {
                Raw::Number(n) => Some(*n),
                Raw::Text(t) => t.trim().replace(',', ".").parse::<f64>().ok(),
                _ => None,
            };
            let whole = s.kind() == Kind::Whole;
            match n.filter(|n| *n > 0.0 && (!whole || n.fract() == 0.0)) {
                Some(n) => {
                    v.numbers.insert(s, n);
                }
                None if s == Setting::ResendDays && n == Some(0.0) => {
                    v.numbers.insert(s, 0.0);
                }
                None => problems.at(
                    &g.name,
                    Some(at),
                    format!(
                        "\"{}\" cần {} lớn hơn 0; đang ghi \"{shown}\".",
                        s.label(),
                        if whole {
                            "một số nguyên"
                        } else {
                            "một số"
                        }
                    ),
                ),
            }
        }
    }
}

/// The window ends on or after it starts; returns must be due after it ends.
fn check_dates(g: &Grid, v: &Values, found: &HashMap<Setting, Pos>, problems: &mut Problems) {
    let get = |s: Setting| v.dates.get(&s).copied();
    if let (Some(from), Some(to)) = (get(Setting::WindowStart), get(Setting::WindowEnd)) {
        if to < from {
            problems.at(
                &g.name,
                found.get(&Setting::WindowEnd).copied(),
                format!(
                    "đợt kết thúc ngày {} trước ngày bắt đầu {}: ghi ngày kết thúc từ {} trở đi.",
                    fmt_vn(to),
                    fmt_vn(from),
                    fmt_vn(from)
                ),
            );
        }
    }
    if let (Some(to), Some(due)) = (get(Setting::WindowEnd), get(Setting::DeadlineBefore)) {
        if due <= to {
            problems.at(
                &g.name,
                found.get(&Setting::DeadlineBefore).copied(),
                format!(
                    "hạn nộp (trước ngày {}) không sau ngày kết thúc đợt {}: báo cáo chỉ có sau khi đợt kết thúc, ghi một ngày sau {}.",
                    fmt_vn(due),
                    fmt_vn(to),
                    fmt_vn(to)
                ),
            );
        }
    }
}

/// A yes/no cell (`có`, `x`, `1`; empty or `không`: no).
fn yes_no_at(g: &Grid, pos: Pos, problems: &mut Problems) -> bool {
    match fold(&text_at(g, pos)).as_str() {
        "co" | "x" | "1" | "true" | "yes" => true,
        "" | "khong" | "0" | "false" | "no" => false,
        other => {
            problems.at(
                &g.name,
                Some(pos),
                format!("\"{other}\": ghi \"có\" hoặc \"không\"."),
            );
            false
        }
    }
}

/// A code and a label on row `row` (columns A and B): checked, each code once in all lists.
fn code_and_label(
    g: &Grid,
    row: u32,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Option<(String, String)> {
    let (code, label) = (text_at(g, Pos::new(row, 0)), text_at(g, Pos::new(row, 1)));
    if code.is_empty() && label.is_empty() {
        return None;
    }
    let here = format!("{}!{}", g.name, Pos::new(row, 0).a1());
    if code.is_empty() {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mục \"{label}\" chưa có mã: ghi một mã chưa dùng, ví dụ TT11."),
        );
    } else if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mã \"{code}\" chỉ được có chữ không dấu và số, ví dụ TT11."),
        );
    } else if let Some(first) = seen.get(&code.to_uppercase()) {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mã \"{code}\" trùng với {first}: mỗi mục một mã riêng."),
        );
    } else {
        seen.insert(code.to_uppercase(), here);
    }
    if label.is_empty() {
        problems.at(
            &g.name,
            Some(Pos::new(row, 1)),
            format!("mã \"{code}\" chưa có tên: ghi tên mục ở cột B."),
        );
    }
    Some((code, label))
}

/// The header row of a list sheet, or a problem.
fn header_row(g: &Grid, headers: &[&str], problems: &mut Problems) -> Option<u32> {
    match find_header(g, &Headers::new(headers), 2, 10) {
        Some(h) if h.cols[0] == Some(0) && h.cols[1] == Some(1) => Some(h.row),
        _ => {
            problems.at(
                &g.name,
                None,
                format!(
                    "không thấy dòng tiêu đề {}: giữ nguyên dòng tiêu đề như tệp danvan xuất.",
                    headers.join(" · ")
                ),
            );
            None
        }
    }
}

fn read_list(
    g: &Grid,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Vec<Category> {
    let Some(h) = header_row(g, &LIST_HEADERS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row, _) in g.rows().filter(|(r, _)| *r > h) {
        if let Some((code, label)) = code_and_label(g, row, seen, problems) {
            let requires_description = yes_no_at(g, Pos::new(row, 2), problems);
            out.push(Category {
                code,
                label,
                requires_description,
            });
        }
    }
    if out.is_empty() {
        problems.at(&g.name, None, "danh mục trống: cần ít nhất một mục.".into());
    }
    out
}

fn read_activities(
    g: &Grid,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Vec<Activity> {
    let Some(h) = header_row(g, &ACTIVITY_HEADERS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row, _) in g.rows().filter(|(r, _)| *r > h) {
        let Some((code, label)) = code_and_label(g, row, seen, problems) else {
            continue;
        };
        let rule_at = Pos::new(row, 3);
        let rule = fold(&text_at(g, rule_at));
        let value = VALUE_WORDS
            .iter()
            .find(|(w, _)| fold(w) == rule)
            .map(|(_, v)| *v);
        let value = value.unwrap_or_else(|| {
            problems.at(
                &g.name,
                Some(rule_at),
                format!(
                    "\"{}\": ghi \"bắt buộc\", \"không bắt buộc\" hoặc \"không có\".",
                    text_at(g, rule_at)
                ),
            );
            ValueRule::Optional
        });
        let target_at = Pos::new(row, 4);
        let target = match g.get(target_at) {
            Raw::Empty => None,
            Raw::Number(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as i64),
            Raw::Text(t) if t.trim().is_empty() => None,
            Raw::Text(t) if t.trim().parse::<u32>().is_ok() => t.trim().parse::<i64>().ok(),
            other => {
                problems.at(
                    &g.name,
                    Some(target_at),
                    format!(
                        "chỉ tiêu \"{}\" cần là số nguyên không âm (hoặc để trống).",
                        other.display()
                    ),
                );
                None
            }
        };
        let note = text_at(g, Pos::new(row, 5));
        let requires_description = yes_no_at(g, Pos::new(row, 6), problems);
        let fund = yes_no_at(g, Pos::new(row, 7), problems);
        out.push(Activity {
            category: Category {
                code,
                label,
                requires_description,
            },
            quantity_unit: text_at(g, Pos::new(row, 2)),
            value,
            target,
            target_note: (!note.is_empty()).then_some(note),
            fund,
        });
    }
    if out.is_empty() {
        problems.at(&g.name, None, "danh mục trống: cần ít nhất một mục.".into());
    }
    out
}
