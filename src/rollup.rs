//! The level above (docs/cap-tren.md): the province consolidates what its districts send up —
//! the summary workbooks `consolidate` writes, or their JSON — as a district consolidates
//! its grassroots unions. Each file is read for the machine record it carries
//! ([`crate::report::record`]) and becomes one [`Submission`] of its district, so dating,
//! the receipt log, resends, another đợt and the as-of day work as they do for returns;
//! the figures then come from the records of the summaries that count.

mod form;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::inputs::{collect_files, expand_archives, Found};
use crate::issue::{Code, Issue};
use crate::model::{Below, Outcome, UnitTotals};
use crate::plan::Plan;
use crate::pos::Pos;
use crate::read::{open_path, Limits};
use crate::reading::Read;
use crate::report::record::{Record, RECORD_SHEET};
use crate::roster::Roster;
use crate::submission::{content_hash, file_modified, Context, Matchers, Submission, UnitId};
use crate::worker::Isolation;

/// One file sent up, read: what consolidation needs, and its record when it has one.
pub struct Sent {
    pub submission: Submission,
    pub record: Option<Record>,
}

/// Reads every summary under `inputs` (workbooks, their JSON, archives of them), in name
/// order; what is not one is listed with why.
pub fn read(
    inputs: &[PathBuf],
    plan: &Plan,
    roster: &Roster,
    exclude: &[PathBuf],
    limits: Limits,
) -> (Read, Vec<Option<Record>>) {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for input in inputs {
        let (files, passed) = collect_files(std::slice::from_ref(input), exclude);
        found.extend(files);
        for issue in passed {
            // A summary's JSON is read here; everything else passed over stays said.
            let path = if input.is_dir() {
                input.join(&issue.file)
            } else {
                input.clone()
            };
            if crate::read::formats::extension(&path) == "json" && path.is_file() {
                found.push(Found {
                    path,
                    display: issue.file.clone(),
                    archive: false,
                });
            } else {
                skipped.push(issue);
            }
        }
    }
    let matchers = Matchers::new(plan);
    let ctx = Context {
        plan,
        roster,
        matchers: &matchers,
        limits,
    };
    let (mut files, unpacked, _scratch) = expand_archives(found, &ctx, &Isolation::InProcess);
    skipped.extend(unpacked);
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    files.sort_by(|a, b| a.display.cmp(&b.display));
    let sent: Vec<Sent> = files
        .iter()
        .map(|f| read_one(&f.path, &f.display, plan, roster, &limits))
        .collect();
    let (submissions, records) = sent.into_iter().map(|s| (s.submission, s.record)).unzip();
    (
        Read {
            submissions,
            skipped,
        },
        records,
    )
}

/// One file: its record, the district it names, and whatever is wrong with it.
pub fn read_one(path: &Path, display: &str, plan: &Plan, roster: &Roster, limits: &Limits) -> Sent {
    let mut sub = Submission::unread(path, display);
    let bytes = match crate::read::read_file(path, limits) {
        Ok(b) => b,
        Err(r) => {
            sub.issues.push(Issue::new(display, r.code, r.message));
            return Sent {
                submission: sub,
                record: None,
            };
        }
    };
    sub.hash = Some(content_hash(&bytes));
    sub.size = bytes.len() as u64;
    sub.modified = file_modified(path);
    let record = if crate::read::formats::extension(path) == "json" {
        std::str::from_utf8(&bytes)
            .map_err(|_| "không phải văn bản UTF-8".to_string())
            .and_then(Record::from_json)
            .map_err(|why| not_summary(display, &why))
    } else {
        from_workbook(path, display, plan, limits, &mut sub.issues)
    };
    let record = match record {
        Ok(r) => r,
        Err(issue) => {
            sub.issues.push(*issue);
            return Sent {
                submission: sub,
                record: None,
            };
        }
    };
    sub.readable = true;
    sub.info.name = record.issuer.clone();
    // Dated by the day its figures were taken (the district's as-of day), unless the
    // receipt log says when it came.
    sub.info.report_date = chrono::NaiveDate::parse_from_str(&record.as_of, "%Y-%m-%d").ok();
    sub.situation.strikes = Some(record.strikes);
    if record.period != plan.period {
        sub.issues.push(crate::messages::other_period(
            display,
            &format!("{} {}", record.plan, record.period),
            plan,
        ));
    }
    sub.issues.extend(unknown_codes(&record, plan, display));
    sub.unit = district_of(&record, display, roster);
    if sub.unit.is_none() {
        sub.issues.push(
            Issue::new(
                display,
                Code::UnitUnidentified,
                format!(
                    "Không xác định được tệp tổng hợp này của đơn vị nào trong danh sách: bản ghi ghi nơi tổng hợp là \"{}\" và tên tệp không có mã hay tên đơn vị nào của danh sách. Số liệu của tệp không được tính.",
                    record.issuer
                ),
            )
            .found(record.issuer.clone())
            .hint("Đổi tên tệp cho có mã đơn vị trong danh sách (ví dụ \"H05 - Tổng hợp.xlsx\"), hoặc thêm đơn vị vào danh sách."),
        );
    }
    Sent {
        submission: sub,
        record: Some(record),
    }
}

/// A file that is no summary danvan wrote: an error naming what was found instead.
fn not_summary(display: &str, why: &str) -> Box<Issue> {
    Box::new(Issue::new(
        display,
        Code::NotAReturn,
        format!("Không phải tệp tổng hợp của danvan: {why}. Tệp không được tính."),
    )
    .hint("Cấp dưới gửi lên tệp tổng hợp Excel (hoặc tệp JSON) do danvan lập, không sửa tên trang."))
}

/// The record of a summary workbook (its hidden sheet), with a warning for every figure of
/// `Tổng hợp` that no longer agrees with it.
fn from_workbook(
    path: &Path,
    display: &str,
    plan: &Plan,
    limits: &Limits,
    issues: &mut Vec<Issue>,
) -> Result<Record, Box<Issue>> {
    let (mut wb, _) =
        open_path(path, limits).map_err(|r| Box::new(Issue::new(display, r.code, r.message)))?;
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.clone()).collect();
    // A district without danvan: its one-sheet form, typed by hand.
    if names
        .iter()
        .any(|n| n == crate::contract::SHEET_DISTRICT_FORM)
    {
        return form::read(&mut wb, display, plan, issues)
            .map_err(|why| not_summary(display, &why));
    }
    if !names.iter().any(|n| n == RECORD_SHEET) {
        let why = if names.iter().any(|n| n == crate::contract::SHEET_INFO) {
            "đây là báo cáo của một công đoàn cơ sở (mẫu Excel), không phải tệp tổng hợp của cấp dưới".to_string()
        } else if names.iter().any(|n| n == crate::contract::SHEET_SUMMARY) {
            format!("tệp tổng hợp do một bản danvan cũ lập, chưa có trang ẩn \"{RECORD_SHEET}\" (bản ghi cho cấp trên): cấp dưới tổng hợp lại bằng danvan mới rồi gửi lại")
        } else {
            format!("không có trang ẩn \"{RECORD_SHEET}\" (bản ghi danvan ghi khi tổng hợp)")
        };
        return Err(not_summary(display, &why));
    }
    let grid = wb
        .grid(RECORD_SHEET)
        .map_err(|e| not_summary(display, &e.to_string()))?;
    let cells: Vec<String> = grid
        .rows()
        .map(|(r, _)| grid.get(Pos::new(r, 0)).display())
        .collect();
    let record = Record::from_cells(&cells).map_err(|why| not_summary(display, &why))?;
    let sheet = crate::contract::SHEET_SUMMARY;
    if let Ok(shown) = wb.grid(sheet) {
        for f in &record.cells {
            let Some(pos) = Pos::parse_a1(&f.cell) else {
                continue;
            };
            let raw = shown.get(pos);
            if matches!(raw, crate::read::Raw::Number(n) if *n == f.value as f64) {
                continue;
            }
            let text = raw.display();
            let mut issue = Issue::new(
                display,
                Code::SummaryEdited,
                format!(
                    "Ô {sheet}!{} ({}) ghi \"{text}\" nhưng bản ghi danvan lập cùng tệp ghi {}: số của bản ghi được dùng. Nếu số ở ô là số đúng, cấp dưới cần tổng hợp lại bằng danvan rồi gửi lại tệp.",
                    f.cell,
                    figure_words(&f.key),
                    f.value
                ),
            )
            .found(text);
            (issue.sheet, issue.cell) = (Some(sheet.to_string()), Some(pos));
            issues.push(issue);
        }
    }
    Ok(record)
}

/// `topics.TT01.sessions` as people read it.
fn figure_words(key: &str) -> String {
    let mut parts = key.split('.');
    let (group, code, field) = (
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
        parts.next().unwrap_or(""),
    );
    let field = match field {
        "rows" => "số dòng",
        "sessions" => "số buổi",
        "attendance" => "số lượt người tham dự",
        "quantity" => "số lượng",
        "participants" => "số người tham gia",
        "value" => "giá trị (đồng)",
        other => other,
    };
    let group = match group {
        "topics" => "nội dung",
        "audiences" => "đối tượng",
        "activities" => "hoạt động",
        other => other,
    };
    format!("{field} của {group} {code}")
}

/// Codes in the record that the plan does not list: their figures cannot be placed, and
/// are said, never dropped in silence.
fn unknown_codes(record: &Record, plan: &Plan, display: &str) -> Vec<Issue> {
    let listed =
        |list: &[crate::parse::category::Category], code: &str| list.iter().any(|c| c.code == code);
    let activities: Vec<&str> = plan
        .activities
        .iter()
        .map(|a| a.category.code.as_str())
        .collect();
    let mut issues = Vec::new();
    let mut say = |code: &str, what: &str, nonzero: bool| {
        if nonzero {
            issues.push(
                Issue::new(
                    display,
                    Code::CategoryUnknown,
                    format!("Bản ghi có {what} mã \"{code}\" mà kế hoạch {} không có: số liệu của mã này không được tính.", plan.code),
                )
                .found(code.to_string())
                .hint("Thêm mã vào danh mục của kế hoạch (tải kế hoạch Excel về, sửa, tải lên) rồi tổng hợp lại."),
            );
        }
    };
    for (code, p) in &record.topics {
        if !listed(&plan.topics, code) {
            say(
                code,
                "nội dung tuyên truyền",
                p.rows + p.sessions + p.attendance != 0,
            );
        }
    }
    for (code, p) in &record.audiences {
        if !listed(&plan.audiences, code) {
            say(code, "đối tượng", p.rows + p.sessions + p.attendance != 0);
        }
    }
    for (code, n) in &record.forms {
        if !listed(&plan.forms, code) {
            say(code, "hình thức tuyên truyền", *n != 0);
        }
    }
    for (code, a) in &record.activities {
        if !activities.contains(&code.as_str()) {
            say(
                code,
                "hoạt động",
                a.rows + a.quantity + a.participants + a.value != 0,
            );
        }
    }
    issues
}

/// The roster unit that sent `record`: named in its issuer (`LĐLĐ huyện Dương Minh Châu`
/// names `Huyện Dương Minh Châu`), or by the file's name (its code or name).
fn district_of(record: &Record, display: &str, roster: &Roster) -> Option<UnitId> {
    roster
        .exact_name(&record.issuer)
        .or_else(|| roster.named_in(&record.issuer))
        .or_else(|| crate::consolidate::unit_from_file_name(roster, display))
        .map(UnitId::Roster)
}

/// The figures of the summaries that count, into `o`: province totals are the sums of the
/// districts' (`Cộng` rows sum them again), and each district's own totals and grassroots
/// reporting for its row.
pub fn apply(o: &mut Outcome, records: &[Option<Record>], plan: &Plan) {
    let mut below = Below {
        tallies: tallies(o, records, plan),
        ..Below::default()
    };
    let mut per_unit: HashMap<String, UnitTotals> = HashMap::new();
    for (i, record) in records.iter().enumerate() {
        let Some(r) = record.as_ref().filter(|_| o.verdicts[i].counted()) else {
            continue;
        };
        let code = crate::model::unit_label(o, &o.submissions[i]).0;
        for (totals, figures) in [
            (&mut o.by_topic, &r.topics),
            (&mut o.by_audience, &r.audiences),
        ] {
            for t in totals.iter_mut() {
                if let Some(p) = figures.get(&t.code) {
                    t.rows += p.rows;
                    t.sessions += p.sessions;
                    t.attendance += p.attendance;
                }
            }
        }
        for x in &r.topic_audience {
            let known = plan.topics.iter().any(|c| c.code == x.topic)
                && plan.audiences.iter().any(|c| c.code == x.audience);
            if known {
                let cell = (o.topic_audience)
                    .entry((x.topic.clone(), x.audience.clone()))
                    .or_default();
                (cell.0, cell.1) = (cell.0 + x.sessions, cell.1 + x.attendance);
            }
        }
        for t in &mut o.by_activity {
            if let Some(a) = r.activities.get(&t.code) {
                t.rows += a.rows;
                t.quantity += a.quantity;
                t.participants += a.participants;
                t.value += a.value;
            }
        }
        let prop = |f: fn(&crate::report::record::Prop) -> i64| -> Vec<i64> {
            (plan.topics.iter())
                .map(|c| r.topics.get(&c.code).map_or(0, f))
                .collect()
        };
        per_unit.insert(
            code.clone(),
            UnitTotals {
                sessions: prop(|p| p.sessions),
                attendance: prop(|p| p.attendance),
                quantity: (plan.activities.iter())
                    .map(|a| r.activities.get(&a.category.code).map_or(0, |x| x.quantity))
                    .collect(),
                value: r.activities.values().map(|a| a.value).sum(),
                strikes: r.strikes,
            },
        );
        below.total.add(&r.reporting);
        below.speakers += r.speakers;
        for (form, n) in &r.forms {
            if plan.forms.iter().any(|f| &f.code == form) {
                *below.sessions_by_form.entry(form.clone()).or_default() += n;
            }
        }
        below.per_unit.insert(code, r.reporting);
    }
    o.per_unit = per_unit;
    o.below = Some(Box::new(below));
}

/// Each file's figures as read and as counted, with why they differ.
fn tallies(o: &Outcome, records: &[Option<Record>], plan: &Plan) -> Vec<crate::model::Tally> {
    records
        .iter()
        .enumerate()
        .map(|(i, record)| {
            let Some(r) = record else {
                return crate::model::Tally {
                    why: o.verdicts[i].reason().unwrap_or_default().to_string(),
                    ..Default::default()
                };
            };
            let known_topic = |code: &str| plan.topics.iter().any(|c| c.code == code);
            let known_activity =
                |code: &str| plan.activities.iter().any(|a| a.category.code == code);
            let sum = |all: bool| {
                let topics = r.topics.iter().filter(|(c, _)| all || known_topic(c));
                let (mut s, mut a) = (0, 0);
                for (_, p) in topics {
                    (s, a) = (s + p.sessions, a + p.attendance);
                }
                let value = (r.activities.iter())
                    .filter(|(c, _)| all || known_activity(c))
                    .map(|(_, x)| x.value)
                    .sum();
                [s, a, value]
            };
            let read = sum(true);
            let (counted, why) = match o.verdicts[i].reason() {
                Some(why) => ([0; 3], why.to_string()),
                None => {
                    let counted = sum(false);
                    let why = if counted == read {
                        String::new()
                    } else {
                        "mã danh mục không có trong kế hoạch (xem trang \"Lỗi - cảnh báo\")"
                            .to_string()
                    };
                    (counted, why)
                }
            };
            crate::model::Tally { read, counted, why }
        })
        .collect()
}
