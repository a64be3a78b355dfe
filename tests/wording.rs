//! What users read, pinned: one run over returns that trip most issue codes (cells, rows,
//! files, the run's own findings, the receipt log), every issue rendered for the terminal
//! and as JSON (the shape `check --json`, `--json` and the page share), compared with
//! `tests/snapshots/wording.txt`. A change of wording fails here until it is looked at:
//! `UPDATE_SNAPSHOTS=1 cargo test --test wording` rewrites the snapshot, and the diff of
//! that file is what a reviewer reads.

mod common;

use std::path::PathBuf;

use common::book::{act, n, prop, s, Book, Cell};
use common::run::Run;

const CD05: &str = "CĐCS cơ quan UBND xã Phước Minh";
const CD06: &str = "CĐCS cơ quan UBND xã Bàu Năng";
const CD08: &str = "CĐCS cơ quan UBND xã Cầu Khởi";

fn snapshot_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/wording.txt")
}

/// Returns that between them trip most codes, and a receipt log with a late file, a paper
/// return, an unknown unit and an unreadable date.
fn returns(run: &Run) -> PathBuf {
    let day = |d: u8| Cell::D(2024, 12, d);
    // Cell-level problems in one return.
    let mut bad_rows = vec![
        prop(18, "TT42", "DT2", n(2.0), n(30.0)),
        prop(18, "TT99", "DT2", n(2.0), n(30.0)),
        prop(18, "TT01", "DT2", n(-1.0), n(30.0)),
        prop(18, "TT01", "DT2", n(1.5), n(30.0)),
        prop(18, "tt01", "DT2", n(1.0), s("ba mươi")),
        prop(18, "TT01", "DT2", n(1.0), n(20.0)),
        prop(18, "TT01", "DT2", n(1.0), n(20.0)),
    ];
    bad_rows.push({
        let mut r = prop(18, "TT01", "DT2", n(1.0), n(10.0));
        r[1] = s("35/12/2024");
        r
    });
    bad_rows.push({
        let mut r = prop(18, "TT01", "DT2", n(1.0), n(10.0));
        r[1] = Cell::D(2023, 12, 20);
        r
    });
    bad_rows.push({
        let mut r = prop(18, "TT01", "DT2", n(1.0), n(10.0));
        r[1] = Cell::E;
        r
    });
    let acts = vec![
        act(20, "HD01", n(2.0), n(10.0), n(-5.0)),
        act(20, "HD42", n(1.0), n(5.0), n(100_000.0)),
    ];
    run.put(
        "CD05 - nhiều lỗi.xlsx",
        &Book::ret("CD05", CD05, day(30), &bad_rows, &acts),
    );
    // A resend: the older one is replaced; the newer one is late by the receipt log.
    let rows = || vec![prop(19, "TT01", "DT3", n(1.0), n(15.0))];
    run.put(
        "CD06 - lần 1.xlsx",
        &Book::ret("CD06", CD06, day(27), &rows(), &[]),
    );
    run.put(
        "CD06 - lần 2.xlsx",
        &Book::ret("CD06", CD06, day(29), &rows(), &[]),
    );
    // Unit not in the roster; a unit nobody can tell; a name close to a roster name.
    run.put(
        "Ngoài danh sách.xlsx",
        &Book::ret("CDX9", "CĐCS Công ty Không Có Thật", day(28), &rows(), &[]),
    );
    run.put(
        "Không rõ đơn vị.xlsx",
        &Book::ret("", "", day(28), &rows(), &[]),
    );
    run.put(
        "CD07 - gần đúng.xlsx",
        &Book::ret("", "CĐCS co quan UBND xa Chaa La", day(28), &rows(), &[]),
    );
    // Dated after the as-of day.
    run.put(
        "CD08 - sau ngày tính.xlsx",
        &Book::ret("CD08", CD08, Cell::D(2025, 1, 12), &rows(), &[]),
    );
    // Not a workbook, a Word file, a text file.
    run.put_bytes("ảnh chụp.xlsx", b"\xFF\xD8\xFF\xE0 not a workbook");
    run.put_bytes("Báo cáo CD09.docx", b"PK\x03\x04 not really a document");
    run.put_bytes("ghi chú.txt", "ghi chú".as_bytes());
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(
        &log,
        "Tên tệp,Ngày nhận,Đơn vị\nCD06 - lần 2.xlsx,03/01/2025,\n,30/12/2024,CD10\n,29/12/2024,CĐCS không có\nCD05 - nhiều lỗi.xlsx,hôm qua,\n,11/01/2025,CD11\n",
    )
    .unwrap();
    log
}

fn render(run: &Run, log: PathBuf) -> String {
    let mut args = run.args();
    args.received = Some(log);
    let (w, _) = run.go_with(args);
    let mut out = String::new();
    for i in w.outcome.all_issues() {
        out.push_str(&i.line());
        out.push('\n');
        out.push_str(&serde_json::to_string(&i.json()).unwrap());
        out.push_str("\n\n");
    }
    // `Đối soát`: what happened to each file's rows, and why.
    for (sub, r) in w
        .outcome
        .submissions
        .iter()
        .zip(danvan::model::reconcile::all(&w.outcome))
    {
        out.push_str(&format!(
            "{}: {} · đọc {}, tính {}, có lý do {} · {}\n",
            sub.file,
            r.verdict(),
            r.seen,
            r.counted,
            r.explained,
            r.reasons
        ));
    }
    out.push('\n');
    // The status of each unit as the progress sheet says it, paper returns included.
    for u in w
        .outcome
        .units
        .iter()
        .filter(|u| u.status.reported() || u.note.is_some())
    {
        out.push_str(&format!(
            "{} · {} · {} · {}\n",
            u.code,
            u.status.label(),
            u.source_vn(),
            u.progress_note()
        ));
    }
    out
}

/// The returns of round 3 (made by the units' own tools, one unit each): each its own run,
/// its issues and `Đối soát` line rendered as above.
fn round3() -> String {
    let mut out = String::new();
    for name in [
        "chu-ky-openpyxl.xlsx",
        "sao-chep-libreoffice.xlsx",
        "an-dong-libreoffice.xls",
        "nghin-dong-openpyxl.xlsx",
    ] {
        let run = Run::new();
        let src = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/round3")
            .join(name);
        std::fs::copy(src, run.inputs().join(name)).unwrap();
        let log = run.dir.path().join("so-nhan.csv");
        std::fs::write(&log, "Tên tệp,Ngày nhận\n").unwrap();
        out.push_str(&format!("== {name}\n"));
        out.push_str(&render(&run, log));
    }
    // A unit of money the reader does not know, and a sheet it cannot place.
    let run = Run::new();
    let mut book = Book::ret(
        "CD05",
        CD05,
        Cell::D(2024, 12, 30),
        &[],
        &[act(21, "HD01", n(1.0), n(50.0), n(200.0))],
    );
    book.sheets[2].set(0, 6, s("Giá trị (USD)"));
    let mut extra = common::book::Sheet::new("Số liệu tháng 11");
    extra.set(0, 0, s("Tuyên truyền tháng 11: 3 buổi"));
    book.sheets.push(extra);
    run.put("CD05 - USD.xlsx", &book);
    let log = run.dir.path().join("so-nhan.csv");
    std::fs::write(&log, "Tên tệp,Ngày nhận\n").unwrap();
    out.push_str("== CD05 - USD.xlsx\n");
    out.push_str(&render(&run, log));
    out
}

#[test]
fn what_users_read_is_the_wording_reviewed() {
    let run = Run::new();
    let log = returns(&run);
    let mut got = render(&run, log);
    got.push_str(&round3());
    // The temporary folder never shows: messages name files as users see them.
    let tmp = run.dir.path().display().to_string();
    let leaked: Vec<&str> = got.lines().filter(|l| l.contains(&tmp)).collect();
    assert!(
        leaked.is_empty(),
        "a path leaked into a message: {leaked:#?}"
    );
    let path = snapshot_path();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    if got != want {
        let new = path.with_extension("txt.new");
        std::fs::write(&new, &got).unwrap();
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "the wording changed (first at line {}):\n  now:    {}\n  before: {}\nwritten to {}; \
             if the change is meant, run UPDATE_SNAPSHOTS=1 cargo test --test wording",
            first + 1,
            got.lines().nth(first).unwrap_or("<end>"),
            want.lines().nth(first).unwrap_or("<end>"),
            new.display()
        );
    }
}
