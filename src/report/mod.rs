//! The district's report upward (CONTRACT §9): one consolidation → a `.docx` in the layout
//! of Vietnamese administrative documents, every figure from the same [`Outcome`] as the
//! summary and the JSON. What only people can write is a marked placeholder.

pub mod docx;
pub mod words;

use std::collections::BTreeMap;

use crate::model::{Outcome, Status, UnitStatus};
use crate::parse::date::fmt_vn;
use crate::parse::number::fmt_vn as num;
use crate::parse::text::fold;
use crate::plan::Plan;
use docx::{Align, Cell, Doc, Para, Run, MM};
pub use words::amount_in_words;

/// The report's file name for `plan`: `bao-cao-ket-qua-<short name>.docx`.
pub fn file_name(plan: &Plan) -> String {
    format!(
        "bao-cao-ket-qua-{}.docx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

fn b(text: impl Into<String>) -> Run {
    Run::new(text).bold()
}

fn heading(text: &str) -> Para {
    let mut p = Para::body(vec![b(text)]);
    p.keep_next = true;
    p
}

fn placeholder(text: &str) -> Para {
    Para::body(vec![Run::new(format!("[{text}]")).italic().placeholder()])
}

fn names(units: &[&UnitStatus]) -> String {
    units
        .iter()
        .map(|u| format!("{} ({})", u.name, u.code))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `Kết quả …` → `kết quả …`: only the first letter, so `II/2024` stays as written.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

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

fn cell(text: impl Into<String>, align: Align) -> Cell {
    vec![Para::line(vec![Run::new(text).size(12.0)], align)]
}

fn head_cell(text: &str) -> Cell {
    vec![Para::line(vec![b(text).size(12.0)], Align::Center)]
}

/// Builds the report's `.docx` bytes.
pub fn build(o: &Outcome, plan: &Plan) -> Result<Vec<u8>, String> {
    let r = &plan.report;
    let mut doc = Doc::default();
    // The heading block: superior and issuing body left, national heading right.
    let left: Cell = vec![
        Para::line(vec![Run::new(&r.superior_body).size(12.0)], Align::Center),
        Para::line(vec![b(&r.issuing_body).size(12.0)], Align::Center),
        Para::line(vec![Run::new("———").size(12.0)], Align::Center),
        Para::line(vec![Run::new(&r.number).size(13.0)], Align::Center),
    ];
    let year = plan.deadline_before.format("%Y");
    let right: Cell = vec![
        Para::line(
            vec![b("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").size(12.0)],
            Align::Center,
        ),
        Para::line(
            vec![b("Độc lập - Tự do - Hạnh phúc").size(13.0).underline()],
            Align::Center,
        ),
        Para::line(vec![], Align::Center),
        Para::line(
            vec![
                Run::new(format!("{}, ngày     tháng     năm {year}", r.place))
                    .italic()
                    .size(13.0),
            ],
            Align::Center,
        ),
    ];
    doc.table(&[72 * MM, 88 * MM], &[vec![left, right]], false, 0);
    let mut title = Para::line(vec![b("BÁO CÁO")], Align::Center);
    title.after = 0.0;
    doc.para(title);
    let mut subject = Para::line(vec![b(&r.subject)], Align::Center);
    subject.after = 12.0;
    doc.para(subject);

    reporting(&mut doc, o, plan);
    propaganda(&mut doc, o, plan);
    activities(&mut doc, o, plan);
    situation(&mut doc, o);

    doc.para(heading("III. ĐÁNH GIÁ CHUNG"));
    doc.para(placeholder(
        "Ưu điểm, hạn chế, nguyên nhân và bài học kinh nghiệm — do Ban Thường vụ LĐLĐ huyện viết",
    ));
    doc.para(heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"));
    doc.para(placeholder(
        "Phương hướng, nhiệm vụ và kiến nghị với cấp trên — do Ban Thường vụ LĐLĐ huyện viết",
    ));
    doc.para(Para::body(vec![Run::new(format!(
        "Trên đây là báo cáo {} của {}./.",
        lower_first(&r.subject),
        plan.issuer
    ))]));

    // `Nơi nhận:` and the signature block.
    let mut recipients: Cell = vec![Para::line(
        vec![b("Nơi nhận:").italic().size(12.0)],
        Align::Left,
    )];
    for line in &r.recipients {
        recipients.push(Para::line(vec![Run::new(line).size(11.0)], Align::Left));
    }
    let signature: Cell = vec![
        Para::line(vec![b(&r.signer_on_behalf)], Align::Center),
        Para::line(vec![b(&r.signer_title)], Align::Center),
        Para::line(vec![], Align::Center),
        Para::line(vec![], Align::Center),
        Para::line(vec![], Align::Center),
        Para::line(
            vec![Run::new("[Họ và tên người ký]").italic().placeholder()],
            Align::Center,
        ),
    ];
    doc.table(
        &[80 * MM, 80 * MM],
        &[vec![recipients, signature]],
        false,
        0,
    );
    doc.finish()
}

fn reporting(doc: &mut Doc, o: &Outcome, plan: &Plan) {
    let roster: Vec<&UnitStatus> = o.units.iter().filter(|u| u.in_roster).collect();
    let with = |status: Status| -> Vec<&UnitStatus> {
        roster
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
    let h = o.headline();
    let reported = h.reported();
    doc.para(heading("I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO CỦA CÁC ĐƠN VỊ"));
    doc.para(Para::body(vec![Run::new(format!(
        "Thực hiện Kế hoạch số {} của {} về {}, thời gian từ ngày {} đến ngày {}, các công đoàn cơ sở báo cáo kết quả về LĐLĐ huyện trước ngày {}.",
        plan.code,
        plan.issuer,
        lower_first(plan.title.strip_prefix("Kế hoạch ").unwrap_or(&plan.title)),
        fmt_vn(plan.window_start),
        fmt_vn(plan.window_end),
        fmt_vn(plan.deadline_before)
    ))]));
    doc.para(Para::body(vec![Run::new(format!(
        "Tính đến ngày {}, có {}/{} đơn vị gửi báo cáo (đạt {}%), trong đó {} đơn vị đúng hạn, {} đơn vị trễ hạn; {} đơn vị chưa báo cáo{}.",
        fmt_vn(o.as_of),
        reported,
        roster.len(),
        percent(reported, roster.len()),
        on_time.len(),
        late.len(),
        missing.len(),
        if invalid.is_empty() {
            String::new()
        } else {
            format!("; {} đơn vị gửi tệp không đọc được", invalid.len())
        }
    ))]));
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
    let extra = o.units.iter().filter(|u| !u.in_roster).count();
    let mut note = format!(
        "Số liệu tổng hợp từ {} dòng số liệu hợp lệ trong các tệp báo cáo, theo {}",
        num(o.rows_counted() as i64),
        o.roster_label
    );
    if extra > 0 {
        note.push_str(&format!(
            "; có {extra} đơn vị ngoài danh sách gửi báo cáo (được tính vào tổng)"
        ));
    }
    note.push('.');
    doc.para(Para::body(vec![Run::new(note).italic()]));
}

fn propaganda(doc: &mut Doc, o: &Outcome, plan: &Plan) {
    let sessions: i64 = o.by_topic.iter().map(|t| t.sessions).sum();
    let attendance: i64 = o.by_topic.iter().map(|t| t.attendance).sum();
    let speakers: i64 = o
        .submissions
        .iter()
        .zip(&o.counted)
        .filter(|(_, c)| **c)
        .flat_map(|(s, _)| s.propaganda.iter().map(|r| r.speakers))
        .sum();
    doc.para(heading("II. KẾT QUẢ THỰC HIỆN"));
    doc.para(heading("1. Công tác tuyên truyền"));
    doc.para(Para::body(vec![Run::new(format!(
        "Các đơn vị đã tổ chức {} buổi tuyên truyền với {} lượt người tham dự, {} lượt báo cáo viên, tuyên truyền viên tham gia. Kết quả theo từng nội dung và đối tượng như sau:",
        num(sessions),
        num(attendance),
        num(speakers)
    ))]));
    for t in o.by_topic.iter().filter(|t| t.rows > 0) {
        doc.para(Para::body(vec![Run::new(format!(
            "- {}: {} buổi, {} lượt người.",
            t.label,
            num(t.sessions),
            num(t.attendance)
        ))]));
    }
    let widths = [18 * MM, 102 * MM, 20 * MM, 26 * MM];
    for (title, totals) in [
        ("Nội dung tuyên truyền", &o.by_topic),
        ("Đối tượng", &o.by_audience),
    ] {
        let mut rows = vec![vec![
            head_cell("Mã"),
            head_cell(title),
            head_cell("Số buổi"),
            head_cell("Lượt người"),
        ]];
        for t in totals.iter() {
            rows.push(vec![
                cell(&t.code, Align::Center),
                cell(&t.label, Align::Left),
                cell(num(t.sessions), Align::Right),
                cell(num(t.attendance), Align::Right),
            ]);
        }
        let (s, a): (i64, i64) = (
            totals.iter().map(|t| t.sessions).sum(),
            totals.iter().map(|t| t.attendance).sum(),
        );
        rows.push(vec![
            cell("", Align::Center),
            vec![Para::line(vec![b("Cộng").size(12.0)], Align::Left)],
            cell(num(s), Align::Right),
            cell(num(a), Align::Right),
        ]);
        doc.table(&widths, &rows, true, 1);
    }
    let _ = plan;
}

fn activities(doc: &mut Doc, o: &Outcome, plan: &Plan) {
    doc.para(heading("2. Các hoạt động phối hợp"));
    // In prose: what the plan set targets for and what cost money (funds have their own
    // section); the table below lists every activity.
    for (a, p) in o.by_activity.iter().zip(&plan.activities) {
        if p.fund || (a.target.is_none() && (a.rows == 0 || a.value == 0)) {
            continue;
        }
        let mut text = format!("- {}: {} {}", a.label, num(a.quantity), a.quantity_unit);
        if a.participants > 0 {
            text.push_str(&format!(", {} người tham gia", num(a.participants)));
        }
        if a.value > 0 {
            text.push_str(&format!(", trị giá {} đồng", num(a.value)));
        }
        if let Some(t) = a.target {
            let note = p
                .target_note
                .as_deref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            text.push_str(&format!(
                " (chỉ tiêu {} {}{note}: {})",
                num(t),
                a.quantity_unit,
                if a.quantity >= t {
                    "đạt"
                } else {
                    "chưa đạt"
                }
            ));
        }
        text.push('.');
        doc.para(Para::body(vec![Run::new(text)]));
    }
    let widths = [16 * MM, 62 * MM, 22 * MM, 20 * MM, 28 * MM, 18 * MM];
    let mut rows = vec![vec![
        head_cell("Mã"),
        head_cell("Hoạt động"),
        head_cell("Số lượng"),
        head_cell("Người tham gia"),
        head_cell("Giá trị (đồng)"),
        head_cell("Chỉ tiêu"),
    ]];
    for a in &o.by_activity {
        let target = match a.target {
            Some(t) => format!(
                "{} — {}",
                num(t),
                if a.quantity >= t {
                    "đạt"
                } else {
                    "chưa đạt"
                }
            ),
            None => String::new(),
        };
        rows.push(vec![
            cell(&a.code, Align::Center),
            cell(&a.label, Align::Left),
            cell(
                format!("{} {}", num(a.quantity), a.quantity_unit),
                Align::Right,
            ),
            cell(num(a.participants), Align::Right),
            cell(num(a.value), Align::Right),
            cell(target, Align::Center),
        ]);
    }
    doc.table(&widths, &rows, true, 1);

    doc.para(heading("3. Vận động ủng hộ các quỹ"));
    let funds: Vec<_> = o
        .by_activity
        .iter()
        .zip(&plan.activities)
        .filter(|(_, p)| p.fund)
        .map(|(a, _)| a)
        .collect();
    let total: i64 = funds.iter().map(|a| a.value).sum();
    for a in &funds {
        doc.para(Para::body(vec![Run::new(format!(
            "- {}: {} lượt người đóng góp, số tiền {} đồng.",
            a.label,
            num(a.quantity),
            num(a.value)
        ))]));
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
    text: impl Fn(&'a crate::submission::Submission) -> &'a str,
) -> Vec<(String, Vec<String>)> {
    let mut groups: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for (s, counted) in o.submissions.iter().zip(&o.counted) {
        let t = text(s).trim();
        if !*counted || t.is_empty() {
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

fn situation(doc: &mut Doc, o: &Outcome) {
    doc.para(heading(
        "4. Tình hình đình công, tư tưởng đoàn viên, người lao động",
    ));
    let strikes = if o.strikes == 0 {
        "Trong thời gian thực hiện kế hoạch, các đơn vị báo cáo không xảy ra đình công, lãn công, ngừng việc.".to_string()
    } else {
        format!(
            "Trong thời gian thực hiện kế hoạch, các đơn vị báo cáo {} vụ đình công, lãn công, ngừng việc.",
            num(o.strikes)
        )
    };
    doc.para(Para::body(vec![Run::new(strikes)]));
    let morale = grouped(o, |s| s.situation.morale.as_str());
    if !morale.is_empty() {
        doc.para(Para::body(vec![Run::new(
            "Tình hình tư tưởng đoàn viên, người lao động theo báo cáo của các đơn vị:",
        )]));
        for (text, units) in &morale {
            // A common answer shared by many units is a count; a few units are named.
            let who = if units.len() > 5 {
                format!("{} đơn vị", units.len())
            } else {
                units.join("; ")
            };
            doc.para(Para::body(vec![Run::new(format!(
                "- {} ({who}).",
                text.trim_end_matches('.')
            ))]));
        }
    }
    doc.para(heading(
        "5. Khó khăn, vướng mắc và kiến nghị, đề xuất của các đơn vị",
    ));
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
        let none: usize = none.iter().map(|(_, u)| u.len()).sum();
        if items.is_empty() {
            if none > 0 {
                any = true;
                doc.para(Para::body(vec![Run::new(format!(
                    "{label}: {none} đơn vị ghi không có."
                ))]));
            }
            continue;
        }
        any = true;
        let also = if none > 0 {
            format!(" ({none} đơn vị khác ghi không có)")
        } else {
            String::new()
        };
        doc.para(Para::body(vec![
            Run::new(format!("{label}{also}:")).italic()
        ]));
        for (text, units) in &items {
            doc.para(Para::body(vec![Run::new(format!(
                "- {} ({}).",
                text.trim_end_matches('.'),
                units.join("; ")
            ))]));
        }
    }
    if !any {
        doc.para(Para::body(vec![Run::new(
            "Các đơn vị không nêu khó khăn, vướng mắc hay kiến nghị, đề xuất nào.",
        )]));
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
    use super::percent;

    #[test]
    fn percent_with_a_decimal_comma() {
        assert_eq!(percent(34, 38), "89,5");
        assert_eq!(percent(38, 38), "100");
        assert_eq!(percent(0, 0), "0");
    }
}
