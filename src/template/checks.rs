//! A template that checks itself, with no macros: conditional formatting marks the cell of
//! each mistake as the unit types or pastes, and a block on `Thông tin đơn vị` counts each
//! kind of mistake and says in Vietnamese whether the return is ready to send. Every rule is
//! generated from the plan (window, category lists, value rules) and mirrors one issue code
//! of the reader; what a formula cannot judge (dates typed as text, legacy encodings,
//! approximate names) is left to `check`, as `Hướng dẫn` says.
//!
//! Only functions Excel 2007+, LibreOffice and WPS all compute: AND, OR, ISNUMBER, ISNA,
//! MATCH (with wildcards), SUMPRODUCT, LEFT, INT, MOD, IFERROR, DATE, IF, COUNTA. Lists are
//! reached through defined names (Excel 2007 refuses other sheets in conditional formats).

use rust_xlsxwriter::{ConditionalFormatFormula, Format, Formula, Workbook, Worksheet, XlsxError};

use super::TABLE_ROWS;
use crate::contract::{self as c, activity_col as a_col, propaganda_col as p_col, InfoField};
use crate::issue::Code;
use crate::plan::{Category, Plan, ValueRule};
use crate::pos::col_letters;

/// The fill a marked cell gets; `Hướng dẫn` and the check block say what it means.
pub const MARK_COLOR: &str = "#F4B6B6";

/// Defined names of the category lists on `Danh mục`.
const LIST_TOPICS: &str = "ds_noi_dung";
const LIST_AUDIENCES: &str = "ds_doi_tuong";
const LIST_ACTIVITIES: &str = "ds_hoat_dong";
/// Defined name of the unit's membership cell on `Thông tin đơn vị`.
const MEMBERS: &str = "so_doan_vien";

/// One kind of mistake: where it is marked, how it is counted, what the message calls it,
/// and the reader's issue code for the same thing.
#[derive(Debug, Clone)]
pub struct Rule {
    pub code: Code,
    pub sheet: &'static str,
    /// The column (0-based) whose cells are marked.
    pub col: usize,
    /// The conditional format's formula, written for data row 2 (relative rows).
    pub mark: String,
    /// The number of such rows on the sheet.
    pub count: String,
    /// `dòng thiếu Ngày thực hiện`: what one counted row has.
    pub what: String,
}

fn letter(col: usize) -> String {
    col_letters(col as u32)
}

/// `$B2`: a cell of data row 2, column fixed, row relative.
fn cell(col: usize) -> String {
    format!("${}2", letter(col))
}

/// `'Tuyên truyền'!$B$2:$B$201`: a whole data column.
fn column(sheet: &str, col: usize) -> String {
    let l = letter(col);
    format!("'{sheet}'!${l}$2:${l}${}", TABLE_ROWS + 1)
}

fn date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("DATE({},{},{})", d.year(), d.month(), d.day())
}

/// The cells of a data row other than STT (pre-numbered) and `skip`, for "has any value".
fn others(first: usize, last: usize, skip: usize) -> Vec<usize> {
    (first..=last).filter(|c| *c != skip).collect()
}

/// A category cell that is none of the list's choices, codes or labels (exactly, ignoring
/// case as MATCH does). `x` is a cell or a whole column.
fn unknown(x: &str, list: &str) -> String {
    format!(
        "({x}<>\"\")*ISNA(MATCH({x},{list},0))*ISNA(MATCH({x}&\" - *\",{list},0))*ISNA(MATCH(\"* - \"&{x},{list},0))"
    )
}

/// A cell naming one of `cats` (by code at its start, or by its label).
fn names_any(x: &str, cats: &[&Category]) -> String {
    let parts: Vec<String> = cats
        .iter()
        .map(|c| {
            format!(
                "(LEFT({x},{})=\"{}\")+({x}=\"{}\")",
                c.code.chars().count(),
                c.code.replace('"', "\"\""),
                c.label.replace('"', "\"\"")
            )
        })
        .collect();
    format!("(({})>0)", parts.join("+"))
}

/// A number in column `col` of `sheet` that fails `test` (`<0`, `>300`): marked where it
/// stands, counted over the column; text is left to `check`.
fn number_rule(code: Code, sheet: &'static str, col: usize, test: &str, what: String) -> Rule {
    let (x, r) = (format!("{}2", letter(col)), column(sheet, col));
    Rule {
        code,
        sheet,
        col,
        mark: format!("AND(ISNUMBER({x}),{x}{test})"),
        count: format!("SUMPRODUCT(ISNUMBER({r})*({r}{test}))"),
        what,
    }
}

/// The rules of one data sheet's date, categories and counts.
struct Table {
    sheet: &'static str,
    date: usize,
    last: usize,
}

impl Table {
    /// Whether a row has a value in any column but STT and `skip`: for a cell (`COUNTA` of
    /// the row, `skip` being empty) and for the whole table (a sum of comparisons).
    fn row_filled(&self, skip: usize) -> (String, String) {
        let cells = format!("COUNTA(${}2:${}2)>0", letter(self.date), letter(self.last));
        let columns: Vec<String> = others(self.date, self.last, skip)
            .into_iter()
            .map(|col| format!("({}<>\"\")", column(self.sheet, col)))
            .collect();
        (cells, format!("(({})>0)", columns.join("+")))
    }

    fn date_rules(&self, plan: &Plan, out: &mut Vec<Rule>) {
        let (s, d) = (self.sheet, self.date);
        let (row_cell, row_column) = self.row_filled(d);
        out.push(Rule {
            code: Code::DateMissing,
            sheet: s,
            col: d,
            mark: format!("AND({}=\"\",{row_cell})", cell(d)),
            count: format!("SUMPRODUCT(({}=\"\")*{row_column})", column(s, d)),
            what: format!("dòng thiếu Ngày thực hiện (trang {s})"),
        });
        let (start, end) = (date(plan.window_start), date(plan.window_end));
        out.push(Rule {
            code: Code::DateOutsideWindow,
            sheet: s,
            col: d,
            mark: format!("AND(ISNUMBER({x}),OR({x}<{start},{x}>{end}))", x = cell(d)),
            count: format!(
                "SUMPRODUCT(ISNUMBER({x})*((({x}<{start})+({x}>{end}))>0))",
                x = column(s, d)
            ),
            what: format!("ngày ngoài thời gian đợt (trang {s})"),
        });
    }

    /// A category cell left empty in a row with values, or naming nothing in the list.
    fn category_rule(&self, col: usize, list: &str, what: &str, out: &mut Vec<Rule>) {
        let s = self.sheet;
        let (row_cell, row_column) = self.row_filled(col);
        let (x, r) = (cell(col), column(s, col));
        out.push(Rule {
            code: Code::CategoryUnknown,
            sheet: s,
            col,
            mark: format!("OR(AND({x}=\"\",{row_cell}),{}>0)", unknown(&x, list)),
            count: format!("SUMPRODUCT(({r}=\"\")*{row_column}+{})", unknown(&r, list)),
            what: format!("{what} chưa chọn hoặc không có trong danh mục (trang {s})"),
        });
    }

    fn count_rules(&self, cols: &[usize], out: &mut Vec<Rule>) {
        let s = self.sheet;
        for col in cols {
            let (x, r) = (format!("{}2", letter(*col)), column(s, *col));
            out.push(number_rule(
                Code::NumberNegative,
                s,
                *col,
                "<0",
                format!("số âm ở cột {} (trang {s})", header(s, *col)),
            ));
            out.push(Rule {
                code: Code::CountNotWhole,
                sheet: s,
                col: *col,
                mark: format!("AND(ISNUMBER({x}),{x}<>INT({x}))"),
                count: format!("SUMPRODUCT(ISNUMBER({r})*(IFERROR(MOD({r},1),0)<>0))"),
                what: format!("số không nguyên ở cột {} (trang {s})", header(s, *col)),
            });
        }
    }

    /// A "khác" category with its description cell empty.
    fn description_rule(
        &self,
        kind: usize,
        described: usize,
        cats: &[&Category],
        out: &mut Vec<Rule>,
    ) {
        if cats.is_empty() {
            return;
        }
        let s = self.sheet;
        out.push(Rule {
            code: Code::DescriptionRequired,
            sheet: s,
            col: described,
            mark: format!(
                "AND({}>0,{}=\"\")",
                names_any(&cell(kind), cats),
                cell(described)
            ),
            count: format!(
                "SUMPRODUCT({}*({}=\"\"))",
                names_any(&column(s, kind), cats),
                column(s, described)
            ),
            what: format!(
                "mục \"khác\" chưa ghi rõ nội dung ở cột {} (trang {s})",
                header(s, described)
            ),
        });
    }
}

fn header(sheet: &str, col: usize) -> &'static str {
    if sheet == c::SHEET_PROPAGANDA {
        c::PROPAGANDA_HEADERS[col]
    } else {
        c::ACTIVITY_HEADERS[col]
    }
}

/// Every rule, in the order the check block lists them.
pub fn rules(plan: &Plan) -> Vec<Rule> {
    let mut out = Vec::new();
    let p = Table {
        sheet: c::SHEET_PROPAGANDA,
        date: p_col::DATE,
        last: p_col::NOTE,
    };
    p.date_rules(plan, &mut out);
    p.category_rule(p_col::TOPIC, LIST_TOPICS, "nội dung", &mut out);
    p.category_rule(p_col::AUDIENCE, LIST_AUDIENCES, "đối tượng", &mut out);
    p.count_rules(
        &[p_col::SESSIONS, p_col::ATTENDANCE, p_col::SPEAKERS],
        &mut out,
    );
    attendance_rule(plan, &mut out);
    let other_topics: Vec<&Category> = plan
        .topics
        .iter()
        .filter(|t| t.requires_description)
        .collect();
    p.description_rule(p_col::TOPIC, p_col::NOTE, &other_topics, &mut out);

    let a = Table {
        sheet: c::SHEET_ACTIVITIES,
        date: a_col::DATE,
        last: a_col::NOTE,
    };
    a.date_rules(plan, &mut out);
    a.category_rule(a_col::KIND, LIST_ACTIVITIES, "loại hoạt động", &mut out);
    a.count_rules(&[a_col::QUANTITY, a_col::PARTICIPANTS], &mut out);
    {
        // Only the sign of money is checked here: amounts written in words ("1,5 triệu")
        // are read, and judged, by `check`.
        let (s, col) = (c::SHEET_ACTIVITIES, a_col::VALUE);
        out.push(number_rule(
            Code::NumberNegative,
            s,
            col,
            "<0",
            format!("số âm ở cột {} (trang {s})", header(s, col)),
        ));
    }
    let other_kinds: Vec<&Category> = plan
        .activities
        .iter()
        .map(|x| &x.category)
        .filter(|k| k.requires_description)
        .collect();
    a.description_rule(a_col::KIND, a_col::DESCRIPTION, &other_kinds, &mut out);
    let paid: Vec<&Category> = plan
        .activities
        .iter()
        .filter(|x| x.value == ValueRule::Required)
        .map(|x| &x.category)
        .collect();
    if !paid.is_empty() {
        let s = c::SHEET_ACTIVITIES;
        out.push(Rule {
            code: Code::ValueRequired,
            sheet: s,
            col: a_col::VALUE,
            mark: format!(
                "AND({}>0,{}=\"\")",
                names_any(&cell(a_col::KIND), &paid),
                cell(a_col::VALUE)
            ),
            count: format!(
                "SUMPRODUCT({}*({}=\"\"))",
                names_any(&column(s, a_col::KIND), &paid),
                column(s, a_col::VALUE)
            ),
            what: format!("hoạt động cần ghi Giá trị (đồng) mà chưa ghi (trang {s})"),
        });
    }
    out
}

/// Attendance above what the unit's membership makes plausible (the plan's factor times
/// the members; without members, the plan's bound per row): the reader's warning
/// `value-outlier` on rows it counts.
fn attendance_rule(plan: &Plan, out: &mut Vec<Rule>) {
    let l = &plan.limits;
    let bound = format!(
        "IF(AND(ISNUMBER({MEMBERS}),{MEMBERS}>0),ROUNDUP({MEMBERS}*{},0),{})",
        l.attendance_membership_factor, l.max_attendance_per_row
    );
    let s = c::SHEET_PROPAGANDA;
    out.push(number_rule(
        Code::ValueOutlier,
        s,
        p_col::ATTENDANCE,
        &format!(">{bound}"),
        format!(
            "lượt người tham dự quá {} lần tổng số đoàn viên (trang {s})",
            l.attendance_membership_factor.to_string().replace('.', ",")
        ),
    ));
}

/// The defined names the rules use for the category lists and the membership.
pub fn define_lists(wb: &mut Workbook, plan: &Plan) -> Result<(), XlsxError> {
    for (name, col, n) in [
        (LIST_TOPICS, "A", plan.topics.len()),
        (LIST_AUDIENCES, "B", plan.audiences.len()),
        (LIST_ACTIVITIES, "D", plan.activities.len()),
    ] {
        wb.define_name(
            name,
            &format!("='{}'!${col}$2:${col}${}", c::SHEET_LISTS, n + 1),
        )?;
    }
    let members = InfoField::Members.row() + 1;
    wb.define_name(MEMBERS, &format!("='{}'!$B${members}", c::SHEET_INFO))?;
    Ok(())
}

/// Marks the cells of `ws` that break a rule of its sheet.
pub fn mark(ws: &mut Worksheet, rules: &[Rule]) -> Result<(), XlsxError> {
    let name = ws.name();
    let name = name.as_str();
    let fill = Format::new().set_background_color(MARK_COLOR);
    for r in rules.iter().filter(|r| r.sheet == name) {
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("={}", r.mark).as_str())
            .set_format(&fill);
        ws.add_conditional_format(1, r.col as u16, TABLE_ROWS, r.col as u16, &cf)?;
    }
    Ok(())
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The unit fields the check block asks for.
const REQUIRED_FIELDS: [InfoField; 3] = [InfoField::Code, InfoField::Name, InfoField::ReportDate];

/// The check block below the unit's fields on `Thông tin đơn vị`: a heading, one row per
/// rule with its count, and the verdict. `filled` says which required fields the template
/// already holds (a per-unit template has its code and name), for the cached results a
/// fresh file shows before any recalculation. Returns the verdict's row.
pub fn block(
    ws: &mut Worksheet,
    rules: &[Rule],
    first_row: u32,
    filled: &[InfoField],
    heading: &Format,
    label: &Format,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(first_row, 0, "KIỂM TRA TRƯỚC KHI GỬI", heading)?;
    ws.write_string_with_format(
        first_row,
        1,
        "Tự tính khi điền; ô tô đỏ trên các trang là ô cần sửa.",
        label,
    )?;
    let mut parts = Vec::new();
    let mut r = first_row + 1;
    for rule in rules {
        let what = upper_first(&rule.what);
        // The lines the label wraps to in column A (30 wide: about 36 letters of 12 pt
        // Times New Roman a line).
        let lines = (what.chars().count() as f64 / 36.0).ceil().max(1.0);
        ws.set_row_height(r, 16.0 * lines)?;
        ws.write_string_with_format(r, 0, what, label)?;
        ws.write_formula_with_format(
            r,
            1,
            Formula::new(format!("={}", rule.count)).set_result("0"),
            label,
        )?;
        let at = format!("B{}", r + 1);
        // Quotes inside a formula's text are doubled.
        let what = rule.what.replace('"', "\"\"");
        parts.push(format!("IF({at}>0,\"Còn \"&{at}&\" {what}; \",\"\")"));
        r += 1;
    }
    let mut cached = String::new();
    for field in REQUIRED_FIELDS {
        let (at, label) = (format!("B{}", field.row() + 1), field.label());
        parts.push(format!("IF({at}=\"\",\"Chưa ghi {label}; \",\"\")"));
        if !filled.contains(&field) {
            cached.push_str(&format!("Chưa ghi {label}; "));
        }
    }
    let verdict = format!(
        "=IF(({})=\"\",\"Sẵn sàng gửi\",{})",
        parts.join("&"),
        parts.join("&")
    );
    let cached = if cached.is_empty() {
        "Sẵn sàng gửi".to_string()
    } else {
        cached
    };
    ws.write_string_with_format(r, 0, "Kết quả kiểm tra", heading)?;
    ws.write_formula_with_format(r, 1, Formula::new(verdict).set_result(cached), label)?;
    Ok(r)
}
