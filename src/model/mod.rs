//! The outcome of a consolidation: where every unit stands and the totals. Computed once
//! by `consolidate`; the summary, the JSON, the report, the feedback files, the
//! run record and the page only read it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

pub mod earlier;
pub mod reconcile;

use crate::arrival::DateSource;
use crate::contract as c;
use crate::issue::Issue;
use crate::plan::Plan;
use crate::submission::{Submission, UnitId};

/// Where a unit stands (docs/trang-thai.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    OnTime,
    Late,
    Missing,
    /// Only unreadable files.
    Invalid,
}

impl Status {
    /// The label users read (`Đúng hạn`…), as in the contract.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTime => c::STATUS_ON_TIME,
            Status::Late => c::STATUS_LATE,
            Status::Missing => c::STATUS_MISSING,
            Status::Invalid => c::STATUS_INVALID,
        }
    }

    /// The lateness rule, once: submitted on or after the day returns must arrive before.
    pub fn of_submission(submitted: Option<NaiveDate>, plan: &Plan) -> Status {
        if submitted.is_some_and(|d| plan.is_late(d)) {
            Status::Late
        } else {
            Status::OnTime
        }
    }

    /// Reported: its return counts.
    pub fn reported(self) -> bool {
        matches!(self, Status::OnTime | Status::Late)
    }
}

/// What the run decided about one file: whether its rows count and, if not, why. Decided
/// once by `consolidate`; the reconciliation, the run record and every view read it
/// instead of searching the file's issues.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Its rows count for its unit.
    Counted,
    /// Another return of the same unit counts instead: the index of that file.
    Superseded { by: usize },
    /// Dated after the as-of day: it had not arrived yet.
    AfterAsOf,
    /// It could not be read.
    Unreadable,
    /// It names another plan or period.
    OtherPeriod,
    /// Read, but which unit sent it is unknown.
    NoUnit,
}

impl Verdict {
    pub fn counted(self) -> bool {
        self == Verdict::Counted
    }

    /// Why the file's rows are not counted, as `Đối soát` says it (`None` when they are).
    pub fn reason(self) -> Option<&'static str> {
        match self {
            Verdict::Counted => None,
            Verdict::Superseded { .. } => Some("bị tệp mới hơn của cùng đơn vị thay thế"),
            Verdict::AfterAsOf => Some("nộp sau ngày tính số liệu"),
            Verdict::Unreadable => Some("tệp không đọc được"),
            Verdict::OtherPeriod => Some("tệp của kế hoạch hoặc đợt khác"),
            Verdict::NoUnit => Some("không xác định được đơn vị"),
        }
    }
}

/// A roster (or extra) unit's standing.
#[derive(Debug, Clone)]
pub struct UnitStatus {
    pub code: String,
    pub name: String,
    pub bloc: String,
    pub commune: String,
    pub contact: String,
    pub phone: String,
    pub status: Status,
    pub submitted: Option<NaiveDate>,
    pub source: Option<DateSource>,
    pub file: Option<String>,
    /// Why a unit whose files all failed stands as `Không hợp lệ`, as users read it after
    /// "tệp đơn vị gửi về …" (`không mở được`, `là tệp Word, không phải mẫu Excel`…).
    pub note: Option<String>,
    /// The day its return came on paper (a receipt-log row naming the unit): it counts as
    /// reported from that day, but its figures are only in the totals once typed into the
    /// template and added as a file.
    pub paper: Option<NaiveDate>,
    /// The day a correction arrived, when the return that counts came after the unit's
    /// first one: the unit is dated (on time or late) by its first return, its figures
    /// come from the correction.
    pub supplemented: Option<NaiveDate>,
    pub in_roster: bool,
    pub rows_counted: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl UnitStatus {
    /// Where its submission date comes from, as users read it (a paper return says so).
    pub fn source_vn(&self) -> &'static str {
        match self.source {
            Some(DateSource::Receipt) if self.paper.is_some() && self.paper == self.submitted => {
                "Sổ nhận tệp (bản giấy)"
            }
            Some(s) => s.vn(),
            None => "",
        }
    }

    /// A correction sent after the first return, as users read it.
    pub fn supplement_note(&self) -> Option<String> {
        let day = crate::parse::date::fmt_vn(self.supplemented?);
        Some(format!("Bổ sung ngày {day}; số liệu theo tệp bổ sung"))
    }

    /// The note of `Tiến độ nộp`: why its files failed, its paper return, its correction,
    /// or that it is outside the roster.
    pub fn progress_note(&self) -> String {
        let first = match (&self.note, self.paper_note(), self.in_roster) {
            (Some(why), _, _) => Some(format!("Tệp gửi về {why}")),
            (None, Some(paper), _) => Some(paper),
            (None, None, true) => None,
            (None, None, false) => Some("Ngoài danh sách".into()),
        };
        [first, self.supplement_note()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// Its paper return, as users read it: whether its figures are in the totals.
    pub fn paper_note(&self) -> Option<String> {
        let day = crate::parse::date::fmt_vn(self.paper?);
        Some(match &self.file {
            Some(_) => format!("Nhận bản giấy ngày {day}; số liệu tính theo tệp"),
            None => format!(
                "Nộp bản giấy ngày {day}; số liệu chưa có trong tổng hợp: nhập vào mẫu Excel của đơn vị rồi thêm tệp vào thư mục báo cáo"
            ),
        })
    }

    /// Reported on paper only: it counts as reported, its figures are not in the totals.
    pub fn paper_only(&self) -> bool {
        self.paper.is_some() && self.file.is_none() && self.status.reported()
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct PropTotal {
    pub code: String,
    pub label: String,
    pub rows: i64,
    pub sessions: i64,
    pub attendance: i64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ActTotal {
    pub code: String,
    pub label: String,
    pub quantity_unit: String,
    pub rows: i64,
    pub quantity: i64,
    pub participants: i64,
    pub value: i64,
    pub target: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupTotal {
    pub key: String,
    pub expected: i64,
    pub reported: i64,
    pub sessions: i64,
    pub attendance: i64,
    pub activity_rows: i64,
    pub value: i64,
}

/// Per unit: totals by topic and by activity.
#[derive(Debug, Clone, Default)]
pub struct UnitTotals {
    /// Per topic, in plan order.
    pub sessions: Vec<i64>,
    /// Per topic, in plan order.
    pub attendance: Vec<i64>,
    /// Per activity, in plan order.
    pub quantity: Vec<i64>,
    pub value: i64,
    pub strikes: i64,
}

/// Everything the summary and the JSON need.
pub struct Outcome {
    pub plan_code: String,
    /// The đợt as the plan names it (`đợt II/2024`).
    pub period: String,
    pub as_of: NaiveDate,
    /// Every file read, in name order: what the file says.
    pub submissions: Vec<Submission>,
    /// Per file: what the run decided about it.
    pub verdicts: Vec<Verdict>,
    /// Per file: what the run found about it beyond its own content (late, replaced by a
    /// newer return, dated after the as-of day), shown after the file's own issues.
    /// (Boxed: most files have none, and an issue is large beside a pointer.)
    pub findings: Vec<Option<Box<Issue>>>,
    /// Files (and folders) passed over while listing the inputs, each with why.
    pub skipped: Vec<Issue>,
    /// Rows of the receipt log that could not be used (no such file or unit, a day after the
    /// as-of day). Said with the run's issues; they are rows of the log, not files.
    pub log_issues: Vec<Issue>,
    pub units: Vec<UnitStatus>,
    pub by_topic: Vec<PropTotal>,
    pub by_audience: Vec<PropTotal>,
    /// (topic, audience) → (sessions, attendance)
    pub topic_audience: BTreeMap<(String, String), (i64, i64)>,
    pub by_activity: Vec<ActTotal>,
    pub by_bloc: Vec<GroupTotal>,
    pub by_commune: Vec<GroupTotal>,
    pub per_unit: HashMap<String, UnitTotals>,
    pub strikes: i64,
    pub roster_label: String,
    /// The roster is the sample shipped with danvan, not the district's own.
    pub roster_is_sample: bool,
    /// The code of the roster unit that is the district itself (the plan's
    /// `district_unit`): it reports the plan's own targets but is no grassroots union.
    pub district: Option<String>,
    /// An earlier đợt's figures to set this one beside (`--compare`, or the page's
    /// previous đợt), when there is one.
    pub earlier: Option<Box<earlier::Earlier>>,
    /// When the units are themselves consolidations (districts rolled up by the province):
    /// how their grassroots unions reported, per unit and in all.
    pub below: Option<Box<Below>>,
}

/// How grassroots unions reported: those expected (the roster's, the district's own unit
/// aside) and how they stand. A district's record carries its own; a roll-up sums them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Reporting {
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub invalid: usize,
}

impl Reporting {
    pub fn reported(&self) -> usize {
        self.on_time + self.late
    }

    pub fn add(&mut self, other: &Reporting) {
        self.expected += other.expected;
        self.on_time += other.on_time;
        self.late += other.late;
        self.missing += other.missing;
        self.invalid += other.invalid;
    }
}

/// What the counted summaries of a roll-up give beyond the totals: the grassroots
/// reporting under each unit, and the propaganda figures a summary has no table for.
#[derive(Debug, Clone, Default)]
pub struct Below {
    /// By unit code: the reporting its counted summary gives.
    pub per_unit: HashMap<String, Reporting>,
    /// Summed over the units whose summary counts.
    pub total: Reporting,
    /// Speakers and propagandists, summed.
    pub speakers: i64,
    /// Propaganda sessions by form code, summed.
    pub sessions_by_form: BTreeMap<String, i64>,
    /// Per file, in file order: its figures as read and as counted (`Đối soát`).
    pub tallies: Vec<Tally>,
}

/// One summary's figures as read (its whole record) and as counted into the roll-up:
/// propaganda sessions, attendance (by topic) and activity value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub read: [i64; 3],
    pub counted: [i64; 3],
    /// Why what was read is not all counted (empty when it is).
    pub why: String,
}

/// The headline figures: computed once here, shown by the summary, the JSON, the terminal
/// and the report alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headline {
    /// Roster units expected to report, and how they stand.
    pub expected: usize,
    pub on_time: usize,
    pub late: usize,
    pub missing: usize,
    pub invalid: usize,
    /// Units outside the roster that reported.
    pub extra: usize,
    pub rows_read: usize,
    pub rows_counted: usize,
    pub strikes: i64,
}

impl Headline {
    /// Roster units whose return counts (on time or late).
    pub fn reported(&self) -> usize {
        self.on_time + self.late
    }

    pub fn rows_not_counted(&self) -> usize {
        self.rows_read - self.rows_counted
    }
}

impl Outcome {
    /// The headline figures of this run.
    pub fn headline(&self) -> Headline {
        let roster = |status: Status| self.count_status(status, true);
        Headline {
            expected: self.units.iter().filter(|u| u.in_roster).count(),
            on_time: roster(Status::OnTime),
            late: roster(Status::Late),
            missing: roster(Status::Missing),
            invalid: roster(Status::Invalid),
            extra: self.units.iter().filter(|u| !u.in_roster).count(),
            rows_read: self.rows_read(),
            rows_counted: self.rows_counted(),
            strikes: self.strikes,
        }
    }

    /// The roster unit that is the district itself (the plan's `district_unit`), if listed.
    pub fn district_unit(&self) -> Option<&UnitStatus> {
        let code = self.district.as_deref()?;
        self.units.iter().find(|u| u.in_roster && u.code == code)
    }

    /// Speakers and propagandists at the propaganda sessions counted (a roll-up: summed
    /// over its summaries).
    pub fn speakers(&self) -> i64 {
        match &self.below {
            Some(b) => b.speakers,
            None => (self.counted())
                .flat_map(|s| s.propaganda.iter())
                .map(|r| r.speakers)
                .sum(),
        }
    }

    /// Propaganda sessions by form, in the plan's order (a roll-up: summed over its
    /// summaries).
    pub fn sessions_by_form(&self, plan: &Plan) -> Vec<i64> {
        if let Some(b) = &self.below {
            return (plan.forms.iter())
                .map(|f| b.sessions_by_form.get(&f.code).copied().unwrap_or(0))
                .collect();
        }
        let mut by_form = vec![0i64; plan.forms.len()];
        for r in self.counted().flat_map(|s| s.propaganda.iter()) {
            if let Some(f) = r.form.and_then(|f| by_form.get_mut(f as usize)) {
                *f += r.sessions;
            }
        }
        by_form
    }

    /// How the grassroots unions reported: under a roll-up, summed over the districts; in a
    /// district, its own roster's (the district's own unit aside).
    pub fn grassroots_reporting(&self) -> Reporting {
        if let Some(below) = &self.below {
            return below.total;
        }
        let mut r = Reporting::default();
        for u in self.grassroots() {
            r.expected += 1;
            match u.status {
                Status::OnTime => r.on_time += 1,
                Status::Late => r.late += 1,
                Status::Missing => r.missing += 1,
                Status::Invalid => r.invalid += 1,
            }
        }
        r
    }

    /// Grassroots unions of the roster: every roster unit but the district's own. The
    /// basis of every count of units the report gives, and of `Tổng hợp`'s CĐCS lines.
    pub fn grassroots(&self) -> Vec<&UnitStatus> {
        let district = self.district_unit().map(|d| d.code.as_str());
        (self.units.iter())
            .filter(|u| u.in_roster && Some(u.code.as_str()) != district)
            .collect()
    }

    /// Every issue of the run: files skipped while listing, rows of the receipt log that
    /// could not be used, then each file's own issues followed by the run's finding about it.
    pub fn all_issues(&self) -> impl Iterator<Item = &Issue> {
        self.skipped
            .iter()
            .chain(&self.log_issues)
            .chain((0..self.submissions.len()).flat_map(|i| self.issues_of(i)))
    }

    /// One file's issues: its own, then the run's finding about it.
    pub fn issues_of(&self, file: usize) -> impl Iterator<Item = &Issue> + Clone {
        self.submissions[file]
            .issues
            .iter()
            .chain(self.findings[file].as_deref())
    }

    /// One file's issues of `severity`.
    pub fn count_of(&self, file: usize, severity: crate::issue::Severity) -> usize {
        self.issues_of(file)
            .filter(|i| i.severity == severity)
            .count()
    }

    /// The files whose rows count, in file order.
    pub fn counted(&self) -> impl Iterator<Item = &Submission> {
        self.submissions
            .iter()
            .zip(&self.verdicts)
            .filter(|(_, v)| v.counted())
            .map(|(s, _)| s)
    }

    pub fn rows_read(&self) -> usize {
        self.submissions.iter().map(Submission::rows_read).sum()
    }

    pub fn rows_counted(&self) -> usize {
        self.counted().map(Submission::rows_counted).sum()
    }

    pub fn count_status(&self, status: Status, in_roster: bool) -> usize {
        self.units
            .iter()
            .filter(|u| u.status == status && u.in_roster == in_roster)
            .count()
    }
}

/// A return's unit as `(code, name)`: the roster unit, the extra unit, or the name typed.
pub fn unit_label(o: &Outcome, s: &Submission) -> (String, String) {
    match &s.unit {
        // Roster units come first in `o.units`, in roster order.
        Some(UnitId::Roster(i)) => o
            .units
            .get(*i)
            .map(|u| (u.code.clone(), u.name.clone()))
            .unwrap_or_default(),
        Some(UnitId::Extra { code, name }) => (code.clone(), name.clone()),
        None => (String::new(), s.info.name.clone()),
    }
}
