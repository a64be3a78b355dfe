//! Opening the page in the user's browser without putting the access token on a command
//! line (any process on the machine can read command lines): the browser is given a small
//! file that redirects to the address, readable by this user only, removed a minute later —
//! as notebook servers do.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long the redirect file stays (the browser reads it at once).
const KEEP: Duration = Duration::from_secs(60);

/// The redirect page for `url`.
fn redirect_html(url: &str) -> String {
    let url = url.replace('&', "&amp;").replace('"', "&quot;");
    format!(
        r#"<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url={url}"><title>danvan</title></head><body><p><a href="{url}">Mở trang danvan</a></p></body></html>"#
    )
}

/// Writes the redirect file, new and private (Unix mode 0600; on Windows the user's own
/// temporary folder).
fn write_redirect(url: &str) -> std::io::Result<PathBuf> {
    let path = std::env::temp_dir().join(format!("danvan-mo-trang-{}.html", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let mut f = super::store::private_file(&path)?;
    std::io::Write::write_all(&mut f, redirect_html(url).as_bytes())?;
    Ok(path)
}

fn spawn_browser(target: &Path) -> std::io::Result<std::process::Child> {
    if cfg!(target_os = "windows") {
        // `explorer` opens a file with the default browser, as it is (no shell parsing).
        std::process::Command::new("explorer").arg(target).spawn()
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(target).spawn()
    } else {
        std::process::Command::new("xdg-open")
            .arg(target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
    }
}

/// Opens the page in the default browser; says what to do when it cannot.
pub fn open_browser(url: &str) {
    let opened = write_redirect(url).and_then(|file| {
        spawn_browser(&file)?;
        std::thread::spawn(move || {
            std::thread::sleep(KEEP);
            let _ = std::fs::remove_file(&file);
        });
        Ok(())
    });
    if opened.is_err() {
        println!("  Không tự mở được trình duyệt: hãy chép địa chỉ trên vào trình duyệt.");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_redirect_file_holds_the_address_and_only_this_user_reads_it() {
        let url = "http://127.0.0.1:8473/?t=abc&x=\"1\"";
        let html = redirect_html(url);
        assert!(
            html.contains(r#"content="0;url=http://127.0.0.1:8473/?t=abc&amp;x=&quot;1&quot;""#)
        );
        let path = write_redirect(url).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "{mode:o}");
        }
        assert!(std::fs::read_to_string(&path).unwrap().contains("abc"));
        std::fs::remove_file(path).unwrap();
    }
}
