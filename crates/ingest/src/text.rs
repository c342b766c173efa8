//! Plain-text documents: already-extracted page text, with the seeds' optional `date` marker.

use crate::{IngestError, Ingested, binary_message, looks_binary};
use rassegna_model::{Body, Format, PartialDate, RawDocument};

/// Read a `.txt` document. A leading `date YYYY-MM[-DD]` marker sets `published`; the body is kept
/// whole so the cleaning stage can record the marker's removal. Invalid UTF-8 is decoded as
/// Windows-1252 with a warning rather than dropped.
pub(crate) fn read_text(source: &str, stem: &str, bytes: &[u8]) -> Result<Ingested, IngestError> {
    if looks_binary(bytes) {
        return Err(IngestError::new(source, None, binary_message(bytes)));
    }
    let mut warnings = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.trim_start_matches('\u{feff}').to_string(),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            warnings.push(format!(
                "{source}:{line}: invalid UTF-8 at byte {at}; decoded as Windows-1252 (re-encode the file as UTF-8 to silence this)"
            ));
            encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
        }
    };
    let published = date_marker(&text);
    let body = Body::Text(text);
    Ok(Ingested { doc: RawDocument::new(stem, source, Format::Text, body).with_published(published), warnings })
}

/// The date of a leading `date YYYY-MM[-DD]` marker, if the text starts with one.
pub fn date_marker(text: &str) -> Option<PartialDate> {
    let rest = text.trim_start().strip_prefix("date")?;
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let token = rest.split_whitespace().next()?;
    token.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_marker_is_parsed_but_body_kept() {
        let d = read_text("s.txt", "s", " date 2024-06 “Il trattato”, ha detto.".as_bytes()).unwrap();
        assert_eq!(d.doc.published.unwrap().to_string(), "2024-06");
        assert!(matches!(&d.doc.body, Body::Text(t) if t.contains("date 2024-06")));
        assert_eq!(d.doc.id, "s");
    }

    #[test]
    fn no_marker_for_ordinary_text() {
        assert_eq!(date_marker("datemi retta"), None);
        assert_eq!(date_marker("date a noi la pace"), None);
        assert_eq!(date_marker("date 2024-06-19\nTitolo").unwrap().to_string(), "2024-06-19");
    }

    #[test]
    fn invalid_utf8_is_decoded_with_a_warning_naming_the_line() {
        let bytes = b"Prima riga\nCitt\xe0 di mare\n";
        let d = read_text("latin.txt", "latin", bytes).unwrap();
        assert!(matches!(&d.doc.body, Body::Text(t) if t.contains("Città")));
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("latin.txt:2"), "{}", d.warnings[0]);
    }
}
