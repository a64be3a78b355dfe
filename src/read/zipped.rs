//! What `.xlsx` and `.ods` share: a zip container checked before calamine opens it, and
//! small XML parts read for the document properties.

use std::io::{Cursor, Read, Seek};

use chrono::{DateTime, Local, NaiveDateTime};

use super::preflight::{mib, Limits, Refusal};

/// Document properties are small; anything larger is not read.
const MAX_PROPERTIES_BYTES: u64 = 1 << 20;

/// Inspects the zip directory of an `.xlsx` or `.ods`: entry count, sizes, compression
/// ratios (zip bombs).
pub fn check_container(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("tệp bị hỏng ({})", crate::messages::zip_error_vn(&e)))?;
    if zip.len() > limits.max_entries {
        return Err(format!(
            "tệp chứa {} thành phần, vượt giới hạn {} thành phần",
            zip.len(),
            limits.max_entries
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip.by_index_raw(i).map_err(|e| {
            format!(
                "thành phần thứ {} bị hỏng ({})",
                i + 1,
                crate::messages::zip_error_vn(&e)
            )
        })?;
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
        if size > super::preflight::RATIO_FROM_BYTES && ratio > limits.max_ratio {
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
    Ok(())
}

/// The text of the zip entry `name` (up to 1 MiB), if there is one.
pub fn entry_text(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    String::from_utf8(entry_bytes(&mut zip, name, MAX_PROPERTIES_BYTES)?).ok()
}

/// The bytes of entry `name` of `zip`, read up to `max_bytes` (none when missing or
/// unreadable).
pub fn entry_bytes<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    max_bytes: u64,
) -> Option<Vec<u8>> {
    let entry = zip.by_name(name).ok()?;
    // Sized from the directory (bounded): a growing buffer read the entry in small pieces.
    let mut out = Vec::with_capacity(entry.size().min(max_bytes) as usize);
    entry.take(max_bytes).read_to_end(&mut out).ok()?;
    Some(out)
}

/// The text of the first `<tag …>…</tag>` as a time: `2024-12-30T08:15:00Z` (UTC, turned
/// into local time) or without a zone (`2024-12-30T15:15:00.12`, already local).
pub fn xml_time(xml: &str, tag: &str) -> Option<NaiveDateTime> {
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
