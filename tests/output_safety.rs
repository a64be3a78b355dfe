//! Outputs: text from returns is never a formula, and the same inputs give the same bytes.

use calamine::{open_workbook, Data, Reader, Xlsx};
use danvan::contract as c;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

mod common;

/// A return whose free-text cells start with the characters spreadsheets treat as formulas.
fn return_with_formula_like_text() -> Vec<u8> {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let d = ExcelDateTime::from_ymd(2024, 12, 20).unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_INFO).unwrap();
    for (r, (k, v)) in [
        (c::INFO_CODE, "CD05"),
        (c::INFO_NAME, "CĐCS cơ quan UBND xã Phước Minh"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *k).unwrap();
        ws.write_string(r as u32, 1, *v).unwrap();
    }
    ws.write_string(2, 0, c::INFO_REPORT_DATE).unwrap();
    ws.write_datetime_with_format(2, 1, ExcelDateTime::from_ymd(2024, 12, 30).unwrap(), &date)
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_PROPAGANDA).unwrap();
    for (i, h) in c::PROPAGANDA_HEADERS.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_datetime_with_format(1, 1, &d, &date).unwrap();
    for (col, v) in [(2, "TT01"), (4, "DT1")] {
        ws.write_string(1, col, v).unwrap();
    }
    ws.write_number(1, 5, 1).unwrap();
    ws.write_number(1, 6, 30).unwrap();
    ws.write_string(1, 8, "=HYPERLINK(\"http://example.invalid\",\"bấm vào\")")
        .unwrap();
    ws.write_string(1, 9, "@SUM(A1:A2)").unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_ACTIVITIES).unwrap();
    for (i, h) in c::ACTIVITY_HEADERS.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.write_number(1, 0, 1).unwrap();
    ws.write_datetime_with_format(1, 1, &d, &date).unwrap();
    ws.write_string(1, 2, "HD05").unwrap();
    ws.write_string(1, 3, "+84 912 345 678").unwrap();
    ws.write_number(1, 4, 1).unwrap();
    ws.write_string(1, 7, "-Đoàn thanh niên").unwrap();
    wb.save_to_buffer().unwrap()
}

fn consolidate(inputs: &std::path::Path, out: &std::path::Path) {
    let mut args = common::consolidate_args(inputs, out);
    args.feedback = Some(out.join("phan-hoi"));
    danvan::cmd::consolidate::execute(&args).unwrap();
}

#[test]
fn text_that_looks_like_a_formula_stays_text_and_runs_are_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("bc");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(returns.join("CD05.xlsx"), return_with_formula_like_text()).unwrap();
    let plan = danvan::plan::Plan::default_plan();
    let roster = danvan::roster::Roster::sample();
    for (i, u) in roster.units.iter().enumerate().skip(6).take(6) {
        let bytes = danvan::sample::return_workbook(
            &plan,
            u,
            &mut danvan::sample::Rng::new(i as u64),
            danvan::sample::Profile::Clean,
        )
        .unwrap();
        std::fs::write(returns.join(format!("{}.xlsx", u.code)), bytes).unwrap();
    }
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    consolidate(&returns, &a);
    consolidate(&returns, &b);
    for name in ["tong-hop.xlsx", "tong-hop.json"] {
        assert_eq!(
            std::fs::read(a.join(name)).unwrap(),
            std::fs::read(b.join(name)).unwrap(),
            "{name} differs between two runs on the same inputs"
        );
    }

    let mut wb: Xlsx<_> = open_workbook(a.join("tong-hop.xlsx")).unwrap();
    let mut seen = 0;
    for sheet in [c::SHEET_PROPAGANDA, c::SHEET_ACTIVITIES] {
        let formulas = wb.worksheet_formula(sheet).unwrap();
        assert!(
            formulas.used_cells().all(|(_, _, f)| f.is_empty()),
            "{sheet} holds a formula"
        );
        let range = wb.worksheet_range(sheet).unwrap();
        for (_, _, v) in range.used_cells() {
            if let Data::String(s) = v {
                if s.starts_with(['=', '+', '-', '@']) {
                    seen += 1;
                }
            }
        }
    }
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("tong-hop.json")).unwrap()).unwrap();
    assert_eq!(
        seen, 4,
        "the four formula-like texts are kept as text: {}",
        json["per_unit"]["CD05"]
    );
}

#[test]
fn earlier_outputs_among_the_returns_are_never_read_as_returns() {
    let dir = tempfile::tempdir().unwrap();
    let returns = dir.path().join("bc");
    std::fs::create_dir_all(&returns).unwrap();
    std::fs::write(returns.join("CD05.xlsx"), return_with_formula_like_text()).unwrap();
    let first = dir.path().join("first");
    consolidate(&returns, &first);
    // Last run's summary copied among the returns, and this run's feedback folder inside them.
    std::fs::copy(
        first.join("tong-hop.xlsx"),
        returns.join("tong-hop-cu.xlsx"),
    )
    .unwrap();
    // A feedback folder inside the returns would mix danvan's files with the units': refused.
    let mut args = common::consolidate_args(&returns, &dir.path().join("second"));
    args.json = None;
    args.feedback = Some(returns.join("phan-hoi"));
    let refused = danvan::cmd::consolidate::execute(&args)
        .err()
        .expect("refused");
    assert!(refused.0.contains("phan-hoi"), "{}", refused.0);
    assert!(
        !returns.join("phan-hoi").exists(),
        "nothing was written among the returns"
    );
    args.feedback = Some(dir.path().join("phan-hoi"));
    let again = danvan::cmd::consolidate::execute(&args).unwrap();
    let o = &again.outcome;
    let old = o
        .submissions
        .iter()
        .find(|s| s.file == "tong-hop-cu.xlsx")
        .unwrap();
    assert_eq!(old.issues[0].code, danvan::issue::Code::NotAReturn);
    assert!(old.issues[0].message.contains("tổng hợp"));
    assert_eq!(o.rows_counted(), 2);
}

/// The row numbers (written, or implied by the row before) of every worksheet part of the
/// workbook at `path`.
fn row_numbers(path: &std::path::Path) -> Vec<(String, Vec<u32>)> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok())
        .map(|n| n.to_string())
        .collect();
    names
        .into_iter()
        .filter(|n| n.starts_with("xl/worksheets/sheet"))
        .map(|n| {
            let mut xml = String::new();
            zip.by_name(&n).unwrap().read_to_string(&mut xml).unwrap();
            // A row without a number follows the row before it (the row-level sheets'
            // data rows carry none).
            let mut last = 0;
            let rows = (xml.match_indices("<row").map(|(i, _)| &xml[i..]))
                .filter(|rest| rest[4..].starts_with([' ', '>', '/']))
                .map(|rest| {
                    let tag = &rest[..rest.find('>').unwrap_or(rest.len())];
                    last = match tag.find(" r=\"") {
                        Some(at) => {
                            let number = &tag[at + 4..];
                            number[..number.find('"').unwrap()].parse().unwrap()
                        }
                        None => last + 1,
                    };
                    last
                })
                .collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn every_sheet_numbers_its_rows_once_each_in_order() {
    // Excel reads a sheet with a row number twice as damaged and offers to repair it
    // (rust_xlsxwriter's constant-memory sheets did so for a last row with its own height).
    let dir = tempfile::tempdir().unwrap();
    danvan::cmd::demo::run(dir.path()).unwrap();
    let mut books: Vec<std::path::PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let feedback = dir.path().join("phan-hoi");
    if feedback.is_dir() {
        books.extend(
            std::fs::read_dir(feedback)
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
    }
    assert!(books.len() >= 2, "{books:?}");
    let mut sheets = 0;
    for book in &books {
        for (part, rows) in row_numbers(book) {
            sheets += 1;
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "{}: {part}: rows {:?}",
                book.display(),
                rows.windows(2).find(|w| w[0] >= w[1])
            );
        }
    }
    assert!(sheets >= 10, "{sheets} sheets");
}
