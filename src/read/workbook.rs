//! Opens a workbook by its sniffed kind and turns sheets into sparse grids of raw cells.

use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
use std::time::{Duration, Instant};

use calamine::{Data, Ods, Reader, SheetVisible, Xls};

use super::cell::{date_from_excel, date_from_iso, Raw};
use super::hidden::{HiddenBySheet, HiddenRows, SheetScan};
use super::ooxml::Book;
use super::preflight::Limits;
use super::sniff::Kind;
use super::zipped::{Parts, SharedBytes};
use crate::pos::Pos;

/// A sheet's non-empty cells, by row then column.
#[derive(Debug, Default)]
pub struct Grid {
    pub name: String,
    rows: BTreeMap<u32, BTreeMap<u32, Raw>>,
    /// Cells that hold a copy of a merged region's top-left value → that top-left cell.
    inherited: HashMap<Pos, Pos>,
    /// Rows the unit does not see (hidden by hand or by a filter).
    pub hidden: HiddenRows,
}

impl Grid {
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            rows: BTreeMap::new(),
            inherited: HashMap::new(),
            hidden: HiddenRows::default(),
        }
    }

    pub fn set(&mut self, pos: Pos, v: Raw) {
        if !v.is_empty() {
            self.rows.entry(pos.row).or_default().insert(pos.col, v);
        }
    }

    pub fn get(&self, pos: Pos) -> &Raw {
        static EMPTY: Raw = Raw::Empty;
        self.rows
            .get(&pos.row)
            .and_then(|r| r.get(&pos.col))
            .unwrap_or(&EMPTY)
    }

    /// Rows that hold at least one non-empty cell, in order.
    /// The non-empty cells of row `r`, by column.
    pub fn row(&self, r: u32) -> Option<&BTreeMap<u32, Raw>> {
        self.rows.get(&r)
    }

    pub fn rows(&self) -> impl Iterator<Item = (u32, &BTreeMap<u32, Raw>)> {
        self.rows.iter().map(|(r, cells)| (*r, cells))
    }

    /// The top-left cell of the merged region whose value `pos` holds a copy of, if any.
    /// Descriptive columns inherit that value; numbers belong to the top-left cell only.
    pub fn merged_origin(&self, pos: Pos) -> Option<Pos> {
        self.inherited.get(&pos).copied()
    }

    /// Copies the top-left value of each merged region into every cell it covers, and
    /// remembers which cells are copies.
    pub fn apply_merges(&mut self, regions: &[(Pos, Pos)]) {
        for (start, end) in regions {
            let value = self.get(*start).clone();
            if value.is_empty() {
                continue;
            }
            let area = (end.row.saturating_sub(start.row) as u64 + 1)
                * (end.col.saturating_sub(start.col) as u64 + 1);
            if area > 10_000 {
                continue; // a decorative banner over a whole page, not data
            }
            for r in start.row..=end.row {
                for c in start.col..=end.col {
                    let p = Pos::new(r, c);
                    if self.get(p).is_empty() {
                        self.set(p, value.clone());
                        self.inherited.insert(p, *start);
                    }
                }
            }
        }
    }
}

/// A sheet's name and whether a user can see it.
#[derive(Debug, Clone)]
pub struct SheetInfo {
    pub name: String,
    pub visible: bool,
}

enum Inner {
    /// An `.xlsx`: read by this crate ([`Book`]) from its parts.
    Xlsx(Box<(Book, XlsxParts)>),
    Xls(Box<Xls<Cursor<Vec<u8>>>>),
    Ods(Box<Ods<Cursor<Vec<u8>>>>),
}

/// An `.xlsx`'s parts, its zip directory read once by the pre-flight.
pub type XlsxParts = Parts<Cursor<SharedBytes>>;

/// An opened workbook.
pub struct Workbook {
    inner: Inner,
    pub sheets: Vec<SheetInfo>,
    limits: Limits,
    /// When reading this file must stop (the per-file time budget, counted from opening).
    deadline: Instant,
    /// Merged regions of an ODS, found by the pre-flight (calamine has none for ODS).
    pub ods_merges: super::ods::OdsMerges,
    /// Hidden rows of an `.xls` or `.ods`, found by the pre-flight.
    pub hidden: HiddenBySheet,
    /// Every sheet's name in the workbook's own order (charts too): the order of an
    /// `.xls`'s pre-flight.
    pub all_names: Vec<String>,
    /// What each `.xlsx` sheet read says besides its cells (hidden rows, merged regions),
    /// found in the same pass as its cells.
    scans: HashMap<String, SheetScan>,
    /// When the unit last saved it, from its document properties.
    pub saved: Option<chrono::NaiveDateTime>,
}

/// Why a workbook could not be opened or a sheet read.
#[derive(Debug, Clone, PartialEq)]
pub enum OpenError {
    Encrypted,
    Unreadable(String),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Encrypted => f.write_str("tệp được đặt mật khẩu nên không đọc được"),
            OpenError::Unreadable(m) => f.write_str(m),
        }
    }
}

fn xls_error(e: calamine::XlsError) -> OpenError {
    match e {
        calamine::XlsError::Password => OpenError::Encrypted,
        _ => OpenError::Unreadable(LIBRARY_ERROR.into()),
    }
}

/// What users read when calamine cannot parse a part of the file (its own error text is
/// English and technical).
const LIBRARY_ERROR: &str = "cấu trúc bên trong tệp không đúng chuẩn bảng tính";

impl Workbook {
    /// Opens an `.xlsx` already pre-flighted from its parts (read by [`Book`]).
    pub fn open_xlsx(mut parts: XlsxParts, limits: Limits) -> Result<Workbook, OpenError> {
        let deadline = Instant::now() + Duration::from_secs(limits.seconds_per_file);
        let book = Book::open(&mut parts, limits.max_entry_bytes)
            .map_err(|_| OpenError::Unreadable(LIBRARY_ERROR.into()))?;
        Ok(Workbook::with(
            Inner::Xlsx(Box::new((book, parts))),
            limits,
            deadline,
        ))
    }

    /// Opens `bytes` (already sniffed and pre-flighted) as `kind` (`.xls` or `.ods`; an
    /// `.xlsx` opens with [`Workbook::open_xlsx`]).
    pub fn open(bytes: Vec<u8>, kind: Kind, limits: Limits) -> Result<Workbook, OpenError> {
        let deadline = Instant::now() + Duration::from_secs(limits.seconds_per_file);
        let cursor = Cursor::new(bytes);
        let inner = match kind {
            Kind::Xls => Inner::Xls(Box::new(Xls::new(cursor).map_err(xls_error)?)),
            Kind::Ods => Inner::Ods(Box::new(
                Ods::new(cursor).map_err(|_| OpenError::Unreadable(LIBRARY_ERROR.into()))?,
            )),
            _ => return Err(OpenError::Unreadable("không phải bảng tính".into())),
        };
        Ok(Workbook::with(inner, limits, deadline))
    }

    fn with(inner: Inner, limits: Limits, deadline: Instant) -> Workbook {
        let calamine = |meta: &[calamine::Sheet]| {
            sheet_lists(meta.iter().map(|s| {
                let worksheet = s.typ == calamine::SheetType::WorkSheet;
                (
                    s.name.as_str(),
                    worksheet,
                    s.visible == SheetVisible::Visible,
                )
            }))
        };
        let (all_names, sheets) = match &inner {
            Inner::Xlsx(wb) => sheet_lists(
                wb.0.sheets
                    .iter()
                    .map(|s| (s.name.as_str(), s.worksheet, s.visible)),
            ),
            Inner::Xls(wb) => calamine(wb.sheets_metadata()),
            Inner::Ods(wb) => calamine(wb.sheets_metadata()),
        };
        Workbook {
            inner,
            sheets,
            limits,
            deadline,
            ods_merges: Default::default(),
            hidden: HiddenBySheet::new(),
            all_names,
            scans: HashMap::new(),
            saved: None,
        }
    }

    /// The rows of sheet `name` that the unit does not see. Asked only for the sheets whose
    /// rows are counted (an `.xlsx`'s were found when its cells were read).
    pub fn hidden_rows(&mut self, name: &str) -> HiddenRows {
        if let Inner::Xlsx(wb) = &mut self.inner {
            if !self.scans.contains_key(name) {
                let (book, parts) = &mut **wb;
                let scan = book.sheet(name).and_then(|sheet| {
                    let read =
                        book.read_sheet(parts, sheet, self.limits.max_entry_bytes, |_, _| {
                            Ok::<(), ()>(())
                        });
                    read.ok()?.ok()
                });
                self.scans
                    .insert(name.to_string(), scan.unwrap_or_default());
            }
            return self
                .scans
                .get(name)
                .map(|s| s.hidden.clone())
                .unwrap_or_default();
        }
        self.hidden.get(name).cloned().unwrap_or_default()
    }

    /// Reads one sheet into a sparse grid.
    pub fn grid(&mut self, name: &str) -> Result<Grid, OpenError> {
        let limits = self.limits;
        let deadline = self.deadline;
        let mut grid = Grid::new(name);
        let mut cells: u64 = 0;
        let mut guard = |pos: Pos| -> Result<(), OpenError> {
            cells += 1;
            // The clock is read on the first cell and every 4,096th after it.
            if cells & 0xFFF == 1 && Instant::now() > deadline {
                return Err(OpenError::Unreadable(format!(
                    "đọc tệp quá {} giây (quá thời gian cho một tệp), đã bỏ dở ở trang \"{name}\"",
                    limits.seconds_per_file
                )));
            }
            if pos.row >= limits.max_rows_per_sheet {
                return Err(OpenError::Unreadable(format!(
                    "trang \"{name}\" có dữ liệu ở dòng {}, vượt giới hạn {} dòng một trang",
                    pos.line(),
                    limits.max_rows_per_sheet
                )));
            }
            if cells > limits.max_cells_per_sheet {
                return Err(OpenError::Unreadable(format!(
                    "trang \"{name}\" có hơn {} ô dữ liệu, vượt giới hạn",
                    limits.max_cells_per_sheet
                )));
            }
            Ok(())
        };
        let merges: Vec<(Pos, Pos)>;
        match &mut self.inner {
            Inner::Xlsx(wb) => {
                let (book, parts) = &mut **wb;
                let unreadable = || OpenError::Unreadable(LIBRARY_ERROR.into());
                let sheet = book.sheet(name).ok_or_else(unreadable)?;
                let scan = book
                    .read_sheet(parts, sheet, limits.max_entry_bytes, |pos, raw| {
                        guard(pos)?;
                        grid.set(pos, raw);
                        Ok(())
                    })?
                    .map_err(|_| unreadable())?;
                merges = scan.merges.clone();
                self.scans.insert(name.to_string(), scan);
            }
            Inner::Xls(wb) => {
                merges = wb
                    .merge_cells_by_sheet_name(name)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| (Pos::new(d.start.0, d.start.1), Pos::new(d.end.0, d.end.1)))
                    .collect();
                let range = wb.worksheet_range(name).map_err(xls_error)?;
                fill_from_range(&mut grid, &range, &mut guard)?;
            }
            Inner::Ods(wb) => {
                merges = self.ods_merges.get(name).cloned().unwrap_or_default();
                let range = wb
                    .worksheet_range(name)
                    .map_err(|_| OpenError::Unreadable(LIBRARY_ERROR.into()))?;
                fill_from_range(&mut grid, &range, &mut guard)?;
            }
        }
        grid.apply_merges(&merges);
        Ok(grid)
    }
}

fn fill_from_range(
    grid: &mut Grid,
    range: &calamine::Range<Data>,
    guard: &mut dyn FnMut(Pos) -> Result<(), OpenError>,
) -> Result<(), OpenError> {
    for (row, col, v) in range.used_cells() {
        let (sr, sc) = range.start().unwrap_or((0, 0));
        let pos = Pos::new(sr + row as u32, sc + col as u32);
        let raw = raw_from_data(v);
        if !raw.is_empty() {
            guard(pos)?;
            grid.set(pos, raw);
        }
    }
    Ok(())
}

/// From every sheet's (name, is a worksheet, is visible): every name in order, and the
/// worksheets.
fn sheet_lists<'a>(
    sheets: impl Iterator<Item = (&'a str, bool, bool)>,
) -> (Vec<String>, Vec<SheetInfo>) {
    let mut names = Vec::new();
    let mut work = Vec::new();
    for (name, worksheet, visible) in sheets {
        names.push(name.to_string());
        if worksheet {
            work.push(SheetInfo {
                name: name.to_string(),
                visible,
            });
        }
    }
    (names, work)
}

fn raw_from_data(v: &Data) -> Raw {
    match v {
        Data::Empty => Raw::Empty,
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Float(f) => Raw::Number(*f),
        Data::String(s) => Raw::Text(s.clone()),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) => date_from_excel(dt),
        Data::DateTimeIso(s) => date_from_iso(s),
        Data::DurationIso(s) => Raw::Text(s.clone()),
        Data::Error(e) => Raw::Error(e.to_string()),
    }
}
