//! `danvan consolidate`: every return → the summary workbook (+ JSON, + feedback files).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{limits, load_common, Fatal, OK};
use crate::cli::ConsolidateArgs;
use crate::consolidate::{run as consolidate, Options, Outcome};
use crate::output::{ensure_not_input, write_atomic, write_atomic_with};
use crate::parse::date::parse_text;
use crate::parse::text::ascii_slug;
use crate::state;
use crate::status::Receipts;

/// What a run wrote, for the demo's closing words.
pub struct Written {
    pub summary: PathBuf,
    pub outcome: Outcome,
    /// What changed since the previous run for the same summary.
    pub delta: state::Delta,
}

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

/// Refuses inputs that do not exist (a typo would give a summary where every unit is
/// missing) and a feedback folder inside an input folder (its files are not returns, and
/// excluding the folder could hide real returns put there).
fn check_paths(args: &ConsolidateArgs) -> Result<(), Fatal> {
    let canon = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    for input in &args.inputs {
        if !input.exists() {
            return Err(Fatal(format!(
                "Không tìm thấy thư mục hoặc tệp \"{}\". Hãy kiểm tra lại tên thư mục chứa các tệp báo cáo (ví dụ bao-cao/).",
                input.display()
            )));
        }
    }
    if let Some(fb) = &args.feedback {
        // The folder may not exist yet: judge by its nearest existing ancestor.
        let mut probe = Some(fb.as_path());
        let mut fb_c = None;
        let mut rest = Vec::new();
        while let Some(p) = probe {
            if let Some(c) = canon(p) {
                fb_c = Some(
                    rest.iter()
                        .rev()
                        .fold(c, |acc: PathBuf, part| acc.join(part)),
                );
                break;
            }
            rest.extend(p.file_name().map(|n| n.to_os_string()));
            probe = p.parent().filter(|q| !q.as_os_str().is_empty());
        }
        let fb_c = fb_c.unwrap_or_else(|| std::env::current_dir().unwrap_or_default().join(fb));
        for input in args.inputs.iter().filter(|i| i.is_dir()) {
            if let Some(ic) = canon(input) {
                if fb_c.starts_with(&ic) {
                    return Err(Fatal(format!(
                        "Thư mục phản hồi \"{}\" nằm trong thư mục báo cáo \"{}\": tệp phản hồi sẽ lẫn với báo cáo của đơn vị. Hãy chọn thư mục khác, ví dụ --feedback output/phan-hoi.",
                        fb.display(),
                        input.display()
                    )));
                }
            }
        }
    }
    Ok(())
}

pub fn execute(args: &ConsolidateArgs) -> Result<Written, Fatal> {
    check_paths(args)?;
    let (plan, roster) = load_common(&args.common)?;
    execute_with(args, &plan, &roster)
}

/// [`execute`] with the plan and roster already loaded (`danvan serve` loads them once).
pub fn execute_with(
    args: &ConsolidateArgs,
    plan: &crate::plan::Plan,
    roster: &crate::roster::Roster,
) -> Result<Written, Fatal> {
    check_paths(args)?;
    let as_of = match &args.as_of {
        Some(s) => parse_text(
            s,
            crate::parse::date::Near::day(chrono::Local::now().date_naive()),
        )
        .map_err(|_| Fatal(format!("--as-of \"{s}\" không phải ngày dạng dd/mm/yyyy.")))?,
        None => chrono::Local::now().date_naive(),
    };
    let receipts = match &args.received {
        Some(p) => Receipts::load(p, plan)?,
        None => Receipts::default(),
    };
    let out = args.out.clone().unwrap_or_else(|| {
        PathBuf::from("output").join(format!(
            "tong-hop-{}.xlsx",
            ascii_slug(&plan.short_name, 60)
        ))
    });
    let mut exclude = vec![out.clone()];
    exclude.extend(args.report.clone());
    exclude.extend(args.json.clone());
    exclude.extend(args.feedback.clone());
    // The state of earlier runs and the run record are ours too.
    let (state_path, record_path) = (state::state_path(&out), state::record_path(&out));
    exclude.push(record_path.clone());
    exclude.extend(state_path.parent().map(Path::to_path_buf));
    for input in &args.inputs {
        ensure_not_input(&out, std::slice::from_ref(input))?;
    }
    let start = Instant::now();
    let show = !args.quiet && std::io::stderr().is_terminal();
    let progress = move |done: usize, total: usize| {
        if show && (done % 25 == 0 || done == total) {
            let secs = start.elapsed().as_secs_f64();
            let rate = done as f64 / secs.max(1e-6);
            let eta = (total - done) as f64 / rate.max(1e-6);
            eprint!(
                "\rĐang đọc {done}/{total} tệp ({rate:.0} tệp/giây, còn khoảng {eta:.0} giây)   "
            );
        }
    };
    let opts = Options {
        plan,
        roster,
        receipts,
        as_of,
        limits: limits(&args.limits),
        parallel: !args.sequential,
        exclude,
        progress: Some(&progress),
        cache: None,
        isolation: crate::worker::Isolation::of_this_program(crate::worker::DEFAULT_MEMORY_MB),
    };
    // Parsed returns of earlier runs for this summary, unless `--no-cache`.
    let fingerprint = crate::cache::fingerprint(plan, roster, &opts.limits);
    let cache_path = crate::cache::cache_path(&out);
    let phase = Instant::now();
    let cache = (!args.no_cache).then(|| crate::cache::Cache::load(&cache_path, &fingerprint));
    crate::consolidate::timing("đọc bộ nhớ đệm", phase);
    let opts = Options {
        cache: cache.as_ref(),
        ..opts
    };
    let outcome = consolidate(&args.inputs, &opts);
    drop(opts);
    drop(cache); // no longer needed: the summary is built from the returns now read
                 // What changed since the previous run for this summary.
    let phase = Instant::now();
    let now = state::State::of(&outcome);
    let delta = state::Delta::between(state::load(&state_path, &plan.code), &now);
    crate::consolidate::timing("so với lần trước", phase);
    if show {
        eprintln!();
        // Writing a province-sized summary takes a while too: say so.
        if outcome.rows_counted() > 100_000 {
            eprintln!(
                "Đang lập tệp tổng hợp ({} dòng số liệu)…",
                outcome.rows_counted()
            );
        }
    }
    let phase = Instant::now();
    let mut workbook = crate::summary::build(&outcome, Some(&delta), plan)?;
    crate::consolidate::timing("lập tệp tổng hợp", phase);
    let phase = Instant::now();
    write_atomic_with(&out, |file| {
        workbook
            .save_to_writer(std::io::BufWriter::new(file))
            .map_err(|e| e.to_string())
    })?;
    crate::consolidate::timing("ghi tệp tổng hợp", phase);
    if let Some(j) = &args.json {
        let phase = Instant::now();
        write_atomic_with(j, |file| {
            crate::report_json::write(&outcome, std::io::BufWriter::new(file))
                .map_err(|e| e.to_string())
        })?;
        crate::consolidate::timing("ghi JSON", phase);
    }
    if let Some(dir) = &args.feedback {
        for (code, name, issues) in crate::feedback::issues_by_unit(&outcome) {
            let bytes = crate::feedback::workbook(&code, &name, &issues, plan)?;
            let file = format!(
                "Phản hồi - {} - {}.xlsx",
                ascii_slug(&code, 20),
                ascii_slug(&name, 80)
            );
            write_atomic(&dir.join(file), &bytes)?;
        }
    }
    if let Some(path) = &args.report {
        for input in &args.inputs {
            ensure_not_input(path, std::slice::from_ref(input))?;
        }
        let bytes = crate::report::build(&outcome, plan)
            .map_err(|e| Fatal(format!("Không lập được báo cáo: {e}")))?;
        write_atomic(path, &bytes)?;
    }
    if !args.quiet {
        eprintln!(
            "Đã đọc {} tệp, {} dòng trong {:.1} giây.",
            outcome.submissions.len(),
            outcome.rows_read(),
            start.elapsed().as_secs_f64()
        );
    }
    // Remembered for the next run, after everything else is written.
    let phase = Instant::now();
    write_atomic(&record_path, state::run_record(&outcome).as_bytes())?;
    let json = serde_json::to_vec_pretty(&now).map_err(|e| Fatal(e.to_string()))?;
    write_atomic(&state_path, &json)?;
    crate::consolidate::timing("ghi hồ sơ lần chạy", phase);
    let phase = Instant::now();
    if !args.no_cache {
        write_atomic_with(&cache_path, |file| {
            crate::cache::Cache::write(
                &fingerprint,
                &outcome.submissions,
                std::io::BufWriter::new(file),
            )
            .map_err(|e| e.to_string())
        })?;
        crate::consolidate::timing("ghi bộ nhớ đệm", phase);
    }
    Ok(Written {
        summary: out,
        outcome,
        delta,
    })
}

pub fn print_summary(w: &Written) {
    let o = &w.outcome;
    let h = o.headline();
    println!(
        "Tổng hợp {} tính đến {}:",
        o.plan_code,
        o.as_of.format("%d/%m/%Y")
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
    println!(
        "  Dòng số liệu: đọc {}, được tính {}; {errors} lỗi, {warnings} cảnh báo.",
        h.rows_read, h.rows_counted
    );
    println!("  Danh sách đơn vị: {}", o.roster_label);
    for line in w.delta.lines(8) {
        println!("  {line}");
    }
    println!("  Tệp tổng hợp: {}", w.summary.display());
}
