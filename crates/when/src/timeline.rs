//! Timelines: sentences that state something happened at a date become entries; the same event told by
//! several reports (same date, similar words) is one entry with all its sources.

use crate::resolve::as_date;
use crate::tagger::Scanner;
use crate::{lang, lang_code};
use rassegna_model::{Article, DateMention, PartialDate, TimelineEntry};
use std::collections::{BTreeMap, HashSet};

/// Tuning of [`timeline_with`].
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// Minimum overlap of content terms (shared / smaller set) for two sentences to be one event.
    pub min_overlap: f32,
    /// Longest entry text, in characters.
    pub max_chars: usize,
    /// Keep at most this many entries per date (the best supported).
    pub max_per_date: usize,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions { min_overlap: 0.3, max_chars: 220, max_per_date: 4 }
    }
}

struct Candidate {
    date: PartialDate,
    text: String,
    terms: HashSet<String>,
    article: usize,
    /// Whether the date came from "oggi"/"today": all of those on one day are one entry.
    deictic: bool,
}

/// Collapse whitespace, drop a leading dateline ("PYONGYANG, 19 giugno 2024 –"), cut at a word boundary.
fn normalise(sentence: &str, dateline_end: Option<usize>, max_chars: usize) -> String {
    let s = match dateline_end {
        Some(e) if e <= sentence.len() => sentence[e..].trim_start_matches([' ', '–', '-', '—', ',', ':']),
        _ => sentence,
    };
    let mut out = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if out.chars().count() > max_chars {
        let cut: String = out.chars().take(max_chars).collect();
        let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a).to_string();
        out = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    out
}

/// Whether a sentence reads like a statement of something that happened (not a menu line or a byline).
fn is_statement(sentence: &str, t: &lang::Table) -> bool {
    let words: Vec<String> =
        rassegna_text::tokens(sentence).filter(|t| t.is_word()).map(|t| rassegna_text::fold(t.text)).collect();
    if words.len() < 5 || sentence.trim_end().ends_with('?') {
        return false;
    }
    if words.iter().take(4).any(|w| t.publication_cues.contains(&w.as_str())) {
        return false;
    }
    words.iter().any(|w| {
        t.event_cues.contains(&w.as_str()) || t.past_endings.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s))
    })
}

fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let small = a.len().min(b.len());
    if small == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / small as f32
}

/// [`crate::timeline`] with explicit options.
pub fn timeline_with(articles: &[Article], opts: &TimelineOptions) -> Vec<TimelineEntry> {
    let mut cands: Vec<Candidate> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        let code = lang_code(&a.text, a.lang.as_deref());
        let table = lang::table(code);
        let mentions: Vec<DateMention> =
            if a.dates.is_empty() { crate::tag(&a.text, Some(code), a.published) } else { a.dates.clone() };
        let deictic_spans: HashSet<usize> = Scanner::new(&a.text, table)
            .scan()
            .into_iter()
            .filter(|f| crate::is_today(&f.expr))
            .map(|f| f.start)
            .collect();
        let sentences = rassegna_text::sentences(&a.text);
        for m in &mentions {
            if m.kind != "date" && m.kind != "time" {
                continue;
            }
            let Some(date) = as_date(&m.value) else {
                continue;
            };
            // Events after the report's own day have not happened yet when it is written.
            if a.published.is_some_and(|p| p.day.is_some() && date.day.is_some() && date > p) {
                continue;
            }
            let Some(s) = sentences.iter().find(|s| s.start <= m.start && m.end <= s.end()) else {
                continue;
            };
            if !is_statement(s.text, table) {
                continue;
            }
            // A date opening the sentence before a dash is a dateline: keep the sentence after it.
            let rel_end = m.end - s.start;
            let dateline_end = (m.start - s.start < 40 && s.text[rel_end..].trim_start().starts_with(['–', '-', '—']))
                .then_some(rel_end);
            let text = normalise(s.text, dateline_end, opts.max_chars);
            let terms: HashSet<String> = rassegna_text::terms(&text, code).into_iter().collect();
            cands.push(Candidate { date, text, terms, article: ai, deictic: deictic_spans.contains(&m.start) });
        }
    }
    // Group by date, then cluster within a date.
    let mut by_date: BTreeMap<PartialDate, Vec<Candidate>> = BTreeMap::new();
    for c in cands {
        by_date.entry(c.date).or_default().push(c);
    }
    let mut out = Vec::new();
    for (date, cs) in by_date {
        let mut clusters: Vec<Vec<Candidate>> = Vec::new();
        for c in cs {
            let home = clusters.iter().position(|cl| {
                cl.iter().any(|o| (c.deictic && o.deictic) || overlap(&o.terms, &c.terms) >= opts.min_overlap)
            });
            match home {
                Some(k) => clusters[k].push(c),
                None => clusters.push(vec![c]),
            }
        }
        let mut entries: Vec<(usize, TimelineEntry)> = clusters
            .into_iter()
            .map(|cl| {
                let mut ids: Vec<usize> = cl.iter().map(|c| c.article).collect();
                ids.sort_unstable();
                ids.dedup();
                // The wording that shares most words with the others, shorter on ties.
                let rep = cl
                    .iter()
                    .max_by(|a, b| {
                        let sa: f32 = cl.iter().map(|o| overlap(&a.terms, &o.terms)).sum();
                        let sb: f32 = cl.iter().map(|o| overlap(&b.terms, &o.terms)).sum();
                        sa.total_cmp(&sb).then(b.text.len().cmp(&a.text.len()))
                    })
                    .map(|c| c.text.clone())
                    .unwrap_or_default();
                let first_reported = ids.iter().filter_map(|&i| articles[i].published).min().map(|d| d.to_string());
                let n = ids.len();
                let sources = ids.into_iter().map(|i| articles[i].id.clone()).collect();
                (n, TimelineEntry { date: date.to_string(), text: rep, sources, first_reported })
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        entries.truncate(opts.max_per_date);
        out.extend(entries.into_iter().map(|(_, e)| e));
    }
    out
}
