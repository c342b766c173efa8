//! The story list (the front page): a page of stories, the filters as typed, the most named
//! entities and the store's counts.

use super::{Filters, StoryItem, seg};
use crate::{Counts, FrontPage, StoryPage, entity_kind_label};

/// A link to an entity's page with how many stories name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityLink {
    pub href: String,
    pub name: String,
    pub kind: &'static str,
    pub stories: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FrontPageView {
    pub stories: Vec<StoryItem>,
    pub filters: Filters,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// Which stories of how many: `1–20 di 143`, empty when none.
    pub range: String,
    pub entities: Vec<EntityLink>,
    pub counts: Counts,
}

/// The front page of `page` (listed with `filters`) beside the `front` aggregates.
pub fn front_page(page: &StoryPage, front: &FrontPage, filters: Filters) -> FrontPageView {
    let (prev, next) = filters.pager(page.offset, page.limit, page.stories.len(), page.total);
    let range = if page.stories.is_empty() {
        String::new()
    } else {
        format!("{}–{} di {}", page.offset + 1, page.offset + page.stories.len(), page.total)
    };
    FrontPageView {
        stories: page.stories.iter().map(StoryItem::from).collect(),
        filters,
        prev,
        next,
        range,
        entities: front
            .top_entities
            .iter()
            .map(|(name, kind, stories)| EntityLink {
                href: format!("/entities/{}", seg(name)),
                name: name.clone(),
                kind: entity_kind_label(kind),
                stories: *stories,
            })
            .collect(),
        counts: front.counts,
    }
}
