//! The summary file put together: the workbook rust_xlsxwriter saved, with the rows of the
//! sheets of a row per unit, file or item spliced into them as the compressed pieces of
//! [`super::rowxml`]. Every other part is copied as it was compressed; nothing is
//! compressed twice.

use std::io::{self, Read, Seek, Write};

use super::pieces::{Loc, Pieces};
use super::rowxml::{joined_crc, piece, CLOSING_BLOCK};

/// The rows of one such sheet: `xl/worksheets/sheet{number}.xml`, its `rows` data
/// rows (under its header row) over `cols` columns, as pieces in order.
#[derive(Debug)]
pub struct SheetRows {
    pub number: usize,
    pub rows: usize,
    pub cols: u16,
    pub pieces: Vec<Loc>,
}

fn bad(what: String) -> io::Error {
    io::Error::other(what)
}

/// One part of the package as it is written: its name, how it is stored (0 stored, 8
/// deflated), its CRC-32 and sizes, and where its local header starts.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    offset: u64,
}

/// Writes to `out` the package `base` (a workbook saved by rust_xlsxwriter, whose sheets of
/// rows hold their header row, and a total row for some) with each sheet of `sheets` given
/// its rows under the header, whose pieces are in `pieces`.
pub fn assemble(
    base: impl Read + Seek,
    sheets: &[SheetRows],
    pieces: &Pieces,
    out: &mut impl Write,
) -> io::Result<()> {
    let mut zip = zip::ZipArchive::new(base).map_err(io::Error::other)?;
    let mut out = Counting { inner: out, at: 0 };
    let mut entries = Vec::new();
    let mut spliced = 0;
    for i in 0..zip.len() {
        let name = (zip.name_for_index(i).and_then(Result::ok))
            .map_or_else(String::new, |n| n.to_string());
        match sheets
            .iter()
            .find(|s| name == format!("xl/worksheets/sheet{}.xml", s.number))
        {
            Some(rows) => {
                let mut xml = Vec::new();
                zip.by_index(i)
                    .map_err(io::Error::other)?
                    .read_to_end(&mut xml)?;
                let (head, tail) = split(&xml, rows).ok_or_else(|| {
                    bad(format!(
                        "phần {name} không mở đầu bằng dòng tiêu đề để xếp các dòng số liệu dưới"
                    ))
                })?;
                let (head, tail) = (piece(&head), piece(&tail));
                let (crc, size) = joined_crc(
                    std::iter::once((head.crc, head.len))
                        .chain(rows.pieces.iter().map(|p| (p.crc, p.len)))
                        .chain(std::iter::once((tail.crc, tail.len))),
                );
                let compressed = (head.deflated.len() + tail.deflated.len() + CLOSING_BLOCK.len())
                    as u64
                    + rows.pieces.iter().map(|p| p.size).sum::<u64>();
                let entry = Entry {
                    name,
                    method: 8,
                    crc,
                    compressed,
                    size,
                    offset: out.at,
                };
                local_header(&mut out, &entry)?;
                out.write_all(&head.deflated)?;
                for p in &rows.pieces {
                    pieces.copy(p, &mut out)?;
                }
                out.write_all(&tail.deflated)?;
                out.write_all(&CLOSING_BLOCK)?;
                entries.push(entry);
                spliced += 1;
            }
            None => {
                let mut part = zip.by_index_raw(i).map_err(io::Error::other)?;
                let method = match part.compression() {
                    zip::CompressionMethod::Stored => 0,
                    zip::CompressionMethod::Deflated => 8,
                    other => return Err(bad(format!("phần {name} nén kiểu lạ: {other:?}"))),
                };
                let entry = Entry {
                    name,
                    method,
                    crc: part.crc32(),
                    compressed: part.compressed_size(),
                    size: part.size(),
                    offset: out.at,
                };
                local_header(&mut out, &entry)?;
                let copied = io::copy(&mut part, &mut out)?;
                if copied != entry.compressed {
                    return Err(bad(format!("phần {} bị cắt", entry.name)));
                }
                entries.push(entry);
            }
        }
    }
    if spliced != sheets.len() {
        return Err(bad(format!(
            "chỉ tìm thấy {spliced} trong {} trang dòng của tệp",
            sheets.len()
        )));
    }
    central_directory(&mut out, &entries)?;
    out.flush()
}

/// The sheet's XML before its rows (through its header row, the first, with the sheet's
/// real size in `<dimension>`) and after them (the rows rust_xlsxwriter wrote below, such
/// as a total row, then `</sheetData>` on).
fn split(xml: &[u8], rows: &SheetRows) -> Option<(Vec<u8>, Vec<u8>)> {
    let text = std::str::from_utf8(xml).ok()?;
    let data = text.find("<sheetData>")? + "<sheetData>".len();
    // The header row is the first row, numbered 1.
    let first = &text[data..];
    if !(first.starts_with("<row r=\"1\" ") || first.starts_with("<row r=\"1\">")) {
        return None;
    }
    let end = data + text[data..].find("</row>")? + "</row>".len();
    let (head, tail) = (&text[..end], &text[end..]);
    let head = match (head.find("<dimension ref=\""), rows.rows) {
        (Some(at), n) if n > 0 => {
            let from = at + "<dimension ref=\"".len();
            let to = from + head[from..].find('"')?;
            let dimension = widened(&head[from..to], rows.rows as u32 + 1, rows.cols)?;
            format!("{}{dimension}{}", &head[..from], &head[to..])
        }
        _ => head.to_string(),
    };
    Some((head.into_bytes(), tail.as_bytes().to_vec()))
}

/// The range `A1:…` of `dimension` (`A1` or `A1:N7`) widened to hold `rows` rows and
/// `cols` columns.
fn widened(dimension: &str, rows: u32, cols: u16) -> Option<String> {
    let last = dimension.rsplit(':').next()?;
    let digits = last.find(|c: char| c.is_ascii_digit())?;
    let (letters, number) = last.split_at(digits);
    let col = letters.bytes().try_fold(0u32, |n, b| {
        b.is_ascii_uppercase()
            .then(|| n * 26 + u32::from(b - b'A') + 1)
    })?;
    let row: u32 = number.parse().ok()?;
    let col = col.max(u32::from(cols)).max(1);
    let name = rust_xlsxwriter::utility::column_number_to_name(u16::try_from(col - 1).ok()?);
    Some(format!("A1:{name}{}", row.max(rows)))
}

/// Counts the bytes written, for the parts' offsets.
struct Counting<'w, W: Write> {
    inner: &'w mut W,
    at: u64,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// 1980-01-01 00:00 as a DOS date and time, as rust_xlsxwriter dates every part.
const DOS_DATE: u16 = (1 << 5) | 1;
const DOS_TIME: u16 = 0;

/// Sizes and offsets past this need ZIP64, which this package does not write.
fn small(n: u64, what: &str) -> io::Result<u32> {
    u32::try_from(n).map_err(|_| {
        bad(format!(
            "tệp tổng hợp quá lớn ({what} vượt 4 GiB): hãy tách các đơn vị thành nhiều lần tổng hợp"
        ))
    })
}

/// Bit 11: the name is UTF-8.
fn flags(name: &str) -> u16 {
    if name.is_ascii() {
        0
    } else {
        1 << 11
    }
}

/// What a part's local header and its central directory record share, from the version
/// needed to extract to the name's length: 2.0, flags, method, time, CRC-32, sizes.
fn common_fields(h: &mut Vec<u8>, e: &Entry) -> io::Result<()> {
    h.extend_from_slice(&20u16.to_le_bytes());
    h.extend_from_slice(&flags(&e.name).to_le_bytes());
    h.extend_from_slice(&e.method.to_le_bytes());
    h.extend_from_slice(&DOS_TIME.to_le_bytes());
    h.extend_from_slice(&DOS_DATE.to_le_bytes());
    h.extend_from_slice(&e.crc.to_le_bytes());
    h.extend_from_slice(&small(e.compressed, &e.name)?.to_le_bytes());
    h.extend_from_slice(&small(e.size, &e.name)?.to_le_bytes());
    h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
    Ok(())
}

fn local_header(out: &mut impl Write, e: &Entry) -> io::Result<()> {
    let mut h = Vec::with_capacity(30 + e.name.len());
    h.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    common_fields(&mut h, e)?;
    h.extend_from_slice(&0u16.to_le_bytes()); // extra field length
    h.extend_from_slice(e.name.as_bytes());
    out.write_all(&h)
}

fn central_directory(out: &mut Counting<'_, impl Write>, entries: &[Entry]) -> io::Result<()> {
    let start = out.at;
    for e in entries {
        let mut h = Vec::with_capacity(46 + e.name.len());
        h.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        h.extend_from_slice(&20u16.to_le_bytes()); // made by: MS-DOS, 2.0
        common_fields(&mut h, e)?;
        h.extend_from_slice(&[0; 4]); // extra field and comment lengths
        h.extend_from_slice(&[0; 4]); // disk number, internal attributes
        h.extend_from_slice(&[0; 4]); // external attributes
        h.extend_from_slice(&small(e.offset, &e.name)?.to_le_bytes());
        h.extend_from_slice(e.name.as_bytes());
        out.write_all(&h)?;
    }
    let size = out.at - start;
    let count = u16::try_from(entries.len()).map_err(|_| bad("quá nhiều phần".into()))?;
    let mut end = Vec::with_capacity(22);
    end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    end.extend_from_slice(&[0; 4]); // this disk, the directory's disk
    end.extend_from_slice(&count.to_le_bytes());
    end.extend_from_slice(&count.to_le_bytes());
    end.extend_from_slice(&small(size, "mục lục")?.to_le_bytes());
    end.extend_from_slice(&small(start, "mục lục")?.to_le_bytes());
    end.extend_from_slice(&0u16.to_le_bytes());
    out.write_all(&end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dimension_holds_the_rows_and_what_was_below_them() {
        assert_eq!(widened("A1:N1", 14_902, 14).as_deref(), Some("A1:N14902"));
        assert_eq!(widened("A1", 3, 2).as_deref(), Some("A1:B3"));
        // A total row rust_xlsxwriter wrote under the rows stays inside.
        assert_eq!(widened("A1:AB2003", 2001, 28).as_deref(), Some("A1:AB2003"));
        assert_eq!(widened("bad", 3, 2), None);
    }
}
