//! Evaluation of the extract stage: main text from HTML pages, scored on trafilatura's benchmark
//! (`with`/`without` snippets), L3S-GN1 and CleanEval (token P/R/F1 against the gold text), for the
//! full cleaning stage and for the extractor crate alone (the baseline it must beat).

use anyhow::{Context, bail};
use rassegna_model::{Body, Format, RawDocument};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of the development set.
    pub dir: PathBuf,
    /// Which collection: `trafilatura`, `l3s` or `cleaneval` (default: guessed from the directory's contents).
    #[arg(long)]
    pub format: Option<String>,
    /// Print, per page, the snippets missed and the boilerplate kept (trafilatura) or the worst pages (token sets).
    #[arg(long)]
    pub errors: bool,
    /// Score only the first N pages.
    #[arg(long)]
    pub limit: Option<usize>,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let format = match args.format.as_deref() {
        Some(f) => f.to_string(),
        None if args.dir.join("index.jsonl").exists() => "trafilatura".into(),
        None if args.dir.join("gold_text_derived.json").exists() => "l3s".into(),
        None => "cleaneval".into(),
    };
    match format.as_str() {
        "trafilatura" => trafilatura_set(args),
        "l3s" | "l3s-gn1" => token_set(args, Collection::L3s),
        "cleaneval" => token_set(args, Collection::CleanEval),
        other => bail!("unknown format {other:?}: use trafilatura, l3s or cleaneval"),
    }
}

/// The systems compared: the cleaning stage (accurate and fast extraction), and the extractor crates it
/// builds on, used alone.
const SYSTEMS: [&str; 4] = ["rassegna-clean", "rassegna-clean --fast", "trafilatura-rs alone", "dom_smoothie alone"];

fn gunzip(path: &Path) -> anyhow::Result<Vec<u8>> {
    let f = std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(f)
        .read_to_end(&mut out)
        .with_context(|| format!("bad gzip {}", path.display()))?;
    Ok(out)
}

fn page(bytes: Vec<u8>, url: Option<&str>) -> RawDocument {
    RawDocument::new("eval", "eval", Format::Html, Body::Html(bytes)).with_url(url.map(str::to_string))
}

/// Run one system on a page; with `with_title`, the title is put before the text (for gold texts that
/// include the headline).
fn extract(system: usize, doc: &RawDocument, with_title: bool) -> (String, Duration) {
    let t = Instant::now();
    let (title, text) = match system {
        0 | 1 => {
            let extraction =
                if system == 0 { rassegna_clean::Extraction::Accurate } else { rassegna_clean::Extraction::Fast };
            let c = rassegna_clean::clean_with(doc, &rassegna_clean::Templates::default(), extraction);
            (c.title, c.text)
        }
        s => {
            let Body::Html(bytes) = &doc.body else { return (String::new(), t.elapsed()) };
            if s == 2 { rassegna_clean::html::baseline(bytes) } else { rassegna_clean::html::readability(bytes) }
        }
    };
    let elapsed = t.elapsed();
    let out = match (with_title, title) {
        (true, Some(title)) => format!("{title}\n\n{text}"),
        _ => text,
    };
    (out, elapsed)
}

fn normalise_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(serde::Deserialize)]
struct Row {
    id: String,
    url: Option<String>,
    html: String,
    #[serde(default)]
    with: Vec<String>,
    #[serde(default)]
    without: Vec<String>,
}

/// trafilatura's benchmark: each `with` snippet found in the output is a true positive (else a false
/// negative), each `without` snippet found a false positive; F1 = 2TP / (2TP + FP + FN).
fn trafilatura_set(args: &Args) -> anyhow::Result<()> {
    let index = std::fs::read_to_string(args.dir.join("index.jsonl")).context("reading index.jsonl")?;
    let rows: Vec<Row> = index
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()
        .context("parsing index.jsonl")?;
    let rows = &rows[..args.limit.unwrap_or(rows.len()).min(rows.len())];
    println!("trafilatura benchmark: {} pages in {}", rows.len(), args.dir.display());
    println!(
        "{:<22} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>9}",
        "system", "TP", "FP", "FN", "precision", "recall", "F1", "pages/s"
    );
    for (s, name) in SYSTEMS.iter().enumerate() {
        let (mut tp, mut fp, mut fnn, mut time) = (0usize, 0usize, 0usize, Duration::ZERO);
        for row in rows {
            let doc = page(gunzip(&args.dir.join(&row.html))?, row.url.as_deref());
            let (out, t) = extract(s, &doc, false);
            time += t;
            let out = normalise_ws(&out);
            let mut missed = Vec::new();
            let mut kept = Vec::new();
            for w in &row.with {
                if out.contains(&normalise_ws(w)) {
                    tp += 1;
                } else {
                    fnn += 1;
                    missed.push(w.as_str());
                }
            }
            for w in &row.without {
                if out.contains(&normalise_ws(w)) {
                    fp += 1;
                    kept.push(w.as_str());
                }
            }
            if args.errors && s == 0 && (!missed.is_empty() || !kept.is_empty()) {
                println!(
                    "  {} {}\n    missed: {missed:?}\n    kept:   {kept:?}",
                    row.id,
                    row.url.as_deref().unwrap_or("")
                );
                // Which of the misses the debris pass removed, and why.
                let c = rassegna_clean::clean(&doc, &rassegna_clean::Templates::default());
                for m in &missed {
                    let m = normalise_ws(m);
                    for r in c.removed.iter().filter(|r| normalise_ws(&r.text).contains(&m)) {
                        println!("    removed as {}: {:?}", r.reason, r.text);
                    }
                }
            }
        }
        let p = tp as f64 / (tp + fp).max(1) as f64;
        let r = tp as f64 / (tp + fnn).max(1) as f64;
        let f1 = 2.0 * tp as f64 / (2 * tp + fp + fnn).max(1) as f64;
        let rate = rows.len() as f64 / time.as_secs_f64().max(1e-9);
        println!("{name:<22} {tp:>6} {fp:>6} {fnn:>6} {p:>9.3} {r:>7.3} {f1:>7.3} {rate:>9.1}");
    }
    Ok(())
}

#[derive(Clone, Copy, PartialEq)]
enum Collection {
    L3s,
    CleanEval,
}

fn words(s: &str) -> HashMap<String, usize> {
    let mut m = HashMap::new();
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        *m.entry(w.to_lowercase()).or_insert(0) += 1;
    }
    m
}

/// Bag-of-words overlap of two texts: (common, system, gold) token counts.
fn overlap(system: &str, gold: &str) -> (usize, usize, usize) {
    let (s, g) = (words(system), words(gold));
    let common = s.iter().map(|(w, n)| (*n).min(g.get(w).copied().unwrap_or(0))).sum();
    (common, s.values().sum(), g.values().sum())
}

/// The gold main text of a CleanEval page: the annotated text without its URL line and block markers.
fn cleaneval_gold(raw: &str) -> String {
    raw.lines()
        .filter(|l| !l.starts_with("URL:"))
        .map(|l| {
            l.trim_start().trim_start_matches("<p>").trim_start_matches("<h>").trim_start_matches("<l>").trim_start()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Token-level precision, recall and F1 against gold text (L3S-GN1: headline + full text; CleanEval:
/// the annotated text), macro-averaged over pages and micro-averaged over tokens. The title is put
/// before the text of both systems, since both gold texts hold the headline.
fn token_set(args: &Args, collection: Collection) -> anyhow::Result<()> {
    let mut pages: Vec<(String, PathBuf, String)> = Vec::new();
    match collection {
        Collection::L3s => {
            let gold: HashMap<String, HashMap<String, serde_json::Value>> =
                serde_json::from_str(&std::fs::read_to_string(args.dir.join("gold_text_derived.json"))?)
                    .context("parsing gold_text_derived.json")?;
            let mut ids: Vec<&String> = gold.keys().collect();
            ids.sort();
            for id in ids {
                let g = &gold[id];
                let part = |k: &str| g.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
                let text = format!("{}\n\n{}", part("headline"), part("fulltext"));
                pages.push((id.clone(), args.dir.join("input").join(format!("{id}.html.gz")), text));
            }
        }
        Collection::CleanEval => {
            let mut names: Vec<String> = std::fs::read_dir(args.dir.join("gold"))
                .context("reading gold/")?
                .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
                .filter(|n| n.ends_with(".txt.gz"))
                .collect();
            names.sort();
            for n in names {
                let id = n.trim_end_matches(".txt.gz").to_string();
                let gold = String::from_utf8_lossy(&gunzip(&args.dir.join("gold").join(&n))?).into_owned();
                pages.push((id.clone(), args.dir.join("input").join(format!("{id}.html.gz")), cleaneval_gold(&gold)));
            }
        }
    }
    let pages = &pages[..args.limit.unwrap_or(pages.len()).min(pages.len())];
    let name = if collection == Collection::L3s { "L3S-GN1" } else { "CleanEval" };
    println!("{name}: {} pages in {}", pages.len(), args.dir.display());
    println!(
        "{:<22} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9}",
        "system", "P macro", "R macro", "F1 macro", "P micro", "R micro", "F1 micro", "pages/s"
    );
    for (s, sys) in SYSTEMS.iter().enumerate() {
        let (mut sp, mut sr, mut sf) = (0.0, 0.0, 0.0);
        let (mut common, mut nsys, mut ngold) = (0usize, 0usize, 0usize);
        let mut time = Duration::ZERO;
        let mut worst: Vec<(f64, &str)> = Vec::new();
        for (id, path, gold) in pages {
            let (out, t) = extract(s, &page(gunzip(path)?, None), true);
            time += t;
            let (c, ns, ng) = overlap(&out, gold);
            let p = if ns == 0 { if ng == 0 { 1.0 } else { 0.0 } } else { c as f64 / ns as f64 };
            let r = if ng == 0 { 1.0 } else { c as f64 / ng as f64 };
            let f = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
            (sp, sr, sf) = (sp + p, sr + r, sf + f);
            (common, nsys, ngold) = (common + c, nsys + ns, ngold + ng);
            worst.push((f, id));
        }
        let n = pages.len().max(1) as f64;
        let (pm, rm) = (common as f64 / nsys.max(1) as f64, common as f64 / ngold.max(1) as f64);
        let fm = if pm + rm == 0.0 { 0.0 } else { 2.0 * pm * rm / (pm + rm) };
        let rate = pages.len() as f64 / time.as_secs_f64().max(1e-9);
        println!("{sys:<22} {:>8.3} {:>8.3} {:>8.3} {pm:>8.3} {rm:>8.3} {fm:>8.3} {rate:>9.1}", sp / n, sr / n, sf / n);
        if args.errors && s == 0 {
            worst.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (f, id) in worst.iter().take(15) {
                println!("  {id}: F1 {f:.3}");
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_overlap_counts_repeated_words_once_per_occurrence() {
        assert_eq!(overlap("the cat the dog", "The cat, the cat."), (3, 4, 4));
        assert_eq!(overlap("", "gold words"), (0, 0, 2));
    }

    #[test]
    fn cleaneval_markup_is_stripped_from_gold() {
        let g = cleaneval_gold("URL: http://x.example/\n<p>First para\n<h> Heading\n<l> * item");
        assert_eq!(g, "First para\nHeading\n* item");
    }
}
