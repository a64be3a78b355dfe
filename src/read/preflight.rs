//! Checks a zip-based workbook before calamine sees it, so a hostile file cannot take the
//! process down (zip bombs, absurd shared-string counts, runaway entries).

use std::io::Read;

use super::cell::Pos;

/// Limits real returns never reach; raised with `--max-file-mb` and friends.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_entries: usize,
    pub max_entry_bytes: u64,
    pub max_total_bytes: u64,
    /// Uncompressed / compressed, for entries above 1 MiB.
    pub max_ratio: u64,
    pub max_rows_per_sheet: u32,
    pub max_cells_per_sheet: u64,
    /// Seconds one file may take before it is abandoned.
    pub seconds_per_file: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 100 << 20,
            max_entries: 10_000,
            max_entry_bytes: 512 << 20,
            max_total_bytes: 1 << 30,
            max_ratio: 500,
            max_rows_per_sheet: 100_000,
            max_cells_per_sheet: 3_000_000,
            seconds_per_file: 60,
        }
    }
}

/// Why a zip-based file was refused, as a Vietnamese sentence.
pub type Refusal = String;

fn mib(n: u64) -> String {
    format!("{} MiB", n >> 20)
}

/// Inspects the zip directory and the shared-strings header.
pub fn check_zip(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        format!("tệp nén bị hỏng hoặc bị cắt cụt (không đọc được danh mục tệp zip: {e})")
    })?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "tệp chứa {} thành phần, vượt giới hạn {} thành phần",
            zip.len(),
            limits.max_entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| format!("thành phần thứ {} bị hỏng ({e})", i + 1))?;
        let size = f.size();
        total = total.saturating_add(size);
        if size > limits.max_entry_bytes {
            return Err(format!(
                "thành phần \"{}\" giải nén ra {}, vượt giới hạn {} (nghi tệp \"bom nén\")",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                mib(size),
                mib(limits.max_entry_bytes)
            ));
        }
        let ratio = size / f.compressed_size().max(1);
        if size > (1 << 20) && ratio > limits.max_ratio {
            return Err(format!(
                "thành phần \"{}\" có tỉ lệ nén {ratio}:1, vượt giới hạn {}:1 (nghi tệp \"bom nén\")",
                f.name().map(|n| n.to_string()).unwrap_or_default(),
                limits.max_ratio
            ));
        }
    }
    if total > limits.max_total_bytes {
        return Err(format!(
            "tổng dung lượng giải nén {}, vượt giới hạn {}",
            mib(total),
            mib(limits.max_total_bytes)
        ));
    }
    if let Ok(f) = zip.by_name("xl/sharedStrings.xml") {
        let size = f.size();
        let mut head = Vec::new();
        f.take(4096)
            .read_to_end(&mut head)
            .map_err(|e| format!("xl/sharedStrings.xml bị hỏng ({e})"))?;
        let head = String::from_utf8_lossy(&head);
        // calamine reserves room for `uniqueCount` strings before reading them; every
        // shared string takes at least `<si/>` (5 bytes). (`count` counts uses, not strings.)
        if size > 0 && sst_tag(&head).is_none() {
            return Err(
                "bảng chuỗi dùng chung (xl/sharedStrings.xml) không mở đầu bằng thẻ <sst> như quy định"
                    .to_string(),
            );
        }
        if let Some(n) = xml_attr_number(&head, "uniqueCount") {
            if n > size / 4 + 16 || n > 4 * limits.max_cells_per_sheet {
                return Err(format!(
                    "bảng chuỗi dùng chung khai báo uniqueCount={n}, không khớp với kích thước thực ({size} byte)"
                ));
            }
        }
    }
    Ok(())
}

/// The `<sst …>` start tag (with or without a namespace prefix) in `head`.
fn sst_tag(head: &str) -> Option<&str> {
    let start = head.match_indices("sst").find_map(|(i, _)| {
        let before = head[..i].chars().next_back()?;
        let after = head[i + 3..].chars().next()?;
        ((before == '<' || before == ':')
            && (after.is_whitespace() || after == '>' || after == '/'))
            .then_some(i)
    })?;
    let tag = &head[start..];
    Some(&tag[..tag.find('>').unwrap_or(tag.len())])
}

fn xml_attr_number(head: &str, attr: &str) -> Option<u64> {
    let tag = sst_tag(head)?;
    let needle = format!(" {attr}=\"");
    let i = tag.find(&needle)? + needle.len();
    let digits: String = tag[i..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.' || *c == 'e' || *c == 'E' || *c == '+')
        .collect();
    digits.parse::<f64>().ok().map(|v| {
        if v > u64::MAX as f64 {
            u64::MAX
        } else {
            v as u64
        }
    })
}

/// Merged regions of an ODS, by sheet name (calamine does not report them for ODS).
pub type OdsMerges = std::collections::HashMap<String, Vec<(Pos, Pos)>>;

/// Refuses an ODS whose tables would make calamine allocate more than
/// `max_cells_per_sheet` cells. calamine expands repeated rows and columns into a dense
/// grid up to the last non-empty cell, so a few bytes such as
/// `table:number-columns-repeated="16384"` on a filled cell can ask for gigabytes.
/// The same pass collects the merged regions (`table:number-rows-spanned`/`-columns-spanned`).
pub fn check_ods(bytes: &[u8], limits: &Limits) -> Result<OdsMerges, Refusal> {
    use quick_xml::events::{BytesStart, Event};

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("tệp nén bị hỏng ({e})"))?;
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
            .map_err(|e| format!("content.xml không phải XML hợp lệ ({e})"))?;
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

/// Set in the environment, [`check_xls`] lets every `.xls` through (tests only).
pub const SKIP_XLS_CHECK: &str = "DANVAN_TEST_SKIP_XLS_CHECK";

/// BIFF records as calamine's reader walks them from `at`: a record whose length runs past
/// the stream ends the walk (calamine fails there), and `CONTINUE` records (0x003C) that
/// follow a record belong to it.
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    use super::cfb::u16_at as le16;
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let typ = le16(stream, at)?;
        let len = le16(stream, at + 2)? as usize;
        let data = stream.get(at + 4..at + 4 + len)?;
        at += 4 + len;
        while stream.len() > at + 4 && le16(stream, at) == Some(0x003C) {
            let l = le16(stream, at + 2)? as usize;
            stream.get(at + 4..at + 4 + l)?;
            at += 4 + l;
        }
        Some((typ, data))
    })
}

/// Refuses an `.xls` that would make calamine reserve or build a dense range of cells
/// larger than any return: a DIMENSIONS record declaring terabytes, or two cells far
/// apart (calamine fills every cell between them). The walk mirrors calamine's own: the
/// globals up to their EOF give each sheet's position (BOUNDSHEET), and each sheet is read
/// from there — a crafted position can make it start inside another record, so reading
/// the stream once from the top would see other records than calamine does.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    // For the tests of the worker processes: with this door left open, a hostile file
    // still reaches calamine, and the worker's hard limits must hold on their own.
    if std::env::var_os(SKIP_XLS_CHECK).is_some() {
        return Ok(());
    }
    let stream = match super::cfb::stream(bytes, &["Workbook", "Book"]) {
        Ok(Some(s)) => s,
        // No workbook stream: calamine reports it as unreadable by itself.
        Ok(None) => return Ok(()),
        Err(e) => return Err(format!("cấu trúc tệp .xls bị hỏng ({e})")),
    };
    let mut positions = Vec::new();
    for (typ, data) in biff_records(&stream) {
        match typ {
            // Encrypted: calamine refuses it by itself.
            0x002F => return Ok(()),
            0x0085 if data.len() >= 4 => {
                positions.push(super::cfb::u32_at(data, 0).unwrap_or(0) as usize)
            }
            0x000A => break,
            _ => {}
        }
    }
    for (n, &pos) in positions.iter().enumerate() {
        if let Some(sheet) = stream.get(pos..) {
            check_xls_sheet(sheet, n + 1, limits)?;
        }
    }
    Ok(())
}

/// One sheet of an `.xls`, read as calamine reads it (see [`check_xls`]).
fn check_xls_sheet(sheet: &[u8], number: usize, limits: &Limits) -> Result<(), Refusal> {
    use super::cfb::{u16_at as le16, u32_at as le32};
    let too_large = |rows: u64, cols: u64| -> Result<(), Refusal> {
        let cells = rows.saturating_mul(cols);
        if cells > limits.max_cells_per_sheet {
            return Err(format!(
                "trang thứ {number} cần một vùng {rows} dòng × {cols} cột ({cells} ô), vượt giới hạn {} ô một trang (tệp hỏng hoặc bị sửa có chủ ý)",
                limits.max_cells_per_sheet
            ));
        }
        Ok(())
    };
    // Span of the cells calamine collects (it builds the dense range between them).
    let mut span: Option<(u32, u32, u32, u32)> = None;
    let mut add = |row: u32, first: u32, last: u32| {
        span = Some(match span {
            None => (row, row, first, last),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(first), c1.max(last)),
        });
    };
    let (mut seen_bof, mut depth, mut formula_at) = (false, 0usize, (0u32, 0u32));
    for (typ, data) in biff_records(sheet) {
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let u16_at = |i: usize| le16(data, i).unwrap_or(0) as u32;
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            0x0200 => {
                let (rf, rl, mut cf, cl) = match data.len() {
                    10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
                    14 | 16 => (
                        le32(data, 0).unwrap_or(0),
                        le32(data, 4).unwrap_or(0),
                        u16_at(8),
                        u16_at(10),
                    ),
                    _ => continue,
                };
                if 0xFF < cf || cl < cf {
                    cf = 0;
                }
                let (end_r, end_c) = if rl >= 1 && cl >= 1 {
                    (rl - 1, cl - 1)
                } else {
                    (rf, cf)
                };
                let rows = end_r.wrapping_sub(rf).wrapping_add(1) as u64;
                let cols = end_c.wrapping_sub(cf).wrapping_add(1) as u64;
                too_large(rows, cols)?;
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if data.len() >= 4 => {
                add(u16_at(0), u16_at(2), u16_at(2))
            }
            0x0006 if data.len() >= 4 => {
                formula_at = (u16_at(0), u16_at(2));
                add(formula_at.0, formula_at.1, formula_at.1);
            }
            0x0207 => add(formula_at.0, formula_at.1, formula_at.1),
            0x00BD | 0x00BE if data.len() >= 6 => {
                let first = u16_at(2);
                add(u16_at(0), first, u16_at(data.len() - 2).max(first));
            }
            _ => {}
        }
    }
    match span {
        Some((r0, r1, c0, c1)) => too_large((r1 - r0 + 1) as u64, (c1 - c0 + 1) as u64),
        None => Ok(()),
    }
}

/// Deeper than any spreadsheet program writes.
const MAX_XML_DEPTH: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    /// The fuzzer's find: a Workbook entry calamine finds (its name matched in any case)
    /// whose sheet holds two cells 65,000 rows and columns apart.
    #[test]
    fn the_fuzzed_xls_is_refused_by_its_cells_span() {
        let b = include_bytes!("../../tests/fixtures/fuzz/xls-dense-range-137GB.xls");
        let why = check_xls(b, &Limits::default()).unwrap_err();
        assert!(why.contains("65390 dòng × 65529 cột"), "{why}");
    }

    #[test]
    fn attr_numbers() {
        let h = r#"<?xml version="1.0"?><sst xmlns="x" count="12" uniqueCount="9e11">"#;
        assert_eq!(xml_attr_number(h, "count"), Some(12));
        assert_eq!(xml_attr_number(h, "uniqueCount"), Some(900_000_000_000));
        let prefixed = r#"<x:sst xmlns:x="y" uniqueCount="5">"#;
        assert_eq!(xml_attr_number(prefixed, "uniqueCount"), Some(5));
        assert_eq!(sst_tag("<worksheet>"), None);
    }
}
