//! `.xlsx` (and `.xlsm`): the pre-flight before its parts are read, and its saved time.

use std::io::{Read, Seek};

use chrono::NaiveDateTime;

use super::preflight::{Limits, Refusal};
use super::zipped::{check_container, open_zip, part_text, xml_time, Parts};

/// How much of the shared strings is read for their header.
const SST_HEAD_BYTES: u64 = 4096;

/// Inspects an `.xlsx`: its zip container, then the shared-strings header (a count of
/// strings the part cannot hold marks a damaged or crafted file).
pub fn preflight<R: Read + Seek>(parts: &mut Parts<R>, limits: &Limits) -> Result<(), Refusal> {
    check_container(&mut parts.zip, limits)?;
    let Ok(size) = parts.zip.by_name("xl/sharedStrings.xml").map(|f| f.size()) else {
        return Ok(());
    };
    let head = parts
        .read("xl/sharedStrings.xml", SST_HEAD_BYTES)
        .map_err(|e| {
            format!(
                "phần chữ của tệp bị hỏng ({})",
                crate::messages::io_error_vn(&e)
            )
        })?;
    let text = String::from_utf8_lossy(&head).into_owned();
    if head.len() as u64 == size {
        // All of it: the reader of the parts takes it from here, not inflated again.
        parts.keep("xl/sharedStrings.xml", head);
    }
    let head = text.as_str();
    // Every shared string takes at least `<si/>` (5 bytes). (`count` counts uses, not
    // strings.)
    if size > 0 && sst_tag(head).is_none() {
        return Err(
            "bảng chuỗi dùng chung (xl/sharedStrings.xml) không mở đầu bằng thẻ <sst> như quy định"
                .to_string(),
        );
    }
    if let Some(n) = xml_attr_number(head, "uniqueCount") {
        if n > size / 4 + 16 || n > 4 * limits.max_cells_per_sheet {
            return Err(format!(
                "bảng chuỗi dùng chung khai báo uniqueCount={n}, không khớp với kích thước thực ({size} byte)"
            ));
        }
    }
    Ok(())
}

/// The last-saved time of `docProps/core.xml` (local time).
pub fn saved_time(bytes: &[u8]) -> Option<NaiveDateTime> {
    saved_time_in(&mut Parts::new(open_zip(std::io::Cursor::new(bytes)).ok()?))
}

/// [`saved_time`] from a workbook's parts already opened (what reading a return uses).
pub fn saved_time_in<R: Read + Seek>(parts: &mut Parts<R>) -> Option<NaiveDateTime> {
    xml_time(&part_text(parts, "docProps/core.xml")?, "dcterms:modified")
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

#[cfg(test)]
mod tests {
    use super::*;

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
