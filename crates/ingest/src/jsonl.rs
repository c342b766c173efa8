//! JSON Lines documents: one object per line with any of `id, url, outlet, published, lang, title,
//! text, html`, under those names or common other ones (`date`, `link`, `headline`, `content`...).
//! Other fields are kept as given in the article's `metadata.extra`, with one warning per file.

use crate::{IngestError, Ingested, MAX_DOCUMENT_BYTES};
use rassegna_model::{Body, Format, RawDocument};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read};

const FIELDS: [&str; 8] = ["id", "url", "outlet", "published", "lang", "title", "text", "html"];

/// Other names exports give the same fields (news APIs, scrapers, feed readers, schema.org).
const ALIASES: [(&str, &str); 12] = [
    ("date", "published"),
    ("pubdate", "published"),
    ("pub_date", "published"),
    ("published_at", "published"),
    ("publishedAt", "published"),
    ("datePublished", "published"),
    ("link", "url"),
    ("headline", "title"),
    ("body", "text"),
    ("content", "text"),
    ("language", "lang"),
    ("site", "outlet"),
];

/// The fields of one line, each checked to be a string (or null/absent), and the fields no stage
/// reads, kept as given.
#[derive(Default)]
struct Line {
    fields: [Option<String>; 8],
    extra: BTreeMap<String, String>,
}

impl Line {
    fn parse(line: &str) -> Result<Line, String> {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
        let serde_json::Value::Object(map) = value else {
            return Err("expected a JSON object per line".into());
        };
        let mut out = Line::default();
        // Our own names first, so that an alias never overrides them.
        let (own, other): (Vec<_>, Vec<_>) = map.into_iter().partition(|(k, _)| FIELDS.contains(&k.as_str()));
        for (key, v) in own.into_iter().chain(other) {
            let name = ALIASES.iter().find(|(a, _)| *a == key).map_or(key.as_str(), |(_, f)| f);
            let slot = FIELDS.iter().position(|f| *f == name).filter(|&i| out.fields[i].is_none());
            match (slot, v) {
                (Some(_), serde_json::Value::Null) => {}
                (Some(i), serde_json::Value::String(s)) => out.fields[i] = Some(s),
                (Some(_), other) if FIELDS.contains(&key.as_str()) => {
                    return Err(format!("field `{key}` must be a string, got {other}"));
                }
                (_, serde_json::Value::String(s)) => {
                    out.extra.insert(key, s);
                }
                (_, other) => {
                    out.extra.insert(key, other.to_string());
                }
            }
        }
        Ok(out)
    }

    fn take(&mut self, name: &str) -> Option<String> {
        let i = FIELDS.iter().position(|f| *f == name).expect("known field");
        self.fields[i].take()
    }
}

/// Read JSON Lines, streaming: each line is one document or one error naming the line.
pub(crate) fn read_jsonl<R: BufRead>(source: &str, stem: &str, mut reader: R) -> Vec<Result<Ingested, IngestError>> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut line_no = 0;
    let mut unread: BTreeSet<String> = BTreeSet::new();
    loop {
        buf.clear();
        line_no += 1;
        // Bound each line so one runaway line cannot exhaust memory.
        let n = match (&mut reader).take(MAX_DOCUMENT_BYTES + 1).read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => {
                out.push(Err(IngestError::new(source, Some(line_no), format!("read error: {e}"))));
                break;
            }
        };
        if n == 0 {
            break;
        }
        if buf.len() as u64 > MAX_DOCUMENT_BYTES && !buf.ends_with(b"\n") {
            out.push(Err(IngestError::new(
                source,
                Some(line_no),
                format!("line longer than {} MB: skipped", MAX_DOCUMENT_BYTES / 1_000_000),
            )));
            // Skip the rest of the runaway line.
            let mut sink = Vec::new();
            let _ = reader.read_until(b'\n', &mut sink);
            continue;
        }
        let line = match std::str::from_utf8(&buf) {
            Ok(l) => l.trim(),
            Err(e) => {
                out.push(Err(IngestError::new(
                    source,
                    Some(line_no),
                    format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                )));
                continue;
            }
        };
        if line.is_empty() {
            continue;
        }
        let parsed = parse_line(source, stem, line_no, line);
        if let Ok(ing) = &parsed {
            unread.extend(ing.doc.extra.keys().cloned());
        }
        out.push(parsed);
    }
    // Real exports carry fields of their own: said once per file, not once per line.
    if !unread.is_empty()
        && let Some(Ok(first)) = out.iter_mut().find(|r| r.is_ok())
    {
        let names: Vec<String> = unread.iter().map(|k| format!("`{k}`")).collect();
        first.warnings.push(format!(
            "{source}: field{} {} not read by rassegna; kept in each article's metadata.extra",
            if names.len() > 1 { "s" } else { "" },
            names.join(", ")
        ));
    }
    out
}

fn parse_line(source: &str, stem: &str, line_no: usize, line: &str) -> Result<Ingested, IngestError> {
    let err = |m: String| IngestError::new(source.to_string(), Some(line_no), m);
    let mut l = Line::parse(line).map_err(err)?;
    let lang = l.take("lang").map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
    let published = match l.take("published").as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => Some(
            crate::dates::parse_date(p, lang.as_deref())
                .ok_or_else(|| err(format!("field `published`: cannot read {p:?} as a date")))?,
        ),
        None => None,
    };
    let body = match (l.take("html"), l.take("text")) {
        (Some(h), _) if !h.trim().is_empty() => Body::Html(h.into_bytes()),
        (_, Some(t)) if !t.trim().is_empty() => Body::Text(t),
        _ => {
            let unread: Vec<String> = l.extra.keys().map(|k| format!("`{k}`")).collect();
            let also =
                if unread.is_empty() { String::new() } else { format!(" (fields not read: {})", unread.join(", ")) };
            return Err(err(format!("no `text` or `html` field with content: nothing to read{also}")));
        }
    };
    let id = l.take("id").filter(|s| !s.trim().is_empty()).unwrap_or_else(|| format!("{stem}-{line_no}"));
    Ok(Ingested::from(
        RawDocument::new(id, format!("{source}:{line_no}"), Format::Jsonl, body)
            .with_url(l.take("url"))
            .with_outlet(l.take("outlet"))
            .with_published(published)
            .with_lang(lang)
            .with_title(l.take("title").filter(|s| !s.trim().is_empty()))
            .with_extra(std::mem::take(&mut l.extra)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<Result<Ingested, IngestError>> {
        read_jsonl("feed.jsonl", "feed", std::io::Cursor::new(s.as_bytes().to_vec()))
    }

    #[test]
    fn good_lines_become_documents_and_bad_lines_errors_naming_the_line() {
        let input = r#"{"id":"a1","outlet":"Gazzetta","published":"2025-03-12T09:00:00Z","lang":"it","title":"T","text":"Testo."}
{"id":"a2","html":"<p>Ciao</p>"}
{"id": broken
{"id":"a4","published":12,"text":"x"}
{"id":"a5","title":"solo titolo"}

{"text":"senza id"}
"#;
        let out = read(input);
        assert_eq!(out.len(), 6);
        let a1 = &out[0].as_ref().unwrap().doc;
        assert_eq!(a1.published.unwrap().to_string(), "2025-03-12");
        assert_eq!(a1.source, "feed.jsonl:1");
        assert!(matches!(out[1].as_ref().unwrap().doc.body, Body::Html(_)));
        let e3 = out[2].as_ref().unwrap_err();
        assert_eq!(e3.line, Some(3));
        assert!(e3.to_string().starts_with("feed.jsonl:3: malformed JSON"), "{e3}");
        assert!(out[3].as_ref().unwrap_err().message.contains("published"));
        assert!(out[4].as_ref().unwrap_err().message.contains("no `text` or `html`"));
        assert_eq!(out[5].as_ref().unwrap().doc.id, "feed-7");
    }

    #[test]
    fn a_line_without_text_names_the_fields_it_did_not_read() {
        let out = read(r#"{"id":"x","txt":"typo"}"#);
        assert!(out[0].as_ref().unwrap_err().message.contains("fields not read: `txt`"), "{:?}", out[0]);
    }

    #[test]
    fn exports_with_their_own_fields_and_names_are_read_with_one_warning_per_file() {
        // As a crisis collection exports it: `date` for the publication date, and fields of its own.
        let input = r#"{"topic":"egypt","date":"2011-02-13","file":"it/egypt/2011-02-13/ext_3.txt","text":"Le decisioni dell'esercito"}
{"topic":"libya","date":"11/02/2011","file":"it/libya/x.txt","rank":3,"text":"Tripoli sotto assedio"}
{"date":"2011-02-30","text":"Data impossibile"}
{"published":"2011-03-01","date":"2011-01-01","headline":"Titolo","content":"Testo"}
"#;
        let out = read(input);
        let first = out[0].as_ref().unwrap();
        assert_eq!(first.doc.published.unwrap().to_string(), "2011-02-13");
        assert_eq!(first.doc.extra.get("topic").map(String::as_str), Some("egypt"));
        assert_eq!(first.warnings.len(), 1, "{:?}", first.warnings);
        assert!(first.warnings[0].contains("`file`, `rank`, `topic`"), "{}", first.warnings[0]);
        let second = out[1].as_ref().unwrap();
        assert!(second.warnings.is_empty(), "said once per file");
        assert_eq!(second.doc.published.unwrap().to_string(), "2011-02-11", "day first");
        assert_eq!(second.doc.extra.get("rank").map(String::as_str), Some("3"));
        let bad = out[2].as_ref().unwrap_err();
        assert!(bad.message.contains("\"2011-02-30\""), "the whole value: {bad}");
        let named = &out[3].as_ref().unwrap().doc;
        assert_eq!(named.published.unwrap().to_string(), "2011-03-01", "our own name wins over an alias");
        assert_eq!(named.extra.get("date").map(String::as_str), Some("2011-01-01"));
        assert_eq!(named.title.as_deref(), Some("Titolo"));
        assert!(matches!(&named.body, Body::Text(t) if t == "Testo"));
    }
}
