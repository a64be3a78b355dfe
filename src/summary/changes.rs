//! `Thay đổi`: what changed since the previous run for the same summary (docs/tong-hop.md).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::writer::{t, table, Fmts, V};
use crate::contract::SHEET_CHANGES;
use crate::state::Delta;

pub(super) fn write(wb: &mut Workbook, delta: Option<&Delta>, f: &Fmts) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(SHEET_CHANGES)?;
    ws.set_freeze_panes(1, 0)?;
    let first = Delta {
        previous: Ok(None),
        changes: Vec::new(),
    };
    let delta = delta.unwrap_or(&first);
    // With nothing to compare (or nothing changed), one line says so.
    let rows: Vec<[String; 4]> = if delta.changes.is_empty() {
        vec![[
            delta.lines(0).join(" "),
            String::new(),
            String::new(),
            String::new(),
        ]]
    } else {
        delta.changes.iter().map(|c| c.row()).collect()
    };
    table(
        ws,
        0,
        &["Thay đổi", "Đơn vị / tệp", "Trước", "Sau"],
        &[40.0, 60.0, 16.0, 16.0],
        rows.len(),
        &mut |i| rows[i].iter().map(|s| t(s.clone())).collect::<Vec<V>>(),
        f,
    )?;
    Ok(())
}
