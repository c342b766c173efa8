//! WARC archives (as CC-NEWS ships them): one document per HTTP response record.
//!
//! Reading is bounded: a record header may not exceed [`MAX_HEADER_BYTES`], a record body is read up
//! to [`crate::MAX_DOCUMENT_BYTES`] (a larger one is skipped without being held in memory), and the
//! caller caps the decompressed stream of a whole file (see [`crate::MAX_ARCHIVE_BYTES`]), so no gzip
//! bomb exhausts memory. A malformed or truncated record is an `Err` item, never a panic.

use crate::{IngestError, MAX_ARCHIVE_BYTES, MAX_DOCUMENT_BYTES};
use rassegna_model::{Body, Format, RawDocument};
use std::cell::Cell;
use std::io::{BufRead, BufReader, Read};
use std::rc::Rc;

/// Largest WARC record header block (WARC headers are a few hundred bytes in practice).
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// Gzip-decode a (multi-member) `.warc.gz` stream.
pub(crate) fn gunzip(f: std::fs::File) -> impl Read {
    flate2::read::MultiGzDecoder::new(std::io::BufReader::new(f))
}

/// A reader that fails once a byte budget set from outside is spent, and counts every byte read.
struct Budgeted<R> {
    inner: R,
    budget: Rc<Cell<u64>>,
    total: Rc<Cell<u64>>,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.budget.get();
        if left == 0 {
            return Err(std::io::Error::other("record header too large"));
        }
        let want = buf.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.budget.set(left - n as u64);
        self.total.set(self.total.get() + n as u64);
        Ok(n)
    }
}

/// Read every HTTP response record of a WARC stream (already decompressed) as a document.
pub(crate) fn read_warc(source: &str, reader: Box<dyn Read>) -> Vec<Result<RawDocument, IngestError>> {
    let budget = Rc::new(Cell::new(MAX_HEADER_BYTES));
    let total = Rc::new(Cell::new(0u64));
    let guarded = Budgeted { inner: reader, budget: budget.clone(), total: total.clone() };
    let mut buffered = BufReader::with_capacity(64 * 1024, guarded);
    let mut warc = warc::WarcReader::new(&mut buffered);
    let mut records = warc.stream_records();
    let mut out = Vec::new();
    let mut n = 0usize;
    loop {
        budget.set(MAX_HEADER_BYTES);
        let Some(item) = records.next_item() else { break };
        n += 1;
        let here = format!("{source}#{n}");
        let mut record = match item {
            Ok(r) => r,
            Err(e) => {
                let why = if total.get() >= MAX_ARCHIVE_BYTES {
                    format!(
                        "the archive's decompressed size reached the {} GB cap: the rest was not read",
                        MAX_ARCHIVE_BYTES >> 30
                    )
                } else if budget.get() == 0 {
                    format!(
                        "record header larger than {} KB: the rest of the archive was not read",
                        MAX_HEADER_BYTES >> 10
                    )
                } else {
                    format!("malformed or truncated WARC record ({e}): the rest of the archive was not read")
                };
                out.push(Err(IngestError::new(here, None, why)));
                break;
            }
        };
        budget.set(u64::MAX);
        let is_response = *record.warc_type() == warc::RecordType::Response;
        let length = record.content_length();
        let id = record.header(warc::WarcHeader::RecordID).map(|v| v.trim_matches(['<', '>']).to_string());
        let uri = record.header(warc::WarcHeader::TargetURI).map(|v| v.trim_matches(['<', '>']).to_string());
        if !is_response {
            // warcinfo, request and metadata records carry no page: skip their bodies unread.
            if let Err(e) = std::io::copy(&mut record, &mut std::io::sink()) {
                out.push(Err(IngestError::new(here, None, format!("truncated WARC record: {e}"))));
                break;
            }
            continue;
        }
        if length > MAX_DOCUMENT_BYTES {
            let skipped = std::io::copy(&mut record, &mut std::io::sink());
            out.push(Err(IngestError::new(
                here.clone(),
                None,
                format!("record of {} MB is over the {} MB limit: skipped", length >> 20, MAX_DOCUMENT_BYTES >> 20),
            )));
            if skipped.is_err() {
                out.push(Err(IngestError::new(
                    here,
                    None,
                    "truncated WARC record: the rest of the archive was not read",
                )));
                break;
            }
            continue;
        }
        let mut payload = Vec::with_capacity(length as usize);
        if let Err(e) = (&mut record).take(length).read_to_end(&mut payload) {
            out.push(Err(IngestError::new(here, None, format!("truncated WARC record: {e}"))));
            break;
        }
        if (payload.len() as u64) < length {
            out.push(Err(IngestError::new(
                here,
                None,
                format!("truncated WARC record: {} of {length} bytes", payload.len()),
            )));
            break;
        }
        drop(record);
        match http_document(&payload) {
            Ok(Some(body)) => {
                let doc_id = id.clone().or_else(|| uri.clone()).unwrap_or_else(|| here.clone());
                out.push(Ok(RawDocument::new(doc_id, here, Format::Warc, body).with_url(uri)));
            }
            Ok(None) => {}
            Err(why) => out.push(Err(IngestError::new(here, None, why))),
        }
    }
    out
}

/// The page in an HTTP response: `None` for responses that are not pages (redirects, images, errors).
fn http_document(payload: &[u8]) -> Result<Option<Body>, String> {
    let Some(split) =
        find(payload, b"\r\n\r\n").map(|i| (i, i + 4)).or_else(|| find(payload, b"\n\n").map(|i| (i, i + 2)))
    else {
        return Err("HTTP response without a header block".into());
    };
    let head = String::from_utf8_lossy(&payload[..split.0]);
    let mut lines = head.lines();
    let status = lines.next().unwrap_or_default();
    let code: u16 = status
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP response: {:?}", status.chars().take(60).collect::<String>()))?;
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let mut content_type = String::new();
    let (mut gzip, mut chunked) = (false, false);
    for line in lines {
        let Some((name, value)) = line.split_once(':') else { continue };
        let (name, value) = (name.trim().to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        match name.as_str() {
            "content-type" => content_type = value,
            "content-encoding" => gzip = value.contains("gzip"),
            "transfer-encoding" => chunked = value.contains("chunked"),
            _ => {}
        }
    }
    let mut body = payload[split.1..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("malformed chunked HTTP body")?;
    }
    if gzip && body.starts_with(&[0x1f, 0x8b]) {
        let mut plain = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(MAX_DOCUMENT_BYTES + 1)
            .read_to_end(&mut plain)
            .map_err(|e| format!("bad gzip HTTP body: {e}"))?;
        if plain.len() as u64 > MAX_DOCUMENT_BYTES {
            return Err(format!("page decompresses to over {} MB: skipped", MAX_DOCUMENT_BYTES >> 20));
        }
        body = plain;
    }
    let html = content_type.is_empty() || content_type.contains("html");
    if !html && !content_type.starts_with("text/plain") {
        return Ok(None);
    }
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("empty HTTP response body".into());
    }
    // A charset named only in the HTTP header would be lost downstream: transcode to UTF-8 here.
    let charset = content_type
        .split(';')
        .find_map(|p| p.trim().strip_prefix("charset=").map(|c| c.trim_matches('"').to_string()));
    if let Some(enc) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()))
        && enc != encoding_rs::UTF_8
        && std::str::from_utf8(&body).is_err()
    {
        body = enc.decode(&body).0.into_owned().into_bytes();
    }
    Ok(Some(if html { Body::Html(body) } else { Body::Text(String::from_utf8_lossy(&body).into_owned()) }))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Undo HTTP chunked transfer encoding.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let mut line = String::new();
        let n = (&mut data).read_line(&mut line).ok()?;
        if n == 0 {
            return Some(out);
        }
        let size = usize::from_str_radix(line.trim().split(';').next()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size..];
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn record(kind: &str, uri: &str, id: &str, payload: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Date: 2025-03-01T10:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
            payload.len()
        )
        .into_bytes();
        r.extend_from_slice(payload);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn http(status: &str, ctype: &str, body: &[u8]) -> Vec<u8> {
        let mut p = format!("HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\n\r\n").into_bytes();
        p.extend_from_slice(body);
        p
    }

    fn gz(members: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Vec::new();
        for m in members {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(m).unwrap();
            out.extend(e.finish().unwrap());
        }
        out
    }

    #[test]
    fn reads_response_records_of_a_multi_member_gzip_archive() {
        let page = "<html><body><p>Il sindaco di Velia ha inaugurato la nuova biblioteca.</p></body></html>";
        let latin = encoding_rs::WINDOWS_1252.encode("<p>Città più bella</p>").0.into_owned();
        let members = vec![
            record("warcinfo", "", "urn:uuid:0", b"software: test\r\n"),
            record("request", "https://a.it/x", "urn:uuid:1", b"GET /x HTTP/1.1\r\n\r\n"),
            record(
                "response",
                "https://a.it/x",
                "urn:uuid:2",
                &http("200 OK", "text/html; charset=utf-8", page.as_bytes()),
            ),
            record("response", "https://a.it/old", "urn:uuid:3", &http("301 Moved", "text/html", b"")),
            record("response", "https://a.it/img", "urn:uuid:4", &http("200 OK", "image/png", b"\x89PNG")),
            record(
                "response",
                "https://a.it/y",
                "urn:uuid:5",
                &http("200 OK", "text/html; charset=windows-1252", &latin),
            ),
        ];
        let bytes = gz(&members);
        let docs = read_warc("cc.warc.gz", Box::new(gunzip_bytes(bytes)));
        assert_eq!(docs.len(), 2, "{docs:?}");
        let d = docs[0].as_ref().unwrap();
        assert_eq!(d.id, "urn:uuid:2");
        assert_eq!(d.url.as_deref(), Some("https://a.it/x"));
        assert_eq!(d.source, "cc.warc.gz#3");
        assert_eq!(d.body, Body::Html(page.as_bytes().to_vec()));
        let Body::Html(b) = &docs[1].as_ref().unwrap().body else { panic!("html expected") };
        assert_eq!(std::str::from_utf8(b).unwrap(), "<p>Città più bella</p>");
    }

    fn gunzip_bytes(bytes: Vec<u8>) -> impl Read {
        flate2::read::MultiGzDecoder::new(std::io::Cursor::new(bytes))
    }

    #[test]
    fn a_truncated_archive_gives_its_documents_then_an_error() {
        let page = http("200 OK", "text/html", b"<p>Prima pagina completa dell'archivio di prova.</p>");
        let mut bytes = record("response", "https://a.it/1", "urn:uuid:1", &page);
        let second = record("response", "https://a.it/2", "urn:uuid:2", &page);
        bytes.extend_from_slice(&second[..second.len() - 30]);
        let docs = read_warc("t.warc", Box::new(std::io::Cursor::new(bytes)));
        assert_eq!(docs.len(), 2);
        assert!(docs[0].is_ok());
        let err = docs[1].as_ref().unwrap_err();
        assert!(err.to_string().contains("t.warc#2") && err.message.contains("truncated"), "{err}");
    }

    #[test]
    fn garbage_and_endless_headers_are_errors_not_crashes() {
        let docs = read_warc("g.warc", Box::new(std::io::Cursor::new(b"this is not a warc file\r\n\r\n".to_vec())));
        assert_eq!(docs.len(), 1);
        assert!(docs[0].is_err());
        // A header that never ends stops at the header budget instead of reading everything.
        let endless = std::io::repeat(b'a').take(10 * MAX_HEADER_BYTES);
        let docs = read_warc("h.warc", Box::new(endless));
        assert!(docs[0].as_ref().unwrap_err().message.contains("header"), "{docs:?}");
    }

    #[test]
    fn oversized_records_are_skipped_without_buffering() {
        let big = vec![b'x'; (MAX_DOCUMENT_BYTES + 10) as usize];
        let mut bytes = record("response", "https://a.it/big", "urn:uuid:1", &http("200 OK", "text/html", &big));
        bytes.extend(record(
            "response",
            "https://a.it/ok",
            "urn:uuid:2",
            &http("200 OK", "text/html", b"<p>ok page</p>"),
        ));
        let docs = read_warc("b.warc", Box::new(std::io::Cursor::new(bytes)));
        assert_eq!(docs.len(), 2);
        assert!(docs[0].as_ref().unwrap_err().message.contains("limit"));
        assert_eq!(docs[1].as_ref().unwrap().id, "urn:uuid:2");
    }

    #[test]
    fn chunked_and_gzipped_http_bodies_are_decoded() {
        let mut p = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n".to_vec();
        p.extend_from_slice(b"5\r\n<p>ab\r\n5\r\nc</p>\r\n0\r\n\r\n");
        assert_eq!(http_document(&p).unwrap(), Some(Body::Html(b"<p>abc</p>".to_vec())));
        let mut q = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        q.extend(gz(&[b"<p>zipped</p>".to_vec()]));
        assert_eq!(http_document(&q).unwrap(), Some(Body::Html(b"<p>zipped</p>".to_vec())));
    }
}
