//! What a storyline's later reports add: facts, quotes and dated events first reported after a date.

use crate::summary::{Features, story_sentences};
use rassegna_model::{Article, Fact, PartialDate, TimelineEntry, TimexKind};
use rassegna_text::fold;
use std::collections::{BTreeMap, BTreeSet};

/// A quote first reported after the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewQuote {
    pub article: String,
    pub text: String,
    pub speaker: Option<String>,
}

/// What reports published after a date add to what was known before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WhatIsNew {
    /// Facts no earlier report stated, or whose value the later reports changed (`status` then
    /// compares old and new statements).
    pub facts: Vec<Fact>,
    pub quotes: Vec<NewQuote>,
    /// Dates first mentioned after `since`, with the sentence and the reports stating them.
    pub timeline: Vec<TimelineEntry>,
}

/// Whether a report was published after every day `since` covers; undated reports are not new.
fn is_after(a: &Article, since: &PartialDate) -> bool {
    let Some(p) = a.published else { return false };
    let end = match (since.month, since.day) {
        (_, Some(_)) => *since,
        (Some(m), None) => match m {
            12 => PartialDate::year(since.year + 1),
            _ => PartialDate::month(since.year, m + 1).unwrap_or(*since),
        },
        (None, _) => PartialDate::year(since.year + 1),
    };
    if since.day.is_some() {
        p.days_since_epoch() > since.days_since_epoch() && p > *since
    } else {
        p.days_since_epoch() >= end.days_since_epoch()
    }
}

/// Facts, quotes and timeline entries that appeared in reports published after `since`.
pub fn what_is_new(articles: &[Article], since: PartialDate) -> WhatIsNew {
    let fresh: BTreeSet<&str> = articles.iter().filter(|a| is_after(a, &since)).map(|a| a.id.as_str()).collect();
    if fresh.is_empty() {
        return WhatIsNew::default();
    }
    let facts = crate::story_facts(articles)
        .into_iter()
        .filter(|f| {
            let old: Vec<_> = f.mentions.iter().filter(|m| !fresh.contains(m.article.as_str())).collect();
            let new: Vec<_> = f.mentions.iter().filter(|m| fresh.contains(m.article.as_str())).collect();
            // New, or changed: later reports state a value no earlier one did.
            !new.is_empty() && (old.is_empty() || new.iter().any(|n| old.iter().all(|o| o.value != n.value)))
        })
        .collect();
    let old_quotes: Vec<String> = articles
        .iter()
        .filter(|a| !fresh.contains(a.id.as_str()))
        .flat_map(|a| a.quotes.iter().map(|q| fold(&q.text)))
        .collect();
    let mut quotes = Vec::new();
    for a in articles.iter().filter(|a| fresh.contains(a.id.as_str())) {
        for q in &a.quotes {
            let f = fold(&q.text);
            if !old_quotes.iter().any(|o| o.contains(&f) || f.contains(o.as_str())) {
                quotes.push(NewQuote { article: a.id.clone(), text: q.text.clone(), speaker: q.speaker.clone() });
            }
        }
    }
    WhatIsNew { facts, quotes, timeline: new_timeline(articles, &fresh) }
}

/// Dated sentences of the new reports whose dates no older report mentions.
fn new_timeline(articles: &[Article], fresh: &BTreeSet<&str>) -> Vec<TimelineEntry> {
    let docs = crate::doc::docs(articles);
    let mut feats = Features::default();
    let sents = story_sentences(&docs, &mut feats);
    let mut old_dates = BTreeSet::new();
    // date -> (sentence, sources, first reported)
    let mut entries: BTreeMap<String, (String, BTreeSet<String>, Option<PartialDate>)> = BTreeMap::new();
    for (ai, a) in articles.iter().enumerate() {
        let dates = dated(a);
        for (start, value) in dates {
            if !fresh.contains(a.id.as_str()) {
                old_dates.insert(value);
                continue;
            }
            let Some(s) = rassegna_text::sentences(&a.text).into_iter().find(|s| s.start <= start && start < s.end())
            else {
                continue;
            };
            let real = sents.iter().find(|x| x.article == ai && x.text.ends_with(s.text.trim()) && x.real);
            let text = real.map(|x| x.text.clone()).unwrap_or_else(|| s.text.to_string());
            let e = entries.entry(value).or_insert_with(|| (text, BTreeSet::new(), a.published));
            e.1.insert(a.id.clone());
            if let Some(p) = a.published {
                e.2 = Some(e.2.map_or(p, |q| q.min(p)));
            }
        }
    }
    entries
        .into_iter()
        .filter(|(d, _)| !old_dates.contains(d))
        .map(|(date, (text, sources, first))| TimelineEntry {
            date,
            text,
            sources: sources.into_iter().collect(),
            first_reported: first.map(|p| p.to_string()),
        })
        .collect()
}

/// Calendar dates of an article: from the time stage, else the years and month names found here.
fn dated(a: &Article) -> Vec<(usize, String)> {
    if !a.dates.is_empty() {
        return a
            .dates
            .iter()
            .filter(|d| d.kind == TimexKind::Date && d.value.parse::<PartialDate>().is_ok())
            .map(|d| (d.start, d.value.clone()))
            .collect();
    }
    let table = crate::lang::table(crate::facts::article_lang(a));
    let mut out = Vec::new();
    for s in rassegna_text::sentences(&a.text) {
        let ws = crate::numbers::words(s.text);
        for (start, _, v) in crate::facts::own_dates(&ws, table) {
            out.push((s.start + start, v));
        }
    }
    out
}
