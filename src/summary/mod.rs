//! Totals → the consolidated workbook (docs/tong-hop.md): one file per sheet, over one small
//! [`writer`]. Feedback workbooks are in `feedback`.

mod changes;
mod headline;
mod package;
mod per_unit;
pub mod pieces;
mod progress;
mod reconciliation;
mod row_sheets;
mod rows;
mod rowxml;
pub(crate) mod writer;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

pub use crate::contract::{
    SHEET_CHANGES, SHEET_ISSUES, SHEET_PER_UNIT, SHEET_PROGRESS, SHEET_RECONCILE, SHEET_SUMMARY,
    SUMMARY_SHEETS as SHEETS,
};
use crate::issue::Issue;
use crate::model::Outcome;
use crate::plan::Plan;
use crate::report::record::{Record, RECORD_SHEET};
use crate::submission::{Submission, UnitId};
pub use rows::{issue_row, ISSUE_HEADERS, ISSUE_WIDTHS};
pub use writer::MAX_ROWS_PER_SHEET;

/// The counted returns and, for the row-level sheets, (file, row) of every counted row, so
/// rows are built into cells on demand and no sheet needs a second copy of them.
pub(crate) struct Counted<'a> {
    files: Vec<&'a Submission>,
    propaganda: Vec<(u32, u32)>,
    activities: Vec<(u32, u32)>,
    issues: Vec<&'a Issue>,
}

impl<'a> Counted<'a> {
    fn new(o: &'a Outcome) -> Counted<'a> {
        // The data sheets follow the roster's order, as staff read the list; units outside
        // it after, by code; each unit's files in the order they were read.
        let mut files: Vec<&Submission> = o.counted().collect();
        files.sort_by_key(|s| match &s.unit {
            Some(UnitId::Roster(i)) => (0, *i, ""),
            Some(UnitId::Extra { code, .. }) => (1, 0, code.as_str()),
            None => (2, 0, ""),
        });
        let index = |len: fn(&Submission) -> usize| -> Vec<(u32, u32)> {
            files
                .iter()
                .enumerate()
                .flat_map(|(i, s)| (0..len(s)).map(move |r| (i as u32, r as u32)))
                .collect()
        };
        Counted {
            propaganda: index(|s| s.propaganda.len()),
            activities: index(|s| s.activities.len()),
            issues: o.all_issues().collect(),
            files,
        }
    }

    /// Some row-level sheet goes on past one sheet.
    fn continued(&self) -> bool {
        [
            self.propaganda.len(),
            self.activities.len(),
            self.issues.len(),
        ]
        .iter()
        .any(|n| *n > MAX_ROWS_PER_SHEET)
    }
}

/// The consolidated workbook, ready to save: rust_xlsxwriter's workbook, whose sheets of a
/// row per unit, file or item hold their header (and a total row for some), and those
/// sheets' rows as compressed pieces (in `pieces`, given to [`build`]).
pub struct Summary<'p> {
    workbook: Workbook,
    rows: Vec<package::SheetRows>,
    pieces: &'p pieces::Pieces,
}

impl Summary<'_> {
    /// Saves the workbook to `out`, those sheets' rows spliced in. The workbook as
    /// rust_xlsxwriter saves it goes to a temporary file first (at 100,000 returns it is
    /// 25 MB that need not stay in memory).
    pub fn save(mut self, out: &mut impl std::io::Write) -> Result<(), XlsxError> {
        let mut base = std::io::BufWriter::new(tempfile::tempfile()?);
        self.workbook.save_to_writer(&mut base)?;
        let mut base = base
            .into_inner()
            .map_err(|e| XlsxError::IoError(e.into_error()))?;
        std::io::Seek::rewind(&mut base)?;
        let base = std::io::BufReader::new(base);
        package::assemble(base, &self.rows, self.pieces, out).map_err(XlsxError::IoError)
    }

    /// The saved workbook's bytes.
    pub fn save_to_buffer(self) -> Result<Vec<u8>, XlsxError> {
        let mut bytes = Vec::new();
        self.save(&mut bytes)?;
        Ok(bytes)
    }
}

/// The summary workbook of `o`; `delta` (what changed since the previous run) fills the
/// `Thay đổi` sheet. The pieces of the sheets of rows are taken from `pieces` (the last run's)
/// where they are the same, and noted there for the next run.
pub fn build<'p>(
    o: &Outcome,
    delta: Option<&crate::state::Delta>,
    plan: &Plan,
    pieces: &'p pieces::Pieces,
) -> Result<Summary<'p>, XlsxError> {
    let f = writer::Fmts::new(&plan.code);
    let mut wb = Workbook::new();
    f.register(&mut wb);
    // Level 3 (zlib-rs): 2,000 returns save in 0.12 s instead of 0.22 s for a file 21 % larger
    // (2.36 MB instead of 1.95 MB); level 1 is faster still but 80 % larger.
    wb.set_zip_compression_level(3);
    let stamp = o.as_of.and_hms_opt(0, 0, 0).expect("midnight exists");
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp kết quả {} — {}", plan.code, plan.title))
            .set_company("danvan")
            .set_creation_datetime(&stamp),
    );
    use crate::clock::timing;
    let start = std::time::Instant::now();
    let counted = Counted::new(o);
    let cells = headline::write(&mut wb, o, plan, &f, counted.continued())?;
    timing("  trang Tổng hợp", start);
    let start = std::time::Instant::now();
    // The two unit-per-row sheets: their rows as pieces, as the row-level sheets'.
    let mut rows = vec![
        progress::write(&mut wb, o, &f, pieces)?,
        per_unit::write(&mut wb, o, plan, &f, pieces)?,
    ];
    timing("  trang Tiến độ nộp, Theo đơn vị", start);
    let start = std::time::Instant::now();
    rows.extend(rows::write(&mut wb, o, plan, &f, &counted, pieces)?);
    timing("  các trang dòng", start);
    let start = std::time::Instant::now();
    reconciliation::write(&mut wb, o, &f)?;
    changes::write(&mut wb, delta, &f)?;
    record_sheet(&mut wb, &Record::of(o, plan, cells))?;
    timing("  trang Đối soát, Thay đổi, bản ghi", start);
    wb.worksheet_from_index(0)?.set_active(true);
    Ok(Summary {
        workbook: wb,
        rows,
        pieces,
    })
}

/// The machine record, last and very hidden (docs/tong-hop.md): what `rollup` reads, and
/// where `Tổng hợp` shows each figure so that a hand edit there is caught.
fn record_sheet(wb: &mut Workbook, record: &Record) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(RECORD_SHEET)?;
    for (row, text) in record.to_cells().iter().enumerate() {
        ws.write_string(row as u32, 0, text)?;
    }
    ws.set_very_hidden(true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::row_sheets::{row_sheets_of, RowSheet};
    use super::writer::{t, Fmts, V};
    use super::*;
    use calamine::{Data, Reader};

    /// Sheets of row-level rows saved as the summary is, read back by calamine: each sheet's
    /// rows (its header first) as text.
    fn saved(sheets: &[RowSheet<'_>], max_rows: usize) -> Vec<(String, Vec<Vec<String>>)> {
        let f = Fmts::new("73/KH");
        let mut wb = Workbook::new();
        f.register(&mut wb);
        let pieces = pieces::Pieces::default();
        let rows = row_sheets_of(&mut wb, sheets, &f, &pieces, max_rows).unwrap();
        let bytes = Summary {
            workbook: wb,
            rows,
            pieces: &pieces,
        }
        .save_to_buffer()
        .unwrap();
        let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let names = book.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let range = book.worksheet_range(&name).unwrap();
                let rows = (range.rows())
                    .map(|r| {
                        r.iter()
                            .map(|c| match c {
                                Data::Empty => String::new(),
                                c => c.to_string(),
                            })
                            .collect()
                    })
                    .collect();
                (name, rows)
            })
            .collect()
    }

    #[test]
    fn rows_continued_over_sheets_read_back_in_order_each_under_its_header() {
        let rows: Vec<Vec<V>> = (0..10)
            .map(|i| {
                vec![
                    t(format!("U{}", i / 3)),
                    V::Int(i),
                    t(if i % 4 == 0 { "" } else { "chữ <&> _x0041_" }),
                    V::Date(None),
                    t("cuối"),
                ]
            })
            .collect();
        let headers = ["Mã", "Số", "Chữ", "Ngày", "Ghi chú"];
        let sheet = RowSheet {
            name: "Dòng",
            headers: &headers,
            widths: &[10.0; 5],
            printed: 5,
            n: rows.len(),
            row: Box::new(|i| rows[i].clone()),
            about: Box::new(|i| (i / 3) as u64),
        };
        let empty = RowSheet {
            name: "Trống",
            headers: &headers,
            widths: &[10.0; 5],
            printed: 5,
            n: 0,
            row: Box::new(|_| unreachable!("no row")),
            about: Box::new(|_| 0),
        };
        let back = saved(&[sheet, empty], 4);
        let names: Vec<&str> = back.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["Dòng", "Dòng (2)", "Dòng (3)", "Trống"]);
        let mut all = Vec::new();
        for (name, rows) in &back {
            assert_eq!(rows[0], headers.map(String::from), "{name}");
            all.extend(rows[1..].iter().cloned());
        }
        let want: Vec<Vec<String>> = (0..10)
            .map(|i| {
                let text = if i % 4 == 0 { "" } else { "chữ <&> _x0041_" };
                vec![
                    format!("U{}", i / 3),
                    i.to_string(),
                    text.to_string(),
                    String::new(),
                    "cuối".to_string(),
                ]
            })
            .collect();
        assert_eq!(all, want);
        assert_eq!(back[0].1.len(), 5, "four rows under the header");
        assert_eq!(back[3].1.len(), 1, "an empty sheet keeps its header");
    }
}
