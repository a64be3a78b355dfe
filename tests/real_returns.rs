//! Returns filled the way units really fill them, each run through `consolidate` (summary
//! and JSON written to disk) with the totals, statuses and issue codes read back.
//! One test (or a few) per class of issue #14.

mod common;

use std::path::Path;

use common::book::{act, n, prop, s, Book, Cell, Sheet};
use common::run::{issues, unit, Run};
use danvan::cmd::consolidate::{execute, exit_code};
use danvan::contract as c;
use danvan::issue::{Code, Issue, Severity};
use serde_json::Value;

const CD05: &str = "CĐCS cơ quan UBND xã Phước Minh";
const CD06: &str = "CĐCS cơ quan UBND xã Bàu Năng";
const CD07: &str = "CĐCS cơ quan UBND xã Chà Là";

fn topic(j: &Value, code: &str, field: &str) -> i64 {
    j["propaganda"]["by_topic"][code][field].as_i64().unwrap()
}

fn activity(j: &Value, code: &str, field: &str) -> i64 {
    j["activities"][code][field].as_i64().unwrap()
}

/// The cell of `header` in data row `i` of `sheet`, as A1.
fn a1(book: &Book, sheet: &str, i: u32, header: &str) -> String {
    let b = book.clone();
    let (r, col) = b
        .sheets
        .iter()
        .find(|s| s.name == sheet)
        .unwrap()
        .at(i, header);
    danvan::read::Pos::new(r, col as u32).a1()
}

fn report() -> Cell {
    Cell::D(2024, 12, 30)
}

// 1. Counts followed by words ---------------------------------------------------------

#[test]
fn counts_followed_by_words_count_the_number_and_never_scale_it() {
    let run = Run::new();
    let mut props = vec![
        prop(18, "TT01", "DT2", s("2 buổi"), s("40 người")),
        prop(19, "TT03", "DT2", n(1.0), s("3 tin bài")),
        // Far above the unit's 200 members × 3: counted, flagged.
        prop(20, "TT04", "DT2", n(1.0), s("9000 người")),
    ];
    props[0][7] = s("2 người");
    let acts = vec![
        act(21, "HD03", s("5 suất"), s("40 người"), s("2tr")),
        act(22, "HD04", s("2 tivi"), n(10.0), Cell::E),
        // `ti vi` is not a billion.
        act(23, "HD05", s("2 ti vi"), n(10.0), Cell::E),
        // An implausible quantity: counted, flagged on its cell.
        act(24, "HD06", s("3000 lượt"), n(10.0), Cell::E),
    ];
    let book = Book::ret("CD05", CD05, report(), &props, &acts);
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    assert_eq!(topic(&j, "TT01", "sessions"), 2);
    assert_eq!(topic(&j, "TT01", "attendance"), 40);
    assert_eq!(topic(&j, "TT03", "attendance"), 3);
    assert_eq!(topic(&j, "TT04", "attendance"), 9000);
    assert_eq!(activity(&j, "HD03", "quantity"), 5);
    assert_eq!(activity(&j, "HD03", "participants"), 40);
    assert_eq!(activity(&j, "HD03", "value"), 2_000_000);
    assert_eq!(activity(&j, "HD04", "quantity"), 2);
    assert_eq!(activity(&j, "HD05", "rows"), 0, "`2 ti vi` is not counted");
    assert_eq!(activity(&j, "HD06", "quantity"), 3000);
    let invalid = issues(&w, Code::NumberInvalid);
    assert_eq!(invalid.len(), 1, "{invalid:#?}");
    assert_eq!(
        invalid[0].cell_a1().as_deref(),
        Some(a1(&book, c::SHEET_ACTIVITIES, 2, "Số lượng").as_str())
    );
    let outliers: Vec<Option<String>> = issues(&w, Code::ValueOutlier)
        .iter()
        .map(|i| i.cell_a1())
        .collect();
    assert!(
        outliers.contains(&Some(a1(
            &book,
            c::SHEET_PROPAGANDA,
            2,
            "Số lượt người tham dự"
        ))),
        "{outliers:?}"
    );
    assert!(
        outliers.contains(&Some(a1(&book, c::SHEET_ACTIVITIES, 3, "Số lượng"))),
        "{outliers:?}"
    );
    assert_eq!(j["rows"]["read"], 7);
    assert_eq!(j["rows"]["counted"], 6);
}

// 2. Vietnamese money as people write it -----------------------------------------------

#[test]
fn money_as_people_write_it_adds_up_and_ambiguity_is_an_issue() {
    let run = Run::new();
    let v = |t: &str| act(20, "HD09", n(1.0), n(1.0), s(t));
    let acts = vec![
        v("1 tỷ 500 triệu"),
        v("1 triệu 500 nghìn"),
        v("2 triệu rưỡi"),
        v("1tr5"),
        v("500k"),
        v("1,5tr"),
        v("2tr đồng"),
        v("1.500.000 VNĐ"),
        // Ambiguous: never a guess.
        v("1 triệu 5000"),
        v("1,5"),
    ];
    let book = Book::ret("CD05", CD05, report(), &[], &acts);
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    let want = 1_500_000_000
        + 1_500_000
        + 2_500_000
        + 1_500_000
        + 500_000
        + 1_500_000
        + 2_000_000
        + 1_500_000;
    assert_eq!(activity(&j, "HD09", "value"), want);
    assert_eq!(activity(&j, "HD09", "rows"), 8);
    let invalid = issues(&w, Code::NumberInvalid);
    let cells: Vec<String> = invalid.iter().filter_map(|i| i.cell_a1()).collect();
    assert_eq!(
        cells,
        [
            a1(&book, c::SHEET_ACTIVITIES, 8, "Giá trị (đồng)").as_str(),
            a1(&book, c::SHEET_ACTIVITIES, 9, "Giá trị (đồng)").as_str()
        ]
    );
    assert!(
        invalid.iter().all(|i| i.message.contains("không rõ")),
        "{invalid:#?}"
    );
}

// 3. Merged cells -------------------------------------------------------------------------

#[test]
fn a_merged_count_is_counted_once_and_merged_descriptions_are_inherited() {
    let run = Run::new();
    let props = vec![
        prop(18, "TT01", "DT2", n(1.0), n(60.0)),
        prop(18, "TT03", "DT2", n(1.0), Cell::E),
    ];
    let mut book = Book::ret(
        "CD05",
        CD05,
        report(),
        &props,
        &[
            act(20, "HD09", n(3.0), n(3.0), n(300_000.0)),
            act(20, "HD10", n(2.0), n(2.0), Cell::E),
        ],
    );
    {
        let sh = book.sheet(c::SHEET_PROPAGANDA);
        let (r, date_col) = sh.at(0, "Ngày thực hiện");
        let (_, att_col) = sh.at(0, "Số lượt người tham dự");
        sh.merges.push((r, date_col, r + 1, date_col));
        sh.set(r + 1, date_col, Cell::E);
        sh.merges.push((r, att_col, r + 1, att_col));
        let sh = book.sheet(c::SHEET_ACTIVITIES);
        let (r, val) = sh.at(0, "Giá trị (đồng)");
        sh.merges.push((r, val, r + 1, val));
    }
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    assert_eq!(topic(&j, "TT01", "attendance"), 60);
    assert_eq!(
        topic(&j, "TT03", "attendance"),
        0,
        "the merged attendance counts once"
    );
    assert_eq!(topic(&j, "TT03", "rows"), 1, "the merged date is inherited");
    assert_eq!(activity(&j, "HD09", "value"), 300_000);
    assert_eq!(activity(&j, "HD10", "value"), 0, "merged money counts once");
    assert_eq!(
        activity(&j, "HD10", "rows"),
        1,
        "HD10's required value is merged, not missing"
    );
    let merged = issues(&w, Code::NumberMerged);
    assert_eq!(merged.len(), 2, "{merged:#?}");
    assert_eq!(merged[0].severity, Severity::Warning);
    assert_eq!(
        merged[0].cell_a1().as_deref(),
        Some(a1(&book, c::SHEET_PROPAGANDA, 1, "Số lượt người tham dự").as_str())
    );
}

// 4. Legacy encodings decided per cell -----------------------------------------------------

#[test]
fn one_tcvn3_note_leaves_every_unicode_name_as_typed() {
    let run = Run::new();
    let places = ["Chà Là", "Châu Thành", "Bàu Năng", "Cầu Khởi"];
    let mut props: Vec<Vec<Cell>> = Vec::new();
    for (i, p) in places.iter().enumerate() {
        let mut row = prop(18 + i as u8, "TT01", "DT2", n(1.0), n(10.0));
        row[8] = s(p);
        props.push(row);
    }
    let mut book = Book::ret("CD07", CD07, report(), &props, &[]);
    let note = "Khó khăn về kinh phí tổ chức";
    book.sheets[3].cells.push((2, 0, s(c::SIT_DIFFICULTIES)));
    book.sheets[3]
        .cells
        .push((2, 1, s(&danvan::sample::to_tcvn3(note))));
    run.put("CD07.xlsx", &book);
    let (w, j) = run.go();
    let sub = &w.outcome.submissions[0];
    let got: Vec<&str> = sub.propaganda.iter().map(|r| r.place.as_str()).collect();
    assert_eq!(got, places);
    assert_eq!(sub.info.name, CD07);
    assert_eq!(sub.info.commune, "Xã Chà Là");
    assert_eq!(sub.situation.difficulties, note);
    let legacy = issues(&w, Code::TextLegacyEncoding);
    assert_eq!(legacy.len(), 1, "{legacy:#?}");
    assert!(
        legacy[0].message.starts_with("1 ô"),
        "{}",
        legacy[0].message
    );
    // Two runs decide alike.
    let first = std::fs::read(run.out().join("tong-hop.json")).unwrap();
    let (_, j2) = run.go();
    assert_eq!(j, j2);
    assert_eq!(
        first,
        std::fs::read(run.out().join("tong-hop.json")).unwrap()
    );
}

// 5. Dates never stop a run -----------------------------------------------------------

#[test]
fn impossible_years_are_issues_and_the_summary_is_still_written() {
    let run = Run::new();
    let rows = || vec![prop(18, "TT01", "DT2", n(1.0), n(10.0))];
    run.put(
        "CD05.xlsx",
        &Book::ret("CD05", CD05, s("30/12/1024"), &rows(), &[]),
    );
    run.put(
        "CD06.xlsx",
        &Book::ret("CD06", CD06, s("30/12/2204"), &rows(), &[]),
    );
    let mut old = rows();
    old[0][1] = s("30/12/1899");
    run.put("CD07.xlsx", &Book::ret("CD07", CD07, report(), &old, &[]));
    let (w, j) = run.go();
    let bad: Vec<&Issue> = issues(&w, Code::DateInvalid);
    assert_eq!(bad.len(), 2, "{bad:#?}");
    for i in &bad {
        assert_eq!(i.sheet.as_deref(), Some(c::SHEET_INFO));
        assert!(i.message.contains("vẫn được tính"), "{}", i.message);
    }
    // Their rows count; their date comes from another source.
    assert_eq!(unit(&j, "CD05")["rows_counted"], 1);
    assert_ne!(unit(&j, "CD05")["source_key"], "report_date");
    assert_eq!(unit(&j, "CD07")["rows_counted"], 0);
    assert_eq!(issues(&w, Code::DateOutsideWindow).len(), 1);
}

#[test]
fn dates_without_a_year_fall_nearest_the_campaign() {
    let run = Run::new();
    let rows = || vec![prop(18, "TT01", "DT2", n(1.0), n(10.0))];
    run.put(
        "CD05.xlsx",
        &Book::ret("CD05", CD05, s("30/12"), &rows(), &[]),
    );
    run.put(
        "CD06.xlsx",
        &Book::ret("CD06", CD06, s("02/01"), &rows(), &[]),
    );
    let mut short = rows();
    short[0][1] = s("20/12");
    run.put("CD07.xlsx", &Book::ret("CD07", CD07, report(), &short, &[]));
    // The receipt log may omit the year too.
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(&log, "Tên tệp,Ngày nhận\nCD07.xlsx,03/01\n").unwrap();
    let mut args = run.args();
    args.received = Some(log);
    let (_, j) = run.go_with(args);
    assert_eq!(unit(&j, "CD05")["submitted"], "2024-12-30");
    assert_eq!(unit(&j, "CD05")["status"], c::STATUS_ON_TIME);
    assert_eq!(unit(&j, "CD06")["submitted"], "2025-01-02");
    assert_eq!(unit(&j, "CD06")["status"], c::STATUS_LATE);
    assert_eq!(unit(&j, "CD07")["submitted"], "2025-01-03");
    assert_eq!(unit(&j, "CD07")["source_key"], "receipt_log");
    assert_eq!(
        topic(&j, "TT01", "rows"),
        3,
        "20/12 without a year is in the window"
    );
}

#[test]
fn a_bad_receipt_log_row_is_an_issue_not_the_end_of_the_run() {
    let run = Run::new();
    run.put(
        "CD05.xlsx",
        &Book::ret(
            "CD05",
            CD05,
            report(),
            &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
            &[],
        ),
    );
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(
        &log,
        "Tên tệp,Ngày nhận\nCD05.xlsx,hôm qua\nCD06.xlsx,30/12/1024\n",
    )
    .unwrap();
    let mut args = run.args();
    args.received = Some(log);
    let (w, j) = run.go_with(args);
    let bad = issues(&w, Code::DateInvalid);
    assert_eq!(bad.len(), 2, "{bad:#?}");
    assert_eq!(bad[0].cell_a1().as_deref(), Some("B2"));
    assert_eq!(unit(&j, "CD05")["source_key"], "report_date");
}

#[test]
fn a_plan_dated_before_1900_is_refused() {
    let run = Run::new();
    let plan = run.dir.path().join("ke-hoach.toml");
    let text = danvan::plan::DEFAULT_PLAN_TOML.replacen(
        "window_start = 2024-12-17",
        "window_start = 1824-12-17",
        1,
    );
    std::fs::write(&plan, text).unwrap();
    let mut args = run.args();
    args.common.plan = Some(plan);
    let err = execute(&args).err().expect("refused");
    assert!(
        err.0.contains("window_start") && err.0.contains("1900"),
        "{}",
        err.0
    );
}

// 6–7. When it was submitted; several returns of one unit ---------------------------------

fn set_mtime(p: &Path, secs: u64) {
    let f = std::fs::File::options().write(true).open(p).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .unwrap();
}

#[test]
fn the_saved_time_comes_before_the_file_time() {
    let run = Run::new();
    let rows = || vec![prop(18, "TT01", "DT2", n(1.0), n(10.0))];
    let mut saved = Book::ret("CD05", CD05, Cell::E, &rows(), &[]);
    saved.saved = Some((2024, 12, 30, 5, 0, 0));
    let p = run.put("CD05.xlsx", &saved);
    // Downloaded from Zalo in January: the file time is not when it was sent.
    set_mtime(&p, 1_736_000_000);
    let never_saved = Book::ret("CD06", CD06, Cell::E, &rows(), &[]);
    let p = run.put("CD06.xlsx", &never_saved);
    set_mtime(&p, 1_736_000_000); // 04/01/2025
    let (_, j) = run.go();
    assert_eq!(unit(&j, "CD05")["source_key"], "saved_time");
    assert_eq!(unit(&j, "CD05")["status"], c::STATUS_ON_TIME);
    assert_eq!(unit(&j, "CD06")["source_key"], "file_modified");
    assert_eq!(unit(&j, "CD06")["status"], c::STATUS_LATE);
}

#[test]
fn the_corrected_resend_wins_whatever_its_name() {
    for resend in ["CD07 (1).xlsx", "CD07-sua.xlsx", "A-CD07.xlsx"] {
        let run = Run::new();
        let mut old = Book::ret(
            "CD07",
            CD07,
            Cell::D(2024, 12, 27),
            &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
            &[],
        );
        old.saved = Some((2024, 12, 27, 3, 0, 0));
        let mut new = Book::ret(
            "CD07",
            CD07,
            Cell::D(2024, 12, 27),
            &[prop(18, "TT01", "DT2", n(1.0), n(20.0))],
            &[],
        );
        new.saved = Some((2024, 12, 29, 9, 30, 0));
        let p_old = run.put("CD07.xlsx", &old);
        let p_new = run.put(resend, &new);
        // The old file was copied last: its file time is newer, and must not decide.
        set_mtime(&p_new, 1_735_000_000);
        set_mtime(&p_old, 1_736_000_000);
        let (w, j) = run.go();
        assert_eq!(unit(&j, "CD07")["file"], resend, "{resend}");
        assert_eq!(topic(&j, "TT01", "attendance"), 20, "{resend}");
        let dup = issues(&w, Code::DuplicateSubmission);
        assert_eq!(dup.len(), 1);
        assert_eq!(dup[0].file, "CD07.xlsx");
        assert!(
            dup[0].message.contains("thời điểm lưu tệp"),
            "{}",
            dup[0].message
        );
    }
}

#[test]
fn a_tie_between_two_returns_is_a_warning_naming_both() {
    let run = Run::new();
    let a = Book::ret(
        "CD07",
        CD07,
        Cell::D(2024, 12, 27),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[],
    );
    let mut b = a.clone();
    b.sheet(c::SHEET_PROPAGANDA).set(2, 0, Cell::E);
    let pa = run.put("CD07.xlsx", &a);
    let pb = run.put("CD07 ban 2.xlsx", &b);
    set_mtime(&pa, 1_735_000_000);
    set_mtime(&pb, 1_735_000_000);
    let (w, _) = run.go();
    let dup = issues(&w, Code::DuplicateSubmission);
    assert_eq!(dup.len(), 1);
    assert_eq!(dup[0].severity, Severity::Warning);
    let found = dup[0].found.clone().unwrap_or_default();
    assert!(
        found.contains("CD07.xlsx") && found.contains("CD07 ban 2.xlsx"),
        "{found}"
    );
    assert!(
        dup[0].message.contains("không nguồn nào"),
        "{}",
        dup[0].message
    );
}

// 8. Which unit sent it --------------------------------------------------------------------

#[test]
fn a_prefilled_file_forwarded_to_a_sibling_counts_for_the_unit_that_typed_it() {
    let run = Run::new();
    let mut book = Book::ret(
        "CD06",
        CD06,
        report(),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[],
    );
    book.sheets.push(Sheet::labels(
        c::SHEET_META,
        &[
            (c::META_PLAN_CODE, s("73/KH-LĐLĐ")),
            (c::META_UNIT_CODE, s("CD05")),
        ],
    ));
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    assert_eq!(unit(&j, "CD06")["rows_counted"], 1);
    assert_eq!(unit(&j, "CD05")["status"], c::STATUS_MISSING);
    let conflict = issues(&w, Code::UnitConflict);
    assert_eq!(conflict.len(), 1, "{conflict:#?}");
    assert!(conflict[0].message.contains("CD05") && conflict[0].message.contains("CD06"));
}

#[test]
fn an_approximate_name_equally_close_to_two_units_is_not_guessed() {
    let run = Run::new();
    run.put(
        "x.xlsx",
        &Book::ret(
            "",
            "CĐCS cơ quan UBND xã Phước Linh",
            report(),
            &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
            &[],
        ),
    );
    let (w, j) = run.go();
    let un = issues(&w, Code::UnitUnidentified);
    assert_eq!(un.len(), 1);
    assert!(
        un[0].message.contains("CD04") && un[0].message.contains("CD05"),
        "{}",
        un[0].message
    );
    assert_eq!(j["rows"]["counted"], 0);
    // `check` agrees: the rows of an unknown unit are not counted.
    assert_eq!(w.outcome.submissions[0].rows_counted(), 0);
}

#[test]
fn a_roster_with_a_name_twice_is_refused_naming_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("ds.csv");
    std::fs::write(
        &p,
        "Mã đơn vị,Tên công đoàn cơ sở\nLDLD,Ban Thường vụ LĐLĐ huyện\nA1,CĐCS Trường Tiểu học Chà Là\nA2,Công đoàn cơ sở Trường Tiểu học Chà Là\n",
    )
    .unwrap();
    let e = danvan::roster::Roster::load(&p).unwrap_err().to_string();
    assert!(e.contains("dòng 3") && e.contains("A1"), "{e}");
}

// 9. Which sheet is which -------------------------------------------------------------------

#[test]
fn each_table_goes_to_the_sheet_its_headers_fit_best() {
    // Propaganda deleted, activities renamed `Sheet1`.
    let run = Run::new();
    let mut book = Book::ret(
        "CD05",
        CD05,
        report(),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[act(20, "HD09", n(3.0), n(3.0), n(300_000.0))],
    );
    book.sheets.remove(1);
    book.sheets[1].name = "Sheet1".into();
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    assert_eq!(activity(&j, "HD09", "value"), 300_000);
    assert_eq!(j["rows"]["read"], 1);
    let missing = issues(&w, Code::SheetMissing);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].message.contains(c::SHEET_PROPAGANDA));
    assert!(issues(&w, Code::ColumnMissing).is_empty());

    // Both renamed, in swapped order.
    let run = Run::new();
    let mut book = Book::ret(
        "CD05",
        CD05,
        report(),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[act(20, "HD09", n(3.0), n(3.0), n(300_000.0))],
    );
    book.sheets.swap(1, 2);
    book.sheets[1].name = "Sheet1".into();
    book.sheets[2].name = "Sheet2".into();
    run.put("CD05.xlsx", &book);
    let (w, j) = run.go();
    assert_eq!(topic(&j, "TT01", "attendance"), 10);
    assert_eq!(activity(&j, "HD09", "value"), 300_000);
    assert!(
        w.outcome
            .all_issues()
            .all(|i| i.severity != Severity::Error),
        "{:#?}",
        w.outcome.all_issues().collect::<Vec<_>>()
    );
}

// 10. Our own folders among the inputs ------------------------------------------------------

#[test]
fn a_feedback_folder_inside_the_inputs_is_refused() {
    let run = Run::new();
    run.put("CD05.xlsx", &Book::ret("CD05", CD05, report(), &[], &[]));
    for fb in [run.inputs(), run.inputs().join("phan-hoi")] {
        let mut args = run.args();
        args.feedback = Some(fb);
        let err = execute(&args).err().expect("refused");
        assert!(err.0.contains("Thư mục phản hồi"), "{}", err.0);
    }
}

#[test]
fn a_missing_input_folder_is_refused_not_summarised() {
    let run = Run::new();
    let mut args = run.args();
    args.inputs = vec![run.dir.path().join("bao-coa")];
    let err = execute(&args).err().expect("refused");
    assert!(err.0.contains("bao-coa"), "{}", err.0);
    assert!(!run.out().join("tong-hop.xlsx").exists());
}

#[test]
fn a_run_that_reads_no_return_does_not_exit_0() {
    let run = Run::new();
    std::fs::write(run.inputs().join("CD05.xlsx"), b"PK\x03\x04 broken").unwrap();
    let (w, _) = run.go();
    assert_eq!(exit_code(&w.outcome), 1);
    let run = Run::new();
    run.put("CD05.xlsx", &Book::ret("CD05", CD05, report(), &[], &[]));
    let (w, _) = run.go();
    assert_eq!(exit_code(&w.outcome), 0);
}

// 11. A reconciliation that can fail --------------------------------------------------------

fn reconcile_sheet(path: &Path) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let r = wb
        .worksheet_range(danvan::summary::SHEET_RECONCILE)
        .unwrap();
    r.rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn reconciliation_counts_rows_seen_and_says_lech_when_a_row_is_lost() {
    let run = Run::new();
    let mut props = vec![
        prop(18, "TT01", "DT2", n(1.0), n(10.0)),
        prop(5, "TT01", "DT2", n(1.0), n(10.0)), // outside the window: not counted
    ];
    // A row holding only a note inside the table: seen, not counted, with its reason.
    // (Under the table the same line is a note around it: `row-note`, not a row.)
    let mut note = vec![Cell::E; 10];
    note[9] = s("Đã báo cáo chung ở trên");
    props.insert(1, note);
    run.put("CD05.xlsx", &Book::ret("CD05", CD05, report(), &props, &[]));
    let (w, j) = run.go();
    assert_eq!(j["rows"]["read"], 3);
    assert_eq!(j["rows"]["counted"], 1);
    assert_eq!(j["rows"]["reconciled"], true);
    let rows = reconcile_sheet(&w.summary);
    let file = rows.iter().find(|r| r[0] == "CD05.xlsx").unwrap();
    assert_eq!(&file[2..5], ["3", "1", "2"]);
    assert!(
        file[5].contains("ngày ngoài thời gian đợt")
            && file[5].contains("dòng không có số liệu")
            && !file[5].contains("date-outside-window"),
        "{file:?}"
    );
    assert_eq!(file[6], "Khớp");
    assert_eq!(
        issues(&w, Code::RowIncomplete)[0].cell_a1().as_deref(),
        Some("J3")
    );

    // A row dropped without a reason (as a bug would) makes it say Lệch.
    let mut outcome = w.outcome;
    outcome.submissions[0].propaganda.clear();
    let plan = danvan::plan::Plan::default_plan();
    let pieces = danvan::summary::pieces::Pieces::default();
    let wb = danvan::summary::build(&outcome, None, &plan, &pieces).unwrap();
    let lost = run.dir.path().join("lech.xlsx");
    std::fs::write(&lost, wb.save_to_buffer().unwrap()).unwrap();
    let rows = reconcile_sheet(&lost);
    let file = rows.iter().find(|r| r[0] == "CD05.xlsx").unwrap();
    assert_eq!(file[6], "Lệch", "{file:?}");
    assert_eq!(rows.last().unwrap()[6], "Lệch");
}

// 12. Severity matches effect ---------------------------------------------------------------

#[test]
fn severities_match_what_happened_to_the_figures() {
    let run = Run::new();
    // Left out by --as-of (10/01/2025): a warning (in the summary; nothing for the unit to fix).
    run.put(
        "CD05.xlsx",
        &Book::ret(
            "CD05",
            CD05,
            Cell::D(2025, 1, 15),
            &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
            &[],
        ),
    );
    // A category matched by a fragment of its label: a warning naming the choice.
    let mut row = prop(18, "TT01", "DT2", n(1.0), n(10.0));
    row[2] = s("Nghĩa vụ quân sự");
    // A bad strike count says what was not counted.
    let mut book = Book::ret("CD06", CD06, report(), &[row], &[]);
    book.sheets[3].set(0, 1, s("không rõ"));
    run.put("CD06.xlsx", &book);
    let mut args = run.args();
    args.feedback = Some(run.out().join("phan-hoi"));
    let (w, j) = run.go_with(args);
    let after = issues(&w, Code::AfterAsOf);
    assert_eq!(after[0].severity, Severity::Warning);
    let approx = issues(&w, Code::CategoryApproximate);
    assert_eq!(approx[0].severity, Severity::Warning);
    assert!(approx[0].message.contains("TT03"), "{}", approx[0].message);
    assert_eq!(topic(&j, "TT03", "rows"), 1);
    let strikes = issues(&w, Code::NumberInvalid);
    assert!(
        strikes[0].message.contains("không được cộng vào tổng")
            && !strikes[0].message.contains("dòng này"),
        "{}",
        strikes[0].message
    );
    let feedback: Vec<String> = std::fs::read_dir(run.out().join("phan-hoi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    // CD06 has a cell to fix; CD05 was only sent after the as-of date: nothing to fix, no
    // feedback file.
    assert!(feedback.iter().any(|f| f.contains("CD06")), "{feedback:?}");
    assert!(!feedback.iter().any(|f| f.contains("CD05")), "{feedback:?}");
}

// 13. .xlsb -------------------------------------------------------------------------------

#[test]
fn an_xlsb_return_is_refused_with_advice() {
    let run = Run::new();
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in [
        "[Content_Types].xml",
        "xl/workbook.bin",
        "xl/worksheets/sheet1.bin",
    ] {
        z.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"\x00\x01").unwrap();
    }
    std::fs::write(
        run.inputs().join("CD05.xlsb"),
        z.finish().unwrap().into_inner(),
    )
    .unwrap();
    let (w, _) = run.go();
    let bad = issues(&w, Code::FileUnreadable);
    assert_eq!(
        bad.len(),
        1,
        "{:#?}",
        w.outcome.all_issues().collect::<Vec<_>>()
    );
    assert!(
        bad[0].message.contains(".xlsb") && bad[0].message.contains(".xlsx"),
        "{}",
        bad[0].message
    );
}

// 14. Hints that say what was probably meant ---------------------------------------------

#[test]
fn an_unknown_topic_and_a_mistyped_date_get_a_hint_and_are_not_counted() {
    let run = Run::new();
    let mut traffic = prop(18, "TT01", "DT2", n(2.0), n(30.0));
    traffic[2] = s("Luật giao thông đường bộ");
    let mut last_year = prop(20, "TT03", "DT2", n(1.0), n(15.0));
    last_year[1] = Cell::D(2023, 12, 20);
    let counted = prop(21, "TT04", "DT2", n(3.0), n(40.0));
    run.put(
        "CD05.xlsx",
        &Book::ret("CD05", CD05, report(), &[traffic, last_year, counted], &[]),
    );
    let (w, j) = run.go();
    let unknown = issues(&w, Code::CategoryUnknown);
    assert!(
        unknown[0].hint.as_deref().unwrap_or("").contains("TT08"),
        "{:?}",
        unknown[0]
    );
    let outside = issues(&w, Code::DateOutsideWindow);
    assert_eq!(
        outside[0].hint.as_deref(),
        Some("Có thể đã gõ nhầm năm: 20/12/2024 mới nằm trong đợt.")
    );
    // Hints change no figure: only the third row counts.
    assert_eq!(topic(&j, "TT08", "sessions"), 0);
    assert_eq!(topic(&j, "TT03", "sessions"), 0);
    assert_eq!(topic(&j, "TT04", "sessions"), 3);
}

#[test]
fn a_return_on_paper_counts_the_unit_as_reported_but_adds_no_figure() {
    let run = Run::new();
    let rows = || vec![prop(18, "TT01", "DT2", n(1.0), n(10.0))];
    run.put(
        "CD05.xlsx",
        &Book::ret("CD05", CD05, report(), &rows(), &[]),
    );
    // CD07's paper came on 28/12; the clerk typed it into the template on 03/01.
    run.put(
        "CD07.xlsx",
        &Book::ret("CD07", CD07, Cell::D(2025, 1, 3), &rows(), &[]),
    );
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(
        &log,
        "Tên tệp,Ngày nhận,Đơn vị\n,30/12/2024,CD06\n,28/12/2024,cd07\n,29/12/2024,CĐCS không có\n,02/01/2025,CD08\n,11/01/2025,CD09\n",
    )
    .unwrap();
    let mut args = run.args();
    args.received = Some(log);
    let (w, j) = run.go_with(args);
    // CD06: reported on paper, on time, no file, no row counted.
    let cd06 = unit(&j, "CD06");
    assert_eq!(cd06["status"], c::STATUS_ON_TIME);
    assert_eq!(cd06["submitted"], "2024-12-30");
    assert_eq!(cd06["source_key"], "receipt_log");
    assert_eq!(cd06["paper_received"], "2024-12-30");
    assert_eq!(cd06["file"], Value::Null);
    assert_eq!(cd06["rows_counted"], 0);
    // CD08: on paper after the deadline: late.
    assert_eq!(unit(&j, "CD08")["status"], c::STATUS_LATE);
    // CD07: on time by its paper; its figures count from the typed file.
    let cd07 = unit(&j, "CD07");
    assert_eq!(cd07["status"], c::STATUS_ON_TIME);
    assert_eq!(cd07["submitted"], "2024-12-28");
    assert_eq!(cd07["file"], "CD07.xlsx");
    assert_eq!(cd07["rows_counted"], 1);
    // … and its file, typed on 03/01, is not late for it: no late warning to chase.
    assert!(
        issues(&w, Code::LateSubmission).is_empty(),
        "{:#?}",
        issues(&w, Code::LateSubmission)
    );
    assert_eq!(cd07["warnings"], 0);
    // Figures: only the two files; paper adds none.
    assert_eq!(topic(&j, "TT01", "sessions"), 2);
    assert_eq!(topic(&j, "TT01", "attendance"), 20);
    assert_eq!(j["units"]["on_time"], 3, "{}", j["units"]);
    assert_eq!(j["units"]["late"], 1);
    assert!(
        j["per_unit"].get("CĐCS không có").is_none(),
        "an unknown unit credits nobody"
    );
    // The unknown unit is an issue pointing at its cell in the log.
    let unknown = issues(&w, Code::UnitNotInRoster);
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0].cell_a1().as_deref(), Some("C4"));
    assert!(unknown[0].message.contains("CĐCS không có"));
    // After the as-of day (10/01/2025): not reported yet, and said so.
    assert_eq!(unit(&j, "CD09")["status"], c::STATUS_MISSING);
    let after = issues(&w, Code::AfterAsOf);
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(after[0].cell_a1().as_deref(), Some("C6"));
    // `Tiến độ nộp` tells the paper apart and says its figures are not in the totals.
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&w.summary).unwrap();
    let sheet = wb.worksheet_range(c::SHEET_PROGRESS).unwrap();
    let row_of = |code: &str| {
        sheet
            .rows()
            .find(|r| r[0] == code)
            .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>())
            .unwrap()
    };
    let cd06 = row_of("CD06");
    assert_eq!(cd06[9], "Sổ nhận tệp (bản giấy)");
    assert!(
        cd06[6].contains("Nộp bản giấy ngày 30/12/2024; số liệu chưa có trong tổng hợp"),
        "{cd06:?}"
    );
    let cd07 = row_of("CD07");
    assert!(cd07[6].contains("số liệu tính theo tệp"), "{cd07:?}");
}
