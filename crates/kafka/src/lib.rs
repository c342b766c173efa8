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
use rassegna_store::{LogPosition, Queued, Store};
use rdkafka::ClientContext;
use rdkafka::Offset;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, ConsumerContext, Rebalance};
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
/// Longest a leader drains the queue before it polls the broker again (which also serves the
/// group's rebalances).
const DRAIN_FOR: Duration = Duration::from_secs(1);
/// How long a partition the store has not read to its end may stay silent before it is read
/// again from further back.
const STALL: Duration = Duration::from_secs(2);
/// How long partitions may stay behind with no one here reading them before this worker joins the
/// group again (twice the session timeout: a dead member has left by then).
const REJOIN_AFTER: Duration = Duration::from_secs(20);
/// How often the stateful worker logs what it stored and where its time went, while it stores.
const PROGRESS_EVERY: Duration = Duration::from_secs(10);
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

/// One message taken from the topic.
struct Taken {
    partition: i32,
    offset: i64,
    payload: Option<Vec<u8>>,
}

/// The consumer's view of rebalances: the partitions revoked since the loop last looked (so it
/// drops what it holds of them: their new owner reads them from the store's position), and,
/// with tracing, each assignment with the group's committed offsets.
struct Rebalances {
    trace: bool,
    /// Set at every rebalance.
    rebalanced: AtomicBool,
    revoked: std::sync::Mutex<Vec<i32>>,
    notes: std::sync::Mutex<Vec<String>>,
}

impl Rebalances {
    fn note(&self, line: String) {
        self.notes.lock().unwrap_or_else(|p| p.into_inner()).push(line);
    }
    fn take_revoked(&self) -> Vec<i32> {
        std::mem::take(&mut *self.revoked.lock().unwrap_or_else(|p| p.into_inner()))
    }
    fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl ClientContext for Rebalances {}

impl ConsumerContext for Rebalances {
    fn pre_rebalance(&self, consumer: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        self.rebalanced.store(true, Ordering::Relaxed);
        match rebalance {
            Rebalance::Revoke(tpl) => {
                let parts: Vec<i32> = tpl.elements().iter().map(|e| e.partition()).collect();
                if self.trace {
                    self.note(format!("revoked partitions {parts:?}"));
                }
                self.revoked.lock().unwrap_or_else(|p| p.into_inner()).extend(parts);
            }
            Rebalance::Assign(tpl) if self.trace => {
                let committed = consumer
                    .committed_offsets((*tpl).clone(), Duration::from_secs(5))
                    .map(|c| c.elements().iter().map(|e| (e.partition(), e.offset())).collect::<Vec<_>>());
                self.note(format!("assigned partitions, with the group's committed offsets: {committed:?}"));
            }
            Rebalance::Assign(_) => {}
            Rebalance::Error(e) => self.note(format!("kafka rebalance: {e}")),
        }
    }
}

/// A partition and an offset in it.
type PartitionOffset = (i32, i64);

/// How this worker's reading of its partitions stands against the store's positions.
#[derive(Default)]
struct Reading {
    /// Partition → how far back from the stored position it was last asked to read again
    /// (doubled at each new try).
    rewinds: std::collections::HashMap<i32, i64>,
    /// Partition → the stored position at which this worker's reading is known to go on with the
    /// right message: it received the message just before it (or the one at it).
    aligned: std::collections::HashMap<i32, i64>,
}

impl Reading {
    /// Where to ask for `partition` again, reading back from `from`; `None` when it was already
    /// read from the log's start (`first`).
    fn rewind(&mut self, partition: i32, from: i64, first: i64) -> Option<i64> {
        let tried = self.rewinds.get(&partition).copied();
        if tried.is_some_and(|d| from - d <= first) {
            self.rewinds.remove(&partition);
            return None;
        }
        let back = tried.map_or(1, |d| d * 2);
        self.rewinds.insert(partition, back);
        Some((from - back).max(first))
    }
}

/// The messages of `taken` that continue each partition exactly where the store's queue holds it
/// (`stored`: partition → next offset; a partition the store has never seen starts at the log's
/// first offset, `first`). Messages before that point were queued already and are dropped.
/// When the broker answers past that point (tansu 0.6's in-memory log does when asked for an
/// offset inside a record batch: it answers from the next batch), the partition is read again
/// from further back, doubling the distance each time, until the missing messages come; returned
/// as seeks. Only a gap that remains when the log is read from its start is accepted (logged): the
/// log lacks those offsets. Returns the kept messages, the partitions' new positions and the seeks
/// to make.
fn continuing(
    taken: Vec<Taken>,
    stored: &std::collections::HashMap<i32, i64>,
    first: &dyn Fn(i32) -> i64,
    reading: &mut Reading,
    log: &dyn Fn(&str),
) -> (Vec<Taken>, Vec<PartitionOffset>, Vec<PartitionOffset>) {
    use std::collections::{BTreeMap, HashSet};
    let mut next: BTreeMap<i32, i64> = BTreeMap::new();
    let mut moved: HashSet<i32> = HashSet::new();
    let mut seeks: Vec<(i32, i64)> = Vec::new();
    let mut kept = Vec::new();
    for t in taken {
        let p = t.partition;
        if seeks.iter().any(|(q, _)| *q == p) {
            continue;
        }
        let expected = next.entry(p).or_insert_with(|| stored.get(&p).copied().unwrap_or_else(|| first(p)));
        if t.offset < *expected {
            if t.offset == *expected - 1 {
                reading.aligned.insert(p, *expected);
                reading.rewinds.remove(&p);
            }
            continue;
        }
        if t.offset > *expected {
            match reading.rewind(p, *expected, first(p)) {
                Some(target) => {
                    log(&format!(
                        "partition {p}: the broker answered from offset {} where the store needs {}; reading again from {target}",
                        t.offset, *expected
                    ));
                    reading.aligned.remove(&p);
                    seeks.push((p, target));
                    continue;
                }
                None => {
                    log(&format!(
                        "partition {p}: offsets {}..{} are not in the log; going on from there",
                        *expected, t.offset
                    ));
                    *expected = t.offset;
                }
            }
        }
        reading.rewinds.remove(&p);
        *expected = t.offset + 1;
        reading.aligned.insert(p, *expected);
        moved.insert(p);
        kept.push(t);
    }
    let positions = next.into_iter().filter(|(p, _)| moved.contains(p)).collect();
    (kept, positions, seeks)
}

/// Run a worker until `stop` is set (or it has been idle for `exit_when_idle`). Failures of the
/// database or the broker are logged through `log` and retried with backoff.
///
/// The store, not the broker, says how far each partition has been read: a batch's queue entries
/// and its partitions' new positions are written in one transaction, and a worker keeps only the
/// messages that continue a partition from its stored position (see [`continuing`]). So whatever
/// the group's committed offsets say (they are committed too, after the store, for monitoring),
/// and whoever held a partition before, no message is skipped; a replay is dropped, or queued
/// again as a no-op.
pub fn run_worker(cfg: &WorkerConfig, stop: &AtomicBool, log: &dyn Fn(&str)) -> Result<WorkerReport> {
    // `RASSEGNA_WORKER_TRACE=1` logs every rebalance, batch taken and position stored.
    let trace = std::env::var("RASSEGNA_WORKER_TRACE").as_deref() == Ok("1");
    let context = Rebalances {
        trace,
        rebalanced: AtomicBool::new(false),
        revoked: Default::default(),
        notes: Default::default(),
    };
    let consumer: BaseConsumer<Rebalances> = ClientConfig::new()
        .set("bootstrap.servers", &cfg.brokers)
        .set("group.id", &cfg.group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "10000")
        .set("client.id", &cfg.holder)
        .create_with_context(context)
        .map_err(kafka(&cfg.brokers))?;
    consumer.subscribe(&[&cfg.topic]).map_err(kafka(&cfg.brokers))?;
    let mut report = WorkerReport::default();
    let Some(mut store) = open_store(&cfg.db, stop, log) else { return Ok(report) };
    let mut leader: Option<Pipeline> = None;
    let mut backlog = false;
    let mut reading = Reading::default();
    let mut idle_since = Instant::now();
    let mut last_stall_check = Instant::now();
    let mut own_aligned = false;
    let mut orphaned_since: Option<Instant> = None;
    // When the stateful stage last logged its progress, and what it had stored then.
    let mut progress = (Instant::now(), 0usize);
    let batch = cfg.batch.max(1);
    let first = |p: i32| consumer.fetch_watermarks(&cfg.topic, p, Duration::from_secs(5)).map_or(0, |(low, _)| low);
    while !stop.load(Ordering::Relaxed) {
        // 1. This worker's share of the topic. While the stateful stage has work queued, only
        // what the broker has ready is taken, so neither side waits on the other.
        let mut taken: Vec<Taken> = Vec::new();
        let until = Instant::now() + Duration::from_millis(500);
        loop {
            let polled = consumer.poll(if backlog { Duration::ZERO } else { Duration::from_millis(100) });
            let revoked = consumer.context().take_revoked();
            if !revoked.is_empty() {
                taken.retain(|t| !revoked.contains(&t.partition));
            }
            for note in consumer.context().take_notes() {
                log(&note);
            }
            match polled {
                Some(Ok(m)) => taken.push(Taken {
                    partition: m.partition(),
                    offset: m.offset(),
                    payload: m.payload().map(<[u8]>::to_vec),
                }),
                Some(Err(e)) => log(&format!("kafka: {e}")),
                None if backlog => break,
                None => {}
            }
            if taken.len() >= batch || Instant::now() >= until {
                break;
            }
        }
        let took = !taken.is_empty();
        if took {
            idle_since = Instant::now();
            match store.log_positions(&cfg.topic) {
                Ok(stored) => {
                    let stored = stored.into_iter().collect();
                    let (kept, positions, seeks) = continuing(taken, &stored, &first, &mut reading, log);
                    for (p, offset) in seeks {
                        if let Err(e) = consumer.seek(&cfg.topic, p, Offset::Offset(offset), Duration::from_secs(5)) {
                            log(&format!("kafka: cannot read partition {p} again from {offset}: {e}"));
                        }
                    }
                    if !kept.is_empty() {
                        if trace {
                            log(&format!("taking {} message(s), positions after: {positions:?}", kept.len()));
                        }
                        if !queue(cfg, &mut store, &kept, &positions, stop, log) {
                            return Ok(report);
                        }
                        report.analysed += kept.len();
                        // The group's offsets follow the store's (best effort: nothing reads them back).
                        let mut tpl = rdkafka::TopicPartitionList::new();
                        for (p, next) in &positions {
                            let _ = tpl.add_partition_offset(&cfg.topic, *p, Offset::Offset(*next));
                        }
                        if let Err(e) = consumer.commit(&tpl, CommitMode::Async) {
                            log(&format!("kafka: offsets not committed to the group: {e}"));
                        }
                    }
                }
                // What was taken is read again: the store's positions did not move.
                Err(e) => {
                    log(&format!("cannot read the store's log positions, retrying: {e}"));
                    Backoff::new().wait();
                    if let Some(s) = open_store(&cfg.db, stop, log) {
                        store = s;
                    }
                    reading = Reading::default();
                    for p in taken.iter().map(|t| t.partition).collect::<std::collections::BTreeSet<_>>() {
                        if let Some(from) = taken.iter().find(|t| t.partition == p).map(|t| t.offset) {
                            let _ = consumer.seek(&cfg.topic, p, Offset::Offset(from), Duration::from_secs(5));
                        }
                    }
                }
            }
        }

        if consumer.context().rebalanced.swap(false, Ordering::Relaxed) {
            // A partition given (back) to this worker is read from the group's committed offset.
            reading.aligned.clear();
            own_aligned = false;
        }
        if took {
            own_aligned = false;
        }
        if !took && idle_since.elapsed() >= STALL && last_stall_check.elapsed() >= STALL {
            last_stall_check = Instant::now();
            own_aligned = unstall(trace, &consumer, &store, &cfg.topic, &mut reading, log);
            // Partitions the store has not read to the end that no one here reads, for longer
            // than a dead member takes to leave the group: the group is stuck (tansu 0.6 drops a
            // dead member without making the others rebalance, leaving its partitions to no
            // one). Leaving and joining again makes it rebalance.
            let orphans = orphaned(&consumer, &store, &cfg.topic);
            if orphans.is_empty() {
                orphaned_since = None;
            } else if orphaned_since.get_or_insert_with(Instant::now).elapsed() >= REJOIN_AFTER {
                log(&format!("partitions {orphans:?} are behind and nobody reads them; joining the group again"));
                orphaned_since = None;
                consumer.unsubscribe();
                if let Err(e) = consumer.subscribe(&[&cfg.topic]) {
                    log(&format!("kafka: cannot join the group again: {e}"));
                }
            }
        }

        // 2. The stateful stage, in the one worker that holds the lease.
        backlog = false;
        match store.lease(LEASE, &cfg.holder, LEASE_TTL) {
            Ok(true) => {
                if leader.is_none() {
                    log("taking the stateful stage");
                    match Pipeline::open(&cfg.db, cfg.pipeline.clone()) {
                        Ok(p) => {
                            leader = Some(p);
                            progress = (Instant::now(), report.stored);
                        }
                        Err(e) => {
                            log(&format!("cannot open the pipeline, retrying: {e}"));
                            Backoff::new().wait();
                            continue;
                        }
                    }
                }
                let pipeline = leader.as_mut().expect("just set");
                let started = Instant::now();
                while started.elapsed() < DRAIN_FOR && !stop.load(Ordering::Relaxed) {
                    let read_at = Instant::now();
                    let queued = pipeline.store().queued(batch);
                    pipeline.timings().add("queue", read_at.elapsed());
                    let queued = match queued {
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
                    backlog = queued.len() == batch;
                    let seqs = queued.iter().map(|(s, _)| *s).collect();
                    let items = queued.iter().map(|(_, q)| prepared(q)).collect();
                    match pipeline.process_prepared(items, seqs) {
                        Ok(_) => {
                            report.stored += queued.len();
                            if progress.0.elapsed() >= PROGRESS_EVERY {
                                log(&progress_line(pipeline, progress, report.stored));
                                progress = (Instant::now(), report.stored);
                            }
                        }
                        Err(e) => {
                            // Another worker may have stored them first; the next look decides.
                            log(&format!("stateful batch not stored, will retry: {e}"));
                            leader = None;
                            break;
                        }
                    }
                    let renew_at = Instant::now();
                    let renewed = store.lease(LEASE, &cfg.holder, LEASE_TTL);
                    pipeline.timings().add("lease", renew_at.elapsed());
                    if !matches!(renewed, Ok(true)) {
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
        // Idle means more than "no message for a while": this worker's reading of each of its
        // partitions must go on from the store's position, the queue must be empty, and (as
        // partitions of a dead worker reach the others only after its session times out) the
        // store's positions must reach the broker's end of every partition.
        if let Some(idle) = cfg.exit_when_idle
            && idle_since.elapsed() >= idle
            && own_aligned
            && matches!(store.queued(1).map(|q| q.is_empty()), Ok(true))
            && store_holds_the_log(&store, &consumer, &cfg.topic)
        {
            break;
        }
    }
    Ok(report)
}

/// The stateful stage's progress since `since` (when, and the documents stored then): documents
/// stored per second, and the time its pipeline spent in each stage since it opened.
fn progress_line(pipeline: &Pipeline, since: (Instant, usize), stored: usize) -> String {
    let secs = since.0.elapsed().as_secs_f64();
    let done = stored - since.1;
    let stages: Vec<String> = pipeline
        .timings()
        .report()
        .iter()
        .map(|(stage, took)| format!("{stage} {:.1} s", took.as_secs_f64()))
        .collect();
    format!(
        "stateful stage: stored {done} documents in {secs:.1} s ({:.0}/s), {stored} in all; time since it opened: {}",
        done as f64 / secs.max(1e-9),
        stages.join(", ")
    )
}

/// Read again, from further back, each partition of this worker whose reading is not known to go
/// on from the store's position (see [`Reading::aligned`]) although nothing came for [`STALL`]:
/// a new owner starts where the group's committed offset says, and tansu 0.6's in-memory log
/// answers nothing at all when that offset is inside its last record batch. Its high watermark
/// (the last batch's first offset + 1) cannot tell, so the partition is read from just before
/// the stored position, and further back while nothing comes. Returns whether every partition of
/// this worker is read from its stored position.
fn unstall(
    trace: bool,
    consumer: &BaseConsumer<Rebalances>,
    store: &Store,
    topic: &str,
    reading: &mut Reading,
    log: &dyn Fn(&str),
) -> bool {
    let timeout = Duration::from_secs(5);
    let (Ok(assigned), Ok(stored)) = (consumer.assignment(), store.log_positions(topic)) else { return false };
    let mut aligned = true;
    for e in assigned.elements_for_topic(topic) {
        let p = e.partition();
        let Ok((low, _)) = consumer.fetch_watermarks(topic, p, timeout) else { return false };
        let next = stored.iter().find(|(q, _)| *q == p).map_or(low, |(_, n)| *n);
        if reading.aligned.get(&p) == Some(&next) {
            continue;
        }
        aligned = false;
        if next <= low {
            // Read from the log's start: a fetch from there starts at a record batch.
            if let Err(e) = consumer.seek(topic, p, Offset::Offset(low), timeout) {
                log(&format!("kafka: cannot read partition {p} from its start: {e}"));
            } else {
                reading.aligned.insert(p, next);
            }
            continue;
        }
        let Some(target) = reading.rewind(p, next, low) else {
            // Read from the log's start and still nothing before the stored position: the log
            // has nothing there (a topic created again); the position stands.
            reading.aligned.insert(p, next);
            continue;
        };
        // The first look, just before the position, is routine after every handover; going
        // further back means the broker answered nothing from there.
        if trace || target < next - 1 {
            log(&format!("partition {p}: nothing came from the stored position {next}; reading again from {target}"));
        }
        if let Err(e) = consumer.seek(topic, p, Offset::Offset(target), timeout) {
            log(&format!("kafka: cannot read partition {p} again from {target}: {e}"));
        }
    }
    aligned
}

/// Analyse `kept` and put it on the store's queue with the partitions' new positions, in one
/// transaction, retrying until it is stored; false when stopped first.
fn queue(
    cfg: &WorkerConfig,
    store: &mut Store,
    kept: &[Taken],
    positions: &[(i32, i64)],
    stop: &AtomicBool,
    log: &dyn Fn(&str),
) -> bool {
    let templates = rassegna_pipeline::stored_templates(store).unwrap_or_default();
    let queued: Vec<Queued> = std::thread::scope(|s| {
        let handles: Vec<_> = kept
            .chunks(kept.len().div_ceil(available_threads()))
            .map(|chunk| {
                let templates = &templates;
                s.spawn(move || {
                    chunk
                        .iter()
                        .map(|t| {
                            let origin = format!("kafka:{}/{}@{}", cfg.topic, t.partition, t.offset);
                            analyse_message(t.payload.as_deref(), &origin, templates, &cfg.pipeline)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().expect("analysis threads catch their panics")).collect()
    });
    let positions: Vec<LogPosition> =
        positions.iter().map(|&(partition, next)| LogPosition { log: cfg.topic.clone(), partition, next }).collect();
    let mut backoff = Backoff::new();
    loop {
        match store.enqueue(&queued, &positions) {
            Ok(_) => return true,
            Err(e) => {
                log(&format!("cannot queue {} document(s), retrying: {e}", queued.len()));
                backoff.wait();
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                if let Some(s) = open_store(&cfg.db, stop, log) {
                    *store = s;
                }
            }
        }
    }
}

/// The partitions of `topic` that the store has not read to the broker's end, when this worker
/// reads none of them and has read nothing for a while (empty otherwise).
fn orphaned(consumer: &BaseConsumer<Rebalances>, store: &Store, topic: &str) -> Vec<i32> {
    let timeout = Duration::from_secs(5);
    let Ok(metadata) = consumer.fetch_metadata(Some(topic), timeout) else { return vec![] };
    let Some(t) = metadata.topics().iter().find(|t| t.name() == topic) else { return vec![] };
    let (Ok(stored), Ok(assigned)) = (store.log_positions(topic), consumer.assignment()) else { return vec![] };
    let mine: Vec<i32> = assigned.elements_for_topic(topic).iter().map(|e| e.partition()).collect();
    let mut behind = Vec::new();
    for p in t.partitions() {
        let Ok((low, high)) = consumer.fetch_watermarks(topic, p.id(), timeout) else { return vec![] };
        let next = stored.iter().find(|(q, _)| *q == p.id()).map_or(low, |(_, n)| *n);
        if next < high {
            if mine.contains(&p.id()) {
                return vec![];
            }
            behind.push(p.id());
        }
    }
    behind
}

/// Whether the store's positions reach the end of every partition of `topic`.
fn store_holds_the_log(store: &Store, consumer: &BaseConsumer<Rebalances>, topic: &str) -> bool {
    let timeout = Duration::from_secs(5);
    let Ok(metadata) = consumer.fetch_metadata(Some(topic), timeout) else { return false };
    let Some(t) = metadata.topics().iter().find(|t| t.name() == topic) else { return false };
    let Ok(stored) = store.log_positions(topic) else { return false };
    t.partitions().iter().all(|p| {
        let Ok((low, high)) = consumer.fetch_watermarks(topic, p.id(), timeout) else { return false };
        let next = stored.iter().find(|(q, _)| *q == p.id()).map_or(low, |(_, n)| *n);
        next >= high
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

    fn taken(partition: i32, offsets: impl IntoIterator<Item = i64>) -> Vec<Taken> {
        offsets.into_iter().map(|offset| Taken { partition, offset, payload: None }).collect()
    }

    #[test]
    fn only_messages_that_continue_the_stored_position_are_kept() {
        let stored = [(0, 10), (1, 3)].into_iter().collect();
        let mut reading = Reading::default();
        let mut batch = taken(0, 7..13);
        batch.extend(taken(1, 3..5));
        batch.extend(taken(2, 0..2));
        let (kept, positions, seeks) = continuing(batch, &stored, &|_| 0, &mut reading, &|_| {});
        let offsets: Vec<(i32, i64)> = kept.iter().map(|t| (t.partition, t.offset)).collect();
        // 7..9 of partition 0 are queued already (a replay); partition 2 is new to the store.
        assert_eq!(offsets, [(0, 10), (0, 11), (0, 12), (1, 3), (1, 4), (2, 0), (2, 1)]);
        assert_eq!(positions, [(0, 13), (1, 5), (2, 2)]);
        assert!(seeks.is_empty());
        assert_eq!(reading.aligned, [(0, 13), (1, 5), (2, 2)].into_iter().collect());
        // Only the message just before the stored position shows a replay reads on from there.
        let mut reading = Reading::default();
        continuing(taken(0, 7..9), &stored, &|_| 0, &mut reading, &|_| {});
        assert!(reading.aligned.is_empty());
        continuing(taken(0, 9..10), &stored, &|_| 0, &mut reading, &|_| {});
        assert_eq!(reading.aligned, [(0, 10)].into_iter().collect());
    }

    #[test]
    fn a_broker_answering_past_the_stored_position_is_asked_again_from_further_back() {
        // The store needs partition 0 from 37; the broker (answering from the batch after the one
        // holding 37) sends 46 onwards.
        let stored = [(0, 37)].into_iter().collect();
        let mut reading = Reading::default();
        let lines = std::cell::RefCell::new(Vec::new());
        let log = |l: &str| lines.borrow_mut().push(l.to_string());
        let mut tries = Vec::new();
        for _ in 0..4 {
            let (kept, positions, seeks) = continuing(taken(0, 46..50), &stored, &|_| 30, &mut reading, &log);
            assert!(kept.is_empty() && positions.is_empty(), "nothing kept past a gap");
            tries.extend(seeks);
        }
        // Further back each time, never before the log's start (30).
        assert_eq!(tries, [(0, 36), (0, 35), (0, 33), (0, 30)]);
        // From the log's start the gap is still there: the log lacks those offsets.
        let (kept, positions, seeks) = continuing(taken(0, 46..48), &stored, &|_| 30, &mut reading, &log);
        assert_eq!(kept.len(), 2);
        assert_eq!(positions, [(0, 48)]);
        assert!(seeks.is_empty());
        assert!(lines.borrow().last().unwrap().contains("offsets 37..46 are not in the log"), "{:?}", lines.borrow());
        // Once the missing message comes, reading goes on from there and the distance is reset.
        let mut reading = Reading::default();
        let (_, _, seeks) = continuing(taken(0, 46..47), &stored, &|_| 0, &mut reading, &|_| {});
        assert_eq!(seeks, [(0, 36)]);
        let (kept, positions, _) = continuing(taken(0, 36..47), &stored, &|_| 0, &mut reading, &|_| {});
        assert_eq!((kept.len(), positions), (10, vec![(0, 47)]));
        assert!(reading.rewinds.is_empty());
    }
}
