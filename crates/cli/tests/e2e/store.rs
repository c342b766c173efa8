//! The store across runs: re-ingest is a no-op, and a killed run leaves a consistent store that a
//! rerun completes without duplicates. Each test runs on SQLite and on PostgreSQL.

use crate::util::{lines, root, run, stderr, stores};
use std::io::Write;
use std::time::{Duration, Instant};

#[test]
fn re_ingesting_the_same_content_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    let mut per_backend = Vec::new();
    for db in stores("reingest", dir.path()) {
        let dir = tempfile::tempdir().unwrap();
        let demo = root().join("corpus/demo");
        let first = run(&db, &dir.path().join("a"), &[demo.to_str().unwrap()]);
        assert!(first.status.success(), "{}", stderr(&first));
        let second = run(&db, &dir.path().join("b"), &[demo.to_str().unwrap()]);
        assert!(second.status.success());
        let n = lines(&dir.path().join("a/articles.jsonl")).len();
        assert!(stderr(&second).contains(&format!("0 new, {n} already stored")), "{}", stderr(&second));
        // The contract files of the rerun say the same thing about the same documents.
        assert_eq!(lines(&dir.path().join("a/articles.jsonl")), lines(&dir.path().join("b/articles.jsonl")));
        assert_eq!(lines(&dir.path().join("a/stories.jsonl")), lines(&dir.path().join("b/stories.jsonl")));
        let store = rassegna_store::Store::open(&db).unwrap();
        assert_eq!(store.counts().unwrap().0, n);
        per_backend.push(lines(&dir.path().join("a/stories.jsonl")));
    }
    // PostgreSQL stores the very stories SQLite does.
    assert!(per_backend.windows(2).all(|w| w[0] == w[1]), "the backends disagree");
}

/// Many small distinct reports, as JSON Lines.
fn write_stream(path: &std::path::Path, n: usize) {
    let towns = ["Borgoalto", "Lavagnola", "Sorbara", "Pietrafonda", "Valcerreto", "Montesano", "Rivabella"];
    let topics = [
        ("ha inaugurato la nuova biblioteca comunale", "libri"),
        ("ha chiuso la strada provinciale per una frana", "frana"),
        ("ha approvato il piano per le piste ciclabili", "bici"),
        ("ha ospitato la sagra della castagna", "castagne"),
    ];
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let town = towns[i % towns.len()];
        let (what, tag) = topics[(i / towns.len()) % topics.len()];
        let day = 1 + (i % 28);
        let text = format!(
            "Il comune di {town} {what}. Lo ha annunciato il sindaco durante la seduta numero {i}. \
             La decisione riguarda {tag} e coinvolge {} famiglie del territorio, secondo i dati diffusi ieri.",
            i * 7 % 500
        );
        let line =
            serde_json::json!({"id": format!("n{i:05}"), "published": format!("2025-06-{day:02}"), "text": text});
        writeln!(f, "{line}").unwrap();
    }
}

#[test]
fn a_killed_run_leaves_a_consistent_store_and_a_rerun_completes_it() {
    let dir = tempfile::tempdir().unwrap();
    for db in stores("killed", dir.path()) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("stream.jsonl");
        let n = 600;
        write_stream(&input, n);
        let mut child = crate::util::bin()
            .arg("--db")
            .arg(&db)
            .args(["run", "--batch-size", "20"])
            .arg(&input)
            .stderr(std::fs::File::create(dir.path().join("run.err")).unwrap())
            .spawn()
            .unwrap();
        // Kill it (SIGKILL) once some batches are committed and before it can finish. The store is
        // read as a user's `rassegna stories` would, while the run writes.
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(20));
            if let Some(status) = child.try_wait().unwrap() {
                let err = std::fs::read_to_string(dir.path().join("run.err")).unwrap_or_default();
                panic!("the run ended before it was killed ({status}): {err}");
            }
            let stored = rassegna_store::Store::open(&db).ok().and_then(|s| s.counts().ok()).map_or(0, |c| c.0);
            if stored >= 40 || start.elapsed() > Duration::from_secs(300) {
                break;
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();

        let store = rassegna_store::Store::open(&db).unwrap();
        let (docs, articles, _) = store.counts().unwrap();
        assert_eq!(docs, articles, "every stored document has its article");
        assert!(docs > 0 && docs < n, "killed mid-run: {docs} of {n} stored");
        assert_eq!(docs % 20, 0, "only whole batches are committed");
        let mut story_missing = Vec::new();
        store
            .for_each_article(&mut |a| {
                if store.story(a.story.as_deref().unwrap()).unwrap().is_none() {
                    story_missing.push(a.id);
                }
            })
            .unwrap();
        assert!(story_missing.is_empty(), "articles without a stored story: {story_missing:?}");
        drop(store);

        let out = dir.path().join("out");
        let o = run(&db, &out, &[input.to_str().unwrap()]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains(&format!("{} new, {docs} already stored", n - docs)), "{}", stderr(&o));
        let store = rassegna_store::Store::open(&db).unwrap();
        assert_eq!(store.counts().unwrap().0, n, "no duplicates, nothing missing");
        assert_eq!(lines(&out.join("articles.jsonl")).len(), n);
    }
}

#[test]
fn readers_opening_the_store_never_stop_a_run() {
    // A newsroom's readers (`rassegna stories`, a serve replica starting) open the store while a
    // run writes: each open must leave the writer's batches alone.
    let dir = tempfile::tempdir().unwrap();
    for db in stores("readers", dir.path()) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("stream.jsonl");
        write_stream(&input, 400);
        let mut child = crate::util::bin()
            .arg("--db")
            .arg(&db)
            .args(["run", "--batch-size", "10"])
            .arg(&input)
            .stderr(std::fs::File::create(dir.path().join("run.err")).unwrap())
            .spawn()
            .unwrap();
        let mut opened = 0;
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if let Ok(store) = rassegna_store::Store::open(&db) {
                let _ = store.counts();
                opened += 1;
            }
        };
        let err = std::fs::read_to_string(dir.path().join("run.err")).unwrap();
        assert!(status.success(), "the run stopped while readers opened the store {opened} times: {err}");
        assert!(opened > 0);
        assert_eq!(rassegna_store::Store::open(&db).unwrap().counts().unwrap().0, 400);
    }
}

/// The stories of a run as sets of article ids, and a check that the contract files agree with
/// each other: every article in exactly one listed story, every story listing exactly its articles.
fn groups(out: &std::path::Path) -> std::collections::BTreeSet<Vec<String>> {
    use std::collections::BTreeMap;
    let mut by_story: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for a in lines(&out.join("articles.jsonl")) {
        by_story.entry(a["story"].as_str().unwrap().to_string()).or_default().push(a["id"].as_str().unwrap().into());
    }
    let stories = lines(&out.join("stories.jsonl"));
    assert_eq!(stories.len(), by_story.len(), "one story line per story holding articles");
    for s in &stories {
        let mut listed: Vec<String> =
            s["articles"].as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect();
        listed.sort();
        let mut held = by_story[s["id"].as_str().unwrap()].clone();
        held.sort();
        assert_eq!(listed, held, "story {}", s["id"]);
    }
    by_story
        .into_values()
        .map(|mut v| {
            v.sort();
            v
        })
        .collect()
}

#[test]
fn the_stories_do_not_depend_on_the_batch_size() {
    // Batches of one revise the stories after every article (split, merge, storyline relink) and
    // move stored articles; the result must be the stories one big batch finds.
    let dir = tempfile::tempdir().unwrap();
    let demo = root().join("corpus/demo");
    let mut seen = Vec::new();
    for size in ["1", "5", "256"] {
        let out = dir.path().join(format!("o{size}"));
        let o = run(&dir.path().join(format!("{size}.db")), &out, &[demo.to_str().unwrap(), "--batch-size", size]);
        assert!(o.status.success(), "{}", stderr(&o));
        seen.push((size, groups(&out)));
    }
    for (size, g) in &seen[..2] {
        assert_eq!(g, &seen[2].1, "batches of {size} against one batch");
    }
}

#[test]
fn a_run_resumed_after_a_restart_finds_the_stories_of_one_run() {
    // Restarting rebuilds the clusterer from the store; revision must resume where it was.
    let dir = tempfile::tempdir().unwrap();
    let demo = root().join("corpus/demo");
    let inputs = ["text", "html", "feeds.jsonl"].map(|p| demo.join(p).display().to_string());
    let one = dir.path().join("one");
    let o = run(&dir.path().join("one.db"), &one, &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    let db = dir.path().join("two.db");
    let o = run(&db, &dir.path().join("first"), &[inputs[0].as_str()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let two = dir.path().join("two");
    let o = run(&db, &two, &inputs.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(groups(&one), groups(&two));
}
