//! The read side follows every write, whichever process makes it: a correction from the CLI, a run
//! into the store while a server is serving it, an index rebuild while serving. Also: the views
//! stop quietly when their reader goes away.

use crate::util::{bin, lines, run, stderr};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Two invented events, two reports each.
const REPORTS: &[(&str, &str)] = &[
    (
        "ponte-1.txt",
        "date 2025-05-06\nCrolla il ponte sul Vessa a Carmignone\n\nIl ponte pedonale sul torrente Vessa a \
         Carmignone è crollato nella notte di lunedì dopo tre giorni di piogge. Nessun ferito: il sindaco \
         Ottavio Renzetti aveva chiuso il passaggio domenica sera. I tecnici della provincia parlano di \
         fondamenta scalzate dalla piena.",
    ),
    (
        "ponte-2.txt",
        "date 2025-05-06\nCarmignone, giù il ponte sul Vessa\n\nÈ crollato il ponte pedonale sul Vessa a \
         Carmignone. Il sindaco Ottavio Renzetti: \"Lo avevamo chiuso domenica, nessuno si è fatto male\". \
         Secondo la provincia la piena del torrente ha scalzato le fondamenta.",
    ),
    (
        "fiera-1.txt",
        "date 2025-05-07\nFiera del tartufo, record di visitatori a Montebrusco\n\nLa fiera del tartufo \
         bianco di Montebrusco ha chiuso con 48.000 visitatori, un record. L'assessora Lidia Caporali \
         annuncia una seconda edizione in autunno nel chiostro di San Remigio.",
    ),
    (
        "fiera-2.txt",
        "date 2025-05-07\nMontebrusco, 48mila alla fiera del tartufo\n\nQuarantottomila persone alla fiera \
         del tartufo bianco di Montebrusco. L'assessora Lidia Caporali: in autunno si replica nel chiostro \
         di San Remigio.",
    ),
];

const LATE_REPORT: &str = "date 2025-05-09\nRiapre la passerella provvisoria sul Vessa\n\nA Carmignone \
    riapre la passerella provvisoria costruita dai genieri accanto al ponte crollato sul Vessa. Il sindaco \
    Ottavio Renzetti ringrazia i volontari della protezione civile.";

fn write_reports(dir: &Path) {
    for (name, text) in REPORTS {
        std::fs::write(dir.join(name), text).unwrap();
    }
}

fn rassegna(db: &Path, args: &[&str]) -> std::process::Output {
    bin().arg("--db").arg(db).args(args).stdin(Stdio::null()).output().expect("the binary runs")
}

/// The story of the first search hit, from `rassegna search`'s first line.
fn first_hit_story(db: &Path, query: &str) -> Option<String> {
    let out = rassegna(db, &["search", query]);
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().next())
        .map(str::to_string)
        .filter(|id| id.starts_with("s-"))
}

#[test]
fn search_follows_a_correction_made_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = (dir.path().join("r.db"), dir.path().join("out"));
    write_reports(dir.path());
    let o = run(&db, &out, &[dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = lines(&out.join("articles.jsonl"));
    let story_of = |name: &str| {
        let a = articles.iter().find(|a| a["source"].as_str().unwrap().ends_with(name)).unwrap();
        (a["id"].as_str().unwrap().to_string(), a["story"].as_str().unwrap().to_string())
    };
    let (bridge, bridge_story) = story_of("ponte-2.txt");
    let (_, fair_story) = story_of("fiera-1.txt");
    assert_ne!(bridge_story, fair_story);
    // The first search builds the index.
    assert_eq!(first_hit_story(&db, "\"giù il ponte\"").as_deref(), Some(bridge_story.as_str()));
    let o = rassegna(&db, &["move", &bridge, &fair_story]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        first_hit_story(&db, "\"giù il ponte\"").as_deref(),
        Some(fair_story.as_str()),
        "search shows the report in the story it was moved to"
    );
}

/// A `rassegna serve` on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &Path) -> Server {
    serve_with_index(db, None)
}

/// A server that keeps its search index in `index` (a replica of a shared database has its own).
fn serve_with_index(db: &Path, index: Option<&Path>) -> Server {
    let mut cmd = bin();
    if let Some(dir) = index {
        cmd.env("RASSEGNA_INDEX", dir);
    }
    let mut child = cmd
        .arg("--db")
        .arg(db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    let addr = first.split("http://").nth(1).expect("the server says where it listens").trim().trim_end_matches('/');
    // Keep reading what the server says, as a terminal would.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    Server { addr: addr.to_string(), child }
}

/// GET a path of the server; the response body.
fn get(server: &Server, path: &str) -> String {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.addr).unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{path}: {response}");
    response.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default()
}

/// POST a JSON body to a path of the server; the status line.
fn post(server: &Server, path: &str, body: &str) -> String {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "POST {path} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        server.addr,
        body.len()
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or_default().to_string()
}

fn search_total(server: &Server, words: &str) -> u64 {
    let body = get(server, &format!("/api/search?q={words}"));
    // Chunked or not, the JSON object is the part between the outer braces.
    let json = &body[body.find('{').unwrap()..=body.rfind('}').unwrap()];
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    v["results"]["total"].as_u64().unwrap()
}

#[test]
fn a_server_finds_reports_another_process_writes_and_survives_an_index_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = (dir.path().join("r.db"), dir.path().join("out"));
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_reports(&inputs);
    assert!(run(&db, &out, &[inputs.to_str().unwrap()]).status.success());
    let server = serve(&db);
    assert_eq!(search_total(&server, "passerella"), 0);
    let late = dir.path().join("late.txt");
    std::fs::write(&late, LATE_REPORT).unwrap();
    let o = run(&db, &out, &[late.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let started = Instant::now();
    while search_total(&server, "passerella") == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the server never saw the new report");
        std::thread::sleep(Duration::from_millis(200));
    }
    // A rebuild while serving waits for the server's turn at the index and then works.
    let o = rassegna(&db, &["index"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("indexed 5 articles"),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(search_total(&server, "passerella"), 1);
    assert_eq!(search_total(&server, "tartufo"), 2);
}

#[test]
fn views_stop_quietly_when_their_reader_goes_away() {
    let dir = tempfile::tempdir().unwrap();
    let (db, out) = (dir.path().join("r.db"), dir.path().join("out"));
    write_reports(dir.path());
    assert!(run(&db, &out, &[dir.path().to_str().unwrap()]).status.success());
    for args in [&["stories"][..], &["export", "--format", "md"], &["search", "ponte"]] {
        // `rassegna ... | head -0`: the reader leaves before the first line is written.
        let mut child = Command::new(env!("CARGO_BIN_EXE_rassegna"))
            .arg("--db")
            .arg(&db)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let o = child.wait_with_output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn replicas_on_one_postgres_database_each_find_what_any_of_them_is_sent() {
    let Some(db) = rassegna_store::scratch::test_database("e2e_replicas") else { return };
    let db = std::path::PathBuf::from(db);
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_reports(&inputs);
    let o = run(&db, &dir.path().join("out"), &[inputs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Two replicas, each with its own (new) index, built from the database on first use.
    let a = serve_with_index(&db, Some(&dir.path().join("index-a")));
    let b = serve_with_index(&db, Some(&dir.path().join("index-b")));
    assert_eq!(search_total(&a, "tartufo"), 2);
    assert_eq!(search_total(&b, "tartufo"), 2);
    assert_eq!(search_total(&b, "passerella"), 0);
    let text = LATE_REPORT.split_once('\n').unwrap().1;
    let doc = serde_json::json!({"id": "late", "published": "2025-05-09", "text": text}).to_string();
    let status = post(&a, "/api/documents", &doc);
    assert!(status.starts_with("HTTP/1.1 201"), "{status}");
    let started = Instant::now();
    while search_total(&b, "passerella") == 0 {
        assert!(started.elapsed() < Duration::from_secs(20), "the other replica never saw the report");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(search_total(&a, "passerella"), 1);
    // The report joined the bridge story on both, as read from the one database.
    let story = get(&b, "/api/articles/late");
    assert!(story.contains("\"story\""), "{story}");
}
