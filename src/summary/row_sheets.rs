//! The sheets of a row per unit, file or item (`Tiến độ nộp`, `Theo đơn vị` and the
//! row-level sheets): their frames through rust_xlsxwriter, their rows as compressed pieces
//! ([`super::rowxml`]) found among the last run's or made.

use rust_xlsxwriter::{Workbook, Worksheet, XlsxError};

use super::package::SheetRows;
use super::pieces::{Loc, Pieces};
use super::rowxml::{self, Xf};
use super::writer::{frame, wraps_long_text, Block, Fmts, Shape, MAX_ROWS_PER_SHEET, V};

/// A sheet of rows: its name, its columns and its `n` rows, built on demand.
pub struct RowSheet<'a> {
    pub name: &'a str,
    pub headers: &'a [&'a str],
    pub widths: &'a [f64],
    /// The leading columns printed, in one strip: the ones people read on paper (the rest,
    /// such as where a row came from, are for the screen).
    pub printed: usize,
    pub n: usize,
    pub row: Box<dyn Fn(usize) -> Vec<V> + Sync + 'a>,
    /// What row `i` is about (its return, say): consecutive rows about the same thing stay
    /// in one piece of the sheet's XML.
    pub about: Box<dyn Fn(usize) -> u64 + Sync + 'a>,
}

/// Adds the row-level sheets in order, each continued on `Name (2)`, `Name (3)`… past the
/// row limit, each with its header row only; returns their rows as compressed pieces of
/// XML, found among the last run's `pieces` or made (in parallel), for
/// [`super::package::assemble`] to splice in.
pub fn row_sheets(
    wb: &mut Workbook,
    sheets: &[RowSheet<'_>],
    f: &Fmts,
    pieces: &Pieces,
) -> Result<Vec<SheetRows>, XlsxError> {
    row_sheets_of(wb, sheets, f, pieces, MAX_ROWS_PER_SHEET)
}

/// [`row_sheets`], a sheet holding `max_rows` rows at most.
pub(super) fn row_sheets_of(
    wb: &mut Workbook,
    sheets: &[RowSheet<'_>],
    f: &Fmts,
    pieces: &Pieces,
    max_rows: usize,
) -> Result<Vec<SheetRows>, XlsxError> {
    let mut out = Vec::new();
    for s in sheets {
        let count = s.n.div_ceil(max_rows).max(1);
        for i in 0..count {
            let start = i * max_rows;
            let len = s.n.saturating_sub(start).min(max_rows);
            let name = match i {
                0 => s.name.to_string(),
                _ => format!("{} ({})", s.name, i + 1),
            };
            let range = start..start + len;
            out.push(sheet_of_rows(
                wb,
                &name,
                s,
                range,
                Shape::Filter,
                f,
                pieces,
                |ws| {
                    ws.set_freeze_panes(1, 0)?;
                    ws.set_print_area(0, 0, len.max(1) as u32, s.printed.max(1) as u16 - 1)?;
                    Ok(())
                },
            )?);
        }
    }
    Ok(out)
}

/// Adds the sheet `name` holding the rows `range` of `s` under its header, laid out as
/// `shape`: its frame through rust_xlsxwriter, then what `then` adds (panes, print area,
/// a total row under the rows, rules), and its rows as compressed pieces, found among the
/// last run's `pieces` or made.
#[allow(clippy::too_many_arguments)]
pub(super) fn sheet_of_rows(
    wb: &mut Workbook,
    name: &str,
    s: &RowSheet<'_>,
    range: std::ops::Range<usize>,
    shape: Shape,
    f: &Fmts,
    pieces: &Pieces,
    then: impl FnOnce(&mut Worksheet) -> Result<(), XlsxError>,
) -> Result<SheetRows, XlsxError> {
    let number = wb.worksheets().len() + 1;
    let ws = wb.add_worksheet();
    ws.set_name(name)?;
    let first = (!range.is_empty()).then(|| (s.row)(range.start));
    let block = Block {
        row0: 0,
        headers: s.headers,
        widths: s.widths,
        printed: s.printed,
        n: range.len(),
        shape,
    };
    frame(ws, &block, first.as_deref(), f)?;
    then(ws)?;
    Ok(SheetRows {
        number,
        rows: range.len(),
        cols: s.headers.len() as u16,
        pieces: row_pieces(s, range, &Xf::of(f), pieces)?,
    })
}

/// Rows a piece holds at least before it may end (after the rows of one thing), and at
/// most (unless one thing has more): a few dozen kilobytes of XML, which compress nearly
/// as well as a whole sheet.
const PIECE_MIN_ROWS: usize = 64;
const PIECE_MAX_ROWS: usize = 512;

/// The rows `range` of `s` as compressed pieces. Rows about one thing stay together; a
/// piece ends after a thing whose rows' hash says so (once it has its minimum), so pieces
/// end at the same places wherever rows are added or changed elsewhere.
fn row_pieces(
    s: &RowSheet<'_>,
    range: std::ops::Range<usize>,
    xf: &Xf,
    pieces: &Pieces,
) -> Result<Vec<Loc>, XlsxError> {
    use rayon::prelude::*;
    let wrap_long = wraps_long_text(range.len());
    let mut things = Vec::new();
    let mut from = range.start;
    for i in range.clone().skip(1) {
        if (s.about)(i) != (s.about)(i - 1) {
            things.push(from..i);
            from = i;
        }
    }
    if !range.is_empty() {
        things.push(from..range.end);
    }
    let hashes: Vec<u128> = (things.par_iter())
        .map(|rows| {
            let mut h = xxhash_rust::xxh3::Xxh3::new();
            for i in rows.clone() {
                hash_cells(&mut h, &(s.row)(i));
            }
            h.digest128()
        })
        .collect();
    // What else a piece's XML is made of.
    let mut salt = xxhash_rust::xxh3::Xxh3::new();
    salt.update(&rowxml::FORMAT.to_le_bytes());
    salt.update(format!("{xf:?}{wrap_long}").as_bytes());
    for w in s.widths {
        salt.update(&w.to_bits().to_le_bytes());
    }
    let mut groups: Vec<(std::ops::Range<usize>, u128)> = Vec::new();
    let (mut first, mut rows) = (0, 0);
    for (j, thing) in things.iter().enumerate() {
        rows += thing.len();
        let ends = rows >= PIECE_MAX_ROWS
            || (rows >= PIECE_MIN_ROWS && hashes[j] % 4 == 0)
            || j + 1 == things.len();
        if ends {
            let mut h = salt.clone();
            for k in &hashes[first..=j] {
                h.update(&k.to_le_bytes());
            }
            groups.push((things[first].start..thing.end, h.digest128()));
            (first, rows) = (j + 1, 0);
        }
    }
    (groups.par_iter())
        .map(|(rows, key)| {
            pieces.get_or_make(*key, || {
                let mut xml = Vec::new();
                for i in rows.clone() {
                    rowxml::row(&mut xml, (s.row)(i), s.widths, wrap_long, xf)?;
                }
                Ok(rowxml::piece(&xml))
            })
        })
        .collect()
}

/// Feeds the cells of a row, each with its kind, to `h`.
fn hash_cells(h: &mut xxhash_rust::xxh3::Xxh3, cells: &[V]) {
    h.update(&(cells.len() as u32).to_le_bytes());
    for v in cells {
        let text = |h: &mut xxhash_rust::xxh3::Xxh3, tag: u8, t: &str| {
            h.update(&[tag]);
            h.update(&(t.len() as u64).to_le_bytes());
            h.update(t.as_bytes());
        };
        match v {
            V::Text(t) => text(h, 0, t),
            V::Wrapped(t) => text(h, 1, t),
            V::Change(t) => text(h, 2, t),
            V::Int(n) => {
                h.update(&[3]);
                h.update(&n.to_le_bytes());
            }
            V::Date(d) => {
                use chrono::Datelike;
                h.update(&[4]);
                h.update(&d.map_or(i32::MIN, |d| d.num_days_from_ce()).to_le_bytes());
            }
            V::Percent(p) => {
                h.update(&[5]);
                h.update(&p.map_or(u64::MAX, f64::to_bits).to_le_bytes());
            }
        }
    }
}
