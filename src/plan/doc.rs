//! A plan written back as TOML: what `plan --export ke-hoach.toml` writes for any plan, and
//! the text worker processes are given for a plan read from a workbook (the TOML stays the
//! one form every process reads).

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Limits, Plan, ReportInfo, ValueRule};

#[derive(Serialize)]
struct DocCategory<'a> {
    code: &'a str,
    label: &'a str,
    #[serde(skip_serializing_if = "is_false")]
    requires_description: bool,
}

#[derive(Serialize)]
struct DocActivity<'a> {
    code: &'a str,
    label: &'a str,
    quantity_unit: &'a str,
    value: ValueRule,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target_note: Option<&'a str>,
    #[serde(skip_serializing_if = "is_false")]
    requires_description: bool,
    #[serde(skip_serializing_if = "is_false")]
    fund: bool,
}

/// The fields in the order of the embedded plan's own file.
#[derive(Serialize)]
struct Doc<'a> {
    code: &'a str,
    title: &'a str,
    period: &'a str,
    short_name: &'a str,
    issuer: &'a str,
    district_unit: &'a str,
    send_to: &'a str,
    contact: &'a str,
    template_version: &'a str,
    window_start: toml::value::Datetime,
    window_end: toml::value::Datetime,
    launch: &'a str,
    deadline_before: toml::value::Datetime,
    resend_days: u32,
    limits: &'a Limits,
    report: &'a ReportInfo,
    topics: Vec<DocCategory<'a>>,
    audiences: Vec<DocCategory<'a>>,
    forms: Vec<DocCategory<'a>>,
    activities: Vec<DocActivity<'a>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn date(d: NaiveDate) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

fn cats(list: &[super::Category]) -> Vec<DocCategory<'_>> {
    list.iter()
        .map(|c| DocCategory {
            code: &c.code,
            label: &c.label,
            requires_description: c.requires_description,
        })
        .collect()
}

/// `plan` as TOML that [`Plan::from_toml`] reads back to the same plan.
pub fn to_toml(plan: &Plan) -> String {
    let doc = Doc {
        code: &plan.code,
        title: &plan.title,
        period: &plan.period,
        short_name: &plan.short_name,
        issuer: &plan.issuer,
        district_unit: &plan.district_unit,
        send_to: &plan.send_to,
        contact: &plan.contact,
        template_version: &plan.template_version,
        window_start: date(plan.window_start),
        window_end: date(plan.window_end),
        launch: &plan.launch,
        deadline_before: date(plan.deadline_before),
        resend_days: plan.resend_days,
        limits: &plan.limits,
        report: &plan.report,
        topics: cats(&plan.topics),
        audiences: cats(&plan.audiences),
        forms: cats(&plan.forms),
        activities: plan
            .activities
            .iter()
            .map(|a| DocActivity {
                code: &a.category.code,
                label: &a.category.label,
                quantity_unit: &a.quantity_unit,
                value: a.value,
                target: a.target,
                target_note: a.target_note.as_deref(),
                requires_description: a.category.requires_description,
                fund: a.fund,
            })
            .collect(),
    };
    let body = toml::to_string(&doc).unwrap_or_default();
    format!(
        "# Kế hoạch {} — {}.\n# Ngày viết theo dạng YYYY-MM-DD (chuẩn TOML); người dùng luôn thấy dd/mm/yyyy.\n{body}",
        plan.code, plan.period
    )
}
