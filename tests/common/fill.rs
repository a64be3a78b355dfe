//! Filling a workbook as a unit does, without a spreadsheet program: values written into
//! the blank cells of a sheet's XML (the template writes every input cell as a formatted
//! blank `<c r="B2" s="6"/>`).

use std::io::{Read, Write};

pub enum Fill<'a> {
    Num(f64),
    Text(&'a str),
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `xlsx` with the XML of part `sheet` changed by `edit`.
fn rewrite(xlsx: &[u8], sheet: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut edit = Some(edit);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == sheet {
            let edit = edit.take().expect("one part of that name");
            data = edit(String::from_utf8(data).unwrap()).into_bytes();
        }
        zout.start_file(name, opts).unwrap();
        zout.write_all(&data).unwrap();
    }
    zout.finish().unwrap().into_inner()
}

/// `xlsx` with `cells` (A1 → value) written into the part `sheet` (`xl/worksheets/sheet3.xml`).
pub fn fill(xlsx: &[u8], sheet: &str, cells: &[(&str, Fill<'_>)]) -> Vec<u8> {
    rewrite(xlsx, sheet, |mut xml| {
        for (a1, v) in cells {
            let open = format!("<c r=\"{a1}\"");
            let start = xml
                .find(&format!("{open} "))
                .or_else(|| xml.find(&format!("{open}/>")))
                .unwrap_or_else(|| panic!("no blank cell {a1} in {sheet}"));
            let end = start + xml[start..].find("/>").unwrap() + 2;
            let style = xml[start..end]
                .split_once(" s=\"")
                .map(|(_, rest)| format!(" s=\"{}\"", rest.split('"').next().unwrap()))
                .unwrap_or_default();
            let cell = match v {
                Fill::Num(n) => format!("<c r=\"{a1}\"{style}><v>{n}</v></c>"),
                Fill::Text(t) => format!(
                    "<c r=\"{a1}\"{style} t=\"inlineStr\"><is><t>{}</t></is></c>",
                    escape(t)
                ),
            };
            xml.replace_range(start..end, &cell);
        }
        xml
    })
}

/// `xlsx` with the rows from `first_row` (1-based) of part `sheet` removed.
pub fn drop_rows_from(xlsx: &[u8], sheet: &str, first_row: u32) -> Vec<u8> {
    rewrite(xlsx, sheet, |mut xml| {
        let from = xml
            .find(&format!("<row r=\"{first_row}\""))
            .expect("the row");
        let to = xml.find("</sheetData>").unwrap();
        xml.replace_range(from..to, "");
        xml
    })
}
