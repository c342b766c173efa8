//! The story list, filtered and paged, beside the most named entities.

use super::feed::{FormatParam, atom_response, base, updated};
use super::{PageError, html_page};
use crate::api::ListParams;
use crate::extract::PageQuery;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Response;
use rassegna_query::views::Filters;
use rassegna_query::views::atom::atom_feed;
use rassegna_query::views::front::{FrontPageView, front_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "index.html")]
struct IndexTemplate {
    view: FrontPageView,
}

pub(super) async fn index(
    State(st): State<Arc<AppState>>,
    PageQuery(p): PageQuery<ListParams>,
    Query(format): Query<FormatParam>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let filter = p.filter()?;
    let atom = format.atom()?;
    let (page, front, fresh) = blocking(st, move |s| {
        let front = s.facade.front_page()?;
        let page = s.facade.stories(&filter)?;
        let ids: Vec<String> = page.stories.iter().map(|r| r.id.clone()).collect();
        let fresh = s.facade.freshness(&ids)?;
        Ok((page, front, fresh))
    })
    .await?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let filters = Filters {
        q: String::new(),
        from: opt(&p.from),
        to: opt(&p.to),
        lang: opt(&p.lang),
        outlet: opt(&p.outlet),
        entity: opt(&p.entity),
    };
    if atom {
        let path = format!("/{}", filters.link(0)).trim_end_matches('?').to_string();
        let feed = atom_feed("Le storie", &base(&headers), &path, &page.stories, &updated(front.follow.as_ref()));
        return Ok(atom_response(feed));
    }
    Ok(html_page(&IndexTemplate { view: front_page(&page, &front, filters, &fresh) }))
}
