//! The district form (`template --district`, docs/cap-tren.md) read as a record: a district
//! without danvan types its reporting counts and its totals by category. The checks of a
//! return apply: a number that is not one, negative or not whole; a category the plan does
//! not list; a `Cộng` that is not the sum of its rows — each pointed at its cell.

use std::collections::BTreeMap;

use crate::contract::{self as c, FormField};
use crate::issue::{Code, Issue};
use crate::model::Reporting;
use crate::parse::text::fold;
use crate::plan::Plan;
use crate::pos::Pos;
use crate::read::{Grid, Raw, Workbook};
use crate::report::record::{Record, RECORD_KIND, RECORD_VERSION};

/// A section of the form: which list its codes come from, and the columns of its figures.
#[derive(Clone, Copy, PartialEq)]
enum Section {
    Topics,
    Audiences,
    Activities,
}

impl Section {
    fn of(heading: &str) -> Option<Section> {
        match heading.trim() {
            c::FORM_TOPICS => Some(Section::Topics),
            c::FORM_AUDIENCES => Some(Section::Audiences),
            c::FORM_ACTIVITIES => Some(Section::Activities),
            _ => None,
        }
    }

    /// The figure columns, and of them those a `Cộng` row sums.
    fn columns(self) -> (&'static [u32], &'static [u32]) {
        match self {
            Section::Topics | Section::Audiences => (&[2, 3], &[2, 3]),
            Section::Activities => (&[3, 4, 5], &[4, 5]),
        }
    }
}

/// Reads the form: the record, with the form's problems added to `issues`.
pub fn read(
    wb: &mut Workbook,
    display: &str,
    plan: &Plan,
    issues: &mut Vec<Issue>,
) -> Result<Record, String> {
    let meta = wb
        .grid(c::SHEET_META)
        .map_err(|_| format!("mẫu tổng hợp huyện thiếu trang ẩn \"{}\"", c::SHEET_META))?;
    let meta_value = |key: &str| {
        (meta.rows())
            .find(|(r, _)| meta.get(Pos::new(*r, 0)).display().trim() == key)
            .map(|(r, _)| meta.get(Pos::new(r, 1)).display().trim().to_string())
            .unwrap_or_default()
    };
    let (plan_code, period) = (meta_value(c::META_PLAN_CODE), meta_value(c::META_PERIOD));
    let grid = wb
        .grid(c::SHEET_DISTRICT_FORM)
        .map_err(|e| format!("không đọc được trang \"{}\" ({e})", c::SHEET_DISTRICT_FORM))?;
    let mut form = Form {
        grid: &grid,
        display,
        issues,
    };
    let fields = form.fields(plan);
    let mut record = Record {
        kind: RECORD_KIND.into(),
        version: RECORD_VERSION,
        plan: plan_code,
        period,
        window_start: plan.window_start.format("%Y-%m-%d").to_string(),
        window_end: plan.window_end.format("%Y-%m-%d").to_string(),
        issuer: fields.issuer,
        as_of: fields
            .as_of
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        reporting: fields.reporting,
        strikes: fields.strikes,
        speakers: fields.speakers,
        ..Record::default()
    };
    form.tables(plan, &mut record);
    let mut said = Issue::new(
        display,
        Code::SheetMissing,
        "Mẫu tổng hợp huyện không có bảng nội dung × đối tượng: bảng đó ở tệp tổng hợp của cấp trên không gồm số liệu của đơn vị này (các bảng khác có đủ).",
    );
    said.sheet = Some(c::SHEET_DISTRICT_FORM.to_string());
    form.issues.push(said);
    Ok(record)
}

/// What the form's fields say.
#[derive(Default)]
struct Fields {
    issuer: String,
    as_of: Option<chrono::NaiveDate>,
    reporting: Reporting,
    strikes: i64,
    speakers: i64,
}

struct Form<'a> {
    grid: &'a Grid,
    display: &'a str,
    issues: &'a mut Vec<Issue>,
}

impl Form<'_> {
    fn issue(&mut self, at: Pos, code: Code, message: String, found: Option<String>) {
        let mut issue = Issue::new(self.display, code, message);
        (issue.sheet, issue.cell, issue.found) =
            (Some(c::SHEET_DISTRICT_FORM.to_string()), Some(at), found);
        self.issues.push(issue);
    }

    /// A count in `at`: blank is 0; anything else that is not a whole number ≥ 0 is said and
    /// not counted.
    fn count(&mut self, at: Pos, what: &str) -> Option<i64> {
        let raw = self.grid.get(at).clone();
        let n = match &raw {
            Raw::Empty => return Some(0),
            Raw::Number(n) => *n,
            Raw::Text(t) if t.trim().is_empty() => return Some(0),
            Raw::Text(t) => match crate::parse::number::parse(t, crate::parse::number::Kind::Count)
            {
                Ok(n) => n,
                Err(_) => {
                    self.issue(
                        at,
                        Code::NumberInvalid,
                        format!("{what}: \"{t}\" không phải số; ô này không được tính."),
                        Some(t.clone()),
                    );
                    return None;
                }
            },
            other => {
                let shown = other.display();
                self.issue(
                    at,
                    Code::NumberInvalid,
                    format!("{what}: \"{shown}\" không phải số; ô này không được tính."),
                    Some(shown),
                );
                return None;
            }
        };
        let shown = raw.display();
        if n < 0.0 {
            self.issue(
                at,
                Code::NumberNegative,
                format!("{what} là số âm ({shown}); ô này không được tính."),
                Some(shown),
            );
            return None;
        }
        if n.fract() != 0.0 {
            self.issue(
                at,
                Code::CountNotWhole,
                format!("{what} không phải số nguyên ({shown}); ô này không được tính."),
                Some(shown),
            );
            return None;
        }
        Some(n as i64)
    }

    /// The fields above the tables, each found by its label in column B.
    fn fields(&mut self, plan: &Plan) -> Fields {
        let mut out = Fields::default();
        let rows: Vec<u32> = self.grid.rows().map(|(r, _)| r).collect();
        for field in FormField::ALL {
            let label = fold(field.label());
            let Some(&r) = rows
                .iter()
                .find(|r| fold(&self.grid.get(Pos::new(**r, 1)).display()) == label)
            else {
                continue;
            };
            let at = Pos::new(r, 2);
            match field {
                FormField::Issuer => out.issuer = self.grid.get(at).display().trim().to_string(),
                FormField::AsOf => {
                    out.as_of = match self.grid.get(at) {
                        Raw::Date(d) => Some(*d),
                        Raw::Number(n) => crate::parse::date::from_number(*n),
                        Raw::Text(t) => crate::parse::date::parse_text(
                            t,
                            crate::parse::date::Near {
                                first: plan.window_start,
                                last: plan.deadline_before,
                            },
                        )
                        .ok(),
                        _ => None,
                    };
                    // A day that is no day is said: the summary is then dated as it came.
                    let raw = self.grid.get(at);
                    if out.as_of.is_none() && !raw.is_empty() {
                        let found = raw.display();
                        self.issue(
                            at,
                            Code::DateInvalid,
                            format!("{}: \"{found}\" không đọc được là ngày (ghi dạng ngày/tháng/năm, ví dụ {}); tệp được tính ngày nộp theo sổ nhận hoặc ngày lưu tệp.", field.label(), crate::parse::date::fmt_vn(plan.deadline_before)),
                            Some(found),
                        );
                    }
                }
                FormField::Expected => {
                    out.reporting.expected = self.count(at, field.label()).unwrap_or(0) as usize
                }
                FormField::OnTime => {
                    out.reporting.on_time = self.count(at, field.label()).unwrap_or(0) as usize
                }
                FormField::Late => {
                    out.reporting.late = self.count(at, field.label()).unwrap_or(0) as usize
                }
                FormField::Missing => {
                    out.reporting.missing = self.count(at, field.label()).unwrap_or(0) as usize
                }
                FormField::Strikes => out.strikes = self.count(at, field.label()).unwrap_or(0),
                FormField::Speakers => out.speakers = self.count(at, field.label()).unwrap_or(0),
            }
        }
        let g = out.reporting;
        if g.on_time + g.late + g.missing != g.expected {
            let r = rows
                .iter()
                .copied()
                .find(|r| {
                    fold(&self.grid.get(Pos::new(*r, 1)).display())
                        == fold(FormField::Expected.label())
                })
                .unwrap_or(0);
            self.issue(
                Pos::new(r, 2),
                Code::TotalMismatch,
                format!(
                    "Số công đoàn cơ sở phải báo cáo ({}) khác tổng số đúng hạn, trễ hạn và chưa nộp ({}): kiểm tra lại các ô này.",
                    g.expected,
                    g.on_time + g.late + g.missing
                ),
                None,
            );
        }
        out
    }

    /// The three tables: each category's figures into `record`, `Cộng` rows checked.
    fn tables(&mut self, plan: &Plan, record: &mut Record) {
        let mut section: Option<Section> = None;
        let mut sums: BTreeMap<u32, i64> = BTreeMap::new();
        let rows: Vec<u32> = self.grid.rows().map(|(r, _)| r).collect();
        for r in rows {
            let a = self.grid.get(Pos::new(r, 0)).display().trim().to_string();
            let b = self.grid.get(Pos::new(r, 1)).display().trim().to_string();
            if let Some(s) = Section::of(&a) {
                (section, sums) = (Some(s), BTreeMap::new());
                continue;
            }
            let Some(s) = section else { continue };
            let (columns, summed) = s.columns();
            if b == c::FORM_TOTAL {
                self.check_total(r, summed, &sums);
                continue;
            }
            if a.is_empty() || a == "Mã" {
                continue;
            }
            let known = match s {
                Section::Topics => plan.topics.iter().any(|x| x.code == a),
                Section::Audiences => plan.audiences.iter().any(|x| x.code == a),
                Section::Activities => plan.activities.iter().any(|x| x.category.code == a),
            };
            let what = |col: u32| format!("Mục {a}, cột {}", crate::pos::col_letters(col));
            let figures: Vec<Option<i64>> = columns
                .iter()
                .map(|&col| self.count(Pos::new(r, col), &what(col)))
                .collect();
            if !known {
                if figures.iter().any(|f| f.is_some_and(|n| n != 0)) {
                    self.issue(
                        Pos::new(r, 0),
                        Code::CategoryUnknown,
                        format!("Mã \"{a}\" không có trong danh mục của kế hoạch {}: số liệu của dòng này không được tính.", plan.code),
                        Some(a.clone()),
                    );
                }
                continue;
            }
            for (&col, f) in columns.iter().zip(&figures) {
                *sums.entry(col).or_default() += f.unwrap_or(0);
            }
            let v = |i: usize| figures[i].unwrap_or(0);
            // A code on two rows (a row copied): both count, and it is said.
            let seen = match s {
                Section::Topics => record.topics.contains_key(&a),
                Section::Audiences => record.audiences.contains_key(&a),
                Section::Activities => record.activities.contains_key(&a),
            };
            if seen {
                self.issue(
                    Pos::new(r, 0),
                    Code::RowDuplicate,
                    format!("Mã \"{a}\" có ở hơn một dòng của bảng: số liệu các dòng được cộng lại; kiểm tra lại nếu đó là dòng chép nhầm."),
                    Some(a.clone()),
                );
            }
            match s {
                Section::Topics | Section::Audiences => {
                    let list = if s == Section::Topics {
                        &mut record.topics
                    } else {
                        &mut record.audiences
                    };
                    let p = list.entry(a).or_default();
                    p.sessions += v(0);
                    p.attendance += v(1);
                }
                Section::Activities => {
                    let act = record.activities.entry(a).or_default();
                    act.quantity += v(0);
                    act.participants += v(1);
                    act.value += v(2);
                }
            }
        }
    }

    /// A `Cộng` row: each total typed must be the sum of the rows above it.
    fn check_total(&mut self, r: u32, summed: &[u32], sums: &BTreeMap<u32, i64>) {
        for &col in summed {
            let at = Pos::new(r, col);
            if self.grid.get(at).is_empty() {
                continue;
            }
            let Some(typed) = self.count(at, "Dòng Cộng") else {
                continue;
            };
            let sum = sums.get(&col).copied().unwrap_or(0);
            if typed != sum {
                self.issue(
                    at,
                    Code::TotalMismatch,
                    format!(
                        "Dòng Cộng ghi {typed}, tổng các dòng phía trên là {sum}: số liệu được tính theo các dòng; kiểm tra lại dòng Cộng hoặc các dòng."
                    ),
                    Some(typed.to_string()),
                );
            }
        }
    }
}
