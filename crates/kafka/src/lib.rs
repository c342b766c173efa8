//! Kafka as the ingest log, for running on many machines.
//!
//! `publish` puts raw documents on a topic, keyed by content hash. Any number of workers
//! ([`run_worker`]) form one consumer group: each takes its partitions' documents, runs the
//! per-document stages on them (cleaning, language, entities, quotes, time: the costly part) and
//! puts the analysed documents on the store's queue in one transaction, and only then commits its
//! Kafka offsets. The stateful stages (dedup, clustering, revision, story rebuild) run in exactly
//! one worker at a time: the holder of the store's `stateful` lease, renewed every loop and passed
//! on within [`LEASE_TTL`] when its holder dies. It takes queued documents in queue order (the
//! order their analysed versions reached the store) and stores each batch with the queue entries
//! it consumed, in one transaction.
//!
//! *Nothing lost, nothing twice:* offsets are committed after the queue commit, so a killed
//! worker's documents are delivered again; the queue is keyed by content hash and the pipeline
//! skips stored content, so a replay is a no-op. A malformed message becomes an error record in
//! the store (as a bad input line does) and is never retried.

use rassegna_ingest::{IngestError, Ingested};
use rassegna_model::{Article, RawDocument};
use rassegna_pipeline::{Config, Pipeline, Prepared, Templates};
use rassegna_store::{Queued, Store};
use rdkafka::ClientContext;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message as _;
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::util::Timeout;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The topic documents are published to unless told otherwise.
pub const DEFAULT_TOPIC: &str = "rassegna.documents";
/// The consumer group workers join unless told otherwise.
pub const DEFAULT_GROUP: &str = "rassegna-workers";
/// Partitions of a topic `publish` creates.
pub const DEFAULT_PARTITIONS: i32 = 4;
/// How long the stateful worker's lease lasts without renewal: the longest a dead holder stalls
/// the stories.
pub const LEASE_TTL: Duration = Duration::from_secs(10);
/// The lease name of the stateful stage.
const LEASE: &str = "stateful";
/// Longest a leader drains the queue before it goes back to its own partitions.
const DRAIN_FOR: Duration = Duration::from_secs(5);
/// Longest wait between retries of a failed database or broker call.
const MAX_BACKOFF: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum KafkaFailure {
    #[error("kafka {brokers}: {source}")]
    Kafka { brokers: String, source: KafkaError },
    #[error("kafka {brokers}: {count} document(s) could not be delivered; first: {first}")]
    Undelivered { brokers: String, count: usize, first: String },
    #[error(transparent)]
    Store(#[from] rassegna_store::StoreError),
    #[error(transparent)]
    Pipeline(#[from] rassegna_pipeline::PipelineError),
}

pub type Result<T> = std::result::Result<T, KafkaFailure>;

/// One message on the topic: a document as read from its input, or an input that could not be
/// read (so the store records the error, as a local run does).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Message {
    Document { doc: RawDocument, warnings: Vec<String> },
    Error { file: String, line: Option<usize>, message: String },
}

/// One entry of the store's queue: the document and the article a worker made of it, or an error.
#[derive(Debug, Serialize, Deserialize)]
struct Analysed {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    doc: Option<RawDocument>,
    #[serde(default)]
    warnings: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    article: Option<Article>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<(String, Option<usize>, String)>,
}

fn kafka(brokers: &str) -> impl Fn(KafkaError) -> KafkaFailure + '_ {
    move |source| KafkaFailure::Kafka { brokers: brokers.to_string(), source }
}

/// Create `topic` with `partitions` partitions unless it exists.
pub fn ensure_topic(brokers: &str, topic: &str, partitions: i32) -> Result<()> {
    let admin: AdminClient<DefaultClientContext> =
        ClientConfig::new().set("bootstrap.servers", brokers).create().map_err(kafka(brokers))?;
    let new = NewTopic::new(topic, partitions, TopicReplication::Fixed(1));
    let opts = AdminOptions::new().operation_timeout(Some(Duration::from_secs(30)));
    let results = futures_executor::block_on(admin.create_topics([&new], &opts)).map_err(kafka(brokers))?;
    for r in results {
        match r {
            Ok(_) | Err((_, RDKafkaErrorCode::TopicAlreadyExists)) => {}
            Err((_, code)) => return Err(kafka(brokers)(KafkaError::AdminOp(code))),
        }
    }
    Ok(())
}

/// Counts deliveries that failed, keeping the first reason.
#[derive(Default)]
struct Deliveries {
    failed: AtomicUsize,
    first: std::sync::Mutex<Option<String>>,
}

impl ClientContext for Deliveries {}

impl ProducerContext for Deliveries {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        if let Err((e, _)) = result {
            self.failed.fetch_add(1, Ordering::Relaxed);
            self.first.lock().unwrap_or_else(|p| p.into_inner()).get_or_insert_with(|| e.to_string());
        }
    }
}

/// What `publish` sent.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Published {
    pub documents: usize,
    /// Inputs that could not be read, sent as error records.
    pub errors: Vec<IngestError>,
}

/// Put every document on `topic` (created with [`DEFAULT_PARTITIONS`] partitions if missing),
/// keyed by its content hash; inputs that cannot be read go as error records. Returns once the
/// broker has acknowledged every message.
pub fn publish(
    brokers: &str,
    topic: &str,
    items: impl IntoIterator<Item = std::result::Result<Ingested, IngestError>>,
) -> Result<Published> {
    ensure_topic(brokers, topic, DEFAULT_PARTITIONS)?;
    let producer: BaseProducer<Deliveries> = ClientConfig::new()
        .set("bootstrap.servers", brokers)
        .set("message.timeout.ms", "60000")
        .set("compression.type", "gzip")
        .create_with_context(Deliveries::default())
        .map_err(kafka(brokers))?;
    let mut report = Published::default();
    for item in items {
        let (key, message) = match item {
            Ok(ing) => {
                report.documents += 1;
                (ing.doc.content_hash.clone(), Message::Document { doc: ing.doc, warnings: ing.warnings })
            }
            Err(e) => {
                let key = format!("error:{}:{}", e.file, e.line.unwrap_or(0));
                report.errors.push(e.clone());
                (key, Message::Error { file: e.file, line: e.line, message: e.message })
            }
        };
        let payload = serde_json::to_vec(&message).expect("messages serialise");
        let mut record = BaseRecord::to(topic).key(&key).payload(&payload);
        loop {
            match producer.send(record) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    producer.poll(Duration::from_millis(100));
                    record = back;
                }
                Err((e, _)) => return Err(kafka(brokers)(e)),
            }
        }
        producer.poll(Duration::ZERO);
    }
    producer.flush(Timeout::After(Duration::from_secs(120))).map_err(kafka(brokers))?;
    let failed = producer.context().failed.load(Ordering::Relaxed);
    if failed > 0 {
        let first = producer.context().first.lock().unwrap_or_else(|p| p.into_inner()).clone().unwrap_or_default();
        return Err(KafkaFailure::Undelivered { brokers: brokers.to_string(), count: failed, first });
    }
    Ok(report)
}

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    pub brokers: String,
    pub topic: String,
    pub group: String,
    /// The store: a PostgreSQL URL for workers on several machines, or a SQLite file on one.
    pub db: PathBuf,
    /// Messages analysed and queued per transaction, and queued documents per stateful batch.
    pub batch: usize,
    pub pipeline: Config,
    /// This worker's name in the lease (unique per process).
    pub holder: String,
    /// Stop after this long with no message and an empty queue (for one-off runs and tests).
    pub exit_when_idle: Option<Duration>,
}

/// What a worker did before it stopped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WorkerReport {
    /// Messages this worker analysed and queued.
    pub analysed: usize,
    /// Queued documents this worker stored as the stateful stage (new or already stored).
    pub stored: usize,
}

/// Doubling waits between retries, up to [`MAX_BACKOFF`].
struct Backoff(Duration);

impl Backoff {
    fn new() -> Self {
        Backoff(Duration::from_millis(250))
    }
    fn wait(&mut self) {
        std::thread::sleep(self.0);
        self.0 = (self.0 * 2).min(MAX_BACKOFF);
    }
}

/// Open the store, retrying (and saying why) until it opens or `stop` is set.
fn open_store(db: &Path, stop: &AtomicBool, log: &dyn Fn(&str)) -> Option<Store> {
    let mut backoff = Backoff::new();
    while !stop.load(Ordering::Relaxed) {
        match Store::open(db) {
            Ok(s) => return Some(s),
            Err(e) => log(&format!("cannot open the store, retrying: {e}")),
        }
        backoff.wait();
    }
    None
}

/// A queue entry for one message: analysed when it is a document, an error record when it is
/// an input error or cannot be read at all (named by topic, partition and offset).
fn analyse_message(payload: Option<&[u8]>, origin: &str, templates: &Templates, cfg: &Config) -> Queued {
    let error = |file: String, line, message: String| Analysed {
        doc: None,
        warnings: vec![],
        article: None,
        error: Some((file, line, message)),
    };
    let (key, entry) = match payload.map(serde_json::from_slice::<Message>) {
        Some(Ok(Message::Document { doc, warnings })) => {
            let ing = Ingested { doc, warnings };
            let article = rassegna_pipeline::analyse_document(&ing, templates, cfg.extraction);
            let key = ing.doc.content_hash.clone();
            match article {
                Ok(a) => (key, Analysed { doc: Some(ing.doc), warnings: ing.warnings, article: Some(a), error: None }),
                Err(e) => (key, error(e.file, e.line, e.message)),
            }
        }
        Some(Ok(Message::Error { file, line, message })) => {
            (format!("error:{file}:{}", line.unwrap_or(0)), error(file, line, message))
        }
        Some(Err(e)) => (origin.to_string(), error(origin.to_string(), None, format!("malformed message: {e}"))),
        None => (origin.to_string(), error(origin.to_string(), None, "empty message".into())),
    };
    Queued { key, payload: serde_json::to_string(&entry).expect("queue entries serialise") }
}

/// A queue entry back as a pipeline item.
fn prepared(q: &Queued) -> std::result::Result<Prepared, IngestError> {
    let entry: Analysed = serde_json::from_str(&q.payload)
        .map_err(|e| IngestError::new(format!("queue:{}", q.key), None, format!("unreadable queue entry: {e}")))?;
    match (entry.doc, entry.error) {
        (Some(doc), None) => {
            Ok(Prepared { ingested: Ingested { doc, warnings: entry.warnings }, article: entry.article })
        }
        (_, Some((file, line, message))) => Err(IngestError::new(file, line, message)),
        (None, None) => Err(IngestError::new(format!("queue:{}", q.key), None, "queue entry without a document")),
    }
}

/// Run a worker until `stop` is set (or it has been idle for `exit_when_idle`). Failures of the
/// database or the broker are logged through `log` and retried with backoff; nothing polled is
/// committed to Kafka before it is in the store's queue.
pub fn run_worker(cfg: &WorkerConfig, stop: &AtomicBool, log: &dyn Fn(&str)) -> Result<WorkerReport> {
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &cfg.brokers)
        .set("group.id", &cfg.group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "10000")
        .set("client.id", &cfg.holder)
        .create()
        .map_err(kafka(&cfg.brokers))?;
    consumer.subscribe(&[&cfg.topic]).map_err(kafka(&cfg.brokers))?;
    let mut report = WorkerReport::default();
    let Some(mut store) = open_store(&cfg.db, stop, log) else { return Ok(report) };
    let mut leader: Option<Pipeline> = None;
    let mut idle_since = Instant::now();
    let batch = cfg.batch.max(1);
    // `RASSEGNA_WORKER_TRACE=1` logs every message taken and every offset commit.
    let trace = std::env::var("RASSEGNA_WORKER_TRACE").as_deref() == Ok("1");
    while !stop.load(Ordering::Relaxed) {
        // 1. This worker's share of the topic: analyse, queue, then commit the offsets.
        let mut messages = Vec::new();
        let until = Instant::now() + Duration::from_millis(500);
        while messages.len() < batch && Instant::now() < until {
            match consumer.poll(Duration::from_millis(100)) {
                Some(Ok(m)) => {
                    let origin = format!("kafka:{}/{}@{}", m.topic(), m.partition(), m.offset());
                    if trace {
                        log(&format!("polled {origin}"));
                    }
                    messages.push((m.payload().map(<[u8]>::to_vec), origin));
                }
                Some(Err(e)) => log(&format!("kafka: {e}")),
                None => {}
            }
        }
        if !messages.is_empty() {
            idle_since = Instant::now();
            let templates = rassegna_pipeline::stored_templates(&store).unwrap_or_default();
            let queued: Vec<Queued> = std::thread::scope(|s| {
                let handles: Vec<_> = messages
                    .chunks(messages.len().div_ceil(available_threads()))
                    .map(|chunk| {
                        let templates = &templates;
                        s.spawn(move || {
                            chunk
                                .iter()
                                .map(|(p, origin)| analyse_message(p.as_deref(), origin, templates, &cfg.pipeline))
                                .collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles.into_iter().flat_map(|h| h.join().expect("analysis threads catch their panics")).collect()
            });
            let mut backoff = Backoff::new();
            loop {
                match store.enqueue(&queued) {
                    Ok(_) => break,
                    Err(e) => {
                        log(&format!("cannot queue {} document(s), retrying: {e}", queued.len()));
                        backoff.wait();
                        if stop.load(Ordering::Relaxed) {
                            return Ok(report);
                        }
                        if let Some(s) = open_store(&cfg.db, stop, log) {
                            store = s;
                        }
                    }
                }
            }
            report.analysed += queued.len();
            // Offsets after the queue commit: a crash before this line replays these messages,
            // and the replay is a no-op (same content hash).
            if trace && let Ok(positions) = consumer.position() {
                log(&format!("committing {:?}", positions.to_topic_map()));
            }
            if let Err(e) = consumer.commit_consumer_state(CommitMode::Sync) {
                log(&format!("kafka: offsets not committed (the messages will come again): {e}"));
            }
        }

        // 2. The stateful stage, in the one worker that holds the lease.
        match store.lease(LEASE, &cfg.holder, LEASE_TTL) {
            Ok(true) => {
                if leader.is_none() {
                    log("taking the stateful stage");
                    leader = Some(Pipeline::open(&cfg.db, cfg.pipeline.clone())?);
                }
                let pipeline = leader.as_mut().expect("just set");
                let started = Instant::now();
                while started.elapsed() < DRAIN_FOR && !stop.load(Ordering::Relaxed) {
                    let queued = match pipeline.store().queued(batch) {
                        Ok(q) => q,
                        Err(e) => {
                            log(&format!("cannot read the queue: {e}"));
                            leader = None;
                            break;
                        }
                    };
                    if queued.is_empty() {
                        break;
                    }
                    idle_since = Instant::now();
                    let seqs = queued.iter().map(|(s, _)| *s).collect();
                    let items = queued.iter().map(|(_, q)| prepared(q)).collect();
                    match pipeline.process_prepared(items, seqs) {
                        Ok(_) => report.stored += queued.len(),
                        Err(e) => {
                            // Another worker may have stored them first; the next look decides.
                            log(&format!("stateful batch not stored, will retry: {e}"));
                            leader = None;
                            break;
                        }
                    }
                    if !matches!(store.lease(LEASE, &cfg.holder, LEASE_TTL), Ok(true)) {
                        log("lost the stateful stage");
                        leader = None;
                        break;
                    }
                }
            }
            Ok(false) => {
                if leader.take().is_some() {
                    log("another worker holds the stateful stage now");
                }
            }
            Err(e) => {
                log(&format!("cannot reach the store, retrying: {e}"));
                leader = None;
                Backoff::new().wait();
                if let Some(s) = open_store(&cfg.db, stop, log) {
                    store = s;
                }
            }
        }
        // Idle means more than "no message for a while": partitions of a dead worker reach the
        // others only after its session times out, so the whole group must have committed every
        // message of the topic, and the store's queue must be empty.
        if let Some(idle) = cfg.exit_when_idle
            && idle_since.elapsed() >= idle
            && matches!(store.queued(1).map(|q| q.is_empty()), Ok(true))
            && group_caught_up(&consumer, &cfg.topic)
        {
            break;
        }
    }
    Ok(report)
}

/// Whether the group has committed every message of every partition of `topic`.
fn group_caught_up(consumer: &BaseConsumer, topic: &str) -> bool {
    let timeout = Duration::from_secs(5);
    let Ok(metadata) = consumer.fetch_metadata(Some(topic), timeout) else { return false };
    let Some(t) = metadata.topics().iter().find(|t| t.name() == topic) else { return false };
    let mut all = rdkafka::TopicPartitionList::new();
    for p in t.partitions() {
        all.add_partition(topic, p.id());
    }
    let Ok(committed) = consumer.committed_offsets(all, timeout) else { return false };
    committed.elements().iter().all(|e| {
        let Ok((_, high)) = consumer.fetch_watermarks(topic, e.partition(), timeout) else { return false };
        match e.offset() {
            rdkafka::Offset::Offset(o) => o >= high,
            _ => high == 0,
        }
    })
}

fn available_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rassegna_model::{Body, Format};

    fn document() -> Message {
        let doc = RawDocument::new(
            "d1",
            "in.jsonl:1",
            Format::Text,
            Body::Text("Il sindaco di Borgo Alto, Ida Ferri, ha aperto il nuovo ponte sul fiume Lete.".into()),
        );
        Message::Document { doc, warnings: vec![] }
    }

    #[test]
    fn a_document_is_queued_analysed_under_its_content_hash() {
        let payload = serde_json::to_vec(&document()).unwrap();
        let q = analyse_message(Some(&payload), "kafka:t/0@7", &Templates::default(), &Config::default());
        let Message::Document { doc, .. } = document() else { unreachable!() };
        assert_eq!(q.key, doc.content_hash);
        let p = prepared(&q).unwrap();
        let article = p.article.expect("analysed by the worker");
        assert_eq!(article.id, "d1");
        assert_eq!(article.lang.as_deref(), Some("it"));
        assert!(article.entities.iter().any(|e| e.name == "Ida Ferri"), "{:?}", article.entities);
    }

    #[test]
    fn a_malformed_message_becomes_an_error_record_named_by_its_place_in_the_log() {
        for payload in [Some(&b"{not json"[..]), None] {
            let q = analyse_message(payload, "kafka:t/3@42", &Templates::default(), &Config::default());
            assert_eq!(q.key, "kafka:t/3@42", "a replay of the same message is queued once");
            let e = prepared(&q).unwrap_err();
            assert_eq!(e.file, "kafka:t/3@42");
        }
        let input_error = Message::Error { file: "in.jsonl".into(), line: Some(3), message: "bad JSON".into() };
        let q = analyse_message(
            Some(&serde_json::to_vec(&input_error).unwrap()),
            "kafka:t/0@1",
            &Templates::default(),
            &Config::default(),
        );
        let e = prepared(&q).unwrap_err();
        assert_eq!((e.file.as_str(), e.line, e.message.as_str()), ("in.jsonl", Some(3), "bad JSON"));
    }
}
