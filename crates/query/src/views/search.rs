//! The search page: the form as typed and, once something was asked, the hits with their
//! highlighted snippets and the stories they fall in.

use super::{Filters, StoryItem, date_str_label, seg};
use crate::SearchView;
use rassegna_search::SearchResults;

/// An article found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub href: String,
    pub title: String,
    pub outlet: String,
    pub date: String,
    pub lang: String,
    pub story: Option<String>,
    /// The snippet in runs: (text, matched).
    pub pieces: Vec<(String, bool)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SearchPageView {
    pub filters: Filters,
    /// Something was asked (text or a filter); else the page shows only the form.
    pub searched: bool,
    pub total: usize,
    pub stories: Vec<StoryItem>,
    pub hits: Vec<Hit>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

/// The search page for `filters`, with the results when something was asked.
pub fn search_page(filters: Filters, view: Option<&SearchView>) -> SearchPageView {
    let (prev, next) = match view {
        Some(v) => filters.pager(v.query.offset, v.query.limit, v.results.articles.len(), v.results.total),
        None => (None, None),
    };
    SearchPageView {
        filters,
        searched: view.is_some(),
        total: view.map_or(0, |v| v.results.total),
        stories: view.map(|v| v.stories.iter().map(StoryItem::from).collect()).unwrap_or_default(),
        hits: view.map(|v| hits(&v.results)).unwrap_or_default(),
        prev,
        next,
    }
}

fn hits(r: &SearchResults) -> Vec<Hit> {
    r.articles
        .iter()
        .map(|h| Hit {
            href: format!("/articles/{}", seg(&h.id)),
            title: h.title.clone().unwrap_or_else(|| h.id.clone()),
            outlet: h.outlet.clone().unwrap_or_default(),
            date: date_str_label(h.published.as_deref()),
            lang: h.lang.clone().unwrap_or_default(),
            story: h.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
            pieces: h.snippet.pieces().into_iter().map(|(t, m)| (t.to_string(), m)).collect(),
        })
        .collect()
}
