//! One returned workbook → its unit, dates, parsed rows with their source cells, and every issue.
//! `check` and `consolidate` both read returns through [`read_return`].

// Field parsers return the finished Issue as their error; it is data, built once per bad cell.
#![allow(clippy::result_large_err)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};

use crate::contract::{self as c, activity_col as a_col, propaganda_col as p_col};
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
    /// The file's modified time on disk (local time).
    pub modified: Option<NaiveDateTime>,
    /// The workbook's own last-saved time, from its document properties (local time).
    pub saved: Option<NaiveDateTime>,
    pub meta: HashMap<String, String>,
    pub propaganda: Vec<PropagandaRow>,
    pub activities: Vec<ActivityRow>,
    pub situation: Situation,
    pub issues: Vec<Issue>,
    /// Rows seen below the header of `Tuyên truyền` and `Hoạt động` (every row holding a
    /// value of its own besides `STT`), counted apart from the rows counted, for `Đối soát`.
    pub propaganda_seen: Vec<u32>,
    pub activities_seen: Vec<u32>,
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
            saved: None,
            meta: HashMap::new(),
            propaganda: Vec::new(),
            activities: Vec::new(),
            situation: Situation::default(),
            issues: Vec::new(),
            propaganda_seen: Vec::new(),
            activities_seen: Vec::new(),
            propaganda_sheet: c::SHEET_PROPAGANDA.to_string(),
            activities_sheet: c::SHEET_ACTIVITIES.to_string(),
        }
    }

    pub fn rows_read(&self) -> usize {
        self.propaganda_seen.len() + self.activities_seen.len()
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

fn file_modified(path: &Path) -> Option<NaiveDateTime> {
    let t = std::fs::metadata(path).ok()?.modified().ok()?;
    let dt: chrono::DateTime<chrono::Local> = t.into();
    Some(dt.naive_local())
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
    sub.saved = wb.saved;
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
    if has(c::SHEET_SUMMARY) && has(c::SHEET_RECONCILE) {
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
    let mut load = |name: Option<String>, r: &mut Reader<'_>| -> Option<Grid> {
        let name = name?;
        match wb.grid(&name) {
            Ok(g) => Some(g),
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
                None
            }
        }
    };
    for (key, name) in [
        ("meta", c::SHEET_META),
        ("info", c::SHEET_INFO),
        ("sit", c::SHEET_SITUATION),
    ] {
        if let Some(g) = load(find(name), &mut r) {
            grids.insert(key, g);
        }
    }
    // The two tables: each goes to the sheet its headers fit best, found by name or not
    // (sheets get renamed, deleted and reordered), and no sheet serves both.
    let tables = [
        ("prop", c::SHEET_PROPAGANDA, &c::PROPAGANDA_HEADERS[..]),
        ("act", c::SHEET_ACTIVITIES, &c::ACTIVITY_HEADERS[..]),
    ];
    let fit = |g: &Grid| -> [usize; 2] {
        tables.map(|(_, _, headers)| {
            find_header(g, headers, 1, 30).map_or(0, |h| h.cols.iter().flatten().count())
        })
    };
    // Which table a sheet's headers fit: at least 4 headers, and more of one than the other.
    let belongs = |score: [usize; 2]| -> Option<usize> {
        let t = if score[0] > score[1] { 0 } else { 1 };
        (score[t] >= 4 && score[t] > score[1 - t]).then_some(t)
    };
    let mut named: [Option<Grid>; 2] = [None, None];
    for (t, (_, name, _)) in tables.iter().enumerate() {
        named[t] = load(find(name), &mut r);
    }
    let fits_own_name = |t: usize, g: &Option<Grid>| {
        g.as_ref()
            .is_some_and(|g| belongs(fit(g)).is_none_or(|b| b == t))
    };
    if !(fits_own_name(0, &named[0]) && fits_own_name(1, &named[1])) {
        // Score every other sheet (and the named ones) and give each table its best fit.
        let taken: HashSet<String> = grids.values().map(|g| g.name.clone()).collect();
        let mut candidates: Vec<(Grid, [usize; 2])> = Vec::new();
        for sh in &sheets {
            let skip = taken.contains(&sh.name)
                || fold(&sh.name) == fold(c::SHEET_LISTS)
                || named.iter().flatten().any(|g| g.name == sh.name);
            if skip {
                continue;
            }
            if let Ok(g) = wb.grid(&sh.name) {
                let score = fit(&g);
                candidates.push((g, score));
            }
        }
        for g in named.iter_mut().filter_map(Option::take) {
            let score = fit(&g);
            candidates.push((g, score));
        }
        // Keep workbook order among equals: sort by sheet position.
        let order = |name: &str| sheets.iter().position(|x| x.name == name);
        candidates.sort_by_key(|(g, _)| order(&g.name));
        for (t, (key, name, _)) in tables.iter().enumerate() {
            let best = candidates
                .iter()
                .enumerate()
                .filter(|(_, (_, score))| belongs(*score) == Some(t))
                .max_by(|(ia, (_, a)), (ib, (_, b))| a[t].cmp(&b[t]).then(ib.cmp(ia)))
                .map(|(i, _)| i)
                // A sheet with the table's name but no recognisable header: read it, so that
                // its missing columns are reported.
                .or_else(|| {
                    candidates.iter().position(|(g, score)| {
                        fold(&g.name) == fold(name) && belongs(*score).is_none()
                    })
                });
            if let Some(i) = best {
                let (g, _) = candidates.remove(i);
                grids.insert(key, g);
            }
        }
    } else {
        for (t, (key, _, _)) in tables.iter().enumerate() {
            if let Some(g) = named[t].take() {
                grids.insert(key, g);
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
    // In a fixed order of sheets, so that two runs decide alike.
    r.file_legacy = ["meta", "info", "prop", "act", "sit"]
        .iter()
        .filter_map(|k| grids.get(k))
        .find_map(|g| {
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
    if r.sub.unit.is_none() {
        // `unit-unidentified` says why: rows of an unknown unit are not counted, by `check`
        // and `consolidate` alike.
        r.sub.propaganda.clear();
        r.sub.activities.clear();
    }
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
                        let kept = " Ngày nộp được lấy theo nguồn khác (sổ nhận tệp, thời điểm lưu tệp); các dòng số liệu của tệp vẫn được tính.";
                        match self.date_value(g, at, "Ngày báo cáo") {
                            Ok(d) if self.ctx.plan.plausible_report_day(d) => info.report_date = Some(d),
                            Ok(d) => {
                                let plan = self.ctx.plan;
                                let i = Issue::new(
                                    &self.file(),
                                    Code::DateInvalid,
                                    format!(
                                        "Ngày báo cáo {} không hợp lý cho đợt {} – {} (hạn nộp trước {}).{kept}",
                                        date::fmt_vn(d),
                                        date::fmt_vn(plan.window_start),
                                        date::fmt_vn(plan.window_end),
                                        date::fmt_vn(plan.deadline_before)
                                    ),
                                )
                                .at(&g.name, Some(at.a1()))
                                .found(g.get(at).display())
                                .hint("Kiểm tra năm đã gõ, ví dụ 30/12/2024.");
                                self.issue(i);
                            }
                            Err(mut i) => {
                                i.message.push_str(kept);
                                self.issue(i);
                            }
                        }
                    }
                }
                c::INFO_MEMBERS => match self.count(g, at, "Tổng số đoàn viên", false) {
                    Ok(n) => info.members = n,
                    Err(i) => self.issue(label_sheet_consequence(
                        i,
                        "Tổng số đoàn viên không được dùng; các dòng số liệu của tệp vẫn được tính.",
                    )),
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
        let typed = labels
            .find(c::INFO_REPORT_DATE)
            .is_some_and(|l| !l.value.is_empty());
        if info.report_date.is_none() && !typed {
            let i = Issue::new(
                &self.file(),
                Code::ReportDateMissing,
                "Chưa ghi \"Ngày báo cáo\"; ngày nộp sẽ lấy theo sổ nhận tệp, thời điểm lưu tệp hoặc ngày sửa tệp.",
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
                    Err(i) => self.issue(label_sheet_consequence(
                        i,
                        "Số vụ đình công của đơn vị này không được cộng vào tổng; các số liệu khác của tệp vẫn được tính.",
                    )),
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

    /// Rows below `header_row` (every row when no header was found) that hold a value of
    /// their own — not a lone `STT`, not a copy of a merged cell above.
    fn seen_rows(g: &Grid, header_row: Option<u32>, stt_col: Option<u32>) -> Vec<u32> {
        g.rows()
            .filter(|(r, _)| header_row.is_none_or(|h| *r > h))
            .filter(|(r, cells)| {
                cells.iter().any(|(col, v)| {
                    Some(*col) != stt_col
                        && !v.is_empty()
                        && g.merged_origin(Pos::new(*r, *col)).is_none()
                })
            })
            .map(|(r, _)| r)
            .collect()
    }

    /// Of the rows seen, those holding a value of their own in a data column; the others
    /// (a lone note or place, a value far right of the table) are listed as not counted.
    fn data_rows(
        &mut self,
        g: &Grid,
        seen: &[u32],
        h: &HeaderMap,
        key_cols: &[u32],
        headers: &[&str],
    ) -> Vec<u32> {
        let mut data = Vec::new();
        for &r in seen {
            let own = |col: &u32| {
                !g.get(Pos::new(r, *col)).is_empty() && g.merged_origin(Pos::new(r, *col)).is_none()
            };
            if key_cols.iter().any(own) {
                data.push(r);
                continue;
            }
            let cells = g
                .row(r)
                .map(|c| c.keys().copied().filter(own).collect::<Vec<_>>())
                .unwrap_or_default();
            let Some(&first) = cells.first() else {
                continue;
            };
            let named: Vec<String> = cells
                .iter()
                .map(|c| match h.cols.iter().position(|hc| *hc == Some(*c)) {
                    Some(i) => format!("\"{}\"", headers[i]),
                    None => format!("ô {}", Pos::new(r, *c).a1()),
                })
                .collect();
            let i = Issue::new(
                &self.file(),
                Code::RowIncomplete,
                format!(
                    "Dòng {} chỉ có {}, không có ngày, nội dung hay số liệu; dòng này không được tính.",
                    r + 1,
                    named.join(", ")
                ),
            )
            .at(&g.name, Some(Pos::new(r, first).a1()))
            .found(g.get(Pos::new(r, first)).display())
            .hint("Nếu là số liệu, hãy ghi đủ ngày, nội dung và số liệu trên cùng dòng; nếu chỉ là ghi chú, hãy xóa dòng hoặc chuyển vào trang Tình hình.");
            self.issue(i);
        }
        data
    }

    fn read_propaganda(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::PROPAGANDA_HEADERS, &c::PROPAGANDA_REQUIRED);
        let Some(h) = h else {
            self.sub.propaganda_seen = Self::seen_rows(g, header_row, None);
            return;
        };
        let keys: Vec<u32> = [
            p_col::DATE,
            p_col::TOPIC,
            p_col::FORM,
            p_col::AUDIENCE,
            p_col::SESSIONS,
            p_col::ATTENDANCE,
            p_col::SPEAKERS,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let seen = Self::seen_rows(g, Some(h.row), h.cols[p_col::STT]);
        let rows = self.data_rows(g, &seen, &h, &keys, &c::PROPAGANDA_HEADERS);
        self.sub.propaganda_seen = seen;
        let mut seen: HashSet<PropagandaKey> = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let date = self.row_date(g, at(p_col::DATE));
            let topic = self.category(g, at(p_col::TOPIC), CategoryKind::Topic);
            let audience = self.category(g, at(p_col::AUDIENCE), CategoryKind::Audience);
            let form = match h.cols[p_col::FORM] {
                Some(_) if !g.get(at(p_col::FORM)).is_empty() => self
                    .category(g, at(p_col::FORM), CategoryKind::Form)
                    .map(Some),
                _ => Ok(None),
            };
            let sessions = self.count(g, at(p_col::SESSIONS), "Số buổi", true);
            let attendance = self.count(g, at(p_col::ATTENDANCE), "Số lượt người tham dự", true);
            let speakers = match h.cols[p_col::SPEAKERS] {
                Some(_) => self.count(
                    g,
                    at(p_col::SPEAKERS),
                    "Số báo cáo viên, tuyên truyền viên",
                    false,
                ),
                None => Ok(None),
            };
            let place = self.optional_text(g, row, h.cols[p_col::PLACE]);
            let note = self.optional_text(g, row, h.cols[p_col::NOTE]);
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
                                h.cols[p_col::NOTE]
                                    .map(|c| Pos::new(row, c))
                                    .unwrap_or(at(p_col::TOPIC))
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
            let l = &self.ctx.plan.limits;
            let (max_s, max_a, max_r) = (
                l.max_sessions_per_row,
                l.max_attendance_per_row,
                l.max_speakers_per_row,
            );
            self.count_outlier(g, at(p_col::SESSIONS), "Số buổi", sessions, max_s, false);
            self.count_outlier(
                g,
                at(p_col::ATTENDANCE),
                "Số lượt người tham dự",
                attendance,
                max_a,
                true,
            );
            self.count_outlier(
                g,
                at(p_col::SPEAKERS),
                "Số báo cáo viên, tuyên truyền viên",
                speakers,
                max_r,
                false,
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

    /// `value-outlier` on a count above what is plausible for one row; the row still counts.
    /// With `per_member`, a unit that states its membership is bounded by it instead.
    fn count_outlier(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        value: i64,
        limit: i64,
        per_member: bool,
    ) {
        let l = &self.ctx.plan.limits;
        let members = self.sub.info.members.filter(|m| *m > 0 && per_member);
        let bound = match members {
            Some(m) => ((m as f64) * l.attendance_membership_factor).ceil() as i64,
            None => limit,
        };
        if value <= bound {
            return;
        }
        let why = match members {
            Some(m) => format!(
                "gấp hơn {} lần tổng số đoàn viên ({}), tức trên {}",
                l.attendance_membership_factor,
                fmt_vn(m),
                fmt_vn(bound)
            ),
            None => format!("vượt giới hạn {} một dòng", fmt_vn(bound)),
        };
        let i = Issue::new(
            &self.file(),
            Code::ValueOutlier,
            format!("{what} {} là bất thường: {why}; vẫn được tính, hãy kiểm tra lại.", fmt_vn(value)),
        )
        .at(&g.name, Some(pos.a1()))
        .found(g.get(pos).display())
        .hint("Kiểm tra lại số liệu (gõ thừa số 0, gõ nhầm cột, hay ghi \"tỷ/triệu/nghìn\" vào cột số đếm?).");
        self.issue(i);
    }

    fn read_activities(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::ACTIVITY_HEADERS, &c::ACTIVITY_REQUIRED);
        let Some(h) = h else {
            self.sub.activities_seen = Self::seen_rows(g, header_row, None);
            return;
        };
        let keys: Vec<u32> = [
            a_col::DATE,
            a_col::KIND,
            a_col::DESCRIPTION,
            a_col::QUANTITY,
            a_col::PARTICIPANTS,
            a_col::VALUE,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let seen = Self::seen_rows(g, Some(h.row), h.cols[a_col::STT]);
        let rows = self.data_rows(g, &seen, &h, &keys, &c::ACTIVITY_HEADERS);
        self.sub.activities_seen = seen;
        let mut seen = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let mut errors = Vec::new();
            let date = self
                .row_date(g, at(a_col::DATE))
                .map_err(|e| errors.push(e))
                .ok();
            let kind = self
                .category(g, at(a_col::KIND), CategoryKind::Activity)
                .map_err(|e| errors.push(e))
                .ok();
            let description = self.optional_text(g, row, h.cols[a_col::DESCRIPTION]);
            let quantity = self
                .count(g, at(a_col::QUANTITY), "Số lượng", true)
                .map_err(|e| errors.push(e))
                .ok()
                .flatten();
            let participants = match h.cols[a_col::PARTICIPANTS] {
                Some(_) => self
                    .count(g, at(a_col::PARTICIPANTS), "Số người tham gia", false)
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let value = match h.cols[a_col::VALUE] {
                Some(_) => self
                    .money(g, at(a_col::VALUE))
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let partner = self.optional_text(g, row, h.cols[a_col::PARTNER]);
            let place = self.optional_text(g, row, h.cols[a_col::PLACE]);
            let note = self.optional_text(g, row, h.cols[a_col::NOTE]);
            if let Some(k) = kind {
                let plan = self.ctx.plan;
                let act = &plan.activities[k as usize];
                if act.category.requires_description && description.trim().is_empty() {
                    errors.push(
                        Issue::new(&self.file(), Code::DescriptionRequired, "Hoạt động \"khác\" cần ghi rõ là hoạt động gì trong cột \"Nội dung cụ thể\".")
                            .at(&g.name, Some(h.cols[a_col::DESCRIPTION].map(|c| Pos::new(row, c)).unwrap_or(at(a_col::KIND)).a1())),
                    );
                }
                let value_missing =
                    value.is_none() && !matches!(g.get(at(a_col::VALUE)), Raw::FormulaNoValue(_));
                if act.value == ValueRule::Required
                    && value_missing
                    && !errors
                        .iter()
                        .any(|e| e.cell.as_deref() == Some(at(a_col::VALUE).a1().as_str()))
                {
                    errors.push(
                        Issue::new(
                            &self.file(),
                            Code::ValueRequired,
                            format!("Hoạt động {} \"{}\" phải ghi giá trị bằng tiền (đồng) nhưng ô đang trống.", act.category.code, act.category.label),
                        )
                        .at(&g.name, Some(h.cols[a_col::VALUE].map(|c| Pos::new(row, c)).unwrap_or(at(a_col::KIND)).a1()))
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
            let (max_q, max_p) = (l.max_quantity_per_row, l.max_participants_per_row);
            self.count_outlier(g, at(a_col::QUANTITY), "Số lượng", quantity, max_q, false);
            if let Some(n) = participants {
                self.count_outlier(
                    g,
                    at(a_col::PARTICIPANTS),
                    "Số người tham gia",
                    n,
                    max_p,
                    true,
                );
            }
            let l = &self.ctx.plan.limits;
            if value > 0 && value < 1000 {
                let i = Issue::new(&self.file(), Code::ValueOutlier, format!("Giá trị {} đồng là bất thường (dưới 1.000 đồng): có thể thiếu chữ \"nghìn\" hoặc \"triệu\"; vẫn được tính đúng {} đồng, hãy kiểm tra lại.", fmt_vn(value), fmt_vn(value)))
                    .at(&g.name, Some(at(a_col::VALUE).a1()))
                    .found(g.get(at(a_col::VALUE)).display())
                    .hint("Ghi đủ số tiền, ví dụ 500.000 hoặc 500 nghìn.");
                self.issue(i);
            }
            if value > l.max_value_per_row {
                let i = Issue::new(&self.file(), Code::ValueOutlier, format!("Giá trị {} đồng trong một dòng là bất thường (giới hạn {} đồng); vẫn được tính.", fmt_vn(value), fmt_vn(l.max_value_per_row)))
                    .at(&g.name, Some(at(a_col::VALUE).a1()))
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
                date::parse_text(&t, self.ctx.plan.near()).map_err(|e| {
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
            CategoryMatch::Approximate(i) => {
                let issue = Issue::new(
                    &file,
                    Code::CategoryApproximate,
                    format!("{what} \"{text}\" không đúng tên trong danh mục; được hiểu gần đúng là \"{}\" và vẫn được tính.", m.choice(i)),
                )
                .at(&g.name, Some(pos.a1()))
                .found(text.clone())
                .hint(format!("Nếu đúng là \"{}\", lần sau hãy chọn trong danh sách thả xuống; nếu không, hãy sửa và gửi lại.", m.choice(i)));
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Conflict { by_code, by_label } => Err(Issue::new(
                &file,
                Code::CategoryUnknown,
                format!(
                    "{what} \"{text}\" ghi mã {} nhưng nội dung lại là \"{}\" ({}); không rõ là mục nào nên dòng này không được tính.",
                    m.code(by_code),
                    m.choice(by_label),
                    m.code(by_label)
                ),
            )
            .at(&g.name, Some(pos.a1()))
            .found(text.clone())
            .hint("Chọn lại đúng một mục trong danh sách thả xuống của ô.")),
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
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, required, number::Kind::Count)? else {
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
        let what = "Giá trị (đồng)";
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, false, number::Kind::Money)? else {
            return Ok(None);
        };
        // A real number cell with đồng lẻ: 1,5 typed for "1,5 triệu" is not 2 đồng.
        if v.fract() != 0.0 && v.abs() < 1000.0 {
            return Err(self.number_ambiguous(
                g,
                pos,
                what,
                "số tiền có phần lẻ dưới một đồng (có thể thiếu chữ \"triệu\" hoặc \"nghìn\")",
            ));
        }
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

    /// A count or amount merged over several rows belongs to its top-left cell only:
    /// the covered row counts 0 there, and the unit is told.
    fn merged_number(&mut self, g: &Grid, pos: Pos, origin: Pos, what: &str) {
        let value = g.get(origin).display();
        let i = Issue::new(
            &self.file(),
            Code::NumberMerged,
            format!(
                "Ô {what} của dòng {} được gộp với ô {} ở trên: con số \"{value}\" chỉ được tính một lần, cho dòng {}; dòng {} tính 0.",
                pos.row + 1,
                origin.a1(),
                origin.row + 1,
                pos.row + 1
            ),
        )
        .at(&g.name, Some(pos.a1()))
        .found(value)
        .hint("Không gộp ô số liệu: ghi số riêng cho từng dòng (có thể ghi 0).");
        self.issue(i);
    }

    /// `number-invalid` for a cell that reads as a number in more than one way.
    fn number_ambiguous(&self, g: &Grid, pos: Pos, what: &str, why: &str) -> Issue {
        let found = g.get(pos).display();
        Issue::new(
            &self.sub.file,
            Code::NumberInvalid,
            format!(
                "{what} \"{}\" không rõ là bao nhiêu: {why}; dòng này không được tính.",
                found.trim()
            ),
        )
        .at(&g.name, Some(pos.a1()))
        .found(found)
        .hint(
            "Ghi đủ con số, ví dụ 1.500.000, hoặc ghi rõ như \"1,5 triệu\", \"1 triệu 500 nghìn\".",
        )
    }

    fn number(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
        kind: number::Kind,
    ) -> FieldResult<Option<f64>> {
        let file = self.file();
        let raw = g.get(pos).clone();
        let v = match &raw {
            Raw::Empty => None,
            Raw::Number(n) => Some(*n),
            Raw::Text(t) if t.trim().is_empty() => None,
            Raw::Text(t) => match number::parse(&normalize_in(t, self.file_legacy).0, kind) {
                Ok(n) => Some(n),
                Err(number::NumberError::Ambiguous(why)) => {
                    return Err(self.number_ambiguous(g, pos, what, why))
                }
                Err(number::NumberError::NotANumber) => {
                    let example = match kind {
                        number::Kind::Count => {
                            "Chỉ ghi con số, ví dụ 25 (có thể kèm chữ như \"25 người\")."
                        }
                        number::Kind::Money => "Chỉ ghi số tiền, ví dụ 1.500.000 hoặc 1,5 triệu.",
                    };
                    return Err(Issue::new(
                        &file,
                        Code::NumberInvalid,
                        format!(
                            "{what} \"{}\" không phải là số; dòng này không được tính.",
                            t.trim()
                        ),
                    )
                    .at(&g.name, Some(pos.a1()))
                    .found(t.clone())
                    .hint(example));
                }
            },
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
            NameMatch::Tied(..) | NameMatch::None => None,
        };
        if let NameMatch::Tied(i, j) = by_name {
            if by_meta.is_none() && by_code.is_none() {
                let (a, b) = (&roster.units[i], &roster.units[j]);
                let i = Issue::new(
                    &file,
                    Code::UnitUnidentified,
                    format!(
                        "Không xác định được đơn vị: tên \"{}\" gần giống ngang nhau hai đơn vị trong danh sách, {} ({}) và {} ({}); số liệu của tệp không được tính.",
                        info.name, a.name, a.code, b.name, b.code
                    ),
                )
                .at_cell(self.name_at.clone())
                .found(info.name.clone())
                .hint("Ghi đúng \"Mã đơn vị\" ở trang Thông tin đơn vị rồi gửi lại.");
                self.issue(i);
                return;
            }
        }
        // A pre-filled file forwarded to a sibling unit: when the typed code and name agree
        // with each other and not with `_meta`, the unit that typed them sent it.
        let typed_agree = by_code.is_some() && by_code == name_idx;
        let chosen = if typed_agree && by_meta != by_code {
            by_code
        } else {
            by_meta.or(by_code).or(name_idx)
        };
        if let (Some(m), Some(ch)) = (by_meta, chosen) {
            if m != ch {
                let (meta_unit, unit) = (&roster.units[m], &roster.units[ch]);
                self.issue(
                    Issue::new(
                        &file,
                        Code::UnitConflict,
                        format!(
                            "Tệp mẫu được lập sẵn cho {} ({}), nhưng mã và tên ghi trong tệp là của {} ({}): tệp được tính cho {}.",
                            meta_unit.code, meta_unit.name, unit.code, unit.name, unit.code
                        ),
                    )
                    .at_cell(self.code_at.clone())
                    .found(format!("{} / {}", info.code, info.name))
                    .hint("Nếu đơn vị dùng lại tệp mẫu của đơn vị khác thì không sao; nếu không, hãy kiểm tra tệp này là của ai."),
                );
            }
        }
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

/// An issue about a value on a label/value sheet says what it did to the totals, not to
/// "this row" (a table row's message ends with that).
fn label_sheet_consequence(mut i: Issue, consequence: &str) -> Issue {
    const ROW: &str = "; dòng này không được tính.";
    if let Some(stem) = i.message.strip_suffix(ROW) {
        i.message = format!("{stem}. {consequence}");
    } else {
        i.message = format!("{} {consequence}", i.message);
    }
    i
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
