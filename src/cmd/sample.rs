//! `danvan sample`: N synthetic returns and their roster, for load tests.

use std::path::Path;

use super::{Fatal, OK};
use crate::sample::{synthetic_units, write_load_set, write_roster_csv};

pub fn run(plan: Option<&Path>, units: usize, seed: u64, out: &Path) -> Result<i32, Fatal> {
    let plan = super::load_plan(plan)?;
    let list = synthetic_units(units);
    write_roster_csv(&out.join("roster.csv"), &list)?;
    let start = std::time::Instant::now();
    let n = write_load_set(&plan, &list, seed, &out.join("returns")).map_err(Fatal)?;
    println!(
        "Đã sinh {n} báo cáo giả lập vào {} và danh sách {} ({:.1} giây).",
        out.join("returns").display(),
        out.join("roster.csv").display(),
        start.elapsed().as_secs_f64()
    );
    Ok(OK)
}
