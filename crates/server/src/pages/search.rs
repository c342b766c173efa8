//! The search page: the form and, once something was asked, the results.

use super::feed::{FormatParam, atom_response, base, updated};
use super::{PageError, html_page};
use crate::api::SearchParams;
use crate::extract::PageQuery;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rassegna_query::views::Filters;
use rassegna_query::views::atom::atom_feed;
use rassegna_query::views::search::{SearchPageView, search_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchTemplate {
    view: SearchPageView,
}

pub(super) async fn search(
    State(st): State<Arc<AppState>>,
    PageQuery(p): PageQuery<SearchParams>,
    Query(format): Query<FormatParam>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let q = p.query()?;
    let atom = format.atom()?;
    let searched = !q.text.trim().is_empty()
        || [&q.from, &q.to, &q.lang, &q.outlet, &q.entity, &q.story].iter().any(|v| v.is_some());
    let view = if !searched {
        None
    } else if let Some(v) = st.facade.cached_search(&q) {
        Some(v)
    } else {
        Some(blocking(st, move |s| s.facade.search(&q)).await?)
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let filters = Filters {
        q: opt(&p.q),
        from: opt(&p.from),
        to: opt(&p.to),
        lang: opt(&p.lang),
        outlet: opt(&p.outlet),
        entity: opt(&p.entity),
    };
    if atom {
        let path = format!("/search{}", filters.link(0)).trim_end_matches('?').to_string();
        let title = if filters.q.is_empty() { "Ricerca".to_string() } else { format!("Ricerca: {}", filters.q) };
        let stories = view.as_ref().map(|v| v.stories.as_slice()).unwrap_or_default();
        return Ok(atom_response(atom_feed(&title, &base(&headers), &path, stories, &updated(None))));
    }
    Ok(html_page(&SearchTemplate { view: search_page(filters, view.as_ref()) }))
}
