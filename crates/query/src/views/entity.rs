//! An entity: what it is, how often the reports name it, what it said and its stories.

use super::{StoryItem, date_str_label, seg};
use crate::{EntityQuote, EntityView, entity_kind_label};

/// A quote attributed to the entity, with where it was reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteItem {
    pub text: String,
    pub outlet: String,
    pub date: String,
    pub article: String,
    pub story: Option<String>,
}

impl From<&EntityQuote> for QuoteItem {
    fn from(q: &EntityQuote) -> Self {
        QuoteItem {
            text: q.text.clone(),
            outlet: q.outlet.clone().unwrap_or_else(|| q.article.clone()),
            date: date_str_label(q.published.as_deref()),
            article: format!("/articles/{}", seg(&q.article)),
            story: q.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EntityPageView {
    pub name: String,
    pub kind: &'static str,
    pub mentions: usize,
    pub reports: usize,
    pub roles: String,
    pub aliases: String,
    pub stories: Vec<StoryItem>,
    pub quotes: Vec<QuoteItem>,
    /// The search page for its reports.
    pub search: String,
    /// This entity's stories as an Atom feed.
    pub atom: String,
}

pub fn entity_page(e: &EntityView) -> EntityPageView {
    EntityPageView {
        name: e.name.clone(),
        kind: entity_kind_label(&e.kind),
        mentions: e.mentions,
        reports: e.articles.len(),
        roles: e.roles.join(", "),
        aliases: e.aliases.join(", "),
        stories: e.stories.iter().map(StoryItem::from).collect(),
        quotes: e.quotes.iter().map(QuoteItem::from).collect(),
        search: format!("/search?entity={}", seg(&e.name)),
        atom: format!("/entities/{}?format=atom", seg(&e.name)),
    }
}
