//! What the clerk sets on the page instead of the command line (docs/trang-lam-viec.md): the roster
//! (uploaded, kept in the output folder, used from then on), the as-of date, a file's date
//! received (written to the receipt log of docs/doc-tep.md), and undoing a wrong upload (the
//! file moved to `da-xoa/`, never deleted).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde_json::json;

use super::http::{Request, Response};
use super::{store, App};
use crate::arrival::RECEIPT_HEADERS;
use crate::parse::date::fmt_vn;
use crate::parse::text::fold;
use crate::read::formats::TABLE_EXTS;
use crate::roster::Roster;

/// The roster uploaded on the page, in the output folder: `danh-sach-don-vi.<ext>`.
const KEPT_ROSTER: &str = "danh-sach-don-vi";
/// The receipt log the page writes when none was given (`--received`).
pub const RECEIPT_LOG: &str = "so-nhan-tep.csv";
/// Where removed returns go, in the output folder (never read as returns).
pub const REMOVED: &str = "da-xoa";

/// What a file name the page shows stands for in the returns folder.
enum Shown {
    /// A file of its own.
    File(PathBuf),
    /// A member of an archive there (`X.zip › Y.xlsx`): the archive, and its name as shown.
    Member {
        archive: PathBuf,
        archive_name: String,
    },
}

/// Category codes with figures in the earlier đợt that `plan` no longer lists.
fn dropped_codes(plan: &crate::plan::Plan, e: &crate::compare::Earlier) -> Vec<String> {
    let listed = |code: &str| {
        [&plan.topics, &plan.audiences]
            .iter()
            .any(|l| l.iter().any(|c| c.code == code))
            || plan.activities.iter().any(|a| a.category.code == code)
    };
    [&e.topics, &e.audiences, &e.activities]
        .iter()
        .flat_map(|m| m.iter())
        .filter(|(code, v)| v.iter().any(|x| *x != 0) && !listed(code))
        .map(|(code, _)| code.clone())
        .collect()
}

/// The plan uploaded on the page, in the output folder (used again at the next start).
pub const KEPT_PLAN: &str = "ke-hoach.xlsx";

/// The plan kept by an earlier upload on the page, if any.
pub fn kept_plan(out: &Path) -> Option<PathBuf> {
    Some(out.join(KEPT_PLAN)).filter(|p| p.is_file())
}

/// The as-of day set on the page, kept in the output folder so a restart keeps it (as it
/// keeps the roster): one line, dd/mm/yyyy.
const KEPT_AS_OF: &str = "ngay-tinh-so-lieu.txt";

/// The as-of day set on the page before a restart, if one was kept and reads as a day.
pub fn kept_as_of(out: &Path) -> Option<NaiveDate> {
    let text = std::fs::read_to_string(out.join(KEPT_AS_OF)).ok()?;
    crate::clock::parse_day(text.trim()).ok()
}

/// The roster kept by an earlier upload on the page, if any.
pub fn kept_roster(out: &Path) -> Option<PathBuf> {
    TABLE_EXTS
        .iter()
        .map(|ext| out.join(format!("{KEPT_ROSTER}.{ext}")))
        .find(|p| p.is_file())
}

fn io_vn(e: &std::io::Error) -> String {
    crate::messages::io_error_vn(e)
}

impl App {
    /// `POST /api/roster?name=…`: a roster file; used from now on when it loads.
    pub(super) fn set_roster(&self, r: &Request) -> Response {
        let Some(raw) = r.param("name").filter(|n| !n.is_empty()) else {
            return Response::text(400, "Thiếu tên tệp danh sách.");
        };
        let ext = store::extension(&store::sanitize(raw));
        if !TABLE_EXTS.contains(&ext.as_str()) {
            return Response::text(
                415,
                &format!("Tệp \"{raw}\" không phải danh sách đơn vị: cần tệp .xlsx, .xls, .ods hoặc .csv."),
            );
        }
        if let Err(e) = std::fs::create_dir_all(self.out()) {
            return Response::text(
                500,
                &format!("Không tạo được thư mục kết quả: {}.", io_vn(&e)),
            );
        }
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        // Loaded from a trial copy first: a roster that does not load changes nothing.
        let trial = self.out().join(format!(".{KEPT_ROSTER}-thu.{ext}"));
        if let Err(e) = std::fs::write(&trial, &r.body) {
            return Response::text(
                500,
                &format!("Không lưu được tệp \"{raw}\": {}.", io_vn(&e)),
            );
        }
        let loaded = Roster::load(&trial);
        let mut roster = match loaded {
            Ok(roster) => roster,
            Err(e) => {
                let _ = std::fs::remove_file(&trial);
                return Response::text(
                    422,
                    &format!(
                        "Danh sách \"{raw}\" chưa dùng được: {}. Danh sách đang dùng vẫn giữ nguyên.",
                        e.message.trim_end_matches('.')
                    ),
                );
            }
        };
        let kept = self.out().join(format!("{KEPT_ROSTER}.{ext}"));
        for old in TABLE_EXTS {
            let _ = std::fs::remove_file(self.out().join(format!("{KEPT_ROSTER}.{old}")));
        }
        if let Err(e) = std::fs::rename(&trial, &kept) {
            let _ = std::fs::remove_file(&trial);
            return Response::text(500, &format!("Không lưu được danh sách: {}.", io_vn(&e)));
        }
        // Named after the kept copy, as a roster loaded from it at the next start is.
        roster.source = kept.display().to_string();
        let units = roster.units.len();
        let district = self.plan().district_unit.clone();
        let missing_district = roster.exact_name(&district).is_none();
        *self.roster.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(roster);
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        println!(
            "[{}] Dùng danh sách đơn vị mới \"{raw}\" ({units} đơn vị).",
            crate::clock::now().format("%H:%M:%S")
        );
        let note = if missing_district {
            format!(
                " Danh sách không có \"{district}\": hoạt động do huyện thực hiện chỉ được tính khi huyện cũng gửi báo cáo như một đơn vị."
            )
        } else {
            String::new()
        };
        Response::json(&json!({
            "message": format!("Đã dùng danh sách \"{raw}\": {units} đơn vị.{note}"),
        }))
    }

    /// `GET /download/plan`: the plan in use as the workbook the office edits.
    pub(super) fn download_plan(&self) -> Response {
        let plan = self.plan();
        match crate::plan_file::write(&plan, &[]) {
            Ok(bytes) => App::attachment(&crate::plan_file::file_name(&plan), super::XLSX, bytes),
            Err(e) => Response::text(500, &format!("Không lập được tệp kế hoạch: {e}.")),
        }
    }

    /// `POST /api/plan?name=…`: an edited plan workbook, checked cell by cell first: with any
    /// problem nothing changes and every problem is answered with its cell; otherwise it is
    /// kept (`output/ke-hoach.xlsx`, used again at the next start) and used from now on.
    pub(super) fn set_plan(&self, r: &Request) -> Response {
        let Some(raw) = r.param("name").filter(|n| !n.is_empty()) else {
            return Response::text(400, "Thiếu tên tệp kế hoạch.");
        };
        let ext = store::extension(&store::sanitize(raw));
        if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods") {
            return Response::text(
                415,
                &format!("Tệp \"{raw}\" không phải tệp kế hoạch: cần tệp Excel (.xlsx) do danvan xuất, đã sửa."),
            );
        }
        if let Err(e) = std::fs::create_dir_all(self.out()) {
            return Response::text(
                500,
                &format!("Không tạo được thư mục kết quả: {}.", io_vn(&e)),
            );
        }
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        let trial = self.out().join(format!(".ke-hoach-thu.{ext}"));
        if let Err(e) = std::fs::write(&trial, &r.body) {
            return Response::text(
                500,
                &format!("Không lưu được tệp \"{raw}\": {}.", io_vn(&e)),
            );
        }
        let mut plan = match crate::plan::Plan::load(&trial) {
            Ok(plan) => plan,
            Err(e) => {
                let _ = std::fs::remove_file(&trial);
                return Response::text(
                    422,
                    &format!(
                        "Kế hoạch \"{raw}\" chưa dùng được, kế hoạch đang dùng vẫn giữ nguyên. {}",
                        e.message
                    ),
                );
            }
        };
        let kept = self.out().join(KEPT_PLAN);
        if ext != "xlsx" {
            // Kept as the workbook danvan reads at the next start.
            match crate::plan_file::write(&plan, &[]) {
                Ok(bytes) => {
                    let _ = std::fs::remove_file(&trial);
                    if let Err(e) = crate::output::write_atomic(&kept, &bytes) {
                        return Response::text(500, &format!("Không lưu được kế hoạch: {e}."));
                    }
                }
                Err(e) => return Response::text(500, &format!("Không lưu được kế hoạch: {e}.")),
            }
        } else if let Err(e) = std::fs::rename(&trial, &kept) {
            let _ = std::fs::remove_file(&trial);
            return Response::text(500, &format!("Không lưu được kế hoạch: {}.", io_vn(&e)));
        }
        plan.source = kept.display().to_string();
        let mut said = format!(
            "Đã dùng kế hoạch {} ({}): thời gian đợt {} – {}, hạn nộp trước {}.",
            plan.code,
            plan.period,
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end),
            fmt_vn(plan.deadline_before)
        );
        // Codes the last đợt's returns used that this plan dropped: said, not refused.
        if let Some(e) = self.earlier() {
            let dropped = dropped_codes(&plan, &e);
            if !dropped.is_empty() {
                said.push_str(&format!(
                    " Lưu ý: {} có số liệu ở {} nhưng không còn trong kế hoạch này: báo cáo đợt này ghi các mã đó sẽ không được tính.",
                    dropped.join(", "),
                    e.label
                ));
            }
        }
        *self.plan.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(plan);
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        println!("[{}] {said}", crate::clock::now().format("%H:%M:%S"));
        Response::json(&json!({ "message": said }))
    }

    /// `POST /api/as-of?date=dd/mm/yyyy`: the day figures are counted up to; empty: today.
    pub(super) fn set_as_of(&self, r: &Request) -> Response {
        let text = r.param("date").unwrap_or("").trim();
        let today = crate::clock::today();
        let date = if text.is_empty() {
            None
        } else {
            match crate::clock::parse_day(text) {
                Ok(d) => Some(d),
                Err(message) => return Response::text(400, &message),
            }
        };
        // Kept for the next start; a day put back to "today" is forgotten.
        let kept = self.out().join(KEPT_AS_OF);
        let saved = match date {
            Some(d) => crate::output::write_atomic(&kept, format!("{}\n", fmt_vn(d)).as_bytes())
                .map_err(|e| e.message),
            None => match std::fs::remove_file(&kept) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_vn(&e)),
                _ => Ok(()),
            },
        };
        if let Err(e) = saved {
            return Response::text(500, &format!("Không lưu được ngày tính số liệu: {e}"));
        }
        *self.as_of_set.lock().unwrap_or_else(|e| e.into_inner()) = date;
        let message = match date {
            Some(d) => format!("Số liệu tính đến ngày {}.", fmt_vn(d)),
            None => format!("Số liệu tính đến hôm nay ({}).", fmt_vn(today)),
        };
        Response::json(&json!({ "message": message }))
    }

    /// The receipt log the page reads and writes: `--received` or `so-nhan-tep.csv` in the
    /// output folder.
    pub(super) fn receipt_log(&self) -> PathBuf {
        self.args
            .received
            .clone()
            .unwrap_or_else(|| self.out().join(RECEIPT_LOG))
    }

    /// What the page's `name` stands for in the returns folder (never a path outside it): a
    /// file there, or a member of an archive there as the last consolidation listed it. A
    /// file named like a member (uploads cannot be: `›` is replaced) is the file itself.
    fn shown_file(&self, name: &str) -> Option<Shown> {
        let (found, _) = self.files();
        let dir = self.dir();
        let mut archives = Vec::new();
        for f in found.into_iter().filter(|f| f.path.starts_with(&dir)) {
            if f.display == name {
                return Some(Shown::File(f.path));
            }
            if f.archive && name.starts_with(&format!("{} › ", f.display)) {
                archives.push(f);
            }
        }
        let listed = (self
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_ref())
        .is_none_or(|s| s.outcome.submissions.iter().any(|s| s.file == name));
        // The longest archive name that leads the member's (`a.zip` beside `a.zip › b.zip`).
        archives
            .into_iter()
            .filter(|_| listed)
            .max_by_key(|f| f.display.len())
            .map(|f| Shown::Member {
                archive: f.path,
                archive_name: f.display,
            })
    }

    /// `POST /api/received?file=…&date=dd/mm/yyyy`: the day a file was received (by hand, on
    /// USB), written to the receipt log; it dates the file first.
    /// `POST /api/received?unit=CODE&date=…`: a unit's return received on paper that day,
    /// written to the log as a row with the unit and no file (docs/trang-thai.md).
    pub(super) fn set_received(&self, r: &Request) -> Response {
        let (target, Some(text)) = (r.param("file").or(r.param("unit")), r.param("date")) else {
            return Response::text(400, "Thiếu tên tệp (hoặc đơn vị) hoặc ngày nhận.");
        };
        let Some(target) = target.filter(|t| !t.trim().is_empty()) else {
            return Response::text(400, "Thiếu tên tệp (hoặc đơn vị) hoặc ngày nhận.");
        };
        let today = crate::clock::today();
        let Ok(date) = crate::clock::parse_day(text) else {
            return Response::text(
                400,
                &format!("\"{text}\" không phải ngày: ghi theo dạng ngày/tháng/năm."),
            );
        };
        if date > today {
            return Response::text(
                400,
                &format!("Ngày nhận {} chưa tới: ghi ngày đã nhận.", fmt_vn(date)),
            );
        }
        // A day the summary would not use is refused now, not taken and then listed as a
        // receipt that does not count.
        let (plan, as_of) = (self.plan(), self.as_of());
        if !plan.plausible_report_day(date) {
            return Response::text(
                400,
                &format!(
                    "Ngày nhận {} không hợp lý cho {} ({} – {}, hạn nộp trước {}): kiểm tra lại năm và tháng.",
                    fmt_vn(date),
                    plan.period,
                    fmt_vn(plan.window_start),
                    fmt_vn(plan.window_end),
                    fmt_vn(plan.deadline_before)
                ),
            );
        }
        if date > as_of {
            return Response::text(
                400,
                &format!(
                    "Ngày nhận {} sau ngày tính số liệu {}: tệp sẽ không được tính. Ghi đúng ngày đã nhận, hoặc đổi ngày tính số liệu trước.",
                    fmt_vn(date),
                    fmt_vn(as_of)
                ),
            );
        }
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        // The log's row and what the clerk is told.
        let (row, done) = if r.param("file").is_some() {
            if self.shown_file(target).is_none() {
                return Response::text(
                    404,
                    &format!("Không có tệp \"{target}\" trong thư mục báo cáo."),
                );
            }
            (
                [target.to_string(), fmt_vn(date), String::new()],
                format!("tệp \"{target}\" nhận ngày {}", fmt_vn(date)),
            )
        } else {
            let roster = self.roster();
            let Some(i) = roster.by_code(target) else {
                return Response::text(
                    404,
                    &format!("Không có đơn vị mã \"{target}\" trong danh sách đơn vị."),
                );
            };
            let u = &roster.units[i];
            (
                [String::new(), fmt_vn(date), u.code.clone()],
                format!(
                    "{} ({}) nộp bản giấy ngày {}; số liệu chỉ được tính khi có tệp",
                    u.name,
                    u.code,
                    fmt_vn(date)
                ),
            )
        };
        if let Err(message) = self.append_receipt(&row) {
            return message;
        }
        Response::json(&json!({ "message": format!("Đã ghi vào sổ nhận: {done}.") }))
    }

    /// `POST /api/unreceive?file=…&unit=…`: a day entered by mistake taken back. Drops the
    /// receipt log's rows for the file (named as the log is read) and, with `unit`, the
    /// unit's rows (a return on paper, or the unit named in the file column). The log is
    /// rewritten whole, atomically; every other row stays as it was.
    pub(super) fn unreceive(&self, r: &Request) -> Response {
        let file = r.param("file").map(str::trim).filter(|f| !f.is_empty());
        let unit = r.param("unit").map(str::trim).filter(|u| !u.is_empty());
        if file.is_none() && unit.is_none() {
            return Response::text(400, "Thiếu tên tệp hoặc mã đơn vị.");
        }
        let roster = self.roster();
        let unit_names: Vec<String> = match unit {
            Some(code) => match roster.by_code(code) {
                Some(i) => vec![fold(&roster.units[i].code), fold(&roster.units[i].name)],
                None => vec![fold(code)],
            },
            None => Vec::new(),
        };
        let log = self.receipt_log();
        if !log
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        {
            return Response::text(
                409,
                &format!(
                    "Sổ nhận \"{}\" là tệp Excel: hãy xóa dòng đó trong tệp.",
                    log.display()
                ),
            );
        }
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        let text = match std::fs::read_to_string(&log) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Response::text(404, "Sổ nhận chưa có dòng nào.")
            }
            Err(e) => {
                return Response::text(500, &format!("Không đọc được sổ nhận: {}.", io_vn(&e)))
            }
        };
        let mut rows = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let records: Vec<csv::StringRecord> = rows.records().filter_map(Result::ok).collect();
        let Some(header) = records.first() else {
            return Response::text(404, "Sổ nhận chưa có dòng nào.");
        };
        let col = |name: &str| {
            (header.iter()).position(|h| fold(h.trim_start_matches('\u{feff}')) == fold(name))
        };
        let (Some(fc), uc) = (col(RECEIPT_HEADERS[0]), col(RECEIPT_HEADERS[2])) else {
            return Response::text(
                409,
                &format!(
                    "Sổ nhận \"{}\" không có cột \"{}\" ở dòng đầu: hãy sửa trong tệp đó.",
                    log.display(),
                    RECEIPT_HEADERS[0]
                ),
            );
        };
        let names_unit = |text: &str| !text.is_empty() && unit_names.contains(&fold(text));
        let dropped = |rec: &csv::StringRecord| {
            let logged = rec.get(fc).unwrap_or_default().trim();
            let by_unit = uc.and_then(|c| rec.get(c)).unwrap_or_default().trim();
            file.is_some_and(|f| !logged.is_empty() && crate::arrival::same_file(logged, f))
                || (logged.is_empty() && names_unit(by_unit))
                || names_unit(logged)
        };
        let kept: Vec<&csv::StringRecord> = std::iter::once(header)
            .chain(records[1..].iter().filter(|rec| !dropped(rec)))
            .collect();
        let gone = records.len() - kept.len();
        let what = match (file, unit) {
            (Some(f), _) => format!("tệp \"{f}\""),
            (None, Some(u)) => format!("đơn vị {u}"),
            (None, None) => unreachable!("refused above"),
        };
        if gone == 0 {
            return Response::text(404, &format!("Sổ nhận không có dòng nào của {what}."));
        }
        let mut w = csv::WriterBuilder::new()
            .flexible(true)
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        for rec in kept {
            let _ = w.write_record(rec);
        }
        let bytes = w.into_inner().unwrap_or_default();
        if let Err(e) = crate::output::write_atomic(&log, &bytes) {
            return Response::text(500, &format!("Không ghi được sổ nhận: {}", e.message));
        }
        Response::json(&json!({
            "message": format!("Đã bỏ {gone} dòng của {what} trong sổ nhận."),
        }))
    }

    /// Adds one row to the receipt log (a CSV the page keeps), with the unit column added to
    /// a log written before paper returns had one.
    fn append_receipt(&self, row: &[String; 3]) -> Result<(), Response> {
        let log = self.receipt_log();
        let is_csv = log
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if !is_csv {
            return Err(Response::text(
                409,
                &format!(
                    "Sổ nhận \"{}\" là tệp Excel: hãy ghi ngày nhận trong tệp đó.",
                    log.display()
                ),
            ));
        }
        let header = crate::arrival::RECEIPT_HEADERS.join(",");
        let mut text = match std::fs::read_to_string(&log) {
            Ok(t) if !t.trim().is_empty() => t,
            Ok(_) => format!("{header}\n"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => format!("{header}\n"),
            Err(e) => {
                return Err(Response::text(
                    500,
                    &format!("Không đọc được sổ nhận: {}.", io_vn(&e)),
                ))
            }
        };
        let unit_header = crate::parse::text::fold(crate::arrival::RECEIPT_HEADERS[2]);
        let first = text.lines().next().unwrap_or_default();
        if !crate::parse::text::fold(first).contains(&unit_header) {
            let rest = text.get(first.len()..).unwrap_or_default().to_string();
            text = format!("{first},{}{rest}", crate::arrival::RECEIPT_HEADERS[2]);
        }
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        let _ = w.write_record(row);
        text.push_str(&String::from_utf8_lossy(
            &w.into_inner().unwrap_or_default(),
        ));
        crate::output::write_atomic(&log, text.as_bytes())
            .map_err(|e| Response::text(500, &format!("Không ghi được sổ nhận: {}", e.message)))
    }

    /// `POST /api/remove?file=…`: a wrong upload moved to `da-xoa/` in the output folder
    /// (never deleted; copied back by hand to undo).
    /// The files taken out on the page, in `da-xoa/` of the output folder, by name.
    pub(super) fn removed_files(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(self.out().join(REMOVED))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    /// `POST /api/restore?file=…`: a file taken out by mistake put back into the returns
    /// folder from `da-xoa/`, with its modified time (it may date the return), never over
    /// another file.
    pub(super) fn restore(&self, r: &Request) -> Response {
        let Some(file) = r.param("file") else {
            return Response::text(400, "Thiếu tên tệp.");
        };
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        // Only a name listed in da-xoa: never a path leading elsewhere.
        if !self.removed_files().iter().any(|n| n == file) {
            return Response::text(
                404,
                &format!("Không có tệp \"{file}\" trong thư mục {REMOVED}."),
            );
        }
        let from = self.out().join(REMOVED).join(file);
        let read = std::fs::read(&from).and_then(|bytes| {
            let modified = std::fs::metadata(&from).and_then(|m| m.modified()).ok();
            store::store(&self.dir(), file, &bytes, modified)
        });
        let back = match read {
            Ok(path) => path,
            Err(e) => {
                return Response::text(500, &format!("Không đưa được tệp trở lại: {}.", io_vn(&e)))
            }
        };
        let _ = std::fs::remove_file(&from);
        let stored = back
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let renamed = if stored == file {
            String::new()
        } else {
            format!(" với tên \"{stored}\" (tên cũ đã có tệp khác)")
        };
        println!(
            "[{}] Đã đưa tệp \"{file}\" trở lại thư mục báo cáo{renamed}.",
            crate::clock::now().format("%H:%M:%S")
        );
        Response::json(&json!({
            "message": format!("Đã đưa tệp \"{file}\" trở lại thư mục báo cáo{renamed}."),
            "stored": stored,
        }))
    }

    pub(super) fn remove(&self, r: &Request) -> Response {
        let Some(file) = r.param("file") else {
            return Response::text(400, "Thiếu tên tệp.");
        };
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        // A member of an archive leaves with its archive: the page's button says so.
        let (path, what) = match self.shown_file(file) {
            Some(Shown::File(path)) => (path, format!("tệp \"{file}\"")),
            Some(Shown::Member {
                archive,
                archive_name,
            }) => (
                archive,
                format!("tệp nén \"{archive_name}\" (có tệp \"{file}\" và mọi tệp khác trong đó)"),
            ),
            None => {
                return Response::text(
                    404,
                    &format!("Không có tệp \"{file}\" trong thư mục báo cáo."),
                )
            }
        };
        let bin = self.out().join(REMOVED);
        if let Err(e) = std::fs::create_dir_all(&bin) {
            return Response::text(
                500,
                &format!("Không tạo được thư mục {REMOVED}: {}.", io_vn(&e)),
            );
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let (stem, ext) = match name.rsplit_once('.') {
            Some((s, e)) => (s.to_string(), format!(".{e}")),
            None => (name.clone(), String::new()),
        };
        let target = (1..1000)
            .map(|i| {
                if i == 1 {
                    bin.join(&name)
                } else {
                    bin.join(format!("{stem} ({i}){ext}"))
                }
            })
            .find(|p| !p.exists());
        let Some(target) = target else {
            return Response::text(409, "Thư mục da-xoa đã quá đầy.");
        };
        let moved = std::fs::rename(&path, &target)
            .or_else(|_| std::fs::copy(&path, &target).and_then(|_| std::fs::remove_file(&path)));
        if let Err(e) = moved {
            return Response::text(500, &format!("Không chuyển được tệp: {}.", io_vn(&e)));
        }
        println!(
            "[{}] Đã gỡ {what} (chuyển sang {}).",
            crate::clock::now().format("%H:%M:%S"),
            target.display()
        );
        Response::json(&json!({
            "message": format!(
                "Đã gỡ {what}: chuyển sang thư mục {REMOVED} trong thư mục kết quả (không xóa; đưa trở lại được ở mục \"Tệp đã gỡ\" trên trang)."
            ),
        }))
    }

    /// `GET /download/feedback?unit=CODE`: one unit's feedback file.
    pub(super) fn unit_feedback(&self, r: &Request) -> Response {
        let Some(code) = r.param("unit") else {
            return Response::text(400, "Thiếu mã đơn vị.");
        };
        let outcome = match self.refresh() {
            Ok((o, _)) => o,
            Err(e) => return Response::text(409, &format!("Chưa tổng hợp được: {e}")),
        };
        let Some((code, name, issues)) = crate::feedback::units_to_write_to(&outcome)
            .into_iter()
            .find(|(c, _, _)| c == code)
        else {
            return Response::text(
                404,
                &format!("Đơn vị {code} không có lỗi cần sửa: không có tệp phản hồi."),
            );
        };
        match crate::feedback::workbook(&code, &name, &issues, &self.plan(), outcome.as_of) {
            Ok(bytes) => App::attachment(
                &crate::output::feedback_name(&code, &name),
                super::XLSX,
                bytes,
            ),
            Err(e) => Response::text(500, &format!("Không lập được tệp phản hồi: {e}")),
        }
    }

    /// The as-of date set on the page, else `--as-of`, else today.
    pub(super) fn chosen_as_of(&self) -> Option<NaiveDate> {
        *self.as_of_set.lock().unwrap_or_else(|e| e.into_inner())
    }
}
