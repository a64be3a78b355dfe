//! One returned workbook → its unit, dates, parsed rows with their source cells, and every issue.
//! `check` and `consolidate` both read returns through [`read_return`].

// Field parsers return the finished Issue as their error; it is data, built once per bad cell.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::contract::{self as c, a, p};
use crate::issue::{Code, Issue};
use crate::parse::category::{CategoryMatch, CategoryMatcher};
use crate::parse::number::fmt_vn;
use crate::parse::text::{detect_legacy, fold, normalize_in, Legacy};
use crate::parse::{date, number};
use crate::plan::{CategoryKind, Plan, ValueRule};
use crate::read::table::{find_header, HeaderMap, Labels};
use crate::read::{open_bytes, open_path, Grid, Kind, Limits, Pos, Raw};
use crate::roster::{NameMatch, Roster};

/// A counted propaganda row. Categories are indices into the plan's lists.
#[derive(Debug, Clone, PartialEq)]
pub struct PropagandaRow {
    pub row: u32,
    pub date: NaiveDate,
    pub topic: u16,
    pub audience: u16,
    pub form: Option<u16>,
    pub sessions: i64,
    pub attendance: i64,
    pub speakers: i64,
    pub place: String,
    pub note: String,
}

/// A counted activity row.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivityRow {
    pub row: u32,
    pub date: NaiveDate,
    pub activity: u16,
    pub description: String,
    pub quantity: i64,
    pub participants: i64,
    pub value: i64,
    pub partner: String,
    pub place: String,
    pub note: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Situation {
    pub strikes: Option<i64>,
    pub morale: String,
    pub difficulties: String,
    pub recommendations: String,
}

/// What the `Thông tin đơn vị` sheet says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub commune: String,
    pub reporter: String,
    pub position: String,
    pub phone: String,
    pub report_date: Option<NaiveDate>,
    pub members: Option<i64>,
}

/// Which unit a return belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum UnitId {
    /// Index into the roster.
    Roster(usize),
    /// Identified, but absent from the roster.
    Extra { code: String, name: String },
}

/// Everything read from one file.
#[derive(Debug, Clone)]
pub struct Submission {
    pub path: PathBuf,
    /// The name shown to users (relative to the input folder).
    pub file: String,
    pub kind: Option<Kind>,
    /// False when the file could not be read as a return at all.
    pub readable: bool,
    pub unit: Option<UnitId>,
    pub info: UnitInfo,
    pub modified: Option<NaiveDate>,
    pub meta: HashMap<String, String>,
    pub propaganda: Vec<PropagandaRow>,
    pub activities: Vec<ActivityRow>,
    pub situation: Situation,
    pub issues: Vec<Issue>,
    /// Data rows read in `Tuyên truyền` and `Hoạt động`.
    pub propaganda_read: usize,
    pub activities_read: usize,
    /// Sheet names as found in the file (they may be renamed).
    pub propaganda_sheet: String,
    pub activities_sheet: String,
}

impl Submission {
    fn new(path: &Path, file: &str) -> Submission {
        Submission {
            path: path.to_path_buf(),
            file: file.to_string(),
            kind: None,
            readable: false,
            unit: None,
            info: UnitInfo::default(),
            modified: file_modified(path),
            meta: HashMap::new(),
            propaganda: Vec::new(),
            activities: Vec::new(),
            situation: Situation::default(),
            issues: Vec::new(),
            propaganda_read: 0,
            activities_read: 0,
            propaganda_sheet: c::SHEET_PROPAGANDA.to_string(),
            activities_sheet: c::SHEET_ACTIVITIES.to_string(),
        }
    }

    pub fn rows_read(&self) -> usize {
        self.propaganda_read + self.activities_read
    }

    pub fn rows_counted(&self) -> usize {
        self.propaganda.len() + self.activities.len()
    }

    pub fn has_errors(&self) -> bool {
        self.count(crate::issue::Severity::Error) > 0
    }

    /// How many of this file's issues have `severity`.
    pub fn count(&self, severity: crate::issue::Severity) -> usize {
        self.issues
            .iter()
            .filter(|i| i.severity == severity)
            .count()
    }
}

fn file_modified(path: &Path) -> Option<NaiveDate> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let dt: chrono::DateTime<chrono::Local> = t.into();
    Some(dt.date_naive())
}

/// The plan's category lists, prepared for matching once per run.
pub struct Matchers {
    pub topics: CategoryMatcher,
    pub audiences: CategoryMatcher,
    pub forms: CategoryMatcher,
    pub activities: CategoryMatcher,
}

impl Matchers {
    pub fn new(plan: &Plan) -> Matchers {
        Matchers {
            topics: CategoryMatcher::new(&plan.categories(CategoryKind::Topic)),
            audiences: CategoryMatcher::new(&plan.categories(CategoryKind::Audience)),
            forms: CategoryMatcher::new(&plan.categories(CategoryKind::Form)),
            activities: CategoryMatcher::new(&plan.categories(CategoryKind::Activity)),
        }
    }
}

/// Everything the reader needs besides the file.
pub struct Context<'a> {
    pub plan: &'a Plan,
    pub roster: &'a Roster,
    pub matchers: &'a Matchers,
    pub limits: Limits,
}

/// Reads one returned workbook. Never fails: problems become issues on the submission.
pub fn read_return(path: &Path, display: &str, ctx: &Context<'_>) -> Submission {
    isolated(path, display, || {
        read_opened(open_path(path, &ctx.limits), path, display, ctx)
    })
}

/// Reads a return already in memory (for fuzzing and tests); `display` names it.
pub fn read_return_bytes(bytes: Vec<u8>, display: &str, ctx: &Context<'_>) -> Submission {
    let path = Path::new(display);
    isolated(path, display, || {
        read_opened(open_bytes(bytes, &ctx.limits), path, display, ctx)
    })
}

thread_local! {
    /// Set while a file is being read: a panic there is a bad file, reported as an issue.
    static READING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` so that a panic inside it (a spreadsheet library meeting a malformed
/// file) becomes a `file-unreadable` issue on that file instead of ending the run.
fn isolated(path: &Path, display: &str, read: impl FnOnce() -> Submission) -> Submission {
    READING.with(|r| r.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    READING.with(|r| r.set(false));
    result.unwrap_or_else(|_| {
        let mut sub = Submission::new(path, display);
        sub.issues.push(Issue::new(
            display,
            Code::FileUnreadable,
            "Tệp hỏng đến mức làm lỗi bộ đọc bảng tính; tệp bị bỏ qua, các tệp khác vẫn được xử lý. Hãy mở tệp bằng Excel, lưu lại thành .xlsx rồi gửi lại.",
        ));
        sub
    })
}

/// Keeps panics caught while reading a file out of the terminal (they become issues);
/// any other panic is reported as usual.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !READING.with(|r| r.get()) {
            default(info);
        }
    }));
}

fn read_opened(
    opened: Result<(crate::read::Workbook, Kind), crate::read::Refused>,
    path: &Path,
    display: &str,
    ctx: &Context<'_>,
) -> Submission {
    let mut sub = Submission::new(path, display);
    let (mut wb, kind) = match opened {
        Ok(x) => x,
        Err(r) => {
            sub.issues
                .push(Issue::new(display, r.code, format!("{}.", r.message)));
            return sub;
        }
    };
    sub.kind = Some(kind);
    let mut r = Reader {
        ctx,
        sub,
        legacy: HashMap::new(),
        file_legacy: None,
        code_at: None,
        name_at: None,
    };

    // Locate sheets by folded name; fall back to looking for the headers themselves.
    let sheets = wb.sheets.clone();
    // A summary written by danvan (an earlier run, copied among the returns).
    let has = |name: &str| sheets.iter().any(|s| s.name == name);
    if has(crate::summary::SHEET_SUMMARY) && has(crate::summary::SHEET_RECONCILE) {
        r.sub.issues.push(Issue::new(
            display,
            Code::NotAReturn,
            "Đây là tệp tổng hợp do danvan lập (có trang \"Tổng hợp\" và \"Đối soát\"), không phải báo cáo của một đơn vị; không được tính.",
        ));
        return r.sub;
    }
    let find = |wanted: &str| {
        sheets
            .iter()
            .find(|s| fold(&s.name) == fold(wanted))
            .map(|s| s.name.clone())
    };
    let mut grids: HashMap<&str, Grid> = HashMap::new();
    let mut load = |key: &'static str, name: Option<String>, r: &mut Reader<'_>| {
        if let Some(name) = name {
            match wb.grid(&name) {
                Ok(g) => {
                    grids.insert(key, g);
                }
                Err(e) => {
                    let m = match e {
                        crate::read::OpenError::Encrypted => {
                            "trang được bảo vệ bằng mật khẩu".to_string()
                        }
                        crate::read::OpenError::Unreadable(m) => m,
                    };
                    r.issue(
                        Issue::new(
                            display,
                            Code::FileUnreadable,
                            format!("Không đọc được trang \"{name}\": {m}."),
                        )
                        .at(&name, None),
                    );
                }
            }
        }
    };
    load("meta", find(c::SHEET_META), &mut r);
    load("info", find(c::SHEET_INFO), &mut r);
    load("prop", find(c::SHEET_PROPAGANDA), &mut r);
    load("act", find(c::SHEET_ACTIVITIES), &mut r);
    load("sit", find(c::SHEET_SITUATION), &mut r);
    // Renamed data sheets: find them by their headers.
    for (key, headers) in [
        ("prop", &c::PROPAGANDA_HEADERS),
        ("act", &c::ACTIVITY_HEADERS),
    ] {
        if grids.contains_key(key) {
            continue;
        }
        let taken: HashSet<String> = grids.values().map(|g| g.name.clone()).collect();
        for s in &sheets {
            if taken.contains(&s.name) || fold(&s.name) == fold(c::SHEET_LISTS) {
                continue;
            }
            if let Ok(g) = wb.grid(&s.name) {
                if find_header(&g, headers, 4, 30).is_some() {
                    grids.insert(key, g);
                    break;
                }
            }
        }
    }
    if r.sub.issues.iter().any(|i| i.code == Code::FileUnreadable) {
        return r.sub;
    }
    if !grids.contains_key("prop") && !grids.contains_key("act") && !grids.contains_key("info") {
        let names: Vec<String> = sheets.iter().map(|s| format!("\"{}\"", s.name)).collect();
        r.sub.issues.push(Issue::new(
            display,
            Code::NotAReturn,
            format!(
                "Không tìm thấy trang dữ liệu nào của mẫu báo cáo (\"{}\", \"{}\", \"{}\"); tệp có các trang: {}.",
                c::SHEET_INFO,
                c::SHEET_PROPAGANDA,
                c::SHEET_ACTIVITIES,
                names.join(", ")
            ),
        ));
        return r.sub;
    }
    r.sub.readable = true;
    // Legacy fonts are chosen per file: one surely-TCVN3/VNI cell settles the ambiguous ones.
    r.file_legacy = grids.values().find_map(|g| {
        g.rows().find_map(|(_, cells)| {
            cells.values().find_map(|v| match v {
                Raw::Text(t) => detect_legacy(t),
                _ => None,
            })
        })
    });
    if let Some(g) = grids.get("meta") {
        r.read_meta(g);
    }
    match grids.get("info") {
        Some(g) => r.read_info(g),
        None => r.missing_sheet(c::SHEET_INFO),
    }
    match grids.get("prop") {
        Some(g) => {
            r.sub.propaganda_sheet = g.name.clone();
            r.read_propaganda(g);
        }
        None => r.missing_sheet(c::SHEET_PROPAGANDA),
    }
    match grids.get("act") {
        Some(g) => {
            r.sub.activities_sheet = g.name.clone();
            r.read_activities(g);
        }
        None => r.missing_sheet(c::SHEET_ACTIVITIES),
    }
    match grids.get("sit") {
        Some(g) => r.read_situation(g),
        None => r.missing_sheet(c::SHEET_SITUATION),
    }
    r.identify_unit();
    r.flush_legacy();
    // Submissions are kept until the summary is written: no spare capacity.
    r.sub.propaganda.shrink_to_fit();
    r.sub.activities.shrink_to_fit();
    r.sub.issues.shrink_to_fit();
    r.sub
}

struct Reader<'a> {
    ctx: &'a Context<'a>,
    sub: Submission,
    /// Per sheet: legacy cells converted (first cell, its text before/after, count).
    legacy: HashMap<String, (String, String, String, Legacy, usize)>,
    /// The legacy encoding this file's text is typed in, if any cell surely is.
    file_legacy: Option<Legacy>,
    /// Where `Mã đơn vị` and `Tên công đoàn cơ sở` are answered (sheet, cell).
    code_at: Option<(String, String)>,
    name_at: Option<(String, String)>,
}

/// What makes two propaganda rows the same row typed twice.
type PropagandaKey = (NaiveDate, u16, u16, Option<u16>, i64, i64, String);

/// A field that could not be used, as an issue to attach.
type FieldResult<T> = Result<T, Issue>;

impl Reader<'_> {
    fn file(&self) -> String {
        self.sub.file.clone()
    }

    fn issue(&mut self, i: Issue) {
        self.sub.issues.push(i);
    }

    fn missing_sheet(&mut self, name: &str) {
        let i = Issue::new(
            &self.file(),
            Code::SheetMissing,
            format!("Không có trang \"{name}\" trong tệp; phần này không có số liệu."),
        );
        self.issue(i);
    }

    /// Text of a cell, cleaned and converted from legacy encodings (remembered for one warning per sheet).
    fn text(&mut self, g: &Grid, pos: Pos) -> String {
        match g.get(pos) {
            Raw::Text(t) => {
                let (s, legacy) = normalize_in(t, self.file_legacy);
                if let Some(l) = legacy {
                    let e = self
                        .legacy
                        .entry(g.name.clone())
                        .or_insert_with(|| (pos.a1(), t.clone(), s.clone(), l, 0));
                    e.4 += 1;
                }
                s
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                String::new()
            }
            v => v.display(),
        }
    }

    /// The text of an optional column in `row`; empty when the column is absent.
    fn optional_text(&mut self, g: &Grid, row: u32, col: Option<u32>) -> String {
        col.map(|c| self.text(g, Pos::new(row, c)))
            .unwrap_or_default()
    }

    fn formula_no_value(&mut self, g: &Grid, pos: Pos) {
        let f = g.get(pos).display();
        let i = Issue::new(
            &self.file(),
            Code::FormulaNoValue,
            "Ô chứa công thức nhưng tệp không lưu kết quả (tệp chưa được tính lại); ô được coi như để trống.",
        )
        .at(&g.name, Some(pos.a1()))
        .found(f)
        .hint("Mở tệp bằng Excel, nhấn F9 rồi lưu lại, hoặc gõ thẳng con số thay cho công thức.");
        self.issue(i);
    }

    fn flush_legacy(&mut self) {
        let mut entries: Vec<_> = self.legacy.drain().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (sheet, (cell, before, after, l, n)) in entries {
            let i = Issue::new(
                &self.sub.file,
                Code::TextLegacyEncoding,
                format!("{n} ô chữ gõ bằng bảng mã cũ {} đã được chuyển sang Unicode, ví dụ \"{before}\" → \"{after}\".", l.name()),
            )
            .at(&sheet, Some(cell))
            .found(before)
            .hint("Lần sau hãy gõ bằng bảng mã Unicode (Unikey: chọn bảng mã Unicode) và phông chữ Times New Roman.");
            self.sub.issues.push(i);
        }
    }

    fn read_meta(&mut self, g: &Grid) {
        for (row, cells) in g.rows() {
            let key = cells.get(&0).map(Raw::display).unwrap_or_default();
            let value = cells.get(&1).map(Raw::display).unwrap_or_default();
            if !key.is_empty() {
                self.sub
                    .meta
                    .insert(key.trim().to_string(), value.trim().to_string());
            }
            let _ = row;
        }
        let plan = self.ctx.plan;
        let file = self.file();
        if let Some(code) = self.sub.meta.get(c::META_PLAN_CODE).cloned() {
            if fold(&code) != fold(&plan.code) {
                self.issue(
                    Issue::new(
                        &file,
                        Code::TemplateMismatch,
                        format!(
                            "Tệp được lập từ mẫu của kế hoạch \"{code}\", không phải kế hoạch {}.",
                            plan.code
                        ),
                    )
                    .at(&g.name, None)
                    .found(code)
                    .hint("Kiểm tra đơn vị có dùng nhầm mẫu của đợt khác không."),
                );
            }
        }
        if let Some(v) = self.sub.meta.get(c::META_TEMPLATE_VERSION).cloned() {
            if v != plan.template_version {
                self.issue(
                    Issue::new(
                        &file,
                        Code::TemplateMismatch,
                        format!(
                            "Tệp dùng mẫu phiên bản \"{v}\", mẫu hiện hành là \"{}\".",
                            plan.template_version
                        ),
                    )
                    .at(&g.name, None)
                    .found(v),
                );
            }
        }
    }

    fn read_info(&mut self, g: &Grid) {
        let mut info = UnitInfo::default();
        let labels = Labels::new(g);
        for label in c::INFO_LABELS {
            let Some(l) = labels.find(label) else {
                continue;
            };
            let (at, value) = (l.value_at, l.value.clone());
            match label {
                c::INFO_REPORT_DATE => {
                    if !value.is_empty() {
                        match self.date_value(g, at, "Ngày báo cáo") {
                            Ok(d) => info.report_date = Some(d),
                            Err(i) => self.issue(i),
                        }
                    }
                }
                c::INFO_MEMBERS => match self.count(g, at, "Tổng số đoàn viên", false) {
                    Ok(n) => info.members = n,
                    Err(i) => self.issue(i),
                },
                _ => {
                    let t = self.text(g, at);
                    let here = Some((g.name.clone(), at.a1()));
                    match label {
                        c::INFO_CODE => (info.code, self.code_at) = (t, here),
                        c::INFO_NAME => (info.name, self.name_at) = (t, here),
                        c::INFO_COMMUNE => info.commune = t,
                        c::INFO_REPORTER => info.reporter = t,
                        c::INFO_POSITION => info.position = t,
                        _ => info.phone = t,
                    }
                }
            }
        }
        if info.report_date.is_none() {
            let i = Issue::new(
                &self.file(),
                Code::ReportDateMissing,
                "Chưa ghi \"Ngày báo cáo\"; ngày nộp sẽ lấy theo sổ nhận tệp hoặc ngày sửa tệp.",
            )
            .at(
                &g.name,
                labels.find(c::INFO_REPORT_DATE).map(|l| l.value_at.a1()),
            )
            .hint("Ghi ngày báo cáo dạng dd/mm/yyyy, ví dụ 30/12/2024.");
            self.issue(i);
        }
        self.sub.info = info;
    }

    fn read_situation(&mut self, g: &Grid) {
        let mut s = Situation::default();
        let labels = Labels::new(g);
        for label in c::SITUATION_LABELS {
            let Some(l) = labels.find(label) else {
                continue;
            };
            let at = l.value_at;
            if label == c::SIT_STRIKES {
                match self.count(g, at, "Số vụ đình công, lãn công, ngừng việc", false)
                {
                    Ok(n) => s.strikes = n,
                    Err(i) => self.issue(i),
                }
            } else {
                let t = self.text(g, at);
                match label {
                    c::SIT_MORALE => s.morale = t,
                    c::SIT_DIFFICULTIES => s.difficulties = t,
                    _ => s.recommendations = t,
                }
            }
        }
        self.sub.situation = s;
    }

    /// Finds the table header; reports `column-missing` for required columns. Returns the map when
    /// rows can be counted, and the header row either way.
    fn table_header(
        &mut self,
        g: &Grid,
        headers: &[&str],
        required: &[usize],
    ) -> (Option<HeaderMap>, Option<u32>) {
        let Some(h) = find_header(g, headers, 2, 30) else {
            let i = Issue::new(
                &self.file(),
                Code::ColumnMissing,
                format!("Không tìm thấy dòng tiêu đề của bảng (cần các cột: {}); số liệu trang này không được tính.", headers[1..].join(" · ")),
            )
            .at(&g.name, None);
            self.issue(i);
            return (None, None);
        };
        let missing: Vec<&str> = required
            .iter()
            .filter(|&&i| h.cols[i].is_none())
            .map(|&i| headers[i])
            .collect();
        if !missing.is_empty() {
            let i = Issue::new(
                &self.file(),
                Code::ColumnMissing,
                format!(
                    "Thiếu cột bắt buộc \"{}\" ở dòng tiêu đề (dòng {}); số liệu trang này không được tính.",
                    missing.join("\", \""),
                    h.row + 1
                ),
            )
            .at(&g.name, Some(Pos::new(h.row, 0).a1()))
            .hint("Dùng đúng tệp mẫu, không xóa hoặc đổi tên các cột có sẵn.");
            self.issue(i);
            return (None, Some(h.row));
        }
        (Some(h.clone()), Some(h.row))
    }

    /// Rows below the header holding anything in a data column (a lone `STT` is blank).
    fn data_rows(g: &Grid, header_row: u32, stt_col: Option<u32>, key_cols: &[u32]) -> Vec<u32> {
        g.rows()
            .filter(|(r, _)| *r > header_row)
            .filter(|(_, cells)| {
                cells.iter().any(|(col, v)| {
                    Some(*col) != stt_col && key_cols.contains(col) && !v.is_empty()
                })
            })
            .map(|(r, _)| r)
            .collect()
    }

    fn read_propaganda(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::PROPAGANDA_HEADERS, &c::PROPAGANDA_REQUIRED);
        let Some(h) = h else {
            if let Some(hr) = header_row {
                self.sub.propaganda_read = g.rows().filter(|(r, _)| *r > hr).count();
            }
            return;
        };
        let keys: Vec<u32> = [
            p::DATE,
            p::TOPIC,
            p::FORM,
            p::AUDIENCE,
            p::SESSIONS,
            p::ATTENDANCE,
            p::SPEAKERS,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let rows = Self::data_rows(g, h.row, h.cols[p::STT], &keys);
        self.sub.propaganda_read = rows.len();
        let members = self.sub.info.members;
        let mut seen: HashSet<PropagandaKey> = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let date = self.row_date(g, at(p::DATE));
            let topic = self.category(g, at(p::TOPIC), CategoryKind::Topic);
            let audience = self.category(g, at(p::AUDIENCE), CategoryKind::Audience);
            let form = match h.cols[p::FORM] {
                Some(_) if !g.get(at(p::FORM)).is_empty() => {
                    self.category(g, at(p::FORM), CategoryKind::Form).map(Some)
                }
                _ => Ok(None),
            };
            let sessions = self.count(g, at(p::SESSIONS), "Số buổi", true);
            let attendance = self.count(g, at(p::ATTENDANCE), "Số lượt người tham dự", true);
            let speakers = match h.cols[p::SPEAKERS] {
                Some(_) => self.count(
                    g,
                    at(p::SPEAKERS),
                    "Số báo cáo viên, tuyên truyền viên",
                    false,
                ),
                None => Ok(None),
            };
            let place = self.optional_text(g, row, h.cols[p::PLACE]);
            let note = self.optional_text(g, row, h.cols[p::NOTE]);
            let mut errors = Vec::new();
            let date = date.map_err(|e| errors.push(e)).ok();
            let topic = topic.map_err(|e| errors.push(e)).ok();
            let audience = audience.map_err(|e| errors.push(e)).ok();
            let form = form.map_err(|e| errors.push(e)).ok().flatten();
            let sessions = sessions.map_err(|e| errors.push(e)).ok().flatten();
            let attendance = attendance.map_err(|e| errors.push(e)).ok().flatten();
            let speakers = speakers
                .map_err(|e| errors.push(e))
                .ok()
                .flatten()
                .unwrap_or(0);
            if let Some(t) = topic {
                let plan = self.ctx.plan;
                if plan.topics[t as usize].requires_description && note.trim().is_empty() {
                    errors.push(
                        Issue::new(
                            &self.file(),
                            Code::DescriptionRequired,
                            "Nội dung \"khác\" cần ghi rõ là nội dung gì trong cột \"Ghi chú\".",
                        )
                        .at(
                            &g.name,
                            Some(
                                h.cols[p::NOTE]
                                    .map(|c| Pos::new(row, c))
                                    .unwrap_or(at(p::TOPIC))
                                    .a1(),
                            ),
                        )
                        .hint("Ghi ngắn gọn nội dung đã tuyên truyền vào cột Ghi chú."),
                    );
                }
            }
            for e in errors.iter().cloned() {
                self.issue(e);
            }
            let has_error = self.sub.issues[before..]
                .iter()
                .any(|i| i.severity == crate::issue::Severity::Error);
            if has_error {
                continue;
            }
            let (Some(date), Some(topic), Some(audience), Some(sessions), Some(attendance)) =
                (date, topic, audience, sessions, attendance)
            else {
                continue;
            };
            self.outliers_propaganda(
                g,
                at(p::SESSIONS),
                at(p::ATTENDANCE),
                sessions,
                attendance,
                members,
            );
            if !seen.insert((
                date,
                topic,
                audience,
                form,
                sessions,
                attendance,
                fold(&place),
            )) {
                let i = Issue::new(&self.file(), Code::RowDuplicate, format!("Dòng {} giống hệt một dòng phía trên (cùng ngày, nội dung, đối tượng, số liệu); vẫn được tính.", row + 1))
                    .at(&g.name, Some(Pos::new(row, 0).a1()))
                    .hint("Nếu nhập trùng, hãy xóa một dòng rồi gửi lại.");
                self.issue(i);
            }
            self.sub.propaganda.push(PropagandaRow {
                row,
                date,
                topic,
                audience,
                form,
                sessions,
                attendance,
                speakers,
                place,
                note,
            });
        }
    }

    fn outliers_propaganda(
        &mut self,
        g: &Grid,
        s_at: Pos,
        a_at: Pos,
        sessions: i64,
        attendance: i64,
        members: Option<i64>,
    ) {
        let plan = self.ctx.plan;
        let l = &plan.limits;
        if sessions > l.max_sessions_per_row {
            let i = Issue::new(&self.file(), Code::ValueOutlier, format!("{sessions} buổi trong một dòng là bất thường (giới hạn {} buổi); vẫn được tính.", l.max_sessions_per_row))
                .at(&g.name, Some(s_at.a1()))
                .found(sessions.to_string())
                .hint("Kiểm tra lại có gõ nhầm số lượt người vào cột số buổi không.");
            self.issue(i);
        }
        let bound = match members {
            Some(m) if m > 0 => ((m as f64) * l.attendance_membership_factor).ceil() as i64,
            _ => l.max_attendance_per_row,
        };
        if attendance > bound {
            let why = match members {
                Some(m) if m > 0 => format!(
                    "gấp hơn {} lần tổng số đoàn viên ({m}), tức trên {bound}",
                    l.attendance_membership_factor
                ),
                _ => format!("vượt giới hạn {bound} lượt một dòng"),
            };
            let i = Issue::new(
                &self.file(),
                Code::ValueOutlier,
                format!(
                    "{} lượt người tham dự là bất thường: {why}; vẫn được tính.",
                    fmt_vn(attendance)
                ),
            )
            .at(&g.name, Some(a_at.a1()))
            .found(attendance.to_string())
            .hint("Kiểm tra lại số liệu (có gõ thừa số 0 không?).");
            self.issue(i);
        }
    }

    fn read_activities(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::ACTIVITY_HEADERS, &c::ACTIVITY_REQUIRED);
        let Some(h) = h else {
            if let Some(hr) = header_row {
                self.sub.activities_read = g.rows().filter(|(r, _)| *r > hr).count();
            }
            return;
        };
        let keys: Vec<u32> = [
            a::DATE,
            a::KIND,
            a::DESCRIPTION,
            a::QUANTITY,
            a::PARTICIPANTS,
            a::VALUE,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let rows = Self::data_rows(g, h.row, h.cols[a::STT], &keys);
        self.sub.activities_read = rows.len();
        let mut seen = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let mut errors = Vec::new();
            let date = self
                .row_date(g, at(a::DATE))
                .map_err(|e| errors.push(e))
                .ok();
            let kind = self
                .category(g, at(a::KIND), CategoryKind::Activity)
                .map_err(|e| errors.push(e))
                .ok();
            let description = self.optional_text(g, row, h.cols[a::DESCRIPTION]);
            let quantity = self
                .count(g, at(a::QUANTITY), "Số lượng", true)
                .map_err(|e| errors.push(e))
                .ok()
                .flatten();
            let participants = match h.cols[a::PARTICIPANTS] {
                Some(_) => self
                    .count(g, at(a::PARTICIPANTS), "Số người tham gia", false)
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let value = match h.cols[a::VALUE] {
                Some(_) => self
                    .money(g, at(a::VALUE))
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let partner = self.optional_text(g, row, h.cols[a::PARTNER]);
            let place = self.optional_text(g, row, h.cols[a::PLACE]);
            let note = self.optional_text(g, row, h.cols[a::NOTE]);
            if let Some(k) = kind {
                let plan = self.ctx.plan;
                let act = &plan.activities[k as usize];
                if act.category.requires_description && description.trim().is_empty() {
                    errors.push(
                        Issue::new(&self.file(), Code::DescriptionRequired, "Hoạt động \"khác\" cần ghi rõ là hoạt động gì trong cột \"Nội dung cụ thể\".")
                            .at(&g.name, Some(h.cols[a::DESCRIPTION].map(|c| Pos::new(row, c)).unwrap_or(at(a::KIND)).a1())),
                    );
                }
                let value_missing =
                    value.is_none() && !matches!(g.get(at(a::VALUE)), Raw::FormulaNoValue(_));
                if act.value == ValueRule::Required
                    && value_missing
                    && !errors
                        .iter()
                        .any(|e| e.cell.as_deref() == Some(at(a::VALUE).a1().as_str()))
                {
                    errors.push(
                        Issue::new(
                            &self.file(),
                            Code::ValueRequired,
                            format!("Hoạt động {} \"{}\" phải ghi giá trị bằng tiền (đồng) nhưng ô đang trống.", act.category.code, act.category.label),
                        )
                        .at(&g.name, Some(h.cols[a::VALUE].map(|c| Pos::new(row, c)).unwrap_or(at(a::KIND)).a1()))
                        .hint("Ghi số tiền, ví dụ 1.500.000."),
                    );
                }
            }
            for e in errors {
                self.issue(e);
            }
            if self.sub.issues[before..]
                .iter()
                .any(|i| i.severity == crate::issue::Severity::Error)
            {
                continue;
            }
            let (Some(date), Some(activity), Some(quantity)) = (date, kind, quantity) else {
                continue;
            };
            let value = value.unwrap_or(0);
            let plan = self.ctx.plan;
            let l = &plan.limits;
            if value > l.max_value_per_row {
                let i = Issue::new(&self.file(), Code::ValueOutlier, format!("Giá trị {} đồng trong một dòng là bất thường (giới hạn {} đồng); vẫn được tính.", fmt_vn(value), fmt_vn(l.max_value_per_row)))
                    .at(&g.name, Some(at(a::VALUE).a1()))
                    .found(value.to_string())
                    .hint("Kiểm tra lại có gõ thừa số 0 không.");
                self.issue(i);
            }
            if !seen.insert((
                date,
                activity,
                fold(&description),
                quantity,
                participants,
                value,
            )) {
                let i = Issue::new(
                    &self.file(),
                    Code::RowDuplicate,
                    format!(
                        "Dòng {} giống hệt một dòng phía trên; vẫn được tính.",
                        row + 1
                    ),
                )
                .at(&g.name, Some(Pos::new(row, 0).a1()))
                .hint("Nếu nhập trùng, hãy xóa một dòng rồi gửi lại.");
                self.issue(i);
            }
            self.sub.activities.push(ActivityRow {
                row,
                date,
                activity,
                description,
                quantity,
                participants: participants.unwrap_or(0),
                value,
                partner,
                place,
                note,
            });
        }
    }

    fn date_value(&mut self, g: &Grid, pos: Pos, what: &str) -> FieldResult<NaiveDate> {
        let file = self.file();
        let bad = |found: String| {
            Issue::new(&file, Code::DateInvalid, format!("{what} \"{found}\" không đọc được là ngày; cần dạng ngày/tháng/năm (dd/mm/yyyy)."))
                .at(&g.name, Some(pos.a1()))
                .found(found)
                .hint("Gõ ngày như 17/12/2024.")
        };
        match g.get(pos) {
            Raw::Date(d) => Ok(*d),
            Raw::Number(n) => date::from_number(*n).ok_or_else(|| bad(Raw::Number(*n).display())),
            Raw::Text(t) => {
                let t = normalize_in(t, self.file_legacy).0;
                date::parse_text(&t, self.ctx.plan.window_start.format("%Y").to_string().parse().unwrap_or(2024)).map_err(|e| {
                    let mut i = bad(t.clone());
                    if e == date::DateError::Impossible {
                        i.message = format!("{what} \"{t}\" không phải ngày có thật (ngày hoặc tháng không hợp lệ); cần dạng dd/mm/yyyy.");
                    }
                    i
                })
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                Err(Issue::new(
                    &file,
                    Code::DateMissing,
                    format!("{what} trống (công thức chưa có kết quả)."),
                )
                .at(&g.name, Some(pos.a1())))
            }
            v => Err(bad(v.display())),
        }
    }

    fn row_date(&mut self, g: &Grid, pos: Pos) -> FieldResult<NaiveDate> {
        if g.get(pos).is_empty() {
            return Err(Issue::new(
                &self.file(),
                Code::DateMissing,
                "Chưa ghi ngày thực hiện; dòng này không được tính.",
            )
            .at(&g.name, Some(pos.a1()))
            .hint(format!(
                "Ghi ngày trong đợt, từ {} đến {}.",
                date::fmt_vn(self.ctx.plan.window_start),
                date::fmt_vn(self.ctx.plan.window_end)
            )));
        }
        let d = self.date_value(g, pos, "Ngày thực hiện")?;
        let plan = self.ctx.plan;
        if d < plan.window_start || d > plan.window_end {
            let mut i = Issue::new(
                &self.file(),
                Code::DateOutsideWindow,
                format!(
                    "Ngày thực hiện {} nằm ngoài thời gian đợt ({} – {}); dòng này không được tính.",
                    date::fmt_vn(d),
                    date::fmt_vn(plan.window_start),
                    date::fmt_vn(plan.window_end)
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display());
            if let Some(s) =
                date::swapped(d).filter(|s| *s >= plan.window_start && *s <= plan.window_end)
            {
                i = i.hint(format!(
                    "Có thể đã gõ đảo ngày và tháng: {} mới nằm trong đợt.",
                    date::fmt_vn(s)
                ));
            }
            return Err(i);
        }
        Ok(d)
    }

    fn category(&mut self, g: &Grid, pos: Pos, kind: CategoryKind) -> FieldResult<u16> {
        let matchers = self.ctx.matchers;
        let (m, what) = match kind {
            CategoryKind::Topic => (&matchers.topics, "Nội dung tuyên truyền"),
            CategoryKind::Audience => (&matchers.audiences, "Đối tượng"),
            CategoryKind::Form => (&matchers.forms, "Hình thức"),
            CategoryKind::Activity => (&matchers.activities, "Loại hoạt động"),
        };
        let text = self.text(g, pos);
        let file = self.file();
        if text.is_empty() {
            return Err(Issue::new(
                &file,
                Code::CategoryUnknown,
                format!("Chưa chọn \"{what}\"; dòng này không được tính."),
            )
            .at(&g.name, Some(pos.a1()))
            .hint("Chọn một mục trong danh sách thả xuống của ô."));
        }
        match m.matches(&text) {
            CategoryMatch::Exact(i) => Ok(i as u16),
            CategoryMatch::Normalized(i) => {
                let issue = Issue::new(
                    &file,
                    Code::CategoryNormalized,
                    format!("\"{text}\" được hiểu là {}.", m.choice(i)),
                )
                .at(&g.name, Some(pos.a1()))
                .found(text.clone());
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Unknown { nearest } => {
                let mut i = Issue::new(&file, Code::CategoryUnknown, format!("{what} \"{text}\" không có trong danh mục của kế hoạch; dòng này không được tính."))
                    .at(&g.name, Some(pos.a1()))
                    .found(text.clone());
                i = match nearest {
                    Some(n) => i.hint(format!(
                        "Có phải là \"{}\"? Hãy chọn trong danh sách thả xuống.",
                        m.choice(n)
                    )),
                    None => i.hint("Chọn một mục trong danh sách thả xuống của ô."),
                };
                Err(i)
            }
        }
    }

    /// A whole number ≥ 0. `Ok(None)` when empty and not `required`.
    fn count(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
    ) -> FieldResult<Option<i64>> {
        let Some(v) = self.number(g, pos, what, required)? else {
            return Ok(None);
        };
        let file = self.file();
        if v.fract() != 0.0 {
            return Err(Issue::new(
                &file,
                Code::CountNotWhole,
                format!("{what} phải là số nguyên nhưng ô ghi {v}."),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display())
            .hint("Ghi số nguyên, ví dụ 3."));
        }
        if v.abs() > 1e12 {
            return Err(Issue::new(
                &file,
                Code::NumberInvalid,
                format!("{what} quá lớn để là số liệu thật."),
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display()));
        }
        Ok(Some(v as i64))
    }

    /// Money in đồng, rounded to a whole đồng.
    fn money(&mut self, g: &Grid, pos: Pos) -> FieldResult<Option<i64>> {
        let Some(v) = self.number(g, pos, "Giá trị (đồng)", false)? else {
            return Ok(None);
        };
        if v.abs() > 1e15 {
            return Err(Issue::new(
                &self.file(),
                Code::NumberInvalid,
                "Giá trị (đồng) quá lớn để là số liệu thật.",
            )
            .at(&g.name, Some(pos.a1()))
            .found(g.get(pos).display()));
        }
        Ok(Some(v.round() as i64))
    }

    fn number(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
    ) -> FieldResult<Option<f64>> {
        let file = self.file();
        let raw = g.get(pos).clone();
        let v = match &raw {
            Raw::Empty => None,
            Raw::Number(n) => Some(*n),
            Raw::Text(t) if t.trim().is_empty() => None,
            Raw::Text(t) => Some(
                number::parse_text(&normalize_in(t, self.file_legacy).0).ok_or_else(|| {
                    Issue::new(
                        &file,
                        Code::NumberInvalid,
                        format!("{what} \"{}\" không phải là số.", t.trim()),
                    )
                    .at(&g.name, Some(pos.a1()))
                    .found(t.clone())
                    .hint("Chỉ ghi con số, ví dụ 25 hoặc 1.500.000.")
                })?,
            ),
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                None
            }
            other => {
                return Err(Issue::new(
                    &file,
                    Code::NumberInvalid,
                    format!("{what} phải là số nhưng ô chứa \"{}\".", other.display()),
                )
                .at(&g.name, Some(pos.a1()))
                .found(other.display()))
            }
        };
        match v {
            None if required => Err(Issue::new(
                &file,
                Code::NumberInvalid,
                format!(
                    "Chưa ghi {}; dòng này không được tính.",
                    what.to_lowercase()
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .hint("Ghi con số, 0 nếu không có.")),
            None => Ok(None),
            Some(n) if n < 0.0 => Err(Issue::new(
                &file,
                Code::NumberNegative,
                format!("{what} không được âm (ô ghi {}).", raw.display()),
            )
            .at(&g.name, Some(pos.a1()))
            .found(raw.display())),
            Some(n) => Ok(Some(n)),
        }
    }

    /// `_meta.unit_code`, then `Mã đơn vị`, then the name against the roster.
    fn identify_unit(&mut self) {
        let roster = self.ctx.roster;
        let file = self.file();
        let info = self.sub.info.clone();
        let meta_code = self
            .sub
            .meta
            .get(c::META_UNIT_CODE)
            .cloned()
            .filter(|s| !s.is_empty());
        let by_meta = meta_code.as_deref().and_then(|code| roster.by_code(code));
        let by_code = (!info.code.is_empty())
            .then(|| roster.by_code(&info.code))
            .flatten();
        // With a code, the name is only checked for an exact conflict: the approximate
        // search over the whole roster is for returns that name no code.
        let by_name = if info.name.is_empty() {
            NameMatch::None
        } else if by_meta.is_some() || by_code.is_some() {
            roster
                .exact_name(&info.name)
                .map_or(NameMatch::None, NameMatch::Exact)
        } else {
            roster.match_name(&info.name)
        };
        let name_idx = match by_name {
            NameMatch::Exact(i) | NameMatch::Approximate(i, _) => Some(i),
            NameMatch::None => None,
        };
        let chosen = by_meta.or(by_code).or(name_idx);
        if let Some(i) = chosen {
            let unit = &roster.units[i];
            let (code_at, name_at) = (self.code_at.clone(), self.name_at.clone());
            for (other, source, at) in [
                (by_code, "Mã đơn vị", code_at),
                (name_idx, "Tên công đoàn cơ sở", name_at.clone()),
            ] {
                if let Some(o) = other.filter(|o| *o != i) {
                    self.issue(
                        Issue::new(
                            &file,
                            Code::UnitConflict,
                            format!(
                                "\"{source}\" trong tệp chỉ đơn vị {} ({}), nhưng tệp được nhận là của {} ({}).",
                                roster.units[o].code, roster.units[o].name, unit.code, unit.name
                            ),
                        )
                        .at_cell(at.clone())
                        .hint("Kiểm tra đơn vị có dùng nhầm tệp mẫu của đơn vị khác không."),
                    );
                }
            }
            if chosen == name_idx && by_meta.is_none() && by_code.is_none() {
                if let NameMatch::Approximate(_, score) = by_name {
                    self.issue(
                        Issue::new(
                            &file,
                            Code::UnitNameApproximate,
                            format!("Tên \"{}\" chỉ gần giống \"{}\" ({}) trong danh sách (độ giống {:.0}%).", info.name, unit.name, unit.code, score * 100.0),
                        )
                        .at_cell(name_at.clone())
                        .found(info.name.clone())
                        .hint(format!("Ghi mã đơn vị {} vào ô \"Mã đơn vị\".", unit.code)),
                    );
                }
            }
            self.sub.unit = Some(UnitId::Roster(i));
            return;
        }
        let code = meta_code.unwrap_or(info.code.clone());
        if !code.is_empty() || !info.name.is_empty() {
            self.issue(
                Issue::new(
                    &file,
                    Code::UnitNotInRoster,
                    format!("Đơn vị \"{}\" (mã \"{}\") không có trong {}; được tính là đơn vị ngoài danh sách.", info.name, code, roster.label()),
                )
                .at_cell(self.code_at.clone().or(self.name_at.clone()))
                .found(format!("{code} {}", info.name).trim().to_string()),
            );
            let code = if code.is_empty() {
                format!("?{}", info.name)
            } else {
                code
            };
            self.sub.unit = Some(UnitId::Extra {
                code,
                name: info.name,
            });
            return;
        }
        self.issue(
            Issue::new(&file, Code::UnitUnidentified, "Không xác định được đơn vị: chưa ghi \"Mã đơn vị\" và \"Tên công đoàn cơ sở\"; số liệu của tệp không được tính.")
                .at(c::SHEET_INFO, None)
                .hint("Ghi mã và tên đơn vị ở trang \"Thông tin đơn vị\" rồi gửi lại."),
        );
    }
}

/// Rows of a submission that are not counted because the unit is unknown.
pub fn drop_unidentified(sub: &mut Submission) {
    if sub.unit.is_none() {
        sub.propaganda.clear();
        sub.activities.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_while_reading_becomes_an_issue_on_that_file() {
        let sub = isolated(Path::new("x.xls"), "x.xls", || {
            panic!("calamine met a bad file")
        });
        assert!(!sub.readable);
        assert_eq!(sub.issues.len(), 1);
        assert_eq!(sub.issues[0].code, Code::FileUnreadable);
        assert_eq!(sub.issues[0].file, "x.xls");
        // The flag is cleared: later panics elsewhere are reported as usual.
        assert!(!READING.with(|r| r.get()));
    }
}
