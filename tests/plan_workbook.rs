//! The plan as a workbook (#29): exported for the office, read back the same, the next đợt
//! made from it, and bad workbooks refused with every problem at its cell — through the
//! real `danvan` program.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader};
use danvan::plan_file::{Setting, SHEET_SETTINGS};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn danvan(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).to_string()
}

/// The cell of a setting's value on `Kế hoạch` (its label in column A, in the order of
/// `Setting::ALL`, under the header row).
fn setting_cell(s: Setting) -> String {
    let row = Setting::ALL.iter().position(|x| *x == s).unwrap() + 2;
    format!("B{row}")
}

/// What a test changes in a workbook: a cell's new text (or none), or a sheet removed.
enum Edit<'a> {
    Cell(&'a str, &'a str, Option<&'a str>),
    NoSheet(&'a str),
}

/// `src` written again cell by cell (texts, numbers, dates) with `edits`, as an office
/// would leave it after typing into it.
fn edited(src: &Path, dest: &Path, edits: &[Edit<'_>]) {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(src).unwrap();
    let mut out = Workbook::new();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    for name in book.sheet_names() {
        if edits
            .iter()
            .any(|e| matches!(e, Edit::NoSheet(n) if *n == name))
        {
            continue;
        }
        let range = book.worksheet_range(&name).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(&name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r0 + r as u32, (c0 + c as u32) as u16);
            let a1 = format!(
                "{}{}",
                rust_xlsxwriter::utility::column_number_to_name(c),
                r + 1
            );
            let edit = edits.iter().find_map(|e| match e {
                Edit::Cell(s, cell, v) if *s == name && *cell == a1 => Some(*v),
                _ => None,
            });
            match (edit, v) {
                (Some(Some(t)), _) => drop(ws.write_string(r, c, t)),
                (Some(None), _) => {}
                (None, Data::String(t)) => drop(ws.write_string(r, c, t)),
                (None, Data::Float(n)) => drop(ws.write_number(r, c, *n)),
                (None, Data::Int(n)) => drop(ws.write_number(r, c, *n as f64)),
                (None, Data::DateTime(d)) => {
                    let (y, m, dd, ..) = d.to_ymd_hms_milli();
                    let x = ExcelDateTime::from_ymd(y, m, dd).unwrap();
                    drop(ws.write_datetime_with_format(r, c, x, &day));
                }
                _ => {}
            }
        }
        // Cells edited that were blank before.
        for e in edits {
            if let Edit::Cell(s, cell, Some(t)) = e {
                if *s == name
                    && range
                        .get_value(a1_pos(cell))
                        .is_none_or(|v| *v == Data::Empty)
                {
                    let (r, c) = a1_pos(cell);
                    ws.write_string(r, c as u16, *t).unwrap();
                }
            }
        }
    }
    out.save(dest).unwrap();
}

fn a1_pos(a1: &str) -> (u32, u32) {
    let p = danvan::pos::Pos::parse_a1(a1).unwrap_or_else(|| panic!("not a cell: {a1}"));
    (p.row, p.col)
}

fn exported(dir: &Path) -> PathBuf {
    let p = dir.join("ke-hoach.xlsx");
    let o = danvan(dir, &["plan", "--export", "ke-hoach.xlsx"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    p
}

#[test]
fn an_unedited_export_reads_back_to_the_same_plan() {
    let dir = tempfile::tempdir().unwrap();
    let p = exported(dir.path());
    let before = text(&danvan(dir.path(), &["plan"]).stdout);
    let after = danvan(dir.path(), &["plan", "--plan", p.to_str().unwrap()]);
    assert!(after.status.success(), "{}", text(&after.stderr));
    let drop_source = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.starts_with("Nguồn:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(drop_source(&before), drop_source(&text(&after.stdout)));
    // Dates are real Excel dates shown as dd/mm/yyyy.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&p).unwrap();
    let settings = book.worksheet_range(SHEET_SETTINGS).unwrap();
    let (r, c) = a1_pos(&setting_cell(Setting::WindowStart));
    assert!(matches!(
        settings.get_value((r, c)),
        Some(Data::DateTime(_))
    ));
    // The same plan as TOML reads back the same too.
    let o = danvan(
        dir.path(),
        &["plan", "--plan", "ke-hoach.xlsx", "--export", "k.toml"],
    );
    assert!(o.status.success());
    let toml = text(&danvan(dir.path(), &["plan", "--plan", "k.toml"]).stdout);
    assert_eq!(drop_source(&before), drop_source(&toml));
}

#[test]
fn export_writes_the_format_its_extension_names_and_refuses_others() {
    let dir = tempfile::tempdir().unwrap();
    let o = danvan(dir.path(), &["plan", "--export", "ke-hoach.pdf"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains(".xlsx"), "{}", text(&o.stderr));
    assert!(!dir.path().join("ke-hoach.pdf").exists());
    let o = danvan(dir.path(), &["plan", "--export", "ke-hoach.xlsx"]);
    assert!(o.status.success());
    let bytes = std::fs::read(dir.path().join("ke-hoach.xlsx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a real workbook, not TOML text");
}

#[test]
fn the_next_period_keeps_the_lists_and_takes_its_own_number_name_and_dates() {
    let dir = tempfile::tempdir().unwrap();
    let o = danvan(
        dir.path(),
        &common::next_period_args("ke-hoach-dot-I-2025.xlsx"),
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    let path = dir.path().join("ke-hoach-dot-I-2025.xlsx");
    let next = danvan::plan::Plan::load(&path).unwrap();
    let last = danvan::plan::Plan::default_plan();
    assert_eq!(next.code, "15/KH-LĐLĐ");
    assert_eq!(next.period, "đợt I/2025");
    assert_eq!(
        next.title,
        "Kế hoạch phối hợp tham gia làm công tác dân vận đợt I/2025"
    );
    assert_eq!(
        next.report.subject,
        "Kết quả phối hợp tham gia làm công tác dân vận đợt I/2025"
    );
    assert_eq!(next.short_name, "dan-van-dot-I-2025");
    assert_eq!(next.launch, "07:00 ngày 02/06/2025");
    assert_eq!(
        (next.window_start, next.window_end, next.deadline_before),
        (
            chrono::NaiveDate::from_ymd_opt(2025, 6, 2).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2025, 6, 16).unwrap(),
            chrono::NaiveDate::from_ymd_opt(2025, 6, 20).unwrap()
        )
    );
    // The lists, targets and report settings are last đợt's; the basis is left to fill.
    let codes = |p: &danvan::plan::Plan| -> Vec<String> {
        p.activities
            .iter()
            .map(|a| format!("{}:{:?}", a.category.code, a.target))
            .collect()
    };
    assert_eq!(codes(&next), codes(&last));
    assert_eq!(next.topics.len(), last.topics.len());
    assert_eq!(next.report.recipients, last.report.recipients);
    assert!(next.report.basis.is_empty());
    // Output names follow the new short name.
    let o = danvan(
        dir.path(),
        &[
            "template",
            "--plan",
            "ke-hoach-dot-I-2025.xlsx",
            "--out",
            "mau",
        ],
    );
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(dir
        .path()
        .join("mau/mau-bao-cao-dan-van-dot-I-2025.xlsx")
        .exists());
    // Dates that do not follow each other are refused, by flag.
    let o = danvan(
        dir.path(),
        &[
            "plan",
            "--next",
            "--code",
            "16/KH-LĐLĐ",
            "--name",
            "đợt II/2025",
            "--from",
            "20/12/2025",
            "--to",
            "10/12/2025",
            "--deadline-before",
            "05/12/2025",
            "--export",
            "x.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("--to 10/12/2025") && err.contains("--deadline-before 05/12/2025"),
        "{err}"
    );
    assert!(!dir.path().join("x.xlsx").exists());
}

#[test]
fn bad_plan_workbooks_are_refused_naming_each_cell() {
    let dir = tempfile::tempdir().unwrap();
    let good = exported(dir.path());
    let start = setting_cell(Setting::WindowStart);
    let end = setting_cell(Setting::WindowEnd);
    let due = setting_cell(Setting::DeadlineBefore);
    let cases: Vec<(&str, Vec<Edit>, Vec<String>)> = vec![
        (
            "window",
            vec![Edit::Cell(SHEET_SETTINGS, &end, Some("10/12/2024"))],
            vec![
                format!("{SHEET_SETTINGS}!{end}"),
                "trước ngày bắt đầu".into(),
            ],
        ),
        (
            "deadline",
            vec![Edit::Cell(SHEET_SETTINGS, &due, Some("30/12/2024"))],
            vec![
                format!("{SHEET_SETTINGS}!{due}"),
                "không sau ngày kết thúc".into(),
            ],
        ),
        (
            "no-day",
            vec![Edit::Cell(SHEET_SETTINGS, &start, Some("31/02/2025"))],
            vec![
                format!("{SHEET_SETTINGS}!{start}"),
                "31/02/2025".into(),
                "không phải ngày có thật".into(),
            ],
        ),
        (
            "twice",
            vec![Edit::Cell("Đối tượng", "A3", Some("TT01"))],
            vec!["Đối tượng!A3".into(), "Nội dung tuyên truyền!A2".into()],
        ),
        (
            "empty-label",
            vec![Edit::Cell("Nội dung tuyên truyền", "B3", None)],
            vec!["Nội dung tuyên truyền!B3".into(), "chưa có tên".into()],
        ),
        (
            "empty-setting-label",
            vec![Edit::Cell(SHEET_SETTINGS, "A3", None)],
            vec![format!("{SHEET_SETTINGS}!A3"), "trống tên mục".into()],
        ),
        (
            "no-sheet",
            vec![Edit::NoSheet("Hình thức")],
            vec!["thiếu trang \"Hình thức\"".into()],
        ),
    ];
    for (name, edits, said) in cases {
        let bad = dir.path().join(format!("{name}.xlsx"));
        edited(&good, &bad, &edits);
        let o = danvan(
            dir.path(),
            &["template", "--plan", bad.to_str().unwrap(), "--out", name],
        );
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{name}: {err}");
        for s in &said {
            assert!(err.contains(s.as_str()), "{name}: wanted {s:?} in {err}");
        }
        assert!(!dir.path().join(name).exists(), "{name}: nothing written");
    }
    // All problems at once, not the first only.
    let bad = dir.path().join("many.xlsx");
    edited(
        &good,
        &bad,
        &[
            Edit::Cell(SHEET_SETTINGS, &start, Some("31/02/2025")),
            Edit::Cell("Đối tượng", "A3", Some("TT01")),
        ],
    );
    let err = text(&danvan(dir.path(), &["plan", "--plan", "many.xlsx"]).stderr);
    assert!(err.contains("2 chỗ cần sửa"), "{err}");
}
