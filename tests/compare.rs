//! This đợt beside the last (#29 item 5): `consolidate --compare EARLIER.json` sets every
//! list's figures beside the earlier đợt's on Tổng hợp, matched by code (new and dropped
//! categories said so), and the report says the headline change in words.

mod common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use calamine::Reader;
use serde_json::Value;

fn danvan(dir: &Path, args: &[&str]) {
    let o = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn this_period_beside_the_last_on_the_summary_and_in_the_report() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path();
    // Đợt II/2024: the demo's returns, consolidated with its JSON.
    std::fs::create_dir_all(d.join("dot2")).unwrap();
    danvan::cmd::demo::write_demo_returns(
        &danvan::plan::Plan::default_plan(),
        &danvan::roster::Roster::sample(),
        &d.join("dot2"),
    )
    .unwrap();
    danvan(
        d,
        &[
            "consolidate",
            "dot2",
            "--as-of",
            "10/01/2025",
            "--out",
            "o2/th.xlsx",
            "--json",
            "o2/t.json",
            "-q",
        ],
    );
    let last: Value = serde_json::from_slice(&std::fs::read(d.join("o2/t.json")).unwrap()).unwrap();
    assert_eq!(last["period"], "đợt II/2024");
    // A topic dropped since (TT42 only then) and one new now (TT10 absent then).
    let mut edited = last.clone();
    let topics = edited["propaganda"]["by_topic"].as_object_mut().unwrap();
    topics.remove("TT10");
    topics.insert(
        "TT42".into(),
        serde_json::json!({"rows": 1, "sessions": 3, "attendance": 40}),
    );
    std::fs::write(
        d.join("o2/t-sua.json"),
        serde_json::to_vec(&edited).unwrap(),
    )
    .unwrap();
    // Đợt I/2025: a plan from the last, returns made for it.
    danvan(d, &common::next_period_args("k.xlsx"));
    danvan(
        d,
        &["sample", "--plan", "k.xlsx", "--units", "12", "--out", "s"],
    );
    danvan(
        d,
        &[
            "consolidate",
            "s/returns",
            "--plan",
            "k.xlsx",
            "--roster",
            "s/roster.csv",
            "--as-of",
            "25/06/2025",
            "--out",
            "o1/th.xlsx",
            "--json",
            "o1/t.json",
            "--report",
            "o1/bc.docx",
            "--compare",
            "o2/t-sua.json",
            "-q",
        ],
    );
    let now: Value = serde_json::from_slice(&std::fs::read(d.join("o1/t.json")).unwrap()).unwrap();
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(d.join("o1/th.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let start = rows
        .iter()
        .position(|r| r[0] == "SO VỚI ĐỢT II/2024 (KẾ HOẠCH 73/KH-LĐLĐ)")
        .expect("the comparison section");
    let row = |code: &str| rows[start..].iter().find(|r| r[0] == code).unwrap().clone();
    let tt01 = row("TT01");
    let (then, now_s) = (
        last["propaganda"]["by_topic"]["TT01"]["sessions"]
            .as_i64()
            .unwrap(),
        now["propaganda"]["by_topic"]["TT01"]["sessions"]
            .as_i64()
            .unwrap(),
    );
    assert_eq!(tt01[2], then.to_string());
    assert_eq!(tt01[3], now_s.to_string());
    assert_eq!(tt01[4], danvan::compare::change(Some(now_s), Some(then)));
    assert_eq!(row("TT10")[4], "mới trong đợt này");
    assert_eq!(row("TT10")[2], "—", "never a silent 0");
    assert_eq!(row("TT42")[4], "không còn trong kế hoạch");
    // The report says the headline change in words.
    let mut xml = String::new();
    zip::ZipArchive::new(std::fs::File::open(d.join("o1/bc.docx")).unwrap())
        .unwrap()
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let sessions_now: i64 = now["propaganda"]["by_topic"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v["sessions"].as_i64().unwrap())
        .sum();
    let sessions_then: i64 = edited["propaganda"]["by_topic"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v["sessions"].as_i64().unwrap())
        .sum();
    let said = format!(
        "So với đợt II/2024: {}",
        danvan::compare::in_words(sessions_now, sessions_then, "buổi")
    );
    assert!(xml.contains(&said), "{said}");
    // A file that is no danvan JSON is refused at the edge.
    std::fs::write(d.join("x.json"), b"{\"a\": 1}").unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args([
            "consolidate",
            "s/returns",
            "--compare",
            "x.json",
            "--out",
            "o3/th.xlsx",
            "-q",
        ])
        .current_dir(d)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--compare"));
}
