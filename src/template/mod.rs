//! Plan (+ unit) → the Excel template units fill in (docs/mau-bao-cao.md).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, ExcelDateTime,
    Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

pub mod checks;
pub mod district;

use crate::contract::{self as c, InfoField, SituationField};
use crate::parse::date::fmt_vn;
use crate::plan::{Category, Plan};
use crate::unit::Unit;

/// Ready rows in each table.
pub const TABLE_ROWS: u32 = 200;
/// Of them, those printed: one landscape page (a unit filling the form on paper adds pages).
const PRINTED_ROWS: u32 = 20;

fn excel_date(d: chrono::NaiveDate) -> ExcelDateTime {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
        .expect("plan dates are valid")
}

struct Formats {
    title: Format,
    header: Format,
    label: Format,
    input: Format,
    input_wrap: Format,
    date: Format,
    count: Format,
    money: Format,
    locked_value: Format,
    text: Format,
    check_heading: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(12);
        Formats {
            title: base.clone().set_bold().set_font_size(14),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin)
                .set_locked(),
            label: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_locked()
                .set_border(FormatBorder::Thin),
            input: base.clone().set_unlocked().set_border(FormatBorder::Thin),
            input_wrap: base
                .clone()
                .set_unlocked()
                .set_text_wrap()
                .set_border(FormatBorder::Thin),
            date: base
                .clone()
                .set_unlocked()
                .set_num_format("dd/mm/yyyy")
                .set_border(FormatBorder::Thin),
            count: base
                .clone()
                .set_unlocked()
                .set_num_format("#,##0")
                .set_border(FormatBorder::Thin),
            money: base
                .clone()
                .set_unlocked()
                .set_num_format("#,##0")
                .set_border(FormatBorder::Thin),
            locked_value: base
                .clone()
                .set_locked()
                .set_background_color("#F2F2F2")
                .set_border(FormatBorder::Thin),
            check_heading: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: base.set_text_wrap().set_align(FormatAlign::Top),
        }
    }
}

fn protect(ws: &mut Worksheet) {
    let mut opts = ProtectionOptions::new();
    opts.insert_rows = true;
    opts.delete_rows = true;
    opts.format_columns = true;
    opts.format_rows = true;
    opts.format_cells = true;
    ws.protect_with_options(&opts);
}

fn list_validation(sheet_col: &str, n: usize, what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_formula(Formula::new(format!("='{}'!${sheet_col}$2:${sheet_col}${}", c::SHEET_LISTS, n + 1)))
        .set_input_title(what.chars().take(32).collect::<String>())?
        .set_input_message(format!("Chọn một mục trong danh sách thả xuống ({what})."))?
        .set_error_title("Không có trong danh mục")?
        .set_error_message(format!("Giá trị này không có trong danh mục \"{what}\" của kế hoạch. Hãy chọn trong danh sách."))
}

fn whole_validation(what: &str) -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        .set_input_title(what.chars().take(32).collect::<String>())?
        .set_input_message("Nhập số nguyên từ 0 trở lên.")?
        .set_error_title("Số không hợp lệ")?
        .set_error_message(format!("{what}: chỉ nhập số nguyên từ 0 trở lên, ví dụ 3."))
}

fn money_validation() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_input_title("Giá trị (đồng)")?
        .set_input_message("Nhập số tiền bằng đồng, ví dụ 1500000.")?
        .set_error_title("Số tiền không hợp lệ")?
        .set_error_message("Chỉ nhập số tiền từ 0 trở lên, không kèm chữ (ví dụ 1500000).")
}

fn date_validation(plan: &Plan) -> Result<DataValidation, XlsxError> {
    let (s, e) = (fmt_vn(plan.window_start), fmt_vn(plan.window_end));
    DataValidation::new()
        .allow_date(DataValidationRule::Between(
            excel_date(plan.window_start),
            excel_date(plan.window_end),
        ))
        .set_input_title("Ngày thực hiện")?
        .set_input_message(format!(
            "Nhập ngày dạng ngày/tháng/năm, trong đợt từ {s} đến {e}."
        ))?
        .set_error_title("Ngày ngoài thời gian đợt")?
        .set_error_message(format!(
            "Ngày phải nằm trong đợt, từ {s} đến {e}, dạng dd/mm/yyyy."
        ))
}

/// The reference time stamped into templates: `SOURCE_DATE_EPOCH` when set, else the plan's
/// first day, so the same plan always gives byte-identical files.
fn reference_time(plan: &Plan) -> chrono::NaiveDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|d| d.naive_utc())
        .unwrap_or_else(|| {
            plan.window_start
                .and_hms_opt(0, 0, 0)
                .expect("midnight exists")
        })
}

/// Builds the template for `plan`, pre-filled for `unit` when given.
pub fn build(plan: &Plan, unit: Option<&Unit>) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut wb = Workbook::new();
    let when = reference_time(plan);
    wb.set_properties(
        &DocProperties::new()
            .set_title(format!("Mẫu báo cáo {} — {}", plan.code, plan.title))
            .set_author(plan.issuer.clone())
            .set_company("danvan")
            .set_creation_datetime(&when),
    );

    let rules = checks::rules(plan);
    checks::define_lists(&mut wb, plan)?;
    guide_sheet(wb.add_worksheet(), plan, unit, &f)?;
    info_sheet(wb.add_worksheet(), plan, unit, &f, &rules)?;
    propaganda_sheet(wb.add_worksheet(), plan, &f)?;
    checks::mark(wb.worksheet_from_name(c::SHEET_PROPAGANDA)?, &rules)?;
    activities_sheet(wb.add_worksheet(), plan, &f)?;
    checks::mark(wb.worksheet_from_name(c::SHEET_ACTIVITIES)?, &rules)?;
    situation_sheet(wb.add_worksheet(), &f)?;
    lists_sheet(wb.add_worksheet(), plan)?;
    let meta = wb.add_worksheet();
    meta.set_name(c::SHEET_META)?;
    let rows = [
        (c::META_TEMPLATE, c::META_TEMPLATE_NAME.to_string()),
        (c::META_TEMPLATE_VERSION, plan.template_version.clone()),
        (c::META_PLAN_CODE, plan.code.clone()),
        (
            c::META_UNIT_CODE,
            unit.map(|u| u.code.clone()).unwrap_or_default(),
        ),
        (
            c::META_GENERATED_AT,
            when.format("%Y-%m-%dT%H:%M:%S").to_string(),
        ),
    ];
    for (r, (k, v)) in rows.iter().enumerate() {
        meta.write_string(r as u32, 0, *k)?;
        meta.write_string(r as u32, 1, v)?;
    }
    meta.set_very_hidden(true);
    protect(meta);
    // Some units fill a printed copy: every sheet prints on A4, one page wide, the two
    // tables in landscape with their header row on every page.
    let footer = crate::summary::writer::footer(&plan.code);
    for ws in wb.worksheets_mut() {
        let table = [c::SHEET_PROPAGANDA, c::SHEET_ACTIVITIES].contains(&ws.name().as_str());
        ws.set_paper_size(9);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer(&footer);
        if table {
            ws.set_landscape();
            ws.set_repeat_rows(0, 0)?;
            // One page of empty rows on paper; the file has all of them.
            ws.set_print_area(0, 0, PRINTED_ROWS, c::PROPAGANDA_HEADERS.len() as u16 - 1)?;
        } else {
            ws.set_portrait();
        }
    }
    wb.worksheet_from_index(1)?.set_active(true);
    wb.save_to_buffer()
}

/// `Hướng dẫn`: one column, narrower than a portrait A4 page (73 columns at 100 % in
/// LibreOffice's export), so that it prints whole without being scaled.
const GUIDE_WIDTH: f64 = 68.0;
/// Characters of 12 pt Times New Roman per unit of column width, with a margin for long words.
const GUIDE_CHARS_PER_WIDTH: f64 = 1.0;

fn guide_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    unit: Option<&Unit>,
    f: &Formats,
) -> Result<(), XlsxError> {
    ws.set_name(c::SHEET_GUIDE)?;
    ws.set_column_width(0, GUIDE_WIDTH)?;
    let mut lines: Vec<(bool, String)> = vec![
        (
            true,
            format!("MẪU BÁO CÁO KẾT QUẢ CÔNG TÁC DÂN VẬN — {}", plan.code),
        ),
        (false, plan.title.clone()),
        (false, format!("Đơn vị ban hành: {}", plan.issuer)),
    ];
    if let Some(u) = unit {
        lines.push((
            true,
            format!("Tệp này dành riêng cho: {} (mã {})", u.name, u.code),
        ));
    }
    lines.extend([
        (false, String::new()),
        (true, "CÁCH ĐIỀN".to_string()),
        (false, format!("1. Trang \"{}\": ghi mã và tên đơn vị, người báo cáo, số điện thoại, ngày báo cáo và tổng số đoàn viên.", c::SHEET_INFO)),
        (false, format!("2. Trang \"{}\": mỗi buổi (hoặc mỗi đợt) tuyên truyền ghi một dòng. Chọn Nội dung, Hình thức, Đối tượng trong danh sách thả xuống.", c::SHEET_PROPAGANDA)),
        (false, format!("3. Trang \"{}\": mỗi hoạt động ghi một dòng: thăm hỏi, tặng quà, công trình, vận động ủng hộ quỹ… Ghi số lượng và giá trị bằng đồng.", c::SHEET_ACTIVITIES)),
        (false, format!("4. Trang \"{}\": số vụ đình công, lãn công, ngừng việc (ghi 0 nếu không có), tình hình tư tưởng, khó khăn, kiến nghị.", c::SHEET_SITUATION)),
        (false, "5. Chọn \"TT99 - Nội dung khác\" hoặc \"HD99 - Hoạt động khác\" thì phải ghi rõ nội dung (cột Ghi chú hoặc Nội dung cụ thể).".to_string()),
        (false, String::new()),
        (true, "QUY ĐỊNH".to_string()),
        (false, format!("• Ngày ghi theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ {}.", fmt_vn(plan.window_start))),
        (false, format!("• Thời gian đợt: từ {} đến {} ({} ngày); ra quân lúc {}.", fmt_vn(plan.window_start), fmt_vn(plan.window_end), plan.window_days(), plan.launch)),
        (false, "• Số buổi, số người: số nguyên từ 0 trở lên. Tiền: ghi số đồng, ví dụ 1500000 (không ghi chữ \"đồng\").".to_string()),
        (false, "• Không đổi tên trang, không xóa cột. Có thể chèn thêm dòng khi cần.".to_string()),
        (false, "• Gõ chữ bằng bảng mã Unicode (Unikey: bảng mã Unicode).".to_string()),
        (false, format!("• Ô tô đỏ là ô cần sửa (thiếu ngày, ngày ngoài đợt, mục không có trong danh mục, số âm hoặc không nguyên, mục \"khác\" chưa ghi rõ, hoạt động chưa ghi giá trị tiền). Mục \"KIỂM TRA TRƯỚC KHI GỬI\" ở cuối trang \"{}\" đếm từng loại và báo \"Sẵn sàng gửi\" khi không còn gì cần sửa. Ngày ghi dạng chữ, chữ mã cũ (TCVN3) và tên gần đúng chỉ được kiểm tra khi LĐLĐ huyện tổng hợp.", c::SHEET_INFO)),
        (false, String::new()),
        (true, "HẠN NỘP".to_string()),
        (false, format!("Gửi báo cáo về {} trước ngày {} (chậm nhất trong ngày {}).", plan.send_to, fmt_vn(plan.deadline_before), fmt_vn(plan.last_on_time_day()))),
    ]);
    if !plan.contact.trim().is_empty() {
        lines.push((
            false,
            format!(
                "Liên hệ, gửi báo cáo: {}.",
                plan.contact.trim().trim_end_matches('.')
            ),
        ));
    }
    lines.extend([
        (false, "Giữ nguyên định dạng tệp Excel (.xlsx) khi gửi; có thể gửi lại tệp đã sửa, tệp gửi sau cùng được dùng.".to_string()),
    ]);
    // The lists the dropdowns offer, printed here for a unit filling the form on paper.
    for (title, items) in category_lists(plan) {
        lines.push((false, String::new()));
        lines.push((true, format!("DANH MỤC {}", title.to_uppercase())));
        lines.extend(items.iter().map(|cat| (false, cat.choice())));
    }
    for (r, (bold, text)) in lines.iter().enumerate() {
        ws.write_string_with_format(r as u32, 0, text, if *bold { &f.title } else { &f.text })?;
        // Spreadsheet programs keep a row's height on opening: a wrapped sentence gets the
        // lines it needs, or its second line prints over the next row.
        let chars = text.chars().count() as f64;
        let needed = (chars / (GUIDE_WIDTH * GUIDE_CHARS_PER_WIDTH))
            .ceil()
            .max(1.0);
        if needed > 1.0 {
            ws.set_row_height(r as u32, 16.0 * needed)?;
        }
    }
    protect(ws);
    Ok(())
}

fn info_sheet(
    ws: &mut Worksheet,
    plan: &Plan,
    unit: Option<&Unit>,
    f: &Formats,
    rules: &[checks::Rule],
) -> Result<(), XlsxError> {
    ws.set_name(c::SHEET_INFO)?;
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 60)?;
    ws.write_string_with_format(0, 0, "Thông tin", &f.header)?;
    ws.write_string_with_format(0, 1, "Nội dung", &f.header)?;
    for field in InfoField::ALL {
        let r = field.row();
        ws.write_string_with_format(r, 0, field.label(), &f.label)?;
        let prefilled = match (field, unit) {
            (InfoField::Code, Some(u)) => Some(u.code.as_str()),
            (InfoField::Name, Some(u)) => Some(u.name.as_str()),
            _ => None,
        };
        if let Some(v) = prefilled {
            ws.write_string_with_format(r, 1, v, &f.locked_value)?;
            continue;
        }
        // The commune the roster gives, filled in and still open to correct.
        if let (InfoField::Commune, Some(u)) = (field, unit) {
            if !u.commune.trim().is_empty() {
                ws.write_string_with_format(r, 1, u.commune.trim(), &f.input)?;
                continue;
            }
        }
        match field {
            InfoField::ReportDate => {
                ws.write_blank(r, 1, &f.date)?;
                let dv = DataValidation::new()
                    .allow_date(DataValidationRule::GreaterThanOrEqualTo(excel_date(
                        plan.window_start,
                    )))
                    .set_input_title(c::INFO_REPORT_DATE)?
                    .set_input_message("Nhập ngày lập báo cáo, dạng dd/mm/yyyy.")?
                    .set_error_title("Ngày không hợp lệ")?
                    .set_error_message(format!(
                        "Ngày báo cáo phải từ {} trở đi, dạng dd/mm/yyyy.",
                        fmt_vn(plan.window_start)
                    ))?;
                ws.add_data_validation(r, 1, r, 1, &dv)?;
            }
            InfoField::Members => {
                ws.write_blank(r, 1, &f.count)?;
                // The label wraps in its column.
                ws.set_row_height(r, 32)?;
                ws.add_data_validation(r, 1, r, 1, &whole_validation(c::INFO_MEMBERS)?)?;
            }
            InfoField::Code
            | InfoField::Name
            | InfoField::Commune
            | InfoField::Reporter
            | InfoField::Position
            | InfoField::Phone => {
                ws.write_blank(r, 1, &f.input)?;
            }
        }
    }
    // "Ready to send?": below the fields, one empty row apart (the reader looks for the
    // fields' labels only; none of the block's texts starts with one).
    let filled: &[InfoField] = match unit {
        Some(u) if !u.commune.trim().is_empty() => {
            &[InfoField::Code, InfoField::Name, InfoField::Commune]
        }
        Some(_) => &[InfoField::Code, InfoField::Name],
        None => &[],
    };
    let first = InfoField::ALL.len() as u32 + 2;
    let verdict = checks::block(ws, rules, first, filled, &f.check_heading, &f.text)?;
    // Room for a verdict listing a few things left to fix; the block stays on one page.
    ws.set_row_height(verdict, 48)?;
    ws.set_freeze_panes(1, 0)?;
    protect(ws);
    Ok(())
}

fn table_header(
    ws: &mut Worksheet,
    headers: &[&str],
    widths: &[f64],
    f: &Formats,
) -> Result<(), XlsxError> {
    for (i, (h, w)) in headers.iter().zip(widths).enumerate() {
        ws.write_string_with_format(0, i as u16, *h, &f.header)?;
        ws.set_column_width(i as u16, *w)?;
    }
    ws.set_row_height(0, 48)?;
    ws.set_freeze_panes(1, 0)?;
    for r in 1..=TABLE_ROWS {
        ws.write_number_with_format(r, 0, r as f64, &f.input)?;
    }
    Ok(())
}

fn propaganda_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    use c::propaganda_col as p_col;
    ws.set_name(c::SHEET_PROPAGANDA)?;
    table_header(
        ws,
        &c::PROPAGANDA_HEADERS,
        &[5.0, 12.0, 30.0, 20.0, 20.0, 8.0, 10.0, 12.0, 14.0, 18.0],
        f,
    )?;
    let last = TABLE_ROWS;
    for r in 1..=last {
        ws.write_blank(r, p_col::DATE as u16, &f.date)?;
        for col in [p_col::TOPIC, p_col::FORM, p_col::AUDIENCE] {
            ws.write_blank(r, col as u16, &f.input_wrap)?;
        }
        for col in [p_col::SESSIONS, p_col::ATTENDANCE, p_col::SPEAKERS] {
            ws.write_blank(r, col as u16, &f.count)?;
        }
        for col in [p_col::PLACE, p_col::NOTE] {
            ws.write_blank(r, col as u16, &f.input_wrap)?;
        }
    }
    ws.add_data_validation(
        1,
        p_col::DATE as u16,
        last,
        p_col::DATE as u16,
        &date_validation(plan)?,
    )?;
    ws.add_data_validation(
        1,
        p_col::TOPIC as u16,
        last,
        p_col::TOPIC as u16,
        &list_validation("A", plan.topics.len(), "Nội dung tuyên truyền")?,
    )?;
    ws.add_data_validation(
        1,
        p_col::FORM as u16,
        last,
        p_col::FORM as u16,
        &list_validation("C", plan.forms.len(), "Hình thức")?,
    )?;
    ws.add_data_validation(
        1,
        p_col::AUDIENCE as u16,
        last,
        p_col::AUDIENCE as u16,
        &list_validation("B", plan.audiences.len(), "Đối tượng")?,
    )?;
    for (col, what) in [
        (p_col::SESSIONS, "Số buổi"),
        (p_col::ATTENDANCE, "Số lượt người tham dự"),
        (p_col::SPEAKERS, "Số báo cáo viên"),
    ] {
        ws.add_data_validation(1, col as u16, last, col as u16, &whole_validation(what)?)?;
    }
    protect(ws);
    Ok(())
}

fn activities_sheet(ws: &mut Worksheet, plan: &Plan, f: &Formats) -> Result<(), XlsxError> {
    use c::activity_col as a_col;
    ws.set_name(c::SHEET_ACTIVITIES)?;
    table_header(
        ws,
        &c::ACTIVITY_HEADERS,
        &[5.0, 12.0, 30.0, 26.0, 9.0, 10.0, 12.0, 18.0, 14.0, 14.0],
        f,
    )?;
    let last = TABLE_ROWS;
    for r in 1..=last {
        ws.write_blank(r, a_col::DATE as u16, &f.date)?;
        for col in [
            a_col::KIND,
            a_col::DESCRIPTION,
            a_col::PARTNER,
            a_col::PLACE,
            a_col::NOTE,
        ] {
            ws.write_blank(r, col as u16, &f.input_wrap)?;
        }
        for col in [a_col::QUANTITY, a_col::PARTICIPANTS] {
            ws.write_blank(r, col as u16, &f.count)?;
        }
        ws.write_blank(r, a_col::VALUE as u16, &f.money)?;
    }
    ws.add_data_validation(
        1,
        a_col::DATE as u16,
        last,
        a_col::DATE as u16,
        &date_validation(plan)?,
    )?;
    ws.add_data_validation(
        1,
        a_col::KIND as u16,
        last,
        a_col::KIND as u16,
        &list_validation("D", plan.activities.len(), "Loại hoạt động")?,
    )?;
    for (col, what) in [
        (a_col::QUANTITY, "Số lượng"),
        (a_col::PARTICIPANTS, "Số người tham gia"),
    ] {
        ws.add_data_validation(1, col as u16, last, col as u16, &whole_validation(what)?)?;
    }
    ws.add_data_validation(
        1,
        a_col::VALUE as u16,
        last,
        a_col::VALUE as u16,
        &money_validation()?,
    )?;
    protect(ws);
    Ok(())
}

fn situation_sheet(ws: &mut Worksheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(c::SHEET_SITUATION)?;
    // 84 columns: one portrait page wide at ≥ 85 %.
    ws.set_column_width(0, 30)?;
    ws.set_column_width(1, 54)?;
    ws.write_string_with_format(0, 0, "Nội dung", &f.header)?;
    ws.write_string_with_format(0, 1, "Kết quả", &f.header)?;
    for (i, field) in SituationField::ALL.into_iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string_with_format(r, 0, field.label(), &f.label)?;
        match field {
            SituationField::Strikes => {
                ws.write_blank(r, 1, &f.count)?;
                // The label wraps in its column.
                ws.set_row_height(r, 32)?;
                let dv = whole_validation("Số vụ đình công")?
                    .set_error_style(DataValidationErrorStyle::Stop);
                ws.add_data_validation(r, 1, r, 1, &dv)?;
            }
            SituationField::Morale
            | SituationField::Difficulties
            | SituationField::Recommendations => {
                ws.write_blank(r, 1, &f.input_wrap)?;
                ws.set_row_height(r, 60)?;
            }
        }
    }
    protect(ws);
    Ok(())
}

/// The plan's four lists, each with its title: what the dropdowns offer.
fn category_lists(plan: &Plan) -> [(&'static str, Vec<&Category>); 4] {
    [
        ("Nội dung tuyên truyền", plan.topics.iter().collect()),
        ("Đối tượng", plan.audiences.iter().collect()),
        ("Hình thức", plan.forms.iter().collect()),
        (
            "Loại hoạt động",
            plan.activities.iter().map(|a| &a.category).collect(),
        ),
    ]
}

fn lists_sheet(ws: &mut Worksheet, plan: &Plan) -> Result<(), XlsxError> {
    ws.set_name(c::SHEET_LISTS)?;
    for (col, (title, items)) in category_lists(plan).iter().enumerate() {
        ws.write_string(0, col as u16, *title)?;
        ws.set_column_width(col as u16, 60)?;
        for (r, cat) in items.iter().enumerate() {
            ws.write_string(r as u32 + 1, col as u16, cat.choice())?;
        }
    }
    ws.set_hidden(true);
    protect(ws);
    Ok(())
}

/// `mau-bao-cao-dan-van-dot-II-2024.xlsx`, or with the unit code and name for `--per-unit`.
pub fn file_name(plan: &Plan, unit: Option<&Unit>) -> String {
    let base = format!(
        "mau-bao-cao-{}",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    );
    match unit {
        None => format!("{base}.xlsx"),
        Some(u) => {
            let code = crate::parse::text::ascii_slug(&u.code, 30);
            let name = crate::parse::text::ascii_slug(&u.name, 80);
            let code = if code.is_empty() {
                "DV".to_string()
            } else {
                code
            };
            if name.is_empty() {
                format!("{base}-{code}.xlsx")
            } else {
                format!("{base}-{code}-{name}.xlsx")
            }
        }
    }
}
