//! The district's report upward (docs/tong-hop.md): one consolidation → a `.docx` in the layout
//! of Vietnamese administrative documents (Decree 30/2020, Appendix I), every figure from
//! the same [`Outcome`] as the summary and the JSON. What only people can write is a marked
//! placeholder; notes for the office staff are highlighted and never look like the text.

pub mod docx;
pub mod json;
pub mod measure;
pub mod record;
mod sections;
pub mod words;

use crate::model::Outcome;
use crate::plan::{Plan, ReportInfo};
use docx::{Align, Cell, Doc, Para, Run, CELL_PAD, MM, TEXT_WIDTH};
use measure::Face;
pub use words::amount_in_words;

/// The report's file name for `plan`: `bao-cao-ket-qua-<short name>.docx`.
pub fn file_name(plan: &Plan) -> String {
    format!(
        "bao-cao-ket-qua-{}.docx",
        crate::parse::text::ascii_slug(&plan.short_name, 60)
    )
}

const NATIONAL: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";
/// Space the decree leaves for the signature and the seal (≥ 30 mm), in points.
const SIGNATURE_SPACE_PT: f32 = 96.0;

fn b(text: impl Into<String>) -> Run {
    Run::new(text).bold()
}

/// A short solid rule under a heading line: em dashes, `share` of the line's width.
fn rule(width: u32, pt: f32, share: f32) -> Para {
    let dash = measure::twips("—", Face::Regular, pt).max(1);
    let n = ((width as f32 * share) / dash as f32).round().max(3.0) as usize;
    Para::line(vec![Run::new("—".repeat(n)).size(pt)], Align::Center)
}

/// Font sizes and column widths of the heading block, at Decree 30's sizes: the bodies and
/// the national heading 13 pt, or 12 pt when 13 does not fit (never less); the motto one
/// point larger. The columns are sized by what they hold; when even 12 pt is too wide, the
/// national side keeps its width and a long issuing body wraps in its column.
struct HeadingLayout {
    pt: f32,
    left: u32,
    right: u32,
}

fn heading_layout(r: &ReportInfo, date_line: &str) -> HeadingLayout {
    // The cells' own padding and a little air: Decree 30's sizes fit an ordinary district's
    // names at 12 pt (measured: the demo's both columns with 0.5 mm to spare).
    let pad = 2 * CELL_PAD + MM / 4;
    let mut pt = 13.0;
    loop {
        let left = [
            measure::twips(&r.superior_body, Face::Regular, pt),
            measure::twips(&r.issuing_body, Face::Bold, pt),
            measure::twips(&r.number, Face::Regular, 13.0),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
            + pad;
        let right = [
            measure::twips(NATIONAL, Face::Bold, pt),
            measure::twips(MOTTO, Face::Bold, pt + 1.0),
            measure::twips(date_line, Face::Italic, 13.0),
        ]
        .into_iter()
        .max()
        .unwrap_or(0)
            + pad;
        if left + right <= TEXT_WIDTH {
            // What is left over goes to both columns alike.
            let spare = TEXT_WIDTH.saturating_sub(left + right) / 2;
            let left = (left + spare).min(TEXT_WIDTH);
            return HeadingLayout {
                pt,
                left,
                right: TEXT_WIDTH - left,
            };
        }
        if pt <= 12.0 {
            let right = right.min(TEXT_WIDTH * 3 / 5);
            return HeadingLayout {
                pt,
                left: TEXT_WIDTH - right,
                right,
            };
        }
        pt -= 0.5;
    }
}

/// The heading block: issuing bodies left, national heading right, then the number and the
/// place-and-date line in a second row so that they share one baseline.
fn heading_block(doc: &mut Doc, r: &ReportInfo, year: &str) {
    let date_line = format!("{}, ngày     tháng     năm {year}", r.place);
    let l = heading_layout(r, &date_line);
    let issuing_width = measure::twips(&r.issuing_body, Face::Bold, l.pt);
    let top = vec![
        vec![
            Para::line(vec![Run::new(&r.superior_body).size(l.pt)], Align::Center),
            Para::line(vec![b(&r.issuing_body).size(l.pt)], Align::Center),
            rule(issuing_width, l.pt, 0.4),
        ],
        vec![
            Para::line(vec![b(NATIONAL).size(l.pt)], Align::Center),
            Para::line(vec![b(MOTTO).size(l.pt + 1.0).underline()], Align::Center),
        ],
    ];
    let mut number = Para::line(vec![Run::new(&r.number).size(13.0)], Align::Center);
    number.before = 6.0;
    let mut date = Para::line(vec![Run::new(date_line).italic().size(13.0)], Align::Center);
    date.before = 6.0;
    doc.table(
        &[l.left, l.right],
        &[top, vec![vec![number], vec![date]]],
        false,
        0,
    );
}

/// Builds the report's `.docx` bytes.
pub fn build(o: &Outcome, plan: &Plan) -> Result<Vec<u8>, String> {
    let r = &plan.report;
    let mut doc = Doc::default();
    // The report's own year: the day its figures are taken at (today, or `--as-of`), never
    // the plan's deadline (a report made in 2026 is not dated 2025).
    heading_block(&mut doc, r, &o.as_of.format("%Y").to_string());
    let mut title = Para::line(vec![b("BÁO CÁO")], Align::Center);
    title.before = 6.0;
    doc.para(title);
    let subject = sections::curly(&r.subject);
    let subject_width = measure::twips(&subject, Face::Bold, 14.0).min(TEXT_WIDTH);
    doc.para(Para::line(vec![b(subject)], Align::Center));
    let mut line = rule(subject_width, 14.0, 0.33);
    line.after = 12.0;
    doc.para(line);

    sections::write(&mut doc, o, plan);

    closing(&mut doc, r);
    doc.finish()
}

/// `Nơi nhận:` and the signature block, with ≥ 30 mm for the signature and the seal.
fn closing(doc: &mut Doc, r: &ReportInfo) {
    let mut recipients: Cell = vec![Para::line(
        vec![b("Nơi nhận:").italic().size(12.0)],
        Align::Left,
    )];
    for line in &r.recipients {
        recipients.push(Para::line(vec![Run::new(line).size(11.0)], Align::Left));
    }
    let mut name = Para::line(
        vec![Run::new("[Họ và tên người ký]").bold().placeholder()],
        Align::Center,
    );
    name.before = SIGNATURE_SPACE_PT;
    let signature: Cell = vec![
        Para::line(vec![b(&r.signer_on_behalf)], Align::Center),
        // The office checks who signs: the title is highlighted like the name.
        Para::line(vec![b(&r.signer_title).placeholder()], Align::Center),
        name,
    ];
    let left = 75 * MM;
    doc.table(
        &[left, TEXT_WIDTH - left],
        &[vec![recipients, signature]],
        false,
        0,
    );
}
