//! The machine-readable summary of docs/json.md (`--json FILE`).

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{json, Value};

use crate::issue::Severity;
use crate::model::Outcome;
use crate::plan::Plan;

/// The document as a JSON value (for tests and small runs).
pub fn build(o: &Outcome, plan: &Plan) -> Value {
    serde_json::to_value(document(o, plan)).expect("plain data serialises")
}

/// Writes the document to `w`, pretty-printed, without building it as a value first (a
/// hundred thousand units' entries took about 150 MB as a `serde_json::Value`).
pub fn write(o: &Outcome, plan: &Plan, w: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(w, &document(o, plan))
}

/// The document. Fields in alphabetical order, as a JSON object's keys always were.
#[derive(Serialize)]
struct Doc<'a> {
    activities: Value,
    as_of: String,
    issues: Value,
    per_unit: BTreeMap<&'a str, UnitJson<'a>>,
    /// The đợt (`đợt II/2024`): how a later đợt names this one beside it.
    period: &'a str,
    plan: &'a str,
    propaganda: Value,
    /// What the level above reads (`rollup`): the same figures with who consolidated.
    record: crate::report::record::Record,
    rows: Value,
    strikes: i64,
    units: Value,
}

/// One unit's entry of `per_unit`, fields in alphabetical order.
#[derive(Serialize)]
struct UnitJson<'a> {
    errors: usize,
    file: Option<&'a str>,
    in_roster: bool,
    /// The day a return came on paper (receipt log), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    paper_received: Option<String>,
    rows_counted: usize,
    source: Option<&'static str>,
    source_key: Option<&'static str>,
    status: &'static str,
    submitted: Option<String>,
    /// The day a correction arrived after the unit's first return, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    supplemented: Option<String>,
    warnings: usize,
}

fn document<'a>(o: &'a Outcome, plan: &Plan) -> Doc<'a> {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for i in o.all_issues() {
        *by_code.entry(i.code.as_str()).or_default() += 1;
        *sev.entry(i.severity).or_default() += 1;
    }
    let prop = |list: &[crate::model::PropTotal]| -> Value {
        let m: BTreeMap<&str, Value> = list
            .iter()
            .map(|t| {
                (
                    t.code.as_str(),
                    json!({"rows": t.rows, "sessions": t.sessions, "attendance": t.attendance}),
                )
            })
            .collect();
        json!(m)
    };
    let activities: BTreeMap<&str, Value> = o
        .by_activity
        .iter()
        .map(|t| {
            (t.code.as_str(), json!({"rows": t.rows, "quantity": t.quantity, "participants": t.participants, "value": t.value}))
        })
        .collect();
    let per_unit: BTreeMap<&str, UnitJson<'_>> = o
        .units
        .iter()
        .map(|u| {
            (
                u.code.as_str(),
                UnitJson {
                    errors: u.errors,
                    file: u.file.as_deref(),
                    in_roster: u.in_roster,
                    paper_received: u.paper.map(|d| d.format("%Y-%m-%d").to_string()),
                    rows_counted: u.rows_counted,
                    source: u.source.map(|s| s.vn()),
                    source_key: u.source.map(|s| s.key()),
                    status: u.status.label(),
                    submitted: u.submitted.map(|d| d.format("%Y-%m-%d").to_string()),
                    supplemented: u.supplemented.map(|d| d.format("%Y-%m-%d").to_string()),
                    warnings: u.warnings,
                },
            )
        })
        .collect();
    let h = o.headline();
    let unexplained: usize = crate::model::reconcile::all(o)
        .iter()
        .map(|r| r.unexplained)
        .sum();
    Doc {
        activities: json!(activities),
        as_of: o.as_of.format("%Y-%m-%d").to_string(),
        issues: json!({
            "error": sev.get(&Severity::Error).copied().unwrap_or(0),
            "warning": sev.get(&Severity::Warning).copied().unwrap_or(0),
            "info": sev.get(&Severity::Info).copied().unwrap_or(0),
            "by_code": by_code,
        }),
        per_unit,
        period: &o.period,
        plan: &o.plan_code,
        propaganda: json!({"by_topic": prop(&o.by_topic), "by_audience": prop(&o.by_audience)}),
        record: crate::report::record::Record::of(o, plan, Vec::new()),
        rows: json!({
            "read": h.rows_read,
            "counted": h.rows_counted,
            "not_counted": h.rows_not_counted(),
            "unexplained": unexplained,
            "reconciled": unexplained == 0,
        }),
        strikes: h.strikes,
        units: json!({
            "expected": h.expected,
            "on_time": h.on_time,
            "late": h.late,
            "missing": h.missing,
            "invalid": h.invalid,
            "extra": h.extra,
        }),
    }
}
