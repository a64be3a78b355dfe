//! The two tables, `Tuyên truyền` and `Hoạt động`: the header row, the rows seen and the rows
//! with data, and the row rules (required values, descriptions, outliers, duplicates).

use std::collections::HashSet;

use super::{ActivityRow, PropagandaKey, PropagandaRow, Reader};
use crate::contract::{self as c, activity_col as a_col, propaganda_col as p_col};
use crate::issue::Issue;
use crate::messages;
use crate::parse::text::fold;
use crate::plan::{CategoryKind, ValueRule};
use crate::read::table::{find_header, HeaderMap};
use crate::read::{Grid, Pos, Raw};

impl Reader<'_> {
    /// Finds the table header; reports `column-missing` for required columns. Returns the map when
    /// rows can be counted, and the header row either way.
    pub(super) fn table_header(
        &mut self,
        g: &Grid,
        headers: &[&str],
        required: &[usize],
    ) -> (Option<HeaderMap>, Option<u32>) {
        let Some(h) = find_header(g, headers, 2, 30) else {
            let i = messages::header_not_found(&self.sub.file, &headers[1..]).at(&g.name, None);
            self.issue(i);
            return (None, None);
        };
        let missing: Vec<&str> = required
            .iter()
            .filter(|&&i| h.cols[i].is_none())
            .map(|&i| headers[i])
            .collect();
        if !missing.is_empty() {
            let i = messages::columns_missing(&self.sub.file, &missing, h.row + 1)
                .at(&g.name, Some(Pos::new(h.row, 0).a1()));
            self.issue(i);
            return (None, Some(h.row));
        }
        (Some(h.clone()), Some(h.row))
    }

    /// Rows below `header_row` (every row when no header was found) that hold a value of
    /// their own — not a lone `STT`, not a copy of a merged cell above.
    pub(super) fn seen_rows(g: &Grid, header_row: Option<u32>, stt_col: Option<u32>) -> Vec<u32> {
        g.rows()
            .filter(|(r, _)| header_row.is_none_or(|h| *r > h))
            .filter(|(r, cells)| {
                cells.iter().any(|(col, v)| {
                    Some(*col) != stt_col
                        && !v.is_empty()
                        && g.merged_origin(Pos::new(*r, *col)).is_none()
                })
            })
            .map(|(r, _)| r)
            .collect()
    }

    /// Of the rows seen, those holding a value of their own in a data column; the others
    /// (a lone note or place, a value far right of the table) are listed as not counted.
    pub(super) fn data_rows(
        &mut self,
        g: &Grid,
        seen: &[u32],
        h: &HeaderMap,
        key_cols: &[u32],
        headers: &[&str],
    ) -> Vec<u32> {
        let mut data = Vec::new();
        for &r in seen {
            let own = |col: &u32| {
                !g.get(Pos::new(r, *col)).is_empty() && g.merged_origin(Pos::new(r, *col)).is_none()
            };
            if key_cols.iter().any(own) {
                data.push(r);
                continue;
            }
            let cells = g
                .row(r)
                .map(|c| c.keys().copied().filter(own).collect::<Vec<_>>())
                .unwrap_or_default();
            let Some(&first) = cells.first() else {
                continue;
            };
            let named: Vec<String> = cells
                .iter()
                .map(|c| match h.cols.iter().position(|hc| *hc == Some(*c)) {
                    Some(i) => format!("\"{}\"", headers[i]),
                    None => format!("ô {}", Pos::new(r, *c).a1()),
                })
                .collect();
            let found = g.get(Pos::new(r, first)).display();
            let i = messages::row_incomplete(&self.sub.file, r + 1, &named, found)
                .at(&g.name, Some(Pos::new(r, first).a1()));
            self.issue(i);
        }
        data
    }

    pub(super) fn read_propaganda(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::PROPAGANDA_HEADERS, &c::PROPAGANDA_REQUIRED);
        let Some(h) = h else {
            self.sub.propaganda_seen = Self::seen_rows(g, header_row, None);
            return;
        };
        let keys: Vec<u32> = [
            p_col::DATE,
            p_col::TOPIC,
            p_col::FORM,
            p_col::AUDIENCE,
            p_col::SESSIONS,
            p_col::ATTENDANCE,
            p_col::SPEAKERS,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let seen = Self::seen_rows(g, Some(h.row), h.cols[p_col::STT]);
        let rows = self.data_rows(g, &seen, &h, &keys, &c::PROPAGANDA_HEADERS);
        self.sub.propaganda_seen = seen;
        let mut seen: HashSet<PropagandaKey> = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let date = self.row_date(g, at(p_col::DATE));
            let topic = self.category(g, at(p_col::TOPIC), CategoryKind::Topic);
            let audience = self.category(g, at(p_col::AUDIENCE), CategoryKind::Audience);
            let form = match h.cols[p_col::FORM] {
                Some(_) if !g.get(at(p_col::FORM)).is_empty() => self
                    .category(g, at(p_col::FORM), CategoryKind::Form)
                    .map(Some),
                _ => Ok(None),
            };
            let sessions = self.count(g, at(p_col::SESSIONS), "Số buổi", true);
            let attendance = self.count(g, at(p_col::ATTENDANCE), "Số lượt người tham dự", true);
            let speakers = match h.cols[p_col::SPEAKERS] {
                Some(_) => self.count(
                    g,
                    at(p_col::SPEAKERS),
                    "Số báo cáo viên, tuyên truyền viên",
                    false,
                ),
                None => Ok(None),
            };
            let place = self.optional_text(g, row, h.cols[p_col::PLACE]);
            let note = self.optional_text(g, row, h.cols[p_col::NOTE]);
            let mut errors = Vec::new();
            let date = date.map_err(|e| errors.push(e)).ok();
            let topic = topic.map_err(|e| errors.push(e)).ok();
            let audience = audience.map_err(|e| errors.push(e)).ok();
            let form = form.map_err(|e| errors.push(e)).ok().flatten();
            let sessions = sessions.map_err(|e| errors.push(e)).ok().flatten();
            let attendance = attendance.map_err(|e| errors.push(e)).ok().flatten();
            let speakers = speakers
                .map_err(|e| errors.push(e))
                .ok()
                .flatten()
                .unwrap_or(0);
            if let Some(t) = topic {
                let plan = self.ctx.plan;
                if plan.topics[t as usize].requires_description && note.trim().is_empty() {
                    errors.push(
                        messages::topic_description_required(&self.sub.file).at(
                            &g.name,
                            Some(
                                h.cols[p_col::NOTE]
                                    .map(|c| Pos::new(row, c))
                                    .unwrap_or(at(p_col::TOPIC))
                                    .a1(),
                            ),
                        ),
                    );
                }
            }
            for e in errors.iter().cloned() {
                self.issue(e);
            }
            let has_error = self.sub.issues[before..]
                .iter()
                .any(|i| i.severity == crate::issue::Severity::Error);
            if has_error {
                continue;
            }
            let (Some(date), Some(topic), Some(audience), Some(sessions), Some(attendance)) =
                (date, topic, audience, sessions, attendance)
            else {
                continue;
            };
            let l = &self.ctx.plan.limits;
            let (max_s, max_a, max_r) = (
                l.max_sessions_per_row,
                l.max_attendance_per_row,
                l.max_speakers_per_row,
            );
            self.count_outlier(g, at(p_col::SESSIONS), "Số buổi", sessions, max_s, false);
            self.count_outlier(
                g,
                at(p_col::ATTENDANCE),
                "Số lượt người tham dự",
                attendance,
                max_a,
                true,
            );
            self.count_outlier(
                g,
                at(p_col::SPEAKERS),
                "Số báo cáo viên, tuyên truyền viên",
                speakers,
                max_r,
                false,
            );
            if !seen.insert((
                date,
                topic,
                audience,
                form,
                sessions,
                attendance,
                fold(&place),
            )) {
                let i = messages::propaganda_row_duplicate(&self.sub.file, row + 1)
                    .at(&g.name, Some(Pos::new(row, 0).a1()));
                self.issue(i);
            }
            self.sub.propaganda.push(PropagandaRow {
                row,
                date,
                topic,
                audience,
                form,
                sessions,
                attendance,
                speakers,
                place,
                note,
            });
        }
    }

    /// `value-outlier` on a count above what is plausible for one row; the row still counts.
    /// With `per_member`, a unit that states its membership is bounded by it instead.
    pub(super) fn count_outlier(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        value: i64,
        limit: i64,
        per_member: bool,
    ) {
        let l = &self.ctx.plan.limits;
        let members = self.sub.info.members.filter(|m| *m > 0 && per_member);
        let bound = match members {
            Some(m) => ((m as f64) * l.attendance_membership_factor).ceil() as i64,
            None => limit,
        };
        if value <= bound {
            return;
        }
        let by_members = members.map(|m| (l.attendance_membership_factor, m));
        let found = g.get(pos).display();
        let i = messages::count_outlier(&self.sub.file, what, value, bound, by_members, found)
            .at(&g.name, Some(pos.a1()));
        self.issue(i);
    }

    /// The plan's rules for activity `k` on one row: a description for "other", a value in
    /// đồng where the plan requires one (unless another error already points at that cell).
    #[allow(clippy::too_many_arguments)]
    fn activity_rules(
        &mut self,
        g: &Grid,
        h: &HeaderMap,
        row: u32,
        k: u16,
        description: &str,
        value: Option<i64>,
        errors: &mut Vec<Issue>,
    ) {
        let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
        let plan = self.ctx.plan;
        let act = &plan.activities[k as usize];
        if act.category.requires_description && description.trim().is_empty() {
            errors.push(
                messages::activity_description_required(&self.sub.file).at(
                    &g.name,
                    Some(
                        h.cols[a_col::DESCRIPTION]
                            .map(|c| Pos::new(row, c))
                            .unwrap_or(at(a_col::KIND))
                            .a1(),
                    ),
                ),
            );
        }
        let value_missing =
            value.is_none() && !matches!(g.get(at(a_col::VALUE)), Raw::FormulaNoValue(_));
        if act.value == ValueRule::Required
            && value_missing
            && !errors
                .iter()
                .any(|e| e.cell.as_deref() == Some(at(a_col::VALUE).a1().as_str()))
        {
            errors.push(
                messages::value_required(&self.sub.file, &act.category.code, &act.category.label)
                    .at(
                        &g.name,
                        Some(
                            h.cols[a_col::VALUE]
                                .map(|c| Pos::new(row, c))
                                .unwrap_or(at(a_col::KIND))
                                .a1(),
                        ),
                    ),
            );
        }
    }

    pub(super) fn read_activities(&mut self, g: &Grid) {
        let (h, header_row) = self.table_header(g, &c::ACTIVITY_HEADERS, &c::ACTIVITY_REQUIRED);
        let Some(h) = h else {
            self.sub.activities_seen = Self::seen_rows(g, header_row, None);
            return;
        };
        let keys: Vec<u32> = [
            a_col::DATE,
            a_col::KIND,
            a_col::DESCRIPTION,
            a_col::QUANTITY,
            a_col::PARTICIPANTS,
            a_col::VALUE,
        ]
        .iter()
        .filter_map(|&i| h.cols[i])
        .collect();
        let seen = Self::seen_rows(g, Some(h.row), h.cols[a_col::STT]);
        let rows = self.data_rows(g, &seen, &h, &keys, &c::ACTIVITY_HEADERS);
        self.sub.activities_seen = seen;
        let mut seen = HashSet::new();
        for row in rows {
            let at = |i: usize| Pos::new(row, h.cols[i].unwrap_or(0));
            let before = self.sub.issues.len();
            let mut errors = Vec::new();
            let date = self
                .row_date(g, at(a_col::DATE))
                .map_err(|e| errors.push(e))
                .ok();
            let kind = self
                .category(g, at(a_col::KIND), CategoryKind::Activity)
                .map_err(|e| errors.push(e))
                .ok();
            let description = self.optional_text(g, row, h.cols[a_col::DESCRIPTION]);
            let quantity = self
                .count(g, at(a_col::QUANTITY), "Số lượng", true)
                .map_err(|e| errors.push(e))
                .ok()
                .flatten();
            let participants = match h.cols[a_col::PARTICIPANTS] {
                Some(_) => self
                    .count(g, at(a_col::PARTICIPANTS), "Số người tham gia", false)
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let value = match h.cols[a_col::VALUE] {
                Some(_) => self
                    .money(g, at(a_col::VALUE))
                    .map_err(|e| errors.push(e))
                    .ok()
                    .flatten(),
                None => None,
            };
            let partner = self.optional_text(g, row, h.cols[a_col::PARTNER]);
            let place = self.optional_text(g, row, h.cols[a_col::PLACE]);
            let note = self.optional_text(g, row, h.cols[a_col::NOTE]);
            if let Some(k) = kind {
                self.activity_rules(g, &h, row, k, &description, value, &mut errors);
            }
            for e in errors {
                self.issue(e);
            }
            if self.sub.issues[before..]
                .iter()
                .any(|i| i.severity == crate::issue::Severity::Error)
            {
                continue;
            }
            let (Some(date), Some(activity), Some(quantity)) = (date, kind, quantity) else {
                continue;
            };
            let value = value.unwrap_or(0);
            let plan = self.ctx.plan;
            let l = &plan.limits;
            let (max_q, max_p) = (l.max_quantity_per_row, l.max_participants_per_row);
            self.count_outlier(g, at(a_col::QUANTITY), "Số lượng", quantity, max_q, false);
            if let Some(n) = participants {
                self.count_outlier(
                    g,
                    at(a_col::PARTICIPANTS),
                    "Số người tham gia",
                    n,
                    max_p,
                    true,
                );
            }
            let l = &self.ctx.plan.limits;
            if value > 0 && value < 1000 {
                let found = g.get(at(a_col::VALUE)).display();
                let i = messages::value_below_thousand(&self.sub.file, value, found)
                    .at(&g.name, Some(at(a_col::VALUE).a1()));
                self.issue(i);
            }
            if value > l.max_value_per_row {
                let i = messages::value_above_limit(&self.sub.file, value, l.max_value_per_row)
                    .at(&g.name, Some(at(a_col::VALUE).a1()));
                self.issue(i);
            }
            if !seen.insert((
                date,
                activity,
                fold(&description),
                quantity,
                participants,
                value,
            )) {
                let i = messages::activity_row_duplicate(&self.sub.file, row + 1)
                    .at(&g.name, Some(Pos::new(row, 0).a1()));
                self.issue(i);
            }
            self.sub.activities.push(ActivityRow {
                row,
                date,
                activity,
                description,
                quantity,
                participants: participants.unwrap_or(0),
                value,
                partner,
                place,
                note,
            });
        }
    }
}
