//! Pages per second of the cleaning stage on a directory of real pages, one core, for the side-by-side
//! comparison with Python trafilatura in `scripts/bench_extract.sh`.
//!
//! `cargo bench -p rassegna-clean --bench extract_pages -- DIR [ROUNDS]` (DIR holds `.html` files).
//! Prints one line per system: `system=NAME pages=N wall=S cpu=S` (seconds; cpu = user + system time of
//! the process, which a loaded machine does not inflate the way it does wall time), for the full stage
//! (decode, extract, debris, metadata) with each extractor, and for the extractor crate alone.

use rassegna_clean::{Extraction, Templates, clean_with};
use rassegna_model::{Body, Format, RawDocument};
use std::time::Instant;

/// User + system CPU time of this process, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    tv(u.ru_utime) + tv(u.ru_stime)
}

fn time(name: &str, docs: &[RawDocument], rounds: usize, f: impl Fn(&RawDocument) -> usize) {
    let (wall, cpu) = (Instant::now(), cpu_seconds());
    let mut chars = 0usize;
    for _ in 0..rounds {
        for d in docs {
            chars += f(d);
        }
    }
    let (wall, cpu) = (wall.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    let n = docs.len() * rounds;
    println!(
        "system={name} pages={n} wall={wall:.3} cpu={cpu:.3} pages_per_cpu_second={:.1} (text bytes {chars})",
        n as f64 / cpu.max(1e-9)
    );
}

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
            RawDocument::new(p.display().to_string(), p.display().to_string(), Format::Html, body)
        })
        .collect();
    let templates = Templates::default();
    time("rassegna-clean", &docs, rounds, |d| clean_with(d, &templates, Extraction::Accurate).text.len());
    time("rassegna-clean-fast", &docs, rounds, |d| clean_with(d, &templates, Extraction::Fast).text.len());
    time("trafilatura-rs-alone", &docs, rounds, |d| match &d.body {
        Body::Html(b) => rassegna_clean::html::baseline(b).1.len(),
        Body::Text(_) => 0,
    });
}
