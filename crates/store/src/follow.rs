//! What following sources leaves in the store: each source's state (validators, schedule, last
//! fetch), the URLs already seen, fetch errors, and the last pass. Plain records; the follow crate
//! decides what they mean.

use serde::{Deserialize, Serialize};

/// One followed source (a feed, a sitemap or a page) and what the last polls found. Times are
/// Unix seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowedSource {
    pub url: String,
    /// `feed`, `sitemap`, `sitemap-index` or `page`, once fetched.
    pub kind: Option<String>,
    /// The feed's own title, when it has one.
    pub title: Option<String>,
    /// The sitemap index that named this sitemap.
    pub parent: Option<String>,
    /// Validators of the last full answer, sent back as `If-None-Match` and `If-Modified-Since`.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Seconds between polls, as last decided.
    pub interval_secs: u64,
    /// When the source is due next.
    pub next_poll: i64,
    pub last_fetch: Option<i64>,
    /// The HTTP status of the last poll (0: no answer).
    pub last_status: Option<u16>,
    /// New items stored by the last poll, and by every poll.
    pub last_new: usize,
    pub total_new: usize,
    /// Polls in a row that found nothing new, and polls in a row that failed.
    pub unchanged: u32,
    pub failures: u32,
    pub last_error: Option<String>,
}

/// An item URL (canonical) met in a source, with what came of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenUrl {
    pub url: String,
    pub source: String,
    /// `stored`, `disallowed` (robots.txt) or `failed` (tried `attempts` times).
    pub status: String,
    pub attempts: u32,
    pub at: i64,
}

/// A failed fetch: of a source or of an item's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchError {
    pub at: i64,
    pub source: String,
    pub url: String,
    pub message: String,
}

/// The last pass over the sources: when it ran, and the last one that stored documents
/// (`new_from_seq` is the first ingest sequence number it gave, so a story with articles from
/// there on is new or grew then).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowPass {
    pub polled_at: i64,
    pub updated_at: Option<i64>,
    pub new_from_seq: i64,
    pub new_documents: usize,
}
