//! The small writer every summary sheet uses: cell values (text always as text), formats,
//! Excel tables built row by row, continued row-level sheets, and the print setup.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    ConditionalFormatFormula, ExcelDateTime, Format, FormatAlign, FormatBorder, Table, TableColumn,
    Workbook, Worksheet, XlsxError,
};

/// Rows per sheet before a row-level sheet is continued on another (Excel's limit is 1,048,576).
pub const MAX_ROWS_PER_SHEET: usize = 1_000_000;

/// A value to write; text is always written as text, never as a formula.
#[derive(Debug, Clone)]
pub enum V {
    Text(String),
    /// Text that wraps in its cell (long labels and messages).
    Wrapped(String),
    /// A change beside a figure (`+12 (+15 %)`): wrapped and right-aligned, so that it never
    /// runs into the figure on its left.
    Change(String),
    Int(i64),
    Date(Option<NaiveDate>),
    Percent(Option<f64>),
}

/// Plain text.
pub fn t(s: impl Into<String>) -> V {
    V::Text(s.into())
}

/// The formats of one workbook.
pub struct Fmts {
    /// The page footer: plan code, sheet name, page X/Y.
    pub footer: String,
    pub title: Format,
    pub bold: Format,
    pub header: Format,
    pub int: Format,
    pub date: Format,
    pub pct: Format,
    pub text: Format,
    pub wrap: Format,
    pub change: Format,
    /// The `Cộng` row under a table: bold, ruled above.
    pub total_label: Format,
    pub total_int: Format,
    /// A note for the screen beside a table: small, grey.
    pub note: Format,
    /// Every other row of a filter range, shaded like a table's bands.
    pub band: Format,
}

/// The page footer: plan code, sheet name, page X/Y, in 12 pt Times New Roman (a sheet
/// printed at 75 % still shows it at 9 pt). The font name after the size ends its digits,
/// so a plan code starting with a digit is not read as part of the size.
pub fn footer(plan_code: &str) -> String {
    let font = "&12&\"Times New Roman\"";
    // `&` starts a code in Excel headers and footers.
    let code = plan_code.replace('&', "&&");
    format!("&L{font}{code}&C{font}&A&R{font}Trang &P/&N")
}

impl Fmts {
    pub fn new(plan_code: &str) -> Fmts {
        // Every cell top-aligned: a wrapped label and its figures sit on one line.
        let base = Format::new()
            .set_font_name("Times New Roman")
            .set_font_size(11)
            .set_align(FormatAlign::Top);
        let total = base.clone().set_bold().set_border_top(FormatBorder::Thin);
        Fmts {
            footer: footer(plan_code),
            title: base.clone().set_bold().set_font_size(14),
            bold: base.clone().set_bold(),
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color("#DDEBF7")
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter),
            int: base.clone().set_num_format("#,##0"),
            date: base.clone().set_num_format("dd/mm/yyyy"),
            pct: base.clone().set_num_format("0.0%"),
            wrap: base.clone().set_text_wrap(),
            change: base.clone().set_text_wrap().set_align(FormatAlign::Right),
            note: base.clone().set_font_size(9).set_font_color("#7F7F7F"),
            // The band colour of the tables' style (Table Style Medium 9).
            band: Format::new().set_background_color("#DCE6F1"),
            text: base,
            total_int: total.clone().set_num_format("#,##0"),
            total_label: total,
        }
    }
}

impl Fmts {
    /// Gives every cell format its number in the workbook, in this order, before any sheet
    /// is written. Constant-memory sheets number a format when they first use it, and sheets
    /// filled side by side would otherwise number them in whatever order their threads got
    /// there: the same run would not give the same bytes twice.
    pub fn register(&self, wb: &mut Workbook) {
        for format in self.registered() {
            wb.register_format(format);
        }
    }

    /// The cell formats in the order [`Fmts::register`] numbers them.
    pub fn registered(&self) -> [&Format; 12] {
        [
            &self.title,
            &self.bold,
            &self.header,
            &self.int,
            &self.date,
            &self.pct,
            &self.text,
            &self.wrap,
            &self.change,
            &self.total_label,
            &self.total_int,
            &self.note,
        ]
    }
}

impl V {
    /// The format a cell of this kind is written with.
    fn format<'f>(&self, f: &'f Fmts) -> &'f Format {
        match self {
            V::Text(_) => &f.text,
            V::Wrapped(_) => &f.wrap,
            V::Change(_) => &f.change,
            V::Int(_) => &f.int,
            V::Date(_) => &f.date,
            V::Percent(_) => &f.pct,
        }
    }

    fn same_kind(&self, other: &V) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

pub fn write_value(ws: &mut Worksheet, r: u32, col: u16, v: &V, f: &Fmts) -> Result<(), XlsxError> {
    write_cell(ws, r, col, v, Some(v.format(f)))
}

/// Characters of 11 pt Times New Roman a column holds per unit of width: measured 1.4 in
/// LibreOffice's export (a 125-character label on two lines of a 44-wide column), less a
/// margin for words that do not break where the line ends.
const CHARS_PER_WIDTH: f64 = 1.25;

/// Lines a wrapped text needs in a column `width` characters wide (Excel's unit).
pub fn lines_for(text: &str, width: f64) -> u32 {
    (text.chars().count() as f64 / (width * CHARS_PER_WIDTH))
        .ceil()
        .max(1.0) as u32
}

/// The sum of each of `cols` over `rows` (whole numbers only), for [`total_row`].
pub fn column_sums(
    rows: &[Vec<V>],
    cols: impl IntoIterator<Item = usize>,
) -> Vec<(u16, Option<i64>)> {
    cols.into_iter()
        .map(|col| {
            let sum = rows
                .iter()
                .map(|row| match row.get(col) {
                    Some(V::Int(n)) => *n,
                    _ => 0,
                })
                .sum();
            (col as u16, Some(sum))
        })
        .collect()
}

/// The `Cộng` row at row `r`: the label in `label_col` and each `(column, sum)`, bold and
/// ruled above; a column listed with `None` has no meaningful sum and shows `—`.
pub fn total_row(
    ws: &mut Worksheet,
    r: u32,
    label_col: u16,
    sums: &[(u16, Option<i64>)],
    f: &Fmts,
) -> Result<u32, XlsxError> {
    ws.write_string_with_format(r, label_col, "Cộng", &f.total_label)?;
    for (col, sum) in sums {
        match sum {
            Some(n) => ws.write_number_with_format(r, *col, *n as f64, &f.total_int)?,
            None => ws.write_string_with_format(r, *col, "—", &f.total_label)?,
        };
    }
    Ok(r + 1)
}

/// Writes `v` with `format`, or with none: the cell then takes its column's format.
fn write_cell(
    ws: &mut Worksheet,
    r: u32,
    col: u16,
    v: &V,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    match (v, format) {
        (V::Text(s) | V::Wrapped(s) | V::Change(s), Some(fm)) => {
            ws.write_string_with_format(r, col, s, fm)?;
        }
        (V::Text(s) | V::Wrapped(s) | V::Change(s), None) => {
            ws.write_string(r, col, s)?;
        }
        (V::Int(n), Some(fm)) => {
            ws.write_number_with_format(r, col, *n as f64, fm)?;
        }
        (V::Int(n), None) => {
            ws.write_number(r, col, *n as f64)?;
        }
        (V::Percent(Some(p)), Some(fm)) => {
            ws.write_number_with_format(r, col, *p, fm)?;
        }
        (V::Percent(Some(p)), None) => {
            ws.write_number(r, col, *p)?;
        }
        (V::Date(Some(d)), fm) => {
            use chrono::Datelike;
            let x = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            match fm {
                Some(fm) => ws.write_datetime_with_format(r, col, &x, fm)?,
                None => ws.write_datetime(r, col, &x)?,
            };
        }
        (V::Date(None) | V::Percent(None), _) => {}
    }
    Ok(())
}

/// Columns (Excel's width unit) an A4 page holds at 100 % between the margins below, as
/// measured in LibreOffice's PDF export: 258 columns printed one page wide at 41 %, 235 at
/// 45 %, 164 at 67 % (landscape).
const PORTRAIT_CHARS: f64 = 73.0;
const LANDSCAPE_CHARS: f64 = 106.0;
/// The smallest print scale that keeps 11 pt text legible on paper (8.8 pt ≥ 8 pt).
const MIN_SCALE_PERCENT: u16 = 80;

/// Prints on A4 legibly: portrait or landscape one page wide when that keeps the text at
/// ≥ 8 pt; a wider sheet prints at that scale across pages, its first `key_cols` columns
/// (the unit or the file a row is about) repeated at the left of every page. `repeat` (the
/// header row) on every page; footer with plan code, sheet and page X/Y.
pub fn print_setup(
    ws: &mut Worksheet,
    f: &Fmts,
    width_chars: f64,
    repeat: Option<u32>,
    key_cols: u16,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    let min_scale = f64::from(MIN_SCALE_PERCENT) / 100.0;
    ws.set_paper_size(A4);
    if width_chars <= PORTRAIT_CHARS {
        ws.set_portrait();
        ws.set_print_fit_to_pages(1, 0);
    } else if width_chars <= LANDSCAPE_CHARS / min_scale {
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_landscape();
        ws.set_print_scale(MIN_SCALE_PERCENT);
        if key_cols > 0 {
            ws.set_repeat_columns(0, key_cols - 1)?;
        }
    }
    // Narrow top and bottom: the header row and the footer still clear the text.
    ws.set_margins(0.4, 0.4, 0.4, 0.45, 0.15, 0.2);
    ws.set_footer(&f.footer);
    if let Some(r) = repeat {
        ws.set_repeat_rows(r, r)?;
    }
    Ok(())
}

/// The leading columns that say what a row is about (unit code and name, or the file),
/// repeated at the left of every page of a sheet too wide for one.
fn key_columns(headers: &[&str]) -> u16 {
    match headers {
        ["Mã đơn vị", "Tên công đoàn cơ sở", ..] => 2,
        ["Tệp", ..] => 1,
        _ => 0,
    }
}

/// Above this many rows a sheet gets a filter range rather than an Excel table: rust_xlsxwriter
/// keeps every cell of a table in a hash map until the file is saved (at 100,000 units the
/// `Tiến độ` and `Theo đơn vị` tables held about 200 MB and cost 1.2 s).
const TABLE_MAX_ROWS: usize = 20_000;

/// Builds row `i` of a table on demand, so no sheet needs a second copy of all its rows.
pub type RowFn<'a> = dyn FnMut(usize) -> Vec<V> + 'a;

/// Writes an Excel table (filters, header) of `n` rows starting at `row0`, rows in order
/// (as constant-memory worksheets need); returns the next free row.
pub fn table(
    ws: &mut Worksheet,
    row0: u32,
    headers: &[&str],
    widths: &[f64],
    n: usize,
    row: &mut RowFn<'_>,
    f: &Fmts,
) -> Result<u32, XlsxError> {
    let block = Block {
        row0,
        headers,
        widths,
        printed: headers.len(),
        n,
        shape: Shape::by_size(n),
    };
    table_printing(ws, &block, row, f)
}

/// How a block of rows is laid out under its header.
#[derive(Clone, Copy, PartialEq)]
pub enum Shape {
    /// An Excel table (filters, banded rows).
    Table,
    /// A filter range with banded rows: looks like a table, without rust_xlsxwriter's map of
    /// every cell of a table (a fifth of a re-run's time at 2,000 returns, where the row
    /// sheets hold 23,000 rows).
    Filter,
}

impl Shape {
    /// An Excel table up to [`TABLE_MAX_ROWS`] rows, a filter range past them.
    pub fn by_size(n: usize) -> Shape {
        match n <= TABLE_MAX_ROWS {
            true => Shape::Table,
            false => Shape::Filter,
        }
    }
}

/// A block of `n` rows under a header row at `row0`: its columns and their widths, the
/// leading `printed` of them sized for paper (the caller sets the print area to them), and
/// its layout.
pub struct Block<'a> {
    pub row0: u32,
    pub headers: &'a [&'a str],
    pub widths: &'a [f64],
    pub printed: usize,
    pub n: usize,
    pub shape: Shape,
}

/// [`table`] laid out as `b` says.
pub fn table_printing(
    ws: &mut Worksheet,
    b: &Block<'_>,
    row: &mut RowFn<'_>,
    f: &Fmts,
) -> Result<u32, XlsxError> {
    let Block {
        row0, widths, n, ..
    } = *b;
    let mut first = (n > 0).then(|| row(0));
    let column_kinds = frame(ws, b, first.as_deref(), f)?;
    let wrap_long = wraps_long_text(n);
    // The header row has its own height; then each row that wraps.
    let mut last_sized = true;
    for r in 0..n {
        let (cells, lines) = row_cells(first.take().unwrap_or_else(|| row(r)), widths, wrap_long);
        if lines > 1 {
            ws.set_row_height(row0 + 1 + r as u32, row_height(lines))?;
        }
        last_sized = lines > 1;
        for (col, v) in cells.iter().enumerate() {
            let column = column_kinds.get(col).filter(|k| k.same_kind(v));
            let format = if column.is_some() {
                None
            } else {
                Some(v.format(f))
            };
            write_cell(ws, row0 + 1 + r as u32, col as u16, v, format)?;
        }
    }
    // rust_xlsxwriter 0.102's constant-memory sheets write their last row twice when it
    // has a height of its own (the second time empty, with the same number): Excel reads
    // such a file as damaged. A blank cell on the row below makes that row the last one.
    if last_sized {
        ws.write_blank(row0 + 1 + n as u32, 0, &f.text)?;
    }
    Ok(row0 + n.max(1) as u32 + 1)
}

/// The height of a row of `lines` lines of 11 pt text (twenty at most).
pub fn row_height(lines: u32) -> u32 {
    15 * lines.min(20)
}

/// Long text wraps where a sheet is something people print; a province-sized sheet (past an
/// Excel table's size here) keeps one line a row: sizing half a million rows cost 2.7 s and
/// 400 MB at 100,000 returns, for pages nobody prints.
pub fn wraps_long_text(rows: usize) -> bool {
    rows <= TABLE_MAX_ROWS
}

/// A row's cells as written (long text wrapped when `wrap_long`) and the lines it needs:
/// spreadsheet programs do not grow a row for wrapped text on opening, so a row gets the
/// lines its longest wrapped cell needs, and nothing prints cut or overlapping.
pub fn row_cells(cells: Vec<V>, widths: &[f64], wrap_long: bool) -> (Vec<V>, u32) {
    let cells: Vec<V> = (cells.into_iter().enumerate())
        .map(|(col, v)| match wrap_long {
            true => wrap_if_long(v, widths.get(col).copied().unwrap_or(8.43)),
            false => v,
        })
        .collect();
    let lines = (cells.iter().zip(widths))
        .filter_map(|(v, w)| match v {
            V::Wrapped(text) | V::Change(text) => Some(lines_for(text, *w)),
            _ => None,
        })
        .max()
        .unwrap_or(1);
    (cells, lines)
}

/// Everything of a block of `n` rows but the rows: column widths, print setup (a block that
/// is the whole sheet), the header row, the table or filter range and its bands, and the
/// columns' formats from the `first` row (a block that is the whole sheet); returns those.
pub fn frame(
    ws: &mut Worksheet,
    b: &Block<'_>,
    first: Option<&[V]>,
    f: &Fmts,
) -> Result<Vec<V>, XlsxError> {
    let Block {
        row0,
        headers,
        widths,
        printed,
        n,
        shape,
    } = *b;
    for (i, w) in widths.iter().enumerate() {
        ws.set_column_width(i as u16, *w)?;
    }
    if row0 == 0 {
        // A table that is the whole sheet: print it with its header on every page.
        let printed = printed.min(headers.len());
        let width = widths.iter().take(printed).sum::<f64>()
            + 8.43 * printed.saturating_sub(widths.len()) as f64;
        print_setup(ws, f, width, Some(0), key_columns(headers))?;
    }
    let last = row0 + n.max(1) as u32;
    let last_col = headers.len() as u16 - 1;
    if shape == Shape::Table {
        let cols: Vec<TableColumn> = (headers.iter())
            .map(|h| {
                TableColumn::new()
                    .set_header(*h)
                    .set_header_format(&f.header)
            })
            .collect();
        // The table writes its header row: before the data, which must come in row order.
        ws.add_table(row0, 0, last, last_col, &Table::new().set_columns(&cols))?;
    } else {
        // rust_xlsxwriter records every cell of a table in a hash map (to refuse overlapping
        // tables): about 40 bytes a cell. Row sheets get a filter range, banded as the
        // tables are (one rule for the whole range, not a format per cell).
        for (col, h) in headers.iter().enumerate() {
            ws.write_string_with_format(row0, col as u16, *h, &f.header)?;
        }
        ws.autofilter(row0, 0, last, last_col)?;
        if n > 0 {
            let band = ConditionalFormatFormula::new()
                .set_rule("=MOD(ROW(),2)=0")
                .set_format(&f.band);
            ws.add_conditional_format(row0 + 1, 0, last, last_col, &band)?;
        }
    }
    // Two lines at least; more when a heading needs them (headings wrap in their column).
    let lines = (headers.iter().zip(widths))
        .map(|(h, w)| lines_for(h, *w))
        .max()
        .unwrap_or(1);
    ws.set_row_height(row0, if lines > 2 { 15 * lines + 2 } else { 32 })?;
    // A table that is the whole sheet sets its columns' formats from its first row, and
    // writes the cells of that kind without one: rust_xlsxwriter then need not look each
    // cell's format up (hashing it), which was most of the time spent on row-level sheets.
    let column_kinds: Vec<V> = match first {
        Some(cells) if row0 == 0 => cells.to_vec(),
        _ => Vec::new(),
    };
    for (col, v) in column_kinds.iter().enumerate() {
        ws.set_column_format(col as u16, v.format(f))?;
    }
    Ok(column_kinds)
}

/// Text longer than its column wraps in it: a spreadsheet cuts it at the next filled cell
/// on screen and on paper.
fn wrap_if_long(v: V, width: f64) -> V {
    match v {
        V::Text(s) if s.chars().count() as f64 > width * CHARS_PER_WIDTH => V::Wrapped(s),
        v => v,
    }
}

/// [`table`] over rows already built (the small tables of `Tổng hợp`, feedback files).
pub fn table_of(
    ws: &mut Worksheet,
    row0: u32,
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<V>],
    f: &Fmts,
) -> Result<u32, XlsxError> {
    table(
        ws,
        row0,
        headers,
        widths,
        rows.len(),
        &mut |i| rows[i].clone(),
        f,
    )
}

/// `a / b`, none when `b` is 0.
pub fn pct(a: i64, b: i64) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}
