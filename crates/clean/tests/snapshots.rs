//! Expected output of the cleaning stage on a few reports of the demo corpus (`corpus/demo`, our
//! invented pages): metadata with provenance, the clean text, and every removed span with its reason.
//! Refresh with `INSTA_UPDATE=always cargo test -p rassegna-clean --test snapshots` and review the
//! `.snap` diff (README, "Snapshot tests").

use rassegna_clean::{Cleaned, Templates, clean};
use rassegna_model::{Body, Format, MetaValue, RawDocument};
use std::fmt::Write;
use std::path::PathBuf;

fn demo(path: &str) -> RawDocument {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo").join(path);
    let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let (id, format, body) = match path.strip_suffix(".html") {
        Some(stem) => (stem, Format::Html, Body::Html(bytes)),
        None => (path.trim_end_matches(".txt"), Format::Text, Body::Text(String::from_utf8(bytes).unwrap())),
    };
    RawDocument::new(id.rsplit('/').next().unwrap(), path, format, body)
}

fn meta(name: &str, m: &Option<MetaValue>) -> String {
    m.as_ref().map(|m| format!("{name}: {} ({})\n", m.value, m.from)).unwrap_or_default()
}

/// Metadata, then the clean text, then the removed spans (`start..end reason: "text"`).
fn render(c: &Cleaned) -> String {
    let md = &c.metadata;
    let mut out = String::new();
    for (name, m) in [
        ("title", &md.title),
        ("published", &md.published),
        ("author", &md.author),
        ("site", &md.site),
        ("canonical", &md.canonical_url),
        ("wire", &md.wire),
    ] {
        out += &meta(name, m);
    }
    writeln!(out, "outlet: {}", c.outlet.as_deref().unwrap_or("-")).unwrap();
    for d in &c.diagnostics {
        writeln!(out, "{}: {}", d.level, d.message).unwrap();
    }
    writeln!(out, "\n--- text\n{}\n\n--- removed", c.text).unwrap();
    for r in &c.removed {
        writeln!(out, "{}..{} {}: {:?}", r.start, r.end, r.reason, r.text).unwrap();
    }
    out
}

fn check(path: &str) -> String {
    let doc = demo(path);
    let c = clean(&doc, &Templates::default());
    if let Body::Text(input) = &doc.body {
        for r in &c.removed {
            assert_eq!(&input[r.start..r.end], r.text, "{path}: span {}..{} ({})", r.start, r.end, r.reason);
        }
    }
    render(&c)
}

/// Italian scraped text: date marker, "Connect with us / Published / on", repeated title, WhatsApp
/// prompt, byline, "Leggi anche" list.
#[test]
fn italian_scraped_text() {
    insta::assert_snapshot!(check("text/t01.txt"));
}

/// English scraped text with a wire dateline.
#[test]
fn english_scraped_text() {
    insta::assert_snapshot!(check("text/t13.txt"));
}

/// An ISO-8859-1 HTML page (declared with `<meta charset>`): decoding, main text, page metadata.
#[test]
fn latin1_html_page() {
    insta::assert_snapshot!(check("html/h04.html"));
}
