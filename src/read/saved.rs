//! When the unit last saved the workbook, from its own document properties: what Excel,
//! LibreOffice or WPS wrote on saving (CONTRACT §6: trusted after the receipt log and
//! `Ngày báo cáo`, before the file's modified time, which copying and downloading reset).

use std::io::{Cursor, Read};

use chrono::{DateTime, Local, NaiveDateTime};

use super::sniff::Kind;

/// Document properties are small; anything larger is not read.
const MAX_PROPERTIES_BYTES: u64 = 1 << 20;

/// The workbook's last-saved time in local time, when its properties record one.
pub fn saved_time(bytes: &[u8], kind: Kind) -> Option<NaiveDateTime> {
    match kind {
        Kind::Xlsx => xml_time(&zip_entry(bytes, "docProps/core.xml")?, "dcterms:modified"),
        Kind::Ods => xml_time(&zip_entry(bytes, "meta.xml")?, "dc:date"),
        Kind::Xls => xls_time(bytes),
        _ => None,
    }
}

fn zip_entry(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry
        .take(MAX_PROPERTIES_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    Some(text)
}

/// The text of the first `<tag …>…</tag>` as a time: `2024-12-30T08:15:00Z` (UTC, turned
/// into local time) or without a zone (`2024-12-30T15:15:00.12`, already local).
fn xml_time(xml: &str, tag: &str) -> Option<NaiveDateTime> {
    let start = xml.find(&format!("<{tag}"))?;
    let open_end = start + xml[start..].find('>')? + 1;
    let close = open_end + xml[open_end..].find(&format!("</{tag}>"))?;
    parse_time(xml[open_end..close].trim())
}

fn parse_time(s: &str) -> Option<NaiveDateTime> {
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Local).naive_local());
    }
    let s = s.split('.').next().unwrap_or(s);
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S").ok()
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

    #[test]
    fn times_with_and_without_a_zone() {
        let local = parse_time("2024-12-30T15:15:00.12").unwrap();
        assert_eq!(local.to_string(), "2024-12-30 15:15:00");
        let utc = parse_time("2024-12-30T08:15:00Z").unwrap();
        let expect = DateTime::parse_from_rfc3339("2024-12-30T08:15:00Z")
            .unwrap()
            .with_timezone(&Local)
            .naive_local();
        assert_eq!(utc, expect);
        let xml = r#"<cp:coreProperties><dcterms:modified xsi:type="dcterms:W3CDTF">2024-12-30T08:15:00Z</dcterms:modified></cp:coreProperties>"#;
        assert_eq!(xml_time(xml, "dcterms:modified"), Some(expect));
    }
}
