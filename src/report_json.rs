//! The machine-readable summary of CONTRACT §8 (`--json FILE`).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::consolidate::Outcome;
use crate::contract as c;
use crate::issue::{Code, Severity};

pub fn build(o: &Outcome) -> Value {
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for i in o.all_issues() {
        *by_code.entry(i.code.as_str()).or_default() += 1;
        *sev.entry(i.severity).or_default() += 1;
    }
    let _ = Code::ALL;
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
                    "status": u.status,
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
    let read = o.rows_read();
    let counted = o.rows_counted();
    let unexplained: usize = o
        .submissions
        .iter()
        .zip(&o.counted)
        .map(|(s, c)| crate::reconcile::reconcile(s, *c).unexplained)
        .sum();
    json!({
        "plan": o.plan_code,
        "as_of": o.as_of.format("%Y-%m-%d").to_string(),
        "units": {
            "expected": o.units.iter().filter(|u| u.in_roster).count(),
            "on_time": o.count_status(c::STATUS_ON_TIME, true),
            "late": o.count_status(c::STATUS_LATE, true),
            "missing": o.count_status(c::STATUS_MISSING, true),
            "invalid": o.count_status(c::STATUS_INVALID, true),
            "extra": o.units.iter().filter(|u| !u.in_roster).count(),
        },
        "rows": {
            "read": read,
            "counted": counted,
            "not_counted": read - counted,
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
        "strikes": o.strikes,
        "per_unit": per_unit,
    })
}
