//! `danvan demo`: template, realistic sample returns for the sample roster, consolidation.

use std::path::Path;

use super::{Fatal, OK};
use crate::cli::{Common, ConsolidateArgs, LimitArgs};
use crate::output::write_atomic;
use crate::plan::Plan;
use crate::roster::Roster;
use crate::sample::{return_workbook, Profile, Rng};

/// A real `.xls` return saved by LibreOffice (see `scripts/make-fixtures.sh`).
const LEGACY_XLS: &[u8] = include_bytes!("../../input_templates/mau-tra-ve-CD05.xls");

/// Writes the demo's returns into `dir`; returns how many files.
pub fn write_demo_returns(plan: &Plan, roster: &Roster, dir: &Path) -> Result<usize, Fatal> {
    let mut rng = Rng::new(73);
    let mut n = 0;
    for (i, u) in roster.units.iter().enumerate() {
        let profile = match i {
            _ if u.code == "CD05" && !LEGACY_XLS.is_empty() => continue, // sends the legacy .xls below
            3 | 17 => continue,                                          // have not reported
            7 | 21 => Profile::Late,
            9 | 25 => Profile::Mistakes,
            12 => Profile::Legacy,
            14 => Profile::Reshaped,
            _ => Profile::Clean,
        };
        let bytes = return_workbook(plan, u, &mut rng, profile)?;
        let name = format!(
            "Bao cao dan van {} - {}.xlsx",
            u.code,
            crate::parse::text::ascii_slug(&u.name, 50)
        );
        write_atomic(&dir.join(name), &bytes)?;
        n += 1;
        if i == 2 {
            // A unit sends a first version, then a corrected one (reported and saved later).
            let bytes = return_workbook(plan, u, &mut rng, Profile::FirstVersion)?;
            write_atomic(
                &dir.join(format!("Bao cao dan van {} (ban cu).xlsx", u.code)),
                &bytes,
            )?;
            n += 1;
        }
    }
    if !LEGACY_XLS.is_empty() {
        write_atomic(&dir.join("CD05 bao cao (Excel 97-2003).xls"), LEGACY_XLS)?;
    }
    // A broken attachment (cut off during download).
    let first = return_workbook(
        plan,
        &roster.units[30.min(roster.units.len() - 1)],
        &mut rng,
        Profile::Clean,
    )?;
    write_atomic(&dir.join("CD30 tai ve loi.xlsx"), &first[..first.len() / 3])?;
    write_atomic(
        &dir.join("Ghi chu gui kem.txt"),
        "Các đơn vị gửi qua Zalo.".as_bytes(),
    )?;
    Ok(n + 3)
}

pub fn run(out: &Path) -> Result<i32, Fatal> {
    let plan = Plan::default_plan();
    let roster = Roster::sample();
    println!(
        "CHẠY THỬ danvan với kế hoạch {} và {}.",
        plan.code,
        roster.label()
    );
    let template = out.join(crate::template::file_name(&plan, None));
    write_atomic(&template, &crate::template::build(&plan, None)?)?;
    println!("1. Tệp mẫu gửi các đơn vị: {}", template.display());
    let returns = out.join("bao-cao-mau");
    if returns.exists() {
        std::fs::remove_dir_all(&returns).map_err(|e| {
            Fatal(format!(
                "Không xóa được thư mục cũ {}: {e}",
                returns.display()
            ))
        })?;
    }
    let n = write_demo_returns(&plan, &roster, &returns)?;
    println!("2. Đã sinh {n} tệp báo cáo mẫu (có tệp trễ hạn, tệp có lỗi, tệp mã TCVN3, tệp .xls cũ, tệp hỏng): {}", returns.display());
    let args = ConsolidateArgs {
        inputs: vec![returns],
        common: Common::default(),
        limits: LimitArgs::default(),
        received: None,
        // Nine days after the deadline: the late returns have come in too.
        as_of: Some(plan.deadline_before + chrono::Days::new(9)),
        out: Some(out.join(crate::output::summary_name(&plan))),
        json: Some(out.join("tong-hop.json")),
        feedback: Some(out.join("phan-hoi")),
        report: Some(out.join(crate::report::file_name(&plan))),
        compare: None,
        quiet: true,
        sequential: false,
        no_cache: false,
    };
    let w = super::consolidate::execute(&args)?;
    println!(
        "3. Đã tổng hợp. Phản hồi cho từng đơn vị có lỗi: {}",
        out.join("phan-hoi").display()
    );
    super::consolidate::print_summary(&w);
    if let Some(r) = &args.report {
        println!(
            "4. Báo cáo kết quả gửi cấp trên (Word, để sửa và ký): {}",
            r.display()
        );
    }
    println!("Mở tệp tổng hợp bằng Excel để xem các trang: Tổng hợp, Tiến độ nộp, Lỗi - cảnh báo, Đối soát, Thay đổi…");
    println!(
        "Bản ghi các tệp đầu vào (mã băm, đơn vị, số dòng): {}",
        crate::state::record_path(&w.summary).display()
    );
    Ok(OK)
}
