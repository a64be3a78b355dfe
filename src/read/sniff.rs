//! What a file really is, from its bytes rather than its name.

use std::io::Read;

/// The formats danvan reads, and the things people send instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Xlsx,
    Xls,
    Ods,
    /// Excel's binary workbook (`.xlsb`): refused with advice, not read.
    Xlsb,
    /// An OOXML file encrypted with a password (an OLE container holding `EncryptedPackage`).
    EncryptedOoxml,
    Empty,
    Html,
    Text,
    /// A zip that is not a spreadsheet (e.g. a `.docx`).
    OtherZip(&'static str),
    Unknown,
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Sniffs the kind of `bytes` (the whole file).
pub fn sniff(bytes: &[u8]) -> Kind {
    if bytes.is_empty() {
        return Kind::Empty;
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&OLE_MAGIC) {
        let needle: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(needle.len()).any(|w| w == needle.as_slice()) {
            return Kind::EncryptedOoxml;
        }
        return Kind::Xls;
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head_text = String::from_utf8_lossy(head).to_lowercase();
    let trimmed = head_text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with("<html")
        || trimmed.starts_with("<!doctype html")
        || (trimmed.starts_with("<?xml") && trimmed.contains("<html"))
        || trimmed.contains("<table")
    {
        return Kind::Html;
    }
    if std::str::from_utf8(head).is_ok() && !head.contains(&0) {
        return Kind::Text;
    }
    Kind::Unknown
}

fn sniff_zip(bytes: &[u8]) -> Kind {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else {
        // A zip signature but no readable directory: truncated or corrupt. Let the
        // preflight name the problem.
        return Kind::Xlsx;
    };
    let names: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.to_string())
        .collect();
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Kind::Xlsx;
    }
    if names.iter().any(|n| n == "xl/workbook.bin") {
        return Kind::Xlsb;
    }
    if names.iter().any(|n| n == "content.xml") {
        if let Ok(mut f) = zip.by_name("mimetype") {
            let mut m = String::new();
            let _ = f.by_ref().take(200).read_to_string(&mut m);
            if m.contains("spreadsheet") {
                return Kind::Ods;
            }
            return Kind::OtherZip("tài liệu OpenDocument (văn bản, trình chiếu…)");
        }
        return Kind::Ods;
    }
    if names.iter().any(|n| n.starts_with("word/")) {
        return Kind::OtherZip("tài liệu Word (.docx)");
    }
    if names.iter().any(|n| n.starts_with("ppt/")) {
        return Kind::OtherZip("bản trình chiếu PowerPoint (.pptx)");
    }
    Kind::OtherZip("tệp nén zip")
}
