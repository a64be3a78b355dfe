//! Re-runs (docs/tong-hop.md): the demo, then returns change, then `consolidate` again for the
//! same summary — the terminal lines and the `Thay đổi` sheet say what changed; the run
//! record lists every file with its hash; a corrupt state is ignored with a note.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook, Reader, Xlsx};
use common::book::{n, prop, Book, Cell};
use danvan::cmd::consolidate::execute;

fn summary_of(dir: &Path) -> PathBuf {
    let plan = danvan::plan::Plan::default_plan();
    dir.join(format!(
        "tong-hop-{}.xlsx",
        danvan::parse::text::ascii_slug(&plan.short_name, 60)
    ))
}

/// A return of CD03, which the demo lacks (it comes between CD02 and CD04 in the roster).
fn cd03_return() -> Book {
    Book::ret(
        "CD03",
        "CĐCS cơ quan UBND xã Phan",
        Cell::D(2024, 12, 30),
        &[prop(18, "TT01", "DT2", n(1.0), n(10.0))],
        &[],
    )
}

/// `consolidate` over the demo's returns into the demo's summary.
fn again(dir: &Path) -> danvan::cmd::consolidate::Written {
    let mut args = common::consolidate_args(&dir.join("bao-cao-mau"), dir);
    args.out = Some(summary_of(dir));
    args.json = Some(dir.join("tong-hop.json"));
    execute(&args).expect("consolidate runs")
}

fn lines(w: &danvan::cmd::consolidate::Written) -> String {
    w.delta.lines(20).join("\n")
}

fn changes_sheet(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let range = wb.worksheet_range(danvan::summary::SHEET_CHANGES).unwrap();
    range
        .rows()
        .skip(1)
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

#[test]
fn a_rerun_says_what_changed_and_the_record_lists_every_file() {
    let dir = tempfile::tempdir().unwrap();
    danvan::cmd::demo::run(dir.path()).unwrap();
    let summary = summary_of(dir.path());
    assert!(changes_sheet(&summary)[0].contains("Lần tổng hợp đầu tiên"));

    // Nothing changed: it says so, and the record and state are the same bytes.
    let record = danvan::state::record_path(&summary);
    let state = danvan::state::state_path(&summary);
    let (record1, state1) = (
        std::fs::read(&record).unwrap(),
        std::fs::read(&state).unwrap(),
    );
    let w = again(dir.path());
    assert!(lines(&w).contains("không có gì thay đổi"), "{}", lines(&w));
    assert_eq!(std::fs::read(&record).unwrap(), record1);
    assert_eq!(std::fs::read(&state).unwrap(), state1);
    let text = String::from_utf8(record1).unwrap();
    for s in &w.outcome.submissions {
        let hash = format!("{:032x}", s.hash.unwrap_or(0));
        assert!(
            text.contains(&s.file) && (s.hash.is_none() || text.contains(&hash)),
            "{}",
            s.file
        );
        // Every file read as a unit's return names that unit, counted or replaced.
        let (code, _) = danvan::model::unit_label(&w.outcome, s);
        let line = text.lines().find(|l| l.contains(&s.file)).unwrap();
        assert!(line.contains(&format!(",{code},")), "{line}");
    }
    assert!(
        text.contains(",CD02,không được tính (bị tệp mới hơn thay thế),"),
        "the demo's older resend is listed as replaced:\n{text}"
    );

    // CD01's return is taken away, CD03 (missing until now) sends one.
    let returns = dir.path().join("bao-cao-mau");
    let cd01 = std::fs::read_dir(&returns)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains("CD01 "))
        .unwrap();
    std::fs::remove_file(&cd01).unwrap();
    let cd03 = cd03_return();
    std::fs::write(returns.join("CD03.xlsx"), cd03.bytes()).unwrap();
    let w = again(dir.path());
    let said = lines(&w);
    assert!(said.contains("Đổi trạng thái: 2"), "{said}");
    assert!(
        said.contains("Tệp mới: 1") && said.contains("Tệp không còn trong thư mục: 1"),
        "{said}"
    );
    assert!(
        said.contains("CD03") && said.contains("Chưa nộp → Đúng hạn"),
        "{said}"
    );
    let sheet = changes_sheet(&summary).join("\n");
    assert!(
        sheet.contains("CD01") && sheet.contains("Đúng hạn | Chưa nộp"),
        "{sheet}"
    );
    assert!(sheet.contains("Tệp mới | CD03.xlsx"), "{sheet}");

    // A corrupt state is ignored with a note, never a crash.
    std::fs::write(&state, b"{ not json").unwrap();
    let w = again(dir.path());
    assert!(
        lines(&w).contains("Không dùng được trạng thái lần trước"),
        "{}",
        lines(&w)
    );
}

/// The demo made in `dir`: its folder of returns.
fn demo_returns(dir: &Path) -> PathBuf {
    danvan::cmd::demo::run(&dir.join("demo")).unwrap();
    dir.join("demo").join("bao-cao-mau")
}

/// The demo's returns consolidated twice into `dir` (`no_cache` or not); the second run's
/// summary, JSON and run record.
fn twice(returns: &Path, dir: &Path, no_cache: bool) -> Vec<Vec<u8>> {
    let mut args = common::consolidate_args(returns, dir);
    args.no_cache = no_cache;
    execute(&args).unwrap();
    let w = execute(&args).unwrap();
    [
        w.summary.clone(),
        dir.join("tong-hop.json"),
        danvan::state::record_path(&w.summary),
    ]
    .iter()
    .map(|p| std::fs::read(p).unwrap())
    .collect()
}

#[test]
fn the_cache_gives_the_same_bytes_and_is_really_used() {
    let dir = tempfile::tempdir().unwrap();
    let returns = demo_returns(dir.path());
    let cached = twice(&returns, &dir.path().join("a"), false);
    let fresh = twice(&returns, &dir.path().join("b"), true);
    assert!(cached == fresh, "outputs differ with and without the cache");
    let cache = danvan::cache::cache_path(&dir.path().join("a").join("tong-hop.xlsx"));
    assert!(cache.exists());
    assert!(!danvan::cache::cache_path(&dir.path().join("b").join("tong-hop.xlsx")).exists());

    // A cache entry changed by hand shows through: the run used it rather than re-reading.
    // (A reporter's name overwritten in place by as many bytes: the entry stays whole.)
    let mut args = common::consolidate_args(&returns, &dir.path().join("a"));
    args.quiet = true;
    let reporter = execute(&args)
        .unwrap()
        .outcome
        .submissions
        .iter()
        .map(|s| s.info.reporter.clone())
        .find(|r| r.len() >= 4)
        .expect("a demo return names its reporter");
    let mut bytes = std::fs::read(&cache).unwrap();
    let at = bytes
        .windows(reporter.len())
        .position(|w| w == reporter.as_bytes())
        .expect("the reporter is in the cache");
    let marker = "Z".repeat(reporter.len());
    bytes[at..at + reporter.len()].copy_from_slice(marker.as_bytes());
    std::fs::write(&cache, bytes).unwrap();
    let w = execute(&args).unwrap();
    assert!(w
        .outcome
        .submissions
        .iter()
        .any(|s| s.info.reporter == marker));
    // A cache for another plan (here: other limits) is never used.
    args.limits.max_rows += 1;
    let w = execute(&args).unwrap();
    assert!(!w
        .outcome
        .submissions
        .iter()
        .any(|s| s.info.reporter == marker));
}

/// Every part of an `.xlsx` by name.
fn parts(path: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Of two summaries' parts, the same names, and differing only in one sheet (`Thay đổi`)
/// and the size of the table on it; that sheet's part name.
fn only_the_changes_sheet_differs(
    a: &std::collections::BTreeMap<String, Vec<u8>>,
    b: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    let differ: Vec<&String> = (a.iter())
        .filter(|(name, bytes)| b[*name] != **bytes)
        .map(|(name, _)| name)
        .collect();
    let sheets: Vec<String> = (differ.iter())
        .filter(|n| n.starts_with("xl/worksheets/"))
        .map(|n| n.to_string())
        .collect();
    assert_eq!(sheets.len(), 1, "{differ:?}");
    assert!(
        differ.len() <= 2
            && differ
                .iter()
                .all(|n| n.starts_with("xl/worksheets/") || n.starts_with("xl/tables/")),
        "{differ:?}"
    );
    sheets
}

#[test]
fn a_rerun_writes_what_the_cold_run_wrote_but_what_changed() {
    let dir = tempfile::tempdir().unwrap();
    let returns = demo_returns(dir.path());
    let out = dir.path().join("out");
    let mut args = common::consolidate_args(&returns, &out);
    args.report = Some(out.join("bao-cao.docx"));
    let read = |w: &danvan::cmd::consolidate::Written| {
        (
            parts(&w.summary),
            std::fs::read(out.join("tong-hop.json")).unwrap(),
            std::fs::read(out.join("bao-cao.docx")).unwrap(),
            std::fs::read(danvan::state::record_path(&w.summary)).unwrap(),
        )
    };
    let cold = read(&execute(&args).unwrap());
    // The re-run takes every return from the cache (nothing is read again).
    let rerun = read(&execute(&args).unwrap());
    assert!(cold.1 == rerun.1, "the JSON differs");
    assert!(cold.2 == rerun.2, "the report differs");
    assert!(cold.3 == rerun.3, "the run record differs");
    // Of the summary, only the `Thay đổi` sheet: the first run, then what did not change.
    let sheets = only_the_changes_sheet_differs(&cold.0, &rerun.0);
    let text = |b: &[u8]| String::from_utf8_lossy(b).to_string();
    assert!(text(&cold.0[&sheets[0]]).contains("Lần tổng hợp đầu tiên"));
    let after = text(&rerun.0[&sheets[0]]);
    // (The demo's missing units are listed as still missing.)
    assert!(
        after.contains("Đơn vị / tệp") && !after.contains("Lần tổng hợp đầu tiên"),
        "{after}"
    );
}

#[test]
fn when_the_summary_cannot_be_replaced_no_paper_of_the_run_replaces_the_last_ones() {
    let dir = tempfile::tempdir().unwrap();
    let returns = demo_returns(dir.path());
    let out = dir.path().join("out");
    let mut args = common::consolidate_args(&returns, &out);
    args.report = Some(out.join("bao-cao.docx"));
    let w = execute(&args).unwrap();
    let json = std::fs::read(out.join("tong-hop.json")).unwrap();
    let report = std::fs::read(out.join("bao-cao.docx")).unwrap();
    // The summary's place taken by a folder (as a file open in Excel on Windows: it
    // cannot be replaced); figures taken a day later change the JSON and the report.
    std::fs::remove_file(&w.summary).unwrap();
    std::fs::create_dir(&w.summary).unwrap();
    std::fs::write(w.summary.join("x"), b"x").unwrap();
    args.as_of = danvan::clock::parse_day("11/01/2025").ok();
    let err = execute(&args).err().expect("the summary cannot be written");
    assert!(err.to_string().contains("tong-hop.xlsx"), "{err}");
    assert!(std::fs::read(out.join("tong-hop.json")).unwrap() == json);
    assert!(std::fs::read(out.join("bao-cao.docx")).unwrap() == report);
    // No temporary file is left beside them.
    let left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The texts of every sheet of the summary at `path` whose rows are pieces, cell by cell.
fn row_sheet_texts(path: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let mut texts = Vec::new();
    for name in [
        danvan::summary::SHEET_PROGRESS,
        danvan::summary::SHEET_PER_UNIT,
        danvan::contract::SHEET_PROPAGANDA,
        danvan::contract::SHEET_ACTIVITIES,
        danvan::contract::SHEET_SITUATION,
        danvan::summary::SHEET_ISSUES,
    ] {
        let range = wb.worksheet_range(name).unwrap();
        texts.extend(range.rows().flat_map(|r| r.iter().map(|c| c.to_string())));
    }
    texts
}

#[test]
fn a_return_added_in_the_middle_gives_what_a_cold_run_gives() {
    // The re-run copies the rows of every return but the new one from the last summary:
    // rows after the new return's moved down, and must read as a cold run writes them.
    let dir = tempfile::tempdir().unwrap();
    let returns = demo_returns(dir.path());
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let args = common::consolidate_args(&returns, &a);
    execute(&args).unwrap();
    let pieces = danvan::output::pieces_path(&a.join("tong-hop.xlsx"));
    assert!(pieces.exists());
    // CD03 comes between CD02 and CD04 in the roster's order.
    let cd03 = cd03_return();
    std::fs::write(returns.join("CD03.xlsx"), cd03.bytes()).unwrap();
    let rerun = execute(&args).unwrap();
    let mut cold_args = common::consolidate_args(&returns, &b);
    cold_args.no_cache = true;
    let cold = execute(&cold_args).unwrap();
    assert!(!danvan::output::pieces_path(&b.join("tong-hop.xlsx")).exists());
    // `Thay đổi` says what changed, against a first run.
    only_the_changes_sheet_differs(&parts(&cold.summary), &parts(&rerun.summary));
    let texts = row_sheet_texts(&a.join("tong-hop.xlsx"));
    assert!(texts.iter().any(|t| t == "CD03"), "CD03's row is listed");
    assert_eq!(texts, row_sheet_texts(&b.join("tong-hop.xlsx")));
}

#[test]
fn kept_pieces_are_really_used_and_never_with_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    let returns = demo_returns(dir.path());
    let out = dir.path().join("out");
    let mut args = common::consolidate_args(&returns, &out);
    execute(&args).unwrap();
    // The first kept piece replaced by hand (a stored, not final, deflate block holding
    // one row): the re-run shows it, so it copied the piece rather than writing its rows.
    let path = danvan::output::pieces_path(&out.join("tong-hop.xlsx"));
    let bytes = std::fs::read(&path).unwrap();
    let at = 12;
    let dlen = u64::from_le_bytes(bytes[at + 28..at + 36].try_into().unwrap()) as usize;
    let xml = "<row><c t=\"inlineStr\"><is><t>SỬA TAY</t></is></c></row>".as_bytes();
    let mut piece = vec![0u8];
    piece.extend_from_slice(&(xml.len() as u16).to_le_bytes());
    piece.extend_from_slice(&(!(xml.len() as u16)).to_le_bytes());
    piece.extend_from_slice(xml);
    let mut edited = bytes[..at + 16].to_vec();
    edited.extend_from_slice(&crc32fast::hash(xml).to_le_bytes());
    edited.extend_from_slice(&(xml.len() as u64).to_le_bytes());
    edited.extend_from_slice(&(piece.len() as u64).to_le_bytes());
    edited.extend_from_slice(&piece);
    edited.extend_from_slice(&bytes[at + 36 + dlen..bytes.len() - 16]);
    // The file's own hash, last, made anew (a piece damaged on disk is not used).
    let hash = xxhash_rust::xxh3::xxh3_128(&edited);
    edited.extend_from_slice(&hash.to_le_bytes());
    std::fs::write(&path, edited).unwrap();
    let w = execute(&args).unwrap();
    assert!(row_sheet_texts(&w.summary).iter().any(|t| t == "SỬA TAY"));
    // `--no-cache` neither uses nor keeps them.
    args.no_cache = true;
    let w = execute(&args).unwrap();
    assert!(!row_sheet_texts(&w.summary).iter().any(|t| t == "SỬA TAY"));
    assert!(
        path.exists(),
        "the kept pieces stay for a run with the cache"
    );
}
