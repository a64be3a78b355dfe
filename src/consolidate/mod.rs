//! Returns → statuses per roster unit and totals (aggregated with polars).

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

mod totals;

use totals::Frames;

use crate::arrival::{self, late_finding, DateSource, Receipts};
use crate::clock::timing;
use crate::issue::{Issue, Severity};
pub use crate::model::{
    ActTotal, GroupTotal, Headline, Outcome, PropTotal, Status, UnitStatus, UnitTotals, Verdict,
};
use crate::parse::text::fold;
use crate::plan::Plan;
use crate::reading::Read;
use crate::roster::Roster;
use crate::submission::{Submission, UnitId};

pub(crate) fn unit_key(roster: &Roster, id: &UnitId) -> String {
    match id {
        UnitId::Roster(i) => roster.units[*i].code.clone(),
        UnitId::Extra { code, .. } => code.clone(),
    }
}

/// `--as-of`: a return dated after that day (by the receipt log, its own report date or
/// its saved time) had not arrived yet, and the finding says so. A file's modified time is
/// not trusted for this: copying resets it. Returns which files had arrived.
fn mark_after_as_of(
    submissions: &[Submission],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    as_of: NaiveDate,
    findings: &mut [Option<Box<Issue>>],
) -> Vec<bool> {
    let mut arrived = vec![true; submissions.len()];
    for (i, s) in submissions.iter().enumerate() {
        let after = DateSource::ALL
            .iter()
            .filter(|src| **src != DateSource::FileModified)
            .find_map(|src| moments[i][*src as usize].map(|m| (m.date(), *src)))
            .filter(|(d, _)| *d > as_of);
        if let Some((d, source)) = after.filter(|_| s.readable) {
            arrived[i] = false;
            let issue = crate::messages::after_as_of(&s.file, d, source.vn(), as_of);
            findings[i] = Some(Box::new(issue));
        }
    }
    arrived
}

/// Groups readable, identified returns that had arrived by unit; the latest of each unit
/// counts (unit key → index), the others are superseded by it, with a `duplicate-submission`
/// finding saying why.
fn choose_latest(
    submissions: &[Submission],
    arrived: &[bool],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    roster: &Roster,
    verdicts: &mut [Verdict],
    findings: &mut [Option<Box<Issue>>],
) -> BTreeMap<String, usize> {
    // Group readable, identified returns by unit; the latest counts.
    let mut by_unit: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, s) in submissions.iter().enumerate() {
        if s.readable && arrived[i] && !s.other_period() {
            if let Some(u) = &s.unit {
                by_unit.entry(unit_key(roster, u)).or_default().push(i);
            }
        }
    }
    let mut chosen: BTreeMap<String, usize> = BTreeMap::new();
    for (key, idx) in &by_unit {
        let latest = latest_of(idx, moments, submissions);
        chosen.insert(key.clone(), latest);
        verdicts[latest] = Verdict::Counted;
        for &other in idx.iter().filter(|&&o| o != latest) {
            let kept = submissions[latest].file.clone();
            let decided = arrival::later(&moments[latest], &moments[other]);
            let s = &submissions[other];
            let n = s.rows_counted();
            let issue = match decided {
                Some((_, src)) => crate::messages::superseded(
                    &s.file,
                    key,
                    &kept,
                    src.vn(),
                    &moment_vn(moments[latest][src as usize], src),
                    &moment_vn(moments[other][src as usize], src),
                    n,
                ),
                None => crate::messages::superseded_tie(&s.file, key, &kept, n),
            };
            verdicts[other] = Verdict::Superseded { by: latest };
            findings[other] = Some(Box::new(issue));
        }
    }
    chosen
}

/// The return of one unit that counts: the latest by [`arrival::later`]; when no source
/// tells them apart, the one with fewer errors, then more rows counted, then the first by
/// name (the tie is reported on the others).
fn latest_of(
    idx: &[usize],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    subs: &[Submission],
) -> usize {
    *idx.iter()
        .max_by(|&&a, &&b| {
            arrival::later(&moments[a], &moments[b])
                .map(|(o, _)| o)
                .unwrap_or_else(|| {
                    let (sa, sb) = (&subs[a], &subs[b]);
                    sb.count(Severity::Error)
                        .cmp(&sa.count(Severity::Error))
                        .then(sa.rows_counted().cmp(&sb.rows_counted()))
                        .then(sb.file.cmp(&sa.file))
                })
        })
        .expect("non-empty group")
}

/// A source's moment as users read it: a day, or a day and time.
fn moment_vn(m: Option<chrono::NaiveDateTime>, src: DateSource) -> String {
    match (m, src) {
        (None, _) => "không có".into(),
        (Some(m), DateSource::Receipt | DateSource::ReportDate) => {
            crate::parse::date::fmt_vn(m.date())
        }
        (Some(m), _) => m.format("%H:%M:%S %d/%m/%Y").to_string(),
    }
}

/// A unit named by a file's name (`…CD06…`, `Báo cáo CĐCS Xã Phước Minh (1).docx`), for
/// files that could not be read as its return. A code must hold a letter (`12` in a date
/// is no code); a name must be the whole of a roster name, and only one.
pub(crate) fn unit_from_file_name(roster: &Roster, file: &str) -> Option<usize> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let folded = fold(stem);
    let by_code = folded
        .split(' ')
        .filter(|t| t.chars().any(|c| c.is_alphabetic()))
        .find_map(|t| roster.by_code(t));
    by_code.or_else(|| roster.named_in(stem))
}

/// Roster units whose only files are unreadable, of another period, or not the Excel
/// template (by the file's unit or name): the file and why, for `Không hợp lệ`.
fn invalid_units(
    submissions: &[Submission],
    skipped: &[Issue],
    roster: &Roster,
) -> HashMap<usize, (String, String)> {
    let mut invalid: HashMap<usize, (String, String)> = HashMap::new();
    for s in submissions {
        let why = if !s.readable {
            "không mở được".to_string()
        } else if s.other_period() {
            "là báo cáo của kế hoạch hoặc đợt khác".to_string()
        } else {
            continue;
        };
        let unit = match &s.unit {
            Some(UnitId::Roster(i)) => Some(*i),
            _ => unit_from_file_name(roster, &s.file),
        };
        if let Some(i) = unit {
            invalid.entry(i).or_insert((s.file.clone(), why));
        }
    }
    for i in skipped
        .iter()
        .filter(|i| i.code == crate::issue::Code::FileNotTemplate)
    {
        if let Some(u) = unit_from_file_name(roster, &i.file) {
            let why = crate::messages::not_template_kind(&i.file);
            invalid.entry(u).or_insert((i.file.clone(), why));
        }
    }
    invalid
}

/// A unit with no return yet.
fn missing_unit(code: &str, name: &str, in_roster: bool) -> UnitStatus {
    UnitStatus {
        code: code.to_string(),
        name: name.to_string(),
        bloc: String::new(),
        commune: String::new(),
        contact: String::new(),
        phone: String::new(),
        status: Status::Missing,
        submitted: None,
        source: None,
        file: None,
        note: None,
        paper: None,
        supplemented: None,
        in_roster,
        rows_counted: 0,
        errors: 0,
        warnings: 0,
    }
}

/// Returns received on paper by the as-of day, by roster unit (the earliest day of each); a
/// row naming no roster unit, or dated after the as-of day, is listed with the run's issues.
fn paper_days(
    receipts: &Receipts,
    roster: &Roster,
    as_of: NaiveDate,
    log_issues: &mut Vec<Issue>,
) -> HashMap<usize, NaiveDate> {
    let mut days: HashMap<usize, NaiveDate> = HashMap::new();
    for p in &receipts.paper {
        match roster
            .by_code(&p.unit)
            .or_else(|| roster.exact_name(&p.unit))
        {
            Some(_) if p.date > as_of => log_issues.push(p.pointed(
                crate::messages::receipt_after_as_of(&p.log, p.at.line(), &p.unit, p.date, as_of),
            )),
            Some(i) => {
                let day = days.entry(i).or_insert(p.date);
                *day = (*day).min(p.date);
            }
            None => log_issues.push(p.pointed(crate::messages::receipt_unit_unknown(
                &p.log,
                p.at.line(),
                &p.unit,
            ))),
        }
    }
    days
}

/// A roster unit whose return came on paper on `day`. When a file of it counts, that file
/// was dated by the paper already (when the paper came first); when none does, the unit
/// reported on that day, on paper only: no file, no figure.
fn on_paper(unit: UnitStatus, day: NaiveDate, plan: &Plan) -> UnitStatus {
    let unit = UnitStatus {
        paper: Some(day),
        ..unit
    };
    if unit.status.reported() {
        return unit;
    }
    UnitStatus {
        status: Status::of_submission(Some(day), plan),
        submitted: Some(day),
        source: Some(DateSource::Receipt),
        file: None,
        note: None,
        ..unit
    }
}

/// Every roster unit's standing, then the extra units that reported.
fn statuses(
    submissions: &[Submission],
    findings: &[Option<Box<Issue>>],
    skipped: &[Issue],
    chosen: &BTreeMap<String, usize>,
    dates: &[Option<(NaiveDate, DateSource)>],
    plan: &Plan,
    roster: &Roster,
) -> Vec<UnitStatus> {
    let invalid = invalid_units(submissions, skipped, roster);
    let count = |i: usize, severity: Severity| {
        let own = submissions[i].count(severity);
        own + usize::from(findings[i].as_ref().is_some_and(|f| f.severity == severity))
    };
    // A unit's standing from the return that counts for it (or none).
    let standing = |unit: UnitStatus, idx: Option<usize>| -> UnitStatus {
        let Some(i) = idx else {
            return unit;
        };
        let s = &submissions[i];
        let (submitted, source) = match dates[i] {
            Some((d, src)) => (Some(d), Some(src)),
            None => (None, None),
        };
        UnitStatus {
            status: Status::of_submission(submitted, plan),
            submitted,
            source,
            file: Some(s.file.clone()),
            rows_counted: s.rows_counted(),
            errors: count(i, Severity::Error),
            warnings: count(i, Severity::Warning),
            ..unit
        }
    };
    let mut units = Vec::new();
    for (ri, u) in roster.units.iter().enumerate() {
        let missing = UnitStatus {
            bloc: u.bloc.clone(),
            commune: u.commune.clone(),
            contact: u.contact.clone(),
            phone: u.phone.clone(),
            ..missing_unit(&u.code, &u.name, true)
        };
        let mut unit = standing(missing, chosen.get(&u.code).copied());
        if unit.status == Status::Missing {
            if let Some((f, why)) = invalid.get(&ri) {
                unit.status = Status::Invalid;
                unit.file = Some(f.clone());
                unit.note = Some(why.clone());
            }
        }
        units.push(unit);
    }
    for (key, &i) in chosen {
        if let Some(UnitId::Extra { name, .. }) = &submissions[i].unit {
            let info = &submissions[i].info;
            let extra = UnitStatus {
                commune: info.commune.to_string(),
                contact: info.reporter.clone(),
                phone: info.phone.clone(),
                ..missing_unit(key, name, false)
            };
            units.push(standing(extra, Some(i)));
        }
    }
    units
}

/// Dates each counted return that replaced an earlier one by the earliest of its unit's
/// returns (the first arrival); returns the day each such correction itself arrived.
fn first_arrivals(
    verdicts: &[Verdict],
    dates: &mut [Option<(NaiveDate, DateSource)>],
) -> HashMap<usize, NaiveDate> {
    let mut first: HashMap<usize, (NaiveDate, DateSource)> = HashMap::new();
    for (j, v) in verdicts.iter().enumerate() {
        if let (Verdict::Superseded { by }, Some(d)) = (v, dates[j]) {
            let e = first.entry(*by).or_insert(d);
            if d.0 < e.0 {
                *e = d;
            }
        }
    }
    let mut supplemented = HashMap::new();
    for (by, d) in first {
        if let Some((latest, _)) = dates[by].filter(|(latest, _)| d.0 < *latest) {
            supplemented.insert(by, latest);
            dates[by] = Some(d);
        }
    }
    supplemented
}

/// Says on each unit whose counted return replaced an earlier one when the correction came.
fn mark_supplemented(
    units: &mut [UnitStatus],
    chosen: &BTreeMap<String, usize>,
    supplemented: &HashMap<usize, NaiveDate>,
) {
    for (key, i) in chosen {
        if let Some(&day) = supplemented.get(i) {
            if let Some(u) = units.iter_mut().find(|u| &u.code == key) {
                u.supplemented = Some(day);
            }
        }
    }
}

/// Why each file would not count, before the latest return of each unit is chosen
/// ([`choose_latest`] marks the ones that do).
fn first_verdicts(submissions: &[Submission], arrived: &[bool]) -> Vec<Verdict> {
    submissions
        .iter()
        .zip(arrived)
        .map(|(s, arrived)| {
            if !s.readable {
                Verdict::Unreadable
            } else if s.other_period() {
                Verdict::OtherPeriod
            } else if !arrived {
                Verdict::AfterAsOf
            } else {
                Verdict::NoUnit
            }
        })
        .collect()
}

/// Statuses and totals from the returns read: each file's verdict, each unit's status by
/// the receipt log and the day figures are taken at (`as_of`), and the totals of the
/// returns that count.
pub fn consolidate(
    read: Read,
    plan: &Plan,
    roster: &Roster,
    receipts: &Receipts,
    as_of: NaiveDate,
) -> Outcome {
    let Read {
        submissions,
        skipped,
    } = read;
    // Every row of the receipt log is matched to a file or a unit, or said.
    let receipts = &receipts.resolved(&submissions, roster);
    // Rows of the receipt log that could not be used are listed with the run's own issues
    // (apart from the files: they are no files).
    let mut log_issues = receipts.issues.clone();
    let moments: Vec<_> = submissions
        .iter()
        .map(|s| arrival::moments(s, receipts, plan))
        .collect();
    let mut dates: Vec<_> = submissions
        .iter()
        .zip(&moments)
        .map(|(s, m)| arrival::first_moment(m).filter(|_| s.readable))
        .collect();
    let mut findings: Vec<Option<Box<Issue>>> = vec![None; submissions.len()];
    let arrived = mark_after_as_of(&submissions, &moments, as_of, &mut findings);
    let mut verdicts = first_verdicts(&submissions, &arrived);
    let chosen = choose_latest(
        &submissions,
        &arrived,
        &moments,
        roster,
        &mut verdicts,
        &mut findings,
    );
    // A unit's first return dates it: a correction after the deadline does not make an
    // on-time unit late (its figures come from the correction).
    let supplemented = first_arrivals(&verdicts, &mut dates);
    // A unit's return that came on paper before its file: the unit reported on that day
    // (the file, typed from the paper later, is not late for it).
    let paper = paper_days(receipts, roster, as_of, &mut log_issues);
    for &i in chosen.values() {
        if let Some(UnitId::Roster(ri)) = submissions[i].unit {
            if let Some(&day) = paper.get(&ri) {
                if dates[i].is_none_or(|(d, _)| day < d) {
                    dates[i] = Some((day, DateSource::Receipt));
                }
            }
        }
        findings[i] = late_finding(&submissions[i], plan, dates[i]).map(Box::new);
    }
    let mut units = statuses(
        &submissions,
        &findings,
        &skipped,
        &chosen,
        &dates,
        plan,
        roster,
    );
    // Roster units come first, in roster order.
    for (ri, day) in paper {
        units[ri] = on_paper(units[ri].clone(), day, plan);
    }
    mark_supplemented(&mut units, &chosen, &supplemented);
    let counted: Vec<bool> = verdicts.iter().map(|v| v.counted()).collect();
    let start = std::time::Instant::now();
    let frames = Frames::build(&submissions, &counted, roster, plan);
    timing("khung dữ liệu", start);
    let totals = frames
        .totals(plan, roster, &units)
        .expect("aggregation over well-typed frames");
    let strikes = chosen
        .values()
        .map(|&i| submissions[i].situation.strikes.unwrap_or(0))
        .sum();
    Outcome {
        plan_code: plan.code.clone(),
        period: plan.period.clone(),
        earlier: None,
        below: None,
        as_of,
        submissions,
        verdicts,
        findings,
        skipped,
        log_issues,
        units,
        by_topic: totals.by_topic,
        by_audience: totals.by_audience,
        topic_audience: totals.topic_audience,
        by_activity: totals.by_activity,
        by_bloc: totals.by_bloc,
        by_commune: totals.by_commune,
        per_unit: totals.per_unit,
        strikes,
        roster_label: roster.label(),
        roster_is_sample: roster.is_sample,
        district: roster
            .exact_name(&plan.district_unit)
            .map(|i| roster.units[i].code.clone()),
    }
}
