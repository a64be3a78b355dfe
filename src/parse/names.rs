//! Organisation names and unit codes as offices write them.
//!
//! Names are abbreviated both ways (`THCS` / `Trung học cơ sở`, `Cty` / `Công ty`), start
//! with words that tell no union apart (`CĐCS`, `Công đoàn cơ sở`) and drop words such as
//! `Trường` or `cơ quan`. [`name_tokens`] brings every way of writing one name to the same
//! words; [`same_but_typos`] says whether two names differ only by typing slips, never by a
//! word that tells two units apart (`TH` vs `THCS`, `xã Phước Minh` vs `xã Phước Ninh`).

use std::collections::HashSet;

use super::text::fold;

/// Long forms (folded) and the abbreviation both forms are compared as. `TT` stands for
/// both `Trung tâm` and `Thị trấn`, as offices write it: a roster with two names that differ
/// only there is refused (their returns could not be told apart).
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("trung hoc pho thong", "thpt"),
    ("trung hoc co so", "thcs"),
    ("tieu hoc", "th"),
    ("mam non", "mn"),
    ("mau giao", "mg"),
    ("trach nhiem huu han", "tnhh"),
    ("cong ty", "cty"),
    ("co phan", "cp"),
    ("uy ban nhan dan", "ubnd"),
    ("benh vien", "bv"),
    ("trung tam", "tt"),
    ("thi tran", "tt"),
    ("hop tac xa", "htx"),
    ("doanh nghiep tu nhan", "dntn"),
    ("giao duc va dao tao", "gddt"),
    ("giao duc dao tao", "gddt"),
    ("lien doan lao dong", "ldld"),
    ("ban quan ly", "bql"),
    ("tram y te", "tyt"),
    ("khu cong nghiep", "kcn"),
    ("chi nhanh", "cn"),
    ("viet nam", "vn"),
];

/// [`ABBREVIATIONS`] with their long forms split into words, once.
fn long_forms() -> &'static [(Vec<&'static str>, &'static str)] {
    static FORMS: std::sync::OnceLock<Vec<(Vec<&'static str>, &'static str)>> =
        std::sync::OnceLock::new();
    FORMS.get_or_init(|| {
        ABBREVIATIONS
            .iter()
            .map(|(long, short)| (long.split(' ').collect(), *short))
            .collect()
    })
}

/// Words that open a union's name and tell no union apart.
const UNION_PREFIXES: &[&str] = &["cong doan co so", "cdcs", "cong doan", "cd"];

/// Words often left out or added that tell no union apart, wherever they stand.
const FILLERS: &[&str] = &["truong", "co quan", "xa"];

/// The words of `name` as compared: folded, long forms abbreviated, the union prefix and
/// filler words dropped. `"Công đoàn cơ sở Trường Trung học cơ sở Suối Đá"` and
/// `"CĐCS THCS Suối Đá"` both give `["thcs", "suoi", "da"]`.
pub fn name_tokens(name: &str) -> Vec<String> {
    let folded = fold(name);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let phrase = long_forms()
            .iter()
            .find(|(long, _)| words[i..].starts_with(long));
        match phrase {
            Some((long, short)) => {
                out.push((*short).to_string());
                i += long.len();
            }
            None => {
                out.push(words[i].to_string());
                i += 1;
            }
        }
    }
    // Union prefixes, possibly repeated (`CĐCS Công đoàn …`).
    loop {
        let before = out.len();
        for p in UNION_PREFIXES {
            let p: Vec<&str> = p.split(' ').collect();
            if out.len() > p.len() && out.iter().zip(&p).all(|(a, b)| a == b) {
                out.drain(..p.len());
            }
        }
        if out.len() == before {
            break;
        }
    }
    for filler in FILLERS {
        let f: Vec<&str> = filler.split(' ').collect();
        let mut j = 0;
        while j + f.len() <= out.len() {
            if out.len() > f.len() && out[j..j + f.len()].iter().zip(&f).all(|(a, b)| a == b) {
                out.drain(j..j + f.len());
            } else {
                j += 1;
            }
        }
    }
    out
}

/// The name as one comparable string (the words of [`name_tokens`]).
pub fn name_key(name: &str) -> String {
    name_tokens(name).join(" ")
}

/// Words that open a place (folded): `xã`, `thị trấn`, `phường`, `huyện`, `ấp`, `khu phố`.
const PLACE_WORDS: [&str; 7] = ["xa", "thi tran", "tt", "phuong", "huyen", "ap", "khu pho"];

/// A unit name told apart by a place, as rosters write it: `MN Hoa Sen (xã Phan)`,
/// `MN Hoa Sen – xã Phan`, `MN Hoa Sen xã Phan`. Returns the name without the place and
/// the place's own words (folded, without `xã`…: `phan`), or `None` when the name ends in
/// no place. The place is a clue to the unit, not a part of its name to match.
pub fn split_place(name: &str) -> Option<(String, String)> {
    let t = name.trim();
    // `(xã Phan)` at the end: whatever is in the brackets.
    if let Some(stripped) = t.strip_suffix(')') {
        if let Some(open) = stripped.rfind('(') {
            let (base, place) = (stripped[..open].trim(), &stripped[open + 1..]);
            return place_key(place, false)
                .filter(|_| !base.is_empty())
                .map(|p| (base.to_string(), p));
        }
    }
    // `– xã Phan`, `- xã Phan`: after the last dash, when a place word opens it.
    if let Some(i) = t.rfind(['–', '—', '-']) {
        let dash = t[i..].chars().next().map_or(1, char::len_utf8);
        let (base, place) = (t[..i].trim(), t[i + dash..].trim());
        if let Some(p) = place_key(place, true).filter(|_| !base.is_empty()) {
            return Some((base.to_string(), p));
        }
    }
    // ` xã Phan` at the end, without brackets or a dash.
    let words: Vec<&str> = t.split_whitespace().collect();
    (1..words.len()).rev().find_map(|i| {
        let place = words[i..].join(" ");
        let base = words[..i].join(" ");
        place_key(&place, true).map(|p| (base, p))
    })
}

/// The words of a place (`xã Bến Củi` → `ben cui`); with `needs_word`, only a place that
/// opens with a place word and names something after it.
fn place_key(place: &str, needs_word: bool) -> Option<String> {
    let f = fold(place);
    let after = PLACE_WORDS
        .iter()
        .find_map(|w| f.strip_prefix(&format!("{w} ")).map(str::to_string));
    match after {
        Some(rest) if !rest.is_empty() => Some(rest),
        None if !needs_word && !f.is_empty() => Some(f),
        _ => None,
    }
}

/// Whether `text` (a commune cell, a file name) names place `key` (from [`split_place`])
/// as whole words.
pub fn names_place(text: &str, key: &str) -> bool {
    let t = format!(" {} ", fold(text));
    !key.is_empty() && t.contains(&format!(" {key} "))
}

/// Every abbreviation: words that always tell units apart, whatever the roster holds.
pub fn abbreviations() -> impl Iterator<Item = &'static str> {
    ABBREVIATIONS.iter().map(|(_, short)| *short)
}

/// Whether `typed` can be a slip for `roster`: one character off in a word of 4 or more
/// letters, two in a word of 8 or more; never for a word with a digit.
fn slip(typed: &str, roster: &str) -> bool {
    if typed.chars().any(|c| c.is_ascii_digit()) || roster.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let n = typed.chars().count().max(roster.chars().count());
    let d = strsim::levenshtein(typed, roster);
    (n >= 4 && d <= 1) || (n >= 8 && d <= 2)
}

/// Whether the name typed (`typed`, from [`name_tokens`]) differs from a roster name only by
/// typing slips. A typed word that is itself a known word (`known`: every word of the
/// roster's names and every abbreviation) is what the unit meant, never a slip: `minh`
/// typed where the roster says `ninh` names another commune.
pub fn same_but_typos(typed: &[String], roster: &[&str], known: &HashSet<String>) -> bool {
    typed.len() == roster.len()
        && typed
            .iter()
            .zip(roster)
            .all(|(t, r)| t == r || (!known.contains(t) && slip(t, r)))
}

/// A unit code as compared: folded, without spaces, hyphens or dots, and without leading
/// zeros in its numbers (`CD-07`, `cd 7` and `CD.07` are one code; `07` typed in Excel is
/// kept as the number 7).
pub fn code_key(code: &str) -> String {
    let compact: Vec<char> = fold(code).chars().filter(|c| c.is_alphanumeric()).collect();
    let mut out = String::with_capacity(compact.len());
    for run in compact.chunk_by(|a, b| a.is_ascii_digit() == b.is_ascii_digit()) {
        if run[0].is_ascii_digit() {
            let digits: String = run.iter().skip_while(|c| **c == '0').collect();
            out.push_str(if digits.is_empty() { "0" } else { &digits });
        } else {
            out.extend(run);
        }
    }
    out
}

#[cfg(test)]
mod place_tests {
    use super::*;

    #[test]
    fn places_in_brackets_after_a_dash_or_at_the_end() {
        let p = split_place;
        assert_eq!(
            p("MN Hoa Sen (xã Phan)"),
            Some(("MN Hoa Sen".into(), "phan".into()))
        );
        assert_eq!(
            p("MN Hoa Sen (Bến Củi)"),
            Some(("MN Hoa Sen".into(), "ben cui".into()))
        );
        assert_eq!(
            p("MN Hoa Sen – xã Phan"),
            Some(("MN Hoa Sen".into(), "phan".into()))
        );
        assert_eq!(
            p("MN Hoa Sen - thị trấn DMC"),
            Some(("MN Hoa Sen".into(), "dmc".into()))
        );
        assert_eq!(
            p("MN Hoa Sen xã Bến Củi"),
            Some(("MN Hoa Sen".into(), "ben cui".into()))
        );
        assert_eq!(p("CĐCS Công ty TNHH May mặc Phước Đông"), None);
        assert_eq!(p("Trường THCS Phan - Bến Củi"), None);
        assert!(names_place("Xã Phan", "phan"));
        assert!(names_place("MN Hoa Sen Phan.xlsx", "phan"));
        assert!(!names_place("Phanh", "phan"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        name_tokens(s)
    }

    #[test]
    fn abbreviations_and_long_forms_compare_alike() {
        for (a, b) in [
            (
                "Công đoàn cơ sở Trường Trung học cơ sở Suối Đá",
                "CĐCS THCS Suối Đá",
            ),
            ("CĐ Trường Tiểu học Phan", "Công đoàn Trường TH Phan"),
            (
                "CĐCS Công ty TNHH May Việt",
                "Cty trách nhiệm hữu hạn May Việt",
            ),
            ("CĐCS cơ quan UBND xã Bến Củi", "Ủy ban nhân dân xã Bến Củi"),
            ("CĐCS Bệnh viện Đa khoa", "BV đa khoa"),
            ("Trường Mầm non Hoa Sen", "MN Hoa Sen"),
            ("Trung tâm Y tế huyện", "TT Y tế huyện"),
        ] {
            assert_eq!(words(a), words(b), "{a} / {b}");
        }
        assert_ne!(words("Trường TH Suối Đá"), words("Trường THCS Suối Đá"));
        assert_eq!(words("CĐCS THCS Suối Đá"), ["thcs", "suoi", "da"]);
    }

    #[test]
    fn typos_pass_but_distinguishing_words_do_not() {
        let known: HashSet<String> = ["phuoc", "minh", "ninh", "ubnd", "suoi", "da"]
            .iter()
            .map(|s| s.to_string())
            .chain(abbreviations().map(str::to_string))
            .collect();
        let ok = |a: &str, b: &str| {
            let roster = words(b);
            let roster: Vec<&str> = roster.iter().map(String::as_str).collect();
            same_but_typos(&words(a), &roster, &known)
        };
        assert!(ok("UBND xã Phuoc Minhh", "UBND xã Phước Minh"));
        assert!(!ok("UBND xã Phước Minh", "UBND xã Phước Ninh"));
        assert!(!ok("Trường TH Suối Đá", "Trường THCS Suối Đá"));
        assert!(!ok("THCS số 1", "THCS số 2"));
        assert!(!ok("UBND Suối", "UBND Suối Đá"));
    }

    #[test]
    fn codes_compare_without_case_punctuation_or_leading_zeros() {
        for c in ["CD-07", "cd 7", "CD.07", "cd07", " Cd 0 7"] {
            assert_eq!(code_key(c), "cd7", "{c}");
        }
        assert_eq!(code_key("07"), code_key("7"));
        assert_eq!(code_key("0"), "0");
        assert_eq!(code_key("CD00"), "cd0");
        assert_eq!(code_key("CD10"), "cd10");
        assert_eq!(code_key("A1B02"), "a1b2");
        assert_ne!(code_key("CD1"), code_key("CD10"));
    }
}
