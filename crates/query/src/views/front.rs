//! The story list (the front page): a page of stories, the filters as typed, the most named
//! entities and the store's counts.

use super::{Filters, StoryItem, seg, time_label};
use crate::{Counts, Freshness, FrontPage, StoryPage, entity_kind_label};
use std::collections::HashMap;

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
    /// In a followed store: when the sources were last polled, and when they last brought new
    /// reports (the stories marked new or grown are those of that update). Empty otherwise.
    pub polled: String,
    pub updated: String,
    pub new_reports: usize,
}

/// The front page of `page` (listed with `filters`) beside the `front` aggregates, its stories
/// marked as `fresh` says.
pub fn front_page(
    page: &StoryPage,
    front: &FrontPage,
    filters: Filters,
    fresh: &HashMap<String, Freshness>,
) -> FrontPageView {
    let (prev, next) = filters.pager(page.offset, page.limit, page.stories.len(), page.total);
    let range = if page.stories.is_empty() {
        String::new()
    } else {
        format!("{}–{} di {}", page.offset + 1, page.offset + page.stories.len(), page.total)
    };
    FrontPageView {
        stories: page
            .stories
            .iter()
            .map(|r| StoryItem {
                fresh: match fresh.get(&r.id) {
                    Some(Freshness::New) => "nuova",
                    Some(Freshness::Grown) => "cresciuta",
                    None => "",
                },
                ..StoryItem::from(r)
            })
            .collect(),
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
        polled: front.follow.as_ref().map(|p| time_label(p.polled_at)).unwrap_or_default(),
        updated: front.follow.as_ref().and_then(|p| p.updated_at).map(time_label).unwrap_or_default(),
        new_reports: front.follow.as_ref().filter(|p| p.updated_at.is_some()).map_or(0, |p| p.new_documents),
    }
}
