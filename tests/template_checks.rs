//! The template checks itself: a filled return recalculated by LibreOffice shows, per kind
//! of mistake, the count `check` reports for the same issue code, marks the cells, and says
//! what is left to fix; a fresh template shows a sensible message before any
//! recalculation; and the reader reads a return the same with or without the check block.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Data, DataType, Reader};
use common::fill::{drop_rows_from, fill, Fill};
use danvan::plan::Plan;
use danvan::roster::Roster;
use danvan::submission::{read_return, Matchers};
use danvan::template::checks;

const INFO: &str = "xl/worksheets/sheet2.xml";
const PROPAGANDA: &str = "xl/worksheets/sheet3.xml";
const ACTIVITIES: &str = "xl/worksheets/sheet4.xml";

/// A return with one mistake of each kind the template checks, and good rows.
fn filled(plan: &Plan) -> Vec<u8> {
    use Fill::{Num, Text};
    let template = danvan::template::build(plan, None).unwrap();
    // 2024-12-20 and 2023-12-20 as Excel serial days.
    let (inside, last_year) = (45646.0, 45280.0);
    let info = fill(
        &template,
        INFO,
        &[
            ("B2", Text("CD05")),
            ("B3", Text("CĐCS cơ quan UBND xã Phước Minh")),
            ("B8", Num(45656.0)),
            ("B9", Num(100.0)),
        ],
    );
    let topic = "TT03 - Luật Nghĩa vụ quân sự";
    let row = |r: u32, date: Option<f64>, topic: &'static str, sessions: f64| {
        let mut v: Vec<(String, Fill<'static>)> = vec![
            (format!("C{r}"), Text(topic)),
            (format!("E{r}"), Text("DT1")),
            (format!("F{r}"), Num(sessions)),
            (format!("G{r}"), Num(10.0)),
        ];
        if let Some(d) = date {
            v.push((format!("B{r}"), Num(d)));
        }
        v
    };
    let mut p = Vec::new();
    p.extend(row(2, None, topic, 2.0)); // date missing
    p.extend(row(3, Some(last_year), topic, 1.0)); // outside the window
    p.extend(row(4, Some(inside), "Luật giao thông đường bộ", 1.0)); // unknown topic
    p.extend(row(5, Some(inside), topic, -1.0)); // negative
    p.extend(row(6, Some(inside), "TT99 - Nội dung khác", 1.0)); // "khác" undescribed
    p.extend(row(7, Some(inside), topic, 1.5)); // not whole
    p.extend(row(8, Some(inside), topic, 1.0)); // good
    p.extend(row(9, Some(inside), "TT04", 3.0)); // good, by code
    p.extend(row(10, Some(inside), "", 1.0)); // no topic chosen
                                              // 2,000 people at a unit of 100 members (the plan allows 3 times the members).
    p.extend(row(11, Some(inside), "TT05", 4.0));
    for (a, v) in p.iter_mut() {
        if a == "G11" {
            *v = Num(2000.0);
        }
    }
    p.retain(|(a, v)| !(a == "C10" && matches!(v, Fill::Text(""))));
    let cells: Vec<(&str, Fill<'_>)> = p.iter().map(|(a, v)| (a.as_str(), clone(v))).collect();
    let with_p = fill(&info, PROPAGANDA, &cells);
    fill(
        &with_p,
        ACTIVITIES,
        &[
            // A fund without its amount.
            ("B2", Num(inside)),
            ("C2", Text("HD09 - Vận động ủng hộ Quỹ \"Vì người nghèo\"")),
            ("E2", Num(10.0)),
            // "Hoạt động khác" without saying what.
            ("B3", Num(inside)),
            ("C3", Text("HD99")),
            ("E3", Num(1.0)),
            // A kind not in the plan, and a negative count.
            ("B4", Num(inside)),
            ("C4", Text("Hiến máu nhân đạo")),
            ("E4", Num(-2.0)),
            // Good.
            ("B5", Num(inside)),
            ("C5", Text("HD05")),
            ("E5", Num(2.0)),
            // A gift worth a negative amount.
            ("B6", Num(inside)),
            ("C6", Text("HD03")),
            ("E6", Num(1.0)),
            ("G6", Num(-500000.0)),
        ],
    )
}

fn clone<'a>(f: &Fill<'a>) -> Fill<'a> {
    match f {
        Fill::Num(n) => Fill::Num(*n),
        Fill::Text(t) => Fill::Text(t),
    }
}

/// The check block of `Thông tin đơn vị`: label → value, as stored in the file.
fn block(xlsx: &Path) -> BTreeMap<String, Data> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    let sheet = wb.worksheet_range(danvan::contract::SHEET_INFO).unwrap();
    sheet
        .rows()
        .filter_map(|r| match (r.first(), r.get(1)) {
            (Some(Data::String(l)), Some(v)) => Some((l.clone(), v.clone())),
            _ => None,
        })
        .collect()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[test]
fn a_fresh_template_says_what_is_missing_before_any_recalculation() {
    let dir = tempfile::tempdir().unwrap();
    let plan = Plan::default_plan();
    let blank = dir.path().join("mau.xlsx");
    std::fs::write(&blank, danvan::template::build(&plan, None).unwrap()).unwrap();
    let b = block(&blank);
    assert_eq!(
        b["Kết quả kiểm tra"],
        Data::String(
            "Chưa ghi Mã đơn vị; Chưa ghi Tên công đoàn cơ sở; Chưa ghi Ngày báo cáo; ".into()
        )
    );
    // A per-unit template already has its code and name.
    let roster = Roster::sample();
    let own = dir.path().join("mau-cd05.xlsx");
    std::fs::write(
        &own,
        danvan::template::build(&plan, Some(&roster.units[5])).unwrap(),
    )
    .unwrap();
    assert_eq!(
        block(&own)["Kết quả kiểm tra"],
        Data::String("Chưa ghi Ngày báo cáo; ".into())
    );
    // The same after LibreOffice recalculates, and it opens without complaint.
    let Some(soffice) = common::soffice() else {
        return;
    };
    let out = dir.path().join("lo");
    let again = common::convert_recalculated(soffice, &blank, "xlsx", &out);
    let b = block(&again);
    assert_eq!(
        b["Kết quả kiểm tra"],
        Data::String(
            "Chưa ghi Mã đơn vị; Chưa ghi Tên công đoàn cơ sở; Chưa ghi Ngày báo cáo; ".into()
        )
    );
    for rule in checks::rules(&plan) {
        let n = b[&capitalised(&rule.what)].as_f64();
        assert_eq!(n, Some(0.0), "{}", rule.what);
    }
}

#[test]
fn the_workbook_counts_each_mistake_as_check_does() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let plan = Plan::default_plan();
    let ret = dir.path().join("CD05.xlsx");
    std::fs::write(&ret, filled(&plan)).unwrap();

    // What `check` reports, by sheet, column and code.
    let roster = Roster::sample();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let s = read_return(&ret, "CD05.xlsx", &ctx);
    let reported = |rule: &checks::Rule| {
        s.issues
            .iter()
            .filter(|i| {
                i.code == rule.code
                    && i.sheet.as_deref() == Some(rule.sheet)
                    && i.cell.is_some_and(|p| p.col as usize == rule.col)
            })
            .count() as f64
    };

    // What the workbook computes, once LibreOffice has recalculated it.
    let out = dir.path().join("lo");
    let recalculated = common::convert_recalculated(soffice, &ret, "xlsx", &out);
    let b = block(&recalculated);
    let mut marked = 0.0;
    for rule in checks::rules(&plan) {
        let counted = b[&capitalised(&rule.what)]
            .as_f64()
            .unwrap_or_else(|| panic!("{}: not a number", rule.what));
        assert_eq!(
            counted,
            reported(&rule),
            "{}: the workbook counts {counted}, check reports {}",
            rule.what,
            reported(&rule)
        );
        marked += counted;
    }
    // Every kind of mistake in the file was counted (a rule may not count nothing).
    assert!(marked >= 13.0, "only {marked} mistakes counted");
    let verdict = b["Kết quả kiểm tra"].to_string();
    for part in [
        "Còn 1 dòng thiếu Ngày thực hiện (trang Tuyên truyền)",
        "Còn 1 ngày ngoài thời gian đợt (trang Tuyên truyền)",
        "Còn 2 nội dung chưa chọn hoặc không có trong danh mục (trang Tuyên truyền)",
        "Còn 1 hoạt động cần ghi Giá trị (đồng) mà chưa ghi (trang Hoạt động)",
    ] {
        assert!(verdict.contains(part), "{part:?} not in {verdict:?}");
    }
    assert!(!verdict.contains("Chưa ghi Mã đơn vị"), "{verdict}");

    // A picture of the marked sheet for people to look at.
    let pdf = common::convert(soffice, &recalculated, "pdf", &out.join("pdf"));
    let keep = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../template-checks");
    let _ = std::fs::remove_dir_all(&keep);
    std::fs::create_dir_all(&keep).unwrap();
    let _ = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "80", "-f", "2", "-l", "3"])
        .arg(&pdf)
        .arg(keep.join("trang"))
        .status();
}

#[test]
fn the_reader_reads_a_return_alike_with_or_without_its_check_block() {
    let dir = tempfile::tempdir().unwrap();
    let plan = Plan::default_plan();
    let bytes = filled(&plan);
    let with = dir.path().join("co.xlsx");
    std::fs::write(&with, &bytes).unwrap();
    // The block starts two rows under the last unit field.
    let first = danvan::contract::InfoField::ALL.len() as u32 + 3;
    let without = dir.path().join("khong.xlsx");
    std::fs::write(&without, drop_rows_from(&bytes, INFO, first)).unwrap();
    let roster = Roster::sample();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let (a, b) = (
        read_return(&with, "x.xlsx", &ctx),
        read_return(&without, "x.xlsx", &ctx),
    );
    assert_eq!(format!("{:?}", a.info), format!("{:?}", b.info));
    assert_eq!(format!("{:?}", a.propaganda), format!("{:?}", b.propaganda));
    assert_eq!(format!("{:?}", a.activities), format!("{:?}", b.activities));
    let codes = |s: &danvan::submission::Submission| {
        s.issues
            .iter()
            .map(|i| (i.code, i.location()))
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&a), codes(&b));
}
