//! Who said what: entities with aliases and roles, direct quotes with cue and speaker, and, per
//! story, entity alias merging and quote groups across sources.
//!
//! Everything is rules and lexicons (no model weights): [`lexicon`] holds the per-language tables
//! and gazetteers, [`entities`] the recogniser, [`quotes`] the quote finder, [`aliases`] name
//! variants, [`story`] story-level merging, [`groups`] quote groups and [`registry`] one entity per
//! name across the store.

pub mod aliases;
pub mod entities;
pub mod groups;
pub mod known;
pub mod lexicon;
pub mod quotes;
pub mod registry;
pub mod story;
pub mod tokenize;

pub use known::KnownNames;
use rassegna_model::{Article, Entity, EntityType, Mention, Quote, QuoteGroup, Story, StoryEntity};

/// The language a text is read in (the language rule of `rassegna_text`).
fn language(text: &str, lang: Option<&str>) -> String {
    rassegna_text::reading_language(lang, text)
}

/// Entities and quotes of one clean text (per-document, pure).
pub fn annotate(text: &str, lang: Option<&str>) -> (Vec<Entity>, Vec<Quote>) {
    annotate_known(text, lang, &KnownNames::default())
}

/// [`annotate`], reading bare names with what earlier reports of the stream taught.
pub fn annotate_known(text: &str, lang: Option<&str>, known: &KnownNames) -> (Vec<Entity>, Vec<Quote>) {
    let lang = language(text, lang);
    let analysis = entities::analyse_known(text, &lang, known);
    let quotes = quotes::find_quotes(&analysis);
    let mut entities = analysis.entities;
    entities.retain(|e| !bare_common_noun(e));
    (entities, quotes)
}

/// An entity named only by one lowercase word ("il governo", "the army", "il regime"): which
/// government or army the text does not say, so it is no entity of its own (the mentions stay
/// for the benchmark, and a quote's speaker keeps its words).
fn bare_common_noun(e: &Entity) -> bool {
    e.mentions.iter().all(|m| !m.text.contains(' ') && !m.text.chars().next().is_some_and(char::is_uppercase))
}

/// Named mentions only (role descriptions left out), with their type: what a named-entity
/// recognition benchmark scores.
pub fn name_mentions(text: &str, lang: Option<&str>) -> Vec<(Mention, EntityType)> {
    name_mentions_known(text, lang, &KnownNames::default())
}

/// [`name_mentions`], reading bare names with what earlier reports of the stream taught.
pub fn name_mentions_known(text: &str, lang: Option<&str>, known: &KnownNames) -> Vec<(Mention, EntityType)> {
    let lang = language(text, lang);
    let analysis = entities::analyse_known(text, &lang, known);
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

/// Group the same statement quoted in different stories of one storyline, from the stories' groups.
pub fn storyline_quote_groups(stories: &[Story]) -> Vec<QuoteGroup> {
    groups::storyline_quote_groups(stories)
}

#[cfg(test)]
mod tests {
    #[test]
    fn bare_institution_nouns_are_no_entities() {
        let (entities, _) = super::annotate("Il governo ha deciso ieri. Il governo tedesco ha risposto.", Some("it"));
        let names: Vec<&str> = entities.iter().map(|e| e.name.as_str()).collect();
        assert!(names.contains(&"governo tedesco"), "{names:?}");
        assert!(!names.contains(&"governo"), "{names:?}");
    }
}
