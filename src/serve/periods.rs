//! Đợt on the page: a new đợt made from the one in use, in folders of its own beside the
//! last (`<workspace>/<short name>/bao-cao`, `…/output`), so nothing of the last đợt is
//! overwritten or mixed in; the list of đợt kept in `<workspace>/cac-dot.csv` (the page
//! lists them to look back at, and opens the last at the next start).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::json;

use super::http::{Request, Response};
use super::settings::{kept_roster, KEPT_PLAN};
use super::App;
use crate::parse::date::fmt_vn;
use crate::plan::next::{next, NextPeriod};

/// The list of đợt, one a line: name, plan number, returns folder, output folder.
pub const PERIODS: &str = "cac-dot.csv";

/// Where the đợt folders live: beside the output folder given at start.
pub fn workspace(out: &Path) -> PathBuf {
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// The đợt listed, oldest first: (name, plan number, returns folder, output folder).
pub fn listed(workspace: &Path) -> Vec<(String, String, PathBuf, PathBuf)> {
    let Ok(text) = std::fs::read_to_string(workspace.join(PERIODS)) else {
        return Vec::new();
    };
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    rdr.records()
        .flatten()
        .filter(|r| r.len() >= 4)
        .map(|r| {
            (
                r[0].to_string(),
                r[1].to_string(),
                workspace.join(&r[2]),
                workspace.join(&r[3]),
            )
        })
        .collect()
}

/// The folders of the đợt started last on the page, when they are still there.
pub fn last(workspace: &Path) -> Option<(PathBuf, PathBuf)> {
    listed(workspace)
        .pop()
        .filter(|(_, _, dir, out)| dir.is_dir() && out.is_dir())
        .map(|(_, _, dir, out)| (dir, out))
}

/// `path` relative to `base` when it is inside it (as the list writes it).
fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .display()
        .to_string()
}

impl App {
    /// `POST /api/next-period?code=…&name=…&from=dd/mm/yyyy&to=…&deadline=…`: the next đợt
    /// from the plan in use, in new folders; the page uses it at once.
    pub(super) fn next_period(&self, r: &Request) -> Response {
        let field = |k: &str| r.param(k).unwrap_or("").trim().to_string();
        let day = |k: &str, what: &str| {
            crate::clock::parse_day(&field(k)).map_err(|m| format!("{what}: {m}"))
        };
        let dates = (
            day("from", "Từ ngày"),
            day("to", "Đến ngày"),
            day("deadline", "Hạn nộp"),
        );
        let (from, to, deadline_before) = match dates {
            (Ok(a), Ok(b), Ok(c)) => (a, b, c),
            (a, b, c) => {
                let said: Vec<String> = [a.err(), b.err(), c.err()].into_iter().flatten().collect();
                return Response::text(400, &said.join(" "));
            }
        };
        let current = self.plan();
        let asked = NextPeriod {
            code: field("code"),
            name: field("name"),
            from,
            to,
            deadline_before,
        };
        let plan = match next(&current, &asked) {
            Ok(p) => p,
            Err(e) => return Response::text(422, &format!("Chưa lập được đợt mới: {}", e.message)),
        };
        let _folder = self.folder.lock().unwrap_or_else(|e| e.into_inner());
        let (old_dir, old_out) = (self.dir(), self.out());
        let ws = workspace(&self.args.out);
        let root = ws.join(&plan.short_name);
        if root.exists() {
            return Response::text(
                409,
                &format!(
                    "Thư mục \"{}\" đã có: {} đã được lập trước đây. Chọn tên đợt khác, hoặc mở danvan với thư mục đó.",
                    root.display(),
                    plan.period
                ),
            );
        }
        let (dir, out) = (root.join("bao-cao"), root.join("output"));
        let made = std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::create_dir_all(&out))
            .map_err(|e| crate::messages::io_error_vn(&e))
            .and_then(|_| {
                crate::plan_file::write(&plan, &crate::plan_file::NEXT_TO_FILL)
                    .map_err(|e| e.to_string())
            })
            .and_then(|bytes| {
                crate::output::write_atomic(&out.join(KEPT_PLAN), &bytes).map_err(|e| e.to_string())
            });
        if let Err(e) = made {
            return Response::text(500, &format!("Không lập được thư mục của đợt mới: {e}."));
        }
        // The roster uploaded for the last đợt goes on with the new one.
        if let Some(kept) = kept_roster(&old_out) {
            if let Some(name) = kept.file_name() {
                let _ = std::fs::copy(&kept, out.join(name));
            }
        }
        let mut list = listed(&ws);
        if list.is_empty() {
            list.push((
                current.period.clone(),
                current.code.clone(),
                old_dir,
                old_out,
            ));
        }
        list.push((
            plan.period.clone(),
            plan.code.clone(),
            dir.clone(),
            out.clone(),
        ));
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record(["Đợt", "Số kế hoạch", "Thư mục báo cáo", "Thư mục kết quả"]);
        for (name, code, d, o) in &list {
            let _ = w.write_record([name, code, &relative(d, &ws), &relative(o, &ws)]);
        }
        let text = w.into_inner().unwrap_or_default();
        if let Err(e) = crate::output::write_atomic(&ws.join(PERIODS), &text) {
            return Response::text(500, &format!("Không ghi được danh sách các đợt: {e}."));
        }
        let said = format!(
            "Đã lập {} (kế hoạch {}, {} – {}, hạn nộp trước {}) trong thư mục \"{}\": tệp báo cáo của đợt này lưu riêng, đợt trước giữ nguyên. Hãy tải kế hoạch về để ghi các ô tô vàng (văn bản cấp trên của đợt).",
            plan.period,
            plan.code,
            fmt_vn(plan.window_start),
            fmt_vn(plan.window_end),
            fmt_vn(plan.deadline_before),
            root.display()
        );
        let mut plan = plan;
        plan.source = out.join(KEPT_PLAN).display().to_string();
        *self.plan.lock().unwrap_or_else(|e| e.into_inner()) = Arc::new(plan);
        *self.folders.lock().unwrap_or_else(|e| e.into_inner()) = (dir, out);
        *self.snapshot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        println!("[{}] {said}", crate::clock::now().format("%H:%M:%S"));
        Response::json(&json!({ "message": said }))
    }

    /// The figures of the đợt before the one in use, from the JSON the page wrote for it
    /// (none for the first đợt, or when it was never consolidated).
    pub(super) fn earlier(&self) -> Option<crate::compare::Earlier> {
        let list = listed(&workspace(&self.args.out));
        let dir = self.dir();
        let at = list.iter().position(|(_, _, d, _)| *d == dir)?;
        let (_, _, _, out) = list.get(at.checked_sub(1)?)?;
        let newest = std::fs::read_dir(out)
            .ok()?
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default();
                name.starts_with("tong-hop-") && name.ends_with(".json")
            })
            .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())?;
        crate::compare::load(&newest).ok()
    }

    /// The đợt listed, for the page: name, plan number, folders, and which is in use.
    pub(super) fn periods(&self) -> serde_json::Value {
        let dir = self.dir();
        let list: Vec<serde_json::Value> = listed(&workspace(&self.args.out))
            .into_iter()
            .map(|(name, code, d, o)| {
                json!({
                    "name": name,
                    "code": code,
                    "folder": d.display().to_string(),
                    "out": o.display().to_string(),
                    "current": d == dir,
                })
            })
            .collect();
        json!(list)
    }
}
