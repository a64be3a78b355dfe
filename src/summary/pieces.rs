//! The compressed pieces of the row-level sheets: those of the last summary, kept for the
//! next run (`.danvan/<summary>.pieces`), and those of this run, kept on disk (an anonymous
//! temporary file) until the summary is saved. A piece whose rows are the same again is
//! copied, not written and compressed again.
//!
//! A piece is known by the hash of everything its XML is made of (its rows' cells, the
//! columns' widths, the format numbers, the XML's format), never by where its rows came
//! from: a piece found is the piece this run would have written. Storage: magic, format,
//! then per piece its key, CRC-32, length and compressed bytes, then the hash of all that.
//! A missing, cut, damaged or foreign file is never used.
//!
//! Pieces stay on disk, not in memory: at 100,000 returns they are about 50 MB.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;
use std::sync::Mutex;

use super::rowxml::{Piece, FORMAT};

const MAGIC: &[u8; 8] = b"DANVANP\0";

/// Where a piece lies in a file: its compressed bytes' offset and size, and the CRC-32 and
/// length of the XML it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub offset: u64,
    pub size: u64,
    pub crc: u32,
    pub len: u64,
}

/// The pieces of the last run (where they lie in their file), and those of this run.
#[derive(Debug, Default)]
pub struct Pieces {
    last: Option<Last>,
    this: Mutex<This>,
}

#[derive(Debug)]
struct Last {
    /// Closed once this run's pieces are all made ([`Pieces::close_last`]).
    file: Mutex<Option<File>>,
    index: HashMap<u128, Loc>,
}

/// This run's pieces, in the order they were made or found, in a temporary file.
#[derive(Debug, Default)]
struct This {
    file: Option<File>,
    at: u64,
    index: HashMap<u128, Loc>,
    order: Vec<u128>,
}

fn damaged() -> io::Error {
    io::Error::other("tệp tạm của các dòng đã nén bị hỏng")
}

impl Pieces {
    /// The pieces kept at `path`; none when there are none or they cannot be trusted.
    pub fn load(path: &Path) -> Pieces {
        let last = File::open(path).ok().and_then(|mut file| {
            let index = index(&mut file)?;
            Some(Last {
                file: Mutex::new(Some(file)),
                index,
            })
        });
        Pieces {
            last,
            this: Mutex::default(),
        }
    }

    /// This run's piece of `key`: the one already made or found, else the last run's,
    /// else the one `make` gives.
    pub fn get_or_make(
        &self,
        key: u128,
        make: impl FnOnce() -> Result<Piece, rust_xlsxwriter::XlsxError>,
    ) -> Result<Loc, rust_xlsxwriter::XlsxError> {
        if let Some(loc) = self.lock()?.index.get(&key) {
            return Ok(*loc);
        }
        let piece = match self.last_piece(key)? {
            Some(p) => p,
            None => make()?,
        };
        let mut this = self.lock()?;
        if let Some(loc) = this.index.get(&key) {
            return Ok(*loc);
        }
        let loc = this.append(&piece)?;
        this.index.insert(key, loc);
        this.order.push(key);
        Ok(loc)
    }

    fn lock(&self) -> io::Result<std::sync::MutexGuard<'_, This>> {
        self.this.lock().map_err(|_| damaged())
    }

    /// The last run's piece of `key`, read from its file.
    fn last_piece(&self, key: u128) -> io::Result<Option<Piece>> {
        let Some(last) = &self.last else {
            return Ok(None);
        };
        let Some(loc) = last.index.get(&key) else {
            return Ok(None);
        };
        let mut file = last.file.lock().map_err(|_| damaged())?;
        let Some(file) = file.as_mut() else {
            return Ok(None);
        };
        Ok(Some(Piece {
            deflated: read_at(file, loc)?,
            crc: loc.crc,
            len: loc.len,
        }))
    }

    /// Closes the last run's file: this run's pieces are all made, and on Windows a file
    /// still open cannot be replaced by this run's.
    pub fn close_last(&self) {
        if let Some(last) = &self.last {
            if let Ok(mut file) = last.file.lock() {
                *file = None;
            }
        }
    }

    /// The compressed bytes of this run's piece at `loc`, written to `out`.
    pub fn copy(&self, loc: &Loc, out: &mut impl Write) -> io::Result<()> {
        let mut this = self.lock()?;
        let file = this.file.as_mut().ok_or_else(damaged)?;
        out.write_all(&read_at(file, loc)?)
    }

    /// Writes this run's pieces to `out`, then the hash of all that. Each piece is read
    /// under the lock on its own: the summary is saved from the same pieces meanwhile.
    pub fn write(&self, out: impl Write) -> io::Result<()> {
        let kept: Vec<(u128, Loc)> = {
            let this = self.lock()?;
            (this.order.iter())
                .map(|key| (*key, this.index[key]))
                .collect()
        };
        let mut out = Hashing {
            inner: out,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        for (key, loc) in kept {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&loc.crc.to_le_bytes())?;
            out.write_all(&loc.len.to_le_bytes())?;
            out.write_all(&loc.size.to_le_bytes())?;
            self.copy(&loc, &mut out)?;
        }
        let hash = out.hash.digest128();
        out.inner.write_all(&hash.to_le_bytes())?;
        out.inner.flush()
    }
}

impl This {
    fn append(&mut self, p: &Piece) -> io::Result<Loc> {
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile()?);
        }
        let file = self.file.as_mut().ok_or_else(damaged)?;
        file.seek(SeekFrom::Start(self.at))?;
        file.write_all(&p.deflated)?;
        let loc = Loc {
            offset: self.at,
            size: p.deflated.len() as u64,
            crc: p.crc,
            len: p.len,
        };
        self.at += loc.size;
        Ok(loc)
    }
}

fn read_at(file: &mut File, loc: &Loc) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; usize::try_from(loc.size).map_err(|_| damaged())?];
    file.seek(SeekFrom::Start(loc.offset))?;
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// Hashes what it writes.
struct Hashing<T> {
    inner: T,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

/// Where each piece lies in `file`, when the file is whole: its hash (the last 16 bytes)
/// is the hash of all before it, so a cut or damaged file, or a piece changed on disk, is
/// never used. Read front to back through a small buffer: the pieces (50 MB at 100,000
/// returns) are hashed, never held.
fn index(file: &mut File) -> Option<HashMap<u128, Loc>> {
    let body = file.metadata().ok()?.len().checked_sub(16)?;
    let mut r = Hashing {
        inner: io::BufReader::with_capacity(1 << 16, (&*file).take(body)),
        hash: xxhash_rust::xxh3::Xxh3::new(),
    };
    let mut head = [0u8; 12];
    r.read_exact(&mut head).ok()?;
    if head[..8] != MAGIC[..] || head[8..] != FORMAT.to_le_bytes() {
        return None;
    }
    let mut at = head.len() as u64;
    let mut map = HashMap::new();
    let mut entry = [0u8; 36];
    while at < body {
        r.read_exact(&mut entry).ok()?;
        let key = u128::from_le_bytes(entry[..16].try_into().ok()?);
        let crc = u32::from_le_bytes(entry[16..20].try_into().ok()?);
        let len = u64::from_le_bytes(entry[20..28].try_into().ok()?);
        let size = u64::from_le_bytes(entry[28..36].try_into().ok()?);
        let offset = at + entry.len() as u64;
        if io::copy(&mut (&mut r).take(size), &mut io::sink()).ok()? != size {
            return None;
        }
        at = offset + size;
        map.insert(
            key,
            Loc {
                offset,
                size,
                crc,
                len,
            },
        );
    }
    let hash = r.hash.digest128();
    let mut kept = [0u8; 16];
    file.seek(SeekFrom::Start(body)).ok()?;
    file.read_exact(&mut kept).ok()?;
    (hash.to_le_bytes() == kept).then_some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::rowxml::piece;

    fn made(p: &Piece) -> impl FnOnce() -> Result<Piece, rust_xlsxwriter::XlsxError> + '_ {
        move || Ok(p.clone())
    }

    fn bytes_of(pieces: &Pieces, loc: &Loc) -> Vec<u8> {
        let mut out = Vec::new();
        pieces.copy(loc, &mut out).unwrap();
        out
    }

    #[test]
    fn kept_pieces_come_back_and_a_cut_or_damaged_file_gives_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pieces");
        let kept = Pieces::default();
        let a = piece(b"<row><c s=\"7\"/></row>");
        let b = piece(&[b'y'; 5000]);
        let la = kept.get_or_make(1, made(&a)).unwrap();
        kept.get_or_make(2, made(&b)).unwrap();
        let again = kept.get_or_make(1, || panic!("made once only")).unwrap();
        assert_eq!(again, la);
        assert_eq!(bytes_of(&kept, &la), a.deflated);
        kept.write(File::create(&path).unwrap()).unwrap();

        let next = Pieces::load(&path);
        let never =
            || -> Result<Piece, rust_xlsxwriter::XlsxError> { panic!("a kept piece is found") };
        let lb = next.get_or_make(2, never).unwrap();
        assert_eq!((lb.crc, lb.len), (b.crc, b.len));
        assert_eq!(bytes_of(&next, &lb), b.deflated);
        let c = piece(b"new");
        let lc = next.get_or_make(3, made(&c)).unwrap();
        assert_eq!(bytes_of(&next, &lc), c.deflated);

        let bytes = std::fs::read(&path).unwrap();
        next.close_last();
        let d = piece(b"after");
        let ld = next.get_or_make(2, made(&d)).unwrap();
        assert_eq!(
            bytes_of(&next, &ld),
            b.deflated,
            "made or found already: kept"
        );
        // Closed: a piece only the last run had is made.
        let l1 = next.get_or_make(1, made(&d)).unwrap();
        assert_eq!(bytes_of(&next, &l1), d.deflated);
        assert!(Pieces::load(&path).last.is_some());
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert!(Pieces::load(&path).last.is_none(), "a cut file is not used");
        let mut flipped = bytes.clone();
        flipped[40] ^= 1;
        std::fs::write(&path, flipped).unwrap();
        assert!(
            Pieces::load(&path).last.is_none(),
            "a damaged file is not used"
        );
    }
}
