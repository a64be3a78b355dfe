//! Reading one field of a return: text (cleaned, legacy encodings converted), dates, category
//! cells, counts and money — each a value or the issue that says why not.

use chrono::NaiveDate;

use super::{FieldResult, LegacyCells, Reader};
use crate::issue::Issue;
use crate::messages;
use crate::parse::category::CategoryMatch;
use crate::parse::text::normalize_in;
use crate::parse::{date, number};
use crate::plan::CategoryKind;
use crate::read::{Grid, Pos, Raw};

impl Reader<'_> {
    pub(super) fn file(&self) -> String {
        self.sub.file.clone()
    }

    pub(super) fn issue(&mut self, i: Issue) {
        self.sub.issues.push(i);
    }

    pub(super) fn missing_sheet(&mut self, name: &str) {
        let i = messages::sheet_missing(&self.sub.file, name);
        self.issue(i);
    }

    /// Text of a cell, cleaned and converted from legacy encodings (remembered for one warning per sheet).
    pub(super) fn text(&mut self, g: &Grid, pos: Pos) -> String {
        match g.get(pos) {
            Raw::Text(t) => {
                let (s, legacy) = normalize_in(t, self.file_legacy);
                if let Some(l) = legacy {
                    let e = self
                        .legacy
                        .entry(g.name.clone())
                        .or_insert_with(|| LegacyCells {
                            cell: pos,
                            before: t.clone(),
                            after: s.clone(),
                            encoding: l,
                            count: 0,
                        });
                    e.count += 1;
                }
                s
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                String::new()
            }
            v => v.display(),
        }
    }

    /// The text of an optional column in `row`; empty when the column is absent.
    pub(super) fn optional_text(&mut self, g: &Grid, row: u32, col: Option<u32>) -> String {
        col.map(|c| self.text(g, Pos::new(row, c)))
            .unwrap_or_default()
    }

    pub(super) fn formula_no_value(&mut self, g: &Grid, pos: Pos) {
        let i =
            messages::formula_no_value(&self.sub.file, g.get(pos).display()).at(&g.name, Some(pos));
        self.issue(i);
    }

    pub(super) fn flush_legacy(&mut self) {
        let mut entries: Vec<_> = self.legacy.drain().collect();
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        for (
            sheet,
            LegacyCells {
                cell,
                before,
                after,
                encoding: l,
                count: n,
            },
        ) in entries
        {
            let i = messages::text_legacy_encoding(&self.sub.file, n, l.name(), before, &after)
                .at(&sheet, Some(cell));
            self.sub.issues.push(i);
        }
    }

    pub(super) fn date_value(&mut self, g: &Grid, pos: Pos, what: &str) -> FieldResult<NaiveDate> {
        let file = self.file();
        let bad =
            |found: String| messages::date_unreadable(&file, what, found).at(&g.name, Some(pos));
        match g.get(pos) {
            Raw::Date(d) => Ok(*d),
            Raw::Number(n) => date::from_number(*n).ok_or_else(|| bad(Raw::Number(*n).display())),
            Raw::Text(t) => {
                let t = normalize_in(t, self.file_legacy).0;
                date::parse_text(&t, self.ctx.plan.near()).map_err(|e| match e {
                    date::DateError::Impossible => {
                        messages::date_impossible(&file, what, t.clone()).at(&g.name, Some(pos))
                    }
                    date::DateError::Unreadable => bad(t.clone()),
                })
            }
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                Err(messages::date_formula_empty(&file, what).at(&g.name, Some(pos)))
            }
            v => Err(bad(v.display())),
        }
    }

    pub(super) fn row_date(&mut self, g: &Grid, pos: Pos) -> FieldResult<NaiveDate> {
        if g.get(pos).is_empty() {
            return Err(
                messages::row_date_missing(&self.sub.file, self.ctx.plan).at(&g.name, Some(pos))
            );
        }
        let plan = self.ctx.plan;
        // A span of days in one cell counts on its first day when the whole span is inside
        // the window; a span crossing the window's edge says so.
        if let Raw::Text(t) = g.get(pos) {
            let t = normalize_in(t, self.file_legacy).0;
            if let Ok((first, last)) = date::parse_span(&t, plan.near()) {
                if first != last {
                    if first < plan.window_start || last > plan.window_end {
                        return Err(messages::date_span_outside_window(
                            &self.sub.file,
                            (first, last),
                            plan,
                            t.clone(),
                        )
                        .at(&g.name, Some(pos)));
                    }
                    return Ok(first);
                }
            }
        }
        let d = self.date_value(g, pos, "Ngày thực hiện")?;
        if d < plan.window_start || d > plan.window_end {
            let typo = date::typo_in_window(d, plan.window_start, plan.window_end);
            let found = g.get(pos).display();
            return Err(
                messages::date_outside_window(&self.sub.file, d, plan, found, typo)
                    .at(&g.name, Some(pos)),
            );
        }
        Ok(d)
    }

    pub(super) fn category(&mut self, g: &Grid, pos: Pos, kind: CategoryKind) -> FieldResult<u16> {
        let matchers = self.ctx.matchers;
        let (m, what) = match kind {
            CategoryKind::Topic => (&matchers.topics, "Nội dung tuyên truyền"),
            CategoryKind::Audience => (&matchers.audiences, "Đối tượng"),
            CategoryKind::Form => (&matchers.forms, "Hình thức"),
            CategoryKind::Activity => (&matchers.activities, "Loại hoạt động"),
        };
        let text = self.text(g, pos);
        let file = self.file();
        if text.is_empty() {
            return Err(messages::category_empty(&file, what).at(&g.name, Some(pos)));
        }
        match m.matches(&text) {
            CategoryMatch::Exact(i) => Ok(i as u16),
            CategoryMatch::Normalized(i) => {
                let issue =
                    messages::category_normalized(&file, &text, m.choice(i)).at(&g.name, Some(pos));
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Approximate(i) => {
                let issue = messages::category_approximate(&file, what, &text, m.choice(i))
                    .at(&g.name, Some(pos));
                self.issue(issue);
                Ok(i as u16)
            }
            CategoryMatch::Conflict { by_code, by_label } => Err(messages::category_conflict(
                &file,
                what,
                &text,
                m.code(by_code),
                m.choice(by_label),
                m.code(by_label),
            )
            .at(&g.name, Some(pos))),
            CategoryMatch::Unknown { nearest } => {
                Err(
                    messages::category_unknown(&file, what, &text, nearest.map(|n| m.choice(n)))
                        .at(&g.name, Some(pos)),
                )
            }
        }
    }

    /// A whole number ≥ 0. `Ok(None)` when empty and not `required`.
    pub(super) fn count(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
    ) -> FieldResult<Option<i64>> {
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, required, number::Kind::Count)? else {
            return Ok(None);
        };
        let file = self.file();
        if v.fract() != 0.0 {
            return Err(
                messages::count_not_whole(&file, what, v, g.get(pos).display())
                    .at(&g.name, Some(pos)),
            );
        }
        if v.abs() > 1e12 {
            return Err(
                messages::number_too_large(&file, what, g.get(pos).display())
                    .at(&g.name, Some(pos)),
            );
        }
        Ok(Some(v as i64))
    }

    /// Money in đồng, rounded to a whole đồng.
    /// An amount of money in đồng. A plain number in a column whose header counts in
    /// thousands or millions (`scale`) is multiplied; a cell that names its own unit
    /// (`500 nghìn`, `1,5 triệu`, `500.000 đ`) is read by its words.
    pub(super) fn money(&mut self, g: &Grid, pos: Pos, scale: i64) -> FieldResult<Option<i64>> {
        let what = "Giá trị (đồng)";
        if let Some(origin) = g.merged_origin(pos) {
            self.merged_number(g, pos, origin, what);
            return Ok(Some(0));
        }
        let Some(v) = self.number(g, pos, what, false, number::Kind::Money)? else {
            return Ok(None);
        };
        let own_unit = matches!(g.get(pos), Raw::Text(t) if t.chars().any(char::is_alphabetic));
        let v = if scale == 1 || own_unit {
            v
        } else {
            // 1,5 nghìn is 1.500 đồng exactly, whatever the float says.
            let scaled = v * scale as f64;
            if (scaled - scaled.round()).abs() < 1e-6 {
                scaled.round()
            } else {
                scaled
            }
        };
        // A real number cell with đồng lẻ: 1,5 typed for "1,5 triệu" is not 2 đồng.
        if v.fract() != 0.0 && v.abs() < 1000.0 {
            return Err(self.number_ambiguous(
                g,
                pos,
                what,
                "số tiền có phần lẻ dưới một đồng (có thể thiếu chữ \"triệu\" hoặc \"nghìn\")",
            ));
        }
        if v.abs() > 1e15 {
            return Err(
                messages::number_too_large(&self.sub.file, what, g.get(pos).display())
                    .at(&g.name, Some(pos)),
            );
        }
        Ok(Some(v.round() as i64))
    }

    /// A count or amount merged over several rows belongs to its top-left cell only:
    /// the covered row counts 0 there, and the unit is told.
    pub(super) fn merged_number(&mut self, g: &Grid, pos: Pos, origin: Pos, what: &str) {
        let value = g.get(origin).display();
        let i = messages::number_merged(
            &self.sub.file,
            what,
            pos.line(),
            &origin.a1(),
            origin.line(),
            value,
        )
        .at(&g.name, Some(pos));
        self.issue(i);
    }

    /// `number-invalid` for a cell that reads as a number in more than one way.
    pub(super) fn number_ambiguous(&self, g: &Grid, pos: Pos, what: &str, why: &str) -> Issue {
        messages::number_ambiguous(&self.sub.file, what, g.get(pos).display(), why)
            .at(&g.name, Some(pos))
    }

    pub(super) fn number(
        &mut self,
        g: &Grid,
        pos: Pos,
        what: &str,
        required: bool,
        kind: number::Kind,
    ) -> FieldResult<Option<f64>> {
        let file = self.file();
        let raw = g.get(pos).clone();
        let v = match &raw {
            Raw::Empty => None,
            Raw::Number(n) => Some(*n),
            Raw::Text(t) if t.trim().is_empty() => None,
            // `Không`, `-`: nothing happened, 0 (for money: no amount).
            Raw::Text(t) if number::is_none_word(t) => (kind == number::Kind::Count).then_some(0.0),
            Raw::Text(t) => match number::parse(&normalize_in(t, self.file_legacy).0, kind) {
                Ok(n) => Some(n),
                Err(number::NumberError::Ambiguous(why)) => {
                    return Err(self.number_ambiguous(g, pos, what, why))
                }
                Err(number::NumberError::NotANumber) => {
                    let money = kind == number::Kind::Money;
                    return Err(
                        messages::not_a_number(&file, what, t, money).at(&g.name, Some(pos))
                    );
                }
            },
            Raw::FormulaNoValue(_) => {
                self.formula_no_value(g, pos);
                None
            }
            other => {
                return Err(messages::not_a_number_cell(&file, what, other.display())
                    .at(&g.name, Some(pos)))
            }
        };
        match v {
            None if required => Err(messages::number_required(&file, what).at(&g.name, Some(pos))),
            None => Ok(None),
            Some(n) if n < 0.0 => {
                Err(messages::number_negative(&file, what, raw.display()).at(&g.name, Some(pos)))
            }
            Some(n) => Ok(Some(n)),
        }
    }
}
