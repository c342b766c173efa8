//! Throughput and memory of dedup + clustering on a synthetic news stream of ~3 KB articles.
//!
//! `cargo bench -p rassegna-cluster --bench stream` prints, before criterion's own figures, the cost
//! per article for each block of 10,000 articles of a 100,000-article stream (it should stay flat)
//! and the resident state per article, measured with a counting allocator. Set `STREAM_N` to change
//! the stream length and `STREAM_DUMP=path` to write the stream as JSON Lines for the Python baseline.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{Criterion, Throughput};
use rassegna_cluster::{ClusterConfig, Clusterer};
use rassegna_dedup::DedupIndex;
use rassegna_model::{Article, PartialDate};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size(), Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, n: usize) -> *mut u8 {
        LIVE.fetch_add(n, Ordering::Relaxed);
        LIVE.fetch_sub(l.size(), Ordering::Relaxed);
        unsafe { System.realloc(p, l, n) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// A deterministic generator of news-like articles: Zipf background words, events with their own
/// vocabulary, names and numbers spread over days, and wire copies of earlier articles.
struct Stream {
    state: u64,
    vocab: Vec<String>,
    names: Vec<String>,
    events: Vec<Event>,
    recent: Vec<(String, String)>,
    n: usize,
}

struct Event {
    words: Vec<usize>,
    names: Vec<usize>,
    numbers: Vec<u32>,
    day: i64,
}

impl Stream {
    fn new(seed: u64) -> Self {
        let mut s = Stream { state: seed | 1, vocab: vec![], names: vec![], events: vec![], recent: vec![], n: 0 };
        const SYL: &[&str] =
            &["ra", "to", "ben", "li", "ca", "mo", "ster", "vi", "ga", "ne", "pol", "dur", "si", "ta", "qua", "re"];
        for _ in 0..40_000 {
            let k = 2 + s.below(3);
            let w: String = (0..k).map(|_| SYL[s.below(SYL.len())]).collect();
            s.vocab.push(w);
        }
        for _ in 0..5_000 {
            let k = 2 + s.below(2);
            let mut w: String = (0..k).map(|_| SYL[s.below(SYL.len())]).collect();
            w[..1].make_ascii_uppercase();
            s.names.push(w);
        }
        s
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// Zipf-like rank: small ranks are frequent.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }

    fn article(&mut self) -> Article {
        self.n += 1;
        let id = format!("a{:06}", self.n);
        let day = 19_000 + (self.n / 400) as i64;
        // One article in ten is a wire copy of a recent one, with a different header and footer.
        if !self.recent.is_empty() && self.below(10) == 0 {
            let (i, j) = (self.below(self.recent.len()), self.below(50));
            let text = format!("Agenzia {} - {} Riproduzione riservata.", self.names[j], self.recent[i].1);
            return make(id, text, day);
        }
        // Events live about a week; new ones keep starting.
        self.events.retain(|e| day - e.day < 7);
        if self.events.len() < 200 || self.below(4) == 0 {
            let words = (0..40).map(|_| self.below(self.vocab.len())).collect();
            let names = (0..6).map(|_| self.below(self.names.len())).collect();
            let numbers = (0..4).map(|_| 10 + self.below(5000) as u32).collect();
            self.events.push(Event { words, names, numbers, day });
        }
        let e = self.below(self.events.len());
        let mut text = String::with_capacity(3200);
        while text.len() < 3000 {
            let r = self.below(100);
            let (nw, nn, nk) = {
                let ev = &self.events[e];
                (ev.words.len(), ev.names.len(), ev.numbers.len())
            };
            let (a, b, c, z) = (self.below(nw), self.below(nn), self.below(nk), self.zipf(self.vocab.len()));
            let ev = &self.events[e];
            let w = if r < 25 {
                self.vocab[ev.words[a]].clone()
            } else if r < 31 {
                self.names[ev.names[b]].clone()
            } else if r < 33 {
                ev.numbers[c].to_string()
            } else {
                self.vocab[z].clone()
            };
            text.push_str(&w);
            text.push(if self.below(14) == 0 { '.' } else { ' ' });
            if text.ends_with('.') {
                text.push(' ');
            }
        }
        if self.recent.len() < 500 {
            self.recent.push((id.clone(), text.clone()));
        } else {
            let i = self.below(500);
            self.recent[i] = (id.clone(), text.clone());
        }
        make(id, text, day)
    }
}

fn make(id: String, text: String, day: i64) -> Article {
    let d = PartialDate::day(2022, 1, 1).unwrap();
    let (y, m, dd) = civil(d.days_since_epoch() + day - 19_000);
    Article {
        id: id.clone(),
        source: id,
        lang: Some("it".into()),
        published: PartialDate::day(y, m, dd),
        text,
        ..Article::default()
    }
}

/// Days since the epoch to a civil date.
fn civil(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((yoe + era * 400 + i64::from(m <= 2)) as i32, m, d)
}

/// CPU seconds used by this process so far (user + system), from `/proc` on Linux: on a shared
/// machine wall time also counts other processes' turns.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<f64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    // Fields 14 and 15 of the file (utime, stime), in clock ticks of 1/100 s.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// The per-10k curve and the resident state, on one long stream.
fn curve(n: usize) {
    let mut stream = Stream::new(7);
    let articles: Vec<Article> = (0..n).map(|_| stream.article()).collect();
    if let Ok(path) = std::env::var("STREAM_DUMP") {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for a in &articles {
            writeln!(
                f,
                "{}",
                serde_json::json!({"id": a.id, "text": a.text, "published": a.published.map(|d| d.to_string())})
            )
            .unwrap();
        }
        eprintln!("wrote {path}");
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!("stream: {n} articles, mean {} bytes", bytes / n.max(1));
    let before = LIVE.load(Ordering::Relaxed);
    let mut dedup = DedupIndex::new();
    // `STREAM_PARAMS=name=value,...` runs the curve with other clustering parameters.
    let params = std::env::var("STREAM_PARAMS").unwrap_or_default();
    let config = ClusterConfig::default().with_overrides(&params).expect("STREAM_PARAMS");
    let mut clusterer = Clusterer::with_config(config);
    let mut revised = 0;
    let (mut dups, mut block_start, mut block_cpu) = (0, Instant::now(), cpu_seconds());
    let cpu_start = block_cpu;
    let start = Instant::now();
    let mut dedup_bytes = 0;
    // `STREAM_PART=cluster` or `=dedup` times one stage alone.
    let part = std::env::var("STREAM_PART").unwrap_or_default();
    let skip_dedup = part == "cluster";
    let skip_cluster = part == "dedup";
    println!("{:>8} {:>14} {:>14} {:>15} {:>10}", "articles", "wall us/art", "cpu us/art", "cpu articles/s", "stories");
    for (i, a) in articles.iter().enumerate() {
        let mut a = a.clone();
        let live = LIVE.load(Ordering::Relaxed);
        if !skip_dedup {
            a.duplicate_of = dedup.add(&a);
        }
        dedup_bytes += LIVE.load(Ordering::Relaxed) as isize as usize - live;
        dups += usize::from(a.duplicate_of.is_some());
        if !skip_cluster {
            clusterer.assign(&a);
            // The pipeline revises after each article.
            revised += clusterer.revise().len();
        }
        if (i + 1) % 10_000 == 0 {
            let us = block_start.elapsed().as_secs_f64() * 1e6 / 10_000.0;
            let cpu = cpu_seconds();
            let cpu_us = (cpu - block_cpu) * 1e6 / 10_000.0;
            println!(
                "{:>8} {:>14.1} {:>14.1} {:>15.0} {:>10}",
                i + 1,
                us,
                cpu_us,
                1e6 / cpu_us,
                clusterer.story_count()
            );
            block_start = Instant::now();
            block_cpu = cpu;
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let state = LIVE.load(Ordering::Relaxed) - before;
    println!(
        "total: {:.0} articles/s wall, {:.0} articles/s cpu; {dups} duplicates; {revised} articles moved by revisions; resident state {:.0} bytes/article (dedup {:.0}, clustering {:.0})",
        n as f64 / secs,
        n as f64 / (cpu_seconds() - cpu_start),
        state as f64 / n as f64,
        dedup_bytes as f64 / n as f64,
        (state - dedup_bytes) as f64 / n as f64
    );
}

fn main() {
    let n = std::env::var("STREAM_N").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    curve(n);
    let mut stream = Stream::new(11);
    let batch: Vec<Article> = (0..2_000).map(|_| stream.article()).collect();
    let mut c = Criterion::default().configure_from_args().sample_size(10);
    let mut g = c.benchmark_group("stream");
    g.throughput(Throughput::Elements(batch.len() as u64));
    g.bench_function("dedup+cluster 2000 articles", |b| {
        b.iter(|| {
            let mut dedup = DedupIndex::new();
            let mut clusterer = Clusterer::new();
            for a in &batch {
                let mut a = a.clone();
                a.duplicate_of = dedup.add(&a);
                clusterer.assign(&a);
                clusterer.revise();
            }
        })
    });
    g.finish();
    c.final_summary();
}
