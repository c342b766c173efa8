//! The store: the system of record for documents, articles, stories, storylines, stage state and
//! corrections. SQLite (embedded) is the default backend; [`Backend`] is the seam a second one fills.
//!
//! *Invariants:* only this crate knows the schema. Every batch is written in one transaction, so a
//! killed run leaves the store as it was after the last committed batch, and a rerun redoes the
//! rest (documents are keyed by content hash, so nothing is stored twice). Readers on other
//! connections see committed snapshots. Every batch that writes articles advances the store's
//! *change sequence* and stamps those articles with it, so a reader in any process can follow
//! every write ([`Backend::articles_changed_since`]).

mod filter;
mod follow;
mod postgres;
pub mod scratch;
mod sqlite;

pub use filter::{EntityRow, NameStat, RegistryEntry, StoryFilter, StoryRow};
pub use follow::{FetchError, FollowPass, FollowedSource, SeenUrl};
pub use postgres::{is_url, redact};

use rassegna_model::{Article, Body, RawDocument, Story, Storyline};
use std::path::Path;

/// Version of the schema below; recorded in `meta` and checked on open.
pub const SCHEMA_VERSION: i64 = 4;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {path}: {source}")]
    Sqlite { path: String, source: rusqlite::Error },
    #[error("store {path}: {}", postgres_message(source))]
    Postgres { path: String, source: ::postgres::Error },
    #[error("store {path}: schema version {found} is newer than this program's {SCHEMA_VERSION}; upgrade rassegna")]
    NewerSchema { path: String, found: i64 },
    #[error("store: corrupt record {what}: {message}")]
    Corrupt { what: String, message: String },
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// An input failure recorded with the run it happened in, so `rassegna errors` can list it later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRecord {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// Everything one batch changes, written in one transaction.
#[derive(Debug, Default)]
pub struct Batch {
    /// New documents with their ingest sequence numbers.
    pub documents: Vec<(i64, RawDocument)>,
    /// New or updated articles (an article's `seq` is its document's).
    pub articles: Vec<(i64, Article)>,
    pub stories: Vec<Story>,
    pub storylines: Vec<Storyline>,
    /// Stage state blobs (e.g. cleaning templates), replaced whole.
    pub state: Vec<(String, Vec<u8>)>,
    pub errors: Vec<ErrorRecord>,
    /// User corrections (JSON) applied by this batch, logged with it.
    pub corrections: Vec<String>,
    /// Queue numbers of the queued documents this batch consumed (see [`Backend::enqueue`]):
    /// they leave the queue in the same transaction that stores them.
    pub dequeued: Vec<i64>,
}

/// A document waiting on the store's queue for the stateful stage: `key` (its content hash)
/// makes queueing it again a no-op; `payload` is opaque to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Queued {
    pub key: String,
    pub payload: String,
}

/// How far into one partition of an ingest log (a Kafka topic) the store's queue holds every
/// message: each message below `next` is queued or stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPosition {
    pub log: String,
    pub partition: i32,
    pub next: i64,
}

/// What a store backend does. Every view reads through these methods and every write is one
/// [`Batch`]; no caller sees SQL.
pub trait Backend: Send {
    /// Where the store is (a path, or `:memory:`).
    fn path(&self) -> &str;
    /// The id of the stored document with this content hash, if any.
    fn id_for_hash(&self, hash: &str) -> Result<Option<String>>;
    /// Whether a document with this id is stored.
    fn has_id(&self, id: &str) -> Result<bool>;
    /// The next free ingest sequence number.
    fn next_seq(&self) -> Result<i64>;
    /// A stage's state blob.
    fn state(&self, key: &str) -> Result<Option<Vec<u8>>>;
    /// Every stored article, in ingest order.
    fn for_each_article(&self, f: &mut dyn FnMut(Article)) -> Result<()>;
    /// The last change sequence number written (0 for a store never written to).
    fn change_seq(&self) -> Result<i64>;
    /// Articles written by batches after change `after`, in change order, each with the change
    /// that last wrote it.
    fn articles_changed_since(&self, after: i64, f: &mut dyn FnMut(i64, Article)) -> Result<()>;
    /// One article by id.
    fn article(&self, id: &str) -> Result<Option<Article>>;
    /// One article by id, with its ingest sequence number.
    fn article_with_seq(&self, id: &str) -> Result<Option<(i64, Article)>>;
    /// The articles of a story, in ingest order, with their sequence numbers.
    fn story_articles(&self, story: &str) -> Result<Vec<(i64, Article)>>;
    /// One story by id.
    fn story(&self, id: &str) -> Result<Option<Story>>;
    /// One storyline by id.
    fn storyline(&self, id: &str) -> Result<Option<Storyline>>;
    /// The storyline a stored story belongs to (`None` for an unknown story).
    fn story_storyline(&self, id: &str) -> Result<Option<String>>;
    /// Ids of the stories of a storyline, by first publication.
    fn storyline_story_ids(&self, storyline: &str) -> Result<Vec<String>>;
    /// Input failures recorded by past runs, oldest first.
    fn errors(&self) -> Result<Vec<ErrorRecord>>;
    /// Every recorded correction (JSON), oldest first.
    fn corrections(&self) -> Result<Vec<String>>;
    /// Write one batch atomically: either all of it is stored or none of it.
    fn write_batch(&mut self, batch: &Batch) -> Result<()>;
    /// The stored raw document (for re-processing and showing the original page).
    fn document(&self, id: &str) -> Result<Option<RawDocument>>;
    /// Stories matching a filter, newest first (undated last), paged, with how many match in all.
    fn list_stories(&self, f: &StoryFilter) -> Result<(Vec<StoryRow>, usize)> {
        let total = self.count_stories(f)?;
        Ok((self.story_rows(f, Some(total))?, total))
    }
    /// How many stories match a filter (paging ignored).
    fn count_stories(&self, f: &StoryFilter) -> Result<usize>;
    /// One page of stories matching a filter, newest first (undated last). `matching` is how many
    /// match, when the caller knows (the backend may pick a cheaper plan with it).
    fn story_rows(&self, f: &StoryFilter, matching: Option<usize>) -> Result<Vec<StoryRow>>;
    /// List rows of these stories, in the order given; unknown ids are skipped.
    fn story_rows_by_id(&self, ids: &[String]) -> Result<Vec<StoryRow>>;
    /// Tune this handle for a read-mostly server.
    fn tune_for_reading(&self) -> Result<()>;
    /// An entity by any of its names or aliases in any case (the registry's entity it stands
    /// for), with every name it goes by, its articles and stories.
    fn entity(&self, name: &str) -> Result<Option<EntityRow>>;
    /// The entities of the registry in the most stories, for browsing (bare common nouns left
    /// out): (canonical name, type, stories).
    fn top_entities(&self, limit: usize) -> Result<Vec<(String, String, usize)>>;
    /// How often each name is mentioned, by type and story: what the entity registry is built from.
    fn entity_names(&self) -> Result<Vec<NameStat>>;
    /// The entity registry: every name with the entity it belongs to.
    fn entity_registry(&self) -> Result<Vec<RegistryEntry>>;
    /// Change the registry in one transaction: `set` adds or replaces entries, `remove` drops
    /// names. The registry is derived (from the stored names and the entity corrections), so it
    /// is no numbered change; a name it lacks stands for itself.
    /// `change` is the store change it was built at, recorded in the state table (`key`).
    fn put_entity_registry(&mut self, set: &[RegistryEntry], remove: &[String], change: (&str, i64)) -> Result<()>;
    /// How many documents, articles and stories the store holds.
    fn counts(&self) -> Result<(usize, usize, usize)>;
    /// Put items on the queue and advance log positions, in one transaction; an item whose key is
    /// queued already is skipped, and a position never moves back. Returns how many were added.
    fn enqueue(&mut self, items: &[Queued], positions: &[LogPosition]) -> Result<usize>;
    /// The recorded positions of every partition of the ingest log `log`: (partition, next).
    fn log_positions(&self, log: &str) -> Result<Vec<(i32, i64)>>;
    /// The oldest `limit` queued items, in queue order, with their queue numbers.
    fn queued(&self, limit: usize) -> Result<Vec<(i64, Queued)>>;
    /// Take or renew the lease `name` for `holder` until `ttl` from now (the database's clock):
    /// true when `holder` holds it. A lease whose holder stopped renewing it passes to the next
    /// taker once it expires.
    fn lease(&mut self, name: &str, holder: &str, ttl: std::time::Duration) -> Result<bool>;
    /// The lowest and highest ingest sequence numbers of each of these stories' articles
    /// (unknown ids are left out).
    fn story_seq_ranges(&self, ids: &[String]) -> Result<Vec<(String, i64, i64)>>;
    /// Every followed source, by URL.
    fn followed_sources(&self) -> Result<Vec<FollowedSource>>;
    /// Add or replace a followed source's state.
    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()>;
    /// What came of an item URL already met, if it was.
    fn seen_url(&self, url: &str) -> Result<Option<SeenUrl>>;
    /// Record item URLs (replacing what was recorded for them), in one transaction.
    fn put_seen_urls(&mut self, seen: &[SeenUrl]) -> Result<()>;
    /// Record fetch errors.
    fn add_fetch_errors(&mut self, errors: &[FetchError]) -> Result<()>;
    /// The latest `limit` fetch errors, oldest first.
    fn fetch_errors(&self, limit: usize) -> Result<Vec<FetchError>>;
    /// The last pass over the followed sources, if any ran.
    fn follow_pass(&self) -> Result<Option<FollowPass>>;
    fn put_follow_pass(&mut self, pass: &FollowPass) -> Result<()>;
}

/// A handle on the store: a [`Backend`] chosen by where the store is.
pub struct Store(Box<dyn Backend>);

impl Store {
    /// Open (creating if needed) the store at `path`: a SQLite file, or a PostgreSQL database
    /// when `path` is a `postgres://` URL.
    pub fn open(path: &Path) -> Result<Store> {
        match path.to_str().filter(|p| is_url(p)) {
            Some(url) => Ok(Store(Box::new(postgres::Postgres::open(url)?))),
            None => Ok(Store(Box::new(sqlite::Sqlite::open(path)?))),
        }
    }

    /// A private in-memory store, for tests and evaluation.
    pub fn open_in_memory() -> Result<Store> {
        Ok(Store(Box::new(sqlite::Sqlite::open_in_memory()?)))
    }

    /// A store on another backend.
    pub fn with_backend(backend: Box<dyn Backend>) -> Store {
        Store(backend)
    }
}

impl std::ops::Deref for Store {
    type Target = dyn Backend;
    fn deref(&self) -> &Self::Target {
        &*self.0
    }
}

impl std::ops::DerefMut for Store {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut *self.0
    }
}

/// What the server said (its message, detail and hint), not only "db error".
fn postgres_message(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut m = format!("{} ({})", db.message(), db.code().code());
            for extra in [db.detail(), db.hint()].into_iter().flatten() {
                m.push_str("; ");
                m.push_str(extra);
            }
            m
        }
        None => match std::error::Error::source(e) {
            Some(cause) => format!("{e}: {cause}"),
            None => e.to_string(),
        },
    }
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt { what: what.to_string(), message: e.to_string() }
}

fn decode<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> Result<T> {
    serde_json::from_str(json).map_err(|e| corrupt(what, e))
}

/// The folded names and aliases of a story's entities, each with the canonical name it stands for.
pub(crate) fn story_aliases(s: &Story) -> Vec<(String, String)> {
    s.entities
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name).chain(&e.aliases).map(|a| (rassegna_text::fold(a.trim()), e.name.clone()))
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// A document's `format`, `header` (its given metadata as JSON) and `body` columns.
pub(crate) fn document_columns(d: &RawDocument) -> (String, String, &[u8]) {
    let (kind, bytes) = match &d.body {
        Body::Text(t) => ("text", t.as_bytes()),
        Body::Html(b) => ("html", b.as_slice()),
    };
    let mut header = serde_json::json!({
        "url": d.url, "outlet": d.outlet, "published": d.published, "lang": d.lang,
        "title": d.title, "body": kind,
    });
    if !d.extra.is_empty() {
        header["extra"] = serde_json::json!(d.extra);
    }
    let format = serde_json::to_value(d.format).unwrap_or_default();
    (format.as_str().unwrap_or_default().to_string(), header.to_string(), bytes)
}

/// A stored document's columns, read back.
pub(crate) struct DocumentRow {
    pub id: String,
    pub source: String,
    pub format: String,
    pub content_hash: String,
    pub header: String,
    pub body: Vec<u8>,
}

impl DocumentRow {
    pub(crate) fn into_document(self) -> Result<RawDocument> {
        let DocumentRow { id, source, format, content_hash, header, body } = self;
        let h: serde_json::Value = decode(&header, &id)?;
        let format = serde_json::from_value(serde_json::Value::String(format)).map_err(|e| corrupt(&id, e))?;
        let s = |k: &str| h.get(k).and_then(|v| v.as_str()).map(str::to_string);
        let body = if s("body").as_deref() == Some("html") {
            Body::Html(body)
        } else {
            Body::Text(String::from_utf8(body).map_err(|e| corrupt(&id, e))?)
        };
        // The hash as stored, not recomputed (`RawDocument::new`): this reads a document back.
        Ok(RawDocument {
            url: s("url"),
            outlet: s("outlet"),
            published: s("published").and_then(|p| p.parse().ok()),
            lang: s("lang"),
            title: s("title"),
            id,
            source,
            format,
            body,
            content_hash,
            extra: h.get("extra").and_then(|e| serde_json::from_value(e.clone()).ok()).unwrap_or_default(),
        })
    }
}
