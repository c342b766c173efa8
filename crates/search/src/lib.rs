//! Full-text search over the store's articles: a tantivy index derived from the store, with
//! per-language analysis (stemming, stop words, accent folding), phrase queries, filters and
//! highlighted snippets.
//!
//! *Invariant:* the index is derived data. [`rebuild`] recreates it from the store in one call, and
//! [`SearchIndex::index_articles`] keeps it current as batches arrive; nothing is only here.
//!
//! Layout: one indexed title field and one body field per analysed language (`it`, `en`, `fr`,
//! `de`, `es`, and `xx` for anything else, folded but not stemmed). An article's text goes only in
//! the fields of its language, and a plain query is parsed against every body field (one with
//! operators against the title and body fields), each with its own analyzer, so a reader need not
//! say which language they are searching in: `ratificato` is stemmed the Italian way against
//! Italian reports and the English way against English ones.
//! The body field holds the title too (so a word is one posting list, not a title/body union per
//! query term); the title field only adds an optional boost to hits with the word in the title.
//!
//! Modules: `schema` (the fields and index settings), `analysis` (tokenizers per language),
//! `write` (documents, the writer, [`rebuild`]), `query` (a [`SearchQuery`] to a tantivy query),
//! `hits` (running it: story grouping, the page, the result types), `snippet` (the highlighter).

mod analysis;
mod follow;
mod hits;
mod query;
mod schema;
mod snippet;
mod write;

pub use analysis::LANGUAGES;
pub use hits::{ArticleHit, SearchResults, Snippet, StoryHit};
pub use query::{MAX_QUERY_CHARS, SearchQuery};
pub use write::{Stats, rebuild, rebuild_into};

use hits::SegmentKeys;
use schema::{Fields, schema, settings};
use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::index::SegmentId;
use tantivy::{Index, IndexReader, ReloadPolicy};
use write::LAYOUT;

pub use follow::{CatchUp, WRITER_WAIT};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {source}")]
    Index { path: String, source: tantivy::TantivyError },
    #[error("search index {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("search index: reading the store: {0}")]
    Store(#[from] rassegna_store::StoreError),
    #[error(
        "search index {path}: another rassegna process has been writing it for {waited:?} (a server \
         catching up, or a rebuild); try again, or stop it first"
    )]
    Busy { path: String, waited: std::time::Duration },
    #[error("search index {path}: {source}")]
    Open { path: String, source: tantivy::directory::error::OpenDirectoryError },
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// An open search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    path: String,
    keys: Mutex<HashMap<SegmentId, Arc<SegmentKeys>>>,
    /// The analysed languages the index holds (indexes into `fields.by_lang`), by generation.
    held: Mutex<Option<(u64, Vec<usize>)>>,
}

impl SearchIndex {
    /// Open the index in `dir`, creating an empty one if there is none.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| SearchError::Open { path: path.clone(), source: e })?;
        let fresh = || -> Result<Index> {
            std::fs::remove_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
            std::fs::create_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
            let mmap = tantivy::directory::MmapDirectory::open(dir)
                .map_err(|e| SearchError::Open { path: path.clone(), source: e })?;
            Index::create(mmap, schema.clone(), settings())
                .map_err(|e| SearchError::Index { path: path.clone(), source: e })
        };
        // An index written with another layout (schema, or how fields are encoded) is replaced by
        // an empty one. It is derived data: the caller refills it from the store (`rebuild`, or
        // the server on open).
        let index = match Index::builder().schema(schema.clone()).settings(settings()).open_or_create(mmap) {
            Ok(index) => {
                let metas = index.load_metas().map_err(|e| SearchError::Index { path: path.clone(), source: e })?;
                if metas.segments.is_empty()
                    || metas.payload.as_deref().is_some_and(|p| follow::parse_payload(p).0 == LAYOUT)
                {
                    index
                } else {
                    drop(index);
                    fresh()?
                }
            }
            Err(tantivy::TantivyError::SchemaError(_)) if dir.join("meta.json").is_file() => fresh()?,
            Err(e) => return Err(SearchError::Index { path, source: e }),
        };
        SearchIndex::with_index(index, fields, path)
    }

    /// A private in-memory index, for tests.
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()
            .map_err(|e| SearchError::Index { path: ":memory:".into(), source: e })?;
        SearchIndex::with_index(index, fields, ":memory:".into())
    }

    fn with_index(index: Index, fields: Fields, path: String) -> Result<SearchIndex> {
        analysis::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| SearchError::Index { path: path.clone(), source: e })?;
        Ok(SearchIndex { index, reader, fields, path, keys: Mutex::default(), held: Mutex::default() })
    }

    pub(crate) fn err(&self, e: tantivy::TantivyError) -> SearchError {
        SearchError::Index { path: self.path.clone(), source: e }
    }

    /// Changes whenever the searchable content does (a commit made visible), for caching results.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// How many articles are indexed.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }
}
