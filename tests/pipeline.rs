//! End-to-end: template → filled returns → check → consolidate, every output read back.

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, DataType, Reader, SheetVisible};
use danvan::arrival::Receipts;
use danvan::cli::{Common, ConsolidateArgs, LimitArgs};
use danvan::consolidate::consolidate;
use danvan::contract as c;
use danvan::issue::Code;
use danvan::plan::Plan;
use danvan::reading::Reading;
use danvan::roster::Roster;
use danvan::sample::{return_workbook, Profile, Rng};
use danvan::submission::{read_return, Matchers};

mod common;

fn cell(range: &calamine::Range<Data>, r: usize, col: usize) -> String {
    range
        .get((r, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

fn find_row(range: &calamine::Range<Data>, col: usize, text: &str) -> Option<usize> {
    (0..range.height()).find(|&r| cell(range, r, col) == text)
}

#[test]
fn template_sheets_headers_and_meta() {
    let plan = Plan::default_plan();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mau.xlsx");
    std::fs::write(&path, danvan::template::build(&plan, None).unwrap()).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let names: Vec<String> = wb.sheet_names().to_vec();
    assert_eq!(
        names,
        [
            c::SHEET_GUIDE,
            c::SHEET_INFO,
            c::SHEET_PROPAGANDA,
            c::SHEET_ACTIVITIES,
            c::SHEET_SITUATION,
            c::SHEET_LISTS,
            c::SHEET_META
        ]
    );
    let vis: Vec<SheetVisible> = wb.sheets_metadata().iter().map(|s| s.visible).collect();
    assert_eq!(vis[5], SheetVisible::Hidden);
    assert_eq!(vis[6], SheetVisible::VeryHidden);
    let p = wb.worksheet_range(c::SHEET_PROPAGANDA).unwrap();
    let headers: Vec<String> = (0..10).map(|i| cell(&p, 0, i)).collect();
    assert_eq!(headers, c::PROPAGANDA_HEADERS);
    assert_eq!(cell(&p, 200, 0), "200", "200 ready rows, pre-numbered");
    let a = wb.worksheet_range(c::SHEET_ACTIVITIES).unwrap();
    assert_eq!(
        (0..10).map(|i| cell(&a, 0, i)).collect::<Vec<_>>(),
        c::ACTIVITY_HEADERS
    );
    let info = wb.worksheet_range(c::SHEET_INFO).unwrap();
    for l in c::InfoField::ALL.map(c::InfoField::label) {
        assert!(find_row(&info, 0, l).is_some(), "{l}");
    }
    let meta = wb.worksheet_range(c::SHEET_META).unwrap();
    assert_eq!(
        cell(&meta, find_row(&meta, 0, "plan_code").unwrap(), 1),
        "73/KH-LĐLĐ"
    );
    assert_eq!(
        cell(&meta, find_row(&meta, 0, "template_version").unwrap(), 1),
        plan.template_version
    );
    let lists = wb.worksheet_range(c::SHEET_LISTS).unwrap();
    assert_eq!(cell(&lists, 3, 0), "TT03 - Luật Nghĩa vụ quân sự");
    let guide = wb.worksheet_range(c::SHEET_GUIDE).unwrap();
    let text: String = (0..guide.height())
        .map(|r| cell(&guide, r, 0))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        text.contains("17/12/2024")
            && text.contains("31/12/2024")
            && text.contains("01/01/2025")
            && text.contains("dd/mm/yyyy")
    );
}

#[test]
fn template_is_deterministic_and_committed_copy_is_fresh() {
    let plan = Plan::default_plan();
    let a = danvan::template::build(&plan, None).unwrap();
    let b = danvan::template::build(&plan, None).unwrap();
    assert_eq!(a, b, "same plan must give byte-identical templates");
    let committed = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("input_templates")
        .join(danvan::template::file_name(&plan, None));
    let on_disk = std::fs::read(&committed).unwrap_or_default();
    assert!(
        on_disk == a,
        "input_templates/{} is stale: run `cargo run -- template --out input_templates`",
        committed.display()
    );
}

#[test]
fn per_unit_templates_are_prefilled_with_safe_names() {
    let plan = Plan::default_plan();
    let roster = Roster::sample();
    let dir = tempfile::tempdir().unwrap();
    let mut odd = roster.units[5].clone();
    odd.name = format!("CĐCS \"Công ty\" A/B {}", "Đ".repeat(200));
    for u in [&roster.units[5], &odd] {
        let name = danvan::template::file_name(&plan, Some(u));
        assert!(
            name.is_ascii() && name.len() < 200 && !name.contains('/') && !name.contains('"'),
            "{name}"
        );
        assert!(name.contains(&u.code));
    }
    let u = &roster.units[5];
    let path = dir.path().join(danvan::template::file_name(&plan, Some(u)));
    std::fs::write(&path, danvan::template::build(&plan, Some(u)).unwrap()).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let info = wb.worksheet_range(c::SHEET_INFO).unwrap();
    assert_eq!(
        cell(&info, find_row(&info, 0, c::INFO_CODE).unwrap(), 1),
        u.code
    );
    assert_eq!(
        cell(&info, find_row(&info, 0, c::INFO_NAME).unwrap(), 1),
        u.name
    );
    // The commune from the roster, filled in too.
    assert!(!u.commune.is_empty());
    assert_eq!(
        cell(&info, find_row(&info, 0, c::INFO_COMMUNE).unwrap(), 1),
        u.commune
    );
    // Read back as a return: the commune is the roster's, and no "Chưa ghi" for it.
    let (p2, r2) = ctx_parts();
    let matchers = Matchers::new(&p2);
    let ctx = common::context(&p2, &r2, &matchers);
    let s = read_return(&path, "mau.xlsx", &ctx);
    assert_eq!(s.info.commune, u.commune);
    let meta = wb.worksheet_range(c::SHEET_META).unwrap();
    assert_eq!(
        cell(&meta, find_row(&meta, 0, "unit_code").unwrap(), 1),
        u.code
    );
}

fn ctx_parts() -> (Plan, Roster) {
    (Plan::default_plan(), Roster::sample())
}

#[test]
fn round_trip_clean_return_has_no_errors_and_every_row() {
    let (plan, roster) = ctx_parts();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let dir = tempfile::tempdir().unwrap();
    let u = &roster.units[4];
    let path = dir.path().join("a.xlsx");
    std::fs::write(
        &path,
        return_workbook(&plan, u, &mut Rng::new(5), Profile::Clean).unwrap(),
    )
    .unwrap();
    let s = read_return(&path, "a.xlsx", &ctx);
    let errors: Vec<String> = s
        .issues
        .iter()
        .filter(|i| i.severity == danvan::issue::Severity::Error)
        .map(|i| i.line())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(s.unit, Some(danvan::submission::UnitId::Roster(4)));
    assert!(s.propaganda.len() >= 3);
    assert_eq!(s.rows_read(), s.rows_counted());
    // Values match what calamine reads from the same file.
    let mut wb = open_workbook_auto(&path).unwrap();
    let p = wb.worksheet_range(c::SHEET_PROPAGANDA).unwrap();
    let total: f64 = (1..p.height())
        .map(|r| p.get((r, 6)).and_then(|d| d.as_f64()).unwrap_or(0.0))
        .sum();
    assert_eq!(
        s.propaganda.iter().map(|r| r.attendance).sum::<i64>(),
        total as i64
    );
}

#[test]
fn messy_returns_are_read_and_flagged() {
    let (plan, roster) = ctx_parts();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let dir = tempfile::tempdir().unwrap();
    let read = |profile: Profile, i: usize| {
        let path = dir.path().join(format!("{i}.xlsx"));
        std::fs::write(
            &path,
            return_workbook(&plan, &roster.units[i], &mut Rng::new(9), profile).unwrap(),
        )
        .unwrap();
        read_return(&path, &format!("{i}.xlsx"), &ctx)
    };
    let m = read(Profile::Mistakes, 6);
    let codes: Vec<Code> = m.issues.iter().map(|i| i.code).collect();
    assert!(codes.contains(&Code::DateOutsideWindow), "{codes:?}");
    assert!(codes.contains(&Code::CategoryUnknown));
    assert!(codes.contains(&Code::CategoryNormalized));
    let swapped = m
        .issues
        .iter()
        .find(|i| i.code == Code::DateOutsideWindow)
        .unwrap();
    assert_eq!(swapped.cell_a1().as_deref(), Some("B3"));
    // A slip that would put it inside the window is named; otherwise the window is.
    let hint = swapped.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains("mới nằm trong đợt") || hint.contains("từ 17/12/2024 đến 31/12/2024"),
        "{hint}"
    );
    assert_eq!(
        m.rows_read() - m.rows_counted(),
        2,
        "the two bad rows are not counted"
    );
    assert!(
        !m.issues.iter().any(|i| i.code == Code::NumberInvalid),
        "money written as \"x,y triệu\" must parse: {:?}",
        m.issues
    );

    let l = read(Profile::Legacy, 8);
    assert!(
        l.issues.iter().any(|i| i.code == Code::TextLegacyEncoding),
        "{:?}",
        l.issues
    );
    assert_eq!(l.rows_read(), l.rows_counted());
    assert_eq!(l.unit, Some(danvan::submission::UnitId::Roster(8)));

    let r = read(Profile::Reshaped, 10);
    assert_eq!(r.rows_read(), r.rows_counted(), "{:?}", r.issues);
    assert_eq!(r.propaganda_sheet(0), "tuyen truyen");
}

#[test]
fn hostile_files_become_issues() {
    let (plan, roster) = ctx_parts();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, Code)> = vec![
        ("empty.xlsx", vec![], Code::FileUnreadable),
        (
            "trunc.xlsx",
            return_workbook(&plan, &roster.units[1], &mut Rng::new(1), Profile::Clean).unwrap()
                [..800]
                .to_vec(),
            Code::FileUnreadable,
        ),
        (
            "page.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            Code::FileUnreadable,
        ),
        (
            "data.xlsx",
            "Mã đơn vị,Tên\nCD01,A\n".as_bytes().to_vec(),
            Code::FileUnreadable,
        ),
    ];
    for (name, bytes, code) in cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let s = read_return(&p, name, &ctx);
        assert!(!s.readable, "{name}");
        assert_eq!(s.issues[0].code, code, "{name}: {:?}", s.issues);
    }
}

#[test]
fn consolidation_statuses_totals_and_reconciliation() {
    let (plan, roster) = ctx_parts();
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("bc");
    std::fs::create_dir_all(&returns).unwrap();
    let mut rng = Rng::new(42);
    // Units 0..10 report; 3 is late; 5 twice; 7 and above missing except an unreadable file for 8.
    let mut expected_attendance = 0i64;
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    for i in 0..7 {
        let profile = if i == 3 {
            Profile::Late
        } else {
            Profile::Clean
        };
        let path = returns.join(format!("{}.xlsx", roster.units[i].code));
        std::fs::write(
            &path,
            return_workbook(&plan, &roster.units[i], &mut rng, profile).unwrap(),
        )
        .unwrap();
        if i != 5 {
            expected_attendance += read_return(&path, "x", &ctx)
                .propaganda
                .iter()
                .map(|r| r.attendance)
                .sum::<i64>();
        }
    }
    // Unit 5: an older copy (earlier report date) and the newer one counted.
    let old = returns.join("old.xlsx");
    let mut early = return_workbook(&plan, &roster.units[5], &mut rng, Profile::Clean).unwrap();
    std::fs::write(&old, &early).unwrap();
    early.clear();
    let newest = returns.join(format!("{}.xlsx", roster.units[5].code));
    let (a, b) = (
        read_return(&old, "o", &ctx),
        read_return(&newest, "n", &ctx),
    );
    let kept = if b.info.report_date >= a.info.report_date {
        &b
    } else {
        &a
    };
    expected_attendance += kept.propaganda.iter().map(|r| r.attendance).sum::<i64>();
    std::fs::write(
        returns.join(format!("{} loi.xlsx", roster.units[8].code)),
        b"PK\x03\x04garbage",
    )
    .unwrap();

    let args = ConsolidateArgs {
        inputs: vec![returns.clone()],
        common: Common::default(),
        limits: LimitArgs::default(),
        received: None,
        as_of: danvan::clock::parse_day("10/01/2025").ok(),
        out: Some(dir.path().join("out").join("tong-hop.xlsx")),
        json: Some(dir.path().join("out").join("tong-hop.json")),
        feedback: Some(dir.path().join("out").join("phan-hoi")),
        quiet: true,
        sequential: false,
        no_cache: false,
        report: None,
        compare: None,
    };
    let w = danvan::cmd::consolidate::execute(&args).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/tong-hop.json")).unwrap())
            .unwrap();
    assert_eq!(json["plan"], "73/KH-LĐLĐ");
    assert_eq!(json["as_of"], "2025-01-10");
    assert_eq!(json["units"]["expected"], roster.units.len());
    assert_eq!(json["units"]["late"], 1);
    assert_eq!(json["units"]["on_time"], 6);
    assert_eq!(json["units"]["invalid"], 1);
    assert_eq!(json["units"]["missing"], roster.units.len() - 8);
    let read = json["rows"]["read"].as_i64().unwrap();
    assert_eq!(
        read,
        json["rows"]["counted"].as_i64().unwrap() + json["rows"]["not_counted"].as_i64().unwrap()
    );
    let by_topic_att: i64 = json["propaganda"]["by_topic"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v["attendance"].as_i64().unwrap())
        .sum();
    assert_eq!(by_topic_att, expected_attendance);
    assert_eq!(json["issues"]["by_code"]["duplicate-submission"], 1);
    assert_eq!(json["issues"]["by_code"]["late-submission"], 1);
    assert_eq!(
        json["per_unit"][&roster.units[3].code]["status"],
        c::STATUS_LATE
    );

    // The workbook says the same.
    let mut wb = open_workbook_auto(&w.summary).unwrap();
    for s in danvan::summary::SHEETS {
        assert!(wb.sheet_names().contains(&s.to_string()), "{s}");
    }
    let prog = wb.worksheet_range("Tiến độ nộp").unwrap();
    let r3 = find_row(&prog, 0, &roster.units[3].code).unwrap();
    assert_eq!(cell(&prog, r3, 2), c::STATUS_LATE);
    let r9 = find_row(&prog, 0, &roster.units[9].code).unwrap();
    assert_eq!(cell(&prog, r9, 2), c::STATUS_MISSING);
    assert_eq!(cell(&prog, r9, 5), roster.units[9].phone);
    let p = wb.worksheet_range("Tuyên truyền").unwrap();
    let att: f64 = (1..p.height())
        .map(|r| p.get((r, 8)).and_then(|d| d.as_f64()).unwrap_or(0.0))
        .sum();
    assert_eq!(att as i64, expected_attendance);
    let rec = wb.worksheet_range("Đối soát").unwrap();
    let total = find_row(&rec, 0, "TỔNG CỘNG").unwrap();
    assert_eq!(
        rec.get((total, 2)).and_then(|d| d.as_f64()).unwrap() as i64,
        read
    );
    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    let tt = find_row(&summary, 0, "TT03").unwrap();
    assert_eq!(
        summary.get((tt, 4)).and_then(|d| d.as_f64()).unwrap() as i64,
        json["propaganda"]["by_topic"]["TT03"]["attendance"]
            .as_i64()
            .unwrap()
    );
    // Feedback: the unreadable file's unit is asked to resend — at once, the deadline and
    // the plan's resend day (deadline + 3 days) having passed; the unit that was only late
    // has nothing to fix, no file.
    let feedback = |i: usize| {
        let u = &roster.units[i];
        dir.path()
            .join("out/phan-hoi")
            .join(danvan::output::feedback_name(&u.code, &u.name))
    };
    let mut fb = open_workbook_auto(feedback(8)).unwrap();
    let sheet = fb.worksheet_range("Phản hồi").unwrap();
    let ask = cell(&sheet, 1, 0);
    assert!(
        ask.contains("Hạn nộp (31/12/2024) đã qua") && ask.contains("gửi lại ngay"),
        "{ask}"
    );
    let late_file = w.outcome.units[3].file.clone().unwrap();
    let fixable = w
        .outcome
        .submissions
        .iter()
        .filter(|s| s.file == late_file)
        .flat_map(|s| &s.issues)
        .any(|i| !i.code.is_run_level() && i.severity != danvan::issue::Severity::Info);
    assert_eq!(feedback(3).exists(), fixable, "late unit's feedback");
}

#[test]
fn parallel_and_sequential_runs_agree() {
    let (plan, roster) = ctx_parts();
    let dir = tempfile::tempdir().unwrap();
    let units = danvan::sample::synthetic_units(40);
    danvan::sample::write_load_set(&plan, &units, 3, dir.path()).unwrap();
    let roster_path = dir.path().join("roster.csv");
    danvan::sample::write_roster_csv(&roster_path, &units).unwrap();
    let roster_big = Roster::load(&roster_path).unwrap();
    let _ = roster;
    let run = |parallel: bool| {
        let read = Reading {
            parallel,
            exclude: vec![roster_path.clone()],
            ..Reading::new(&plan, &roster_big)
        }
        .read(&[PathBuf::from(dir.path())]);
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
        let outcome = consolidate(read, &plan, &roster_big, &Receipts::default(), as_of);
        danvan::report::json::build(&outcome, &plan)
    };
    let (a, b) = (run(true), run(false));
    assert_eq!(a, b);
    assert_eq!(a["units"]["expected"], 40);
    assert_eq!(a["units"]["late"], 4);
}

/// LibreOffice: the template's validations survive a real spreadsheet program.
#[test]
fn libreoffice_keeps_the_template_validations() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let plan = Plan::default_plan();
    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("mau.xlsx");
    std::fs::write(&x, danvan::template::build(&plan, None).unwrap()).unwrap();
    common::convert(soffice, &x, "ods", dir.path());
    let ods = std::fs::File::open(dir.path().join("mau.ods")).unwrap();
    let mut zip = zip::ZipArchive::new(ods).unwrap();
    let mut content = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("content.xml").unwrap(), &mut content).unwrap();
    assert!(
        content.contains("table:content-validation"),
        "validations lost"
    );
    assert!(
        content.contains("cell-content-is-in-list"),
        "list validation lost"
    );
    assert!(
        content.contains("cell-content-is-date") || content.contains("cell-content-is-between"),
        "date validation lost"
    );
    // The converted file is still read as a return (all sheets by name).
    let (plan2, roster) = ctx_parts();
    let matchers = Matchers::new(&plan2);
    let ctx = common::context(&plan2, &roster, &matchers);
    let s = read_return(&dir.path().join("mau.ods"), "mau.ods", &ctx);
    assert!(s.readable);
    assert_eq!(
        s.rows_read(),
        0,
        "blank template rows with only STT are not data"
    );
}

/// "Today" comes from one clock a test can set: without `--as-of`, a run on a day set in
/// `DANVAN_NOW` equals a run with that day as `--as-of`.
#[test]
fn the_day_of_a_run_comes_from_the_one_clock() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("bao-cao");
    std::fs::create_dir_all(&returns).unwrap();
    danvan::cmd::demo::write_demo_returns(&Plan::default_plan(), &Roster::sample(), &returns)
        .unwrap();
    let run = |name: &str, now: &str, extra: &[&str]| -> serde_json::Value {
        let json = dir.path().join(format!("{name}.json"));
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
            .arg("consolidate")
            .arg(&returns)
            .arg("--out")
            .arg(dir.path().join(format!("{name}.xlsx")))
            .arg("--json")
            .arg(&json)
            .args(["--quiet", "--no-cache"])
            .args(extra)
            .env(danvan::clock::NOW_VAR, now)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap()
    };
    let by_clock = run("clock", "27/12/2024 09:00:00", &[]);
    let by_flag = run("flag", "06/12/2026", &["--as-of", "27/12/2024"]);
    assert_eq!(by_clock["as_of"], "2024-12-27");
    assert_eq!(by_clock, by_flag);
    // On the 27th, returns dated later had not arrived: fewer units than at the deadline.
    let later = run("later", "10/01/2025", &[]);
    assert!(
        by_clock["units"]["missing"].as_u64() > later["units"]["missing"].as_u64(),
        "{by_clock} vs {later}"
    );
}
