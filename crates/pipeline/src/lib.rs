//! The pipeline: wires the stages from raw documents to stored stories.
//!
//! Per-document stages (clean, language, entities and quotes, time expressions) are pure and run
//! in parallel; stages with state across documents (dedup, clustering) run in input order and own
//! their state; per-story consolidation runs for every story a batch touched, over at most
//! [`MAX_CONSOLIDATED_REPORTS`] of its reports. Each batch is then written to the store in one
//! transaction.
//!
//! *Invariant:* the in-memory state of the stateful stages is always derivable from the store: at
//! open it is rebuilt from the stored articles in ingest order (which carry every past correction), so a
//! killed run loses at most its uncommitted batch and a rerun completes it without duplicates.

mod batch;
mod corrections;
mod registry;
mod story;
mod timings;

pub use batch::{Prepared, analyse_document, annotate, read_known};
pub use corrections::Correction;
pub use rassegna_clean::{Extraction, Templates};
pub use story::MAX_CONSOLIDATED_REPORTS;
pub use timings::Timings;

use rassegna_cluster::Clusterer;
use rassegna_dedup::DedupIndex;
use rassegna_ingest::{IngestError, Ingested};
use rassegna_store::{Store, StoreError};
use std::path::Path;

/// Key of the cleaning stage's template evidence in the store's state table.
const TEMPLATES_KEY: &str = "clean.templates";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("correction refused: {0}")]
    Correction(String),
}

pub type Result<T> = std::result::Result<T, PipelineError>;

/// Pipeline settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Documents per committed batch: smaller loses less on a crash, larger is faster.
    pub batch_size: usize,
    /// How main text is taken out of HTML pages: `Accurate` (the default) or `Fast` (about three
    /// times the pages per second, better on news pages, weaker on mixed pages; see EVALUATION.md).
    pub extraction: Extraction,
}

impl Default for Config {
    fn default() -> Self {
        Config { batch_size: 256, extraction: Extraction::Accurate }
    }
}

/// What one run did, in input order.
#[derive(Debug, Default, Clone)]
pub struct RunReport {
    /// Article id of every input document read, in input order (new and already stored).
    pub articles: Vec<String>,
    /// Documents processed for the first time.
    pub new: usize,
    /// Documents whose content was already stored (a no-op).
    pub unchanged: usize,
    /// Documents that could not be read or processed.
    pub errors: Vec<IngestError>,
    /// Warnings about documents that were processed (charset guesses, renamed ids).
    pub warnings: Vec<String>,
    /// Stories created or changed by this run.
    pub touched_stories: Vec<String>,
}

/// How far a run is: documents (and input errors) taken, and the bytes of their bodies.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub documents: usize,
    pub bytes: u64,
}

/// The pipeline over one store.
pub struct Pipeline {
    store: Store,
    config: Config,
    templates: Templates,
    /// Surnames of persons the stored reports named in full, in the order they arrived.
    known: rassegna_who::KnownNames,
    dedup: DedupIndex,
    clusterer: Clusterer,
    timings: Timings,
    /// The store change the in-memory state reflects: another process writing to the store moves
    /// it on, and the state is then rebuilt before the next write.
    known_change: i64,
    /// The entity registry as last written (loaded on first use).
    registry: Option<std::collections::HashMap<String, rassegna_store::RegistryEntry>>,
    /// When this pipeline last rebuilt the registry, and the articles stored then.
    registry_built: Option<(std::time::Instant, usize)>,
}

impl Pipeline {
    /// Open the store at `path` and rebuild the stages' state from it.
    pub fn open(path: &Path, config: Config) -> Result<Pipeline> {
        Pipeline::with_store(Store::open(path)?, config)
    }

    /// A pipeline over a private in-memory store.
    pub fn in_memory(config: Config) -> Result<Pipeline> {
        Pipeline::with_store(Store::open_in_memory()?, config)
    }

    fn with_store(store: Store, config: Config) -> Result<Pipeline> {
        let mut p = Pipeline {
            store,
            config,
            templates: Templates::default(),
            known: rassegna_who::KnownNames::default(),
            dedup: DedupIndex::new(),
            clusterer: Clusterer::new(),
            timings: Timings::default(),
            known_change: -1,
            registry: None,
            registry_built: None,
        };
        p.load_state()?;
        p.registry_up_to_date()?;
        Ok(p)
    }

    /// Rebuild the stateful stages from the store.
    fn load_state(&mut self) -> Result<()> {
        self.known_change = self.store.change_seq()?;
        self.templates = stored_templates(&self.store)?;
        self.dedup = DedupIndex::new();
        self.clusterer = Clusterer::new();
        self.known = rassegna_who::KnownNames::default();
        let (dedup, clusterer, known) = (&mut self.dedup, &mut self.clusterer, &mut self.known);
        self.store.for_each_article(&mut |a| {
            dedup.restore(&a);
            clusterer.restore(&a);
            known.learn(&a.entities);
        })?;
        self.clusterer.settle();
        self.registry = None;
        Ok(())
    }

    /// Before a write: when another process wrote to the store since this pipeline last did, its
    /// state is rebuilt from the store, so the new reports are clustered against every stored one.
    fn catch_up_with_store(&mut self) -> Result<()> {
        if self.store.change_seq()? != self.known_change {
            let started = std::time::Instant::now();
            self.load_state()?;
            self.timings.add("reload", started.elapsed());
        }
        Ok(())
    }

    /// Write a batch and note the change it made.
    fn commit(&mut self, batch: &rassegna_store::Batch) -> Result<()> {
        self.store.write_batch(batch)?;
        self.known_change = self.store.change_seq()?;
        Ok(())
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Time spent in each stage so far (CPU time summed over threads for the parallel stages).
    pub fn timings(&self) -> &Timings {
        &self.timings
    }

    /// Process documents in input order, committing every `batch_size` documents. `progress` is
    /// called after each batch with the documents and bytes done so far.
    pub fn process(
        &mut self,
        items: impl IntoIterator<Item = std::result::Result<Ingested, IngestError>>,
        mut progress: impl FnMut(Progress),
    ) -> Result<RunReport> {
        let mut report = RunReport::default();
        let mut chunk = Vec::with_capacity(self.config.batch_size);
        let mut done = Progress::default();
        for item in items {
            done.bytes += item.as_ref().map_or(0, |i| i.doc.body.len() as u64);
            chunk.push(item);
            if chunk.len() >= self.config.batch_size {
                done.documents += chunk.len();
                self.run_batch(std::mem::take(&mut chunk), &mut report)?;
                progress(done);
            }
        }
        if !chunk.is_empty() {
            done.documents += chunk.len();
            self.run_batch(chunk, &mut report)?;
            progress(done);
        }
        report.touched_stories.sort();
        report.touched_stories.dedup();
        self.registry_after_write()?;
        Ok(report)
    }

    /// Process one batch of queued documents (analysed by workers, or not) in the order given, and
    /// take them off the store's queue (`dequeued`) in the same transaction that stores them.
    pub fn process_prepared(
        &mut self,
        items: Vec<std::result::Result<Prepared, IngestError>>,
        dequeued: Vec<i64>,
    ) -> Result<RunReport> {
        let mut report = RunReport::default();
        self.run_prepared(items, dequeued, &mut report)?;
        report.touched_stories.sort();
        report.touched_stories.dedup();
        self.registry_after_write()?;
        Ok(report)
    }
}

/// The cleaning templates the stateful stage last stored (what workers clean with).
pub fn stored_templates(store: &Store) -> Result<Templates> {
    Ok(match store.state(TEMPLATES_KEY)? {
        Some(bytes) => serde_json::from_slice(&bytes).unwrap_or_default(),
        None => Templates::default(),
    })
}
