//! Benchmark: consolidating a 50-report story built from the invented fixture reports.
//!
//! Each synthetic report joins three fixture reports (about 15–20 sentences, like a real article)
//! and gets its own id, so the story has 50 distinct reports in two languages.

#[path = "../tests/util/mod.rs"]
#[allow(dead_code)]
mod util;

use criterion::{Criterion, criterion_group, criterion_main};
use rassegna_model::Article;
use std::hint::black_box;

fn story(n: usize) -> Vec<Article> {
    let events = ["ferry", "acquisition", "quake", "election", "visit", "strike", "flood"];
    let pool: Vec<Article> = events.iter().flat_map(|e| util::load_event(e)).collect();
    (0..n)
        .map(|i| {
            let mut a = pool[i % pool.len()].clone();
            for k in 1..3 {
                a.text.push('\n');
                a.text.push_str(&pool[(i * 7 + k * 3) % pool.len()].text);
            }
            a.id = format!("r{i}");
            a.duplicate_of = None;
            a
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let arts = story(50);
    let sentences: usize = arts.iter().map(|a| rassegna_text::sentences(&a.text).len()).sum();
    eprintln!("50 reports, {sentences} sentences, {} bytes", arts.iter().map(|a| a.text.len()).sum::<usize>());
    c.bench_function("consolidate 50-report story", |b| b.iter(|| rassegna_consolidate::consolidate(black_box(&arts))));
}

criterion_group!(benches, bench);
criterion_main!(benches);
