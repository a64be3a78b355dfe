//! What a printed page shows, read back from a PDF with poppler's `pdftotext -bbox`: every
//! word with its box, page by page. Text size on paper is the box height over 1.29, the
//! ratio poppler's boxes have to the font size for LibreOffice's Times New Roman (measured:
//! 11 pt at 50 % → 7.1, 14 pt → 18.2).

use std::path::Path;

#[derive(Debug, Clone)]
pub struct Word {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
    pub text: String,
}

impl Word {
    /// The font size the word is printed at, in points.
    pub fn points(&self) -> f64 {
        (self.y1 - self.y0) / 1.29
    }
}

pub type Page = Vec<Word>;

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).expect("attribute") + name.len() + 2;
    let end = start + tag[start..].find('"').expect("closing quote");
    tag[start..end].parse().expect("a number")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The words of every page, or `None` (after saying why) when poppler is absent outside CI.
pub fn pages(pdf: &Path) -> Option<Vec<Page>> {
    let out = match std::process::Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => o,
        _ if std::env::var("CI").as_deref() == Ok("true") => panic!("pdftotext is required in CI"),
        _ => {
            eprintln!("SKIPPED: pdftotext (poppler-utils) not installed");
            return None;
        }
    };
    let html = String::from_utf8_lossy(&out.stdout);
    let mut pages = Vec::new();
    for page in html.split("<page ").skip(1) {
        let mut words = Vec::new();
        for part in page.split("<word ").skip(1) {
            let Some(close) = part.find('>') else {
                continue;
            };
            let tag = &part[..close];
            let Some(end) = part.find("</word>") else {
                continue;
            };
            words.push(Word {
                x0: attr(tag, "xMin"),
                y0: attr(tag, "yMin"),
                x1: attr(tag, "xMax"),
                y1: attr(tag, "yMax"),
                text: unescape(&part[close + 1..end]),
            });
        }
        pages.push(words);
    }
    Some(pages)
}

/// The lines of a page: words whose boxes share a baseline (within 1.5 pt), left to right,
/// joined by spaces.
pub fn lines(page: &Page) -> Vec<String> {
    let mut words: Vec<&Word> = page.iter().collect();
    words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut lines: Vec<(f64, Vec<&Word>)> = Vec::new();
    for w in words {
        match lines.iter_mut().find(|(y, _)| (y - w.y1).abs() < 1.5) {
            Some((_, ws)) => ws.push(w),
            None => lines.push((w.y1, vec![w])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut ws)| {
            ws.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            ws.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Pairs of words on a page printed over each other: boxes that share more than a third of
/// the smaller one's area.
pub fn overprinted(page: &Page) -> Vec<(String, String)> {
    let mut words: Vec<&Word> = page.iter().collect();
    words.sort_by(|a, b| a.y0.total_cmp(&b.y0));
    let mut out = Vec::new();
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if b.y0 >= a.y1 {
                break;
            }
            let w = a.x1.min(b.x1) - a.x0.max(b.x0);
            let h = a.y1.min(b.y1) - a.y0.max(b.y0);
            if w <= 0.0 || h <= 0.0 {
                continue;
            }
            let smaller = ((a.x1 - a.x0) * (a.y1 - a.y0)).min((b.x1 - b.x0) * (b.y1 - b.y0));
            if w * h > smaller / 3.0 {
                out.push((a.text.clone(), b.text.clone()));
            }
        }
    }
    out
}
