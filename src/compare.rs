//! This đợt beside an earlier one (`consolidate --compare EARLIER.json`, and the page with
//! the previous đợt's JSON): the earlier figures read from the JSON danvan wrote then, matched
//! to this đợt's by category code. A category new this đợt, or dropped since, is said so,
//! never compared with a silent 0.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

pub use crate::model::earlier::Earlier;
use crate::model::Outcome;
use crate::parse::number::fmt_vn as num;

/// Reads the JSON an earlier consolidation wrote (`--json`); the error is a Vietnamese clause.
pub fn load(path: &Path) -> Result<Earlier, String> {
    let bytes = std::fs::read(path).map_err(|e| {
        format!(
            "không đọc được tệp \"{}\" ({})",
            path.display(),
            crate::messages::io_error_vn(&e)
        )
    })?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|_| {
        format!(
            "tệp \"{}\" không phải bản tóm tắt JSON do danvan ghi (--json)",
            path.display()
        )
    })?;
    Earlier::from_json(&v).ok_or_else(|| {
        format!(
            "tệp \"{}\" thiếu số liệu của bản tóm tắt danvan (plan, propaganda, activities)",
            path.display()
        )
    })
}

/// One category beside the earlier đợt: this đợt's figures and the earlier ones (`None`
/// where the category did not exist then, or does not now).
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub code: String,
    pub label: String,
    pub now: Option<[i64; 2]>,
    pub then: Option<[i64; 2]>,
}

/// The three lists beside the earlier đợt, this đợt's categories first, then those dropped.
pub fn lines(o: &Outcome, e: &Earlier) -> [Vec<Line>; 3] {
    let side = |now: Vec<(String, String, [i64; 2])>, then: &BTreeMap<String, [i64; 2]>| {
        let mut out: Vec<Line> = now
            .iter()
            .map(|(code, label, v)| Line {
                code: code.clone(),
                label: label.clone(),
                now: Some(*v),
                then: then.get(code).copied(),
            })
            .collect();
        for (code, v) in then {
            if !now.iter().any(|(c, _, _)| c == code) {
                out.push(Line {
                    code: code.clone(),
                    label: String::new(),
                    now: None,
                    then: Some(*v),
                });
            }
        }
        out
    };
    let prop = |list: &[crate::model::PropTotal]| {
        list.iter()
            .map(|t| (t.code.clone(), t.label.clone(), [t.sessions, t.attendance]))
            .collect()
    };
    let acts = o
        .by_activity
        .iter()
        .map(|t| (t.code.clone(), t.label.clone(), [t.quantity, t.value]))
        .collect();
    [
        side(prop(&o.by_topic), &e.topics),
        side(prop(&o.by_audience), &e.audiences),
        side(acts, &e.activities),
    ]
}

/// A change in words for a table cell: `+12 (+15 %)`, `−3 (−10 %)`, `0`; `mới` or `bỏ`
/// where the category exists on one side only.
pub fn change(now: Option<i64>, then: Option<i64>) -> String {
    match (now, then) {
        (Some(n), Some(t)) => {
            let d = n - t;
            let sign = if d > 0 {
                "+"
            } else if d < 0 {
                "−"
            } else {
                ""
            };
            let pct = (t != 0).then(|| (d as f64) * 100.0 / (t as f64));
            match pct {
                Some(p) if d != 0 => format!("{sign}{} ({sign}{:.0} %)", num(d.abs()), p.abs()),
                _ => format!("{sign}{}", num(d.abs())),
            }
        }
        (Some(_), None) => "mới trong đợt này".into(),
        (None, Some(_)) => "không còn trong kế hoạch".into(),
        (None, None) => String::new(),
    }
}

/// A headline figure beside the earlier one, in words: `tăng 12 buổi (+15 %)`.
pub fn in_words(now: i64, then: i64, what: &str) -> String {
    let d = now - then;
    let pct = (then != 0).then(|| (d as f64) * 100.0 / (then as f64));
    let how = match d.cmp(&0) {
        std::cmp::Ordering::Greater => "tăng",
        std::cmp::Ordering::Less => "giảm",
        std::cmp::Ordering::Equal => return format!("bằng về {what}"),
    };
    match pct {
        Some(p) => format!(
            "{how} {} {what} ({}{:.0} %)",
            num(d.abs()),
            if d > 0 { "+" } else { "−" },
            p.abs()
        ),
        None => format!("{how} {} {what}", num(d.abs())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_in_figures_and_words() {
        assert_eq!(change(Some(92), Some(80)), "+12 (+15 %)");
        assert_eq!(change(Some(70), Some(80)), "−10 (−12 %)");
        assert_eq!(change(Some(5), Some(5)), "0");
        assert_eq!(change(Some(5), None), "mới trong đợt này");
        assert_eq!(change(None, Some(5)), "không còn trong kế hoạch");
        assert_eq!(in_words(92, 80, "buổi"), "tăng 12 buổi (+15 %)");
        assert_eq!(
            in_words(1_000, 2_000, "lượt người"),
            "giảm 1.000 lượt người (−50 %)"
        );
    }
}
