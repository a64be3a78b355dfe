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
