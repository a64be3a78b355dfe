//! The papers people print and sign, looked at as printed: the demo's report, summary and
//! template exported to PDF by LibreOffice and read back word by word (poppler's
//! `pdftotext -bbox`): text size on paper, nothing printed over anything else, headings on
//! one line, no technical text in the report, totals equal to the JSON. The pages are kept
//! as PNG under `target/papers/` for people to look at.

mod common;

use std::path::{Path, PathBuf};

use calamine::{open_workbook_auto, Data, DataType, Reader};
use common::pdf;
use danvan::parse::number::fmt_vn;
use serde_json::Value;

/// The district's own unit in the sample roster: it is not a grassroots union.
const DISTRICT: &str = "LDLD";

struct Demo {
    dir: tempfile::TempDir,
    plan: danvan::plan::Plan,
}

impl Demo {
    fn run() -> Demo {
        let dir = tempfile::tempdir().unwrap();
        danvan::cmd::demo::run(dir.path()).expect("demo runs");
        Demo {
            dir,
            plan: danvan::plan::Plan::default_plan(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn report(&self) -> PathBuf {
        self.path(&danvan::report::file_name(&self.plan))
    }

    fn summary(&self) -> PathBuf {
        self.path(&format!(
            "tong-hop-{}.xlsx",
            danvan::parse::text::ascii_slug(&self.plan.short_name, 60)
        ))
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.path("tong-hop.json")).unwrap()).unwrap()
    }
}

/// `file` as printed: its PDF's pages, with PNG copies kept under `target/papers/<name>`.
fn printed(soffice: &str, file: &Path, name: &str) -> Option<Vec<pdf::Page>> {
    let out = file.parent().unwrap().join(format!("pdf-{name}"));
    let pdf_file = common::convert(soffice, file, "pdf", &out);
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("../papers")
        .join(name);
    let _ = std::fs::remove_dir_all(&keep);
    std::fs::create_dir_all(&keep).unwrap();
    // Pictures for people; a missing pdftoppm only loses the pictures.
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "70"])
        .arg(&pdf_file)
        .arg(keep.join("trang"))
        .status();
    pdf::pages(&pdf_file)
}

fn squash(pages: &[pdf::Page]) -> String {
    pages
        .iter()
        .flat_map(|p| p.iter().map(|w| w.text.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

fn assert_legible(pages: &[pdf::Page], what: &str, min_pt: f64) {
    for (i, page) in pages.iter().enumerate() {
        let small: Vec<String> = page
            .iter()
            .filter(|w| w.points() < min_pt)
            .map(|w| format!("{} ({:.1} pt)", w.text, w.points()))
            .take(5)
            .collect();
        assert!(
            small.is_empty(),
            "{what}, page {}: text under {min_pt} pt: {small:?}",
            i + 1
        );
        let over = pdf::overprinted(page);
        assert!(
            over.is_empty(),
            "{what}, page {}: text printed over text: {:?}",
            i + 1,
            &over[..over.len().min(5)]
        );
    }
}

#[test]
fn the_report_prints_as_a_paper_to_sign() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let demo = Demo::run();
    let j = demo.json();
    let Some(pages) = printed(soffice, &demo.report(), "bao-cao") else {
        return;
    };
    assert_legible(&pages, "báo cáo", 10.5);
    // The heading block: each body and the national heading on one line; the number and
    // the place-and-date line on one baseline.
    let first = pdf::lines(&pages[0]);
    for heading in [
        "LĐLĐ TỈNH TÂY NINH",
        "LĐLĐ HUYỆN DƯƠNG MINH CHÂU",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ] {
        assert!(
            first.iter().any(|l| l.contains(heading)),
            "{heading:?} is not on one line: {first:#?}"
        );
    }
    assert!(
        first
            .iter()
            .any(|l| l.contains("Số:") && l.contains("Dương Minh Châu, ngày")),
        "number and date on different lines: {first:#?}"
    );
    // At Decree 30's sizes: the national heading and the bodies 12–13 pt, the motto 13–14.
    let size_of = |word: &str| {
        pages[0]
            .iter()
            .find(|w| w.text == word)
            .unwrap_or_else(|| panic!("{word} not on page 1"))
            .points()
    };
    for (word, least) in [("CỘNG", 11.9), ("HUYỆN", 11.9), ("Độc", 12.9)] {
        let pt = size_of(word);
        assert!(pt >= least, "{word} printed at {pt:.1} pt, under {least}");
    }
    let text = squash(&pages);
    // Nothing technical: no roster file, no path.
    let dir = demo.dir.path().display().to_string();
    for technical in [
        "danh-sach",
        ".csv",
        ".xlsx",
        dir.as_str(),
        "dòng số liệu hợp lệ",
    ] {
        assert!(!text.contains(technical), "{technical:?} in the report");
    }
    // Plan data: what the plan carries out, to whom it goes.
    for part in [
        "Thực hiện Kế hoạch số 132/KH-LĐLĐ",
        "ban hành Kế hoạch số 73/KH-LĐLĐ tháng 11/2024",
        "Ban TG-NC LĐLĐ tỉnh",
        "“Mái ấm Công đoàn”",
        "được đề nghị báo cáo",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    // Grassroots unions only: the district's own unit is not one of them.
    let units = j["per_unit"].as_object().unwrap();
    let grassroots: Vec<&Value> = units
        .iter()
        .filter(|(code, u)| *code != DISTRICT && u["in_roster"] != false)
        .map(|(_, u)| u)
        .collect();
    let with = |s: &str| grassroots.iter().filter(|u| u["status"] == s).count();
    let reported = with(danvan::contract::STATUS_ON_TIME) + with(danvan::contract::STATUS_LATE);
    let figure = format!(
        "có {reported}/{} công đoàn cơ sở gửi báo cáo",
        grassroots.len()
    );
    assert!(text.contains(&figure), "missing {figure:?} in:\n{text}");
    assert!(!text.contains(" 0 đơn vị"), "a zero count in words: {text}");
    // Unit names, not codes.
    for (code, u) in units {
        if u["status"] == danvan::contract::STATUS_MISSING {
            assert!(!text.contains(&format!("({code})")), "{code} as a code");
            let name = common::sample_unit_name(code);
            assert!(text.contains(name), "{name} not named");
        }
    }
    // A target met or exceeded says by how much.
    let hd02 = j["activities"]["HD02"]["quantity"].as_i64().unwrap();
    let verdict = match hd02.cmp(&5) {
        std::cmp::Ordering::Greater => format!("vượt chỉ tiêu ({}%)", (hd02 * 100 + 2) / 5),
        std::cmp::Ordering::Equal => "đạt chỉ tiêu (100%)".to_string(),
        std::cmp::Ordering::Less => format!("chưa đạt chỉ tiêu ({}%)", (hd02 * 100 + 2) / 5),
    };
    assert!(text.contains(&verdict), "missing {verdict:?}");
    // A "khác" category nobody used has no row.
    if j["propaganda"]["by_topic"]["TT99"]["rows"] == 0 {
        assert!(!text.contains("TT99"), "an empty TT99 row");
    }
}

#[test]
fn a_missing_district_return_leaves_its_targets_without_data() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let demo = Demo::run();
    let returns = demo.path("bao-cao-mau");
    let own = std::fs::read_dir(&returns)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().contains(" LDLD "))
        .expect("the district's own return in the demo");
    std::fs::remove_file(own).unwrap();
    let out = demo.path("lan-2");
    let mut args = common::consolidate_args(&returns, &out);
    args.report = Some(out.join("bao-cao.docx"));
    let w = danvan::cmd::consolidate::execute(&args).unwrap();
    let pages = common::convert(soffice, &out.join("bao-cao.docx"), "pdf", &out);
    let Some(pages) = pdf::pages(&pages) else {
        return;
    };
    let text = squash(&pages);
    for part in [
        "chưa có số liệu (chỉ tiêu 1 căn nhà",
        "chưa có số liệu (chỉ tiêu 5 người được thăm)",
        "Lưu ý cho Văn phòng: chưa có báo cáo của Ban Thường vụ LĐLĐ huyện",
    ] {
        assert!(text.contains(part), "missing {part:?} in:\n{text}");
    }
    assert!(!text.contains("chưa đạt chỉ tiêu (0%)"), "{text}");
    // The same in `Tổng hợp`: no 0 % for a target nobody reported on.
    let mut wb = open_workbook_auto(&w.summary).unwrap();
    let sheet = wb.worksheet_range(danvan::summary::SHEET_SUMMARY).unwrap();
    let hd01 = sheet
        .rows()
        .find(|r| {
            r.first()
                .is_some_and(|c| c.as_string().as_deref() == Some("HD01"))
        })
        .expect("HD01 row");
    assert_eq!(hd01[8], Data::String("chưa có số liệu".into()));
}

/// The `Cộng` row under the table headed `title` in `Tổng hợp`.
fn total_under(sheet: &calamine::Range<Data>, title: &str) -> Vec<Data> {
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let start = rows
        .iter()
        .position(|r| {
            r.first()
                .is_some_and(|c| c.as_string().as_deref() == Some(title))
        })
        .unwrap_or_else(|| panic!("no {title:?}"));
    rows[start..]
        .iter()
        .find(|r| r.iter().any(|c| c.as_string().as_deref() == Some("Cộng")))
        .unwrap_or_else(|| panic!("no Cộng under {title:?}"))
        .to_vec()
}

fn int(d: &Data) -> i64 {
    d.as_f64().unwrap_or_else(|| panic!("not a number: {d:?}")) as i64
}

#[test]
fn the_summary_prints_legibly_with_totals_equal_to_the_json() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let demo = Demo::run();
    let j = demo.json();
    let Some(pages) = printed(soffice, &demo.summary(), "tong-hop") else {
        return;
    };
    assert_legible(&pages, "tổng hợp", 7.9);
    // A unit's feedback file: what it prints to fix its return, one page wide.
    let feedback = std::fs::read_dir(demo.path("phan-hoi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .expect("a feedback file in the demo");
    let Some(fb) = printed(soffice, &feedback, "phan-hoi") else {
        return;
    };
    assert_legible(&fb, "phản hồi", 7.9);
    // Every column on the first page: the page is not cut into strips.
    let first = squash(&fb[..1]);
    for h in danvan::summary::ISSUE_HEADERS {
        for word in h.split(' ') {
            assert!(first.contains(word), "{h:?} not on the first page");
        }
    }

    let mut wb = open_workbook_auto(demo.summary()).unwrap();
    let sheet = wb.worksheet_range(danvan::summary::SHEET_SUMMARY).unwrap();
    // The header names the roster by its count and file name, never a folder path.
    let scope = sheet.get_value((2, 0)).unwrap().to_string();
    let count = format!("Danh sách đơn vị: {} đơn vị, ", j["units"]["expected"]);
    let (_, roster) = scope
        .split_once(&count)
        .expect("the roster's count in the header");
    assert!(
        !roster.contains(['/', '\\']),
        "a path in the header: {scope:?}"
    );
    let sum = |section: &str, field: &str| -> i64 {
        j[section]
            .as_object()
            .unwrap()
            .values()
            .map(|v| v[field].as_i64().unwrap())
            .sum()
    };
    let topics = &j["propaganda"]["by_topic"];
    let topic_sum = |field: &str| -> i64 {
        topics
            .as_object()
            .unwrap()
            .values()
            .map(|v| v[field].as_i64().unwrap())
            .sum()
    };
    let total = total_under(&sheet, "TUYÊN TRUYỀN THEO NỘI DUNG");
    assert_eq!(int(&total[3]), topic_sum("sessions"));
    assert_eq!(int(&total[4]), topic_sum("attendance"));
    let total = total_under(&sheet, "TUYÊN TRUYỀN THEO ĐỐI TƯỢNG");
    assert_eq!(int(&total[4]), topic_sum("attendance"));
    let total = total_under(&sheet, "HOẠT ĐỘNG SO VỚI CHỈ TIÊU");
    assert_eq!(int(&total[5]), sum("activities", "participants"));
    assert_eq!(int(&total[6]), sum("activities", "value"));
    assert_eq!(total[4], Data::String("—".into()), "quantities have no sum");
    let total = total_under(&sheet, "QUỸ VẬN ĐỘNG");
    let funds = j["activities"]["HD09"]["value"].as_i64().unwrap()
        + j["activities"]["HD10"]["value"].as_i64().unwrap();
    assert_eq!(int(&total[4]), funds);
    assert_eq!(
        fmt_vn(int(&total[4])),
        fmt_vn(funds),
        "the funds' Cộng is the report's total"
    );
    // The report's speakers and sessions by form are on Tổng hợp too.
    let speakers = sheet
        .rows()
        .find(|r| {
            r.get(1)
                .is_some_and(|c| c.to_string().starts_with("Số lượt báo cáo viên"))
        })
        .expect("speakers on Tổng hợp");
    assert_eq!(int(&speakers[2]), j["record"]["speakers"].as_i64().unwrap());
    assert!(int(&speakers[2]) > 0);
    let forms: i64 = (j["record"]["forms"].as_object().unwrap().values())
        .map(|v| v.as_i64().unwrap())
        .sum();
    let total = total_under(&sheet, "TUYÊN TRUYỀN THEO HÌNH THỨC");
    assert_eq!(int(&total[2]), forms);
    assert!(forms > 0);
    let report = common::docx_text(&demo.report());
    assert!(
        report.contains(&format!("{} lượt báo cáo viên", fmt_vn(int(&speakers[2])))),
        "{report}"
    );
}

#[test]
fn the_template_prints_whole_and_legible() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let plan = danvan::plan::Plan::default_plan();
    let template = dir.path().join("mau.xlsx");
    std::fs::write(&template, danvan::template::build(&plan, None).unwrap()).unwrap();
    let Some(pages) = printed(soffice, &template, "mau") else {
        return;
    };
    assert_legible(&pages, "mẫu", 7.9);
    // `Hướng dẫn`: every sentence whole on the page (none cut at the right edge).
    let guide: String = pages[0]
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let right_edge = 595.0 - 20.0;
    assert!(
        pages[0].iter().all(|w| w.x1 <= right_edge),
        "Hướng dẫn runs off the page"
    );
    for sentence in [
        format!(
            "Gửi báo cáo về {} trước ngày 01/01/2025 (chậm nhất trong ngày 31/12/2024).",
            plan.send_to
        ),
        "mỗi buổi (hoặc mỗi đợt) tuyên truyền ghi một dòng. Chọn Nội dung, Hình thức, Đối tượng trong danh sách thả xuống.".to_string(),
    ] {
        assert!(guide.contains(&sentence), "{sentence:?} not whole in:\n{guide}");
    }
}

/// The data sheets list units in the roster's order, as staff read the list, not by file
/// name; each unit's rows together.
#[test]
fn the_data_sheets_follow_the_roster_order() {
    let demo = Demo::run();
    let roster = danvan::roster::Roster::sample();
    let mut wb = open_workbook_auto(demo.summary()).unwrap();
    for name in [
        danvan::contract::SHEET_PROPAGANDA,
        danvan::contract::SHEET_ACTIVITIES,
    ] {
        let sheet = wb.worksheet_range(name).unwrap();
        let order: Vec<usize> = (sheet.rows().skip(1))
            .map(|r| r[0].to_string())
            .map(|code| {
                (roster.by_code(&code)).unwrap_or_else(|| panic!("{code} not in the roster"))
            })
            .collect();
        assert!(order.len() > 10, "{name}: {} rows", order.len());
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "{name} is not in the roster's order: {order:?}"
        );
    }
}

/// `Theo đơn vị` reads without the plan (headings in words) and adds up: its `Cộng` row is
/// the run's totals.
#[test]
fn theo_don_vi_has_headings_in_words_and_a_total_equal_to_the_json() {
    let demo = Demo::run();
    let j = demo.json();
    let mut wb = open_workbook_auto(demo.summary()).unwrap();
    let sheet = wb
        .worksheet_range(danvan::contract::SHEET_PER_UNIT)
        .unwrap();
    let rows: Vec<&[Data]> = sheet.rows().collect();
    let head: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let col = |start: &str| {
        (head.iter().position(|h| h.starts_with(start)))
            .unwrap_or_else(|| panic!("no heading {start:?} in {head:?}"))
    };
    assert!(
        head[col("TT03 ")].contains("Luật Nghĩa vụ quân sự"),
        "{head:?}"
    );
    assert!(
        head[col("HD09 ")].contains("(lượt người đóng góp)"),
        "{head:?}"
    );
    let total = rows
        .iter()
        .find(|r| r[1] == Data::String("Cộng".into()))
        .expect("a Cộng row");
    let units = rows.len() - 2;
    assert_eq!(
        units as u64,
        j["per_unit"].as_object().unwrap().len() as u64
    );
    let topic =
        |code: &str, field: &str| j["propaganda"]["by_topic"][code][field].as_i64().unwrap();
    let activity = |code: &str, field: &str| j["activities"][code][field].as_i64().unwrap();
    let tt03 = col("TT03 ");
    assert_eq!(int(&total[tt03]), topic("TT03", "sessions"));
    let topics = danvan::plan::Plan::default_plan().topics.len();
    assert_eq!(int(&total[tt03 + topics]), topic("TT03", "attendance"));
    assert_eq!(int(&total[col("HD02 ")]), activity("HD02", "quantity"));
    let value: i64 = (j["activities"].as_object().unwrap().values())
        .map(|v| v["value"].as_i64().unwrap())
        .sum();
    assert_eq!(int(&total[col("Giá trị hoạt động")]), value);
    assert_eq!(
        int(&total[col("Số vụ đình công")]),
        j["strikes"].as_i64().unwrap()
    );
}
