//! The summary workbook opened by a real spreadsheet program (LibreOffice headless).

use calamine::{open_workbook, Data, DataType, Ods, Reader};
use danvan::plan::Plan;
use danvan::sample::{synthetic_units, write_load_set, write_roster_csv};

mod common;

fn text(d: &Data) -> String {
    d.to_string()
}

/// The value beside a label in column B of `Tổng hợp`.
fn headline(range: &calamine::Range<Data>, label: &str) -> f64 {
    let row = range
        .rows()
        .find(|r| r.get(1).map(text).as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no headline \"{label}\""));
    match &row[2] {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("{label}: not a number: {other:?}"),
    }
}

#[test]
fn libreoffice_opens_the_summary_with_the_same_headline_numbers() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let plan = Plan::default_plan();
    let dir = tempfile::tempdir().unwrap();
    let units = synthetic_units(30);
    let returns = dir.path().join("bc");
    write_load_set(&plan, &units, 11, &returns).unwrap();
    // Two units did not report.
    std::fs::remove_file(returns.join(format!("{}.xlsx", units[0].code))).unwrap();
    std::fs::remove_file(returns.join(format!("{}.xlsx", units[1].code))).unwrap();
    let roster = dir.path().join("roster.csv");
    write_roster_csv(&roster, &units).unwrap();
    let out = dir.path().join("out");
    let mut args = common::consolidate_args(&returns, &out);
    args.common.roster = Some(roster);
    danvan::cmd::consolidate::execute(&args).unwrap();
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("tong-hop.json")).unwrap()).unwrap();

    let ods = common::convert(soffice, &out.join("tong-hop.xlsx"), "ods", &out);
    let mut wb: Ods<_> = open_workbook(&ods).unwrap();
    let names = wb.sheet_names();
    for sheet in danvan::summary::SHEETS {
        assert!(names.iter().any(|n| n == sheet), "{sheet} lost: {names:?}");
    }
    let summary = wb.worksheet_range("Tổng hợp").unwrap();
    let n = |v: &serde_json::Value| v.as_f64().unwrap();
    assert_eq!(headline(&summary, "Số đơn vị phải báo cáo"), 30.0);
    assert_eq!(headline(&summary, "Chưa nộp"), 2.0);
    assert_eq!(headline(&summary, "Đúng hạn"), n(&json["units"]["on_time"]));
    assert_eq!(headline(&summary, "Trễ hạn"), n(&json["units"]["late"]));
    assert!(
        n(&json["units"]["late"]) >= 1.0,
        "the sample has late units"
    );
    assert_eq!(
        headline(&summary, "Số mục được tính"),
        n(&json["rows"]["counted"])
    );
    assert_eq!(
        headline(
            &summary,
            "Số mục các đơn vị đã ghi (tuyên truyền, hoạt động)"
        ),
        n(&json["rows"]["read"])
    );
    // Every counted propaganda row is on its sheet, with its attendance.
    let prop = wb.worksheet_range("Tuyên truyền").unwrap();
    let header = prop
        .rows()
        .position(|r| r.iter().any(|c| text(c) == "Số lượt người tham dự"))
        .unwrap();
    let col = prop
        .rows()
        .nth(header)
        .unwrap()
        .iter()
        .position(|c| text(c) == "Số lượt người tham dự")
        .unwrap();
    let attendance: f64 = prop
        .rows()
        .skip(header + 1)
        .filter_map(|r| r.get(col).and_then(|d| d.as_f64()))
        .sum();
    let by_topic: f64 = json["propaganda"]["by_topic"]
        .as_object()
        .unwrap()
        .values()
        .map(|t| n(&t["attendance"]))
        .sum();
    assert_eq!(attendance, by_topic);
    assert!(attendance > 0.0);
}

/// A return whose date and topic are merged over two rows, as units often lay them out.
fn merged_return() -> Vec<u8> {
    use danvan::contract as c;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_INFO).unwrap();
    ws.write_string(0, 0, c::INFO_CODE).unwrap();
    ws.write_string(0, 1, "CD05").unwrap();
    ws.write_string(1, 0, c::INFO_REPORT_DATE).unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2024, 12, 30).unwrap(), &date)
        .unwrap();
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_PROPAGANDA).unwrap();
    for (i, h) in c::PROPAGANDA_HEADERS.iter().enumerate() {
        ws.write_string(0, i as u16, *h).unwrap();
    }
    ws.merge_range(1, 1, 2, 1, "", &date).unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2024, 12, 19).unwrap(), &date)
        .unwrap();
    ws.merge_range(1, 2, 2, 2, "TT02", &Format::new()).unwrap();
    for (r, (aud, n)) in [("DT1", 40.0), ("DT3", 25.0)].iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_number(r, 0, r as f64).unwrap();
        ws.write_string(r, 4, *aud).unwrap();
        ws.write_number(r, 5, 1.0).unwrap();
        ws.write_number(r, 6, *n).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn read(path: &std::path::Path) -> danvan::submission::Submission {
    let plan = Plan::default_plan();
    let roster = danvan::roster::Roster::sample();
    let matchers = danvan::submission::Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    danvan::submission::read_return(path, "merged", &ctx)
}

#[test]
fn merged_cells_apply_to_every_row_they_cover_in_xlsx_and_ods() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("merged.xlsx");
    std::fs::write(&xlsx, merged_return()).unwrap();
    let check = |s: &danvan::submission::Submission, what: &str| {
        assert_eq!(
            (s.rows_read(), s.rows_counted()),
            (2, 2),
            "{what}: {:?}",
            s.issues
        );
        let day = chrono::NaiveDate::from_ymd_opt(2024, 12, 19).unwrap();
        assert!(
            s.propaganda.iter().all(|r| r.date == day && r.topic == 1),
            "{what}"
        );
        assert_eq!(s.propaganda.iter().map(|r| r.attendance).sum::<i64>(), 65);
    };
    check(&read(&xlsx), "xlsx");
    let Some(soffice) = common::soffice() else {
        return;
    };
    let ods = common::convert(soffice, &xlsx, "ods", dir.path());
    check(&read(&ods), "ods (LibreOffice)");
}
