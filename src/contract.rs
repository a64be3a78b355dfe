//! The fixed names of the workbook contract (docs/mau-bao-cao.md): sheets, headers, labels, meta keys.

pub const SHEET_GUIDE: &str = "Hướng dẫn";
pub const SHEET_INFO: &str = "Thông tin đơn vị";
pub const SHEET_PROPAGANDA: &str = "Tuyên truyền";
pub const SHEET_ACTIVITIES: &str = "Hoạt động";
pub const SHEET_SITUATION: &str = "Tình hình";
pub const SHEET_LISTS: &str = "Danh mục";
pub const SHEET_META: &str = "_meta";

pub const INFO_CODE: &str = "Mã đơn vị";
pub const INFO_NAME: &str = "Tên công đoàn cơ sở";
pub const INFO_COMMUNE: &str = "Xã, thị trấn";
pub const INFO_REPORTER: &str = "Người báo cáo";
pub const INFO_POSITION: &str = "Chức vụ";
pub const INFO_PHONE: &str = "Số điện thoại";
pub const INFO_REPORT_DATE: &str = "Ngày báo cáo";
pub const INFO_MEMBERS: &str = "Tổng số đoàn viên";
/// A field of `Thông tin đơn vị`, in the sheet's order. Every place that writes or reads
/// the sheet matches on this, so a new field is a compile error until each handles it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InfoField {
    Code,
    Name,
    Commune,
    Reporter,
    Position,
    Phone,
    ReportDate,
    Members,
}

impl InfoField {
    pub const ALL: [InfoField; 8] = [
        InfoField::Code,
        InfoField::Name,
        InfoField::Commune,
        InfoField::Reporter,
        InfoField::Position,
        InfoField::Phone,
        InfoField::ReportDate,
        InfoField::Members,
    ];

    /// The label in column A of the sheet.
    pub const fn label(self) -> &'static str {
        match self {
            InfoField::Code => INFO_CODE,
            InfoField::Name => INFO_NAME,
            InfoField::Commune => INFO_COMMUNE,
            InfoField::Reporter => INFO_REPORTER,
            InfoField::Position => INFO_POSITION,
            InfoField::Phone => INFO_PHONE,
            InfoField::ReportDate => INFO_REPORT_DATE,
            InfoField::Members => INFO_MEMBERS,
        }
    }

    /// The sheet's row of this field (0-based; row 0 holds the headers).
    pub fn row(self) -> u32 {
        InfoField::ALL.iter().position(|f| *f == self).unwrap_or(0) as u32 + 1
    }
}

/// Column indices into [`PROPAGANDA_HEADERS`].
pub mod propaganda_col {
    pub const STT: usize = 0;
    pub const DATE: usize = 1;
    pub const TOPIC: usize = 2;
    pub const FORM: usize = 3;
    pub const AUDIENCE: usize = 4;
    pub const SESSIONS: usize = 5;
    pub const ATTENDANCE: usize = 6;
    pub const SPEAKERS: usize = 7;
    pub const PLACE: usize = 8;
    pub const NOTE: usize = 9;
}
pub const PROPAGANDA_HEADERS: [&str; 10] = [
    "STT",
    "Ngày thực hiện",
    "Nội dung tuyên truyền",
    "Hình thức",
    "Đối tượng",
    "Số buổi",
    "Số lượt người tham dự",
    "Số báo cáo viên, tuyên truyền viên",
    "Địa điểm",
    "Ghi chú",
];
pub const PROPAGANDA_REQUIRED: [usize; 5] = [
    propaganda_col::DATE,
    propaganda_col::TOPIC,
    propaganda_col::AUDIENCE,
    propaganda_col::SESSIONS,
    propaganda_col::ATTENDANCE,
];

/// Column indices into [`ACTIVITY_HEADERS`].
pub mod activity_col {
    pub const STT: usize = 0;
    pub const DATE: usize = 1;
    pub const KIND: usize = 2;
    pub const DESCRIPTION: usize = 3;
    pub const QUANTITY: usize = 4;
    pub const PARTICIPANTS: usize = 5;
    pub const VALUE: usize = 6;
    pub const PARTNER: usize = 7;
    pub const PLACE: usize = 8;
    pub const NOTE: usize = 9;
}
pub const ACTIVITY_HEADERS: [&str; 10] = [
    "STT",
    "Ngày thực hiện",
    "Loại hoạt động",
    "Nội dung cụ thể",
    "Số lượng",
    "Số người tham gia",
    "Giá trị (đồng)",
    "Đơn vị phối hợp",
    "Địa điểm",
    "Ghi chú",
];
pub const ACTIVITY_REQUIRED: [usize; 3] = [
    activity_col::DATE,
    activity_col::KIND,
    activity_col::QUANTITY,
];

pub const SIT_STRIKES: &str = "Số vụ đình công, lãn công, ngừng việc";
pub const SIT_MORALE: &str = "Tình hình tư tưởng đoàn viên, người lao động";
pub const SIT_DIFFICULTIES: &str = "Khó khăn, vướng mắc";
pub const SIT_RECOMMENDATIONS: &str = "Kiến nghị, đề xuất";

/// A field of `Tình hình`, in the sheet's order (see [`InfoField`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SituationField {
    Strikes,
    Morale,
    Difficulties,
    Recommendations,
}

impl SituationField {
    pub const ALL: [SituationField; 4] = [
        SituationField::Strikes,
        SituationField::Morale,
        SituationField::Difficulties,
        SituationField::Recommendations,
    ];

    /// The label in column A of the sheet.
    pub const fn label(self) -> &'static str {
        match self {
            SituationField::Strikes => SIT_STRIKES,
            SituationField::Morale => SIT_MORALE,
            SituationField::Difficulties => SIT_DIFFICULTIES,
            SituationField::Recommendations => SIT_RECOMMENDATIONS,
        }
    }
}

pub const META_TEMPLATE: &str = "template";
pub const META_TEMPLATE_VERSION: &str = "template_version";
pub const META_PLAN_CODE: &str = "plan_code";
pub const META_UNIT_CODE: &str = "unit_code";
pub const META_GENERATED_AT: &str = "generated_at";
/// The value of `_meta.template` in every template danvan writes.
pub const META_TEMPLATE_NAME: &str = "danvan-bao-cao-dan-van";

/// `_meta.template` of the one-sheet return of a district without danvan
/// (`template --district`, docs/cap-tren.md).
pub const META_DISTRICT_FORM: &str = "danvan-tong-hop-huyen";
/// `_meta` key of the đợt the district form is for.
pub const META_PERIOD: &str = "period";
/// The district form's one sheet.
pub const SHEET_DISTRICT_FORM: &str = "Tổng hợp huyện";
/// Section headings of the district form, in column A.
pub const FORM_TOPICS: &str = "TUYÊN TRUYỀN THEO NỘI DUNG";
pub const FORM_AUDIENCES: &str = "TUYÊN TRUYỀN THEO ĐỐI TƯỢNG";
pub const FORM_ACTIVITIES: &str = "HOẠT ĐỘNG";
/// The label of a `Cộng` row (column B).
pub const FORM_TOTAL: &str = "Cộng";

/// A field of the district form, answered in column C beside its label in column B.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    Issuer,
    AsOf,
    Expected,
    OnTime,
    Late,
    Missing,
    Strikes,
    Speakers,
}

impl FormField {
    pub const ALL: [FormField; 8] = [
        FormField::Issuer,
        FormField::AsOf,
        FormField::Expected,
        FormField::OnTime,
        FormField::Late,
        FormField::Missing,
        FormField::Strikes,
        FormField::Speakers,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            FormField::Issuer => "Đơn vị tổng hợp (LĐLĐ huyện, thị xã, thành phố)",
            FormField::AsOf => "Số liệu tính đến ngày",
            FormField::Expected => "Số công đoàn cơ sở phải báo cáo",
            FormField::OnTime => "Số công đoàn cơ sở nộp đúng hạn",
            FormField::Late => "Số công đoàn cơ sở nộp trễ hạn",
            FormField::Missing => "Số công đoàn cơ sở chưa nộp",
            FormField::Strikes => "Số vụ đình công, lãn công, ngừng việc",
            FormField::Speakers => "Số lượt báo cáo viên, tuyên truyền viên",
        }
    }
}

/// Statuses of docs/trang-thai.md.
pub const STATUS_ON_TIME: &str = "Đúng hạn";
pub const STATUS_LATE: &str = "Trễ hạn";
pub const STATUS_MISSING: &str = "Chưa nộp";
pub const STATUS_INVALID: &str = "Không hợp lệ";

// The consolidated workbook's own sheets (docs/tong-hop.md).
pub const SHEET_SUMMARY: &str = "Tổng hợp";
pub const SHEET_PROGRESS: &str = "Tiến độ nộp";
pub const SHEET_PER_UNIT: &str = "Theo đơn vị";
pub const SHEET_ISSUES: &str = "Lỗi - cảnh báo";
pub const SHEET_RECONCILE: &str = "Đối soát";
pub const SHEET_CHANGES: &str = "Thay đổi";
/// Every sheet of the summary, in order.
pub const SUMMARY_SHEETS: [&str; 9] = [
    SHEET_SUMMARY,
    SHEET_PROGRESS,
    SHEET_PER_UNIT,
    SHEET_PROPAGANDA,
    SHEET_ACTIVITIES,
    SHEET_SITUATION,
    SHEET_ISSUES,
    SHEET_RECONCILE,
    SHEET_CHANGES,
];
