//! An article with its quotes and dates marked.

use super::{PageError, error_page, html_page};
use crate::extract::PagePath;
use crate::{AppState, blocking};
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use rassegna_query::views::article::{ArticlePageView, article_page};
use std::sync::Arc;

#[derive(Template)]
#[template(path = "article.html")]
struct ArticleTemplate {
    view: ArticlePageView,
}

pub(super) async fn article(
    State(st): State<Arc<AppState>>,
    PagePath(id): PagePath<String>,
) -> Result<Response, PageError> {
    let key = id.clone();
    match blocking(st, move |s| s.facade.article(&key)).await? {
        Some(a) => Ok(html_page(&ArticleTemplate { view: article_page(&a) })),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessun articolo con identificativo «{id}»."))),
    }
}
