//! One module per command; each returns the process exit code.

pub mod check;
pub mod consolidate;
pub mod demo;
pub mod plan;
pub mod sample;
pub mod serve;
pub mod template;

use std::path::Path;

use crate::cli::{Common, LimitArgs};
use crate::plan::Plan;
use crate::read::Limits;
use crate::roster::Roster;

/// Exit codes.
pub const OK: i32 = 0;
pub const FOUND_ERRORS: i32 = 1;
pub const USAGE: i32 = 2;

/// A fatal problem, already worded for the user.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);

impl From<crate::plan::PlanError> for Fatal {
    fn from(e: crate::plan::PlanError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::roster::RosterError> for Fatal {
    fn from(e: crate::roster::RosterError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::output::WriteError> for Fatal {
    fn from(e: crate::output::WriteError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<crate::status::ReceiptsError> for Fatal {
    fn from(e: crate::status::ReceiptsError) -> Self {
        Fatal(e.to_string())
    }
}
impl From<rust_xlsxwriter::XlsxError> for Fatal {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        Fatal(format!("Lỗi khi lập tệp Excel: {e}"))
    }
}

pub fn load_plan(path: Option<&Path>) -> Result<Plan, Fatal> {
    Ok(match path {
        Some(p) => Plan::load(p)?,
        None => Plan::default_plan(),
    })
}

pub fn load_common(c: &Common) -> Result<(Plan, Roster), Fatal> {
    let plan = load_plan(c.plan.as_deref())?;
    let roster = match &c.roster {
        Some(p) => Roster::load(p)?,
        None => Roster::sample(),
    };
    // The district reports its own activities (the plan's targets) as a unit of the roster.
    if roster.exact_name(&plan.district_unit).is_none() {
        eprintln!(
            "Chú ý: danh sách {} không có đơn vị \"{}\"; hoạt động do huyện trực tiếp thực hiện (so với chỉ tiêu) chỉ được tính khi huyện cũng gửi báo cáo như một đơn vị.",
            roster.label(),
            plan.district_unit
        );
    }
    Ok((plan, roster))
}

pub fn limits(l: &LimitArgs) -> Limits {
    Limits {
        max_file_bytes: l.max_file_mb << 20,
        max_rows_per_sheet: l.max_rows,
        seconds_per_file: l.max_seconds,
        ..Limits::default()
    }
}
