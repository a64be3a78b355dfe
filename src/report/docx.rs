//! A small WordprocessingML writer: paragraphs, runs, tables, an A4 section with a page
//! number from page 2 — what a Vietnamese administrative document needs, written through
//! `zip` (already in the tree) so that no Word library is added. Same content, same bytes.

use std::io::Write;

/// Twips (1/20 pt) per millimetre, rounded.
pub const MM: u32 = 57;

/// Page margins (Decree 30/2020: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm).
/// The right margin is the decree's 15 mm, so that the heading block's two columns hold the
/// issuing body and the national heading on one line each.
pub const MARGIN_LEFT: u32 = 30 * MM;
pub const MARGIN_RIGHT: u32 = 15 * MM;
const MARGIN_TOP_BOTTOM: u32 = 20 * MM;
/// Left and right padding inside a table cell.
pub const CELL_PAD: u32 = MM;
/// The width between the margins of an A4 page.
pub const TEXT_WIDTH: u32 = 11906 - MARGIN_LEFT - MARGIN_RIGHT;

/// A run of text with one look.
#[derive(Debug, Clone, Default)]
pub struct Run {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
    pub underline: bool,
    /// Font size in points; the document's default (14 pt) when `None`.
    pub size: Option<f32>,
    /// A visibly marked placeholder that people must fill in (yellow highlight).
    pub placeholder: bool,
}

impl Run {
    pub fn new(text: impl Into<String>) -> Run {
        Run {
            text: text.into(),
            ..Default::default()
        }
    }
    pub fn bold(mut self) -> Run {
        self.bold = true;
        self
    }
    pub fn italic(mut self) -> Run {
        self.italic = true;
        self
    }
    pub fn underline(mut self) -> Run {
        self.underline = true;
        self
    }
    pub fn size(mut self, pt: f32) -> Run {
        self.size = Some(pt);
        self
    }
    pub fn placeholder(mut self) -> Run {
        self.placeholder = true;
        self
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
    #[default]
    Both,
}

/// A paragraph.
#[derive(Debug, Clone, Default)]
pub struct Para {
    pub runs: Vec<Run>,
    pub align: Align,
    /// First-line indent (body text).
    pub indent: bool,
    /// Space before and after, in points.
    pub before: f32,
    pub after: f32,
    /// Keep with the next paragraph (headings).
    pub keep_next: bool,
}

impl Para {
    /// A body paragraph: justified, first line indented, 6 pt after.
    pub fn body(runs: Vec<Run>) -> Para {
        Para {
            runs,
            align: Align::Both,
            indent: true,
            before: 0.0,
            after: 6.0,
            keep_next: false,
        }
    }

    /// A line with no indent and no space after (heading blocks, table cells).
    pub fn line(runs: Vec<Run>, align: Align) -> Para {
        Para {
            runs,
            align,
            indent: false,
            before: 0.0,
            after: 0.0,
            keep_next: false,
        }
    }
}

/// A table cell: its paragraphs.
pub type Cell = Vec<Para>;

/// A document being written.
#[derive(Default)]
pub struct Doc {
    body: String,
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot hold.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn run_xml(r: &Run) -> String {
    let mut props = String::new();
    if r.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if r.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    if r.underline {
        props.push_str(r#"<w:u w:val="single"/>"#);
    }
    if let Some(pt) = r.size {
        let half = (pt * 2.0).round() as u32;
        props.push_str(&format!(
            r#"<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>"#
        ));
    }
    if r.placeholder {
        props.push_str(r#"<w:highlight w:val="yellow"/>"#);
    }
    // Line breaks inside a run become <w:br/>.
    let text: Vec<String> = r
        .text
        .split('\n')
        .map(|t| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, esc(t)))
        .collect();
    format!("<w:r><w:rPr>{props}</w:rPr>{}</w:r>", text.join("<w:br/>"))
}

fn para_xml(p: &Para) -> String {
    let jc = match p.align {
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
        Align::Both => "both",
    };
    let mut ppr = String::new();
    if p.keep_next {
        ppr.push_str("<w:keepNext/>");
    }
    ppr.push_str(&format!(
        r#"<w:spacing w:before="{}" w:after="{}"/>"#,
        (p.before * 20.0).round() as u32,
        (p.after * 20.0).round() as u32
    ));
    if p.indent {
        ppr.push_str(r#"<w:ind w:firstLine="567"/>"#);
    }
    ppr.push_str(&format!(r#"<w:jc w:val="{jc}"/>"#));
    let runs: String = p.runs.iter().map(run_xml).collect();
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

impl Doc {
    pub fn para(&mut self, p: Para) {
        self.body.push_str(&para_xml(&p));
    }

    /// A table of `widths` (twips); with `borders` a grid, without it a layout table (the
    /// two-column heading and signature blocks). The first `header_rows` repeat on each page.
    pub fn table(&mut self, widths: &[u32], rows: &[Vec<Cell>], borders: bool, header_rows: usize) {
        let total: u32 = widths.iter().sum();
        let border = if borders { "single" } else { "nil" };
        let sides = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map(|s| format!(r#"<w:{s} w:val="{border}" w:sz="4" w:space="0" w:color="000000"/>"#))
            .concat();
        self.body.push_str(&format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{sides}</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_PAD}" w:type="dxa"/><w:right w:w="{CELL_PAD}" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>"#
        ));
        for w in widths {
            self.body.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
        }
        self.body.push_str("</w:tblGrid>");
        for (i, row) in rows.iter().enumerate() {
            self.body.push_str("<w:tr><w:trPr><w:cantSplit/>");
            if i < header_rows {
                self.body.push_str("<w:tblHeader/>");
            }
            self.body.push_str("</w:trPr>");
            for (cell, w) in row.iter().zip(widths) {
                self.body.push_str(&format!(
                    r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>"#
                ));
                if cell.is_empty() {
                    self.body.push_str("<w:p/>");
                }
                for p in cell {
                    self.body.push_str(&para_xml(p));
                }
                self.body.push_str("</w:tc>");
            }
            self.body.push_str("</w:tr>");
        }
        self.body.push_str("</w:tbl>");
        // Word needs a paragraph between two tables and after the last one.
        self.para(Para::line(vec![], Align::Left));
    }

    /// The `.docx` bytes: A4 portrait, the margins above,
    /// Times New Roman 14 pt, the page number centred in the top margin from page 2.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        let document = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="{}" w:right="{}" w:bottom="{}" w:left="{}" w:header="567" w:footer="567" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#,
            self.body, MARGIN_TOP_BOTTOM, MARGIN_RIGHT, MARGIN_TOP_BOTTOM, MARGIN_LEFT
        );
        let header = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p></w:hdr>"#;
        let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#;
        let content_types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;
        let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
        let doc_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        // A fixed time in every entry: the same report twice is the same bytes.
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default());
        for (name, text) in [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document.as_str()),
            ("word/styles.xml", styles),
            ("word/header1.xml", header),
            ("word/_rels/document.xml.rels", doc_rels),
        ] {
            zip.start_file(name, options).map_err(|e| e.to_string())?;
            zip.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
        }
        let cursor = zip.finish().map_err(|e| e.to_string())?;
        Ok(cursor.into_inner())
    }
}
