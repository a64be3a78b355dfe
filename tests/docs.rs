//! The pages of `docs/` say what the code does: the issue-code table, the template's names,
//! the summary's sheets, the statuses and the JSON's keys are read from the pages and held
//! against the code's own tables.

use std::collections::BTreeSet;

use danvan::contract::{self as c, InfoField, SituationField};
use danvan::issue::Code;

fn page(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cells of each row of the page's tables whose first cell is a code span.
fn coded_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

#[test]
fn the_issue_code_page_lists_every_code_with_its_kind_and_severity() {
    let rows = coded_rows(&page("ma-loi.md"));
    let documented: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| {
            (
                r[0].trim_matches('`').to_string(),
                r[1].clone(),
                r[2].clone(),
            )
        })
        .collect();
    let ours: Vec<(String, String, String)> = Code::ALL
        .iter()
        .map(|c| {
            (
                c.as_str().to_string(),
                c.title().to_string(),
                c.severity().vn().to_string(),
            )
        })
        .collect();
    for o in &ours {
        assert!(
            documented.contains(o),
            "docs/ma-loi.md lacks or misstates {o:?}"
        );
    }
    for d in &documented {
        assert!(
            ours.contains(d),
            "docs/ma-loi.md lists {d:?}, which the code does not have"
        );
    }
    assert_eq!(documented.len(), ours.len(), "a code listed twice");
}

#[test]
fn the_template_page_names_every_sheet_label_and_header() {
    let text = page("mau-bao-cao.md");
    let mut names: Vec<&str> = vec![
        c::SHEET_GUIDE,
        c::SHEET_INFO,
        c::SHEET_PROPAGANDA,
        c::SHEET_ACTIVITIES,
        c::SHEET_SITUATION,
        c::SHEET_LISTS,
        c::SHEET_META,
        c::META_TEMPLATE,
        c::META_TEMPLATE_VERSION,
        c::META_PLAN_CODE,
        c::META_UNIT_CODE,
        c::META_GENERATED_AT,
    ];
    names.extend(InfoField::ALL.map(InfoField::label));
    names.extend(SituationField::ALL.map(SituationField::label));
    names.extend(c::PROPAGANDA_HEADERS);
    names.extend(c::ACTIVITY_HEADERS);
    for n in names {
        assert!(
            text.contains(&format!("`{n}`")),
            "docs/mau-bao-cao.md lacks `{n}`"
        );
    }
    // The unit fields in the sheet's order.
    let order: Vec<usize> = InfoField::ALL
        .iter()
        .map(|f| {
            text.find(&format!("`{}` ·", f.label()))
                .or_else(|| text.find(&format!("`{}`.", f.label())))
                .unwrap()
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "unit fields out of order"
    );
}

#[test]
fn the_summary_page_lists_the_sheets_in_order_and_the_statuses_page_every_status() {
    let text = page("tong-hop.md");
    let listed: Vec<String> = coded_rows(&text)
        .into_iter()
        .map(|r| r[0].trim_matches('`').to_string())
        .filter(|n| c::SUMMARY_SHEETS.contains(&n.as_str()))
        .collect();
    assert_eq!(listed, c::SUMMARY_SHEETS);
    let text = page("trang-thai.md");
    let statuses: Vec<String> = coded_rows(&text)
        .into_iter()
        .map(|r| r[0].trim_matches('`').to_string())
        .collect();
    assert_eq!(
        statuses,
        [
            c::STATUS_ON_TIME,
            c::STATUS_LATE,
            c::STATUS_MISSING,
            c::STATUS_INVALID
        ]
    );
}

#[test]
fn the_json_page_explains_every_key_of_the_document() {
    let plan = danvan::plan::Plan::default_plan();
    let roster = danvan::roster::Roster::sample();
    let empty = tempfile::tempdir().unwrap();
    let read = danvan::reading::Reading::new(&plan, &roster).read(&[empty.path().to_path_buf()]);
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap();
    let receipts = danvan::arrival::Receipts::default();
    let outcome = danvan::consolidate::consolidate(read, &plan, &roster, &receipts, as_of);
    let doc = danvan::report::json::build(&outcome, &plan);
    let keys: BTreeSet<String> = doc.as_object().unwrap().keys().cloned().collect();
    let text = page("json.md");
    let documented: BTreeSet<String> = coded_rows(&text)
        .into_iter()
        .flat_map(|r| {
            r[0].split(", ")
                .map(|k| k.trim_matches('`').split('.').next().unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(keys, documented);
    for k in ["expected", "on_time", "late", "missing", "invalid", "extra"] {
        assert!(
            doc["units"].get(k).is_some() && text.contains(&format!("\"{k}\"")),
            "{k}"
        );
    }
}
