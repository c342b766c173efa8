//! Server-rendered pages for people (askama templates, auto-escaped, no JavaScript), one module per
//! page: the story list (`front`), story, article, entity, storyline and search. Each handler parses
//! the request, asks the facade, builds the page's view model (`rassegna_query::views`) and renders
//! its template; this module holds the routes, the rendering and the error pages.

mod article;
mod entity;
mod feed;
mod front;
mod search;
mod sources;
mod story;
mod storyline;

use crate::AppState;
use crate::problem::Problem;
use askama::Template;
use axum::Router;
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::sync::Arc;

const CSS: &str = include_str!("../../static/style.css");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(front::index))
        .route("/stories/{id}", get(story::story))
        .route("/articles/{id}", get(article::article))
        .route("/entities/{name}", get(entity::entity))
        .route("/storylines/{id}", get(storyline::storyline))
        .route("/search", get(search::search))
        .route("/sources", get(sources::sources))
        .route("/static/style.css", get(css))
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], CSS)
        .into_response()
}

fn html_page(t: &impl Template) -> Response {
    match t.render() {
        Ok(body) => Html(body).into_response(),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &format!("la pagina non si è potuta comporre: {e}")),
    }
}

/// The error page. It stays here rather than in the view models: its title is the HTTP status
/// phrase, which only the server knows.
#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title: String,
    detail: String,
}

fn error_page(status: StatusCode, detail: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Pagina non trovata".to_string(),
        StatusCode::BAD_REQUEST => "Richiesta non valida".to_string(),
        s => s.canonical_reason().unwrap_or("Errore").to_string(),
    };
    let page = ErrorPage { status: status.as_u16(), title, detail: detail.to_string() };
    let body = page.render().unwrap_or_else(|_| detail.to_string());
    (status, Html(body)).into_response()
}

/// A problem shown as a page rather than JSON: bad path or query parameters (the rejections of
/// [`PagePath`](crate::extract::PagePath) and [`PageQuery`](crate::extract::PageQuery)) and failed
/// facade calls.
pub(crate) struct PageError(Problem);

impl From<Problem> for PageError {
    fn from(p: Problem) -> Self {
        PageError(p)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0.status(), &self.0.detail)
    }
}

/// Unknown paths: problem details under `/api`, a page elsewhere.
pub(crate) async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        Problem::http(StatusCode::NOT_FOUND, format!("no API endpoint at {}; see /api/openapi.json", uri.path()))
            .into_response()
    } else {
        error_page(StatusCode::NOT_FOUND, "Questo indirizzo non corrisponde a nessuna pagina.")
    }
}

pub(crate) async fn method_not_allowed(uri: Uri) -> Response {
    let mut r = Problem::http(StatusCode::METHOD_NOT_ALLOWED, format!("{} does not accept this method", uri.path()))
        .into_response();
    if !uri.path().starts_with("/api") {
        r = error_page(StatusCode::METHOD_NOT_ALLOWED, "Metodo non ammesso per questo indirizzo.");
    }
    r
}
