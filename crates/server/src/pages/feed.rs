//! Story lists as Atom feeds: `?format=atom` on the front page, a search or an entity's page.

use super::PageError;
use crate::problem::Problem;
use askama::Template;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rassegna_query::views::atom::AtomFeed;
use serde::Deserialize;

/// The `format` parameter of a page: `html` (the default) or `atom`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct FormatParam {
    pub format: Option<String>,
}

impl FormatParam {
    /// Whether the Atom feed is wanted; another format is a bad request.
    pub(crate) fn atom(&self) -> Result<bool, PageError> {
        match self.format.as_deref() {
            None | Some("html") => Ok(false),
            Some("atom") => Ok(true),
            Some(other) => Err(PageError::from(Problem::http(
                StatusCode::BAD_REQUEST,
                format!("format {other:?} is not known: html or atom"),
            ))),
        }
    }
}

/// `http://HOST` of the request, for the absolute links a feed needs (a Host with anything but
/// name, address and port characters is not trusted).
pub(crate) fn base(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// When the store last changed, as Atom writes times: the last followed update, else now.
pub(crate) fn updated(pass: Option<&rassegna_store::FollowPass>) -> String {
    let t = pass.and_then(|p| p.updated_at).and_then(|t| jiff::Timestamp::from_second(t).ok());
    t.unwrap_or_else(jiff::Timestamp::now).strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

#[derive(Template)]
#[template(path = "feed.xml")]
struct FeedTemplate {
    feed: AtomFeed,
}

pub(crate) fn atom_response(feed: AtomFeed) -> Response {
    match (FeedTemplate { feed }).render() {
        Ok(body) => ([(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")], body).into_response(),
        Err(e) => Problem::internal(format!("the feed could not be written: {e}")).into_response(),
    }
}
