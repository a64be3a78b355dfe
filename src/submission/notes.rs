//! Lines around a table that are no rows of it: notes (`Ghi chú: …`), section headings
//! (`I. Tuyên truyền`, `Đợt 1`), the signature block under the table (`Người lập biểu`,
//! `TM. BAN CHẤP HÀNH`, `CHỦ TỊCH`, a name, `…, ngày … tháng … năm …`). They hold no figure, no
//! date and no category of the plan; they are said once, never taken for rows to fix. A row
//! with a real figure among them is read as any row.

use super::tables::{Field, Table};
use super::Reader;
use crate::parse::category::CategoryMatch;
use crate::parse::date::{self, parse_text};
use crate::parse::number;
use crate::parse::text::fold;
use crate::plan::CategoryKind;
use crate::read::table::HeaderMap;
use crate::read::{Grid, Pos, Raw};

/// Words that open a note or a line of the signature block (folded).
const NOTE_STARTS: [&str; 20] = [
    "ghi chu",
    "luu y",
    "chu y",
    "nguoi lap",
    "nguoi bao cao",
    "nguoi ky",
    "thu truong",
    "tm",
    "t m",
    "chu tich",
    "pho chu tich",
    "ban chap hanh",
    "ban thuong vu",
    "xac nhan",
    "ky ten",
    "ky ghi ro",
    "ky va ghi",
    "noi nhan",
    "ke toan",
    "thu ky",
];

/// Words that open a section heading when a numeral follows (`Đợt 1`, `Phần II`).
const HEADING_WORDS: [&str; 3] = ["dot", "phan", "muc"];

fn numeral(w: &str) -> bool {
    (!w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
        || matches!(
            w,
            "i" | "ii" | "iii" | "iv" | "v" | "vi" | "vii" | "viii" | "ix" | "x"
        )
}

/// Whether `text` reads as a note, a section heading or a signature line.
pub(super) fn is_note_text(text: &str) -> bool {
    let f = fold(text);
    let words: Vec<&str> = f.split(' ').collect();
    let starts = |w: &str| f == w || f.starts_with(&format!("{w} "));
    // `…, ngày 30 tháng 12 năm 2024`
    let date_line = ["ngay", "thang", "nam"].iter().all(|w| words.contains(w));
    // `I. Tuyên truyền`, `II/ Hoạt động`, `a) …`: a numeral or letter, a mark, then words.
    let t = text.trim_start();
    let first: String = t.chars().take_while(|c| c.is_alphanumeric()).collect();
    let marked = matches!(t[first.len()..].chars().next(), Some('.' | ')' | '/'));
    let lettered = numeral(&fold(&first)) || matches!(fold(&first).as_str(), "a" | "b" | "c" | "d");
    let numbered = marked && lettered && words.len() >= 2;
    let section = HEADING_WORDS.contains(&words[0]) && words.get(1).is_some_and(|w| numeral(w));
    NOTE_STARTS.iter().any(|w| starts(w)) || date_line || numbered || section
}

impl Reader<'_> {
    /// Of the rows `seen` below `h`, the lines that are no rows of `table`, with their text:
    /// rows without a figure, a date or a category of the plan that read as a note, a
    /// heading or a signature line, and every such text-only row after the table's last
    /// row with content (the signature block's names among them).
    pub(super) fn note_lines(
        &self,
        g: &Grid,
        seen: &[u32],
        h: &HeaderMap,
        table: &Table,
    ) -> Vec<(u32, String)> {
        let contentful = |r: u32| self.has_content(g, r, h, table);
        let last = seen.iter().rev().copied().find(|&r| contentful(r));
        let mut notes = Vec::new();
        for &r in seen {
            if contentful(r) {
                continue;
            }
            let Some(cells) = g.row(r) else { continue };
            let own: Vec<&Raw> = cells
                .iter()
                .filter(|(c, v)| !v.is_empty() && g.merged_origin(Pos::new(r, **c)).is_none())
                .map(|(_, v)| v)
                .collect();
            if own.is_empty() || !own.iter().all(|v| matches!(v, Raw::Text(_))) {
                continue;
            }
            if own.iter().any(|v| super::row_marks::is_total_label(v)) {
                continue;
            }
            let text: Vec<String> = own.iter().map(|v| v.display().trim().to_string()).collect();
            let text = text.join(" ");
            let below = last.is_none_or(|l| r > l);
            if below || is_note_text(&text) {
                notes.push((r, text));
            }
        }
        notes
    }

    /// Whether row `r` holds a figure, a date in the date column or a category of the plan.
    fn has_content(&self, g: &Grid, r: u32, h: &HeaderMap, table: &Table) -> bool {
        let plan = self.ctx.plan;
        table.columns.iter().any(|column| {
            let Some(col) = h.cols[column.index] else {
                return false;
            };
            let v = g.get(Pos::new(r, col));
            match (column.field, v) {
                (_, Raw::Empty) => false,
                (Field::Count { .. } | Field::Money, Raw::Number(_)) => true,
                (Field::Count { .. }, Raw::Text(t)) => {
                    number::parse(t, number::Kind::Count).is_ok()
                }
                (Field::Money, Raw::Text(t)) => number::parse(t, number::Kind::Money).is_ok(),
                (Field::Date, Raw::Date(_)) => true,
                (Field::Date, Raw::Number(n)) => date::from_serial(*n).is_some(),
                // `Ghi chú: số liệu tính đến ngày 30/12/2024` holds a date, but is a note.
                (Field::Date, Raw::Text(t)) => {
                    parse_text(t, plan.near()).is_ok() && !is_note_text(t)
                }
                (Field::Category { kind, .. }, Raw::Text(t)) => {
                    let m = match kind {
                        CategoryKind::Topic => &self.ctx.matchers.topics,
                        CategoryKind::Audience => &self.ctx.matchers.audiences,
                        CategoryKind::Form => &self.ctx.matchers.forms,
                        CategoryKind::Activity => &self.ctx.matchers.activities,
                    };
                    matches!(
                        m.matches(t),
                        CategoryMatch::Exact(_) | CategoryMatch::Normalized(_)
                    )
                }
                _ => false,
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_headings_and_signature_lines() {
        for t in [
            "Ghi chú: số liệu tạm tính",
            "Người lập biểu",
            "TM. BAN CHẤP HÀNH",
            "CHỦ TỊCH",
            "Phước Minh, ngày 30 tháng 12 năm 2024",
            "I. Tuyên truyền",
            "II/ Hoạt động",
            "Đợt 1",
            "Phần II",
            "(Ký, ghi rõ họ tên)",
        ] {
            assert!(is_note_text(t), "{t}");
        }
        for t in [
            "Hội nghị tuyên truyền Luật An ninh mạng",
            "Nguyễn Văn An",
            "Tặng quà",
            "Im lặng",
            "Phan Văn Hùng",
            "Mục tiêu đề ra",
        ] {
            assert!(!is_note_text(t), "{t}");
        }
    }
}
