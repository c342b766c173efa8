//! Consolidate the demo corpus's stories (text and JSON Lines documents with text; HTML skipped):
//! `cargo run -p rassegna-consolidate --example demo [-- /path/to/corpus/demo]`.

#[path = "../tests/util/mod.rs"]
#[allow(dead_code)]
mod util;

use rassegna_model::Article;
use std::path::PathBuf;

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo"));
    let (docs, expected) = util::load_demo(&dir);
    for s in expected["stories"].as_array().unwrap() {
        let arts: Vec<Article> =
            s["articles"].as_array().unwrap().iter().filter_map(|id| docs.get(id.as_str().unwrap()).cloned()).collect();
        let c = rassegna_consolidate::consolidate(&arts);
        println!(
            "\n=== {} ({} of {} reports) title: {:?}",
            s["event"],
            arts.len(),
            s["articles"].as_array().unwrap().len(),
            c.title
        );
        for x in &c.summary {
            println!("  {:?} {}", x.sources, x.sentence);
        }
        for f in c.facts.iter().filter(|f| f.status != rassegna_model::FactStatus::Single) {
            println!(
                "  {:<12} {:<8} {:<24} {:<14} {:?} x{} {:?}",
                f.status,
                f.predicate,
                f.subject,
                f.value,
                f.sources,
                f.independent_sources,
                f.mentions.iter().map(|m| format!("{}:{}", m.article, m.text)).collect::<Vec<_>>()
            );
        }
    }
}
