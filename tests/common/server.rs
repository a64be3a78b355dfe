//! Starts `danvan serve` as a real process on 127.0.0.1 and speaks raw HTTP to it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct Served {
    child: Child,
    pub addr: SocketAddr,
    pub token: String,
    pub url: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    /// The status line's reason phrase.
    pub reason: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Served {
    /// `danvan serve --dir DIR --out OUT --port 0 --no-open --as-of 02/01/2025` plus `extra`.
    pub fn start(dir: &Path, out: &Path, extra: &[&str]) -> Served {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_danvan"));
        cmd.arg("serve")
            .arg("--dir")
            .arg(dir)
            .arg("--out")
            .arg(out)
            .args(["--port", "0", "--no-open", "--as-of", "02/01/2025"])
            .args(extra);
        Served::spawn(cmd)
    }

    /// Starts `cmd` (a `danvan serve` of some build) and waits for the address it prints.
    pub fn spawn(mut cmd: Command) -> Served {
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("danvan serve starts");
        let stdout = child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("danvan serve printed its address")
                .unwrap();
            if let Some(at) = line.find("http://") {
                break line[at..].trim().to_string();
            }
        };
        // Keep reading stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let rest = url.trim_start_matches("http://");
        let (host, query) = rest.split_once("/?t=").expect("address with token");
        Served {
            child,
            addr: host.parse().unwrap(),
            token: query.to_string(),
            url,
        }
    }

    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sends `head` (request line and headers, without the final blank line) and `body`.
    pub fn raw(&self, head: &str, body: &[u8]) -> Answer {
        let mut s = TcpStream::connect(self.addr).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut req = head.replace('\n', "\r\n");
        req.push_str("\r\n\r\n");
        s.write_all(req.as_bytes()).unwrap();
        // The server may answer (and stop reading) before the body is all sent.
        let _ = s.write_all(body);
        let mut bytes = Vec::new();
        let _ = s.read_to_end(&mut bytes);
        parse(&bytes)
    }

    pub fn get(&self, path_and_query: &str) -> Answer {
        self.raw(
            &format!(
                "GET {path_and_query} HTTP/1.1\nHost: {}\nX-Danvan-Token: {}",
                self.host(),
                self.token
            ),
            b"",
        )
    }

    /// `POST path_and_query` with `body`, from the page's own origin.
    pub fn post(&self, path_and_query: &str, body: &[u8]) -> Answer {
        self.raw(
            &format!(
                "POST {path_and_query} HTTP/1.1\nHost: {}\nOrigin: {}\nX-Danvan-Token: {}\nContent-Length: {}",
                self.host(),
                self.origin(),
                self.token,
                body.len()
            ),
            body,
        )
    }

    /// Uploads `bytes` as `name`, from the page's own origin.
    pub fn upload(&self, name: &str, bytes: &[u8]) -> Answer {
        self.raw(
            &format!(
                "POST /api/upload?name={} HTTP/1.1\nHost: {}\nOrigin: {}\nX-Danvan-Token: {}\nContent-Length: {}",
                encode(name),
                self.host(),
                self.origin(),
                self.token,
                bytes.len()
            ),
            bytes,
        )
    }
}

pub fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn parse(bytes: &[u8]) -> Answer {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(bytes)));
    let head = String::from_utf8_lossy(&bytes[..split]).to_string();
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default();
    let mut parts = line.splitn(3, ' ').skip(1);
    let status = (parts.next())
        .and_then(|s| s.parse().ok())
        .expect("status line");
    let reason = parts.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Answer {
        status,
        reason,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}
