//! The level above: districts made by `danvan sample` and `consolidate`, rolled up by
//! `danvan rollup` as a province would — a summary edited by hand, one sent twice, one as
//! JSON, one of another đợt, a grassroots return sent by mistake, and a district that sent
//! nothing. Every province figure is the sum of the districts' and equals one flat
//! consolidation of all their grassroots returns.

mod common;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{open_workbook, Data, Reader, Xlsx};
use danvan::plan::Plan;
use serde_json::Value;

const AS_OF: &str = "02/01/2025";

fn danvan(args: &[&std::ffi::OsStr]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `danvan rollup UP --roster DISTRICTS --as-of 05/01/2025` writing `OUT/tinh.xlsx` and
/// `OUT/tinh.json`, with `extra` arguments: what it printed, and the JSON read back.
fn rollup(
    up: &Path,
    districts: &Path,
    out: &Path,
    extra: &[&std::ffi::OsStr],
) -> (std::process::Output, Value) {
    let (xlsx, pjson) = (out.join("tinh.xlsx"), out.join("tinh.json"));
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "rollup".as_ref(),
        up.as_ref(),
        "--roster".as_ref(),
        districts.as_ref(),
        "--as-of".as_ref(),
        "05/01/2025".as_ref(),
        "--out".as_ref(),
        xlsx.as_ref(),
        "--json".as_ref(),
        pjson.as_ref(),
        "--quiet".as_ref(),
    ];
    args.extend_from_slice(extra);
    let run = danvan(&args);
    (run, json(&pjson))
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A plan file: the embedded plan as `issuer` runs it (`period` changed when given).
fn plan_file(dir: &Path, issuer: &str, period: Option<&str>) -> PathBuf {
    let mut plan = Plan::default_plan();
    plan.issuer = issuer.to_string();
    if let Some(p) = period {
        plan.period = p.to_string();
        plan.title = format!("Kế hoạch phối hợp tham gia làm công tác dân vận {p}");
    }
    let path = dir.join(format!("ke-hoach-{}.xlsx", issuer.len()));
    std::fs::write(&path, danvan::plan_file::write(&plan, &[]).unwrap()).unwrap();
    path
}

/// One district: `n` grassroots unions coded `<prefix>…` (returns made by `danvan sample`),
/// consolidated by `danvan consolidate` under its own plan. Returns (returns folder,
/// roster, summary, JSON).
struct District {
    returns: PathBuf,
    roster: PathBuf,
    summary: PathBuf,
    json: PathBuf,
}

fn district(root: &Path, prefix: &str, issuer: &str, n: usize, period: Option<&str>) -> District {
    let dir = root.join(prefix);
    std::fs::create_dir_all(&dir).unwrap();
    let plan_path = plan_file(&dir, issuer, period);
    let plan = Plan::load(&plan_path).unwrap();
    let units: Vec<danvan::unit::Unit> = danvan::sample::synthetic_units(n)
        .into_iter()
        .map(|u| danvan::unit::Unit {
            code: format!("{prefix}{}", u.code),
            name: format!("{} ({prefix})", u.name),
            ..u
        })
        .collect();
    let returns = dir.join("returns");
    danvan::sample::write_load_set(&plan, &units, prefix.len() as u64 + n as u64, &returns)
        .unwrap();
    let roster = dir.join("roster.csv");
    danvan::sample::write_roster_csv(&roster, &units).unwrap();
    let (summary, json) = (dir.join("tong-hop.xlsx"), dir.join("tong-hop.json"));
    danvan(&[
        "consolidate".as_ref(),
        returns.as_ref(),
        "--plan".as_ref(),
        plan_path.as_ref(),
        "--roster".as_ref(),
        roster.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        summary.as_ref(),
        "--json".as_ref(),
        json.as_ref(),
        "--quiet".as_ref(),
        "--no-cache".as_ref(),
    ]);
    District {
        returns,
        roster,
        summary,
        json,
    }
}

/// The record's cells (the hidden sheet) of a summary workbook.
fn record_of(summary: &Path) -> danvan::report::record::Record {
    let mut wb: Xlsx<_> = open_workbook(summary).unwrap();
    let range = wb
        .worksheet_range(danvan::report::record::RECORD_SHEET)
        .unwrap();
    let cells: Vec<String> = range.rows().map(|r| r[0].to_string()).collect();
    danvan::report::record::Record::from_cells(&cells).unwrap()
}

/// `summary` with the value of `cell` on its first sheet (`Tổng hợp`) replaced by `value`,
/// as a hand edit in Excel leaves it.
fn edit_summary(summary: &Path, cell: &str, value: i64, to: &Path) {
    common::edit_first_sheet(summary, to, |xml| common::set_number(xml, cell, value));
}

fn figures(doc: &Value) -> Value {
    serde_json::json!({
        "topics": doc["propaganda"]["by_topic"],
        "audiences": doc["propaganda"]["by_audience"],
        "activities": doc["activities"],
        "strikes": doc["strikes"],
    })
}

/// `a + b` for every number of two documents of the same shape.
fn add(a: &Value, b: &Value) -> Value {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            Value::Object(x.iter().map(|(k, v)| (k.clone(), add(v, &y[k]))).collect())
        }
        (Value::Number(x), Value::Number(y)) => (x.as_i64().unwrap() + y.as_i64().unwrap()).into(),
        _ => panic!("not the same shape: {a} / {b}"),
    }
}

fn issues_of(doc: &Value, code: &str) -> u64 {
    doc["issues"]["by_code"][code].as_u64().unwrap_or(0)
}

#[test]
fn a_province_rolls_up_its_districts_as_a_district_its_unions() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let h01 = district(
        root,
        "A",
        "Ban Thường vụ Liên đoàn Lao động huyện Dương Minh Châu",
        30,
        None,
    );
    let h02 = district(
        root,
        "B",
        "Ban Thường vụ Liên đoàn Lao động huyện Bến Cầu",
        12,
        None,
    );
    let h04 = district(
        root,
        "D",
        "Ban Thường vụ Liên đoàn Lao động huyện Tân Biên",
        8,
        Some("đợt I/2025"),
    );
    let h05 = district(
        root,
        "E",
        "Ban Thường vụ Liên đoàn Lao động thị xã Hòa Thành",
        9,
        None,
    );

    // What the districts sent up, under names of their own choosing.
    let up = root.join("cac-huyen");
    std::fs::create_dir_all(&up).unwrap();
    std::fs::copy(&h01.summary, up.join("BC DMC.xlsx")).unwrap();
    // The same summary again, under another name, inside the "download all" of an email:
    // counted once.
    let mut z = zip::ZipWriter::new(std::fs::File::create(up.join("Tải tất cả.zip")).unwrap());
    z.start_file(
        "Tổng hợp Dương Minh Châu (gửi lại).xlsx",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(&std::fs::read(&h01.summary).unwrap()).unwrap();
    z.finish().unwrap();
    // Bến Cầu sends its JSON.
    std::fs::copy(&h02.json, up.join("ben-cau.json")).unwrap();
    // Tân Biên sends last đợt's summary.
    std::fs::copy(&h04.summary, up.join("Tân Biên.xlsx")).unwrap();
    // Hòa Thành edits a total by hand: TT01's sessions, 5 more.
    let record = record_of(&h05.summary);
    let edited = record
        .cells
        .iter()
        .find(|f| f.key == "topics.TT01.sessions")
        .unwrap()
        .clone();
    edit_summary(
        &h05.summary,
        &edited.cell,
        edited.value + 5,
        &up.join("Hòa Thành.xlsx"),
    );
    // A grassroots return sent up by mistake.
    let stray = std::fs::read_dir(&h01.returns)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::copy(&stray, up.join("nham.xlsx")).unwrap();

    let districts = root.join("ds-huyen.csv");
    std::fs::write(
        &districts,
        "Mã đơn vị,Tên đơn vị,Người liên hệ,Số điện thoại\n\
H01,Huyện Dương Minh Châu,Chị Lan,0901000001\n\
H02,Huyện Bến Cầu,Anh Minh,0901000002\n\
H03,Huyện Gò Dầu,Chị Hoa,0901000003\n\
H04,Huyện Tân Biên,Anh Tú,0901000004\n\
H05,Thị xã Hòa Thành,Chị Mai,0901000005\n",
    )
    .unwrap();
    let mut province_plan = Plan::default_plan();
    province_plan.issuer = "Ban Thường vụ Liên đoàn Lao động tỉnh Tây Ninh".into();
    province_plan.deadline_before = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap();
    let plan_path = root.join("ke-hoach-tinh.xlsx");
    std::fs::write(
        &plan_path,
        danvan::plan_file::write(&province_plan, &[]).unwrap(),
    )
    .unwrap();
    let out = root.join("tinh");
    let docx = out.join("bao-cao-tinh.docx");
    let (run, p) = rollup(
        &up,
        &districts,
        &out,
        &[
            "--plan".as_ref(),
            plan_path.as_ref(),
            "--report".as_ref(),
            docx.as_ref(),
        ],
    );
    let xlsx = out.join("tinh.xlsx");
    let printed = String::from_utf8_lossy(&run.stdout);

    // Who reported: Dương Minh Châu (once), Bến Cầu, Hòa Thành; Gò Dầu sent nothing; Tân
    // Biên's only summary is of another đợt.
    let status = |code: &str| p["per_unit"][code]["status"].as_str().unwrap().to_string();
    assert_eq!(status("H01"), "Đúng hạn", "{p:#}");
    assert_eq!(status("H02"), "Đúng hạn");
    assert_eq!(status("H03"), "Chưa nộp");
    assert_eq!(status("H04"), "Không hợp lệ");
    assert_eq!(status("H05"), "Đúng hạn");
    assert_eq!(p["units"]["expected"], 5);
    assert_eq!(
        issues_of(&p, "duplicate-submission"),
        1,
        "{:#}",
        p["issues"]
    );
    assert_eq!(issues_of(&p, "other-period"), 1);
    assert_eq!(issues_of(&p, "not-a-return"), 1);
    assert_eq!(issues_of(&p, "summary-edited"), 1);

    // Every figure is the sum of the counted districts' (Hòa Thành's from its record, not
    // from the cell edited by hand).
    let (j1, j2, j5) = (json(&h01.json), json(&h02.json), json(&h05.json));
    let sum = add(&add(&figures(&j1), &figures(&j2)), &figures(&j5));
    assert_eq!(figures(&p), sum);
    // The grassroots reporting below, summed too.
    let below = &p["record"]["reporting"];
    for k in ["expected", "on_time", "late", "missing", "invalid"] {
        let n = |d: &Value| d["record"]["reporting"][k].as_u64().unwrap();
        assert_eq!(below[k].as_u64().unwrap(), n(&j1) + n(&j2) + n(&j5), "{k}");
    }
    assert!(printed.contains("Công đoàn cơ sở"), "{printed}");

    // And it equals one flat consolidation of all their grassroots returns together.
    let flat_dir = root.join("flat");
    std::fs::create_dir_all(flat_dir.join("returns")).unwrap();
    let mut roster_text = String::new();
    for d in [&h01, &h02, &h05] {
        for e in std::fs::read_dir(&d.returns).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), flat_dir.join("returns").join(e.file_name())).unwrap();
        }
        let text = std::fs::read_to_string(&d.roster).unwrap();
        let body: Vec<&str> = text.lines().collect();
        if roster_text.is_empty() {
            roster_text.push_str(body[0]);
            roster_text.push('\n');
        }
        for l in &body[1..] {
            roster_text.push_str(l);
            roster_text.push('\n');
        }
    }
    let flat_roster = flat_dir.join("roster.csv");
    std::fs::write(&flat_roster, roster_text).unwrap();
    let flat_json = flat_dir.join("flat.json");
    danvan(&[
        "consolidate".as_ref(),
        flat_dir.join("returns").as_ref(),
        "--roster".as_ref(),
        flat_roster.as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        flat_dir.join("flat.xlsx").as_ref(),
        "--json".as_ref(),
        flat_json.as_ref(),
        "--quiet".as_ref(),
        "--no-cache".as_ref(),
    ]);
    let flat = json(&flat_json);
    assert_eq!(figures(&p), figures(&flat));
    assert_eq!(
        p["record"]["topic_audience"],
        flat["record"]["topic_audience"]
    );
    assert_eq!(below, &flat["record"]["reporting"]);

    // The province's workbook: Tổng hợp shows the sums, the edit is pointed at its cell, a
    // row per district.
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let province = record_of(&xlsx);
    let tt01 = province
        .cells
        .iter()
        .find(|f| f.key == "topics.TT01.sessions")
        .unwrap();
    let total = wb.worksheet_range("Tổng hợp").unwrap();
    let pos = danvan::pos::Pos::parse_a1(&tt01.cell).unwrap();
    assert_eq!(
        total.get_value((pos.row, pos.col)),
        Some(&Data::Float(
            sum["topics"]["TT01"]["sessions"].as_i64().unwrap() as f64
        ))
    );
    let issues = wb.worksheet_range("Lỗi - cảnh báo").unwrap();
    let edit_row = issues
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| c.to_string().contains("bản ghi danvan lập cùng tệp"))
        })
        .expect("the hand edit is listed");
    let text: Vec<String> = edit_row.iter().map(|c| c.to_string()).collect();
    assert!(text.iter().any(|c| c == "Hòa Thành.xlsx"), "{text:?}");
    assert!(
        text.iter().any(|c| c.contains(&edited.cell)),
        "the cell is named: {text:?}"
    );
    // Đối soát: per summary, figures read and counted, and why not; the counted sessions add
    // up to the province's.
    let rec = wb.worksheet_range("Đối soát").unwrap();
    let rows: Vec<Vec<String>> = rec
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let find = |file: &str| rows.iter().find(|r| r[0] == file).unwrap().clone();
    let tan_bien = find("Tân Biên.xlsx");
    assert_ne!(tan_bien[2], "0", "{tan_bien:?}");
    assert_eq!(tan_bien[3], "0");
    assert!(tan_bien[8].contains("đợt khác"), "{tan_bien:?}");
    let hoa_thanh = find("Hòa Thành.xlsx");
    assert_eq!(hoa_thanh[2], hoa_thanh[3], "{hoa_thanh:?}");
    let total = find("TỔNG CỘNG");
    let sessions: i64 = sum["topics"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| t["sessions"].as_i64().unwrap())
        .sum();
    assert_eq!(total[3], sessions.to_string(), "{total:?}");
    assert!(rows.iter().all(|r| r.last().unwrap() != "Lệch"), "{rows:?}");
    let per_unit = wb.worksheet_range("Theo đơn vị").unwrap();
    let listed: Vec<String> = per_unit.rows().map(|r| r[0].to_string()).collect();
    for code in ["H01", "H02", "H05"] {
        assert!(listed.iter().any(|c| c == code), "{listed:?}");
    }

    // The province's report: its districts counted as units, the grassroots unions under
    // them said with the summed figures, the speakers summed from the records.
    let text = common::docx_text(&docx);
    let n = |k: &str| below[k].as_u64().unwrap();
    let said = format!(
        "Theo báo cáo của 3 đơn vị trên, có {}/{} công đoàn cơ sở đã báo cáo kết quả",
        n("on_time") + n("late"),
        n("expected")
    );
    assert!(text.contains(&said), "{said}\n{text}");
    assert!(text.contains("có 3/5 đơn vị gửi báo cáo"), "{text}");
    let speakers: i64 = [&j1, &j2, &j5]
        .iter()
        .map(|d| d["record"]["speakers"].as_i64().unwrap())
        .sum();
    assert!(speakers > 0);
    let shown = danvan::parse::number::fmt_vn(speakers);
    assert!(
        text.contains(&format!("{shown} lượt báo cáo viên")),
        "{shown}\n{text}"
    );
    assert!(!text.contains("LĐLĐ huyện viết"), "{text}");
}

/// `xlsx` with cells of its first sheet filled as a person types them: numbers, or text.
fn type_into(xlsx: &Path, cells: &[(String, String)], to: &Path) {
    common::edit_first_sheet(xlsx, to, |mut xml| {
        for (cell, value) in cells {
            let open = format!("<c r=\"{cell}\"");
            let at = xml.find(&open).unwrap_or_else(|| panic!("{cell}"));
            let end = at + xml[at..].find('>').unwrap() + 1;
            let tag = &xml[at..end];
            // The cell's style, kept; a shared string or an empty cell replaced.
            let style = tag
                .split_whitespace()
                .find(|p| p.starts_with("s=\""))
                .map(|s| s.trim_end_matches("/>").trim_end_matches('>').to_string())
                .unwrap_or_default();
            let close = if tag.ends_with("/>") {
                end
            } else {
                end + xml[end..].find("</c>").unwrap() + 4
            };
            let new = if value.parse::<f64>().is_ok() {
                format!("<c r=\"{cell}\" {style}><v>{value}</v></c>")
            } else {
                format!("<c r=\"{cell}\" {style} t=\"inlineStr\"><is><t>{value}</t></is></c>")
            };
            xml.replace_range(at..close, &new);
        }
        xml
    });
}

/// A district without danvan fills the one-sheet form by hand: it rolls up with the
/// others, and what it typed wrong is pointed at its cell — a negative number, a `Cộng`
/// that is not the sum, a code the plan does not list, counts that do not add up.
#[test]
fn a_district_without_danvan_types_the_form_and_it_rolls_up() {
    use danvan::contract::{self as c, FormField};
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let forms = root.join("mau");
    danvan(&[
        "template".as_ref(),
        "--district".as_ref(),
        "--out".as_ref(),
        forms.as_ref(),
    ]);
    let blank = forms.join(danvan::template::district::file_name(&Plan::default_plan()));
    assert!(blank.is_file());
    // Where things are, read from the blank form as a person sees it.
    let mut wb: Xlsx<_> = open_workbook(&blank).unwrap();
    let sheet = wb.worksheet_range(c::SHEET_DISTRICT_FORM).unwrap();
    let cell = |row: usize, col: u32| danvan::pos::Pos::new(row as u32, col).a1();
    let row_where = |col: usize, text: &str, after: usize| -> usize {
        sheet
            .rows()
            .enumerate()
            .skip(after)
            .find(|(_, r)| r.get(col).is_some_and(|c| *c == text))
            .unwrap_or_else(|| panic!("{text}"))
            .0
    };
    let field = |f: FormField| cell(row_where(1, f.label(), 0), 2);
    let topics = row_where(0, c::FORM_TOPICS, 0);
    let audiences = row_where(0, c::FORM_AUDIENCES, 0);
    let activities = row_where(0, c::FORM_ACTIVITIES, 0);
    let tt01 = row_where(0, "TT01", topics);
    let tt02 = row_where(0, "TT02", topics);
    let tt03 = row_where(0, "TT03", topics);
    let tt05 = row_where(0, "TT05", topics);
    let topic_total = row_where(1, c::FORM_TOTAL, topics);
    let dt1 = row_where(0, "DT1", audiences);
    let hd = row_where(0, "HD02", activities);
    let hd3 = row_where(0, "HD03", activities);
    let typed: Vec<(String, String)> = [
        (field(FormField::Issuer), "LĐLĐ huyện Gò Dầu"),
        (field(FormField::AsOf), "03/01/2025"),
        (field(FormField::Expected), "20"),
        (field(FormField::OnTime), "15"),
        (field(FormField::Late), "2"),
        (field(FormField::Missing), "2"),
        (field(FormField::Strikes), "1"),
        (field(FormField::Speakers), "7"),
        (cell(tt01, 2), "5"),
        (cell(tt01, 3), "300"),
        (cell(tt02, 2), "2"),
        (cell(tt02, 3), "80"),
        // A row copied: TT01 again, its figures added and said.
        (cell(tt05, 0), "TT01"),
        (cell(tt05, 2), "1"),
        // The district's own total of sessions, typed wrong (8 is right).
        (cell(topic_total, 2), "9"),
        // A code the plan does not list, with figures.
        (cell(tt03, 0), "TT77"),
        (cell(tt03, 2), "4"),
        (cell(dt1, 2), "7"),
        (cell(dt1, 3), "380"),
        (cell(hd, 3), "2"),
        (cell(hd, 4), "10"),
        (cell(hd, 5), "1500000"),
        // A negative number: said, not counted.
        (cell(hd3, 4), "-3"),
    ]
    .into_iter()
    .map(|(a, b)| (a, b.to_string()))
    .collect();
    let up = root.join("cac-huyen");
    std::fs::create_dir_all(&up).unwrap();
    type_into(&blank, &typed, &up.join("Gò Dầu.xlsx"));
    let districts = root.join("ds-huyen.csv");
    std::fs::write(
        &districts,
        "Mã đơn vị,Tên đơn vị\nH03,Huyện Gò Dầu\nH04,Huyện Tân Biên\n",
    )
    .unwrap();
    let (_, p) = rollup(&up, &districts, root, &[]);
    assert_eq!(p["per_unit"]["H03"]["status"], "Trễ hạn", "{p:#}");
    assert_eq!(p["per_unit"]["H04"]["status"], "Chưa nộp");
    let topic = &p["propaganda"]["by_topic"];
    assert_eq!(topic["TT01"]["sessions"], 6);
    assert_eq!(topic["TT01"]["attendance"], 300);
    assert_eq!(topic["TT02"]["attendance"], 80);
    assert_eq!(
        topic["TT03"]["sessions"], 0,
        "the row coded TT77 is not TT03's"
    );
    assert_eq!(p["propaganda"]["by_audience"]["DT1"]["attendance"], 380);
    assert_eq!(p["activities"]["HD02"]["value"], 1_500_000);
    assert_eq!(p["activities"]["HD03"]["participants"], 0);
    assert_eq!(p["strikes"], 1);
    assert_eq!(p["record"]["speakers"], 7);
    assert_eq!(p["record"]["reporting"]["expected"], 20);
    assert_eq!(p["record"]["reporting"]["on_time"], 15);
    for code in [
        "number-negative",
        "total-mismatch",
        "category-unknown",
        "sheet-missing",
        "row-duplicate",
    ] {
        assert!(issues_of(&p, code) >= 1, "{code}: {:#}", p["issues"]);
    }
    // Counts that do not add up (15 + 2 + 2 ≠ 20) and the wrong Cộng: two mismatches.
    assert_eq!(issues_of(&p, "total-mismatch"), 2, "{:#}", p["issues"]);
    // Each pointed at its cell on the form.
    let mut wb: Xlsx<_> = open_workbook(root.join("tinh.xlsx")).unwrap();
    let issues = wb.worksheet_range("Lỗi - cảnh báo").unwrap();
    let cells: Vec<String> = issues
        .rows()
        .flat_map(|r| r.iter().map(|c| c.to_string()))
        .collect();
    for at in [cell(hd3, 4), cell(topic_total, 2), cell(tt03, 0)] {
        assert!(
            cells.iter().any(|c| c.contains(&at)),
            "{at} not named: {cells:?}"
        );
    }
    // A day that is no day is said at its cell, not passed over.
    let bad = root.join("sai-ngay");
    std::fs::create_dir_all(&bad).unwrap();
    let mut wrong = typed.clone();
    wrong[1].1 = "32/13/2025".to_string();
    type_into(&blank, &wrong, &bad.join("Gò Dầu.xlsx"));
    let (_, q) = rollup(&bad, &districts, &root.join("q"), &[]);
    assert_eq!(issues_of(&q, "date-invalid"), 1, "{:#}", q["issues"]);
}

/// A district's correction sent after its first summary counts instead of it, the district
/// dated by its first; a summary that came by hand is dated by the receipt log — as for a
/// grassroots union's return.
#[test]
fn a_correction_and_the_receipt_log_work_for_districts_as_for_unions() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let h01 = district(
        root,
        "A",
        "Ban Thường vụ Liên đoàn Lao động huyện Dương Minh Châu",
        10,
        None,
    );
    let h02 = district(
        root,
        "B",
        "Ban Thường vụ Liên đoàn Lao động huyện Bến Cầu",
        6,
        None,
    );
    let up = root.join("cac-huyen");
    std::fs::create_dir_all(&up).unwrap();
    std::fs::copy(&h01.summary, up.join("DMC.xlsx")).unwrap();
    std::fs::copy(&h02.summary, up.join("Bến Cầu.xlsx")).unwrap();
    // Bến Cầu consolidates again two days later and sends the correction.
    let corrected = root.join("B").join("tong-hop-sua.xlsx");
    let plan_b = root.join("B").join(format!(
        "ke-hoach-{}.xlsx",
        "Ban Thường vụ Liên đoàn Lao động huyện Bến Cầu".len()
    ));
    danvan(&[
        "consolidate".as_ref(),
        h02.returns.as_ref(),
        "--plan".as_ref(),
        plan_b.as_ref(),
        "--roster".as_ref(),
        h02.roster.as_ref(),
        "--as-of".as_ref(),
        "04/01/2025".as_ref(),
        "--out".as_ref(),
        corrected.as_ref(),
        "--quiet".as_ref(),
        "--no-cache".as_ref(),
    ]);
    std::fs::copy(&corrected, up.join("Bến Cầu - bản sửa.xlsx")).unwrap();
    // Dương Minh Châu's summary came on a USB stick on 31/12/2024: the log says so.
    let log = root.join("so-nhan.csv");
    std::fs::write(&log, "Tên tệp,Ngày nhận\nDMC.xlsx,31/12/2024\n").unwrap();
    let districts = root.join("ds-huyen.csv");
    std::fs::write(
        &districts,
        "Mã đơn vị,Tên đơn vị\nH01,Huyện Dương Minh Châu\nH02,Huyện Bến Cầu\n",
    )
    .unwrap();
    let (_, p) = rollup(
        &up,
        &districts,
        root,
        &["--received".as_ref(), log.as_ref()],
    );
    let h01_entry = &p["per_unit"]["H01"];
    assert_eq!(h01_entry["submitted"], "2024-12-31", "{p:#}");
    assert_eq!(h01_entry["source_key"], "receipt_log");
    assert_eq!(h01_entry["status"], "Đúng hạn");
    let h02_entry = &p["per_unit"]["H02"];
    assert_eq!(h02_entry["file"], "Bến Cầu - bản sửa.xlsx", "{p:#}");
    assert_eq!(
        h02_entry["submitted"], "2025-01-02",
        "dated by its first summary"
    );
    assert_eq!(h02_entry["supplemented"], "2025-01-04");
    // Counted once: the province's figures are the two districts'.
    let (j1, j2) = (json(&h01.json), json(&h02.json));
    assert_eq!(figures(&p), add(&figures(&j1), &figures(&j2)));
}
