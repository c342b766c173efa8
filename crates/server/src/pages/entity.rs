//! An entity: what it said and its stories.

use super::{PageError, error_page, html_page};
use crate::extract::PagePath;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rassegna_query::views::entity::{EntityPageView, entity_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityTemplate {
    view: EntityPageView,
}

pub(super) async fn entity(
    State(st): State<Arc<AppState>>,
    PagePath(name): PagePath<String>,
) -> Result<Response, PageError> {
    let key = name.clone();
    match blocking(st, move |s| s.facade.entity(&key)).await? {
        Some(e) => Ok(html_page(&EntityTemplate { view: entity_page(&e) })),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessuna entità chiamata «{name}»."))),
    }
}
