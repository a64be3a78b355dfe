//! Realistic sample returns for the demo and for load tests (deterministic for a seed).

use std::path::Path;

use chrono::{Duration, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::contract::{self as c, InfoField, SituationField};
use crate::output::write_atomic;
use crate::parse::date::fmt_vn;
use crate::plan::{Plan, ValueRule};
use crate::unit::Unit;

/// A small deterministic generator (xorshift64*), so samples need no extra crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % ((hi - lo + 1) as u64)) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64 - 1) as usize]
    }
}

/// What kind of return to write for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Clean,
    Late,
    /// Typical mistakes: text dates, swapped day/month, unknown category, money as words.
    Mistakes,
    /// Typed in the legacy TCVN3 font.
    Legacy,
    /// Sheet renamed, title rows inserted, columns reordered.
    Reshaped,
    /// A first version, reported and saved days before the corrected one sent later.
    FirstVersion,
}

fn date_x(d: NaiveDate) -> ExcelDateTime {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).expect("valid")
}

/// Writes one return workbook for `unit`.
pub fn return_workbook(
    plan: &Plan,
    unit: &Unit,
    rng: &mut Rng,
    profile: Profile,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let members = rng.range(15, 400);
    let g = Gen {
        plan,
        unit,
        profile,
        members,
        df: Format::new().set_num_format("dd/mm/yyyy"),
    };
    let saved = g.info_sheet(&mut wb, rng)?;
    g.propaganda_sheet(&mut wb, rng)?;
    g.activities_sheet(&mut wb, rng)?;
    g.situation_sheet(&mut wb, rng)?;
    g.meta_sheet(&mut wb)?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&saved));
    wb.save_to_buffer()
}

/// What the sheets of one sample return share.
struct Gen<'a> {
    plan: &'a Plan,
    unit: &'a Unit,
    profile: Profile,
    members: i64,
    df: Format,
}

impl Gen<'_> {
    fn day(&self, rng: &mut Rng) -> NaiveDate {
        self.plan.window_start + Duration::days(rng.range(0, self.plan.window_days() - 1))
    }

    fn tcvn(&self, s: &str) -> String {
        if self.profile == Profile::Legacy {
            to_tcvn3(s)
        } else {
            s.to_string()
        }
    }

    /// `Thông tin đơn vị`; returns the time the unit saved the file.
    fn info_sheet(&self, wb: &mut Workbook, rng: &mut Rng) -> Result<ExcelDateTime, XlsxError> {
        let (plan, unit, profile) = (self.plan, self.unit, self.profile);
        let ws = wb.add_worksheet();
        ws.set_name(c::SHEET_INFO)?;
        let report = match profile {
            Profile::Late => plan.deadline_before + Duration::days(rng.range(0, 3)),
            Profile::FirstVersion => plan.last_on_time_day() - Duration::days(6),
            _ => plan.last_on_time_day() - Duration::days(rng.range(0, 3)),
        };
        // Saved by the unit on its report day, in the afternoon (as Excel records it).
        let minutes: u16 = unit.code.bytes().map(u16::from).sum::<u16>() % 120;
        let saved = date_x(report).and_hms(16 + minutes / 60, (minutes % 60) as u8, 0)?;
        for (r, field) in InfoField::ALL.into_iter().enumerate() {
            let r = r as u32;
            ws.write_string(r, 0, field.label())?;
            match field {
                InfoField::Code => ws.write_string(r, 1, &unit.code)?,
                InfoField::Name => ws.write_string(r, 1, self.tcvn(&unit.name))?,
                InfoField::Commune => ws.write_string(r, 1, &unit.commune)?,
                InfoField::Reporter => ws.write_string(r, 1, self.tcvn(&unit.contact))?,
                InfoField::Position => ws.write_string(r, 1, self.tcvn("Chủ tịch công đoàn"))?,
                InfoField::Phone => ws.write_string(r, 1, &unit.phone)?,
                InfoField::ReportDate if profile == Profile::Mistakes => {
                    ws.write_string(r, 1, fmt_vn(report))?
                }
                InfoField::ReportDate => {
                    ws.write_datetime_with_format(r, 1, date_x(report), &self.df)?
                }
                InfoField::Members => ws.write_number(r, 1, self.members as f64)?,
            };
        }
        Ok(saved)
    }

    fn propaganda_sheet(&self, wb: &mut Workbook, rng: &mut Rng) -> Result<(), XlsxError> {
        let (plan, unit, profile) = (self.plan, self.unit, self.profile);
        let ws = wb.add_worksheet();
        let reshaped = profile == Profile::Reshaped;
        ws.set_name(if reshaped {
            "tuyen truyen"
        } else {
            c::SHEET_PROPAGANDA
        })?;
        let top = if reshaped {
            ws.write_string(0, 0, "BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN")?;
            ws.write_string(1, 0, format!("Đơn vị: {}", unit.name))?;
            3
        } else {
            0
        };
        // Reshaped files swap the audience and form columns and break a header line.
        let mut headers: Vec<String> = c::PROPAGANDA_HEADERS
            .iter()
            .map(|h| h.to_string())
            .collect();
        if reshaped {
            headers.swap(3, 4);
            headers[6] = "Số lượt người\ntham dự".into();
        }
        for (i, h) in headers.iter().enumerate() {
            ws.write_string(top, i as u16, h)?;
        }
        let n = rng.range(3, 12);
        for k in 0..n {
            let r = top + 1 + k as u32;
            let topic = rng.pick(&plan.topics[..plan.topics.len() - 1]).clone();
            let aud = rng.pick(&plan.audiences).clone();
            let form = rng.pick(&plan.forms[..plan.forms.len() - 1]).clone();
            let d = self.day(rng);
            ws.write_number(r, 0, (k + 1) as f64)?;
            match (profile, k) {
                (Profile::Mistakes, 0) => {
                    ws.write_string(r, 1, fmt_vn(d))?;
                }
                (Profile::Mistakes, 1) => {
                    // Month/day typed the American way, e.g. 12/05/2024 for 05/12 … gives 12 May.
                    ws.write_string(r, 1, "12/05/2024")?;
                }
                _ => {
                    ws.write_datetime_with_format(r, 1, date_x(d), &self.df)?;
                }
            }
            let topic_text = match (profile, k) {
                (Profile::Mistakes, 2) => "Luật giao thông đường bộ".to_string(),
                (Profile::Mistakes, 3) => topic.code.to_lowercase(),
                _ => self.tcvn(&topic.choice()),
            };
            let (aud_col, form_col) = if reshaped { (3, 4) } else { (4, 3) };
            ws.write_string(r, 2, topic_text)?;
            ws.write_string(r, form_col, self.tcvn(&form.choice()))?;
            ws.write_string(r, aud_col, aud.choice())?;
            ws.write_number(r, 5, rng.range(1, 3) as f64)?;
            ws.write_number(r, 6, rng.range(15, self.members.max(20)) as f64)?;
            ws.write_number(r, 7, rng.range(1, 4) as f64)?;
            ws.write_string(r, 8, self.tcvn("Hội trường đơn vị"))?;
        }
        Ok(())
    }

    fn activities_sheet(&self, wb: &mut Workbook, rng: &mut Rng) -> Result<(), XlsxError> {
        let (plan, unit, profile) = (self.plan, self.unit, self.profile);
        let ws = wb.add_worksheet();
        ws.set_name(c::SHEET_ACTIVITIES)?;
        for (i, h) in c::ACTIVITY_HEADERS.iter().enumerate() {
            ws.write_string(0, i as u16, *h)?;
        }
        let n = rng.range(2, 6);
        let pool: Vec<_> = plan
            .activities
            .iter()
            .filter(|a| a.target.is_none() && !a.category.requires_description)
            .collect();
        for k in 0..n {
            let r = 1 + k as u32;
            let act = if unit.code == "LDLD" && k < 2 {
                &plan.activities[k as usize]
            } else {
                *rng.pick(&pool)
            };
            ws.write_number(r, 0, (k + 1) as f64)?;
            ws.write_datetime_with_format(r, 1, date_x(self.day(rng)), &self.df)?;
            ws.write_string(r, 2, act.category.choice())?;
            let what = format!("{} tại {}", act.category.label, unit.commune);
            ws.write_string(r, 3, self.tcvn(&what))?;
            let qty = if act.target == Some(1) {
                1
            } else {
                rng.range(1, 12)
            };
            ws.write_number(r, 4, qty as f64)?;
            ws.write_number(r, 5, rng.range(3, 60) as f64)?;
            if act.value != ValueRule::None {
                let v = rng.range(5, 300) * 100_000;
                if profile == Profile::Mistakes && k == 0 {
                    ws.write_string(r, 6, format!("{} triệu", v as f64 / 1e6).replace('.', ","))?;
                } else {
                    ws.write_number(r, 6, v as f64)?;
                }
            }
        }
        Ok(())
    }

    fn situation_sheet(&self, wb: &mut Workbook, rng: &mut Rng) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(c::SHEET_SITUATION)?;
        for (r, field) in SituationField::ALL.into_iter().enumerate() {
            let r = r as u32;
            ws.write_string(r, 0, field.label())?;
            match field {
                SituationField::Strikes => {
                    ws.write_number(r, 1, if rng.range(0, 20) == 0 { 1.0 } else { 0.0 })?
                }
                SituationField::Morale => ws.write_string(
                    r,
                    1,
                    self.tcvn(
                        "Đoàn viên, người lao động an tâm công tác, tin tưởng vào chủ trương của Đảng.",
                    ),
                )?,
                SituationField::Difficulties | SituationField::Recommendations => {
                    ws.write_string(r, 1, "Không")?
                }
            };
        }
        Ok(())
    }

    fn meta_sheet(&self, wb: &mut Workbook) -> Result<(), XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(c::SHEET_META)?;
        for (r, (k, v)) in [
            (c::META_TEMPLATE, c::META_TEMPLATE_NAME.to_string()),
            (c::META_TEMPLATE_VERSION, self.plan.template_version.clone()),
            (c::META_PLAN_CODE, self.plan.code.clone()),
            (c::META_UNIT_CODE, self.unit.code.clone()),
        ]
        .iter()
        .enumerate()
        {
            ws.write_string(r as u32, 0, *k)?;
            ws.write_string(r as u32, 1, v)?;
        }
        ws.set_very_hidden(true);
        Ok(())
    }
}

/// Unicode → TCVN3 (for generating legacy samples), the inverse of `parse::text::from_tcvn3`.
pub fn to_tcvn3(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc()
        .map(|ch| {
            (0xA1u32..=0xFE)
                .filter_map(char::from_u32)
                .find(|&b| {
                    crate::parse::text::from_tcvn3(&b.to_string()) == ch.to_string()
                        && !matches!(b as u32, 0xB0..=0xB4)
                })
                .unwrap_or(ch)
        })
        .collect()
}

/// Synthetic units for load tests: `U000001`…
pub fn synthetic_units(n: usize) -> Vec<Unit> {
    let communes = [
        "Xã Suối Đá",
        "Xã Phan",
        "Xã Phước Ninh",
        "Xã Chà Là",
        "Xã Truông Mít",
        "Thị trấn Dương Minh Châu",
    ];
    let blocs = ["Doanh nghiệp", "Giáo dục", "Hành chính sự nghiệp", "Y tế"];
    (0..n)
        .map(|i| Unit {
            code: format!("U{:06}", i + 1),
            name: format!("CĐCS Đơn vị số {}", i + 1),
            bloc: blocs[i % blocs.len()].to_string(),
            commune: communes[i % communes.len()].to_string(),
            contact: "Nguyễn Văn B".to_string(),
            phone: format!("09{:08}", i),
        })
        .collect()
}

/// Writes a roster CSV for `units`.
pub fn write_roster_csv(path: &Path, units: &[Unit]) -> Result<(), crate::output::WriteError> {
    write_atomic(path, crate::roster::Roster::to_csv(units).as_bytes())
}

/// Writes `n` clean returns (every 10th late) into `dir`, for load tests.
pub fn write_load_set(plan: &Plan, units: &[Unit], seed: u64, dir: &Path) -> Result<usize, String> {
    use rayon::prelude::*;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("không tạo được thư mục {}: {e}", dir.display()))?;
    units
        .par_iter()
        .enumerate()
        .map(|(i, u)| {
            let mut rng = Rng::new(seed ^ (i as u64 + 1));
            let profile = if i % 10 == 9 {
                Profile::Late
            } else {
                Profile::Clean
            };
            let bytes = return_workbook(plan, u, &mut rng, profile).map_err(|e| e.to_string())?;
            write_atomic(&dir.join(format!("{}.xlsx", u.code)), &bytes).map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<()>, String>>()
        .map(|v| v.len())
}
