//! The two tables, `Tuyên truyền` and `Hoạt động`: the header row, the rows seen and the rows
//! with data, and the row rules (required values, descriptions, outliers, duplicates).

use std::collections::HashSet;

use super::row_marks::{is_total_label, stt_column};
use super::{ActivityRow, PropagandaKey, PropagandaRow, Reader, SharedText};
use crate::contract::{self as c, activity_col as a_col, propaganda_col as p_col};
use crate::issue::Issue;
use crate::messages;
use crate::parse::text::fold;
use crate::plan::{CategoryKind, ValueRule};
use crate::pos::line;
use crate::read::table::{find_header, HeaderMap, Headers};
use crate::read::{Grid, Pos, Raw};

impl Reader<'_> {
    /// Finds the table header; reports `column-missing` for required columns. Returns the map when
    /// rows can be counted, and the header row either way.
    pub(super) fn table_header(
        &mut self,
        g: &Grid,
        table: &Table,
    ) -> (Option<HeaderMap>, Option<u32>) {
        let (headers, required) = (table.headers, table.required);
        let Some(h) = find_header(g, (table.folded)(), 2, 30) else {
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
            let i = messages::columns_missing(&self.sub.file, &missing, line(h.row))
                .at(&g.name, Some(Pos::new(h.row, 0)));
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
    /// A row labelled `Tổng cộng`/`Cộng`/`Tổng số`/`TC` is the unit's own sum: returned
    /// apart (second list), never a data row.
    pub(super) fn data_rows(
        &mut self,
        g: &Grid,
        seen: &[u32],
        h: &HeaderMap,
        key_cols: &[u32],
        headers: &[&str],
    ) -> (Vec<u32>, Vec<u32>) {
        let mut data = Vec::new();
        let mut totals = Vec::new();
        for &r in seen {
            let own = |col: &u32| {
                !g.get(Pos::new(r, *col)).is_empty() && g.merged_origin(Pos::new(r, *col)).is_none()
            };
            let label = g.row(r).and_then(|cells| {
                cells
                    .iter()
                    .find(|(c, v)| own(c) && is_total_label(v))
                    .map(|(c, v)| (*c, v.display()))
            });
            if let Some((col, found)) = label {
                let i = messages::total_row(&self.sub.file, r + 1, found)
                    .at(&g.name, Some(Pos::new(r, col)));
                self.issue(i);
                totals.push(r);
                continue;
            }
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
                .at(&g.name, Some(Pos::new(r, first)));
            self.issue(i);
        }
        (data, totals)
    }

    /// Reads `table`'s header and rows; for each data row, its cells read by the column
    /// spec (values indexed like the table's headers) and the errors found go to `rules`,
    /// which applies the table's own rules. Returns the rows seen (for `Đối soát`), the
    /// unit's own total rows and the header.
    fn read_table(
        &mut self,
        g: &Grid,
        table: &Table,
        mut rules: impl FnMut(&mut Self, Row<'_>),
    ) -> TableRead {
        let (h, header_row) = self.table_header(g, table);
        let Some(mut h) = h else {
            // Without the columns, the pre-numbered `STT` cells are still no rows.
            let (stt_row, stt_col) = match stt_column(g) {
                Some((r, c)) => (r, Some(c)),
                None => (None, None),
            };
            let seen = Self::seen_rows(g, header_row.or(stt_row), stt_col);
            return TableRead {
                seen,
                totals: Vec::new(),
                header: None,
                money_scale: 1,
            };
        };
        let extra = self.extra_columns(g, table, &mut h);
        let keys: Vec<u32> = table
            .columns
            .iter()
            .filter(|c| c.key)
            .filter_map(|c| h.cols[c.index])
            .collect();
        let mut seen = Self::seen_rows(g, Some(h.row), h.cols[table.stt]);
        // Notes, headings and the signature block are no rows of the table: said once.
        let notes = self.note_lines(g, &seen, &h, table);
        if let Some((first, _)) = notes.first() {
            let lines: Vec<(u32, String)> =
                notes.iter().map(|(r, t)| (line(*r), t.clone())).collect();
            let i =
                messages::note_lines(&self.sub.file, &lines).at(&g.name, Some(Pos::new(*first, 0)));
            self.issue(i);
            seen.retain(|r| !notes.iter().any(|(n, _)| n == r));
        }
        let (rows, totals) = self.data_rows(g, &seen, &h, &keys, table.headers);
        self.unknown_columns_filled(g, &extra, &rows);
        self.hidden_rows(g, &rows);
        for row in rows {
            let before = self.sub.issues.len();
            let mut values = vec![Value::None; table.headers.len()];
            let mut errors = Vec::new();
            for column in table.columns {
                let col = h.cols[column.index];
                let at = Pos::new(row, col.unwrap_or(0));
                let read = match column.field {
                    Field::Text => Ok(Value::Text(self.optional_text(g, row, col))),
                    Field::Date => self.row_date(g, at).map(Value::Date),
                    _ if col.is_none() => Ok(Value::None),
                    Field::Category { kind, required } => {
                        if !required && g.get(at).is_empty() {
                            Ok(Value::None)
                        } else {
                            self.category(g, at, kind).map(Value::Category)
                        }
                    }
                    Field::Count { what, required } => self
                        .count(g, at, what, required)
                        .map(|n| n.map_or(Value::None, Value::Number)),
                    Field::Money => self
                        .money(g, at, extra.money_scale)
                        .map(|n| n.map_or(Value::None, Value::Number)),
                };
                match read {
                    Ok(v) => values[column.index] = v,
                    Err(e) => errors.push(e),
                }
            }
            rules(
                self,
                Row {
                    grid: g,
                    header: &h,
                    row,
                    values,
                    errors,
                    before,
                    money_unknown: extra.unknown_money(),
                },
            );
        }
        TableRead {
            seen,
            totals,
            header: Some(h),
            money_scale: extra.money_scale,
        }
    }

    /// Data rows the unit does not see (hidden, or filtered out): counted, and said once.
    fn hidden_rows(&mut self, g: &Grid, rows: &[u32]) {
        if g.hidden.is_empty() {
            return;
        }
        let hidden: Vec<u32> = rows
            .iter()
            .copied()
            .filter(|r| g.hidden.contains(*r))
            .collect();
        if let Some(&first) = hidden.first() {
            let lines: Vec<u32> = hidden.iter().map(|r| line(*r)).collect();
            let i = messages::rows_hidden(&self.sub.file, &lines, g.hidden.filter)
                .at(&g.name, Some(Pos::new(first, 0)));
            self.issue(i);
        }
    }

    /// Whether this row got an error: it is then not counted, and each of its errors says so.
    fn row_failed(&mut self, before: usize) -> bool {
        let errors = self.sub.issues[before..]
            .iter_mut()
            .filter(|i| i.severity == crate::issue::Severity::Error);
        let mut failed = false;
        for i in errors {
            messages::row_not_counted(i);
            failed = true;
        }
        failed
    }

    /// `Tuyên truyền`: its own sheet, then the sheets copied from it, as one table (a row
    /// typed twice across them is a duplicate all the same).
    pub(super) fn read_propaganda(&mut self, own: &Grid, copies: &[&Grid]) {
        let mut duplicates: HashSet<PropagandaKey> = HashSet::new();
        let (names, seen) = self.read_sheets(
            own,
            copies,
            &PROPAGANDA,
            |r, row, sheet| r.propaganda_row(row, sheet, &mut duplicates),
            |r, start| {
                (r.sub.propaganda[start..].iter())
                    .map(|x| {
                        let f = [
                            (p_col::SESSIONS, x.sessions),
                            (p_col::ATTENDANCE, x.attendance),
                            (p_col::SPEAKERS, x.speakers),
                        ];
                        (x.row, f.to_vec())
                    })
                    .collect()
            },
            |r| r.sub.propaganda.len(),
        );
        (self.sub.propaganda_sheets, self.sub.propaganda_seen) = (shared(names), seen);
    }

    /// A table's own sheet, then the sheets copied from it, read as one table: each data row
    /// by `row` (told its sheet's index), each sheet's total rows checked against `figures`
    /// of the rows read from it (from the index `len` gave before it), a copy with rows
    /// said. Returns the sheets' names and the rows seen on them.
    fn read_sheets(
        &mut self,
        own: &Grid,
        copies: &[&Grid],
        table: &Table,
        mut row: impl FnMut(&mut Self, Row<'_>, u8),
        figures: impl Fn(&Self, usize) -> Vec<(u32, Vec<(usize, i64)>)>,
        len: impl Fn(&Self) -> usize,
    ) -> (Vec<String>, Vec<(u8, u32)>) {
        let sheets: Vec<&Grid> = std::iter::once(own).chain(copies.iter().copied()).collect();
        let mut seen = Vec::new();
        for (i, g) in sheets.iter().enumerate() {
            let sheet = i as u8;
            let start = len(self);
            let read = self.read_table(g, table, |r, x| row(r, x, sheet));
            let counted = figures(self, start);
            self.check_totals(g, &read, table, &counted);
            self.copied_sheet(g, own, i, read.seen.len());
            seen.extend(read.seen.into_iter().map(|r| (sheet, r)));
        }
        (sheets.iter().map(|g| g.name.clone()).collect(), seen)
    }

    /// One data row of `Tuyên truyền`, by the table's rules.
    fn propaganda_row(
        &mut self,
        mut row: Row<'_>,
        sheet: u8,
        duplicates: &mut HashSet<PropagandaKey>,
    ) {
        let r = self;
        let v = &row.values;
        let (date, topic, audience) = (
            v[p_col::DATE].date(),
            v[p_col::TOPIC].category(),
            v[p_col::AUDIENCE].category(),
        );
        let form = v[p_col::FORM].category();
        let (sessions, attendance) = (v[p_col::SESSIONS].number(), v[p_col::ATTENDANCE].number());
        let speakers = v[p_col::SPEAKERS].number().unwrap_or(0);
        let (place, note) = (v[p_col::PLACE].text(), v[p_col::NOTE].text());
        let at = row.at();
        if let Some(t) = topic {
            let plan = r.ctx.plan;
            if plan.topics[t as usize].requires_description && note.trim().is_empty() {
                let cell = row.header.cols[p_col::NOTE]
                    .map(|c| Pos::new(row.row, c))
                    .unwrap_or(at(p_col::TOPIC));
                row.errors.push(
                    messages::topic_description_required(&r.sub.file)
                        .at(&row.grid.name, Some(cell)),
                );
            }
        }
        for e in row.errors.drain(..) {
            r.issue(e);
        }
        if r.row_failed(row.before) {
            return;
        }
        let (Some(date), Some(topic), Some(audience), Some(sessions), Some(attendance)) =
            (date, topic, audience, sessions, attendance)
        else {
            return;
        };
        let g = row.grid;
        r.propaganda_outliers(
            g,
            [
                (at(p_col::SESSIONS), sessions),
                (at(p_col::ATTENDANCE), attendance),
                (at(p_col::SPEAKERS), speakers),
            ],
        );
        let key = (
            date,
            topic,
            audience,
            form,
            sessions,
            attendance,
            fold(&place),
        );
        if !duplicates.insert(key) {
            let i = messages::propaganda_row_duplicate(&r.sub.file, line(row.row))
                .at(&g.name, Some(Pos::new(row.row, 0)));
            r.issue(i);
        }
        r.sub.propaganda.push(PropagandaRow {
            sheet,
            row: row.row,
            date,
            topic,
            audience,
            form,
            sessions,
            attendance,
            speakers,
            place: place.into(),
            note: note.into(),
        });
    }

    /// A sheet copied from a table's own sheet, with rows: said once.
    fn copied_sheet(&mut self, g: &Grid, own: &Grid, index: usize, rows: usize) {
        if index > 0 && rows > 0 {
            let i =
                messages::sheet_copy(&self.sub.file, &g.name, &own.name, rows).at(&g.name, None);
            self.issue(i);
        }
    }

    /// A propaganda row's sessions, attendance and speakers (with their cells) against the
    /// plan's per-row bounds (attendance also against the unit's members).
    fn propaganda_outliers(&mut self, g: &Grid, figures: [(Pos, i64); 3]) {
        let l = &self.ctx.plan.limits;
        let bounds = [
            (l.max_sessions_per_row, false),
            (l.max_attendance_per_row, true),
            (l.max_speakers_per_row, false),
        ];
        let columns = [p_col::SESSIONS, p_col::ATTENDANCE, p_col::SPEAKERS];
        for (((pos, n), (max, by_members)), col) in figures.into_iter().zip(bounds).zip(columns) {
            self.count_outlier(g, pos, c::PROPAGANDA_HEADERS[col], n, max, by_members);
        }
    }

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
            .at(&g.name, Some(pos));
        self.issue(i);
    }

    /// The plan's rules for activity `k` on one row: a description for "other", a value in
    /// đồng where the plan requires one (unless another error already points at that cell;
    /// a number in a value column of unknown unit is said as such, never as an empty cell).
    fn activity_rules(
        &mut self,
        g: &Grid,
        h: &HeaderMap,
        row: u32,
        rules: ActivityRules<'_>,
        errors: &mut Vec<Issue>,
    ) {
        let ActivityRules {
            k,
            description,
            value,
            money_unknown,
        } = rules;
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
                            .unwrap_or(at(a_col::KIND)),
                    ),
                ),
            );
        }
        let value_missing =
            value.is_none() && !matches!(g.get(at(a_col::VALUE)), Raw::FormulaNoValue(_));
        let in_unknown = money_unknown
            .map(|(col, header)| (Pos::new(row, col), header))
            .filter(|(pos, _)| !g.get(*pos).is_empty());
        if act.value == ValueRule::Required && value_missing {
            if let Some((pos, header)) = in_unknown {
                let c = &act.category;
                errors.push(
                    messages::value_in_unknown_column(&self.sub.file, &c.code, &c.label, header)
                        .at(&g.name, Some(pos)),
                );
                return;
            }
        }
        if act.value == ValueRule::Required
            && value_missing
            && !errors.iter().any(|e| e.cell == Some(at(a_col::VALUE)))
        {
            errors.push(
                messages::value_required(&self.sub.file, &act.category.code, &act.category.label)
                    .at(
                        &g.name,
                        Some(
                            h.cols[a_col::VALUE]
                                .map(|c| Pos::new(row, c))
                                .unwrap_or(at(a_col::KIND)),
                        ),
                    ),
            );
        }
    }

    /// `Hoạt động`: its own sheet, then the sheets copied from it, as one table.
    pub(super) fn read_activities(&mut self, own: &Grid, copies: &[&Grid]) {
        let mut duplicates = HashSet::new();
        let (names, seen) = self.read_sheets(
            own,
            copies,
            &ACTIVITIES,
            |r, row, sheet| r.activity_row(row, sheet, &mut duplicates),
            |r, start| {
                (r.sub.activities[start..].iter())
                    .map(|x| {
                        let f = [
                            (a_col::QUANTITY, x.quantity),
                            (a_col::PARTICIPANTS, x.participants),
                            (a_col::VALUE, x.value),
                        ];
                        (x.row, f.to_vec())
                    })
                    .collect()
            },
            |r| r.sub.activities.len(),
        );
        (self.sub.activities_sheets, self.sub.activities_seen) = (shared(names), seen);
    }

    /// One data row of `Hoạt động`, by the table's rules.
    fn activity_row(&mut self, mut row: Row<'_>, sheet: u8, duplicates: &mut ActivityKeys) {
        let r = self;
        let v = &row.values;
        let (date, kind) = (v[a_col::DATE].date(), v[a_col::KIND].category());
        let description = v[a_col::DESCRIPTION].text();
        let (quantity, participants) =
            (v[a_col::QUANTITY].number(), v[a_col::PARTICIPANTS].number());
        let value = v[a_col::VALUE].number();
        let (partner, place, note) = (
            v[a_col::PARTNER].text(),
            v[a_col::PLACE].text(),
            v[a_col::NOTE].text(),
        );
        let (g, h, row_no) = (row.grid, row.header, row.row);
        if let Some(k) = kind {
            let unknown = row.money_unknown;
            let rules = ActivityRules {
                k,
                description: &description,
                value,
                money_unknown: unknown,
            };
            r.activity_rules(g, h, row_no, rules, &mut row.errors);
        }
        for e in row.errors.drain(..) {
            r.issue(e);
        }
        if r.row_failed(row.before) {
            return;
        }
        let (Some(date), Some(activity), Some(quantity)) = (date, kind, quantity) else {
            return;
        };
        let at = row.at();
        let row = row_no;
        let value = value.unwrap_or(0);
        let plan = r.ctx.plan;
        let l = &plan.limits;
        let (max_q, max_p) = (l.max_quantity_per_row, l.max_participants_per_row);
        r.count_outlier(g, at(a_col::QUANTITY), "Số lượng", quantity, max_q, false);
        if let Some(n) = participants {
            r.count_outlier(
                g,
                at(a_col::PARTICIPANTS),
                "Số người tham gia",
                n,
                max_p,
                true,
            );
        }
        let l = &r.ctx.plan.limits;
        if value > 0 && value < 1000 {
            let found = g.get(at(a_col::VALUE)).display();
            let i = messages::value_below_thousand(&r.sub.file, value, found)
                .at(&g.name, Some(at(a_col::VALUE)));
            r.issue(i);
        }
        if value > l.max_value_per_row {
            let i = messages::value_above_limit(&r.sub.file, value, l.max_value_per_row)
                .at(&g.name, Some(at(a_col::VALUE)));
            r.issue(i);
        }
        if !duplicates.insert((
            date,
            activity,
            fold(&description),
            quantity,
            participants,
            value,
        )) {
            let i = messages::activity_row_duplicate(&r.sub.file, line(row))
                .at(&g.name, Some(Pos::new(row, 0)));
            r.issue(i);
        }
        r.sub.activities.push(ActivityRow {
            sheet,
            row,
            date,
            activity,
            description: description.into(),
            quantity,
            participants: participants.unwrap_or(0),
            value,
            partner: partner.into(),
            place: place.into(),
            note: note.into(),
        });
    }
}

/// What makes two activity rows the same row typed twice.
type ActivityKeys = HashSet<(chrono::NaiveDate, u16, String, i64, Option<i64>, i64)>;

/// What the plan's rules for one activity row look at besides its cells.
struct ActivityRules<'a> {
    k: u16,
    description: &'a str,
    value: Option<i64>,
    money_unknown: Option<(u32, &'a str)>,
}

/// How one column of a table is read.
#[derive(Clone, Copy)]
pub(super) enum Field {
    Date,
    Category { kind: CategoryKind, required: bool },
    Count { what: &'static str, required: bool },
    Money,
    Text,
}

/// A column: its place in the contract's header list, how its cells are read, and whether
/// a value of its own makes a row a data row (a row with only a note or a place is not).
pub(super) struct Column {
    pub(super) index: usize,
    pub(super) field: Field,
    key: bool,
}

/// What reading one table found besides its rows.
pub(super) struct TableRead {
    /// Rows seen below the header, for `Đối soát`.
    pub(super) seen: Vec<u32>,
    /// The unit's own total rows (`Tổng cộng`), not counted.
    pub(super) totals: Vec<u32>,
    pub(super) header: Option<HeaderMap>,
    /// What the value column's numbers were multiplied by to give đồng.
    pub(super) money_scale: i64,
}

/// A table of the return, as the contract lays it out (docs/mau-bao-cao.md).
pub(super) struct Table {
    pub(super) headers: &'static [&'static str],
    /// The same headers folded (once per run).
    pub(super) folded: fn() -> &'static Headers,
    required: &'static [usize],
    stt: usize,
    /// The money column, which may be found by a header naming its unit.
    pub(super) money: Option<usize>,
    /// In the order the cells are read (the order of their issues).
    pub(super) columns: &'static [Column],
}

/// Every column read as a value is a key; text columns are not, unless said (`key_text`).
const fn col(index: usize, field: Field) -> Column {
    let key = !matches!(field, Field::Text);
    Column { index, field, key }
}

const fn key_text(index: usize) -> Column {
    Column {
        index,
        field: Field::Text,
        key: true,
    }
}

const fn category(index: usize, kind: CategoryKind, required: bool) -> Column {
    col(index, Field::Category { kind, required })
}

const fn count(index: usize, what: &'static str, required: bool) -> Column {
    col(index, Field::Count { what, required })
}

pub(super) const PROPAGANDA: Table = Table {
    headers: &c::PROPAGANDA_HEADERS,
    folded: || {
        static H: std::sync::LazyLock<Headers> =
            std::sync::LazyLock::new(|| Headers::new(&c::PROPAGANDA_HEADERS));
        &H
    },
    required: &c::PROPAGANDA_REQUIRED,
    stt: p_col::STT,
    money: None,
    columns: &[
        col(p_col::DATE, Field::Date),
        category(p_col::TOPIC, CategoryKind::Topic, true),
        category(p_col::AUDIENCE, CategoryKind::Audience, true),
        category(p_col::FORM, CategoryKind::Form, false),
        count(p_col::SESSIONS, "Số buổi", true),
        count(p_col::ATTENDANCE, "Số lượt người tham dự", true),
        count(p_col::SPEAKERS, "Số báo cáo viên, tuyên truyền viên", false),
        col(p_col::PLACE, Field::Text),
        col(p_col::NOTE, Field::Text),
    ],
};

pub(super) const ACTIVITIES: Table = Table {
    headers: &c::ACTIVITY_HEADERS,
    folded: || {
        static H: std::sync::LazyLock<Headers> =
            std::sync::LazyLock::new(|| Headers::new(&c::ACTIVITY_HEADERS));
        &H
    },
    required: &c::ACTIVITY_REQUIRED,
    stt: a_col::STT,
    money: Some(a_col::VALUE),
    columns: &[
        col(a_col::DATE, Field::Date),
        category(a_col::KIND, CategoryKind::Activity, true),
        key_text(a_col::DESCRIPTION),
        count(a_col::QUANTITY, "Số lượng", true),
        count(a_col::PARTICIPANTS, "Số người tham gia", false),
        col(a_col::VALUE, Field::Money),
        col(a_col::PARTNER, Field::Text),
        col(a_col::PLACE, Field::Text),
        col(a_col::NOTE, Field::Text),
    ],
};

/// A cell read by its column's field.
#[derive(Clone, Debug)]
enum Value {
    None,
    Date(chrono::NaiveDate),
    Category(u16),
    Number(i64),
    Text(String),
}

impl Value {
    fn date(&self) -> Option<chrono::NaiveDate> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    fn category(&self) -> Option<u16> {
        match self {
            Value::Category(i) => Some(*i),
            _ => None,
        }
    }

    fn number(&self) -> Option<i64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            _ => String::new(),
        }
    }
}

/// One data row, read, for a table's own rules.
struct Row<'a> {
    grid: &'a Grid,
    header: &'a HeaderMap,
    row: u32,
    values: Vec<Value>,
    /// Errors found reading the cells, not yet recorded (the rules may add their own).
    errors: Vec<Issue>,
    /// How many issues the file had before this row.
    before: usize,
    /// A value column in a unit of money the reader does not know: (column, header).
    money_unknown: Option<(u32, &'a str)>,
}

impl<'a> Row<'a> {
    /// The cell of header `i` in this row.
    fn at(&self) -> impl Fn(usize) -> Pos + 'a {
        let (header, row) = (self.header, self.row);
        move |i| Pos::new(row, header.cols[i].unwrap_or(0))
    }
}

/// The names of the sheets a table was read from, shared with every return naming them so.
fn shared(names: Vec<String>) -> Vec<SharedText> {
    names.into_iter().map(SharedText::from).collect()
}
