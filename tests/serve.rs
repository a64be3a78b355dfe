//! `danvan serve` over real HTTP: uploads, status, downloads, and every security rule,
//! against the real binary on 127.0.0.1.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};
use common::server::{encode, Served};
use danvan::plan::Plan;
use danvan::roster::Roster;

/// The demo's returns, written into `dir`; their names.
fn demo_returns(dir: &Path) -> Vec<String> {
    std::fs::create_dir_all(dir).unwrap();
    danvan::cmd::demo::write_demo_returns(&Plan::default_plan(), &Roster::sample(), dir).unwrap();
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..z.len())
        .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
        .collect()
}

fn stored(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn uploaded_returns_give_the_same_results_as_consolidate_and_every_download_opens() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, dir, out) = (
        tmp.path().join("src"),
        tmp.path().join("bao-cao"),
        tmp.path().join("output"),
    );
    let names = demo_returns(&src);
    let server = Served::start(&dir, &out, &[]);

    // Before any upload: every roster unit is missing.
    let status = server.get("/api/status").json();
    assert_eq!(status["status"]["headline"]["expected"], 38);
    assert_eq!(status["status"]["headline"]["missing"], 38);
    assert_eq!(status["plan"]["code"], "73/KH-LĐLĐ");
    assert_eq!(status["plan"]["deadline"], "01/01/2025");
    assert_eq!(status["plan"]["roster_sample"], true);

    let mut refused = Vec::new();
    for name in &names {
        let bytes = std::fs::read(src.join(name)).unwrap();
        let a = server.upload(name, &bytes);
        if name.ends_with(".txt") {
            // Not a spreadsheet: refused with a message naming it, not stored.
            assert_eq!(a.status, 415, "{}", a.text());
            assert!(a.text().contains(name.as_str()), "{}", a.text());
            refused.push(name.clone());
            continue;
        }
        assert_eq!(a.status, 200, "{name}: {}", a.text());
        assert_eq!(a.json()["stored"], name.as_str());
    }
    assert_eq!(refused.len(), 1);
    let expected_stored: Vec<String> = names
        .iter()
        .filter(|n| !refused.contains(n))
        .cloned()
        .collect();
    assert_eq!(
        stored(&dir),
        expected_stored,
        "each upload stored once, under its name"
    );

    let status = server.get("/api/status").json();
    let st = &status["status"];
    assert_eq!(status["error"], serde_json::Value::Null);

    // The same folder through the command line: the JSON is the same.
    let cli_out = tmp.path().join("cli");
    let code = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("consolidate")
        .arg(&dir)
        .arg("--out")
        .arg(cli_out.join("tong-hop.xlsx"))
        .arg("--json")
        .arg(cli_out.join("tong-hop.json"))
        .args(["--as-of", "02/01/2025", "--quiet"])
        .output()
        .unwrap();
    assert!(code.status.success(), "{code:?}");
    let cli: serde_json::Value =
        serde_json::from_slice(&std::fs::read(cli_out.join("tong-hop.json")).unwrap()).unwrap();
    let served = server.get(&format!("/download/json?t={}", server.token));
    assert_eq!(served.status, 200);
    assert_eq!(served.json(), cli, "the page's JSON equals consolidate's");

    // The page's headline is the JSON's.
    for key in ["expected", "on_time", "late", "missing", "invalid", "extra"] {
        assert_eq!(st["headline"][key], cli["units"][key], "{key}");
    }
    assert_eq!(st["headline"]["rows_counted"], cli["rows"]["counted"]);
    assert_eq!(st["headline"]["errors"], cli["issues"]["error"]);
    // One row per unit, statuses as in the JSON; issues with sheet and cell.
    let units = st["units"].as_array().unwrap();
    assert_eq!(units.len(), cli["per_unit"].as_object().unwrap().len());
    for u in units {
        let code = u["code"].as_str().unwrap();
        assert_eq!(u["status"], cli["per_unit"][code]["status"], "{code}");
        assert_eq!(u["errors"], cli["per_unit"][code]["errors"], "{code}");
    }
    let with_errors = units
        .iter()
        .find(|u| u["errors"].as_u64() > Some(0))
        .unwrap();
    let issue = &with_errors["issues"][0];
    assert!(issue["location"].as_str().unwrap().contains('!'), "{issue}");
    // One issue shape: the page shows the file's issue exactly as `check --json` gives it.
    let checked = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("check")
        .arg(dir.join(with_errors["file"].as_str().unwrap()))
        .arg("--json")
        .output()
        .unwrap();
    let checked: serde_json::Value = serde_json::from_slice(&checked.stdout).unwrap();
    let same = checked["files"][0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["message"] == issue["message"])
        .expect("the page's issue in check --json");
    assert_eq!(issue, same);
    assert!(!issue["message"].as_str().unwrap().is_empty());
    // The broken attachment is listed with its reason.
    let others = st["not_counted"].as_array().unwrap();
    assert!(
        others
            .iter()
            .any(|f| f["file"] == "CD30 tai ve loi.xlsx" && f["readable"] == false),
        "{others:?}"
    );
    // The chase list: the two missing units first, with contact, phone and the deadline.
    let chase = st["chase"].as_array().unwrap();
    let missing: Vec<&str> = chase
        .iter()
        .filter(|c| c["status"] == "Chưa nộp")
        .map(|c| c["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        missing.len(),
        cli["units"]["missing"].as_u64().unwrap() as usize
    );
    assert_eq!(chase[0]["status"], "Chưa nộp");
    for c in chase {
        let m = c["message"].as_str().unwrap();
        assert!(m.contains("01/01/2025") || m.contains("ngay"), "{m}");
        assert!(
            m.chars().count() <= 320,
            "{} characters: {m}",
            m.chars().count()
        );
        assert!(!c["phone"].as_str().unwrap().is_empty());
    }

    // Downloads: the summary opens and its headline is the JSON's.
    let summary = server.get("/download/summary");
    assert_eq!(summary.status, 200);
    assert!(summary
        .header("content-disposition")
        .unwrap()
        .contains("tong-hop-dan-van-dot-II-2024.xlsx"));
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(summary.body.clone())).unwrap();
    assert!(wb.sheet_names().contains(&"Tổng hợp".to_string()));
    let progress = wb.worksheet_range("Tiến độ nộp").unwrap();
    let missing_rows = progress
        .rows()
        .filter(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s == "Chưa nộp"))
        })
        .count();
    assert_eq!(missing_rows, missing.len());
    let report = server.get("/download/report");
    assert_eq!(report.status, 200);
    assert!(zip_names(&report.body).contains(&"word/document.xml".to_string()));
    let feedback = server.get("/download/feedback.zip");
    assert_eq!(feedback.status, 200);
    let fb = zip_names(&feedback.body);
    // A feedback file for every unit with something to fix (being late is not).
    let units_with_issues = units
        .iter()
        .filter(|u| {
            u["issues"].as_array().unwrap().iter().any(|i| {
                let code = i["code"].as_str().unwrap();
                danvan::issue::Code::ALL
                    .iter()
                    .any(|c| c.as_str() == code && !c.is_run_level())
            })
        })
        .count();
    assert_eq!(fb.len(), units_with_issues, "{fb:?}");
    assert!(fb.iter().all(|n| n.starts_with("Phản hồi - ")), "{fb:?}");
    let template = server.get("/download/template");
    assert_eq!(template.status, 200);
    let t: Xlsx<_> = Xlsx::new(std::io::Cursor::new(template.body.clone())).unwrap();
    assert!(t.sheet_names().contains(&"Tuyên truyền".to_string()));
    let templates = server.get("/download/templates.zip");
    assert_eq!(zip_names(&templates.body).len(), 38);
    // The page itself, with its script and style, works without any outside address.
    let page = server.get(&format!("/?t={}", server.token));
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("Nhận tệp báo cáo") && !html.contains("https://"),
        "{html}"
    );
    // The pickers offer what the folder walk reads: one list (`read::formats`).
    let returns = danvan::read::formats::accept(&danvan::read::formats::UPLOAD_EXTS);
    let tables = danvan::read::formats::accept(&danvan::read::formats::TABLE_EXTS);
    assert_eq!(returns, ".xlsx,.xlsm,.xls,.ods,.xlsb,.zip");
    assert!(html.contains(&format!("id=\"file-input\" multiple accept=\"{returns}\"")));
    assert!(html.contains(&format!("id=\"roster-input\" accept=\"{tables}\"")));
    assert!(!html.contains("{{"), "a placeholder left in the page");
    assert!(server.get("/app.js").text().contains("/api/upload"));
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));

    // A file copied into the folder by hand counts at the next look.
    let before = server.get("/api/status").json()["status"]["headline"]["files"]
        .as_u64()
        .unwrap();
    std::fs::copy(dir.join(&expected_stored[0]), dir.join("chep tay.xlsx")).unwrap();
    let after = server.get("/api/status").json()["status"]["headline"]["files"]
        .as_u64()
        .unwrap();
    assert_eq!(after, before + 1);
}

/// A zip whose sheet inflates 8 MiB of spaces from a few KiB.
fn zip_bomb() -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    z.start_file("[Content_Types].xml", opts).unwrap();
    z.write_all(b"<Types/>").unwrap();
    z.start_file("xl/workbook.xml", opts).unwrap();
    z.write_all(b"<workbook/>").unwrap();
    z.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    z.write_all(" ".repeat(8 << 20).as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

#[test]
fn every_security_rule_holds_and_the_server_keeps_serving() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    let server = Served::start(&dir, &out, &["--max-upload-mb", "1"]);
    let (host, origin, token) = (server.host(), server.origin(), server.token.clone());
    let src = tmp.path().join("src");
    let demo = demo_returns(&src);
    // A demo return by its unit's code: different files where the bytes must differ.
    let return_of = |code: &str| {
        let name = (demo.iter())
            .find(|n| n.contains(&format!(" {code} - ")))
            .unwrap();
        std::fs::read(src.join(name)).unwrap()
    };
    let good = return_of("CD06");

    // DNS rebinding: another name for this address.
    let a = server.raw(
        &format!(
            "GET /api/status?t={token} HTTP/1.1\nHost: evil.example:{}",
            server.addr.port()
        ),
        b"",
    );
    assert_eq!(a.status, 403, "{}", a.text());
    let a = server.raw(&format!("GET /api/status?t={token} HTTP/1.1"), b"");
    assert_eq!(a.status, 400, "no Host at all: {}", a.text());
    assert!(a.text().contains("thiếu dòng Host"), "{}", a.text());
    // `localhost` is this machine too.
    let a = server.raw(
        &format!(
            "GET /api/status?t={token} HTTP/1.1\nHost: localhost:{}",
            server.addr.port()
        ),
        b"",
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // Missing and wrong tokens.
    let a = server.raw(&format!("GET /api/status HTTP/1.1\nHost: {host}"), b"");
    assert_eq!(a.status, 403);
    assert!(a.text().contains("mã truy cập"), "{}", a.text());
    let a = server.raw(&format!("GET /?t=0000 HTTP/1.1\nHost: {host}"), b"");
    assert_eq!(a.status, 403);
    let a = server.raw(
        &format!("GET /download/summary?t={}x HTTP/1.1\nHost: {host}", token),
        b"",
    );
    assert_eq!(a.status, 403);

    // Cross-site upload (the token alone is not enough), and an upload without Origin.
    let post = |origin_line: &str, name: &str, body: &[u8]| {
        server.raw(
            &format!(
                "POST /api/upload?t={token}&name={} HTTP/1.1\nHost: {host}{origin_line}\nContent-Length: {}",
                encode(name),
                body.len()
            ),
            body,
        )
    };
    let a = post("\nOrigin: http://evil.example", "x.xlsx", &good);
    assert_eq!(a.status, 403, "{}", a.text());
    let a = post("", "x.xlsx", &good);
    assert_eq!(a.status, 403, "{}", a.text());
    assert!(!dir.join("x.xlsx").exists());

    // Names that try to leave the folder or name a device.
    let a = post(&format!("\nOrigin: {origin}"), "../x.xlsx", &good);
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.json()["stored"], "x.xlsx");
    assert!(dir.join("x.xlsx").exists() && !tmp.path().join("x.xlsx").exists());
    let a = post(
        &format!("\nOrigin: {origin}"),
        "..\\..\\CON.xlsx",
        &return_of("CD07"),
    );
    assert_eq!(a.json()["stored"], "_CON.xlsx");
    // The same bytes again are the file already there, under any name: no copy.
    for name in ["x.xlsx", "ban-sao.xlsx"] {
        let a = server.upload(name, &good);
        assert_eq!(a.status, 200, "{}", a.text());
        assert_eq!(
            (a.json()["stored"].as_str(), a.json()["same"].as_bool()),
            (Some("x.xlsx"), Some(true))
        );
        assert!(a.text().contains("giống hệt tệp"), "{}", a.text());
    }
    // Another file under the same name keeps both.
    let a = server.upload("x.xlsx", &return_of("CD08"));
    assert_eq!(a.json()["stored"], "x (2).xlsx");
    // A long Vietnamese name (more letters and bytes than file systems take) is shortened
    // at a letter and stored, twice as well: never a 500 "File name too long".
    let long = format!(
        "{}.xlsx",
        "Báo cáo kết quả công tác dân vận đợt hai của công đoàn cơ sở Trường Tiểu học ".repeat(3)
    );
    assert!(long.chars().count() > 120 && long.len() > 255);
    let mut long_names = Vec::new();
    for (n, suffix, code) in [(1, ".xlsx", "CD09"), (2, " (2).xlsx", "CD10")] {
        let a = server.upload(&long, &return_of(code));
        assert_eq!(a.status, 200, "upload {n}: {}", a.text());
        let name = a.json()["stored"].as_str().unwrap().to_string();
        assert!(name.len() <= 255 && name.ends_with(suffix), "{name}");
        assert!(long.starts_with(name.trim_end_matches(suffix)), "{name}");
        assert!(dir.join(&name).is_file(), "{name}");
        long_names.push(name);
    }

    // Too big: refused before it is read, with the limit in the message.
    let big = vec![b'x'; (1 << 20) + 10];
    let a = server.upload("lon.xlsx", &big);
    assert_eq!(a.status, 413, "{}", a.text());
    assert!(a.text().contains("tối đa 1 MiB"), "{}", a.text());
    // A claimed length of 100 TB with three bytes sent (this aborted tiny_http).
    let a = server.raw(
        &format!("POST /api/upload?name=a.xlsx HTTP/1.1\nHost: {host}\nOrigin: {origin}\nX-Danvan-Token: {token}\nContent-Length: 100000000000000"),
        b"abc",
    );
    assert_eq!(a.status, 413);
    // Chunked bodies (no length) are refused; so is a head that never ends.
    let a = server.raw(
        &format!("POST /api/upload?name=a.xlsx HTTP/1.1\nHost: {host}\nOrigin: {origin}\nX-Danvan-Token: {token}\nTransfer-Encoding: chunked"),
        b"3\r\nabc\r\n0\r\n\r\n",
    );
    assert_eq!(a.status, 411);
    let long = format!(
        "GET / HTTP/1.1\nHost: {host}\nX-Pad: {}",
        "a".repeat(20_000)
    );
    assert_eq!(server.raw(&long, b"").status, 431);
    let mut s = std::net::TcpStream::connect(server.addr).unwrap();
    s.write_all(b"\x16\x03\x01garbage\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    assert!(String::from_utf8_lossy(&buf).starts_with("HTTP/1.1 400"));

    // A zip bomb named like a return: stored, then listed as unreadable with its reason.
    let a = server.upload("bom.xlsx", &zip_bomb());
    assert_eq!(a.status, 200, "{}", a.text());
    let status = server.get("/api/status");
    assert_eq!(status.status, 200);
    let st = status.json();
    // The day set by --as-of is not the computer's: the page says "Tính đến", not "Hôm nay".
    assert_eq!(st["plan"]["as_of_is_today"], false, "{}", st["plan"]);
    assert_eq!(st["plan"]["today"], "02/01/2025");
    let bomb = st["status"]["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "bom.xlsx")
        .cloned()
        .expect("the bomb is listed");
    assert_eq!(bomb["readable"], false);
    assert!(
        bomb["reason"].as_str().unwrap().contains("bom nén"),
        "{bomb}"
    );
    // The fuzzer's `.xls` that asked the reader for 137 GB: stored, listed as unreadable,
    // and the server goes on.
    let fuzz = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fuzz/xls-dense-range-137GB.xls"),
    )
    .unwrap();
    assert_eq!(server.upload("fuzz.xls", &fuzz).status, 200);
    let st = server.get("/api/status").json();
    let fuzzed = st["status"]["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "fuzz.xls")
        .cloned()
        .expect("the fuzzed file is listed");
    assert_eq!(fuzzed["readable"], false, "{fuzzed}");
    assert!(fuzzed["issues"][0]["code"] == "file-unreadable", "{fuzzed}");
    // The good copies still count: CD06 reported.
    let cd06 = st["status"]["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == "CD06")
        .cloned()
        .unwrap();
    assert_eq!(cd06["status"], "Đúng hạn");
    let mut expected: Vec<String> = ["_CON.xlsx", "bom.xlsx", "fuzz.xls", "x (2).xlsx", "x.xlsx"]
        .map(String::from)
        .into();
    expected.extend(long_names);
    expected.sort();
    assert_eq!(
        stored(&dir),
        expected,
        "nothing else was written into the folder"
    );
    // Still serving.
    assert_eq!(server.get("/api/status").status, 200);
    assert_eq!(server.get("/nowhere").status, 404);
}

#[test]
fn a_date_that_is_no_date_stops_serve_as_it_stops_consolidate() {
    let tmp = tempfile::tempdir().unwrap();
    for args in [
        vec!["serve", "--port", "0", "--no-open", "--as-of", "31/02/2025"],
        vec!["consolidate", ".", "--as-of", "31/02/2025"],
    ] {
        let r = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(&args)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.contains("Lỗi: --as-of") && err.contains("\"31/02/2025\" không phải ngày"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("error:"), "clap's English frame: {err}");
    }
}

#[test]
fn a_returns_folder_inside_the_outputs_is_refused_and_no_arguments_print_help() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("output");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("serve")
        .arg("--dir")
        .arg(out.join("bao-cao"))
        .arg("--out")
        .arg(&out)
        .args(["--port", "0", "--no-open"])
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("phải khác nhau"));
    // No arguments in a terminal (or a pipe): the help, not a server.
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .output()
        .unwrap();
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stdout).contains("danvan serve"));
}

#[test]
fn the_page_sets_roster_date_and_receipts_and_moves_a_wrong_upload_aside() {
    let tmp = tempfile::tempdir().unwrap();
    let (src, dir, out) = (
        tmp.path().join("src"),
        tmp.path().join("bao-cao"),
        tmp.path().join("output"),
    );
    demo_returns(&src);
    let server = Served::start(&dir, &out, &[]);
    let late = "Bao cao dan van CD07 - CDCS-co-quan-UBND-xa-Cha-La.xlsx";
    assert_eq!(
        server
            .upload(late, &std::fs::read(src.join(late)).unwrap())
            .status,
        200
    );
    let unit = |code: &str| {
        let s = server.get("/api/status").json();
        s["status"]["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["code"] == code)
            .cloned()
            .unwrap()
    };
    assert_eq!(unit("CD07")["status"], "Trễ hạn");
    // The last consolidation's progress: every file read, nothing running now.
    let p = server.get("/api/progress").json();
    assert_eq!(p["busy"], false);
    assert_eq!(p["total"], 1);
    assert_eq!(p["done"], 1);

    // Only from the page itself: no Origin, no change.
    let bare = server.raw(
        &format!(
            "POST /api/as-of?date=31/12/2024 HTTP/1.1\nHost: {}\nX-Danvan-Token: {}\nContent-Length: 0",
            server.host(),
            server.token
        ),
        b"",
    );
    assert_eq!(bare.status, 403);

    // The as-of date: a wrong one is refused in Vietnamese; a right one is used.
    let bad = server.post("/api/as-of?date=ngay-mai", b"");
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("không phải ngày"), "{}", bad.text());
    assert_eq!(server.post("/api/as-of?date=31/12/2024", b"").status, 200);
    let s = server.get("/api/status").json();
    assert_eq!(s["status"]["as_of"], "31/12/2024");
    assert_eq!(s["as_of_set"], "31/12/2024");
    assert_eq!(server.post("/api/as-of?date=02/01/2025", b"").status, 200);

    // A file received by hand on 30/12/2024: written to the receipt log, on time from it.
    let future = server.post(
        &format!("/api/received?file={}&date=01/01/2099", encode(late)),
        b"",
    );
    assert_eq!(future.status, 400, "{}", future.text());
    // Days the summary would not use are refused when typed, each with its reason: a year
    // typed wrong, and a day after the as-of day (02/01/2025).
    let wrong_year = server.post(
        &format!("/api/received?file={}&date=30/12/2014", encode(late)),
        b"",
    );
    assert_eq!(wrong_year.status, 400, "{}", wrong_year.text());
    assert!(
        wrong_year
            .text()
            .contains("không hợp lý cho đợt II/2024 (17/12/2024 – 31/12/2024"),
        "{}",
        wrong_year.text()
    );
    let after = server.post("/api/received?unit=CD06&date=05/01/2025", b"");
    assert_eq!(after.status, 400, "{}", after.text());
    assert!(
        after.text().contains("sau ngày tính số liệu 02/01/2025"),
        "{}",
        after.text()
    );
    let outside = server.post(
        "/api/received?file=..%2F..%2Fetc%2Fpasswd&date=30/12/2024",
        b"",
    );
    assert_eq!(outside.status, 404);
    let ok = server.post(
        &format!("/api/received?file={}&date=30/12/2024", encode(late)),
        b"",
    );
    assert_eq!(ok.status, 200, "{}", ok.text());
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    assert!(log.starts_with("Tên tệp,Ngày nhận,Đơn vị\n"), "{log}");
    assert!(log.contains(&format!("\n{late},30/12/2024,\n")), "{log}");
    let cd07 = unit("CD07");
    assert_eq!(cd07["status"], "Đúng hạn");
    assert_eq!(cd07["source"], "Sổ nhận tệp");

    // CD06 sent no file: its return came on paper on 31/12/2024. An unknown unit is refused.
    assert_eq!(unit("CD06")["status"], "Chưa nộp");
    let nobody = server.post("/api/received?unit=CD99&date=31/12/2024", b"");
    assert_eq!(nobody.status, 404, "{}", nobody.text());
    let paper = server.post("/api/received?unit=CD06&date=31/12/2024", b"");
    assert_eq!(paper.status, 200, "{}", paper.text());
    assert!(paper.text().contains("bản giấy"), "{}", paper.text());
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    assert!(log.ends_with("\n,31/12/2024,CD06\n"), "{log}");
    let cd06 = unit("CD06");
    assert_eq!(cd06["status"], "Đúng hạn");
    assert_eq!(cd06["source"], "Sổ nhận tệp (bản giấy)");
    assert_eq!(cd06["rows_counted"], 0);
    assert!(
        cd06["paper_note"]
            .as_str()
            .unwrap()
            .contains("số liệu chưa có trong tổng hợp"),
        "{cd06}"
    );

    // Days entered by mistake are taken back on the page: the paper return of CD06, then
    // CD07's file day; every other row of the log stays; then both are entered again.
    assert_eq!(cd06["from_receipt_log"], true);
    let undo = server.post("/api/unreceive?unit=CD06", b"");
    assert_eq!(undo.status, 200, "{}", undo.text());
    assert!(
        undo.text().contains("Đã bỏ 1 dòng của đơn vị CD06"),
        "{}",
        undo.text()
    );
    assert_eq!(unit("CD06")["status"], "Chưa nộp");
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    assert!(
        !log.contains("CD06") && log.contains(&format!("\n{late},30/12/2024,")),
        "{log}"
    );
    let again = server.post("/api/unreceive?unit=CD06", b"");
    assert_eq!(again.status, 404, "{}", again.text());
    let undo = server.post(
        &format!("/api/unreceive?file={}&unit=CD07", encode(late)),
        b"",
    );
    assert_eq!(undo.status, 200, "{}", undo.text());
    assert_eq!(unit("CD07")["status"], "Trễ hạn");
    assert_eq!(unit("CD07")["from_receipt_log"], false);
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    assert_eq!(log, "Tên tệp,Ngày nhận,Đơn vị\n");
    for again in [
        format!("/api/received?file={}&date=30/12/2024", encode(late)),
        "/api/received?unit=CD06&date=31/12/2024".to_string(),
    ] {
        assert_eq!(server.post(&again, b"").status, 200);
    }
    assert_eq!(unit("CD06")["status"], "Đúng hạn");
    assert_eq!(unit("CD07")["status"], "Đúng hạn");

    // A roster that does not load changes nothing; a real one is kept and used.
    let broken = server.post("/api/roster?name=ds.csv", "Mã,Tên\n".as_bytes());
    assert_eq!(broken.status, 422, "{}", broken.text());
    assert_eq!(
        broken.reason, "Unprocessable Content",
        "its own reason phrase"
    );
    assert!(broken.text().contains("Danh sách đang dùng vẫn giữ nguyên"));
    let real: Vec<&str> = danvan::roster::SAMPLE_ROSTER_CSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("CD03,"))
        .collect();
    let used = server.post("/api/roster?name=ds.csv", real.join("\n").as_bytes());
    assert_eq!(used.status, 200, "{}", used.text());
    let s = server.get("/api/status").json();
    assert_eq!(s["plan"]["roster_sample"], false);
    assert_eq!(s["status"]["headline"]["expected"], 37);
    assert!(out.join("danh-sach-don-vi.csv").is_file());

    // A wrong upload taken out: moved to da-xoa, never deleted; nothing outside the folder.
    let photo = server.upload("anh.xlsx", b"\xFF\xD8\xFF\xE0 not a workbook");
    assert_eq!(photo.status, 200);
    assert_eq!(
        server
            .post("/api/remove?file=..%2Fsrc%2Fx.xlsx", b"")
            .status,
        404
    );
    let removed = server.post("/api/remove?file=anh.xlsx", b"");
    assert_eq!(removed.status, 200, "{}", removed.text());
    assert!(!dir.join("anh.xlsx").exists());
    assert!(out.join("da-xoa/anh.xlsx").is_file());
    let s = server.get("/api/status").json();
    assert!(s["status"]["not_counted"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["file"] != "anh.xlsx"));
    assert_eq!(s["removed"], serde_json::json!(["anh.xlsx"]));
    // Taken out by mistake: put back from da-xoa (only a name listed there), with its
    // modified time; then out again.
    let sneaky = server.post("/api/restore?file=..%2F..%2Fetc%2Fpasswd", b"");
    assert_eq!(sneaky.status, 404, "{}", sneaky.text());
    let modified = std::fs::metadata(out.join("da-xoa/anh.xlsx"))
        .unwrap()
        .modified()
        .unwrap();
    let back = server.post("/api/restore?file=anh.xlsx", b"");
    assert_eq!(back.status, 200, "{}", back.text());
    assert!(
        back.text().contains("trở lại thư mục báo cáo"),
        "{}",
        back.text()
    );
    assert!(dir.join("anh.xlsx").is_file() && !out.join("da-xoa/anh.xlsx").exists());
    assert_eq!(
        std::fs::metadata(dir.join("anh.xlsx"))
            .unwrap()
            .modified()
            .unwrap(),
        modified
    );
    let s = server.get("/api/status").json();
    assert_eq!(s["removed"], serde_json::json!([]));
    assert!(
        (s["status"]["not_counted"].as_array().unwrap().iter()).any(|f| f["file"] == "anh.xlsx")
    );
    assert_eq!(server.post("/api/remove?file=anh.xlsx", b"").status, 200);

    // One unit's feedback file; none for a unit with nothing to fix.
    let none = server.get("/download/feedback?unit=CD07");
    assert_eq!(none.status, 404);
    assert!(
        none.text().contains("không có lỗi cần sửa"),
        "{}",
        none.text()
    );
    // The as-of day set on the page is kept for the next start.
    assert_eq!(server.post("/api/as-of?date=31/12/2024", b"").status, 200);
    drop(server);

    // Started again (with no --as-of): the kept roster and the kept as-of day are used
    // without being named.
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"));
    cmd.arg("serve")
        .arg("--dir")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .args(["--port", "0", "--no-open"]);
    let again = Served::spawn(cmd);
    let s = again.get("/api/status").json();
    assert_eq!(s["plan"]["roster_sample"], false);
    assert_eq!(s["status"]["headline"]["expected"], 37);
    assert_eq!(
        s["as_of_set"], "31/12/2024",
        "the as-of day survives a restart"
    );
    assert_eq!(s["status"]["as_of"], "31/12/2024");
    assert_eq!(s["plan"]["as_of_is_today"], false);
    // Put back to today on the page: forgotten, also at the next start.
    assert_eq!(again.post("/api/as-of?date=", b"").status, 200);
    assert!(!out.join("ngay-tinh-so-lieu.txt").exists());
}

/// Reads a whole answer from `s`; `None` when the connection was reset or sent nothing.
fn answer_of(mut s: std::net::TcpStream) -> Option<String> {
    let mut bytes = Vec::new();
    match s.read_to_end(&mut bytes) {
        Ok(_) if !bytes.is_empty() => Some(String::from_utf8_lossy(&bytes).to_string()),
        _ => None,
    }
}

#[test]
fn slow_wrong_and_many_clients_cannot_lock_the_clerk_out() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    let server = Served::start(&dir, &out, &["--request-seconds", "3"]);
    let (host, origin, token) = (server.host(), server.origin(), server.token.clone());

    // A client dripping its request head, a byte every 200 ms (never idle long enough to
    // time out on a single read): cut off at the 3-second total, answered 408.
    let mut drip = std::net::TcpStream::connect(server.addr).unwrap();
    drip.set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .unwrap();
    let started = std::time::Instant::now();
    let head = format!("GET /api/status?t={token} HTTP/1.1\r\nHost: {host}\r\nX-Slow: ");
    drip.write_all(head.as_bytes()).unwrap();
    let mut cut = false;
    for _ in 0..100 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        if drip.write_all(b"a").is_err() {
            cut = true;
            break;
        }
        let mut probe = [0u8; 1];
        drip.set_nonblocking(true).unwrap();
        let got = drip.peek(&mut probe);
        drip.set_nonblocking(false).unwrap();
        if matches!(got, Ok(n) if n > 0) {
            cut = true;
            break;
        }
    }
    assert!(cut, "a dripping client was never cut off");
    let waited = started.elapsed();
    assert!(
        waited < std::time::Duration::from_secs(15),
        "cut off after {waited:?}"
    );
    if let Some(text) = answer_of(drip) {
        assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    }

    // A body longer or shorter than its Content-Length is refused and not stored.
    let longer = server.raw(
        &format!(
            "POST /api/upload?name=dai.xlsx HTTP/1.1\nHost: {host}\nOrigin: {origin}\nX-Danvan-Token: {token}\nContent-Length: 4"
        ),
        b"PK\x03\x04 and more than announced",
    );
    assert_eq!(longer.status, 400, "{}", longer.text());
    let mut short = std::net::TcpStream::connect(server.addr).unwrap();
    short
        .write_all(
            format!(
                "POST /api/upload?name=ngan.xlsx HTTP/1.1\r\nHost: {host}\r\nOrigin: {origin}\r\nX-Danvan-Token: {token}\r\nContent-Length: 1000\r\n\r\nPK\x03\x04"
            )
            .as_bytes(),
        )
        .unwrap();
    short.shutdown(std::net::Shutdown::Write).unwrap();
    let text = answer_of(short).unwrap_or_default();
    assert!(text.starts_with("HTTP/1.1 400"), "{text}");
    let stored: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(stored.is_empty(), "{stored:?}");

    // A burst of 200 clients: every one gets an answer (200 or 503), none a reset.
    let clients: Vec<_> = (0..200)
        .map(|_| {
            let (addr, host, token) = (server.addr, host.clone(), token.clone());
            std::thread::spawn(move || {
                let mut s = std::net::TcpStream::connect(addr).ok()?;
                s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
                    .ok()?;
                s.write_all(
                    format!("GET /api/status?t={token} HTTP/1.1\r\nHost: {host}\r\n\r\n")
                        .as_bytes(),
                )
                .ok()?;
                answer_of(s)
            })
        })
        .collect();
    let answers: Vec<Option<String>> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let answered = answers
        .iter()
        .filter(|a| {
            a.as_deref()
                .is_some_and(|t| t.starts_with("HTTP/1.1 200") || t.starts_with("HTTP/1.1 503"))
        })
        .count();
    assert_eq!(answered, 200, "answers: {answered} of 200");

    // And afterwards the server still serves (every slot came back).
    for _ in 0..40 {
        assert_eq!(server.get("/api/status").status, 200);
    }
}

/// The page's counts agree with what it lists: "N tệp trong thư mục" is the folder's files
/// (rows of the receipt log are no files), and the line's errors add up from the three places
/// the page shows them: units (the "Có lỗi" filter), files not counted, the receipt log.
#[test]
fn the_page_counts_files_and_errors_as_it_lists_them() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    let names = demo_returns(&dir);
    std::fs::write(dir.join("ghi chú.txt"), "không phải báo cáo").unwrap();
    std::fs::write(dir.join("hỏng.xlsx"), b"PK\x03\x04 not a workbook").unwrap();
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(
        out.join("so-nhan-tep.csv"),
        "Tên tệp,Ngày nhận,Đơn vị\nKhông có tệp này.xlsx,30/12/2024,\n,30/12/2024,CD99\n",
    )
    .unwrap();
    let server = Served::start(&dir, &out, &[]);
    let st = server.get("/api/status").json();
    let status = &st["status"];
    let h = &status["headline"];
    assert_eq!(h["files"], names.len() + 2, "{h}");
    // The log's two rows are listed as rows of the log, not as files.
    let log = status["log_issues"].as_array().unwrap();
    assert_eq!(log.len(), 2, "{log:?}");
    let not_counted = status["not_counted"].as_array().unwrap();
    assert!(
        not_counted.iter().all(|f| f["file"] != "so-nhan-tep.csv"),
        "{not_counted:?}"
    );
    assert!(not_counted.iter().any(|f| f["file"] == "hỏng.xlsx"));
    // Each error is in one place the page shows.
    let n = |v: &serde_json::Value| v.as_u64().unwrap();
    let units = status["units"].as_array().unwrap();
    let in_units: u64 = units.iter().map(|u| n(&u["errors"])).sum();
    let errors_of = |issues: &serde_json::Value| {
        (issues.as_array().unwrap().iter())
            .filter(|i| i["severity"] == "error")
            .count() as u64
    };
    let in_files: u64 = not_counted.iter().map(|f| errors_of(&f["issues"])).sum();
    let in_log = errors_of(&status["log_issues"]);
    assert!(in_units > 0 && in_files > 0, "{h}");
    assert_eq!(n(&h["errors_units"]), in_units);
    assert_eq!(n(&h["errors_not_counted"]), in_files);
    assert_eq!(n(&h["errors_log"]), in_log);
    assert_eq!(n(&h["errors"]), in_units + in_files + in_log, "{h}");
}

/// An archive on the page, as the "download all" of email or Zalo arrives: uploaded like a
/// return (the same bytes again are the same file), each member dated by hand, a member
/// removed only with its archive (said so) and put back; and a file named like a member
/// is stored under a name that is not one.
#[test]
fn archives_are_uploaded_dated_and_removed_on_the_page() {
    use std::io::Write as _;
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    let returns = tmp.path().join("ve");
    let names = demo_returns(&returns);
    let pick = |code: &str| names.iter().find(|n| n.contains(code)).unwrap().clone();
    let (a, b) = (pick("CD01"), pick("CD02"));
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for name in [&a, &b] {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(&std::fs::read(returns.join(name)).unwrap())
            .unwrap();
    }
    let zip_bytes = z.finish().unwrap().into_inner();
    let server = Served::start(&dir, &out, &[]);

    let up = server.upload("Tải tất cả.zip", &zip_bytes);
    assert_eq!(up.status, 200, "{}", up.text());
    assert_eq!(up.json()["stored"], "Tải tất cả.zip");
    let again = server.upload("Tải tất cả (1).zip", &zip_bytes);
    assert_eq!(again.json()["same"], true, "{}", again.text());
    let unit = |st: &serde_json::Value, code: &str| {
        (st["status"]["units"].as_array().unwrap().iter())
            .find(|u| u["code"] == code)
            .unwrap()
            .clone()
    };
    let st = server.get("/api/status").json();
    let member = format!("Tải tất cả.zip › {a}");
    let cd01 = unit(&st, "CD01");
    assert_eq!(cd01["file"], member.as_str(), "{cd01}");
    assert_eq!(cd01["archive"], "Tải tất cả.zip");
    assert_eq!(
        st["status"]["headline"]["files"], 1,
        "one archive in the folder"
    );

    // A member dated by hand: written to the log under its name, and the unit dated by it.
    let dated = server.post(
        &format!("/api/received?file={}&date=30/12/2024", encode(&member)),
        b"",
    );
    assert_eq!(dated.status, 200, "{}", dated.text());
    let log = std::fs::read_to_string(out.join("so-nhan-tep.csv")).unwrap();
    assert!(log.contains(&format!("{member},30/12/2024,")), "{log}");
    let cd01 = unit(&server.get("/api/status").json(), "CD01");
    assert_eq!(cd01["submitted"], "30/12/2024", "{cd01}");
    assert_eq!(cd01["source"], "Sổ nhận tệp", "{cd01}");

    // A member leaves with its archive, and the answer says so; put back, both count again.
    let removed = server.post(&format!("/api/remove?file={}", encode(&member)), b"");
    assert_eq!(removed.status, 200, "{}", removed.text());
    let said = removed.json()["message"].as_str().unwrap().to_string();
    assert!(said.contains("tệp nén \"Tải tất cả.zip\""), "{said}");
    assert!(out.join("da-xoa/Tải tất cả.zip").is_file());
    let st = server.get("/api/status").json();
    for code in ["CD01", "CD02"] {
        assert_eq!(unit(&st, code)["status"], "Chưa nộp", "{code}");
    }
    let back = server.post(
        &format!("/api/restore?file={}", encode("Tải tất cả.zip")),
        b"",
    );
    assert_eq!(back.status, 200, "{}", back.text());
    let st = server.get("/api/status").json();
    for code in ["CD01", "CD02"] {
        assert_ne!(unit(&st, code)["status"], "Chưa nộp", "{code}");
    }
    // A member that is not in the archive is no file of the folder.
    let none = server.post(
        &format!(
            "/api/received?file={}&date=30/12/2024",
            encode("Tải tất cả.zip › không có.xlsx")
        ),
        b"",
    );
    assert_eq!(none.status, 404, "{}", none.text());

    // A file whose own name looks like a member is stored under a name that does not.
    let look = server.upload(
        &format!("Tải tất cả.zip › {b}"),
        &std::fs::read(returns.join(&b)).unwrap(),
    );
    assert_eq!(look.status, 200, "{}", look.text());
    let stored = look.json()["stored"].as_str().unwrap().to_string();
    assert!(!stored.contains('›'), "{stored}");
    assert_eq!(stored, format!("Tải tất cả.zip - {b}"));
}

/// The province's page (`serve --rollup`): the districts' summaries uploaded (a workbook,
/// a JSON), rolled up as `danvan rollup` does; the template offered is the district form.
#[test]
fn the_province_page_rolls_up_the_summaries_districts_send() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("cac-huyen"), tmp.path().join("output"));
    // A district's summary and JSON, made by `consolidate` on the demo's returns.
    let returns = tmp.path().join("ve");
    demo_returns(&returns);
    let district = tmp.path().join("huyen");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("consolidate")
        .arg(&returns)
        .arg("--out")
        .arg(district.join("tong-hop.xlsx"))
        .arg("--json")
        .arg(district.join("tong-hop.json"))
        .args(["--as-of", "02/01/2025", "--quiet", "--no-cache"])
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let roster = tmp.path().join("ds-huyen.csv");
    std::fs::write(
        &roster,
        "Mã đơn vị,Tên đơn vị\nH01,Huyện Dương Minh Châu\nH02,Huyện Bến Cầu\n",
    )
    .unwrap();
    // Without a roster of districts the province's page does not start.
    let refused = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("serve")
        .arg("--rollup")
        .arg("--dir")
        .arg(&dir)
        .arg("--out")
        .arg(&out)
        .args(["--port", "0", "--no-open"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--roster"));

    let server = Served::start(
        &dir,
        &out,
        &["--rollup", "--roster", roster.to_str().unwrap()],
    );
    let st = server.get("/api/status").json();
    assert_eq!(st["rollup"], true);
    let summary = std::fs::read(district.join("tong-hop.xlsx")).unwrap();
    let up = server.upload("DMC tổng hợp.xlsx", &summary);
    assert_eq!(up.status, 200, "{}", up.text());
    let js = server.upload(
        "DMC.json",
        &std::fs::read(district.join("tong-hop.json")).unwrap(),
    );
    assert_eq!(js.status, 200, "{}", js.text());
    let st = server.get("/api/status").json();
    let unit = |code: &str| {
        (st["status"]["units"].as_array().unwrap().iter())
            .find(|u| u["code"] == code)
            .unwrap()
            .clone()
    };
    // The page says the unions reached below, as the summary's record gives them.
    let below = &st["status"]["headline"]["below"];
    let sent: serde_json::Value =
        serde_json::from_slice(&std::fs::read(district.join("tong-hop.json")).unwrap()).unwrap();
    assert_eq!(below["expected"], sent["record"]["reporting"]["expected"]);
    assert!(below["expected"].as_u64() > Some(0));
    // Dated by the district's as-of day (02/01/2025): after the embedded plan's deadline.
    assert_eq!(unit("H01")["status"], "Trễ hạn", "{st:#}");
    assert_eq!(unit("H02")["status"], "Chưa nộp");
    // The province's figures are the district's, counted once.
    let province = server.get("/download/json").json();
    let district_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(district.join("tong-hop.json")).unwrap()).unwrap();
    assert_eq!(
        province["propaganda"]["by_topic"],
        district_json["propaganda"]["by_topic"]
    );
    assert_eq!(province["activities"], district_json["activities"]);
    assert_eq!(
        province["record"]["reporting"],
        district_json["record"]["reporting"]
    );
    // No grassroots template per district; the one the province sends out is the form.
    let per_unit = server.get("/download/templates.zip");
    assert_eq!(per_unit.status, 404, "{}", per_unit.text());
    assert!(per_unit.text().contains("mẫu tổng hợp huyện"));
    let form = server.get("/download/template");
    assert_eq!(form.status, 200);
    let wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(form.body)).unwrap();
    use calamine::Reader as _;
    assert!(wb
        .sheet_names()
        .contains(&danvan::contract::SHEET_DISTRICT_FORM.to_string()));
}

/// Forty clients that open a connection and drip their request head a byte at a time hold
/// no place the clerk needs: the clerk's page, status and uploads are served while they drip,
/// and each dripping connection is dropped within a few seconds, not at the request limit.
#[test]
fn forty_dripping_connections_do_not_lock_the_clerk_out() {
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    // The whole-request limit stays at its default (300 s): the head's own limit cuts them.
    let server = Served::start(&dir, &out, &[]);
    let (addr, host, token) = (server.addr, server.host(), server.token.clone());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let drips: Vec<_> = (0..40)
        .map(|_| {
            let (host, token, stop) = (host.clone(), token.clone(), stop.clone());
            std::thread::spawn(move || -> Option<Duration> {
                let mut s = std::net::TcpStream::connect(addr).ok()?;
                let started = Instant::now();
                let head = format!("GET /api/status?t={token} HTTP/1.1\r\nHost: {host}\r\n");
                for byte in head.bytes() {
                    if stop.load(std::sync::atomic::Ordering::SeqCst) {
                        return None;
                    }
                    std::thread::sleep(Duration::from_millis(300));
                    if s.write_all(&[byte]).is_err() {
                        return Some(started.elapsed());
                    }
                    let mut probe = [0u8; 1];
                    s.set_nonblocking(true).ok()?;
                    let got = s.peek(&mut probe);
                    s.set_nonblocking(false).ok()?;
                    if matches!(got, Ok(0) | Ok(1)) {
                        return Some(started.elapsed());
                    }
                }
                None
            })
        })
        .collect();
    // Let every dripping connection be accepted and start dripping.
    std::thread::sleep(Duration::from_millis(800));
    let page = server.get("/");
    assert_eq!(page.status, 200, "{}", page.text());
    for _ in 0..5 {
        assert_eq!(server.get("/api/status").status, 200);
    }
    let returns = tmp.path().join("ve");
    let names = demo_returns(&returns);
    let bytes = std::fs::read(returns.join(&names[0])).unwrap();
    let up = server.upload(&names[0], &bytes);
    assert_eq!(up.status, 200, "{}", up.text());
    let cut: Vec<Option<Duration>> = drips.into_iter().map(|d| d.join().unwrap()).collect();
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for (i, c) in cut.iter().enumerate() {
        let c = c.unwrap_or_else(|| panic!("dripping connection {i} was never dropped"));
        assert!(
            c < Duration::from_secs(15),
            "connection {i} dropped after {c:?}"
        );
    }
}

/// The page's plan: downloaded as the workbook, an edited one taken back only when every
/// cell is right (problems answered by cell, nothing changed), used from then on and again
/// at the next start; the outputs follow its name.
#[test]
fn the_page_downloads_the_plan_and_takes_an_edited_one_back_checked_by_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, out) = (tmp.path().join("bao-cao"), tmp.path().join("output"));
    let server = Served::start(&dir, &out, &[]);
    let got = server.get("/download/plan");
    assert_eq!(got.status, 200);
    let path = tmp.path().join("ke-hoach.xlsx");
    std::fs::write(&path, &got.body).unwrap();
    let plan = Plan::load(&path).unwrap();
    assert_eq!(plan.code, "73/KH-LĐLĐ");

    // A window ending before it starts: refused, by cell, and nothing changes.
    let mut bad = plan.clone();
    bad.window_end = chrono::NaiveDate::from_ymd_opt(2024, 12, 10).unwrap();
    let bytes = danvan::plan_file::write(&bad, &[]).unwrap();
    let answer = server.post("/api/plan?name=ke-hoach-sai.xlsx", &bytes);
    assert_eq!(answer.status, 422, "{}", answer.text());
    let cell = format!(
        "{}!B{}",
        danvan::plan_file::SHEET_SETTINGS,
        danvan::plan_file::Setting::ALL
            .iter()
            .position(|s| *s == danvan::plan_file::Setting::WindowEnd)
            .unwrap()
            + 2
    );
    assert!(answer.text().contains(&cell), "{}", answer.text());
    assert!(answer.text().contains("giữ nguyên"), "{}", answer.text());
    assert_eq!(
        server.get("/api/status").json()["plan"]["code"],
        "73/KH-LĐLĐ"
    );

    // The next đợt's plan: used at once, the outputs named after it.
    let next = danvan::plan::next::next(&plan, &common::next_period()).unwrap();
    let bytes = danvan::plan_file::write(&next, &[]).unwrap();
    let answer = server.post("/api/plan?name=ke-hoach-dot-I-2025.xlsx", &bytes);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert!(answer.json()["message"]
        .as_str()
        .unwrap()
        .contains("15/KH-LĐLĐ"));
    let status = server.get("/api/status").json();
    assert_eq!(status["plan"]["code"], "15/KH-LĐLĐ");
    assert_eq!(status["plan"]["deadline"], "20/06/2025");
    assert_eq!(
        status["downloads"]["summary"],
        "tong-hop-dan-van-dot-I-2025.xlsx"
    );
    assert_eq!(
        status["downloads"]["template"],
        "mau-bao-cao-dan-van-dot-I-2025.xlsx"
    );
    drop(server);
    // Kept for the next start.
    let server = Served::start(&dir, &out, &[]);
    assert_eq!(
        server.get("/api/status").json()["plan"]["code"],
        "15/KH-LĐLĐ"
    );
}

/// "Đợt mới" on the page: the next đợt from the plan in use, in folders of its own beside
/// the last; the last đợt's files untouched and listed; the next start opens the new đợt.
#[test]
fn a_new_period_started_on_the_page_gets_its_own_folders_and_is_opened_next_time() {
    let tmp = tempfile::tempdir().unwrap();
    // danvan opened on its default folders, in the office's folder.
    let start = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"));
        cmd.args(["serve", "--port", "0", "--no-open", "--as-of", "25/06/2025"])
            .current_dir(tmp.path());
        Served::spawn(cmd)
    };
    let server = start();
    let old = demo_returns(&tmp.path().join("bao-cao"));
    let before = server.get("/api/status").json();
    assert_eq!(before["status"]["headline"]["files"], old.len());
    // A day that is no day, then days out of order: refused, nothing made.
    let ask = |q: &str| server.post(&format!("/api/next-period?{q}"), b"");
    let bad = ask("code=15%2FKH&name=%C4%91%E1%BB%A3t%20I%2F2025&from=31%2F02%2F2025&to=16%2F06%2F2025&deadline=20%2F06%2F2025");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert!(
        bad.text().contains("Từ ngày") && bad.text().contains("31/02/2025"),
        "{}",
        bad.text()
    );
    let bad = ask("code=15%2FKH&name=%C4%91%E1%BB%A3t%20I%2F2025&from=16%2F06%2F2025&to=02%2F06%2F2025&deadline=20%2F06%2F2025");
    assert_eq!(bad.status, 422, "{}", bad.text());
    assert!(!tmp.path().join("dan-van-dot-I-2025").exists());
    let good = ask("code=15%2FKH-L%C4%90L%C4%90&name=%C4%91%E1%BB%A3t%20I%2F2025&from=02%2F06%2F2025&to=16%2F06%2F2025&deadline=20%2F06%2F2025");
    assert_eq!(good.status, 200, "{}", good.text());
    let root = tmp.path().join("dan-van-dot-I-2025");
    assert!(root.join("bao-cao").is_dir() && root.join("output").join("ke-hoach.xlsx").is_file());
    // The same đợt asked for again: refused, naming it once, nothing touched.
    let twice = ask("code=15%2FKH-L%C4%90L%C4%90&name=%C4%91%E1%BB%A3t%20I%2F2025&from=02%2F06%2F2025&to=16%2F06%2F2025&deadline=20%2F06%2F2025");
    assert_eq!(twice.status, 409, "{}", twice.text());
    assert!(
        twice
            .text()
            .contains("đã có: đợt I/2025 đã được lập trước đây"),
        "{}",
        twice.text()
    );
    let status = server.get("/api/status").json();
    assert_eq!(status["plan"]["code"], "15/KH-LĐLĐ");
    assert_eq!(
        status["status"]["headline"]["files"], 0,
        "the new đợt starts empty"
    );
    let periods = status["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 2);
    assert_eq!(periods[0]["name"], "đợt II/2024");
    assert_eq!(periods[1]["current"], true);
    assert_eq!(periods[1]["name"], "đợt I/2025");
    // A return of the new đợt is stored in its own folder and counts.
    let plan = Plan::load(&root.join("output").join("ke-hoach.xlsx")).unwrap();
    // The office drops a topic the last đợt's returns used: taken, with a word about it.
    let mut fewer = plan.clone();
    fewer.topics.retain(|t| t.code != "TT10");
    let answer = server.post(
        "/api/plan?name=ke-hoach.xlsx",
        &danvan::plan_file::write(&fewer, &[]).unwrap(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let said = answer.json()["message"].as_str().unwrap().to_string();
    assert!(
        said.contains("TT10") && said.contains("đợt II/2024"),
        "{said}"
    );
    let answer = server.post(
        "/api/plan?name=ke-hoach.xlsx",
        &danvan::plan_file::write(&plan, &[]).unwrap(),
    );
    assert_eq!(answer.status, 200);
    let roster = Roster::sample();
    let unit = roster.units.iter().find(|u| u.code == "CD05").unwrap();
    let bytes = danvan::sample::return_workbook(
        &plan,
        unit,
        &mut danvan::sample::Rng::new(5),
        danvan::sample::Profile::Clean,
    )
    .unwrap();
    let up = server.post("/api/upload?name=CD05.xlsx", &bytes);
    assert_eq!(up.status, 200, "{}", up.text());
    assert!(root.join("bao-cao").join("CD05.xlsx").is_file());
    let status = server.get("/api/status").json();
    assert_eq!(status["status"]["headline"]["on_time"], 1);
    // The last đợt's files are where they were; the summary sets this đợt beside it.
    assert_eq!(stored(&tmp.path().join("bao-cao")), old);
    let summary = server.get("/download/summary");
    assert_eq!(summary.status, 200);
    let mut wb = Xlsx::new(std::io::Cursor::new(summary.body)).unwrap();
    let sheet = wb.worksheet_range("Tổng hợp").unwrap();
    assert!(
        sheet
            .rows()
            .any(|r| r[0] == Data::String("SO VỚI ĐỢT II/2024 (KẾ HOẠCH 73/KH-LĐLĐ)".into())),
        "the previous đợt beside this one"
    );
    drop(server);
    let server = start();
    let status = server.get("/api/status").json();
    assert_eq!(
        status["plan"]["code"], "15/KH-LĐLĐ",
        "the next start opens the new đợt"
    );
    assert_eq!(status["status"]["headline"]["files"], 1);
}
