//! Per-story consolidation: after a batch, every touched story is rebuilt from all its articles
//! (stored and new): aliases resolved across reports, quote groups, timeline, facts, summary; then
//! the storylines those stories belong to.

use crate::{Result, Timings};
use rassegna_model::{Article, Story, Storyline, TimelineEntry};
use rassegna_store::Store;
use std::collections::{BTreeMap, BTreeSet};

/// Storylines with more articles than this get their timeline merged from their stories' ones
/// rather than recomputed from every article.
const STORYLINE_TIMELINE_ARTICLES: usize = 200;

pub(crate) struct Rebuilt {
    /// New articles and stored ones whose story-level fields changed.
    pub articles: Vec<(i64, Article)>,
    pub stories: Vec<Story>,
    pub storylines: Vec<Storyline>,
}

/// Rebuild the touched stories from their stored articles, where `new` holds articles that are new
/// or whose stored version is out of date (e.g. moved by a correction).
pub(crate) fn rebuild(
    store: &Store,
    touched: &BTreeSet<String>,
    new: Vec<(i64, Article)>,
    t: &Timings,
) -> Result<Rebuilt> {
    let overridden: BTreeSet<String> = new.iter().map(|(_, a)| a.id.clone()).collect();
    let mut by_story: BTreeMap<String, Vec<(i64, Article)>> = BTreeMap::new();
    for (seq, a) in new {
        by_story.entry(a.story.clone().unwrap_or_default()).or_default().push((seq, a));
    }
    let mut out = Rebuilt { articles: Vec::new(), stories: Vec::new(), storylines: Vec::new() };
    let mut storylines: BTreeMap<String, Vec<Story>> = BTreeMap::new();
    for id in touched {
        let mut members = t.time("s.load", || store.story_articles(id))?;
        members.retain(|(_, a)| !overridden.contains(&a.id));
        members.extend(by_story.remove(id).unwrap_or_default());
        if members.is_empty() {
            // Emptied by a correction: the store drops stories without articles.
            continue;
        }
        members.sort_by_key(|(seq, _)| *seq);
        let story = build_story(id, &mut members, t);
        if let Some(l) = &story.storyline {
            storylines.entry(l.clone()).or_default().push(story.clone());
        }
        out.stories.push(story);
        out.articles.extend(members);
    }
    for (id, fresh) in storylines {
        out.storylines.push(t.time("s.lines", || build_storyline(store, &id, fresh, &out.articles))?);
    }
    out.articles.sort_by_key(|(seq, _)| *seq);
    Ok(out)
}

fn build_story(id: &str, members: &mut [(i64, Article)], t: &Timings) -> Story {
    let mut articles: Vec<Article> = members.iter().map(|(_, a)| a.clone()).collect();
    t.time("s.dates", || rassegna_when::refine_story_dates(&mut articles));
    let entities = t.time("s.aliases", || rassegna_who::resolve_story(&mut articles));
    let quote_groups = t.time("s.quotes", || rassegna_who::quote_groups(&articles));
    let timeline = t.time("s.timeline", || rassegna_when::timeline(&articles));
    let consolidated = t.time("s.facts", || rassegna_consolidate::consolidate(&articles));
    for ((_, slot), a) in members.iter_mut().zip(articles.iter()) {
        *slot = a.clone();
    }
    let dates: Vec<_> = articles.iter().filter_map(|a| a.published).collect();
    let mut languages: Vec<String> = articles.iter().filter_map(|a| a.lang.clone()).collect();
    languages.sort();
    languages.dedup();
    let mut outlets: Vec<String> = articles.iter().filter_map(|a| a.outlet.clone()).collect();
    outlets.sort();
    outlets.dedup();
    // The storyline of the newest report: a story joins a storyline when it is linked to it.
    let storyline = articles.iter().rev().find_map(|a| a.storyline.clone());
    Story {
        id: id.to_string(),
        storyline,
        articles: articles.iter().map(|a| a.id.clone()).collect(),
        title: consolidated.title.or_else(|| articles.iter().find_map(|a| a.title.clone())),
        languages,
        first_published: dates.iter().min().copied(),
        last_published: dates.iter().max().copied(),
        independent_sources: independent_sources(&articles),
        outlets,
        summary: consolidated.summary,
        entities,
        quote_groups,
        facts: consolidated.facts,
        timeline,
    }
}

/// Articles that are not near-copies of another article of the story, counted once per wire
/// credit: ten outlets running one agency text are one source.
pub(crate) fn independent_sources(articles: &[Article]) -> usize {
    let ids: BTreeSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut roots = BTreeSet::new();
    for a in articles {
        let root = match &a.duplicate_of {
            Some(d) if ids.contains(d.as_str()) => d.clone(),
            _ => a.id.clone(),
        };
        roots.insert(root);
    }
    roots.len()
}

fn build_storyline(store: &Store, id: &str, fresh: Vec<Story>, batch_articles: &[(i64, Article)]) -> Result<Storyline> {
    let mut stories: BTreeMap<String, Story> = BTreeMap::new();
    for sid in store.storyline_story_ids(id)? {
        if let Some(s) = store.story(&sid)? {
            stories.insert(sid, s);
        }
    }
    for s in fresh {
        stories.insert(s.id.clone(), s);
    }
    let mut ordered: Vec<Story> = stories.into_values().collect();
    ordered.sort_by(|a, b| a.first_published.cmp(&b.first_published).then(a.id.cmp(&b.id)));
    let total: usize = ordered.iter().map(|s| s.articles.len()).sum();
    let timeline = if ordered.len() == 1 {
        ordered[0].timeline.clone()
    } else if total <= STORYLINE_TIMELINE_ARTICLES {
        let mut articles = Vec::with_capacity(total);
        for s in &ordered {
            for aid in &s.articles {
                match batch_articles.iter().find(|(_, a)| &a.id == aid) {
                    Some((_, a)) => articles.push(a.clone()),
                    None => articles.extend(store.article(aid)?),
                }
            }
        }
        rassegna_when::timeline(&articles)
    } else {
        merge_timelines(&ordered)
    };
    Ok(Storyline {
        id: id.to_string(),
        stories: ordered.iter().map(|s| s.id.clone()).collect(),
        title: ordered.first().and_then(|s| s.title.clone()),
        timeline,
    })
}

fn merge_timelines(stories: &[Story]) -> Vec<TimelineEntry> {
    let mut merged: BTreeMap<(String, String), TimelineEntry> = BTreeMap::new();
    for e in stories.iter().flat_map(|s| &s.timeline) {
        let entry = merged
            .entry((e.date.clone(), e.text.clone()))
            .or_insert_with(|| TimelineEntry { sources: vec![], ..e.clone() });
        for s in &e.sources {
            if !entry.sources.contains(s) {
                entry.sources.push(s.clone());
            }
        }
    }
    merged.into_values().collect()
}
