//! Untrusted workbooks are read in worker processes with hard limits, so that no file can
//! take the run down: an allocation failure aborts a process (catching panics cannot help),
//! and a parser stuck in a loop cannot be stopped from inside.
//!
//! The workers are this same program started with a hidden command ([`WORKER_COMMAND`]);
//! each reads many files in turn. The parent sends the plan, the roster and the limits
//! once, then one file path per line; the worker answers each with the parsed return as
//! one JSON line (the cache's format). A worker that dies, or takes longer than
//! `--max-seconds` on one file (then it is killed), marks that file `file-unreadable` with
//! the reason, and a fresh worker takes the files left.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::read::archive::{unpack, Member};
use crate::read::table::grid_from_csv;
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::{read_return, Context, Matchers, Submission};

/// The hidden command that makes this program a worker.
pub const WORKER_COMMAND: &str = "__worker";

/// The memory one worker may use, by default (MiB): far above any real return.
pub const DEFAULT_MEMORY_MB: u64 = 4096;

/// How returns are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Isolation {
    /// In this process (library callers and tests that do not start the program).
    InProcess,
    /// In worker processes of `program` (the `danvan` executable), each limited to
    /// `memory_mb` MiB.
    Workers { program: PathBuf, memory_mb: u64 },
}

impl Isolation {
    /// Workers of the running program, when it is `danvan` itself (a test harness that
    /// calls the library is not: it reads in its own process).
    pub fn of_this_program(memory_mb: u64) -> Isolation {
        match std::env::current_exe() {
            Ok(program) if program.file_stem().is_some_and(|s| s == "danvan") => {
                Isolation::Workers { program, memory_mb }
            }
            _ => Isolation::InProcess,
        }
    }
}

/// What a worker needs besides the files: sent once, as the first line.
#[derive(Serialize, Deserialize)]
struct Setup {
    plan_toml: String,
    plan_source: String,
    roster_csv: String,
    roster_source: String,
    roster_is_sample: bool,
    limits: Limits,
    memory_mb: u64,
}

impl Setup {
    fn new(ctx: &Context<'_>, memory_mb: u64) -> Setup {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(crate::roster::HEADERS);
        for u in &ctx.roster.units {
            let _ = w.write_record([&u.code, &u.name, &u.bloc, &u.commune, &u.contact, &u.phone]);
        }
        let roster_csv = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        Setup {
            plan_toml: ctx.plan.toml.clone(),
            plan_source: ctx.plan.source.clone(),
            roster_csv,
            roster_source: ctx.roster.source.clone(),
            roster_is_sample: ctx.roster.is_sample,
            limits: ctx.limits,
            memory_mb,
        }
    }
}

/// One file to read, or (with `unpack_into`) an archive to unpack there.
#[derive(Serialize, Deserialize)]
struct Request {
    path: PathBuf,
    display: String,
    unpack_into: Option<PathBuf>,
}

/// A worker's answer to one request.
#[derive(Serialize, Deserialize)]
enum Answer {
    Read(Box<Submission>),
    Unpacked(Result<Vec<Member>, String>),
}

/// The worker's side: reads the setup, then one request per line until its input closes.
/// Returns the process's exit code.
pub fn serve_requests() -> i32 {
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    let Some(Ok(first)) = lines.next() else {
        return 2;
    };
    let Ok(setup) = serde_json::from_str::<Setup>(&first) else {
        return 2;
    };
    limit_memory(setup.memory_mb);
    let Ok(plan) = Plan::from_toml(&setup.plan_toml, &setup.plan_source) else {
        return 2;
    };
    let Ok(grid) = grid_from_csv(&setup.roster_source, &setup.roster_csv) else {
        return 2;
    };
    let Ok(roster) = Roster::from_grid(&grid, &setup.roster_source, setup.roster_is_sample) else {
        return 2;
    };
    let matchers = Matchers::new(&plan);
    let ctx = Context {
        plan: &plan,
        roster: &roster,
        matchers: &matchers,
        limits: setup.limits,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in lines {
        let Ok(line) = line else { break };
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            return 2;
        };
        let answer = match &req.unpack_into {
            Some(dir) => Answer::Unpacked(unpack(&req.path, &req.display, dir, &setup.limits)),
            None => Answer::Read(Box::new(read_return(&req.path, &req.display, &ctx))),
        };
        if serde_json::to_writer(&mut out, &answer).is_err()
            || out.write_all(b"\n").is_err()
            || out.flush().is_err()
        {
            return 2;
        }
    }
    0
}

/// A hard limit on this process's memory (address space), where the system has one.
#[cfg(unix)]
fn limit_memory(mb: u64) {
    let bytes = mb.saturating_mul(1 << 20) as libc::rlim_t;
    let limit = libc::rlimit {
        rlim_cur: bytes,
        rlim_max: bytes,
    };
    // SAFETY: setrlimit only reads the struct passed; failure leaves the limit unchanged.
    unsafe {
        libc::setrlimit(libc::RLIMIT_AS, &limit);
    }
}

#[cfg(not(unix))]
fn limit_memory(_mb: u64) {}

/// A running worker: its input, its answers line by line, and the end of its error output.
struct Worker {
    child: Child,
    input: ChildStdin,
    answers: Receiver<Option<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Worker {
    fn start(program: &Path, setup: &str) -> std::io::Result<Worker> {
        let mut child = Command::new(program)
            .arg(WORKER_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(mut input), Some(stdout), Some(mut err)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("no pipes to the worker"));
        };
        let (tx, answers) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                match line {
                    Ok(l) => {
                        if tx.send(Some(l)).is_err() {
                            return;
                        }
                    }
                    Err(_) => break,
                }
            }
            let _ = tx.send(None);
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let tail = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut t = tail.lock().unwrap_or_else(|e| e.into_inner());
                t.push_str(&String::from_utf8_lossy(&buf[..n]));
                if t.len() > 8192 {
                    let cut = t.len() - 4096;
                    let cut = (cut..t.len()).find(|i| t.is_char_boundary(*i)).unwrap_or(0);
                    t.drain(..cut);
                }
            }
        });
        writeln!(input, "{setup}")?;
        Ok(Worker {
            child,
            input,
            answers,
            stderr,
        })
    }

    /// Ends the worker at once and waits for it.
    fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Why the worker stopped, once it has (waits for it).
    fn death(mut self, memory_mb: u64) -> Death {
        let status = self.child.wait();
        // The error output may still be arriving: give its reader a moment.
        std::thread::sleep(Duration::from_millis(20));
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        let out_of_memory = stderr.contains("memory allocation of") || killed_by_kill(&status);
        if out_of_memory {
            Death::Memory(memory_mb)
        } else {
            let detail = match status {
                Ok(s) => s.to_string(),
                Err(e) => e.to_string(),
            };
            Death::Crashed(detail)
        }
    }
}

/// Killed with SIGKILL (the system's out-of-memory killer), where signals exist.
#[cfg(unix)]
fn killed_by_kill(status: &std::io::Result<std::process::ExitStatus>) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(status, Ok(s) if s.signal() == Some(9))
}

#[cfg(not(unix))]
fn killed_by_kill(_status: &std::io::Result<std::process::ExitStatus>) -> bool {
    false
}

/// Why a file could not be read by a worker.
enum Death {
    Memory(u64),
    Crashed(String),
    Timeout(u64),
}

/// Reads `files` (path, name shown) in worker processes of `program`, in order; `done`
/// is called after each file. Files the workers cannot read get the reason as an issue.
pub fn read_all(
    files: &[(PathBuf, String)],
    ctx: &Context<'_>,
    program: &Path,
    memory_mb: u64,
    done: &(dyn Fn() + Sync),
) -> Vec<Submission> {
    let setup = serde_json::to_string(&Setup::new(ctx, memory_mb)).unwrap_or_default();
    let queue: Mutex<VecDeque<usize>> = Mutex::new((0..files.len()).collect());
    let results: Mutex<Vec<Option<Submission>>> = Mutex::new(vec![None; files.len()]);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let n_workers = cores.min(files.len()).max(1);
    // A file may take `--max-seconds` inside the reader; the worker gets a little more.
    let timeout = Duration::from_secs(ctx.limits.seconds_per_file.saturating_add(5));
    std::thread::scope(|scope| {
        for _ in 0..n_workers {
            scope.spawn(|| {
                let mut worker: Option<Worker> = None;
                loop {
                    let next = queue.lock().unwrap_or_else(|e| e.into_inner()).pop_front();
                    let Some(i) = next else { break };
                    let (path, display) = &files[i];
                    let sub = match worker
                        .take()
                        .map_or_else(|| Worker::start(program, &setup), Ok)
                    {
                        Ok(w) => {
                            let (sub, alive) = ask_read(w, path, display, timeout, memory_mb);
                            worker = alive;
                            sub
                        }
                        // No worker can be started (a process limit): read it here.
                        Err(_) => read_return(path, display, ctx),
                    };
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(sub);
                    done();
                }
                if let Some(w) = worker {
                    drop(w.input);
                    let mut child = w.child;
                    let _ = child.wait();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(files)
        .map(|(s, (path, display))| {
            s.unwrap_or_else(|| failed(path, display, Death::Crashed(String::new())))
        })
        .collect()
}

/// Sends one request to `w`; returns the answer (or why there is none) and the worker if
/// it is still usable.
fn ask(
    mut w: Worker,
    request: &Request,
    timeout: Duration,
    memory_mb: u64,
) -> (Result<Answer, Death>, Option<Worker>) {
    let line = serde_json::to_string(request).unwrap_or_default();
    if writeln!(w.input, "{line}")
        .and_then(|_| w.input.flush())
        .is_err()
    {
        return (Err(w.death(memory_mb)), None);
    }
    match w.answers.recv_timeout(timeout) {
        Ok(Some(line)) => match serde_json::from_str::<Answer>(&line) {
            Ok(answer) => (Ok(answer), Some(w)),
            Err(e) => {
                w.kill();
                let why = format!("câu trả lời không đọc được: {e}");
                (Err(Death::Crashed(why)), None)
            }
        },
        Ok(None) | Err(RecvTimeoutError::Disconnected) => (Err(w.death(memory_mb)), None),
        Err(RecvTimeoutError::Timeout) => {
            w.kill();
            (
                Err(Death::Timeout(timeout.as_secs().saturating_sub(5))),
                None,
            )
        }
    }
}

/// Asks for `path` to be read; the return, or the reason the worker gave none.
fn ask_read(
    w: Worker,
    path: &Path,
    display: &str,
    timeout: Duration,
    memory_mb: u64,
) -> (Submission, Option<Worker>) {
    let request = Request {
        path: path.to_path_buf(),
        display: display.to_string(),
        unpack_into: None,
    };
    match ask(w, &request, timeout, memory_mb) {
        (Ok(Answer::Read(sub)), alive) => {
            let mut sub = *sub;
            sub.path = path.to_path_buf();
            sub.modified = crate::submission::file_modified(path);
            (sub, alive)
        }
        (Ok(Answer::Unpacked(_)), alive) => {
            let death = Death::Crashed("câu trả lời không đúng yêu cầu".into());
            (failed(path, display, death), alive)
        }
        (Err(death), _) => (failed(path, display, death), None),
    }
}

/// Unpacks the archives `archives` (path, name shown) into `into`, in worker processes
/// when `isolation` says so. Each gives its members, or why it could not be opened.
pub fn unpack_all(
    archives: &[(PathBuf, String)],
    into: &Path,
    ctx: &Context<'_>,
    isolation: &Isolation,
) -> Vec<Result<Vec<Member>, String>> {
    let Isolation::Workers { program, memory_mb } = isolation else {
        return archives
            .iter()
            .map(|(p, d)| unpack(p, d, into, &ctx.limits))
            .collect();
    };
    let setup = serde_json::to_string(&Setup::new(ctx, *memory_mb)).unwrap_or_default();
    let timeout = Duration::from_secs(ctx.limits.seconds_per_file.saturating_add(5));
    let mut worker: Option<Worker> = None;
    let mut out = Vec::new();
    for (path, display) in archives {
        let w = match worker
            .take()
            .map_or_else(|| Worker::start(program, &setup), Ok)
        {
            Ok(w) => w,
            Err(_) => {
                out.push(unpack(path, display, into, &ctx.limits));
                continue;
            }
        };
        let request = Request {
            path: path.clone(),
            display: display.clone(),
            unpack_into: Some(into.to_path_buf()),
        };
        let (answer, alive) = ask(w, &request, timeout, *memory_mb);
        worker = alive;
        out.push(match answer {
            Ok(Answer::Unpacked(r)) => r,
            Ok(Answer::Read(_)) => Err("câu trả lời không đúng yêu cầu".into()),
            Err(death) => Err(death_reason(&death)),
        });
    }
    if let Some(w) = worker {
        drop(w.input);
        let mut child = w.child;
        let _ = child.wait();
    }
    out
}

/// A worker's death as users read it (for an archive that could not be unpacked).
fn death_reason(death: &Death) -> String {
    match death {
        Death::Memory(mb) => {
            format!("tệp làm chương trình đọc cần quá nhiều bộ nhớ (hơn {mb} MiB)")
        }
        Death::Timeout(secs) => format!("đọc quá {secs} giây (quá thời gian)"),
        Death::Crashed(_) => "trình đọc dừng bất thường".into(),
    }
}

/// The return of a file its worker could not read.
fn failed(path: &Path, display: &str, death: Death) -> Submission {
    let mut sub = Submission::unread(path, display);
    let issue = match death {
        Death::Memory(mb) => crate::messages::reader_out_of_memory(display, mb),
        Death::Timeout(secs) => crate::messages::reader_timed_out(display, secs),
        Death::Crashed(detail) => crate::messages::reader_died(display, &detail),
    };
    sub.issues.push(issue);
    sub
}
