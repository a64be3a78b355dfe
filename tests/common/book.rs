//! Returns as units really fill them, built with rust_xlsxwriter: the contract layout by
//! default, and every quirk a test needs (merged cells, renamed or deleted sheets, typed
//! text in number columns, a last-saved time in the document properties).
#![allow(dead_code)]

use danvan::contract as c;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// A cell value.
#[derive(Clone, Debug)]
pub enum Cell {
    S(String),
    N(f64),
    D(u16, u8, u8),
    E,
}

pub fn s(x: &str) -> Cell {
    Cell::S(x.to_string())
}

pub fn n(x: f64) -> Cell {
    Cell::N(x)
}

/// A propaganda row: date, topic, form, audience, sessions, attendance, speakers.
pub fn prop(day: u8, topic: &str, audience: &str, sessions: Cell, attendance: Cell) -> Vec<Cell> {
    vec![
        Cell::E,
        Cell::D(2024, 12, day),
        s(topic),
        s("HT1"),
        s(audience),
        sessions,
        attendance,
        n(1.0),
        s("Hội trường"),
        Cell::E,
    ]
}

/// An activity row: date, kind, description, quantity, participants, value.
pub fn act(day: u8, kind: &str, quantity: Cell, participants: Cell, value: Cell) -> Vec<Cell> {
    vec![
        Cell::E,
        Cell::D(2024, 12, day),
        s(kind),
        s("Nội dung"),
        quantity,
        participants,
        value,
        Cell::E,
        Cell::E,
        Cell::E,
    ]
}

/// One sheet: a name and cells by (row, col), plus merged regions.
#[derive(Clone, Debug)]
pub struct Sheet {
    pub name: String,
    pub cells: Vec<(u32, u16, Cell)>,
    /// (first row, first col, last row, last col): the top-left cell keeps its value.
    pub merges: Vec<(u32, u16, u32, u16)>,
}

impl Sheet {
    pub fn new(name: &str) -> Sheet {
        Sheet {
            name: name.to_string(),
            cells: Vec::new(),
            merges: Vec::new(),
        }
    }

    pub fn set(&mut self, row: u32, col: u16, v: Cell) {
        self.cells.retain(|(r, c, _)| (*r, *c) != (row, col));
        self.cells.push((row, col, v));
    }

    /// A label/value sheet.
    pub fn labels(name: &str, pairs: &[(&str, Cell)]) -> Sheet {
        let mut sh = Sheet::new(name);
        for (r, (l, v)) in pairs.iter().enumerate() {
            sh.set(r as u32, 0, s(l));
            sh.set(r as u32, 1, v.clone());
        }
        sh
    }

    /// A table: the header row, then the rows.
    pub fn table(name: &str, headers: &[&str], rows: &[Vec<Cell>]) -> Sheet {
        let mut sh = Sheet::new(name);
        for (i, h) in headers.iter().enumerate() {
            sh.set(0, i as u16, s(h));
        }
        for (r, row) in rows.iter().enumerate() {
            for (i, v) in row.iter().enumerate() {
                sh.set(r as u32 + 1, i as u16, v.clone());
            }
        }
        sh
    }

    /// The cell of `header` in data row `i` (0-based, below the header).
    pub fn at(&self, i: u32, header: &str) -> (u32, u16) {
        let col = self
            .cells
            .iter()
            .find(|(r, _, v)| *r == 0 && matches!(v, Cell::S(t) if t == header))
            .map(|(_, c, _)| *c)
            .expect("header present");
        (i + 1, col)
    }
}

/// A whole workbook.
#[derive(Clone, Debug)]
pub struct Book {
    pub sheets: Vec<Sheet>,
    /// The last-saved time recorded in the document properties (UTC).
    pub saved: Option<(u16, u8, u8, u16, u8, u8)>,
}

impl Book {
    /// A clean return of `code`/`name` in the contract layout, with `prop` and `act` rows.
    pub fn ret(
        code: &str,
        name: &str,
        report: Cell,
        props: &[Vec<Cell>],
        acts: &[Vec<Cell>],
    ) -> Book {
        Book {
            sheets: vec![
                Sheet::labels(
                    c::SHEET_INFO,
                    &[
                        (c::INFO_CODE, s(code)),
                        (c::INFO_NAME, s(name)),
                        (c::INFO_COMMUNE, s("Xã Chà Là")),
                        (c::INFO_REPORTER, s("Nguyễn Văn An")),
                        (c::INFO_REPORT_DATE, report),
                        (c::INFO_MEMBERS, n(200.0)),
                    ],
                ),
                Sheet::table(c::SHEET_PROPAGANDA, &c::PROPAGANDA_HEADERS, props),
                Sheet::table(c::SHEET_ACTIVITIES, &c::ACTIVITY_HEADERS, acts),
                Sheet::labels(
                    c::SHEET_SITUATION,
                    &[(c::SIT_STRIKES, n(0.0)), (c::SIT_MORALE, s("Ổn định"))],
                ),
            ],
            saved: None,
        }
    }

    pub fn sheet(&mut self, name: &str) -> &mut Sheet {
        self.sheets
            .iter_mut()
            .find(|s| s.name == name)
            .expect("sheet present")
    }

    pub fn bytes(&self) -> Vec<u8> {
        let mut wb = Workbook::new();
        let df = Format::new().set_num_format("dd/mm/yyyy");
        let plain = Format::new();
        if let Some((y, m, d, h, mi, sec)) = self.saved {
            let t = ExcelDateTime::from_ymd(y, m, d)
                .unwrap()
                .and_hms(h, mi, sec)
                .unwrap();
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        } else {
            // A fixed time before any campaign: not a saved time (danvan ignores it).
            let t = ExcelDateTime::from_ymd(2024, 1, 1).unwrap();
            wb.set_properties(&DocProperties::new().set_creation_datetime(&t));
        }
        for sh in &self.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&sh.name).unwrap();
            for (r1, c1, r2, c2) in &sh.merges {
                ws.merge_range(*r1, *c1, *r2, *c2, "", &plain).unwrap();
            }
            for (r, col, v) in &sh.cells {
                match v {
                    Cell::S(t) => {
                        ws.write_string(*r, *col, t).unwrap();
                    }
                    Cell::N(x) => {
                        ws.write_number(*r, *col, *x).unwrap();
                    }
                    Cell::D(y, m, d) => {
                        ws.write_datetime_with_format(
                            *r,
                            *col,
                            ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                            &df,
                        )
                        .unwrap();
                    }
                    Cell::E => {}
                }
            }
        }
        wb.save_to_buffer().unwrap()
    }
}
