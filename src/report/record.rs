//! The machine record of a consolidation (docs/json.md, `record`): what the level above reads
//! without guessing — the plan, the đợt, who consolidated, how the grassroots unions reported
//! and every total. `consolidate` writes it into the summary workbook as a very hidden sheet
//! (with the cells of `Tổng hợp` that show each figure, so a hand edit is caught) and into
//! the JSON; `rollup` reads either.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Outcome, Reporting};
use crate::plan::Plan;

/// The hidden sheet of the summary workbook that holds the record.
pub const RECORD_SHEET: &str = "_danvan";
/// What cell A1 of that sheet says, and the record's `kind`: a summary danvan wrote.
pub const RECORD_KIND: &str = "danvan: bản ghi tổng hợp";
/// The record's layout; a reader refuses a newer one rather than guess.
pub const RECORD_VERSION: u32 = 1;
/// The record is JSON text cut into cells of at most this many characters (a cell holds
/// 32,767).
const CHUNK_CHARS: usize = 30_000;

/// Propaganda totals of one category.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prop {
    pub rows: i64,
    pub sessions: i64,
    pub attendance: i64,
}

/// Activity totals of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Act {
    pub rows: i64,
    pub quantity: i64,
    pub participants: i64,
    /// Đồng.
    pub value: i64,
}

/// Sessions and attendance of one topic for one audience.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cross {
    pub topic: String,
    pub audience: String,
    pub sessions: i64,
    pub attendance: i64,
}

/// A figure of the record as `Tổng hợp` shows it: the cell (`D12`) and what it is
/// (`topics.TT01.sessions`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub cell: String,
    pub key: String,
    pub value: i64,
}

/// The record. Keys in a fixed order; dates as `YYYY-MM-DD`; money in đồng.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub kind: String,
    pub version: u32,
    pub plan: String,
    pub period: String,
    pub window_start: String,
    pub window_end: String,
    /// Who consolidated (the plan's issuer: `LĐLĐ huyện Dương Minh Châu`).
    pub issuer: String,
    pub as_of: String,
    /// How the grassroots unions reported.
    pub reporting: Reporting,
    pub topics: BTreeMap<String, Prop>,
    pub audiences: BTreeMap<String, Prop>,
    pub topic_audience: Vec<Cross>,
    pub activities: BTreeMap<String, Act>,
    pub strikes: i64,
    /// Speakers and propagandists at the sessions counted.
    #[serde(default)]
    pub speakers: i64,
    /// Sessions by form code.
    #[serde(default)]
    pub forms: BTreeMap<String, i64>,
    /// Where `Tổng hợp` shows the figures (in the workbook only).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<Figure>,
}

impl Record {
    /// The record of `o`; `cells` are where `Tổng hợp` shows its figures.
    pub fn of(o: &Outcome, plan: &Plan, cells: Vec<Figure>) -> Record {
        let prop = |list: &[crate::model::PropTotal]| {
            (list.iter())
                .map(|t| {
                    let p = Prop {
                        rows: t.rows,
                        sessions: t.sessions,
                        attendance: t.attendance,
                    };
                    (t.code.clone(), p)
                })
                .collect()
        };
        let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
        Record {
            kind: RECORD_KIND.to_string(),
            version: RECORD_VERSION,
            plan: o.plan_code.clone(),
            period: o.period.clone(),
            window_start: day(plan.window_start),
            window_end: day(plan.window_end),
            issuer: plan.issuer.clone(),
            as_of: day(o.as_of),
            reporting: o.grassroots_reporting(),
            topics: prop(&o.by_topic),
            audiences: prop(&o.by_audience),
            topic_audience: (o.topic_audience.iter())
                .filter(|(_, (s, a))| *s != 0 || *a != 0)
                .map(|((topic, audience), (sessions, attendance))| Cross {
                    topic: topic.clone(),
                    audience: audience.clone(),
                    sessions: *sessions,
                    attendance: *attendance,
                })
                .collect(),
            activities: (o.by_activity.iter())
                .map(|t| {
                    let a = Act {
                        rows: t.rows,
                        quantity: t.quantity,
                        participants: t.participants,
                        value: t.value,
                    };
                    (t.code.clone(), a)
                })
                .collect(),
            strikes: o.strikes,
            speakers: o.speakers(),
            forms: (plan.forms.iter().zip(o.sessions_by_form(plan)))
                .filter(|(_, n)| *n != 0)
                .map(|(f, n)| (f.code.clone(), n))
                .collect(),
            cells,
        }
    }

    /// The record as the cells of its sheet, column A from the top: the kind, then the
    /// JSON text in pieces.
    pub fn to_cells(&self) -> Vec<String> {
        let text = serde_json::to_string(self).expect("plain data serialises");
        let mut cells = vec![RECORD_KIND.to_string()];
        let chars: Vec<char> = text.chars().collect();
        cells.extend(chars.chunks(CHUNK_CHARS).map(|c| c.iter().collect()));
        cells
    }

    /// The record from the cells of its sheet (column A from the top), or why not, as a
    /// Vietnamese clause.
    pub fn from_cells(cells: &[String]) -> Result<Record, String> {
        match cells.first() {
            Some(kind) if kind == RECORD_KIND => {}
            _ => {
                return Err(format!(
                    "ô A1 của trang \"{RECORD_SHEET}\" không phải bản ghi của danvan"
                ))
            }
        }
        Record::from_json(&cells[1..].concat())
    }

    /// The record from JSON text: the record itself, or a summary JSON holding it under
    /// `record`.
    pub fn from_json(text: &str) -> Result<Record, String> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("bản ghi không đọc được ({e})"))?;
        let value = match value.get("record") {
            Some(inner) => inner.clone(),
            None => value,
        };
        if value.get("kind").and_then(|k| k.as_str()) != Some(RECORD_KIND) {
            // A summary's JSON from a danvan before the record: said as such.
            if value.get("plan").is_some() && value.get("per_unit").is_some() {
                return Err("tệp JSON do một bản danvan cũ lập, chưa có bản ghi cho cấp trên: cấp dưới tổng hợp lại bằng danvan mới rồi gửi lại".into());
            }
            return Err("không có bản ghi tổng hợp của danvan".into());
        }
        let record: Record =
            serde_json::from_value(value).map_err(|e| format!("bản ghi thiếu hoặc sai ({e})"))?;
        if record.version > RECORD_VERSION {
            return Err(format!(
                "bản ghi theo dạng {} của một danvan mới hơn (bản này đọc dạng {RECORD_VERSION}): hãy dùng danvan mới",
                record.version
            ));
        }
        Ok(record)
    }

    /// The figure `key` (`topics.TT01.sessions`), if the record has it.
    pub fn figure(&self, key: &str) -> Option<i64> {
        let mut parts = key.split('.');
        let (Some(group), Some(code), Some(field)) = (parts.next(), parts.next(), parts.next())
        else {
            return (key == "strikes").then_some(self.strikes);
        };
        let prop = |m: &BTreeMap<String, Prop>| {
            m.get(code).and_then(|p| match field {
                "rows" => Some(p.rows),
                "sessions" => Some(p.sessions),
                "attendance" => Some(p.attendance),
                _ => None,
            })
        };
        match group {
            "topics" => prop(&self.topics),
            "audiences" => prop(&self.audiences),
            "activities" => self.activities.get(code).and_then(|a| match field {
                "rows" => Some(a.rows),
                "quantity" => Some(a.quantity),
                "participants" => Some(a.participants),
                "value" => Some(a.value),
                _ => None,
            }),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_cut_into_cells_reads_back_whole() {
        let mut r = Record {
            kind: RECORD_KIND.into(),
            version: RECORD_VERSION,
            plan: "73/KH-LĐLĐ".into(),
            issuer: "LĐLĐ huyện Dương Minh Châu".into(),
            strikes: 2,
            ..Record::default()
        };
        // Long enough to take several cells, with letters of more than one byte.
        for i in 0..3000 {
            r.topics.insert(
                format!("TT{i:04}"),
                Prop {
                    rows: i,
                    sessions: 2 * i,
                    attendance: 3 * i,
                },
            );
        }
        let cells = r.to_cells();
        assert!(cells.len() > 3, "{}", cells.len());
        assert!(cells.iter().all(|c| c.chars().count() <= CHUNK_CHARS));
        assert_eq!(Record::from_cells(&cells).unwrap(), r);
        assert_eq!(r.figure("topics.TT0007.sessions"), Some(14));
        assert_eq!(r.figure("strikes"), Some(2));
        assert_eq!(r.figure("topics.XX.sessions"), None);
        let newer = Record {
            version: RECORD_VERSION + 1,
            ..r.clone()
        };
        assert!(Record::from_cells(&newer.to_cells())
            .unwrap_err()
            .contains("danvan mới"));
        // A summary's JSON from before the record is told apart from any other JSON.
        let old = r#"{"plan": "73/KH-LĐLĐ", "per_unit": {}, "units": {}}"#;
        assert!(Record::from_json(old)
            .unwrap_err()
            .contains("bản danvan cũ"));
        assert!(Record::from_json("{}")
            .unwrap_err()
            .contains("không có bản ghi"));
    }
}
