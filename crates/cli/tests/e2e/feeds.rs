//! Following feeds from the command line: `rassegna follow OPML --once` stores what the feeds
//! list, says what failed, and a second run adds nothing; `rassegna serve --follow OPML` shows
//! new stories without a restart. The feeds and pages are served by a local server written for
//! the tests; the outlets and events are invented.

#[path = "../../../follow/tests/server/mod.rs"]
mod site;

use crate::util::bin;
use site::{Reply, Server};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn page(title: &str, text: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <header><a href=\"/\">Home</a></header><article><h1>{title}</h1><p>{text}</p></article>\
         <footer>Tutti i diritti riservati</footer></body></html>"
    )
    .into_bytes()
}

fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(link, t)| {
            format!(
                "<item><title>{t}</title><link>{link}</link><pubDate>Wed, 05 Mar 2025 07:00:00 +0100</pubDate></item>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>{title}</title>{items}</channel></rss>"
    )
}

const DIGA_1: &str = "La diga di Pratobello ha ceduto in parte nella notte di martedì e l'acqua ha invaso \
    la strada per Orsigna; il sindaco Bruno Lenzi ha fatto evacuare quaranta famiglie della frazione bassa. \
    I tecnici della regione parlano di una falla di sei metri nel paramento in terra.";
const DIGA_2: &str = "Quaranta famiglie evacuate a Orsigna dopo il cedimento parziale della diga di Pratobello: \
    il sindaco Bruno Lenzi ha aperto la palestra comunale. Secondo la regione la falla nel paramento \
    è larga sei metri e l'invaso viene svuotato.";
const MOSTRA: &str = "Il museo civico di Castelrotto apre domenica la mostra sui mosaici romani trovati \
    nel 2023 sotto piazza del Mercato: trentadue pannelli restaurati dal laboratorio dell'università, \
    ha detto la direttrice Sara Colli.";

/// Two outlets' feeds, one story; an OPML naming them and a feed that cannot be read.
fn site(s: &Server, dir: &Path) -> std::path::PathBuf {
    s.route("/robots.txt", Reply::status(404));
    s.route(
        "/valle/rss",
        Reply::ok(
            "application/rss+xml",
            rss("Corriere della Valle", &[("/valle/diga.html", "Cede la diga di Pratobello")]),
        )
        .etag("\"v1\""),
    );
    s.route(
        "/orsigna/rss",
        Reply::ok(
            "application/rss+xml",
            rss("Orsigna Notizie", &[("/orsigna/evacuati.html", "Evacuate quaranta famiglie")]),
        )
        .etag("\"o1\""),
    );
    s.route("/rotto/rss", Reply::ok("application/rss+xml", "<rss><channel><item></channel></rss>").etag("\"r\""));
    s.route("/valle/diga.html", Reply::ok("text/html", page("Cede la diga di Pratobello", DIGA_1)));
    s.route("/orsigna/evacuati.html", Reply::ok("text/html", page("Evacuate quaranta famiglie", DIGA_2)));
    let opml = dir.join("redazione.opml");
    std::fs::write(
        &opml,
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Redazione</title></head><body>
  <outline text="Locali" title="Locali">
    <outline type="rss" text="Corriere della Valle" xmlUrl="{}"/>
    <outline type="rss" text="Orsigna Notizie" xmlUrl="{}"/>
    <outline type="rss" text="Rotto" xmlUrl="{}"/>
  </outline>
</body></opml>"#,
            s.url("/valle/rss"),
            s.url("/orsigna/rss"),
            s.url("/rotto/rss")
        ),
    )
    .unwrap();
    opml
}

/// Options that make following quick on loopback.
const QUICK: &[&str] =
    &["--allow-private", "--delay", "0ms", "--every", "1s", "--min-every", "1s", "--max-every", "2s"];

#[test]
fn follow_once_stores_the_feeds_items_and_a_second_run_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    let opml = site(&s, dir.path());
    let db = dir.path().join("f.db");
    let run = || {
        bin()
            .arg("--db")
            .arg(&db)
            .arg("follow")
            .arg(&opml)
            .arg("--once")
            // Usual intervals: the broken feed waits out its backoff on the second run.
            .args(["--allow-private", "--delay", "0ms"])
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let first = run();
    let err = String::from_utf8_lossy(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "completed with an error (the broken feed): {err}");
    assert!(err.contains("/rotto/rss: malformed XML at line 1"), "{err}");
    assert!(err.contains("2 new reports"), "{err}");
    let errors = bin().arg("--db").arg(&db).arg("errors").output().unwrap();
    let out = String::from_utf8_lossy(&errors.stdout);
    assert!(out.contains(&format!("{}  [feed]", s.url("/valle/rss"))) && out.contains("HTTP 200, 1 new"), "{out}");
    assert!(out.contains("/rotto/rss") && out.contains("error: malformed XML"), "{out}");
    let stories = bin().arg("--db").arg(&db).arg("stories").output().unwrap();
    let out = String::from_utf8_lossy(&stories.stdout);
    assert!(
        out.contains("2 reports (2 independent)") && out.contains("1 of 1 stories"),
        "one story of two reports: {out}"
    );

    s.take_log();
    let second = run();
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("0 new reports"), "{err}");
    let log = s.take_log();
    assert!(log.iter().filter(|r| r.path != "/robots.txt").all(|r| r.conditional()), "{log:?}");
    assert_eq!(log.iter().filter(|r| r.path == "/robots.txt").count(), 1, "robots.txt once per run: {log:?}");
}

struct Serving {
    child: Child,
    addr: String,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn get(addr: &str, path: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{path}: {response}");
    response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}

/// Ask `path` until its page contains every one of `needles` (the follower works in the background).
fn wait_for(addr: &str, path: &str, needles: &[&str]) -> String {
    let start = Instant::now();
    loop {
        let body = get(addr, path);
        if needles.iter().all(|n| body.contains(n)) {
            return body;
        }
        assert!(start.elapsed() < Duration::from_secs(60), "{path} never showed {needles:?}: {body}");
        std::thread::sleep(Duration::from_millis(300));
    }
}

#[test]
fn serve_follow_shows_new_stories_without_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let s = Server::start();
    let opml = site(&s, dir.path());
    let db = dir.path().join("served.db");
    let mut child = bin()
        .arg("--db")
        .arg(&db)
        .args(["serve", "--addr", "127.0.0.1:0", "--follow"])
        .arg(&opml)
        .args(QUICK)
        .env("RASSEGNA_INDEX", dir.path().join("served.index"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr = first.split("http://").nth(1).expect("the server says where it listens").trim().trim_end_matches('/');
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let server = Serving { child, addr: addr.to_string() };

    let front = wait_for(&server.addr, "/", &["Orsigna Notizie"]);
    assert!(front.contains("Fonti controllate"), "{front}");
    assert!(front.contains(r#"<span class="fresh">nuova</span>"#), "{front}");
    assert!(!front.contains("Mosaici"));

    // A new report in one feed: a new story appears, and the old one is no longer new.
    s.route("/mostra.html", Reply::ok("text/html", page("Mosaici romani in mostra a Castelrotto", MOSTRA)));
    s.route(
        "/valle/rss",
        Reply::ok(
            "application/rss+xml",
            rss(
                "Corriere della Valle",
                &[("/mostra.html", "Mosaici romani in mostra"), ("/valle/diga.html", "Cede la diga di Pratobello")],
            ),
        )
        .etag("\"v2\""),
    );
    let front = wait_for(&server.addr, "/", &["Mosaici"]);
    assert_eq!(front.matches(r#"<span class="fresh">nuova</span>"#).count(), 1, "only the new story: {front}");
    let sources = get(&server.addr, "/sources");
    assert!(sources.contains(&s.url("/valle/rss")) && sources.contains("malformed XML"), "{sources}");
    let feed = get(&server.addr, "/?format=atom");
    assert!(feed.contains("Mosaici") && feed.contains("Orsigna Notizie"), "{feed}");
    assert_eq!(s.hits("/valle/diga.html"), 1, "a page is fetched once");
}
