//! Sources: read files, directories (recursive), globs and stdin in each input format (plain text,
//! HTML, JSON Lines, WARC, RSS/Atom) into [`RawDocument`]s, one result per document.
//!
//! *Boundary:* this crate only reads and parses containers; it never cleans text. A bad document is
//! an `Err` item naming the file and line or record, and never stops the other documents.

mod dates;
mod feed;
pub use feed::plain_text;
mod jsonl;
mod text;
mod warc;

use rassegna_model::{Body, Format, RawDocument};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest single document accepted (a text or HTML file, a JSON line, a WARC record).
pub const MAX_DOCUMENT_BYTES: u64 = 16 * 1024 * 1024;
/// Largest decompressed WARC stream read from one file.
pub const MAX_ARCHIVE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// A document that could not be read, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct IngestError {
    /// The file (or `-` for stdin), with `#N` for a record inside an archive or feed.
    pub file: String,
    /// 1-based line, for line-oriented formats.
    pub line: Option<usize>,
    pub message: String,
}

impl IngestError {
    pub fn new(source: impl Into<String>, line: Option<usize>, message: impl Into<String>) -> Self {
        IngestError { file: source.into(), line, message: message.into() }
    }
}

/// A document read from an input, with warnings about how it was read (e.g. a charset guess).
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    pub doc: RawDocument,
    pub warnings: Vec<String>,
}

impl From<RawDocument> for Ingested {
    fn from(doc: RawDocument) -> Self {
        Ingested { doc, warnings: Vec::new() }
    }
}

/// One input to read: a file, standard input, or bytes already in memory (e.g. a request body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
    /// Bytes named like a file: the name's extension gives the format (else it is sniffed as for
    /// stdin), and its stem the ids of documents without one (`<stem>-<line>`).
    Bytes {
        name: String,
        bytes: Vec<u8>,
    },
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::File(p) => p.display().to_string(),
            Input::Stdin => "-".into(),
            Input::Bytes { name, .. } => name.clone(),
        }
    }
}

/// The formats a file name maps to, or `None` for an unknown extension.
pub fn format_of(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    if name.ends_with(".warc") || name.ends_with(".warc.gz") {
        return Some(Format::Warc);
    }
    match path.extension()?.to_string_lossy().to_lowercase().as_str() {
        "txt" | "text" => Some(Format::Text),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "jsonl" | "ndjson" => Some(Format::Jsonl),
        "rss" | "atom" | "xml" => Some(Format::Feed),
        _ => None,
    }
}

/// Expand command-line inputs (files, directories walked recursively in name order, glob patterns,
/// `-` for stdin) into the inputs to read, in a stable order. Directory entries with an unknown
/// extension are skipped and listed in the second value; a named file with one is an error.
pub fn expand(args: &[String]) -> (Vec<Input>, Vec<PathBuf>, Vec<IngestError>) {
    let (mut inputs, mut skipped, mut errors) = (Vec::new(), Vec::new(), Vec::new());
    for arg in args {
        if arg == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            walk(path, &mut inputs, &mut skipped, &mut errors);
        } else if path.exists() {
            inputs.push(Input::File(path.to_path_buf()));
        } else if arg.contains(['*', '?', '[']) {
            match glob::glob(arg) {
                Ok(paths) => {
                    let mut found: Vec<PathBuf> = paths.filter_map(Result::ok).filter(|p| p.is_file()).collect();
                    found.sort();
                    if found.is_empty() {
                        errors.push(IngestError::new(arg, None, "the pattern matches no file"));
                    }
                    inputs.extend(found.into_iter().map(Input::File));
                }
                Err(e) => errors.push(IngestError::new(arg, None, format!("bad glob pattern: {e}"))),
            }
        } else {
            errors.push(IngestError::new(arg, None, "no such file or directory"));
        }
    }
    (inputs, skipped, errors)
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, skipped: &mut Vec<PathBuf>, errors: &mut Vec<IngestError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(IngestError::new(dir.display().to_string(), None, format!("cannot read directory: {e}")));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let hidden = p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if p.is_dir() {
            walk(&p, inputs, skipped, errors);
        } else if format_of(&p).is_some() {
            inputs.push(Input::File(p));
        } else {
            skipped.push(p);
        }
    }
}

/// Read every document of one input. Never panics on bad bytes; each failure is one `Err` item.
pub fn read(input: &Input) -> Vec<Result<Ingested, IngestError>> {
    let source = input.name();
    match input {
        Input::Stdin => {
            let mut bytes = Vec::new();
            if let Err(e) = std::io::stdin().take(MAX_DOCUMENT_BYTES * 64).read_to_end(&mut bytes) {
                return vec![Err(IngestError::new(source, None, format!("cannot read stdin: {e}")))];
            }
            let format = sniff(&bytes);
            read_bytes(&source, "stdin", format, bytes)
        }
        Input::Bytes { name, bytes } => {
            let path = Path::new(name);
            let format = format_of(path).unwrap_or_else(|| sniff(bytes));
            // JSON Lines are capped per line; any other format is one document.
            if format != Format::Jsonl && bytes.len() as u64 > MAX_DOCUMENT_BYTES {
                return vec![Err(IngestError::new(
                    source,
                    None,
                    format!("too large for one document (limit {} MB)", MAX_DOCUMENT_BYTES / 1_000_000),
                ))];
            }
            read_bytes(&source, &file_stem(path), format, bytes.clone())
        }
        Input::File(path) => {
            let Some(format) = format_of(path) else {
                let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
                return vec![Err(IngestError::new(
                    source,
                    None,
                    format!(
                        "unsupported file type {ext:?}: expected .txt, .html/.htm, .jsonl, .warc/.warc.gz, .rss/.atom/.xml"
                    ),
                ))];
            };
            let stem = file_stem(path);
            if format == Format::Warc {
                return match open_warc(path) {
                    Ok(reader) => warc::read_warc(&source, reader).into_iter().map(|r| r.map(Ingested::from)).collect(),
                    Err(e) => vec![Err(IngestError::new(source, None, e))],
                };
            }
            let meta = match std::fs::metadata(path) {
                Ok(m) => m,
                Err(e) => return vec![Err(IngestError::new(source, None, format!("cannot read file: {e}")))],
            };
            // JSON Lines are streamed line by line, so only single-document formats are capped here.
            if format != Format::Jsonl && meta.len() > MAX_DOCUMENT_BYTES {
                return vec![Err(IngestError::new(
                    source,
                    None,
                    format!(
                        "file too large for one document: {} MB (limit {} MB); split it or use JSON Lines",
                        meta.len() / 1_000_000,
                        MAX_DOCUMENT_BYTES / 1_000_000
                    ),
                ))];
            }
            if format == Format::Jsonl {
                return match std::fs::File::open(path) {
                    Ok(f) => jsonl::read_jsonl(&source, &stem, std::io::BufReader::new(f)),
                    Err(e) => vec![Err(IngestError::new(source, None, format!("cannot open file: {e}")))],
                };
            }
            match std::fs::read(path) {
                Ok(bytes) => read_bytes(&source, &stem, format, bytes),
                Err(e) => vec![Err(IngestError::new(source, None, format!("cannot read file: {e}")))],
            }
        }
    }
}

fn open_warc(path: &Path) -> Result<Box<dyn Read>, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open file: {e}"))?;
    let gz = path.to_string_lossy().to_lowercase().ends_with(".gz");
    let reader: Box<dyn Read> = if gz { Box::new(flate2_free_reader(f)) } else { Box::new(std::io::BufReader::new(f)) };
    Ok(Box::new(reader.take(MAX_ARCHIVE_BYTES)))
}

// Gzip decoding of WARC files lives in the warc module (it owns the flate2 dependency).
fn flate2_free_reader(f: std::fs::File) -> impl Read {
    warc::gunzip(f)
}

/// Guess the format of bytes from stdin: JSON Lines, HTML, else plain text.
fn sniff(bytes: &[u8]) -> Format {
    let head = bytes.iter().copied().skip_while(u8::is_ascii_whitespace).take(256).collect::<Vec<u8>>();
    let lower = String::from_utf8_lossy(&head).to_lowercase();
    if lower.starts_with('{') {
        Format::Jsonl
    } else if lower.starts_with("<!doctype html") || lower.starts_with("<html") || lower.contains("<body") {
        Format::Html
    } else if lower.starts_with("<?xml") || lower.starts_with("<rss") || lower.starts_with("<feed") {
        Format::Feed
    } else if lower.starts_with("warc/") {
        Format::Warc
    } else {
        Format::Text
    }
}

fn read_bytes(source: &str, stem: &str, format: Format, bytes: Vec<u8>) -> Vec<Result<Ingested, IngestError>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return vec![Err(IngestError::new(source, None, "empty document: nothing to read"))];
    }
    match format {
        Format::Text => vec![text::read_text(source, stem, &bytes)],
        Format::Html => {
            if looks_binary(&bytes) {
                return vec![Err(IngestError::new(source, None, binary_message(&bytes)))];
            }
            let body = Body::Html(bytes);
            vec![Ok(Ingested::from(RawDocument::new(stem, source, format, body)))]
        }
        Format::Jsonl => jsonl::read_jsonl(source, stem, std::io::Cursor::new(bytes)),
        Format::Feed => feed::read_feed(source, &bytes).into_iter().map(|r| r.map(Ingested::from)).collect(),
        Format::Warc => warc::read_warc(source, Box::new(std::io::Cursor::new(bytes)))
            .into_iter()
            .map(|r| r.map(Ingested::from))
            .collect(),
    }
}

/// A file is binary when its first 8 KB hold a NUL byte or mostly control bytes.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let control = head.iter().filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b)).count();
    head.contains(&0) || control * 10 > head.len()
}

pub(crate) fn binary_message(bytes: &[u8]) -> String {
    let kind = if bytes.starts_with(b"\x89PNG") {
        " (PNG image)"
    } else if bytes.starts_with(b"%PDF") {
        " (PDF)"
    } else if bytes.starts_with(&[0x1f, 0x8b]) {
        " (gzip data)"
    } else if bytes.starts_with(b"PK") {
        " (zip archive)"
    } else {
        ""
    };
    format!("binary file{kind}, not text: skipped")
}

fn file_stem(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let lower = name.to_lowercase();
    for ext in [".warc.gz", ".warc"] {
        if lower.ends_with(ext) {
            return name[..name.len() - ext.len()].to_string();
        }
    }
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(format_of(Path::new("a/b.TXT")), Some(Format::Text));
        assert_eq!(format_of(Path::new("x.warc.gz")), Some(Format::Warc));
        assert_eq!(format_of(Path::new("x.htm")), Some(Format::Html));
        assert_eq!(format_of(Path::new("x.xyz")), None);
        assert_eq!(file_stem(Path::new("dir/cc-news.warc.gz")), "cc-news");
    }

    #[test]
    fn walks_directories_in_name_order_and_skips_unknown_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "testo").unwrap();
        std::fs::write(dir.path().join("sub/a.html"), "<p>x</p>").unwrap();
        std::fs::write(dir.path().join("notes.md"), "x").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "x").unwrap();
        let (inputs, skipped, errors) = expand(&[dir.path().display().to_string()]);
        let names: Vec<_> = inputs.iter().map(|i| i.name()).collect();
        assert_eq!(names.len(), 2);
        assert!(names[0].ends_with("b.txt") && names[1].ends_with("a.html"));
        assert_eq!(skipped.len(), 1);
        assert!(errors.is_empty());
    }

    #[test]
    fn missing_paths_and_empty_globs_are_errors() {
        let (inputs, _, errors) = expand(&["/nonexistent/x.txt".into(), "/nonexistent/*.txt".into()]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 2);
        assert!(errors[0].to_string().contains("no such file"));
        assert!(errors[1].to_string().contains("matches no file"));
    }

    #[test]
    fn bad_files_get_one_clear_error_each() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&str, &[u8], &str); 3] = [
            ("empty.txt", b"  \n", "empty document"),
            ("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "binary file (PNG image)"),
            ("data.xyz", b"hello", "unsupported file type \".xyz\""),
        ];
        for (name, bytes, expected) in cases {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            let out = read(&Input::File(p));
            assert_eq!(out.len(), 1, "{name}");
            let err = out[0].as_ref().unwrap_err();
            assert!(err.to_string().contains(expected), "{name}: {err}");
            assert!(err.to_string().contains(name), "{name}: error must name the file: {err}");
        }
    }

    #[test]
    fn bytes_in_memory_read_like_the_file_they_are_named_after() {
        let body = b"{\"outlet\": \"Eco di Riva\", \"text\": \"Il molo riapre domani.\"}\n{\"text\": 3}\n".to_vec();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("post-7.jsonl");
        std::fs::write(&p, &body).unwrap();
        let from_file = read(&Input::File(p));
        let from_memory = read(&Input::Bytes { name: "post-7.jsonl".into(), bytes: body });
        assert_eq!(from_memory.len(), 2);
        let doc = &from_memory[0].as_ref().unwrap().doc;
        assert_eq!(doc.id, from_file[0].as_ref().unwrap().doc.id);
        assert_eq!(doc.id, "post-7-1");
        assert_eq!(
            doc.source,
            from_file[0].as_ref().unwrap().doc.source.replace(&dir.path().join("").display().to_string(), "")
        );
        assert_eq!(doc.source, "post-7.jsonl:1");
        assert_eq!(doc.outlet.as_deref(), Some("Eco di Riva"));
        let err = from_memory[1].as_ref().unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("post-7.jsonl", Some(2)));
        // Without an extension the format is sniffed.
        let html =
            read(&Input::Bytes { name: "pagina".into(), bytes: b"<html><body><p>Ciao</p></body></html>".to_vec() });
        assert_eq!(html[0].as_ref().unwrap().doc.format, Format::Html);
    }

    #[test]
    fn oversized_single_document_files_are_refused_without_reading_them() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("huge.txt");
        let f = std::fs::File::create(&p).unwrap();
        f.set_len(MAX_DOCUMENT_BYTES + 1).unwrap();
        let out = read(&Input::File(p));
        assert!(out[0].as_ref().unwrap_err().message.contains("file too large"));
    }
}
