//! The report's body, in the plan's own order: how the plan was carried out and who
//! reported, propaganda, activities against the plan's targets, funds, the situation in the
//! units, then the parts only people write. Each figure is said once, in prose or in a
//! table; units are named, not coded.

use std::collections::BTreeMap;

use super::docx::{Align, Cell, Doc, Para, Run, MM};
use crate::model::{ActTotal, Outcome, PropTotal, Status, UnitStatus};
use crate::parse::date::fmt_vn;
use crate::parse::number::fmt_vn as num;
use crate::parse::text::fold;
use crate::plan::{Category, Plan};
use crate::submission::Submission;

use super::amount_in_words;

fn b(text: impl Into<String>) -> Run {
    Run::new(text).bold()
}

fn heading(text: &str) -> Para {
    let mut p = Para::body(vec![b(text)]);
    p.keep_next = true;
    p
}

/// Something only people can write: a marked, highlighted placeholder.
fn placeholder(text: &str) -> Para {
    Para::body(vec![Run::new(format!("[{text}]")).italic().placeholder()])
}

fn text(s: impl Into<String>) -> Para {
    Para::body(vec![Run::new(s)])
}

/// Straight double quotes as typographic ones: `"Mái ấm"` → `“Mái ấm”`.
pub fn curly(s: &str) -> String {
    let mut open = true;
    s.chars()
        .map(|c| match c {
            '"' => {
                open = !open;
                if open {
                    '”'
                } else {
                    '“'
                }
            }
            c => c,
        })
        .collect()
}

/// `Kết quả …` → `kết quả …`: only the first letter, so `II/2024` stays as written.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `part` of `whole` in percent with a decimal comma: `89,5`, `100`.
fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "0".into();
    }
    let tenths = (part * 1000 + whole / 2) / whole;
    let (i, f) = (tenths / 10, tenths % 10);
    if f == 0 {
        format!("{i}")
    } else {
        format!("{i},{f}")
    }
}

/// How a figure stands against its target: `đạt chỉ tiêu (100%)`, `vượt chỉ tiêu (160%)`,
/// `chưa đạt chỉ tiêu (60%)`.
fn against(value: i64, target: i64) -> String {
    let share = if target > 0 {
        (value.max(0) * 100 + target / 2) / target
    } else {
        100
    };
    let verdict = if value > target {
        "vượt chỉ tiêu"
    } else if value == target {
        "đạt chỉ tiêu"
    } else {
        "chưa đạt chỉ tiêu"
    };
    format!("{verdict} ({share}%)")
}

fn names(units: &[&UnitStatus]) -> String {
    units
        .iter()
        .map(|u| u.name.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the body needs to know beyond the outcome: which roster unit is the district's own
/// (it reports the plan's own targets, but it is not a grassroots union).
struct Body<'a> {
    o: &'a Outcome,
    plan: &'a Plan,
    district: Option<&'a UnitStatus>,
}

impl Body<'_> {
    /// How many of `names` (units as the report names them) said a thing, on the one basis
    /// the papers use: `35 CĐCS và Ban Thường vụ LĐLĐ huyện`, `12 CĐCS`; never a bare "36
    /// đơn vị" that counts the district among the grassroots unions.
    fn count_of(&self, names: &[&str]) -> String {
        let district = self.district.map(|d| d.name.as_str());
        let has = district.filter(|d| names.contains(d));
        match (has, names.len()) {
            (Some(d), 1) => d.to_string(),
            (Some(d), n) => format!("{} CĐCS và {d}", n - 1),
            (None, n) => format!("{n} CĐCS"),
        }
    }

    /// Who writes what only people can write: the district's standing committee, or (a
    /// roll-up) the issuer of the plan.
    fn writer(&self) -> String {
        match &self.o.below {
            Some(_) => self.plan.issuer.clone(),
            None => "Ban Thường vụ LĐLĐ huyện".to_string(),
        }
    }

    /// The district's own return is not there: the targets it carries have no data.
    fn district_missing(&self) -> bool {
        self.district
            .is_some_and(|d| !d.status.reported() || d.paper_only())
    }
}

/// Writes the body of the report.
pub fn write(doc: &mut Doc, o: &Outcome, plan: &Plan) {
    let body = Body {
        o,
        plan,
        district: o.district_unit(),
    };
    reporting(doc, &body);
    doc.para(heading("II. KẾT QUẢ THỰC HIỆN"));
    propaganda(doc, &body);
    activities(doc, &body);
    funds(doc, &body);
    situation(doc, &body);

    doc.para(heading("III. ĐÁNH GIÁ CHUNG"));
    doc.para(placeholder(&format!(
        "Ưu điểm, hạn chế, nguyên nhân và bài học kinh nghiệm — do {} viết",
        body.writer()
    )));
    doc.para(heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"));
    doc.para(placeholder(&format!(
        "Phương hướng, nhiệm vụ và kiến nghị với cấp trên — do {} viết",
        body.writer()
    )));
    // Kept on the page of the signature block that follows it.
    let mut last = text(format!(
        "Trên đây là báo cáo {} của {}./.",
        lower_first(&curly(&plan.report.subject)),
        plan.issuer
    ));
    last.keep_next = true;
    doc.para(last);
}

fn reporting(doc: &mut Doc, body: &Body) {
    doc.para(heading("I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO CỦA CÁC ĐƠN VỊ"));
    deployment(doc, body);
    units_reporting(doc, body);
    office_notes(doc, body);
}

/// The plan carried out: its basis, its window, and a placeholder for the district's own
/// deployment.
fn deployment(doc: &mut Doc, body: &Body) {
    let plan = body.plan;
    let issued = if plan.report.plan_issued.trim().is_empty() {
        String::new()
    } else {
        format!(" {}", plan.report.plan_issued.trim())
    };
    let carried = format!(
        "{} ban hành Kế hoạch số {}{issued} về {}, thời gian thực hiện từ ngày {} đến ngày {}.",
        plan.issuer,
        plan.code,
        lower_first(&curly(
            plan.title.strip_prefix("Kế hoạch ").unwrap_or(&plan.title)
        )),
        fmt_vn(plan.window_start),
        fmt_vn(plan.window_end),
    );
    doc.para(text(if plan.report.basis.is_empty() {
        carried
    } else {
        format!(
            "Thực hiện {}, {carried}",
            curly(&plan.report.basis.join("; ")),
        )
    }));
    let launch = if plan.launch.trim().is_empty() {
        String::new()
    } else {
        format!(", lễ ra quân ({})", plan.launch.trim())
    };
    doc.para(placeholder(&match &body.o.below {
        None => format!(
            "Việc triển khai của LĐLĐ huyện: phổ biến kế hoạch đến các công đoàn cơ sở{launch}, các hoạt động đã tổ chức… — do Văn phòng LĐLĐ huyện viết"
        ),
        Some(_) => format!(
            "Việc triển khai của {}: phổ biến kế hoạch đến các LĐLĐ huyện, thị xã, thành phố{launch}, các hoạt động đã tổ chức… — do Văn phòng viết",
            plan.issuer
        ),
    }));
}

/// How many grassroots units reported, on time or late, and which did not.
fn units_reporting(doc: &mut Doc, body: &Body) {
    let (o, plan) = (body.o, body.plan);
    let units = body.o.grassroots();
    let with = |status: Status| -> Vec<&UnitStatus> {
        units
            .iter()
            .copied()
            .filter(|u| u.status == status)
            .collect()
    };
    let (on_time, late, missing, invalid) = (
        with(Status::OnTime),
        with(Status::Late),
        with(Status::Missing),
        with(Status::Invalid),
    );
    let reported = on_time.len() + late.len();
    let split = match (on_time.len(), late.len()) {
        (0, 0) => String::new(),
        (_, 0) => ", đều đúng hạn".to_string(),
        (0, l) => format!(", đều trễ hạn ({l} đơn vị trễ hạn)"),
        (t, l) => format!(", trong đó {t} đơn vị đúng hạn, {l} đơn vị trễ hạn"),
    };
    let not_yet = if missing.is_empty() {
        "không có đơn vị chưa báo cáo".to_string()
    } else {
        format!("{} đơn vị chưa báo cáo", missing.len())
    };
    let unreadable = if invalid.is_empty() {
        String::new()
    } else {
        format!("; {} đơn vị gửi tệp không đọc được", invalid.len())
    };
    // A roll-up's units are the districts and towns; the grassroots unions are under them.
    let noun = if o.below.is_some() {
        "đơn vị"
    } else {
        "công đoàn cơ sở"
    };
    let asked = if o.below.is_some() {
        "Các LĐLĐ huyện, thị xã, thành phố (đơn vị)"
    } else {
        "Các công đoàn cơ sở"
    };
    doc.para(text(format!(
        "{asked} được đề nghị báo cáo kết quả về {} trước ngày {}. Tính đến ngày {}, có {reported}/{} {noun} gửi báo cáo (đạt {}%){split}; {not_yet}{unreadable}.",
        if o.below.is_some() {
            &plan.issuer
        } else {
            &plan.district_unit
        },
        fmt_vn(plan.deadline_before),
        fmt_vn(o.as_of),
        units.len(),
        percent(reported, units.len()),
    )));
    if let Some(b) = &o.below {
        let g = b.total;
        let late = match g.late {
            0 => String::new(),
            n => format!(", trong đó {n} trễ hạn"),
        };
        let rest = match g.missing + g.invalid {
            0 => "không có công đoàn cơ sở chưa báo cáo".to_string(),
            n => format!("{n} công đoàn cơ sở chưa báo cáo"),
        };
        doc.para(text(format!(
            "Theo báo cáo của {reported} đơn vị trên, có {}/{} công đoàn cơ sở đã báo cáo kết quả (đạt {}%){late}; {rest}.",
            g.reported(),
            g.expected,
            percent(g.reported(), g.expected),
        )));
    }
    for (label, units) in [
        ("Đơn vị trễ hạn", &late),
        ("Đơn vị chưa báo cáo", &missing),
        ("Đơn vị gửi tệp không đọc được", &invalid),
    ] {
        if !units.is_empty() {
            doc.para(Para::body(vec![
                Run::new(format!("- {label}: ")).italic(),
                Run::new(format!("{}.", names(units))),
            ]));
        }
    }
    let extra: Vec<&UnitStatus> = o.units.iter().filter(|u| !u.in_roster).collect();
    if !extra.is_empty() {
        doc.para(text(format!(
            "Ngoài danh sách, có {} đơn vị gửi báo cáo (số liệu được tính vào tổng): {}.",
            extra.len(),
            names(&extra)
        )));
    }
}

/// Notes for the office, not for the province: highlighted like the placeholders.
fn office_notes(doc: &mut Doc, body: &Body) {
    let o = body.o;
    if let Some(d) = body.district.filter(|_| body.district_missing()) {
        doc.para(placeholder(&format!(
            "Lưu ý cho Văn phòng: chưa có báo cáo của {} nên các chỉ tiêu do LĐLĐ huyện thực hiện chưa có số liệu; nhập báo cáo của {} và tổng hợp lại trước khi trình ký",
            d.name, d.name
        )));
    }
    let paper: Vec<&UnitStatus> = body
        .o
        .grassroots()
        .into_iter()
        .filter(|u| u.paper_only())
        .collect();
    if !paper.is_empty() {
        doc.para(placeholder(&format!(
            "Lưu ý cho Văn phòng: {} đơn vị nộp báo cáo bản giấy, số liệu chưa có trong tổng hợp ({}); nhập vào mẫu Excel của đơn vị, thêm tệp và tổng hợp lại trước khi trình ký",
            paper.len(),
            names(&paper)
        )));
    }
    if o.roster_is_sample {
        doc.para(placeholder(
            "Lưu ý cho Văn phòng: số liệu theo danh sách đơn vị MẪU của danvan, không phải danh sách thật của huyện — tổng hợp lại với danh sách thật trước khi trình ký",
        ));
    }
}

fn cell(text: impl Into<String>, align: Align) -> Cell {
    vec![Para::line(vec![Run::new(text).size(12.0)], align)]
}

fn head_cell(text: &str) -> Cell {
    vec![Para::line(vec![b(text).size(12.0)], Align::Center)]
}

/// Rows of a category table: a "khác" category nobody used has no row.
fn used<'a>(totals: &'a [PropTotal], plan: &'a [Category]) -> Vec<&'a PropTotal> {
    totals
        .iter()
        .zip(plan)
        .filter(|(t, c)| t.rows > 0 || !c.requires_description)
        .map(|(t, _)| t)
        .collect()
}

fn propaganda(doc: &mut Doc, body: &Body) {
    let (o, plan) = (body.o, body.plan);
    let sessions: i64 = o.by_topic.iter().map(|t| t.sessions).sum();
    let attendance: i64 = o.by_topic.iter().map(|t| t.attendance).sum();
    let speakers = o.speakers();
    let by_form = o.sessions_by_form(plan);
    let mut forms: Vec<(usize, i64)> = by_form
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, n)| *n > 0)
        .collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let forms = if forms.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = forms
            .iter()
            .map(|(i, n)| {
                format!(
                    "{} ({} buổi)",
                    lower_first(&curly(&plan.forms[*i].label)),
                    num(*n)
                )
            })
            .collect();
        format!(", với các hình thức: {}", list.join("; "))
    };
    doc.para(heading("1. Công tác tuyên truyền"));
    doc.para(text(format!(
        "Các đơn vị đã tổ chức {} buổi tuyên truyền với {} lượt người tham dự, {} lượt báo cáo viên, tuyên truyền viên tham gia{forms}. Số buổi và lượt người theo từng nội dung, đối tượng tuyên truyền như sau:",
        num(sessions),
        num(attendance),
        num(speakers)
    )));
    if let Some(e) = &o.earlier {
        doc.para(text(format!(
            "So với {}: {}, {}.",
            e.label,
            crate::compare::in_words(sessions, e.sessions, "buổi"),
            crate::compare::in_words(attendance, e.attendance, "lượt người tham dự")
        )));
    }
    let widths = [18 * MM, 107 * MM, 18 * MM, 24 * MM];
    for (title, totals, categories) in [
        ("Nội dung tuyên truyền", &o.by_topic, &plan.topics),
        ("Đối tượng", &o.by_audience, &plan.audiences),
    ] {
        let mut rows = vec![vec![
            head_cell("Mã"),
            head_cell(title),
            head_cell("Số buổi"),
            head_cell("Lượt người"),
        ]];
        for t in used(totals, categories) {
            rows.push(vec![
                cell(&t.code, Align::Center),
                cell(curly(&t.label), Align::Left),
                cell(num(t.sessions), Align::Right),
                cell(num(t.attendance), Align::Right),
            ]);
        }
        doc.table(&widths, &rows, true, 1);
    }
}

/// One sentence of an activity: what was done, by how many, worth how much, against the
/// plan's target; `chưa có số liệu` when no counted row reports it.
fn activity_sentence(a: &ActTotal, target_note: Option<&str>) -> String {
    let label = curly(&a.label);
    let note = target_note.map(|n| format!(" {n}")).unwrap_or_default();
    if a.rows == 0 {
        return match a.target {
            Some(t) => format!(
                "- {label}: chưa có số liệu (chỉ tiêu {} {}{note}).",
                num(t),
                a.quantity_unit
            ),
            None => format!("- {label}: chưa có đơn vị báo cáo."),
        };
    }
    let mut s = format!("- {label}: {} {}", num(a.quantity), a.quantity_unit);
    if a.participants > 0 {
        s.push_str(&format!(", {} người tham gia", num(a.participants)));
    }
    if a.value > 0 {
        s.push_str(&format!(", trị giá {} đồng", num(a.value)));
    }
    if let Some(t) = a.target {
        s.push_str(&format!(
            "; chỉ tiêu {} {}{note}: {}",
            num(t),
            a.quantity_unit,
            against(a.quantity, t)
        ));
    }
    s.push('.');
    s
}

fn activities(doc: &mut Doc, body: &Body) {
    let (o, plan) = (body.o, body.plan);
    doc.para(heading("2. Các hoạt động phối hợp"));
    for (a, p) in o.by_activity.iter().zip(&plan.activities) {
        // Funds have their own section; a "khác" activity nobody reported says nothing.
        if p.fund || (a.rows == 0 && p.category.requires_description) {
            continue;
        }
        doc.para(text(activity_sentence(a, p.target_note.as_deref())));
    }
}

fn funds(doc: &mut Doc, body: &Body) {
    let (o, plan) = (body.o, body.plan);
    let funds: Vec<&ActTotal> = o
        .by_activity
        .iter()
        .zip(&plan.activities)
        .filter(|(_, p)| p.fund)
        .map(|(a, _)| a)
        .collect();
    if funds.is_empty() {
        return;
    }
    doc.para(heading("3. Vận động ủng hộ các quỹ"));
    let total: i64 = funds.iter().map(|a| a.value).sum();
    for a in &funds {
        doc.para(text(if a.rows == 0 {
            format!("- {}: chưa có đơn vị báo cáo.", curly(&a.label))
        } else {
            format!(
                "- {}: {} {}, số tiền {} đồng.",
                curly(&a.label),
                num(a.quantity),
                a.quantity_unit,
                num(a.value)
            )
        }));
    }
    doc.para(Para::body(vec![
        Run::new("Tổng số tiền vận động được: "),
        b(format!("{} đồng", num(total))),
        Run::new(".").bold(),
    ]));
    doc.para(Para::body(vec![Run::new(format!(
        "Bằng chữ: {}.",
        amount_in_words(total)
    ))
    .italic()]));
}

/// Texts of counted returns grouped by what they say (folded), each with its units.
fn grouped<'a>(
    o: &'a Outcome,
    text: impl Fn(&'a Submission) -> &'a str,
) -> Vec<(String, Vec<String>)> {
    let mut groups: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for s in o.counted() {
        let t = text(s).trim();
        if t.is_empty() {
            continue;
        }
        let (_, unit) = crate::model::unit_label(o, s);
        let e = groups
            .entry(fold(t))
            .or_insert_with(|| (t.to_string(), Vec::new()));
        e.1.push(unit);
    }
    let mut out: Vec<(String, Vec<String>)> = groups.into_values().collect();
    out.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    out
}

/// `… vụ đình công …: CĐCS A (1 vụ); CĐCS B (2 vụ)`, in the order units appear.
fn strikes(o: &Outcome) -> String {
    if o.strikes == 0 {
        return "Trong thời gian thực hiện kế hoạch, các đơn vị báo cáo không xảy ra đình công, lãn công, ngừng việc.".to_string();
    }
    let mut by_unit: Vec<(String, i64)> = Vec::new();
    for s in o.counted() {
        let n = s.situation.strikes.unwrap_or(0);
        if n <= 0 {
            continue;
        }
        let (_, unit) = crate::model::unit_label(o, s);
        match by_unit.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, total)) => *total += n,
            None => by_unit.push((unit, n)),
        }
    }
    let list: Vec<String> = by_unit
        .iter()
        .map(|(u, n)| format!("{u} ({} vụ)", num(*n)))
        .collect();
    format!(
        "Trong thời gian thực hiện kế hoạch, các đơn vị báo cáo {} vụ đình công, lãn công, ngừng việc: {}.",
        num(o.strikes),
        list.join("; ")
    )
}

fn situation(doc: &mut Doc, body: &Body) {
    let o = body.o;
    doc.para(heading(
        "4. Tình hình đình công, tư tưởng đoàn viên, người lao động",
    ));
    doc.para(text(strikes(o)));
    let morale = grouped(o, |s| s.situation.morale.as_str());
    if !morale.is_empty() {
        doc.para(text(
            "Tình hình tư tưởng đoàn viên, người lao động theo báo cáo của các đơn vị:",
        ));
        for (said, units) in &morale {
            // A common answer shared by many units is a count; a few units are named.
            let who = if units.len() > 5 {
                body.count_of(&units.iter().map(String::as_str).collect::<Vec<_>>())
            } else {
                units.join("; ")
            };
            doc.para(text(format!(
                "- {} ({who}).",
                curly(said.trim_end_matches('.'))
            )));
        }
    }
    doc.para(heading(
        "5. Khó khăn, vướng mắc và kiến nghị, đề xuất của các đơn vị",
    ));
    // A roll-up has the districts' figures, not their words: people write this part.
    if o.below.is_some() {
        doc.para(placeholder(&format!(
            "Khó khăn, vướng mắc, kiến nghị, đề xuất theo báo cáo của các đơn vị — do Văn phòng {} tổng hợp từ báo cáo Word của các đơn vị",
            body.plan.issuer
        )));
        return;
    }
    let mut any = false;
    for (label, items) in [
        (
            "Khó khăn, vướng mắc",
            grouped(o, |s| s.situation.difficulties.as_str()),
        ),
        (
            "Kiến nghị, đề xuất",
            grouped(o, |s| s.situation.recommendations.as_str()),
        ),
    ] {
        // `Không`, `Không có`: the unit has none to report.
        let (none, items): (Vec<_>, Vec<_>) = items.into_iter().partition(|(t, _)| says_none(t));
        let none: Vec<&str> = none
            .iter()
            .flat_map(|(_, u)| u)
            .map(String::as_str)
            .collect();
        if items.is_empty() {
            if !none.is_empty() {
                any = true;
                let who = body.count_of(&none);
                doc.para(text(format!("{label}: {who} ghi không có.")));
            }
            continue;
        }
        any = true;
        let also = if !none.is_empty() {
            format!(" ({} khác ghi không có)", body.count_of(&none))
        } else {
            String::new()
        };
        doc.para(Para::body(vec![
            Run::new(format!("{label}{also}:")).italic()
        ]));
        for (said, units) in &items {
            doc.para(text(format!(
                "- {} ({}).",
                curly(said.trim_end_matches('.')),
                units.join("; ")
            )));
        }
    }
    if !any {
        doc.para(text(
            "Các đơn vị không nêu khó khăn, vướng mắc hay kiến nghị, đề xuất nào.",
        ));
    }
}

/// A short answer that says there is nothing: `Không`, `Không có`, `Chưa có kiến nghị`.
fn says_none(text: &str) -> bool {
    let f = fold(text);
    let words = f.split_whitespace().count();
    (f.starts_with("khong") || f.starts_with("chua co")) && words <= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_with_a_decimal_comma() {
        assert_eq!(percent(34, 38), "89,5");
        assert_eq!(percent(38, 38), "100");
        assert_eq!(percent(0, 0), "0");
    }

    #[test]
    fn targets_are_met_exceeded_or_not() {
        assert_eq!(against(8, 5), "vượt chỉ tiêu (160%)");
        assert_eq!(against(1, 1), "đạt chỉ tiêu (100%)");
        assert_eq!(against(3, 5), "chưa đạt chỉ tiêu (60%)");
    }

    #[test]
    fn quotes_become_typographic() {
        assert_eq!(
            curly(r#"Bàn giao nhà "Mái ấm Công đoàn""#),
            "Bàn giao nhà “Mái ấm Công đoàn”"
        );
        assert_eq!(curly(r#""A", "B""#), "“A”, “B”");
    }
}
