//! Many writers: documents published to a Kafka topic, processed by workers of one consumer group
//! into one PostgreSQL database, with a worker killed mid-run. Needs a broker
//! (`RASSEGNA_TEST_KAFKA=HOST:PORT`) and a PostgreSQL server (`RASSEGNA_TEST_POSTGRES`): skipped
//! with a message without them, failed on CI.

use crate::util::{bin, lines, root, run, stderr};
use rassegna_store::{Store, StoryFilter};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

fn test_broker() -> Option<String> {
    match std::env::var("RASSEGNA_TEST_KAFKA") {
        Ok(b) => Some(b),
        Err(_) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but RASSEGNA_TEST_KAFKA is not set: the Kafka tests cannot run (.ci/run starts a broker)"
            );
            eprintln!("skipping the Kafka test: set RASSEGNA_TEST_KAFKA to a broker's HOST:PORT");
            None
        }
    }
}

fn worker(db: &Path, brokers: &str, topic: &str) -> Child {
    bin()
        .arg("--db")
        .arg(db)
        .args(["worker", "--kafka", brokers, "--topic", topic, "--group", topic])
        .args(["--batch-size", "8", "--exit-when-idle", "8"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
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
#[ignore = "not reliable yet (issue 20): under load, partitions that move between workers on tansu are \
            sometimes left unconsumed, and a run can hang; run with --ignored against a broker"]
fn documents_on_kafka_are_stored_exactly_once_by_a_worker_killed_mid_run_and_its_replacement() {
    let Some(brokers) = test_broker() else { return };
    let Some(db) = rassegna_store::scratch::test_database("e2e_kafka_workers") else { return };
    let db = std::path::PathBuf::from(db);
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

    let topic = format!("rassegna.test.{}", std::process::id());
    let o = bin().args(["publish", demo.to_str().unwrap(), "--kafka", &brokers, "--topic", &topic]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(&format!("published {} documents", reference.len())), "{}", stderr(&o));

    let mut first = worker(&db, &brokers, &topic);
    // Kill it (SIGKILL) once some documents are stored, and start another in its place.
    let started = Instant::now();
    loop {
        std::thread::sleep(Duration::from_millis(100));
        let stored = Store::open(&db).ok().and_then(|s| s.counts().ok()).map_or(0, |c| c.0);
        if stored >= 8 || started.elapsed() > Duration::from_secs(120) {
            break;
        }
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let out = worker(&db, &brokers, &topic).wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let store = Store::open(&db).unwrap();
    let (documents, articles, _) = store.counts().unwrap();
    assert_eq!((documents, articles), (reference.len(), reference.len()), "every document stored once");
    assert!(store.errors().unwrap().is_empty(), "{:?}", store.errors().unwrap());
    assert!(store.queued(10).unwrap().is_empty(), "nothing left on the queue");
    // Every story lists exactly its articles, and no story is empty.
    let (rows, _) = store.list_stories(&StoryFilter { limit: 500, ..Default::default() }).unwrap();
    let mut found = HashMap::new();
    for row in &rows {
        let story = store.story(&row.id).unwrap().unwrap();
        assert!(!story.articles.is_empty(), "{}", row.id);
        let mut held: Vec<String> = store.story_articles(&row.id).unwrap().into_iter().map(|(_, a)| a.id).collect();
        held.sort();
        let mut listed = story.articles.clone();
        listed.sort();
        assert_eq!(held, listed, "story {}", row.id);
        found.extend(listed.into_iter().map(|a| (a, row.id.clone())));
    }
    assert_eq!(found.len(), reference.len());
    // The arrival order differs from one process reading the files, so the stories may differ a
    // little; they must stay those stories.
    let f1 = bcubed(&found, &reference);
    assert!(f1 >= 0.95, "BCubed F1 against one process: {f1:.3}");
}
