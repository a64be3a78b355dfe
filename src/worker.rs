//! Untrusted workbooks are read in worker processes with hard limits, so that no file can
//! take the run down: an allocation failure aborts a process (catching panics cannot help),
//! and a parser stuck in a loop cannot be stopped from inside.
//!
//! The workers are this same program started with a hidden command ([`WORKER_COMMAND`]);
//! each reads many files in turn. The parent sends the plan and the limits once, then one
//! file path per line; the worker answers each with the parsed return, length-prefixed in postcard's
//! binary form (the cache's), and the parent weighs the unit it names against the roster
//! ([`crate::submission::identify`]): workers never hold the roster. A worker that dies, or takes longer than
//! `--max-seconds` on one file (then it is killed), marks that file `file-unreadable` with
//! the reason, and a fresh worker takes the files left.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::plan::Plan;
use crate::read::archive::{unpack, Member};
use crate::read::Limits;
use crate::roster::Roster;
use crate::submission::{read_return, read_return_unidentified, Context, Matchers, Submission};

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
    /// Workers of the running program, when it is `danvan` itself (its `main` says so with
    /// [`serves_workers`]; a test harness calling the library reads in its own process).
    pub fn of_this_program(memory_mb: u64) -> Isolation {
        if !SERVES_WORKERS.load(Ordering::Relaxed) {
            return Isolation::InProcess;
        }
        match std::env::current_exe() {
            Ok(program) => Isolation::Workers { program, memory_mb },
            Err(_) => Isolation::InProcess,
        }
    }
}

/// Set by `main`: this program answers [`WORKER_COMMAND`], whatever its file is named.
static SERVES_WORKERS: AtomicBool = AtomicBool::new(false);

/// Called by the `danvan` program at start: it can be started as its own worker.
pub fn serves_workers() {
    SERVES_WORKERS.store(true, Ordering::Relaxed);
}

/// What a worker needs besides the files: sent once, as the first line.
#[derive(Serialize, Deserialize)]
struct Setup {
    plan_toml: String,
    plan_source: String,
    limits: Limits,
    memory_mb: u64,
}

impl Setup {
    fn new(ctx: &Context<'_>, memory_mb: u64) -> Setup {
        Setup {
            plan_toml: ctx.plan.toml.clone(),
            plan_source: ctx.plan.source.clone(),
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
    let mut input = BufReader::new(stdin.lock());
    let mut first = String::new();
    if input.read_line(&mut first).map_or(true, |n| n == 0) {
        return 2;
    }
    let Ok(setup) = serde_json::from_str::<Setup>(&first) else {
        return 2;
    };
    limit_memory(setup.memory_mb);
    let Ok(plan) = Plan::from_toml(&setup.plan_toml, &setup.plan_source) else {
        return 2;
    };
    // Units are identified by the parent: a worker holds no roster (at 100,000 units it
    // was most of a worker's memory).
    let roster = Roster::empty();
    let limits = setup.limits;
    drop(setup);
    let matchers = Matchers::new(&plan);
    let ctx = Context {
        plan: &plan,
        roster: &roster,
        matchers: &matchers,
        limits,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut line = String::new();
    loop {
        line.clear();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let Ok(req) = serde_json::from_str::<Request>(&line) else {
            return 2;
        };
        let answer = match &req.unpack_into {
            Some(dir) => Answer::Unpacked(unpack(&req.path, &req.display, dir, &limits)),
            None => Answer::Read(Box::new(read_return_unidentified(
                &req.path,
                &req.display,
                &ctx,
            ))),
        };
        if write_answer(&mut out, &answer).is_err() {
            return 2;
        }
        // Answers go out in batches while requests are waiting (fewer wake-ups on both
        // sides), and at once when fewer than half a window are left, so that the parent
        // sends more before this worker runs dry.
        let waiting = input.buffer().iter().filter(|b| **b == b'\n').count();
        if waiting < IN_FLIGHT / 2 && out.flush().is_err() {
            return 2;
        }
    }
    let _ = out.flush();
    0
}

/// No answer is longer (a return's rows are bounded by the reading limits far below).
const MAX_ANSWER: usize = 1 << 30;

/// One answer on the worker's output: its length (4 bytes, little-endian), then the answer
/// in postcard's form (JSON cost the parent a core's worth of parsing at 100,000 returns,
/// while the workers wanted both cores).
fn write_answer(out: &mut impl Write, answer: &Answer) -> std::io::Result<()> {
    let bytes = postcard::to_allocvec(answer).map_err(std::io::Error::other)?;
    let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(&bytes)
}

/// The next answer into `buf`; an error when the output ends first, whole or halfway.
fn read_answer(input: &mut impl Read, buf: &mut Vec<u8>) -> std::io::Result<()> {
    let mut len = [0u8; 4];
    input.read_exact(&mut len)?;
    let len = u32::from_le_bytes(len) as usize;
    if len > MAX_ANSWER {
        return Err(std::io::Error::other("answer too long"));
    }
    buf.clear();
    buf.resize(len, 0);
    input.read_exact(buf)
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

/// A hard limit on this process's memory: a Job Object with a process memory limit.
#[cfg(windows)]
fn limit_memory(mb: u64) {
    use std::ffi::c_void;
    #[repr(C)]
    struct BasicLimit {
        per_process_user_time_limit: i64,
        per_job_user_time_limit: i64,
        limit_flags: u32,
        minimum_working_set_size: usize,
        maximum_working_set_size: usize,
        active_process_limit: u32,
        affinity: usize,
        priority_class: u32,
        scheduling_class: u32,
    }
    #[repr(C)]
    struct IoCounters([u64; 6]);
    /// JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on x64).
    #[repr(C)]
    struct ExtendedLimit {
        basic: BasicLimit,
        io: IoCounters,
        process_memory_limit: usize,
        job_memory_limit: usize,
        peak_process_memory_used: usize,
        peak_job_memory_used: usize,
    }
    #[link(name = "kernel32")]
    extern "system" {
        fn CreateJobObjectW(attributes: *mut c_void, name: *const u16) -> *mut c_void;
        fn SetInformationJobObject(
            job: *mut c_void,
            class: i32,
            info: *mut c_void,
            len: u32,
        ) -> i32;
        fn AssignProcessToJobObject(job: *mut c_void, process: *mut c_void) -> i32;
        fn GetCurrentProcess() -> *mut c_void;
    }
    const JOB_OBJECT_LIMIT_PROCESS_MEMORY: u32 = 0x100;
    const JOB_OBJECT_EXTENDED_LIMIT_INFORMATION: i32 = 9;
    let bytes = usize::try_from(mb.saturating_mul(1 << 20)).unwrap_or(usize::MAX);
    // SAFETY: plain Win32 calls with a zero-initialised struct of the documented layout;
    // any failure leaves the process without the limit (the parent's timeout still holds).
    unsafe {
        let job = CreateJobObjectW(std::ptr::null_mut(), std::ptr::null());
        if job.is_null() {
            return;
        }
        let mut info: ExtendedLimit = std::mem::zeroed();
        info.basic.limit_flags = JOB_OBJECT_LIMIT_PROCESS_MEMORY;
        info.process_memory_limit = bytes;
        let set = SetInformationJobObject(
            job,
            JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
            (&mut info as *mut ExtendedLimit).cast(),
            std::mem::size_of::<ExtendedLimit>() as u32,
        );
        if set != 0 {
            AssignProcessToJobObject(job, GetCurrentProcess());
        }
    }
}

#[cfg(not(any(unix, windows)))]
fn limit_memory(_mb: u64) {}

/// A running worker: its input and output, the end of its error output, and the watchdog
/// that kills it when an answer is overdue. Answers are read straight from its output by
/// the thread that drives it (a channel between them cost two wake-ups a file).
struct Worker {
    child: Arc<Mutex<Child>>,
    input: std::io::BufWriter<ChildStdin>,
    output: BufReader<ChildStdout>,
    stderr: Arc<Mutex<String>>,
    watch: Arc<Watch>,
    /// The answer being read.
    buf: Vec<u8>,
}

/// When the answer a worker owes is due; its watchdog kills it past that.
#[derive(Default)]
struct Watch {
    deadline: Mutex<Option<Instant>>,
    timed_out: AtomicBool,
    done: AtomicBool,
}

impl Worker {
    fn start(program: &Path, setup: &str) -> std::io::Result<Worker> {
        let mut child = Command::new(program)
            .arg(WORKER_COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(input), Some(stdout), Some(mut err)) =
            (child.stdin.take(), child.stdout.take(), child.stderr.take())
        else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("no pipes to the worker"));
        };
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
        let child = Arc::new(Mutex::new(child));
        let watch = Arc::new(Watch::default());
        let (dog_child, dog_watch) = (Arc::clone(&child), Arc::clone(&watch));
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(100));
            if dog_watch.done.load(Ordering::Relaxed) {
                return;
            }
            let due = *dog_watch.deadline.lock().unwrap_or_else(|e| e.into_inner());
            if due.is_some_and(|d| Instant::now() > d) {
                dog_watch.timed_out.store(true, Ordering::Relaxed);
                let _ = dog_child.lock().unwrap_or_else(|e| e.into_inner()).kill();
                return;
            }
        });
        let mut w = Worker {
            child,
            input: std::io::BufWriter::new(input),
            output: BufReader::with_capacity(1 << 16, stdout),
            stderr,
            watch,
            buf: Vec::new(),
        };
        writeln!(w.input, "{setup}")?;
        Ok(w)
    }

    /// Queues one request (sent with the next [`Worker::flush`]).
    fn send(&mut self, request: &Request) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.input, request).map_err(std::io::Error::other)?;
        self.input.write_all(b"\n")
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.input.flush()
    }

    /// The next answer, due within `timeout`; `None` when the worker stopped first.
    fn answer(&mut self, timeout: Duration) -> Option<Result<Answer, String>> {
        *self
            .watch
            .deadline
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some(Instant::now() + timeout);
        let read = read_answer(&mut self.output, &mut self.buf);
        *self
            .watch
            .deadline
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = None;
        match read {
            Err(_) => None,
            Ok(()) => Some(
                postcard::from_bytes::<Answer>(&self.buf)
                    .map_err(|_| "câu trả lời của trình đọc không đọc được".to_string()),
            ),
        }
    }

    /// Ends the worker: closes its input, lets it finish and waits for it.
    fn finish(self) {
        self.watch.done.store(true, Ordering::Relaxed);
        drop(self.input);
        let _ = self.child.lock().unwrap_or_else(|e| e.into_inner()).wait();
    }

    /// Ends the worker at once and waits for it.
    fn kill(self) {
        self.watch.done.store(true, Ordering::Relaxed);
        let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Why the worker stopped, once it has (waits for it).
    fn death(self, memory_mb: u64, timeout: Duration) -> Death {
        self.watch.done.store(true, Ordering::Relaxed);
        let status = {
            let mut child = self.child.lock().unwrap_or_else(|e| e.into_inner());
            // Its output closed: it has ended, or is about to (a kill changes nothing then).
            let _ = child.kill();
            child.wait()
        };
        if self.watch.timed_out.load(Ordering::Relaxed) {
            return Death::Timeout(timeout.as_secs().saturating_sub(5));
        }
        // The error output may still be arriving: give its reader a moment.
        std::thread::sleep(Duration::from_millis(20));
        let stderr = self.stderr.lock().map(|s| s.clone()).unwrap_or_default();
        if stderr.contains("memory allocation of") || killed_by_kill(&status) {
            Death::Memory(memory_mb)
        } else {
            Death::Crashed(exit_vn(&status))
        }
    }
}

/// How a worker ended, as users read it (the system's own wording is English).
fn exit_vn(status: &std::io::Result<std::process::ExitStatus>) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Ok(Some(sig)) = status.as_ref().map(|s| s.signal()) {
            return format!("bị dừng bởi tín hiệu {sig}");
        }
    }
    match status {
        Ok(s) => match s.code() {
            Some(code) => format!("mã thoát {code}"),
            None => String::new(),
        },
        Err(_) => String::new(),
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

/// Requests a worker is sent ahead of its answers: a round trip per file left both sides
/// waiting (2,000 returns: 5,000 context switches and a tenth of the run).
const IN_FLIGHT: usize = 16;

/// Reads `files` (path, name shown) in worker processes of `program`, in order; `done`
/// is called after each file. Files the workers cannot read get the reason as an issue.
pub fn read_all(
    files: &[(PathBuf, String)],
    ctx: &Context<'_>,
    program: &Path,
    memory_mb: u64,
    done: &(dyn Fn() + Sync),
) -> Vec<Submission> {
    if files.is_empty() {
        // Nothing to read (a re-run with every return in the cache): no worker started.
        return Vec::new();
    }
    let setup = serde_json::to_string(&Setup::new(ctx, memory_mb)).unwrap_or_default();
    let queue: Mutex<VecDeque<usize>> = Mutex::new((0..files.len()).collect());
    let results: Mutex<Vec<Option<Submission>>> = Mutex::new(vec![None; files.len()]);
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let n_workers = cores.min(files.len()).max(1);
    // A file may take `--max-seconds` inside the reader; the worker gets a little more.
    let timeout = Duration::from_secs(ctx.limits.seconds_per_file.saturating_add(5));
    let keep = |i: usize, sub: Submission| {
        results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(sub);
        done();
    };
    std::thread::scope(|scope| {
        for _ in 0..n_workers {
            scope.spawn(|| {
                let pool = Pool {
                    files,
                    queue: &queue,
                    setup: &setup,
                    program,
                    timeout,
                    memory_mb,
                };
                pool.drive(ctx, &keep);
            });
        }
    });
    // By index, not zipped with `files`: the answers become the returns in place.
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            let (path, display) = &files[i];
            s.unwrap_or_else(|| failed(path, display, Death::Crashed(String::new())))
        })
        .collect()
}

/// What one driving thread shares with the others.
struct Pool<'a> {
    files: &'a [(PathBuf, String)],
    queue: &'a Mutex<VecDeque<usize>>,
    setup: &'a str,
    program: &'a Path,
    timeout: Duration,
    memory_mb: u64,
}

impl Pool<'_> {
    fn next(&self) -> Option<usize> {
        self.queue
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pop_front()
    }

    /// Gives files back to the queue, first in line (a worker died with them unanswered).
    fn give_back(&self, files: impl DoubleEndedIterator<Item = usize>) {
        let mut q = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        for i in files.rev() {
            q.push_front(i);
        }
    }

    /// Keeps one worker busy until the queue is empty: up to [`IN_FLIGHT`] requests ahead,
    /// answers in order. When the worker dies or stalls, the file it was on (the oldest
    /// unanswered) gets the reason, the others go back to the queue, and a fresh worker
    /// goes on.
    fn drive(&self, ctx: &Context<'_>, keep: &dyn Fn(usize, Submission)) {
        let mut worker: Option<Worker> = None;
        let mut in_flight: VecDeque<usize> = VecDeque::new();
        loop {
            if worker.is_none() {
                match Worker::start(self.program, self.setup) {
                    Ok(w) => worker = Some(w),
                    Err(_) => {
                        // No worker can be started (a process limit): read here.
                        let Some(i) = self.next() else { break };
                        let (path, display) = &self.files[i];
                        keep(i, read_return(path, display, ctx));
                        continue;
                    }
                }
            }
            let Some(w) = worker.as_mut() else { break };
            // Requests go out in batches, half a window at a time.
            let mut sent = Ok(());
            if in_flight.len() <= IN_FLIGHT / 2 {
                while in_flight.len() < IN_FLIGHT {
                    let Some(i) = self.next() else { break };
                    in_flight.push_back(i);
                    let (path, display) = &self.files[i];
                    let request = Request {
                        path: path.clone(),
                        display: display.clone(),
                        unpack_into: None,
                    };
                    sent = sent.and_then(|_| w.send(&request));
                }
                sent = sent.and_then(|_| w.flush());
            }
            let Some(&i) = in_flight.front() else { break };
            let (path, display) = &self.files[i];
            let answer = match sent {
                Ok(()) => w.answer(self.timeout),
                Err(_) => None,
            };
            let death = match answer {
                Some(Ok(Answer::Read(sub))) => {
                    let mut sub = *sub;
                    crate::submission::identify(&mut sub, ctx.roster);
                    sub.path = path.clone();
                    sub.modified = crate::submission::file_modified(path);
                    in_flight.pop_front();
                    keep(i, sub);
                    continue;
                }
                Some(Ok(Answer::Unpacked(_))) => {
                    Death::Crashed("câu trả lời không đúng yêu cầu".into())
                }
                Some(Err(why)) => Death::Crashed(why),
                None => {
                    let w = worker.take().expect("a worker is running");
                    w.death(self.memory_mb, self.timeout)
                }
            };
            if let Some(w) = worker.take() {
                w.kill();
            }
            in_flight.pop_front();
            keep(i, failed(path, display, death));
            self.give_back(in_flight.drain(..));
        }
        if let Some(w) = worker {
            w.finish();
        }
    }
}

/// Sends one request to `w`; returns the answer (or why there is none) and the worker if
/// it is still usable.
fn ask(
    mut w: Worker,
    request: &Request,
    timeout: Duration,
    memory_mb: u64,
) -> (Result<Answer, Death>, Option<Worker>) {
    if w.send(request).and_then(|_| w.flush()).is_err() {
        return (Err(w.death(memory_mb, timeout)), None);
    }
    match w.answer(timeout) {
        Some(Ok(answer)) => (Ok(answer), Some(w)),
        Some(Err(why)) => {
            w.kill();
            (Err(Death::Crashed(why)), None)
        }
        None => (Err(w.death(memory_mb, timeout)), None),
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
        w.finish();
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
