//! Issue #23: `danvan.exe` run as Windows runs it, under Debian's wine: in a folder whose
//! path has spaces and Vietnamese letters, with returns named as units name them, and the
//! page answering on 127.0.0.1. Needs `scripts/build-windows.sh` (run by `.ci/run`) and
//! wine; without them the tests say why and pass, with `CI=true` they fail.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use common::book::{n, prop, Book, Cell};
use serde_json::Value;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The Windows build and wine, or why the tests cannot run.
struct Wine {
    exe: PathBuf,
    wine: PathBuf,
    prefix: PathBuf,
    shim: PathBuf,
}

fn skip(why: &str) -> Option<&'static Wine> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("CI=true: {why}");
    }
    eprintln!("bỏ qua kiểm thử Windows: {why}");
    None
}

fn wine() -> Option<&'static Wine> {
    static W: OnceLock<Result<Wine, String>> = OnceLock::new();
    match W.get_or_init(setup) {
        Ok(w) => Some(w),
        Err(why) => skip(why),
    }
}

/// One wine test at a time: they share a prefix and its wineserver, and a reader that
/// crashes on purpose in one of them must not meet another's processes.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn setup() -> Result<Wine, String> {
    let root = Path::new(ROOT);
    let exe = [
        root.join("dist/danvan.exe"),
        root.join("target/x86_64-pc-windows-gnu/release/danvan.exe"),
    ]
    .into_iter()
    .find(|p| p.exists())
    .ok_or("chưa có dist/danvan.exe (chạy scripts/build-windows.sh)")?;
    let wine = ["/usr/lib/wine/wine64", "/usr/bin/wine64", "/usr/bin/wine"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .ok_or("chưa cài wine (apt-get install wine)")?;
    let target = root.join("target/wine");
    std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
    // Test only: Debian's Wine 8 lacks bcryptprimitives.dll (ProcessPrng); real Windows 10+
    // has it. Built here, placed beside the exe in the tests' own folders, never shipped.
    let shim = target.join("bcryptprimitives.dll");
    if !shim.exists() {
        let src = root.join("scripts/windows");
        let out = Command::new("x86_64-w64-mingw32-gcc")
            .args(["-shared", "-O2", "-o"])
            .arg(&shim)
            .arg(src.join("bcryptprimitives-shim.c"))
            .arg(src.join("bcryptprimitives-shim.def"))
            .arg("-ladvapi32")
            .output()
            .map_err(|e| format!("không chạy được x86_64-w64-mingw32-gcc ({e})"))?;
        if !out.status.success() {
            return Err(format!(
                "không dựng được shim: {}",
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    }
    let w = Wine {
        exe,
        wine,
        prefix: target.join("prefix"),
        shim,
    };
    // The first start makes the prefix (tens of seconds).
    let boot = w.command(Path::new(ROOT), &["--version"]).output();
    match boot {
        Ok(o) if o.status.success() => Ok(w),
        Ok(o) => Err(format!(
            "danvan.exe --version không chạy dưới wine: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )),
        Err(e) => Err(format!("không chạy được wine ({e})")),
    }
}

impl Wine {
    /// A folder inside the prefix's C: drive, with the exe (and the test shim) in it.
    fn folder(&self, windows_path: &str) -> PathBuf {
        let dir = self.prefix.join("drive_c").join(windows_path);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::copy(&self.exe, dir.join("danvan.exe")).unwrap();
        std::fs::copy(&self.shim, dir.join("bcryptprimitives.dll")).unwrap();
        dir
    }

    /// `danvan.exe ARGS` run in `dir` (the exe copied there by [`Wine::folder`], or the
    /// built one).
    fn command(&self, dir: &Path, args: &[&str]) -> Command {
        let local = dir.join("danvan.exe");
        let exe = if local.exists() {
            local
        } else {
            self.exe.clone()
        };
        if !dir.join("bcryptprimitives.dll").exists() {
            let _ = std::fs::copy(&self.shim, self.exe.with_file_name("bcryptprimitives.dll"));
        }
        let mut c = Command::new(&self.wine);
        c.arg(exe)
            .args(args)
            .current_dir(dir)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=");
        c
    }

    fn run(&self, dir: &Path, args: &[&str]) -> Output {
        self.command(dir, args).output().unwrap()
    }
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn demo_in_a_folder_with_spaces_and_vietnamese_letters_matches_the_linux_build() {
    let _one = one_at_a_time();
    let Some(w) = wine() else { return };
    let dir = w.folder("users/Văn phòng/Báo cáo dân vận");
    let o = w.run(&dir, &["demo"]);
    assert!(
        o.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("Tổng hợp"),
        "Vietnamese output intact: {text}"
    );
    let linux = tempfile::tempdir().unwrap();
    let l = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("demo")
        .current_dir(linux.path())
        .output()
        .unwrap();
    assert!(l.status.success());
    let (win, lin) = (
        json(&dir.join("output/tong-hop.json")),
        json(&linux.path().join("output/tong-hop.json")),
    );
    assert_eq!(win, lin, "the same JSON on Windows and Linux");
}

/// Returns as units name them (NFC and NFD), a roster workbook and a receipt log.
#[test]
fn consolidate_check_and_templates_with_files_named_as_units_name_them() {
    let _one = one_at_a_time();
    let Some(w) = wine() else { return };
    let dir = w.folder("users/Văn phòng/Tổng hợp đợt II");
    let returns = dir.join("Báo cáo");
    std::fs::create_dir_all(&returns).unwrap();
    let rows = |x: f64| vec![prop(18, "TT01", "DT2", n(1.0), n(x))];
    let nfd = |s: &str| -> String {
        use unicode_normalization::UnicodeNormalization;
        s.nfd().collect()
    };
    let names = [
        (
            "Báo cáo CĐCS Xã Phước Minh (1).xlsx".to_string(),
            "CD05",
            10.0,
        ),
        (nfd("Báo cáo CĐCS Trường THCS Suối Đá.xlsx"), "CD21", 20.0),
        ("CD07 - bản sửa.xlsx".to_string(), "CD07", 30.0),
    ];
    for (name, code, x) in &names {
        let book = Book::ret(code, "", Cell::D(2024, 12, 30), &rows(*x), &[]);
        std::fs::write(returns.join(name), book.bytes()).unwrap();
    }
    // The roster as a workbook, as the office keeps it.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in danvan::roster::HEADERS.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, u) in danvan::roster::Roster::sample().units.iter().enumerate() {
        for (c, v) in [&u.code, &u.name, &u.bloc, &u.commune, &u.contact, &u.phone]
            .iter()
            .enumerate()
        {
            ws.write_string(r as u32 + 1, c as u16, v.as_str()).unwrap();
        }
    }
    wb.save(dir.join("Danh sách CĐCS.xlsx")).unwrap();
    std::fs::write(
        dir.join("sổ nhận.csv"),
        "Tên tệp,Ngày nhận\nCD07 - bản sửa.xlsx,02/01/2025\n",
    )
    .unwrap();
    let args = [
        "consolidate",
        "Báo cáo",
        "--roster",
        "Danh sách CĐCS.xlsx",
        "--received",
        "sổ nhận.csv",
        "--as-of",
        "10/01/2025",
        "--out",
        "Kết quả\\tong-hop.xlsx",
        "--json",
        "Kết quả\\tong-hop.json",
        "--quiet",
    ];
    let o = w.run(&dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = json(&dir.join("Kết quả/tong-hop.json"));
    assert_eq!(j["per_unit"]["CD05"]["rows_counted"], 1);
    assert_eq!(j["per_unit"]["CD21"]["rows_counted"], 1);
    assert_eq!(
        j["per_unit"]["CD07"]["status"],
        danvan::contract::STATUS_LATE
    );
    assert_eq!(j["propaganda"]["by_topic"]["TT01"]["attendance"], 60);
    // The summary opens on the Linux side.
    use calamine::Reader;
    let book: calamine::Xlsx<_> =
        calamine::open_workbook(dir.join("Kết quả/tong-hop.xlsx")).unwrap();
    assert!(book
        .sheet_names()
        .contains(&danvan::contract::SHEET_PROGRESS.to_string()));
    // The same folder read by the Linux build gives the same figures.
    let lin = tempfile::tempdir().unwrap();
    let l = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .current_dir(&dir)
        .args(&args[..8])
        .arg("--json")
        .arg(lin.path().join("t.json"))
        .arg("--out")
        .arg(lin.path().join("t.xlsx"))
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(l.status.success());
    let lj = json(&lin.path().join("t.json"));
    assert_eq!(j["per_unit"], lj["per_unit"]);
    assert_eq!(j["propaganda"], lj["propaganda"]);
    // A re-run after one return changed: the last run's compressed rows are reused and
    // their file replaced; the row sheets read as a cold run of the Linux build writes them.
    let pieces = dir.join("Kết quả/.danvan/tong-hop.pieces");
    assert!(pieces.exists());
    let changed = Book::ret("CD21", "", Cell::D(2024, 12, 30), &rows(25.0), &[]);
    std::fs::write(returns.join(&names[1].0), changed.bytes()).unwrap();
    let o = w.run(&dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let l = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .current_dir(&dir)
        .args(&args[..8])
        .args(["--no-cache", "--quiet", "--out"])
        .arg(lin.path().join("cold.xlsx"))
        .output()
        .unwrap();
    assert!(l.status.success());
    let rows_of = |path: &Path| -> Vec<String> {
        use calamine::Reader;
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let range = book
            .worksheet_range(danvan::contract::SHEET_PROPAGANDA)
            .unwrap();
        range.rows().map(|r| format!("{r:?}")).collect()
    };
    let windows_rows = rows_of(&dir.join("Kết quả/tong-hop.xlsx"));
    assert_eq!(windows_rows, rows_of(&lin.path().join("cold.xlsx")));
    assert!(
        windows_rows.iter().any(|r| r.contains("Float(25.0)")),
        "{windows_rows:?}"
    );
    // `check` names the file as the unit named it; exit 0 for a clean return.
    let o = w.run(
        &dir,
        &["check", "Báo cáo\\Báo cáo CĐCS Xã Phước Minh (1).xlsx"],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{:?}\n{out}\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("Phước Minh (1).xlsx"), "{out}");
    // One template per unit.
    let o = w.run(
        &dir,
        &[
            "template",
            "--per-unit",
            "--roster",
            "Danh sách CĐCS.xlsx",
            "--out",
            "Mẫu",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let made = std::fs::read_dir(dir.join("Mẫu")).unwrap().count();
    assert!(made >= 30, "{made} templates");
}

#[test]
fn the_page_answers_on_loopback_and_stops_cleanly() {
    let _one = one_at_a_time();
    let Some(w) = wine() else { return };
    let dir = w.folder("users/Văn phòng/Trang");
    std::fs::create_dir_all(dir.join("bao-cao")).unwrap();
    let mut cmd = w.command(
        &dir,
        &[
            "serve",
            "--dir",
            "bao-cao",
            "--out",
            "output",
            "--port",
            "0",
            "--no-open",
            "--as-of",
            "02/01/2025",
        ],
    );
    cmd.stdin(std::process::Stdio::null());
    let served = common::server::Served::spawn(cmd);
    let page = served.get("/");
    assert_eq!(page.status, 200);
    let book = Book::ret(
        "CD05",
        "",
        Cell::D(2024, 12, 30),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[],
    );
    let up = served.upload("Báo cáo CD05.xlsx", &book.bytes());
    assert_eq!(up.status, 200, "{}", up.text());
    assert!(dir.join("bao-cao/Báo cáo CD05.xlsx").exists());
    let status = served.get("/api/status");
    assert_eq!(status.status, 200, "{}", status.text());
    let s = status.json();
    assert_eq!(s["status"]["headline"]["on_time"], 1, "{s:#}");
    let summary = served.get(&format!("/download/summary?t={}", served.token));
    assert_eq!(summary.status, 200);
    assert_eq!(&summary.body[..2], b"PK");
    drop(served);
}

/// The fuzzer's `.xls` with the pre-flight switched off reaches calamine inside a worker
/// (memory-limited by a Job Object on Windows): the worker dies, the run goes on.
#[test]
fn a_file_that_kills_its_reader_costs_one_file_on_windows_too() {
    let _one = one_at_a_time();
    let Some(w) = wine() else { return };
    let dir = w.folder("users/Văn phòng/Tệp hỏng");
    let returns = dir.join("bao-cao");
    std::fs::create_dir_all(&returns).unwrap();
    for (i, code) in ["CD05", "CD06"].iter().enumerate() {
        let rows = vec![prop(18, "TT01", "DT2", n(1.0), n(10.0 * (i + 1) as f64))];
        let book = Book::ret(code, "", Cell::D(2024, 12, 30), &rows, &[]);
        std::fs::write(returns.join(format!("{code}.xlsx")), book.bytes()).unwrap();
    }
    std::fs::copy(
        Path::new(ROOT).join("tests/fixtures/fuzz/xls-dense-range-137GB.xls"),
        returns.join("CD07.xls"),
    )
    .unwrap();
    let o = w
        .command(
            &dir,
            &[
                "consolidate",
                "bao-cao",
                "--json",
                "output\\t.json",
                "--out",
                "output\\t.xlsx",
                "--quiet",
            ],
        )
        .env(danvan::read::SKIP_XLS_CHECK, "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let j = json(&dir.join("output/t.json"));
    assert_eq!(j["rows"]["counted"], 2, "{}", j["rows"]);
    assert_eq!(j["issues"]["by_code"]["file-unreadable"], 1);
}
