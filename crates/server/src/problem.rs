//! Errors as RFC 9457 problem details (`application/problem+json`): type, title, status, detail.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// A problem to report to an API client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `about:blank` for plain HTTP errors, else `urn:rassegna:problem:<slug>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Seconds to wait before trying again (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u64>,
}

impl Problem {
    /// A plain HTTP error: the title is the status phrase.
    pub fn http(status: StatusCode, detail: impl Into<String>) -> Problem {
        Problem {
            kind: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            detail: detail.into(),
            retry_after: None,
        }
    }

    /// A problem of a named type.
    pub fn typed(status: StatusCode, slug: &str, title: &str, detail: impl Into<String>) -> Problem {
        Problem {
            kind: format!("urn:rassegna:problem:{slug}"),
            title: title.into(),
            status: status.as_u16(),
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn not_found(what: &str, id: &str) -> Problem {
        Problem::typed(StatusCode::NOT_FOUND, "not-found", "Not found", format!("no {what} with id {id:?}"))
    }

    pub fn bad_request(detail: impl Into<String>) -> Problem {
        Problem::typed(StatusCode::BAD_REQUEST, "bad-request", "Bad request", detail)
    }

    pub fn internal(detail: impl std::fmt::Display) -> Problem {
        Problem::http(StatusCode::INTERNAL_SERVER_ERROR, detail.to_string())
    }

    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut resp = (status, body).into_response();
        resp.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
        if let Some(s) = self.retry_after {
            resp.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        resp
    }
}

impl From<rassegna_query::FacadeError> for Problem {
    fn from(e: rassegna_query::FacadeError) -> Self {
        use rassegna_query::FacadeError as E;
        match e {
            E::Invalid(m) => Problem::typed(StatusCode::UNPROCESSABLE_ENTITY, "invalid-request", "Invalid request", m),
            E::NotFound(m) => Problem::typed(StatusCode::NOT_FOUND, "not-found", "Not found", m),
            other => Problem::internal(other),
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for Problem {
    fn from(e: axum::extract::rejection::QueryRejection) -> Self {
        Problem::typed(StatusCode::BAD_REQUEST, "bad-query", "Bad query parameters", e.body_text())
    }
}

impl From<axum::extract::rejection::PathRejection> for Problem {
    fn from(e: axum::extract::rejection::PathRejection) -> Self {
        let status = e.status();
        if status.is_server_error() {
            // A route without the parameters its handler reads: our bug, not the client's.
            return Problem::internal(e.body_text());
        }
        Problem::typed(status, "bad-path", "Bad path parameter", e.body_text())
    }
}

impl From<axum::extract::rejection::BytesRejection> for Problem {
    fn from(e: axum::extract::rejection::BytesRejection) -> Self {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::typed(
                status,
                "body-too-large",
                "Request body too large",
                format!(
                    "the body exceeds the limit of {} bytes; send fewer documents per request",
                    crate::MAX_BODY_BYTES
                ),
            )
        } else {
            Problem::http(status, e.body_text())
        }
    }
}

impl From<axum::extract::rejection::JsonRejection> for Problem {
    fn from(e: axum::extract::rejection::JsonRejection) -> Self {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            return Problem::typed(
                status,
                "body-too-large",
                "Request body too large",
                format!("the body exceeds the limit of {} bytes", crate::MAX_BODY_BYTES),
            );
        }
        Problem::typed(status, "bad-json", "Malformed JSON body", e.body_text())
    }
}
