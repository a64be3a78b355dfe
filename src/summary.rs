//! Totals → the consolidated workbook (CONTRACT §7), and per-unit feedback workbooks.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ConditionalFormatText, ConditionalFormatTextRule, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, Table, TableColumn, Workbook, Worksheet, XlsxError,
};

use crate::consolidate::{Outcome, UnitTotals};
use crate::contract as c;
use crate::issue::Issue;
use crate::parse::date::fmt_vn;
use crate::plan::Plan;
use crate::read::Pos;
use crate::submission::Submission;

/// Rows per sheet before a row-level sheet is continued on another (Excel's limit is 1,048,576).
pub const MAX_ROWS_PER_SHEET: usize = 1_000_000;

pub const SHEET_SUMMARY: &str = "Tổng hợp";
pub const SHEET_PROGRESS: &str = "Tiến độ nộp";
pub const SHEET_PER_UNIT: &str = "Theo đơn vị";
pub const SHEET_ISSUES: &str = "Lỗi - cảnh báo";
pub const SHEET_RECONCILE: &str = "Đối soát";
/// Every sheet of the summary, in order (CONTRACT §7).
pub const SHEETS: [&str; 8] = [
    SHEET_SUMMARY,
    SHEET_PROGRESS,
    SHEET_PER_UNIT,
    c::SHEET_PROPAGANDA,
    c::SHEET_ACTIVITIES,
    c::SHEET_SITUATION,
    SHEET_ISSUES,
    SHEET_RECONCILE,
];

/// A value to write; text is always written as text, never as a formula.
#[derive(Debug, Clone)]
pub enum V {
    T(String),
    /// Text that wraps in its cell (long labels and messages).
    W(String),
    I(i64),
    D(Option<NaiveDate>),
    P(Option<f64>),
}

fn t(s: impl Into<String>) -> V {
    V::T(s.into())
}

struct Fmts {
    /// The page footer: plan code, sheet name, page X/Y.
    footer: String,
    title: Format,
    bold: Format,
    header: Format,
    int: Format,
    date: Format,
    pct: Format,
    text: Format,
    wrap: Format,
}

impl Fmts {
    fn new(plan_code: &str) -> Fmts {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(11);
        Fmts {
            // `&` starts a code in Excel headers and footers.
            footer: format!("&L{}&C&A&RTrang &P/&N", plan_code.replace('&', "&&")),
            title: base.clone().set_bold().set_font_size(14),
            bold: base.clone().set_bold(),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            int: base.clone().set_num_format("#,##0"),
            date: base.clone().set_num_format("dd/mm/yyyy"),
            pct: base.clone().set_num_format("0.0%"),
            wrap: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            text: base,
        }
    }
}

fn write_v(ws: &mut Worksheet, r: u32, col: u16, v: &V, f: &Fmts) -> Result<(), XlsxError> {
    match v {
        V::T(s) => {
            ws.write_string_with_format(r, col, s, &f.text)?;
        }
        V::W(s) => {
            ws.write_string_with_format(r, col, s, &f.wrap)?;
        }
        V::I(n) => {
            ws.write_number_with_format(r, col, *n as f64, &f.int)?;
        }
        V::D(Some(d)) => {
            use chrono::Datelike;
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(r, col, &x, &f.date)?;
        }
        V::P(Some(p)) => {
            ws.write_number_with_format(r, col, *p, &f.pct)?;
        }
        V::D(None) | V::P(None) => {}
    }
    Ok(())
}

/// Column widths of `Tổng hợp`: codes and names, labels (wrapped), then figures.
const SUMMARY_WIDTHS: [f64; 9] = [24.0, 45.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0];

/// Prints on A4: landscape when the columns are wider than a portrait page holds, one page
/// wide, `repeat` (the header row) on every page, footer with plan code, sheet, page X/Y.
fn print_setup(
    ws: &mut Worksheet,
    f: &Fmts,
    width_chars: f64,
    repeat: Option<u32>,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    // About 95 characters of Times New Roman 11 fit across a portrait A4 page.
    if width_chars > 95.0 {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    ws.set_paper_size(A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_footer(&f.footer);
    if let Some(r) = repeat {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// Above this many rows a sheet gets a filter range rather than an Excel table.
const TABLE_MAX_ROWS: usize = 100_000;

/// Builds row `i` of a table on demand, so no sheet needs a second copy of all its rows.
type RowFn<'a> = dyn FnMut(usize) -> Vec<V> + 'a;

/// Writes an Excel table (filters, header) of `n` rows starting at `row0`, rows in order
/// (as constant-memory worksheets need); returns the next free row.
fn table(
    ws: &mut Worksheet,
    row0: u32,
    headers: &[&str],
    widths: &[f64],
    n: usize,
    row: &mut RowFn<'_>,
    f: &Fmts,
) -> Result<u32, XlsxError> {
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    if row0 == 0 {
        // A table that is the whole sheet: print it with its header on every page.
        let width =
            widths.iter().sum::<f64>() + 8.43 * headers.len().saturating_sub(widths.len()) as f64;
        print_setup(ws, f, width, Some(0))?;
    }
    let cols: Vec<TableColumn> = headers
        .iter()
        .map(|h| {
            TableColumn::new()
                .set_header(*h)
                .set_header_format(&f.header)
        })
        .collect();
    let last = row0 + n.max(1) as u32;
    let last_col = headers.len() as u16 - 1;
    if n <= TABLE_MAX_ROWS {
        // The table writes its header row: before the data, which must come in row order.
        ws.add_table(row0, 0, last, last_col, &Table::new().set_columns(&cols))?;
    } else {
        // rust_xlsxwriter records every cell of a table in a hash map (to refuse overlapping
        // tables): about 40 bytes a cell. Province-sized sheets get a plain filter instead.
        for (col, h) in headers.iter().enumerate() {
            ws.write_string_with_format(row0, col as u16, *h, &f.header)?;
        }
        ws.autofilter(row0, 0, last, last_col)?;
    }
    ws.set_row_height(row0, 32)?;
    for r in 0..n {
        let cells = row(r);
        // Spreadsheet programs do not grow a row for wrapped text on opening: give it the
        // lines its longest wrapped cell needs, so that nothing prints cut or overlapping.
        let lines = cells
            .iter()
            .zip(widths)
            .filter_map(|(v, w)| match v {
                V::W(text) => Some((text.chars().count() as f64 / (w * 1.1)).ceil() as u32),
                _ => None,
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row0 + 1 + r as u32, 15 * lines.min(20))?;
        }
        for (col, v) in cells.iter().enumerate() {
            write_v(ws, row0 + 1 + r as u32, col as u16, v, f)?;
        }
    }
    Ok(last + 1)
}

/// [`table`] over rows already built (the small tables of `Tổng hợp`, feedback files).
fn table_of(
    ws: &mut Worksheet,
    row0: u32,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<V>],
    f: &Fmts,
) -> Result<u32, XlsxError> {
    table(
        ws,
        row0,
        headers,
        widths,
        rows.len(),
        &mut |i| rows[i].clone(),
        f,
    )
}

/// Adds a row-level sheet, continued on `Name (2)`, `Name (3)`… past the row limit.
/// Rows are flushed to disk as they are written (rust_xlsxwriter's constant-memory mode: strings inline, no shared table).
fn row_sheets(
    wb: &mut Workbook,
    name: &str,
    headers: &[&str],
    widths: &[f64],
    n: usize,
    row: &mut RowFn<'_>,
    f: &Fmts,
) -> Result<usize, XlsxError> {
    let sheets = n.div_ceil(MAX_ROWS_PER_SHEET).max(1);
    for i in 0..sheets {
        let start = i * MAX_ROWS_PER_SHEET;
        let len = n.saturating_sub(start).min(MAX_ROWS_PER_SHEET);
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(if i == 0 {
            name.to_string()
        } else {
            format!("{name} ({})", i + 1)
        })?;
        ws.set_freeze_panes(1, 0)?;
        table(ws, 0, headers, widths, len, &mut |r| row(start + r), f)?;
    }
    Ok(sheets)
}

fn pct(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Builds the consolidated workbook.
pub fn build(o: &Outcome, plan: &Plan) -> Result<Workbook, XlsxError> {
    let f = Fmts::new(&plan.code);
    let mut wb = Workbook::new();
    let stamp = o.as_of.and_hms_opt(0, 0, 0).expect("midnight exists");
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Tổng hợp kết quả {} — {}", plan.code, plan.title))
            .set_company("danvan")
            .set_creation_datetime(&stamp),
    );
    let expected = o.units.iter().filter(|u| u.in_roster).count() as i64;
    let on_time = o.count_status(c::STATUS_ON_TIME, true) as i64;
    let late = o.count_status(c::STATUS_LATE, true) as i64;
    let missing = o.count_status(c::STATUS_MISSING, true) as i64;
    let invalid = o.count_status(c::STATUS_INVALID, true) as i64;
    let extra = o.units.iter().filter(|u| !u.in_roster).count() as i64;

    // Row-level sheets: (submission, row) of every counted row, built into cells on demand.
    let counted: Vec<&Submission> = o
        .submissions
        .iter()
        .zip(&o.counted)
        .filter(|(_, c)| **c)
        .map(|(s, _)| s)
        .collect();
    let index = |len: fn(&Submission) -> usize| -> Vec<(u32, u32)> {
        counted
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (0..len(s)).map(move |r| (i as u32, r as u32)))
            .collect()
    };
    let prop_index = index(|s| s.propaganda.len());
    let act_index = index(|s| s.activities.len());
    let issues: Vec<&Issue> = o.all_issues().collect();

    // Tổng hợp
    {
        let ws = wb.add_worksheet();
        ws.set_name(SHEET_SUMMARY)?;
        for (col, w) in SUMMARY_WIDTHS.iter().enumerate() {
            ws.set_column_width(col as u16, *w)?;
        }
        ws.write_string_with_format(
            0,
            0,
            format!("TỔNG HỢP KẾT QUẢ CÔNG TÁC DÂN VẬN — {}", plan.code),
            &f.title,
        )?;
        ws.write_string(1, 0, plan.title.clone())?;
        ws.write_string(
            2,
            0,
            format!(
                "Số liệu tính đến ngày {}; đợt {} – {}; hạn nộp trước {}. Danh sách đơn vị: {}.",
                fmt_vn(o.as_of),
                fmt_vn(plan.window_start),
                fmt_vn(plan.window_end),
                fmt_vn(plan.deadline_before),
                o.roster_label
            ),
        )?;
        let mut r = 4;
        ws.write_string_with_format(r, 0, "TÌNH HÌNH NỘP BÁO CÁO", &f.bold)?;
        r += 1;
        let head: Vec<(&str, V)> = vec![
            ("Số đơn vị phải báo cáo", V::I(expected)),
            (c::STATUS_ON_TIME, V::I(on_time)),
            (c::STATUS_LATE, V::I(late)),
            (c::STATUS_MISSING, V::I(missing)),
            (c::STATUS_INVALID, V::I(invalid)),
            ("Đơn vị ngoài danh sách có nộp", V::I(extra)),
            ("Tỷ lệ đơn vị đã nộp", V::P(pct(on_time + late, expected))),
            ("Số dòng số liệu đọc được", V::I(o.rows_read() as i64)),
            ("Số dòng được tính", V::I(o.rows_counted() as i64)),
            (
                "Số dòng không được tính (xem trang \"Lỗi - cảnh báo\")",
                V::I((o.rows_read() - o.rows_counted()) as i64),
            ),
            ("Số vụ đình công, lãn công, ngừng việc", V::I(o.strikes)),
        ];
        let status_first = r;
        for (label, v) in &head {
            ws.write_string(r, 1, *label)?;
            write_v(ws, r, 2, v, &f)?;
            r += 1;
        }
        let mut chart = Chart::new_pie();
        chart
            .add_series()
            .set_categories((SHEET_SUMMARY, status_first + 1, 1, status_first + 4, 1))
            .set_values((SHEET_SUMMARY, status_first + 1, 2, status_first + 4, 2))
            .set_name("Tình hình nộp báo cáo");
        chart.title().set_name("Tình hình nộp báo cáo");
        chart.set_width(400).set_height(260);
        // Charts go below the tables (never over them), inserted once the tables are written.
        let mut charts = vec![chart];
        if prop_index.len() > MAX_ROWS_PER_SHEET
            || act_index.len() > MAX_ROWS_PER_SHEET
            || issues.len() > MAX_ROWS_PER_SHEET
        {
            ws.write_string(r, 1, format!("Lưu ý: trang có hơn {MAX_ROWS_PER_SHEET} dòng được chia tiếp sang các trang \"(2)\", \"(3)\"…"))?;
            r += 1;
        }
        r += 1;

        ws.write_string_with_format(r, 0, "TUYÊN TRUYỀN THEO NỘI DUNG", &f.bold)?;
        r += 1;
        let topic_rows = propaganda_total_rows(&o.by_topic);
        let topic_first = r + 1;
        r = table_of(
            ws,
            r,
            &[
                "Mã",
                "Nội dung tuyên truyền",
                "Số dòng",
                "Số buổi",
                "Số lượt người tham dự",
            ],
            &SUMMARY_WIDTHS[..5],
            &topic_rows,
            &f,
        )? + 1;
        let mut chart = Chart::new_bar();
        chart
            .add_series()
            .set_categories(column((topic_first, topic_rows.len()), 0))
            .set_values(column((topic_first, topic_rows.len()), 4))
            .set_name("Số lượt người tham dự");
        chart
            .title()
            .set_name("Lượt người tham dự theo nội dung tuyên truyền");
        chart.set_width(560).set_height(260);
        charts.push(chart);

        ws.write_string_with_format(r, 0, "TUYÊN TRUYỀN THEO ĐỐI TƯỢNG", &f.bold)?;
        r += 1;
        let aud_rows = propaganda_total_rows(&o.by_audience);
        r = table_of(
            ws,
            r,
            &[
                "Mã ",
                "Đối tượng",
                "Số dòng ",
                "Số buổi ",
                "Số lượt người tham dự ",
            ],
            &SUMMARY_WIDTHS[..5],
            &aud_rows,
            &f,
        )? + 1;

        ws.write_string_with_format(r, 0, "SỐ LƯỢT NGƯỜI THAM DỰ: NỘI DUNG × ĐỐI TƯỢNG", &f.bold)?;
        r += 1;
        let mut hdr: Vec<String> = vec!["Mã nội dung".into()];
        hdr.extend(plan.audiences.iter().map(|a| a.code.clone()));
        let cross: Vec<Vec<V>> = plan
            .topics
            .iter()
            .map(|tp| {
                let mut row = vec![t(tp.code.clone())];
                row.extend(plan.audiences.iter().map(|a| {
                    V::I(
                        o.topic_audience
                            .get(&(tp.code.clone(), a.code.clone()))
                            .map(|x| x.1)
                            .unwrap_or(0),
                    )
                }));
                row
            })
            .collect();
        let hdr_refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
        r = table_of(
            ws,
            r,
            &hdr_refs,
            &SUMMARY_WIDTHS[..hdr_refs.len().min(9)],
            &cross,
            &f,
        )? + 1;

        ws.write_string_with_format(r, 0, "HOẠT ĐỘNG SO VỚI CHỈ TIÊU", &f.bold)?;
        r += 1;
        let act_totals: Vec<Vec<V>> = o
            .by_activity
            .iter()
            .map(|x| {
                vec![
                    t(x.code.clone()),
                    V::W(x.label.clone()),
                    t(x.quantity_unit.clone()),
                    V::I(x.rows),
                    V::I(x.quantity),
                    V::I(x.participants),
                    V::I(x.value),
                    x.target.map(V::I).unwrap_or(t("")),
                    V::P(x.target.and_then(|tg| pct(x.quantity, tg))),
                ]
            })
            .collect();
        let act_first = r + 1;
        r = table_of(
            ws,
            r,
            &[
                "Mã HĐ",
                "Loại hoạt động",
                "Đơn vị tính",
                "Số dòng  ",
                "Số lượng",
                "Số người tham gia",
                "Giá trị (đồng)",
                "Chỉ tiêu",
                "Đạt (%)",
            ],
            &SUMMARY_WIDTHS,
            &act_totals,
            &f,
        )? + 1;
        let mut chart = Chart::new_column();
        chart
            .add_series()
            .set_categories(column((act_first, act_totals.len()), 0))
            .set_values(column((act_first, act_totals.len()), 4))
            .set_name("Số lượng thực hiện");
        chart
            .add_series()
            .set_categories(column((act_first, act_totals.len()), 0))
            .set_values(column((act_first, act_totals.len()), 7))
            .set_name("Chỉ tiêu");
        chart.title().set_name("Hoạt động so với chỉ tiêu");
        chart.set_width(960).set_height(260);
        charts.push(chart);

        ws.write_string_with_format(r, 0, "QUỸ VẬN ĐỘNG", &f.bold)?;
        r += 1;
        for a in plan.activities.iter().filter(|a| a.fund) {
            let tot = o
                .by_activity
                .iter()
                .find(|x| x.code == a.category.code)
                .map(|x| (x.quantity, x.value))
                .unwrap_or((0, 0));
            ws.write_string(r, 0, a.category.code.clone())?;
            ws.write_string(
                r,
                1,
                format!("{} — {} lượt người đóng góp", a.category.label, tot.0),
            )?;
            write_v(ws, r, 2, &V::I(tot.1), &f)?;
            r += 1;
        }
        r += 1;
        for (title, groups) in [
            ("THEO KHỐI", &o.by_bloc),
            ("THEO XÃ, THỊ TRẤN", &o.by_commune),
        ] {
            ws.write_string_with_format(r, 0, title, &f.bold)?;
            r += 1;
            let rows: Vec<Vec<V>> = groups
                .iter()
                .map(|g| {
                    vec![
                        t(g.key.clone()),
                        V::I(g.expected),
                        V::I(g.reported),
                        V::I(g.sessions),
                        V::I(g.attendance),
                        V::I(g.activity_rows),
                        V::I(g.value),
                    ]
                })
                .collect();
            let name = if title == "THEO KHỐI" {
                "Khối"
            } else {
                "Xã, thị trấn"
            };
            r = table_of(
                ws,
                r,
                &[
                    name,
                    "Số đơn vị",
                    "Đã nộp",
                    "Số buổi TT",
                    "Lượt người TT",
                    "Số dòng HĐ",
                    "Giá trị HĐ (đồng)",
                ],
                &SUMMARY_WIDTHS[..7],
                &rows,
                &f,
            )? + 1;
        }
        // Two charts side by side, the third below them: 14 rows each at the default height.
        let mut charts = charts.into_iter();
        if let (Some(pie), Some(topics), Some(acts)) = (charts.next(), charts.next(), charts.next())
        {
            ws.insert_chart(r, 1, &pie)?;
            ws.insert_chart_with_offset(r, 1, &topics, 400, 0)?;
            ws.insert_chart(r + 14, 1, &acts)?;
        }
        print_setup(ws, &f, SUMMARY_WIDTHS.iter().sum(), None)?;
        // Portrait, two pages at most: what staff attach to the report.
        ws.set_portrait();
        ws.set_print_fit_to_pages(1, 2);
    }

    // Tiến độ nộp
    {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(SHEET_PROGRESS)?;
        ws.set_freeze_panes(1, 2)?;
        let mut progress_row = |i: usize| {
            let u = &o.units[i];
            vec![
                t(u.code.clone()),
                t(u.name.clone()),
                t(u.bloc.clone()),
                t(u.commune.clone()),
                t(u.status),
                V::D(u.submitted),
                t(u.source.map(|s| s.vn()).unwrap_or("")),
                t(u.file.clone().unwrap_or_default()),
                t(u.contact.clone()),
                t(u.phone.clone()),
                t(if u.in_roster { "" } else { "Ngoài danh sách" }),
                V::I(u.errors as i64),
                V::I(u.warnings as i64),
            ]
        };
        table(
            ws,
            0,
            &[
                "Mã đơn vị",
                "Tên công đoàn cơ sở",
                "Khối",
                "Xã, thị trấn",
                "Trạng thái",
                "Ngày nộp",
                "Nguồn ngày nộp",
                "Tệp",
                "Người liên hệ",
                "Số điện thoại",
                "Ghi chú",
                "Số lỗi",
                "Số cảnh báo",
            ],
            &[
                10.0, 45.0, 18.0, 22.0, 14.0, 12.0, 16.0, 30.0, 20.0, 14.0, 16.0, 8.0, 10.0,
            ],
            o.units.len(),
            &mut progress_row,
            &f,
        )?;
        let last = o.units.len().max(1) as u32;
        for (status, color) in [
            (c::STATUS_ON_TIME, "#C6EFCE"),
            (c::STATUS_LATE, "#FFEB9C"),
            (c::STATUS_MISSING, "#FFC7CE"),
            (c::STATUS_INVALID, "#D9D9D9"),
        ] {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(status.to_string()))
                .set_format(Format::new().set_background_color(color));
            ws.add_conditional_format(1, 4, last, 4, &cf)?;
        }
    }

    // Theo đơn vị
    {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(SHEET_PER_UNIT)?;
        ws.set_freeze_panes(1, 2)?;
        let mut headers: Vec<String> = vec![
            "Mã đơn vị".into(),
            "Tên công đoàn cơ sở".into(),
            "Trạng thái".into(),
            "Số dòng được tính".into(),
        ];
        headers.extend(plan.topics.iter().map(|x| format!("{} buổi", x.code)));
        headers.extend(plan.topics.iter().map(|x| format!("{} lượt người", x.code)));
        headers.extend(
            plan.activities
                .iter()
                .map(|x| format!("{} số lượng", x.category.code)),
        );
        headers.push("Giá trị HĐ (đồng)".into());
        headers.push("Số vụ đình công".into());
        let mut unit_row = |i: usize| {
            let u = &o.units[i];
            let none = UnitTotals::default();
            let tot = o.per_unit.get(&u.code).unwrap_or(&none);
            let mut row = vec![
                t(u.code.clone()),
                t(u.name.clone()),
                t(u.status),
                V::I(u.rows_counted as i64),
            ];
            let by = |v: &[i64], i: usize| V::I(v.get(i).copied().unwrap_or(0));
            row.extend((0..plan.topics.len()).map(|i| by(&tot.sessions, i)));
            row.extend((0..plan.topics.len()).map(|i| by(&tot.attendance, i)));
            row.extend((0..plan.activities.len()).map(|i| by(&tot.quantity, i)));
            row.push(V::I(tot.value));
            row.push(V::I(tot.strikes));
            row
        };
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mut widths = vec![10.0, 45.0, 14.0, 10.0];
        widths.resize(headers.len(), 11.0);
        table(ws, 0, &refs, &widths, o.units.len(), &mut unit_row, &f)?;
    }

    row_sheets(
        &mut wb,
        c::SHEET_PROPAGANDA,
        &[
            "Mã đơn vị",
            "Tên công đoàn cơ sở",
            "Ngày thực hiện",
            "Mã nội dung",
            "Nội dung tuyên truyền",
            "Hình thức",
            "Mã đối tượng",
            "Số buổi",
            "Số lượt người tham dự",
            "Số báo cáo viên, tuyên truyền viên",
            "Địa điểm",
            "Ghi chú",
            "Tệp nguồn",
            "Ô nguồn",
        ],
        &[
            10.0, 40.0, 12.0, 8.0, 40.0, 22.0, 8.0, 8.0, 12.0, 12.0, 20.0, 20.0, 28.0, 18.0,
        ],
        prop_index.len(),
        &mut |i| {
            let (si, ri) = prop_index[i];
            propaganda_row(o, plan, counted[si as usize], ri as usize)
        },
        &f,
    )?;
    row_sheets(
        &mut wb,
        c::SHEET_ACTIVITIES,
        &[
            "Mã đơn vị",
            "Tên công đoàn cơ sở",
            "Ngày thực hiện",
            "Mã HĐ",
            "Loại hoạt động",
            "Nội dung cụ thể",
            "Số lượng",
            "Đơn vị tính",
            "Số người tham gia",
            "Giá trị (đồng)",
            "Đơn vị phối hợp",
            "Địa điểm",
            "Tệp nguồn",
            "Ô nguồn",
        ],
        &[
            10.0, 40.0, 12.0, 8.0, 40.0, 30.0, 9.0, 14.0, 12.0, 15.0, 22.0, 20.0, 28.0, 18.0,
        ],
        act_index.len(),
        &mut |i| {
            let (si, ri) = act_index[i];
            activity_row(o, plan, counted[si as usize], ri as usize)
        },
        &f,
    )?;
    row_sheets(
        &mut wb,
        c::SHEET_SITUATION,
        &[
            "Mã đơn vị",
            "Tên công đoàn cơ sở",
            c::SIT_STRIKES,
            c::SIT_MORALE,
            c::SIT_DIFFICULTIES,
            c::SIT_RECOMMENDATIONS,
            "Tệp nguồn",
        ],
        &[10.0, 40.0, 14.0, 45.0, 45.0, 45.0, 28.0],
        counted.len(),
        &mut |i| {
            let s = counted[i];
            let u = unit_label(o, s);
            vec![
                t(u.0),
                t(u.1),
                s.situation.strikes.map(V::I).unwrap_or(t("")),
                t(s.situation.morale.clone()),
                t(s.situation.difficulties.clone()),
                t(s.situation.recommendations.clone()),
                t(s.file.clone()),
            ]
        },
        &f,
    )?;
    row_sheets(
        &mut wb,
        SHEET_ISSUES,
        &ISSUE_HEADERS,
        &ISSUE_WIDTHS,
        issues.len(),
        &mut |i| issue_row(issues[i]),
        &f,
    )?;

    // Đối soát
    {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(SHEET_RECONCILE)?;
        ws.set_freeze_panes(1, 0)?;
        let recs: Vec<crate::reconcile::Reconciliation> = o
            .submissions
            .iter()
            .zip(&o.counted)
            .map(|(s, c)| crate::reconcile::reconcile(s, *c))
            .collect();
        let sum = |f: &dyn Fn(&crate::reconcile::Reconciliation) -> usize| {
            recs.iter().map(f).sum::<usize>() as i64
        };
        let (tr, tc, te, tu) = (
            sum(&|r| r.seen),
            sum(&|r| r.counted),
            sum(&|r| r.explained),
            sum(&|r| r.unexplained),
        );
        let (files, skipped) = (o.submissions.len(), o.skipped.len());
        let mut reconcile_row = |i: usize| {
            if i < files {
                let (s, r) = (&o.submissions[i], &recs[i]);
                let unit = s
                    .unit
                    .as_ref()
                    .map(|_| unit_label(o, s).0)
                    .unwrap_or_default();
                vec![
                    t(s.file.clone()),
                    t(unit),
                    V::I(r.seen as i64),
                    V::I(r.counted as i64),
                    V::I(r.explained as i64),
                    t(r.reasons.clone()),
                    t(r.verdict()),
                ]
            } else if i < files + skipped {
                let issue = &o.skipped[i - files];
                vec![
                    t(issue.file.clone()),
                    t(""),
                    V::I(0),
                    V::I(0),
                    V::I(0),
                    t(format!("Bỏ qua: {}", issue.message)),
                    t("Khớp"),
                ]
            } else {
                let ok = tu == 0 && tr == tc + te;
                vec![
                    t("TỔNG CỘNG"),
                    t(""),
                    V::I(tr),
                    V::I(tc),
                    V::I(te),
                    t(if ok {
                        "Số dòng đọc = được tính + không tính có lý do".to_string()
                    } else {
                        format!("{tu} dòng không khớp: đọc ≠ được tính + không tính có lý do")
                    }),
                    t(if ok { "Khớp" } else { "Lệch" }),
                ]
            }
        };
        table(
            ws,
            0,
            &[
                "Tệp",
                "Mã đơn vị",
                "Số dòng đọc",
                "Số dòng được tính",
                "Số dòng không tính (có lý do)",
                "Lý do không tính",
                "Đối chiếu",
            ],
            &[40.0, 12.0, 12.0, 14.0, 16.0, 60.0, 10.0],
            files + skipped + 1,
            &mut reconcile_row,
            &f,
        )?;
    }
    wb.worksheet_from_index(0)?.set_active(true);
    Ok(wb)
}

/// Column `col` of the `len` table rows starting at `first` in `Tổng hợp`, for a chart.
fn column((first, len): (u32, usize), col: u16) -> (&'static str, u32, u16, u32, u16) {
    (
        SHEET_SUMMARY,
        first,
        col,
        first + len.max(1) as u32 - 1,
        col,
    )
}

/// Code, label, rows, sessions, attendance: the propaganda totals tables of `Tổng hợp`.
fn propaganda_total_rows(totals: &[crate::consolidate::PropTotal]) -> Vec<Vec<V>> {
    totals
        .iter()
        .map(|x| {
            vec![
                t(x.code.clone()),
                V::W(x.label.clone()),
                V::I(x.rows),
                V::I(x.sessions),
                V::I(x.attendance),
            ]
        })
        .collect()
}

/// One counted propaganda row of `Tuyên truyền`, with its provenance.
fn propaganda_row(o: &Outcome, plan: &Plan, s: &Submission, i: usize) -> Vec<V> {
    let r = &s.propaganda[i];
    let (code, name) = unit_label(o, s);
    vec![
        t(code),
        t(name),
        V::D(Some(r.date)),
        t(plan.topics[r.topic as usize].code.clone()),
        t(plan.topics[r.topic as usize].label.clone()),
        t(r.form
            .map(|x| plan.forms[x as usize].label.clone())
            .unwrap_or_default()),
        t(plan.audiences[r.audience as usize].code.clone()),
        V::I(r.sessions),
        V::I(r.attendance),
        V::I(r.speakers),
        t(r.place.clone()),
        t(r.note.clone()),
        t(s.file.clone()),
        t(format!(
            "{}!{}",
            s.propaganda_sheet,
            Pos::new(r.row, 0).a1()
        )),
    ]
}

/// One counted activity row of `Hoạt động`, with its provenance.
fn activity_row(o: &Outcome, plan: &Plan, s: &Submission, i: usize) -> Vec<V> {
    let r = &s.activities[i];
    let a = &plan.activities[r.activity as usize];
    let (code, name) = unit_label(o, s);
    vec![
        t(code),
        t(name),
        V::D(Some(r.date)),
        t(a.category.code.clone()),
        t(a.category.label.clone()),
        t(r.description.clone()),
        V::I(r.quantity),
        t(a.quantity_unit.clone()),
        V::I(r.participants),
        V::I(r.value),
        t(r.partner.clone()),
        t(r.place.clone()),
        t(s.file.clone()),
        t(format!(
            "{}!{}",
            s.activities_sheet,
            Pos::new(r.row, 0).a1()
        )),
    ]
}

pub const ISSUE_HEADERS: [&str; 9] = [
    "Tệp",
    "Trang",
    "Ô",
    "Mức độ",
    "Mã lỗi",
    "Nội dung",
    "Giá trị tìm thấy",
    "Gợi ý sửa",
    "Loại",
];
const ISSUE_WIDTHS: [f64; 9] = [30.0, 16.0, 8.0, 10.0, 22.0, 70.0, 24.0, 50.0, 30.0];

fn issue_row(i: &Issue) -> Vec<V> {
    vec![
        t(i.file.clone()),
        t(i.sheet.clone().unwrap_or_default()),
        t(i.cell.clone().unwrap_or_default()),
        t(i.severity.vn()),
        t(i.code.as_str()),
        V::W(i.message.clone()),
        t(i.found.clone().unwrap_or_default()),
        V::W(i.hint.clone().unwrap_or_default()),
        t(i.code.title()),
    ]
}

fn unit_label(o: &Outcome, s: &Submission) -> (String, String) {
    match &s.unit {
        // Roster units come first in `o.units`, in roster order.
        Some(crate::submission::UnitId::Roster(i)) => o
            .units
            .get(*i)
            .map(|u| (u.code.clone(), u.name.clone()))
            .unwrap_or_default(),
        Some(crate::submission::UnitId::Extra { code, name }) => (code.clone(), name.clone()),
        None => (String::new(), s.info.name.clone()),
    }
}

/// A small workbook listing one unit's issues, to send back.
pub fn feedback(
    unit_code: &str,
    unit_name: &str,
    issues: &[&Issue],
    plan: &Plan,
) -> Result<Vec<u8>, XlsxError> {
    let f = Fmts::new(&plan.code);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Phản hồi")?;
    print_setup(ws, &f, ISSUE_WIDTHS.iter().sum(), Some(3))?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "PHẢN HỒI BÁO CÁO {} — {} ({unit_code})",
            plan.code, unit_name
        ),
        &f.title,
    )?;
    ws.write_string(
        1,
        0,
        format!(
            "Đề nghị đơn vị sửa các mục dưới đây trong tệp báo cáo rồi gửi lại trước ngày {}.",
            fmt_vn(plan.deadline_before)
        ),
    )?;
    let rows: Vec<Vec<V>> = issues.iter().map(|i| issue_row(i)).collect();
    table_of(ws, 3, &ISSUE_HEADERS, &ISSUE_WIDTHS, &rows, &f)?;
    wb.save_to_buffer()
}

/// Which roster/extra unit each issue belongs to, for feedback files.
pub fn issues_by_unit(o: &Outcome) -> Vec<(String, String, Vec<&Issue>)> {
    let mut out = Vec::new();
    for u in &o.units {
        // The file that counts, and files of the unit left out by `--as-of` (they will
        // count in a later run, so their problems are worth fixing now).
        let files: Vec<&crate::submission::Submission> = o
            .submissions
            .iter()
            .filter(|s| {
                u.file.as_deref() == Some(s.file.as_str())
                    || (s
                        .issues
                        .iter()
                        .any(|i| i.code == crate::issue::Code::AfterAsOf)
                        && unit_label(o, s).0 == u.code)
            })
            .collect();
        let issues: Vec<&Issue> = files
            .iter()
            .flat_map(|s| s.issues.iter())
            .filter(|i| i.severity != crate::issue::Severity::Info)
            .collect();
        if !issues.is_empty() {
            out.push((u.code.clone(), u.name.clone(), issues));
        }
    }
    out
}
