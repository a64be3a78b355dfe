//! `.ods`: the pre-flight before calamine opens it (dense tables, merged regions), and its
//! saved time.

use chrono::NaiveDateTime;

use super::hidden::HiddenBySheet;
use super::preflight::{Limits, Refusal};
use super::zipped::{check_container, entry_text, open_zip, xml_time};
use crate::pos::Pos;

/// Inspects an `.ods`: its zip container, then its tables; returns its merged regions.
pub fn preflight(bytes: &[u8], limits: &Limits) -> Result<(OdsMerges, HiddenBySheet), Refusal> {
    check_container(&mut open_zip(std::io::Cursor::new(bytes))?, limits)?;
    check_ods(bytes, limits)
}

/// The last-saved time of `meta.xml` (local time).
pub fn saved_time(bytes: &[u8]) -> Option<NaiveDateTime> {
    xml_time(&entry_text(bytes, "meta.xml")?, "dc:date")
}

/// Merged regions of an ODS, by sheet name (calamine does not report them for ODS).
pub type OdsMerges = std::collections::HashMap<String, Vec<(Pos, Pos)>>;

/// Refuses an ODS whose tables would make calamine allocate more than
/// `max_cells_per_sheet` cells. calamine expands repeated rows and columns into a dense
/// grid up to the last non-empty cell, so a few bytes such as
/// `table:number-columns-repeated="16384"` on a filled cell can ask for gigabytes.
/// The same pass collects the merged regions (`table:number-rows-spanned`/`-columns-spanned`).
fn check_ods(bytes: &[u8], limits: &Limits) -> Result<(OdsMerges, HiddenBySheet), Refusal> {
    use quick_xml::events::Event;

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("tệp bị hỏng ({})", crate::messages::zip_error_vn(&e)))?;
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok((OdsMerges::new(), HiddenBySheet::new()));
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let mut scan = Scan::default();
    let mut depth = 0usize;
    let mut buf = Vec::new();
    loop {
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|_| "nội dung tệp .ods bị hỏng (XML không hợp lệ)".to_string())?;
        let empty = matches!(event, Event::Empty(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                if !empty {
                    depth += 1;
                    if depth > MAX_XML_DEPTH {
                        return Err(format!("content.xml lồng sâu quá {MAX_XML_DEPTH} cấp"));
                    }
                }
                match e.name().as_ref() {
                    "table:table" => scan.start_table(e),
                    "table:table-row" => scan.start_row(e, empty),
                    "table:table-cell" | "table:covered-table-cell" => scan.cell(e, empty),
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table-row" => scan.end_row(),
                    "table:table" => scan.end_table(limits)?,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok((scan.merges, scan.hidden))
}

/// Where the pass over `content.xml` stands.
struct Scan {
    /// Tables so far (the current one's number, from 1).
    table: u32,
    sheet: String,
    /// In the current table: rows so far, the end of the last non-empty row, the widest
    /// non-empty row.
    rows: u64,
    last_row_end: u64,
    width: u64,
    /// In the current row: its repeat count, columns so far, the end of its last
    /// non-empty cell.
    row_repeat: u64,
    col: u64,
    row_width: u64,
    merges: OdsMerges,
    /// Rows hidden by hand (`table:visibility="collapse"`) or by a filter (`"filter"`).
    hidden: HiddenBySheet,
}

impl Default for Scan {
    fn default() -> Scan {
        Scan {
            table: 0,
            sheet: String::new(),
            rows: 0,
            last_row_end: 0,
            width: 0,
            row_repeat: 1,
            col: 0,
            row_width: 0,
            merges: OdsMerges::new(),
            hidden: HiddenBySheet::new(),
        }
    }
}

impl Scan {
    fn start_table(&mut self, e: &quick_xml::events::BytesStart<'_>) {
        self.table += 1;
        (self.rows, self.last_row_end, self.width) = (0, 0, 0);
        self.sheet = e
            .try_get_attribute("table:name")
            .ok()
            .flatten()
            .map(|a| a.value.to_string())
            .unwrap_or_default();
    }

    fn start_row(&mut self, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        (self.row_repeat, self.col, self.row_width) =
            (repeats(e, "table:number-rows-repeated"), 0, 0);
        let visibility = e
            .try_get_attribute("table:visibility")
            .ok()
            .flatten()
            .map(|a| a.value.to_string());
        if let Some(v) = visibility.filter(|v| v != "visible") {
            let first = self.rows;
            let last = first.saturating_add(self.row_repeat - 1);
            if last < u32::MAX as u64 {
                let h = self.hidden.entry(self.sheet.clone()).or_default();
                h.add(first as u32, last as u32);
                h.filter |= v == "filter";
            }
        }
        if empty {
            self.rows = self.rows.saturating_add(self.row_repeat);
        }
    }

    fn cell(&mut self, e: &quick_xml::events::BytesStart<'_>, empty: bool) {
        let (down, across) = (
            repeats(e, "table:number-rows-spanned"),
            repeats(e, "table:number-columns-spanned"),
        );
        let (rows, col) = (self.rows, self.col);
        if (down > 1 || across > 1) && rows < u32::MAX as u64 && col < u32::MAX as u64 {
            let (r, c) = (rows as u32, col as u32);
            self.merges.entry(self.sheet.clone()).or_default().push((
                Pos::new(r, c),
                Pos::new(
                    r.saturating_add(down as u32 - 1),
                    c.saturating_add(across as u32 - 1),
                ),
            ));
        }
        self.col = col.saturating_add(repeats(e, "table:number-columns-repeated"));
        let filled = e
            .attributes()
            .flatten()
            .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"));
        if !empty || filled {
            self.row_width = self.col;
        }
    }

    fn end_row(&mut self) {
        self.rows = self.rows.saturating_add(self.row_repeat);
        if self.row_width > 0 {
            self.last_row_end = self.rows;
            self.width = self.width.max(self.row_width);
        }
    }

    /// Refuses a table whose filled area is larger than the limit allows.
    fn end_table(&self, limits: &Limits) -> Result<(), Refusal> {
        let (table, last_row_end, width) = (self.table, self.last_row_end, self.width);
        let cells = last_row_end.saturating_mul(width);
        if cells > limits.max_cells_per_sheet {
            Err(format!(
                "trang thứ {table} trải trên {last_row_end} dòng × {width} cột ({cells} ô), vượt giới hạn {} ô một trang",
                limits.max_cells_per_sheet
            ))
        } else {
            Ok(())
        }
    }
}

/// A repeat or span attribute's count (1 when absent or unreadable).
fn repeats(e: &quick_xml::events::BytesStart<'_>, attr: &str) -> u64 {
    e.try_get_attribute(attr)
        .ok()
        .flatten()
        .and_then(|a| a.value.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

/// Deeper than any spreadsheet program writes.
const MAX_XML_DEPTH: usize = 256;
