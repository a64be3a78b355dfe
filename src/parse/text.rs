//! Vietnamese text normalisation: NFC, invisible characters, folding for matching, legacy encodings.

use unicode_normalization::UnicodeNormalization;

/// Cleans text as it will be shown: NFC, invisible characters removed, NBSP as space,
/// runs of white space folded to one, trimmed.
pub fn clean(s: &str) -> String {
    tidy(s, false)
}

/// [`clean`], optionally keeping U+00AD: a soft hyphen in Unicode text, but the letter `ư`
/// in TCVN3 text, so it must survive until the legacy text is converted.
fn tidy(s: &str, keep_soft_hyphen: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    let mut push = |c: char| match c {
        '\u{00AD}' if !keep_soft_hyphen => {}
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_whitespace() || c == '\u{00A0}' => pending_space = true,
        c if c.is_control() => pending_space = true,
        c => {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            out.push(c);
        }
    };
    // Text from spreadsheets is nearly always NFC already (ASCII always is): skip composing
    // it again.
    if s.is_ascii()
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s.chars().for_each(&mut push);
    } else {
        s.nfc().for_each(&mut push);
    }
    out
}

/// The letter under the diacritics of `c` for Latin letters (U+00C0–U+1EFF), from a table
/// built once; `None` outside that range. Combining marks map to `'\0'`-free `None` too.
fn base_letter(c: char) -> Option<char> {
    use std::sync::OnceLock;
    const FIRST: u32 = 0xC0;
    const LAST: u32 = 0x1EFF;
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    let u = c as u32;
    if u < 0x80 {
        return Some(c);
    }
    if !(FIRST..=LAST).contains(&u) || (0x300..=0x36F).contains(&u) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        (FIRST..=LAST)
            .map(|u| {
                char::from_u32(u)
                    .and_then(|c| std::iter::once(c).nfd().next())
                    .unwrap_or('\u{FFFD}')
            })
            .collect()
    });
    Some(table[(u - FIRST) as usize])
}

/// Folds text for matching: lower case, no diacritics (đ→d), punctuation as spaces,
/// white space collapsed. `"Tuyên  truyền\n"` and `"tuyen truyen"` fold alike.
pub fn fold(s: &str) -> String {
    fold_prefix(s, usize::MAX)
}

/// The start of [`fold`]`(s)`: folding stops once more than `limit` bytes are out (enough to
/// compare with folded text of `limit` bytes and see what follows it).
pub fn fold_prefix(s: &str, limit: usize) -> String {
    let mut out = String::with_capacity(s.len().min(limit.saturating_add(8)));
    let mut pending_space = false;
    let mut decomposed = String::new();
    for c in s.chars() {
        // ASCII (most of any cell) stays as it is; Latin letters with diacritics (all of
        // Vietnamese) come from a table; the rest is decomposed.
        let base = if c.is_ascii() {
            c
        } else {
            match base_letter(c) {
                Some(b) => b,
                None => {
                    decomposed.clear();
                    decomposed.extend(std::iter::once(c).nfd());
                    match decomposed
                        .chars()
                        .find(|m| !unicode_normalization::char::is_combining_mark(*m))
                    {
                        Some(b) => b,
                        None => continue,
                    }
                }
            }
        };
        let c = match base {
            'đ' | 'Đ' | 'ð' | 'Ð' => 'd',
            c => c,
        };
        let letter_or_digit = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            if unicode_normalization::char::is_combining_mark(c) {
                continue;
            }
            c.is_alphanumeric()
        };
        if letter_or_digit {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
            if out.len() > limit {
                break;
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// Folds and removes every space: for codes such as `TT 03` or `tt03`.
pub fn fold_compact(s: &str) -> String {
    fold(s).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Which legacy encoding a piece of text was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "TCVN3 (ABC)",
            Legacy::Vni => "VNI",
        }
    }
}

/// TCVN3 (the `.VnTime` "ABC" fonts) bytes 0xA1..=0xFE as Unicode. Text typed in those fonts
/// arrives in a workbook as the Latin-1 characters with the same code points.
const TCVN3: [char; 94] = [
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', 'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', 'Ằ', // A1..AF
    '\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}', 'à', 'ả', 'ã', 'á', 'ạ', 'Ẳ', 'ằ', 'ẳ',
    'ẵ', 'ắ', 'Ẵ', // B0..BF
    'Ắ', 'Ầ', 'Ẩ', 'Ẫ', 'Ấ', 'Ề', 'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', 'è', 'Ể', 'ẻ', 'ẽ', // C0..CF
    'é', 'ẹ', 'ề', 'ể', 'ễ', 'ế', 'ệ', 'ì', 'ỉ', 'Ễ', 'Ế', 'Ồ', 'ĩ', 'í', 'ị', 'ò', // D0..DF
    'Ổ', 'ỏ', 'õ', 'ó', 'ọ', 'ồ', 'ổ', 'ỗ', 'ố', 'ộ', 'ờ', 'ở', 'ỡ', 'ớ', 'ợ', 'ù', // E0..EF
    'Ỗ', 'ủ', 'ũ', 'ú', 'ụ', 'ừ', 'ử', 'ữ', 'ứ', 'ự', 'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', // F0..FE
];

/// Latin-1 letters that are also ordinary Vietnamese letters in Unicode text.
fn is_vietnamese_latin1(c: char) -> bool {
    "àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ".contains(c)
}

/// Letters only Unicode Vietnamese has: their presence means the text is not legacy.
fn is_unicode_vietnamese(c: char) -> bool {
    matches!(
        c,
        'ă' | 'Ă' | 'đ' | 'Đ' | 'ơ' | 'Ơ' | 'ư' | 'Ư' | 'ĩ' | 'Ĩ' | 'ũ' | 'Ũ'
    ) || ('\u{1EA0}'..='\u{1EF9}').contains(&c)
        || ('\u{0300}'..='\u{0323}').contains(&c)
}

const VNI_MARKS: &str = "ùøûõïâáàåãäêéèúüëÙØÛÕÏÂÁÀÅÃÄÊÉÈÚÜË";

/// Detects text typed in a legacy Vietnamese encoding.
pub fn detect_legacy(s: &str) -> Option<Legacy> {
    if s.is_ascii()
        || s.chars().any(is_unicode_vietnamese)
        || !s.chars().any(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let chars: Vec<char> = s.chars().collect();
    let vni_pairs = chars
        .windows(2)
        .filter(|w| "aeouyAEOUYôöÔÖ".contains(w[0]) && VNI_MARKS.contains(w[1]))
        .count();
    let strong = chars
        .iter()
        .filter(|&&c| ('\u{A1}'..='\u{FE}').contains(&c) && !is_vietnamese_latin1(c) && c != '×')
        .count();
    if vni_pairs < 2 && strong == 0 {
        return None;
    }
    // Both encodings put letters in the same Latin-1 range: keep the reading that gives the
    // most Vietnamese, and none when neither reads better than the text as it is.
    let (as_is, tcvn3, vni) = (
        vietnamese_score(s),
        vietnamese_score(&from_tcvn3(s)),
        vietnamese_score(&from_vni(s)),
    );
    // On a tie, VNI's letter-plus-mark pairs decide (TCVN3 letters are single characters).
    let vni_first = vni > tcvn3 || (vni == tcvn3 && vni_pairs >= 2 && strong == 0);
    if tcvn3.max(vni) <= as_is {
        None
    } else if vni_first {
        Some(Legacy::Vni)
    } else {
        Some(Legacy::Tcvn3)
    }
}

/// How Vietnamese a text reads: Vietnamese letters count for it; stray Latin-1 symbols,
/// combining marks left over, a capital inside a word, and a toned vowel right after a
/// plain `a`/`e` (never in Vietnamese: the tone of `ao`, `eo` goes on the first vowel)
/// count against it. Used to choose between legacy readings, not to judge Unicode text.
fn vietnamese_score(s: &str) -> i64 {
    let toned = |c: char| {
        c.to_string()
            .nfd()
            .any(|m| matches!(m, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
    };
    let mut score = 0;
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if c.is_alphabetic() && (is_unicode_vietnamese(c) || is_vietnamese_latin1(c)) {
            score += 1;
        } else if ('\u{A1}'..='\u{FE}').contains(&c) || ('\u{300}'..='\u{36F}').contains(&c) {
            score -= 2;
        }
        if let Some(p) = prev.filter(|p| p.is_alphabetic() && c.is_alphabetic()) {
            if p.is_lowercase() && c.is_uppercase() {
                score -= 2;
            }
            if matches!(p, 'a' | 'e' | 'A' | 'E') && toned(c) {
                score -= 2;
            }
        }
        prev = Some(c);
    }
    score
}

/// Converts TCVN3 text to Unicode NFC.
pub fn from_tcvn3(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| {
            let u = c as u32;
            if (0xA1..=0xFE).contains(&u) {
                TCVN3[(u - 0xA1) as usize]
            } else {
                c
            }
        })
        .collect();
    mapped.nfc().collect()
}

/// Converts VNI (VNI-Times font) text to Unicode NFC.
pub fn from_vni(s: &str) -> String {
    // Pairs first (base letter + mark), then the single-character letters.
    const PAIRS: &[(&str, &str)] = &[
        ("aù", "á"),
        ("aø", "à"),
        ("aû", "ả"),
        ("aõ", "ã"),
        ("aï", "ạ"),
        ("aâ", "â"),
        ("aá", "ấ"),
        ("aà", "ầ"),
        ("aå", "ẩ"),
        ("aã", "ẫ"),
        ("aä", "ậ"),
        ("aê", "ă"),
        ("aé", "ắ"),
        ("aè", "ằ"),
        ("aú", "ẳ"),
        ("aü", "ẵ"),
        ("aë", "ặ"),
        ("eù", "é"),
        ("eø", "è"),
        ("eû", "ẻ"),
        ("eõ", "ẽ"),
        ("eï", "ẹ"),
        ("eâ", "ê"),
        ("eá", "ế"),
        ("eà", "ề"),
        ("eå", "ể"),
        ("eã", "ễ"),
        ("eä", "ệ"),
        ("où", "ó"),
        ("oø", "ò"),
        ("oû", "ỏ"),
        ("oõ", "õ"),
        ("oï", "ọ"),
        ("oâ", "ô"),
        ("oá", "ố"),
        ("oà", "ồ"),
        ("oå", "ổ"),
        ("oã", "ỗ"),
        ("oä", "ộ"),
        ("ôù", "ớ"),
        ("ôø", "ờ"),
        ("ôû", "ở"),
        ("ôõ", "ỡ"),
        ("ôï", "ợ"),
        ("uù", "ú"),
        ("uø", "ù"),
        ("uû", "ủ"),
        ("uõ", "ũ"),
        ("uï", "ụ"),
        ("öù", "ứ"),
        ("öø", "ừ"),
        ("öû", "ử"),
        ("öõ", "ữ"),
        ("öï", "ự"),
        ("yù", "ý"),
        ("yø", "ỳ"),
        ("yû", "ỷ"),
        ("yõ", "ỹ"),
        ("AÙ", "Á"),
        ("AØ", "À"),
        ("AÛ", "Ả"),
        ("AÕ", "Ã"),
        ("AÏ", "Ạ"),
        ("AÂ", "Â"),
        ("AÁ", "Ấ"),
        ("AÀ", "Ầ"),
        ("AÅ", "Ẩ"),
        ("AÃ", "Ẫ"),
        ("AÄ", "Ậ"),
        ("AÊ", "Ă"),
        ("AÉ", "Ắ"),
        ("AÈ", "Ằ"),
        ("AÚ", "Ẳ"),
        ("AÜ", "Ẵ"),
        ("AË", "Ặ"),
        ("EÙ", "É"),
        ("EØ", "È"),
        ("EÛ", "Ẻ"),
        ("EÕ", "Ẽ"),
        ("EÏ", "Ẹ"),
        ("EÂ", "Ê"),
        ("EÁ", "Ế"),
        ("EÀ", "Ề"),
        ("EÅ", "Ể"),
        ("EÃ", "Ễ"),
        ("EÄ", "Ệ"),
        ("OÙ", "Ó"),
        ("OØ", "Ò"),
        ("OÛ", "Ỏ"),
        ("OÕ", "Õ"),
        ("OÏ", "Ọ"),
        ("OÂ", "Ô"),
        ("OÁ", "Ố"),
        ("OÀ", "Ồ"),
        ("OÅ", "Ổ"),
        ("OÃ", "Ỗ"),
        ("OÄ", "Ộ"),
        ("ÔÙ", "Ớ"),
        ("ÔØ", "Ờ"),
        ("ÔÛ", "Ở"),
        ("ÔÕ", "Ỡ"),
        ("ÔÏ", "Ợ"),
        ("UÙ", "Ú"),
        ("UØ", "Ù"),
        ("UÛ", "Ủ"),
        ("UÕ", "Ũ"),
        ("UÏ", "Ụ"),
        ("ÖÙ", "Ứ"),
        ("ÖØ", "Ừ"),
        ("ÖÛ", "Ử"),
        ("ÖÕ", "Ữ"),
        ("ÖÏ", "Ự"),
        ("YÙ", "Ý"),
        ("YØ", "Ỳ"),
        ("YÛ", "Ỷ"),
        ("YÕ", "Ỹ"),
    ];
    const SINGLES: &[(char, char)] = &[
        ('æ', 'ỉ'),
        ('ó', 'ĩ'),
        ('ò', 'ị'),
        ('ô', 'ơ'),
        ('ö', 'ư'),
        ('î', 'ỵ'),
        ('ñ', 'đ'),
        ('Æ', 'Ỉ'),
        ('Ó', 'Ĩ'),
        ('Ò', 'Ị'),
        ('Ô', 'Ơ'),
        ('Ö', 'Ư'),
        ('Î', 'Ỵ'),
        ('Ñ', 'Đ'),
    ];
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        if i + 1 < chars.len() {
            let pair: String = [chars[i], chars[i + 1]].iter().collect();
            if let Some((_, u)) = PAIRS.iter().find(|(p, _)| *p == pair) {
                out.push_str(u);
                i += 2;
                continue;
            }
        }
        match SINGLES.iter().find(|(v, _)| *v == chars[i]) {
            Some((_, u)) => out.push(*u),
            None => out.push(chars[i]),
        }
        i += 1;
    }
    out.nfc().collect()
}

/// Does `word` (one word, any case) read as a Vietnamese syllable written in Unicode: an
/// initial consonant, a vowel group the language has, a final consonant, at most one tone
/// mark? Abbreviations without vowels (`CĐCS`, `LĐLĐ`) count as Vietnamese too.
fn is_vietnamese_syllable(word: &str) -> bool {
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    // A capital after a small letter (`chÕ`) is no Vietnamese word.
    let chars: Vec<char> = word.chars().collect();
    if chars
        .windows(2)
        .any(|w| w[0].is_lowercase() && w[1].is_uppercase())
    {
        return false;
    }
    let lower: String = word.to_lowercase().nfd().collect();
    let tones = lower.chars().filter(|c| TONES.contains(c)).count();
    if tones > 1 {
        return false;
    }
    // The letters with their vowel marks (ă â ê ô ơ ư), tones removed.
    let letters: Vec<char> = lower
        .chars()
        .filter(|c| !TONES.contains(c))
        .collect::<String>()
        .nfc()
        .collect();
    if letters.iter().any(|c| !c.is_alphabetic()) {
        return false;
    }
    let vowel = |c: &char| "aăâeêioôơuưy".contains(*c);
    if !letters.iter().any(vowel) {
        // An abbreviation: consonants only, no tone.
        return tones == 0 && letters.iter().all(|c| c.is_ascii_alphabetic() || *c == 'đ');
    }
    let text: String = letters.iter().collect();
    const INITIALS: [&str; 28] = [
        "ngh", "ch", "gh", "gi", "kh", "ng", "nh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
    ];
    const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    const GROUPS: [&str; 61] = [
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
        "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ",
        "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oao",
        "oay", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu", "uay", "oă", "ưo", "uo",
        "ueo", "uơi",
    ];
    let rest_fits = |rest: &str| {
        FINALS.iter().any(|f| {
            rest.strip_suffix(f)
                .is_some_and(|group| GROUPS.contains(&group))
        })
    };
    rest_fits(&text)
        || INITIALS.iter().any(|i| {
            text.strip_prefix(i)
                .is_some_and(|rest| !rest.is_empty() && rest_fits(rest))
        })
}

/// Does `s` read as Vietnamese typed in Unicode? Every word with a letter outside ASCII
/// must be a Vietnamese syllable; words in ASCII (names, `Zalo`, numbers) do not decide.
/// Such a cell is never re-decoded as TCVN3/VNI, whatever the rest of its file is.
pub fn reads_as_unicode_vietnamese(s: &str) -> bool {
    // Latin-1 symbols (`®`, `«`, `·`, `¸`, `µ`, soft hyphen) stand for letters in TCVN3 and
    // VNI; typed Vietnamese has none of them.
    if s.chars()
        .any(|c| ('\u{A1}'..='\u{BF}').contains(&c) || matches!(c, '\u{D7}' | '\u{F7}'))
    {
        return false;
    }
    let mut any = false;
    for word in s.split(|c: char| !c.is_alphanumeric() && !('\u{300}'..='\u{36F}').contains(&c)) {
        if word.is_ascii() {
            continue;
        }
        any = true;
        if !is_vietnamese_syllable(word) {
            return false;
        }
    }
    any
}

/// Cleans text and converts it from a legacy encoding when it looks like one.
/// Returns the text and the legacy encoding that was converted, if any.
pub fn normalize(s: &str) -> (String, Option<Legacy>) {
    normalize_in(s, None)
}

/// Like [`normalize`], for text from a file already known to be typed in `file_legacy`.
/// A short TCVN3 text such as `Suèi` (Suối) uses only letters that Unicode Vietnamese has
/// too; alone it is ambiguous, but in a file whose other cells are surely TCVN3 it is TCVN3.
pub fn normalize_in(raw: &str, file_legacy: Option<Legacy>) -> (String, Option<Legacy>) {
    let tidied = tidy(raw, true);
    let s = tidied.as_str();
    // The file's encoding first: it was decided on cells that are not ambiguous.
    let fits_file = || {
        !s.is_ascii()
            && !s.chars().any(is_unicode_vietnamese)
            && s.chars()
                .all(|c| c.is_ascii() || ('\u{A1}'..='\u{FE}').contains(&c))
    };
    // A cell that is legacy text by itself; failing that, the file's encoding, but only
    // where the converted text reads as Vietnamese (`Suèi` → `Suối`, not `Café` → `Cafộ`).
    let found = detect_legacy(s).or_else(|| {
        file_legacy.filter(|l| {
            fits_file()
                && reads_as_unicode_vietnamese(&match l {
                    Legacy::Tcvn3 => from_tcvn3(s),
                    Legacy::Vni => from_vni(s),
                })
        })
    });
    // A cell that already reads as Vietnamese in Unicode is never re-decoded (`Chà Là`
    // beside a TCVN3 note stays `Chà Là`). Checked only when a conversion is on the table.
    let found = found.filter(|_| !reads_as_unicode_vietnamese(s));
    // Unicode text: only the soft hyphens kept for a TCVN3 reading are left to drop.
    let unicode = |t: String| {
        if t.contains('\u{AD}') {
            clean(&t)
        } else {
            t
        }
    };
    let converted = match found {
        Some(Legacy::Tcvn3) => from_tcvn3(s),
        Some(Legacy::Vni) => from_vni(s),
        None => return (unicode(tidied), None),
    };
    // Nothing changed, or the legacy reading is no Vietnamese either (symbols left over,
    // two tones on a word): it was not legacy text after all, and is kept as typed.
    let converted = clean(&converted);
    if converted == s || !reads_as_unicode_vietnamese(&converted) {
        return (unicode(tidied), None);
    }
    (converted, found)
}

/// An ASCII-safe file name part: diacritics removed (đ→d), anything else unsafe as `-`,
/// at most `max` bytes.
pub fn ascii_slug(s: &str, max: usize) -> String {
    let mut out = String::new();
    for c in s.nfd() {
        let c = match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        };
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= max {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_folds_spaces_and_invisibles() {
        assert_eq!(clean("  Tuyên\u{00A0}\u{200B}truyền \n "), "Tuyên truyền");
        let nfd: String = "Luật An ninh mạng".nfd().collect();
        assert_eq!(clean(&nfd), "Luật An ninh mạng");
    }

    #[test]
    fn fold_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold("Tuyên  Truyền\n"), "tuyen truyen");
        assert_eq!(fold("Đối tượng"), "doi tuong");
        assert_eq!(fold("Xã, thị trấn"), "xa thi tran");
        assert_eq!(fold_compact("TT 03"), "tt03");
        // ASCII inside Vietnamese text, and text that is all ASCII, fold alike.
        assert_eq!(fold("Số  BUỔI\t(TT03)"), "so buoi tt03");
        assert_eq!(fold("So  BUOI\t(TT03)"), "so buoi tt03");
        assert_eq!(fold("Ǆ Ωmega ǅ"), "ǆ ωmega ǆ");
    }

    #[test]
    fn clean_collapses_ascii_white_space_and_controls_alike() {
        assert_eq!(clean("\t a\x0b\x01b  \r\n"), "a b");
        assert_eq!(clean("\t ạ\x0b\x01b  \r\n"), "ạ b");
        assert_eq!(clean(" \u{A0}x\u{200B}y "), "xy");
    }

    #[test]
    fn fold_prefix_is_the_start_of_fold_and_says_what_follows() {
        let texts = [
            "Số lượt người tham dự (người)",
            "  Số   buổi  ",
            "Các phong trào: \"Đền ơn đáp nghĩa\", \"Uống nước nhớ nguồn\"",
            "TT 03",
            "",
            "Ｓố",
        ];
        for s in texts {
            let whole = fold(s);
            for limit in 0..whole.len() + 2 {
                let start = fold_prefix(s, limit);
                assert!(whole.starts_with(&start), "{s:?} at {limit}: {start:?}");
                // Either all of it, or more than `limit` bytes of it.
                assert!(start == whole || start.len() > limit, "{s:?} at {limit}");
            }
        }
    }

    #[test]
    fn tcvn3_is_detected_and_converted() {
        let legacy = "Tuyªn truyÒn LuËt NghÜa vô qu©n sù";
        assert_eq!(detect_legacy(legacy), Some(Legacy::Tcvn3));
        assert_eq!(from_tcvn3(legacy), "Tuyên truyền Luật Nghĩa vụ quân sự");
        assert_eq!(from_tcvn3("§oµn viªn c«ng ®oµn"), "Đoàn viên công đoàn");
        // `ư` is U+00AD in TCVN3: it survives cleaning, also at the start of a word.
        assert_eq!(
            normalize(&crate::sample::to_tcvn3("chế độ ưu đãi")).0,
            "chế độ ưu đãi"
        );
    }

    #[test]
    fn vni_is_detected_and_converted() {
        let legacy = "Tuyeân truyeàn phaùp luaät";
        assert_eq!(detect_legacy(legacy), Some(Legacy::Vni));
        assert_eq!(from_vni(legacy), "Tuyên truyền pháp luật");
    }

    #[test]
    fn unicode_names_are_never_redecoded_in_a_tcvn3_file() {
        for name in [
            "Chà Là",
            "Châu Thành",
            "Bàu Năng",
            "Cầu Khởi",
            "Dương Minh Châu",
            "CĐCS xã Phước Ninh",
            "Nguyễn Thị Hòa",
            "Trường THCS Chà Là",
            "Quý",
            "giữa",
            "khuyết",
            "nghiêng",
        ] {
            assert!(reads_as_unicode_vietnamese(name), "{name}");
            assert_eq!(
                normalize_in(name, Some(Legacy::Tcvn3)),
                (name.to_string(), None),
                "{name}"
            );
            assert_eq!(
                normalize_in(name, Some(Legacy::Vni)),
                (name.to_string(), None),
                "{name}"
            );
        }
        // Ambiguous TCVN3 text still follows the file's encoding.
        assert_eq!(normalize_in("Suèi", Some(Legacy::Tcvn3)).0, "Suối");
        assert!(!reads_as_unicode_vietnamese("Suèi"));
        assert!(!reads_as_unicode_vietnamese("C«ng ®oµn"));
        // A foreign word is kept when the legacy reading is not Vietnamese either.
        assert_eq!(normalize_in("Café", Some(Legacy::Tcvn3)).0, "Café");
    }

    #[test]
    fn unicode_vietnamese_is_not_legacy() {
        for s in [
            "Tuyên truyền",
            "Hội nghị, buổi nói chuyện",
            "Tọa đàm",
            "Café",
            "abc",
            "Ông Bà",
        ] {
            assert_eq!(detect_legacy(s), None, "{s}");
        }
    }

    #[test]
    fn slug_is_ascii_and_bounded() {
        assert_eq!(
            ascii_slug("CĐCS Trường THCS Phước Ninh", 80),
            "CDCS-Truong-THCS-Phuoc-Ninh"
        );
        assert_eq!(ascii_slug("a/b\"c", 80), "a-b-c");
        assert!(ascii_slug(&"Đ".repeat(300), 60).len() <= 60);
    }
}
