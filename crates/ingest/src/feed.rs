//! RSS and Atom feed files: one document per item, with its content or summary.

use crate::IngestError;
use rassegna_model::{Body, Format, PartialDate, RawDocument};

/// Read every item of an RSS or Atom feed. An item with neither content nor summary is an `Err` item.
pub(crate) fn read_feed(source: &str, bytes: &[u8]) -> Vec<Result<RawDocument, IngestError>> {
    let feed = match feed_rs::parser::parse(bytes) {
        Ok(f) => f,
        Err(e) => return vec![Err(IngestError::new(source, None, format!("not a readable RSS or Atom feed: {e}")))],
    };
    let outlet = feed.title.as_ref().map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
    let feed_lang = feed.language.as_deref().and_then(lang_code);
    let mut out = Vec::with_capacity(feed.entries.len());
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let here = format!("{source}#{}", i + 1);
        let url =
            entry.links.iter().find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate")).map(|l| l.href.clone());
        let title = entry.title.as_ref().map(|t| plain_text(&t.content)).filter(|t| !t.is_empty());
        // Full content beats a summary. Markup stays HTML so the cleaning stage extracts it; feeds label
        // plain text as HTML so often that the declared type is not trusted.
        let body = match (&entry.content, &entry.summary) {
            (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => {
                let b = c.body.clone().unwrap_or_default();
                if looks_like_html(&b) { Some(Body::Html(b.into_bytes())) } else { Some(Body::Text(b)) }
            }
            (_, Some(s)) if !s.content.trim().is_empty() => {
                if looks_like_html(&s.content) {
                    Some(Body::Html(s.content.clone().into_bytes()))
                } else {
                    Some(Body::Text(s.content.clone()))
                }
            }
            _ => None,
        };
        let Some(body) = body else {
            let what = title.as_deref().or(url.as_deref()).unwrap_or("untitled item");
            out.push(Err(IngestError::new(
                here,
                None,
                format!("feed item {what:?} has no content or summary: skipped"),
            )));
            continue;
        };
        let published = entry.published.or(entry.updated).and_then(|d| PartialDate::parse_prefix(&d.to_rfc3339()).ok());
        let id =
            if entry.id.trim().is_empty() { url.clone().unwrap_or_else(|| here.clone()) } else { entry.id.clone() };
        out.push(Ok(RawDocument::new(id, here, Format::Feed, body)
            .with_url(url)
            .with_outlet(outlet.clone())
            .with_published(published)
            .with_lang(entry.language.as_deref().and_then(lang_code).or_else(|| feed_lang.clone()))
            .with_title(title)));
    }
    out
}

/// `it-IT` -> `it`.
fn lang_code(l: &str) -> Option<String> {
    let code = l.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic())).then_some(code)
}

fn looks_like_html(s: &str) -> bool {
    let l = s.to_ascii_lowercase();
    ["<p", "<div", "<br", "<a ", "<img", "<span", "<ul", "<h"].iter().any(|t| l.contains(t))
}

/// Titles sometimes carry markup; a title is plain text: tags dropped, runs of white space one space.
pub fn plain_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>La Voce di Brenno</title><language>it-it</language><link>https://vocedibrenno.it</link>
<item><title>Nuova pista ciclabile sul lungolago</title><link>https://vocedibrenno.it/ciclabile</link>
<guid>https://vocedibrenno.it/?p=101</guid><pubDate>Tue, 04 Mar 2025 08:15:00 +0100</pubDate>
<description>Breve: aperta la pista.</description>
<content:encoded><![CDATA[<p>La giunta ha inaugurato ieri i quattro chilometri della nuova pista ciclabile.</p>]]></content:encoded></item>
<item><title>Mercato spostato</title><link>https://vocedibrenno.it/mercato</link>
<description>Il mercato del martedì si sposta in piazza Roma per tre settimane.</description></item>
<item><title>Solo un titolo</title><link>https://vocedibrenno.it/vuoto</link></item>
</channel></rss>"#;

    #[test]
    fn rss_items_become_documents_with_content_or_summary() {
        let docs = read_feed("f.rss", RSS.as_bytes());
        assert_eq!(docs.len(), 3);
        let a = docs[0].as_ref().unwrap();
        assert_eq!(a.id, "https://vocedibrenno.it/?p=101");
        assert_eq!(a.source, "f.rss#1");
        assert_eq!(a.outlet.as_deref(), Some("La Voce di Brenno"));
        assert_eq!(a.lang.as_deref(), Some("it"));
        assert_eq!(a.published, PartialDate::day(2025, 3, 4));
        assert_eq!(a.title.as_deref(), Some("Nuova pista ciclabile sul lungolago"));
        assert!(matches!(&a.body, Body::Html(b) if String::from_utf8_lossy(b).contains("quattro chilometri")));
        let b = docs[1].as_ref().unwrap();
        assert_eq!(b.url.as_deref(), Some("https://vocedibrenno.it/mercato"));
        assert!(matches!(&b.body, Body::Text(t) if t.contains("piazza Roma")));
        let c = docs[2].as_ref().unwrap_err();
        assert!(c.message.contains("no content or summary") && c.file == "f.rss#3", "{c}");
    }

    #[test]
    fn atom_entries_are_read_and_broken_feeds_are_one_error() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Harbour Times</title><id>urn:ht</id><updated>2025-05-01T00:00:00Z</updated>
<entry><title>Ferry strike ends</title><id>urn:ht:7</id><link href="https://ht.example/ferry"/>
<updated>2025-05-01T09:00:00Z</updated><summary type="html">&lt;p&gt;Crews returned to work on Thursday.&lt;/p&gt;</summary></entry></feed>"#;
        let docs = read_feed("h.atom", atom.as_bytes());
        let d = docs[0].as_ref().unwrap();
        assert_eq!((d.id.as_str(), d.published), ("urn:ht:7", PartialDate::day(2025, 5, 1)));
        assert!(matches!(&d.body, Body::Html(b) if String::from_utf8_lossy(b).contains("Crews returned")));
        let bad = read_feed("x.xml", b"<rss><channel><item>");
        assert_eq!(bad.len(), 1);
        assert!(bad[0].as_ref().unwrap_err().message.contains("not a readable"));
    }
}
