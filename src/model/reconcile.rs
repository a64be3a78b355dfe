//! `Đối soát`: for each file, the rows seen on its sheets, counted apart from the rows
//! counted, so that a row lost without a reason shows as `Lệch` instead of vanishing.

use std::collections::{BTreeMap, BTreeSet};

use crate::issue::{Code, Severity};
use crate::model::{Outcome, Verdict};
use crate::submission::{SharedText, Submission};

/// One file's reconciliation.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// Rows seen below the headers of both tables (each holding a value of its own).
    pub seen: usize,
    /// Rows that went into the totals.
    pub counted: usize,
    /// Rows not counted, each with a reason (an error on the row, or the file's own).
    pub explained: usize,
    /// Rows neither counted nor explained, plus rows counted that were never seen.
    pub unexplained: usize,
    /// Why rows were not counted, most frequent first, in Vietnamese.
    pub reasons: String,
}

impl Reconciliation {
    /// `Khớp`: seen = counted + not counted with a reason.
    pub fn matches(&self) -> bool {
        self.unexplained == 0 && self.seen == self.counted + self.explained
    }

    pub fn verdict(&self) -> &'static str {
        if self.matches() {
            "Khớp"
        } else {
            "Lệch"
        }
    }
}

/// `Đối soát` of every file of a run, in file order.
pub fn all(o: &Outcome) -> Vec<Reconciliation> {
    o.submissions
        .iter()
        .zip(&o.verdicts)
        .map(|(s, v)| reconcile(s, *v))
        .collect()
}

/// The sheets of one table, each with the rows seen on it and the rows counted from it.
fn by_sheet<'a>(
    names: &'a [SharedText],
    seen: &[(u8, u32)],
    counted: impl Iterator<Item = (u8, u32)> + Clone,
) -> Vec<(&'a str, Vec<u32>, Vec<u32>)> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let on = |s: &u8| *s as usize == i;
            (
                name.as_str(),
                seen.iter()
                    .filter(|(s, _)| on(s))
                    .map(|(_, r)| *r)
                    .collect(),
                counted
                    .clone()
                    .filter(|(s, _)| on(s))
                    .map(|(_, r)| r)
                    .collect(),
            )
        })
        .collect()
}

/// Reconciles one file: `verdict` says whether its rows went into the totals, or why not.
pub fn reconcile(sub: &Submission, verdict: Verdict) -> Reconciliation {
    // Each sheet of each table (a table's own sheet, then sheets copied from it): its name,
    // the rows seen on it and the rows counted from it.
    let mut tables = by_sheet(
        &sub.propaganda_sheets,
        &sub.propaganda_seen,
        sub.propaganda.iter().map(|r| (r.sheet, r.row)),
    );
    tables.extend(by_sheet(
        &sub.activities_sheets,
        &sub.activities_seen,
        sub.activities.iter().map(|r| (r.sheet, r.row)),
    ));
    let seen: usize = sub.propaganda_seen.len() + sub.activities_seen.len();
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    let (mut n_counted, mut explained, mut unexplained) = (0, 0, 0);
    for (sheet, seen_rows, counted_rows) in &tables {
        let seen_set: BTreeSet<u32> = seen_rows.iter().copied().collect();
        if let Some(why) = verdict.reason() {
            if !seen_rows.is_empty() {
                explained += seen_rows.len();
                *reasons.entry(why.to_string()).or_default() += seen_rows.len();
            }
            continue;
        }
        let counted_set: BTreeSet<u32> = counted_rows.iter().copied().collect();
        n_counted += counted_rows.len();
        // Rows counted that were never seen: counted from nothing.
        unexplained += counted_set.difference(&seen_set).count();
        // Errors, and the unit's own total rows, explain a row not counted.
        let errors = sub.issues.iter().filter(|i| {
            (i.severity == Severity::Error || i.code == Code::TotalRow)
                && i.sheet.as_deref() == Some(*sheet)
        });
        // A sheet-level error (a missing column, an unreadable sheet) explains every row.
        let sheet_wide = errors
            .clone()
            .find(|i| i.cell.is_none() || i.code == Code::ColumnMissing);
        let mut by_row: BTreeMap<u32, Code> = BTreeMap::new();
        for i in errors {
            if let Some(r) = i.cell.map(|c| c.row) {
                by_row.entry(r).or_insert(i.code);
            }
        }
        for r in seen_set.difference(&counted_set) {
            let code = by_row.get(r).copied().or(sheet_wide.map(|i| i.code));
            match code {
                Some(code) => {
                    explained += 1;
                    // In words: `Đối soát` is printed, codes are not.
                    *reasons.entry(code.title().to_lowercase()).or_default() += 1;
                }
                None => unexplained += 1,
            }
        }
    }
    let mut reasons: Vec<(String, usize)> = reasons.into_iter().collect();
    reasons.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut text: Vec<String> = reasons
        .into_iter()
        .map(|(why, n)| format!("{n} dòng: {why}"))
        .collect();
    if unexplained > 0 {
        text.push(format!(
            "{unexplained} dòng không được tính mà không có lý do — hãy báo lỗi phần mềm"
        ));
    }
    Reconciliation {
        seen,
        counted: n_counted,
        explained,
        unexplained,
        reasons: text.join("; "),
    }
}
