//! RSS and Atom feed files: one document per item, with its content or summary.

use crate::IngestError;
use rassegna_model::RawDocument;

pub(crate) fn read_feed(source: &str, _bytes: &[u8]) -> Vec<Result<RawDocument, IngestError>> {
    vec![Err(IngestError::new(source, None, "feed input is not supported yet"))]
}
