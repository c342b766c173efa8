//! The story list, filtered and paged, beside the most named entities.

use super::{PageError, html_page};
use crate::api::ListParams;
use crate::extract::PageQuery;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rassegna_query::views::Filters;
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
) -> Result<Response, PageError> {
    let filter = p.filter()?;
    let (page, front) = blocking(st, move |s| {
        let front = s.facade.front_page()?;
        Ok((s.facade.stories(&filter)?, front))
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
    Ok(html_page(&IndexTemplate { view: front_page(&page, &front, filters) }))
}
