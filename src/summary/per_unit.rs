//! `Theo đơn vị`: one row per unit with its totals by topic and activity.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::package::SheetRows;
use super::pieces::Pieces;
use super::row_sheets::{sheet_of_rows, RowSheet};
use super::writer::{t, total_row, Fmts, Shape, V};
use crate::contract::SHEET_PER_UNIT;
use crate::model::{Outcome, UnitTotals};
use crate::plan::Plan;

/// Adds the sheet; its rows as compressed pieces (found in `pieces` or made).
pub(super) fn write(
    wb: &mut Workbook,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    pieces: &Pieces,
) -> Result<SheetRows, XlsxError> {
    // Headings in words (code and label, cut to fit), so the sheet reads without the plan.
    // A roll-up's units are districts: each with how its grassroots unions reported.
    let below = o.below.as_deref();
    let mut headers: Vec<String> = match below {
        None => vec![
            "Mã đơn vị".into(),
            "Tên công đoàn cơ sở".into(),
            "Trạng thái".into(),
            "Số mục được tính".into(),
        ],
        Some(_) => vec![
            "Mã đơn vị".into(),
            "Tên đơn vị".into(),
            "Trạng thái".into(),
            "CĐCS phải báo cáo".into(),
            "CĐCS đã nộp (đúng hạn, trễ hạn)".into(),
            "Tỷ lệ CĐCS đã nộp".into(),
        ],
    };
    let heading = |c: &crate::parse::category::Category, what: &str| {
        format!("{} ({what})", c.heading(HEADING_CHARS))
    };
    headers.extend(plan.topics.iter().map(|x| heading(x, "buổi")));
    headers.extend(plan.topics.iter().map(|x| heading(x, "lượt người")));
    headers.extend(plan.activities.iter().map(|x| {
        let unit = x.quantity_unit.trim();
        heading(
            &x.category,
            if unit.is_empty() {
                "số lượng"
            } else {
                unit
            },
        )
    }));
    headers.push("Giá trị hoạt động (đồng)".into());
    headers.push("Số vụ đình công".into());
    let unit_row = |i: usize| {
        let u = &o.units[i];
        let none = UnitTotals::default();
        let tot = o.per_unit.get(&u.code).unwrap_or(&none);
        let mut row = vec![t(u.code.clone()), t(u.name.clone()), t(u.status.label())];
        match below {
            None => row.push(V::Int(u.rows_counted as i64)),
            Some(b) => {
                let r = b.per_unit.get(&u.code).copied().unwrap_or_default();
                row.extend([
                    V::Int(r.expected as i64),
                    V::Int(r.reported() as i64),
                    V::Percent(super::writer::pct(r.reported() as i64, r.expected as i64)),
                ]);
            }
        }
        let by = |v: &[i64], i: usize| V::Int(v.get(i).copied().unwrap_or(0));
        row.extend((0..plan.topics.len()).map(|i| by(&tot.sessions, i)));
        row.extend((0..plan.topics.len()).map(|i| by(&tot.attendance, i)));
        row.extend((0..plan.activities.len()).map(|i| by(&tot.quantity, i)));
        row.push(V::Int(tot.value));
        row.push(V::Int(tot.strikes));
        row
    };
    // `Cộng`: every column but the unit's own is a count of the same thing down the sheet
    // (an activity's column is in its one unit), so each adds up: the sums of the rows as
    // written.
    let n = o.units.len();
    let mut sums = vec![0i64; headers.len()];
    for i in 0..n {
        for (col, v) in unit_row(i).iter().enumerate().skip(3) {
            if let V::Int(x) = v {
                sums[col] += x;
            }
        }
    }
    // A rate has no sum: the roll-up's is that of the sums.
    let rate_col = below.map(|_| 5);
    let sums: Vec<(u16, Option<i64>)> = (3..headers.len())
        .filter(|col| Some(*col) != rate_col)
        .map(|col| (col as u16, Some(sums[col])))
        .collect();
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut widths = vec![10.0, 45.0, 14.0, 10.0];
    widths.resize(headers.len(), 11.0);
    let sheet = RowSheet {
        name: SHEET_PER_UNIT,
        headers: &refs,
        widths: &widths,
        printed: refs.len(),
        n,
        row: Box::new(unit_row),
        about: Box::new(|i| i as u64),
    };
    let shape = Shape::by_size(n);
    sheet_of_rows(wb, SHEET_PER_UNIT, &sheet, 0..n, shape, f, pieces, |ws| {
        ws.set_freeze_panes(1, 2)?;
        // Under the rows (or the table's one empty row).
        total_row(ws, n.max(1) as u32 + 1, 1, &sums, f)?;
        Ok(())
    })
}

/// A topic's or an activity's heading cut to about this many characters.
const HEADING_CHARS: usize = 24;
