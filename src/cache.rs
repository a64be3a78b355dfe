//! Parsed returns kept between runs, by content hash, so a re-run reads only new or changed
//! files. A cache is used only by the same danvan version with the same plan, roster and
//! limits (their fingerprint is its key); anything else is ignored and rebuilt.
//!
//! Storage: one file beside the summary (`.danvan/<summary>.cache`), binary: a header
//! (magic, format, fingerprint), then per return its content hash, its length and the
//! return in postcard's form. It is loaded as bytes and each return is decoded only when
//! a file asks for it, on the thread reading that file: a re-run at 100,000 returns never
//! holds them all decoded twice (JSON took 2.3 s and 460 MB to load there).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::Submission;

/// The file's first bytes.
const MAGIC: &[u8; 8] = b"DANVANC\0";

/// Raised whenever what a cached return holds, or how a return is read, changes.
const FORMAT: u32 = 5;

/// Parsed returns by content hash, for one fingerprint: the encoded returns and where
/// each lies in them.
#[derive(Debug, Default)]
pub struct Cache {
    bytes: Vec<u8>,
    entries: HashMap<u128, (usize, usize)>,
}

/// What parsing a return depends on besides its bytes: danvan's version, the plan, the
/// roster (unit indices) and the limits.
pub fn fingerprint(plan: &Plan, roster: &Roster, limits: &Limits) -> String {
    let mut text = format!("{}\n", env!("CARGO_PKG_VERSION"));
    text.push_str(&serde_json::to_string(plan).unwrap_or_default());
    for u in &roster.units {
        text.push_str(&format!(
            "\n{}\t{}\t{}\t{}\t{}\t{}",
            u.code, u.name, u.bloc, u.commune, u.contact, u.phone
        ));
    }
    text.push_str(&format!("\n{}\n{limits:?}", roster.label()));
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(text.as_bytes()))
}

pub use crate::output::cache_path;

/// Reads the cache file front to back; every read is checked against its end.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|e| *e <= self.bytes.len())?;
        let part = &self.bytes[self.at..end];
        self.at = end;
        Some(part)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

impl Cache {
    /// The cache at `path` when it was written for `fingerprint`; otherwise an empty one
    /// (a missing, cut, corrupt or foreign cache is never used).
    pub fn load(path: &Path, fingerprint: &str) -> Cache {
        std::fs::read(path)
            .ok()
            .and_then(|bytes| Cache::parse(bytes, fingerprint))
            .unwrap_or_default()
    }

    fn parse(bytes: Vec<u8>, fingerprint: &str) -> Option<Cache> {
        let mut r = Cursor {
            bytes: &bytes,
            at: 0,
        };
        if r.take(MAGIC.len())? != MAGIC || r.u32()? != FORMAT {
            return None;
        }
        let fp_len = r.u32()? as usize;
        if r.take(fp_len)? != fingerprint.as_bytes() {
            return None;
        }
        let mut entries = HashMap::new();
        while r.at < bytes.len() {
            let hash = u128::from_le_bytes(r.take(16)?.try_into().ok()?);
            let len = r.u32()? as usize;
            let start = r.at;
            r.take(len)?;
            entries.insert(hash, (start, len));
        }
        Some(Cache { bytes, entries })
    }

    /// No return kept (a first run, or another plan, roster or version).
    /// Whether the returns `subs` are what is kept: each one's content, and no other
    /// (what [`Cache::write`] would write for them, the places of the files aside).
    pub fn holds_exactly(&self, subs: &[Submission]) -> bool {
        let mut seen = std::collections::HashSet::with_capacity(self.entries.len());
        for sub in subs {
            let Some(h) = sub.hash else { continue };
            if !self.entries.contains_key(&h) {
                return false;
            }
            seen.insert(h);
        }
        seen.len() == self.entries.len()
    }

    /// How many returns are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The return with this content, as read before, placed at `path` / `display` (every
    /// file with these bytes gets its own copy). None when it is not kept, or does not
    /// decode: the file is then read anew.
    pub fn get(&self, hash: u128, path: &Path, display: &str) -> Option<Submission> {
        let (start, len) = *self.entries.get(&hash)?;
        let mut sub: Submission = postcard::from_bytes(&self.bytes[start..start + len]).ok()?;
        if sub.hash != Some(hash) {
            return None;
        }
        sub.path = path.to_path_buf();
        sub.file = display.to_string();
        for i in &mut sub.issues {
            i.file = display.to_string();
        }
        // Its modified time is the caller's, from its own look at the file.
        sub.modified = None;
        Some(sub)
    }

    /// Writes a cache of this run's returns as they were read (what the run decided about
    /// them lives in the `Outcome`, and the next run decides it anew), one return at a time.
    pub fn write(
        fingerprint: &str,
        subs: &[Submission],
        mut out: impl Write,
    ) -> std::io::Result<()> {
        out.write_all(MAGIC)?;
        out.write_all(&FORMAT.to_le_bytes())?;
        out.write_all(&(fingerprint.len() as u32).to_le_bytes())?;
        out.write_all(fingerprint.as_bytes())?;
        let mut seen = std::collections::HashSet::new();
        let mut buf = Vec::new();
        for sub in subs {
            let Some(h) = sub.hash.filter(|h| seen.insert(*h)) else {
                continue;
            };
            buf.clear();
            buf = postcard::to_extend(sub, buf).map_err(std::io::Error::other)?;
            let Ok(len) = u32::try_from(buf.len()) else {
                continue;
            };
            out.write_all(&h.to_le_bytes())?;
            out.write_all(&len.to_le_bytes())?;
            out.write_all(&buf)?;
        }
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_return_is_given_to_each_file_with_its_bytes_and_a_cut_cache_is_not_used() {
        let mut sub = Submission::unread(Path::new("a.xlsx"), "a.xlsx");
        sub.hash = Some(7);
        sub.readable = true;
        let mut bytes = Vec::new();
        Cache::write("fp", std::slice::from_ref(&sub), &mut bytes).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.json");
        std::fs::write(&path, &bytes).unwrap();
        let cache = Cache::load(&path, "fp");
        assert!(!cache.is_empty());
        // Given to each file with these bytes, placed where that file is.
        let got = cache.get(7, Path::new("b.xlsx"), "b.xlsx").unwrap();
        assert_eq!((got.file.as_str(), got.readable), ("b.xlsx", true));
        let again = cache.get(7, Path::new("c.xlsx"), "c.xlsx").unwrap();
        assert_eq!(again.file, "c.xlsx");
        assert!(cache.get(8, Path::new("d.xlsx"), "d.xlsx").is_none());
        // Another fingerprint: nothing is used.
        assert!(Cache::load(&path, "other").is_empty());
        // What this cache holds, exactly: the same returns (a copy too), not fewer or more.
        let mut other = sub.clone();
        assert!(cache.holds_exactly(&[sub.clone(), sub.clone()]));
        other.hash = Some(8);
        assert!(!cache.holds_exactly(&[sub.clone(), other.clone()]));
        assert!(!cache.holds_exactly(&[]));
        other.hash = None;
        assert!(cache.holds_exactly(&[sub.clone(), other]));
        // A cut file: nothing is used (never half a cache).
        std::fs::write(&path, &bytes[..bytes.len() - 3]).unwrap();
        assert!(Cache::load(&path, "fp").is_empty());
    }
}
