//! `danvan template`: the blank template, or one pre-filled file per roster unit.

use std::path::Path;

use super::{load_common, Fatal, OK};
use crate::cli::Common;
use crate::output::write_atomic;
use crate::template;

/// `danvan template --district`: the one-sheet return of a district without danvan.
pub fn run_district(common: &Common, out: &Path) -> Result<i32, Fatal> {
    let plan = super::load_plan(common.plan.as_deref())?;
    let path = out.join(template::district::file_name(&plan));
    write_atomic(&path, &template::district::build(&plan)?)?;
    println!("Đã lập mẫu tổng hợp huyện: {}", path.display());
    Ok(OK)
}

pub fn run(common: &Common, per_unit: bool, out: &Path) -> Result<i32, Fatal> {
    let (plan, roster) = load_common(common)?;
    if !per_unit {
        let path = out.join(template::file_name(&plan, None));
        write_atomic(&path, &template::build(&plan, None)?)?;
        println!("Đã lập tệp mẫu: {}", path.display());
        return Ok(OK);
    }
    let start = std::time::Instant::now();
    use rayon::prelude::*;
    let results: Vec<Result<(), Fatal>> = roster
        .units
        .par_iter()
        .map(|u| {
            let bytes = template::build(&plan, Some(u))?;
            write_atomic(&out.join(template::file_name(&plan, Some(u))), &bytes)?;
            Ok(())
        })
        .collect();
    for r in results {
        r?;
    }
    println!(
        "Đã lập {} tệp mẫu (mỗi đơn vị một tệp) trong {} sau {:.1} giây. Danh sách: {}",
        roster.units.len(),
        out.display(),
        start.elapsed().as_secs_f64(),
        roster.label()
    );
    Ok(OK)
}
