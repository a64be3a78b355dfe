//! The rows of the row-level sheets as sheet XML, written here rather than cell by cell
//! through rust_xlsxwriter, in compressed pieces a re-run reuses (docs/tong-hop.md, "Lần chạy
//! lại").
//!
//! A piece holds the rows of a few consecutive returns. Its rows and cells carry no `r`
//! reference (optional in the file format: a row without one follows the row before it, a
//! cell the cell before it), so a piece reads the same wherever it lands in its sheet, and a
//! return added or changed above it does not make it stale. Each piece is compressed on its
//! own, flushed to a byte boundary and not final: pieces are joined as they are, and the
//! sheet's compressed stream is its pieces in order and one closing block.

use chrono::Datelike;
use flate2::{Compress, Compression, FlushCompress};
use rust_xlsxwriter::{ExcelDateTime, XlsxError};

use super::writer::{row_cells, row_height, Fmts, V};

/// Raised whenever the XML of a row changes: pieces of another format are never reused.
pub const FORMAT: u32 = 1;

/// Compression level of the pieces (zlib-rs): level 3 as the rest of the summary.
const LEVEL: u32 = 3;

/// One compressed piece of a sheet's XML: raw deflate, ended by a sync flush (byte-aligned,
/// not final), with the CRC-32 and length of what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub deflated: Vec<u8>,
    pub crc: u32,
    pub len: u64,
}

/// Compresses `xml` as one piece.
pub fn piece(xml: &[u8]) -> Piece {
    let mut c = Compress::new(Compression::new(LEVEL), false);
    let mut out = Vec::with_capacity(xml.len() / 4 + 64);
    let mut input = xml;
    loop {
        if out.capacity() - out.len() < 64 {
            out.reserve(out.capacity().max(4096));
        }
        let before = c.total_in();
        // Compressing from memory into memory cannot fail: the stream is never finished
        // early and the buffer always has room.
        let _ = c.compress_vec(input, &mut out, FlushCompress::Sync);
        input = &input[(c.total_in() - before) as usize..];
        // zlib's rule: the flush is done once a call leaves output room unused.
        if input.is_empty() && out.len() < out.capacity() {
            break;
        }
    }
    Piece {
        deflated: out,
        crc: crc32fast::hash(xml),
        len: xml.len() as u64,
    }
}

/// The block that closes a stream of pieces: an empty, final, fixed-Huffman block.
pub const CLOSING_BLOCK: [u8; 2] = [0x03, 0x00];

/// The CRC-32 and length of pieces joined in order, from each one's (CRC-32, length).
pub fn joined_crc(pieces: impl IntoIterator<Item = (u32, u64)>) -> (u32, u64) {
    let mut crc = crc32fast::Hasher::new();
    let mut len = 0;
    for (c, l) in pieces {
        crc.combine(&crc32fast::Hasher::new_with_initial_len(c, l));
        len += l;
    }
    (crc.finalize(), len)
}

/// The workbook's numbers of the cell formats rows use (`s` in the XML). Formats are
/// numbered in the order [`Fmts::register`] gives them to the workbook, an equal format
/// keeping the first one's number, after the default format (0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Xf {
    text: u32,
    wrap: u32,
    change: u32,
    int: u32,
    date: u32,
    pct: u32,
}

impl Xf {
    pub fn of(f: &Fmts) -> Xf {
        let order = f.registered();
        let mut seen: Vec<&rust_xlsxwriter::Format> = Vec::new();
        for fm in &order {
            if !seen.contains(fm) {
                seen.push(fm);
            }
        }
        let number = |fm: &rust_xlsxwriter::Format| -> u32 {
            seen.iter()
                .position(|x| *x == fm)
                .map_or(0, |i| i as u32 + 1)
        };
        Xf {
            text: number(&f.text),
            wrap: number(&f.wrap),
            change: number(&f.change),
            int: number(&f.int),
            date: number(&f.date),
            pct: number(&f.pct),
        }
    }

    fn of_value(&self, v: &V) -> u32 {
        match v {
            V::Text(_) => self.text,
            V::Wrapped(_) => self.wrap,
            V::Change(_) => self.change,
            V::Int(_) => self.int,
            V::Date(_) => self.date,
            V::Percent(_) => self.pct,
        }
    }
}

/// Excel's limit on a cell's text, in UTF-16 units.
const MAX_TEXT: usize = 32_767;

/// Appends one row of `cells` (as a row-level sheet writes it: long text wrapped, the row as
/// high as its longest wrapped cell) to `out`.
pub fn row(
    out: &mut Vec<u8>,
    cells: Vec<V>,
    widths: &[f64],
    wrap_long: bool,
    xf: &Xf,
) -> Result<(), XlsxError> {
    let (cells, lines) = row_cells(cells, widths, wrap_long);
    if lines > 1 {
        out.extend_from_slice(
            format!("<row ht=\"{}\" customHeight=\"1\">", row_height(lines)).as_bytes(),
        );
    } else {
        out.extend_from_slice(b"<row>");
    }
    // A cell without a reference follows the one before it: an empty cell is written as a
    // blank with its format (as an empty text with a format is), unless nothing follows.
    let last = cells.iter().rposition(|v| !is_empty(v));
    for v in cells.iter().take(last.map_or(0, |i| i + 1)) {
        cell(out, v, xf.of_value(v))?;
    }
    out.extend_from_slice(b"</row>");
    Ok(())
}

fn is_empty(v: &V) -> bool {
    match v {
        V::Text(s) | V::Wrapped(s) | V::Change(s) => s.is_empty(),
        V::Date(d) => d.is_none(),
        V::Percent(p) => p.is_none(),
        V::Int(_) => false,
    }
}

fn cell(out: &mut Vec<u8>, v: &V, s: u32) -> Result<(), XlsxError> {
    use std::io::Write;
    let number = |out: &mut Vec<u8>, x: f64| {
        // A whole number is written as the integer it is: the text the `f64` would give,
        // without the float formatting (most cells of a row are counts and dates).
        // (`-0` stays the float's: as an integer it would read `0`.)
        if x.fract() == 0.0 && x.abs() < 9.0e15 && !(x == 0.0 && x.is_sign_negative()) {
            let _ = write!(out, "<c s=\"{s}\"><v>{}</v></c>", x as i64);
        } else {
            let _ = write!(out, "<c s=\"{s}\"><v>{x}</v></c>");
        }
    };
    match v {
        V::Text(t) | V::Wrapped(t) | V::Change(t) if t.is_empty() => {
            let _ = write!(out, "<c s=\"{s}\"/>");
        }
        V::Text(t) | V::Wrapped(t) | V::Change(t) => {
            // UTF-16 units never outnumber UTF-8 bytes: most texts need no count.
            if t.len() > MAX_TEXT && t.encode_utf16().count() > MAX_TEXT {
                return Err(XlsxError::MaxStringLengthExceeded);
            }
            let preserve = [' ', '\t', '\n'];
            let space = match t.starts_with(preserve) || t.ends_with(preserve) {
                true => " xml:space=\"preserve\"",
                false => "",
            };
            let _ = write!(out, "<c s=\"{s}\" t=\"inlineStr\"><is><t{space}>");
            escape_text(out, t);
            out.extend_from_slice(b"</t></is></c>");
        }
        V::Int(n) => number(out, *n as f64),
        V::Percent(Some(p)) => number(out, *p),
        V::Date(Some(d)) => {
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            number(out, x.to_excel());
        }
        V::Date(None) | V::Percent(None) => {
            let _ = write!(out, "<c s=\"{s}\"/>");
        }
    }
    Ok(())
}

/// Text as Excel stores it in a cell: `&`, `<`, `>` escaped; control characters (which XML
/// cannot hold) and U+FFFE/U+FFFF as `_xHHHH_`; and a literal `_xHHHH_` in the text kept
/// literal by escaping its underscore (`_x005F_xHHHH_`).
fn escape_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    for (at, ch) in text.char_indices() {
        let escaped: Option<String> = match ch {
            '&' => Some("&amp;".into()),
            '<' => Some("&lt;".into()),
            '>' => Some("&gt;".into()),
            '\t' | '\n' => None,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => Some(format!("_x{:04X}_", ch as u32)),
            '_' if is_escape_like(&bytes[at..]) => Some("_x005F_".into()),
            _ => None,
        };
        if let Some(e) = escaped {
            out.extend_from_slice(&bytes[i..at]);
            out.extend_from_slice(e.as_bytes());
            i = at + ch.len_utf8();
        }
    }
    out.extend_from_slice(&bytes[i..]);
}

/// `_xHHHH_` at the start of `b`: Excel would read it as an escaped character.
fn is_escape_like(b: &[u8]) -> bool {
    b.len() >= 7 && b[1] == b'x' && b[2..6].iter().all(u8::is_ascii_hexdigit) && b[6] == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::DeflateDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn pieces_joined_with_the_closing_block_inflate_to_their_text_joined() {
        let parts: [&[u8]; 4] = [b"<row>", &[b'x'; 100_000], b"", "Tuyên truyền".as_bytes()];
        let pieces: Vec<Piece> = parts.iter().map(|p| piece(p)).collect();
        let mut stream: Vec<u8> = pieces.iter().flat_map(|p| p.deflated.clone()).collect();
        stream.extend_from_slice(&CLOSING_BLOCK);
        let whole = parts.concat();
        assert_eq!(inflate(&stream), whole);
        assert_eq!(
            joined_crc(pieces.iter().map(|p| (p.crc, p.len))),
            (crc32fast::hash(&whole), whole.len() as u64)
        );
    }

    #[test]
    fn text_is_escaped_as_excel_stores_it() {
        let mut out = Vec::new();
        escape_text(&mut out, "a&b<c>\u{1}_x0041_ _xZZ_ \t\n ở");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a&amp;b&lt;c&gt;_x0001__x005F_x0041_ _xZZ_ \t\n ở"
        );
    }

    #[test]
    fn a_row_skips_no_column_and_ends_at_its_last_value() {
        let f = Fmts::new("73/KH");
        let xf = Xf::of(&f);
        let mut out = Vec::new();
        let cells = vec![
            V::Text("U1".into()),
            V::Text(String::new()),
            V::Int(7),
            V::Date(None),
            V::Text(String::new()),
        ];
        row(&mut out, cells, &[10.0; 5], true, &xf).unwrap();
        let xml = String::from_utf8(out).unwrap();
        assert_eq!(
            xml,
            format!(
                "<row><c s=\"{t}\" t=\"inlineStr\"><is><t>U1</t></is></c><c s=\"{t}\"/><c s=\"{i}\"><v>7</v></c></row>",
                t = xf.text,
                i = xf.int
            )
        );
    }

    #[test]
    fn numbers_read_as_the_float_formatting_would_write_them() {
        let big = 9_007_199_254_740_993_i64; // 2^53 + 1: not a float of its own
        let cells = [
            V::Int(0),
            V::Int(-42),
            V::Int(1_500_000_000),
            V::Int(big),
            V::Int(i64::MIN),
            V::Percent(Some(0.125)),
            V::Percent(Some(1.0)),
            V::Percent(Some(-0.0)),
            V::Date(Some(chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap())),
        ];
        for v in cells {
            let mut out = Vec::new();
            cell(&mut out, &v, 3).unwrap();
            let x = match &v {
                V::Int(n) => *n as f64,
                V::Percent(Some(p)) => *p,
                _ => 45643.0,
            };
            assert_eq!(
                String::from_utf8(out).unwrap(),
                format!("<c s=\"3\"><v>{x}</v></c>"),
                "{v:?}"
            );
        }
    }

    #[test]
    fn the_format_numbers_are_the_workbooks() {
        // Cells written through rust_xlsxwriter with each format, in a workbook whose
        // formats were registered as the summary's are: their `s` must be ours.
        let f = Fmts::new("73/KH");
        let xf = Xf::of(&f);
        let mut wb = rust_xlsxwriter::Workbook::new();
        f.register(&mut wb);
        let ws = wb.add_worksheet();
        let kinds = [
            (&f.text, xf.text),
            (&f.wrap, xf.wrap),
            (&f.change, xf.change),
            (&f.int, xf.int),
            (&f.date, xf.date),
            (&f.pct, xf.pct),
        ];
        for (i, (fm, _)) in kinds.iter().enumerate() {
            ws.write_number_with_format(i as u32, 0, 1.0, fm).unwrap();
        }
        let bytes = wb.save_to_buffer().unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/worksheets/sheet1.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        for (i, (_, s)) in kinds.iter().enumerate() {
            let want = format!("<c r=\"A{}\" s=\"{s}\">", i + 1);
            assert!(xml.contains(&want), "{want} not in {xml}");
        }
    }
}
