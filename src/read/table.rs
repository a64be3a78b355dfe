//! Finding header rows and labels by text, wherever a unit moved them.

use super::cell::Raw;
use super::workbook::Grid;
use crate::parse::text::{fold, fold_prefix};
use crate::pos::Pos;

/// Where each wanted header was found.
#[derive(Debug, Clone)]
pub struct HeaderMap {
    pub row: u32,
    pub cols: Vec<Option<u32>>,
}

/// Does a header cell (folded) say `wanted` (folded), allowing a qualifier after it
/// (`Số lượt người tham dự (người)`)?
fn header_matches(cell_folded: &str, wanted_folded: &str) -> bool {
    let f = cell_folded;
    f == wanted_folded
        || (f.starts_with(wanted_folded) && f[wanted_folded.len()..].starts_with(' '))
}

/// Header texts to look for, folded once.
#[derive(Debug, Clone)]
pub struct Headers {
    folded: Vec<String>,
    /// The longest folded header, in bytes: a cell matches on its first folded bytes, so
    /// long cells (data under the header) are never folded whole.
    longest: usize,
}

impl Headers {
    pub fn new(wanted: &[&str]) -> Headers {
        let folded: Vec<String> = wanted.iter().map(|w| fold(w)).collect();
        let longest = folded.iter().map(String::len).max().unwrap_or(0);
        Headers { folded, longest }
    }

    pub fn len(&self) -> usize {
        self.folded.len()
    }

    pub fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }
}

/// Scans the first `scan_rows` non-empty rows for the row holding most of `wanted`
/// (at least `min_hits`).
pub fn find_header(
    grid: &Grid,
    wanted: &Headers,
    min_hits: usize,
    scan_rows: usize,
) -> Option<HeaderMap> {
    let mut best: Option<(usize, HeaderMap)> = None;
    for (row, cells) in grid.rows().take(scan_rows) {
        let mut cols = vec![None; wanted.len()];
        for (col, v) in cells {
            if let Raw::Text(t) = v {
                let f = fold_prefix(t, wanted.longest);
                if let Some(i) = wanted.folded.iter().position(|w| header_matches(&f, w)) {
                    cols[i].get_or_insert(*col);
                }
            }
        }
        let hits = cols.iter().filter(|c| c.is_some()).count();
        if hits >= min_hits && best.as_ref().is_none_or(|(b, _)| hits > *b) {
            best = Some((hits, HeaderMap { row, cols }));
        }
    }
    best.map(|(_, h)| h)
}

/// A label found in a label/value sheet, and the cell holding its value.
#[derive(Debug, Clone)]
pub struct Labelled<'a> {
    pub label_at: Pos,
    pub value_at: Pos,
    pub value: &'a Raw,
}

/// The text cells of a label/value sheet, folded once, to look labels up in.
pub struct Labels<'a> {
    grid: &'a Grid,
    folded: Vec<(Pos, String)>,
}

impl<'a> Labels<'a> {
    pub fn new(grid: &'a Grid) -> Labels<'a> {
        let folded = grid
            .rows()
            .flat_map(|(row, cells)| {
                cells.iter().filter_map(move |(col, v)| match v {
                    Raw::Text(t) => Some((Pos::new(row, *col), fold(t))),
                    _ => None,
                })
            })
            .collect();
        Labels { grid, folded }
    }

    /// Finds `label` anywhere in the sheet and returns the first non-empty cell to its
    /// right (or the cell right of it when all are empty).
    pub fn find(&self, label: &str) -> Option<Labelled<'a>> {
        let wanted = fold(label);
        let (label_at, _) = self.folded.iter().find(|(_, f)| {
            *f == wanted
                || (f.starts_with(&wanted)
                    && f[wanted.len()..].starts_with(' ')
                    && f.len() < wanted.len() + 25)
        })?;
        let (row, col) = (label_at.row, label_at.col);
        let right = self.grid.row(row).and_then(|cells| {
            cells.range(col + 1..).find(|(c, v)| {
                // A label merged over several columns is not its own value.
                !v.is_empty() && self.grid.merged_origin(Pos::new(row, **c)) != Some(*label_at)
            })
        });
        Some(match right {
            Some((c, v)) if *c <= col + 3 => Labelled {
                label_at: *label_at,
                value_at: Pos::new(row, *c),
                value: v,
            },
            _ => {
                // The cell right of the label (and of its merged copies).
                let mut next = col + 1;
                while self.grid.merged_origin(Pos::new(row, next)) == Some(*label_at) {
                    next += 1;
                }
                Labelled {
                    label_at: *label_at,
                    value_at: Pos::new(row, next),
                    value: self.grid.get(Pos::new(row, next)),
                }
            }
        })
    }
}

/// Reads CSV text (UTF-8, `,` or `;`) into a grid of text cells.
pub fn grid_from_csv(name: &str, text: &str) -> Result<Grid, String> {
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().find(|l| !l.starts_with('#')).unwrap_or("");
    let delim = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .comment(Some(b'#'))
        .from_reader(text.as_bytes());
    let mut grid = Grid::new(name);
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| format!("dòng {}: {e}", r + 1))?;
        for (c, v) in rec.iter().enumerate() {
            grid.set(Pos::new(r as u32, c as u32), Raw::Text(v.to_string()));
        }
    }
    Ok(grid)
}
