//! Category cells → plan codes: by code, label, `CODE - label`, or after normalisation.

use super::text::{clean, fold};

/// A propaganda topic, audience or form, or an activity's kind: an entry of one of the
/// plan's lists, as a cell may name it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Category {
    pub code: String,
    pub label: String,
    pub requires_description: bool,
}

impl Category {
    /// What dropdowns offer: `TT03 - Luật Nghĩa vụ quân sự`.
    pub fn choice(&self) -> String {
        format!("{} - {}", self.code, self.label)
    }

    /// The code and the label cut at a word to about `max` characters, for a column
    /// heading: `TT01 Các chủ đề lớn theo Hướng dẫn…`.
    pub fn heading(&self, max: usize) -> String {
        format!("{} {}", self.code, self.short_label(max))
    }

    /// The label cut at a word to about `max` characters (`Các chủ đề lớn theo Hướng dẫn…`),
    /// whole when it fits.
    pub fn short_label(&self, max: usize) -> String {
        cut_at_word(&self.label, max)
    }
}

/// `text` cut at a word to about `max` characters, with an ellipsis (whole when it fits):
/// no bracket left open, no dangling punctuation before the ellipsis.
pub fn cut_at_word(text: &str, max: usize) -> String {
    let label = text.trim();
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut cut = String::new();
    for word in label.split_whitespace() {
        if cut.chars().count() + 1 + word.chars().count() > max && !cut.is_empty() {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    let cut = match (cut.rfind('('), cut.rfind(')')) {
        (Some(open), close) if close.is_none_or(|c| c < open) && open > 0 => &cut[..open],
        _ => &cut[..],
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–(\"".contains(c));
    format!("{cut}…")
}

/// How a category cell matched the plan.
#[derive(Debug, Clone, PartialEq)]
pub enum CategoryMatch {
    /// The code, the label, or the dropdown choice, as offered.
    Exact(usize),
    /// Only after normalisation (case, spacing, diacritics, `TT3` for `TT03`).
    Normalized(usize),
    /// Only approximately: a fragment of one label, or a label with extra words.
    Approximate(usize),
    /// The leading code names one category and the text after it another's label.
    Conflict { by_code: usize, by_label: usize },
    /// Not in the plan; the nearest category, if any is close.
    Unknown { nearest: Option<usize> },
}

struct Entry {
    code: String,
    code_key: Option<(String, u32)>,
    code_folded: String,
    label: String,
    label_folded: String,
    choice: String,
    /// The label's words (folded), for suggestions by meaning.
    words: Vec<String>,
}

/// Matches cells against one category list of the plan.
pub struct CategoryMatcher {
    entries: Vec<Entry>,
    /// How telling each label word is: ln(categories / categories whose label has it).
    weight: std::collections::HashMap<String, f64>,
}

/// Folded words of at least two letters.
fn words(folded: &str) -> Vec<String> {
    let mut w: Vec<String> = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_string)
        .collect();
    w.sort();
    w.dedup();
    w
}

/// `TT03`, `tt 3`, `Tt-03` → ("tt", 3).
fn code_key(s: &str) -> Option<(String, u32)> {
    let f: String = fold(s).chars().filter(|c| !c.is_whitespace()).collect();
    let letters: String = f.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits: String = f[letters.len()..]
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || digits.len() > 4 {
        return None;
    }
    Some((letters, digits.parse().ok()?))
}

impl CategoryMatcher {
    pub fn new(categories: &[&Category]) -> CategoryMatcher {
        let entries: Vec<Entry> = categories
            .iter()
            .map(|c| {
                let label_folded = fold(&c.label);
                Entry {
                    code: c.code.clone(),
                    code_key: code_key(&c.code),
                    code_folded: fold(&c.code),
                    label: c.label.clone(),
                    words: words(&label_folded),
                    label_folded,
                    choice: c.choice(),
                }
            })
            .collect();
        let mut count: std::collections::HashMap<String, usize> = Default::default();
        for w in entries.iter().flat_map(|e| &e.words) {
            *count.entry(w.clone()).or_default() += 1;
        }
        let n = entries.len() as f64;
        let weight = count
            .into_iter()
            .map(|(w, k)| (w, (n / k as f64).ln()))
            .collect();
        CategoryMatcher { entries, weight }
    }

    pub fn code(&self, i: usize) -> &str {
        &self.entries[i].code
    }

    pub fn choice(&self, i: usize) -> &str {
        &self.entries[i].choice
    }

    pub fn matches(&self, text: &str) -> CategoryMatch {
        let t = clean(text);
        if let Some(i) = self
            .entries
            .iter()
            .position(|e| t == e.code || t == e.label || t == e.choice)
        {
            return CategoryMatch::Exact(i);
        }
        let folded = fold(&t);
        if folded.is_empty() {
            return CategoryMatch::Unknown { nearest: None };
        }
        // A leading code: "TT3", "tt 03 - ...", "TT03. Luật ...".
        let head: String = t
            .chars()
            .take_while(|c| !matches!(c, '-' | '.' | ':' | '–' | ')' | ','))
            .collect();
        let head_key = code_key(head.trim()).filter(|_| {
            // Only when the head is nothing but a code.
            let h = fold(&head);
            h.chars().filter(|c| c.is_alphabetic()).count() <= 3
                && h.split_whitespace().count() <= 2
        });
        if let Some(key) = head_key {
            if let Some(i) = self
                .entries
                .iter()
                .position(|e| e.code_key.as_ref() == Some(&key))
            {
                // `TT03 - Luật An ninh mạng`: the label after the code must not be another's.
                let tail =
                    fold(t[head.len()..].trim_start_matches(['-', '.', ':', '–', ')', ',', ' ']));
                if !tail.is_empty() && tail != self.entries[i].label_folded {
                    if let Some(j) = self.label_match(&tail).filter(|j| *j != i) {
                        return CategoryMatch::Conflict {
                            by_code: i,
                            by_label: j,
                        };
                    }
                }
                return CategoryMatch::Normalized(i);
            }
        }
        if let Some(i) = self.entries.iter().position(|e| e.label_folded == folded) {
            return CategoryMatch::Normalized(i);
        }
        if let Some(i) = self.fragment_match(&folded) {
            return CategoryMatch::Approximate(i);
        }
        CategoryMatch::Unknown {
            nearest: self.nearest(&folded),
        }
    }

    /// The one category whose folded label is `folded`, or contains it, or is contained in it.
    fn label_match(&self, folded: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|e| e.label_folded == folded)
            .or_else(|| self.fragment_match(folded))
    }

    /// A fragment of exactly one label ("Nghĩa vụ quân sự"), or a label with extra words.
    fn fragment_match(&self, folded: &str) -> Option<usize> {
        if folded.len() < 8 {
            return None;
        }
        let mut hits =
            self.entries.iter().enumerate().filter(|(_, e)| {
                e.label_folded.contains(folded) || folded.contains(&e.label_folded)
            });
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Some(i),
            _ => None,
        }
    }

    /// The category a text most likely means, for a hint only (never counted): the one label
    /// sharing the most telling words with it (`Luật giao thông đường bộ` → the label with
    /// "an toàn giao thông", not every "Luật …"), else the closest spelling.
    fn nearest(&self, folded: &str) -> Option<usize> {
        self.by_meaning(folded).or_else(|| self.by_spelling(folded))
    }

    fn by_meaning(&self, folded: &str) -> Option<usize> {
        let text = words(folded);
        let mut scores: Vec<(usize, f64)> = self
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let shared: f64 = text
                    .iter()
                    .filter(|w| e.words.binary_search(w).is_ok())
                    .map(|w| self.weight.get(w).copied().unwrap_or(0.0))
                    .sum();
                (i, shared)
            })
            .collect();
        scores.sort_by(|a, b| b.1.total_cmp(&a.1));
        let n = self.entries.len() as f64;
        match scores.as_slice() {
            // Words that at most two labels have, and clearly more than any other label.
            [(i, best), (_, second), ..] if *best >= (n / 2.0).ln() && *best > second * 1.5 => {
                Some(*i)
            }
            [(i, best)] if *best > 0.0 => Some(*i),
            _ => None,
        }
    }

    fn by_spelling(&self, folded: &str) -> Option<usize> {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let by_label = strsim::jaro_winkler(folded, &e.label_folded);
                let by_code = strsim::jaro_winkler(folded, &e.code_folded);
                (i, by_label.max(by_code))
            })
            .filter(|(_, s)| *s >= 0.7)
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| i)
    }

    pub fn label(&self, i: usize) -> &str {
        &self.entries[i].label
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{CategoryKind, Plan};

    fn topics() -> CategoryMatcher {
        let p = Plan::default_plan();
        CategoryMatcher::new(&p.categories(CategoryKind::Topic))
    }

    #[test]
    fn a_heading_cuts_a_long_label_at_a_word() {
        let p = Plan::default_plan();
        let h: Vec<String> = p.topics.iter().map(|c| c.heading(40)).collect();
        assert_eq!(h[2], "TT03 Luật Nghĩa vụ quân sự");
        assert_eq!(h[0], "TT01 Các chủ đề lớn theo Hướng dẫn…");
        assert_eq!(h[1], "TT02 Chủ trương, định hướng kinh tế - xã hội…");
        assert_eq!(h[7], "TT08 Cảnh giác tội phạm…");
        assert!(h.iter().all(|x| x.chars().count() <= 5 + 40 + 1), "{h:?}");
    }

    #[test]
    fn an_unknown_topic_is_hinted_by_its_meaning() {
        let m = topics();
        let CategoryMatch::Unknown { nearest } = m.matches("Luật giao thông đường bộ")
        else {
            panic!("not in the plan");
        };
        assert_eq!(nearest.map(|i| m.code(i)), Some("TT08"));
        // Nothing telling in common: no guess.
        let CategoryMatch::Unknown { nearest } = m.matches("Văn nghệ chào xuân") else {
            panic!("not in the plan");
        };
        assert_eq!(nearest, None);
    }

    #[test]
    fn exact_forms() {
        let m = topics();
        assert_eq!(m.matches("TT03"), CategoryMatch::Exact(2));
        assert_eq!(m.matches("Luật Nghĩa vụ quân sự"), CategoryMatch::Exact(2));
        assert_eq!(
            m.matches("TT03 - Luật Nghĩa vụ quân sự"),
            CategoryMatch::Exact(2)
        );
    }

    #[test]
    fn normalized_forms() {
        let m = topics();
        for s in [
            "tt3",
            "TT 03",
            "tt03 - luat nghia vu quan su",
            "LUẬT NGHĨA VỤ QUÂN SỰ",
            "luat  nghia vu quan su\n",
        ] {
            assert_eq!(m.matches(s), CategoryMatch::Normalized(2), "{s}");
        }
        // A fragment of one label is only an approximate match.
        assert_eq!(m.matches("Nghĩa vụ quân sự"), CategoryMatch::Approximate(2));
    }

    #[test]
    fn a_code_and_another_label_conflict() {
        let m = topics();
        assert_eq!(
            m.matches("TT03 - Luật An ninh mạng"),
            CategoryMatch::Conflict {
                by_code: 2,
                by_label: 3
            }
        );
    }

    #[test]
    fn unknown_suggests_nearest() {
        let m = topics();
        assert_eq!(
            m.matches("Luật an ninh mạg"),
            CategoryMatch::Unknown { nearest: Some(3) }
        );
        assert_eq!(
            m.matches("TT42"),
            CategoryMatch::Unknown {
                nearest: m.nearest("tt42")
            }
        );
        assert!(matches!(
            m.matches("zzzz"),
            CategoryMatch::Unknown { nearest: None }
        ));
    }
}
