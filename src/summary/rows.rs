//! The row-level sheets: `Tuyên truyền`, `Hoạt động`, `Tình hình` (every counted row with
//! its unit, source file and source cell) and `Lỗi - cảnh báo` (every issue).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::package::SheetRows;
use super::pieces::Pieces;
use super::row_sheets::{row_sheets, RowSheet};
use super::writer::{t, Fmts, V};
use super::Counted;
use crate::contract::{self as c, SHEET_ISSUES};
use crate::issue::Issue;
use crate::model::{unit_label, Outcome};
use crate::plan::Plan;
use crate::read::Pos;
use crate::submission::Submission;

/// Writes the four sheets, each continued on `Name (2)`… past the row limit.
pub(super) fn write(
    wb: &mut Workbook,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    k: &Counted<'_>,
    pieces: &Pieces,
) -> Result<Vec<SheetRows>, XlsxError> {
    let sheets = [
        RowSheet {
            name: c::SHEET_PROPAGANDA,
            headers: &[
                "Mã đơn vị",
                "Tên công đoàn cơ sở",
                "Ngày thực hiện",
                "Mã nội dung",
                "Nội dung tuyên truyền",
                "Hình thức",
                "Mã đối tượng",
                "Số buổi",
                "Số lượt người tham dự",
                "Số báo cáo viên, tuyên truyền viên",
                "Địa điểm",
                "Ghi chú",
                "Tệp nguồn",
                "Ô nguồn",
            ],
            // Printed: unit to speakers, in one strip; place, note and source are for the screen.
            widths: &[
                10.0, 24.0, 11.0, 7.0, 28.0, 14.0, 8.0, 7.0, 10.0, 10.0, 20.0, 20.0, 28.0, 18.0,
            ],
            printed: 10,
            n: k.propaganda.len(),
            row: Box::new(|i| {
                let (si, ri) = k.propaganda[i];
                propaganda_row(o, plan, k.files[si as usize], ri as usize)
            }),
            about: Box::new(|i| u64::from(k.propaganda[i].0)),
        },
        RowSheet {
            name: c::SHEET_ACTIVITIES,
            headers: &[
                "Mã đơn vị",
                "Tên công đoàn cơ sở",
                "Ngày thực hiện",
                "Mã HĐ",
                "Loại hoạt động",
                "Nội dung cụ thể",
                "Số lượng",
                "Đơn vị tính",
                "Số người tham gia",
                "Giá trị (đồng)",
                "Đơn vị phối hợp",
                "Địa điểm",
                "Tệp nguồn",
                "Ô nguồn",
            ],
            // Printed: unit to value, in one strip; partner, place and source for the screen.
            widths: &[
                10.0, 22.0, 11.0, 7.0, 20.0, 20.0, 8.0, 9.0, 9.0, 14.0, 22.0, 20.0, 28.0, 18.0,
            ],
            printed: 10,
            n: k.activities.len(),
            row: Box::new(|i| {
                let (si, ri) = k.activities[i];
                activity_row(o, plan, k.files[si as usize], ri as usize)
            }),
            about: Box::new(|i| u64::from(k.activities[i].0)),
        },
        RowSheet {
            name: c::SHEET_SITUATION,
            headers: &[
                "Mã đơn vị",
                "Tên công đoàn cơ sở",
                c::SIT_STRIKES,
                c::SIT_MORALE,
                c::SIT_DIFFICULTIES,
                c::SIT_RECOMMENDATIONS,
                "Tệp nguồn",
            ],
            // Printed: all but the source file.
            widths: &[10.0, 22.0, 9.0, 30.0, 30.0, 30.0, 28.0],
            printed: 6,
            n: k.files.len(),
            row: Box::new(|i| {
                let s = k.files[i];
                let u = unit_label(o, s);
                vec![
                    t(u.0),
                    t(u.1),
                    s.situation.strikes.map(V::Int).unwrap_or(t("")),
                    t(&s.situation.morale),
                    t(&s.situation.difficulties),
                    t(&s.situation.recommendations),
                    t(s.file.clone()),
                ]
            }),
            about: Box::new(|i| i as u64),
        },
        RowSheet {
            name: SHEET_ISSUES,
            headers: &ISSUE_HEADERS,
            widths: &ISSUE_WIDTHS,
            printed: 6,
            n: k.issues.len(),
            row: Box::new(|i| issue_row(k.issues[i])),
            // The issues of one file stay together.
            about: Box::new(|i| xxhash_rust::xxh3::xxh3_64(k.issues[i].file.as_bytes())),
        },
    ];
    // A roll-up reads figures, not rows: `Theo đơn vị` is its table per unit, and of the
    // row sheets only the issues are its own.
    let sheets: Vec<RowSheet<'_>> = (sheets.into_iter())
        .filter(|s| o.below.is_none() || s.name == SHEET_ISSUES)
        .collect();
    row_sheets(wb, &sheets, f, pieces)
}

/// A category's label in a row sheet, cut at a word to about this many characters.
const LABEL_CHARS: usize = 50;

/// One counted propaganda row of `Tuyên truyền`, with its provenance.
fn propaganda_row(o: &Outcome, plan: &Plan, s: &Submission, i: usize) -> Vec<V> {
    let r = &s.propaganda[i];
    let (code, name) = unit_label(o, s);
    vec![
        t(code),
        t(name),
        V::Date(Some(r.date)),
        t(plan.topics[r.topic as usize].code.clone()),
        // Two lines of its column at most on paper; the whole label is in the plan.
        t(plan.topics[r.topic as usize].short_label(LABEL_CHARS)),
        t(r.form
            .map(|x| plan.forms[x as usize].label.clone())
            .unwrap_or_default()),
        t(plan.audiences[r.audience as usize].code.clone()),
        V::Int(r.sessions),
        V::Int(r.attendance),
        V::Int(r.speakers),
        t(&r.place),
        t(&r.note),
        t(s.file.clone()),
        t(format!(
            "{}!{}",
            s.propaganda_sheet(r.sheet),
            Pos::new(r.row, 0).a1()
        )),
    ]
}

/// One counted activity row of `Hoạt động`, with its provenance.
fn activity_row(o: &Outcome, plan: &Plan, s: &Submission, i: usize) -> Vec<V> {
    let r = &s.activities[i];
    let a = &plan.activities[r.activity as usize];
    let (code, name) = unit_label(o, s);
    vec![
        t(code),
        t(name),
        V::Date(Some(r.date)),
        t(a.category.code.clone()),
        t(a.category.short_label(LABEL_CHARS)),
        t(&r.description),
        V::Int(r.quantity),
        t(a.quantity_unit.clone()),
        V::Int(r.participants),
        V::Int(r.value),
        t(&r.partner),
        t(&r.place),
        t(s.file.clone()),
        t(format!(
            "{}!{}",
            s.activities_sheet(r.sheet),
            Pos::new(r.row, 0).a1()
        )),
    ]
}

/// The columns of an issue for people: its kind in words, never its code (the codes are
/// for machines: the JSON and the terminal).
pub const ISSUE_HEADERS: [&str; 8] = [
    "Tệp",
    "Trang",
    "Ô",
    "Mức độ",
    "Loại",
    "Nội dung",
    "Giá trị tìm thấy",
    "Gợi ý sửa",
];
/// The first six (file to message) print in one strip; the value found and the hint are
/// on the screen and in each unit's feedback file.
pub const ISSUE_WIDTHS: [f64; 8] = [24.0, 13.0, 6.0, 9.0, 22.0, 56.0, 24.0, 50.0];

pub fn issue_row(i: &Issue) -> Vec<V> {
    vec![
        t(i.file.clone()),
        t(i.sheet.clone().unwrap_or_default()),
        t(i.cell_a1().unwrap_or_default()),
        t(i.severity.vn()),
        V::Wrapped(i.code.title().to_string()),
        V::Wrapped(i.message.clone()),
        t(i.found.clone().unwrap_or_default()),
        V::Wrapped(i.hint.clone().unwrap_or_default()),
    ]
}
