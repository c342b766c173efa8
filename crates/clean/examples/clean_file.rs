//! Clean files given on the command line and print the text, the removed spans and the metadata.
//!
//! `cargo run -p rassegna-clean --example clean_file -- page.html notes.txt`

use rassegna_model::{Body, Format, RawDocument};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("readable file");
        let html = path.ends_with(".html") || path.ends_with(".htm");
        let body = if html { Body::Html(bytes) } else { Body::Text(String::from_utf8_lossy(&bytes).into_owned()) };
        let doc = RawDocument::new(path.clone(), path.clone(), if html { Format::Html } else { Format::Text }, body);
        let c = rassegna_clean::clean(&doc, &rassegna_clean::Templates::default());
        println!("=== {path}\ntitle: {:?}\npublished: {:?}\noutlet: {:?}", c.title, c.published, c.outlet);
        println!("metadata: {}", serde_json::to_string(&c.metadata).unwrap_or_default());
        for r in &c.removed {
            println!("  - [{}] {:?}", r.reason, r.text);
        }
        println!("--- text\n{}\n", c.text);
    }
}
