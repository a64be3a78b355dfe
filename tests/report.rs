//! The district's report upward: the demo's `.docx` opened by LibreOffice (to text and to
//! PDF), every figure in its text equal to the JSON of the same consolidation.

mod common;

use std::path::Path;

use danvan::parse::number::fmt_vn;
use danvan::report::amount_in_words;
use serde_json::Value;

struct Demo {
    dir: tempfile::TempDir,
}

impl Demo {
    fn run() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        danvan::cmd::demo::run(dir.path()).expect("demo runs");
        Demo { dir }
    }

    fn report(&self) -> std::path::PathBuf {
        let plan = danvan::plan::Plan::default_plan();
        self.dir.path().join(danvan::report::file_name(&plan))
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.dir.path().join("tong-hop.json")).unwrap())
            .unwrap()
    }
}

/// Text as LibreOffice reads it, with runs of white space folded.
fn text_of(soffice: &str, docx: &Path, out: &Path) -> String {
    let txt = common::convert(soffice, docx, "txt:Text", out);
    let raw = std::fs::read_to_string(txt).unwrap();
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Pages of a PDF by `pdfinfo` (poppler-utils), `None` (after saying why) when it is absent
/// outside CI.
fn pages(pdf: &Path) -> Option<usize> {
    match std::process::Command::new("pdfinfo").arg(pdf).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok()),
        _ if std::env::var("CI").as_deref() == Ok("true") => panic!("pdfinfo is required in CI"),
        _ => {
            eprintln!("SKIPPED page count: pdfinfo (poppler-utils) not installed");
            None
        }
    }
}

#[test]
fn the_report_opens_in_libreoffice_with_every_figure_from_the_json() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let demo = Demo::run();
    let j = demo.json();
    let out = demo.dir.path().join("lo");
    let text = text_of(soffice, &demo.report(), &out);
    // Heading block, title, signature block.
    for part in [
        "LĐLĐ TỈNH TÂY NINH",
        "LĐLĐ HUYỆN DƯƠNG MINH CHÂU",
        "/BC-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Dương Minh Châu, ngày",
        "BÁO CÁO",
        "Kết quả phối hợp tham gia làm công tác dân vận đợt II/2024",
        "Nơi nhận:",
        "LĐLĐ tỉnh Tây Ninh (b/c)",
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH",
        "[Họ và tên người ký]",
        "III. ĐÁNH GIÁ CHUNG",
        "danh sách đơn vị MẪU",
        "Tính đến ngày 10/01/2025",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    // Grassroots unions: every roster unit but the district's own (`LDLD`).
    let grassroots: Vec<&Value> = j["per_unit"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(code, u)| *code != "LDLD" && u["in_roster"] != false)
        .map(|(_, u)| u)
        .collect();
    let with = |s: &str| grassroots.iter().filter(|u| u["status"] == s).count();
    let (on_time, late) = (
        with(danvan::contract::STATUS_ON_TIME),
        with(danvan::contract::STATUS_LATE),
    );
    for figure in [
        format!(
            "có {}/{} công đoàn cơ sở gửi báo cáo",
            on_time + late,
            grassroots.len()
        ),
        format!("{on_time} đơn vị đúng hạn"),
        format!("{late} đơn vị trễ hạn"),
        format!(
            "{} đơn vị chưa báo cáo",
            with(danvan::contract::STATUS_MISSING)
        ),
    ] {
        assert!(text.contains(&figure), "missing {figure:?} in:\n{text}");
    }
    let topics = j["propaganda"]["by_topic"].as_object().unwrap();
    let sum = |field: &str| {
        topics
            .values()
            .map(|t| t[field].as_i64().unwrap())
            .sum::<i64>()
    };
    let figure = format!(
        "tổ chức {} buổi tuyên truyền với {} lượt người tham dự",
        fmt_vn(sum("sessions")),
        fmt_vn(sum("attendance"))
    );
    assert!(text.contains(&figure), "missing {figure:?}");
    // Activities against their targets, and the funds in figures and in words.
    let hd02 = &j["activities"]["HD02"];
    let verdict = match hd02["quantity"].as_i64().unwrap() {
        q if q > 5 => "vượt chỉ tiêu",
        5 => "đạt chỉ tiêu",
        _ => "chưa đạt chỉ tiêu",
    };
    assert!(
        text.contains(&format!("chỉ tiêu 5 người được thăm: {verdict}")),
        "{text}"
    );
    let funds = j["activities"]["HD09"]["value"].as_i64().unwrap()
        + j["activities"]["HD10"]["value"].as_i64().unwrap();
    assert!(text.contains(&format!(
        "Tổng số tiền vận động được: {} đồng",
        fmt_vn(funds)
    )));
    assert!(text.contains(&format!("Bằng chữ: {}.", amount_in_words(funds))));
    // Missing units are named (by name; codes are internal).
    for (code, unit) in j["per_unit"].as_object().unwrap() {
        if unit["status"] == danvan::contract::STATUS_MISSING {
            let name = common::sample_unit_name(code);
            assert!(text.contains(name), "{name} not named");
        }
    }

    // Plausible on A4 for the demo.
    let pdf = common::convert(soffice, &demo.report(), "pdf", &out);
    if let Some(n) = pages(&pdf) {
        assert!((2..=6).contains(&n), "{n} pages");
    }
}

#[test]
fn the_report_is_byte_identical_across_runs() {
    let a = Demo::run();
    let b = Demo::run();
    assert_eq!(
        std::fs::read(a.report()).unwrap(),
        std::fs::read(b.report()).unwrap()
    );
}

/// The report is dated in its own year (the day its figures are taken at), not the plan's
/// deadline year; who signs is highlighted for the office to check, title and name.
#[test]
fn the_report_is_dated_in_its_own_year_and_the_signer_is_marked_to_check() {
    use std::io::Read;
    let plan = danvan::plan::Plan::default_plan();
    let roster = danvan::roster::Roster::sample();
    let empty = tempfile::tempdir().unwrap();
    let read = danvan::reading::Reading::new(&plan, &roster).read(&[empty.path().to_path_buf()]);
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
    let receipts = danvan::arrival::Receipts::default();
    let outcome = danvan::consolidate::consolidate(read, &plan, &roster, &receipts, as_of);
    let bytes = danvan::report::build(&outcome, &plan).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    assert!(xml.contains("năm 2026"), "the report's own year");
    assert!(!xml.contains("năm 2025"), "not the deadline's year");
    let title = xml.find(&plan.report.signer_title).unwrap();
    let run_start = xml[..title].rfind("<w:r>").unwrap();
    assert!(
        xml[run_start..title].contains("w:highlight"),
        "the signer's title is highlighted"
    );
}

/// One basis for counts of units across the papers: the report counts grassroots unions
/// (the district's own return apart) and `Tổng hợp` carries the same counts and rate, said
/// on that basis; the report never counts "N đơn vị" with the district among them.
#[test]
fn the_report_and_the_summary_count_units_on_one_basis() {
    use calamine::{open_workbook_auto, Data, Reader};
    let Some(soffice) = common::soffice() else {
        return;
    };
    let demo = Demo::run();
    let text = text_of(soffice, &demo.report(), &demo.dir.path().join("lo"));
    let plan = danvan::plan::Plan::default_plan();
    let summary = demo.dir.path().join(format!(
        "tong-hop-{}.xlsx",
        danvan::parse::text::ascii_slug(&plan.short_name, 60)
    ));
    let mut wb = open_workbook_auto(summary).unwrap();
    let sheet = wb.worksheet_range(danvan::summary::SHEET_SUMMARY).unwrap();
    let value = |start: &str| -> f64 {
        let row = (sheet.rows())
            .find(|r| matches!(&r[1], Data::String(s) if s.starts_with(start)))
            .unwrap_or_else(|| panic!("no line {start:?} on Tổng hợp"));
        match &row[2] {
            Data::Float(f) => *f,
            Data::Int(i) => *i as f64,
            other => panic!("{start}: {other:?}"),
        }
    };
    let expected = value("Công đoàn cơ sở phải báo cáo (không tính Ban Thường vụ LĐLĐ huyện)");
    let reported = value("Công đoàn cơ sở đã nộp");
    let rate = value("Tỷ lệ công đoàn cơ sở đã nộp");
    assert_eq!(value("Số đơn vị phải báo cáo"), expected + 1.0);
    let tenths = (rate * 1000.0).round() as i64;
    let percent = match tenths % 10 {
        0 => format!("{}", tenths / 10),
        d => format!("{},{d}", tenths / 10),
    };
    let said = format!("có {reported}/{expected} công đoàn cơ sở gửi báo cáo (đạt {percent}%)");
    assert!(text.contains(&said), "{said:?} not in the report:\n{text}");
    // The situation's counts say their basis.
    assert!(
        text.contains("CĐCS và Ban Thường vụ LĐLĐ huyện ghi không có."),
        "{text}"
    );
    assert!(!text.contains(" đơn vị ghi không có"), "{text}");
}
