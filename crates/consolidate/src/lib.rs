//! One story from many reports: facts aligned across reports (agree / conflict), a cited extractive
//! summary, and the story title.
//!
//! [`facts`] finds what each report states (quantities, dated events, "first in N years", stated
//! relations), [`align`] lines the statements up across reports and judges them, [`summary`] picks
//! real sentences stated by the most independent sources, and [`what_is_new`] tells what a
//! storyline's later reports added.

pub mod align;
pub mod doc;
pub mod facts;
pub mod lang;
mod new;
pub mod numbers;
pub mod summary;

pub use new::{NewQuote, WhatIsNew, what_is_new};
pub use summary::SummaryOptions;

use rassegna_model::{Article, Fact, SummarySentence};
use std::collections::HashMap;

/// What consolidation gives for one story.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Consolidated {
    pub title: Option<String>,
    pub summary: Vec<SummarySentence>,
    pub facts: Vec<Fact>,
}

/// Consolidation settings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Options {
    pub summary: SummaryOptions,
}

/// Consolidate a story's articles (all annotated, `duplicate_of` filled).
pub fn consolidate(articles: &[Article]) -> Consolidated {
    consolidate_with(articles, &Options::default())
}

/// [`consolidate`] with settings.
pub fn consolidate_with(articles: &[Article], opts: &Options) -> Consolidated {
    // Each report is tokenised and stemmed once for facts, summary and title.
    let docs = doc::docs(articles);
    let mut feats = summary::Features::default();
    let sents = summary::story_sentences(&docs, &mut feats);
    let summary = summary::summarise_sentences(articles, &sents, &opts.summary);
    let title = summary::title_from(&docs, &sents, &mut feats, &summary);
    Consolidated { title, summary, facts: facts_of(articles, &docs) }
}

/// The facts of a story, aligned across its reports; conflicts first.
pub fn story_facts(articles: &[Article]) -> Vec<Fact> {
    facts_of(articles, &doc::docs(articles))
}

fn facts_of(articles: &[Article], docs: &[doc::Doc<'_>]) -> Vec<Fact> {
    let year = story_year(articles);
    let cands = docs.iter().enumerate().flat_map(|(i, d)| facts::candidates(i, d, year)).collect();
    align::align(articles, cands)
}

/// The most common publication year of a story: the reference for reports without a date.
pub fn story_year(articles: &[Article]) -> Option<i32> {
    let mut counts: HashMap<i32, usize> = HashMap::new();
    for a in articles {
        if let Some(p) = a.published {
            *counts.entry(p.year).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|(y, n)| (*n, -*y)).map(|(y, _)| y)
}
