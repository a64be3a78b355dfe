//! danvan's `.xlsx` reading held against calamine's, the way danvan read `.xlsx` cells
//! before it read them itself: what `tests/xlsx_reader.rs` and the `xlsx_parts` fuzz target
//! compare `ooxml` with. Cells are written out as `row,col: value origin` lines, the
//! origin being the top-left cell of the merged region a value was copied from.

use std::io::Cursor;

use calamine::{DataRef, Xlsx};

use super::cell::{date_from_excel, date_from_iso, Raw};
use super::workbook::Grid;
use crate::pos::Pos;

/// A sheet's cells, in order, as lines.
pub fn cells_of(grid: &Grid) -> Vec<String> {
    let mut out = Vec::new();
    for (r, row) in grid.rows() {
        for (c, v) in row {
            let from = grid.merged_origin(Pos::new(r, *c));
            out.push(format!("{r},{c}: {v:?} {from:?}"));
        }
    }
    out
}

/// Sheet `name` as calamine reads it (its cells, merged regions filled in), and whether its
/// merged regions were read (calamine drops a sheet's whole list when one does not read);
/// `None` when calamine does not read the sheet.
pub fn calamine_sheet(wb: &mut Xlsx<Cursor<Vec<u8>>>, name: &str) -> Option<(Vec<String>, bool)> {
    let merges = wb.merge_cells_by_sheet_name(name);
    let merges_read = merges.is_ok();
    let merges: Vec<(Pos, Pos)> = (merges.unwrap_or_default().iter())
        .map(|d| (Pos::new(d.start.0, d.start.1), Pos::new(d.end.0, d.end.1)))
        .collect();
    let mut grid = Grid::new(name);
    let mut reader = wb.worksheet_cells_reader(name).ok()?;
    while let Some(cell) = reader.next_cell_with_formula().ok()? {
        let raw = match (&cell.value, cell.formula) {
            (DataRef::Empty, Some(f)) if !f.is_empty() => Raw::FormulaNoValue(f),
            (v, _) => raw_from_calamine(v),
        };
        grid.set(Pos::new(cell.pos.0, cell.pos.1), raw);
    }
    grid.apply_merges(&merges);
    Some((cells_of(&grid), merges_read))
}

/// A value as calamine's streaming cell reader gives it, taken as danvan took it.
fn raw_from_calamine(v: &DataRef<'_>) -> Raw {
    match v {
        DataRef::Empty => Raw::Empty,
        DataRef::Int(i) => Raw::Number(*i as f64),
        DataRef::Float(f) => Raw::Number(*f),
        DataRef::String(s) => Raw::Text(s.clone()),
        DataRef::SharedString(s) => Raw::Text(s.to_string()),
        DataRef::Bool(b) => Raw::Bool(*b),
        DataRef::DateTime(dt) => date_from_excel(dt),
        DataRef::DateTimeIso(s) => date_from_iso(s),
        DataRef::DurationIso(s) => Raw::Text(s.clone()),
        DataRef::Error(e) => Raw::Error(e.to_string()),
    }
}
