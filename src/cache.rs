//! Parsed returns kept between runs, by content hash, so a re-run reads only new or changed
//! files. A cache is used only by the same danvan version with the same plan, roster and
//! limits (their fingerprint is its key); anything else is ignored and rebuilt.
//!
//! Storage: one JSON file beside the summary (`.danvan/<summary>.cache.json`), through
//! serde_json, already in the tree (no added build).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::Submission;

const FORMAT: u32 = 1;

/// Parsed returns by content hash (hex), for one fingerprint.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Cache {
    format: u32,
    fingerprint: String,
    entries: HashMap<String, Submission>,
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

/// Where the cache of the run writing `summary` is kept.
pub fn cache_path(summary: &Path) -> PathBuf {
    let state = crate::state::state_path(summary);
    state.with_extension("cache.json")
}

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
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Cache>(&b).ok())
            .filter(|c| c.format == FORMAT && c.fingerprint == fingerprint)
            .unwrap_or_else(|| Cache::new(fingerprint.to_string()))
    }

    /// The return with this content, as read before, placed at `path` / `display`.
    pub fn get(&self, hash: u128, path: &Path, display: &str) -> Option<Submission> {
        let mut sub = self.entries.get(&format!("{hash:032x}"))?.clone();
        sub.path = path.to_path_buf();
        sub.file = display.to_string();
        for i in &mut sub.issues {
            i.file = display.to_string();
        }
        sub.modified = crate::submission::file_modified(path);
        Some(sub)
    }

    /// A cache holding this run's returns as they were read: without the issues the run
    /// itself added (lateness, superseded, after `--as-of`), which the next run decides anew.
    pub fn of(fingerprint: String, subs: &[Submission]) -> Cache {
        let mut c = Cache::new(fingerprint);
        for s in subs {
            if let Some(h) = s.hash {
                let mut read = s.clone();
                read.issues.retain(|i| !i.code.is_run_level());
                c.entries.insert(format!("{h:032x}"), read);
            }
        }
        c
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Dates as days since 01/01/0001 (serde without chrono's own feature).
pub mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(d.num_days_from_ce())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| serde::de::Error::custom("ngày không hợp lệ"))
    }
}

/// `Option<NaiveDate>` as days.
pub mod opt_day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => s.serialize_some(&d.num_days_from_ce()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Ok(Option::<i32>::deserialize(d)?.and_then(NaiveDate::from_num_days_from_ce_opt))
    }
}

/// `Option<NaiveDateTime>` as seconds since 1970 (local time as written).
pub mod opt_time {
    use chrono::{DateTime, NaiveDateTime};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(t: &Option<NaiveDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_some(&t.and_utc().timestamp()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDateTime>, D::Error> {
        Ok(Option::<i64>::deserialize(d)?
            .and_then(|n| DateTime::from_timestamp(n, 0))
            .map(|t| t.naive_utc()))
    }
}
