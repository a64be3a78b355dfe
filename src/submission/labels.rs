//! The label/value sheets: `_meta`, `Thông tin đơn vị`, `Tình hình`.

use super::{Reader, Situation, UnitInfo};
use crate::contract::{self as c, InfoField, SituationField};
use crate::messages;
use crate::parse::text::fold;
use crate::read::table::Labels;
use crate::read::{Grid, Raw};

/// How many days after its file was saved a report may be dated (a paper dated for the
/// day it goes out) before the date is taken for a slip.
pub const PRE_DATED_DAYS: u64 = 7;

impl Reader<'_> {
    pub(super) fn read_meta(&mut self, g: &Grid) {
        for (row, cells) in g.rows() {
            let key = cells.get(&0).map(Raw::display).unwrap_or_default();
            let value = cells.get(&1).map(Raw::display).unwrap_or_default();
            if !key.is_empty() {
                self.meta
                    .insert(key.trim().to_string(), value.trim().to_string());
            }
            let _ = row;
        }
        let plan = self.ctx.plan;
        let file = self.file();
        if let Some(code) = self.meta.get(c::META_PLAN_CODE).cloned() {
            if fold(&code) != fold(&plan.code) {
                self.issue(messages::other_period(&file, &code, plan).at(&g.name, None));
            }
        }
        if let Some(v) = self.meta.get(c::META_TEMPLATE_VERSION).cloned() {
            if v != plan.template_version {
                self.issue(
                    messages::template_other_version(&file, v, &plan.template_version)
                        .at(&g.name, None),
                );
            }
        }
    }

    /// A title naming another plan (`72/KH-…`) or period (`đợt I/2024`) in the first rows
    /// of a data sheet: last period's workbook sent again. Marks naming this plan, or none,
    /// leave the file alone.
    pub(super) fn check_title_period(&mut self, sheets: &[&Grid]) {
        if self
            .sub
            .issues
            .iter()
            .any(|i| i.code == crate::issue::Code::OtherPeriod)
        {
            return;
        }
        let plan = self.ctx.plan;
        let ours = Marks::of(&format!("{} {}", plan.code, plan.title));
        for g in sheets {
            for (row, cells) in g.rows().take_while(|(r, _)| *r < 8) {
                for (col, v) in cells {
                    let Raw::Text(t) = v else { continue };
                    if !Marks::may_be_in(t) {
                        continue;
                    }
                    let theirs = Marks::of(t);
                    let other = theirs.other_than(&ours);
                    if let Some(mark) = other {
                        let file = self.file();
                        let i = messages::other_period(&file, &mark, plan)
                            .at(&g.name, Some(crate::read::Pos::new(row, *col)));
                        self.issue(i);
                        return;
                    }
                }
            }
        }
    }

    pub(super) fn read_info(&mut self, g: &Grid) {
        let mut info = UnitInfo::default();
        let labels = Labels::new(g);
        for field in InfoField::ALL {
            let Some(l) = labels.find(field.label()) else {
                continue;
            };
            let (at, value) = (l.value_at, l.value.clone());
            let here = Some((g.name.clone(), at));
            match field {
                InfoField::ReportDate => {
                    if !value.is_empty() {
                        match self.date_value(g, at, "Ngày báo cáo") {
                            // Offices date a paper for the day it goes out: a few days after
                            // the file was saved is that. More than a week after it (another
                            // year typed, a month slipped) is a typo, and the next source
                            // dates it. (A saved time before the window is the blank
                            // template's own.)
                            Ok(d)
                                if self.sub.saved.is_some_and(|s| {
                                    d > s.date() + chrono::Days::new(PRE_DATED_DAYS)
                                        && s.date() >= self.ctx.plan.window_start
                                }) =>
                            {
                                let saved = self.sub.saved.unwrap_or_default();
                                let found = g.get(at).display();
                                let i = messages::report_date_after_saved(
                                    &self.sub.file,
                                    d,
                                    saved,
                                    found,
                                )
                                .at(&g.name, Some(at));
                                self.issue(i);
                            }
                            Ok(d) if self.ctx.plan.plausible_report_day(d) => {
                                info.report_date = Some(d)
                            }
                            Ok(d) => {
                                let found = g.get(at).display();
                                let i = messages::report_date_implausible(
                                    &self.sub.file,
                                    d,
                                    self.ctx.plan,
                                    found,
                                )
                                .at(&g.name, Some(at));
                                self.issue(i);
                            }
                            Err(mut i) => {
                                i.message.push_str(messages::REPORT_DATE_NOT_USED);
                                self.issue(i);
                            }
                        }
                    }
                }
                InfoField::Members => match self.count(g, at, c::INFO_MEMBERS, false) {
                    Ok(n) => info.members = n,
                    Err(i) => self.issue(messages::on_label_sheet(i, messages::MEMBERS_NOT_USED)),
                },
                InfoField::Code => (info.code, self.code_at) = (self.text(g, at), here),
                InfoField::Name => (info.name, self.name_at) = (self.text(g, at), here),
                InfoField::Commune => info.commune = self.text(g, at).into(),
                InfoField::Reporter => info.reporter = self.text(g, at),
                InfoField::Position => info.position = self.text(g, at).into(),
                InfoField::Phone => info.phone = self.text(g, at),
            }
        }
        let typed = labels
            .find(c::INFO_REPORT_DATE)
            .is_some_and(|l| !l.value.is_empty());
        if info.report_date.is_none() && !typed {
            let i = messages::report_date_missing(&self.sub.file).at(
                &g.name,
                labels.find(c::INFO_REPORT_DATE).map(|l| l.value_at),
            );
            self.issue(i);
        }
        self.sub.info = info;
    }

    pub(super) fn read_situation(&mut self, g: &Grid) {
        let mut s = Situation::default();
        let labels = Labels::new(g);
        for field in SituationField::ALL {
            let Some(l) = labels.find(field.label()) else {
                continue;
            };
            let at = l.value_at;
            match field {
                SituationField::Strikes => match self.count(g, at, c::SIT_STRIKES, false) {
                    Ok(n) => s.strikes = n,
                    Err(i) => {
                        self.issue(messages::on_label_sheet(i, messages::STRIKES_NOT_COUNTED))
                    }
                },
                SituationField::Morale => s.morale = self.text(g, at).into(),
                SituationField::Difficulties => s.difficulties = self.text(g, at).into(),
                SituationField::Recommendations => s.recommendations = self.text(g, at).into(),
            }
        }
        self.sub.situation = s;
    }
}

/// What a title says about its plan and period: plan numbers (`73` of `73/KH-LĐLĐ`) and
/// periods (`đợt II/2024`), folded.
#[derive(Default)]
struct Marks {
    plans: Vec<(String, String)>,
    periods: Vec<(String, String)>,
}

impl Marks {
    /// Whether `text` can hold a mark at all (`…/KH…`, `đợt …`), before it is folded: most
    /// cells cannot, and folding each one cost more than the rest of the check.
    fn may_be_in(text: &str) -> bool {
        let lower: Vec<u8> = text.bytes().map(|c| c | 0x20).collect();
        let has = |w: &[u8]| lower.windows(w.len()).any(|x| x == w);
        has(b"kh") || has(b"dot") || text.contains("ợt") || text.contains("ỢT")
    }

    /// Each mark with the words it was read from (for the message).
    fn of(text: &str) -> Marks {
        let f = fold(text);
        let w: Vec<&str> = f.split(' ').collect();
        let mut m = Marks::default();
        for i in 0..w.len() {
            let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
            if number(w[i]) && w.get(i + 1) == Some(&"kh") {
                m.plans.push((w[i].to_string(), format!("{}/KH", w[i])));
            }
            let roman = |s: &str| matches!(s, "i" | "ii" | "iii" | "iv" | "v" | "vi") || number(s);
            if w[i] == "dot" && w.get(i + 1).is_some_and(|s| roman(s)) {
                if let Some(y) = w.get(i + 2).filter(|y| y.len() == 4 && number(y)) {
                    let period = format!("{} {}", w[i + 1], y);
                    let shown = format!("đợt {}/{}", w[i + 1].to_uppercase(), y);
                    m.periods.push((period, shown));
                }
            }
        }
        m
    }

    /// A mark of `self` of a kind `ours` also has, when none of `self`'s marks of that
    /// kind is one of ours.
    fn other_than(&self, ours: &Marks) -> Option<String> {
        let differs = |theirs: &[(String, String)], ours: &[(String, String)]| {
            (!theirs.is_empty()
                && !ours.is_empty()
                && !theirs.iter().any(|(t, _)| ours.iter().any(|(o, _)| o == t)))
            .then(|| theirs[0].1.clone())
        };
        differs(&self.plans, &ours.plans).or_else(|| differs(&self.periods, &ours.periods))
    }
}
