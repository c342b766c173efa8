//! An entity: what it said and its stories.

use super::feed::{FormatParam, atom_response, base, updated};
use super::{PageError, error_page, html_page};
use crate::extract::PagePath;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use rassegna_query::views::atom::atom_feed;
use rassegna_query::views::entity::{EntityPageView, entity_page};
use rassegna_query::views::seg;
use std::sync::Arc;

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityTemplate {
    view: EntityPageView,
}

pub(super) async fn entity(
    State(st): State<Arc<AppState>>,
    PagePath(name): PagePath<String>,
    Query(format): Query<FormatParam>,
    headers: HeaderMap,
) -> Result<Response, PageError> {
    let key = name.clone();
    let atom = format.atom()?;
    match blocking(st, move |s| s.facade.entity(&key)).await? {
        Some(e) if atom => {
            let path = format!("/entities/{}", seg(&e.name));
            Ok(atom_response(atom_feed(&e.name, &base(&headers), &path, &e.stories, &updated(None))))
        }
        Some(e) => Ok(html_page(&EntityTemplate { view: entity_page(&e) })),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessuna entità chiamata «{name}»."))),
    }
}
