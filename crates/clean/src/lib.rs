//! Cleaning stage: raw document -> clean main text, removed spans with reasons, and metadata.
//!
//! Per-document and pure, except for [`Templates`]: evidence across documents (lines that recur in
//! many documents of one outlet are page templates), learned incrementally and persisted by the store.

use rassegna_model::{Diagnostic, Metadata, PartialDate, RawDocument, Removed};
use serde::{Deserialize, Serialize};

/// What cleaning produces for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: Option<String>,
    pub text: String,
    pub removed: Vec<Removed>,
    pub metadata: Metadata,
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Line-recurrence evidence per outlet, learned across documents. Serialisable so the store keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Templates {}

impl Templates {
    /// Learn from one document (call before [`clean`] for every document of a batch, in input order).
    pub fn observe(&mut self, _doc: &RawDocument) {
        todo!("issue 3")
    }
}

/// Clean one document.
pub fn clean(_doc: &RawDocument, _templates: &Templates) -> Cleaned {
    todo!("issue 3")
}
