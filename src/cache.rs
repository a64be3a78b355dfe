//! Parsed returns kept between runs, by content hash, so a re-run reads only new or changed
//! files. A cache is used only by the same danvan version with the same plan, roster and
//! limits (their fingerprint is its key); anything else is ignored and rebuilt.
//!
//! Storage: one JSON file beside the summary (`.danvan/<summary>.cache.json`), through
//! serde_json, already in the tree (no added build).

use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;

use serde::{Deserialize, Deserializer, Serialize};

use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::Submission;

/// Raised whenever what a cached return holds, or how a return is read, changes.
const FORMAT: u32 = 4;

/// Parsed returns by content hash (hex), for one fingerprint.
#[derive(Debug, Default, Deserialize)]
pub struct Cache {
    format: u32,
    fingerprint: String,
    entries: HashMap<String, Entry>,
}

/// One kept return, handed over (moved, not copied) to the file it belongs to: a re-run
/// never holds the cache and the returns taken from it at once (at 100,000 returns that
/// was 330 MB more at the peak).
#[derive(Debug, Default)]
struct Entry(Mutex<Option<Submission>>);

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Entry, D::Error> {
        Submission::deserialize(d).map(|s| Entry(Mutex::new(Some(s))))
    }
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

impl Cache {
    /// An empty cache for `fingerprint`.
    pub fn new(fingerprint: String) -> Cache {
        Cache {
            format: FORMAT,
            fingerprint,
            entries: HashMap::new(),
        }
    }

    /// The cache at `path` when it was written for `fingerprint`; otherwise an empty one
    /// (a missing, corrupt or foreign cache is never used).
    pub fn load(path: &Path, fingerprint: &str) -> Cache {
        // Parsed from a buffered reader: the file's text is never held whole.
        std::fs::File::open(path)
            .ok()
            .and_then(|f| serde_json::from_reader::<_, Cache>(std::io::BufReader::new(f)).ok())
            .filter(|c| c.format == FORMAT && c.fingerprint == fingerprint)
            .unwrap_or_else(|| Cache::new(fingerprint.to_string()))
    }

    /// No return kept (a first run, or another plan, roster or version).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The return with this content, as read before, placed at `path` / `display`. Taken
    /// out of the cache: a second file with the same bytes finds none and is read anew.
    pub fn get(&self, hash: u128, path: &Path, display: &str) -> Option<Submission> {
        let entry = self.entries.get(&format!("{hash:032x}"))?;
        let mut sub = entry.0.lock().unwrap_or_else(|e| e.into_inner()).take()?;
        sub.path = path.to_path_buf();
        sub.file = display.to_string();
        for i in &mut sub.issues {
            i.file = display.to_string();
        }
        sub.modified = crate::submission::file_modified(path);
        Some(sub)
    }

    /// Writes a cache of this run's returns as they were read (what the run decided about
    /// them lives in the `Outcome`, and the next run decides it anew), one return at a time.
    pub fn write(
        fingerprint: &str,
        subs: &[Submission],
        out: impl std::io::Write,
    ) -> serde_json::Result<()> {
        use serde::ser::{SerializeMap, SerializeStruct, Serializer};
        struct Entries<'a>(&'a [Submission]);
        impl Serialize for Entries<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                let mut seen = std::collections::HashSet::new();
                for sub in self.0 {
                    let Some(h) = sub.hash.filter(|h| seen.insert(*h)) else {
                        continue;
                    };
                    map.serialize_entry(&format!("{h:032x}"), sub)?;
                }
                SerializeMap::end(map)
            }
        }
        let mut ser = serde_json::Serializer::new(out);
        let mut st = ser.serialize_struct("Cache", 3)?;
        SerializeStruct::serialize_field(&mut st, "format", &FORMAT)?;
        SerializeStruct::serialize_field(&mut st, "fingerprint", fingerprint)?;
        SerializeStruct::serialize_field(&mut st, "entries", &Entries(subs))?;
        SerializeStruct::end(st)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_return_is_handed_over_once_and_written_back_whole() {
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
        // Taken for the first file, placed where that file is.
        let got = cache.get(7, Path::new("b.xlsx"), "b.xlsx").unwrap();
        assert_eq!((got.file.as_str(), got.readable), ("b.xlsx", true));
        // A second file with the same bytes is read anew (no copy is kept to give).
        assert!(cache.get(7, Path::new("c.xlsx"), "c.xlsx").is_none());
        // Another fingerprint: nothing is used.
        assert!(Cache::load(&path, "other").is_empty());
    }
}
