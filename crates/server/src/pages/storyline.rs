//! A storyline: its stories and the chart of its merged timeline.

use super::{PageError, error_page, html_page};
use crate::extract::PagePath;
use crate::timeline::{self, Chart};
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rassegna_query::views::storyline::{StorylinePageView, publications, storyline_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "storyline.html")]
struct StorylineTemplate {
    view: StorylinePageView,
    chart: Option<Chart>,
}

pub(super) async fn storyline(
    State(st): State<Arc<AppState>>,
    PagePath(id): PagePath<String>,
) -> Result<Response, PageError> {
    let key = id.clone();
    match blocking(st, move |s| s.facade.storyline(&key)).await? {
        Some((line, rows)) => Ok(html_page(&StorylineTemplate {
            view: storyline_page(&line, &rows),
            chart: timeline::chart(&line.timeline, &publications(&rows)),
        })),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessun filone con identificativo «{id}»."))),
    }
}
