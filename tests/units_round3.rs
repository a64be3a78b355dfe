//! What units really send, round 3: returns made by the units' own tools (openpyxl, and
//! LibreOffice filling danvan's own template), committed under `tests/fixtures/round3/` by
//! `scripts/round3_fixtures.py`, each run through `consolidate` with the figures, the
//! summary's rows, `Đối soát`, the issues and the feedback read back.

mod common;

use std::path::{Path, PathBuf};

use calamine::Reader;
use common::run::{issues, Run};
use danvan::issue::{Code, Severity};
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/round3")
        .join(name)
}

/// A run over one fixture (unit CD05 of the sample roster), feedback files written.
fn run_one(name: &str) -> (Run, danvan::cmd::consolidate::Written, Value) {
    let run = Run::new();
    std::fs::copy(fixture(name), run.inputs().join(name)).unwrap();
    let mut args = run.args();
    args.feedback = Some(run.out().join("phan-hoi"));
    let (w, j) = run.go_with(args);
    (run, w, j)
}

fn topic(j: &Value, code: &str, field: &str) -> i64 {
    j["propaganda"]["by_topic"][code][field].as_i64().unwrap()
}

fn activity(j: &Value, code: &str, field: &str) -> i64 {
    j["activities"][code][field].as_i64().unwrap()
}

/// The rows of `sheet` of the summary, as text.
fn summary_sheet(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let r = wb.worksheet_range(sheet).unwrap();
    r.rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The file's line of `Đối soát`: seen, counted, not counted, verdict.
fn reconciliation(w: &danvan::cmd::consolidate::Written, file: &str) -> Vec<String> {
    let rows = summary_sheet(&w.summary, danvan::summary::SHEET_RECONCILE);
    let row = rows.iter().find(|r| r[0] == file).unwrap();
    vec![
        row[2].clone(),
        row[3].clone(),
        row[4].clone(),
        row[6].clone(),
    ]
}

fn no_errors(w: &danvan::cmd::consolidate::Written) {
    let errors: Vec<String> = w
        .outcome
        .all_issues()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.line())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn feedback_files(run: &Run) -> usize {
    std::fs::read_dir(run.out().join("phan-hoi")).map_or(0, |d| d.count())
}

// 1. Lines around the table -----------------------------------------------------------------

#[test]
fn notes_headings_and_the_signature_block_raise_nothing_to_fix_and_figures_stay_exact() {
    let (run, w, j) = run_one("chu-ky-openpyxl.xlsx");
    no_errors(&w);
    // The three real rows (one typed among the notes) count; the total line does not.
    assert_eq!(topic(&j, "TT01", "attendance"), 80);
    assert_eq!(topic(&j, "TT03", "attendance"), 45);
    assert_eq!(topic(&j, "TT02", "attendance"), 30);
    assert_eq!(j["rows"]["counted"], 4);
    assert_eq!(activity(&j, "HD02", "value"), 1_500_000);
    // Said once per sheet, naming the lines.
    let notes = issues(&w, Code::RowNote);
    assert_eq!(notes.len(), 2, "{notes:#?}");
    let prop = notes
        .iter()
        .find(|i| i.sheet.as_deref() == Some("Tuyên truyền"))
        .unwrap();
    for line in [
        "dòng 2 \"I. Tuyên truyền pháp luật\"",
        "dòng 5 \"Đợt 2\"",
        "dòng 12 \"Người lập biểu TM. BAN CHẤP HÀNH\"",
        "dòng 13 \"CHỦ TỊCH\"",
        "dòng 17 \"Lê Thị Hoa Nguyễn Văn An\"",
    ] {
        assert!(prop.message.contains(line), "{line}: {}", prop.message);
    }
    assert!(!prop.message.contains("dòng 10"), "the real row is no note");
    // Nothing to fix: no feedback file, and the unit is on time without errors.
    assert_eq!(feedback_files(&run), 0);
    assert_eq!(j["per_unit"]["CD05"]["errors"], 0);
    assert_eq!(j["per_unit"]["CD05"]["warnings"], 0);
    assert_eq!(reconciliation(&w, "chu-ky-openpyxl.xlsx")[3], "Khớp");
}

// 2. Sheets copied for more rows ---------------------------------------------------------

#[test]
fn a_sheet_copied_for_more_rows_is_read_with_its_table_and_said() {
    for (file, copy) in [
        ("sao-chep-openpyxl.xlsx", "Tuyên truyền Copy"),
        ("sao-chep-libreoffice.xlsx", "Tuyên truyền_2"),
    ] {
        let (_run, w, j) = run_one(file);
        no_errors(&w);
        // Both sheets' rows: none of the copy's is lost.
        assert_eq!(topic(&j, "TT01", "attendance"), 80, "{file}");
        assert_eq!(topic(&j, "TT03", "attendance"), 45, "{file}");
        assert_eq!(topic(&j, "TT04", "attendance"), 60, "{file}");
        assert_eq!(topic(&j, "TT05", "attendance"), 90, "{file}");
        assert_eq!(topic(&j, "TT05", "sessions"), 3, "{file}");
        let said = issues(&w, Code::SheetCopy);
        assert_eq!(said.len(), 1, "{file}: {said:#?}");
        assert_eq!(said[0].sheet.as_deref(), Some(copy));
        assert!(said[0].message.contains("2 dòng"), "{}", said[0].message);
        // The summary points at the copy's own cells.
        let rows = summary_sheet(&w.summary, "Tuyên truyền");
        let sources: Vec<&str> = rows.iter().map(|r| r.last().unwrap().as_str()).collect();
        assert!(
            sources.contains(&format!("{copy}!A2").as_str()),
            "{file}: {sources:?}"
        );
        assert!(
            sources.contains(&format!("{copy}!A3").as_str()),
            "{file}: {sources:?}"
        );
        // Đối soát counts the copy's rows as seen and counted.
        let rec = reconciliation(&w, file);
        assert_eq!(rec[3], "Khớp", "{file}: {rec:?}");
        assert_eq!(rec[0], rec[1], "{file}: {rec:?}");
    }
}

#[test]
fn a_sheet_with_data_the_reader_cannot_place_is_named() {
    use common::book::{s, Book, Sheet};
    let run = Run::new();
    let mut book = Book::ret(
        "CD05",
        "CĐCS cơ quan UBND xã Phước Minh",
        common::book::Cell::D(2024, 12, 30),
        &[],
        &[],
    );
    let mut extra = Sheet::new("Số liệu tháng 11");
    extra.set(0, 0, s("Tuyên truyền tháng 11: 3 buổi, 120 lượt"));
    book.sheets.push(extra);
    run.put("CD05.xlsx", &book);
    let (w, _) = run.go();
    let named = issues(&w, Code::SheetUnknown);
    assert_eq!(named.len(), 1);
    assert!(named[0].message.contains("Số liệu tháng 11"));
    assert_eq!(
        named[0].found.as_deref(),
        Some("A1: Tuyên truyền tháng 11: 3 buổi, 120 lượt")
    );
}

// 3. Hidden and filtered rows ------------------------------------------------------------

#[test]
fn hidden_and_filtered_rows_count_and_are_said_in_every_format() {
    for file in [
        "an-dong-openpyxl.xlsx",
        "an-dong-libreoffice.ods",
        "an-dong-libreoffice.xls",
    ] {
        let (_run, w, j) = run_one(file);
        no_errors(&w);
        // What the unit typed counts, hidden or not.
        assert_eq!(topic(&j, "TT03", "attendance"), 45, "{file}");
        assert_eq!(activity(&j, "HD09", "value"), 4_000_000, "{file}");
        assert_eq!(j["rows"]["counted"], 5, "{file}");
        let hidden = issues(&w, Code::RowHidden);
        assert_eq!(hidden.len(), 2, "{file}: {hidden:#?}");
        let by_hand = hidden
            .iter()
            .find(|i| i.sheet.as_deref() == Some("Tuyên truyền"))
            .unwrap();
        assert_eq!(by_hand.cell_a1().as_deref(), Some("A3"), "{file}");
        assert!(
            by_hand.message.contains("bị ẩn: dòng 3"),
            "{file}: {}",
            by_hand.message
        );
        let filtered = hidden
            .iter()
            .find(|i| i.sheet.as_deref() == Some("Hoạt động"))
            .unwrap();
        assert!(
            filtered.message.contains("bộ lọc"),
            "{file}: {}",
            filtered.message
        );
    }
}

// 4. Money in other units -------------------------------------------------------------------

#[test]
fn money_in_thousands_is_counted_in_dong_and_said_once() {
    let (run, w, j) = run_one("nghin-dong-openpyxl.xlsx");
    no_errors(&w);
    // 1.500 nghìn, "2,5 triệu" (its own words) and 60.000 nghìn.
    assert_eq!(activity(&j, "HD02", "value"), 1_500_000);
    assert_eq!(activity(&j, "HD09", "value"), 2_500_000);
    assert_eq!(activity(&j, "HD01", "value"), 60_000_000);
    let scaled = issues(&w, Code::MoneyScaled);
    assert_eq!(scaled.len(), 1);
    assert_eq!(scaled[0].cell_a1().as_deref(), Some("G1"));
    // The unit's own total line (64.000 nghìn) agrees once scaled: no mismatch.
    assert!(issues(&w, Code::TotalMismatch).is_empty());
    assert!(issues(&w, Code::ValueOutlier).is_empty());
    assert_eq!(feedback_files(&run), 0);
    // The summary's row sheet carries đồng.
    let rows = summary_sheet(&w.summary, "Hoạt động");
    assert!(
        rows.iter().any(|r| r.iter().any(|c| c == "60000000")),
        "{rows:?}"
    );
}

// 6. A correction after the deadline ------------------------------------------------------

#[test]
fn a_correction_after_the_deadline_keeps_an_on_time_unit_on_time() {
    use common::book::{n, prop, Book, Cell};
    let run = Run::new();
    let name = "CĐCS cơ quan UBND xã Bàu Năng";
    let first = vec![prop(18, "TT01", "DT2", n(1.0), n(20.0))];
    let fixed = vec![prop(18, "TT01", "DT2", n(1.0), n(35.0))];
    run.put(
        "CD06.xlsx",
        &Book::ret("CD06", name, Cell::D(2024, 12, 30), &first, &[]),
    );
    run.put(
        "CD06 - sửa.xlsx",
        &Book::ret("CD06", name, Cell::D(2025, 1, 3), &fixed, &[]),
    );
    let (w, j) = run.go();
    let u = &j["per_unit"]["CD06"];
    // On time by its first return; the figures are the correction's.
    assert_eq!(u["status"], danvan::contract::STATUS_ON_TIME);
    assert_eq!(u["submitted"], "2024-12-30");
    assert_eq!(u["supplemented"], "2025-01-03");
    assert_eq!(u["file"], "CD06 - sửa.xlsx");
    assert_eq!(topic(&j, "TT01", "attendance"), 35);
    assert!(issues(&w, Code::LateSubmission).is_empty());
    // Tiến độ nộp and the page say it.
    let rows = summary_sheet(&w.summary, "Tiến độ nộp");
    let row = rows.iter().find(|r| r[0] == "CD06").unwrap();
    assert!(
        row.iter().any(|c| c.contains("Bổ sung ngày 03/01/2025")),
        "{row:?}"
    );
    let plan = danvan::plan::Plan::default_plan();
    let page = danvan::serve::view::outcome_view(&w.outcome, &plan, 2);
    let unit = page["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "CD06")
        .unwrap();
    assert_eq!(
        unit["supplement_note"],
        "Bổ sung ngày 03/01/2025; số liệu theo tệp bổ sung"
    );
    // A unit whose first return was itself late stays late.
    let run = Run::new();
    run.put(
        "CD06.xlsx",
        &Book::ret("CD06", name, Cell::D(2025, 1, 2), &first, &[]),
    );
    run.put(
        "CD06 - sửa.xlsx",
        &Book::ret("CD06", name, Cell::D(2025, 1, 3), &fixed, &[]),
    );
    let (_, j) = run.go();
    assert_eq!(
        j["per_unit"]["CD06"]["status"],
        danvan::contract::STATUS_LATE
    );
    assert_eq!(j["per_unit"]["CD06"]["submitted"], "2025-01-02");
}

// 5. Receipt logs as staff type them ------------------------------------------------------

#[test]
fn every_line_of_a_hand_typed_receipt_log_is_matched_or_said() {
    use common::book::{n, prop, Book, Cell};
    let run = Run::new();
    let rows = vec![prop(18, "TT01", "DT2", n(1.0), n(20.0))];
    let late = Cell::D(2025, 1, 3);
    run.put(
        "Báo cáo CD04.xlsx",
        &Book::ret(
            "CD04",
            "CĐCS cơ quan UBND xã Phước Ninh",
            late.clone(),
            &rows,
            &[],
        ),
    );
    run.put(
        "BC gửi LĐLĐ.xlsx",
        &Book::ret(
            "CD06",
            "CĐCS cơ quan UBND xã Bàu Năng",
            late.clone(),
            &rows,
            &[],
        ),
    );
    run.put(
        "CD07 bản sửa cuối.xlsx",
        &Book::ret("CD07", "CĐCS cơ quan UBND xã Chà Là", late, &rows, &[]),
    );
    // As staff type it: no extension (Explorer hides it), other case, no diacritics, two
    // spaces; a unit code where the file was expected; a file not in the folder; a unit
    // that sent nothing yet.
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(
        &log,
        "Tên tệp,Ngày nhận\nbao cao  cd04,30/12/2024\nCD06,31/12/2024\nCD07 ban sua.xlsx,31/12/2024\nCD08,30/12/2024\n",
    )
    .unwrap();
    let mut args = run.args();
    args.received = Some(log);
    let (w, j) = run.go_with(args);
    for code in ["CD04", "CD06"] {
        let u = &j["per_unit"][code];
        assert_eq!(u["status"], danvan::contract::STATUS_ON_TIME, "{code}: {u}");
        assert_eq!(u["source_key"], "receipt_log", "{code}: {u}");
    }
    // CD07: its line names a file that is not there; the unit stays dated by its own paper.
    assert_eq!(
        j["per_unit"]["CD07"]["status"],
        danvan::contract::STATUS_LATE
    );
    let said = issues(&w, Code::ReceiptUnmatched);
    assert_eq!(said.len(), 2, "{said:#?}");
    let at: Vec<String> = said
        .iter()
        .map(|i| i.cell_a1().unwrap_or_default())
        .collect();
    assert_eq!(at, ["A4", "A5"]);
    assert!(said.iter().all(|i| i.file == "so-nhan.csv"));
    assert!(
        said[0]
            .hint
            .as_deref()
            .unwrap()
            .contains("CD07 bản sửa cuối.xlsx"),
        "{:#?}",
        said[0]
    );
    assert!(said[1].message.contains("CD08"), "{}", said[1].message);
    // An xlsx log typed in Excel reads the same.
    let run2 = Run::new();
    for f in std::fs::read_dir(run.inputs()).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), run2.inputs().join(f.file_name())).unwrap();
    }
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Sổ nhận").unwrap();
    for (r, (a, b)) in [
        ("Tên tệp", "Ngày nhận"),
        ("BÁO CÁO CD04", "30/12/2024"),
        ("CD06", "31/12/2024"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *a).unwrap();
        ws.write_string(r as u32, 1, *b).unwrap();
    }
    let xlsx_log = run2.dir.path().join("so-nhan.xlsx");
    book.save(&xlsx_log).unwrap();
    let mut args = run2.args();
    args.received = Some(xlsx_log);
    let (w2, j2) = run2.go_with(args);
    assert_eq!(j2["per_unit"]["CD04"]["source_key"], "receipt_log");
    assert_eq!(j2["per_unit"]["CD06"]["source_key"], "receipt_log");
    assert!(issues(&w2, Code::ReceiptUnmatched).is_empty());
}

// 7. Roster names told apart by a place -----------------------------------------------------

#[test]
fn names_told_apart_by_a_place_go_to_the_unit_the_place_decides() {
    use common::book::{n, prop, s, Book, Cell};
    let run = Run::new();
    let roster = run.dir.path().join("danh-sach.csv");
    std::fs::write(
        &roster,
        "Mã đơn vị,Tên công đoàn cơ sở,Khối,Xã, thị trấn,Người liên hệ,Số điện thoại\n\
         LDLD,Ban Thường vụ LĐLĐ huyện,,,,\n\
         MN01,MN Hoa Sen (xã Phan),Giáo dục,Xã Phan,,\n\
         MN02,MN Hoa Sen (xã Bến Củi),Giáo dục,Xã Bến Củi,,\n\
         MG03,MG Sao Mai – xã Phan,Giáo dục,Xã Phan,,\n\
         MG04,MG Sao Mai xã Truông Mít,Giáo dục,Xã Truông Mít,,\n"
            .replace("Xã, thị trấn", "\"Xã, thị trấn\""),
    )
    .unwrap();
    let ret = |name: &str, commune: &str, attendance: f64| {
        let mut b = Book::ret(
            "",
            name,
            Cell::D(2024, 12, 30),
            &[prop(18, "TT01", "DT2", n(1.0), n(attendance))],
            &[],
        );
        b.sheets[0].set(2, 1, s(commune));
        b
    };
    // The `Xã, thị trấn` cell decides; the file name decides; the place typed with the
    // name decides; nothing decides: neither unit.
    run.put("bao-cao-1.xlsx", &ret("MN Hoa Sen", "Xã Bến Củi", 11.0));
    run.put("MN Hoa Sen - Phan.xlsx", &ret("MN Hoa Sen", "", 22.0));
    run.put("bao-cao-3.xlsx", &ret("MG Sao Mai (Truông Mít)", "", 33.0));
    run.put("bao-cao-4.xlsx", &ret("MN Hoa Sen", "", 44.0));
    let mut args = run.args();
    args.common.roster = Some(roster);
    let (w, j) = run.go_with(args);
    let file_of = |code: &str| j["per_unit"][code]["file"].as_str().map(str::to_string);
    assert_eq!(file_of("MN02").as_deref(), Some("bao-cao-1.xlsx"));
    assert_eq!(file_of("MN01").as_deref(), Some("MN Hoa Sen - Phan.xlsx"));
    assert_eq!(file_of("MG04").as_deref(), Some("bao-cao-3.xlsx"));
    assert_eq!(file_of("MG03"), None);
    // 11 + 22 + 33: the undecided return counts for nobody.
    assert_eq!(topic(&j, "TT01", "attendance"), 66);
    assert_eq!(j["units"]["extra"], 0, "never an extra unit either");
    // The summary's header names the district's roster by count and file, no folder path.
    let header = &summary_sheet(&w.summary, danvan::summary::SHEET_SUMMARY)[2][0];
    assert!(
        header.ends_with("Danh sách đơn vị: 5 đơn vị, tệp danh-sach.csv."),
        "{header}"
    );
    let tied: Vec<_> = issues(&w, Code::UnitUnidentified)
        .into_iter()
        .filter(|i| i.file == "bao-cao-4.xlsx")
        .collect();
    assert_eq!(tied.len(), 1);
    assert!(
        tied[0].message.contains("MN Hoa Sen (xã Phan)")
            && tied[0].message.contains("MN Hoa Sen (xã Bến Củi)"),
        "{}",
        tied[0].message
    );
}

// `check` reads the same way ----------------------------------------------------------------

#[test]
fn check_reads_copied_sheets_hidden_rows_and_thousands_as_consolidate_does() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("check")
        .arg(fixture("sao-chep-openpyxl.xlsx"))
        .arg(fixture("an-dong-libreoffice.ods"))
        .arg(fixture("nghin-dong-openpyxl.xlsx"))
        .arg(fixture("chu-ky-openpyxl.xlsx"))
        .arg("--json")
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = |name: &str| {
        v["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["file"] == name)
            .unwrap()
            .clone()
    };
    let codes = |f: &Value| -> Vec<String> {
        f["issues"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["code"].as_str().unwrap().to_string())
            .collect()
    };
    let copied = file("sao-chep-openpyxl.xlsx");
    let sheets: Vec<&str> = copied["propaganda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["sheet"].as_str().unwrap())
        .collect();
    assert_eq!(
        sheets,
        [
            "Tuyên truyền",
            "Tuyên truyền",
            "Tuyên truyền Copy",
            "Tuyên truyền Copy"
        ]
    );
    assert!(codes(&copied).contains(&"sheet-copy".to_string()));
    assert_eq!(
        codes(&file("an-dong-libreoffice.ods")),
        ["row-hidden", "row-hidden"]
    );
    let thousands = file("nghin-dong-openpyxl.xlsx");
    let values: Vec<i64> = thousands["activities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["value"].as_i64().unwrap())
        .collect();
    assert_eq!(values, [1_500_000, 2_500_000, 60_000_000]);
    let signed = file("chu-ky-openpyxl.xlsx");
    assert!(
        codes(&signed)
            .iter()
            .all(|c| c == "row-note" || c == "total-row"),
        "{:?}",
        codes(&signed)
    );
    // Nothing to fix in any of them: check exits 0.
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// Feedback asks only for what must be fixed (#31 item 6) -------------------------------------

#[test]
fn a_unit_with_warnings_only_is_not_asked_to_resend() {
    let (run, _w, _j) = run_one("sao-chep-openpyxl.xlsx");
    let dir = run.out().join("phan-hoi");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&file).unwrap();
    let sheet = wb.worksheet_range("Phản hồi").unwrap();
    let ask = sheet.get_value((1, 0)).unwrap().to_string();
    assert!(ask.contains("không cần gửi lại"), "{ask}");
    assert!(!ask.contains("gửi lại trước ngày"), "{ask}");
}
