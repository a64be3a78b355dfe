//! The page in a real browser: Debian's chromium driven by playwright-core (tests/e2e).
//! Skips with the reason when node, chromium or playwright-core is missing; fails in CI.

mod common;

use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx};
use common::server::Served;
use danvan::plan::Plan;
use danvan::roster::Roster;

/// Why the browser test cannot run here, if it cannot.
fn missing_part(e2e: &Path) -> Option<String> {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).exists() {
        return Some(format!(
            "chromium not found at {chromium} (apt-get install chromium)"
        ));
    }
    let node = std::process::Command::new("node").arg("--version").output();
    if !node.is_ok_and(|o| o.status.success()) {
        return Some("node not installed (apt-get install nodejs)".into());
    }
    if !e2e.join("node_modules/playwright-core").exists() {
        return Some(format!(
            "playwright-core not installed (cd {} && npm install)",
            e2e.display()
        ));
    }
    None
}

/// The e2e folder when every part is there; otherwise `None` after saying why (a failure
/// under CI).
fn e2e_or_skip(root: &Path) -> Option<PathBuf> {
    let e2e = root.join("tests/e2e");
    if let Some(why) = missing_part(&e2e) {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("the browser test needs: {why}");
        }
        eprintln!("SKIPPED: {why}");
        return None;
    }
    Some(e2e)
}

#[test]
fn staff_upload_the_demo_returns_in_a_real_browser_and_download_the_summary() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(e2e) = e2e_or_skip(&root) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (src, dir, out, shots) = (
        tmp.path().join("demo"),
        tmp.path().join("bao-cao"),
        tmp.path().join("output"),
        tmp.path().join("browser"),
    );
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&shots).unwrap();
    danvan::cmd::demo::write_demo_returns(&Plan::default_plan(), &Roster::sample(), &src).unwrap();
    let server = Served::start(&dir, &out, &[]);
    // The district's real roster: the sample's units without CD17 (a unit that has not
    // reported) and without the sample's warning line.
    let roster_csv = tmp.path().join("danh-sach-that.csv");
    let real: Vec<&str> = danvan::roster::SAMPLE_ROSTER_CSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("CD17,"))
        .collect();
    std::fs::write(&roster_csv, real.join("\n")).unwrap();
    // A photo renamed .xlsx, as units sometimes send, under a long name without a space
    // (as a phone names what it saves): the page wraps it rather than run off the screen.
    let photo = tmp.path().join(
        "anh-chup-bao-cao-cong-tac-dan-van-dot-II-2024-cong-doan-co-so-truong-THPT-Duong-Minh-Chau-ban-chinh-thuc.xlsx",
    );
    std::fs::write(&photo, b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00photo bytes").unwrap();

    // The "download all" of an email: an archive holding CD01's return sent again.
    let archive = tmp.path().join("Tải tất cả.zip");
    {
        use std::io::Write as _;
        let first = std::fs::read_dir(&src)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains("CD01"))
            .unwrap();
        let mut z = zip::ZipWriter::new(std::fs::File::create(&archive).unwrap());
        z.start_file(
            "CD01 gửi lại.xlsx",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        z.write_all(&std::fs::read(first).unwrap()).unwrap();
        z.finish().unwrap();
    }

    let seen = browse(
        &e2e,
        "serve.mjs",
        &[
            server.url.as_ref(),
            src.as_ref(),
            shots.as_ref(),
            roster_csv.as_ref(),
            photo.as_ref(),
            archive.as_ref(),
        ],
    );
    assert!(
        !dir.join("Tải tất cả.zip").exists() && out.join("da-xoa/Tải tất cả.zip").is_file(),
        "the archive was removed on the page"
    );

    // What the browser showed equals `consolidate` on the folder the page filled.
    let cli = tmp.path().join("cli");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("consolidate")
        .arg(&dir)
        .arg("--out")
        .arg(cli.join("tong-hop.xlsx"))
        .arg("--json")
        .arg(cli.join("tong-hop.json"))
        .args(["--as-of", "02/01/2025", "--quiet"])
        .output()
        .unwrap();
    assert!(r.status.success(), "{r:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cli.join("tong-hop.json")).unwrap()).unwrap();
    for key in ["expected", "on_time", "late", "missing", "invalid", "extra"] {
        assert_eq!(seen["counts"][key], json["units"][key], "{key}");
    }
    assert_eq!(json["units"]["missing"], 2, "the demo leaves two units out");
    assert!(json["units"]["late"].as_u64() > Some(0));

    // The summary downloaded through the browser opens, with the same headline.
    assert_eq!(seen["suggested"], "tong-hop-dan-van-dot-II-2024.xlsx");
    let mut wb: Xlsx<_> = calamine::open_workbook(shots.join("summary.xlsx")).unwrap();
    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    let value = |label: &str| {
        summary
            .rows()
            .find(|r| matches!(r.get(1), Some(Data::String(s)) if s == label))
            .and_then(|r| match r.get(2) {
                Some(Data::Float(f)) => Some(*f as u64),
                Some(Data::Int(i)) => Some(*i as u64),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no \"{label}\" in Tổng hợp"))
    };
    assert_eq!(
        value("Chưa nộp"),
        json["units"]["missing"].as_u64().unwrap()
    );
    assert_eq!(value("Trễ hạn"), json["units"]["late"].as_u64().unwrap());
    assert_eq!(
        value("Số mục được tính"),
        json["rows"]["counted"].as_u64().unwrap()
    );

    // What the clerk set on the page is where the commands would look for it: the roster
    // kept in the output folder (one unit fewer), the receipt log with the hand-dated file,
    // the photo moved aside, never deleted.
    let expected = json["units"]["expected"].as_u64().unwrap();
    assert_eq!(seen["expected_after"].as_u64(), Some(expected - 1));
    let kept = Roster::load(&out.join("danh-sach-don-vi.csv")).unwrap();
    assert_eq!(kept.units.len() as u64, expected - 1);
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    let late = seen["received"].as_str().unwrap();
    let late_file = json["per_unit"][late]["file"].as_str().unwrap();
    assert!(
        log.contains(&format!("\n{late_file},30/12/2024,\n")),
        "{log}"
    );
    // The unit whose return came on paper: a row with its code and no file.
    let paper = seen["paper"].as_str().unwrap();
    assert!(log.contains(&format!("\n,31/12/2024,{paper}\n")), "{log}");
    let photo_name = photo.file_name().unwrap();
    assert!(out.join("da-xoa").join(photo_name).is_file());
    assert!(!dir.join(photo_name).exists());
    assert!(
        seen["flagged"]
            .as_str()
            .unwrap()
            .contains(photo_name.to_str().unwrap()),
        "{seen}"
    );

    // Pictures of the page for people to look at: 1366 px (with a long file name), 390 px,
    // the stopped banner, a tab from an earlier run, an action's answer.
    std::fs::create_dir_all(root.join("target")).unwrap();
    for name in [
        "serve-page.png",
        "serve-page-390.png",
        "serve-page-390-nhac.png",
        "serve-page-stopped.png",
        "serve-page-stale.png",
        "serve-page-1366-ten-dai.png",
        "serve-answer.png",
    ] {
        let picture = root.join("target").join(name);
        std::fs::copy(shots.join(name), &picture).unwrap();
        assert!(std::fs::metadata(&picture).unwrap().len() > 10_000);
        eprintln!("screenshot: {}", picture.display());
    }
}

/// The province's page in a real browser: a district's summary uploaded, the district
/// reported, the unions below said on the counts line, the district form offered.
#[test]
fn the_province_page_rolls_up_a_district_summary_in_a_real_browser() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(e2e) = e2e_or_skip(&root) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (src, shots) = (tmp.path().join("demo"), tmp.path().join("shots"));
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&shots).unwrap();
    danvan::cmd::demo::write_demo_returns(&Plan::default_plan(), &Roster::sample(), &src).unwrap();
    let summary = tmp.path().join("Tổng hợp DMC.xlsx");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("consolidate")
        .arg(&src)
        .arg("--out")
        .arg(&summary)
        .args(["--as-of", "02/01/2025", "--quiet", "--no-cache"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let districts = tmp.path().join("ds-huyen.csv");
    std::fs::write(
        &districts,
        "Mã đơn vị,Tên đơn vị\nH01,Huyện Dương Minh Châu\nH02,Huyện Bến Cầu\n",
    )
    .unwrap();
    let server = Served::start(
        &tmp.path().join("cac-huyen"),
        &tmp.path().join("output"),
        &["--rollup", "--roster", districts.to_str().unwrap()],
    );
    let seen = browse(
        &e2e,
        "rollup.mjs",
        &[server.url.as_ref(), summary.as_ref(), shots.as_ref()],
    );
    assert!(
        seen["row"]
            .as_str()
            .unwrap()
            .contains("Huyện Dương Minh Châu"),
        "{seen}"
    );
    let picture = root.join("target/serve-rollup.png");
    std::fs::create_dir_all(root.join("target")).unwrap();
    std::fs::copy(shots.join("serve-rollup.png"), &picture).unwrap();
    eprintln!("screenshot: {}", picture.display());
}

/// A new đợt set up through the page's own calls in a real browser (#29): the last đợt's
/// returns in, "Đợt mới…" started, the new template downloaded, generated returns of the new
/// đợt dropped in, and the comparison read back from the downloaded summary and report.
#[test]
fn a_new_period_is_set_up_in_a_real_browser_and_set_beside_the_last() {
    use std::io::Read;
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let Some(e2e) = e2e_or_skip(&root) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let (old, new, shots) = (
        tmp.path().join("cu"),
        tmp.path().join("moi"),
        tmp.path().join("browser"),
    );
    for d in [&old, &new, &shots] {
        std::fs::create_dir_all(d).unwrap();
    }
    let last = Plan::default_plan();
    danvan::cmd::demo::write_demo_returns(&last, &Roster::sample(), &old).unwrap();
    // The returns of the new đợt, made for the plan the page will make.
    let next = danvan::plan::next::next(&last, &common::next_period()).unwrap();
    let roster = Roster::sample();
    for (i, unit) in roster.units.iter().take(10).enumerate() {
        let bytes = danvan::sample::return_workbook(
            &next,
            unit,
            &mut danvan::sample::Rng::new(i as u64),
            danvan::sample::Profile::Clean,
        )
        .unwrap();
        std::fs::write(new.join(format!("{}.xlsx", unit.code)), bytes).unwrap();
    }
    // danvan opened on its default folders in the office's folder, as a double-click does.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"));
    cmd.args(["serve", "--port", "0", "--no-open", "--as-of", "25/06/2025"])
        .current_dir(tmp.path());
    let server = Served::spawn(cmd);
    let seen = browse(
        &e2e,
        "next-period.mjs",
        &[
            server.url.as_ref(),
            old.as_ref(),
            new.as_ref(),
            shots.as_ref(),
        ],
    );
    assert_eq!(seen["template"], "mau-bao-cao-dan-van-dot-I-2025.xlsx");
    assert_eq!(seen["summary"], "tong-hop-dan-van-dot-I-2025.xlsx");
    assert_eq!(seen["newFiles"], 10);
    // The new đợt's files in its own folder; the last đợt's where they were.
    assert_eq!(
        std::fs::read_dir(tmp.path().join("dan-van-dot-I-2025/bao-cao"))
            .unwrap()
            .count(),
        10
    );
    assert!(tmp.path().join("bao-cao").read_dir().unwrap().count() >= 30);
    // The summary sets this đợt beside the last, code by code.
    let mut wb: Xlsx<_> = calamine::open_workbook(shots.join("summary.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let at = rows
        .iter()
        .position(|r| r[0] == "SO VỚI ĐỢT II/2024 (KẾ HOẠCH 73/KH-LĐLĐ)")
        .expect("the comparison on Tổng hợp");
    let last_json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("output/tong-hop-dan-van-dot-II-2024.json")).unwrap(),
    )
    .unwrap();
    let tt01 = rows[at..].iter().find(|r| r[0] == "TT01").unwrap();
    assert_eq!(
        tt01[2],
        last_json["propaganda"]["by_topic"]["TT01"]["sessions"].to_string()
    );
    // The report says it in words.
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(shots.join("report.docx")).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(
        xml.contains("So với đợt II/2024:"),
        "the report's comparison"
    );
    std::fs::copy(
        shots.join("next-period.png"),
        root.join("target/serve-next-period.png"),
    )
    .unwrap();
}

/// Runs the browser script `script` of `e2e` with `args`; what it saw (its last line, JSON).
fn browse(e2e: &std::path::Path, script: &str, args: &[&std::ffi::OsStr]) -> serde_json::Value {
    let run = std::process::Command::new("node")
        .arg(e2e.join(script))
        .args(args)
        .current_dir(e2e)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "the browser run of {script} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_str(stdout.lines().last().unwrap()).unwrap()
}
