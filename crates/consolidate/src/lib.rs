//! One story from many reports: facts aligned across reports (agree / conflict), a cited extractive
//! summary, and the story title.

use rassegna_model::{Article, Fact, SummarySentence};

/// What consolidation gives for one story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consolidated {
    pub title: Option<String>,
    pub summary: Vec<SummarySentence>,
    pub facts: Vec<Fact>,
}

/// Consolidate a story's articles (all annotated, `duplicate_of` filled).
pub fn consolidate(_articles: &[Article]) -> Consolidated {
    todo!("issue 7")
}
