//! A small HTTP/1.1 server for tests, on loopback: routes written by the test (any status,
//! headers, body, delay), every request logged. Hand-written so a test can misbehave freely (be
//! slow, loop, send too much) in ways a real server framework would tidy up.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One answer.
#[derive(Clone, Default)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering.
    pub delay: Duration,
    /// Answer 304 to a request whose `If-None-Match` is this ETag (sent with 200s too).
    pub etag: Option<String>,
    /// Answer 304 to a request whose `If-Modified-Since` is this date (sent with 200s too).
    pub last_modified: Option<String>,
    /// Send no Content-Length: the body ends when the connection closes.
    pub no_length: bool,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("Content-Type".into(), content_type.into())],
            body: body.into(),
            ..Reply::default()
        }
    }
    pub fn status(status: u16) -> Reply {
        Reply { status, ..Reply::default() }
    }
    pub fn redirect(status: u16, to: &str) -> Reply {
        Reply { status, headers: vec![("Location".into(), to.into())], ..Reply::default() }
    }
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    pub fn etag(mut self, e: &str) -> Reply {
        self.etag = Some(e.into());
        self
    }
    pub fn last_modified(mut self, d: &str) -> Reply {
        self.last_modified = Some(d.into());
        self
    }
    pub fn no_length(mut self) -> Reply {
        self.no_length = true;
        self
    }
    pub fn delay(mut self, d: Duration) -> Reply {
        self.delay = d;
        self
    }
}

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub headers: HashMap<String, String>,
}

impl Seen {
    pub fn conditional(&self) -> bool {
        self.headers.contains_key("if-none-match") || self.headers.contains_key("if-modified-since")
    }
}

pub struct Server {
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Reply>>>,
    log: Arc<Mutex<Vec<Seen>>>,
    /// The most requests in progress at once.
    pub most_at_once: Arc<AtomicUsize>,
}

impl Server {
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let log: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let most_at_once: Arc<AtomicUsize> = Arc::default();
        let now_at_once: Arc<AtomicUsize> = Arc::default();
        let (r, l, most) = (Arc::clone(&routes), Arc::clone(&log), Arc::clone(&most_at_once));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (r, l, most, now) = (Arc::clone(&r), Arc::clone(&l), Arc::clone(&most), Arc::clone(&now_at_once));
                std::thread::spawn(move || {
                    let _ = answer(stream, &r, &l, &now, &most);
                });
            }
        });
        Server { base, routes, log, most_at_once }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn route(&self, path: &str, reply: Reply) {
        self.routes.lock().unwrap().insert(path.to_string(), reply);
    }

    /// Every request so far, and forget them.
    pub fn take_log(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }

    pub fn hits(&self, path: &str) -> usize {
        self.log.lock().unwrap().iter().filter(|s| s.path == path).count()
    }
}

/// One request. Requests in progress are counted, except those of delayed replies: a client that
/// gave up waiting has moved on, though the server is still sleeping.
fn answer(
    stream: TcpStream,
    routes: &Mutex<HashMap<String, Reply>>,
    log: &Mutex<Vec<Seen>>,
    now: &AtomicUsize,
    most: &AtomicUsize,
) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    log.lock().unwrap().push(Seen { path: path.clone(), headers: headers.clone() });
    let reply = routes.lock().unwrap().get(&path).cloned().unwrap_or_else(|| Reply::status(404));
    if !reply.delay.is_zero() {
        std::thread::sleep(reply.delay);
        return write_reply(stream, &reply, &headers);
    }
    most.fetch_max(now.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
    let r = write_reply(stream, &reply, &headers);
    now.fetch_sub(1, Ordering::SeqCst);
    r
}

fn write_reply(stream: TcpStream, reply: &Reply, headers: &HashMap<String, String>) -> std::io::Result<()> {
    let not_modified = reply.etag.as_ref().is_some_and(|e| headers.get("if-none-match") == Some(e))
        || reply.last_modified.as_ref().is_some_and(|d| headers.get("if-modified-since") == Some(d));
    let (status, body) = if not_modified { (304, &[][..]) } else { (reply.status, &reply.body[..]) };
    let mut out = stream;
    let mut head = format!("HTTP/1.1 {status} X\r\nConnection: close\r\n");
    if !reply.no_length {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    for (k, v) in &reply.headers {
        if !(not_modified && k.eq_ignore_ascii_case("content-type")) {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    if let Some(e) = &reply.etag {
        head.push_str(&format!("ETag: {e}\r\n"));
    }
    if let Some(d) = &reply.last_modified {
        head.push_str(&format!("Last-Modified: {d}\r\n"));
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    // A write may fail when the client gave up (too slow, too large): that is the test's point.
    let _ = out.write_all(body);
    out.flush()
}
