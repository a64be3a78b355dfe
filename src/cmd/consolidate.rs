//! `danvan consolidate`: every return → the summary workbook (+ JSON, + feedback files).

use std::path::PathBuf;

use super::{limits, load_common, Fatal, OK};
use crate::arrival::Receipts;
use crate::cli::ConsolidateArgs;
use crate::job::{Job, Outputs};
use crate::model::Outcome;
use crate::plan::Plan;
use crate::roster::Roster;
use crate::worker::Isolation;

pub use crate::job::Written;

pub fn run(args: &ConsolidateArgs) -> Result<i32, Fatal> {
    let w = execute(args)?;
    print_summary(&w);
    Ok(exit_code(&w.outcome))
}

/// `0` once the summary is written — unless spreadsheets were found and none of them could
/// be read as a return: that run has nothing in it, and must not look like a good one.
/// `danvan report`: the consolidation with the report written (by default beside the summary).
pub fn run_report(args: &ConsolidateArgs) -> Result<i32, Fatal> {
    let mut args = args.clone();
    if args.report.is_none() {
        let plan = match &args.common.plan {
            Some(p) => crate::plan::Plan::load(p)?,
            None => crate::plan::Plan::default_plan(),
        };
        args.report = Some(PathBuf::from("output").join(crate::report::file_name(&plan)));
    }
    let w = execute(&args)?;
    print_summary(&w);
    if let Some(r) = &args.report {
        println!("  Báo cáo kết quả (Word): {}", r.display());
    }
    Ok(exit_code(&w.outcome))
}

/// `danvan rollup`: the summaries the districts sent up → the province's summary (docs/cap-tren.md).
pub fn run_rollup(args: &ConsolidateArgs) -> Result<i32, Fatal> {
    if args.common.roster.is_none() {
        return Err(Fatal(
            "danvan rollup cần --roster: danh sách các huyện, thị xã, thành phố phải báo cáo (cột Mã đơn vị, Tên đơn vị), như danh sách CĐCS.".into(),
        ));
    }
    for input in &args.inputs {
        if !input.exists() {
            return Err(Fatal(format!(
                "Không tìm thấy thư mục hoặc tệp \"{}\". Hãy kiểm tra lại tên thư mục chứa các tệp tổng hợp các huyện gửi lên.",
                input.display()
            )));
        }
    }
    // The roster lists districts: the district's own unit is no concern here.
    let (plan, roster) = super::load_plan_and_roster(&args.common)?;
    let mut args = args.clone();
    if args.out.is_none() {
        args.out = Some(PathBuf::from("output").join(crate::output::rollup_name(&plan)));
    }
    let job = Job {
        level: crate::job::Level::Summaries,
        use_cache: false,
        ..job(&args, &plan, &roster)?
    };
    let w = crate::job::run(&job)?;
    print_summary(&w);
    if let Some(r) = &args.report {
        println!("  Báo cáo kết quả (Word): {}", r.display());
    }
    Ok(exit_code(&w.outcome))
}

pub fn exit_code(o: &Outcome) -> i32 {
    let found = o.submissions.len();
    if found > 0 && !o.submissions.iter().any(|s| s.readable) {
        eprintln!(
            "Chú ý: tìm thấy {found} tệp bảng tính nhưng không tệp nào đọc được là báo cáo; tệp tổng hợp không có số liệu. Xem trang \"{}\".",
            crate::summary::SHEET_ISSUES
        );
        return super::FOUND_ERRORS;
    }
    OK
}

pub fn execute(args: &ConsolidateArgs) -> Result<Written, Fatal> {
    // A missing input is said before the plan and roster are loaded.
    for input in &args.inputs {
        if !input.exists() {
            return Err(Fatal(format!(
                "Không tìm thấy thư mục hoặc tệp \"{}\". Hãy kiểm tra lại tên thư mục chứa các tệp báo cáo (ví dụ bao-cao/).",
                input.display()
            )));
        }
    }
    let (plan, roster) = load_common(&args.common)?;
    crate::job::run(&job(args, &plan, &roster)?)
}

/// The job the command line describes: every argument resolved, once.
pub fn job<'a>(
    args: &ConsolidateArgs,
    plan: &'a Plan,
    roster: &'a Roster,
) -> Result<Job<'a>, Fatal> {
    let receipts = match &args.received {
        Some(p) => Receipts::load(p, plan)?,
        None => Receipts::default(),
    };
    let summary = args
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from("output").join(crate::output::summary_name(plan)));
    let outputs = Outputs {
        summary,
        json: args.json.clone(),
        report: args.report.clone(),
        feedback: args.feedback.clone(),
    };
    let compare = match &args.compare {
        Some(p) => Some(crate::compare::load(p).map_err(|e| Fatal(format!("--compare: {e}.")))?),
        None => None,
    };
    let defaults = Job::new(args.inputs.clone(), plan, roster, outputs);
    Ok(Job {
        as_of: args.as_of.unwrap_or(defaults.as_of),
        receipts,
        limits: limits(&args.limits),
        use_cache: !args.no_cache,
        parallel: !args.sequential,
        isolation: if args.sequential {
            Isolation::InProcess
        } else {
            defaults.isolation.clone()
        },
        progress: !args.quiet,
        compare,
        ..defaults
    })
}

pub fn print_summary(w: &Written) {
    let o = &w.outcome;
    let h = o.headline();
    println!(
        "Tổng hợp {} tính đến {}:",
        o.plan_code,
        crate::parse::date::fmt_vn(o.as_of)
    );
    println!(
        "  Đơn vị phải báo cáo: {} — đúng hạn {}, trễ hạn {}, chưa nộp {}, không hợp lệ {}; ngoài danh sách {}.",
        h.expected, h.on_time, h.late, h.missing, h.invalid, h.extra
    );
    let errors = o
        .all_issues()
        .filter(|i| i.severity == crate::issue::Severity::Error)
        .count();
    let warnings = o
        .all_issues()
        .filter(|i| i.severity == crate::issue::Severity::Warning)
        .count();
    match &o.below {
        // A roll-up reads the figures of summaries, not rows.
        Some(b) => println!(
            "  Công đoàn cơ sở (theo tổng hợp của các đơn vị được tính): đã nộp {} / {} phải báo cáo; {errors} lỗi, {warnings} cảnh báo.",
            b.total.reported(),
            b.total.expected
        ),
        None => println!(
            "  Dòng số liệu: đọc {}, được tính {}; {errors} lỗi, {warnings} cảnh báo.",
            h.rows_read, h.rows_counted
        ),
    }
    println!("  Danh sách đơn vị: {}", o.roster_label);
    for line in w.delta.lines(8) {
        println!("  {line}");
    }
    println!("  Tệp tổng hợp: {}", w.summary.display());
}
