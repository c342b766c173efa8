//! What `rassegna follow SOURCES...` names: OPML files, text files of URLs (one a line, `#`
//! comments), or URLs. Each becomes a list of source URLs, or errors naming the file and line.

use crate::canon;
use std::path::Path;

/// A source argument that could not be read, with where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SourceError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

/// The source URLs named by the arguments, in order, each once, and the arguments (or lines)
/// that could not be read.
pub fn read_sources(args: &[String]) -> (Vec<String>, Vec<SourceError>) {
    let (mut urls, mut errors) = (Vec::new(), Vec::new());
    for arg in args {
        if arg.contains("://") {
            match canon::canonical(arg, None) {
                Ok(u) => urls.push(u.to_string()),
                Err(e) => errors.push(SourceError { file: arg.clone(), line: None, message: e }),
            }
            continue;
        }
        match std::fs::read(Path::new(arg)) {
            Ok(bytes) => read_file(arg, &bytes, &mut urls, &mut errors),
            Err(e) => errors.push(SourceError { file: arg.clone(), line: None, message: format!("cannot read: {e}") }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    urls.retain(|u| seen.insert(u.clone()));
    (urls, errors)
}

fn read_file(name: &str, bytes: &[u8], urls: &mut Vec<String>, errors: &mut Vec<SourceError>) {
    let text = String::from_utf8_lossy(bytes);
    let err = |line, message: String| SourceError { file: name.to_string(), line, message };
    if text.trim_start_matches('\u{feff}').trim_start().starts_with('<') {
        // The opml crate reads well-formed OPML; exports that stray from the spec (no version,
        // `xmlurl` in another case) are read leniently: every outline's xmlUrl attribute.
        let parsed = opml::OPML::from_str(&text)
            .map(|doc| {
                let mut found = Vec::new();
                outlines(&doc.body.outlines, &mut found);
                found
            })
            .or_else(|e| lenient_outlines(&text).ok_or(e));
        match parsed {
            Ok(found) => {
                if found.is_empty() {
                    errors.push(err(None, "an OPML file with no outline that has an xmlUrl".into()));
                }
                for raw in found {
                    match canon::canonical(&raw, None) {
                        Ok(u) => urls.push(u.to_string()),
                        Err(e) => errors.push(err(line_of(&text, &raw), format!("{raw:?}: {e}"))),
                    }
                }
            }
            Err(e) => errors.push(err(None, format!("not a readable OPML file: {e}"))),
        }
        return;
    }
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match canon::canonical(line, None) {
            Ok(u) => urls.push(u.to_string()),
            Err(e) => errors.push(err(Some(i + 1), format!("{line:?}: {e}"))),
        }
    }
}

/// Every `xmlUrl` under these outlines (folders nest), in document order.
fn outlines(list: &[opml::Outline], out: &mut Vec<String>) {
    for o in list {
        if let Some(u) = o.xml_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            out.push(u.to_string());
        }
        outlines(&o.outlines, out);
    }
}

/// Every `xmlUrl` of an `outline` element, whatever the case of the attribute; `None` when the
/// XML itself is broken or no `opml` element is there.
fn lenient_outlines(text: &str) -> Option<Vec<String>> {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(text);
    let (mut found, mut is_opml) = (Vec::new(), false);
    loop {
        match r.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name().as_ref().to_ascii_lowercase();
                is_opml |= name == "opml";
                if name != "outline" {
                    continue;
                }
                for a in e.attributes().flatten() {
                    if a.key.local_name().as_ref().eq_ignore_ascii_case("xmlurl")
                        && let Ok(v) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        && !v.trim().is_empty()
                    {
                        found.push(v.trim().to_string());
                    }
                }
            }
            Event::Eof => return is_opml.then_some(found),
            _ => {}
        }
    }
}

/// The line of an OPML file where `needle` first occurs, for messages.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    text.find(needle).map(|at| text[..at].matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opml_text_files_and_urls_give_canonical_urls_and_located_errors() {
        let dir = tempfile::tempdir().unwrap();
        let opml = dir.path().join("feeds.opml");
        std::fs::write(
            &opml,
            r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Redazione</title></head><body>
<outline text="Locali">
  <outline text="Eco del Brenno" type="rss" xmlUrl="https://ecodelbrenno.example/rss?utm_source=opml"/>
  <outline text="Rotto" type="rss" xmlUrl="ftp://ecodelbrenno.example/feed"/>
</outline>
<outline text="Gazzetta" xmlUrl="https://gazzetta.example/atom.xml#top"/>
</body></opml>"#,
        )
        .unwrap();
        let list = dir.path().join("list.txt");
        std::fs::write(
            &list,
            "# seguiti\nhttps://gazzetta.example/atom.xml\n\nnot a url\nhttps://porto.example/sitemap.xml\n",
        )
        .unwrap();
        let args = [opml.display().to_string(), list.display().to_string(), "https://porto.example/news.json".into()];
        let (urls, errors) = read_sources(&args);
        assert_eq!(
            urls,
            [
                "https://ecodelbrenno.example/rss",
                "https://gazzetta.example/atom.xml",
                "https://porto.example/sitemap.xml",
                "https://porto.example/news.json"
            ]
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].line, Some(5), "{}", errors[0]);
        assert!(errors[0].to_string().contains("feeds.opml:5") && errors[0].message.contains("http and https only"));
        assert!(errors[1].to_string().contains("list.txt:4"), "{}", errors[1]);
        // Exports that stray from the spec are read too; broken XML is an error naming the file.
        let loose = dir.path().join("loose.opml");
        std::fs::write(
            &loose,
            r#"<opml><body><outline title="Valle" xmlurl="http://valle.example/rss?a=1&amp;b=2"/></body></opml>"#,
        )
        .unwrap();
        let broken = dir.path().join("broken.opml");
        std::fs::write(&broken, "<opml><body><outline xmlUrl=\"http://x.example/\"></body>").unwrap();
        let (urls, errors) = read_sources(&[loose.display().to_string(), broken.display().to_string()]);
        assert_eq!(urls, ["http://valle.example/rss?a=1&b=2"]);
        assert!(
            errors.len() == 1 && errors[0].to_string().contains("broken.opml: not a readable OPML file"),
            "{errors:?}"
        );
        let (_, missing) = read_sources(&["nowhere.opml".into()]);
        assert!(missing[0].message.contains("cannot read"), "{}", missing[0]);
    }
}
