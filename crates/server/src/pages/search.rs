//! The search page: the form and, once something was asked, the results.

use super::{PageError, html_page};
use crate::api::SearchParams;
use crate::extract::PageQuery;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rassegna_query::views::Filters;
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
) -> Result<Response, PageError> {
    let q = p.query()?;
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
    Ok(html_page(&SearchTemplate { view: search_page(filters, view.as_ref()) }))
}
