//! Returns → statuses per roster unit and totals (aggregated with polars).

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use chrono::NaiveDate;
use polars::df;
use polars::prelude::*;
use rayon::prelude::*;

use crate::inputs::{collect_files, expand_archives, Found};
use crate::issue::{Issue, Severity};
pub use crate::model::{
    ActTotal, GroupTotal, Headline, Outcome, PropTotal, Status, UnitStatus, UnitTotals,
};
use crate::parse::text::fold;
use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;
use crate::status::{self, flag_late, DateSource, Receipts};
use crate::submission::{read_return_cached, Context, Matchers, Submission, UnitId};

/// Options of one consolidation run.
pub struct Options<'a> {
    pub plan: &'a Plan,
    pub roster: &'a Roster,
    pub receipts: Receipts,
    pub as_of: NaiveDate,
    pub limits: Limits,
    /// Read files on all cores (false: one by one, for comparison).
    pub parallel: bool,
    /// Files (or folders) never to read: our own outputs.
    pub exclude: Vec<PathBuf>,
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// Returns parsed by an earlier run, by content hash (`None`: parse every file).
    pub cache: Option<&'a crate::cache::Cache>,
    /// Whether files are read in worker processes with hard limits.
    pub isolation: crate::worker::Isolation,
}

fn unit_key(roster: &Roster, id: &UnitId) -> String {
    match id {
        UnitId::Roster(i) => roster.units[*i].code.clone(),
        UnitId::Extra { code, .. } => code.clone(),
    }
}

/// `--as-of`: a return dated after that day (by the receipt log, its own report date or
/// its saved time) had not arrived yet, and says so. A file's modified time is not trusted
/// for this: copying resets it. Returns which files had arrived.
fn mark_after_as_of(
    submissions: &mut [Submission],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    as_of: NaiveDate,
) -> Vec<bool> {
    let mut arrived = vec![true; submissions.len()];
    for (i, s) in submissions.iter_mut().enumerate() {
        let after = DateSource::ALL
            .iter()
            .filter(|src| **src != DateSource::FileModified)
            .find_map(|src| moments[i][*src as usize].map(|m| (m.date(), *src)))
            .filter(|(d, _)| *d > as_of);
        if let Some((d, source)) = after.filter(|_| s.readable) {
            arrived[i] = false;
            s.issues
                .push(crate::messages::after_as_of(&s.file, d, source.vn(), as_of));
        }
    }
    arrived
}

/// Groups readable, identified returns that had arrived by unit; the latest of each unit
/// counts (unit key → index), the others get `duplicate-submission` saying why.
fn choose_latest(
    submissions: &mut [Submission],
    arrived: &[bool],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    roster: &Roster,
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
        for &other in idx.iter().filter(|&&o| o != latest) {
            let kept = submissions[latest].file.clone();
            let decided = status::later(&moments[latest], &moments[other]);
            let s = &mut submissions[other];
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
            s.issues.push(issue);
        }
    }
    chosen
}

/// The return of one unit that counts: the latest by [`status::later`]; when no source
/// tells them apart, the one with fewer errors, then more rows counted, then the first by
/// name (the tie is reported on the others).
fn latest_of(
    idx: &[usize],
    moments: &[[Option<chrono::NaiveDateTime>; 4]],
    subs: &[Submission],
) -> usize {
    *idx.iter()
        .max_by(|&&a, &&b| {
            status::later(&moments[a], &moments[b])
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
fn unit_from_file_name(roster: &Roster, file: &str) -> Option<usize> {
    let stem = file.rsplit('/').next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    let folded = fold(stem);
    let by_code = folded
        .split(' ')
        .filter(|t| t.chars().any(|c| c.is_alphabetic()))
        .find_map(|t| roster.by_code(t));
    by_code.or_else(|| roster.named_in(stem))
}

/// Runs the whole consolidation.
pub fn run(inputs: &[PathBuf], opts: &Options<'_>) -> Outcome {
    let start = std::time::Instant::now();
    let (files, mut skipped) = collect_files(inputs, &opts.exclude);
    timing("liệt kê tệp", start);
    let matchers = Matchers::new(opts.plan);
    let ctx = Context {
        plan: opts.plan,
        roster: opts.roster,
        matchers: &matchers,
        limits: opts.limits,
    };
    // The spreadsheets inside `.zip` files; their scratch folder lives until they are read.
    let (files, unpacked, _scratch) = expand_archives(files, &ctx, &opts.isolation);
    skipped.extend(unpacked);
    skipped.sort_by(|a, b| a.file.cmp(&b.file));
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = files.len();
    let from_cache = |h: u128, p: &std::path::Path, d: &str| opts.cache?.get(h, p, d);
    let lookup: Option<&crate::submission::Lookup<'_>> = opts.cache.map(|_| &from_cache as _);
    let read_one = |f: &Found| {
        let s = read_return_cached(&f.path, &f.display, &ctx, lookup);
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if let Some(p) = opts.progress {
            p(n, total);
        }
        s
    };
    let start = std::time::Instant::now();
    let submissions: Vec<Submission> = match &opts.isolation {
        crate::worker::Isolation::Workers { program, memory_mb } => {
            let tick = || {
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if let Some(p) = opts.progress {
                    p(n, total);
                }
            };
            read_in_workers(&files, &ctx, lookup, program, *memory_mb, &tick)
        }
        _ if opts.parallel => files.par_iter().map(read_one).collect(),
        _ => files.iter().map(read_one).collect(),
    };
    timing("đọc tệp", start);
    let start = std::time::Instant::now();
    let outcome = consolidate(submissions, skipped, opts);
    timing("tổng hợp số liệu", start);
    outcome
}

/// Reads `files` in worker processes ([`crate::worker`]); returns already in `cache` (by
/// content hash) are taken from it here.
fn read_in_workers(
    files: &[Found],
    ctx: &Context<'_>,
    cache: Option<&crate::submission::Lookup<'_>>,
    program: &std::path::Path,
    memory_mb: u64,
    tick: &(dyn Fn() + Sync),
) -> Vec<Submission> {
    let mut found: Vec<Option<Submission>> = match cache {
        Some(cache) => files
            .par_iter()
            .map(|f| crate::submission::from_cache(&f.path, &f.display, ctx, cache))
            .collect(),
        None => vec![None; files.len()],
    };
    let todo: Vec<usize> = (0..files.len()).filter(|i| found[*i].is_none()).collect();
    for _ in 0..files.len() - todo.len() {
        tick();
    }
    let asked: Vec<(PathBuf, String)> = todo
        .iter()
        .map(|&i| (files[i].path.clone(), files[i].display.clone()))
        .collect();
    let read = crate::worker::read_all(&asked, ctx, program, memory_mb, tick);
    for (i, sub) in todo.into_iter().zip(read) {
        found[i] = Some(sub);
    }
    found
        .into_iter()
        .zip(files)
        .map(|(s, f)| s.unwrap_or_else(|| Submission::unread(&f.path, &f.display)))
        .collect()
}

/// With `DANVAN_TIMING` set, prints how long a phase took (for benchmarks).
pub fn timing(phase: &str, since: std::time::Instant) {
    if std::env::var_os("DANVAN_TIMING").is_some() {
        // Peak memory so far, where the system tells it (Linux).
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .map(|l| l[name.len()..].trim().to_string())
                .unwrap_or_default()
        };
        eprintln!(
            "[thời gian] {phase}: {:.2} giây; bộ nhớ: {} (cao nhất {})",
            since.elapsed().as_secs_f64(),
            field("VmRSS:"),
            field("VmHWM:")
        );
    }
}

/// Statuses and totals from submissions already read.
pub fn consolidate(
    mut submissions: Vec<Submission>,
    skipped: Vec<Issue>,
    opts: &Options<'_>,
) -> Outcome {
    let plan = opts.plan;
    let roster = opts.roster;
    // Rows of the receipt log that could not be used are listed with the run's own issues.
    let mut skipped = skipped;
    skipped.extend(opts.receipts.issues.iter().cloned());
    let mut counted = vec![false; submissions.len()];
    let moments: Vec<_> = submissions
        .iter()
        .map(|s| status::moments(s, &opts.receipts, plan))
        .collect();
    let dates: Vec<_> = submissions
        .iter()
        .zip(&moments)
        .map(|(s, m)| status::first_moment(m).filter(|_| s.readable))
        .collect();
    let arrived = mark_after_as_of(&mut submissions, &moments, opts.as_of);
    let chosen = choose_latest(&mut submissions, &arrived, &moments, roster);
    for &i in chosen.values() {
        counted[i] = true;
    }
    for (i, s) in submissions.iter_mut().enumerate() {
        if counted[i] {
            flag_late(s, plan, dates[i]);
        }
    }

    // Statuses: every roster unit, then extra units. A unit whose only files are unreadable,
    // of another period, or not the Excel template stands as `Không hợp lệ`, saying which.
    let mut invalid_units: HashMap<usize, (String, String)> = HashMap::new();
    for s in &submissions {
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
            invalid_units.entry(i).or_insert((s.file.clone(), why));
        }
    }
    for i in skipped
        .iter()
        .filter(|i| i.code == crate::issue::Code::FileNotTemplate)
    {
        if let Some(u) = unit_from_file_name(roster, &i.file) {
            let why = crate::messages::not_template_kind(&i.file);
            invalid_units.entry(u).or_insert((i.file.clone(), why));
        }
    }
    let mut units = Vec::new();
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
            errors: s.count(Severity::Error),
            warnings: s.count(Severity::Warning),
            ..unit
        }
    };
    for (ri, u) in roster.units.iter().enumerate() {
        let missing = UnitStatus {
            code: u.code.clone(),
            name: u.name.clone(),
            bloc: u.bloc.clone(),
            commune: u.commune.clone(),
            contact: u.contact.clone(),
            phone: u.phone.clone(),
            status: Status::Missing,
            submitted: None,
            source: None,
            file: None,
            note: None,
            in_roster: true,
            rows_counted: 0,
            errors: 0,
            warnings: 0,
        };
        let mut unit = standing(missing, chosen.get(&u.code).copied());
        if unit.status == Status::Missing {
            if let Some((f, why)) = invalid_units.get(&ri) {
                unit.status = Status::Invalid;
                unit.file = Some(f.clone());
                unit.note = Some(why.clone());
            }
        }
        units.push(unit);
    }
    for (key, &i) in &chosen {
        if let Some(UnitId::Extra { name, .. }) = &submissions[i].unit {
            let extra = UnitStatus {
                code: key.clone(),
                name: name.clone(),
                bloc: String::new(),
                commune: submissions[i].info.commune.clone(),
                contact: submissions[i].info.reporter.clone(),
                phone: submissions[i].info.phone.clone(),
                status: Status::Missing,
                submitted: None,
                source: None,
                file: None,
                note: None,
                in_roster: false,
                rows_counted: 0,
                errors: 0,
                warnings: 0,
            };
            units.push(standing(extra, Some(i)));
        }
    }

    let start = std::time::Instant::now();
    let frames = Frames::build(&submissions, &counted, roster, plan);
    timing("khung dữ liệu", start);
    let totals = frames
        .totals(plan, roster, &units)
        .expect("aggregation over well-typed frames");
    let mut strikes = 0;
    for (i, s) in submissions.iter().enumerate() {
        if counted[i] {
            strikes += s.situation.strikes.unwrap_or(0);
        }
    }
    Outcome {
        plan_code: plan.code.clone(),
        as_of: opts.as_of,
        submissions,
        counted,
        skipped,
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
    }
}

/// Counted rows as integer-coded columns, ready for polars: blocs and communes as indices
/// into `names`, categories as indices into the plan's lists; and the totals of each unit.
struct Frames {
    prop: DataFrame,
    act: DataFrame,
    /// Unit key (roster code, or the extra unit's code) by index.
    units: Vec<String>,
    /// Bloc and commune names by index.
    names: Vec<String>,
    /// Totals per unit index, summed while the frames are built: grouping the frames by
    /// (unit, topic) held about 100 MB more at a hundred thousand units.
    per_unit: Vec<UnitTotals>,
}

struct Totals {
    by_topic: Vec<PropTotal>,
    by_audience: Vec<PropTotal>,
    topic_audience: BTreeMap<(String, String), (i64, i64)>,
    by_activity: Vec<ActTotal>,
    by_bloc: Vec<GroupTotal>,
    by_commune: Vec<GroupTotal>,
    per_unit: HashMap<String, UnitTotals>,
}

/// A column as `i64`s (categories and counts alike), nulls as 0.
fn ints(df: &DataFrame, name: &str) -> PolarsResult<Vec<i64>> {
    let column = df.column(name)?.cast(&DataType::Int64)?;
    let ca = column.i64()?.rechunk();
    Ok((0..ca.len()).map(|i| ca.get(i).unwrap_or(0)).collect())
}

fn group_entry<'m>(map: &'m mut BTreeMap<String, GroupTotal>, key: &str) -> &'m mut GroupTotal {
    map.entry(key.to_string()).or_insert_with(|| GroupTotal {
        key: key.to_string(),
        ..Default::default()
    })
}

/// Interns strings as dense `u32` indices.
#[derive(Default)]
struct Interner {
    index: HashMap<String, u32>,
    values: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.values.len() as u32;
        self.index.insert(s.to_string(), i);
        self.values.push(s.to_string());
        i
    }
}

impl Frames {
    fn build(subs: &[Submission], counted: &[bool], roster: &Roster, plan: &Plan) -> Frames {
        let (mut units, mut names) = (Interner::default(), Interner::default());
        let counted_subs = || {
            subs.iter()
                .zip(counted)
                .filter(|(s, c)| **c && s.unit.is_some())
                .map(|(s, _)| s)
        };
        // Columns sized once: grown by doubling they held up to twice their rows.
        let np: usize = counted_subs().map(|s| s.propaganda.len()).sum();
        let na: usize = counted_subs().map(|s| s.activities.len()).sum();
        fn columns<T, const K: usize>(n: usize) -> [Vec<T>; K] {
            std::array::from_fn(|_| Vec::with_capacity(n))
        }
        let [mut pbloc, mut pcom, mut pt, mut pa] = columns(np);
        let [mut ps, mut patt] = columns(np);
        let [mut abloc, mut acom, mut ak] = columns(na);
        let [mut aq, mut ap, mut av] = columns(na);
        let mut per_unit: Vec<UnitTotals> = Vec::new();
        for s in counted_subs() {
            let Some(id) = &s.unit else { continue };
            let unit = units.id(&unit_key(roster, id));
            let (bloc, commune) = match id {
                UnitId::Roster(i) => (
                    names.id(&roster.units[*i].bloc),
                    names.id(&roster.units[*i].commune),
                ),
                UnitId::Extra { .. } => (names.id("Ngoài danh sách"), names.id(&s.info.commune)),
            };
            if per_unit.len() < units.values.len() {
                per_unit.resize_with(units.values.len(), || UnitTotals {
                    sessions: vec![0; plan.topics.len()],
                    attendance: vec![0; plan.topics.len()],
                    quantity: vec![0; plan.activities.len()],
                    value: 0,
                    strikes: 0,
                });
            }
            let tot = &mut per_unit[unit as usize];
            tot.strikes = s.situation.strikes.unwrap_or(0);
            for r in &s.propaganda {
                pbloc.push(bloc);
                pcom.push(commune);
                pt.push(r.topic as u32);
                pa.push(r.audience as u32);
                ps.push(r.sessions);
                patt.push(r.attendance);
                tot.sessions[r.topic as usize] += r.sessions;
                tot.attendance[r.topic as usize] += r.attendance;
            }
            for r in &s.activities {
                abloc.push(bloc);
                acom.push(commune);
                ak.push(r.activity as u32);
                aq.push(r.quantity);
                ap.push(r.participants);
                av.push(r.value);
                tot.quantity[r.activity as usize] += r.quantity;
                tot.value += r.value;
            }
        }
        let prop = df!(
            "bloc" => pbloc, "commune" => pcom, "topic" => pt, "audience" => pa,
            "sessions" => ps, "attendance" => patt
        )
        .expect("equal-length columns");
        let act = df!(
            "bloc" => abloc, "commune" => acom, "activity" => ak,
            "quantity" => aq, "participants" => ap, "value" => av
        )
        .expect("equal-length columns");
        Frames {
            prop,
            act,
            units: units.values,
            names: names.values,
            per_unit,
        }
    }

    fn prop_by(&self, keys: &[&str]) -> PolarsResult<DataFrame> {
        self.prop
            .clone()
            .lazy()
            .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                len().cast(DataType::Int64).alias("rows"),
                col("sessions").sum(),
                col("attendance").sum(),
            ])
            .collect()
    }

    fn act_by(&self, keys: &[&str]) -> PolarsResult<DataFrame> {
        self.act
            .clone()
            .lazy()
            .group_by(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                len().cast(DataType::Int64).alias("rows"),
                col("quantity").sum(),
                col("participants").sum(),
                col("value").sum(),
            ])
            .collect()
    }

    fn totals(self, plan: &Plan, roster: &Roster, units: &[UnitStatus]) -> PolarsResult<Totals> {
        let prop_totals =
            |key: &str, cats: &[crate::plan::Category]| -> PolarsResult<Vec<PropTotal>> {
                let df = self.prop_by(&[key])?;
                let mut out: Vec<PropTotal> = cats
                    .iter()
                    .map(|c| PropTotal {
                        code: c.code.clone(),
                        label: c.label.clone(),
                        ..Default::default()
                    })
                    .collect();
                let (k, rows, sessions, attendance) = (
                    ints(&df, key)?,
                    ints(&df, "rows")?,
                    ints(&df, "sessions")?,
                    ints(&df, "attendance")?,
                );
                for i in 0..df.height() {
                    if let Some(t) = out.get_mut(k[i] as usize) {
                        (t.rows, t.sessions, t.attendance) = (rows[i], sessions[i], attendance[i]);
                    }
                }
                Ok(out)
            };
        let by_topic = prop_totals("topic", &plan.topics)?;
        let by_audience = prop_totals("audience", &plan.audiences)?;
        let mut topic_audience = BTreeMap::new();
        let ta = self.prop_by(&["topic", "audience"])?;
        let (t, a, ses, att) = (
            ints(&ta, "topic")?,
            ints(&ta, "audience")?,
            ints(&ta, "sessions")?,
            ints(&ta, "attendance")?,
        );
        for i in 0..ta.height() {
            topic_audience.insert(
                (
                    plan.topics[t[i] as usize].code.clone(),
                    plan.audiences[a[i] as usize].code.clone(),
                ),
                (ses[i], att[i]),
            );
        }
        let mut by_activity: Vec<ActTotal> = plan
            .activities
            .iter()
            .map(|a| ActTotal {
                code: a.category.code.clone(),
                label: a.category.label.clone(),
                quantity_unit: a.quantity_unit.clone(),
                target: a.target,
                ..Default::default()
            })
            .collect();
        let ad = self.act_by(&["activity"])?;
        let (k, rows, qty, part, val) = (
            ints(&ad, "activity")?,
            ints(&ad, "rows")?,
            ints(&ad, "quantity")?,
            ints(&ad, "participants")?,
            ints(&ad, "value")?,
        );
        for i in 0..ad.height() {
            if let Some(t) = by_activity.get_mut(k[i] as usize) {
                (t.rows, t.quantity, t.participants, t.value) = (rows[i], qty[i], part[i], val[i]);
            }
        }
        let groups = |key: &str,
                      of: &dyn Fn(&crate::roster::Unit) -> String|
         -> PolarsResult<Vec<GroupTotal>> {
            let mut map: BTreeMap<String, GroupTotal> = BTreeMap::new();
            for (u, st) in roster.units.iter().zip(units) {
                let g = group_entry(&mut map, &of(u));
                g.expected += 1;
                if st.status.reported() {
                    g.reported += 1;
                }
            }
            let pd = self.prop_by(&[key])?;
            let (k, ses, att) = (
                ints(&pd, key)?,
                ints(&pd, "sessions")?,
                ints(&pd, "attendance")?,
            );
            for i in 0..pd.height() {
                let g = group_entry(&mut map, &self.names[k[i] as usize]);
                (g.sessions, g.attendance) = (ses[i], att[i]);
            }
            let ad = self.act_by(&[key])?;
            let (k, rows, val) = (ints(&ad, key)?, ints(&ad, "rows")?, ints(&ad, "value")?);
            for i in 0..ad.height() {
                let g = group_entry(&mut map, &self.names[k[i] as usize]);
                (g.activity_rows, g.value) = (rows[i], val[i]);
            }
            Ok(map.into_values().collect())
        };
        let by_bloc = groups("bloc", &|u| u.bloc.clone())?;
        let by_commune = groups("commune", &|u| u.commune.clone())?;
        Ok(Totals {
            by_topic,
            by_audience,
            topic_audience,
            by_activity,
            by_bloc,
            by_commune,
            per_unit: self.units.into_iter().zip(self.per_unit).collect(),
        })
    }
}
