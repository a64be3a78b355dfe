//! The outcome of a consolidation: where every unit stands and the totals. Computed once
//! by [`crate::consolidate`]; the summary, the JSON, the report, the feedback files, the
//! run record and the page only read it.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use crate::contract as c;
use crate::issue::Issue;
use crate::plan::Plan;
use crate::status::DateSource;
use crate::submission::{Submission, UnitId};

/// Where a unit stands (CONTRACT §6).
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
    pub in_roster: bool,
    pub rows_counted: usize,
    pub errors: usize,
    pub warnings: usize,
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
    pub as_of: NaiveDate,
    /// Every file read, in name order; `counted` marks the ones whose rows count.
    pub submissions: Vec<Submission>,
    pub counted: Vec<bool>,
    pub skipped: Vec<Issue>,
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

    pub fn all_issues(&self) -> impl Iterator<Item = &Issue> {
        self.skipped
            .iter()
            .chain(self.submissions.iter().flat_map(|s| s.issues.iter()))
    }

    /// `Đối soát` of every file, in file order (computed from the returns as they are).
    pub fn reconciliations(&self) -> Vec<crate::reconcile::Reconciliation> {
        self.submissions
            .iter()
            .zip(&self.counted)
            .map(|(s, c)| crate::reconcile::reconcile(s, *c))
            .collect()
    }

    pub fn rows_read(&self) -> usize {
        self.submissions.iter().map(Submission::rows_read).sum()
    }

    pub fn rows_counted(&self) -> usize {
        self.submissions
            .iter()
            .zip(&self.counted)
            .filter(|(_, c)| **c)
            .map(|(s, _)| s.rows_counted())
            .sum()
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
