//! The compressed pieces of the last summary's row-level sheets, kept for the next run
//! (`.danvan/<summary>.pieces`): a piece whose rows are the same again is copied, not
//! written and compressed again.
//!
//! A piece is known by the hash of everything its XML is made of (its rows' cells, the
//! columns' widths, the format numbers, the XML's format), never by where its rows came
//! from: a piece found is the piece this run would have written. Storage: magic, format,
//! then per piece its key, CRC-32, length and compressed bytes, then the hash of all that.
//! A missing, cut, damaged or foreign file is never used.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::rowxml::{Piece, FORMAT};

const MAGIC: &[u8; 8] = b"DANVANP\0";

/// The pieces of the last run, and those of this run as they are made or found.
#[derive(Debug, Default)]
pub struct Pieces {
    last: HashMap<u128, Arc<Piece>>,
    this: Mutex<Vec<(u128, Arc<Piece>)>>,
}

impl Pieces {
    /// The pieces kept at `path`; none when there are none or they cannot be trusted.
    pub fn load(path: &Path) -> Pieces {
        let last = std::fs::read(path)
            .ok()
            .and_then(|b| parse(&b))
            .unwrap_or_default();
        Pieces {
            last,
            this: Mutex::default(),
        }
    }

    /// The last run's piece of `key`, when there is one.
    pub fn found(&self, key: u128) -> Option<Arc<Piece>> {
        self.last.get(&key).cloned()
    }

    /// Notes that this run's summary holds `piece` as `key`, to be kept for the next run.
    pub fn used(&self, key: u128, piece: Arc<Piece>) {
        if let Ok(mut this) = self.this.lock() {
            this.push((key, piece));
        }
    }

    /// Writes this run's pieces (each once) to `out`, then the hash of all that.
    pub fn write(&self, out: impl Write) -> std::io::Result<()> {
        let this = self
            .this
            .lock()
            .map_err(|_| std::io::Error::other("khóa hỏng"))?;
        let mut seen = std::collections::HashSet::new();
        let mut out = Hashing {
            inner: out,
            hash: xxhash_rust::xxh3::Xxh3::new(),
        };
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        for (key, p) in this.iter().filter(|(k, _)| seen.insert(*k)) {
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&p.crc.to_le_bytes())?;
            out.write_all(&p.len.to_le_bytes())?;
            out.write_all(&(p.deflated.len() as u64).to_le_bytes())?;
            out.write_all(&p.deflated)?;
        }
        let hash = out.hash.digest128();
        out.inner.write_all(&hash.to_le_bytes())?;
        out.inner.flush()
    }
}

/// Hashes what it writes.
struct Hashing<W: Write> {
    inner: W,
    hash: xxhash_rust::xxh3::Xxh3,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The pieces in `bytes`, when the file is whole: its hash (the last 16 bytes) is the hash
/// of all before it, so a cut or damaged file, or a piece changed on disk, is never used.
fn parse(bytes: &[u8]) -> Option<HashMap<u128, Arc<Piece>>> {
    let body = bytes.len().checked_sub(16)?;
    let (bytes, hash) = bytes.split_at(body);
    if xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes() != hash {
        return None;
    }
    let mut at: usize = 0;
    let mut take = |n: usize| -> Option<&[u8]> {
        let end = at.checked_add(n).filter(|e| *e <= bytes.len())?;
        let part = &bytes[at..end];
        at = end;
        Some(part)
    };
    if take(8)? != MAGIC || u32::from_le_bytes(take(4)?.try_into().ok()?) != FORMAT {
        return None;
    }
    let mut map = HashMap::new();
    while let Some(key) = take(16) {
        let key = u128::from_le_bytes(key.try_into().ok()?);
        let crc = u32::from_le_bytes(take(4)?.try_into().ok()?);
        let len = u64::from_le_bytes(take(8)?.try_into().ok()?);
        let n = usize::try_from(u64::from_le_bytes(take(8)?.try_into().ok()?)).ok()?;
        let deflated = take(n)?.to_vec();
        map.insert(key, Arc::new(Piece { deflated, crc, len }));
    }
    Some(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::summary::rowxml::piece;

    #[test]
    fn kept_pieces_come_back_and_a_cut_file_gives_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.pieces");
        let kept = Pieces::default();
        let a = Arc::new(piece(b"<row><c s=\"7\"/></row>"));
        let b = Arc::new(piece(&[b'y'; 5000]));
        kept.used(1, a.clone());
        kept.used(2, b.clone());
        kept.used(1, a.clone());
        kept.write(std::fs::File::create(&path).unwrap()).unwrap();
        let back = Pieces::load(&path);
        assert_eq!(back.found(1).as_deref(), Some(a.as_ref()));
        assert_eq!(back.found(2).as_deref(), Some(b.as_ref()));
        assert_eq!(back.found(3), None);
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 1]).unwrap();
        assert_eq!(Pieces::load(&path).found(1), None, "a cut file is not used");
        let mut flipped = bytes.clone();
        flipped[40] ^= 1;
        std::fs::write(&path, flipped).unwrap();
        assert_eq!(
            Pieces::load(&path).found(1),
            None,
            "a damaged file is not used"
        );
    }
}
