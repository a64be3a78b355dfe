//! `Đối soát`: per file, rows seen on its sheets, counted, not counted with the reason, and a
//! computed `Khớp`/`Lệch` (the counting itself is in [`crate::model::reconcile`]).

use rust_xlsxwriter::{Workbook, XlsxError};

use super::writer::{t, table, Fmts, V};
use crate::contract::SHEET_RECONCILE;
use crate::model::unit_label;
use crate::model::Outcome;

pub(super) fn write(wb: &mut Workbook, o: &Outcome, f: &Fmts) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(SHEET_RECONCILE)?;
    ws.set_freeze_panes(1, 0)?;
    if let Some(below) = &o.below {
        return figures(ws, o, &below.tallies, f);
    }
    let recs = crate::model::reconcile::all(o);
    let sum = |f: &dyn Fn(&crate::model::reconcile::Reconciliation) -> usize| {
        recs.iter().map(f).sum::<usize>() as i64
    };
    let (tr, tc, te, tu) = (
        sum(&|r| r.seen),
        sum(&|r| r.counted),
        sum(&|r| r.explained),
        sum(&|r| r.unexplained),
    );
    let (files, skipped) = (o.submissions.len(), o.skipped.len());
    let mut reconcile_row = |i: usize| {
        if i < files {
            let (s, r) = (&o.submissions[i], &recs[i]);
            let unit = s
                .unit
                .as_ref()
                .map(|_| unit_label(o, s).0)
                .unwrap_or_default();
            vec![
                t(s.file.clone()),
                t(unit),
                V::Int(r.seen as i64),
                V::Int(r.counted as i64),
                V::Int(r.explained as i64),
                t(r.reasons.clone()),
                t(r.verdict()),
            ]
        } else if i < files + skipped {
            let issue = &o.skipped[i - files];
            vec![
                t(issue.file.clone()),
                t(""),
                V::Int(0),
                V::Int(0),
                V::Int(0),
                t(format!("Bỏ qua: {}", issue.message)),
                t("Khớp"),
            ]
        } else {
            let ok = tu == 0 && tr == tc + te;
            vec![
                t("TỔNG CỘNG"),
                t(""),
                V::Int(tr),
                V::Int(tc),
                V::Int(te),
                t(if ok {
                    "Số dòng đọc = được tính + không tính có lý do".to_string()
                } else {
                    format!("{tu} dòng không khớp: đọc ≠ được tính + không tính có lý do")
                }),
                t(if ok { "Khớp" } else { "Lệch" }),
            ]
        }
    };
    table(
        ws,
        0,
        &[
            "Tệp",
            "Mã đơn vị",
            "Số dòng đọc",
            "Số dòng được tính",
            "Số dòng không tính (có lý do)",
            "Lý do không tính",
            "Đối chiếu",
        ],
        &[30.0, 10.0, 10.0, 12.0, 14.0, 46.0, 10.0],
        files + skipped + 1,
        &mut reconcile_row,
        f,
    )?;
    Ok(())
}

/// A roll-up's `Đối soát`: per summary, its figures as read and as counted, the reason for
/// any difference; `Khớp` when read = counted, or the difference has its reason.
fn figures(
    ws: &mut rust_xlsxwriter::Worksheet,
    o: &Outcome,
    tallies: &[crate::model::Tally],
    f: &Fmts,
) -> Result<(), XlsxError> {
    let (files, skipped) = (o.submissions.len(), o.skipped.len());
    let mut total = crate::model::Tally::default();
    for x in tallies {
        for k in 0..3 {
            total.read[k] += x.read[k];
            total.counted[k] += x.counted[k];
        }
    }
    let pair = |x: &crate::model::Tally| -> Vec<V> {
        (0..3)
            .flat_map(|k| [V::Int(x.read[k]), V::Int(x.counted[k])])
            .collect()
    };
    let verdict = |x: &crate::model::Tally| {
        t(if x.read == x.counted || !x.why.is_empty() {
            "Khớp"
        } else {
            "Lệch"
        })
    };
    let mut row = |i: usize| -> Vec<V> {
        if i < files {
            let s = &o.submissions[i];
            let unit = s
                .unit
                .as_ref()
                .map(|_| unit_label(o, s).0)
                .unwrap_or_default();
            let x = tallies.get(i).cloned().unwrap_or_default();
            let mut r = vec![t(s.file.clone()), t(unit)];
            r.extend(pair(&x));
            r.extend([t(x.why.clone()), verdict(&x)]);
            r
        } else if i < files + skipped {
            let issue = &o.skipped[i - files];
            let mut r = vec![t(issue.file.clone()), t("")];
            r.extend((0..6).map(|_| V::Int(0)));
            r.extend([t(format!("Bỏ qua: {}", issue.message)), t("Khớp")]);
            r
        } else {
            let mut r = vec![t("TỔNG CỘNG"), t("")];
            r.extend(pair(&total));
            r.extend([
                t("Số liệu đọc = được tính + không tính có lý do"),
                t(
                    if tallies
                        .iter()
                        .all(|x| x.read == x.counted || !x.why.is_empty())
                    {
                        "Khớp"
                    } else {
                        "Lệch"
                    },
                ),
            ]);
            r
        }
    };
    table(
        ws,
        0,
        &[
            "Tệp",
            "Mã đơn vị",
            "Số buổi đọc",
            "Số buổi được tính",
            "Lượt người đọc",
            "Lượt người được tính",
            "Giá trị (đồng) đọc",
            "Giá trị (đồng) được tính",
            "Lý do không tính",
            "Đối chiếu",
        ],
        &[40.0, 12.0, 11.0, 11.0, 12.0, 12.0, 15.0, 15.0, 50.0, 10.0],
        files + skipped + 1,
        &mut row,
        f,
    )?;
    Ok(())
}
