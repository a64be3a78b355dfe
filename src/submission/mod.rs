//! One returned workbook → its unit, dates, parsed rows with their source cells, and every issue.
//! `check` and `consolidate` both read returns through [`read_return`].
//!
//! The steps a return goes through, one file each: [`locate`] (which sheet is which),
//! [`labels`] (the label/value sheets), [`tables`] (the two tables and their row rules),
//! [`fields`] (one cell → a value or an issue), [`unit`] (which unit sent it).

// Field parsers return the finished Issue as their error; it is data, built once per bad cell.
#![allow(clippy::result_large_err)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

mod columns;
mod fields;
mod labels;
mod locate;
mod notes;
mod row_marks;
mod shared_text;
pub use shared_text::SharedText;
pub mod serde_dates;
mod tables;
mod total_rows;
mod unit;
pub use unit::{identify, UnitClues};

use crate::contract as c;
use crate::issue::Issue;
use crate::parse::category::CategoryMatcher;
use crate::parse::text::{detect_legacy, Legacy};
use crate::plan::{CategoryKind, Plan};
use crate::read::{open_bytes, read_file_timed, Kind, Limits, Pos, Raw};
use crate::roster::Roster;

/// A counted propaganda row. Categories are indices into the plan's lists.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PropagandaRow {
    /// The sheet it is on: an index into [`Submission::propaganda_sheets`] (0: the table's
    /// own sheet, then sheets copied from it).
    pub sheet: u8,
    pub row: u32,
    #[serde(with = "crate::submission::serde_dates::day")]
    pub date: NaiveDate,
    pub topic: u16,
    pub audience: u16,
    pub form: Option<u16>,
    pub sessions: i64,
    pub attendance: i64,
    pub speakers: i64,
    pub place: SharedText,
    pub note: SharedText,
}

/// A counted activity row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityRow {
    /// The sheet it is on: an index into [`Submission::activities_sheets`].
    pub sheet: u8,
    pub row: u32,
    #[serde(with = "crate::submission::serde_dates::day")]
    pub date: NaiveDate,
    pub activity: u16,
    pub description: SharedText,
    pub quantity: i64,
    pub participants: i64,
    pub value: i64,
    pub partner: SharedText,
    pub place: SharedText,
    pub note: SharedText,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Situation {
    pub strikes: Option<i64>,
    // Shared texts: most units write one of a few (`Ổn định`) or nothing.
    pub morale: SharedText,
    pub difficulties: SharedText,
    pub recommendations: SharedText,
}

/// What the `Thông tin đơn vị` sheet says.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    /// Shared texts (a hundred thousand units have a few thousand communes and positions).
    pub commune: SharedText,
    pub reporter: String,
    pub position: SharedText,
    pub phone: String,
    #[serde(with = "crate::submission::serde_dates::opt_day")]
    pub report_date: Option<NaiveDate>,
    pub members: Option<i64>,
}

/// Which unit a return belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitId {
    /// Index into the roster.
    Roster(usize),
    /// Identified, but absent from the roster.
    Extra { code: String, name: String },
}

/// Everything read from one file. Serialized for the cache of parsed returns, without what
/// belongs to where the file lies (path, name shown, modified time).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Submission {
    #[serde(skip)]
    pub path: PathBuf,
    /// The name shown to users (relative to the input folder).
    pub file: String,
    /// False when the file could not be read as a return at all.
    pub readable: bool,
    pub unit: Option<UnitId>,
    pub info: UnitInfo,
    /// The file's modified time on disk (local time).
    #[serde(skip)]
    pub modified: Option<NaiveDateTime>,
    /// The workbook's own last-saved time, from its document properties (local time).
    #[serde(with = "crate::submission::serde_dates::opt_time")]
    pub saved: Option<NaiveDateTime>,
    /// The content hash of the file's bytes (none when it could not be read).
    pub hash: Option<u128>,
    /// Its size in bytes.
    pub size: u64,
    pub propaganda: Vec<PropagandaRow>,
    pub activities: Vec<ActivityRow>,
    pub situation: Situation,
    pub issues: Vec<Issue>,
    /// Rows seen below the header of `Tuyên truyền` and `Hoạt động` (every row holding a
    /// value of its own besides `STT`), as (sheet, row), counted apart from the rows
    /// counted, for `Đối soát`.
    pub propaganda_seen: Vec<(u8, u32)>,
    pub activities_seen: Vec<(u8, u32)>,
    /// The sheets each table was read from, as named in the file (they may be renamed):
    /// its own sheet first, then sheets copied from it (`Tuyên truyền (2)`).
    pub propaganda_sheets: Vec<SharedText>,
    pub activities_sheets: Vec<SharedText>,
    /// Read but not yet weighed against the roster (a worker's answer): see [`identify`].
    pub clues: Option<Box<UnitClues>>,
}

impl Submission {
    fn new(path: &Path, file: &str) -> Submission {
        Submission {
            path: path.to_path_buf(),
            file: file.to_string(),
            readable: false,
            unit: None,
            info: UnitInfo::default(),
            modified: file_modified(path),
            saved: None,
            hash: None,
            size: 0,
            propaganda: Vec::new(),
            activities: Vec::new(),
            situation: Situation::default(),
            issues: Vec::new(),
            propaganda_seen: Vec::new(),
            activities_seen: Vec::new(),
            propaganda_sheets: vec![c::SHEET_PROPAGANDA.into()],
            activities_sheets: vec![c::SHEET_ACTIVITIES.into()],
            clues: None,
        }
    }

    /// A file that could not be read at all (its size still known).
    pub fn unread(path: &Path, file: &str) -> Submission {
        let mut sub = Submission::new(path, file);
        sub.size = std::fs::metadata(path).map_or(0, |m| m.len());
        sub
    }

    /// The name of propaganda sheet `sheet` (see [`PropagandaRow::sheet`]).
    pub fn propaganda_sheet(&self, sheet: u8) -> &str {
        self.propaganda_sheets
            .get(sheet as usize)
            .map_or(c::SHEET_PROPAGANDA, SharedText::as_str)
    }

    /// The name of activity sheet `sheet` (see [`ActivityRow::sheet`]).
    pub fn activities_sheet(&self, sheet: u8) -> &str {
        self.activities_sheets
            .get(sheet as usize)
            .map_or(c::SHEET_ACTIVITIES, SharedText::as_str)
    }

    pub fn rows_read(&self) -> usize {
        self.propaganda_seen.len() + self.activities_seen.len()
    }

    pub fn rows_counted(&self) -> usize {
        self.propaganda.len() + self.activities.len()
    }

    /// Names another plan or period (`other-period`): nothing of it counts for this one.
    pub fn other_period(&self) -> bool {
        self.issues
            .iter()
            .any(|i| i.code == crate::issue::Code::OtherPeriod)
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

pub fn file_modified(path: &Path) -> Option<NaiveDateTime> {
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
    read_return_cached(path, display, ctx, None)
}

/// [`read_return`], except that a file whose bytes `cache` has seen (by content hash) is
/// taken from it instead of being parsed again.
pub fn read_return_cached(
    path: &Path,
    display: &str,
    ctx: &Context<'_>,
    cache: Option<&Lookup<'_>>,
) -> Submission {
    let mut sub = read_unidentified(path, display, ctx, cache);
    identify(&mut sub, ctx.roster);
    sub
}

/// [`read_return`] without weighing its unit against the roster (a worker's part: the
/// parent calls [`identify`] on the answer).
pub fn read_return_unidentified(path: &Path, display: &str, ctx: &Context<'_>) -> Submission {
    read_unidentified(path, display, ctx, None)
}

fn read_unidentified(
    path: &Path,
    display: &str,
    ctx: &Context<'_>,
    cache: Option<&Lookup<'_>>,
) -> Submission {
    isolated(path, display, || {
        let (bytes, modified) = match read_file_timed(path, &ctx.limits) {
            Ok((b, m)) => (Ok(b), m),
            Err(e) => (Err(e), None),
        };
        // The content hash identifies the file in the run record and across runs.
        let (hash, size) = match &bytes {
            Ok(b) => (Some(content_hash(b)), b.len() as u64),
            Err(_) => (None, std::fs::metadata(path).map_or(0, |m| m.len())),
        };
        if let Some(mut hit) = hash.and_then(|h| cache?(h, path, display)) {
            hit.modified = modified;
            return hit;
        }
        let opened = bytes.and_then(|b| open_bytes(b, &ctx.limits));
        let mut sub = read_opened(opened, path, display, ctx);
        (sub.hash, sub.size) = (hash, size);
        sub
    })
}

/// Returns parsed earlier, by content hash: `(hash, path, name shown)` → the return.
pub type Lookup<'a> = dyn Fn(u128, &Path, &str) -> Option<Submission> + Sync + 'a;

/// The return `cache` holds for the bytes of `path` (by content hash), if any.
pub fn from_cache(
    path: &Path,
    display: &str,
    ctx: &Context<'_>,
    cache: &Lookup<'_>,
) -> Option<Submission> {
    let (bytes, modified) = read_file_timed(path, &ctx.limits).ok()?;
    let mut sub = cache(content_hash(&bytes), path, display)?;
    sub.modified = modified;
    Some(sub)
}

/// A file's content hash (xxh3, 128 bits): the same bytes, the same hash, on any machine.
pub fn content_hash(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// Reads a return already in memory (for fuzzing and tests); `display` names it.
pub fn read_return_bytes(bytes: Vec<u8>, display: &str, ctx: &Context<'_>) -> Submission {
    let path = Path::new(display);
    let mut sub = isolated(path, display, || {
        read_opened(open_bytes(bytes, &ctx.limits), path, display, ctx)
    });
    identify(&mut sub, ctx.roster);
    sub
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
        sub.issues.push(crate::messages::reader_crashed(display));
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
    let (mut wb, _) = match opened {
        Ok(x) => x,
        Err(r) => {
            sub.issues
                .push(crate::messages::refused(display, r.code, &r.message));
            return sub;
        }
    };
    sub.saved = wb.saved;
    let mut r = Reader {
        ctx,
        sub,
        meta: HashMap::new(),
        legacy: HashMap::new(),
        file_legacy: None,
        code_at: None,
        name_at: None,
    };

    let Some(sheets) = locate::sheets(&mut wb, &mut r) else {
        return r.sub;
    };
    r.sub.readable = true;
    // Legacy fonts are chosen per file: one surely-TCVN3/VNI cell settles the ambiguous ones.
    // In a fixed order of sheets, so that two runs decide alike.
    r.file_legacy = sheets.in_order().find_map(|g| {
        g.rows().find_map(|(_, cells)| {
            cells.values().find_map(|v| match v {
                Raw::Text(t) => detect_legacy(t),
                _ => None,
            })
        })
    });
    if let Some(g) = &sheets.meta {
        r.read_meta(g);
    }
    let titled: Vec<&crate::read::Grid> = [
        &sheets.info,
        &sheets.propaganda,
        &sheets.activities,
        &sheets.situation,
    ]
    .into_iter()
    .flatten()
    .collect();
    r.check_title_period(&titled);
    match &sheets.info {
        Some(g) => r.read_info(g),
        None => r.missing_sheet(c::SHEET_INFO),
    }
    match &sheets.propaganda {
        Some(g) => {
            let copies: Vec<&crate::read::Grid> = sheets.propaganda_copies.iter().collect();
            r.read_propaganda(g, &copies);
        }
        None => r.missing_sheet(c::SHEET_PROPAGANDA),
    }
    match &sheets.activities {
        Some(g) => {
            let copies: Vec<&crate::read::Grid> = sheets.activities_copies.iter().collect();
            r.read_activities(g, &copies);
        }
        None => r.missing_sheet(c::SHEET_ACTIVITIES),
    }
    match &sheets.situation {
        Some(g) => r.read_situation(g),
        None => r.missing_sheet(c::SHEET_SITUATION),
    }
    // Which unit sent it is weighed against the roster by `identify`, from these clues.
    let clues = UnitClues {
        meta_code: r.meta.get(c::META_UNIT_CODE).cloned(),
        code_at: r.code_at.take(),
        name_at: r.name_at.take(),
        issues_at: r.sub.issues.len(),
    };
    r.flush_legacy();
    r.sub.clues = Some(Box::new(clues));
    r.sub
}

/// Legacy text converted on one sheet, for its one warning: the first cell, its text before
/// and after, and how many cells there were.
struct LegacyCells {
    cell: Pos,
    before: String,
    after: String,
    encoding: Legacy,
    count: usize,
}

/// A return being read: the submission so far and what the steps share.
struct Reader<'a> {
    ctx: &'a Context<'a>,
    sub: Submission,
    /// The `_meta` sheet's keys and values (needed only while the file is read: a hundred
    /// thousand returns kept their maps, about 70 MB, until the summary was written).
    meta: HashMap<String, String>,
    /// Per sheet: legacy cells converted.
    legacy: HashMap<String, LegacyCells>,
    /// The legacy encoding this file's text is typed in, if any cell surely is.
    file_legacy: Option<Legacy>,
    /// Where `Mã đơn vị` and `Tên công đoàn cơ sở` are answered (sheet, cell).
    code_at: Option<(String, Pos)>,
    name_at: Option<(String, Pos)>,
}

/// What makes two propaganda rows the same row typed twice.
type PropagandaKey = (NaiveDate, u16, u16, Option<u16>, i64, i64, String);

/// A field that could not be used, as an issue to attach.
type FieldResult<T> = Result<T, Issue>;

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
        assert_eq!(sub.issues[0].code, crate::issue::Code::FileUnreadable);
        assert_eq!(sub.issues[0].file, "x.xls");
        // The flag is cleared: later panics elsewhere are reported as usual.
        assert!(!READING.with(|r| r.get()));
    }
}
