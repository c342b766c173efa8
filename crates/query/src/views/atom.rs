//! A story list as an Atom feed (RFC 4287): the front page, a search or an entity followed in any
//! feed reader. Plain data; the server's template writes the XML (escaped).

use super::{StoryItem, seg};
use rassegna_store::StoryRow;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomEntry {
    /// The story's page, absolute: also the entry's id.
    pub href: String,
    pub title: String,
    /// RFC 3339.
    pub updated: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtomFeed {
    pub title: String,
    /// The feed's own address (`rel="self"`, also its id) and the page it mirrors.
    pub self_href: String,
    pub page_href: String,
    pub updated: String,
    pub entries: Vec<AtomEntry>,
}

/// A date as an RFC 3339 time (midnight UTC of the date's first day).
fn rfc3339(d: Option<rassegna_model::PartialDate>) -> Option<String> {
    d.map(|d| format!("{:04}-{:02}-{:02}T00:00:00Z", d.year, d.month.unwrap_or(1), d.day.unwrap_or(1)))
}

/// The feed of `stories` for the page at `page_path` (with its query, without `format`), on the
/// site at `base` (`http://host:port`). `updated` is when the store last changed (RFC 3339).
pub fn atom_feed(title: &str, base: &str, page_path: &str, stories: &[StoryRow], updated: &str) -> AtomFeed {
    let sep = if page_path.contains('?') { '&' } else { '?' };
    let entries: Vec<AtomEntry> = stories
        .iter()
        .map(|r| {
            let item = StoryItem::from(r);
            let reports = if item.articles == 1 { "resoconto" } else { "resoconti" };
            let sources = if item.independent == 1 { "fonte indipendente" } else { "fonti indipendenti" };
            let mut summary = format!("{} {reports}, {} {sources}", item.articles, item.independent);
            if !item.outlets.is_empty() {
                summary.push_str(&format!(": {}", item.outlets));
            }
            if !item.dates.is_empty() {
                summary.push_str(&format!(" ({})", item.dates));
            }
            AtomEntry {
                href: format!("{base}/stories/{}", seg(&r.id)),
                title: item.title,
                updated: rfc3339(r.last_published.or(r.first_published)).unwrap_or_else(|| updated.to_string()),
                summary,
            }
        })
        .collect();
    AtomFeed {
        title: format!("{title} · Rassegna"),
        self_href: format!("{base}{page_path}{sep}format=atom"),
        page_href: format!("{base}{page_path}"),
        updated: updated.to_string(),
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_list_becomes_entries_with_absolute_links() {
        let row = StoryRow {
            id: "s 1".into(),
            storyline: None,
            title: Some("Crolla il ponte sul Vessa".into()),
            articles: 3,
            independent_sources: 2,
            outlets: vec!["Eco del Brenno".into(), "Gazzetta".into()],
            languages: vec!["it".into()],
            first_published: "2025-03-04".parse().ok(),
            last_published: "2025-03-05".parse().ok(),
        };
        let f = atom_feed("Ricerca: ponte", "http://127.0.0.1:8080", "/search?q=ponte", &[row], "2025-03-06T10:00:00Z");
        assert_eq!(f.self_href, "http://127.0.0.1:8080/search?q=ponte&format=atom");
        assert_eq!(f.entries[0].href, "http://127.0.0.1:8080/stories/s%201");
        assert_eq!(f.entries[0].updated, "2025-03-05T00:00:00Z");
        assert!(f.entries[0].summary.starts_with("3 resoconti, 2 fonti indipendenti: Eco del Brenno · Gazzetta"));
        assert_eq!(atom_feed("Storie", "http://h", "/", &[], "x").self_href, "http://h/?format=atom");
    }
}
