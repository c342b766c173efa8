//! Pages per second of the cleaning stage on a directory of real pages, one core, for the side-by-side
//! comparison with Python trafilatura in `scripts/bench_extract.sh`.
//!
//! `cargo bench -p rassegna-clean --bench extract_pages -- DIR [ROUNDS]` (DIR holds `.html` files).
//! Prints `pages=N seconds=S pages_per_second=R` for the full stage (decode, extract, debris, metadata)
//! and for the extractor crate alone.

use rassegna_clean::{Templates, clean};
use rassegna_model::{Body, Format, RawDocument};
use std::time::Instant;

fn main() {
    // `cargo bench` passes `--bench`; the directory is the first argument that is not a flag.
    let args: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let Some(dir) = args.first() else {
        eprintln!("usage: extract_pages DIR [ROUNDS]");
        return;
    };
    let rounds: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(1);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("readable directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    paths.sort();
    let docs: Vec<RawDocument> = paths
        .iter()
        .map(|p| {
            let body = Body::Html(std::fs::read(p).expect("readable page"));
            RawDocument {
                id: p.display().to_string(),
                source: p.display().to_string(),
                format: Format::Html,
                url: None,
                outlet: None,
                published: None,
                lang: None,
                title: None,
                content_hash: RawDocument::hash_body(&body),
                body,
            }
        })
        .collect();
    let templates = Templates::default();
    let t = Instant::now();
    let mut chars = 0usize;
    for _ in 0..rounds {
        for d in &docs {
            chars += clean(d, &templates).text.len();
        }
    }
    let secs = t.elapsed().as_secs_f64();
    let n = docs.len() * rounds;
    println!(
        "rassegna-clean: pages={n} seconds={secs:.3} pages_per_second={:.1} (text bytes {chars})",
        n as f64 / secs
    );
    let t = Instant::now();
    chars = 0;
    for _ in 0..rounds {
        for d in &docs {
            if let Body::Html(b) = &d.body {
                chars += rassegna_clean::html::baseline(b).1.len();
            }
        }
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "trafilatura-rs alone: pages={n} seconds={secs:.3} pages_per_second={:.1} (bytes {chars})",
        n as f64 / secs
    );
}
