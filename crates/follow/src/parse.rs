//! What a fetched source is: a feed (RSS 2.0, Atom, JSON Feed, through feed-rs), a sitemap or a
//! sitemap index (news sitemaps included), or a page; and the items each lists, with the title,
//! date and author it gives them.

use quick_xml::events::Event;
use rassegna_ingest::plain_text;
use rassegna_model::PartialDate;
use std::time::Duration;

/// A source as read.
#[derive(Debug, Clone, PartialEq)]
pub enum Listing {
    Feed { title: Option<String>, ttl: Option<Duration>, items: Vec<Item>, problems: Vec<String> },
    Sitemap { items: Vec<Item>, problems: Vec<String> },
    SitemapIndex { sitemaps: Vec<String> },
    Page,
}

impl Listing {
    pub fn kind(&self) -> &'static str {
        match self {
            Listing::Feed { .. } => "feed",
            Listing::Sitemap { .. } => "sitemap",
            Listing::SitemapIndex { .. } => "sitemap-index",
            Listing::Page => "page",
        }
    }
}

/// One item of a feed or sitemap: its link as written, and what the source says of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub link: String,
    pub title: Option<String>,
    pub published: Option<PartialDate>,
    pub author: Option<String>,
    /// The publication a news sitemap names.
    pub outlet: Option<String>,
}

/// Read a fetched source. `content_type` is the answer's, if any. An unreadable source is an
/// error saying why (with the line, for malformed XML).
pub fn read(body: &[u8], content_type: Option<&str>) -> Result<Listing, String> {
    let text = decode_xml(body);
    let start = text.trim_start_matches('\u{feff}').trim_start();
    let html_type = content_type.is_some_and(|t| t.to_ascii_lowercase().contains("html"));
    if start.starts_with('{') {
        return feed(body);
    }
    if html_type && !start.starts_with("<?xml") {
        return Ok(Listing::Page);
    }
    if !start.starts_with('<') {
        return match content_type {
            Some(t) if t.to_ascii_lowercase().starts_with("text/") => Ok(Listing::Page),
            _ => Err(format!("neither a feed, a sitemap nor a page (content type {})", content_type.unwrap_or("none"))),
        };
    }
    match root_element(&text) {
        Ok(root) => match root.as_str() {
            "urlset" => sitemap(&text),
            "sitemapindex" => sitemap_index(&text),
            "rss" | "feed" | "RDF" => feed(body),
            "html" => Ok(Listing::Page),
            other => Err(format!("neither a feed nor a sitemap: the root element is <{other}>")),
        },
        Err(e) if html_type => {
            let _ = e;
            Ok(Listing::Page)
        }
        Err(e) => Err(e),
    }
}

/// The text of an XML document in the encoding its declaration names (UTF-8 otherwise).
fn decode_xml(body: &[u8]) -> String {
    let head = String::from_utf8_lossy(&body[..body.len().min(200)]);
    let label = head
        .strip_prefix('\u{feff}')
        .unwrap_or(&head)
        .trim_start()
        .strip_prefix("<?xml")
        .and_then(|d| d.split("?>").next())
        .and_then(|d| d.split("encoding=").nth(1))
        .map(|v| v.trim_start_matches(['"', '\'']).split(['"', '\'']).next().unwrap_or("").to_string());
    let enc = label.and_then(|l| encoding_rs::Encoding::for_label(l.as_bytes())).unwrap_or(encoding_rs::UTF_8);
    enc.decode_with_bom_removal(body).0.into_owned()
}

/// The local name of the root element, or where the XML breaks before it.
fn root_element(text: &str) -> Result<String, String> {
    let mut r = quick_xml::Reader::from_str(text);
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => return Ok(e.local_name().as_ref().to_string()),
            Ok(Event::Eof) => return Err("an empty document".into()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(text, r.error_position(), &e)),
        }
    }
}

/// Where malformed XML breaks: `line N: what`.
fn xml_error(text: &str, at: u64, e: &dyn std::fmt::Display) -> String {
    let at = (at as usize).min(text.len());
    let line = text.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    format!("malformed XML at line {line}: {e}")
}

/// The first XML error in a document, if any.
fn first_xml_error(text: &str) -> Option<String> {
    let mut r = quick_xml::Reader::from_str(text);
    loop {
        match r.read_event() {
            Ok(Event::Eof) => return None,
            Ok(_) => {}
            Err(e) => return Some(xml_error(text, r.error_position(), &e)),
        }
    }
}

fn feed(body: &[u8]) -> Result<Listing, String> {
    let feed = feed_rs::parser::parse(body).map_err(|e| {
        let text = decode_xml(body);
        let trimmed = text.trim_start();
        let xml = trimmed.starts_with('<');
        match xml.then(|| first_xml_error(&text)).flatten() {
            Some(at) => at,
            None => format!("not a readable feed: {e}"),
        }
    })?;
    let title = feed.title.as_ref().map(|t| plain_text(&t.content)).filter(|t| !t.is_empty());
    let ttl = feed.ttl.map(|m| Duration::from_secs(u64::from(m) * 60));
    let mut items = Vec::with_capacity(feed.entries.len());
    let mut problems = Vec::new();
    for (i, e) in feed.entries.into_iter().enumerate() {
        let entry_title = e.title.as_ref().map(|t| plain_text(&t.content)).filter(|t| !t.is_empty());
        let link = e
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(e.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|l| !l.is_empty())
            // An RSS guid that is a permalink is a link too.
            .or_else(|| {
                Some(e.id.trim().to_string()).filter(|id| id.starts_with("http://") || id.starts_with("https://"))
            });
        let Some(link) = link else {
            problems.push(format!(
                "item {} ({:?}) has no link: skipped",
                i + 1,
                entry_title.as_deref().unwrap_or("untitled")
            ));
            continue;
        };
        items.push(Item {
            link,
            title: entry_title,
            published: e.published.or(e.updated).and_then(|d| PartialDate::parse_prefix(&d.to_rfc3339()).ok()),
            author: e.authors.iter().filter_map(|a| a.name.as_deref()).map(plain_text).find(|a| !a.is_empty()),
            outlet: None,
        });
    }
    Ok(Listing::Feed { title, ttl, items, problems })
}

/// Walk an XML document, calling `on_close(path, text)` at the end of every element with the
/// element's local name path and its text (entities resolved).
fn walk(text: &str, mut on_close: impl FnMut(&[String], &str)) -> Result<(), String> {
    let mut r = quick_xml::Reader::from_str(text);
    let mut path: Vec<String> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) => {
                path.push(e.local_name().as_ref().to_string());
                texts.push(String::new());
            }
            Ok(Event::Empty(e)) => {
                path.push(e.local_name().as_ref().to_string());
                on_close(&path, "");
                path.pop();
            }
            Ok(Event::Text(t)) => {
                if let Some(s) = texts.last_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(s) = texts.last_mut() {
                    s.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(g)) => {
                let c = match g.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*g {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let (Some(c), Some(s)) = (c, texts.last_mut()) {
                    s.push(c);
                }
            }
            Ok(Event::End(_)) => {
                let t = texts.pop().unwrap_or_default();
                on_close(&path, t.trim());
                path.pop();
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(text, r.error_position(), &e)),
        }
    }
}

fn sitemap(text: &str) -> Result<Listing, String> {
    let mut items = Vec::new();
    let mut cur = Item::default();
    let mut problems = Vec::new();
    let mut n = 0;
    walk(text, |path, t| {
        let last = path.last().map(String::as_str).unwrap_or("");
        let in_news = path.iter().any(|p| p == "news");
        match last {
            "loc" if !in_news => cur.link = t.to_string(),
            "lastmod" if cur.published.is_none() => cur.published = PartialDate::parse_prefix(t).ok(),
            "publication_date" => cur.published = PartialDate::parse_prefix(t).ok().or(cur.published),
            "title" if in_news => cur.title = Some(plain_text(t)).filter(|t| !t.is_empty()),
            "name" if in_news => cur.outlet = Some(plain_text(t)).filter(|t| !t.is_empty()),
            "url" => {
                n += 1;
                let item = std::mem::take(&mut cur);
                if item.link.is_empty() {
                    problems.push(format!("url entry {n} has no <loc>: skipped"));
                } else {
                    items.push(item);
                }
            }
            _ => {}
        }
    })?;
    Ok(Listing::Sitemap { items, problems })
}

fn sitemap_index(text: &str) -> Result<Listing, String> {
    let mut sitemaps = Vec::new();
    walk(text, |path, t| {
        if path.len() >= 2 && path[path.len() - 1] == "loc" && path[path.len() - 2] == "sitemap" && !t.is_empty() {
            sitemaps.push(t.to_string());
        }
    })?;
    Ok(Listing::SitemapIndex { sitemaps })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_news_sitemap_gives_its_urls_with_title_date_and_publication() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>https://porto.example/2025/03/gru-crollata?x=1&amp;y=2</loc>
  <news:news><news:publication><news:name>Il Porto</news:name><news:language>it</news:language></news:publication>
  <news:publication_date>2025-03-04T08:00:00+01:00</news:publication_date>
  <news:title>Gru crollata al molo &amp; tre feriti</news:title></news:news></url>
 <url><lastmod>2025-03-05</lastmod></url>
 <url><loc>https://porto.example/chi-siamo</loc><lastmod>2024-01-01</lastmod></url>
</urlset>"#;
        let Listing::Sitemap { items, problems } = read(xml.as_bytes(), Some("application/xml")).unwrap() else {
            panic!("a sitemap")
        };
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].link, "https://porto.example/2025/03/gru-crollata?x=1&y=2");
        assert_eq!(items[0].title.as_deref(), Some("Gru crollata al molo & tre feriti"));
        assert_eq!(items[0].outlet.as_deref(), Some("Il Porto"));
        assert_eq!(items[0].published, PartialDate::day(2025, 3, 4));
        assert_eq!(items[1].published, PartialDate::day(2024, 1, 1));
        assert_eq!(problems, ["url entry 2 has no <loc>: skipped"]);
    }

    #[test]
    fn an_index_a_json_feed_a_page_and_broken_xml_are_told_apart() {
        let index = r#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://p.example/s1.xml</loc></sitemap></sitemapindex>"#;
        assert_eq!(
            read(index.as_bytes(), None).unwrap(),
            Listing::SitemapIndex { sitemaps: vec!["https://p.example/s1.xml".into()] }
        );
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Valle Oggi","items":[{"id":"1","url":"https://valle.example/frana","title":"Frana sulla provinciale","content_text":"...","authors":[{"name":"Ada Neri"}],"date_published":"2025-02-01T10:00:00Z"}]}"#;
        let Listing::Feed { title, items, .. } = read(json.as_bytes(), Some("application/feed+json")).unwrap() else {
            panic!()
        };
        assert_eq!(title.as_deref(), Some("Valle Oggi"));
        assert_eq!(items[0].author.as_deref(), Some("Ada Neri"));
        assert_eq!(items[0].link, "https://valle.example/frana");
        assert_eq!(
            read(b"<!DOCTYPE html><html><body><p>x</body></html>", Some("text/html; charset=utf-8")).unwrap(),
            Listing::Page
        );
        let broken = "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>Rotto</title>\n<item><title>a</titl></item></channel></rss>";
        let e = read(broken.as_bytes(), Some("application/rss+xml")).unwrap_err();
        assert!(e.contains("malformed XML at line 4"), "{e}");
    }

    #[test]
    fn a_latin1_feed_keeps_its_accents() {
        let mut xml =
            b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>Citt".to_vec();
        xml.push(0xe0);
        xml.extend_from_slice(b" Nuova</title><item><title>Perch");
        xml.push(0xe9);
        xml.extend_from_slice(b" chiude il ponte</title><link>http://cn.example/ponte</link><author>Luca Bert&#xF2;</author><pubDate>Mon, 03 Mar 2025 09:00:00 +0100</pubDate></item></channel></rss>");
        let Listing::Feed { title, items, .. } = read(&xml, Some("application/rss+xml; charset=ISO-8859-1")).unwrap()
        else {
            panic!()
        };
        assert_eq!(title.as_deref(), Some("Città Nuova"));
        assert_eq!(items[0].title.as_deref(), Some("Perché chiude il ponte"));
        assert_eq!(items[0].published, PartialDate::day(2025, 3, 3));
    }
}
