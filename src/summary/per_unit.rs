//! `Theo đơn vị`: one row per unit with its totals by topic and activity.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::writer::{t, table, Fmts, V};
use crate::contract::SHEET_PER_UNIT;
use crate::model::{Outcome, UnitTotals};
use crate::plan::Plan;

pub(super) fn write(
    wb: &mut Workbook,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(SHEET_PER_UNIT)?;
    ws.set_freeze_panes(1, 2)?;
    let mut headers: Vec<String> = vec![
        "Mã đơn vị".into(),
        "Tên công đoàn cơ sở".into(),
        "Trạng thái".into(),
        "Số dòng được tính".into(),
    ];
    headers.extend(plan.topics.iter().map(|x| format!("{} buổi", x.code)));
    headers.extend(plan.topics.iter().map(|x| format!("{} lượt người", x.code)));
    headers.extend(
        plan.activities
            .iter()
            .map(|x| format!("{} số lượng", x.category.code)),
    );
    headers.push("Giá trị HĐ (đồng)".into());
    headers.push("Số vụ đình công".into());
    let mut unit_row = |i: usize| {
        let u = &o.units[i];
        let none = UnitTotals::default();
        let tot = o.per_unit.get(&u.code).unwrap_or(&none);
        let mut row = vec![
            t(u.code.clone()),
            t(u.name.clone()),
            t(u.status.label()),
            V::Int(u.rows_counted as i64),
        ];
        let by = |v: &[i64], i: usize| V::Int(v.get(i).copied().unwrap_or(0));
        row.extend((0..plan.topics.len()).map(|i| by(&tot.sessions, i)));
        row.extend((0..plan.topics.len()).map(|i| by(&tot.attendance, i)));
        row.extend((0..plan.activities.len()).map(|i| by(&tot.quantity, i)));
        row.push(V::Int(tot.value));
        row.push(V::Int(tot.strikes));
        row
    };
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut widths = vec![10.0, 45.0, 14.0, 10.0];
    widths.resize(headers.len(), 11.0);
    table(ws, 0, &refs, &widths, o.units.len(), &mut unit_row, f)?;
    Ok(())
}
