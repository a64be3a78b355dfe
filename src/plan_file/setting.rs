//! The rows of the plan workbook's `Kế hoạch` sheet and the names of its sheets and
//! columns: what writing and reading the workbook share.

use chrono::NaiveDate;

use crate::plan::{Plan, ValueRule};

pub const SHEET_GUIDE: &str = "Hướng dẫn";
pub const SHEET_SETTINGS: &str = "Kế hoạch";
pub const SHEET_TOPICS: &str = "Nội dung tuyên truyền";
pub const SHEET_AUDIENCES: &str = "Đối tượng";
pub const SHEET_FORMS: &str = "Hình thức";
pub const SHEET_ACTIVITIES: &str = "Loại hoạt động";

/// The headers of `Kế hoạch`.
pub(super) const SETTINGS_HEADERS: [&str; 2] = ["Mục", "Nội dung"];
/// The headers of a propaganda list (topics, audiences, forms).
pub(super) const LIST_HEADERS: [&str; 3] = ["Mã", "Tên", "Cần ghi rõ nội dung"];
/// The headers of the activity list.
pub(super) const ACTIVITY_HEADERS: [&str; 8] = [
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
pub(super) const VALUE_WORDS: [(&str, ValueRule); 3] = [
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
pub(super) enum Kind {
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

    pub(super) fn kind(self) -> Kind {
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
pub(super) enum Val {
    Text(String),
    Date(NaiveDate),
    Whole(i64),
    Number(f64),
    Lines(Vec<String>),
}

pub(super) fn value_of(plan: &Plan, s: Setting) -> Val {
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
