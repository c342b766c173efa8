//! Print the consolidation of a fixture story: `cargo run -p rassegna-consolidate --example show -- ferry`.

#[path = "../tests/util/mod.rs"]
mod util;

fn main() {
    let event = std::env::args().nth(1).unwrap_or_else(|| "ferry".into());
    let articles = util::load_event(&event);
    let c = rassegna_consolidate::consolidate(&articles);
    println!("title: {:?}", c.title);
    for s in &c.summary {
        println!("  {:?} {}", s.sources, s.sentence);
    }
    for f in &c.facts {
        println!(
            "{:<12} {:<9} {:<28} {:<16} {:?} x{} {:?}",
            f.status,
            f.predicate,
            f.subject,
            f.value,
            f.sources,
            f.independent_sources,
            f.mentions.iter().map(|m| m.value.clone().unwrap_or_default()).collect::<Vec<_>>()
        );
    }
}
