//! `Tổng hợp`: the headline (who reported), totals by topic, audience and activity against
//! the plan's targets, funds, blocs and communes, and three charts below the tables.

use rust_xlsxwriter::{Chart, ChartDataLabel, Workbook, Worksheet, XlsxError};

use super::writer::{
    column_sums, lines_for, pct, print_setup, t, table_of, total_row, write_value, Fmts,
    MAX_ROWS_PER_SHEET, V,
};
use crate::contract::{self as c, SHEET_SUMMARY};
use crate::model::Outcome;
use crate::parse::date::fmt_vn;
use crate::plan::{Plan, ValueRule};
use crate::report::record::Figure;

/// The headline's counts of what units wrote, in the office's words: a "mục" is one
/// line of a unit's Tuyên truyền or Hoạt động table (a session, an activity).
pub const ROWS_READ: &str = "Số mục các đơn vị đã ghi (tuyên truyền, hoạt động)";
pub const ROWS_COUNTED: &str = "Số mục được tính";

/// Column widths of `Tổng hợp`: codes and names, labels (wrapped), then figures.
/// 130 columns: one landscape page wide at ≥ 80 % (text ≥ 8.8 pt on paper).
const SUMMARY_WIDTHS: [f64; 9] = [14.0, 44.0, 10.0, 10.0, 10.0, 10.0, 12.0, 10.0, 10.0];

/// Writes the sheet; `continued` says some row-level sheet goes on past one sheet. Returns
/// where it shows each figure of the record (to catch a hand edit one level up).
pub(super) fn write(
    wb: &mut Workbook,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    continued: bool,
) -> Result<Vec<Figure>, XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name(SHEET_SUMMARY)?;
    for (col, w) in SUMMARY_WIDTHS.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    ws.write_string_with_format(
        0,
        0,
        format!("TỔNG HỢP KẾT QUẢ CÔNG TÁC DÂN VẬN — {}", plan.code),
        &f.title,
    )?;
    // The subtitle in the sheet's own font, like every other line.
    ws.write_string_with_format(1, 0, plan.title.clone(), &f.text)?;
    // Across the table columns, wrapped: text running past them would widen the page.
    // The roster by its count and file name: a folder path on paper says nothing to a reader.
    let roster_file = if o.roster_is_sample {
        "DANH SÁCH MẪU, không phải danh sách thật".to_string()
    } else {
        let name = std::path::Path::new(&o.roster_label).file_name();
        format!(
            "tệp {}",
            name.map_or(o.roster_label.clone(), |n| n.to_string_lossy().into())
        )
    };
    let scope = format!(
        "Số liệu tính đến ngày {}; đợt {} – {}; hạn nộp trước {}. Danh sách đơn vị: {} đơn vị, {}.",
        fmt_vn(o.as_of),
        fmt_vn(plan.window_start),
        fmt_vn(plan.window_end),
        fmt_vn(plan.deadline_before),
        o.headline().expected,
        roster_file
    );
    let last_col = SUMMARY_WIDTHS.len() as u16 - 1;
    ws.merge_range(2, 0, 2, last_col, &scope, &f.wrap)?;
    let lines = lines_for(&scope, SUMMARY_WIDTHS.iter().sum());
    if lines > 1 {
        ws.set_row_height(2, 15 * lines)?;
    }
    let mut charts = Vec::new();
    let r = status(ws, o, f, continued, &mut charts)?;
    let mut cells = Vec::new();
    let r = propaganda(ws, o, plan, f, r, &mut charts, &mut cells)?;
    let r = activities(ws, o, plan, f, r, &mut cells)?;
    let r = funds(ws, o, plan, f, r, &mut charts)?;
    let r = groups(ws, o, f, r)?;
    let r = match &o.earlier {
        Some(e) => beside_earlier(ws, o, e, f, r)?,
        None => r,
    };
    // Below the tables, never over them: the status pie and the funds side by side, the
    // topics below them (row heights: 15 pt = 20 px).
    let mut charts = charts.into_iter();
    if let (Some(pie), Some(topics), Some(funds)) = (charts.next(), charts.next(), charts.next()) {
        // The charts start a page of their own: none is cut by a page break.
        ws.set_page_breaks(&[r])?;
        ws.insert_chart(r, 1, &pie)?;
        ws.insert_chart_with_offset(r, 1, &funds, 400, 0)?;
        ws.insert_chart(r + 16, 1, &topics)?;
    }
    // One page wide at a legible size, as many pages down as the tables need; the charts'
    // names beside the tables are not printed.
    print_setup(ws, f, SUMMARY_WIDTHS.iter().sum(), None, 0)?;
    ws.set_print_area(0, 0, r + 40, SUMMARY_WIDTHS.len() as u16 - 1)?;
    Ok(cells)
}

/// The record's figures `group.<code>.<field>` of a table whose first data row is `first`:
/// each field in its column.
fn figures<'a>(
    cells: &mut Vec<Figure>,
    group: &str,
    first: u32,
    rows: impl Iterator<Item = (&'a str, Vec<(u16, &'static str, Option<i64>)>)>,
) {
    for (i, (code, fields)) in rows.enumerate() {
        for (col, field, value) in fields {
            if let Some(value) = value {
                cells.push(Figure {
                    cell: crate::pos::Pos::new(first + i as u32, col as u32).a1(),
                    key: format!("{group}.{code}.{field}"),
                    value,
                });
            }
        }
    }
}

/// Who reported: the headline figures and the status chart.
fn status(
    ws: &mut Worksheet,
    o: &Outcome,
    f: &Fmts,
    continued: bool,
    charts: &mut Vec<Chart>,
) -> Result<u32, XlsxError> {
    let mut r = 4;
    ws.write_string_with_format(r, 0, "TÌNH HÌNH NỘP BÁO CÁO", &f.bold)?;
    r += 1;
    let h = o.headline();
    let n = |x: usize| V::Int(x as i64);
    let mut head: Vec<(String, V)> = vec![
        ("Số đơn vị phải báo cáo".into(), n(h.expected)),
        (c::STATUS_ON_TIME.into(), n(h.on_time)),
        (c::STATUS_LATE.into(), n(h.late)),
        (c::STATUS_MISSING.into(), n(h.missing)),
        (c::STATUS_INVALID.into(), n(h.invalid)),
        ("Đơn vị ngoài danh sách có nộp".into(), n(h.extra)),
        (
            "Tỷ lệ đơn vị đã nộp".into(),
            V::Percent(pct(h.reported() as i64, h.expected as i64)),
        ),
    ];
    // The report counts grassroots unions, the district's own return apart: its figures
    // are here too, on their basis said, so every count the report gives is found here.
    // A roll-up's: those its counted summaries give.
    if let Some(b) = &o.below {
        let g = b.total;
        head.extend([
            (
                "Công đoàn cơ sở phải báo cáo (theo tổng hợp của các đơn vị được tính)".into(),
                n(g.expected),
            ),
            (
                "Công đoàn cơ sở đã nộp (đúng hạn và trễ hạn)".into(),
                n(g.reported()),
            ),
            (
                "Tỷ lệ công đoàn cơ sở đã nộp".into(),
                V::Percent(pct(g.reported() as i64, g.expected as i64)),
            ),
        ]);
    } else if let Some(d) = o.district_unit() {
        let grassroots = o.grassroots();
        let reported = grassroots.iter().filter(|u| u.status.reported()).count();
        let expected = grassroots.len();
        head.extend([
            (
                format!("Công đoàn cơ sở phải báo cáo (không tính {})", d.name),
                n(expected),
            ),
            (
                "Công đoàn cơ sở đã nộp (đúng hạn và trễ hạn)".into(),
                n(reported),
            ),
            (
                "Tỷ lệ công đoàn cơ sở đã nộp (như trong báo cáo)".into(),
                V::Percent(pct(reported as i64, expected as i64)),
            ),
        ]);
    }
    // A roll-up reads figures, not rows: no row counts to give.
    if o.below.is_none() {
        head.extend([
            (ROWS_READ.into(), n(h.rows_read)),
            (ROWS_COUNTED.into(), n(h.rows_counted)),
            (
                "Số mục không được tính (xem trang \"Lỗi - cảnh báo\")".into(),
                n(h.rows_not_counted()),
            ),
        ]);
    }
    head.push((
        "Số lượt báo cáo viên, tuyên truyền viên".into(),
        V::Int(o.speakers()),
    ));
    head.push((
        "Số vụ đình công, lãn công, ngừng việc".into(),
        V::Int(h.strikes),
    ));
    let status_first = r;
    for (label, v) in &head {
        write_value(ws, r, 1, &V::Wrapped(label.clone()), f)?;
        write_value(ws, r, 2, v, f)?;
        let lines = lines_for(label, SUMMARY_WIDTHS[1]);
        if lines > 1 {
            ws.set_row_height(r, 15 * lines)?;
        }
        r += 1;
    }
    let mut chart = Chart::new_pie();
    chart
        .add_series()
        .set_categories((SHEET_SUMMARY, status_first + 1, 1, status_first + 4, 1))
        .set_values((SHEET_SUMMARY, status_first + 1, 2, status_first + 4, 2))
        .set_data_label(ChartDataLabel::new().show_percentage())
        .set_name("Tình hình nộp báo cáo");
    chart.title().set_name("Tình hình nộp báo cáo");
    chart.set_width(380).set_height(280);
    // Charts go below the tables (never over them), inserted once the tables are written.
    charts.push(chart);
    if continued {
        ws.write_string_with_format(r, 1, format!("Lưu ý: trang có hơn {MAX_ROWS_PER_SHEET} dòng được chia tiếp sang các trang \"(2)\", \"(3)\"…"), &f.text)?;
        r += 1;
    }
    r += 1;
    Ok(r)
}

/// Propaganda by topic, by audience, and topic × audience.
fn propaganda(
    ws: &mut Worksheet,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    mut r: u32,
    charts: &mut Vec<Chart>,
    cells: &mut Vec<Figure>,
) -> Result<u32, XlsxError> {
    type Shown<'a> = (&'a str, Vec<(u16, &'static str, Option<i64>)>);
    fn by_code(x: &crate::model::PropTotal) -> Shown<'_> {
        let fields = vec![
            (2, "rows", Some(x.rows)),
            (3, "sessions", Some(x.sessions)),
            (4, "attendance", Some(x.attendance)),
        ];
        (x.code.as_str(), fields)
    }
    ws.write_string_with_format(r, 0, "TUYÊN TRUYỀN THEO NỘI DUNG", &f.bold)?;
    r += 1;
    let topic_rows = propaganda_total_rows(&o.by_topic);
    let topic_first = r + 1;
    figures(cells, "topics", topic_first, o.by_topic.iter().map(by_code));
    r = table_of(
        ws,
        r,
        &[
            "Mã",
            "Nội dung tuyên truyền",
            "Số mục ghi",
            "Số buổi",
            "Số lượt người tham dự",
        ],
        &SUMMARY_WIDTHS[..5],
        &topic_rows,
        f,
    )?;
    r = propaganda_total(ws, r, &o.by_topic, f)? + 1;
    let names: Vec<String> = (o.by_topic.iter())
        .map(|x| category_name(&x.code, &x.label))
        .collect();
    chart_names(ws, topic_first, &names, f)?;
    let mut chart = Chart::new_bar();
    chart
        .add_series()
        .set_categories(column((topic_first, topic_rows.len()), CHART_NAMES))
        .set_values(column((topic_first, topic_rows.len()), 4))
        .set_data_label(ChartDataLabel::new().show_value())
        .set_name("Số lượt người tham dự");
    chart
        .title()
        .set_name("Lượt người tham dự theo nội dung tuyên truyền");
    // A bar chart's values run along its x axis: from 0, every name shown.
    chart.x_axis().set_min(0);
    chart.y_axis().set_label_interval(1);
    chart.legend().set_hidden();
    chart.set_width(560).set_height(340);
    charts.push(chart);

    ws.write_string_with_format(r, 0, "TUYÊN TRUYỀN THEO ĐỐI TƯỢNG", &f.bold)?;
    r += 1;
    let aud_rows = propaganda_total_rows(&o.by_audience);
    figures(cells, "audiences", r + 1, o.by_audience.iter().map(by_code));
    r = table_of(
        ws,
        r,
        &[
            "Mã ",
            "Đối tượng",
            "Số mục ghi ",
            "Số buổi ",
            "Số lượt người tham dự ",
        ],
        &SUMMARY_WIDTHS[..5],
        &aud_rows,
        f,
    )?;
    r = propaganda_total(ws, r, &o.by_audience, f)? + 1;

    // Sessions by form: the report lists them, so they are here too.
    ws.write_string_with_format(r, 0, "TUYÊN TRUYỀN THEO HÌNH THỨC", &f.bold)?;
    r += 1;
    let by_form = o.sessions_by_form(plan);
    let form_rows: Vec<Vec<V>> = (plan.forms.iter().zip(&by_form))
        .map(|(x, n)| vec![t(x.code.clone()), V::Wrapped(x.label.clone()), V::Int(*n)])
        .collect();
    r = table_of(
        ws,
        r,
        &["Mã  ", "Hình thức tuyên truyền", "Số buổi  "],
        &SUMMARY_WIDTHS[..3],
        &form_rows,
        f,
    )?;
    r = total_row(ws, r, 1, &[(2, Some(by_form.iter().sum()))], f)? + 1;

    ws.write_string_with_format(r, 0, "SỐ LƯỢT NGƯỜI THAM DỰ: NỘI DUNG × ĐỐI TƯỢNG", &f.bold)?;
    r += 1;
    let mut hdr: Vec<String> = vec!["Mã nội dung".into()];
    hdr.extend(plan.audiences.iter().map(|a| a.code.clone()));
    let cross: Vec<Vec<V>> = plan
        .topics
        .iter()
        .map(|tp| {
            let mut row = vec![t(tp.code.clone())];
            row.extend(plan.audiences.iter().map(|a| {
                V::Int(
                    o.topic_audience
                        .get(&(tp.code.clone(), a.code.clone()))
                        .map(|x| x.1)
                        .unwrap_or(0),
                )
            }));
            row
        })
        .collect();
    let hdr_refs: Vec<&str> = hdr.iter().map(String::as_str).collect();
    r = table_of(
        ws,
        r,
        &hdr_refs,
        &SUMMARY_WIDTHS[..hdr_refs.len().min(9)],
        &cross,
        f,
    )?;
    r = total_row(ws, r, 0, &column_sums(&cross, 1..hdr_refs.len()), f)? + 1;
    Ok(r)
}

/// `Cộng` of a propaganda totals table: rows, sessions, attendance.
fn propaganda_total(
    ws: &mut Worksheet,
    r: u32,
    totals: &[crate::model::PropTotal],
    f: &Fmts,
) -> Result<u32, XlsxError> {
    let sum = |x: fn(&crate::model::PropTotal) -> i64| Some(totals.iter().map(x).sum());
    total_row(
        ws,
        r,
        1,
        &[
            (2, sum(|x| x.rows)),
            (3, sum(|x| x.sessions)),
            (4, sum(|x| x.attendance)),
        ],
        f,
    )
}

/// Activities against the plan's targets.
fn activities(
    ws: &mut Worksheet,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    mut r: u32,
    cells: &mut Vec<Figure>,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, "HOẠT ĐỘNG SO VỚI CHỈ TIÊU", &f.bold)?;
    r += 1;
    let shown = (o.by_activity.iter().zip(&plan.activities)).map(|(x, a)| {
        let value = (a.value != ValueRule::None).then_some(x.value);
        let fields = vec![
            (3, "rows", Some(x.rows)),
            (4, "quantity", Some(x.quantity)),
            (5, "participants", Some(x.participants)),
            (6, "value", value),
        ];
        (x.code.as_str(), fields)
    });
    figures(cells, "activities", r + 1, shown);
    let act_totals: Vec<Vec<V>> = o
        .by_activity
        .iter()
        .zip(&plan.activities)
        .map(|(x, a)| {
            vec![
                t(x.code.clone()),
                V::Wrapped(x.label.clone()),
                t(x.quantity_unit.clone()),
                V::Int(x.rows),
                V::Int(x.quantity),
                V::Int(x.participants),
                // Money means nothing for an activity the plan gives no value (a visit).
                if a.value == ValueRule::None {
                    t("—")
                } else {
                    V::Int(x.value)
                },
                x.target.map(V::Int).unwrap_or(t("")),
                // A target nobody has reported on yet is not 0 % done.
                match x.target {
                    Some(_) if x.rows == 0 => t("chưa có số liệu"),
                    target => V::Percent(target.and_then(|tg| pct(x.quantity, tg))),
                },
            ]
        })
        .collect();
    r = table_of(
        ws,
        r,
        &[
            "Mã HĐ",
            "Loại hoạt động",
            "Đơn vị tính",
            "Số mục ghi  ",
            "Số lượng",
            "Số người tham gia",
            "Giá trị (đồng)",
            "Chỉ tiêu",
            "Đạt (%)",
        ],
        &SUMMARY_WIDTHS,
        &act_totals,
        f,
    )?;
    // Quantities are in different units (houses, gifts, people): they have no sum.
    let sum = |x: fn(&crate::model::ActTotal) -> i64| Some(o.by_activity.iter().map(x).sum());
    r = total_row(
        ws,
        r,
        1,
        &[
            (3, sum(|x| x.rows)),
            (4, None),
            (5, sum(|x| x.participants)),
            (6, sum(|x| x.value)),
        ],
        f,
    )? + 1;
    Ok(r)
}

/// Fund contributions, and their chart (one unit of measure: đồng).
fn funds(
    ws: &mut Worksheet,
    o: &Outcome,
    plan: &Plan,
    f: &Fmts,
    mut r: u32,
    charts: &mut Vec<Chart>,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, 0, "QUỸ VẬN ĐỘNG", &f.bold)?;
    r += 1;
    let rows: Vec<Vec<V>> = o
        .by_activity
        .iter()
        .zip(&plan.activities)
        .filter(|(_, a)| a.fund)
        .map(|(x, _)| {
            vec![
                t(x.code.clone()),
                V::Wrapped(x.label.clone()),
                V::Int(x.rows),
                V::Int(x.quantity),
                V::Int(x.value),
            ]
        })
        .collect();
    let first = r + 1;
    r = table_of(
        ws,
        r,
        &[
            "Mã quỹ",
            "Quỹ",
            "Số mục ghi   ",
            "Lượt người đóng góp",
            "Số tiền (đồng)",
        ],
        &SUMMARY_WIDTHS[..5],
        &rows,
        f,
    )?;
    r = total_row(ws, r, 1, &column_sums(&rows, 2..5), f)? + 1;
    let names: Vec<String> = (o.by_activity.iter().zip(&plan.activities))
        .filter(|(_, a)| a.fund)
        .map(|(x, _)| category_name(&x.code, &x.label))
        .collect();
    chart_names(ws, first, &names, f)?;
    let mut chart = Chart::new_column();
    chart
        .add_series()
        .set_categories(column((first, rows.len()), CHART_NAMES))
        .set_values(column((first, rows.len()), 4))
        .set_data_label(ChartDataLabel::new().show_value().set_num_format("#,##0"))
        .set_name("Số tiền (đồng)");
    chart.title().set_name("Số tiền vận động theo quỹ (đồng)");
    chart.y_axis().set_num_format("#,##0").set_min(0);
    chart.x_axis().set_label_interval(1);
    chart.legend().set_hidden();
    chart.set_width(440).set_height(280);
    charts.push(chart);
    Ok(r)
}

/// Totals by bloc and by commune.
fn groups(ws: &mut Worksheet, o: &Outcome, f: &Fmts, mut r: u32) -> Result<u32, XlsxError> {
    for (title, groups) in [
        ("THEO KHỐI", &o.by_bloc),
        ("THEO XÃ, THỊ TRẤN", &o.by_commune),
    ] {
        ws.write_string_with_format(r, 0, title, &f.bold)?;
        r += 1;
        let rows: Vec<Vec<V>> = groups
            .iter()
            .map(|g| {
                vec![
                    V::Wrapped(g.key.clone()),
                    V::Int(g.expected),
                    V::Int(g.reported),
                    V::Int(g.sessions),
                    V::Int(g.attendance),
                    V::Int(g.activity_rows),
                    V::Int(g.value),
                ]
            })
            .collect();
        let name = if title == "THEO KHỐI" {
            "Khối"
        } else {
            "Xã, thị trấn"
        };
        r = table_of(
            ws,
            r,
            &[
                name,
                "Số đơn vị",
                "Đã nộp",
                "Số buổi TT",
                "Lượt người TT",
                "Số mục HĐ",
                "Giá trị HĐ (đồng)",
            ],
            &SUMMARY_WIDTHS[..7],
            &rows,
            f,
        )?;
        r = total_row(ws, r, 0, &column_sums(&rows, 1..7), f)? + 1;
    }
    Ok(r)
}

/// Column `col` of the `len` table rows starting at `first` in `Tổng hợp`, for a chart.
/// The column beside the tables that holds the charts' category names (short, in words):
/// outside the print area, a chart's labels read as names, not codes.
const CHART_NAMES: u16 = SUMMARY_WIDTHS.len() as u16 + 1;

/// A category as a chart labels it: its name cut at a word (its code when it has none).
fn category_name(code: &str, label: &str) -> String {
    match label.trim() {
        "" => code.to_string(),
        label => crate::parse::category::cut_at_word(label, 30),
    }
}

/// Writes `names` down the chart-names column from `first`, small and grey (a note for the
/// screen: the charts read them).
fn chart_names(
    ws: &mut Worksheet,
    first: u32,
    names: &[String],
    f: &Fmts,
) -> Result<(), XlsxError> {
    for (i, name) in names.iter().enumerate() {
        ws.write_string_with_format(first + i as u32, CHART_NAMES, name, &f.note)?;
    }
    Ok(())
}

fn column((first, len): (u32, usize), col: u16) -> (&'static str, u32, u16, u32, u16) {
    (
        SHEET_SUMMARY,
        first,
        col,
        first + len.max(1) as u32 - 1,
        col,
    )
}

/// Code, label, rows, sessions, attendance: the propaganda totals tables of `Tổng hợp`.
/// This đợt beside an earlier one, matched by category code: each list's figures then and
/// now and the change; a category new this đợt or dropped since is said so.
fn beside_earlier(
    ws: &mut Worksheet,
    o: &Outcome,
    e: &crate::compare::Earlier,
    f: &Fmts,
    mut r: u32,
) -> Result<u32, XlsxError> {
    use crate::compare::change;
    ws.write_string_with_format(
        r,
        0,
        format!(
            "SO VỚI {} (KẾ HOẠCH {})",
            e.label.to_uppercase(),
            e.plan_code
        ),
        &f.bold,
    )?;
    r += 1;
    let [topics, audiences, activities] = crate::compare::lines(o, e);
    let tables = [
        ("Nội dung tuyên truyền", "buổi", "lượt", topics, ""),
        ("Đối tượng", "buổi", "lượt", audiences, " "),
        (
            "Loại hoạt động",
            "số lượng",
            "giá trị (đồng)",
            activities,
            "  ",
        ),
    ];
    for (title, a, b, lines, pad) in tables {
        let value = |x: Option<[i64; 2]>, i: usize| x.map_or(t("—"), |v| V::Int(v[i]));
        let rows: Vec<Vec<V>> = lines
            .iter()
            .map(|l| {
                vec![
                    t(l.code.clone()),
                    V::Wrapped(l.label.clone()),
                    value(l.then, 0),
                    value(l.now, 0),
                    V::Change(change(l.now.map(|v| v[0]), l.then.map(|v| v[0]))),
                    value(l.then, 1),
                    value(l.now, 1),
                    V::Change(change(l.now.map(|v| v[1]), l.then.map(|v| v[1]))),
                ]
            })
            .collect();
        let headers = [
            format!("Mã{pad}"),
            title.to_string(),
            format!("{} đợt trước{pad}", upper_first(a)),
            format!("{} đợt này{pad}", upper_first(a)),
            format!("Tăng, giảm {a}{pad}"),
            format!("{} đợt trước{pad}", upper_first(b)),
            format!("{} đợt này{pad}", upper_first(b)),
            format!("Tăng, giảm {b}{pad}"),
        ];
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        r = table_of(ws, r, &headers, &SUMMARY_WIDTHS[..8], &rows, f)? + 1;
    }
    Ok(r)
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn propaganda_total_rows(totals: &[crate::model::PropTotal]) -> Vec<Vec<V>> {
    totals
        .iter()
        .map(|x| {
            vec![
                t(x.code.clone()),
                V::Wrapped(x.label.clone()),
                V::Int(x.rows),
                V::Int(x.sessions),
                V::Int(x.attendance),
            ]
        })
        .collect()
}
