//! The followed sources: each one's last fetch, status, new items and error, and the latest
//! fetch errors.

use super::{safe_url, time_label};
use crate::FollowStatus;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRow {
    pub url: String,
    /// The URL as a link, when it is a web link.
    pub href: Option<String>,
    pub title: String,
    pub kind: &'static str,
    pub last_fetch: String,
    pub status: String,
    pub new: usize,
    pub total: usize,
    pub next: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    pub at: String,
    pub url: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourcesPageView {
    /// When the sources were last polled and last brought new reports; empty when never.
    pub polled: String,
    pub updated: String,
    pub sources: Vec<SourceRow>,
    /// Newest first.
    pub errors: Vec<ErrorRow>,
}

fn kind_label(kind: Option<&str>) -> &'static str {
    match kind {
        Some("feed") => "feed",
        Some("sitemap") => "sitemap",
        Some("sitemap-index") => "indice di sitemap",
        Some("page") => "pagina",
        _ => "non ancora letto",
    }
}

pub fn sources_page(f: &FollowStatus) -> SourcesPageView {
    SourcesPageView {
        polled: f.pass.as_ref().map(|p| time_label(p.polled_at)).unwrap_or_default(),
        updated: f.pass.as_ref().and_then(|p| p.updated_at).map(time_label).unwrap_or_default(),
        sources: f
            .sources
            .iter()
            .map(|s| SourceRow {
                href: safe_url(&Some(s.url.clone())),
                url: s.url.clone(),
                title: s.title.clone().unwrap_or_default(),
                kind: kind_label(s.kind.as_deref()),
                last_fetch: s.last_fetch.map(time_label).unwrap_or_else(|| "mai".into()),
                status: match s.last_status {
                    None => "—".into(),
                    Some(0) => "nessuna risposta".into(),
                    Some(304) => "304 invariato".into(),
                    Some(c) => c.to_string(),
                },
                new: s.last_new,
                total: s.total_new,
                next: time_label(s.next_poll),
                error: s.last_error.clone().unwrap_or_default(),
            })
            .collect(),
        errors: f
            .errors
            .iter()
            .rev()
            .map(|e| ErrorRow { at: time_label(e.at), url: e.url.clone(), message: e.message.clone() })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rassegna_store::{FetchError, FollowPass, FollowedSource};

    #[test]
    fn sources_show_their_last_fetch_status_and_error_newest_errors_first() {
        let f = FollowStatus {
            pass: Some(FollowPass { polled_at: 1741082700, updated_at: None, new_from_seq: 1, new_documents: 0 }),
            sources: vec![FollowedSource {
                url: "https://eco.example/rss".into(),
                kind: Some("feed".into()),
                last_fetch: Some(1741082700),
                last_status: Some(503),
                last_error: Some("HTTP 503 (come back in 3600 s)".into()),
                ..Default::default()
            }],
            errors: vec![
                FetchError { at: 1, source: "s".into(), url: "u1".into(), message: "old".into() },
                FetchError { at: 2, source: "s".into(), url: "u2".into(), message: "new".into() },
            ],
        };
        let v = sources_page(&f);
        assert_eq!(v.polled, "4 marzo 2025, 10:05 UTC");
        assert_eq!(v.updated, "");
        assert_eq!((v.sources[0].status.as_str(), v.sources[0].kind), ("503", "feed"));
        assert!(v.sources[0].error.contains("3600"));
        assert_eq!(v.errors[0].url, "u2");
    }
}
