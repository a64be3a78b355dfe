//! The machine-readable summary of CONTRACT §8 (`--json FILE`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::consolidate::Outcome;
use crate::issue::Severity;

pub fn build(o: &Outcome) -> Value {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for i in o.all_issues() {
        *by_code.entry(i.code.as_str()).or_default() += 1;
        *sev.entry(i.severity).or_default() += 1;
    }
    let prop = |list: &[crate::consolidate::PropTotal]| -> Value {
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
    let per_unit: BTreeMap<&str, Value> = o
        .units
        .iter()
        .map(|u| {
            (
                u.code.as_str(),
                json!({
                    "status": u.status.label(),
                    "submitted": u.submitted.map(|d| d.format("%Y-%m-%d").to_string()),
                    "source": u.source.map(|s| s.vn()),
                    "source_key": u.source.map(|s| s.key()),
                    "file": u.file,
                    "in_roster": u.in_roster,
                    "rows_counted": u.rows_counted,
                    "errors": u.errors,
                    "warnings": u.warnings,
                }),
            )
        })
        .collect();
    let h = o.headline();
    let unexplained: usize = o.reconciliations().iter().map(|r| r.unexplained).sum();
    json!({
        "plan": o.plan_code,
        "as_of": o.as_of.format("%Y-%m-%d").to_string(),
        "units": {
            "expected": h.expected,
            "on_time": h.on_time,
            "late": h.late,
            "missing": h.missing,
            "invalid": h.invalid,
            "extra": h.extra,
        },
        "rows": {
            "read": h.rows_read,
            "counted": h.rows_counted,
            "not_counted": h.rows_not_counted(),
            "unexplained": unexplained,
            "reconciled": unexplained == 0,
        },
        "issues": {
            "error": sev.get(&Severity::Error).copied().unwrap_or(0),
            "warning": sev.get(&Severity::Warning).copied().unwrap_or(0),
            "info": sev.get(&Severity::Info).copied().unwrap_or(0),
            "by_code": by_code,
        },
        "propaganda": {"by_topic": prop(&o.by_topic), "by_audience": prop(&o.by_audience)},
        "activities": activities,
        "strikes": h.strikes,
        "per_unit": per_unit,
    })
}
