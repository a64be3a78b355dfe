//! What `.xlsx` and `.ods` share: a zip container checked before calamine opens it, and
//! small XML parts read for the document properties.

use std::io::{self, Cursor, Read, Seek};
use std::sync::Arc;

use zip::{CompressionMethod, ZipArchive};

use chrono::{DateTime, Local, NaiveDateTime};

use super::preflight::{mib, Limits, Refusal};

/// Document properties are small; anything larger is not read.
const MAX_PROPERTIES_BYTES: u64 = 1 << 20;

/// Inspects the zip directory of an `.xlsx` or `.ods`: entry count, sizes, compression
/// ratios (zip bombs).
pub fn check_container<R: Read + Seek>(
    zip: &mut ZipArchive<R>,
    limits: &Limits,
) -> Result<(), Refusal> {
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

/// The zip directory `reader` holds, or why it cannot be read (in Vietnamese).
pub fn open_zip<R: Read + Seek>(reader: R) -> Result<ZipArchive<R>, Refusal> {
    ZipArchive::new(reader)
        .map_err(|e| format!("tệp bị hỏng ({})", crate::messages::zip_error_vn(&e)))
}

/// The text of the zip entry `name` (up to 1 MiB), if there is one.
pub fn entry_text(bytes: &[u8], name: &str) -> Option<String> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).ok()?;
    String::from_utf8(entry_bytes(&mut zip, name, MAX_PROPERTIES_BYTES)?).ok()
}

/// The text of the part `name` (up to 1 MiB), if there is one.
pub fn part_text<R: Read + Seek>(parts: &mut Parts<R>, name: &str) -> Option<String> {
    String::from_utf8(parts.read(name, MAX_PROPERTIES_BYTES).ok()?).ok()
}

/// A file's bytes, shared (not copied) by the pre-flight and the reader of its parts.
#[derive(Clone)]
pub struct SharedBytes(Arc<Vec<u8>>);

impl From<Vec<u8>> for SharedBytes {
    fn from(bytes: Vec<u8>) -> SharedBytes {
        SharedBytes(Arc::new(bytes))
    }
}

impl AsRef<[u8]> for SharedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A zip archive whose parts are inflated by one inflater, reset between parts. A
/// spreadsheet's parts are a few kilobytes each: a fresh inflater per part (its 32 KiB
/// window allocated and zeroed) cost about as much as the inflating.
pub struct Parts<R> {
    pub zip: ZipArchive<R>,
    inflater: flate2::Decompress,
    compressed: Vec<u8>,
    /// A whole part already read and handed back with [`Parts::keep`], for its next read.
    kept: Option<(String, Vec<u8>)>,
}

impl<R: Read + Seek> Parts<R> {
    pub fn new(zip: ZipArchive<R>) -> Parts<R> {
        Parts {
            zip,
            inflater: flate2::Decompress::new(false),
            compressed: Vec::new(),
            kept: None,
        }
    }

    /// Keeps the bytes of part `name`, read whole, for the next read of it (the pre-flight
    /// reads the shared strings' head, which in most returns is all of them).
    pub fn keep(&mut self, name: &str, bytes: Vec<u8>) {
        self.kept = Some((name.to_string(), bytes));
    }

    /// The bytes of part `name`, the first `max_bytes` of them when it is longer: `NotFound`
    /// when there is no such part, `InvalidData` when it inflates to more than the size its
    /// directory entry gives or to another checksum (what the zip library's own reader
    /// refuses).
    pub fn read(&mut self, name: &str, max_bytes: u64) -> io::Result<Vec<u8>> {
        let kept = |(n, b): &mut (String, Vec<u8>)| n == name && b.len() as u64 <= max_bytes;
        if let Some((_, bytes)) = self.kept.take_if(kept) {
            return Ok(bytes);
        }
        let mut entry = self.zip.by_name_raw(name.as_bytes()).map_err(|e| match e {
            zip::result::ZipError::FileNotFound => io::ErrorKind::NotFound.into(),
            zip::result::ZipError::Io(e) => e,
            _ => io::Error::from(io::ErrorKind::InvalidData),
        })?;
        let (method, size, crc) = (entry.compression(), entry.size(), entry.crc32());
        if method != CompressionMethod::Deflated {
            // Stored (or rarer) parts: the library's own reader.
            drop(entry);
            return entry_bytes(&mut self.zip, name, max_bytes)
                .ok_or_else(|| io::ErrorKind::InvalidData.into());
        }
        self.compressed.clear();
        entry.read_to_end(&mut self.compressed)?;
        drop(entry);
        let whole = size <= max_bytes;
        // One byte past a whole part's size: a part longer than its entry says is refused.
        let room = if whole { size + 1 } else { max_bytes };
        let room = usize::try_from(room).map_err(|_| io::ErrorKind::InvalidData)?;
        let mut out = Vec::with_capacity(room);
        self.inflater.reset(false);
        loop {
            let used = self.inflater.total_in() as usize;
            let had = out.len();
            let status = self
                .inflater
                .decompress_vec(
                    &self.compressed[used.min(self.compressed.len())..],
                    &mut out,
                    flate2::FlushDecompress::None,
                )
                .map_err(|_| io::ErrorKind::InvalidData)?;
            if status == flate2::Status::StreamEnd || out.len() == room {
                break;
            }
            if out.len() == had && self.inflater.total_in() as usize == used {
                // No progress with input and room left: the stream is cut short.
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
        }
        if whole && (out.len() as u64 > size || crc32fast::hash(&out) != crc) {
            return Err(io::ErrorKind::InvalidData.into());
        }
        Ok(out)
    }
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
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
        let mut bytes = Vec::new();
        let mut z = zip::ZipWriter::new(Cursor::new(&mut bytes));
        for (name, data, method) in parts {
            let options = zip::write::SimpleFileOptions::default().compression_method(*method);
            z.start_file(*name, options).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
        bytes
    }

    #[test]
    fn parts_read_whole_cut_stored_and_missing() {
        let sheet: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("<c r=\"A{i}\"><v>{i}</v></c>").into_bytes())
            .collect();
        let bytes = zip_of(&[
            ("a.xml", &sheet, CompressionMethod::Deflated),
            ("b.xml", b"<b/>", CompressionMethod::Stored),
            ("empty.xml", b"", CompressionMethod::Deflated),
        ]);
        let mut parts = Parts::new(open_zip(Cursor::new(&bytes[..])).unwrap());
        // Read twice: the reused inflater starts afresh each time.
        for _ in 0..2 {
            assert_eq!(parts.read("a.xml", u64::MAX).unwrap(), sheet);
            assert_eq!(parts.read("a.xml", 100).unwrap(), sheet[..100]);
            assert_eq!(parts.read("b.xml", 1 << 20).unwrap(), b"<b/>");
            assert!(parts.read("empty.xml", 1 << 20).unwrap().is_empty());
        }
        let missing = parts.read("c.xml", 1 << 20).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);

        // A part kept is given once, to a read of that part that takes it whole; other
        // reads meanwhile leave it kept.
        parts.keep("b.xml", b"<kept/>".to_vec());
        assert_eq!(parts.read("a.xml", 100).unwrap(), sheet[..100]);
        assert_eq!(parts.read("b.xml", 3).unwrap(), b"<b/"[..]);
        assert_eq!(parts.read("b.xml", 1 << 20).unwrap(), b"<kept/>");
        assert_eq!(parts.read("b.xml", 1 << 20).unwrap(), b"<b/>");
    }

    #[test]
    fn parts_read_as_the_zip_library_reads_them_in_real_workbooks() {
        // Saved by LibreOffice, openpyxl and this program: every part, whole and cut.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = 0;
        for dir in ["tests/fixtures", "tests/fixtures/round3", "input_templates"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_none_or(|e| e != "xlsx") {
                    continue;
                }
                let bytes = std::fs::read(&path).unwrap();
                if !bytes.starts_with(b"PK") {
                    continue; // the encrypted one is no zip
                }
                let mut zip = open_zip(Cursor::new(&bytes[..])).unwrap();
                let mut parts = Parts::new(zip.clone());
                let names: Vec<String> =
                    zip.file_names().map(|n| n.unwrap().into_owned()).collect();
                for name in &names {
                    for max in [u64::MAX, 64] {
                        let ours = parts.read(name, max).ok();
                        assert_eq!(ours, entry_bytes(&mut zip, name, max), "{path:?} {name}");
                    }
                }
                files += 1;
            }
        }
        assert!(files >= 6, "{files} workbooks");
    }

    #[test]
    fn a_damaged_part_is_refused_not_read_wrong() {
        let text = b"<sheetData><row r=\"1\"/></sheetData>".repeat(50);
        let bytes = zip_of(&[("a.xml", &text, CompressionMethod::Deflated)]);
        // The part's checksum in its local header and the directory changed: it inflates
        // whole, to other bytes than the directory promises.
        let crc = crc32fast::hash(&text).to_le_bytes();
        let mut bad = bytes.clone();
        for at in memchr::memmem::find_iter(&bytes, &crc).collect::<Vec<_>>() {
            bad[at] ^= 0xFF;
        }
        let mut parts = Parts::new(open_zip(Cursor::new(&bad[..])).unwrap());
        assert_eq!(
            parts.read("a.xml", 1 << 20).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        // Its compressed bytes cut short: no part is made up from what is left.
        let mut cut = bytes.clone();
        let data_at = 30 + "a.xml".len();
        for b in &mut cut[data_at + 8..data_at + 16] {
            *b = 0;
        }
        let mut parts = Parts::new(open_zip(Cursor::new(&cut[..])).unwrap());
        assert!(parts.read("a.xml", 1 << 20).is_err());
        // Its entries say it is one byte shorter than it inflates to.
        let mut short = bytes.clone();
        let size = (text.len() as u32).to_le_bytes();
        let central = memchr::memmem::find(&bytes, b"PK\x01\x02").unwrap();
        for at in [22, central + 24] {
            assert_eq!(short[at..at + 4], size);
            short[at..at + 4].copy_from_slice(&(text.len() as u32 - 1).to_le_bytes());
        }
        let mut parts = Parts::new(open_zip(Cursor::new(&short[..])).unwrap());
        assert_eq!(
            parts.read("a.xml", 1 << 20).unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        // As the zip library's own reader (calamine's) refuses it.
        let mut zip = open_zip(Cursor::new(&short[..])).unwrap();
        assert!(entry_bytes(&mut zip, "a.xml", 1 << 20).is_none());
    }

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
