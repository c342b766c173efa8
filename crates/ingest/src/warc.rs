//! WARC archives (as CC-NEWS ships them): one document per HTTP response record.

use crate::IngestError;
use rassegna_model::RawDocument;
use std::io::Read;

/// Gzip-decode a (multi-member) `.warc.gz` stream.
pub(crate) fn gunzip(f: std::fs::File) -> impl Read {
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f))
}

pub(crate) fn read_warc(source: &str, _reader: Box<dyn Read>) -> Vec<Result<RawDocument, IngestError>> {
    vec![Err(IngestError::new(source, None, "WARC input is not supported yet"))]
}
