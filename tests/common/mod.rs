//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod book;
pub mod fill;
pub mod pdf;
pub mod run;
pub mod server;

use std::path::{Path, PathBuf};

/// The LibreOffice binary, or `None` (after printing why) when it is absent outside CI.
/// In CI (`CI=true`) a missing LibreOffice fails the test instead of skipping it.
pub fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"].into_iter().find(|b| {
        std::process::Command::new(b)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("LibreOffice (soffice) is required in CI");
        }
        eprintln!("SKIPPED: LibreOffice (soffice) not installed");
    }
    found
}

/// Converts `file` with LibreOffice headless to `format` (e.g. "ods", "pdf") in `outdir`,
/// with a private profile, and returns the converted file's path.
pub fn convert(soffice: &str, file: &Path, format: &str, outdir: &Path) -> PathBuf {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        outdir.join("lo-profile").display()
    );
    let out = std::process::Command::new(soffice)
        .args([&profile, "--headless", "--convert-to", format, "--outdir"])
        .arg(outdir)
        .arg(file)
        .output()
        .expect("soffice runs");
    assert!(out.status.success(), "soffice failed: {out:?}");
    let stem = file.file_stem().unwrap().to_string_lossy();
    let ext = format.split(':').next().unwrap();
    let converted = outdir.join(format!("{stem}.{ext}"));
    assert!(
        converted.exists(),
        "LibreOffice wrote nothing for {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    converted
}

/// The name of the sample roster's unit `code`.
pub fn sample_unit_name(code: &str) -> &'static str {
    danvan::roster::SAMPLE_ROSTER_CSV
        .lines()
        .find_map(|l| l.strip_prefix(code)?.strip_prefix(','))
        .and_then(|rest| rest.split(',').next())
        .unwrap_or_else(|| panic!("no {code} in the sample roster"))
}

/// Like [`convert`], with LibreOffice told to recalculate every formula on loading (by
/// default it keeps the values stored in the file, which a filled-in test file does not
/// update).
pub fn convert_recalculated(soffice: &str, file: &Path, format: &str, outdir: &Path) -> PathBuf {
    let user = outdir.join("lo-profile/user");
    std::fs::create_dir_all(&user).unwrap();
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    convert(soffice, file, format, outdir)
}

/// The reader's context with default limits.
pub fn context<'a>(
    plan: &'a danvan::plan::Plan,
    roster: &'a danvan::roster::Roster,
    matchers: &'a danvan::submission::Matchers,
) -> danvan::submission::Context<'a> {
    danvan::submission::Context {
        plan,
        roster,
        matchers,
        limits: danvan::read::Limits::default(),
    }
}

/// `consolidate` arguments: `inputs` → `out/tong-hop.xlsx` and `.json`, as of 10/01/2025,
/// quiet, default plan, roster and limits; callers change what they test.
pub fn consolidate_args(inputs: &Path, out: &Path) -> danvan::cli::ConsolidateArgs {
    danvan::cli::ConsolidateArgs {
        inputs: vec![inputs.to_path_buf()],
        common: danvan::cli::Common::default(),
        limits: danvan::cli::LimitArgs::default(),
        received: None,
        as_of: danvan::clock::parse_day("10/01/2025").ok(),
        out: Some(out.join("tong-hop.xlsx")),
        json: Some(out.join("tong-hop.json")),
        feedback: None,
        quiet: true,
        sequential: false,
        no_cache: false,
        report: None,
        compare: None,
    }
}

/// The next đợt the tests make from the default plan: plan 15/KH-LĐLĐ, đợt I/2025, from
/// 02/06/2025 to 16/06/2025, returns before 20/06/2025.
pub fn next_period() -> danvan::plan::next::NextPeriod {
    let day = |d, m| chrono::NaiveDate::from_ymd_opt(2025, m, d).unwrap();
    danvan::plan::next::NextPeriod {
        code: "15/KH-LĐLĐ".into(),
        name: "đợt I/2025".into(),
        from: day(2, 6),
        to: day(16, 6),
        deadline_before: day(20, 6),
    }
}

/// [`next_period`] as `danvan plan --next` flags, the plan workbook written to `export`.
pub fn next_period_args(export: &str) -> Vec<&str> {
    vec![
        "plan",
        "--next",
        "--code",
        "15/KH-LĐLĐ",
        "--name",
        "đợt I/2025",
        "--from",
        "02/06/2025",
        "--to",
        "16/06/2025",
        "--deadline-before",
        "20/06/2025",
        "--export",
        export,
    ]
}

/// The words of a `.docx`, paragraphs on their own lines.
pub fn docx_text(path: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    {
        use std::io::Read as _;
        z.by_name("word/document.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
    }
    let xml = xml.replace("</w:p>", "\n");
    let mut out = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"")
}

/// `xlsx` copied to `to` with the XML of its first sheet changed by `edit`, as saving after
/// a hand edit leaves it.
pub fn edit_first_sheet(xlsx: &Path, to: &Path, edit: impl FnOnce(String) -> String) {
    use std::io::{Read as _, Write as _};
    let mut zin = zip::ZipArchive::new(std::fs::File::open(xlsx).unwrap()).unwrap();
    let mut zout = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let mut edit = Some(edit);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            let edit = edit.take().unwrap();
            bytes = edit(String::from_utf8(bytes).unwrap()).into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&bytes).unwrap();
    }
    zout.finish().unwrap();
    assert!(edit.is_none(), "no first sheet in {}", xlsx.display());
}

/// A sheet's XML with the stored value of the number in `cell` replaced by `value`.
pub fn set_number(xml: String, cell: &str, value: i64) -> String {
    let at = xml.find(&format!("<c r=\"{cell}\"")).unwrap();
    let v = at + xml[at..].find("<v>").unwrap() + 3;
    let end = v + xml[v..].find("</v>").unwrap();
    format!("{}{value}{}", &xml[..v], &xml[end..])
}
