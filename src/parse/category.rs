//! Category cells → plan codes: by code, label, `CODE - label`, or after normalisation.

use crate::plan::Category;

use super::text::{clean, fold};

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
}

/// Matches cells against one category list of the plan.
pub struct CategoryMatcher {
    entries: Vec<Entry>,
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
        CategoryMatcher {
            entries: categories
                .iter()
                .map(|c| Entry {
                    code: c.code.clone(),
                    code_key: code_key(&c.code),
                    code_folded: fold(&c.code),
                    label: c.label.clone(),
                    label_folded: fold(&c.label),
                    choice: c.choice(),
                })
                .collect(),
        }
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

    fn nearest(&self, folded: &str) -> Option<usize> {
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
