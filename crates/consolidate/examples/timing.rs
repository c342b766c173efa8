//! Time the phases of consolidating a synthetic 50-report story, in CPU time of this thread (the
//! machine is shared, so wall time overstates): `cargo run --release --example timing`.

#[path = "../tests/util/mod.rs"]
#[allow(dead_code)]
mod util;

use rassegna_model::Article;

/// Nanoseconds this thread has run on a CPU (Linux), else wall time.
fn cpu_ns() -> u128 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|x| x.parse().ok()))
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos())
}

fn time(label: &str, n: u32, mut f: impl FnMut()) {
    let t = cpu_ns();
    for _ in 0..n {
        f();
    }
    println!("{label:<8} {:.2} ms", (cpu_ns() - t) as f64 / n as f64 / 1e6);
}

fn main() {
    let events = ["ferry", "acquisition", "quake", "election", "visit", "strike", "flood"];
    let pool: Vec<Article> = events.iter().flat_map(|e| util::load_event(e)).collect();
    let story = |n: usize| -> Vec<Article> {
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
    };
    let big = story(300);
    let arts = story(50);
    let n = 20;
    time("docs", n, || drop(std::hint::black_box(rassegna_consolidate::doc::docs(&arts))));
    time("facts", n, || drop(std::hint::black_box(rassegna_consolidate::story_facts(&arts))));
    time("summary", n, || {
        drop(std::hint::black_box(rassegna_consolidate::summary::summarise(&arts, &Default::default())))
    });
    time("all", n, || drop(std::hint::black_box(rassegna_consolidate::consolidate(&arts))));
    time("all-300", 3, || drop(std::hint::black_box(rassegna_consolidate::consolidate(&big))));
}
