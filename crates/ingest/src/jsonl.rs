//! JSON Lines documents: one object per line with any of `id, url, outlet, published, lang, title, text, html`.

use crate::{IngestError, Ingested, MAX_DOCUMENT_BYTES};
use rassegna_model::{Body, Format, PartialDate, RawDocument};
use std::io::{BufRead, Read};

const FIELDS: [&str; 8] = ["id", "url", "outlet", "published", "lang", "title", "text", "html"];

/// The fields of one line, each checked to be a string (or null/absent).
#[derive(Default)]
struct Line {
    fields: [Option<String>; 8],
}

impl Line {
    fn parse(line: &str) -> Result<Line, String> {
        let value: serde_json::Value = serde_json::from_str(line).map_err(|e| format!("malformed JSON: {e}"))?;
        let serde_json::Value::Object(map) = value else {
            return Err("expected a JSON object per line".into());
        };
        let mut out = Line::default();
        for (key, v) in map {
            let Some(i) = FIELDS.iter().position(|f| *f == key) else {
                return Err(format!("unknown field `{key}` (expected one of {})", FIELDS.join(", ")));
            };
            out.fields[i] = match v {
                serde_json::Value::Null => None,
                serde_json::Value::String(s) => Some(s),
                other => return Err(format!("field `{key}` must be a string, got {other}")),
            };
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
        out.push(parse_line(source, stem, line_no, line));
    }
    out
}

fn parse_line(source: &str, stem: &str, line_no: usize, line: &str) -> Result<Ingested, IngestError> {
    let err = |m: String| IngestError::new(source.to_string(), Some(line_no), m);
    let mut l = Line::parse(line).map_err(err)?;
    let published = match l.take("published").as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(p) => Some(PartialDate::parse_prefix(p).map_err(|e| err(format!("field `published`: {e}")))?),
        None => None,
    };
    let body = match (l.take("html"), l.take("text")) {
        (Some(h), _) if !h.trim().is_empty() => Body::Html(h.into_bytes()),
        (_, Some(t)) if !t.trim().is_empty() => Body::Text(t),
        _ => return Err(err("no `text` or `html` field with content: nothing to read".into())),
    };
    let id = l.take("id").filter(|s| !s.trim().is_empty()).unwrap_or_else(|| format!("{stem}-{line_no}"));
    Ok(Ingested::from(
        RawDocument::new(id, format!("{source}:{line_no}"), Format::Jsonl, body)
            .with_url(l.take("url"))
            .with_outlet(l.take("outlet"))
            .with_published(published)
            .with_lang(l.take("lang").map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty()))
            .with_title(l.take("title").filter(|s| !s.trim().is_empty())),
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
    fn unknown_fields_are_reported() {
        let out = read(r#"{"id":"x","txt":"typo"}"#);
        assert!(out[0].as_ref().unwrap_err().message.contains("unknown field `txt`"));
    }
}
