//! Who said what: entities with aliases and roles, direct quotes with cue and speaker, and, per
//! story, entity alias merging and quote groups across sources.

use rassegna_model::{Article, Entity, Quote, QuoteGroup, StoryEntity};

/// Entities and quotes of one clean text (per-document, pure).
pub fn annotate(_text: &str, _lang: Option<&str>) -> (Vec<Entity>, Vec<Quote>) {
    todo!("issue 5")
}

/// Merge aliases and resolve roles across a story's articles. May rename article entities and quote
/// speakers to the story's canonical names. Returns the story's entities.
pub fn resolve_story(_articles: &mut [Article]) -> Vec<StoryEntity> {
    todo!("issue 5")
}

/// Group the same statement reported by several articles of one story.
pub fn quote_groups(_articles: &[Article]) -> Vec<QuoteGroup> {
    todo!("issue 5")
}
