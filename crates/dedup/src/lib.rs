//! Near-duplicate and wire-copy detection: MinHash LSH over normalised word shingles.
//!
//! Stateful across documents: run in input order. The index is rebuilt at start-up by
//! [`DedupIndex::restore`] from the stored articles, so it needs no persistence of its own.

use rassegna_model::Article;

/// The near-duplicate index.
#[derive(Default)]
pub struct DedupIndex {}

impl DedupIndex {
    pub fn new() -> Self {
        Self::default()
    }

    /// Check an article against everything seen and add it. Returns the id of the earliest article
    /// it nearly duplicates, if any.
    pub fn add(&mut self, _article: &Article) -> Option<String> {
        todo!("issue 4")
    }

    /// Re-add an already-stored article (at start-up), without deciding anything.
    pub fn restore(&mut self, _article: &Article) {
        todo!("issue 4")
    }
}
