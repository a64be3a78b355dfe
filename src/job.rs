//! One consolidation job, resolved once: the inputs, the plan and roster, the day the
//! figures are taken at, the receipt log, the limits and where every output goes. The
//! commands and the page build a [`Job`]; [`run`] reads, consolidates and writes it.
//!
//! The data path: inputs → [`crate::inputs`] (files, archives) → [`crate::worker`] (each file
//! read in a worker process) → [`crate::submission`] (what one file says) →
//! [`crate::consolidate`] (an [`Outcome`]: statuses, totals) → the views (summary, JSON,
//! report, feedback, run record, state) → written here, each atomically.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;

use crate::arrival::Receipts;
use crate::clock::timing;
use crate::consolidate::consolidate;
use crate::error::Fatal;
use crate::model::Outcome;
use crate::output::{ensure_not_input, stage, stage_with, write_atomic, write_atomic_with, Staged};
use crate::plan::Plan;
use crate::read::Limits;
use crate::reading::Reading;
use crate::roster::Roster;
use crate::state;
use crate::summary::pieces::Pieces;
use crate::worker::Isolation;

/// Where a job writes. The run record, the state of the run and the cache of parsed
/// returns go beside the summary ([`crate::output`] names them).
#[derive(Debug, Clone)]
pub struct Outputs {
    pub summary: PathBuf,
    pub json: Option<PathBuf>,
    pub report: Option<PathBuf>,
    /// A folder for one `Phản hồi` workbook per unit with something to fix.
    pub feedback: Option<PathBuf>,
}

impl Outputs {
    /// The page's outputs in the folder `out`: the summary, the JSON and the report, named
    /// after the plan (the files `consolidate` writes by default).
    pub fn in_folder(out: &Path, plan: &Plan) -> Outputs {
        Outputs {
            summary: out.join(crate::output::summary_name(plan)),
            json: Some(out.join(crate::output::json_name(plan))),
            report: Some(out.join(crate::report::file_name(plan))),
            feedback: None,
        }
    }

    /// Everything of ours that must never be read as a return.
    fn ours(&self) -> Vec<PathBuf> {
        let mut own = vec![self.summary.clone(), state::record_path(&self.summary)];
        own.extend(self.report.clone());
        own.extend(self.json.clone());
        own.extend(self.feedback.clone());
        own.extend(
            state::state_path(&self.summary)
                .parent()
                .map(Path::to_path_buf),
        );
        own
    }
}

/// One consolidation, every setting resolved.
pub struct Job<'a> {
    pub inputs: Vec<PathBuf>,
    pub plan: &'a Plan,
    pub roster: &'a Roster,
    /// Returns dated after this day had not arrived yet.
    pub as_of: NaiveDate,
    pub receipts: Receipts,
    pub limits: Limits,
    pub outputs: Outputs,
    /// Reuse the returns parsed by the previous run for the same summary.
    pub use_cache: bool,
    /// Read files on all cores (false: one by one, in this process).
    pub parallel: bool,
    pub isolation: Isolation,
    /// Show progress on the terminal.
    pub progress: bool,
    /// Told (files read, files in all) as the returns are read: the page's progress.
    pub on_progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
    /// An earlier đợt to set this one beside.
    pub compare: Option<crate::compare::Earlier>,
    /// What the inputs are: grassroots returns, or the summaries of the level below.
    pub level: Level,
}

/// What a job consolidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Grassroots unions' returns (`consolidate`).
    Returns,
    /// The summaries the districts send up (`rollup`, docs/cap-tren.md).
    Summaries,
}

impl<'a> Job<'a> {
    /// A job with every default: figures taken today, no receipt log, default limits, the
    /// parse cache used, files read in worker processes (when this program can start them)
    /// and no progress shown. The command line and the page change what they were given.
    pub fn new(
        inputs: Vec<PathBuf>,
        plan: &'a Plan,
        roster: &'a Roster,
        outputs: Outputs,
    ) -> Job<'a> {
        Job {
            inputs,
            plan,
            roster,
            as_of: crate::clock::today(),
            receipts: Receipts::default(),
            limits: Limits::default(),
            outputs,
            use_cache: true,
            parallel: true,
            isolation: Isolation::of_this_program(crate::worker::DEFAULT_MEMORY_MB),
            progress: false,
            on_progress: None,
            compare: None,
            level: Level::Returns,
        }
    }
}

/// What a run wrote.
pub struct Written {
    pub summary: PathBuf,
    pub outcome: Outcome,
    /// What changed since the previous run for the same summary.
    pub delta: state::Delta,
}

/// Reads every input, consolidates and writes every output of `job`.
pub fn run(job: &Job<'_>) -> Result<Written, Fatal> {
    check_paths(job)?;
    for input in &job.inputs {
        ensure_not_input(&job.outputs.summary, std::slice::from_ref(input))?;
    }
    let start = Instant::now();
    let show = job.progress && std::io::stderr().is_terminal();
    let tell = job.on_progress;
    let progress = move |done: usize, total: usize| {
        if let Some(tell) = tell {
            tell(done, total);
        }
        if show && (done % 25 == 0 || done == total) {
            let secs = start.elapsed().as_secs_f64();
            let rate = done as f64 / secs.max(1e-6);
            let eta = (total - done) as f64 / rate.max(1e-6);
            eprint!(
                "\rĐang đọc {done}/{total} tệp ({rate:.0} tệp/giây, còn khoảng {eta:.0} giây)   "
            );
        }
    };
    // Parsed returns of earlier runs for this summary, unless `--no-cache`.
    let fingerprint = crate::cache::fingerprint(job.plan, job.roster, &job.limits);
    let cache_path = crate::output::cache_path(&job.outputs.summary);
    let phase = Instant::now();
    let use_cache = job.use_cache && job.level == Level::Returns;
    let cache = use_cache.then(|| crate::cache::Cache::load(&cache_path, &fingerprint));
    // A re-run knows its size from the returns kept (memory::LARGE_RUN).
    crate::memory::for_run_of(cache.as_ref().map_or(0, |c| c.len()));
    timing("đọc bộ nhớ đệm", phase);
    let reading = Reading {
        plan: job.plan,
        roster: job.roster,
        limits: job.limits,
        isolation: job.isolation.clone(),
        parallel: job.parallel,
        exclude: job.outputs.ours(),
        cache: cache.as_ref(),
        progress: Some(&progress),
    };
    let (read, records) = match job.level {
        Level::Returns => (reading.read(&job.inputs), None),
        Level::Summaries => {
            let (read, records) = crate::rollup::read(
                &job.inputs,
                job.plan,
                job.roster,
                &reading.exclude,
                job.limits,
            );
            (read, Some(records))
        }
    };
    drop(reading);
    // Every return read this time is kept already, and nothing else is: the cache on disk
    // is what this run would write (paths aside, which are set anew on reading it).
    let cache_current = cache
        .as_ref()
        .is_some_and(|c| c.holds_exactly(&read.submissions));
    // No longer needed: the summary is built from the returns now read.
    drop(cache);
    let phase = Instant::now();
    let mut outcome = consolidate(read, job.plan, job.roster, &job.receipts, job.as_of);
    if let Some(records) = &records {
        crate::rollup::apply(&mut outcome, records, job.plan);
    }
    outcome.earlier = job.compare.clone().map(Box::new);
    timing("tổng hợp số liệu", phase);
    let phase = Instant::now();
    let now = state::State::of(&outcome);
    let state_path = state::state_path(&job.outputs.summary);
    let delta = state::Delta::between(state::load(&state_path, &job.plan.code), &now);
    timing("so với lần trước", phase);
    if show {
        eprintln!();
        // Writing a province-sized summary takes a while too: say so.
        if outcome.rows_counted() > 100_000 {
            eprintln!(
                "Đang lập tệp tổng hợp ({} dòng số liệu)…",
                outcome.rows_counted()
            );
        }
    }
    // The parsed returns, kept for the next run: written while the summary is saved (the
    // cache holds what files say, whatever this run decides or writes).
    let keep_cache = || -> Result<(), Fatal> {
        if !use_cache || cache_current {
            return Ok(());
        }
        let phase = Instant::now();
        write_atomic_with(&cache_path, |file| {
            crate::cache::Cache::write(
                &fingerprint,
                &outcome.submissions,
                std::io::BufWriter::new(file),
            )
            .map_err(|e| e.to_string())
        })?;
        // The JSON form of earlier versions, never read again.
        let _ = std::fs::remove_file(cache_path.with_extension("cache.json"));
        timing("ghi bộ nhớ đệm", phase);
        Ok(())
    };
    write_views(job, &outcome, &delta, &keep_cache)?;
    if job.progress {
        eprintln!(
            "Đã đọc {} tệp, {} dòng trong {:.1} giây.",
            outcome.submissions.len(),
            outcome.rows_read(),
            start.elapsed().as_secs_f64()
        );
    }
    // Remembered for the next run, after everything else is written.
    let phase = Instant::now();
    // Made only now, once the summary's memory is free: at 100,000 returns the record and the
    // state's JSON made while the papers were written added about 30 MiB to the peak.
    let record = state::record_path(&job.outputs.summary);
    write_atomic(&record, state::run_record(&outcome).as_bytes())?;
    let json = serde_json::to_vec_pretty(&now).map_err(|e| Fatal(e.to_string()))?;
    write_atomic(&state_path, &json)?;
    timing("ghi hồ sơ lần chạy", phase);
    Ok(Written {
        summary: job.outputs.summary.clone(),
        outcome,
        delta,
    })
}

/// The summary, the JSON, the feedback files and the report, each written atomically, and
/// `also`. What does not come from the summary workbook (the JSON, feedback files, report,
/// `also`) is written on a thread of its own while the summary is built (below
/// [`crate::memory::LARGE_RUN`] returns) and saved (saving is compressing, most of a large
/// run's writing). All are written beside their places and put in place only once the
/// summary is (a summary left open in Excel cannot be replaced: then none of this run's
/// papers replaces the last run's, and no two disagree).
fn write_views(
    job: &Job<'_>,
    outcome: &Outcome,
    delta: &state::Delta,
    also: &(dyn Fn() -> Result<(), Fatal> + Sync),
) -> Result<(), Fatal> {
    let (plan, out) = (job.plan, &job.outputs);
    // The last summary's compressed rows, reused where they are the same (the cache of
    // parsed returns decides nothing here: a piece is known by its content).
    let pieces_path = crate::output::pieces_path(&out.summary);
    let pieces = match job.use_cache {
        true => Pieces::load(&pieces_path),
        false => Pieces::default(),
    };
    let papers = || -> Result<Vec<Staged>, Fatal> {
        let mut staged = Vec::new();
        if let Some(j) = &out.json {
            let phase = Instant::now();
            staged.push(stage_with(j, |file| {
                crate::report::json::write(outcome, plan, std::io::BufWriter::new(file))
                    .map_err(|e| e.to_string())
            })?);
            timing("ghi JSON", phase);
        }
        if let Some(dir) = &out.feedback {
            for (code, name, issues) in crate::feedback::units_to_write_to(outcome) {
                let bytes = crate::feedback::workbook(&code, &name, &issues, plan, outcome.as_of)?;
                staged.push(stage(
                    &dir.join(crate::output::feedback_name(&code, &name)),
                    &bytes,
                )?);
            }
        }
        if let Some(path) = &out.report {
            for input in &job.inputs {
                ensure_not_input(path, std::slice::from_ref(input))?;
            }
            let bytes = crate::report::build(outcome, plan)
                .map_err(|e| Fatal(format!("Không lập được báo cáo: {e}")))?;
            staged.push(stage(path, &bytes)?);
        }
        also()?;
        Ok(staged)
    };
    // In a large run the papers wait for the summary to be built: their JSON document beside
    // the summary's frames raised the peak of 100,000 returns by 15 MiB.
    let early = outcome.submissions.len() < crate::memory::LARGE_RUN;
    let (saved, rest) = std::thread::scope(|scope| -> Result<_, Fatal> {
        let papers_early = early.then(|| scope.spawn(papers));
        let phase = Instant::now();
        let summary = crate::summary::build(outcome, Some(delta), plan, &pieces);
        pieces.close_last();
        timing("lập tệp tổng hợp", phase);
        // On failure the papers' thread ends with the scope; what it staged is removed.
        let summary = summary?;
        let papers = papers_early.unwrap_or_else(|| scope.spawn(papers));
        let saving = scope.spawn(|| {
            let phase = Instant::now();
            let saved = write_atomic_with(&out.summary, |file| {
                summary
                    .save(&mut std::io::BufWriter::new(file))
                    .map_err(|e| e.to_string())
            });
            timing("ghi tệp tổng hợp", phase);
            saved
        });
        let mut rest = Vec::new();
        if job.use_cache {
            let phase = Instant::now();
            match stage_with(&pieces_path, |file| {
                pieces
                    .write(std::io::BufWriter::new(file))
                    .map_err(|e| e.to_string())
            }) {
                Ok(staged) => rest.push(staged),
                Err(e) => return Ok((saving.join(), Err(Fatal::from(e)))),
            }
            timing("ghi các dòng đã nén", phase);
        }
        let papers = match papers.join() {
            Ok(papers) => papers,
            Err(_) => Err(Fatal(
                "Không ghi được các tệp đi kèm: lỗi trong chương trình; các tệp của lần trước giữ nguyên."
                    .to_string(),
            )),
        };
        let rest = papers.map(|mut p| {
            p.append(&mut rest);
            p
        });
        Ok((saving.join(), rest))
    })?;
    match saved {
        Ok(saved) => saved?,
        Err(_) => {
            return Err(Fatal(format!(
                "Không ghi được tệp tổng hợp {}: lỗi trong chương trình khi lưu tệp; các tệp của lần trước giữ nguyên.",
                out.summary.display()
            )))
        }
    }
    for output in rest? {
        output.commit()?;
    }
    Ok(())
}

/// Refuses inputs that do not exist (a typo would give a summary where every unit is
/// missing) and a feedback folder inside an input folder (its files are not returns, and
/// excluding the folder could hide real returns put there).
pub fn check_paths(job: &Job<'_>) -> Result<(), Fatal> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    for input in &job.inputs {
        if !input.exists() {
            return Err(Fatal(format!(
                "Không tìm thấy thư mục hoặc tệp \"{}\". Hãy kiểm tra lại tên thư mục chứa các tệp báo cáo (ví dụ bao-cao/).",
                input.display()
            )));
        }
    }
    let Some(fb) = &job.outputs.feedback else {
        return Ok(());
    };
    // The folder may not exist yet: judge by its nearest existing ancestor.
    let mut probe = Some(fb.as_path());
    let mut fb_c = None;
    let mut rest = Vec::new();
    while let Some(p) = probe {
        if let Some(c) = canon(p) {
            fb_c = Some(
                rest.iter()
                    .rev()
                    .fold(c, |acc: PathBuf, part| acc.join(part)),
            );
            break;
        }
        rest.extend(p.file_name().map(|n| n.to_os_string()));
        probe = p.parent().filter(|q| !q.as_os_str().is_empty());
    }
    let fb_c = fb_c.unwrap_or_else(|| std::env::current_dir().unwrap_or_default().join(fb));
    for input in job.inputs.iter().filter(|i| i.is_dir()) {
        if let Some(ic) = canon(input) {
            if fb_c.starts_with(&ic) {
                return Err(Fatal(format!(
                    "Thư mục phản hồi \"{}\" nằm trong thư mục báo cáo \"{}\": tệp phản hồi sẽ lẫn với báo cáo của đơn vị. Hãy chọn thư mục khác, ví dụ --feedback output/phan-hoi.",
                    fb.display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}
