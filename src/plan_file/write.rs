//! The plan written as a workbook for the office: `Hướng dẫn`, `Kế hoạch` (a setting a row,
//! dates as real dates shown dd/mm/yyyy), one sheet per category list with dropdowns.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::setting::*;
use crate::plan::{Activity, Plan};

/// `plan` as a workbook; the settings in `highlight` are marked for the office to fill in.
pub fn write(plan: &Plan, highlight: &[Setting]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let header = Format::new()
        .set_bold()
        .set_background_color("#D9E1F2")
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let cell = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let day = cell
        .clone()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left);
    let fill = cell.clone().set_background_color("#FFFF00");
    guide_sheet(wb.add_worksheet(), plan, &header, &cell)?;
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SETTINGS)?;
    ws.set_column_width(0, 46)?;
    ws.set_column_width(1, 80)?;
    ws.write_string_with_format(0, 0, SETTINGS_HEADERS[0], &header)?;
    ws.write_string_with_format(0, 1, SETTINGS_HEADERS[1], &header)?;
    ws.set_freeze_panes(1, 0)?;
    let mut r = 1u32;
    for s in Setting::ALL {
        let format = if highlight.contains(&s) { &fill } else { &cell };
        let put = |ws: &mut Worksheet, r: u32, v: Val| -> Result<(), XlsxError> {
            ws.write_string_with_format(r, 0, s.label(), &cell)?;
            match v {
                Val::Text(t) => ws.write_string_with_format(r, 1, t, format)?,
                Val::Date(d) => ws.write_datetime_with_format(r, 1, excel(d), &day)?,
                Val::Whole(n) => ws.write_number_with_format(r, 1, n as f64, format)?,
                Val::Number(n) => ws.write_number_with_format(r, 1, n, format)?,
                // A list is written a line a row by the caller.
                Val::Lines(_) => ws.write_blank(r, 1, format)?,
            };
            Ok(())
        };
        match value_of(plan, s) {
            Val::Lines(lines) if lines.is_empty() => {
                put(ws, r, Val::Text(String::new()))?;
                r += 1;
            }
            Val::Lines(lines) => {
                for line in lines {
                    put(ws, r, Val::Text(line))?;
                    r += 1;
                }
            }
            v => {
                put(ws, r, v)?;
                r += 1;
            }
        }
    }
    for (name, list) in [
        (SHEET_TOPICS, &plan.topics),
        (SHEET_AUDIENCES, &plan.audiences),
        (SHEET_FORMS, &plan.forms),
    ] {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        for (c, (h, w)) in LIST_HEADERS.iter().zip([10.0, 80.0, 20.0]).enumerate() {
            ws.set_column_width(c as u16, w)?;
            ws.write_string_with_format(0, c as u16, *h, &header)?;
        }
        for (i, cat) in list.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string_with_format(r, 0, &cat.code, &cell)?;
            ws.write_string_with_format(r, 1, &cat.label, &cell)?;
            ws.write_string_with_format(r, 2, yes(cat.requires_description), &cell)?;
        }
        yes_no(ws, 2)?;
        ws.set_freeze_panes(1, 0)?;
    }
    activities_sheet(wb.add_worksheet(), &plan.activities, &header, &cell)?;
    for ws in wb.worksheets_mut() {
        // A4 landscape, one page wide: the office prints it to check it.
        ws.set_paper_size(9)
            .set_landscape()
            .set_print_fit_to_pages(1, 0);
    }
    wb.worksheet_from_index(1)?.set_active(true);
    wb.save_to_buffer()
}

fn excel(d: NaiveDate) -> ExcelDateTime {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .unwrap_or_else(|_| ExcelDateTime::from_ymd(1900, 1, 1).expect("a valid day"))
}

fn yes(b: bool) -> &'static str {
    if b {
        "có"
    } else {
        "không"
    }
}

/// A dropdown of `có`/`không` down column `col`.
fn yes_no(ws: &mut Worksheet, col: u16) -> Result<(), XlsxError> {
    let dv = DataValidation::new()
        .allow_list_strings(&["có", "không"])?
        .ignore_blank(true);
    ws.add_data_validation(1, col, 500, col, &dv)?;
    Ok(())
}

fn activities_sheet(
    ws: &mut Worksheet,
    list: &[Activity],
    header: &Format,
    cell: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_ACTIVITIES)?;
    for (c, (h, w)) in ACTIVITY_HEADERS
        .iter()
        .zip([8.0, 60.0, 16.0, 16.0, 10.0, 30.0, 14.0, 12.0])
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
        ws.write_string_with_format(0, c as u16, *h, header)?;
    }
    for (i, a) in list.iter().enumerate() {
        let r = i as u32 + 1;
        let rule = VALUE_WORDS
            .iter()
            .find(|(_, v)| *v == a.value)
            .map_or("", |(w, _)| w);
        ws.write_string_with_format(r, 0, &a.category.code, cell)?;
        ws.write_string_with_format(r, 1, &a.category.label, cell)?;
        ws.write_string_with_format(r, 2, &a.quantity_unit, cell)?;
        ws.write_string_with_format(r, 3, rule, cell)?;
        match a.target {
            Some(t) => ws.write_number_with_format(r, 4, t as f64, cell)?,
            None => ws.write_blank(r, 4, cell)?,
        };
        ws.write_string_with_format(r, 5, a.target_note.as_deref().unwrap_or(""), cell)?;
        ws.write_string_with_format(r, 6, yes(a.category.requires_description), cell)?;
        ws.write_string_with_format(r, 7, yes(a.fund), cell)?;
    }
    let words: Vec<&str> = VALUE_WORDS.iter().map(|(w, _)| *w).collect();
    let dv = DataValidation::new().allow_list_strings(&words)?;
    ws.add_data_validation(1, 3, 500, 3, &dv)?;
    yes_no(ws, 6)?;
    yes_no(ws, 7)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn guide_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    header: &Format,
    cell: &Format,
) -> Result<(), XlsxError> {
    ws.set_name(SHEET_GUIDE)?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(
        0,
        0,
        format!("KẾ HOẠCH {} — {}", plan.code, plan.period),
        header,
    )?;
    let lines = [
        "Tệp này là kế hoạch của đợt, dạng bảng tính: sửa bằng Excel, LibreOffice hoặc WPS rồi dùng cho mọi việc của danvan (trên trang làm việc: mục Kế hoạch, \"Tải kế hoạch lên\"; dòng lệnh: --plan ke-hoach.xlsx).",
        "Trang \"Kế hoạch\": mỗi dòng một mục (cột A, giữ nguyên chữ), nội dung ở cột B. Ngày ghi dạng ngày/tháng/năm, ví dụ 02/06/2025. \"Hạn nộp (trước ngày)\": báo cáo phải đến trước ngày này; ngày cuối đúng hạn là ngày liền trước.",
        "\"Báo cáo: nơi nhận\" và \"Căn cứ\": mỗi dòng một nơi nhận, một văn bản; thêm dòng thì chép nguyên chữ ở cột A.",
        "Các trang danh mục (Nội dung tuyên truyền, Đối tượng, Hình thức, Loại hoạt động): mỗi dòng một mục; mã không trùng nhau trong mọi danh mục. \"Giá trị tiền\": bắt buộc / không bắt buộc / không có. Mục \"khác\" đặt \"Cần ghi rõ nội dung\" là \"có\".",
        "Ô tô vàng là chỗ Văn phòng cần ghi (ví dụ văn bản cấp trên của đợt mới).",
        "Khi tải lên hoặc dùng tệp, danvan kiểm tra từng ô: có vấn đề thì không dùng tệp, và liệt kê từng ô cần sửa (ví dụ \"Kế hoạch!B11: ngày 31/02/2025 không có thật\").",
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 1, 0, *l, cell)?;
    }
    Ok(())
}
