//! `danvan serve`: the whole job in a browser, on this machine only (docs/trang-lam-viec.md).
//!
//! Every request passes, in order: the `Host` check (DNS rebinding), the per-run token
//! (from the printed address), and for uploads the `Origin` check (cross-site requests).
//! Returns are stored in the working folder and consolidated by the same code as
//! `danvan consolidate`, into the same output files.

pub mod http;
mod launch;
pub mod periods;
pub mod settings;
pub mod store;
pub mod view;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::NaiveDate;
use serde_json::json;

use crate::arrival::Receipts;
use crate::cli::ServeArgs;
use crate::error::Fatal;
use crate::job::{Job, Outputs};
use crate::model::Outcome;
use crate::parse::text::ascii_slug;
use crate::plan::Plan;
use crate::read::formats::{accept, TABLE_EXTS, UPLOAD_EXTS};
use crate::roster::Roster;
use http::{Body, Request, Response};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// The last consolidation and what it was made from.
struct Snapshot {
    fingerprint: Vec<(String, u64, u128)>,
    as_of: NaiveDate,
    outcome: Arc<Outcome>,
    status: serde_json::Value,
}

pub struct App {
    args: ServeArgs,
    /// Replaced when the clerk uploads an edited plan on the page, or starts a new đợt.
    plan: Mutex<Arc<Plan>>,
    /// The returns folder and the output folder of the đợt in use (a new đợt has its own).
    folders: Mutex<(PathBuf, PathBuf)>,
    /// Replaced when the clerk uploads a roster on the page.
    roster: Mutex<Arc<Roster>>,
    /// The as-of date set on the page (or by `--as-of`); `None`: today.
    as_of_set: Mutex<Option<NaiveDate>>,
    token: String,
    hosts: Vec<String>,
    any_interface: bool,
    port: u16,
    snapshot: Mutex<Option<Snapshot>>,
    /// Held while a file is stored or the folder is consolidated: a consolidation never
    /// sees half an upload.
    folder: Mutex<()>,
    /// The last consolidation's failure, worded for the user.
    error: Mutex<Option<String>>,
    /// While a consolidation runs: files read and files in all (the page's progress).
    reading: [AtomicUsize; 2],
    busy: AtomicBool,
}

/// A fresh random token (128 bits, hex).
pub fn new_token() -> Result<String, Fatal> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b)
        .map_err(|e| Fatal(format!("Không tạo được mã truy cập ngẫu nhiên: {e}")))?;
    Ok(b.iter().map(|x| format!("{x:02x}")).collect())
}

impl App {
    pub fn new(
        args: ServeArgs,
        plan: Plan,
        roster: Roster,
        addr: SocketAddr,
        token: String,
    ) -> App {
        let mut hosts = vec![addr.to_string()];
        if addr.ip().is_loopback() {
            hosts.push(format!("localhost:{}", addr.port()));
        }
        let as_of = args.as_of;
        App {
            folders: Mutex::new((args.dir.clone(), args.out.clone())),
            args,
            plan: Mutex::new(Arc::new(plan)),
            roster: Mutex::new(Arc::new(roster)),
            as_of_set: Mutex::new(as_of),
            token,
            hosts,
            any_interface: addr.ip().is_unspecified(),
            port: addr.port(),
            snapshot: Mutex::new(None),
            folder: Mutex::new(()),
            error: Mutex::new(None),
            reading: [AtomicUsize::new(0), AtomicUsize::new(0)],
            busy: AtomicBool::new(false),
        }
    }

    pub fn handle(&self, r: &Request) -> Response {
        // DNS rebinding: a page from another site that resolves its name to 127.0.0.1
        // still sends its own name as Host.
        if !r.header("host").is_some_and(|h| self.host_allowed(h)) {
            return Response::text(
                403,
                "Địa chỉ không hợp lệ: hãy mở trang bằng địa chỉ danvan in ra khi chạy.",
            );
        }
        let token = r.param("t").or_else(|| r.header("x-danvan-token"));
        if !token.is_some_and(|t| same(t.as_bytes(), self.token.as_bytes())) {
            // A tab left open from an earlier run of danvan holds that run's token: the
            // header lets its page say so instead of showing an error.
            return Response::text(403, "Thiếu hoặc sai mã truy cập: hãy mở trang bằng đúng địa chỉ danvan in ra khi chạy (có phần ?t=…).")
                .with_header("X-Danvan-Token-Refused", "1");
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", "/") => self.page(),
            ("GET", "/app.js") => Response::bytes(
                200,
                "text/javascript; charset=utf-8",
                SCRIPT.as_bytes().to_vec(),
            ),
            ("GET", "/app.css") => {
                Response::bytes(200, "text/css; charset=utf-8", STYLE.as_bytes().to_vec())
            }
            ("GET", "/api/status") => self.api_status(),
            ("GET", "/api/progress") => Response::json(&json!({
                "busy": self.busy.load(Ordering::Relaxed),
                "done": self.reading[0].load(Ordering::Relaxed),
                "total": self.reading[1].load(Ordering::Relaxed),
            })),
            ("POST", _) if !self.same_origin(r) => Response::text(
                403,
                "Yêu cầu gửi tệp không đến từ trang danvan: bị từ chối.",
            ),
            ("POST", "/api/upload") => self.upload(r),
            ("POST", "/api/roster") => self.set_roster(r),
            ("POST", "/api/as-of") => self.set_as_of(r),
            ("POST", "/api/received") => self.set_received(r),
            ("POST", "/api/unreceive") => self.unreceive(r),
            ("POST", "/api/remove") => self.remove(r),
            ("POST", "/api/restore") => self.restore(r),
            ("GET", "/download/feedback") => self.unit_feedback(r),
            ("GET", "/download/summary") => self.file(Some(&self.outputs().summary), XLSX),
            ("GET", "/download/json") => {
                self.file(self.outputs().json.as_deref(), "application/json")
            }
            ("GET", "/download/report") => self.file(self.outputs().report.as_deref(), DOCX),
            ("GET", "/download/plan") => self.download_plan(),
            ("POST", "/api/plan") => self.set_plan(r),
            ("POST", "/api/next-period") => self.next_period(r),
            ("GET", "/download/feedback.zip") => self.feedback_zip(),
            ("GET", "/download/template") => self.template(),
            ("GET", "/download/templates.zip") => self.templates_zip(),
            (
                _,
                "/" | "/app.js" | "/app.css" | "/api/status" | "/api/upload" | "/api/roster"
                | "/api/as-of" | "/api/received" | "/api/unreceive" | "/api/remove"
                | "/api/restore",
            ) => Response::text(405, "Phương thức không được hỗ trợ."),
            _ => Response::text(404, "Không có trang này."),
        }
    }

    /// A request sent by our own page: its `Origin` is our address (cross-site requests
    /// carry theirs).
    fn same_origin(&self, r: &Request) -> bool {
        r.header("origin")
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|h| self.host_allowed(h))
    }

    /// The bound address (and `localhost` on loopback). Bound to every interface
    /// (`--bind 0.0.0.0`), any IP literal with our port: still never a DNS name.
    fn host_allowed(&self, host: &str) -> bool {
        if self.hosts.iter().any(|a| a == host) {
            return true;
        }
        self.any_interface
            && host
                .parse::<SocketAddr>()
                .is_ok_and(|a| a.port() == self.port)
    }

    fn page(&self) -> Response {
        let html = PAGE
            .replace("{{TOKEN}}", &self.token)
            .replace(
                "{{TITLE}}",
                &html_escape(&format!(
                    "{} — {}",
                    self.plan().code,
                    self.plan().short_name
                )),
            )
            .replace("{{UPLOAD_EXTS}}", &accept(&UPLOAD_EXTS))
            .replace("{{TABLE_EXTS}}", &accept(&TABLE_EXTS));
        Response::bytes(200, "text/html; charset=utf-8", html.into_bytes())
    }

    fn as_of(&self) -> NaiveDate {
        self.chosen_as_of().unwrap_or_else(crate::clock::today)
    }

    /// The plan in use (an edited one uploaded on the page replaces it).
    fn plan(&self) -> Arc<Plan> {
        Arc::clone(&self.plan.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The returns folder of the đợt in use.
    fn dir(&self) -> PathBuf {
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }

    /// The output folder of the đợt in use.
    fn out(&self) -> PathBuf {
        self.folders
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .1
            .clone()
    }

    /// The page's outputs, named after the plan in use.
    fn outputs(&self) -> Outputs {
        Outputs::in_folder(&self.out(), &self.plan())
    }

    fn roster(&self) -> Arc<Roster> {
        Arc::clone(&self.roster.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// The files of the working folder, as the consolidation will see them.
    fn files(&self) -> (Vec<crate::inputs::Found>, Vec<crate::issue::Issue>) {
        crate::inputs::collect_files(
            std::slice::from_ref(&self.dir()),
            std::slice::from_ref(&self.out()),
        )
    }

    /// What the folder holds now: every file's name, size and modified time (and the
    /// receipt log's); and how many files the folder holds.
    fn fingerprint(&self) -> (Vec<(String, u64, u128)>, usize) {
        let (found, skipped) = self.files();
        let files = found.len() + skipped.len();
        let stamp = |p: &Path| {
            std::fs::metadata(p)
                .map(|m| {
                    let t = m
                        .modified()
                        .ok()
                        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                        .map_or(0, |d| d.as_nanos());
                    (m.len(), t)
                })
                .unwrap_or((0, 0))
        };
        let mut fp: Vec<(String, u64, u128)> = found
            .iter()
            .map(|f| {
                let (len, t) = stamp(&f.path);
                (f.display.clone(), len, t)
            })
            .collect();
        fp.extend(skipped.iter().map(|i| (i.file.clone(), 0, 0)));
        let log = self.receipt_log();
        let (len, t) = stamp(&log);
        fp.push((log.display().to_string(), len, t));
        (fp, files)
    }

    /// The current status, consolidating again when the folder (or the day) changed.
    pub fn refresh(&self) -> Result<(Arc<Outcome>, serde_json::Value), String> {
        let plan = self.plan();
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        let mut snap = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        let (fp, files) = self.fingerprint();
        let as_of = self.as_of();
        if let Some(s) = snap
            .as_ref()
            .filter(|s| s.fingerprint == fp && s.as_of == as_of)
        {
            return Ok((Arc::clone(&s.outcome), s.status.clone()));
        }
        let log = self.receipt_log();
        let receipts = if self.args.received.is_some() || log.is_file() {
            Receipts::load(&log, &plan).map_err(|e| e.to_string())?
        } else {
            Receipts::default()
        };
        let roster = self.roster();
        let tell = |done: usize, total: usize| {
            self.reading[0].store(done, Ordering::Relaxed);
            self.reading[1].store(total, Ordering::Relaxed);
        };
        let job = Job {
            as_of,
            receipts,
            limits: self.args.limits.limits(),
            on_progress: Some(&tell),
            compare: self.earlier(),
            level: if self.args.rollup {
                crate::job::Level::Summaries
            } else {
                crate::job::Level::Returns
            },
            use_cache: !self.args.rollup,
            ..Job::new(vec![self.dir()], &plan, &roster, self.outputs())
        };
        let started = std::time::Instant::now();
        self.reading[0].store(0, Ordering::Relaxed);
        self.reading[1].store(0, Ordering::Relaxed);
        self.busy.store(true, Ordering::Relaxed);
        let written = crate::job::run(&job).map_err(|e| e.0);
        self.busy.store(false, Ordering::Relaxed);
        let written = written?;
        let outcome = Arc::new(written.outcome);
        let status = view::outcome_view(&outcome, &plan, files);
        let h = outcome.headline();
        println!(
            "[{}] Tổng hợp lại: {} tệp, {} đơn vị đã nộp / {} ({:.1} giây).",
            crate::clock::now().format("%H:%M:%S"),
            outcome.submissions.len(),
            h.reported(),
            h.expected,
            started.elapsed().as_secs_f64()
        );
        *snap = Some(Snapshot {
            fingerprint: fp,
            as_of,
            outcome: Arc::clone(&outcome),
            status: status.clone(),
        });
        Ok((outcome, status))
    }

    fn api_status(&self) -> Response {
        let (plan, outputs) = (self.plan(), self.outputs());
        let as_of = self.as_of();
        let result = self.refresh();
        let mut error = self.error.lock().unwrap_or_else(|e| e.into_inner());
        let (status, message) = match result {
            Ok((_, s)) => {
                *error = None;
                (s, None)
            }
            Err(e) => {
                eprintln!("Lỗi khi tổng hợp: {e}");
                *error = Some(e.clone());
                let last = self
                    .snapshot
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .as_ref()
                    .map(|s| s.status.clone());
                (last.unwrap_or(json!(null)), Some(e))
            }
        };
        let abs = |p: &Path| {
            std::path::absolute(p)
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        };
        let name = |p: &Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default()
        };
        Response::json(&json!({
            "plan": view::plan_view(&plan, &self.roster(), as_of),
            "as_of_set": self.chosen_as_of().map(crate::parse::date::fmt_vn),
            "receipt_log": name(&self.receipt_log()),
            "removed": self.removed_files(),
            "folder": abs(&self.dir()),
            "out": abs(&self.out()),
            "status": status,
            "error": message,
            "downloads": {
                "summary": name(&outputs.summary),
                "json": outputs.json.as_deref().map(name),
                "report": outputs.report.as_deref().map(name),
                "template": crate::template::file_name(&plan, None),
                "plan": crate::plan_file::file_name(&plan),
            },
            "periods": self.periods(),
            "rollup": self.args.rollup,
            "limits": {"max_upload_mb": self.args.max_upload_mb, "max_files": self.args.max_files},
        }))
    }

    fn upload(&self, r: &Request) -> Response {
        let Some(raw) = r.param("name").filter(|n| !n.is_empty()) else {
            return Response::text(400, "Thiếu tên tệp.");
        };
        let name = store::sanitize(raw);
        let ext = store::extension(&name);
        // The province's page takes the districts' JSON too.
        let json = self.args.rollup && ext == "json";
        if !UPLOAD_EXTS.contains(&ext.as_str()) && !json {
            return Response::text(
                415,
                &format!("Tệp \"{raw}\" không phải tệp bảng tính: chỉ nhận tệp báo cáo .xlsx, .xls, .ods, hoặc tệp nén .zip chứa các tệp đó (tệp không được lưu)."),
            );
        }
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        let (found, _) = self.files();
        if found.len() >= self.args.max_files {
            return Response::text(
                413,
                &format!(
                    "Thư mục báo cáo đã có {} tệp (tối đa {}): tệp \"{raw}\" không được lưu. Hãy chuyển bớt tệp cũ sang thư mục khác, hoặc chạy lại với --max-files lớn hơn.",
                    found.len(),
                    self.args.max_files
                ),
            );
        }
        // The same bytes sent again (a second click, the same attachment saved twice) are
        // the file already there: no "(2)" copy, no new modified time undoing a day
        // entered by hand, no question of which is the last version.
        if let Some(same) = found.iter().find(|f| {
            std::fs::metadata(&f.path).is_ok_and(|m| m.len() == r.body.len() as u64)
                && std::fs::read(&f.path).is_ok_and(|b| b == r.body)
        }) {
            let shown = &same.display;
            return Response::json(&json!({
                "stored": shown,
                "renamed": false,
                "same": true,
                "message": format!("Tệp \"{raw}\" giống hệt tệp \"{shown}\" đã có trong thư mục: không lưu thêm bản nào."),
            }));
        }
        // The file's own modified time as the browser knows it (when it was saved or
        // downloaded on this PC), so that the stored copy dates like the original.
        let modified = r
            .param("modified")
            .and_then(|m| m.parse::<u64>().ok())
            .map(|ms| UNIX_EPOCH + std::time::Duration::from_millis(ms))
            .filter(|t| {
                *t <= SystemTime::now()
                    && *t > UNIX_EPOCH + std::time::Duration::from_secs(946_684_800)
            });
        match store::store(&self.dir(), &name, &r.body, modified) {
            Ok(path) => {
                let stored = path
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                println!(
                    "[{}] Đã nhận tệp \"{stored}\" ({} byte).",
                    crate::clock::now().format("%H:%M:%S"),
                    r.body.len()
                );
                let renamed = stored != raw;
                Response::json(&json!({
                    "stored": stored,
                    "renamed": renamed,
                    "message": if renamed {
                        format!("Đã lưu tệp \"{raw}\" với tên \"{stored}\".")
                    } else {
                        format!("Đã lưu tệp \"{stored}\".")
                    },
                }))
            }
            Err(e) => Response::text(500, &format!("Không lưu được tệp \"{raw}\": {e}.")),
        }
    }

    /// Downloads one of the page's outputs (all of them are set: [`Outputs::in_folder`]).
    fn file(&self, path: Option<&Path>, content_type: &str) -> Response {
        let Some(path) = path else {
            return Response::text(404, "Không có tệp này.");
        };
        if let Err(e) = self.refresh() {
            return Response::text(409, &format!("Chưa tổng hợp được: {e}"));
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match std::fs::File::open(path).and_then(|f| {
            let len = f.metadata()?.len();
            Ok((f, len))
        }) {
            Ok((f, len)) => Response {
                status: 200,
                headers: vec![
                    ("Content-Type".into(), content_type.into()),
                    (
                        "Content-Disposition".into(),
                        http::content_disposition(&name),
                    ),
                ],
                body: Body::File(f, len),
            },
            Err(e) => Response::text(404, &format!("Chưa có tệp \"{name}\" ({e}).")),
        }
    }

    fn attachment(name: &str, content_type: &str, bytes: Vec<u8>) -> Response {
        Response::bytes(200, content_type, bytes)
            .with_header("Content-Disposition", &http::content_disposition(name))
    }

    fn feedback_zip(&self) -> Response {
        let plan = self.plan();
        let outcome = match self.refresh() {
            Ok((o, _)) => o,
            Err(e) => return Response::text(409, &format!("Chưa tổng hợp được: {e}")),
        };
        let mut files = Vec::new();
        for (code, name, issues) in crate::feedback::units_to_write_to(&outcome) {
            match crate::feedback::workbook(&code, &name, &issues, &plan, outcome.as_of) {
                Ok(bytes) => files.push((crate::output::feedback_name(&code, &name), bytes)),
                Err(e) => {
                    return Response::text(
                        500,
                        &format!("Không lập được tệp phản hồi cho {code}: {e}"),
                    )
                }
            }
        }
        match zip_of(&files) {
            Ok(bytes) => Self::attachment(
                &format!("phan-hoi-{}.zip", ascii_slug(&plan.short_name, 60)),
                "application/zip",
                bytes,
            ),
            Err(e) => Response::text(500, &format!("Không lập được tệp nén: {e}")),
        }
    }

    fn template(&self) -> Response {
        let plan = self.plan();
        // The province sends its districts the one-sheet form.
        if self.args.rollup {
            let name = crate::template::district::file_name(&plan);
            return match crate::template::district::build(&plan) {
                Ok(bytes) => Self::attachment(&name, XLSX, bytes),
                Err(e) => Response::text(500, &format!("Không lập được mẫu: {e}")),
            };
        }
        match crate::template::build(&plan, None) {
            Ok(bytes) => Self::attachment(&crate::template::file_name(&plan, None), XLSX, bytes),
            Err(e) => Response::text(500, &format!("Không lập được mẫu: {e}")),
        }
    }

    fn templates_zip(&self) -> Response {
        // Districts get the one district form, not a grassroots template each.
        if self.args.rollup {
            return Response::text(
                404,
                "Trang của tỉnh không lập mẫu cho từng huyện: dùng nút tải mẫu tổng hợp huyện.",
            );
        }
        let plan = self.plan();
        let mut files = Vec::new();
        let roster = self.roster();
        for u in &roster.units {
            match crate::template::build(&plan, Some(u)) {
                Ok(bytes) => files.push((crate::template::file_name(&plan, Some(u)), bytes)),
                Err(e) => {
                    return Response::text(500, &format!("Không lập được mẫu cho {}: {e}", u.code))
                }
            }
        }
        match zip_of(&files) {
            Ok(bytes) => Self::attachment(
                &format!("mau-theo-don-vi-{}.zip", ascii_slug(&plan.short_name, 60)),
                "application/zip",
                bytes,
            ),
            Err(e) => Response::text(500, &format!("Không lập được tệp nén: {e}")),
        }
    }
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// Compares without stopping at the first difference.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn zip_of(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Binds, prints the address, opens the browser and serves until the process ends.
pub fn run(args: &ServeArgs, plan: Plan, roster: Roster) -> Result<i32, Fatal> {
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = match http::bind(addr) {
        Ok(l) => l,
        // The usual port is taken (another danvan still open?): any free port will do.
        Err(e) if args.port != 0 && e.kind() == std::io::ErrorKind::AddrInUse => {
            eprintln!(
                "Cổng {} đang được dùng; chọn một cổng trống khác.",
                args.port
            );
            http::bind(SocketAddr::new(args.bind, 0))
                .map_err(|e| Fatal(format!("Không mở được cổng trên {}: {e}", args.bind)))?
        }
        Err(e) => return Err(Fatal(format!("Không mở được cổng {addr}: {e}"))),
    };
    let bound = listener
        .local_addr()
        .map_err(|e| Fatal(format!("Không mở được cổng: {e}")))?;
    let token = new_token()?;
    let url = format!("http://{bound}/?t={token}");
    // The đợt started last on the page, when danvan is opened on its default folders.
    let mut args = args.clone();
    let defaults = args.dir == Path::new("bao-cao") && args.out == Path::new("output");
    if let Some((dir, out)) = periods::last(&periods::workspace(&args.out))
        .filter(|_| defaults && args.common.plan.is_none())
    {
        println!("Mở đợt lập gần nhất: {} · {}", dir.display(), out.display());
        (args.dir, args.out) = (dir, out);
    }
    let args = &args;
    // The province's page lists districts: never the sample roster of grassroots unions.
    if args.rollup && args.common.roster.is_none() && settings::kept_roster(&args.out).is_none() {
        return Err(Fatal(
            "danvan serve --rollup cần --roster: danh sách các huyện, thị xã, thành phố phải báo cáo (cột Mã đơn vị, Tên đơn vị).".into(),
        ));
    }
    // A roster uploaded on the page earlier is used again, unless `--roster` names one.
    let roster = match settings::kept_roster(&args.out).filter(|_| args.common.roster.is_none()) {
        Some(kept) => {
            match Roster::load(&kept) {
                Ok(r) => {
                    println!("Dùng danh sách đơn vị đã tải lên trước: {}", kept.display());
                    r
                }
                Err(e) => {
                    eprintln!("Chú ý: không dùng được danh sách đã tải lên trước ({e}); dùng danh sách mẫu.");
                    roster
                }
            }
        }
        None => roster,
    };
    // A plan uploaded on the page earlier is used again, unless `--plan` names one.
    let plan = match settings::kept_plan(&args.out).filter(|_| args.common.plan.is_none()) {
        Some(kept) => match Plan::load(&kept) {
            Ok(p) => {
                println!(
                    "Dùng kế hoạch đã tải lên trước: {} ({})",
                    p.code,
                    kept.display()
                );
                p
            }
            Err(e) => {
                eprintln!("Chú ý: không dùng được kế hoạch đã tải lên trước ({e}); dùng kế hoạch mặc định.");
                plan
            }
        },
        None => plan,
    };
    // An as-of day set on the page earlier is used again, unless `--as-of` gives one.
    let mut args = args.clone();
    if args.as_of.is_none() {
        if let Some(d) = settings::kept_as_of(&args.out) {
            println!(
                "Dùng ngày tính số liệu đã đặt trước trên trang: {}",
                crate::parse::date::fmt_vn(d)
            );
            args.as_of = Some(d);
        }
    }
    let args = &args;
    let app = Arc::new(App::new(args.clone(), plan, roster, bound, token));
    std::fs::create_dir_all(&args.dir).map_err(|e| {
        Fatal(format!(
            "Không tạo được thư mục báo cáo {}: {e}",
            args.dir.display()
        ))
    })?;
    println!("Trang làm việc danvan: {url}");
    println!(
        "  Thư mục báo cáo: {}   Kết quả: {}",
        args.dir.display(),
        args.out.display()
    );
    if bound.ip().is_unspecified() {
        println!(
            "  (Từ máy khác: thay {} bằng địa chỉ IP của máy này.)",
            bound.ip()
        );
    }
    if !bound.ip().is_loopback() {
        println!("  CHÚ Ý: trang mở cho các máy khác trong mạng; ai có địa chỉ trên (kèm mã truy cập) đều vào được.");
    }
    println!("  Giữ cửa sổ này mở trong khi làm việc; nhấn Ctrl+C để dừng.");
    if !args.no_open {
        launch::open_browser(&url);
    }
    let handler_app = Arc::clone(&app);
    let limits = http::Limits {
        max_body: args.max_upload_mb << 20,
        total: std::time::Duration::from_secs(args.request_seconds.max(1)),
    };
    http::serve(
        listener,
        limits,
        Arc::new(move |r: &Request| handler_app.handle(r)),
    );
    Ok(crate::error::OK)
}

/// Opens `url` in the default browser; says so when it cannot.
#[cfg(test)]
mod tests {
    use super::*;

    fn app(addr: &str) -> App {
        let Ok(crate::cli::Cli {
            command: Some(crate::cli::Command::Serve(args)),
        }) = <crate::cli::Cli as clap::Parser>::try_parse_from(["danvan", "serve"])
        else {
            panic!("serve parses");
        };
        App::new(
            args,
            Plan::default_plan(),
            Roster::sample(),
            addr.parse().unwrap(),
            "t".into(),
        )
    }

    #[test]
    fn only_the_bound_address_is_a_valid_host() {
        let local = app("127.0.0.1:8473");
        assert!(local.host_allowed("127.0.0.1:8473"));
        assert!(local.host_allowed("localhost:8473"));
        assert!(!local.host_allowed("127.0.0.1:8474"));
        assert!(!local.host_allowed("evil.example:8473"));
        assert!(!local.host_allowed("192.168.1.5:8473"));
        // Every interface (explicit --bind 0.0.0.0): IP literals only, never a DNS name.
        let all = app("0.0.0.0:8473");
        assert!(all.host_allowed("192.168.1.5:8473"));
        assert!(!all.host_allowed("192.168.1.5:80"));
        assert!(!all.host_allowed("evil.example:8473"));
        assert!(!all.host_allowed("localhost.evil.example:8473"));
    }
}
