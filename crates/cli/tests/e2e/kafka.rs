//! Many writers: documents published to a Kafka topic, processed by workers of one consumer group
//! into one PostgreSQL database, through the faults a cluster meets: a worker killed mid-batch, the
//! worker running the stateful stage killed, PostgreSQL restarted, the broker restarted.
//!
//! The test starts its own PostgreSQL server and broker with `scripts/postgres.sh` and
//! `scripts/kafka.sh` (on free ports, in their own directories), so restarting them disturbs no
//! other test. It runs when `RASSEGNA_TEST_POSTGRES` and `RASSEGNA_TEST_KAFKA` say the servers are
//! installed; it is skipped with a message without them, and fails on CI.

use crate::util::{bin, lines, root, run, stderr};
use rassegna_store::{Store, StoryFilter};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn servers_installed() -> bool {
    let missing: Vec<&str> =
        ["RASSEGNA_TEST_POSTGRES", "RASSEGNA_TEST_KAFKA"].into_iter().filter(|v| std::env::var(v).is_err()).collect();
    if missing.is_empty() {
        return true;
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but {missing:?} not set: the Kafka test cannot run (.ci/run starts PostgreSQL and a broker)"
    );
    eprintln!("skipping the Kafka test: set {missing:?} (scripts/postgres.sh and scripts/kafka.sh print them)");
    false
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// A server of the test's own, started and restarted by its script.
struct Server {
    script: &'static str,
    env: Vec<(&'static str, String)>,
    dir: PathBuf,
}

impl Server {
    /// Run the script with `action`; returns the value of the variable it exports.
    fn call(&self, action: &str) -> String {
        let o = Command::new("bash")
            .arg(root().join("scripts").join(self.script))
            .arg(action)
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(o.status.success(), "{} {action}: {}", self.script, stderr(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        out.trim().rsplit_once('=').map(|(_, v)| v.to_string()).unwrap_or_default()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Keep the server's log of a failed run.
        if std::thread::panicking() {
            for log in ["tansu.log", "server.log"] {
                let _ = std::fs::copy(self.dir.join(log), format!("{}.{log}", self.dir.display()));
            }
        }
        let _ = Command::new("bash")
            .arg(root().join("scripts").join(self.script))
            .arg("stop")
            .envs(self.env.iter().map(|(k, v)| (*k, v.as_str())))
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A worker process; its log lines are kept (and echoed to the test's output).
struct Worker {
    name: String,
    child: Child,
    log: Arc<Mutex<Vec<String>>>,
}

impl Worker {
    fn start(name: &str, db: &str, brokers: &str, topic: &str) -> Worker {
        let mut child = bin()
            .args(["--db", db, "worker", "--kafka", brokers, "--topic", topic, "--group", topic])
            .args(["--batch-size", "4", "--exit-when-idle", "12"])
            .env("RASSEGNA_WORKER_TRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (lines, err, tag) = (log.clone(), child.stderr.take().unwrap(), name.to_string());
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(err).lines().map_while(|l| l.ok()) {
                eprintln!("[{tag}] {line}");
                lines.lock().unwrap().push(line);
            }
        });
        Worker { name: name.into(), child, log }
    }

    fn lines(&self) -> Vec<String> {
        self.log.lock().unwrap().clone()
    }

    /// Whether it runs the stateful stage, by its own last word on it.
    fn leads(&self) -> bool {
        self.lines()
            .iter()
            .rev()
            .find_map(|l| {
                if l.ends_with("taking the stateful stage") {
                    Some(true)
                } else if l.ends_with("the stateful stage now") || l.ends_with("lost the stateful stage") {
                    Some(false)
                } else {
                    None
                }
            })
            .unwrap_or(false)
    }

    /// SIGKILL, no chance to clean up.
    fn kill(mut self) {
        eprintln!("[test] kill -9 {}", self.name);
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

fn stored(db: &str) -> usize {
    Store::open(Path::new(db)).ok().and_then(|s| s.counts().ok()).map_or(0, |c| c.0)
}

/// Wait (at most `limit`) until `ready`; the assertions after the run say whether it went well.
fn wait_until(limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() && start.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn publish(brokers: &str, topic: &str, inputs: &[PathBuf]) -> usize {
    let o = bin().arg("publish").args(inputs).args(["--kafka", brokers, "--topic", topic]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let said = stderr(&o);
    said.split("published ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("publish did not say how many documents it sent: {said}"))
}

/// BCubed F1 of `found` against `gold` (article id → group), over the articles of `gold`.
fn bcubed(found: &HashMap<String, String>, gold: &HashMap<String, String>) -> f64 {
    let group = |m: &HashMap<String, String>| {
        let mut g: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (a, s) in m {
            g.entry(s.clone()).or_default().push(a.clone());
        }
        g
    };
    let (fg, gg) = (group(found), group(gold));
    let (mut p, mut r) = (0.0, 0.0);
    for (a, s) in gold {
        let mine = &fg[&found[a]];
        let theirs = &gg[s];
        let both = mine.iter().filter(|x| theirs.contains(x)).count() as f64;
        p += both / mine.len() as f64;
        r += both / theirs.len() as f64;
    }
    let (p, r) = (p / gold.len() as f64, r / gold.len() as f64);
    2.0 * p * r / (p + r)
}

#[test]
fn documents_on_kafka_are_stored_exactly_once_through_killed_workers_and_restarted_servers() {
    if !servers_installed() {
        return;
    }
    let pid = std::process::id();
    let pg = Server {
        script: "postgres.sh",
        env: vec![("PORT", free_port().to_string()), ("PGDATA_DIR", format!("/tmp/rassegna-e2e-kafka-pg-{pid}"))],
        dir: format!("/tmp/rassegna-e2e-kafka-pg-{pid}").into(),
    };
    let server = pg.call("start");
    let db = rassegna_store::scratch::fresh_database(&server, "kafka_faults").unwrap();
    let broker = Server {
        script: "kafka.sh",
        env: vec![
            ("KAFKA_PORT", free_port().to_string()),
            ("KAFKA_DATA", format!("/tmp/rassegna-e2e-kafka-broker-{pid}")),
        ],
        dir: format!("/tmp/rassegna-e2e-kafka-broker-{pid}").into(),
    };
    let brokers = broker.call("start");

    let dir = tempfile::tempdir().unwrap();
    let demo = root().join("corpus/demo");
    // The stories of one process reading the same documents, for comparison.
    let single = dir.path().join("single");
    let o = run(&dir.path().join("single.db"), &single, &[demo.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let reference: HashMap<String, String> = lines(&single.join("articles.jsonl"))
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_string(), a["story"].as_str().unwrap().to_string()))
        .collect();

    // The corpus goes in three parts, so that each fault meets work in flight.
    let topic = format!("rassegna.test.{pid}");
    let mut published = publish(&brokers, &topic, &[demo.join("text")]);
    let mut workers = vec![Worker::start("w1", &db, &brokers, &topic), Worker::start("w2", &db, &brokers, &topic)];

    // 1. A worker killed in the middle of a batch: it has taken messages and not queued them yet.
    let taking = |w: &Worker| w.lines().iter().filter(|l| l.contains(": taking ")).count();
    wait_until(Duration::from_secs(120), || workers.iter().any(|w| !w.leads() && taking(w) > 0));
    let victim = workers.iter().position(|w| !w.leads() && taking(w) > 0).unwrap_or(0);
    workers.remove(victim).kill();
    workers.push(Worker::start("w3", &db, &brokers, &topic));

    // 2. The worker running the stateful stage killed while it stores the first part.
    wait_until(Duration::from_secs(120), || stored(&db) >= 8);
    let leader = workers.iter().position(Worker::leads).unwrap_or(0);
    workers.remove(leader).kill();
    workers.push(Worker::start("w4", &db, &brokers, &topic));

    // 3. PostgreSQL restarted while the second part is on its way.
    published += publish(&brokers, &topic, &[demo.join("html")]);
    wait_until(Duration::from_secs(120), || stored(&db) >= 24);
    eprintln!("[test] restarting PostgreSQL at {} stored", stored(&db));
    pg.call("restart");

    // 4. The broker restarted while the workers read, then the third part published.
    wait_until(Duration::from_secs(120), || stored(&db) >= 34);
    eprintln!("[test] restarting the broker at {} stored", stored(&db));
    broker.call("restart");
    published += publish(&brokers, &topic, &[demo.join("feeds.jsonl")]);
    assert_eq!(published, reference.len(), "the three parts are the demo corpus");

    // Every worker stops by itself once the store holds the whole topic.
    let deadline = Instant::now() + Duration::from_secs(300);
    for mut w in workers {
        while w.child.try_wait().unwrap().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        let status = w.child.try_wait().unwrap();
        if status.is_none() {
            let _ = w.child.kill();
        }
        let _ = w.child.wait();
        assert!(status.is_some_and(|s| s.success()), "{} did not finish: {status:?}", w.name);
    }

    let store = Store::open(Path::new(&db)).unwrap();
    let (documents, articles, _) = store.counts().unwrap();
    assert_eq!((documents, articles), (reference.len(), reference.len()), "every document stored once");
    assert!(store.errors().unwrap().is_empty(), "{:?}", store.errors().unwrap());
    assert!(store.queued(10).unwrap().is_empty(), "nothing left on the queue");
    // Every story lists exactly its articles; no story and no storyline is empty.
    let (rows, _) = store.list_stories(&StoryFilter { limit: 500, ..Default::default() }).unwrap();
    let mut found = HashMap::new();
    let mut storylines = HashSet::new();
    for row in &rows {
        let story = store.story(&row.id).unwrap().unwrap();
        assert!(!story.articles.is_empty(), "{}", row.id);
        let mut held: Vec<String> = store.story_articles(&row.id).unwrap().into_iter().map(|(_, a)| a.id).collect();
        held.sort();
        let mut listed = story.articles.clone();
        listed.sort();
        assert_eq!(held, listed, "story {}", row.id);
        found.extend(listed.into_iter().map(|a| (a, row.id.clone())));
        storylines.extend(store.story_storyline(&row.id).unwrap());
    }
    assert_eq!(found.len(), reference.len());
    for line in &storylines {
        let stories = store.storyline_story_ids(line).unwrap();
        assert!(!stories.is_empty(), "storyline {line} has no story");
        for s in stories {
            assert!(store.story(&s).unwrap().is_some(), "storyline {line} names a missing story {s}");
        }
    }
    // The arrival order differs from one process reading the files, so the stories may differ a
    // little; they must stay those stories.
    let f1 = bcubed(&found, &reference);
    assert!(f1 >= 0.95, "BCubed F1 against one process: {f1:.3}");
}
