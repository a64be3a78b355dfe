//! danvan reads `.xlsx` cells itself (`src/read/ooxml.rs`), by calamine's rules. Here every
//! `.xlsx` the tests hold, every kind of return the sample writer makes, our own templates,
//! LibreOffice's re-saves of them, and workbooks written by hand to hold each kind of cell
//! are read both ways: by danvan, and by calamine as danvan read them before. The sheet
//! lists, the cells (with merged regions filled in) and the errors must be the same.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use calamine::{Reader, SheetVisible, Xlsx};
use danvan::plan::Plan;
use danvan::read::against::{calamine_sheet, cells_of};
use danvan::read::{open_bytes, Limits, Pos, Raw};
use danvan::sample::{return_workbook, synthetic_units, Profile, Rng};

mod common;

/// A workbook as read: its sheets (name, worksheet, visible) and each worksheet's cells,
/// with whether its merged regions were read (calamine drops a sheet's whole list when
/// one region does not read; danvan keeps the others).
#[derive(Debug, PartialEq)]
struct View {
    sheets: Vec<(String, bool, bool)>,
    cells: BTreeMap<String, Result<(Vec<String>, bool), ()>>,
}

fn ours(bytes: &[u8]) -> Result<View, String> {
    let (mut wb, _) = open_bytes(bytes.to_vec(), &Limits::default()).map_err(|e| e.message)?;
    let worksheets: Vec<_> = wb.sheets.clone();
    let sheets = wb
        .all_names
        .iter()
        .map(|n| {
            let ws = worksheets.iter().find(|s| &s.name == n);
            (n.clone(), ws.is_some(), ws.is_none_or(|s| s.visible))
        })
        .collect();
    let mut cells = BTreeMap::new();
    for s in &worksheets {
        cells.insert(
            s.name.clone(),
            wb.grid(&s.name)
                .map(|g| (cells_of(&g), true))
                .map_err(|_| ()),
        );
    }
    Ok(View { sheets, cells })
}

/// calamine's reading, as danvan used it before it read `.xlsx` itself.
fn theirs(bytes: &[u8]) -> Result<View, String> {
    let mut wb = Xlsx::new(Cursor::new(bytes.to_vec())).map_err(|e| e.to_string())?;
    let meta = wb.sheets_metadata().to_vec();
    let sheets = meta
        .iter()
        .map(|s| {
            let ws = s.typ == calamine::SheetType::WorkSheet;
            (
                s.name.clone(),
                ws,
                !ws || s.visible == SheetVisible::Visible,
            )
        })
        .collect();
    let mut cells = BTreeMap::new();
    for s in meta
        .iter()
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
    {
        cells.insert(s.name.clone(), calamine_sheet(&mut wb, &s.name).ok_or(()));
    }
    Ok(View { sheets, cells })
}

/// Reads `bytes` both ways and requires the same; returns how many cells were compared.
fn same(what: &str, bytes: &[u8]) -> usize {
    compare(what, bytes, false).unwrap_or_else(|e| panic!("{e}"))
}

/// What `same` requires, as an error naming the first difference. A file the pre-flight
/// refuses before any part is read (not a spreadsheet, limits) is not compared; with
/// `lenient`, neither is a sheet calamine refuses and danvan reads (the departures its
/// reader's module lists, such as an error value calamine does not know).
fn compare(what: &str, bytes: &[u8], lenient: bool) -> Result<usize, String> {
    let (a, b) = (ours(bytes), theirs(bytes));
    match (&a, &b) {
        (Ok(a), Ok(b)) => {
            if a.sheets != b.sheets {
                return Err(format!(
                    "{what}: sheet lists differ: {:?} / {:?}",
                    a.sheets, b.sheets
                ));
            }
            for (name, theirs) in &b.cells {
                let ours = &a.cells[name];
                match (ours, theirs) {
                    (Ok((x, _)), Ok((y, merges_read))) => {
                        // Where calamine dropped the merge list, the cells as written.
                        let x: Vec<&String> = match merges_read {
                            true => x.iter().collect(),
                            false => x.iter().filter(|c| c.ends_with(" None")).collect(),
                        };
                        let y: Vec<&String> = y.iter().collect();
                        if let Some((p, q)) = x.iter().zip(&y).find(|(p, q)| p != q) {
                            return Err(format!("{what}, sheet {name}: {p} / calamine {q}"));
                        }
                        if x.len() != y.len() {
                            return Err(format!(
                                "{what}, sheet {name}: {} / {} cells",
                                x.len(),
                                y.len()
                            ));
                        }
                    }
                    (Ok(_), Err(_)) if lenient => (),
                    (x, y) if x.is_ok() != y.is_ok() => {
                        return Err(format!(
                            "{what}, sheet {name}: one reader refused it ({x:?} / {y:?})"
                        ))
                    }
                    _ => (),
                }
            }
            Ok(a.cells
                .values()
                .map(|c| c.as_ref().map_or(0, |c| c.0.len()))
                .sum())
        }
        (Err(_), Err(_)) => Ok(0),
        (Err(e), Ok(_)) if !e.contains(LIBRARY_ERROR) => Ok(0),
        _ => Err(format!(
            "{what}: one reader refused the file: ours {a:?}, calamine {b:?}"
        )),
    }
}

/// Part of what danvan says of a workbook whose parts do not read.
const LIBRARY_ERROR: &str = "cấu trúc bên trong tệp không đúng chuẩn bảng tính";

fn xlsx_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            xlsx_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "xlsx" || x == "xlsm") {
            out.push(p);
        }
    }
}

#[test]
fn every_xlsx_the_tests_hold_reads_as_calamine_reads_it() {
    let mut files = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    xlsx_files(&root.join("tests"), &mut files);
    xlsx_files(&root.join("input_templates"), &mut files);
    assert!(files.len() >= 7, "fixtures: {files:?}");
    let mut cells = 0;
    for f in &files {
        let bytes = std::fs::read(f).unwrap();
        if f.to_string_lossy().contains("encrypted") {
            assert!(ours(&bytes).is_err());
            continue;
        }
        cells += same(&f.display().to_string(), &bytes);
    }
    assert!(cells > 500, "only {cells} cells compared");
}

fn sample_returns() -> Vec<(String, Vec<u8>)> {
    let plan = Plan::default_plan();
    let units = synthetic_units(12);
    let profiles = [
        Profile::Clean,
        Profile::Late,
        Profile::Mistakes,
        Profile::Legacy,
        Profile::Reshaped,
        Profile::FirstVersion,
    ];
    let mut out = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let profile = profiles[i % profiles.len()];
        let mut rng = Rng::new(7 + i as u64);
        let bytes = return_workbook(&plan, unit, &mut rng, profile).unwrap();
        out.push((format!("sample {i} {profile:?}"), bytes));
    }
    out.push((
        "template".into(),
        danvan::template::build(&plan, None).unwrap(),
    ));
    out.push((
        "template for a unit".into(),
        danvan::template::build(&plan, Some(&units[0])).unwrap(),
    ));
    out.push((
        "district form".into(),
        danvan::template::district::build(&plan).unwrap(),
    ));
    out
}

#[test]
fn sample_returns_and_templates_read_as_calamine_reads_them() {
    let mut cells = 0;
    for (what, bytes) in sample_returns() {
        cells += same(&what, &bytes);
    }
    assert!(cells > 1000, "only {cells} cells compared");
}

#[test]
fn libreoffice_resaves_read_as_calamine_reads_them() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let mut cells = 0;
    for (i, (_, bytes)) in sample_returns().into_iter().enumerate().step_by(3) {
        // Through `.ods` and back: LibreOffice writes the `.xlsx` anew, in its own way.
        let file = src.join(format!("r{i}.xlsx"));
        std::fs::write(&file, bytes).unwrap();
        let ods = common::convert(soffice, &file, "ods", &out);
        let back = common::convert(soffice, &ods, "xlsx", &src.join("back"));
        cells += same(&back.display().to_string(), &std::fs::read(&back).unwrap());
    }
    assert!(cells > 200, "only {cells} cells compared");
}

fn zip_of(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        z.start_file(*name, opts).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap().into_inner()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook written by hand: `sheets` are (name, extra `<sheet>` attributes, part XML),
/// with the given shared strings and styles, `workbook_pr` inside `<workbook>`.
struct Hand<'a> {
    sheets: Vec<(&'a str, &'a str, String)>,
    sst: Option<&'a str>,
    styles: Option<&'a str>,
    workbook_pr: &'a str,
    /// How the sheet parts are named in the zip (`{}` is the sheet number).
    part_name: &'a str,
    target: &'a str,
}

impl Hand<'_> {
    fn new(sheet_xml: String) -> Hand<'static> {
        Hand {
            sheets: vec![("Data", "", sheet_xml)],
            sst: None,
            styles: None,
            workbook_pr: "",
            part_name: "xl/worksheets/sheet{}.xml",
            target: "worksheets/sheet{}.xml",
        }
    }

    fn bytes(&self) -> Vec<u8> {
        let mut sheets = String::new();
        let mut rels = String::new();
        let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
        for (i, (name, extra, xml)) in self.sheets.iter().enumerate() {
            let n = i + 1;
            sheets.push_str(&format!(
                r#"<sheet name="{name}" sheetId="{n}" {extra} r:id="rId{n}"/>"#
            ));
            let target = self.target.replace("{}", &n.to_string());
            rels.push_str(&format!(
                r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="{target}"/>"#
            ));
            entries.push((
                self.part_name.replace("{}", &n.to_string()),
                xml.clone().into_bytes(),
            ));
        }
        entries.push((
            "_rels/.rels".into(),
            format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#).into_bytes(),
        ));
        entries.push((
            "xl/workbook.xml".into(),
            format!(r#"<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">{}<sheets>{sheets}</sheets></workbook>"#, self.workbook_pr).into_bytes(),
        ));
        entries.push((
            "xl/_rels/workbook.xml.rels".into(),
            format!(r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).into_bytes(),
        ));
        if let Some(sst) = self.sst {
            entries.push(("xl/sharedStrings.xml".into(), sst.as_bytes().to_vec()));
        }
        if let Some(styles) = self.styles {
            entries.push(("xl/styles.xml".into(), styles.as_bytes().to_vec()));
        }
        let entries: Vec<(&str, Vec<u8>)> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.clone()))
            .collect();
        zip_of(&entries)
    }
}

fn sheet(cells: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:H20"/><sheetData>{cells}</sheetData>{after}</worksheet>"#
    )
}

const STYLES: &str = r##"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="5"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="#,##0&quot; đồng&quot;"/><numFmt numFmtId="167" formatCode="&quot;ngày&quot; 0"/><numFmt numFmtId="168" formatCode="[$-42A]d mmmm yyyy;@"/></numFmts><fonts count="1"><font><sz val="11"/></font></fonts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="8"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"><alignment horizontal="center"/></xf><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/><xf/></cellXfs></styleSheet>"##;

const SST: &str = r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9"><si><t>Tuyên truyền</t></si><si><t xml:space="preserve">  cách  </t></si><si><t>  trimmed
</t></si><si><r><rPr><b/></rPr><t>Rich </t></r><r><t xml:space="preserve">text </t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t>a_x000D_b_x005F_x000D_</t></si><si><t>A &amp; B &lt;c&gt; &#273;&#x1EA1;</t></si><si/><si><t><![CDATA[cdata <x>]]></t></si><si><t>line
two</t></si></sst>"#;

#[test]
fn every_kind_of_cell_reads_as_calamine_reads_it() {
    let cells = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c></row>"#,
        r#"<row r="2"><c r="A2"><v>42</v></c><c r="B2"><v>-0.5</v></c><c r="C2"><v>1.5E3</v></c><c r="D2" t="n"><v>7</v></c><c r="E2"><v>abc</v></c><c r="F2"><v></v></c><c r="G2" s="4"><v>1500000</v></c><c r="H2" s="5"><v>3</v></c></row>"#,
        r#"<row r="3"><c r="A3" s="1"><v>45643</v></c><c r="B3" s="2"><v>45657.5</v></c><c r="C3" s="3"><v>1.25</v></c><c r="D3" s="6"><v>45650</v></c><c r="E3" s="99"><v>45650</v></c><c r="F3" s="7"><v>12</v></c><c r="G3" s="x"><v>5</v></c><c r="H3" t="s"><v>8</v></c></row>"#,
        r#"<row r="4"><c r="A4" t="b"><v>1</v></c><c r="B4" t="b"><v>false</v></c><c r="C4" t="e"><v>#DIV/0!</v></c><c r="D4" t="e"><v>#N/A</v></c><c r="E4" t="str"><v>x &amp; y_x000A_z</v></c><c r="F4" t="d"><v>2024-12-20T00:00:00</v></c><c r="G4" t="d"><v>not a date</v></c><c r="H4" t="b"><v> </v></c></row>"#,
        r#"<row r="5"><c r="A5" t="inlineStr"><is><t>inline</t></is></c><c r="B5" t="inlineStr"><v>ignored</v><is><r><t>in</t></r><r><t>line2</t></r></is></c><c r="C5" t="inlineStr"><is/></c><c r="D5" t="inlineStr"><is><t xml:space="preserve">   </t></is></c><c r="E5"/><c r="F5" t="str"><v>CR&#13;LF</v></c></row>"#,
        r#"<row r="6"><c r="A6"><f>SUM(A2:D2)</f><v>50</v></c><c r="B6"><f>SUM(B2:B3)</f></c><c r="C6"><f t="shared" ref="C6:E6" si="0">C2+1</f></c><c r="D6"><f t="shared" si="0"/></c><c r="E6"><f t="shared" si="0"/><v>9</v></c><c r="F6" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="G6"><f></f></c><c r="H6" t="str"><f>X1</f><v></v></c></row>"#,
        r#"<row><c><v>1</v></c><c><v>2</v></c><c r="E7"><v>5</v></c><c><v>6</v></c></row>"#,
        r#"<row><c t="s"><v>0</v></c></row>"#,
        r#"<row r="10" hidden="1"><c r="A10"><v>10</v></c></row><row r="11" spans="1:2" hidden="true" x14ac:dyDescent="0.25"><c r="A11"><v>11</v></c></row>"#,
        r#"<row r="12"><c r="A12" t="s"><v>5</v></c><c r="C12"><v>3</v></c></row><row r="13"><c r="b13"><v>7</v></c></row>"#,
    );
    // calamine refuses a whole merge list with an absolute reference (`$C$12`), which
    // danvan has read since it found merges itself: compared without, then read with.
    let merges = r#"<autoFilter ref="A1:H13"/><mergeCells count="3"><mergeCell ref="A12:B13"/><mergeCell ref="C12:D12"/><mergeCell ref="G12"/></mergeCells>"#;
    let hand = Hand {
        sst: Some(SST),
        styles: Some(STYLES),
        ..Hand::new(sheet(cells, merges))
    };
    let n = same("every kind of cell", &hand.bytes());
    assert!(n > 45, "{n} cells");
    let hand = Hand {
        sst: Some(SST),
        styles: Some(STYLES),
        ..Hand::new(sheet(cells, &merges.replace("C12:D12", "$C$12:$D$12")))
    };
    let bytes = hand.bytes();

    // The values themselves, as a careful reader expects them.
    let (mut wb, _) = open_bytes(bytes.clone(), &Limits::default()).unwrap();
    let g = wb.grid("Data").unwrap();
    let at = |a1: &str| g.get(Pos::parse_a1(a1).unwrap()).clone();
    assert_eq!(at("B1"), Raw::Text("  cách  ".into()));
    assert_eq!(at("C1"), Raw::Text("trimmed".into()));
    // Spaces kept only where `xml:space="preserve"` says so (Excel writes it when needed).
    assert_eq!(at("D1"), Raw::Text("Richtext ".into()));
    assert_eq!(at("E1"), Raw::Text("a\rb_x000D_".into()));
    assert_eq!(at("F1"), Raw::Text("A & B <c> đạ".into()));
    assert_eq!(at("G2"), Raw::Number(1_500_000.0));
    assert_eq!(
        at("A3"),
        Raw::Date(chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap())
    );
    assert_eq!(
        at("B3"),
        Raw::Date(chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap())
    );
    assert_eq!(at("C3"), Raw::Number(1.25), "a duration stays a number");
    assert_eq!(
        at("E3"),
        Raw::Number(45650.0),
        "a style beyond the list: a number"
    );
    assert_eq!(at("H3"), Raw::Text("line\ntwo".into()));
    assert_eq!(at("C4"), Raw::Error("#DIV/0!".into()));
    assert_eq!(at("E4"), Raw::Text("x & y\nz".into()));
    assert_eq!(at("B5"), Raw::Text("inline2".into()));
    assert_eq!(at("B6"), Raw::FormulaNoValue("SUM(B2:B3)".into()));
    assert_eq!(at("D6"), Raw::FormulaNoValue("D2+1".into()));
    assert_eq!(at("E6"), Raw::Number(9.0));
    assert_eq!(at("B7"), Raw::Number(2.0));
    assert_eq!(at("F7"), Raw::Number(6.0));
    assert_eq!(at("A8"), Raw::Text("Tuyên truyền".into()));
    assert_eq!(
        at("A13"),
        Raw::Text("A & B <c> đạ".into()),
        "merged: copied"
    );
    assert_eq!(at("B13"), Raw::Number(7.0), "a lower-case reference");
    assert_eq!(
        g.merged_origin(Pos::parse_a1("A13").unwrap()),
        Pos::parse_a1("A12")
    );
    assert_eq!(at("D12"), Raw::Number(3.0));
    let hidden = wb.hidden_rows("Data");
    assert_eq!(hidden.ranges, [(9, 10)]);
    assert!(hidden.filter);

    // Where danvan departs from calamine, by losing less: an inline string followed by a
    // `<v>` keeps its text (calamine let the `<v>` erase it), and an error value calamine
    // does not know is read as one (calamine refused the sheet).
    let late_v = sheet(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>giữ</t></is><v>0</v></c><c r="B1" t="e"><v>#SPILL!</v></c></row>"#,
        "",
    );
    let (mut wb, _) = open_bytes(Hand::new(late_v).bytes(), &Limits::default()).unwrap();
    let g = wb.grid("Data").unwrap();
    assert_eq!(g.get(Pos::new(0, 0)), &Raw::Text("giữ".into()));
    assert_eq!(g.get(Pos::new(0, 1)), &Raw::Error("#SPILL!".into()));
}

#[test]
fn the_1904_calendar_and_other_workbook_shapes_read_as_calamine_reads_them() {
    let dated = sheet(
        r#"<row r="1"><c r="A1" s="1"><v>44181</v></c><c r="B1"><v>1</v></c></row>"#,
        "",
    );
    let mut hand = Hand {
        styles: Some(STYLES),
        workbook_pr: r#"<workbookPr date1904="1"/>"#,
        ..Hand::new(dated.clone())
    };
    same("1904 calendar", &hand.bytes());
    let (mut wb, _) = open_bytes(hand.bytes(), &Limits::default()).unwrap();
    assert_eq!(
        wb.grid("Data").unwrap().get(Pos::new(0, 0)),
        &Raw::Date(chrono::NaiveDate::from_ymd_opt(2024, 12, 17).unwrap())
    );

    // Hidden and very hidden sheets, a sheet name with an entity, prefixed elements.
    let prefixed = format!(
        r#"<x:worksheet xmlns:x="{MAIN}"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>x</x:t></x:is></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="B2:C2"/></x:mergeCells></x:worksheet>"#
    );
    hand.workbook_pr = "";
    hand.sheets = vec![
        ("Data", "", dated.clone()),
        ("Ẩn", r#"state="hidden""#, dated.clone()),
        ("A &amp; B", r#"state="veryHidden""#, prefixed),
    ];
    same("sheet states", &hand.bytes());

    // Parts named with other capitals, and an absolute target.
    hand.part_name = "XL/Worksheets/Sheet{}.xml";
    same("capitals", &hand.bytes());
    hand.part_name = "xl/worksheets/sheet{}.xml";
    hand.target = "/xl/worksheets/sheet{}.xml";
    same("absolute target", &hand.bytes());

    // What both refuse: a shared string that is not there, an unknown cell type, a bad
    // reference, a missing part, an unknown sheet state.
    for bad in [
        sheet(r#"<row r="1"><c r="A1" t="s"><v>3</v></c></row>"#, ""),
        sheet(r#"<row r="1"><c r="A1" t="zz"><v>3</v></c></row>"#, ""),
        sheet(r#"<row r="1"><c r="1A"><v>3</v></c></row>"#, ""),
        sheet(r#"<row r="1"><c r="A1" t="n"><v>x</v></c></row>"#, ""),
        sheet(r#"<row r="1"><c r="A1" t="b"><v>2</v></c></row>"#, ""),
        sheet(r#"<row r="1"><c r="A1"><extLst/></c></row>"#, ""),
        r#"<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>"#.to_string(),
        r#"<chartsheet><sheetPr/></chartsheet>"#.to_string(),
    ] {
        let hand = Hand::new(bad.clone());
        let bytes = hand.bytes();
        same(&bad, &bytes);
        let view = ours(&bytes).unwrap();
        assert_eq!(view.cells["Data"], Err(()), "{bad}");
    }
    let hand = Hand {
        sheets: vec![("Data", r#"state="odd""#, dated)],
        ..Hand::new(String::new())
    };
    same("unknown state", &hand.bytes());
    assert!(ours(&hand.bytes()).is_err());
}

/// Any folder of `.xlsx` files (a district's real returns, a generated load set) read both
/// ways: `DANVAN_XLSX_CORPUS=folder cargo test --release --test xlsx_reader -- --ignored`.
#[test]
#[ignore = "needs DANVAN_XLSX_CORPUS, a folder of .xlsx files"]
fn a_corpus_reads_as_calamine_reads_it() {
    let dir = std::env::var("DANVAN_XLSX_CORPUS").expect("DANVAN_XLSX_CORPUS names a folder");
    let mut files = Vec::new();
    xlsx_files(Path::new(&dir), &mut files);
    let (mut cells, mut differ) = (0, Vec::new());
    for f in &files {
        match compare(&f.display().to_string(), &std::fs::read(f).unwrap(), false) {
            Ok(n) => cells += n,
            Err(e) => differ.push(e),
        }
    }
    eprintln!(
        "{} files, {cells} cells: the same both ways",
        files.len() - differ.len()
    );
    assert!(
        differ.is_empty(),
        "{} differ:\n{}",
        differ.len(),
        differ.join("\n")
    );
    assert!(!files.is_empty());
}

/// A sample return with one of its XML parts mangled: bytes cut out, repeated, or swapped
/// for pieces of spreadsheet XML, as damaged or hand-edited files have them.
fn mangled(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    use std::io::Read;
    const PIECES: &[&str] = &[
        "<c r=\"B3\">",
        "</row>",
        "<row r=\"2\">",
        " t=\"s\"",
        " t=\"str\"",
        " t=\"e\"",
        "<v>",
        "</v>",
        "<v>7</v>",
        "&amp;",
        "_x000D_",
        " r=\"A0\"",
        " s=\"3\"",
        "<is><t>x</t></is>",
        "<f>A1</f>",
        "<f t=\"shared\" si=\"0\"/>",
        "</c>",
        "<c>",
        " hidden=\"1\"",
        "<mergeCell ref=\"A1:B2\"/>",
        "<si><t>y</t></si>",
        "<r><t>z</t></r>",
        "<rPh><t>p</t></rPh>",
        "\"",
        "<",
        ">",
        "&#x1;",
    ];
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    let xml: Vec<&String> = names
        .iter()
        .filter(|n| {
            n.starts_with("xl/worksheets/")
                || n.ends_with("sharedStrings.xml")
                || n.ends_with("styles.xml")
        })
        .collect();
    let target = xml[rng.range(0, xml.len() as i64 - 1) as usize].clone();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for name in &names {
        let mut data = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut data).unwrap();
        if *name == target && !data.is_empty() {
            for _ in 0..rng.range(1, 3) {
                let at = rng.range(0, data.len() as i64 - 1) as usize;
                let len = rng.range(1, 40) as usize;
                let end = (at + len).min(data.len());
                match rng.range(0, 3) {
                    0 => {
                        data.drain(at..end);
                    }
                    1 => {
                        let copy = data[at..end].to_vec();
                        data.splice(at..at, copy);
                    }
                    2 => {
                        let p = PIECES[rng.range(0, PIECES.len() as i64 - 1) as usize];
                        data.splice(at..at, p.bytes());
                    }
                    _ => data[at] ^= 1 << rng.range(0, 7),
                }
                if data.is_empty() {
                    break;
                }
            }
        }
        out.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn mangled_returns_read_as_calamine_reads_them_or_are_refused_where_it_refuses() {
    let returns = sample_returns();
    // DANVAN_MANGLED=n SEED=s: more, or other, mangled files than CI's.
    let n: usize = std::env::var("DANVAN_MANGLED").map_or(400, |v| v.parse().unwrap());
    let seed: u64 = std::env::var("SEED").map_or(2024, |v| v.parse().unwrap());
    let mut rng = Rng::new(seed);
    let (mut compared, mut lenient) = (0, 0);
    for i in 0..n {
        let (what, bytes) = &returns[i % returns.len()];
        let bytes = mangled(bytes, &mut rng);
        if std::env::var("DUMP_MANGLED").is_ok_and(|n| n == i.to_string()) {
            std::fs::write("/tmp/mangled.xlsx", &bytes).unwrap();
        }
        let (a, b) = (ours(&bytes), theirs(&bytes));
        match (&a, &b) {
            // Where calamine refuses and danvan reads, danvan departs only as its module
            // says (refusing less); a file or sheet both read must read alike.
            (Ok(_), Err(_)) => lenient += 1,
            _ => {
                compare(&format!("{what}, mangled #{i}"), &bytes, true)
                    .unwrap_or_else(|e| panic!("{e}"));
                compared += 1;
            }
        }
    }
    eprintln!("{compared} compared, {lenient} read where calamine refused");
    assert!(
        compared > n / 2,
        "{compared} compared, {lenient} read where calamine refused"
    );
}

/// Where danvan reads a sheet calamine refused, through a real return and `consolidate`: an
/// error value calamine does not know, in a number cell, is an issue naming that cell, and
/// its row is listed, never counted.
#[test]
fn a_return_with_an_unknown_error_value_is_read_and_the_cell_is_named() {
    use danvan::sample::synthetic_units;
    let plan = Plan::default_plan();
    let unit = &synthetic_units(1)[0];
    let bytes = return_workbook(&plan, unit, &mut Rng::new(5), Profile::Clean).unwrap();
    // The propaganda sheet's sessions (F) of the first row: `#SPILL!` instead of its number.
    let run = common::run::Run::new();
    let mut zin = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut zout = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        use std::io::Read;
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = String::new();
        f.read_to_string(&mut data).unwrap();
        if name == "xl/worksheets/sheet2.xml" {
            let at = data.find("<c r=\"F2\"").expect("a sessions cell in F2");
            let end = at + data[at..].find("</c>").unwrap() + 4;
            data = format!(
                "{}<c r=\"F2\" t=\"e\"><v>#SPILL!</v></c>{}",
                &data[..at],
                &data[end..]
            );
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(data.as_bytes()).unwrap();
    }
    let changed = zout.finish().unwrap().into_inner();
    // calamine refused this sheet; danvan reads it.
    assert!(theirs(&changed).unwrap().cells["Tuyên truyền"].is_err());
    run.put_bytes("tra-ve.xlsx", &changed);
    let (written, _) = run.go();
    let sub = &written.outcome.submissions[0];
    assert!(sub.readable, "{:?}", sub.issues);
    let on_cell: Vec<_> = sub
        .issues
        .iter()
        .filter(|i| i.sheet.as_deref() == Some("Tuyên truyền") && i.cell == Pos::parse_a1("F2"))
        .collect();
    assert!(!on_cell.is_empty(), "no issue on F2: {:?}", sub.issues);
    assert!(on_cell
        .iter()
        .any(|i| i.found.as_deref() == Some("#SPILL!")));
    assert_eq!(on_cell[0].code, danvan::issue::Code::NumberInvalid);
    // That row is listed, not counted: no figure is taken from an error value.
    assert!(sub.propaganda.iter().all(|r| r.row != 1));
    assert_eq!(sub.rows_read(), sub.rows_counted() + 1);
}
