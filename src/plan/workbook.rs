//! The plan as a workbook the office edits in Excel (docs/ke-hoach.md): `Kế hoạch` (one
//! setting a row: label, value), one sheet per category list, a short `Hướng dẫn`. Written
//! by `plan --export ke-hoach.xlsx`, read by every `--plan ke-hoach.xlsx`: checked cell by
//! cell, and every problem is listed with its cell and what to write there — never guessed.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::{Activity, Category, Limits, Plan, PlanError, ReportInfo, ValueRule};
use crate::parse::date::{self, fmt_vn};
use crate::parse::text::{clean, fold};
use crate::pos::Pos;
use crate::read::table::{find_header, Headers};
use crate::read::{open_path, Grid, Limits as ReadLimits, Raw};

pub const SHEET_GUIDE: &str = "Hướng dẫn";
pub const SHEET_SETTINGS: &str = "Kế hoạch";
pub const SHEET_TOPICS: &str = "Nội dung tuyên truyền";
pub const SHEET_AUDIENCES: &str = "Đối tượng";
pub const SHEET_FORMS: &str = "Hình thức";
pub const SHEET_ACTIVITIES: &str = "Loại hoạt động";

/// The headers of `Kế hoạch`.
const SETTINGS_HEADERS: [&str; 2] = ["Mục", "Nội dung"];
/// The headers of a propaganda list (topics, audiences, forms).
const LIST_HEADERS: [&str; 3] = ["Mã", "Tên", "Cần ghi rõ nội dung"];
/// The headers of the activity list.
const ACTIVITY_HEADERS: [&str; 8] = [
    "Mã",
    "Tên",
    "Đơn vị tính",
    "Giá trị tiền",
    "Chỉ tiêu",
    "Ghi chú chỉ tiêu",
    "Cần ghi rõ nội dung",
    "Khoản quỹ",
];
/// What `Giá trị tiền` may say, by value rule.
const VALUE_WORDS: [(&str, ValueRule); 3] = [
    ("bắt buộc", ValueRule::Required),
    ("không bắt buộc", ValueRule::Optional),
    ("không có", ValueRule::None),
];

/// One row of `Kế hoạch`. Every place that writes or reads the sheet matches on this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Setting {
    Code,
    Title,
    Period,
    ShortName,
    Issuer,
    DistrictUnit,
    SendTo,
    Contact,
    TemplateVersion,
    WindowStart,
    WindowEnd,
    Launch,
    DeadlineBefore,
    ResendDays,
    AttendanceFactor,
    MaxAttendance,
    MaxSessions,
    MaxValue,
    MaxSpeakers,
    MaxQuantity,
    MaxParticipants,
    SuperiorBody,
    IssuingBody,
    Number,
    Place,
    Subject,
    SignerOnBehalf,
    SignerTitle,
    Recipient,
    Basis,
    PlanIssued,
}

/// How a setting's cell is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text that must not be empty.
    Required,
    /// Text that may be empty.
    Text,
    Date,
    Whole,
    Number,
    /// One value a row, the label repeated (recipients, the documents carried out).
    Lines,
}

impl Setting {
    pub const ALL: [Setting; 31] = [
        Setting::Code,
        Setting::Title,
        Setting::Period,
        Setting::ShortName,
        Setting::Issuer,
        Setting::DistrictUnit,
        Setting::SendTo,
        Setting::Contact,
        Setting::TemplateVersion,
        Setting::WindowStart,
        Setting::WindowEnd,
        Setting::Launch,
        Setting::DeadlineBefore,
        Setting::ResendDays,
        Setting::AttendanceFactor,
        Setting::MaxAttendance,
        Setting::MaxSessions,
        Setting::MaxValue,
        Setting::MaxSpeakers,
        Setting::MaxQuantity,
        Setting::MaxParticipants,
        Setting::SuperiorBody,
        Setting::IssuingBody,
        Setting::Number,
        Setting::Place,
        Setting::Subject,
        Setting::SignerOnBehalf,
        Setting::SignerTitle,
        Setting::Recipient,
        Setting::Basis,
        Setting::PlanIssued,
    ];

    /// The label in column A, worded as the plan itself is.
    pub const fn label(self) -> &'static str {
        match self {
            Setting::Code => "Số kế hoạch",
            Setting::Title => "Tên kế hoạch",
            Setting::Period => "Tên đợt",
            Setting::ShortName => "Tên ngắn (dùng đặt tên tệp)",
            Setting::Issuer => "Cơ quan ban hành",
            Setting::DistrictUnit => "Tên LĐLĐ huyện trong danh sách đơn vị",
            Setting::SendTo => "Nơi đơn vị gửi báo cáo",
            Setting::Contact => "Liên hệ của Văn phòng (email, Zalo, điện thoại)",
            Setting::TemplateVersion => "Phiên bản mẫu",
            Setting::WindowStart => "Từ ngày",
            Setting::WindowEnd => "Đến ngày",
            Setting::Launch => "Giờ ra quân",
            Setting::DeadlineBefore => "Hạn nộp (trước ngày)",
            Setting::ResendDays => "Số ngày gửi lại bản sửa sau hạn",
            Setting::AttendanceFactor => "Giới hạn: số lượt tham dự gấp mấy lần số đoàn viên",
            Setting::MaxAttendance => "Giới hạn: số lượt tham dự một dòng",
            Setting::MaxSessions => "Giới hạn: số buổi một dòng",
            Setting::MaxValue => "Giới hạn: giá trị (đồng) một dòng",
            Setting::MaxSpeakers => "Giới hạn: số báo cáo viên một dòng",
            Setting::MaxQuantity => "Giới hạn: số lượng một dòng hoạt động",
            Setting::MaxParticipants => "Giới hạn: số người tham gia một dòng hoạt động",
            Setting::SuperiorBody => "Báo cáo: cơ quan cấp trên",
            Setting::IssuingBody => "Báo cáo: cơ quan ban hành",
            Setting::Number => "Báo cáo: số văn bản",
            Setting::Place => "Báo cáo: địa danh",
            Setting::Subject => "Báo cáo: trích yếu",
            Setting::SignerOnBehalf => "Báo cáo: thay mặt",
            Setting::SignerTitle => "Báo cáo: chức vụ người ký",
            Setting::Recipient => "Báo cáo: nơi nhận",
            Setting::Basis => "Căn cứ (văn bản cấp trên)",
            Setting::PlanIssued => "Ngày ban hành kế hoạch",
        }
    }

    fn kind(self) -> Kind {
        match self {
            Setting::Code
            | Setting::Title
            | Setting::Period
            | Setting::ShortName
            | Setting::Issuer
            | Setting::DistrictUnit
            | Setting::TemplateVersion => Kind::Required,
            Setting::SendTo
            | Setting::Contact
            | Setting::Launch
            | Setting::SuperiorBody
            | Setting::IssuingBody
            | Setting::Number
            | Setting::Place
            | Setting::Subject
            | Setting::SignerOnBehalf
            | Setting::SignerTitle
            | Setting::PlanIssued => Kind::Text,
            Setting::WindowStart | Setting::WindowEnd | Setting::DeadlineBefore => Kind::Date,
            Setting::ResendDays
            | Setting::MaxAttendance
            | Setting::MaxSessions
            | Setting::MaxValue
            | Setting::MaxSpeakers
            | Setting::MaxQuantity
            | Setting::MaxParticipants => Kind::Whole,
            Setting::AttendanceFactor => Kind::Number,
            Setting::Recipient | Setting::Basis => Kind::Lines,
        }
    }
}

/// A setting's value as written.
enum Val {
    Text(String),
    Date(NaiveDate),
    Whole(i64),
    Number(f64),
    Lines(Vec<String>),
}

fn value_of(plan: &Plan, s: Setting) -> Val {
    let (l, r) = (&plan.limits, &plan.report);
    let text = |t: &str| Val::Text(t.to_string());
    match s {
        Setting::Code => text(&plan.code),
        Setting::Title => text(&plan.title),
        Setting::Period => text(&plan.period),
        Setting::ShortName => text(&plan.short_name),
        Setting::Issuer => text(&plan.issuer),
        Setting::DistrictUnit => text(&plan.district_unit),
        Setting::SendTo => text(&plan.send_to),
        Setting::Contact => text(&plan.contact),
        Setting::TemplateVersion => text(&plan.template_version),
        Setting::WindowStart => Val::Date(plan.window_start),
        Setting::WindowEnd => Val::Date(plan.window_end),
        Setting::Launch => text(&plan.launch),
        Setting::DeadlineBefore => Val::Date(plan.deadline_before),
        Setting::ResendDays => Val::Whole(i64::from(plan.resend_days)),
        Setting::AttendanceFactor => Val::Number(l.attendance_membership_factor),
        Setting::MaxAttendance => Val::Whole(l.max_attendance_per_row),
        Setting::MaxSessions => Val::Whole(l.max_sessions_per_row),
        Setting::MaxValue => Val::Whole(l.max_value_per_row),
        Setting::MaxSpeakers => Val::Whole(l.max_speakers_per_row),
        Setting::MaxQuantity => Val::Whole(l.max_quantity_per_row),
        Setting::MaxParticipants => Val::Whole(l.max_participants_per_row),
        Setting::SuperiorBody => text(&r.superior_body),
        Setting::IssuingBody => text(&r.issuing_body),
        Setting::Number => text(&r.number),
        Setting::Place => text(&r.place),
        Setting::Subject => text(&r.subject),
        Setting::SignerOnBehalf => text(&r.signer_on_behalf),
        Setting::SignerTitle => text(&r.signer_title),
        Setting::Recipient => Val::Lines(r.recipients.clone()),
        Setting::Basis => Val::Lines(r.basis.clone()),
        Setting::PlanIssued => text(&r.plan_issued),
    }
}

// Writing ------------------------------------------------------------------------------------

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

// Reading ------------------------------------------------------------------------------------

/// Problems found, each with its cell: `Kế hoạch!B11: …`.
struct Problems(Vec<String>);

impl Problems {
    fn at(&mut self, sheet: &str, pos: Option<Pos>, what: String) {
        let at = match pos {
            Some(p) => format!("{sheet}!{}", p.a1()),
            None => format!("trang \"{sheet}\""),
        };
        self.0.push(format!("{at}: {what}"));
    }
}

/// Reads the plan workbook at `path`; every problem is listed with its cell.
pub fn read(path: &Path, source_name: &str) -> Result<Plan, PlanError> {
    let err = |message: String| PlanError {
        source_name: source_name.to_string(),
        message,
    };
    let (mut wb, _) =
        open_path(path, &ReadLimits::default()).map_err(|r| err(format!("{}.", r.message)))?;
    let names: Vec<String> = wb.sheets.iter().map(|s| s.name.clone()).collect();
    let mut problems = Problems(Vec::new());
    let mut sheet = |wanted: &str, problems: &mut Problems| -> Option<Grid> {
        let Some(name) = names.iter().find(|n| fold(n) == fold(wanted)) else {
            problems.0.push(format!(
                "thiếu trang \"{wanted}\": hãy dùng tệp do danvan xuất (danvan plan --export ke-hoach.xlsx), không xóa hay đổi tên trang."
            ));
            return None;
        };
        match wb.grid(name) {
            Ok(g) => Some(g),
            Err(e) => {
                problems.0.push(format!("trang \"{name}\": {e}."));
                None
            }
        }
    };
    let settings = sheet(SHEET_SETTINGS, &mut problems);
    let lists = [SHEET_TOPICS, SHEET_AUDIENCES, SHEET_FORMS].map(|n| sheet(n, &mut problems));
    let activities = sheet(SHEET_ACTIVITIES, &mut problems);
    let values = settings
        .as_ref()
        .map(|g| read_settings(g, &mut problems))
        .unwrap_or_default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let [topics, audiences, forms] = [0, 1, 2].map(|i| {
        lists[i]
            .as_ref()
            .map(|g| read_list(g, &mut seen, &mut problems))
            .unwrap_or_default()
    });
    let activities = activities
        .as_ref()
        .map(|g| read_activities(g, &mut seen, &mut problems))
        .unwrap_or_default();
    if !problems.0.is_empty() {
        return Err(err(format!(
            "{} chỗ cần sửa trong tệp kế hoạch:\n  {}",
            problems.0.len(),
            problems.0.join("\n  ")
        )));
    }
    let plan = values.into_plan(topics, audiences, forms, activities);
    Plan::from_toml(&super::to_toml(&plan), source_name)
}

/// The settings as read, with the defaults of a plan for those left out.
#[derive(Default)]
struct Values {
    text: HashMap<Setting, String>,
    dates: HashMap<Setting, NaiveDate>,
    numbers: HashMap<Setting, f64>,
    lines: HashMap<Setting, Vec<String>>,
}

impl Values {
    fn into_plan(
        mut self,
        topics: Vec<Category>,
        audiences: Vec<Category>,
        forms: Vec<Category>,
        activities: Vec<Activity>,
    ) -> Plan {
        let mut t = |s: Setting| self.text.remove(&s).unwrap_or_default();
        let (code, title, period, short_name) = (
            t(Setting::Code),
            t(Setting::Title),
            t(Setting::Period),
            t(Setting::ShortName),
        );
        let (issuer, district_unit, send_to, contact, template_version, launch) = (
            t(Setting::Issuer),
            t(Setting::DistrictUnit),
            t(Setting::SendTo),
            t(Setting::Contact),
            t(Setting::TemplateVersion),
            t(Setting::Launch),
        );
        let report = ReportInfo {
            superior_body: t(Setting::SuperiorBody),
            issuing_body: t(Setting::IssuingBody),
            number: t(Setting::Number),
            place: t(Setting::Place),
            subject: t(Setting::Subject),
            signer_on_behalf: t(Setting::SignerOnBehalf),
            signer_title: t(Setting::SignerTitle),
            plan_issued: t(Setting::PlanIssued),
            recipients: self.lines.remove(&Setting::Recipient).unwrap_or_default(),
            basis: self.lines.remove(&Setting::Basis).unwrap_or_default(),
        };
        let n = |s: Setting| self.numbers.get(&s).copied().unwrap_or(1.0);
        let whole = |s: Setting| n(s) as i64;
        let limits = Limits {
            attendance_membership_factor: n(Setting::AttendanceFactor),
            max_attendance_per_row: whole(Setting::MaxAttendance),
            max_sessions_per_row: whole(Setting::MaxSessions),
            max_value_per_row: whole(Setting::MaxValue),
            max_speakers_per_row: whole(Setting::MaxSpeakers),
            max_quantity_per_row: whole(Setting::MaxQuantity),
            max_participants_per_row: whole(Setting::MaxParticipants),
        };
        let d = |s: Setting| self.dates.get(&s).copied().unwrap_or_default();
        Plan {
            code,
            title,
            period,
            short_name,
            issuer,
            district_unit,
            send_to,
            contact,
            template_version,
            window_start: d(Setting::WindowStart),
            window_end: d(Setting::WindowEnd),
            launch,
            deadline_before: d(Setting::DeadlineBefore),
            resend_days: whole(Setting::ResendDays).clamp(0, 60) as u32,
            limits,
            report,
            topics,
            audiences,
            forms,
            activities,
            source: String::new(),
            toml: String::new(),
        }
    }
}

fn text_at(g: &Grid, pos: Pos) -> String {
    clean(&g.get(pos).display())
}

fn read_settings(g: &Grid, problems: &mut Problems) -> Values {
    let mut v = Values::default();
    let mut found: HashMap<Setting, Pos> = HashMap::new();
    let by_label: HashMap<String, Setting> =
        Setting::ALL.iter().map(|s| (fold(s.label()), *s)).collect();
    for (row, _) in g.rows().filter(|(r, _)| *r > 0) {
        let (label, at) = (text_at(g, Pos::new(row, 0)), Pos::new(row, 1));
        let value = g.get(at);
        if label.is_empty() {
            if !value.is_empty() {
                problems.at(
                    &g.name,
                    Some(Pos::new(row, 0)),
                    format!(
                        "dòng có nội dung \"{}\" nhưng trống tên mục: ghi lại tên mục ở cột A (chép từ tệp danvan xuất).",
                        value.display()
                    ),
                );
            }
            continue;
        }
        let Some(&s) = by_label.get(&fold(&label)) else {
            problems.at(
                &g.name,
                Some(Pos::new(row, 0)),
                format!("\"{label}\" không phải mục nào của kế hoạch: giữ nguyên chữ ở cột A như tệp danvan xuất."),
            );
            continue;
        };
        if s.kind() != Kind::Lines && found.insert(s, at).is_some() {
            problems.at(
                &g.name,
                Some(Pos::new(row, 0)),
                format!("mục \"{label}\" ghi hai lần: chỉ giữ một dòng."),
            );
            continue;
        }
        read_value(g, s, at, value, &mut v, problems);
    }
    for s in Setting::ALL {
        let required = !matches!(s.kind(), Kind::Text | Kind::Lines);
        if required && !found.contains_key(&s) {
            problems.at(
                &g.name,
                None,
                format!(
                    "thiếu dòng \"{}\": thêm dòng đó (cột A) và ghi nội dung ở cột B.",
                    s.label()
                ),
            );
        }
    }
    check_dates(g, &v, &found, problems);
    v
}

fn read_value(g: &Grid, s: Setting, at: Pos, value: &Raw, v: &mut Values, problems: &mut Problems) {
    let shown = value.display();
    match s.kind() {
        Kind::Required | Kind::Text => {
            let t = text_at(g, at);
            if s.kind() == Kind::Required && t.is_empty() {
                problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{}\" không được để trống.", s.label()),
                );
            }
            v.text.insert(s, t);
        }
        Kind::Lines => {
            let t = text_at(g, at);
            if !t.is_empty() {
                v.lines.entry(s).or_default().push(t);
            }
        }
        Kind::Date => {
            let day = match value {
                Raw::Date(d) => Some(*d),
                Raw::Number(n) => date::from_number(*n),
                Raw::Text(t) => date::parse_text(t, date::Near::day(crate::clock::today())).ok(),
                _ => None,
            };
            match day {
                Some(d) => {
                    v.dates.insert(s, d);
                }
                None if shown.trim().is_empty() => problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{}\" còn trống: ghi ngày dạng ngày/tháng/năm, ví dụ 02/06/2025.", s.label()),
                ),
                None => problems.at(
                    &g.name,
                    Some(at),
                    format!("\"{shown}\" không phải ngày có thật: ghi ngày dạng ngày/tháng/năm, ví dụ 02/06/2025."),
                ),
            }
        }
        Kind::Whole | Kind::Number => {
            let n = match value {
                Raw::Number(n) => Some(*n),
                Raw::Text(t) => t.trim().replace(',', ".").parse::<f64>().ok(),
                _ => None,
            };
            let whole = s.kind() == Kind::Whole;
            match n.filter(|n| *n > 0.0 && (!whole || n.fract() == 0.0)) {
                Some(n) => {
                    v.numbers.insert(s, n);
                }
                None if s == Setting::ResendDays && n == Some(0.0) => {
                    v.numbers.insert(s, 0.0);
                }
                None => problems.at(
                    &g.name,
                    Some(at),
                    format!(
                        "\"{}\" cần {} lớn hơn 0; đang ghi \"{shown}\".",
                        s.label(),
                        if whole {
                            "một số nguyên"
                        } else {
                            "một số"
                        }
                    ),
                ),
            }
        }
    }
}

/// The window ends on or after it starts; returns must be due after it ends.
fn check_dates(g: &Grid, v: &Values, found: &HashMap<Setting, Pos>, problems: &mut Problems) {
    let get = |s: Setting| v.dates.get(&s).copied();
    if let (Some(from), Some(to)) = (get(Setting::WindowStart), get(Setting::WindowEnd)) {
        if to < from {
            problems.at(
                &g.name,
                found.get(&Setting::WindowEnd).copied(),
                format!(
                    "đợt kết thúc ngày {} trước ngày bắt đầu {}: ghi ngày kết thúc từ {} trở đi.",
                    fmt_vn(to),
                    fmt_vn(from),
                    fmt_vn(from)
                ),
            );
        }
    }
    if let (Some(to), Some(due)) = (get(Setting::WindowEnd), get(Setting::DeadlineBefore)) {
        if due <= to {
            problems.at(
                &g.name,
                found.get(&Setting::DeadlineBefore).copied(),
                format!(
                    "hạn nộp (trước ngày {}) không sau ngày kết thúc đợt {}: báo cáo chỉ có sau khi đợt kết thúc, ghi một ngày sau {}.",
                    fmt_vn(due),
                    fmt_vn(to),
                    fmt_vn(to)
                ),
            );
        }
    }
}

/// A yes/no cell (`có`, `x`, `1`; empty or `không`: no).
fn yes_no_at(g: &Grid, pos: Pos, problems: &mut Problems) -> bool {
    match fold(&text_at(g, pos)).as_str() {
        "co" | "x" | "1" | "true" | "yes" => true,
        "" | "khong" | "0" | "false" | "no" => false,
        other => {
            problems.at(
                &g.name,
                Some(pos),
                format!("\"{other}\": ghi \"có\" hoặc \"không\"."),
            );
            false
        }
    }
}

/// A code and a label on row `row` (columns A and B): checked, each code once in all lists.
fn code_and_label(
    g: &Grid,
    row: u32,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Option<(String, String)> {
    let (code, label) = (text_at(g, Pos::new(row, 0)), text_at(g, Pos::new(row, 1)));
    if code.is_empty() && label.is_empty() {
        return None;
    }
    let here = format!("{}!{}", g.name, Pos::new(row, 0).a1());
    if code.is_empty() {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mục \"{label}\" chưa có mã: ghi một mã chưa dùng, ví dụ TT11."),
        );
    } else if !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mã \"{code}\" chỉ được có chữ không dấu và số, ví dụ TT11."),
        );
    } else if let Some(first) = seen.get(&code.to_uppercase()) {
        problems.at(
            &g.name,
            Some(Pos::new(row, 0)),
            format!("mã \"{code}\" trùng với {first}: mỗi mục một mã riêng."),
        );
    } else {
        seen.insert(code.to_uppercase(), here);
    }
    if label.is_empty() {
        problems.at(
            &g.name,
            Some(Pos::new(row, 1)),
            format!("mã \"{code}\" chưa có tên: ghi tên mục ở cột B."),
        );
    }
    Some((code, label))
}

/// The header row of a list sheet, or a problem.
fn header_row(g: &Grid, headers: &[&str], problems: &mut Problems) -> Option<u32> {
    match find_header(g, &Headers::new(headers), 2, 10) {
        Some(h) if h.cols[0] == Some(0) && h.cols[1] == Some(1) => Some(h.row),
        _ => {
            problems.at(
                &g.name,
                None,
                format!(
                    "không thấy dòng tiêu đề {}: giữ nguyên dòng tiêu đề như tệp danvan xuất.",
                    headers.join(" · ")
                ),
            );
            None
        }
    }
}

fn read_list(
    g: &Grid,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Vec<Category> {
    let Some(h) = header_row(g, &LIST_HEADERS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row, _) in g.rows().filter(|(r, _)| *r > h) {
        if let Some((code, label)) = code_and_label(g, row, seen, problems) {
            let requires_description = yes_no_at(g, Pos::new(row, 2), problems);
            out.push(Category {
                code,
                label,
                requires_description,
            });
        }
    }
    if out.is_empty() {
        problems.at(&g.name, None, "danh mục trống: cần ít nhất một mục.".into());
    }
    out
}

fn read_activities(
    g: &Grid,
    seen: &mut HashMap<String, String>,
    problems: &mut Problems,
) -> Vec<Activity> {
    let Some(h) = header_row(g, &ACTIVITY_HEADERS, problems) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (row, _) in g.rows().filter(|(r, _)| *r > h) {
        let Some((code, label)) = code_and_label(g, row, seen, problems) else {
            continue;
        };
        let rule_at = Pos::new(row, 3);
        let rule = fold(&text_at(g, rule_at));
        let value = VALUE_WORDS
            .iter()
            .find(|(w, _)| fold(w) == rule)
            .map(|(_, v)| *v);
        let value = value.unwrap_or_else(|| {
            problems.at(
                &g.name,
                Some(rule_at),
                format!(
                    "\"{}\": ghi \"bắt buộc\", \"không bắt buộc\" hoặc \"không có\".",
                    text_at(g, rule_at)
                ),
            );
            ValueRule::Optional
        });
        let target_at = Pos::new(row, 4);
        let target = match g.get(target_at) {
            Raw::Empty => None,
            Raw::Number(n) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as i64),
            Raw::Text(t) if t.trim().is_empty() => None,
            Raw::Text(t) if t.trim().parse::<u32>().is_ok() => t.trim().parse::<i64>().ok(),
            other => {
                problems.at(
                    &g.name,
                    Some(target_at),
                    format!(
                        "chỉ tiêu \"{}\" cần là số nguyên không âm (hoặc để trống).",
                        other.display()
                    ),
                );
                None
            }
        };
        let note = text_at(g, Pos::new(row, 5));
        let requires_description = yes_no_at(g, Pos::new(row, 6), problems);
        let fund = yes_no_at(g, Pos::new(row, 7), problems);
        out.push(Activity {
            category: Category {
                code,
                label,
                requires_description,
            },
            quantity_unit: text_at(g, Pos::new(row, 2)),
            value,
            target,
            target_note: (!note.is_empty()).then_some(note),
            fund,
        });
    }
    if out.is_empty() {
        problems.at(&g.name, None, "danh mục trống: cần ít nhất một mục.".into());
    }
    out
}
