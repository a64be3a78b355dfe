//! `.xls` (BIFF in an OLE container): the pre-flight before calamine opens it, and its
//! saved time.

use chrono::{DateTime, Local, NaiveDateTime};

use super::hidden::HiddenRows;
use super::preflight::{Limits, Refusal};

/// Inspects an `.xls` the way calamine will read it (see [`check_xls`]); gives each
/// sheet's hidden rows, in the order of the workbook's sheets.
pub fn preflight(bytes: &[u8], limits: &Limits) -> Result<Vec<HiddenRows>, Refusal> {
    check_xls(bytes, limits)
}

/// The last-saved time of its `SummaryInformation` (local time).
pub fn saved_time(bytes: &[u8]) -> Option<NaiveDateTime> {
    xls_time(bytes)
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
fn check_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<HiddenRows>, Refusal> {
    // For the tests of the worker processes: with this door left open, a hostile file
    // still reaches calamine, and the worker's hard limits must hold on their own.
    if std::env::var_os(SKIP_XLS_CHECK).is_some() {
        return Ok(Vec::new());
    }
    let stream = match super::cfb::stream(bytes, &["Workbook", "Book"]) {
        Ok(Some(s)) => s,
        // No workbook stream: calamine reports it as unreadable by itself.
        Ok(None) => return Ok(Vec::new()),
        // The reader's own text is English and technical: the kind of damage is enough.
        Err(_) => return Err("cấu trúc tệp .xls bị hỏng".to_string()),
    };
    let mut positions = Vec::new();
    for (typ, data) in biff_records(&stream) {
        match typ {
            // Encrypted: calamine refuses it by itself.
            0x002F => return Ok(Vec::new()),
            0x0085 if data.len() >= 4 => {
                positions.push(super::cfb::u32_at(data, 0).unwrap_or(0) as usize)
            }
            0x000A => break,
            _ => {}
        }
    }
    let mut hidden = Vec::new();
    for (n, &pos) in positions.iter().enumerate() {
        hidden.push(match stream.get(pos..) {
            Some(sheet) => check_xls_sheet(sheet, n + 1, limits)?,
            None => HiddenRows::default(),
        });
    }
    Ok(hidden)
}

/// One sheet of an `.xls`, read as calamine reads it (see [`check_xls`]).
fn check_xls_sheet(sheet: &[u8], number: usize, limits: &Limits) -> Result<HiddenRows, Refusal> {
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
    let mut hidden = HiddenRows::default();
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
            // ROW: its option flags say whether it is hidden (fDyZero, 0x20).
            0x0208 if data.len() >= 14 && u16_at(12) & 0x20 != 0 => {
                hidden.add(u16_at(0), u16_at(0))
            }
            // FILTERMODE, AUTOFILTERINFO: a filter is on.
            0x009B | 0x009D => hidden.filter = true,
            0x00BD | 0x00BE if data.len() >= 6 => {
                let first = u16_at(2);
                add(u16_at(0), first, u16_at(data.len() - 2).max(first));
            }
            _ => {}
        }
    }
    if let Some((r0, r1, c0, c1)) = span {
        too_large((r1 - r0 + 1) as u64, (c1 - c0 + 1) as u64)?;
    }
    if hidden.is_empty() {
        hidden.filter = false;
    }
    Ok(hidden)
}

/// `PIDSI_LASTSAVE_DTM` (property 13, a FILETIME in UTC) of the `SummaryInformation`
/// property set of an .xls.
fn xls_time(bytes: &[u8]) -> Option<NaiveDateTime> {
    let stream = super::cfb::stream(bytes, &["\u{5}SummaryInformation"]).ok()??;
    let u32_at = |o: usize| {
        stream
            .get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    // Header (28 bytes), then FMTID (16) + offset (4) of the first property set.
    let section = u32_at(44)? as usize;
    let count = u32_at(section + 4)? as usize;
    for i in 0..count.min(64) {
        let id = u32_at(section + 8 + 8 * i)?;
        let offset = u32_at(section + 12 + 8 * i)? as usize;
        if id != 13 {
            continue;
        }
        // VT_FILETIME = 0x40.
        if u32_at(section + offset)? != 0x40 {
            return None;
        }
        let low = u32_at(section + offset + 4)? as u64;
        let high = u32_at(section + offset + 8)? as u64;
        let ticks = (high << 32) | low;
        // 100-ns ticks since 1601-01-01 UTC.
        let secs = (ticks / 10_000_000) as i64 - 11_644_473_600;
        let utc = DateTime::from_timestamp(secs, 0)?;
        return Some(utc.with_timezone(&Local).naive_local());
    }
    None
}

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
}
