//! Returns saved by real spreadsheet programs (committed fixtures, see scripts/make-fixtures.sh)
//! read to the same rows and values whatever the format.

use std::path::Path;

use danvan::issue::Severity;
use danvan::plan::Plan;
use danvan::roster::Roster;
use danvan::submission::{read_return, Matchers, Submission, UnitId};

mod common;

fn read(rel: &str) -> Submission {
    let plan = Plan::default_plan();
    let roster = Roster::sample();
    let matchers = Matchers::new(&plan);
    let ctx = common::context(&plan, &roster, &matchers);
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(rel);
    read_return(&path, rel, &ctx)
}

/// What a return says, independent of its format: rows with their cells and values.
fn digest(s: &Submission) -> Vec<String> {
    let mut out: Vec<String> = s.propaganda.iter().map(|r| format!("{r:?}")).collect();
    out.extend(s.activities.iter().map(|r| format!("{r:?}")));
    out.push(format!(
        "{:?}",
        (s.info.report_date, s.info.members, &s.info.name)
    ));
    out.push(format!("{:?}", (s.situation.strikes, &s.situation.morale)));
    out
}

#[test]
fn xls_xlsx_and_ods_saved_by_libreoffice_read_the_same() {
    let xls = read("input_templates/mau-tra-ve-CD05.xls");
    let cd05 = Roster::sample().by_code("CD05").unwrap();
    assert_eq!(xls.unit, Some(UnitId::Roster(cd05)));
    assert!(xls.rows_read() >= 3, "{}", xls.rows_read());
    let errors: Vec<String> = xls
        .issues
        .iter()
        .filter(|i| i.severity == Severity::Error)
        .map(|i| i.line())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(xls.rows_read(), xls.rows_counted());
    for other in [
        "tests/fixtures/resaved-libreoffice.xlsx",
        "tests/fixtures/converted-libreoffice.ods",
    ] {
        let s = read(other);
        assert_eq!(s.unit, xls.unit, "{other}");
        assert_eq!(digest(&s), digest(&xls), "{other}");
        assert_eq!(
            s.issues.iter().map(|i| i.code).collect::<Vec<_>>(),
            xls.issues.iter().map(|i| i.code).collect::<Vec<_>>(),
            "{other}"
        );
    }
}

/// LibreOffice records when a file was saved in each format's own properties; the reader
/// finds it in all three (`docProps/core.xml`, `meta.xml`, the .xls SummaryInformation).
#[test]
fn the_saved_time_is_read_from_xls_xlsx_and_ods_saved_by_libreoffice() {
    let times: Vec<_> = [
        "input_templates/mau-tra-ve-CD05.xls",
        "tests/fixtures/resaved-libreoffice.xlsx",
        "tests/fixtures/converted-libreoffice.ods",
    ]
    .iter()
    .map(|f| {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).unwrap();
        let kind = danvan::read::sniff::sniff(&bytes);
        (f, danvan::read::saved_time(&bytes, kind))
    })
    .collect();
    for (f, t) in &times {
        let t = t.unwrap_or_else(|| panic!("{f}: no saved time"));
        // The fixtures were made with LibreOffice in 2026.
        assert!(
            t.date() > chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap(),
            "{f}: {t}"
        );
    }
}
