//! The label/value sheets: `_meta`, `Thông tin đơn vị`, `Tình hình`.

use super::{Reader, Situation, UnitInfo};
use crate::contract::{self as c};
use crate::messages;
use crate::parse::text::fold;
use crate::read::table::Labels;
use crate::read::{Grid, Raw};

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
                self.issue(
                    messages::template_other_plan(&file, code, &plan.code).at(&g.name, None),
                );
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

    pub(super) fn read_info(&mut self, g: &Grid) {
        let mut info = UnitInfo::default();
        let labels = Labels::new(g);
        for label in c::INFO_LABELS {
            let Some(l) = labels.find(label) else {
                continue;
            };
            let (at, value) = (l.value_at, l.value.clone());
            match label {
                c::INFO_REPORT_DATE => {
                    if !value.is_empty() {
                        match self.date_value(g, at, "Ngày báo cáo") {
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
                                .at(&g.name, Some(at.a1()));
                                self.issue(i);
                            }
                            Err(mut i) => {
                                i.message.push_str(messages::REPORT_DATE_NOT_USED);
                                self.issue(i);
                            }
                        }
                    }
                }
                c::INFO_MEMBERS => match self.count(g, at, "Tổng số đoàn viên", false) {
                    Ok(n) => info.members = n,
                    Err(i) => self.issue(messages::on_label_sheet(i, messages::MEMBERS_NOT_USED)),
                },
                _ => {
                    let t = self.text(g, at);
                    let here = Some((g.name.clone(), at.a1()));
                    match label {
                        c::INFO_CODE => (info.code, self.code_at) = (t, here),
                        c::INFO_NAME => (info.name, self.name_at) = (t, here),
                        c::INFO_COMMUNE => info.commune = t,
                        c::INFO_REPORTER => info.reporter = t,
                        c::INFO_POSITION => info.position = t,
                        _ => info.phone = t,
                    }
                }
            }
        }
        let typed = labels
            .find(c::INFO_REPORT_DATE)
            .is_some_and(|l| !l.value.is_empty());
        if info.report_date.is_none() && !typed {
            let i = messages::report_date_missing(&self.sub.file).at(
                &g.name,
                labels.find(c::INFO_REPORT_DATE).map(|l| l.value_at.a1()),
            );
            self.issue(i);
        }
        self.sub.info = info;
    }

    pub(super) fn read_situation(&mut self, g: &Grid) {
        let mut s = Situation::default();
        let labels = Labels::new(g);
        for label in c::SITUATION_LABELS {
            let Some(l) = labels.find(label) else {
                continue;
            };
            let at = l.value_at;
            if label == c::SIT_STRIKES {
                match self.count(g, at, "Số vụ đình công, lãn công, ngừng việc", false)
                {
                    Ok(n) => s.strikes = n,
                    Err(i) => {
                        self.issue(messages::on_label_sheet(i, messages::STRIKES_NOT_COUNTED))
                    }
                }
            } else {
                let t = self.text(g, at);
                match label {
                    c::SIT_MORALE => s.morale = t,
                    c::SIT_DIFFICULTIES => s.difficulties = t,
                    _ => s.recommendations = t,
                }
            }
        }
        self.sub.situation = s;
    }
}
