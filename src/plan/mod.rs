//! The campaign plan as data (docs/ke-hoach.md): categories, window, deadline, limits; loading
//! and self-consistency checks.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::parse::date::fmt_vn;
use crate::parse::text::{fold, fold_compact};

mod doc;
pub mod next;

pub use doc::to_toml;

/// The default plan 73/KH-LĐLĐ, compiled into the binary.
pub const DEFAULT_PLAN_TOML: &str = include_str!("../../input_templates/ke-hoach-73-KH-LDLD.toml");
pub const DEFAULT_PLAN_NAME: &str = "ke-hoach-73-KH-LDLD.toml";

pub use crate::parse::category::Category;

/// Whether an activity row must, may or must not carry a money value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueRule {
    Required,
    Optional,
    None,
}

#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    pub category: Category,
    pub quantity_unit: String,
    pub value: ValueRule,
    pub target: Option<i64>,
    pub target_note: Option<String>,
    pub fund: bool,
}

/// Bounds behind `value-outlier`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Limits {
    pub attendance_membership_factor: f64,
    pub max_attendance_per_row: i64,
    pub max_sessions_per_row: i64,
    pub max_value_per_row: i64,
    /// Reporters/propagandists in one propaganda row.
    #[serde(default = "default_max_speakers")]
    pub max_speakers_per_row: i64,
    /// `Số lượng` of one activity row (houses, visits, gifts, contributions…).
    #[serde(default = "default_max_quantity")]
    pub max_quantity_per_row: i64,
    /// `Số người tham gia` of one activity row (also bounded by membership, like attendance).
    #[serde(default = "default_max_participants")]
    pub max_participants_per_row: i64,
}

fn default_resend_days() -> u32 {
    3
}

fn default_max_speakers() -> i64 {
    50
}

fn default_max_quantity() -> i64 {
    2000
}

fn default_max_participants() -> i64 {
    5000
}

/// What the district's report upward says of who writes it and to whom (docs/tong-hop.md).
/// Every field has today's value as its default: a plan without `[report]` still loads.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReportInfo {
    /// The issuing body's superior, first line of the heading block.
    pub superior_body: String,
    /// The issuing body, in bold capitals under it.
    pub issuing_body: String,
    /// The number line (`Số: …/BC-LĐLĐ`), left for the office to fill.
    pub number: String,
    /// The place in the place-and-date line.
    pub place: String,
    /// The subject line under `BÁO CÁO`.
    pub subject: String,
    /// `TM. BAN THƯỜNG VỤ`.
    pub signer_on_behalf: String,
    /// `PHÓ CHỦ TỊCH`.
    pub signer_title: String,
    /// `Nơi nhận:`, one line each.
    pub recipients: Vec<String>,
    /// The documents the plan carries out (`Kế hoạch số 132/KH-LĐLĐ, ngày 25/11/2024 của …`),
    /// cited in the report's opening sentence.
    pub basis: Vec<String>,
    /// When the plan itself was issued, as written after its number (`ngày 28/11/2024`,
    /// `tháng 11/2024`); empty when not known.
    pub plan_issued: String,
}

impl Default for ReportInfo {
    fn default() -> ReportInfo {
        ReportInfo {
            superior_body: "LĐLĐ TỈNH TÂY NINH".into(),
            issuing_body: "LĐLĐ HUYỆN DƯƠNG MINH CHÂU".into(),
            number: "Số:       /BC-LĐLĐ".into(),
            place: "Dương Minh Châu".into(),
            subject: "Kết quả phối hợp tham gia làm công tác dân vận đợt II/2024".into(),
            signer_on_behalf: "TM. BAN THƯỜNG VỤ".into(),
            signer_title: "PHÓ CHỦ TỊCH".into(),
            recipients: vec![
                "- LĐLĐ tỉnh Tây Ninh (b/c);".into(),
                "- Ban TG-NC LĐLĐ tỉnh;".into(),
                "- Ban Dân vận Huyện ủy (b/c);".into(),
                "- Thường trực LĐLĐ huyện;".into(),
                "- Lưu: VT.".into(),
            ],
            basis: Vec::new(),
            plan_issued: String::new(),
        }
    }
}

/// A resolved, self-consistent plan.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub code: String,
    pub title: String,
    /// The đợt as the plan names it (`đợt II/2024`): in the title, the report's subject,
    /// the next đợt's name.
    pub period: String,
    pub short_name: String,
    pub issuer: String,
    pub district_unit: String,
    pub send_to: String,
    /// The district office's email, Zalo, phone: where units send their return and ask
    /// questions (the template's `Hướng dẫn`); empty when the plan gives none.
    pub contact: String,
    pub template_version: String,
    pub window_start: NaiveDate,
    pub window_end: NaiveDate,
    pub launch: String,
    /// Returns must reach the district before this day.
    pub deadline_before: NaiveDate,
    /// Once the deadline has passed, days a unit is given to resend a corrected return
    /// (the date its feedback file names).
    pub resend_days: u32,
    pub limits: Limits,
    pub report: ReportInfo,
    pub topics: Vec<Category>,
    pub audiences: Vec<Category>,
    pub forms: Vec<Category>,
    pub activities: Vec<Activity>,
    /// Where the plan came from, for messages.
    pub source: String,
    /// The TOML it was read from (worker processes read the same plan from it).
    #[serde(skip)]
    pub toml: String,
}

/// Which list a category belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryKind {
    Topic,
    Audience,
    Form,
    Activity,
}

/// A plan that cannot be used, with a Vietnamese message naming the field (and line).
#[derive(Debug, thiserror::Error)]
#[error("Kế hoạch {source_name}: {message}")]
pub struct PlanError {
    pub source_name: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCategory {
    code: Spanned<String>,
    label: String,
    #[serde(default)]
    requires_description: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActivity {
    code: Spanned<String>,
    label: String,
    quantity_unit: String,
    value: ValueRule,
    target: Option<Spanned<i64>>,
    target_note: Option<String>,
    #[serde(default)]
    requires_description: bool,
    #[serde(default)]
    fund: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    code: Spanned<String>,
    title: String,
    /// `đợt II/2024`; when absent, read from the title.
    #[serde(default)]
    period: String,
    short_name: Spanned<String>,
    issuer: String,
    district_unit: Spanned<String>,
    send_to: String,
    #[serde(default)]
    contact: String,
    template_version: Spanned<String>,
    window_start: Spanned<toml::value::Datetime>,
    window_end: Spanned<toml::value::Datetime>,
    launch: String,
    deadline_before: Spanned<toml::value::Datetime>,
    #[serde(default = "default_resend_days")]
    resend_days: u32,
    limits: Limits,
    #[serde(default)]
    report: ReportInfo,
    topics: Spanned<Vec<RawCategory>>,
    audiences: Spanned<Vec<RawCategory>>,
    forms: Spanned<Vec<RawCategory>>,
    activities: Spanned<Vec<RawActivity>>,
}

impl Plan {
    /// The embedded default plan.
    pub fn default_plan() -> Plan {
        Plan::from_toml(
            DEFAULT_PLAN_TOML,
            &format!("mặc định ({DEFAULT_PLAN_NAME})"),
        )
        .expect("the embedded plan is checked by tests")
    }

    /// Parses and checks a plan written in TOML.
    pub fn from_toml(text: &str, source_name: &str) -> Result<Plan, PlanError> {
        let err = |message: String| PlanError {
            source_name: source_name.to_string(),
            message,
        };
        let line_of = |span: std::ops::Range<usize>| {
            text[..span.start.min(text.len())].lines().count().max(1)
        };
        let raw: RawPlan = toml::from_str(text).map_err(|e| {
            let at = e
                .span()
                .map(|s| format!("dòng {}: ", line_of(s)))
                .unwrap_or_default();
            err(format!("{at}tệp TOML không hợp lệ — {}", e.message()))
        })?;
        let field_err = |field: &str, span: std::ops::Range<usize>, what: String| {
            err(format!("trường `{field}` (dòng {}): {what}", line_of(span)))
        };
        let (window_start, window_end, deadline_before) = check_dates(&raw, &field_err)?;
        check_required(&raw, &err, &field_err)?;

        let mut seen: HashSet<String> = HashSet::new();
        let mut categories = |field: &str, list: Spanned<Vec<RawCategory>>| {
            let span = list.span();
            let list = list.into_inner();
            if list.is_empty() {
                return Err(field_err(
                    field,
                    span,
                    "danh sách trống: cần ít nhất một mục.".into(),
                ));
            }
            let mut out = Vec::new();
            for c in list {
                out.push(check_category(
                    &mut seen,
                    field,
                    c.code,
                    c.label,
                    c.requires_description,
                    &field_err,
                )?);
            }
            Ok(out)
        };
        let topics = categories("topics", raw.topics)?;
        let audiences = categories("audiences", raw.audiences)?;
        let forms = categories("forms", raw.forms)?;
        let activities = check_activities(raw.activities, &mut seen, &field_err)?;
        Ok(Plan {
            toml: text.to_string(),
            code: raw.code.into_inner().trim().to_string(),
            period: if raw.period.trim().is_empty() {
                period_in(&raw.title)
            } else {
                raw.period.trim().to_string()
            },
            title: raw.title,
            short_name: raw.short_name.into_inner(),
            issuer: raw.issuer,
            district_unit: raw.district_unit.into_inner(),
            send_to: raw.send_to,
            contact: raw.contact,
            template_version: raw.template_version.into_inner(),
            window_start,
            window_end,
            launch: raw.launch,
            deadline_before,
            resend_days: raw.resend_days.min(60),
            limits: raw.limits,
            report: raw.report,
            topics,
            audiences,
            forms,
            activities,
            source: source_name.to_string(),
        })
    }

    /// Where a date typed without its year belongs: the window to the deadline.
    pub fn near(&self) -> crate::parse::date::Near {
        crate::parse::date::Near {
            first: self.window_start,
            last: self.deadline_before,
        }
    }

    /// The days a report or receipt date can plausibly fall on: from a month before the
    /// window to a year after the deadline. Outside it (`30/12/1024`, `30/12/2204`) is a typo.
    pub fn plausible_report_day(&self, d: NaiveDate) -> bool {
        d >= self.window_start - chrono::Duration::days(31)
            && d <= self.deadline_before + chrono::Duration::days(366)
    }

    /// The lateness rule, the one place it is written: a return dated on or after the
    /// day returns must arrive before is late.
    pub fn is_late(&self, submitted: NaiveDate) -> bool {
        submitted >= self.deadline_before
    }

    /// The last day a return is on time.
    pub fn last_on_time_day(&self) -> NaiveDate {
        self.deadline_before
            .pred_opt()
            .unwrap_or(self.deadline_before)
    }

    pub fn window_days(&self) -> i64 {
        (self.window_end - self.window_start).num_days() + 1
    }

    pub fn categories(&self, kind: CategoryKind) -> Vec<&Category> {
        match kind {
            CategoryKind::Topic => self.topics.iter().collect(),
            CategoryKind::Audience => self.audiences.iter().collect(),
            CategoryKind::Form => self.forms.iter().collect(),
            CategoryKind::Activity => self.activities.iter().map(|a| &a.category).collect(),
        }
    }

    pub fn activity(&self, code: &str) -> Option<&Activity> {
        self.activities.iter().find(|a| a.category.code == code)
    }

    /// The TOML text of the embedded default plan, for `plan --export`.
    pub fn default_toml() -> &'static str {
        DEFAULT_PLAN_TOML
    }
}

/// The window and the deadline: real days, the window in order, the deadline after it.
fn check_dates(
    raw: &RawPlan,
    field_err: &FieldErr<'_>,
) -> Result<(NaiveDate, NaiveDate, NaiveDate), PlanError> {
    let date = |field: &str, v: &Spanned<toml::value::Datetime>| toml_date(field, v, field_err);
    let window_start = date("window_start", &raw.window_start)?;
    let window_end = date("window_end", &raw.window_end)?;
    let deadline_before = date("deadline_before", &raw.deadline_before)?;
    if window_end < window_start {
        return Err(field_err(
            "window_end",
            raw.window_end.span(),
            format!(
                "ngày kết thúc đợt ({}) trước ngày bắt đầu ({}).",
                fmt_vn(window_end),
                fmt_vn(window_start)
            ),
        ));
    }
    if deadline_before <= window_end {
        return Err(field_err(
            "deadline_before",
            raw.deadline_before.span(),
            format!(
                "hạn nộp báo cáo ({}) phải sau ngày kết thúc đợt ({}).",
                fmt_vn(deadline_before),
                fmt_vn(window_end)
            ),
        ));
    }
    Ok((window_start, window_end, deadline_before))
}

/// The đợt a title names: from its last `đợt` to the end (`… đợt II/2024` → `đợt II/2024`).
pub fn period_in(title: &str) -> String {
    let chars: Vec<(usize, char)> = title.char_indices().collect();
    (0..chars.len().saturating_sub(2))
        .rev()
        .find(|&i| {
            let word: String = chars[i..i + 3]
                .iter()
                .flat_map(|(_, c)| c.to_lowercase())
                .collect();
            word == "đợt"
        })
        .map(|i| title[chars[i].0..].trim().to_string())
        .unwrap_or_default()
}

type FieldErr<'a> = dyn Fn(&str, std::ops::Range<usize>, String) -> PlanError + 'a;

/// The plan's activities: at least one, targets not negative, codes unique among all lists.
fn check_activities(
    list: Spanned<Vec<RawActivity>>,
    seen: &mut HashSet<String>,
    field_err: &FieldErr<'_>,
) -> Result<Vec<Activity>, PlanError> {
    let span = list.span();
    let raw_activities = list.into_inner();
    if raw_activities.is_empty() {
        return Err(field_err(
            "activities",
            span,
            "danh sách trống: cần ít nhất một mục.".into(),
        ));
    }
    let mut activities = Vec::new();
    for a in raw_activities {
        if let Some(t) = &a.target {
            if *t.get_ref() < 0 {
                return Err(field_err(
                    "activities.target",
                    t.span(),
                    "chỉ tiêu không được âm.".into(),
                ));
            }
        }
        let category = check_category(
            seen,
            "activities",
            a.code,
            a.label,
            a.requires_description,
            field_err,
        )?;
        activities.push(Activity {
            category,
            quantity_unit: a.quantity_unit,
            value: a.value,
            target: a.target.map(Spanned::into_inner),
            target_note: a.target_note,
            fund: a.fund,
        });
    }
    Ok(activities)
}

/// A plan date: a TOML date from 1900 (no workbook writes earlier days) to 9998.
fn toml_date(
    field: &str,
    v: &Spanned<toml::value::Datetime>,
    field_err: &dyn Fn(&str, std::ops::Range<usize>, String) -> PlanError,
) -> Result<NaiveDate, PlanError> {
    let d = v
        .get_ref()
        .date
        .ok_or_else(|| field_err(field, v.span(), "cần một ngày dạng YYYY-MM-DD.".into()))?;
    let day = NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
        .ok_or_else(|| field_err(field, v.span(), "ngày không tồn tại.".into()))?;
    // Excel (and every workbook danvan writes) knows no day before 1900.
    if !(1900..=9998).contains(&d.year) {
        return Err(field_err(
            field,
            v.span(),
            format!(
                "năm {} không hợp lệ: ngày của kế hoạch phải từ năm 1900 đến 9998 (bảng tính Excel không ghi được ngày ngoài khoảng đó).",
                d.year
            ),
        ));
    }
    Ok(day)
}

/// The fields that may not be empty, and limits that must be positive.
fn check_required(
    raw: &RawPlan,
    err: &dyn Fn(String) -> PlanError,
    field_err: &dyn Fn(&str, std::ops::Range<usize>, String) -> PlanError,
) -> Result<(), PlanError> {
    for (field, v) in [
        ("code", &raw.code),
        ("short_name", &raw.short_name),
        ("district_unit", &raw.district_unit),
        ("template_version", &raw.template_version),
    ] {
        if v.get_ref().trim().is_empty() {
            return Err(field_err(field, v.span(), "không được để trống.".into()));
        }
    }
    let l = &raw.limits;
    if l.attendance_membership_factor <= 0.0
        || l.max_attendance_per_row <= 0
        || l.max_sessions_per_row <= 0
        || l.max_value_per_row <= 0
        || l.max_speakers_per_row <= 0
        || l.max_quantity_per_row <= 0
        || l.max_participants_per_row <= 0
    {
        return Err(err("mục `[limits]`: các giới hạn phải lớn hơn 0.".into()));
    }
    Ok(())
}

fn check_category(
    seen: &mut HashSet<String>,
    field: &str,
    code: Spanned<String>,
    label: String,
    requires_description: bool,
    field_err: &FieldErr<'_>,
) -> Result<Category, PlanError> {
    let span = code.span();
    let code = code.into_inner().trim().to_string();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(field_err(
            &format!("{field}.code"),
            span,
            format!("mã \"{code}\" không hợp lệ: mã chỉ gồm chữ không dấu và số, ví dụ TT03."),
        ));
    }
    if label.trim().is_empty() {
        return Err(field_err(
            &format!("{field}.label"),
            span,
            format!("mục {code} chưa có tên."),
        ));
    }
    if !seen.insert(fold_compact(&code)) {
        return Err(field_err(
            &format!("{field}.code"),
            span,
            format!("mã {code} bị trùng."),
        ));
    }
    if !seen.insert(format!("label:{field}:{}", fold(&label))) {
        return Err(field_err(
            &format!("{field}.label"),
            span,
            format!("tên \"{label}\" bị trùng."),
        ));
    }
    Ok(Category {
        code,
        label: crate::parse::text::clean(&label),
        requires_description,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_plan_loads_with_every_category() {
        let p = Plan::default_plan();
        assert_eq!(p.code, "73/KH-LĐLĐ");
        assert_eq!(p.topics.len(), 11);
        assert_eq!(p.audiences.len(), 4);
        assert_eq!(p.activities.len(), 11);
        assert_eq!(p.window_days(), 15);
        assert_eq!(
            p.last_on_time_day(),
            NaiveDate::from_ymd_opt(2024, 12, 31).unwrap()
        );
        assert_eq!(p.activity("HD01").unwrap().target, Some(1));
        assert_eq!(p.activity("HD09").unwrap().value, ValueRule::Required);
    }

    fn broken(from: &str, to: &str) -> String {
        let text = DEFAULT_PLAN_TOML.replacen(from, to, 1);
        assert_ne!(text, DEFAULT_PLAN_TOML, "replacement did not apply");
        Plan::from_toml(&text, "thu.toml").unwrap_err().to_string()
    }

    #[test]
    fn deadline_before_window_is_refused_naming_the_field() {
        let m = broken(
            "deadline_before = 2025-01-01",
            "deadline_before = 2024-12-01",
        );
        assert!(m.contains("deadline_before") && m.contains("dòng"), "{m}");
        assert!(m.contains("01/12/2024"), "{m}");
    }

    #[test]
    fn a_plan_date_before_1900_is_refused_naming_the_field() {
        let m = broken("window_start = 2024-12-17", "window_start = 1824-12-17");
        assert!(m.contains("window_start") && m.contains("1900"), "{m}");
    }

    #[test]
    fn window_end_before_start_is_refused() {
        let m = broken("window_end = 2024-12-31", "window_end = 2024-12-01");
        assert!(
            m.contains("window_end") && m.contains("trước ngày bắt đầu"),
            "{m}"
        );
    }

    #[test]
    fn duplicate_code_is_refused() {
        let m = broken("code = \"TT04\"", "code = \"TT03\"");
        assert!(m.contains("TT03") && m.contains("trùng"), "{m}");
    }

    #[test]
    fn empty_list_is_refused() {
        let text: String = "audiences = []\n".to_string()
            + DEFAULT_PLAN_TOML.split("[[audiences]]").next().unwrap()
            + &DEFAULT_PLAN_TOML[DEFAULT_PLAN_TOML.find("[[forms]]").unwrap()..];
        let m = Plan::from_toml(&text, "thu.toml").unwrap_err().to_string();
        assert!(m.contains("audiences") && m.contains("trống"), "{m}");
    }

    #[test]
    fn syntax_error_names_the_line() {
        let m = broken("title = ", "title = = ");
        assert!(m.contains("dòng 8"), "{m}");
    }
}
