//! The next đợt from the current plan (`danvan plan --next …`, and the page's "Đợt mới"):
//! the same lists, targets and report settings; a new number, name, window and deadline,
//! and what follows from them — the title, the subject, the file names, the launch day. The
//! documents the new đợt carries out are left for the office to fill in (highlighted).

use chrono::NaiveDate;

use super::{Plan, PlanError};
use crate::parse::date::fmt_vn;
use crate::parse::text::ascii_slug;

/// What the office gives for the next đợt.
#[derive(Debug, Clone)]
pub struct NextPeriod {
    /// `15/KH-LĐLĐ`.
    pub code: String,
    /// `đợt I/2025`.
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub deadline_before: NaiveDate,
}

/// `text` with the old đợt's name (and its dates) replaced by the new one's.
fn renamed(text: &str, old: &str, new: &str) -> String {
    if !old.is_empty() && text.contains(old) {
        return text.replace(old, new);
    }
    // A title or subject in another case (`ĐỢT II/2024`).
    let upper_old = old.to_uppercase();
    if !old.is_empty() && text.contains(&upper_old) {
        return text.replace(&upper_old, &new.to_uppercase());
    }
    text.to_string()
}

/// The plan of the next đợt; the dates are checked (every problem said, by flag).
pub fn next(plan: &Plan, n: &NextPeriod) -> Result<Plan, PlanError> {
    let mut problems = Vec::new();
    if n.code.trim().is_empty() {
        problems.push("--code: ghi số kế hoạch của đợt mới, ví dụ \"15/KH-LĐLĐ\".".to_string());
    }
    if n.name.trim().is_empty() {
        problems.push("--name: ghi tên đợt mới, ví dụ \"đợt I/2025\".".to_string());
    }
    if n.to < n.from {
        problems.push(format!(
            "--to {} trước --from {}: đợt kết thúc từ ngày bắt đầu trở đi.",
            fmt_vn(n.to),
            fmt_vn(n.from)
        ));
    }
    if n.deadline_before <= n.to {
        problems.push(format!(
            "--deadline-before {} không sau --to {}: hạn nộp phải sau ngày kết thúc đợt.",
            fmt_vn(n.deadline_before),
            fmt_vn(n.to)
        ));
    }
    if !problems.is_empty() {
        return Err(PlanError {
            source_name: "đợt mới".into(),
            message: problems.join(" "),
        });
    }
    let (old, new) = (plan.period.as_str(), n.name.trim());
    let old_slug = ascii_slug(old, 60);
    let short_name = match plan.short_name.strip_suffix(&old_slug) {
        Some(stem) if !old_slug.is_empty() => format!("{stem}{}", ascii_slug(new, 60)),
        _ => ascii_slug(&format!("dan van {new}"), 60),
    };
    let old_day = fmt_vn(plan.window_start);
    let launch = if plan.launch.contains(&old_day) {
        plan.launch.replace(&old_day, &fmt_vn(n.from))
    } else {
        format!("ngày {}", fmt_vn(n.from))
    };
    let title = if plan.title.contains(old) && !old.is_empty() {
        renamed(&plan.title, old, new)
    } else {
        format!("{} {new}", plan.title.trim())
    };
    let mut report = plan.report.clone();
    report.subject = renamed(&report.subject, old, new);
    report.basis = Vec::new();
    report.plan_issued = String::new();
    let next = Plan {
        code: n.code.trim().to_string(),
        title,
        period: new.to_string(),
        template_version: short_name.clone(),
        short_name,
        window_start: n.from,
        window_end: n.to,
        deadline_before: n.deadline_before,
        launch,
        report,
        source: String::new(),
        toml: String::new(),
        ..plan.clone()
    };
    Plan::from_toml(&super::to_toml(&next), &format!("đợt mới ({new})"))
}
