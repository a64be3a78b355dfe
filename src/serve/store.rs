//! Storing uploaded returns in the working folder: a safe name, never over another file,
//! written atomically.

use std::path::{Path, PathBuf};

/// Names Windows reserves for devices, with any extension (`CON.xlsx` opens the console):
/// `COM`/`LPT` with a digit 0–9 or a superscript ¹ ² ³, and the console's own two.
fn reserved(stem_upper: &str) -> bool {
    if matches!(
        stem_upper,
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    let Some(rest) = stem_upper
        .strip_prefix("COM")
        .or_else(|| stem_upper.strip_prefix("LPT"))
    else {
        return false;
    };
    let mut chars = rest.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('0'..='9' | '¹' | '²' | '³'), None)
    )
}

/// Characters that change how a name reads without being seen: bidirectional overrides and
/// isolates (`ánh\u{202E}xslx.exe` shows as `ánhexe.xlsx`), zero-width spaces and joiners.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

/// Longest stored name, in characters (Windows counts UTF-16 units, 255 at most).
const MAX_NAME_CHARS: usize = 120;

/// Longest stored name, in bytes of UTF-8: Linux and macOS allow 255 bytes, and a
/// Vietnamese letter takes up to three (120 of them are 345 bytes: "File name too long").
/// Room is left for the ` (12)` of a name already taken.
const MAX_NAME_BYTES: usize = 200;

/// A file name safe on Windows and Unix, from whatever a browser sent: the last path
/// component only (no `..`, no separators), no control characters or NUL, none of
/// `<>:"|?*`, no leading or trailing dots and spaces, no reserved device name, NFC.
pub fn sanitize(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut s: String = last
        .nfc()
        .filter(|c| !invisible(*c))
        .map(|c| match c {
            c if c.is_control() => '_',
            '<' | '>' | ':' | '"' | '|' | '?' | '*' => '_',
            // The page names an archive's member `X.zip › Y.xlsx`: no file name looks like one.
            '›' => '-',
            c => c,
        })
        .collect();
    s = s
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .to_string();
    if s.chars().count() > MAX_NAME_CHARS || s.len() > MAX_NAME_BYTES {
        // Keep the extension: it decides how the file is read. Cut the stem at a letter
        // (never inside one), within both limits.
        let (stem, ext) = split_ext(&s);
        let (chars_left, mut bytes_left) = (
            MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 1),
            MAX_NAME_BYTES.saturating_sub(ext.len() + 1),
        );
        let stem: String = (stem.chars().take(chars_left))
            .take_while(|c| {
                let fits = c.len_utf8() <= bytes_left;
                bytes_left = bytes_left.saturating_sub(c.len_utf8());
                fits
            })
            .collect();
        // At a word when one ends near the cut, so no word is left half.
        let stem = match stem.rfind(' ') {
            Some(i) if stem.len() - i < 24 => stem[..i].trim_end().to_string(),
            _ => stem.trim_end().to_string(),
        };
        s = if ext.is_empty() {
            stem
        } else {
            format!("{stem}.{ext}")
        };
    }
    // Windows reserves the name before the *first* dot (`CON.tar.xlsx` too).
    let stem_upper = s
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    if reserved(&stem_upper) {
        s = format!("_{s}");
    }
    if s.is_empty() || s.chars().all(|c| c == '_') {
        s = "tep-tai-len".into();
    }
    s
}

fn split_ext(s: &str) -> (&str, &str) {
    match s.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, ext),
        _ => (s, ""),
    }
}

/// Lower-case extension of a (sanitized) name.
pub fn extension(name: &str) -> String {
    split_ext(name).1.to_ascii_lowercase()
}

/// Writes `bytes` into `dir` under `name` (already sanitized), or `name (2)`, `name (3)`…
/// when taken: an upload never replaces a file. The bytes go to a hidden temporary file
/// first, then are linked under the final name in one step that fails if the name is
/// taken (so two uploads at once cannot both win the same name).
/// `modified` (when known) becomes the stored file's modified time.
pub fn store(
    dir: &Path,
    name: &str,
    bytes: &[u8],
    modified: Option<std::time::SystemTime>,
) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!(
        ".danvan-upload-{}-{}.tmp",
        std::process::id(),
        unique()
    ));
    {
        let mut f = private_file(&tmp)?;
        std::io::Write::write_all(&mut f, bytes)?;
        if let Some(t) = modified {
            f.set_modified(t)?;
        }
        f.sync_all()?;
    }
    let result = place(&tmp, dir, name);
    let _ = std::fs::remove_file(&tmp);
    result
}

fn place(tmp: &Path, dir: &Path, name: &str) -> std::io::Result<PathBuf> {
    let (stem, ext) = split_ext(name);
    for n in 1..10_000 {
        let candidate = match (n, ext.is_empty()) {
            (1, _) => name.to_string(),
            (_, true) => format!("{stem} ({n})"),
            (_, false) => format!("{stem} ({n}).{ext}"),
        };
        let target = dir.join(&candidate);
        match std::fs::hard_link(tmp, &target) {
            Ok(()) => return Ok(target),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(_) => {
                // File systems without hard links (FAT32 USB sticks): reserve the name with
                // a file created only if absent, then move the bytes over it.
                match std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&target)
                {
                    Ok(_) => {
                        std::fs::copy(tmp, &target)?;
                        return Ok(target);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                    Err(e) => return Err(e),
                }
            }
        }
    }
    Err(std::io::Error::other("quá nhiều tệp trùng tên"))
}

/// A new file readable by the current user only, where the system has such a mode (Unix);
/// on Windows the returns folder's own permissions apply.
pub(super) fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)
}

fn unique() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::Relaxed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_the_browser_are_made_safe() {
        assert_eq!(sanitize("../x.xlsx"), "x.xlsx");
        assert_eq!(sanitize("..\\..\\Windows\\x.xlsx"), "x.xlsx");
        assert_eq!(sanitize("/etc/passwd"), "passwd");
        assert_eq!(sanitize("CON.xlsx"), "_CON.xlsx");
        assert_eq!(sanitize("nul"), "_nul");
        assert_eq!(sanitize("com1.tar.xlsx"), "_com1.tar.xlsx");
        assert_eq!(sanitize("CON .xlsx"), "_CON .xlsx");
        assert_eq!(sanitize("COM¹.xlsx"), "_COM¹.xlsx");
        assert_eq!(sanitize("conin$.xlsx"), "_conin$.xlsx");
        assert_eq!(sanitize("CONOUT$"), "_CONOUT$");
        assert_eq!(sanitize("COM10.xlsx"), "COM10.xlsx");
        assert_eq!(sanitize("Company.xlsx"), "Company.xlsx");
        // A name that reads differently from what it is: the override is removed.
        assert_eq!(sanitize("anh\u{202E}xslx.exe"), "anhxslx.exe");
        assert_eq!(sanitize("bao\u{200B}cao.xlsx"), "baocao.xlsx");
        assert_eq!(sanitize("bao cao.xlsx. . "), "bao cao.xlsx");
        assert_eq!(sanitize("a\0b<c>.xlsx"), "a_b_c_.xlsx");
        assert_eq!(sanitize(".."), "tep-tai-len");
        assert_eq!(sanitize(""), "tep-tai-len");
        // NFD from a Mac becomes NFC.
        assert_eq!(sanitize("Ba\u{300}u Na\u{306}ng.xlsx"), "Bàu Năng.xlsx");
        let long = format!("{}.xlsx", "a".repeat(500));
        let s = sanitize(&long);
        assert!(
            s.ends_with(".xlsx") && s.chars().count() == MAX_NAME_CHARS,
            "{s}"
        );
        // 120 Vietnamese letters are 345 bytes: cut at a letter to fit every file system.
        let long = format!("{}.xlsx", "Báo cáo kết quả công tác dân vận ".repeat(4));
        let s = sanitize(&long);
        assert!(s.len() <= MAX_NAME_BYTES && s.ends_with(" quả.xlsx"), "{s}");
        assert!(long.starts_with(s.trim_end_matches(".xlsx")), "{s}");
    }

    #[test]
    fn a_second_upload_with_the_same_name_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let a = store(dir.path(), "CD07.xlsx", b"one", None).unwrap();
        let b = store(dir.path(), "CD07.xlsx", b"two", None).unwrap();
        assert_eq!(a.file_name().unwrap(), "CD07.xlsx");
        assert_eq!(b.file_name().unwrap(), "CD07 (2).xlsx");
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&b).unwrap(), b"two");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
