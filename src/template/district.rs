//! The one-sheet return of a district that does not use danvan (`template --district`,
//! docs/cap-tren.md): its reporting counts, then the summary's tables — one row per category
//! of the plan, a `Cộng` row under each to type the district's own total for checking.
//! `rollup` reads it as it reads a summary.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::contract::{self as c, FormField};
use crate::plan::Plan;

/// The file name: `mau-tong-hop-huyen-<plan>.xlsx`.
pub fn file_name(plan: &Plan) -> String {
    format!(
        "mau-tong-hop-huyen-{}.xlsx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

/// Column widths: code, label, then figures.
const WIDTHS: [f64; 6] = [12.0, 58.0, 16.0, 16.0, 16.0, 18.0];

struct Fmts {
    title: Format,
    text: Format,
    header: Format,
    label: Format,
    input: Format,
    date: Format,
    count: Format,
}

impl Fmts {
    fn new() -> Fmts {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        let cell = base.clone().set_border(FormatBorder::Thin);
        Fmts {
            title: base.clone().set_bold().set_font_size(14),
            text: base.clone().set_text_wrap(),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color("#DDEBF7"),
            label: cell.clone().set_text_wrap(),
            input: cell.clone().set_unlocked().set_background_color("#FFFFFF"),
            date: cell.clone().set_unlocked().set_num_format("dd/mm/yyyy"),
            count: cell.set_unlocked().set_num_format("#,##0"),
        }
    }
}

/// The workbook.
pub fn build(plan: &Plan) -> Result<Vec<u8>, XlsxError> {
    let f = Fmts::new();
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(c::SHEET_DISTRICT_FORM)?;
    for (col, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    ws.write_string_with_format(
        0,
        0,
        format!(
            "BÁO CÁO TỔNG HỢP CỦA LĐLĐ HUYỆN — {} ({})",
            plan.code, plan.period
        ),
        &f.title,
    )?;
    let note = format!(
        "Dành cho LĐLĐ huyện, thị xã, thành phố không dùng danvan: điền các ô có khung (số liệu tổng hợp của các công đoàn cơ sở trong đợt {} – {}), lưu rồi gửi lên {}. Không sửa mã ở cột A, không đổi tên trang. Dòng \"Cộng\": ghi tổng của huyện để đối chiếu (để trống nếu không cần).",
        crate::parse::date::fmt_vn(plan.window_start),
        crate::parse::date::fmt_vn(plan.window_end),
        plan.issuer
    );
    ws.merge_range(1, 0, 1, 5, &note, &f.text)?;
    ws.set_row_height(1, 48)?;
    let mut r = 3;
    for field in FormField::ALL {
        ws.write_string_with_format(r, 1, field.label(), &f.label)?;
        let format = match field {
            FormField::Issuer => &f.input,
            FormField::AsOf => &f.date,
            _ => &f.count,
        };
        ws.write_blank(r, 2, format)?;
        r += 1;
    }
    r += 1;
    let with_labels = |list: &[crate::parse::category::Category]| -> Vec<(String, String, String)> {
        list.iter()
            .map(|x| (x.code.clone(), x.label.clone(), String::new()))
            .collect()
    };
    r = table(
        ws,
        r,
        c::FORM_TOPICS,
        &[
            "Mã",
            "Nội dung tuyên truyền",
            "Số buổi",
            "Số lượt người tham dự",
        ],
        &with_labels(&plan.topics),
        &f,
    )?;
    r = table(
        ws,
        r,
        c::FORM_AUDIENCES,
        &["Mã", "Đối tượng", "Số buổi", "Số lượt người tham dự"],
        &with_labels(&plan.audiences),
        &f,
    )?;
    let activities: Vec<(String, String, String)> = (plan.activities.iter())
        .map(|a| {
            let c = &a.category;
            (c.code.clone(), c.label.clone(), a.quantity_unit.clone())
        })
        .collect();
    table(
        ws,
        r,
        c::FORM_ACTIVITIES,
        &[
            "Mã",
            "Loại hoạt động",
            "Đơn vị tính",
            "Số lượng",
            "Số người tham gia",
            "Giá trị (đồng)",
        ],
        &activities,
        &f,
    )?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer(crate::summary::writer::footer(&plan.code));
    let meta = wb.add_worksheet();
    meta.set_name(c::SHEET_META)?;
    let rows = [
        (c::META_TEMPLATE, c::META_DISTRICT_FORM),
        (c::META_PLAN_CODE, plan.code.as_str()),
        (c::META_PERIOD, plan.period.as_str()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        meta.write_string(i as u32, 0, *k)?;
        meta.write_string(i as u32, 1, *v)?;
    }
    meta.set_very_hidden(true);
    wb.save_to_buffer()
}

/// One section: its heading, its header row, a row per category (code, label, and for an
/// activity its unit of measure), then `Cộng`. Returns the next free row.
fn table(
    ws: &mut Worksheet,
    mut r: u32,
    heading: &str,
    headers: &[&str],
    rows: &[(String, String, String)],
    f: &Fmts,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, heading, &f.title)?;
    r += 1;
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(r, col as u16, *h, &f.header)?;
    }
    ws.set_row_height(r, 32)?;
    r += 1;
    let activity = headers.len() == 6;
    let first_figure = if activity { 3 } else { 2 };
    for (code, label, unit) in rows {
        ws.write_string_with_format(r, 0, code, &f.label)?;
        ws.write_string_with_format(r, 1, label, &f.label)?;
        // Wrapped labels get their lines (a sheet written here is not measured on opening).
        let lines = crate::summary::writer::lines_for(label, WIDTHS[1]);
        if lines > 1 {
            ws.set_row_height(r, 15.75 * lines as f64)?;
        }
        if activity {
            ws.write_string_with_format(r, 2, unit, &f.label)?;
        }
        for col in first_figure..headers.len() {
            ws.write_blank(r, col as u16, &f.count)?;
        }
        r += 1;
    }
    ws.write_blank(r, 0, &f.label)?;
    ws.write_string_with_format(r, 1, c::FORM_TOTAL, &f.header)?;
    if activity {
        // Quantities are in different units: they have no total.
        ws.write_blank(r, 2, &f.label)?;
        ws.write_blank(r, 3, &f.label)?;
    }
    let first_total = if activity { 4 } else { 2 };
    for col in first_total..headers.len() {
        ws.write_blank(r, col as u16, &f.count)?;
    }
    Ok(r + 2)
}
