//! Issue #24: no file can take the run down. Untrusted workbooks are read in worker
//! processes with hard limits; the real binary is run over good returns plus the file a
//! fuzzer found (`xls-dense-range-137GB.xls`: calamine asks for 137 GB).

mod common;

use std::path::Path;
use std::process::Command;

use common::book::{n, prop, Book, Cell};
use serde_json::Value;

const FUZZ_XLS: &str = "tests/fixtures/fuzz/xls-dense-range-137GB.xls";

fn danvan() -> Command {
    Command::new(env!("CARGO_BIN_EXE_danvan"))
}

/// Ten good returns (CD01…CD10), one row each.
fn good_returns(dir: &Path) {
    for i in 1..=10 {
        let code = format!("CD{i:02}");
        let rows = vec![prop(18, "TT01", "DT2", n(1.0), n(10.0 * i as f64))];
        let book = Book::ret(&code, "", Cell::D(2024, 12, 30), &rows, &[]);
        std::fs::write(dir.join(format!("{code}.xlsx")), book.bytes()).unwrap();
    }
}

fn consolidate(inputs: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> (i32, Value) {
    let mut cmd = danvan();
    cmd.arg("consolidate")
        .arg(inputs)
        .arg("--out")
        .arg(out.join("tong-hop.xlsx"))
        .arg("--json")
        .arg(out.join("tong-hop.json"))
        .args(["--as-of", "10/01/2025", "--quiet", "--no-cache"])
        .args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().unwrap();
    let code = o.status.code().unwrap_or(-1);
    let json = std::fs::read(out.join("tong-hop.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    assert!(
        json != Value::Null,
        "no JSON written; stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    (code, json)
}

/// The `Lỗi - cảnh báo` sheet of the summary written in `out`, one line per row.
fn record(out: &Path) -> String {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(out.join("tong-hop.xlsx")).unwrap();
    let range = wb.worksheet_range(danvan::contract::SHEET_ISSUES).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_fuzzed_xls_is_refused_before_parsing_and_the_run_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("bao-cao");
    std::fs::create_dir_all(&inputs).unwrap();
    good_returns(&inputs);
    let clean = dir.path().join("clean");
    let (code, without) = consolidate(&inputs, &clean, &[], &[]);
    assert_eq!(code, 0);
    std::fs::copy(FUZZ_XLS, inputs.join("CD11.xls")).unwrap();
    let out = dir.path().join("out");
    let (code, with) = consolidate(&inputs, &out, &[], &[]);
    assert_eq!(code, 0);
    assert_eq!(with["rows"], without["rows"]);
    assert_eq!(with["propaganda"], without["propaganda"]);
    assert_eq!(with["issues"]["by_code"]["file-unreadable"], 1);
    let rec = record(&out);
    let line = rec.lines().find(|l| l.contains("CD11.xls")).unwrap();
    assert!(line.contains("vùng") && line.contains("ô"), "{line}");
    // `check` on the file alone: exit 1 with the reason, in well under a second of work.
    let o = danvan().arg("check").arg(FUZZ_XLS).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("file-unreadable") && text.contains("vượt giới hạn"),
        "{text}"
    );
}

#[test]
fn a_worker_that_runs_out_of_memory_costs_one_file_not_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("bao-cao");
    std::fs::create_dir_all(&inputs).unwrap();
    good_returns(&inputs);
    std::fs::copy(FUZZ_XLS, inputs.join("CD11.xls")).unwrap();
    let out = dir.path().join("out");
    // With the pre-flight door left open, calamine meets the file inside a worker.
    let skip = [(danvan::read::SKIP_XLS_CHECK, "1")];
    let (code, j) = consolidate(&inputs, &out, &[], &skip);
    assert_eq!(code, 0);
    assert_eq!(
        j["rows"]["counted"], 10,
        "every good row counted: {}",
        j["rows"]
    );
    assert_eq!(j["issues"]["by_code"]["file-unreadable"], 1);
    let rec = record(&out);
    let line = rec.lines().find(|l| l.contains("CD11.xls")).unwrap();
    assert!(line.contains("bộ nhớ"), "{line}");
    // `check` alike: exit 1 and the reason, not a killed process.
    let o = danvan()
        .arg("check")
        .arg(FUZZ_XLS)
        .env(danvan::read::SKIP_XLS_CHECK, "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("bộ nhớ"), "{text}");
}

#[test]
fn a_file_that_takes_longer_than_max_seconds_is_listed_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("bao-cao");
    std::fs::create_dir_all(&inputs).unwrap();
    good_returns(&inputs);
    // A large valid workbook: 90,000 rows of 20 numbers on its propaganda sheet.
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    ws.set_name(danvan::contract::SHEET_PROPAGANDA).unwrap();
    for (i, h) in danvan::contract::PROPAGANDA_HEADERS.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    for r in 1..90_000u32 {
        for col in 0..20u16 {
            ws.write_number(r, col, (r + col as u32) as f64).unwrap();
        }
    }
    wb.save(inputs.join("CD12.xlsx")).unwrap();
    let out = dir.path().join("out");
    let (code, j) = consolidate(&inputs, &out, &["--max-seconds", "1"], &[]);
    assert_eq!(code, 0);
    assert_eq!(j["rows"]["counted"], 10);
    let rec = record(&out);
    let line = rec.lines().find(|l| l.contains("CD12.xlsx")).unwrap();
    assert!(line.contains("quá") && line.contains("giây"), "{line}");
}
