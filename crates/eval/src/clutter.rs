//! Page clutter in what a reader sees, measured on a collection as a user passes it (issue 17).
//!
//! The inputs go through the product's own path (ingest, every stage, an in-memory store). A line of
//! the *input* is clutter when it recurs verbatim in [`MIN_REPORTS`] or more reports published
//! [`MIN_DAYS`] or more days apart: no article repeats its own paragraph across a week of other
//! articles, a page template does. The measure then reads the stored output: how many clutter lines
//! survive in the stored texts, and how many story titles, summary sentences and fact mentions hold
//! one; and how many stories of more than one report span more than [`MAX_STORY_DAYS`] days.

use anyhow::Context;
use rassegna_model::{Article, Body, Story};
use rassegna_pipeline::{Config, Pipeline};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Reports a line must recur in to be clutter.
pub const MIN_REPORTS: usize = 3;
/// Days between the first and the last of them.
pub const MIN_DAYS: i64 = 7;
/// A story of several reports spanning more days than this is suspect (a template join).
pub const MAX_STORY_DAYS: i64 = 30;
/// Pieces shorter than this (characters) are not matched inside clutter lines ("Libia" is not clutter).
const MIN_PIECE: usize = 12;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Inputs, as for `rassegna run` (a JSON Lines file of already-extracted reports, a directory…).
    #[arg(required = true)]
    pub inputs: Vec<String>,
    /// Group the figures by this field of the inputs (kept by ingest in `metadata.extra`), e.g. `topic`.
    #[arg(long, default_value = "topic")]
    pub by: String,
    /// Print each surviving clutter line and each title, summary sentence and fact that holds one.
    #[arg(long)]
    pub errors: bool,
}

/// The figures for one group of reports.
#[derive(Debug, Default)]
struct Tally {
    reports: usize,
    clutter_lines: BTreeSet<String>,
    surviving: BTreeSet<String>,
    stories: usize,
    titles: usize,
    summary_sentences: usize,
    summary_bad: usize,
    fact_mentions: usize,
    facts_bad: usize,
    multi: usize,
    multi_long: usize,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let (inputs, _, errors) = rassegna_ingest::expand(&args.inputs);
    for e in &errors {
        eprintln!("rassegna eval: {e}");
    }
    let docs: Vec<_> = inputs.iter().flat_map(rassegna_ingest::read).filter_map(Result::ok).collect();
    anyhow::ensure!(!docs.is_empty(), "no readable documents in {:?}", args.inputs);

    // Clutter lines of the inputs: verbatim (trimmed) lines, their reports and days.
    let mut seen: HashMap<&str, (BTreeSet<usize>, Vec<i64>)> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        let Body::Text(text) = &d.doc.body else { continue };
        let day = d.doc.published.filter(|p| p.day.is_some()).map(|p| p.days_since_epoch());
        for line in text.lines().map(str::trim).filter(|l| l.chars().any(char::is_alphanumeric)) {
            let e = seen.entry(line).or_default();
            if e.0.insert(i) {
                e.1.extend(day);
            }
        }
    }
    let clutter: BTreeSet<String> = seen
        .iter()
        .filter(|(_, (reports, days))| {
            reports.len() >= MIN_REPORTS
                && days.iter().max().zip(days.iter().min()).is_some_and(|(a, b)| a - b >= MIN_DAYS)
        })
        .map(|(l, _)| l.to_string())
        .collect();
    let group_of_doc: HashMap<String, String> =
        docs.iter().map(|d| (d.doc.id.clone(), d.doc.extra.get(&args.by).cloned().unwrap_or_default())).collect();

    let mut pipeline = Pipeline::in_memory(Config::default()).context("cannot open an in-memory store")?;
    pipeline.process(docs.iter().cloned().map(Ok), |_| {})?;
    let store = pipeline.store();
    let mut articles: BTreeMap<String, Article> = BTreeMap::new();
    store.for_each_article(&mut |a| {
        articles.insert(a.id.clone(), a);
    })?;
    let story_ids: BTreeSet<String> = articles.values().filter_map(|a| a.story.clone()).collect();
    let mut stories: Vec<Story> = Vec::new();
    for id in &story_ids {
        stories.extend(store.story(id)?);
    }

    let holds = |piece: &str| {
        let piece = piece.trim();
        piece.len() >= MIN_PIECE
            && clutter.iter().any(|l| l.contains(piece) || (l.len() >= MIN_PIECE && piece.contains(l.as_str())))
    };
    let group = |a: &Article| group_of_doc.get(&a.id).cloned().unwrap_or_default();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for d in &docs {
        let Body::Text(text) = &d.doc.body else { continue };
        let t = tallies.entry(group_of_doc[&d.doc.id].clone()).or_default();
        t.reports += 1;
        t.clutter_lines.extend(text.lines().map(str::trim).filter(|l| clutter.contains(*l)).map(str::to_string));
    }
    for a in articles.values() {
        let t = tallies.entry(group(a)).or_default();
        for line in &clutter {
            if a.text.contains(line.as_str()) && t.clutter_lines.contains(line) {
                t.surviving.insert(line.clone());
                if args.errors {
                    println!("survives in {}: {}", a.id, cut(line));
                }
            }
        }
    }
    for s in &stories {
        let Some(first) = s.articles.first().and_then(|id| articles.get(id)) else { continue };
        let t = tallies.entry(group(first)).or_default();
        t.stories += 1;
        if s.title.as_deref().is_some_and(holds) {
            t.titles += 1;
            if args.errors {
                println!("title of {}: {}", s.id, cut(s.title.as_deref().unwrap_or_default()));
            }
        }
        for sentence in &s.summary {
            t.summary_sentences += 1;
            if holds(&sentence.sentence) {
                t.summary_bad += 1;
                if args.errors {
                    println!("summary of {}: {}", s.id, cut(&sentence.sentence));
                }
            }
        }
        for f in &s.facts {
            for m in &f.mentions {
                t.fact_mentions += 1;
                let Some(a) = articles.get(&m.article) else { continue };
                if holds(line_around(&a.text, m.start, m.end)) {
                    t.facts_bad += 1;
                    if args.errors {
                        println!(
                            "fact of {}: {} {} in {}",
                            s.id,
                            f.predicate,
                            f.value,
                            cut(line_around(&a.text, m.start, m.end))
                        );
                    }
                }
            }
        }
        if s.articles.len() > 1 {
            t.multi += 1;
            if let (Some(a), Some(b)) = (s.first_published, s.last_published)
                && b.days_since_epoch() - a.days_since_epoch() > MAX_STORY_DAYS
            {
                t.multi_long += 1;
                if args.errors {
                    println!("story {} spans {a} to {b}: {}", s.id, s.title.as_deref().unwrap_or_default());
                }
            }
        }
    }

    println!(
        "clutter: a line recurring verbatim in >= {MIN_REPORTS} reports published >= {MIN_DAYS} days apart ({} such lines in {} reports)",
        clutter.len(),
        docs.len()
    );
    println!(
        "{:<12} {:>7} {:>8} {:>9} {:>7} {:>13} {:>12} {:>12} {:>14}",
        args.by, "reports", "clutter", "surviving", "stories", "bad titles", "bad summary", "bad facts", "multi > 30 d"
    );
    let mut all = Tally::default();
    for (name, t) in &tallies {
        print_row(if name.is_empty() { "-" } else { name }, t);
        all.reports += t.reports;
        all.clutter_lines.extend(t.clutter_lines.iter().cloned());
        all.surviving.extend(t.surviving.iter().cloned());
        all.stories += t.stories;
        all.titles += t.titles;
        all.summary_sentences += t.summary_sentences;
        all.summary_bad += t.summary_bad;
        all.fact_mentions += t.fact_mentions;
        all.facts_bad += t.facts_bad;
        all.multi += t.multi;
        all.multi_long += t.multi_long;
    }
    if tallies.len() > 1 {
        print_row("all", &all);
    }
    Ok(())
}

fn print_row(name: &str, t: &Tally) {
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    println!(
        "{:<12} {:>7} {:>8} {:>8.1}% {:>7} {:>13} {:>12} {:>12} {:>14}",
        name,
        t.reports,
        t.clutter_lines.len(),
        pct(t.surviving.len(), t.clutter_lines.len()),
        t.stories,
        format!("{}/{}", t.titles, t.stories),
        format!("{}/{}", t.summary_bad, t.summary_sentences),
        format!("{}/{}", t.facts_bad, t.fact_mentions),
        format!("{}/{}", t.multi_long, t.multi),
    );
}

/// The line of `text` holding bytes `start..end`.
fn line_around(text: &str, start: usize, end: usize) -> &str {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (boundary(start), boundary(end.max(start)));
    let from = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let to = text[end..].find('\n').map_or(text.len(), |i| end + i);
    &text[from..to]
}

fn cut(s: &str) -> String {
    s.chars().take(120).collect()
}
