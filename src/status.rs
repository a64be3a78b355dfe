//! When a return arrived and whether it was on time (CONTRACT §6): receipt log, `Ngày báo cáo`,
//! the file's modified time, in that order.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

use crate::issue::{Code, Issue};
use crate::parse::date::{self, fmt_vn};
use crate::parse::text::fold;
use crate::plan::Plan;
use crate::read::table::{find_header, grid_from_csv};
use crate::read::{open_path, Limits, Pos, Raw};
use crate::submission::Submission;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateSource {
    Receipt,
    ReportDate,
    FileModified,
}

impl DateSource {
    pub fn vn(self) -> &'static str {
        match self {
            DateSource::Receipt => "Sổ nhận tệp",
            DateSource::ReportDate => "Ngày báo cáo",
            DateSource::FileModified => "Ngày sửa tệp",
        }
    }
}

/// The receipt log of `--received FILE`: file name → date received.
#[derive(Debug, Default, Clone)]
pub struct Receipts {
    by_file: HashMap<String, NaiveDate>,
}

#[derive(Debug, thiserror::Error)]
#[error("Sổ nhận tệp {path}: {message}")]
pub struct ReceiptsError {
    pub path: String,
    pub message: String,
}

const RECEIPT_HEADERS: [&str; 2] = ["Tên tệp", "Ngày nhận"];

fn file_key(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    fold(base)
}

impl Receipts {
    pub fn load(path: &Path, plan: &Plan) -> Result<Receipts, ReceiptsError> {
        let err = |message: String| ReceiptsError {
            path: path.display().to_string(),
            message,
        };
        let is_csv = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let grid = if is_csv {
            let text = std::fs::read_to_string(path)
                .map_err(|e| err(format!("không đọc được tệp ({e}).")))?;
            grid_from_csv(&path.display().to_string(), &text).map_err(err)?
        } else {
            let (mut wb, _) = open_path(path, &Limits::default()).map_err(|r| err(r.message))?;
            let first = wb
                .sheets
                .first()
                .map(|s| s.name.clone())
                .ok_or_else(|| err("tệp không có trang nào.".into()))?;
            wb.grid(&first).map_err(|e| err(format!("{e:?}")))?
        };
        let h = find_header(&grid, &RECEIPT_HEADERS, 2, 20).ok_or_else(|| {
            err(format!(
                "cần hai cột \"{}\" và \"{}\".",
                RECEIPT_HEADERS[0], RECEIPT_HEADERS[1]
            ))
        })?;
        let (fc, dc) = (h.cols[0].unwrap_or(0), h.cols[1].unwrap_or(1));
        let mut by_file = HashMap::new();
        let year: i32 = plan
            .deadline_before
            .format("%Y")
            .to_string()
            .parse()
            .unwrap_or(2025);
        for (row, _) in grid.rows().filter(|(r, _)| *r > h.row) {
            let name = grid.get(Pos::new(row, fc)).display();
            if name.trim().is_empty() {
                continue;
            }
            let d = match grid.get(Pos::new(row, dc)) {
                Raw::Date(d) => Some(*d),
                Raw::Number(n) => date::from_number(*n),
                Raw::Text(t) => date::parse_text(t, year).ok(),
                _ => None,
            }
            .ok_or_else(|| {
                err(format!(
                    "ô {}: ngày nhận \"{}\" không đọc được (cần dd/mm/yyyy).",
                    Pos::new(row, dc).a1(),
                    grid.get(Pos::new(row, dc)).display()
                ))
            })?;
            by_file.insert(file_key(&name), d);
        }
        Ok(Receipts { by_file })
    }

    pub fn get(&self, file: &str) -> Option<NaiveDate> {
        self.by_file.get(&file_key(file)).copied()
    }
}

/// The submission date and where it came from.
pub fn submission_date(sub: &Submission, receipts: &Receipts) -> Option<(NaiveDate, DateSource)> {
    receipts
        .get(&sub.file)
        .map(|d| (d, DateSource::Receipt))
        .or(sub.info.report_date.map(|d| (d, DateSource::ReportDate)))
        .or(sub.modified.map(|d| (d, DateSource::FileModified)))
}

/// Adds `late-submission` when the date is past the deadline.
pub fn flag_late(sub: &mut Submission, plan: &Plan, when: Option<(NaiveDate, DateSource)>) -> bool {
    let Some((d, source)) = when else {
        return false;
    };
    if d < plan.deadline_before {
        return false;
    }
    let days = (d - plan.last_on_time_day()).num_days();
    let i = Issue::new(
        &sub.file,
        Code::LateSubmission,
        format!(
            "Nộp ngày {} (theo {}), trễ {days} ngày so với hạn (trước {}).",
            fmt_vn(d),
            source.vn().to_lowercase(),
            fmt_vn(plan.deadline_before)
        ),
    )
    .found(fmt_vn(d));
    sub.issues.push(i);
    true
}
