//! A story: its reports compared, with the timeline chart of its dated events.

use super::{PageError, error_page, html_page};
use crate::extract::PagePath;
use crate::timeline::{self, Chart};
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rassegna_query::views::story::{StoryPageView, publications, story_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "story.html")]
struct StoryTemplate {
    view: StoryPageView,
    chart: Option<Chart>,
}

pub(super) async fn story(
    State(st): State<Arc<AppState>>,
    PagePath(id): PagePath<String>,
) -> Result<Response, PageError> {
    let key = id.clone();
    match blocking(st, move |s| s.facade.story(&key)).await? {
        Some(d) => Ok(html_page(&StoryTemplate {
            view: story_page(&d),
            chart: timeline::chart(&d.story.timeline, &publications(&d)),
        })),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessuna storia con identificativo «{id}»."))),
    }
}
