//! `.xlsx` cells, read in one pass over each part.
//!
//! calamine opened every `.xlsx` by inflating and modelling its styles (fonts, fills,
//! borders, theme) and reading its zip directory again, and a counted sheet was inflated
//! twice: once by calamine for its cells, once more by us for what calamine does not say
//! (hidden rows) or reads in a further pass (merged regions). This reader takes the parts
//! from the directory read once ([`Parts`]), keeps of the styles only what decides a cell's
//! value (is its number format a date, a duration or neither), and reads a sheet's cells,
//! hidden rows and merged regions in one pass.
//!
//! Every rule that gives a cell its value is calamine's (0.38), rule for rule: the same XML
//! reader and settings, the same shared-string and rich-text joining (phonetic runs left
//! out, unpreserved spaces trimmed, `_xHHHH_` escapes), the same number, boolean, error and
//! date rules (date formats detected the same way, dates turned into days by calamine's own
//! `ExcelDateTime`), the same formula text (shared formulas expanded by calamine's own
//! function). `tests/xlsx_reader.rs` reads every workbook the tests hold, and workbooks
//! made to hold each kind of cell, both ways and requires the same cells. Where this reader
//! departs it is only by refusing less: style parts it does not need are not parsed (a
//! damaged font list no longer makes a file unreadable), an error value calamine does not
//! know (`#SPILL!`, `#CALC!`) is read as an error value instead of refusing the sheet, a
//! shared formula is expanded only for a cell whose result was not stored (the only place
//! its text is used), and an inline-string cell's text is kept when a `<v>` follows it
//! (calamine let that `<v>` erase the text: a value lost without a word).

use std::collections::HashMap;
use std::io::{Read, Seek};

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::cell::Raw;
use super::hidden::{HiddenRows, SheetScan};
use super::zipped::Parts;
use crate::pos::Pos;

/// Why a part could not be read (English, for the log; users read the caller's message).
pub type Fault = String;

type Xml<'a> = Reader<&'a [u8]>;

/// What a cell's number format makes of its number.
#[derive(Debug, Clone, Copy, PartialEq)]
enum NumberKind {
    Plain,
    Date,
    Duration,
}

/// A sheet of the workbook, in the workbook's order.
#[derive(Debug, Clone)]
pub struct BookSheet {
    pub name: String,
    /// A worksheet (not a chart or dialog sheet).
    pub worksheet: bool,
    pub visible: bool,
    /// Its part's path as the relationships give it.
    part: String,
}

/// An opened `.xlsx`: its sheets, shared strings and number formats.
#[derive(Debug)]
pub struct Book {
    pub sheets: Vec<BookSheet>,
    strings: Vec<String>,
    formats: Vec<NumberKind>,
    is_1904: bool,
    /// Part paths by their lower-case form with `/` separators (how calamine finds a part
    /// named with other capitals or with backslashes).
    paths: HashMap<String, String>,
}

/// One cell as read: its value before any meaning is given to it.
enum Value {
    Empty,
    Number(f64, NumberKind),
    Text(String),
    Shared(usize),
    Bool(bool),
    Iso(String),
    Error(String),
}

fn reader(bytes: &[u8]) -> Xml<'_> {
    let mut r = Reader::from_reader(bytes);
    let config = r.config_mut();
    config.check_end_names = false;
    config.trim_text(false);
    config.check_comments = false;
    config.expand_empty_elements = true;
    r
}

fn xml_fault(e: impl std::fmt::Display) -> Fault {
    format!("xml: {e}")
}

/// The attributes of a start tag as written (calamine's reading: keys and values raw, a
/// malformed attribute an error).
fn attrs<'a>(e: &'a BytesStart<'_>) -> impl Iterator<Item = Result<(&'a str, &'a str), Fault>> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        let len = bytes.len();
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        if pos >= len {
            return None;
        }
        let key_start = pos;
        while pos < len && bytes[pos] != b'=' {
            pos += 1;
        }
        if pos >= len {
            pos = len;
            return Some(Err("attribute without '='".to_string()));
        }
        let key = raw[key_start..pos].trim_ascii_end();
        pos += 1;
        while pos < len && bytes[pos].is_ascii_whitespace() {
            pos += 1;
        }
        let quote = bytes.get(pos).copied();
        if quote != Some(b'"') && quote != Some(b'\'') {
            pos = len;
            return Some(Err("unquoted attribute".to_string()));
        }
        pos += 1;
        let start = pos;
        while pos < len && Some(bytes[pos]) != quote {
            pos += 1;
        }
        let value = &raw[start..pos];
        if pos < len {
            pos += 1;
        }
        Some(Ok((key, value)))
    })
}

/// The value of attribute `name` (exactly as written).
fn attr<'a>(e: &'a BytesStart<'_>, name: &str) -> Result<Option<&'a str>, Fault> {
    let [value] = get_attrs(e, [name])?;
    Ok(value)
}

/// The values of attributes `keys` as calamine reads several at once: a later repeat of a
/// key replaces its value, and the reading stops once as many matches as keys were seen
/// (repeats counted), before any malformed attribute after them.
fn get_attrs<'a, const N: usize>(
    e: &'a BytesStart<'_>,
    keys: [&str; N],
) -> Result<[Option<&'a str>; N], Fault> {
    let mut out = [None; N];
    let mut found = 0;
    for a in attrs(e) {
        let (k, v) = a?;
        if let Some(i) = keys.iter().position(|key| *key == k) {
            out[i] = Some(v);
            found += 1;
            if found == N {
                break;
            }
        }
    }
    Ok(out)
}

fn decode_attr(v: &str) -> Result<String, Fault> {
    quick_xml::escape::unescape(v)
        .map(|c| c.into_owned())
        .map_err(xml_fault)
}

fn entity(e: &BytesRef<'_>, out: &mut String) -> Result<(), Fault> {
    if let Some(s) = quick_xml::escape::resolve_xml_entity(e.as_ref()) {
        out.push_str(s);
        return Ok(());
    }
    match e.resolve_char_ref().map_err(xml_fault)? {
        Some(c) => {
            out.push(c);
            Ok(())
        }
        None => Err(format!("unknown entity &{};", e.as_ref())),
    }
}

/// A decimal count as calamine reads one (`s`, a shared-string index): digits only.
fn index(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Book {
    /// Reads an `.xlsx`'s relationships, shared strings, number formats and workbook part.
    pub fn open<R: Read + Seek>(parts: &mut Parts<R>, max_bytes: u64) -> Result<Book, Fault> {
        let mut paths = HashMap::new();
        for name in parts.zip.file_names() {
            let name = name.map_err(|e| format!("zip name: {e}"))?;
            paths.insert(
                name.replace('\\', "/").to_ascii_lowercase(),
                name.to_string(),
            );
        }
        let mut book = Book {
            sheets: Vec::new(),
            strings: Vec::new(),
            formats: Vec::new(),
            is_1904: false,
            paths,
        };
        let (xl_path, workbook_name) = book.office_document(parts, max_bytes)?;
        if let Some(sst) = book.part(parts, &format!("{xl_path}sharedStrings.xml"), max_bytes)? {
            book.strings = shared_strings(&sst)?;
        }
        if let Some(styles) = book.part(parts, &format!("{xl_path}styles.xml"), max_bytes)? {
            book.formats = number_kinds(&styles)?;
        }
        let rels_path = format!("{xl_path}_rels/{workbook_name}.rels");
        let rels = book
            .part(parts, &rels_path, max_bytes)?
            .ok_or_else(|| format!("missing {rels_path}"))?;
        let rels = relationships(&rels)?;
        if let Some(wb) = book.part(parts, &format!("{xl_path}{workbook_name}"), max_bytes)? {
            book.read_workbook(&wb, &rels, &xl_path)?;
        }
        Ok(book)
    }

    /// The bytes of part `path` (found as calamine finds it), `None` when there is none.
    fn part<R: Read + Seek>(
        &self,
        parts: &mut Parts<R>,
        path: &str,
        max_bytes: u64,
    ) -> Result<Option<Vec<u8>>, Fault> {
        let name = self
            .paths
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str);
        match parts.read(name, max_bytes) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{path}: {e}")),
        }
    }

    /// The workbook part's folder and name, from the package relationships.
    fn office_document<R: Read + Seek>(
        &self,
        parts: &mut Parts<R>,
        max_bytes: u64,
    ) -> Result<(String, String), Fault> {
        let bytes = self
            .part(parts, "_rels/.rels", max_bytes)?
            .ok_or("missing _rels/.rels")?;
        let mut xml = reader(&bytes);
        loop {
            match xml.read_event().map_err(xml_fault)? {
                Event::Start(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err("no Relationships".into()),
                _ => (),
            }
        }
        let mut target = None;
        loop {
            match xml.read_event().map_err(xml_fault)? {
                Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                    let [typ, tgt] = get_attrs(&e, ["Type", "Target"])?;
                    if typ.is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
                        if let Some(t) = tgt {
                            target = Some(decode_attr(t)?);
                        }
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
                Event::Eof => return Err("unterminated Relationships".into()),
                _ => (),
            }
        }
        let target = target.ok_or("no officeDocument relationship")?;
        let (dir, name) = match target.rfind('/') {
            Some(i) => target.split_at(i + 1),
            None => ("", target.as_str()),
        };
        let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
        let name = if name.is_empty() {
            "workbook.xml"
        } else {
            name
        };
        Ok((dir, name.to_string()))
    }

    fn read_workbook(
        &mut self,
        bytes: &[u8],
        rels: &HashMap<String, (String, String)>,
        xl_path: &str,
    ) -> Result<(), Fault> {
        let mut xml = reader(bytes);
        loop {
            match xml.read_event().map_err(xml_fault)? {
                Event::Start(e) if e.local_name().as_ref() == "sheet" => {
                    let (mut name, mut rel_id, mut visible) = (String::new(), "", true);
                    for a in attrs(&e) {
                        let (k, v) = a?;
                        match k {
                            "name" => name = decode_attr(v)?,
                            "state" => {
                                visible = match v {
                                    "visible" => true,
                                    "hidden" | "veryHidden" => false,
                                    v => return Err(format!("sheet state {v}")),
                                }
                            }
                            k if k == "id" || k.ends_with(":id") => rel_id = v,
                            _ => (),
                        }
                    }
                    let (target, typ) = rels
                        .get(rel_id)
                        .ok_or_else(|| format!("no relationship {rel_id}"))?;
                    let part = match target.strip_prefix('/') {
                        Some(abs) => abs.to_string(),
                        None => format!("{xl_path}{target}"),
                    };
                    let worksheet = match typ.rsplit('/').next() {
                        Some("worksheet") => true,
                        Some("chartsheet" | "dialogsheet") => false,
                        _ => return Err(format!("sheet type of {part}")),
                    };
                    self.sheets.push(BookSheet {
                        name,
                        worksheet,
                        visible,
                        part,
                    });
                }
                Event::Start(e) if e.local_name().as_ref() == "workbookPr" => {
                    if let Some(v) = attr(&e, "date1904")? {
                        self.is_1904 = v == "1" || v == "true";
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "workbook" => break,
                Event::Eof => return Err("unterminated workbook".into()),
                _ => (),
            }
        }
        Ok(())
    }

    /// Reads sheet `sheet`'s cells, passing each non-empty one to `put` in the order of the
    /// file, and returns its hidden rows and merged regions. `put` stops the read by
    /// returning an error (a limit reached).
    pub fn read_sheet<R: Read + Seek, E>(
        &self,
        parts: &mut Parts<R>,
        sheet: &BookSheet,
        max_bytes: u64,
        mut put: impl FnMut(Pos, Raw) -> Result<(), E>,
    ) -> Result<Result<SheetScan, Fault>, E> {
        let bytes = match self.part(parts, &sheet.part, max_bytes) {
            Ok(Some(b)) => b,
            Ok(None) => return Ok(Err(format!("missing {}", sheet.part))),
            Err(f) => return Ok(Err(f)),
        };
        let mut xml = reader(&bytes);
        if let Err(f) = to_sheet_data(&mut xml) {
            return Ok(Err(f));
        }
        let mut scan = SheetScan::default();
        let mut cells = SheetCells {
            book: self,
            formulas: Vec::new(),
            row: 0,
            col: 0,
            hidden: &mut scan.hidden,
        };
        loop {
            match cells.next(&mut xml) {
                Ok(Some((pos, raw))) => put(pos, raw)?,
                Ok(None) => break,
                Err(f) => return Ok(Err(f)),
            }
        }
        // After the cells, where no cell text can be mistaken for a tag: the merged regions
        // (the `<mergeCell>`s of the first `<mergeCells>`, as calamine reads them; a region
        // that does not read is passed over, the others kept) and whether a filter is on.
        // Optional: a fault here ends the look, not the read.
        let (mut filter, mut merges) = (false, MergeList::Before);
        loop {
            match xml.read_event() {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    "mergeCells" if merges == MergeList::Before => merges = MergeList::In,
                    "mergeCell" if merges == MergeList::In => {
                        if let Ok(Some(r)) = attr(&e, "ref") {
                            scan.merges.extend(merged_region(r));
                        }
                    }
                    "autoFilter" => filter = true,
                    _ => (),
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == "mergeCells" => {
                    merges = MergeList::After;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => (),
            }
        }
        scan.hidden.filter = filter && !scan.hidden.is_empty();
        Ok(Ok(scan))
    }

    /// The part of sheet `name`, if the workbook lists such a sheet.
    pub fn sheet(&self, name: &str) -> Option<&BookSheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// Where a sheet's tail is, as to its list of merged regions.
#[derive(PartialEq)]
enum MergeList {
    Before,
    In,
    After,
}

/// A merged region's `ref`: `B2:D3` (absolute or not), or one cell.
fn merged_region(r: &str) -> Option<(Pos, Pos)> {
    let r = r.replace('$', "");
    let (a, b) = r.split_once(':').unwrap_or((&r, &r));
    let (a, b) = (Pos::parse_a1(a.trim())?, Pos::parse_a1(b.trim())?);
    (a.row <= b.row && a.col <= b.col).then_some((a, b))
}

/// Moves `xml` past `<sheetData>` (a `<dimension>` before it must read).
fn to_sheet_data(xml: &mut Xml<'_>) -> Result<(), Fault> {
    let mut first = None::<String>;
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) => match e.local_name().as_ref() {
                "dimension" => match attr(&e, "ref")? {
                    Some(r) => {
                        for p in r.split(':') {
                            row_col(p)?;
                        }
                    }
                    None => return Err("dimension without ref".into()),
                },
                "sheetData" => return Ok(()),
                typ => {
                    first.get_or_insert_with(|| typ.to_string());
                }
            },
            Event::Eof => {
                return Err(match first {
                    Some(t) => format!("not a worksheet ({t})"),
                    None => "no sheetData".into(),
                })
            }
            _ => (),
        }
    }
}

/// A reference's 0-based row and (when it has letters) column, as calamine reads one.
fn row_opt_col(r: &str) -> Result<(u32, Option<u32>), Fault> {
    let b = r.as_bytes();
    let (mut i, mut col, mut row) = (0, 0u32, 0u32);
    let bad = || format!("bad reference {r}");
    while i < b.len() {
        match b[i] {
            c @ b'A'..=b'Z' => col = col.wrapping_mul(26).wrapping_add((c - b'A') as u32 + 1),
            c @ b'a'..=b'z' => col = col.wrapping_mul(26).wrapping_add((c - b'a') as u32 + 1),
            c @ b'0'..=b'9' => {
                row = (c - b'0') as u32;
                i += 1;
                break;
            }
            _ => return Err(bad()),
        }
        i += 1;
    }
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => row = row.wrapping_mul(10).wrapping_add((c - b'0') as u32),
            _ => return Err(bad()),
        }
        i += 1;
    }
    let row = row.checked_sub(1).ok_or_else(bad)?;
    Ok((row, col.checked_sub(1)))
}

fn row_col(r: &str) -> Result<(u32, u32), Fault> {
    match row_opt_col(r)? {
        (row, Some(col)) => Ok((row, col)),
        _ => Err(format!("reference without column {r}")),
    }
}

/// A shared formula's anchor: its text and first cell.
#[derive(Clone)]
struct SharedFormula {
    formula: String,
    start: (u32, u32),
}

/// The cells of one sheet, read in the file's order.
struct SheetCells<'b> {
    book: &'b Book,
    formulas: Vec<Option<SharedFormula>>,
    row: u32,
    col: u32,
    hidden: &'b mut HiddenRows,
}

impl SheetCells<'_> {
    /// The next non-empty cell, `None` at the end of `<sheetData>`.
    fn next(&mut self, xml: &mut Xml<'_>) -> Result<Option<(Pos, Raw)>, Fault> {
        loop {
            match xml.read_event().map_err(xml_fault)? {
                Event::Start(e) if e.local_name().as_ref() == "row" => {
                    // The row number as calamine reads it (the first `r`, a malformed
                    // attribute before it refused); then whether the row is hidden, where
                    // a malformed attribute only ends the look.
                    if let Some(r) = attr(&e, "r")? {
                        self.row = row_opt_col(r)?.0;
                    }
                    let hidden = attrs(&e)
                        .map_while(Result::ok)
                        .find(|(k, _)| *k == "hidden")
                        .is_some_and(|(_, v)| v == "1" || v == "true");
                    if hidden {
                        self.hidden.add(self.row, self.row);
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "row" => {
                    self.row = self.row.wrapping_add(1);
                    self.col = 0;
                }
                Event::Start(e) if e.local_name().as_ref() == "c" => {
                    let [r, s, t] = get_attrs(&e, ["r", "s", "t"])?;
                    let pos = match r {
                        Some(r) => {
                            let (row, col) = row_col(r)?;
                            self.col = col;
                            (row, col)
                        }
                        None => (self.row, self.col),
                    };
                    let raw = self.cell(xml, pos, s, t)?;
                    self.col = self.col.wrapping_add(1);
                    if !raw.is_empty() {
                        return Ok(Some((Pos::new(pos.0, pos.1), raw)));
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "sheetData" => return Ok(None),
                Event::Eof => return Err("unterminated sheetData".into()),
                _ => (),
            }
        }
    }

    /// The value of the cell just opened at `pos`, to its `</c>`.
    fn cell(
        &mut self,
        xml: &mut Xml<'_>,
        pos: (u32, u32),
        s: Option<&str>,
        t: Option<&str>,
    ) -> Result<Raw, Fault> {
        let mut value = Value::Empty;
        let mut formula: Option<FormulaText> = None;
        loop {
            match xml.read_event().map_err(xml_fault)? {
                Event::Start(e) if e.local_name().as_ref() == "f" => {
                    formula = Some(self.formula(xml, &e)?);
                }
                Event::Start(e) => {
                    if let Some(v) = self.value(xml, &e, s, t)? {
                        value = v;
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "c" => break,
                Event::Eof => return Err("unterminated c".into()),
                _ => (),
            }
        }
        let raw = match value {
            Value::Empty => match formula {
                Some(FormulaText::Text(f)) if !f.is_empty() => Raw::FormulaNoValue(f),
                Some(FormulaText::Derived(si)) => {
                    match self.formulas.get(si).and_then(Option::as_ref) {
                        Some(sf) => {
                            let f = calamine::expand_shared_formula(&sf.formula, sf.start, pos)
                                .map_err(xml_fault)?;
                            if f.is_empty() {
                                Raw::Empty
                            } else {
                                Raw::FormulaNoValue(f)
                            }
                        }
                        None => Raw::Empty,
                    }
                }
                _ => Raw::Empty,
            },
            Value::Number(n, NumberKind::Plain) => Raw::Number(n),
            Value::Number(n, kind) => {
                let typ = if kind == NumberKind::Date {
                    calamine::ExcelDateTimeType::DateTime
                } else {
                    calamine::ExcelDateTimeType::TimeDelta
                };
                super::cell::date_from_excel(&calamine::ExcelDateTime::new(
                    n,
                    typ,
                    self.book.is_1904,
                ))
            }
            Value::Text(s) => Raw::Text(s),
            Value::Shared(i) => Raw::Text(self.book.strings[i].clone()),
            Value::Bool(b) => Raw::Bool(b),
            Value::Iso(s) => super::cell::date_from_iso(&s),
            Value::Error(e) => Raw::Error(e),
        };
        Ok(raw)
    }

    /// A `<f>`'s text, or for a cell sharing another's formula, which one.
    fn formula(&mut self, xml: &mut Xml<'_>, e: &BytesStart<'_>) -> Result<FormulaText, Fault> {
        let text = text_to_end(xml, e)?;
        let [t, si, reference] = get_attrs(e, ["t", "si", "ref"])?;
        if t != Some("shared") {
            return Ok(FormulaText::Text(text));
        }
        let si = si.ok_or("shared formula without si")?;
        let si = index(si).ok_or("shared formula si not a number")?;
        match reference {
            Some(r) => {
                let start = row_col(r.split(':').next().unwrap_or(r))?;
                for p in r.split(':').skip(1) {
                    row_col(p)?;
                }
                if self.formulas.len() <= si {
                    self.formulas.resize(si + 1, None);
                }
                self.formulas[si] = Some(SharedFormula {
                    formula: text.clone(),
                    start,
                });
                Ok(FormulaText::Text(text))
            }
            None => Ok(FormulaText::Derived(si)),
        }
    }

    /// A value element (`<v>` or `<is>`) of a cell with style `s` and type `t`; `None` for
    /// one that gives no value (an inline-string cell's `<v>`).
    fn value(
        &self,
        xml: &mut Xml<'_>,
        e: &BytesStart<'_>,
        s: Option<&str>,
        t: Option<&str>,
    ) -> Result<Option<Value>, Fault> {
        let v = match e.local_name().as_ref() {
            "is" => match rich_text(xml, e)? {
                Some(s) => Value::Text(s),
                None => Value::Empty,
            },
            // calamine lets such a `<v>` after the `<is>` erase the text read: kept here.
            "v" if matches!(t, Some("inlineStr" | "is")) => {
                xml.read_to_end(e.name()).map_err(xml_fault)?;
                return Ok(None);
            }
            "v" if matches!(t, None | Some("n" | "s" | "b" | "e")) => {
                let v = match xml.read_event().map_err(xml_fault)? {
                    Event::Text(text) => self.typed(&text, s, t)?,
                    Event::End(end) if end.name() == e.name() => return Ok(Some(Value::Empty)),
                    Event::Eof => return Err("unterminated v".into()),
                    _ => Value::Empty,
                };
                xml.read_to_end(e.name()).map_err(xml_fault)?;
                v
            }
            "v" => {
                let text = text_to_end(xml, e)?;
                self.typed(&text, s, t)?
            }
            "f" => {
                xml.read_to_end(e.name()).map_err(xml_fault)?;
                Value::Empty
            }
            other => return Err(format!("unexpected <{other}> in a cell")),
        };
        Ok(Some(v))
    }

    /// The value `v` of a cell of style `s` and type `t`.
    fn typed(&self, v: &str, s: Option<&str>, t: Option<&str>) -> Result<Value, Fault> {
        let kind = match s {
            // A style beyond the list: a plain number (calamine's `None` format).
            Some(s) => self
                .book
                .formats
                .get(index(s).unwrap_or(0))
                .copied()
                .unwrap_or(NumberKind::Plain),
            None => NumberKind::Plain,
        };
        match t {
            Some("s") => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                let i = index(v).unwrap_or(0);
                if i < self.book.strings.len() {
                    Ok(Value::Shared(i))
                } else {
                    Err(format!("shared string {i} not found"))
                }
            }
            Some("b") => {
                let b = v.trim();
                if b.is_empty() {
                    Ok(Value::Empty)
                } else if b == "0" || b.eq_ignore_ascii_case("false") {
                    Ok(Value::Bool(false))
                } else if b == "1" || b.eq_ignore_ascii_case("true") {
                    Ok(Value::Bool(true))
                } else {
                    Err(format!("boolean {v}"))
                }
            }
            Some("d") => Ok(Value::Iso(v.to_string())),
            Some("e") => Ok(Value::Error(v.to_string())),
            Some("str") => Ok(Value::Text(unescape_excel(v))),
            Some("n") | None => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                match fast_float2::parse::<f64, _>(v.as_bytes()) {
                    Ok(n) => Ok(Value::Number(n, kind)),
                    Err(_) if t.is_none() => Ok(Value::Text(v.to_string())),
                    Err(_) => Err(format!("number {v}")),
                }
            }
            Some(t) => Err(format!("cell type {t}")),
        }
    }
}

/// The text of the element `open` to its end: its text and entities (line ends as XML
/// reads them), nothing else (calamine's reading of a formula and of a typed value).
fn text_to_end(xml: &mut Xml<'_>, open: &BytesStart<'_>) -> Result<String, Fault> {
    let mut text = String::new();
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => entity(&r, &mut text)?,
            Event::End(end) if end.name() == open.name() => return Ok(text),
            Event::Eof => return Err(format!("unterminated {}", open.local_name().as_ref())),
            _ => (),
        }
    }
}

enum FormulaText {
    Text(String),
    /// Shares the formula of anchor `si`.
    Derived(usize),
}

/// A string item (`<si>` or `<is>`): its `<t>` texts joined, phonetic runs left out;
/// `None` never for a closed item (an item without text is the empty string).
fn rich_text(xml: &mut Xml<'_>, open: &BytesStart<'_>) -> Result<Option<String>, Fault> {
    let mut rich: Option<String> = None;
    let mut phonetic = false;
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) if e.local_name().as_ref() == "r" && rich.is_none() => {
                rich = Some(String::new());
            }
            Event::Start(e) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Event::End(e) if e.name() == open.name() => {
                return Ok(Some(rich.unwrap_or_default()));
            }
            Event::End(e) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Event::Start(e) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = attr(&e, "xml:space")? == Some("preserve");
                let mut value = String::new();
                loop {
                    match xml.read_event().map_err(xml_fault)? {
                        Event::Text(t) => value.push_str(&t.xml10_content()),
                        Event::CData(t) => value.push_str(&t.xml10_content()),
                        Event::GeneralRef(r) => entity(&r, &mut value)?,
                        Event::End(end) if end.name() == e.name() => break,
                        Event::Eof => return Err("unterminated t".into()),
                        _ => (),
                    }
                }
                let value = if preserve {
                    unescape_excel(&value)
                } else {
                    unescape_excel(value.trim_matches([' ', '\t', '\r', '\n']))
                };
                match &mut rich {
                    Some(s) => s.push_str(&value),
                    None => rich = Some(value),
                }
            }
            Event::Eof => return Err("unterminated string".into()),
            _ => (),
        }
    }
}

/// The shared strings, in order.
fn shared_strings(bytes: &[u8]) -> Result<Vec<String>, Fault> {
    let mut xml = reader(bytes);
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) if e.local_name().as_ref() == "sst" => break,
            Event::Eof => return Err("no sst".into()),
            _ => (),
        }
    }
    let mut strings = Vec::new();
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                if let Some(s) = rich_text(&mut xml, &e)? {
                    strings.push(s);
                }
            }
            Event::End(e) if e.local_name().as_ref() == "sst" => break,
            Event::Eof => return Err("unterminated sst".into()),
            _ => (),
        }
    }
    Ok(strings)
}

/// What each cell style (`<cellXfs>`, by index) makes of a number.
fn number_kinds(bytes: &[u8]) -> Result<Vec<NumberKind>, Fault> {
    let mut xml = reader(bytes);
    let mut custom: HashMap<String, String> = HashMap::new();
    let mut kinds = Vec::new();
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) if e.local_name().as_ref() == "numFmts" => loop {
                match xml.read_event().map_err(xml_fault)? {
                    Event::Start(e) if e.local_name().as_ref() == "numFmt" => {
                        let [id, code] = get_attrs(&e, ["numFmtId", "formatCode"])?;
                        if let (Some(id), Some(code)) = (id, code) {
                            custom.insert(id.to_string(), decode_attr(code)?);
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "numFmts" => break,
                    Event::Eof => return Err("unterminated numFmts".into()),
                    _ => (),
                }
            },
            Event::Start(e) if e.local_name().as_ref() == "cellXfs" => loop {
                match xml.read_event().map_err(xml_fault)? {
                    Event::Start(e) if e.local_name().as_ref() == "xf" => {
                        kinds.push(match attr(&e, "numFmtId")? {
                            None => NumberKind::Plain,
                            Some(id) => match custom.get(id) {
                                Some(code) => custom_format_kind(code),
                                None => builtin_format_kind(id),
                            },
                        });
                        // Its body, to the first `</xf>` (calamine's reading: a damaged
                        // record ends where the next one does).
                        loop {
                            match xml.read_event().map_err(xml_fault)? {
                                Event::End(end) if end.local_name().as_ref() == "xf" => break,
                                Event::Eof => return Err("unterminated xf".into()),
                                _ => (),
                            }
                        }
                    }
                    Event::End(e) if e.local_name().as_ref() == "cellXfs" => break,
                    Event::Eof => return Err("unterminated cellXfs".into()),
                    _ => (),
                }
            },
            Event::End(e) if e.local_name().as_ref() == "styleSheet" => break,
            Event::Eof => return Err("unterminated styleSheet".into()),
            _ => (),
        }
    }
    Ok(kinds)
}

/// Excel's built-in number formats that show a date or time (ECMA-376 18.8.30, with the
/// East Asian ones), or a duration (`[h]:mm:ss`).
fn builtin_format_kind(id: &str) -> NumberKind {
    match id {
        "14" | "15" | "16" | "17" | "18" | "19" | "20" | "21" | "22" | "45" | "47" | "27"
        | "28" | "29" | "30" | "31" | "32" | "33" | "34" | "35" | "36" | "50" | "51" | "52"
        | "53" | "54" | "55" | "56" | "57" | "58" => NumberKind::Date,
        "46" => NumberKind::Duration,
        _ => NumberKind::Plain,
    }
}

/// Whether a custom number format shows a date or a duration: a date letter outside
/// quotes, escapes and brackets in its first section (`AM/PM` counts), or a bracketed
/// elapsed-time field (`[h]`, `[mm]`) for a duration.
fn custom_format_kind(format: &str) -> NumberKind {
    let (mut escaped, mut quoted, mut ampm, mut hms) = (false, false, false, false);
    let mut brackets = 0u8;
    let mut prev = ' ';
    for c in format.chars() {
        match (c, escaped, quoted, ampm, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => quoted = false,
            (_, _, true, _, _) => (),
            ('"', ..) => quoted = true,
            (';', ..) => return NumberKind::Plain,
            ('[', ..) => brackets = brackets.wrapping_add(1),
            (']', .., 1) if hms => return NumberKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ampm = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberKind::Date,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberKind::Date
            }
            _ => {
                if !(hms && c.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(c, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = c;
    }
    NumberKind::Plain
}

/// The workbook's relationships: id → (target, type).
fn relationships(bytes: &[u8]) -> Result<HashMap<String, (String, String)>, Fault> {
    let mut xml = reader(bytes);
    let mut out = HashMap::new();
    loop {
        match xml.read_event().map_err(xml_fault)? {
            Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                let [id, typ, target] = get_attrs(&e, ["Id", "Type", "Target"])?;
                if let Some(id) = id {
                    let target = target.unwrap_or_default().to_string();
                    out.insert(
                        id.to_string(),
                        (target, typ.unwrap_or_default().to_string()),
                    );
                }
            }
            Event::End(e) if e.local_name().as_ref() == "Relationships" => break,
            Event::Eof => return Err("unterminated Relationships".into()),
            _ => (),
        }
    }
    Ok(out)
}

/// Excel's `_xHHHH_` escapes (a UTF-16 unit each: `_x000D_` is a carriage return, a
/// surrogate pair two escapes; `_x005F_` escapes the underscore of a literal `_x…_`).
fn unescape_excel(s: &str) -> String {
    let unit_at = |i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find = |from: usize| -> Option<(usize, u16)> {
        let mut start = from;
        while let Some(off) = s[start..].find('_') {
            let i = start + off;
            if let Some(u) = unit_at(i) {
                return Some((i, u));
            }
            start = i + 1;
        }
        None
    };
    let Some((mut i, mut unit)) = find(0) else {
        return s.to_string();
    };
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    loop {
        out.push_str(&s[copied..i]);
        i += 7;
        match unit {
            0xD800..=0xDBFF => match unit_at(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let cp =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER));
                    i += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = i;
        match find(i) {
            Some(next) => (i, unit) = next,
            None => break,
        }
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_escapes() {
        assert_eq!(unescape_excel("a_x000D_b"), "a\rb");
        assert_eq!(unescape_excel("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_excel("_xD83D__xDCF7_"), "\u{1F4F7}");
        assert_eq!(unescape_excel("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_excel("no_escape_x12_"), "no_escape_x12_");
    }

    #[test]
    fn number_formats() {
        assert_eq!(custom_format_kind("dd/mm/yyyy"), NumberKind::Date);
        assert_eq!(custom_format_kind("#,##0"), NumberKind::Plain);
        assert_eq!(custom_format_kind("[h]:mm:ss"), NumberKind::Duration);
        assert_eq!(custom_format_kind("\"ngày\" 0"), NumberKind::Plain);
        assert_eq!(custom_format_kind("0;[Red]-0;\"d\""), NumberKind::Plain);
        assert_eq!(custom_format_kind("[$-42A]d mmmm yyyy"), NumberKind::Date);
        assert_eq!(builtin_format_kind("14"), NumberKind::Date);
        assert_eq!(builtin_format_kind("3"), NumberKind::Plain);
    }

    #[test]
    fn merged_regions() {
        assert_eq!(
            merged_region("B2:D3"),
            Some((Pos::new(1, 1), Pos::new(2, 3)))
        );
        assert_eq!(
            merged_region("$A$1"),
            Some((Pos::new(0, 0), Pos::new(0, 0)))
        );
        assert_eq!(merged_region("D3:B2"), None);
        assert_eq!(merged_region("x"), None);
    }

    #[test]
    fn references() {
        assert_eq!(row_col("B7").unwrap(), (6, 1));
        assert_eq!(row_opt_col("12").unwrap(), (11, None));
        assert!(row_col("A0").is_err() && row_col("7").is_err() && row_col("A-1").is_err());
    }
}
