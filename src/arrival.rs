//! When a return arrived and whether it was on time (docs/trang-thai.md): receipt log, `Ngày báo cáo`,
//! the workbook's last-saved time, the file's modified time, in that order.

use std::collections::HashMap;
use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::issue::Issue;
use crate::parse::date::{self};
use crate::parse::text::fold;
use crate::plan::Plan;
use crate::read::formats::load_table;
use crate::read::{Pos, Raw};
use crate::submission::Submission;

/// Where a submission date comes from, in the order they are trusted (docs/trang-thai.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum DateSource {
    Receipt,
    ReportDate,
    /// The workbook's own last-saved time (document properties written by Excel,
    /// LibreOffice or WPS).
    Saved,
    FileModified,
}

impl DateSource {
    pub const ALL: [DateSource; 4] = [
        DateSource::Receipt,
        DateSource::ReportDate,
        DateSource::Saved,
        DateSource::FileModified,
    ];

    pub fn vn(self) -> &'static str {
        match self {
            DateSource::Receipt => "Sổ nhận tệp",
            DateSource::ReportDate => "Ngày báo cáo",
            DateSource::Saved => "Thời điểm lưu tệp",
            DateSource::FileModified => "Ngày sửa tệp trên máy",
        }
    }

    /// The key in the JSON summary.
    pub fn key(self) -> &'static str {
        match self {
            DateSource::Receipt => "receipt_log",
            DateSource::ReportDate => "report_date",
            DateSource::Saved => "saved_time",
            DateSource::FileModified => "file_modified",
        }
    }
}

/// The receipt log of `--received FILE`: file name → date received; and returns received
/// on paper, by unit (a row with the unit and no file name).
#[derive(Debug, Default, Clone)]
pub struct Receipts {
    /// Days by file, as the log names them (compared by [`file_key`]); the earliest day
    /// of a file named twice.
    by_file: HashMap<String, NaiveDate>,
    /// The rows that name a file, for matching them to the files read ([`Receipts::resolve`]).
    lines: Vec<FileLine>,
    /// Days by roster unit, from rows that name a unit where a file was expected.
    by_unit: HashMap<usize, NaiveDate>,
    /// Returns received on paper, in log order; matched to roster units at consolidation.
    pub paper: Vec<PaperReceipt>,
    /// Rows of the log that could not be used (the run goes on without them).
    pub issues: Vec<Issue>,
}

/// A row of the receipt log that names a file (or, as staff type them, a unit).
#[derive(Debug, Clone, PartialEq)]
struct FileLine {
    name: String,
    date: NaiveDate,
    log: String,
    sheet: Option<String>,
    at: Pos,
}

/// A row of the receipt log naming a unit and no file: its return came on paper that day.
#[derive(Debug, Clone, PartialEq)]
pub struct PaperReceipt {
    /// The unit as the log names it (a code or a roster name).
    pub unit: String,
    pub date: NaiveDate,
    /// Where the row stands, for a message when the unit is not in the roster.
    pub log: String,
    /// The sheet (none in a CSV log).
    pub sheet: Option<String>,
    pub at: Pos,
}

#[derive(Debug, thiserror::Error)]
#[error("Sổ nhận tệp {path}: {message}")]
pub struct ReceiptsError {
    pub path: String,
    pub message: String,
}

impl PaperReceipt {
    /// `issue`, pointing at this row's unit cell.
    pub fn pointed(&self, mut issue: Issue) -> Issue {
        (issue.sheet, issue.cell) = (self.sheet.clone(), Some(self.at));
        issue
    }
}

/// The receipt log's columns: the file, the day, and (for a return on paper) the unit.
pub const RECEIPT_HEADERS: [&str; 3] = ["Tên tệp", "Ngày nhận", "Đơn vị"];

/// How a file is named in the log and in the folder, compared: its own name (a member of
/// an archive by its name in the archive), without the extension Explorer hides, folded
/// (case, diacritics, spaces and punctuation aside).
fn file_key(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let base = base.rsplit(" › ").next().unwrap_or(base).trim();
    let stem = match base.rsplit_once('.') {
        Some((stem, ext)) if is_known_extension(ext) => stem,
        _ => base,
    };
    fold(stem)
}

/// The log's `logged` names the file `file`, as the log is read (extension, case and
/// diacritics aside).
pub fn same_file(logged: &str, file: &str) -> bool {
    file_key(logged) == file_key(file)
}

fn is_known_extension(ext: &str) -> bool {
    let ext = ext.to_ascii_lowercase();
    crate::read::formats::RETURN_EXTS.contains(&ext.as_str())
        || matches!(
            ext.as_str(),
            "zip" | "doc" | "docx" | "pdf" | "jpg" | "jpeg" | "png"
        )
}

impl Receipts {
    pub fn load(path: &Path, plan: &Plan) -> Result<Receipts, ReceiptsError> {
        let err = |message: String| ReceiptsError {
            path: path.display().to_string(),
            message,
        };
        let table = load_table(path, &RECEIPT_HEADERS, |h| h.cols[1].is_some()).map_err(err)?;
        let (grid, is_csv) = (table.grid, table.is_text);
        let h = table.header.ok_or_else(|| {
            err(format!(
                "cần cột \"{}\" và cột \"{}\" (tệp nhận được) hoặc \"{}\" (báo cáo bản giấy).",
                RECEIPT_HEADERS[1], RECEIPT_HEADERS[0], RECEIPT_HEADERS[2]
            ))
        })?;
        let (fc, dc, uc) = (h.cols[0], h.cols[1].unwrap_or(1), h.cols[2]);
        let text_at = |row: u32, col: Option<u32>| {
            col.map(|c| grid.get(Pos::new(row, c)).display().trim().to_string())
                .unwrap_or_default()
        };
        // A CSV has no sheets: its issues point at the cell alone.
        let sheet = (!is_csv).then(|| grid.name.clone());
        let mut by_file: HashMap<String, NaiveDate> = HashMap::new();
        let mut lines = Vec::new();
        let mut paper = Vec::new();
        let mut issues = Vec::new();
        let log = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        for (row, _) in grid.rows().filter(|(r, _)| *r > h.row) {
            let (name, unit) = (text_at(row, fc), text_at(row, uc));
            if name.is_empty() && unit.is_empty() {
                continue;
            }
            let at = Pos::new(row, dc);
            let found = grid.get(at).display();
            let d = match grid.get(at) {
                Raw::Date(d) => Some(*d),
                Raw::Number(n) => date::from_number(*n),
                Raw::Text(t) => date::parse_text(t, plan.near()).ok(),
                _ => None,
            };
            // A bad row costs that file its receipt date, never the run.
            let problem = match d {
                Some(d) if plan.plausible_report_day(d) => {
                    if name.is_empty() {
                        paper.push(PaperReceipt {
                            unit,
                            date: d,
                            log: log.clone(),
                            sheet: sheet.clone(),
                            at: Pos::new(row, uc.unwrap_or(0)),
                        });
                    } else {
                        let day = by_file.entry(file_key(&name)).or_insert(d);
                        *day = (*day).min(d);
                        lines.push(FileLine {
                            name,
                            date: d,
                            log: log.clone(),
                            sheet: sheet.clone(),
                            at: Pos::new(row, fc.unwrap_or(0)),
                        });
                    }
                    continue;
                }
                Some(d) => crate::messages::receipt_day_implausible(d),
                None => crate::messages::receipt_day_unreadable(&found),
            };
            let mut issue = crate::messages::receipt_date_unusable(
                &log,
                crate::pos::line(row),
                &problem,
                &name,
                &unit,
                found,
            );
            (issue.sheet, issue.cell) = (sheet.clone(), Some(at));
            issues.push(issue);
        }
        Ok(Receipts {
            by_file,
            lines,
            by_unit: HashMap::new(),
            paper,
            issues,
        })
    }

    /// The day the log gives a file by its name.
    pub fn get(&self, file: &str) -> Option<NaiveDate> {
        self.by_file.get(&file_key(file)).copied()
    }

    /// The day the log gives `sub`: by its file's name, or by its unit when a row names
    /// the unit where a file was expected (the earlier, when both).
    pub fn day_of(&self, sub: &Submission) -> Option<NaiveDate> {
        let by_unit = match &sub.unit {
            Some(crate::submission::UnitId::Roster(i)) => self.by_unit.get(i).copied(),
            _ => None,
        };
        match (self.get(&sub.file), by_unit) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Matches every row that names a file to the files read: a row whose name is no file
    /// but a roster unit's code or name dates that unit's files; a row matching neither, or
    /// a unit without a file, is a warning pointing at the row. Nothing is ignored silently.
    pub fn resolved(&self, subs: &[Submission], roster: &crate::roster::Roster) -> Receipts {
        let mut r = self.clone();
        r.resolve(subs, roster);
        r
    }

    fn resolve(&mut self, subs: &[Submission], roster: &crate::roster::Roster) {
        let keys: std::collections::HashSet<String> =
            subs.iter().map(|s| file_key(&s.file)).collect();
        let unit_files: std::collections::HashSet<usize> = subs
            .iter()
            .filter_map(|s| match &s.unit {
                Some(crate::submission::UnitId::Roster(i)) => Some(*i),
                _ => None,
            })
            .collect();
        for l in &self.lines {
            let key = file_key(&l.name);
            if keys.contains(&key) {
                continue;
            }
            let row = crate::pos::line(l.at.row);
            let unit = roster
                .by_code(&l.name)
                .or_else(|| roster.exact_name(&l.name));
            let mut issue = match unit {
                Some(i) if unit_files.contains(&i) => {
                    let day = self.by_unit.entry(i).or_insert(l.date);
                    *day = (*day).min(l.date);
                    continue;
                }
                Some(i) => {
                    let u = &roster.units[i];
                    crate::messages::receipt_unit_without_file(
                        &l.log, row, &l.name, &u.code, &u.name,
                    )
                }
                None => {
                    let nearest = subs
                        .iter()
                        .map(|s| {
                            (
                                strsim::jaro_winkler(&key, &file_key(&s.file)),
                                s.file.as_str(),
                            )
                        })
                        .filter(|(score, _)| *score >= 0.85)
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                        .map(|(_, f)| f);
                    crate::messages::receipt_file_not_found(&l.log, row, &l.name, nearest)
                }
            };
            (issue.sheet, issue.cell) = (l.sheet.clone(), Some(l.at));
            self.issues.push(issue);
        }
    }
}

/// What each source says of when `sub` was submitted, in the order of [`DateSource::ALL`];
/// the receipt log and `Ngày báo cáo` give a day, the other two a full time.
pub fn moments(sub: &Submission, receipts: &Receipts, plan: &Plan) -> [Option<NaiveDateTime>; 4] {
    let day = |d: NaiveDate| d.and_time(NaiveTime::MIN);
    // A saved time before the campaign began is the blank template's own (a program that
    // does not update the properties), not when the unit saved its results.
    let saved = sub.saved.filter(|t| t.date() >= plan.window_start);
    [
        receipts.day_of(sub).map(day),
        sub.info.report_date.map(day),
        saved,
        sub.modified,
    ]
}

/// The submission date and where it came from: the first source that has one.
pub fn submission_date(
    sub: &Submission,
    receipts: &Receipts,
    plan: &Plan,
) -> Option<(NaiveDate, DateSource)> {
    first_moment(&moments(sub, receipts, plan))
}

/// The day of the first source that has one, and which source that is.
pub fn first_moment(m: &[Option<NaiveDateTime>; 4]) -> Option<(NaiveDate, DateSource)> {
    m.iter()
        .zip(DateSource::ALL)
        .find_map(|(m, src)| m.map(|m| (m.date(), src)))
}

/// Which of two returns of one unit is the later: the first source both have and that
/// tells them apart decides (days for the receipt log and `Ngày báo cáo`, full times for
/// the saved and modified times). `None`: no source tells them apart.
pub fn later(
    a: &[Option<NaiveDateTime>; 4],
    b: &[Option<NaiveDateTime>; 4],
) -> Option<(std::cmp::Ordering, DateSource)> {
    a.iter()
        .zip(b)
        .zip(DateSource::ALL)
        .find_map(|((x, y), src)| match (x, y) {
            (Some(x), Some(y)) if x != y => Some((x.cmp(y), src)),
            _ => None,
        })
}

/// The `late-submission` finding, when the date is past the deadline.
pub fn late_finding(
    sub: &Submission,
    plan: &Plan,
    when: Option<(NaiveDate, DateSource)>,
) -> Option<Issue> {
    let (d, source) = when.filter(|(d, _)| plan.is_late(*d))?;
    let days = (d - plan.last_on_time_day()).num_days();
    Some(crate::messages::late_submission(
        &sub.file,
        d,
        source.vn(),
        days,
        plan.deadline_before,
    ))
}
