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
        match opml::OPML::from_str(&text) {
            Ok(doc) => {
                let mut found = Vec::new();
                outlines(&doc.body.outlines, &mut found);
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
        let (_, missing) = read_sources(&["nowhere.opml".into()]);
        assert!(missing[0].message.contains("cannot read"), "{}", missing[0]);
    }
}
