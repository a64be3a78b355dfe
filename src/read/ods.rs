//! `.ods`: the pre-flight before calamine opens it (dense tables, merged regions), and its
//! saved time.

use chrono::NaiveDateTime;

use super::cell::Pos;
use super::preflight::{Limits, Refusal};
use super::zipped::{check_container, entry_text, xml_time};

/// Inspects an `.ods`: its zip container, then its tables; returns its merged regions.
pub fn preflight(bytes: &[u8], limits: &Limits) -> Result<OdsMerges, Refusal> {
    check_container(bytes, limits)?;
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
fn check_ods(bytes: &[u8], limits: &Limits) -> Result<OdsMerges, Refusal> {
    use quick_xml::events::{BytesStart, Event};

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("tệp bị hỏng ({})", crate::messages::zip_error_vn(&e)))?;
    let mut merges = OdsMerges::new();
    let Ok(content) = zip.by_name("content.xml") else {
        return Ok(merges);
    };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeats = |e: &BytesStart<'_>, attr: &str| -> u64 {
        e.try_get_attribute(attr)
            .ok()
            .flatten()
            .and_then(|a| a.value.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let filled = |e: &BytesStart<'_>| {
        e.attributes()
            .flatten()
            .any(|a| matches!(a.key.as_ref(), "office:value-type" | "table:formula"))
    };
    // Per table: rows so far, end of the last non-empty row, widest non-empty row.
    let (mut table, mut rows, mut last_row_end, mut width) = (0u32, 0u64, 0u64, 0u64);
    // Per row: its repeat count, column so far, end of its last non-empty cell.
    let (mut row_repeat, mut col, mut row_width) = (1u64, 0u64, 0u64);
    let mut depth = 0usize;
    let mut sheet = String::new();
    let mut buf = Vec::new();
    let check_table = |table: u32, last_row_end: u64, width: u64| {
        let cells = last_row_end.saturating_mul(width);
        if cells > limits.max_cells_per_sheet {
            Err(format!(
                "trang thứ {table} trải trên {last_row_end} dòng × {width} cột ({cells} ô), vượt giới hạn {} ô một trang",
                limits.max_cells_per_sheet
            ))
        } else {
            Ok(())
        }
    };
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
                    "table:table" => {
                        table += 1;
                        (rows, last_row_end, width) = (0, 0, 0);
                        sheet = e
                            .try_get_attribute("table:name")
                            .ok()
                            .flatten()
                            .map(|a| a.value.to_string())
                            .unwrap_or_default();
                    }
                    "table:table-row" => {
                        (row_repeat, col, row_width) =
                            (repeats(e, "table:number-rows-repeated"), 0, 0);
                        if empty {
                            rows = rows.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let (down, across) = (
                            repeats(e, "table:number-rows-spanned"),
                            repeats(e, "table:number-columns-spanned"),
                        );
                        if (down > 1 || across > 1)
                            && rows < u32::MAX as u64
                            && col < u32::MAX as u64
                        {
                            let (r, c) = (rows as u32, col as u32);
                            merges.entry(sheet.clone()).or_default().push((
                                Pos::new(r, c),
                                Pos::new(
                                    r.saturating_add(down as u32 - 1),
                                    c.saturating_add(across as u32 - 1),
                                ),
                            ));
                        }
                        col = col.saturating_add(repeats(e, "table:number-columns-repeated"));
                        if !empty || filled(e) {
                            row_width = col;
                        }
                    }
                    _ => {}
                }
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table-row" => {
                        rows = rows.saturating_add(row_repeat);
                        if row_width > 0 {
                            last_row_end = rows;
                            width = width.max(row_width);
                        }
                    }
                    "table:table" => check_table(table, last_row_end, width)?,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(merges)
}

/// Deeper than any spreadsheet program writes.
const MAX_XML_DEPTH: usize = 256;
