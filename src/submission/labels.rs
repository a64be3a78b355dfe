//! The label/value sheets: `_meta`, `Thông tin đơn vị`, `Tình hình`.

use super::fields::label_sheet_consequence;
use super::{Reader, Situation, UnitInfo};
use crate::contract::{self as c};
use crate::issue::{Code, Issue};
use crate::parse::date;
use crate::parse::text::fold;
use crate::read::table::Labels;
use crate::read::{Grid, Raw};

impl Reader<'_> {
    pub(super) fn read_meta(&mut self, g: &Grid) {
        for (row, cells) in g.rows() {
            let key = cells.get(&0).map(Raw::display).unwrap_or_default();
            let value = cells.get(&1).map(Raw::display).unwrap_or_default();
            if !key.is_empty() {
                self.sub
                    .meta
                    .insert(key.trim().to_string(), value.trim().to_string());
            }
            let _ = row;
        }
        let plan = self.ctx.plan;
        let file = self.file();
        if let Some(code) = self.sub.meta.get(c::META_PLAN_CODE).cloned() {
            if fold(&code) != fold(&plan.code) {
                self.issue(
                    Issue::new(
                        &file,
                        Code::TemplateMismatch,
                        format!(
                            "Tệp được lập từ mẫu của kế hoạch \"{code}\", không phải kế hoạch {}.",
                            plan.code
                        ),
                    )
                    .at(&g.name, None)
                    .found(code)
                    .hint("Kiểm tra đơn vị có dùng nhầm mẫu của đợt khác không."),
                );
            }
        }
        if let Some(v) = self.sub.meta.get(c::META_TEMPLATE_VERSION).cloned() {
            if v != plan.template_version {
                self.issue(
                    Issue::new(
                        &file,
                        Code::TemplateMismatch,
                        format!(
                            "Tệp dùng mẫu phiên bản \"{v}\", mẫu hiện hành là \"{}\".",
                            plan.template_version
                        ),
                    )
                    .at(&g.name, None)
                    .found(v),
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
                        let kept = " Ngày nộp được lấy theo nguồn khác (sổ nhận tệp, thời điểm lưu tệp); các dòng số liệu của tệp vẫn được tính.";
                        match self.date_value(g, at, "Ngày báo cáo") {
                            Ok(d) if self.ctx.plan.plausible_report_day(d) => info.report_date = Some(d),
                            Ok(d) => {
                                let plan = self.ctx.plan;
                                let i = Issue::new(
                                    &self.file(),
                                    Code::DateInvalid,
                                    format!(
                                        "Ngày báo cáo {} không hợp lý cho đợt {} – {} (hạn nộp trước {}).{kept}",
                                        date::fmt_vn(d),
                                        date::fmt_vn(plan.window_start),
                                        date::fmt_vn(plan.window_end),
                                        date::fmt_vn(plan.deadline_before)
                                    ),
                                )
                                .at(&g.name, Some(at.a1()))
                                .found(g.get(at).display())
                                .hint("Kiểm tra năm đã gõ, ví dụ 30/12/2024.");
                                self.issue(i);
                            }
                            Err(mut i) => {
                                i.message.push_str(kept);
                                self.issue(i);
                            }
                        }
                    }
                }
                c::INFO_MEMBERS => match self.count(g, at, "Tổng số đoàn viên", false) {
                    Ok(n) => info.members = n,
                    Err(i) => self.issue(label_sheet_consequence(
                        i,
                        "Tổng số đoàn viên không được dùng; các dòng số liệu của tệp vẫn được tính.",
                    )),
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
            let i = Issue::new(
                &self.file(),
                Code::ReportDateMissing,
                "Chưa ghi \"Ngày báo cáo\"; ngày nộp sẽ lấy theo sổ nhận tệp, thời điểm lưu tệp hoặc ngày sửa tệp.",
            )
            .at(
                &g.name,
                labels.find(c::INFO_REPORT_DATE).map(|l| l.value_at.a1()),
            )
            .hint("Ghi ngày báo cáo dạng dd/mm/yyyy, ví dụ 30/12/2024.");
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
                    Err(i) => self.issue(label_sheet_consequence(
                        i,
                        "Số vụ đình công của đơn vị này không được cộng vào tổng; các số liệu khác của tệp vẫn được tính.",
                    )),
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
