//! Every sheet prints: the demo's summary, a feedback file and the template exported to PDF
//! by LibreOffice, read back page by page (poppler's `pdftotext`).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use calamine::{open_workbook_auto, Reader};

fn pdftotext(pdf: &Path, layout: bool) -> Option<Vec<String>> {
    let mut cmd = std::process::Command::new("pdftotext");
    if layout {
        cmd.arg("-layout");
    }
    match cmd.arg(pdf).arg("-").output() {
        Ok(o) if o.status.success() => Some(
            String::from_utf8_lossy(&o.stdout)
                .split('\u{c}')
                .map(str::to_string)
                .filter(|p| !p.trim().is_empty())
                .collect(),
        ),
        _ if std::env::var("CI").as_deref() == Ok("true") => panic!("pdftotext is required in CI"),
        _ => {
            eprintln!("SKIPPED: pdftotext (poppler-utils) not installed");
            None
        }
    }
}

/// Each page's text (white space folded), by the sheet its footer names
/// (`73/KH-LĐLĐ   <sheet>   Trang X/Y`, the last line of the page as laid out).
fn pages_by_sheet(pdf: &Path, sheets: &[String]) -> Option<BTreeMap<String, Vec<String>>> {
    let laid_out = pdftotext(pdf, true)?;
    let raw = pdftotext(pdf, false)?;
    assert_eq!(laid_out.len(), raw.len());
    let mut by_sheet: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (page, text) in laid_out.iter().zip(raw) {
        let footer = squash(
            page.lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or(""),
        );
        let sheet = sheets
            .iter()
            .find(|s| footer.starts_with(&format!("73/KH-LĐLĐ {s} Trang ")))
            .unwrap_or_else(|| panic!("a page whose footer names no sheet: {footer:?}"));
        by_sheet
            .entry(sheet.clone())
            .or_default()
            .push(squash(&text));
    }
    Some(by_sheet)
}

/// The header row of every sheet whose first row is a table header.
/// The first row of every sheet people see (the machine record's very hidden sheet is not
/// printed, and must not be).
fn headers(xlsx: &Path) -> BTreeMap<String, Vec<String>> {
    let mut wb = open_workbook_auto(xlsx).unwrap();
    let mut out = BTreeMap::new();
    let shown: Vec<String> = (wb.sheets_metadata().iter())
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .map(|s| s.name.clone())
        .collect();
    assert!(
        !shown
            .iter()
            .any(|n| n == danvan::report::record::RECORD_SHEET),
        "the record sheet is hidden"
    );
    for name in shown {
        let range = wb.worksheet_range(&name).unwrap();
        let row: Vec<String> = range
            .rows()
            .next()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .unwrap_or_default();
        out.insert(name, row);
    }
    out
}

/// The number of leading columns each sheet prints, for sheets with a print area (the
/// others print every column).
fn print_columns(xlsx: &Path) -> BTreeMap<String, usize> {
    use std::io::Read as _;
    let mut z = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut xml = String::new();
    z.by_name("xl/workbook.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut out = BTreeMap::new();
    for part in xml.split("<definedName name=\"_xlnm.Print_Area\"").skip(1) {
        let text = &part[part.find('>').unwrap() + 1..part.find("</definedName>").unwrap()];
        let (sheet, range) = text.rsplit_once('!').unwrap();
        let sheet = sheet.trim_matches('\'').to_string();
        let last = range.rsplit(':').next().unwrap().replace('$', "");
        let cols = danvan::pos::Pos::parse_a1(&last).unwrap().col as usize + 1;
        out.insert(sheet, cols);
    }
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_summary_prints_on_a4_with_headers_and_unit_columns_on_every_page() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    danvan::cmd::demo::run(dir.path()).unwrap();
    let plan = danvan::plan::Plan::default_plan();
    let summary = dir.path().join(format!(
        "tong-hop-{}.xlsx",
        danvan::parse::text::ascii_slug(&plan.short_name, 60)
    ));
    let out = dir.path().join("pdf");
    let pdf = common::convert(soffice, &summary, "pdf", &out);
    let sheets: Vec<String> = danvan::summary::SHEETS
        .iter()
        .map(|s| s.to_string())
        .collect();
    let Some(pages) = pages_by_sheet(&pdf, &sheets) else {
        return;
    };
    assert!(
        pages
            .get(danvan::summary::SHEET_SUMMARY)
            .map_or(0, Vec::len)
            <= 5,
        "Tổng hợp prints on {} pages (its charts on a page of their own)",
        pages[danvan::summary::SHEET_SUMMARY].len()
    );
    assert_eq!(
        pages.len(),
        sheets.len(),
        "every sheet prints: {:?}",
        pages.keys()
    );
    // The whole summary of the demo prints on 45 pages or fewer.
    let total: usize = pages.values().map(Vec::len).sum();
    assert!(total <= 45, "the demo summary prints on {total} pages");
    // Every page of a table sheet shows the header row and the column that says what a row
    // is about (a sheet too wide for one legible page repeats it at the left), and every
    // column of its print area prints on some page. A sheet with a print area prints in
    // one strip: every page holds its last printed column too; the columns past it (where
    // a row came from, screen-only details) print on no page.
    let printed = print_columns(&summary);
    for sheet in [
        danvan::summary::SHEET_PROGRESS,
        danvan::contract::SHEET_PROPAGANDA,
        danvan::contract::SHEET_ACTIVITIES,
    ] {
        assert!(printed.contains_key(sheet), "{sheet}: {printed:?}");
    }
    for (sheet, header) in headers(&summary) {
        if sheet == danvan::summary::SHEET_SUMMARY {
            continue;
        }
        let first = squash(&header[0]);
        for (i, page) in pages[&sheet].iter().enumerate() {
            assert!(
                page.contains(&first),
                "{sheet}, page {}: header {first:?} missing",
                i + 1
            );
        }
        // A header wrapped in a narrow column reads word by word among its neighbours.
        let shown = |p: &String, h: &str| h.split(' ').all(|w| p.contains(w));
        let cut = printed.get(&sheet).copied().unwrap_or(header.len());
        for h in &header[..cut] {
            let h = squash(h);
            assert!(
                pages[&sheet].iter().any(|p| shown(p, &h)),
                "{sheet}: column {h:?} printed on no page"
            );
        }
        if cut < header.len() {
            let last = squash(&header[cut - 1]);
            for (i, page) in pages[&sheet].iter().enumerate() {
                assert!(
                    shown(page, &last),
                    "{sheet}, page {}: {last:?} missing",
                    i + 1
                );
            }
            for h in &header[cut..] {
                let h = squash(h);
                assert!(
                    !pages[&sheet].iter().any(|p| p.contains(&h)),
                    "{sheet}: screen column {h:?} printed"
                );
            }
        }
    }

    // A feedback file prints the same way.
    let feedback = std::fs::read_dir(dir.path().join("phan-hoi"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let pdf = common::convert(soffice, &feedback, "pdf", &out.join("fb"));
    let pages = pages_by_sheet(&pdf, &["Phản hồi".to_string()]).unwrap();
    for page in &pages["Phản hồi"] {
        assert!(page.contains("Tệp") && page.contains("Trang") && page.contains("Ô"));
    }
    let last = squash(danvan::summary::ISSUE_HEADERS.last().unwrap());
    assert!(pages["Phản hồi"].iter().any(|p| p.contains(&last)));
}

#[test]
fn the_template_prints_on_a4() {
    let Some(soffice) = common::soffice() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("input_templates/mau-bao-cao-dan-van-dot-II-2024.xlsx");
    let pdf = common::convert(soffice, &template, "pdf", dir.path());
    let sheets: Vec<String> = [
        danvan::contract::SHEET_GUIDE,
        danvan::contract::SHEET_INFO,
        danvan::contract::SHEET_PROPAGANDA,
        danvan::contract::SHEET_ACTIVITIES,
        danvan::contract::SHEET_SITUATION,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let Some(pages) = pages_by_sheet(&pdf, &sheets) else {
        return;
    };
    // The blank template prints on six pages: no empty grid past a first page, the check
    // block with the unit's fields, and the category lists (on the guide) for a unit that
    // fills it on paper.
    let total: usize = pages.values().map(Vec::len).sum();
    assert!(total <= 6, "the template prints on {total} pages");
    assert_eq!(pages[danvan::contract::SHEET_INFO].len(), 1);
    let guide = pages[danvan::contract::SHEET_GUIDE].join(" ");
    let plan = danvan::plan::Plan::default_plan();
    for cat in plan.topics.iter().chain(&plan.forms) {
        assert!(guide.contains(&cat.code), "{} not listed", cat.code);
    }
    for table in [
        danvan::contract::SHEET_PROPAGANDA,
        danvan::contract::SHEET_ACTIVITIES,
    ] {
        assert_eq!(pages[table].len(), 1, "{table}");
        for page in &pages[table] {
            assert!(
                page.contains("STT") && page.contains("Ghi chú"),
                "{table}: {page}"
            );
        }
    }
    // Every page A4, either way round.
    let info = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page ") && l.contains(" size:"))
        .collect();
    assert!(
        !sizes.is_empty() && sizes.iter().all(|l| l.contains("(A4)")),
        "{info}"
    );
}
