//! One trigger and one near miss per issue code (docs/ma-loi.md).
//!
//! Each case starts from a clean return built here with rust_xlsxwriter, changes one thing
//! so that the code must fire (at the stated cell), and changes it slightly differently so
//! that it must not: a near miss adds no issue of that code and no error at all.

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use danvan::arrival::Receipts;
use danvan::consolidate::{consolidate, Outcome};
use danvan::contract as c;
use danvan::issue::{Code, Issue, Severity};
use danvan::plan::Plan;
use danvan::read::Limits;
use danvan::reading::Reading;
use danvan::roster::Roster;
use danvan::sample::to_tcvn3;
use danvan::submission::{read_return, Context, Matchers, Submission};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

/// A cell value in a built return.
#[derive(Clone, Debug)]
enum V {
    S(String),
    N(f64),
    D(u16, u8, u8),
    /// A formula with a stored result.
    F(&'static str, &'static str),
    /// A formula whose stored result is removed afterwards, as some tools save them.
    FNoValue(&'static str),
    E,
}

fn s(x: &str) -> V {
    V::S(x.to_string())
}

/// A return, sheet by sheet, in the contract layout.
#[derive(Clone)]
struct Ret {
    info: Vec<(String, V)>,
    prop_headers: Vec<String>,
    prop: Vec<Vec<V>>,
    act_headers: Vec<String>,
    act: Vec<Vec<V>>,
    situation: Option<Vec<(String, V)>>,
    meta: Option<Vec<(String, String)>>,
    /// Replace every sheet by one unrelated sheet.
    unrelated: bool,
    /// More sheets after the template's: a name and rows of cells.
    extra_sheets: Vec<(String, Vec<Vec<V>>)>,
    /// Rows (1-based, as in Excel) of `Tuyên truyền` hidden by hand.
    hidden_prop_rows: Vec<u32>,
}

const UNIT: &str = "CD05";
const UNIT_NAME: &str = "CĐCS cơ quan UBND xã Phước Minh";

impl Ret {
    fn clean() -> Ret {
        let info = vec![
            (c::INFO_CODE.into(), s(UNIT)),
            (c::INFO_NAME.into(), s(UNIT_NAME)),
            (c::INFO_COMMUNE.into(), s("Xã Phước Minh")),
            (c::INFO_REPORTER.into(), s("Dương Thị Oanh")),
            (c::INFO_POSITION.into(), s("Chủ tịch")),
            (c::INFO_PHONE.into(), s("0942303440")),
            (c::INFO_REPORT_DATE.into(), V::D(2024, 12, 30)),
            (c::INFO_MEMBERS.into(), V::N(100.0)),
        ];
        let prop = vec![
            vec![
                V::N(1.0),
                V::D(2024, 12, 18),
                s("TT01"),
                s("HT1"),
                s("DT1"),
                V::N(2.0),
                V::N(80.0),
                V::N(1.0),
                s("Hội trường UBND xã"),
                V::E,
            ],
            vec![
                V::N(2.0),
                V::D(2024, 12, 20),
                s("TT03"),
                s("HT2"),
                s("DT4"),
                V::N(1.0),
                V::N(45.0),
                V::N(2.0),
                s("Ấp Phước Bình"),
                V::E,
            ],
        ];
        let act = vec![
            vec![
                V::N(1.0),
                V::D(2024, 12, 21),
                s("HD02"),
                s("Thăm hỏi thương binh"),
                V::N(3.0),
                V::N(5.0),
                V::N(1_500_000.0),
                V::E,
                s("Xã Phước Minh"),
                V::E,
            ],
            vec![
                V::N(2.0),
                V::D(2024, 12, 22),
                s("HD09"),
                s("Ủng hộ Quỹ Vì người nghèo"),
                V::N(40.0),
                V::N(40.0),
                V::N(4_000_000.0),
                V::E,
                V::E,
                V::E,
            ],
        ];
        Ret {
            info,
            prop_headers: c::PROPAGANDA_HEADERS.map(String::from).to_vec(),
            prop,
            act_headers: c::ACTIVITY_HEADERS.map(String::from).to_vec(),
            act,
            situation: Some(vec![
                (c::SIT_STRIKES.into(), V::N(0.0)),
                (c::SIT_MORALE.into(), s("Ổn định")),
            ]),
            meta: None,
            unrelated: false,
            extra_sheets: Vec::new(),
            hidden_prop_rows: Vec::new(),
        }
    }

    fn set_info(&mut self, label: &str, v: V) {
        self.info.iter_mut().find(|(l, _)| l == label).unwrap().1 = v;
    }

    fn bytes(&self) -> Vec<u8> {
        let mut wb = Workbook::new();
        let df = Format::new().set_num_format("dd/mm/yyyy");
        let mut no_value = false;
        let mut put = |ws: &mut rust_xlsxwriter::Worksheet, r: u32, col: u16, v: &V| match v {
            V::S(t) => {
                ws.write_string(r, col, t).unwrap();
            }
            V::N(n) => {
                ws.write_number(r, col, *n).unwrap();
            }
            V::D(y, m, d) => {
                ws.write_datetime_with_format(
                    r,
                    col,
                    ExcelDateTime::from_ymd(*y, *m, *d).unwrap(),
                    &df,
                )
                .unwrap();
            }
            V::F(f, result) => {
                ws.write_formula(r, col, Formula::new(*f).set_result(*result))
                    .unwrap();
            }
            V::FNoValue(f) => {
                no_value = true;
                ws.write_formula(r, col, Formula::new(*f)).unwrap();
            }
            V::E => {}
        };
        if self.unrelated {
            let ws = wb.add_worksheet();
            ws.set_name("Bảng lương").unwrap();
            put(ws, 0, 0, &s("Họ tên"));
            put(ws, 0, 1, &s("Lương"));
            put(ws, 1, 0, &s("Nguyễn Văn A"));
            put(ws, 1, 1, &V::N(7_000_000.0));
        } else {
            let ws = wb.add_worksheet();
            ws.set_name(c::SHEET_INFO).unwrap();
            for (r, (l, v)) in self.info.iter().enumerate() {
                put(ws, r as u32, 0, &s(l));
                put(ws, r as u32, 1, v);
            }
            for (name, headers, rows) in [
                (c::SHEET_PROPAGANDA, &self.prop_headers, &self.prop),
                (c::SHEET_ACTIVITIES, &self.act_headers, &self.act),
            ] {
                let ws = wb.add_worksheet();
                ws.set_name(name).unwrap();
                for (i, h) in headers.iter().enumerate() {
                    put(ws, 0, i as u16, &s(h));
                }
                for (r, row) in rows.iter().enumerate() {
                    for (i, v) in row.iter().enumerate() {
                        put(ws, r as u32 + 1, i as u16, v);
                    }
                }
                if name == c::SHEET_PROPAGANDA {
                    for r in &self.hidden_prop_rows {
                        ws.set_row_hidden(r - 1).unwrap();
                    }
                }
            }
            if let Some(sit) = &self.situation {
                let ws = wb.add_worksheet();
                ws.set_name(c::SHEET_SITUATION).unwrap();
                for (r, (l, v)) in sit.iter().enumerate() {
                    put(ws, r as u32, 0, &s(l));
                    put(ws, r as u32, 1, v);
                }
            }
            for (name, rows) in &self.extra_sheets {
                let ws = wb.add_worksheet();
                ws.set_name(name).unwrap();
                for (r, row) in rows.iter().enumerate() {
                    for (i, v) in row.iter().enumerate() {
                        put(ws, r as u32, i as u16, v);
                    }
                }
            }
            if let Some(meta) = &self.meta {
                let ws = wb.add_worksheet();
                ws.set_name(c::SHEET_META).unwrap();
                for (r, (k, v)) in meta.iter().enumerate() {
                    put(ws, r as u32, 0, &s(k));
                    put(ws, r as u32, 1, &s(v));
                }
            }
        }
        let bytes = wb.save_to_buffer().unwrap();
        if no_value {
            strip_formula_values(&bytes)
        } else {
            bytes
        }
    }
}

/// Removes the cached result of every formula (`<f>…</f><v>0</v>` → `<f>…</f>`), as
/// spreadsheets written by some generators arrive.
fn strip_formula_values(xlsx: &[u8]) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(data).unwrap();
            let mut fixed = String::new();
            let mut rest = text.as_str();
            while let Some(i) = rest.find("</f><v>") {
                fixed.push_str(&rest[..i + 4]);
                let after = &rest[i + 4..];
                let end = after.find("</v>").unwrap() + 4;
                rest = &after[end..];
            }
            fixed.push_str(rest);
            data = fixed.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

struct Env {
    plan: Plan,
    roster: Roster,
    matchers: Matchers,
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        let plan = Plan::default_plan();
        Env {
            matchers: Matchers::new(&plan),
            plan,
            roster: Roster::sample(),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn read(&self, name: &str, bytes: &[u8]) -> Submission {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let ctx = Context {
            plan: &self.plan,
            roster: &self.roster,
            matchers: &self.matchers,
            limits: Limits::default(),
        };
        read_return(&path, name, &ctx)
    }

    /// Consolidates `files` (name, bytes) written into a fresh folder, as of 02/01/2025.
    fn consolidate(&self, files: &[(&str, Vec<u8>)]) -> Outcome {
        self.consolidate_as_of(files, chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap())
    }

    fn consolidate_as_of(&self, files: &[(&str, Vec<u8>)], as_of: chrono::NaiveDate) -> Outcome {
        let folder = self
            .dir
            .path()
            .join(format!("run-{}", files.len() * 7 + files[0].0.len()));
        std::fs::create_dir_all(&folder).unwrap();
        for (name, bytes) in files {
            std::fs::write(folder.join(name), bytes).unwrap();
        }
        let read = Reading {
            parallel: false,
            ..Reading::new(&self.plan, &self.roster)
        }
        .read(&[folder]);
        consolidate(read, &self.plan, &self.roster, &Receipts::default(), as_of)
    }
}

fn with_code(issues: &[Issue], code: Code) -> Vec<&Issue> {
    issues.iter().filter(|i| i.code == code).collect()
}

fn errors(issues: &[Issue]) -> Vec<String> {
    issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.line())
        .collect()
}

/// Asserts the trigger fires `code` (at `cell` when given) and the near miss is clean.
/// The codes a test has seen produced (by the file or run it built), for the meta-test.
static PRODUCED: std::sync::Mutex<std::collections::BTreeSet<Code>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

fn produced(code: Code) {
    PRODUCED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(code);
}

fn check(code: Code, trigger: &Submission, near: &Submission, cell: Option<&str>) {
    let hits = with_code(&trigger.issues, code);
    assert!(
        !hits.is_empty(),
        "{}: trigger did not fire; issues: {:#?}",
        code.as_str(),
        trigger.issues
    );
    produced(code);
    if let Some(cell) = cell {
        assert!(
            hits.iter().any(|i| i.cell_a1().as_deref() == Some(cell)),
            "{}: expected at {cell}, got {:?}",
            code.as_str(),
            hits.iter().map(|i| i.line()).collect::<Vec<_>>()
        );
    }
    for i in &hits {
        assert_eq!(i.severity, code.severity());
        assert!(!i.message.is_empty());
        assert_eq!(i.file, trigger.file, "the issue names its file");
    }
    let near_hits = with_code(&near.issues, code);
    assert!(
        near_hits.is_empty(),
        "{}: near miss fired: {:?}",
        code.as_str(),
        near_hits.iter().map(|i| i.line()).collect::<Vec<_>>()
    );
    assert!(
        errors(&near.issues).is_empty(),
        "{}: near miss has errors: {:?}",
        code.as_str(),
        errors(&near.issues)
    );
}

/// One test per code that a single file can trigger: `case!(name, Code, |r| trigger, |r| near, cell)`.
macro_rules! case {
    ($name:ident, $code:expr, $trigger:expr, $near:expr, $cell:expr) => {
        #[test]
        fn $name() {
            let env = Env::new();
            let mut t = Ret::clean();
            #[allow(clippy::redundant_closure_call)]
            ($trigger)(&mut t);
            let mut n = Ret::clean();
            #[allow(clippy::redundant_closure_call)]
            ($near)(&mut n);
            let trigger = env.read("trigger.xlsx", &t.bytes());
            let near = env.read("near.xlsx", &n.bytes());
            check($code, &trigger, &near, $cell);
        }
    };
}

#[test]
fn the_clean_return_is_clean_and_read_exactly() {
    let env = Env::new();
    let sub = env.read("clean.xlsx", &Ret::clean().bytes());
    assert!(sub.issues.is_empty(), "{:#?}", sub.issues);
    assert_eq!((sub.rows_read(), sub.rows_counted()), (4, 4));
    assert_eq!(
        sub.propaganda.iter().map(|r| r.attendance).sum::<i64>(),
        125
    );
    assert_eq!(
        sub.activities.iter().map(|r| r.value).sum::<i64>(),
        5_500_000
    );
}

case!(
    not_a_return,
    Code::NotAReturn,
    |r: &mut Ret| r.unrelated = true,
    |_: &mut Ret| {},
    None
);

case!(
    template_mismatch,
    Code::TemplateMismatch,
    |r: &mut Ret| {
        let plan = Plan::default_plan();
        r.meta = Some(vec![
            (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
            (c::META_PLAN_CODE.into(), plan.code.clone()),
            (c::META_TEMPLATE_VERSION.into(), "2023.1".into()),
        ])
    },
    |r: &mut Ret| {
        let plan = Plan::default_plan();
        r.meta = Some(vec![
            (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
            (c::META_PLAN_CODE.into(), plan.code.clone()),
            (
                c::META_TEMPLATE_VERSION.into(),
                plan.template_version.clone(),
            ),
            (c::META_UNIT_CODE.into(), UNIT.into()),
        ])
    },
    None
);

case!(
    other_period,
    Code::OtherPeriod,
    |r: &mut Ret| r.meta = Some(vec![
        (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
        (c::META_PLAN_CODE.into(), "12/KH-LĐLĐ".into()),
    ]),
    |r: &mut Ret| r.meta = Some(vec![
        (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
        (c::META_PLAN_CODE.into(), Plan::default_plan().code),
    ]),
    None
);

/// The unit's own total row below the propaganda rows: `sessions`, `attendance`.
fn total_row(r: &mut Ret, attendance: f64) {
    let sessions: f64 = r
        .prop
        .iter()
        .map(|row| match row[5] {
            V::N(x) => x,
            _ => 0.0,
        })
        .sum();
    let mut row = vec![V::E; 10];
    row[0] = s("Tổng cộng");
    row[5] = V::N(sessions);
    row[6] = V::N(attendance);
    r.prop.push(row);
}

case!(
    total_row_is_not_counted,
    Code::TotalRow,
    |r: &mut Ret| total_row(r, 125.0),
    |_: &mut Ret| {},
    None
);

case!(
    total_mismatch,
    Code::TotalMismatch,
    |r: &mut Ret| total_row(r, 999.0),
    |r: &mut Ret| total_row(r, 125.0),
    None
);

case!(
    sheet_missing,
    Code::SheetMissing,
    |r: &mut Ret| r.situation = None,
    |r: &mut Ret| r.situation = Some(vec![(c::SIT_STRIKES.into(), V::N(0.0))]),
    None
);

case!(
    column_missing,
    Code::ColumnMissing,
    |r: &mut Ret| r.prop_headers[6] = "Ghi chú thêm".into(),
    // Line breaks, double spaces and other case in a header still match.
    |r: &mut Ret| r.prop_headers[6] = "số lượt\nngười  tham dự".into(),
    None
);

case!(
    unit_unidentified,
    Code::UnitUnidentified,
    |r: &mut Ret| {
        r.set_info(c::INFO_CODE, V::E);
        r.set_info(c::INFO_NAME, V::E);
    },
    |r: &mut Ret| r.set_info(c::INFO_CODE, V::E),
    None
);

case!(
    unit_not_in_roster,
    Code::UnitNotInRoster,
    |r: &mut Ret| {
        r.set_info(c::INFO_CODE, s("ZZ77"));
        r.set_info(c::INFO_NAME, s("CĐCS Công ty TNHH Không Có Thật"));
    },
    // Code in lower case with spaces around it is still the roster's code.
    |r: &mut Ret| r.set_info(c::INFO_CODE, s(" cd05 ")),
    Some("B1")
);

case!(
    unit_name_approximate,
    Code::UnitNameApproximate,
    |r: &mut Ret| {
        r.set_info(c::INFO_CODE, V::E);
        r.set_info(c::INFO_NAME, s("CĐCS cơ quan UBND xã Phước Min"));
    },
    // Without code: other case, no diacritics and no "CĐCS" prefix are still an exact match.
    |r: &mut Ret| {
        r.set_info(c::INFO_CODE, V::E);
        r.set_info(c::INFO_NAME, s("co quan ubnd xa phuoc minh"));
    },
    Some("B2")
);

case!(
    unit_conflict,
    Code::UnitConflict,
    // A file pre-filled for CD06 in which CD05 typed its own code and name.
    |r: &mut Ret| r.meta = Some(vec![
        (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
        (c::META_PLAN_CODE.into(), Plan::default_plan().code),
        (c::META_UNIT_CODE.into(), "CD06".into()),
    ]),
    |r: &mut Ret| r.meta = Some(vec![
        (c::META_TEMPLATE.into(), c::META_TEMPLATE_NAME.into()),
        (c::META_PLAN_CODE.into(), Plan::default_plan().code),
        (c::META_UNIT_CODE.into(), UNIT.into()),
    ]),
    Some("B1")
);

case!(
    report_date_missing,
    Code::ReportDateMissing,
    |r: &mut Ret| r.set_info(c::INFO_REPORT_DATE, V::E),
    |r: &mut Ret| r.set_info(c::INFO_REPORT_DATE, s("30/12/2024")),
    Some("B7")
);

case!(
    date_missing,
    Code::DateMissing,
    |r: &mut Ret| r.prop[1][1] = V::E,
    // A date typed as its serial number is a date.
    |r: &mut Ret| r.prop[1][1] = V::N(45646.0),
    Some("B3")
);

case!(
    date_invalid,
    Code::DateInvalid,
    |r: &mut Ret| r.act[0][1] = s("32/12/2024"),
    |r: &mut Ret| r.act[0][1] = s("21.12.2024"),
    Some("B2")
);

case!(
    date_outside_window,
    Code::DateOutsideWindow,
    |r: &mut Ret| r.prop[0][1] = s("01/01/2025"),
    // The last day of the window, and a date without its year.
    |r: &mut Ret| {
        r.prop[0][1] = s("31/12/2024");
        r.prop[1][1] = s("17/12");
    },
    Some("B2")
);

case!(
    category_unknown,
    Code::CategoryUnknown,
    |r: &mut Ret| r.act[0][2] = s("HD42"),
    |r: &mut Ret| r.act[0][2] =
        s("HD02 - Thăm hỏi, động viên thương binh, bệnh binh, nạn nhân chất độc da cam"),
    Some("C2")
);

case!(
    category_normalized,
    Code::CategoryNormalized,
    |r: &mut Ret| r.prop[0][2] = s("luat nghia vu quan su"),
    |r: &mut Ret| r.prop[0][2] = s("TT03"),
    Some("C2")
);

case!(
    description_required,
    Code::DescriptionRequired,
    |r: &mut Ret| {
        r.act[0][2] = s("HD99");
        r.act[0][3] = V::E;
    },
    |r: &mut Ret| {
        r.act[0][2] = s("HD99");
        r.act[0][3] = s("Tặng sách cho thư viện ấp");
    },
    Some("D2")
);

case!(
    number_invalid,
    Code::NumberInvalid,
    |r: &mut Ret| r.prop[0][5] = s("hai"),
    |r: &mut Ret| r.prop[0][5] = s(" 2\u{a0}"),
    Some("F2")
);

case!(
    number_negative,
    Code::NumberNegative,
    |r: &mut Ret| r.act[1][6] = V::N(-4_000_000.0),
    |r: &mut Ret| r.act[1][6] = s("4.000.000 đ"),
    Some("G3")
);

case!(
    count_not_whole,
    Code::CountNotWhole,
    |r: &mut Ret| r.prop[1][6] = V::N(45.5),
    |r: &mut Ret| r.prop[1][6] = s("45,0"),
    Some("G3")
);

case!(
    value_required,
    Code::ValueRequired,
    |r: &mut Ret| r.act[1][6] = V::E,
    |r: &mut Ret| r.act[1][6] = s("1,5 triệu"),
    Some("G3")
);

case!(
    value_outlier,
    Code::ValueOutlier,
    // 100 members × 3 = 300 attendances per row at most.
    |r: &mut Ret| r.prop[0][6] = V::N(301.0),
    |r: &mut Ret| r.prop[0][6] = V::N(300.0),
    Some("G2")
);

case!(
    row_duplicate,
    Code::RowDuplicate,
    |r: &mut Ret| {
        let mut row = r.prop[0].clone();
        row[0] = V::N(3.0);
        r.prop.push(row);
    },
    // Same content on another day is another session.
    |r: &mut Ret| {
        let mut row = r.prop[0].clone();
        row[0] = V::N(3.0);
        row[1] = V::D(2024, 12, 19);
        r.prop.push(row);
    },
    Some("A4")
);

case!(
    formula_no_value,
    Code::FormulaNoValue,
    |r: &mut Ret| r.prop[0][6] = V::FNoValue("40*2"),
    |r: &mut Ret| r.prop[0][6] = V::F("40*2", "80"),
    Some("G2")
);

case!(
    text_legacy_encoding,
    Code::TextLegacyEncoding,
    |r: &mut Ret| r.prop[0][8] = s(&to_tcvn3("Hội trường UBND xã")),
    // NFD text and ordinary accented words are Unicode, not TCVN3.
    |r: &mut Ret| {
        use unicode_normalization::UnicodeNormalization;
        r.prop[0][8] = s(&"Hội trường ấp Phước Bình".nfd().collect::<String>());
    },
    Some("I2")
);

case!(
    row_incomplete,
    Code::RowIncomplete,
    // Inside the table (a row with figures follows): a row to fix. Under the table the
    // same line is a note (`row-note`).
    |r: &mut Ret| {
        let mut row = vec![V::E; 10];
        row[9] = s("Xem báo cáo kèm theo");
        r.prop.insert(1, row);
    },
    // A row holding nothing but its pre-printed number is an empty row of the template.
    |r: &mut Ret| {
        let mut row = vec![V::E; 10];
        row[0] = V::N(3.0);
        r.prop.push(row);
    },
    Some("J3")
);

case!(
    category_approximate,
    Code::CategoryApproximate,
    |r: &mut Ret| r.prop[0][2] = s("Nghĩa vụ quân sự"),
    |r: &mut Ret| r.prop[0][2] = s("luật nghĩa vụ quân sự"),
    Some("C2")
);

/// A count merged over two rows belongs to the first; the near miss types both.
#[test]
fn number_merged_and_near_miss() {
    use common::book::{n, prop, Book, Cell};
    let env = Env::new();
    let rows = vec![
        prop(18, "TT01", "DT2", n(1.0), n(60.0)),
        prop(18, "TT03", "DT2", n(1.0), Cell::E),
    ];
    let mut merged = Book::ret(UNIT, UNIT_NAME, Cell::D(2024, 12, 30), &rows, &[]);
    let sheet = merged.sheet(c::SHEET_PROPAGANDA);
    let (r, col) = sheet.at(0, "Số lượt người tham dự");
    sheet.merges.push((r, col, r + 1, col));
    let mut typed = Book::ret(UNIT, UNIT_NAME, Cell::D(2024, 12, 30), &rows, &[]);
    typed.sheet(c::SHEET_PROPAGANDA).set(r + 1, col, n(0.0));
    let trigger = env.read("merged.xlsx", &merged.bytes());
    let near = env.read("typed.xlsx", &typed.bytes());
    check(Code::NumberMerged, &trigger, &near, Some("G3"));
    assert_eq!(
        trigger.propaganda.iter().map(|r| r.attendance).sum::<i64>(),
        60
    );
}

#[test]
fn legacy_text_is_converted_to_unicode() {
    let env = Env::new();
    let mut r = Ret::clean();
    r.set_info(c::INFO_NAME, s(&to_tcvn3(UNIT_NAME)));
    r.set_info(c::INFO_CODE, V::E);
    let sub = env.read("tcvn.xlsx", &r.bytes());
    assert_eq!(sub.info.name, UNIT_NAME);
    assert_eq!(
        sub.unit,
        Some(danvan::submission::UnitId::Roster(
            Roster::sample().by_code(UNIT).unwrap()
        ))
    );
}

/// Files that are not returns at all.
#[test]
fn file_unreadable_and_near_miss() {
    let env = Env::new();
    let good = Ret::clean().bytes();
    let truncated = env.read("cut.xlsx", &good[..good.len() / 2]);
    let near = env.read("whole.xlsx", &good);
    check(Code::FileUnreadable, &truncated, &near, None);
    assert!(!truncated.readable);
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn file_encrypted_xlsx_and_xls_made_by_real_tools() {
    let env = Env::new();
    let near = env.read("ok.xlsx", &Ret::clean().bytes());
    for name in ["encrypted-msoffcrypto.xlsx", "encrypted-libreoffice.xls"] {
        let bytes = std::fs::read(fixture(name)).unwrap();
        let sub = env.read(name, &bytes);
        check(Code::FileEncrypted, &sub, &near, None);
        assert!(
            sub.issues[0].message.contains("mật khẩu"),
            "{}",
            sub.issues[0].message
        );
    }
}

/// Codes that only a whole run can show: several files, deadlines, skipped files.
#[test]
fn duplicate_submission_and_near_miss() {
    let env = Env::new();
    let older = {
        let mut r = Ret::clean();
        r.set_info(c::INFO_REPORT_DATE, V::D(2024, 12, 28));
        r.bytes()
    };
    let run = env.consolidate(&[("a-old.xlsx", older), ("b.xlsx", Ret::clean().bytes())]);
    let dup = run
        .all_issues()
        .filter(|i| i.code == Code::DuplicateSubmission)
        .collect::<Vec<_>>();
    assert_eq!(dup.len(), 1, "{dup:?}");
    produced(Code::DuplicateSubmission);
    assert_eq!(dup[0].file, "a-old.xlsx", "the older file is superseded");
    assert_eq!(run.rows_counted(), 4, "only the newest file's rows count");
    assert_eq!(run.rows_read(), 8);

    // Near miss: two files of two different units.
    let mut other = Ret::clean();
    other.set_info(c::INFO_CODE, s("CD02"));
    other.set_info(c::INFO_NAME, s("CĐCS cơ quan UBND xã Suối Đá"));
    let run = env.consolidate(&[("x.xlsx", Ret::clean().bytes()), ("y.xlsx", other.bytes())]);
    assert!(!run
        .all_issues()
        .any(|i| i.code == Code::DuplicateSubmission));
    assert_eq!(run.rows_counted(), 8);
}

#[test]
fn late_submission_and_near_miss() {
    let env = Env::new();
    let mut late = Ret::clean();
    late.set_info(c::INFO_REPORT_DATE, s("01/01/2025"));
    let run = env.consolidate(&[("late.xlsx", late.bytes())]);
    let hits: Vec<_> = run
        .all_issues()
        .filter(|i| i.code == Code::LateSubmission)
        .collect();
    assert_eq!(hits.len(), 1);
    produced(Code::LateSubmission);
    assert!(
        hits[0].message.contains("01/01/2025"),
        "{}",
        hits[0].message
    );
    let unit = run.units.iter().find(|u| u.code == UNIT).unwrap();
    assert_eq!(unit.status.label(), c::STATUS_LATE);

    let mut on_time = Ret::clean();
    on_time.set_info(c::INFO_REPORT_DATE, s("31/12/2024"));
    let run = env.consolidate(&[("ontime.xlsx", on_time.bytes())]);
    assert!(!run.all_issues().any(|i| i.code == Code::LateSubmission));
    let unit = run.units.iter().find(|u| u.code == UNIT).unwrap();
    assert_eq!(unit.status.label(), c::STATUS_ON_TIME);
}

#[test]
fn after_as_of_and_near_miss() {
    let env = Env::new();
    let mut r = Ret::clean();
    r.set_info(c::INFO_REPORT_DATE, s("30/12/2024"));
    let day = |d| chrono::NaiveDate::from_ymd_opt(2024, 12, d).unwrap();
    // Seen on 29/12, the return dated 30/12 had not arrived: not counted, unit missing.
    let run = env.consolidate_as_of(&[("cd05.xlsx", r.bytes())], day(29));
    let hits: Vec<_> = run
        .all_issues()
        .filter(|i| i.code == Code::AfterAsOf)
        .collect();
    assert_eq!(hits.len(), 1);
    produced(Code::AfterAsOf);
    assert!(
        hits[0].message.contains("29/12/2024"),
        "{}",
        hits[0].message
    );
    assert_eq!(run.rows_counted(), 0);
    let unit = run.units.iter().find(|u| u.code == UNIT).unwrap();
    assert_eq!(unit.status.label(), c::STATUS_MISSING);
    // Near miss: as of the report day itself it has arrived.
    let run = env.consolidate_as_of(&[("cd05.xlsx", r.bytes())], day(30));
    assert!(!run.all_issues().any(|i| i.code == Code::AfterAsOf));
    assert_eq!(run.rows_counted(), 4);
}

#[test]
fn file_skipped_and_near_miss() {
    let env = Env::new();
    let run = env.consolidate(&[
        ("ghi-chu.txt", b"xin gui bao cao".to_vec()),
        ("bao-cao CD05.docx", b"PK".to_vec()),
        ("~$bao-cao.xlsx", b"lock".to_vec()),
        ("bao-cao.XLSX", Ret::clean().bytes()),
    ]);
    let skipped: Vec<&str> = run
        .all_issues()
        .filter(|i| i.code == Code::FileSkipped)
        .map(|i| i.file.as_str())
        .collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    produced(Code::FileSkipped);
    let sent: Vec<&str> = run
        .all_issues()
        .filter(|i| i.code == Code::FileNotTemplate)
        .map(|i| i.file.as_str())
        .collect();
    assert_eq!(sent, ["bao-cao CD05.docx"]);
    produced(Code::FileNotTemplate);
    assert!(skipped.iter().any(|f| f.ends_with("ghi-chu.txt")));
    assert!(skipped.iter().any(|f| f.ends_with("~$bao-cao.xlsx")));
    assert_eq!(run.rows_counted(), 4, "the upper-case .XLSX is read");
}

case!(
    column_unknown,
    Code::ColumnUnknown,
    |r: &mut Ret| {
        r.act_headers.push("Người phụ trách".into());
        r.act[0].push(s("Anh Tư"));
    },
    |r: &mut Ret| r.act_headers.push("Người phụ trách".into()),
    Some("K2")
);

case!(
    money_scaled,
    Code::MoneyScaled,
    |r: &mut Ret| {
        r.act_headers[6] = "Giá trị (nghìn đồng)".into();
        r.act[0][6] = V::N(1_500.0);
        r.act[1][6] = V::N(4_000.0);
    },
    |_: &mut Ret| {},
    Some("G1")
);

#[test]
fn money_in_thousands_is_read_in_dong() {
    let env = Env::new();
    let mut r = Ret::clean();
    r.act_headers[6] = "Giá trị (nghìn đồng)".into();
    r.act[0][6] = V::N(1_500.0);
    r.act[1][6] = s("4 triệu");
    let sub = env.read("nghin.xlsx", &r.bytes());
    assert_eq!(
        sub.activities.iter().map(|a| a.value).collect::<Vec<_>>(),
        [1_500_000, 4_000_000]
    );
    assert!(errors(&sub.issues).is_empty(), "{:#?}", sub.issues);
    // A unit of money we do not know: never a silent 0, never "ô đang trống".
    r.act_headers[6] = "Giá trị (USD)".into();
    r.act[1][6] = V::N(160.0);
    let sub = env.read("usd.xlsx", &r.bytes());
    let unknown = with_code(&sub.issues, Code::ColumnUnknown);
    assert_eq!(unknown.len(), 1, "{:#?}", sub.issues);
    assert!(unknown[0].message.contains("Giá trị (USD)") && unknown[0].message.contains("2 ô"));
    assert!(
        sub.issues
            .iter()
            .all(|i| !i.message.contains("ô đang trống")),
        "{:#?}",
        sub.issues
    );
}

case!(
    sheet_copy,
    Code::SheetCopy,
    |r: &mut Ret| {
        let mut rows = vec![c::PROPAGANDA_HEADERS.map(s).to_vec()];
        rows.push(r.prop[0].clone());
        r.extra_sheets.push(("Tuyên truyền (2)".into(), rows));
    },
    |r: &mut Ret| {
        let rows = vec![c::PROPAGANDA_HEADERS.map(s).to_vec()];
        r.extra_sheets.push(("Tuyên truyền (2)".into(), rows));
    },
    None
);

case!(
    sheet_unknown,
    Code::SheetUnknown,
    |r: &mut Ret| r.extra_sheets.push((
        "Ghi chú riêng".into(),
        vec![vec![s("Số liệu tháng 11: 3 buổi")]]
    )),
    |r: &mut Ret| r.extra_sheets.push(("Sheet1".into(), vec![])),
    None
);

case!(
    row_note,
    Code::RowNote,
    |r: &mut Ret| {
        r.prop.push(vec![V::E; 10]);
        let mut line = |col: usize, text: &str| {
            let mut row = vec![V::E; 10];
            row[col] = s(text);
            r.prop.push(row);
        };
        line(1, "Người lập biểu");
        line(6, "TM. BAN CHẤP HÀNH");
        line(6, "CHỦ TỊCH");
        line(6, "Nguyễn Văn An");
    },
    |_: &mut Ret| {},
    Some("A5")
);

case!(
    row_hidden,
    Code::RowHidden,
    |r: &mut Ret| r.hidden_prop_rows.push(3),
    |_: &mut Ret| {},
    Some("A3")
);

/// A receipt-log row that names no file of the folder (nor a unit that has one) is said,
/// pointing at the row; the same file named without its extension, in other case and
/// without diacritics, is matched.
#[test]
fn receipt_unmatched_and_near_miss() {
    let env = Env::new();
    let folder = env.dir.path().join("receipts");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("Báo cáo CD05.xlsx"), Ret::clean().bytes()).unwrap();
    let run = |log_text: &str| {
        let log = env.dir.path().join("so-nhan.csv");
        std::fs::write(&log, log_text).unwrap();
        let receipts = Receipts::load(&log, &env.plan).unwrap();
        let read = Reading::new(&env.plan, &env.roster).read(std::slice::from_ref(&folder));
        let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 10).unwrap();
        consolidate(read, &env.plan, &env.roster, &receipts, as_of)
    };
    let near = run("Tên tệp,Ngày nhận\nBAO CAO  cd05,29/12/2024\n");
    assert!(
        near.log_issues
            .iter()
            .all(|i| i.code != Code::ReceiptUnmatched),
        "{:#?}",
        near.log_issues
    );
    assert_eq!(
        near.units.iter().find(|u| u.code == UNIT).unwrap().source,
        Some(danvan::arrival::DateSource::Receipt)
    );
    let hit = run("Tên tệp,Ngày nhận\nBáo cáo CD50.xlsx,29/12/2024\n");
    let found: Vec<&Issue> = hit
        .log_issues
        .iter()
        .filter(|i| i.code == Code::ReceiptUnmatched)
        .collect();
    assert_eq!(found.len(), 1, "{:#?}", hit.log_issues);
    assert!(
        hit.skipped.iter().all(|i| i.code != Code::ReceiptUnmatched),
        "a row of the receipt log is no file passed over: {:#?}",
        hit.skipped
    );
    assert_eq!(found[0].cell_a1().as_deref(), Some("A2"));
    assert!(
        found[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("Báo cáo CD05.xlsx"),
        "{:#?}",
        found[0]
    );
    produced(Code::ReceiptUnmatched);
}

/// A district summary whose `Tổng hợp` cell was edited by hand after danvan wrote it: the
/// province's `rollup` says so at that cell and uses the record; the summary as written
/// raises nothing.
fn summary_edited_and_near_miss() {
    let env = Env::new();
    let folder = env.dir.path().join("returns");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("CD05.xlsx"), Ret::clean().bytes()).unwrap();
    let read = Reading::new(&env.plan, &env.roster).read(std::slice::from_ref(&folder));
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    let o = consolidate(read, &env.plan, &env.roster, &Receipts::default(), as_of);
    let pieces = danvan::summary::pieces::Pieces::default();
    let wb = danvan::summary::build(&o, None, &env.plan, &pieces).unwrap();
    let written = env.dir.path().join("tong-hop.xlsx");
    std::fs::write(&written, wb.save_to_buffer().unwrap()).unwrap();
    let districts = Roster::sample();
    let read_one = |p: &Path| {
        danvan::rollup::read_one(
            p,
            "tong-hop.xlsx",
            &env.plan,
            &districts,
            &Limits::default(),
        )
    };
    let near = read_one(&written);
    assert!(
        near.submission
            .issues
            .iter()
            .all(|i| i.code != Code::SummaryEdited),
        "{:#?}",
        near.submission.issues
    );
    let figure = near
        .record
        .unwrap()
        .cells
        .into_iter()
        .find(|f| f.key == "topics.TT01.sessions")
        .unwrap();
    // The cell's stored value changed, as saving after an edit leaves it.
    let edited = env.dir.path().join("sua-tay.xlsx");
    common::edit_first_sheet(&written, &edited, |xml| {
        common::set_number(xml, &figure.cell, figure.value + 10)
    });
    let hit = read_one(&edited);
    let found = with_code(&hit.submission.issues, Code::SummaryEdited);
    assert_eq!(found.len(), 1, "{:#?}", hit.submission.issues);
    assert_eq!(found[0].cell_a1(), Some(figure.cell.clone()));
    assert_eq!(found[0].sheet.as_deref(), Some(c::SHEET_SUMMARY));
    assert_eq!(hit.record.unwrap().figure(&figure.key), Some(figure.value));
    produced(Code::SummaryEdited);
}

/// Every code of docs/ma-loi.md is produced by a trigger test: the meta-test runs
/// them all and checks what they saw produced, so a test that only mentions a code (or
/// asserts its absence) does not count.
#[test]
fn every_code_has_a_trigger_test() {
    let triggers: &[fn()] = &[
        not_a_return,
        template_mismatch,
        other_period,
        total_row_is_not_counted,
        total_mismatch,
        sheet_missing,
        column_missing,
        unit_unidentified,
        unit_not_in_roster,
        unit_name_approximate,
        unit_conflict,
        report_date_missing,
        date_missing,
        date_invalid,
        date_outside_window,
        category_unknown,
        category_normalized,
        description_required,
        number_invalid,
        number_negative,
        count_not_whole,
        value_required,
        value_outlier,
        row_duplicate,
        formula_no_value,
        text_legacy_encoding,
        row_incomplete,
        category_approximate,
        number_merged_and_near_miss,
        file_unreadable_and_near_miss,
        file_encrypted_xlsx_and_xls_made_by_real_tools,
        duplicate_submission_and_near_miss,
        late_submission_and_near_miss,
        after_as_of_and_near_miss,
        file_skipped_and_near_miss,
        column_unknown,
        money_scaled,
        sheet_copy,
        sheet_unknown,
        row_note,
        row_hidden,
        receipt_unmatched_and_near_miss,
        summary_edited_and_near_miss,
    ];
    for t in triggers {
        t();
    }
    let seen = PRODUCED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    for code in Code::ALL {
        assert!(
            seen.contains(code),
            "no trigger test produces {}",
            code.as_str()
        );
    }
}
