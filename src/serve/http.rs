//! A deliberately small HTTP/1.1 server for the local page: one request per connection
//! (`Connection: close`), bodies only with `Content-Length`, hard limits on the request head,
//! the body and the time a client may take. Nothing here trusts the client.
//!
//! Why not a crate: tiny_http 0.12 drains an unread body on drop with one allocation of the
//! *claimed* `Content-Length`; a three-byte request claiming 100 TB aborted the process
//! (measured: exit 134, "memory allocation of 100000000000000 bytes failed"). The page needs
//! GET, POST with a length and a few headers; this is that, and every limit is ours.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The request head (request line and headers) may not be longer than this.
const MAX_HEAD_BYTES: usize = 16 << 10;
const MAX_HEADERS: usize = 64;
/// Connections whose request head has arrived, served at once; more get `503`.
const MAX_CONNECTIONS: usize = 32;
/// Connections still sending their request head. They have proved nothing yet, so they are
/// bounded apart from [`MAX_CONNECTIONS`]: slow or idle clients cannot take the clerk's places.
const MAX_UNPROVEN: usize = 64;
/// The request line and headers (with `Host`) must arrive within this, or the connection is
/// dropped. A browser sends them at once; only a stalled or hostile client takes longer.
const HEAD_TIME: Duration = Duration::from_secs(5);
/// A client that sends nothing for this long is dropped.
const IDLE: Duration = Duration::from_secs(20);
/// After refusing a body, read (and discard) at most this much of it so that the client sees
/// the answer instead of a reset connection.
const LINGER_BYTES: u64 = 64 << 20;
const LINGER_TIME: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path without the query, percent-decoded.
    pub path: String,
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What a handler answers.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Body,
}

pub enum Body {
    Bytes(Vec<u8>),
    File(std::fs::File, u64),
}

impl Response {
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: Body::Bytes(body),
        }
    }

    /// A plain Vietnamese message (errors).
    pub fn text(status: u16, message: &str) -> Response {
        Response::bytes(
            status,
            "text/plain; charset=utf-8",
            message.as_bytes().to_vec(),
        )
    }

    pub fn json(value: &serde_json::Value) -> Response {
        Response::bytes(
            200,
            "application/json; charset=utf-8",
            serde_json::to_vec(value).unwrap_or_default(),
        )
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Response {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// Limits the server applies before a handler sees a request.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_body: u64,
    /// The whole request, head and body, must arrive within this.
    pub total: Duration,
}

/// Why a request was refused before it reached a handler.
#[derive(Debug)]
struct Refused {
    status: u16,
    message: String,
    /// Body bytes the client announced and we did not read.
    unread: u64,
}

fn refused(status: u16, message: impl Into<String>) -> Refused {
    Refused {
        status,
        message: message.into(),
        unread: 0,
    }
}

/// Connections waiting for their `503` answer; past this, a connection is closed unanswered.
const MAX_REFUSING: usize = 256;
/// How long a refused connection's request is read before it is closed.
const REFUSE_LINGER: Duration = Duration::from_millis(200);

/// A connection slot, given back when dropped (the handler returned, panicked, or its
/// thread never started).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// One of `max` places counted by `count`, if one is free.
    fn take(count: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        if count.fetch_add(1, Ordering::SeqCst) >= max {
            count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(count)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Serves `listener` forever, one thread per connection, calling `handle` for each request.
///
/// A connection first holds one of [`MAX_UNPROVEN`] places while its request head arrives
/// (at most [`HEAD_TIME`]); with its head read it takes one of [`MAX_CONNECTIONS`] places for
/// its body and its answer. Past either bound it is answered `503` by one separate thread,
/// which reads what the client sent before closing (a reset would lose the answer).
pub fn serve(
    listener: TcpListener,
    limits: Limits,
    handle: Arc<dyn Fn(&Request) -> Response + Send + Sync>,
) {
    let unproven = Arc::new(AtomicUsize::new(0));
    let open = Arc::new(AtomicUsize::new(0));
    let (busy, refusals) = std::sync::mpsc::sync_channel::<TcpStream>(MAX_REFUSING);
    let refuser = std::thread::Builder::new()
        .name("danvan-busy".into())
        .spawn(move || {
            for stream in refusals {
                refuse_busy(&stream);
            }
        });
    let busy = refuser.ok().map(|_| busy);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let Some(waiting) = Slot::take(&unproven, MAX_UNPROVEN) else {
            match &busy {
                // A full queue: closed without an answer rather than block accepting.
                Some(tx) => drop(tx.try_send(stream)),
                None => refuse_busy(&stream),
            }
            continue;
        };
        let (open, handle) = (Arc::clone(&open), Arc::clone(&handle));
        // If the thread cannot start, the closure (slot and stream with it) is dropped:
        // the place is given back and the client sees a closed connection.
        let _ = std::thread::Builder::new()
            .name("danvan-http".into())
            .spawn(move || connection(stream, limits, waiting, &open, handle.as_ref()));
    }
}

/// `503`, then what the client had sent is read (briefly) before the connection closes.
fn refuse_busy(stream: &TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(2)));
    let _ = stream.set_read_timeout(Some(REFUSE_LINGER));
    // The request head first: answering before reading it makes some stacks reset.
    let mut buf = [0u8; 16 << 10];
    let mut s = stream;
    let _ = s.read(&mut buf);
    let _ = write_response(
        stream,
        Response::text(503, "Máy chủ đang bận, hãy thử lại sau giây lát."),
    );
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let start = Instant::now();
    while start.elapsed() < REFUSE_LINGER {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

/// Reads from a connection until `until`: every read waits at most the idle time and never
/// past the deadline, so a client dripping a byte at a time is cut off at the limit too.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left.min(IDLE)))?;
        let mut s = self.stream;
        s.read(buf)
    }
}

fn connection(
    stream: TcpStream,
    limits: Limits,
    waiting: Slot,
    open: &Arc<AtomicUsize>,
    handle: &(dyn Fn(&Request) -> Response + Sync),
) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_write_timeout(Some(IDLE));
    let start = Instant::now();
    let mut reader = BufReader::new(Deadline {
        stream: &stream,
        until: start + limits.total.min(HEAD_TIME),
    });
    let head = read_head(&mut reader).and_then(|head| parse_head(&head));
    // The head is in: the connection leaves the unproven places for a served one.
    drop(waiting);
    let request = head.and_then(|request| {
        let Some(slot) = Slot::take(open, MAX_CONNECTIONS) else {
            return Err(refused(503, "Máy chủ đang bận, hãy thử lại sau giây lát."));
        };
        reader.get_mut().until = start + limits.total;
        read_body(&stream, &mut reader, request, limits, start).map(|r| (r, slot))
    });
    let response = match request {
        Ok((request, _slot)) => {
            // A handler that panics answers 500; the server goes on.
            let response =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(&request)))
                    .unwrap_or_else(|_| {
                        Response::text(500, "Lỗi trong máy chủ; hãy tải lại trang.")
                    });
            let _ = write_response(&stream, response);
            let _ = stream.shutdown(std::net::Shutdown::Both);
            return;
        }
        Err(r) => r,
    };
    let _ = write_response(&stream, Response::text(response.status, &response.message));
    linger(&stream, response.unread);
}

/// After an early answer: stop writing, read and discard a bounded part of the body so the
/// client's network stack delivers our answer instead of a reset.
fn linger(stream: &TcpStream, unread: u64) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let start = Instant::now();
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    // Even with no body announced, the rest of an over-long head may still be on its way.
    let mut left = unread.clamp(1 << 20, LINGER_BYTES);
    let mut buf = [0u8; 16 << 10];
    let mut s = stream;
    while left > 0 && start.elapsed() < LINGER_TIME {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => left = left.saturating_sub(n as u64),
        }
    }
}

/// The body of `request`, whose head `reader` has read: exactly its `Content-Length`, all
/// of it before `limits.total` from `start`.
fn read_body(
    stream: &TcpStream,
    reader: &mut BufReader<Deadline<'_>>,
    mut request: Request,
    limits: Limits,
    start: Instant,
) -> Result<Request, Refused> {
    let length = content_length(&request, limits)?;
    let mut body = Vec::with_capacity(length.min(1 << 20) as usize);
    let mut limited = (&mut *reader).take(length);
    let mut buf = [0u8; 64 << 10];
    loop {
        if start.elapsed() > limits.total {
            return Err(refused(408, "Hết thời gian chờ tải tệp lên."));
        }
        match limited.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => body.extend_from_slice(&buf[..n]),
            Err(_) => return Err(refused(408, "Hết thời gian chờ tải tệp lên.")),
        }
    }
    if (body.len() as u64) < length {
        return Err(refused(400, "Tệp tải lên bị ngắt giữa chừng."));
    }
    // More than announced, already here: the length is wrong and so may be the file.
    if !reader.buffer().is_empty() || more_waiting(stream) {
        return Err(refused(
            400,
            "Nội dung dài hơn độ dài đã ghi (Content-Length): tệp không được lưu.",
        ));
    }
    request.body = body;
    Ok(request)
}

/// The request line and header lines, up to the empty line that ends them; bounded in
/// bytes, lines and (by the reader's deadline) time.
fn read_head(reader: &mut BufReader<Deadline<'_>>) -> Result<Vec<String>, Refused> {
    let mut head: Vec<String> = Vec::new();
    let mut head_bytes = 0usize;
    loop {
        let mut line = Vec::new();
        let n = (&mut *reader)
            .take((MAX_HEAD_BYTES - head_bytes + 1) as u64)
            .read_until(b'\n', &mut line)
            .map_err(|_| refused(408, "Hết thời gian chờ yêu cầu."))?;
        if n == 0 {
            return Err(refused(400, "Yêu cầu không đầy đủ."));
        }
        head_bytes += n;
        if head_bytes > MAX_HEAD_BYTES || !line.ends_with(b"\n") {
            return Err(refused(431, "Phần đầu yêu cầu quá dài."));
        }
        let line =
            String::from_utf8(line).map_err(|_| refused(400, "Phần đầu yêu cầu không hợp lệ."))?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if line.is_empty() {
            if head.is_empty() {
                continue; // a stray empty line before the request line is allowed
            }
            return Ok(head);
        }
        head.push(line);
        if head.len() > MAX_HEADERS + 1 {
            return Err(refused(431, "Yêu cầu có quá nhiều dòng đầu."));
        }
    }
}

/// The request line and headers as a request without its body.
fn parse_head(head: &[String]) -> Result<Request, Refused> {
    let mut parts = head[0].split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(refused(400, "Dòng yêu cầu không hợp lệ."));
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err(refused(400, "Dòng yêu cầu không hợp lệ."));
    }
    let mut headers = Vec::with_capacity(head.len() - 1);
    for line in &head[1..] {
        let Some((name, value)) = line.split_once(':') else {
            return Err(refused(400, "Dòng đầu không hợp lệ."));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    // Every HTTP/1.1 client names the host; a head without one proves nothing.
    if !headers.iter().any(|(n, _)| n == "host") {
        return Err(refused(400, "Yêu cầu thiếu dòng Host."));
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    Ok(Request {
        method: method.to_string(),
        path: percent_decode(path).ok_or_else(|| refused(400, "Đường dẫn không hợp lệ."))?,
        query: parse_query(query),
        headers,
        body: Vec::new(),
    })
}

/// The body's length: one `Content-Length`, within the limit; no chunked bodies.
fn content_length(request: &Request, limits: Limits) -> Result<u64, Refused> {
    if request.header("transfer-encoding").is_some() {
        return Err(refused(411, "Cần ghi rõ độ dài nội dung (Content-Length)."));
    }
    let lengths: Vec<&str> = request
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .map(|(_, v)| v.as_str())
        .collect();
    let length = match lengths.as_slice() {
        [] => 0,
        [one] => one
            .parse::<u64>()
            .map_err(|_| refused(400, "Độ dài nội dung không hợp lệ."))?,
        _ => return Err(refused(400, "Độ dài nội dung ghi hai lần.")),
    };
    if length > limits.max_body {
        return Err(Refused {
            status: 413,
            message: format!(
                "Tệp quá lớn: {:.1} MiB, tối đa {} MiB một tệp. Tệp báo cáo theo mẫu thường dưới 1 MiB; hãy kiểm tra lại tệp (có thể chèn ảnh hoặc chọn nhầm tệp).",
                length as f64 / (1u64 << 20) as f64,
                limits.max_body >> 20
            ),
            unread: length,
        });
    }
    Ok(length)
}

/// Whether the client sent bytes past its request (checked without waiting for more).
fn more_waiting(stream: &TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return false;
    }
    let mut one = [0u8; 1];
    let more = matches!(stream.peek(&mut one), Ok(n) if n > 0);
    let _ = stream.set_nonblocking(false);
    more
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// Headers every answer carries: nothing is cached, framed, sniffed or sent elsewhere.
const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
    ),
];

fn write_response(stream: &TcpStream, response: Response) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(stream);
    let length = match &response.body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, n) => *n,
    };
    write!(
        w,
        "HTTP/1.1 {} {}\r\nContent-Length: {length}\r\nConnection: close\r\n",
        response.status,
        reason(response.status)
    )?;
    for (n, v) in SECURITY_HEADERS {
        write!(w, "{n}: {v}\r\n")?;
    }
    for (n, v) in &response.headers {
        // Header values are ours, but never let one break the framing.
        let v: String = v.chars().filter(|c| *c != '\r' && *c != '\n').collect();
        write!(w, "{n}: {v}\r\n")?;
    }
    w.write_all(b"\r\n")?;
    match response.body {
        Body::Bytes(b) => w.write_all(&b)?,
        Body::File(f, n) => {
            std::io::copy(&mut f.take(n), &mut w)?;
        }
    }
    w.flush()
}

/// `%XX` decoding (`+` is kept: paths and our query values are encoded with
/// `encodeURIComponent`). `None` for bad escapes or bytes that are not UTF-8.
pub fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `a=1&b=2` → pairs; pairs that do not decode are dropped (no handler needs them).
pub fn parse_query(q: &str) -> Vec<(String, String)> {
    q.split('&')
        .filter(|p| !p.is_empty())
        .filter_map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            Some((percent_decode(k)?, percent_decode(v)?))
        })
        .collect()
}

/// `filename*=` for a Vietnamese file name, with an ASCII fallback.
pub fn content_disposition(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let slug = |s: &str| crate::parse::text::ascii_slug(s, 120);
    let ascii = match (slug(stem), slug(ext)) {
        (s, e) if e.is_empty() => s,
        (s, e) => format!("{s}.{e}"),
    };
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Binds `addr` (port 0: any free port).
pub fn bind(addr: SocketAddr) -> std::io::Result<TcpListener> {
    TcpListener::bind(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_slot_comes_back_even_when_its_thread_never_starts() {
        let open = Arc::new(AtomicUsize::new(1));
        let slot = Slot(Arc::clone(&open));
        // What `spawn` does with a closure it could not run: drops it, slot and all.
        let closure = move || {
            let _slot = slot;
        };
        drop(closure);
        assert_eq!(open.load(Ordering::SeqCst), 0);
    }

    #[test]
    fn percent_decoding_refuses_bad_escapes_and_keeps_utf8() {
        assert_eq!(
            percent_decode("B%C3%A1o%20c%C3%A1o.xlsx").as_deref(),
            Some("Báo cáo.xlsx")
        );
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%C3"), None);
        assert_eq!(percent_decode("%"), None);
    }

    #[test]
    fn a_vietnamese_download_name_has_an_ascii_fallback() {
        let h = content_disposition("Phản hồi.zip");
        assert!(
            h.contains("filename*=UTF-8''Ph%E1%BA%A3n%20h%E1%BB%93i.zip"),
            "{h}"
        );
        assert!(h.contains("filename=\"Phan-hoi.zip\""), "{h}");
        assert!(h.is_ascii(), "{h}");
    }
}
