//! Incremental story clustering and storylines.
//!
//! Stateful across documents: run in input order. Each article joins the best existing story or
//! starts one; nothing already assigned moves, except by a user's correction.

use rassegna_model::{Article, Evidence};

/// Where an article went, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub story: String,
    pub storyline: String,
    pub evidence: Evidence,
}

/// The incremental clusterer.
#[derive(Default)]
pub struct Clusterer {}

impl Clusterer {
    pub fn new() -> Self {
        Self::default()
    }

    /// Assign an article (its `duplicate_of`, entities and dates already filled) to a story.
    pub fn assign(&mut self, _article: &Article) -> Assignment {
        todo!("issue 4")
    }

    /// Re-add an already-stored article with its known story and storyline (at start-up).
    pub fn restore(&mut self, _article: &Article) {
        todo!("issue 4")
    }
}
