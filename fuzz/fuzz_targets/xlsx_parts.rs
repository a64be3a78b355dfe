//! The `.xlsx` reader (`src/read/ooxml.rs`) on any sheet, shared strings and styles: the
//! input is those three parts' XML, split by a line `@@`, put in a workbook whose zip is
//! whole (so every mutation reaches the XML, none is stopped at a checksum). The reader
//! must never panic or hang, and where calamine reads the sheet too, both must read the
//! same cells (merged regions filled in), but for the inline strings calamine lets a later
//! `<v>` erase. Seeds: `fuzz/seed.sh`.
#![no_main]

use std::io::{Cursor, Write};

use calamine::{Reader, Xlsx};
use danvan::read::against::{calamine_sheet, cells_of};
use danvan::read::{open_bytes, Limits};
use libfuzzer_sys::fuzz_target;

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn workbook(sheet: &[u8], sst: &[u8], styles: &[u8]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    let mut put = |name: &str, data: &[u8]| {
        z.start_file(name, opts).unwrap();
        z.write_all(data).unwrap();
    };
    put("_rels/.rels", format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).as_bytes());
    put("xl/workbook.xml", format!(r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets><sheet name="Tuyên truyền" sheetId="1" r:id="rId1"/></sheets></workbook>"#).as_bytes());
    put("xl/_rels/workbook.xml.rels", format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#).as_bytes());
    put("xl/worksheets/sheet1.xml", sheet);
    if !sst.is_empty() {
        put("xl/sharedStrings.xml", sst);
    }
    if !styles.is_empty() {
        put("xl/styles.xml", styles);
    }
    z.finish().unwrap().into_inner()
}

/// calamine's reading of the one sheet, and whether its merged regions were read.
fn theirs(bytes: &[u8]) -> Option<(Vec<String>, bool)> {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).ok()?;
    calamine_sheet(&mut wb, "Tuyên truyền")
}

/// The input's parts, split by the line `@@`.
fn split_parts(data: &[u8]) -> Vec<&[u8]> {
    let mut pieces = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i + 4 <= data.len() {
        if &data[i..i + 4] == b"\n@@\n" {
            pieces.push(&data[start..i]);
            start = i + 4;
            i += 4;
        } else {
            i += 1;
        }
    }
    pieces.push(&data[start..]);
    pieces
}

fuzz_target!(|data: &[u8]| {
    let mut parts = split_parts(data).into_iter();
    let sheet = parts.next().unwrap_or_default();
    let sst = parts.next().unwrap_or_default();
    let styles = parts.next().unwrap_or_default();
    let bytes = workbook(sheet, sst, styles);
    let limits = Limits {
        seconds_per_file: 5,
        ..Limits::default()
    };
    let Ok((mut wb, _)) = open_bytes(bytes.clone(), &limits) else {
        return;
    };
    let Ok(grid) = wb.grid("Tuyên truyền") else {
        return;
    };
    let _ = wb.hidden_rows("Tuyên truyền");
    let ours = cells_of(&grid);
    if let Some((theirs, merges_read)) = theirs(&bytes) {
        let ours: Vec<&String> = match merges_read {
            true => ours.iter().collect(),
            false => ours.iter().filter(|c| c.ends_with(" None")).collect(),
        };
        // Every cell calamine reads, danvan reads alike; a cell only danvan reads is the text
        // of an inline string that a later `<v>` erased in calamine (ooxml.rs says why).
        let mut only_ours = Vec::new();
        let mut theirs = theirs.iter().peekable();
        for c in ours {
            match theirs.peek() {
                Some(t) if *t == c => {
                    theirs.next();
                }
                _ => only_ours.push(c),
            }
        }
        let missing: Vec<&String> = theirs.collect();
        assert!(
            missing.is_empty(),
            "calamine read cells danvan did not: {missing:?}"
        );
        for c in only_ours {
            assert!(
                c.contains(": Text("),
                "danvan read a cell calamine did not: {c}"
            );
        }
    }
});
