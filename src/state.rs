//! Re-runs (docs/tong-hop.md): what the previous run for the same summary saw, what changed
//! since, and the run record — every input file with its size, content hash, unit, status
//! and rows — kept next to the summary.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::issue::Severity;
use crate::model::{Outcome, Status, Verdict};
use crate::parse::date::fmt_vn;

/// The version of the state file's layout; another version is ignored, never misread.
const FORMAT: u32 = 1;

/// What one run saw, remembered for the next.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct State {
    pub format: u32,
    pub danvan: String,
    pub plan: String,
    /// File (as shown) → what it was.
    pub files: BTreeMap<String, FileState>,
    /// Roster or extra unit code → its standing.
    pub units: BTreeMap<String, UnitState>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct FileState {
    /// Content hash (xxh3-128, hex); empty when the file could not be read.
    pub hash: String,
    pub size: u64,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct UnitState {
    pub name: String,
    pub status: String,
    pub errors: usize,
}

fn hex(h: Option<u128>) -> String {
    h.map(|h| format!("{h:032x}")).unwrap_or_default()
}

impl State {
    /// The state of `o`.
    pub fn of(o: &Outcome) -> State {
        State {
            format: FORMAT,
            danvan: env!("CARGO_PKG_VERSION").to_string(),
            plan: o.plan_code.clone(),
            files: o
                .submissions
                .iter()
                .map(|s| {
                    (
                        s.file.clone(),
                        FileState {
                            hash: hex(s.hash),
                            size: s.size,
                        },
                    )
                })
                .collect(),
            units: o
                .units
                .iter()
                .map(|u| {
                    (
                        u.code.clone(),
                        UnitState {
                            name: u.name.clone(),
                            status: u.status.label().to_string(),
                            errors: u.errors,
                        },
                    )
                })
                .collect(),
        }
    }
}

pub use crate::output::{record_path, state_path};

/// The previous run's state: `Ok(None)` on a first run, `Err(why)` (in Vietnamese) when a
/// state is there but cannot be used — corrupt, another version, another plan.
pub fn load(path: &Path, plan: &str) -> Result<Option<State>, String> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("không đọc được ({e})")),
    };
    // Parsed as it is read: at 100,000 units the text (20 MB) is never held beside the
    // state it gives.
    let state: State = serde_json::from_reader(std::io::BufReader::new(file))
        .map_err(|_| "tệp hỏng, không đọc được".to_string())?;
    if state.format != FORMAT {
        return Err(format!(
            "lập bởi phiên bản khác (định dạng {})",
            state.format
        ));
    }
    if state.plan != plan {
        return Err(format!("của kế hoạch khác ({})", state.plan));
    }
    Ok(Some(state))
}

/// One change since the previous run, most important kinds first.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// A unit's status changed (e.g. `Chưa nộp` → `Đúng hạn`).
    Status {
        unit: String,
        name: String,
        before: String,
        after: String,
    },
    /// A unit that had errors has none now.
    Fixed {
        unit: String,
        name: String,
        before: usize,
    },
    /// A unit has more errors than before.
    NewErrors {
        unit: String,
        name: String,
        before: usize,
        after: usize,
    },
    NewFile {
        file: String,
    },
    Replaced {
        file: String,
    },
    Removed {
        file: String,
    },
    /// Missing before and still missing.
    StillMissing {
        unit: String,
        name: String,
    },
}

impl Change {
    /// (kind, what, before, after) as users read them.
    pub fn row(&self) -> [String; 4] {
        match self {
            Change::Status {
                unit,
                name,
                before,
                after,
            } => [
                "Đổi trạng thái".into(),
                format!("{unit} — {name}"),
                before.clone(),
                after.clone(),
            ],
            Change::Fixed { unit, name, before } => [
                "Đã sửa hết lỗi".into(),
                format!("{unit} — {name}"),
                format!("{before} lỗi"),
                "0 lỗi".into(),
            ],
            Change::NewErrors {
                unit,
                name,
                before,
                after,
            } => [
                "Có lỗi mới".into(),
                format!("{unit} — {name}"),
                format!("{before} lỗi"),
                format!("{after} lỗi"),
            ],
            Change::NewFile { file } => {
                ["Tệp mới".into(), file.clone(), String::new(), String::new()]
            }
            Change::Replaced { file } => [
                "Tệp đã thay (nội dung khác)".into(),
                file.clone(),
                String::new(),
                String::new(),
            ],
            Change::Removed { file } => [
                "Tệp không còn trong thư mục".into(),
                file.clone(),
                String::new(),
                String::new(),
            ],
            Change::StillMissing { unit, name } => [
                "Vẫn chưa nộp".into(),
                format!("{unit} — {name}"),
                String::new(),
                String::new(),
            ],
        }
    }
}

/// What changed since the previous run: `None` when there is nothing to compare with
/// (with the reason a previous state was not used, if one was there).
#[derive(Debug, Clone, PartialEq)]
pub struct Delta {
    pub previous: Result<Option<()>, String>,
    pub changes: Vec<Change>,
}

impl Delta {
    /// Compares `now` with `before`.
    pub fn between(before: Result<Option<State>, String>, now: &State) -> Delta {
        let prev = match before {
            Ok(Some(s)) => s,
            Ok(None) => {
                return Delta {
                    previous: Ok(None),
                    changes: Vec::new(),
                }
            }
            Err(why) => {
                return Delta {
                    previous: Err(why),
                    changes: Vec::new(),
                }
            }
        };
        let mut changes = Vec::new();
        for (code, u) in &now.units {
            let Some(p) = prev.units.get(code) else {
                continue;
            };
            let (unit, name) = (code.clone(), u.name.clone());
            if p.status != u.status {
                changes.push(Change::Status {
                    unit: unit.clone(),
                    name: name.clone(),
                    before: p.status.clone(),
                    after: u.status.clone(),
                });
            }
            if p.errors > 0 && u.errors == 0 && u.status != Status::Missing.label() {
                changes.push(Change::Fixed {
                    unit,
                    name,
                    before: p.errors,
                });
            } else if u.errors > p.errors {
                changes.push(Change::NewErrors {
                    unit,
                    name,
                    before: p.errors,
                    after: u.errors,
                });
            } else if u.status == Status::Missing.label() && p.status == u.status {
                changes.push(Change::StillMissing { unit, name });
            }
        }
        for (file, f) in &now.files {
            match prev.files.get(file) {
                None => changes.push(Change::NewFile { file: file.clone() }),
                Some(p) if p != f => changes.push(Change::Replaced { file: file.clone() }),
                Some(_) => {}
            }
        }
        for file in prev.files.keys().filter(|f| !now.files.contains_key(*f)) {
            changes.push(Change::Removed { file: file.clone() });
        }
        changes.sort();
        Delta {
            previous: Ok(Some(())),
            changes,
        }
    }

    /// A few lines for the terminal, most important first.
    pub fn lines(&self, max: usize) -> Vec<String> {
        match &self.previous {
            Ok(None) => {
                return vec![
                    "Lần tổng hợp đầu tiên cho tệp này: chưa có lần trước để so sánh.".into(),
                ]
            }
            Err(why) => {
                return vec![format!(
                    "Không dùng được trạng thái lần trước ({why}); lần này được coi như lần đầu."
                )]
            }
            Ok(Some(())) => {}
        }
        let still_missing = self
            .changes
            .iter()
            .filter(|c| matches!(c, Change::StillMissing { .. }))
            .count();
        if still_missing == self.changes.len() {
            let missing = if still_missing > 0 {
                format!(" (vẫn chưa nộp: {still_missing} đơn vị)")
            } else {
                String::new()
            };
            return vec![format!("So với lần trước: không có gì thay đổi{missing}.")];
        }
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for c in &self.changes {
            *counts.entry(c.row()[0].clone()).or_default() += 1;
        }
        let mut out = vec![format!(
            "So với lần trước: {}.",
            counts
                .iter()
                .map(|(k, n)| format!("{k}: {n}"))
                .collect::<Vec<_>>()
                .join("; ")
        )];
        for c in self
            .changes
            .iter()
            .filter(|c| !matches!(c, Change::StillMissing { .. }))
            .take(max)
        {
            let [kind, what, before, after] = c.row();
            let arrow = if before.is_empty() && after.is_empty() {
                String::new()
            } else {
                format!(": {before} → {after}")
            };
            out.push(format!("  - {kind} — {what}{arrow}"));
        }
        out
    }
}

/// Text for a CSV cell that Excel opens: a name that starts like a formula (`=`, `+`, `-`,
/// `@`, a tab or a return) is kept as text by a leading apostrophe, never run.
fn csv_text(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The run record: one line per input file (and per skipped file), as CSV that Excel opens.
pub fn run_record(o: &Outcome) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&format!(
        "# danvan {}, kế hoạch {}, số liệu tính đến {}\n",
        env!("CARGO_PKG_VERSION"),
        o.plan_code,
        fmt_vn(o.as_of)
    ));
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "Tệp",
        "Dung lượng (byte)",
        "Mã băm (xxh3-128)",
        "Đơn vị",
        "Tình trạng",
        "Số dòng đọc",
        "Số dòng được tính",
        "Số lỗi",
        "Số cảnh báo",
    ]);
    let recs = crate::model::reconcile::all(o);
    for (i, (s, rec)) in o.submissions.iter().zip(&recs).enumerate() {
        // The unit the file was read as (also for a resend that a newer one replaced).
        let (unit, _) = crate::model::unit_label(o, s);
        let state = match o.verdicts[i] {
            Verdict::Counted => "được tính",
            Verdict::Unreadable => "không đọc được",
            Verdict::NoUnit => "không xác định được đơn vị",
            Verdict::OtherPeriod => "tệp của kế hoạch hoặc đợt khác",
            Verdict::Superseded { .. } => "không được tính (bị tệp mới hơn thay thế)",
            Verdict::AfterAsOf => "không được tính (nộp sau ngày tính số liệu)",
        };
        let _ = w.write_record([
            csv_text(&s.file),
            s.size.to_string(),
            hex(s.hash),
            csv_text(&unit),
            state.to_string(),
            rec.seen.to_string(),
            rec.counted.to_string(),
            o.count_of(i, Severity::Error).to_string(),
            o.count_of(i, Severity::Warning).to_string(),
        ]);
    }
    for i in &o.skipped {
        let file = csv_text(&i.file);
        let _ = w.write_record([file.as_str(), "", "", "", "bỏ qua", "0", "0", "", ""]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    out.push_str(&String::from_utf8_lossy(&bytes));
    out
}

#[cfg(test)]
mod tests {
    use super::csv_text;

    #[test]
    fn names_that_look_like_formulas_stay_text_in_the_run_record() {
        for name in [
            "=HYPERLINK(\"x\").xlsx",
            "+1.xlsx",
            "-cmd.xlsx",
            "@SUM(A1).xlsx",
        ] {
            assert_eq!(csv_text(name), format!("'{name}"));
        }
        assert_eq!(csv_text("CD05.xlsx"), "CD05.xlsx");
        assert_eq!(csv_text("Báo cáo - CD05.xlsx"), "Báo cáo - CD05.xlsx");
    }
}
