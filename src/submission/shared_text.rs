//! Texts of a return that many returns say alike — a row's place, note, partner and
//! description, the `Tình hình` answers, a unit's commune and position, the names of the
//! sheets read — held once however many say them. A province's returns say the same few
//! places and descriptions over a million rows (`Hội trường đơn vị`, `Thăm hỏi … tại xã
//! …`); as a `String` each row held its own copy, and its 24-byte header besides.
//!
//! A [`SharedText`] is one pointer: empty text is no pointer at all, and the same text read
//! anywhere in the run shares one allocation, found in a pool of the texts alive. The pool
//! forgets a text once nothing holds it (checked whenever the pool has doubled), so a
//! long-running page does not keep every text of every run it made.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::{Arc, LazyLock, Mutex};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A text, shared with every return saying the same. Reads as a `&str`.
#[derive(Clone, Default)]
pub struct SharedText(Option<Arc<Box<str>>>);

impl SharedText {
    pub fn new(text: &str) -> SharedText {
        match text.is_empty() {
            true => SharedText(None),
            false => SharedText(Some(intern(text))),
        }
    }

    pub fn as_str(&self) -> &str {
        self.0.as_deref().map_or("", |b| b)
    }
}

impl Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for SharedText {
    fn eq(&self, other: &SharedText) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedText {}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl fmt::Debug for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> SharedText {
        SharedText::new(text)
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> SharedText {
        SharedText::new(&text)
    }
}

impl From<&SharedText> for String {
    fn from(text: &SharedText) -> String {
        text.as_str().to_owned()
    }
}

impl Serialize for SharedText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SharedText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<SharedText, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = SharedText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SharedText, E> {
                Ok(SharedText::new(v))
            }
        }
        d.deserialize_str(Visitor)
    }
}

/// A text in the pool, found by its `str`.
struct Pooled(Arc<Box<str>>);

impl Borrow<str> for Pooled {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Hash for Pooled {
    fn hash<H: Hasher>(&self, h: &mut H) {
        // As `str` hashes: a lookup by `&str` finds it.
        (**self.0).hash(h)
    }
}

impl PartialEq for Pooled {
    fn eq(&self, other: &Pooled) -> bool {
        *self.0 == *other.0
    }
}

impl Eq for Pooled {}

struct Pool {
    texts: HashSet<Pooled>,
    /// The pool's size at which texts no row holds any more are forgotten.
    sweep_at: usize,
}

/// Below this many texts the pool is never swept.
const FIRST_SWEEP: usize = 4096;

static POOL: LazyLock<Mutex<Pool>> = LazyLock::new(|| {
    Mutex::new(Pool {
        texts: HashSet::new(),
        sweep_at: FIRST_SWEEP,
    })
});

fn intern(text: &str) -> Arc<Box<str>> {
    // A thread that panicked while holding the pool left it whole (an insert or a retain
    // either happened or did not): the pool is still sound.
    let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = pool.texts.get(text) {
        return found.0.clone();
    }
    if pool.texts.len() >= pool.sweep_at {
        pool.texts.retain(|t| Arc::strong_count(&t.0) > 1);
        pool.sweep_at = (pool.texts.len() * 2).max(FIRST_SWEEP);
    }
    let shared = Arc::new(Box::<str>::from(text));
    pool.texts.insert(Pooled(shared.clone()));
    shared
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_is_held_once_and_reads_back_whole() {
        let a = SharedText::new("Hội trường đơn vị");
        let b = SharedText::from("Hội trường đơn vị".to_string());
        let (Some(pa), Some(pb)) = (&a.0, &b.0) else {
            panic!("a text that is not empty is held")
        };
        assert!(Arc::ptr_eq(pa, pb));
        assert_eq!(a.as_str(), "Hội trường đơn vị");
        assert_eq!(a, b);
        assert_ne!(a, SharedText::new("Hội trường"));
        assert!(SharedText::new("").0.is_none());
        assert_eq!(SharedText::default(), SharedText::new(""));
        assert_eq!(
            std::mem::size_of::<SharedText>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn it_is_kept_and_read_as_a_plain_string() {
        let text = SharedText::new("Nhà văn hóa ấp Phước Hội");
        let bytes = postcard::to_allocvec(&text).unwrap();
        assert_eq!(
            bytes,
            postcard::to_allocvec("Nhà văn hóa ấp Phước Hội").unwrap()
        );
        let back: SharedText = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, text);
        let json: SharedText = serde_json::from_str("\"Ghi ch\\u00fa\"").unwrap();
        assert_eq!(json.as_str(), "Ghi chú");
        assert_eq!(
            serde_json::to_string(&text).unwrap(),
            "\"Nhà văn hóa ấp Phước Hội\""
        );
    }

    #[test]
    fn texts_no_row_holds_are_forgotten_once_the_pool_has_grown() {
        let kept = SharedText::new("giữ lại: một văn bản còn dòng giữ");
        // Enough texts, dropped at once, to pass a sweep several times over.
        for i in 0..FIRST_SWEEP * 4 {
            drop(SharedText::new(&format!("tạm {i}")));
        }
        let pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        // The first was dropped long before the pool last doubled.
        assert!(!pool.texts.contains("tạm 0"));
        assert!(
            pool.texts.len() < FIRST_SWEEP * 4,
            "{} texts held",
            pool.texts.len()
        );
        assert!(pool.texts.contains(kept.as_str()));
    }
}
