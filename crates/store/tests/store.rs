//! Store behaviour users rely on: atomic batches, idempotent re-ingest by content hash, queries.
//! Every test runs on both backends: a SQLite file, and a new PostgreSQL database when
//! `RASSEGNA_TEST_POSTGRES` names a server (see `rassegna_store::scratch`).

use rassegna_model::{Article, Body, Entity, EntityType, Format, Mention, RawDocument, Story};
use rassegna_store::{Batch, Store, StoryFilter};
use std::path::PathBuf;

fn doc(id: &str, text: &str) -> RawDocument {
    RawDocument::new(id, format!("{id}.txt"), Format::Text, Body::Text(text.into()))
        .with_outlet(Some("Gazzetta".into()))
        .with_published(Some("2025-03-12".parse().unwrap()))
}

fn article(d: &RawDocument, story: &str) -> Article {
    let Body::Text(text) = &d.body else { unreachable!() };
    Article {
        id: d.id.clone(),
        source: d.source.clone(),
        outlet: d.outlet.clone(),
        lang: Some("it".into()),
        published: d.published,
        title: Some("Titolo".into()),
        text: text.clone(),
        story: Some(story.into()),
        storyline: Some(format!("l-{story}")),
        entities: vec![Entity {
            name: "Marta Rinaldi".into(),
            kind: EntityType::Person,
            role: None,
            mentions: vec![Mention { text: "Rinaldi".into(), start: 0, end: 7 }],
        }],
        content_hash: d.content_hash.clone(),
        ..Article::default()
    }
}

fn story(id: &str, articles: &[&str]) -> Story {
    Story {
        id: id.into(),
        storyline: Some(format!("l-{id}")),
        articles: articles.iter().map(|s| s.to_string()).collect(),
        title: Some("Alluvione a Sestri".into()),
        languages: vec!["it".into()],
        first_published: Some("2025-03-12".parse().unwrap()),
        last_published: Some("2025-03-12".parse().unwrap()),
        independent_sources: 1,
        outlets: vec!["Gazzetta".into()],
        summary: vec![],
        entities: vec![],
        quote_groups: vec![],
        facts: vec![],
        timeline: vec![],
    }
}

/// Where a test's store lives on each backend: a SQLite file, and a new PostgreSQL database.
fn locations(tag: &str, dir: &tempfile::TempDir) -> Vec<PathBuf> {
    let mut out = vec![dir.path().join("r.db")];
    out.extend(rassegna_store::scratch::test_database(&format!("store_{tag}")).map(PathBuf::from));
    out
}

#[test]
fn a_batch_is_stored_and_read_back_through_the_queries() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("a_batch_is_stored_and_read_bac", &dir) {
        let mut store = Store::open(&path).unwrap();
        let d = doc("a1", "Rinaldi ha parlato.");
        let batch = Batch {
            documents: vec![(1, d.clone())],
            articles: vec![(1, article(&d, "s-a1"))],
            stories: vec![story("s-a1", &["a1"])],
            ..Default::default()
        };
        store.write_batch(&batch).unwrap();
        assert_eq!(store.id_for_hash(&d.content_hash).unwrap().as_deref(), Some("a1"));
        assert_eq!(store.next_seq().unwrap(), 2);
        assert_eq!(store.document("a1").unwrap().unwrap(), d);
        assert_eq!(store.article("a1").unwrap().unwrap().story.as_deref(), Some("s-a1"));
        let (rows, total) = store.list_stories(&StoryFilter::default()).unwrap();
        assert_eq!((rows.len(), total), (1, 1));
        let by_entity = StoryFilter { entity: Some("Marta Rinaldi".into()), ..Default::default() };
        assert_eq!(store.list_stories(&by_entity).unwrap().1, 1);
        let nobody = StoryFilter { entity: Some("Nessuno".into()), ..Default::default() };
        assert_eq!(store.list_stories(&nobody).unwrap().1, 0);
        let e = store.entity("marta rinaldi").unwrap().unwrap();
        assert_eq!(e.stories, vec!["s-a1"]);
    }
}

#[test]
fn a_failed_batch_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("a_failed_batch_leaves_nothing_", &dir) {
        let mut store = Store::open(&path).unwrap();
        let d = doc("a1", "uno");
        store.write_batch(&Batch { documents: vec![(1, d.clone())], ..Default::default() }).unwrap();
        // The second batch repeats sequence number 1, so its insert fails half way.
        let d2 = doc("a2", "due");
        let bad = Batch {
            documents: vec![(2, d2.clone()), (1, doc("a3", "tre"))],
            articles: vec![(2, article(&d2, "s-a2"))],
            ..Default::default()
        };
        assert!(store.write_batch(&bad).is_err());
        assert!(!store.has_id("a2").unwrap());
        assert_eq!(store.counts().unwrap(), (1, 0, 0));
    }
}

#[test]
fn schema_version_is_recorded_and_reopening_keeps_data() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("schema_version_is_recorded_and", &dir) {
        {
            let mut s = Store::open(&path).unwrap();
            s.write_batch(&Batch { documents: vec![(1, doc("a1", "uno"))], ..Default::default() }).unwrap();
        }
        let s = Store::open(&path).unwrap();
        assert!(s.has_id("a1").unwrap());
    }
}

#[test]
fn a_merge_that_empties_a_story_drops_it_and_its_storyline() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("a_merge_that_empties_a_story_d", &dir) {
        let mut store = Store::open(&path).unwrap();
        let (d1, d2) = (doc("a1", "uno"), doc("a2", "due"));
        let line = |id: &str, stories: &[&str]| rassegna_model::Storyline {
            id: id.into(),
            stories: stories.iter().map(|s| s.to_string()).collect(),
            title: None,
            timeline: vec![],
            quote_groups: vec![],
        };
        store
            .write_batch(&Batch {
                documents: vec![(1, d1.clone()), (2, d2.clone())],
                articles: vec![(1, article(&d1, "s-a1")), (2, article(&d2, "s-a2"))],
                stories: vec![story("s-a1", &["a1"]), story("s-a2", &["a2"])],
                storylines: vec![line("l-s-a1", &["s-a1"]), line("l-s-a2", &["s-a2"])],
                ..Default::default()
            })
            .unwrap();
        assert!(store.storyline("l-s-a2").unwrap().is_some());
        assert_eq!(store.story_storyline("s-a2").unwrap().as_deref(), Some("l-s-a2"));
        // The clusterer merges s-a2 into s-a1: a2 is rewritten with its new story, s-a1 rebuilt.
        let mut moved = article(&d2, "s-a1");
        moved.storyline = Some("l-s-a1".into());
        store
            .write_batch(&Batch {
                articles: vec![(2, moved)],
                stories: vec![story("s-a1", &["a1", "a2"])],
                storylines: vec![line("l-s-a1", &["s-a1"])],
                ..Default::default()
            })
            .unwrap();
        assert!(store.story("s-a2").unwrap().is_none());
        assert!(store.storyline("l-s-a2").unwrap().is_none(), "a storyline without stories is dropped");
        assert_eq!(store.story_storyline("s-a2").unwrap(), None);
        assert_eq!(store.story("s-a1").unwrap().unwrap().articles, vec!["a1", "a2"]);
    }
}

#[test]
fn queued_documents_leave_the_queue_with_the_batch_that_stores_them() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("queue", &dir) {
        let mut store = Store::open(&path).unwrap();
        let q = |k: &str| rassegna_store::Queued { key: k.into(), payload: format!("{{\"doc\":\"{k}\"}}") };
        let at = |partition, next| rassegna_store::LogPosition { log: "t".into(), partition, next };
        assert_eq!(store.enqueue(&[q("h1"), q("h2")], &[at(0, 5), at(1, 2)]).unwrap(), 2);
        // Queueing the same content again (a replayed message) adds nothing, and a position
        // recorded by a worker that read less of the log does not move back.
        assert_eq!(store.enqueue(&[q("h2"), q("h3")], &[at(0, 3), at(2, 1)]).unwrap(), 1);
        assert_eq!(store.log_positions("t").unwrap(), [(0, 5), (1, 2), (2, 1)]);
        assert_eq!(store.log_positions("other").unwrap(), []);
        let queued = store.queued(10).unwrap();
        let keys: Vec<&str> = queued.iter().map(|(_, q)| q.key.as_str()).collect();
        assert_eq!(keys, ["h1", "h2", "h3"], "queue order");
        let d = doc("a1", "uno");
        let batch = Batch {
            documents: vec![(1, d.clone())],
            articles: vec![(1, article(&d, "s-a1"))],
            stories: vec![story("s-a1", &["a1"])],
            dequeued: vec![queued[0].0, queued[1].0],
            ..Default::default()
        };
        store.write_batch(&batch).unwrap();
        let left: Vec<String> = store.queued(10).unwrap().into_iter().map(|(_, q)| q.key).collect();
        assert_eq!(left, ["h3"]);
        // A failed batch leaves its queued documents queued.
        let bad = Batch { documents: vec![(1, doc("a9", "nove"))], dequeued: vec![queued[2].0], ..Default::default() };
        assert!(store.write_batch(&bad).is_err());
        assert_eq!(store.queued(10).unwrap().len(), 1);
    }
}

#[test]
fn a_lease_has_one_holder_until_it_expires() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    for path in locations("lease", &dir) {
        let mut one = Store::open(&path).unwrap();
        let mut two = Store::open(&path).unwrap();
        assert!(one.lease("stateful", "worker-1", Duration::from_millis(400)).unwrap());
        assert!(!two.lease("stateful", "worker-2", Duration::from_millis(400)).unwrap());
        assert!(one.lease("stateful", "worker-1", Duration::from_millis(400)).unwrap(), "renewed");
        // worker-1 stops renewing: after the lease runs out, worker-2 takes it.
        std::thread::sleep(Duration::from_millis(600));
        assert!(two.lease("stateful", "worker-2", Duration::from_secs(5)).unwrap());
        assert!(!one.lease("stateful", "worker-1", Duration::from_secs(5)).unwrap());
    }
}

#[test]
fn a_store_written_by_a_newer_rassegna_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("newer", &dir) {
        drop(Store::open(&path).unwrap());
        let sql = "UPDATE meta SET value = '99' WHERE key = 'schema_version'";
        match path.to_str().filter(|p| rassegna_store::is_url(p)) {
            Some(url) => {
                postgres::Client::connect(url, postgres::NoTls).unwrap().batch_execute(sql).unwrap();
            }
            None => {
                rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap();
            }
        }
        let e = Store::open(&path).err().expect("refused");
        assert!(e.to_string().contains("schema version 99 is newer"), "{e}");
    }
}

#[test]
fn follow_state_is_kept_and_replaced() {
    use rassegna_store::{FetchError, FollowPass, FollowedSource, SeenUrl};
    let dir = tempfile::tempdir().unwrap();
    for path in locations("follow_state", &dir) {
        {
            let mut s = Store::open(&path).unwrap();
            let mut feed = FollowedSource {
                url: "http://gazzetta.test/rss".into(),
                etag: Some("\"v1\"".into()),
                interval_secs: 900,
                ..Default::default()
            };
            s.put_followed_source(&feed).unwrap();
            feed.etag = Some("\"v2\"".into());
            feed.last_status = Some(304);
            s.put_followed_source(&feed).unwrap();
            let seen = |status: &str, attempts| SeenUrl {
                url: "http://gazzetta.test/a".into(),
                source: feed.url.clone(),
                status: status.into(),
                attempts,
                at: 7,
            };
            s.put_seen_urls(&[seen("failed", 1)]).unwrap();
            s.put_seen_urls(&[seen("stored", 2)]).unwrap();
            let errors: Vec<FetchError> = (0..3)
                .map(|i| FetchError { at: i, source: feed.url.clone(), url: format!("u{i}"), message: "503".into() })
                .collect();
            s.add_fetch_errors(&errors).unwrap();
            assert_eq!(s.follow_pass().unwrap(), None);
            s.put_follow_pass(&FollowPass { polled_at: 5, updated_at: Some(5), new_from_seq: 3, new_documents: 2 })
                .unwrap();
            s.write_batch(&Batch {
                documents: vec![(1, doc("a1", "uno")), (2, doc("a2", "due"))],
                articles: vec![(1, article(&doc("a1", "uno"), "s1")), (2, article(&doc("a2", "due"), "s1"))],
                stories: vec![story("s1", &["a1", "a2"])],
                ..Default::default()
            })
            .unwrap();
        }
        let s = Store::open(&path).unwrap();
        let sources = s.followed_sources().unwrap();
        assert_eq!(sources.len(), 1);
        assert_eq!((sources[0].etag.as_deref(), sources[0].last_status), (Some("\"v2\""), Some(304)));
        let seen = s.seen_url("http://gazzetta.test/a").unwrap().unwrap();
        assert_eq!((seen.status.as_str(), seen.attempts), ("stored", 2));
        assert_eq!(s.seen_url("http://gazzetta.test/b").unwrap(), None);
        let last_two: Vec<String> = s.fetch_errors(2).unwrap().into_iter().map(|e| e.url).collect();
        assert_eq!(last_two, ["u1", "u2"]);
        assert_eq!(s.follow_pass().unwrap().unwrap().new_from_seq, 3);
        assert_eq!(s.story_seq_ranges(&["s1".into(), "nope".into()]).unwrap(), [("s1".to_string(), 1, 2)]);
    }
}

#[test]
fn a_version_2_store_is_migrated_to_the_follow_tables() {
    let dir = tempfile::tempdir().unwrap();
    for path in locations("migrate_2", &dir) {
        drop(Store::open(&path).unwrap());
        // A version-2 store: no follow tables, version 2 recorded.
        let sql = "DROP TABLE follow_sources; DROP TABLE follow_seen; DROP TABLE fetch_errors;
                   UPDATE meta SET value = '2' WHERE key = 'schema_version'";
        let version = |path: &PathBuf| -> String {
            let q = "SELECT value FROM meta WHERE key = 'schema_version'";
            match path.to_str().filter(|p| rassegna_store::is_url(p)) {
                Some(url) => postgres::Client::connect(url, postgres::NoTls).unwrap().query_one(q, &[]).unwrap().get(0),
                None => rusqlite::Connection::open(path).unwrap().query_row(q, [], |r| r.get(0)).unwrap(),
            }
        };
        match path.to_str().filter(|p| rassegna_store::is_url(p)) {
            Some(url) => postgres::Client::connect(url, postgres::NoTls).unwrap().batch_execute(sql).unwrap(),
            None => rusqlite::Connection::open(&path).unwrap().execute_batch(sql).unwrap(),
        }
        assert_eq!(version(&path), "2");
        let s = Store::open(&path).unwrap();
        assert!(s.followed_sources().unwrap().is_empty());
        assert_eq!(version(&path), rassegna_store::SCHEMA_VERSION.to_string());
    }
}
