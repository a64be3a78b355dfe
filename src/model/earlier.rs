//! An earlier đợt's figures, as its JSON gave them, to set this đợt beside (see `compare`).

use std::collections::BTreeMap;

use serde_json::Value;

/// The figures of an earlier đợt, from its JSON.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Earlier {
    /// `đợt II/2024` (or its plan number, for a JSON written before the đợt was named in it).
    pub label: String,
    pub plan_code: String,
    /// Category code → figures: sessions and attendance; quantity and value.
    pub topics: BTreeMap<String, [i64; 2]>,
    pub audiences: BTreeMap<String, [i64; 2]>,
    pub activities: BTreeMap<String, [i64; 2]>,
    /// Units that reported (on time or late), sessions, attendance.
    pub reported: i64,
    pub sessions: i64,
    pub attendance: i64,
}

impl Earlier {
    /// The figures of the JSON a consolidation wrote (`--json`); `None` for any other JSON.
    pub fn from_json(v: &Value) -> Option<Earlier> {
        let plan_code = v.get("plan")?.as_str()?.to_string();
        let pairs = |obj: &Value, a: &str, b: &str| -> Option<BTreeMap<String, [i64; 2]>> {
            Some(
                obj.as_object()?
                    .iter()
                    .map(|(k, x)| {
                        let get = |f: &str| x.get(f).and_then(Value::as_i64).unwrap_or(0);
                        (k.clone(), [get(a), get(b)])
                    })
                    .collect(),
            )
        };
        let p = v.get("propaganda")?;
        let topics = pairs(p.get("by_topic")?, "sessions", "attendance")?;
        let audiences = pairs(p.get("by_audience")?, "sessions", "attendance")?;
        let activities = pairs(v.get("activities")?, "quantity", "value")?;
        let units = v.get("units")?;
        let u = |f: &str| units.get(f).and_then(Value::as_i64).unwrap_or(0);
        let label = v
            .get("period")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map_or_else(|| format!("kế hoạch {plan_code}"), str::to_string);
        Some(Earlier {
            label,
            plan_code,
            sessions: topics.values().map(|x| x[0]).sum(),
            attendance: topics.values().map(|x| x[1]).sum(),
            reported: u("on_time") + u("late"),
            topics,
            audiences,
            activities,
        })
    }
}
