//! Workers against a real broker (`RASSEGNA_TEST_KAFKA=HOST:PORT`; the store is a SQLite file):
//! skipped with a message without one, failed on CI.

use rassegna_ingest::Ingested;
use rassegna_kafka::{WorkerConfig, ensure_topic, publish, run_worker};
use rassegna_model::{Body, Format, RawDocument};
use rassegna_store::{LogPosition, Store};
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::{Offset, TopicPartitionList};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

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

#[test]
fn a_worker_reads_every_message_after_the_stored_position_even_from_inside_a_record_batch() {
    let Some(brokers) = test_broker() else { return };
    let topic = format!("rassegna.resume.{}", std::process::id());
    ensure_topic(&brokers, &topic, 1).unwrap();
    let docs: Vec<Ingested> = (0..30)
        .map(|i| Ingested {
            doc: RawDocument::new(
                format!("d{i}"),
                format!("in.txt:{i}"),
                Format::Text,
                Body::Text(format!(
                    "Documento {i}. Il sindaco di Borgo Alto, Ida Ferri, ha aperto il ponte numero {i}."
                )),
            ),
            warnings: vec![],
        })
        .collect();
    // Published together, the 30 messages travel in one record batch (or very few).
    let sent = publish(&brokers, &topic, docs.into_iter().map(Ok)).unwrap();
    assert_eq!(sent.documents, 30);

    // An earlier worker queued offsets 0..12 and committed 13 to the group: the store and the
    // group point inside the record batch.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("store.db");
    Store::open(&db).unwrap().enqueue(&[], &[LogPosition { log: topic.clone(), partition: 0, next: 13 }]).unwrap();
    let group: BaseConsumer =
        ClientConfig::new().set("bootstrap.servers", &brokers).set("group.id", &topic).create().unwrap();
    let mut committed = TopicPartitionList::new();
    committed.add_partition_offset(&topic, 0, Offset::Offset(13)).unwrap();
    group.commit(&committed, CommitMode::Sync).unwrap();
    drop(group);

    let cfg = WorkerConfig {
        brokers,
        topic: topic.clone(),
        group: topic.clone(),
        db: db.clone(),
        batch: 8,
        pipeline: Default::default(),
        holder: "resume-test".into(),
        exit_when_idle: Some(Duration::from_secs(3)),
    };
    let report = run_worker(&cfg, &AtomicBool::new(false), &|l| eprintln!("worker: {l}")).unwrap();
    // Every message from 13 on is analysed once and stored; none before it.
    assert_eq!(report.analysed, 17, "{report:?}");
    let store = Store::open(&db).unwrap();
    for i in 0..30 {
        assert_eq!(store.has_id(&format!("d{i}")).unwrap(), i >= 13, "d{i}");
    }
    assert_eq!(store.log_positions(&topic).unwrap(), [(0, 30)]);
    assert!(store.queued(1).unwrap().is_empty());
}
