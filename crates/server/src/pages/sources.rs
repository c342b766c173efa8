//! The followed sources: last fetch, status, new items and errors of each, and the latest fetch
//! errors.

use super::{PageError, html_page};
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use rassegna_query::views::sources::{SourcesPageView, sources_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesTemplate {
    view: SourcesPageView,
}

pub(super) async fn sources(State(st): State<Arc<AppState>>) -> Result<Response, PageError> {
    let status = blocking(st, |s| s.facade.follow_status(50)).await?;
    Ok(html_page(&SourcesTemplate { view: sources_page(&status) }))
}
