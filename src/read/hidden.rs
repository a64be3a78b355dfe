//! Rows a user does not see: hidden by hand, or by a filter left on. calamine reads their
//! cells like any others and does not say they are hidden; a unit that hides rows sees
//! other figures than the ones counted, so the reader is told. Found per format: `.xlsx`
//! from each sheet's `<row hidden="1">` (read only for the sheets read, and parsed only when
//! the text holds such a row), `.xls` from its `ROW` records, `.ods` from
//! `table:visibility` (both during the pre-flight's own walk).

use std::collections::HashMap;
use std::io::{Read, Seek};

use super::zipped::Parts;

use crate::read::Pos;

/// The hidden rows of one sheet (0-based, inclusive ranges) and whether a filter is on.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HiddenRows {
    pub ranges: Vec<(u32, u32)>,
    pub filter: bool,
}

impl HiddenRows {
    pub fn contains(&self, row: u32) -> bool {
        self.ranges.iter().any(|(a, b)| (*a..=*b).contains(&row))
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Adds rows `first..=last`, joined to the last range when they follow it.
    pub fn add(&mut self, first: u32, last: u32) {
        match self.ranges.last_mut() {
            Some((_, end)) if end.checked_add(1) == Some(first) => *end = last,
            _ => self.ranges.push((first, last)),
        }
    }
}

/// Hidden rows by sheet name.
pub type HiddenBySheet = HashMap<String, HiddenRows>;

/// An `.xlsx`'s sheet parts by sheet name, from `xl/workbook.xml` and its relationships.
pub fn xlsx_sheet_parts<R: Read + Seek>(parts: &mut Parts<R>) -> HashMap<String, String> {
    let mut text = |name: &str| {
        parts
            .read(name, 1 << 20)
            .ok()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    };
    let (Some(book), Some(rels)) = (text("xl/workbook.xml"), text("xl/_rels/workbook.xml.rels"))
    else {
        return HashMap::new();
    };
    let targets: HashMap<String, String> = tags(&rels, "Relationship")
        .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
        .collect();
    tags(&book, "sheet")
        .filter_map(|t| {
            let name = unescape(&attr(t, "name")?);
            // The relationship id is `r:id` whatever the prefix.
            let id = attr_ending(t, ":id")?;
            let target = targets.get(&id)?;
            let part = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, part))
        })
        .collect()
}

/// What one `.xlsx` sheet's XML says besides its cells: its hidden rows and its merged
/// regions, from a single read of its text. (calamine's own merge list read and parsed the
/// whole sheet once more for the few `<mergeCell>` tags at its end: with the hidden rows,
/// every counted sheet was inflated three times and parsed twice.)
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SheetScan {
    /// The sheet's text was found and read.
    pub found: bool,
    pub hidden: HiddenRows,
    /// Merged regions, (top-left, bottom-right).
    pub merges: Vec<(Pos, Pos)>,
}

/// [`SheetScan`] of the sheet part `part` among an `.xlsx`'s `parts`, its text read up to
/// `max_bytes`. Anything unreadable reads as nothing hidden and nothing merged.
pub fn xlsx_sheet_scan<R: Read + Seek>(
    parts: &mut Parts<R>,
    part: &str,
    max_bytes: u64,
) -> SheetScan {
    let mut out = SheetScan::default();
    let Ok(xml) = parts.read(part, max_bytes) else {
        return out;
    };
    out.found = true;
    let has = |needle: &[u8]| memchr::memmem::find(&xml, needle).is_some();
    if has(b"hidden=\"1\"") || has(b"hidden=\"true\"") {
        out.hidden.filter = has(b"autoFilter");
        let text = String::from_utf8_lossy(&xml);
        for tag in tags(&text, "row") {
            let hidden = attr(tag, "hidden").is_some_and(|v| v == "1" || v == "true");
            let row = attr(tag, "r").and_then(|r| r.parse::<u32>().ok());
            if let (true, Some(r)) = (hidden, row) {
                if r >= 1 {
                    out.hidden.add(r - 1, r - 1);
                }
            }
        }
    }
    // `<mergeCells>` follows `<sheetData>` (the schema's order): only the text after it is
    // looked at, where no cell text can be mistaken for a tag.
    let tail = memchr::memmem::rfind(&xml, b"sheetData>").map_or(&xml[..], |i| &xml[i..]);
    if memchr::memmem::find(tail, b"mergeCell").is_some() {
        let text = String::from_utf8_lossy(tail);
        out.merges = tags(&text, "mergeCell")
            .filter_map(|t| merged_region(&attr(t, "ref")?))
            .collect();
    }
    out
}

/// A merged region's `ref`: `B2:D3` (absolute or not), or one cell.
fn merged_region(r: &str) -> Option<(Pos, Pos)> {
    let r = r.replace('$', "");
    let (a, b) = r.split_once(':').unwrap_or((&r, &r));
    let (a, b) = (Pos::parse_a1(a.trim())?, Pos::parse_a1(b.trim())?);
    (a.row <= b.row && a.col <= b.col).then_some((a, b))
}

/// The start tags `<name …>` (with any namespace prefix) in `xml`, each without its `<`.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    xml.split('<').skip(1).filter_map(move |t| {
        let tag = &t[..t.find('>')?];
        let tag_name = tag.split(|c: char| c.is_whitespace() || c == '/').next()?;
        let local = tag_name.rsplit(':').next()?;
        (local == name).then_some(tag)
    })
}

/// The value of attribute `name` (exactly) in a start tag.
fn attr(tag: &str, name: &str) -> Option<String> {
    attr_where(tag, |n| n == name)
}

/// The value of the attribute whose name ends with `suffix` (`r:id`).
fn attr_ending(tag: &str, suffix: &str) -> Option<String> {
    attr_where(tag, |n| n.ends_with(suffix))
}

fn attr_where(tag: &str, wanted: impl Fn(&str) -> bool) -> Option<String> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let name = rest[..eq]
            .trim()
            .rsplit(char::is_whitespace)
            .next()?
            .to_string();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let end = after[1..].find(quote)?;
        let value = &after[1..1 + end];
        if wanted(&name) {
            return Some(value.to_string());
        }
        rest = &after[1 + end + 1..];
    }
    None
}

/// XML's five entities (sheet names may hold `&amp;`).
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_tags() {
        let t = r#"row r="7" spans="1:10" hidden="1" x14ac:dyDescent="0.25""#;
        assert_eq!(attr(t, "r").as_deref(), Some("7"));
        assert_eq!(attr(t, "hidden").as_deref(), Some("1"));
        let xml = r#"<sheetData><row r="2"><c r="A2"/></row><x:row r="3" hidden="1"/></sheetData>"#;
        let rows: Vec<&str> = tags(xml, "row").collect();
        assert_eq!(rows.len(), 2);
        let sheet = r#"sheet name="A &amp; B" sheetId="1" r:id="rId3"/"#;
        assert_eq!(unescape(&attr(sheet, "name").unwrap()), "A & B");
        assert_eq!(attr_ending(sheet, ":id").as_deref(), Some("rId3"));
    }

    #[test]
    fn merged_regions_are_read_from_after_the_cells() {
        assert_eq!(
            merged_region("B2:D3"),
            Some((Pos::new(1, 1), Pos::new(2, 3)))
        );
        assert_eq!(
            merged_region("$A$1"),
            Some((Pos::new(0, 0), Pos::new(0, 0)))
        );
        assert_eq!(merged_region("D3:B2"), None);
        assert_eq!(merged_region("x"), None);
    }

    #[test]
    fn one_read_of_a_sheet_gives_its_hidden_rows_and_merges() {
        use std::io::Write;
        let xml = concat!(
            r#"<x:worksheet xmlns:x="s"><x:sheetData><x:row r="2"><x:c r="A2" t="inlineStr">"#,
            r#"<x:is><x:t>&lt;mergeCell ref="C9:C9"/&gt;</x:t></x:is></x:c></x:row>"#,
            r#"<x:row r="4" hidden="1"/></x:sheetData><x:autoFilter ref="A1:B4"/>"#,
            r#"<x:mergeCells count="2"><x:mergeCell ref="A1:B2"/><x:mergeCell ref="$D$5:$D$6"/>"#,
            r#"</x:mergeCells></x:worksheet>"#
        );
        let mut bytes = Vec::new();
        {
            let mut z = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
            z.start_file(
                "xl/worksheets/sheet1.xml",
                zip::write::SimpleFileOptions::default(),
            )
            .unwrap();
            z.write_all(xml.as_bytes()).unwrap();
            z.finish().unwrap();
        }
        let zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
        let mut zip = Parts::new(zip);
        let scan = xlsx_sheet_scan(&mut zip, "xl/worksheets/sheet1.xml", 1 << 20);
        assert!(scan.found && scan.hidden.filter);
        assert_eq!(scan.hidden.ranges, [(3, 3)]);
        // The text of a cell that looks like a tag is no merge.
        assert_eq!(
            scan.merges,
            [
                (Pos::new(0, 0), Pos::new(1, 1)),
                (Pos::new(4, 3), Pos::new(5, 3))
            ]
        );
        assert!(!xlsx_sheet_scan(&mut zip, "xl/worksheets/sheet2.xml", 1 << 20).found);
    }

    #[test]
    fn ranges_join() {
        let mut h = HiddenRows::default();
        h.add(3, 3);
        h.add(4, 4);
        h.add(9, 12);
        assert_eq!(h.ranges, [(3, 4), (9, 12)]);
        assert!(h.contains(11) && !h.contains(5));
    }
}
