//! The read phase, shared by `check`, `consolidate` and the page: the inputs → the files
//! to read (and those skipped, with why) → one [`Submission`] per file, read in worker
//! processes with hard limits (or in this process), taken from the parse cache where the
//! bytes are unchanged. Nothing here judges a return against the others: that is
//! `consolidate`'s.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::clock::timing;
use crate::inputs::{collect_files, expand_archives, Found};
use crate::issue::Issue;
use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::{self, read_return_cached, Context, Lookup, Matchers, Submission};
use crate::worker::Isolation;

/// How one run reads its inputs.
pub struct Reading<'a> {
    pub plan: &'a Plan,
    pub roster: &'a Roster,
    pub limits: Limits,
    /// Whether files are read in worker processes with hard limits.
    pub isolation: Isolation,
    /// In this process: read files on all cores (false: one by one, for comparison).
    pub parallel: bool,
    /// Files (or folders) never to read: our own outputs.
    pub exclude: Vec<PathBuf>,
    /// Returns parsed by an earlier run, by content hash (`None`: parse every file).
    pub cache: Option<&'a Cache>,
    /// Told (files read, files in all) as the returns are read.
    pub progress: Option<&'a (dyn Fn(usize, usize) + Sync)>,
}

/// What the read phase found: every file read, in name order, and every file or folder
/// skipped (with why), sorted by name.
pub struct Read {
    pub submissions: Vec<Submission>,
    pub skipped: Vec<Issue>,
}

impl<'a> Reading<'a> {
    /// Reading with every default: default limits, in worker processes when this program
    /// can start them, on all cores, nothing excluded, no cache, no progress.
    pub fn new(plan: &'a Plan, roster: &'a Roster) -> Reading<'a> {
        Reading {
            plan,
            roster,
            limits: Limits::default(),
            isolation: Isolation::of_this_program(crate::worker::DEFAULT_MEMORY_MB),
            parallel: true,
            exclude: Vec::new(),
            cache: None,
            progress: None,
        }
    }

    /// Reads every return under `inputs`.
    pub fn read(&self, inputs: &[PathBuf]) -> Read {
        let start = std::time::Instant::now();
        let (files, mut skipped) = collect_files(inputs, &self.exclude);
        timing("liệt kê tệp", start);
        crate::memory::for_run_of(files.len());
        let matchers = Matchers::new(self.plan);
        let ctx = Context {
            plan: self.plan,
            roster: self.roster,
            matchers: &matchers,
            limits: self.limits,
        };
        // The spreadsheets inside `.zip` files; their scratch folder lives until they are read.
        let (files, unpacked, _scratch) = expand_archives(files, &ctx, &self.isolation);
        skipped.extend(unpacked);
        skipped.sort_by(|a, b| a.file.cmp(&b.file));
        let start = std::time::Instant::now();
        let submissions = self.read_files(&files, &ctx);
        timing("đọc tệp", start);
        Read {
            submissions,
            skipped,
        }
    }

    fn read_files(&self, files: &[Found], ctx: &Context<'_>) -> Vec<Submission> {
        let done = AtomicUsize::new(0);
        let total = files.len();
        let tick = || {
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if let Some(p) = self.progress {
                p(n, total);
            }
        };
        let from_cache = |h: u128, p: &Path, d: &str| self.cache?.get(h, p, d);
        // An empty cache (a first run) is not asked: every file would be read once more for
        // nothing before its worker reads it.
        let lookup: Option<&Lookup<'_>> = self
            .cache
            .filter(|c| !c.is_empty())
            .map(|_| &from_cache as _);
        let read_one = |f: &Found| {
            let s = read_return_cached(&f.path, &f.display, ctx, lookup);
            tick();
            s
        };
        match &self.isolation {
            Isolation::Workers { program, memory_mb } => {
                read_in_workers(files, ctx, lookup, program, *memory_mb, &tick)
            }
            _ if self.parallel => files.par_iter().map(read_one).collect(),
            _ => files.iter().map(read_one).collect(),
        }
    }
}

/// Reads `files` in worker processes ([`crate::worker`]); returns already in `cache` (by
/// content hash) are taken from it here.
fn read_in_workers(
    files: &[Found],
    ctx: &Context<'_>,
    cache: Option<&Lookup<'_>>,
    program: &Path,
    memory_mb: u64,
    tick: &(dyn Fn() + Sync),
) -> Vec<Submission> {
    let mut found: Vec<Option<Submission>> = match cache {
        Some(cache) => files
            .par_iter()
            .map(|f| submission::from_cache(&f.path, &f.display, ctx, cache))
            .collect(),
        None => vec![None; files.len()],
    };
    let todo: Vec<usize> = (0..files.len()).filter(|i| found[*i].is_none()).collect();
    if todo.len() == files.len() {
        // Nothing from the cache (a first run): the workers' answers are the returns, in
        // order, without a second vector of them all.
        let asked: Vec<(PathBuf, String)> = files
            .iter()
            .map(|f| (f.path.clone(), f.display.clone()))
            .collect();
        return crate::worker::read_all(&asked, ctx, program, memory_mb, tick);
    }
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
