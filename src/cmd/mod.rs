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

pub use crate::error::{Fatal, FOUND_ERRORS, OK, USAGE};

pub fn load_plan(path: Option<&Path>) -> Result<Plan, Fatal> {
    Ok(match path {
        Some(p) => Plan::load(p)?,
        None => Plan::default_plan(),
    })
}

pub fn load_common(c: &Common) -> Result<(Plan, Roster), Fatal> {
    let (plan, roster) = load_plan_and_roster(c)?;
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

/// The plan and the roster `c` names (or the embedded ones), without the district's checks.
pub fn load_plan_and_roster(c: &Common) -> Result<(Plan, Roster), Fatal> {
    let plan = load_plan(c.plan.as_deref())?;
    let roster = match &c.roster {
        Some(p) => Roster::load(p)?,
        None => Roster::sample(),
    };
    Ok((plan, roster))
}

pub fn limits(l: &LimitArgs) -> Limits {
    l.limits()
}
