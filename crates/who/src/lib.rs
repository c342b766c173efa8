//! Who said what: entities with aliases and roles, direct quotes with cue and speaker, and, per
//! story, entity alias merging and quote groups across sources.
//!
//! Everything is rules and lexicons (no model weights): [`lexicon`] holds the per-language tables
//! and gazetteers, [`entities`] the recogniser, [`quotes`] the quote finder, [`aliases`] name
//! variants, [`story`] story-level merging and [`groups`] quote groups.

pub mod aliases;
pub mod entities;
pub mod groups;
pub mod lexicon;
pub mod quotes;
pub mod story;
pub mod tokenize;

use rassegna_model::{Article, Entity, EntityType, Mention, Quote, QuoteGroup, StoryEntity};

/// The language a text is read in (the language rule of `rassegna_text`).
fn language(text: &str, lang: Option<&str>) -> String {
    rassegna_text::reading_language(lang, text)
}

/// Entities and quotes of one clean text (per-document, pure).
pub fn annotate(text: &str, lang: Option<&str>) -> (Vec<Entity>, Vec<Quote>) {
    let lang = language(text, lang);
    let analysis = entities::analyse(text, &lang);
    let quotes = quotes::find_quotes(&analysis);
    (analysis.entities, quotes)
}

/// Named mentions only (role descriptions left out), with their type: what a named-entity
/// recognition benchmark scores.
pub fn name_mentions(text: &str, lang: Option<&str>) -> Vec<(Mention, EntityType)> {
    let lang = language(text, lang);
    let analysis = entities::analyse(text, &lang);
    analysis
        .found
        .iter()
        .filter(|f| f.is_name)
        .map(|f| (Mention { text: text[f.start..f.end].to_string(), start: f.start, end: f.end }, f.kind))
        .collect()
}

/// Merge aliases and resolve roles across a story's articles. May rename article entities and quote
/// speakers to the story's canonical names. Returns the story's entities.
pub fn resolve_story(articles: &mut [Article]) -> Vec<StoryEntity> {
    story::resolve_story(articles)
}

/// Group the same statement reported by several articles of one story.
pub fn quote_groups(articles: &[Article]) -> Vec<QuoteGroup> {
    groups::quote_groups(articles)
}
