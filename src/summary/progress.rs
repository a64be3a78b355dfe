//! `Tiến độ nộp`: every roster unit's status, submission date and its source, contact.

use rust_xlsxwriter::{
    ConditionalFormatText, ConditionalFormatTextRule, Format, Workbook, XlsxError,
};

use super::package::SheetRows;
use super::pieces::Pieces;
use super::row_sheets::{sheet_of_rows, RowSheet};
use super::writer::{t, Fmts, Shape, V};
use crate::contract::{self as c, SHEET_PROGRESS};
use crate::model::Outcome;

/// Adds the sheet; its rows as compressed pieces (found in `pieces` or made).
pub(super) fn write(
    wb: &mut Workbook,
    o: &Outcome,
    f: &Fmts,
    pieces: &Pieces,
) -> Result<SheetRows, XlsxError> {
    // The columns staff call from come first and are what prints (one strip); bloc,
    // commune, where the date came from, the file and the counts are for the screen.
    let progress_row = |i: usize| {
        let u = &o.units[i];
        vec![
            t(u.code.clone()),
            t(u.name.clone()),
            t(u.status.label()),
            V::Date(u.submitted),
            t(u.contact.clone()),
            t(u.phone.clone()),
            V::Wrapped(u.progress_note()),
            t(u.bloc.clone()),
            t(u.commune.clone()),
            t(u.source_vn()),
            t(u.file.clone().unwrap_or_default()),
            V::Int(u.errors as i64),
            V::Int(u.warnings as i64),
        ]
    };
    const PRINTED: usize = 7;
    let n = o.units.len();
    let sheet = RowSheet {
        name: SHEET_PROGRESS,
        headers: &[
            "Mã đơn vị",
            "Tên công đoàn cơ sở",
            "Trạng thái",
            "Ngày nộp",
            "Người liên hệ",
            "Số điện thoại",
            "Ghi chú",
            "Khối",
            "Xã, thị trấn",
            "Nguồn ngày nộp",
            "Tệp",
            "Số lỗi",
            "Số cảnh báo",
        ],
        widths: &[
            10.0, 34.0, 12.0, 11.0, 18.0, 12.0, 32.0, 18.0, 22.0, 16.0, 30.0, 8.0, 10.0,
        ],
        printed: PRINTED,
        n,
        row: Box::new(progress_row),
        about: Box::new(|i| i as u64),
    };
    let shape = Shape::by_size(n);
    sheet_of_rows(wb, SHEET_PROGRESS, &sheet, 0..n, shape, f, pieces, |ws| {
        ws.set_freeze_panes(1, 2)?;
        ws.set_print_area(0, 0, n.max(1) as u32, PRINTED as u16 - 1)?;
        let last = n.max(1) as u32;
        for (status, color) in [
            (c::STATUS_ON_TIME, "#C6EFCE"),
            (c::STATUS_LATE, "#FFEB9C"),
            (c::STATUS_MISSING, "#FFC7CE"),
            (c::STATUS_INVALID, "#D9D9D9"),
        ] {
            let cf = ConditionalFormatText::new()
                .set_rule(ConditionalFormatTextRule::BeginsWith(status.to_string()))
                .set_format(Format::new().set_background_color(color));
            ws.add_conditional_format(1, 2, last, 2, &cf)?;
        }
        Ok(())
    })
}
