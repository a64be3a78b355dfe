//! Issue #19: the right unit, the right period, and dates and "none" as people write them.
//! Every class runs real workbooks through `consolidate` (summary and JSON written to
//! disk) and reads the figures, statuses and codes back.

mod common;

use common::book::{act, n, prop, s, Book, Cell, Sheet};
use common::run::{issues, unit, Run};
use danvan::contract as c;
use danvan::issue::{Code, Issue, Severity};
use serde_json::Value;

fn rows(j: &Value, code: &str) -> i64 {
    unit(j, code)["rows_counted"].as_i64().unwrap_or(-1)
}

fn one_row() -> Vec<Vec<Cell>> {
    vec![prop(18, "TT01", "DT2", n(1.0), n(10.0))]
}

fn ret(code: &str, name: &str) -> Book {
    Book::ret(code, name, Cell::D(2024, 12, 30), &one_row(), &[])
}

// 1. Which unit ------------------------------------------------------------------------

#[test]
fn names_abbreviated_either_way_and_codes_as_typed_find_their_unit() {
    let run = Run::new();
    // Names only, abbreviated the other way round from the roster.
    run.put("a.xlsx", &ret("", "Công đoàn Trường TH Suối Đá"));
    run.put("b.xlsx", &ret("", "CĐCS Trường Trung học cơ sở Phan"));
    run.put("c.xlsx", &ret("", "Ủy ban nhân dân xã Bàu Năng"));
    run.put("d.xlsx", &ret("", "CĐCS TT Y tế huyện Dương Minh Châu"));
    // Codes as typed: case, spaces, hyphens, dots, leading zeros.
    run.put("e.xlsx", &ret("cd-07", ""));
    run.put("f.xlsx", &ret("CD 08", ""));
    run.put("g.xlsx", &ret("cd.9", ""));
    let (w, j) = run.go();
    for code in ["CD13", "CD22", "CD06", "CD26", "CD07", "CD08", "CD09"] {
        assert_eq!(rows(&j, code), 1, "{code}: {:#?}", unit(&j, code));
        assert_eq!(unit(&j, code)["status"], c::STATUS_ON_TIME, "{code}");
    }
    assert!(issues(&w, Code::UnitUnidentified).is_empty());
    assert!(issues(&w, Code::UnitNotInRoster).is_empty());
    assert_eq!(j["units"]["extra"], 0);
}

#[test]
fn a_code_excel_kept_as_a_number_matches_the_roster_code_with_its_zero() {
    let run = Run::new();
    let roster = run.dir.path().join("ds.csv");
    std::fs::write(
        &roster,
        "Mã đơn vị,Tên công đoàn cơ sở\n07,CĐCS Trường Mầm non Hoa Sen\n70,CĐCS Trường Mầm non Sao Mai\n",
    )
    .unwrap();
    // The unit typed 07; Excel kept the number 7.
    let mut book = ret("", "");
    let info = book.sheet(c::SHEET_INFO);
    info.set(0, 1, n(7.0));
    run.put("x.xlsx", &book);
    let mut args = run.args();
    args.common.roster = Some(roster);
    let (_, j) = run.go_with(args);
    assert_eq!(rows(&j, "07"), 1, "{j:#}");
    assert_eq!(unit(&j, "70")["status"], c::STATUS_MISSING);
}

#[test]
fn a_name_never_crosses_a_word_that_tells_two_units_apart() {
    let run = Run::new();
    // `Trường Tiểu học Dương Minh Châu` (CD12) and `Trường THCS Dương Minh Châu` (CD20):
    // a slip in `Châu` may pass, `THCS` never becomes `TH`.
    run.put("typo.xlsx", &ret("", "CĐCS Trường THCS Dương Minh Châuu"));
    // `Phước Linh`: one letter from both `Phước Minh` and `Phước Ninh`: not guessed.
    run.put("tied.xlsx", &ret("", "CĐCS cơ quan UBND xã Phước Linh"));
    // `Mầm non Suối Đá` is not `Tiểu học Suối Đá` nor `THCS Suối Đá`.
    run.put("other.xlsx", &ret("", "CĐCS Trường Mầm non Suối Đá"));
    let (w, j) = run.go();
    // A slip in a word no roster name uses: the THCS, never the primary school.
    assert_eq!(rows(&j, "CD20"), 1);
    assert_eq!(rows(&j, "CD12"), 0);
    let approx = issues(&w, Code::UnitNameApproximate);
    assert_eq!(approx.len(), 1, "{approx:#?}");
    let hint = approx[0].hint.clone().unwrap_or_default();
    assert!(!hint.contains("CD"), "no hint names a code: {hint}");
    // Tied: unidentified, both candidates named, nothing counted.
    let un = issues(&w, Code::UnitUnidentified);
    assert_eq!(un.len(), 1, "{un:#?}");
    assert!(un[0].message.contains("CD04") && un[0].message.contains("CD05"));
    assert_eq!(unit(&j, "CD04")["status"], c::STATUS_MISSING);
    assert_eq!(unit(&j, "CD05")["status"], c::STATUS_MISSING);
    // Another kind of school: an extra unit, never CD13 or CD21.
    assert_eq!(unit(&j, "CD13")["status"], c::STATUS_MISSING);
    assert_eq!(unit(&j, "CD21")["status"], c::STATUS_MISSING);
    assert_eq!(issues(&w, Code::UnitNotInRoster).len(), 1);
}

#[test]
fn a_code_and_a_name_naming_two_units_credit_neither() {
    let run = Run::new();
    run.put("x.xlsx", &ret("CD05", "CĐCS cơ quan UBND xã Phước Ninh"));
    let (w, j) = run.go();
    let un = issues(&w, Code::UnitUnidentified);
    assert_eq!(un.len(), 1, "{un:#?}");
    assert!(
        un[0].message.contains("CD05") && un[0].message.contains("CD04"),
        "{}",
        un[0].message
    );
    assert!(!un[0].hint.clone().unwrap_or_default().contains("CD0"));
    assert_eq!(j["rows"]["counted"], 0);
    assert_eq!(unit(&j, "CD05")["status"], c::STATUS_MISSING);
    assert_eq!(unit(&j, "CD04")["status"], c::STATUS_MISSING);
}

// 2. Dates as written in documents ------------------------------------------------------

#[test]
fn report_dates_in_words_and_spans_of_days_in_one_cell() {
    let run = Run::new();
    let mut props = vec![
        prop(18, "TT01", "DT2", n(1.0), n(10.0)),
        prop(18, "TT02", "DT2", n(1.0), n(20.0)),
        prop(18, "TT03", "DT2", n(1.0), n(30.0)),
        prop(18, "TT04", "DT2", n(1.0), n(40.0)),
    ];
    props[0][1] = s("17-31/12/2024");
    props[1][1] = s("từ 17/12 đến 20/12/2024");
    props[2][1] = s("17/12 - 20/12/2024");
    // Crosses the window's start: not counted, and the message says so.
    props[3][1] = s("10/12 - 20/12/2024");
    let report = s("Bến Củi, ngày 29 tháng 12 năm 2024");
    run.put("CD09.xlsx", &Book::ret("CD09", "", report, &props, &[]));
    let (w, j) = run.go();
    assert_eq!(rows(&j, "CD09"), 3);
    assert_eq!(unit(&j, "CD09")["submitted"], "2024-12-29");
    assert_eq!(j["propaganda"]["by_topic"]["TT04"]["rows"], 0);
    let out = issues(&w, Code::DateOutsideWindow);
    assert_eq!(out.len(), 1, "{out:#?}");
    assert!(out[0].message.contains("10/12/2024") && out[0].message.contains("vượt"));
    assert!(issues(&w, Code::DateInvalid).is_empty());
    let rows_seen = &w.outcome.submissions[0].propaganda;
    assert_eq!(
        rows_seen[0].date,
        chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap(),
        "a span counts on its first day"
    );
}

#[test]
fn a_report_date_after_the_workbooks_own_saved_time_is_a_typo() {
    let run = Run::new();
    let mut book = Book::ret("CD07", "", Cell::D(2025, 1, 15), &one_row(), &[]);
    // Saved 28/12/2024 10:00 UTC; the report date says 15/01/2025: more than a week later.
    book.saved = Some((2024, 12, 28, 10, 0, 0));
    run.put("CD07.xlsx", &book);
    let mut args = run.args();
    args.as_of = danvan::clock::parse_day("31/12/2024").ok();
    let (w, j) = run.go_with(args);
    let bad = issues(&w, Code::DateInvalid);
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert_eq!(bad[0].severity, Severity::Warning);
    assert!(
        issues(&w, Code::AfterAsOf).is_empty(),
        "never dropped as after --as-of"
    );
    assert_eq!(unit(&j, "CD07")["status"], c::STATUS_ON_TIME);
    assert_eq!(unit(&j, "CD07")["submitted"], "2024-12-28");
    assert_eq!(rows(&j, "CD07"), 1);
    // `check` reads the same date and gives the same status (no late-submission).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("check")
        .arg(run.inputs().join("CD07.xlsx"))
        .arg("--json")
        .output()
        .unwrap();
    let checked: Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = checked["files"][0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"date-invalid"), "{codes:?}");
    assert!(!codes.contains(&"late-submission"), "{codes:?}");
}

/// Offices date a paper for the day it goes out: a report dated a few days after its file
/// was saved is that, and its own date stands (here: after the deadline, so late).
#[test]
fn a_paper_dated_a_few_days_after_its_file_was_saved_keeps_its_date() {
    let run = Run::new();
    let mut book = Book::ret("CD07", "", Cell::D(2025, 1, 2), &one_row(), &[]);
    book.saved = Some((2024, 12, 28, 10, 0, 0));
    run.put("CD07.xlsx", &book);
    let (w, j) = run.go();
    assert!(issues(&w, Code::DateInvalid).is_empty(), "no 'lỗi gõ'");
    assert_eq!(unit(&j, "CD07")["submitted"], "2025-01-02");
    assert_eq!(unit(&j, "CD07")["source_key"], "report_date");
    assert_eq!(unit(&j, "CD07")["status"], c::STATUS_LATE);
    // The same paper dated the day before the deadline is on time by its own date.
    let run = Run::new();
    let mut book = Book::ret("CD07", "", Cell::D(2024, 12, 31), &one_row(), &[]);
    book.saved = Some((2024, 12, 27, 10, 0, 0));
    run.put("CD07.xlsx", &book);
    let (w, j) = run.go();
    assert!(issues(&w, Code::DateInvalid).is_empty());
    assert_eq!(unit(&j, "CD07")["submitted"], "2024-12-31");
    assert_eq!(unit(&j, "CD07")["status"], c::STATUS_ON_TIME);
}

// 3. Another period's file ---------------------------------------------------------------

#[test]
fn last_periods_workbook_counts_nothing_and_its_unit_is_still_chased() {
    let run = Run::new();
    let mut old = ret("CD06", "");
    old.sheets.push(Sheet::labels(
        c::SHEET_META,
        &[
            (c::META_PLAN_CODE, s("61/KH-LĐLĐ")),
            (c::META_UNIT_CODE, s("CD06")),
        ],
    ));
    run.put("CD06.xlsx", &old);
    // No `_meta`, but a title naming last period.
    let mut titled = ret("CD07", "");
    let info = titled.sheet(c::SHEET_INFO);
    let mut moved = Sheet::new(c::SHEET_INFO);
    moved.set(0, 0, s("BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN ĐỢT I/2024"));
    for (r, col, v) in info.cells.clone() {
        moved.set(r + 2, col, v);
    }
    *info = moved;
    run.put("CD07.xlsx", &titled);
    // A title naming this period is fine.
    let mut ours = ret("CD08", "");
    let info = ours.sheet(c::SHEET_INFO);
    let mut moved = Sheet::new(c::SHEET_INFO);
    moved.set(
        0,
        0,
        s("Báo cáo công tác dân vận đợt II/2024 (Kế hoạch 73/KH-LĐLĐ)"),
    );
    for (r, col, v) in info.cells.clone() {
        moved.set(r + 2, col, v);
    }
    *info = moved;
    run.put("CD08.xlsx", &ours);
    let (w, j) = run.go();
    let other = issues(&w, Code::OtherPeriod);
    assert_eq!(other.len(), 2, "{other:#?}");
    assert!(other.iter().any(|i| i.message.contains("61/KH")));
    assert!(other.iter().any(|i| i.message.contains("đợt I/2024")));
    for code in ["CD06", "CD07"] {
        assert_eq!(unit(&j, code)["status"], c::STATUS_INVALID, "{code}");
        assert_eq!(rows(&j, code), 0);
    }
    assert_eq!(rows(&j, "CD08"), 1);
    assert_eq!(j["rows"]["counted"], 1);
    assert_eq!(j["rows"]["reconciled"], true);
}

// 4. Words for none ----------------------------------------------------------------------

#[test]
fn words_for_none_in_count_cells_mean_zero() {
    let run = Run::new();
    let mut props = vec![
        prop(18, "TT01", "DT2", n(1.0), n(10.0)),
        prop(19, "TT02", "DT2", n(2.0), n(20.0)),
    ];
    props[0][7] = s("Không");
    props[1][7] = s("—");
    let acts = vec![
        act(20, "HD05", n(3.0), s("-"), Cell::E),
        act(21, "HD02", n(1.0), s("Không có"), Cell::E),
    ];
    let mut book = Book::ret("CD10", "", Cell::D(2024, 12, 30), &props, &acts);
    book.sheet(c::SHEET_SITUATION).set(0, 1, s("Không"));
    run.put("CD10.xlsx", &book);
    let mut other = ret("CD11", "");
    other.sheet(c::SHEET_SITUATION).set(0, 1, s("0 vụ"));
    run.put("CD11.xlsx", &other);
    let (w, j) = run.go();
    let all: Vec<&Issue> = w.outcome.all_issues().collect();
    assert_eq!(rows(&j, "CD10"), 4, "{all:#?}");
    assert_eq!(j["activities"]["HD05"]["participants"], 0);
    assert_eq!(j["activities"]["HD05"]["quantity"], 3);
    assert_eq!(j["strikes"], 0);
    let errors: Vec<&Issue> = w
        .outcome
        .all_issues()
        .filter(|i| i.severity == Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

// 5. The unit's own total row ------------------------------------------------------------

#[test]
fn the_units_total_row_is_compared_not_counted() {
    let run = Run::new();
    let mut props = vec![
        prop(18, "TT01", "DT2", n(1.0), n(10.0)),
        prop(19, "TT02", "DT2", n(2.0), n(20.0)),
    ];
    let mut total = vec![Cell::E; 10];
    total[0] = s("Tổng cộng");
    total[5] = n(3.0);
    total[6] = n(35.0); // the rows above add up to 30
    props.push(total);
    let mut acts = vec![act(20, "HD03", n(2.0), n(5.0), s("1.000.000"))];
    let mut total = vec![Cell::E; 10];
    total[1] = s("CỘNG:");
    total[4] = n(2.0);
    total[6] = s("1.000.000 đ");
    acts.push(total);
    run.put(
        "CD12.xlsx",
        &Book::ret("CD12", "", Cell::D(2024, 12, 30), &props, &acts),
    );
    let (w, j) = run.go();
    assert_eq!(rows(&j, "CD12"), 3, "the total rows are not counted");
    assert_eq!(j["propaganda"]["by_topic"]["TT01"]["attendance"], 10);
    assert_eq!(j["activities"]["HD03"]["value"], 1_000_000);
    let mismatch = issues(&w, Code::TotalMismatch);
    assert_eq!(mismatch.len(), 1, "{mismatch:#?}");
    assert_eq!(mismatch[0].severity, Severity::Warning);
    assert!(mismatch[0].message.contains("35") && mismatch[0].message.contains("30"));
    assert_eq!(issues(&w, Code::TotalRow).len(), 2);
    assert!(w
        .outcome
        .all_issues()
        .all(|i| i.severity != Severity::Error));
    assert_eq!(j["rows"]["read"], 5);
    assert_eq!(j["rows"]["reconciled"], true);
}

// 6. Rows seen ---------------------------------------------------------------------------

#[test]
fn pre_numbered_stt_cells_are_never_rows_seen() {
    let run = Run::new();
    let mut book = Book::ret("CD13", "", Cell::D(2024, 12, 30), &one_row(), &[]);
    // The unit renamed two required headers (no table can be read) and the template's
    // STT column is numbered down to 200.
    let p = book.sheet(c::SHEET_PROPAGANDA);
    p.set(0, 2, s("Chủ đề"));
    p.set(0, 5, s("Buổi"));
    for i in 1..=200u32 {
        p.set(i, 0, n(i as f64));
    }
    let a = book.sheet(c::SHEET_ACTIVITIES);
    a.set(0, 0, s("Số TT"));
    a.set(0, 2, s("Việc"));
    for i in 1..=200u32 {
        a.set(i, 0, n(i as f64));
    }
    run.put("CD13.xlsx", &book);
    let (_, j) = run.go();
    assert_eq!(
        j["rows"]["read"], 1,
        "one row written, not 200: {}",
        j["rows"]
    );
    assert_eq!(j["rows"]["counted"], 0);
    assert_eq!(j["rows"]["reconciled"], true);
}

// 7. Returns in another form -------------------------------------------------------------

#[test]
fn a_word_pdf_or_photo_sent_instead_is_listed_and_its_unit_told_to_resend() {
    let run = Run::new();
    run.put_bytes("CD21 bao cao.docx", b"PK\x03\x04 not really a docx");
    run.put_bytes("Báo cáo CĐCS Trường Tiểu học Phan.pdf", b"%PDF-1.4");
    run.put_bytes("anh-CD23.jpg", b"\xFF\xD8\xFF");
    run.put_bytes("tat-ca.rar", b"Rar!");
    run.put("CD05.xlsx", &ret("CD05", ""));
    let (w, j) = run.go();
    let sent = issues(&w, Code::FileNotTemplate);
    assert_eq!(sent.len(), 4, "{sent:#?}");
    assert!(sent.iter().any(|i| i.message.contains("tệp Word")));
    assert!(sent.iter().any(|i| i.message.contains("giải nén")));
    for (code, what) in [("CD21", "Word"), ("CD14", "PDF"), ("CD23", "ảnh")] {
        assert_eq!(unit(&j, code)["status"], c::STATUS_INVALID, "{code}");
        let u = w.outcome.units.iter().find(|u| u.code == code).unwrap();
        assert!(
            u.note.as_deref().unwrap_or("").contains(what),
            "{code}: {:?}",
            u.note
        );
    }
    assert_eq!(rows(&j, "CD05"), 1);
}

/// A zip of `(name, bytes)` members.
fn zip_of(members: &[(&str, Vec<u8>)]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_of_returns_is_read_member_by_member() {
    let run = Run::new();
    let inner = zip_of(&[("CD17.xlsx", ret("CD17", "").bytes())]);
    let outer = zip_of(&[
        ("Bao cao/CD15.xlsx", ret("CD15", "").bytes()),
        ("CD16.xlsx", ret("CD16", "").bytes()),
        ("CD18.docx", b"PK not a docx".to_vec()),
        ("__MACOSX/._CD15.xlsx", b"junk".to_vec()),
        ("them.zip", inner),
    ]);
    run.put_bytes("tai-ve-tu-zalo.zip", &outer);
    run.put_bytes("hong.zip", b"PK\x03\x04 broken");
    let (w, j) = run.go();
    for code in ["CD15", "CD16", "CD17"] {
        assert_eq!(rows(&j, code), 1, "{code}");
        assert_eq!(unit(&j, code)["status"], c::STATUS_ON_TIME, "{code}");
    }
    let files: Vec<&str> = w
        .outcome
        .submissions
        .iter()
        .map(|s| s.file.as_str())
        .collect();
    assert!(
        files.contains(&"tai-ve-tu-zalo.zip › Bao cao/CD15.xlsx"),
        "{files:?}"
    );
    assert!(files.contains(&"tai-ve-tu-zalo.zip › them.zip › CD17.xlsx"));
    // The Word file inside is listed, and its unit is told to send the template.
    assert_eq!(unit(&j, "CD18")["status"], c::STATUS_INVALID);
    let broken = issues(&w, Code::FileUnreadable);
    assert_eq!(broken.len(), 1, "{broken:#?}");
    assert_eq!(broken[0].file, "hong.zip");
    assert!(!broken[0].message.contains("EOCD"), "{}", broken[0].message);
    assert_eq!(j["rows"]["reconciled"], true);
    // The scratch folder is gone after the run.
    let left: Vec<_> = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| {
            let n = e.file_name().to_string_lossy().to_string();
            n.starts_with(&format!("danvan-nen-{}-", std::process::id()))
        })
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
