//! Per-story consolidation: after a batch, every touched story is rebuilt from its articles (stored
//! and new): aliases resolved across reports, quote groups, timeline, facts, summary; then the
//! storylines those stories belong to, whose timelines merge their stories' timelines.
//!
//! The cost of a rebuild is bounded for big stories: facts, summary, title and timeline are computed
//! over at most [`MAX_CONSOLIDATED_REPORTS`] chosen reports (see [`sample`]), and near-copies of a
//! chosen report are credited with what their original states. Only articles whose stored version
//! changed are written back.

use crate::{Result, Timings};
use rassegna_model::{
    Article, DateMention, DatedRef, Entity, PartialDate, PublishedEvidence, Quote, Story, Storyline, TimelineEntry,
};
use rassegna_store::Store;
use rassegna_when::TimelineOptions;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Stories with more reports than this get their facts, summary, title and timeline from this many
/// of them (the rest count through the reports they copy); smaller stories use every report.
pub const MAX_CONSOLIDATED_REPORTS: usize = 64;

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
    let touched = &with_undated_neighbours(store, touched, &by_story)?;
    let mut out = Rebuilt { articles: Vec::new(), stories: Vec::new(), storylines: Vec::new() };
    // Storylines to rebuild: those the touched stories were in (a story moved to another storyline,
    // or emptied, leaves its old one) and those they are in now.
    let mut storylines: BTreeSet<String> = BTreeSet::new();
    // Load sequentially (one store connection), build in parallel (stories are independent).
    let mut loaded = Vec::with_capacity(touched.len());
    for id in touched {
        storylines.extend(store.story_storyline(id)?);
        let mut members = t.time("s.load", || store.story_articles(id))?;
        members.retain(|(_, a)| !overridden.contains(&a.id));
        // What a rebuild may change in a stored article, to write back only the ones it changed.
        let before: HashMap<String, Derived> = members.iter().map(|(_, a)| (a.id.clone(), derived(a))).collect();
        members.extend(by_story.remove(id).unwrap_or_default());
        if members.is_empty() {
            // Emptied by a correction: the store drops stories without articles.
            continue;
        }
        members.sort_by_key(|(seq, _)| *seq);
        let (seqs, articles): (Vec<i64>, Vec<Article>) = members.into_iter().unzip();
        loaded.push((id, seqs, articles, before));
    }
    // The latest date of each story in a storyline, stored or being built: an undated report is
    // read against its storyline's other stories (a follow-up that names only a month). A storyline
    // is looked up even when the touched stories have no date: they are the ones that need it.
    let mut line_dates: HashMap<String, Vec<DatedRef>> = HashMap::new();
    for (id, _, articles, _) in &loaded {
        let Some(line) = articles.iter().find_map(|a| a.storyline.clone()) else { continue };
        let dates = line_dates.entry(line).or_default();
        if let Some(d) = articles.iter().filter_map(|a| a.published).max() {
            dates.push(DatedRef { id: id.to_string(), date: d });
        }
    }
    let lines: Vec<String> = line_dates.keys().cloned().collect();
    for line in lines {
        let stored = store.storyline_story_ids(&line)?;
        let rows = store.story_rows_by_id(&stored)?;
        let dates = line_dates.entry(line).or_default();
        for r in rows {
            if !touched.contains(&r.id)
                && let Some(d) = r.last_published
            {
                dates.push(DatedRef { id: r.id, date: d });
            }
        }
    }
    let built: Vec<_> = loaded
        .into_par_iter()
        .map(|(id, seqs, mut articles, before)| {
            let storyline_latest = articles
                .iter()
                .find_map(|a| a.storyline.as_ref())
                .and_then(|l| line_dates.get(l))
                .and_then(|ds| ds.iter().filter(|r| r.id != *id).max_by_key(|r| r.date));
            let story = build_story(id, &mut articles, storyline_latest, t);
            (story, seqs, articles, before)
        })
        .collect();
    for (story, seqs, articles, before) in built {
        storylines.extend(story.storyline.clone());
        out.stories.push(story);
        for (seq, a) in seqs.into_iter().zip(articles) {
            if before.get(&a.id).is_none_or(|d| *d != derived(&a)) {
                out.articles.push((seq, a));
            }
        }
    }
    for id in storylines {
        if let Some(line) = t.time("s.lines", || build_storyline(store, &id, touched, &out.stories))? {
            out.storylines.push(line);
        }
    }
    out.articles.sort_by_key(|(seq, _)| *seq);
    Ok(out)
}

/// The fields of an article that a story rebuild refines.
type Derived = (Option<PartialDate>, bool, Option<PublishedEvidence>, Vec<DateMention>, Vec<Entity>, Vec<Quote>);

fn derived(a: &Article) -> Derived {
    (
        a.published,
        a.published_inferred,
        a.published_evidence.clone(),
        a.dates.clone(),
        a.entities.clone(),
        a.quotes.clone(),
    )
}

/// The touched stories and, in the storylines of the batch's dated articles, every stored story
/// without a date: a dated story that joins a storyline may give its undated follow-up the context
/// it lacked (the follow-up stored first, the stories it follows after). Only dated arrivals can, so
/// a storyline of undated reports is not rebuilt again with every batch.
fn with_undated_neighbours(
    store: &Store,
    touched: &BTreeSet<String>,
    new: &BTreeMap<String, Vec<(i64, Article)>>,
) -> Result<BTreeSet<String>> {
    let lines: BTreeSet<&String> = new
        .values()
        .flatten()
        .filter(|(_, a)| a.published.is_some())
        .filter_map(|(_, a)| a.storyline.as_ref())
        .collect();
    let mut all = touched.clone();
    for line in lines {
        let rows = store.story_rows_by_id(&store.storyline_story_ids(line)?)?;
        all.extend(rows.into_iter().filter(|r| r.first_published.is_none()).map(|r| r.id));
    }
    Ok(all)
}

/// Build a story from its articles (in ingest order), refining their dates and entity names in place;
/// `storyline_latest` is the latest of the other stories of its storyline, with its date.
fn build_story(id: &str, articles: &mut [Article], storyline_latest: Option<&DatedRef>, t: &Timings) -> Story {
    t.time("s.dates", || rassegna_when::refine_story_dates_in(articles, storyline_latest));
    let entities = t.time("s.aliases", || rassegna_who::resolve_story(articles));
    let quote_groups = t.time("s.quotes", || rassegna_who::quote_groups(articles));
    let picked = sample(articles, MAX_CONSOLIDATED_REPORTS);
    let (timeline, consolidated) = if picked.len() == articles.len() {
        let timeline = t.time("s.timeline", || rassegna_when::timeline(articles));
        (timeline, t.time("s.facts", || rassegna_consolidate::consolidate(articles)))
    } else {
        let chosen: Vec<Article> = picked.iter().map(|&i| articles[i].clone()).collect();
        let mut timeline = t.time("s.timeline", || rassegna_when::timeline(&chosen));
        let mut consolidated = t.time("s.facts", || rassegna_consolidate::consolidate(&chosen));
        credit_copies(articles, &picked, &mut timeline, &mut consolidated);
        (timeline, consolidated)
    };
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
        independent_sources: rassegna_dedup::independent_sources(articles),
        outlets,
        summary: consolidated.summary,
        entities,
        quote_groups,
        facts: consolidated.facts,
        timeline,
    }
}

/// The reports a big story is consolidated over (indices, ascending): every report when there are at
/// most `max`; else the first and the earliest published, the newest eighth of `max` (the latest
/// developments), one report per source (wire credit, else outlet), then other independent reports, then copies, each group spread evenly over the story when it does not fit.
pub(crate) fn sample(articles: &[Article], max: usize) -> Vec<usize> {
    let n = articles.len();
    if n <= max {
        return (0..n).collect();
    }
    let mut picked = BTreeSet::from([0]);
    if let Some(e) = (0..n).filter(|&i| articles[i].published.is_some()).min_by_key(|&i| (articles[i].published, i)) {
        picked.insert(e);
    }
    picked.extend(n - (max / 8).max(1)..n);
    // Reports grouped by the one definition of independence (`rassegna_dedup`): the first of each
    // source (wire credit, else outlet) among the independent reports, then the other independent
    // reports, then the copies.
    let roots = rassegna_dedup::independence_roots(articles);
    let (mut first_of_source, mut other_originals, mut copies) = (Vec::new(), Vec::new(), Vec::new());
    let mut sources = HashSet::new();
    for (i, a) in articles.iter().enumerate() {
        if roots[i] != a.id {
            copies.push(i);
        } else if sources.insert(rassegna_dedup::source_key(a)) {
            first_of_source.push(i);
        } else {
            other_originals.push(i);
        }
    }
    for group in [first_of_source, other_originals, copies] {
        let left: Vec<usize> = group.into_iter().filter(|i| !picked.contains(i)).collect();
        let room = max.saturating_sub(picked.len());
        if left.len() <= room {
            picked.extend(left);
        } else {
            picked.extend((0..room).map(|k| left[k * left.len() / room]));
        }
    }
    picked.into_iter().collect()
}

/// A near-copy left out of the consolidation states what its original states: add it to the sources
/// of its original's facts, summary sentences and timeline entries (independent counts are unchanged:
/// a copy is not a new source).
fn credit_copies(
    articles: &[Article],
    picked: &[usize],
    timeline: &mut [TimelineEntry],
    consolidated: &mut rassegna_consolidate::Consolidated,
) {
    let position: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let chosen: HashSet<usize> = picked.iter().copied().collect();
    let mut copies: HashMap<&str, Vec<&str>> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if chosen.contains(&i) {
            continue;
        }
        if let Some(&o) = a.duplicate_of.as_deref().and_then(|d| position.get(d))
            && chosen.contains(&o)
        {
            copies.entry(articles[o].id.as_str()).or_default().push(a.id.as_str());
        }
    }
    if copies.is_empty() {
        return;
    }
    let extend = |sources: &mut Vec<String>| {
        let added: Vec<String> =
            sources.iter().flat_map(|s| copies.get(s.as_str()).into_iter().flatten()).map(|c| c.to_string()).collect();
        if added.is_empty() {
            return false;
        }
        sources.extend(added);
        sources.sort_by_key(|s| position.get(s.as_str()).copied().unwrap_or(usize::MAX));
        sources.dedup();
        true
    };
    for f in &mut consolidated.facts {
        extend(&mut f.sources);
    }
    for s in &mut consolidated.summary {
        extend(&mut s.sources);
    }
    for e in timeline {
        if extend(&mut e.sources) {
            e.first_reported = e
                .sources
                .iter()
                .filter_map(|s| position.get(s.as_str()).and_then(|&i| articles[i].published))
                .min()
                .map(|d| d.to_string());
        }
    }
}

/// A storyline from its stories: the stored ones this batch did not touch and the rebuilt ones now in
/// it; `None` when it has none left. Its timeline merges the stories' timelines (see
/// `rassegna_when::merge_timelines`), so it never reads their articles.
fn build_storyline(
    store: &Store,
    id: &str,
    touched: &BTreeSet<String>,
    rebuilt: &[Story],
) -> Result<Option<Storyline>> {
    let mut stories: BTreeMap<String, Story> = BTreeMap::new();
    for sid in store.storyline_story_ids(id)? {
        if !touched.contains(&sid)
            && let Some(s) = store.story(&sid)?
        {
            stories.insert(sid, s);
        }
    }
    for s in rebuilt.iter().filter(|s| s.storyline.as_deref() == Some(id)) {
        stories.insert(s.id.clone(), s.clone());
    }
    if stories.is_empty() {
        return Ok(None);
    }
    let mut ordered: Vec<Story> = stories.into_values().collect();
    ordered.sort_by(|a, b| a.first_published.cmp(&b.first_published).then(a.id.cmp(&b.id)));
    let timeline = if ordered.len() == 1 {
        ordered[0].timeline.clone()
    } else {
        let parts: Vec<(&[TimelineEntry], Option<&str>)> = ordered
            .iter()
            .map(|s| (s.timeline.as_slice(), (s.languages.len() == 1).then(|| s.languages[0].as_str())))
            .collect();
        rassegna_when::merge_timelines(&parts, &TimelineOptions::default())
    };
    Ok(Some(Storyline {
        id: id.to_string(),
        stories: ordered.iter().map(|s| s.id.clone()).collect(),
        title: ordered.first().and_then(|s| s.title.clone()),
        timeline,
        quote_groups: rassegna_who::storyline_quote_groups(&ordered),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rassegna_model::MetaValue;

    fn article(i: usize, outlet: &str, day: u8, text: &str) -> Article {
        let published = Some(PartialDate { year: 2025, month: Some(4), day: Some(day) });
        let (entities, quotes) = rassegna_who::annotate(text, Some("it"));
        Article {
            id: format!("a{i:03}"),
            source: format!("a{i:03}.txt"),
            outlet: Some(outlet.into()),
            lang: Some("it".into()),
            published,
            title: Some(format!("Frana a Borgo Tessera, report {i}")),
            text: text.into(),
            story: Some("s-a000".into()),
            storyline: Some("l-a000".into()),
            entities,
            quotes,
            dates: rassegna_when::tag(text, Some("it"), published),
            content_hash: format!("h{i}"),
            ..Article::default()
        }
    }

    const REPORT: &str = "BORGO TESSERA, 3 aprile 2025 – Una frana ha travolto martedì la strada provinciale di \
        Borgo Tessera. Sono 140 le persone evacuate dalle case della frazione di Colle Alto, ha detto il sindaco \
        Piera Valsecchi. \"Nessuno deve tornare a casa prima delle verifiche\", ha detto Valsecchi ai cronisti.";

    fn report(i: usize) -> String {
        // The same event in each outlet's words: the first sentence varies, the facts do not.
        format!("Servizio numero {i} della redazione sul maltempo in valle. {REPORT}")
    }

    #[test]
    fn small_stories_are_consolidated_over_every_report() {
        let arts: Vec<Article> = (0..MAX_CONSOLIDATED_REPORTS).map(|i| article(i, "Eco", 3, &report(i))).collect();
        assert_eq!(sample(&arts, MAX_CONSOLIDATED_REPORTS), (0..MAX_CONSOLIDATED_REPORTS).collect::<Vec<_>>());
    }

    #[test]
    fn sample_keeps_first_earliest_newest_and_one_report_per_source() {
        let mut arts: Vec<Article> =
            (0..200).map(|i| article(i, &format!("Outlet {}", i % 20), 4 + (i / 40) as u8, &report(i))).collect();
        // A late report with the earliest publication date, and a wire credit shared by two outlets.
        arts[150].published = Some(PartialDate { year: 2025, month: Some(4), day: Some(1) });
        for i in [30, 31] {
            arts[i].metadata.wire = Some(MetaValue { value: "Agenzia Nord".into(), from: "dateline".into() });
        }
        let picked = sample(&arts, 64);
        assert_eq!(picked.len(), 64);
        assert!(picked.windows(2).all(|w| w[0] < w[1]), "ascending, no repeats");
        assert!(picked.contains(&0) && picked.contains(&150));
        assert!((192..200).all(|i| picked.contains(&i)), "the 8 newest");
        // Outlets 0..19 first appear in reports 0..19; all are chosen.
        assert!((0..20).all(|i| picked.contains(&i)));
        assert!(picked.contains(&30));
    }

    #[test]
    fn big_story_facts_cite_only_the_consolidated_reports() {
        let n = MAX_CONSOLIDATED_REPORTS + 16;
        let mut arts: Vec<Article> = (0..n).map(|i| article(i, &format!("Outlet {i}"), 3, &report(i))).collect();
        let story = build_story("s-a000", &mut arts, None, &Timings::default());
        assert_eq!(story.articles.len(), n);
        assert_eq!(story.independent_sources, n);
        assert_eq!(story.outlets.len(), n);
        let evacuated = story.facts.iter().find(|f| f.value == "140").expect("the count of evacuated people");
        assert_eq!(evacuated.sources.len(), MAX_CONSOLIDATED_REPORTS, "{evacuated:#?}");
        // Entities and quote groups still cover every report.
        let mayor = story.entities.iter().find(|e| e.name.contains("Valsecchi")).expect("the mayor");
        assert_eq!(mayor.articles.len(), n);
        let said: usize = story.quote_groups.iter().map(|g| g.variants.len()).sum();
        assert!(said >= n, "{:#?}", story.quote_groups);
    }

    #[test]
    fn a_wire_story_in_three_outlets_and_one_original_report_are_two_sources_everywhere() {
        // Outlet 1 runs the agency text, outlet 2 a near-copy of outlet 1's page, outlet 3 an edited
        // version that only credits the agency; outlet 4 sends its own reporter.
        let mut arts = vec![
            article(0, "Eco della Valle", 3, REPORT),
            article(1, "Corriere di Colle", 3, REPORT),
            article(2, "Gazzetta del Borgo", 3, &format!("Aggiornamento delle 18. {REPORT}")),
            article(3, "Voce di Tessera", 4, &report(3)),
        ];
        arts[1].duplicate_of = Some("a000".into());
        for a in &mut arts[..3] {
            a.metadata.wire = Some(MetaValue { value: "Agenzia Nord".into(), from: "dateline".into() });
        }
        let story = build_story("s-a000", &mut arts, None, &Timings::default());
        assert_eq!(story.independent_sources, 2);
        let evacuated = story.facts.iter().find(|f| f.value == "140").expect("the count of evacuated people");
        assert_eq!(evacuated.sources.len(), 4);
        assert_eq!(evacuated.independent_sources, 2, "the fact counts sources as the story does");
    }

    #[test]
    fn copies_left_out_of_a_big_story_are_credited_through_their_original() {
        let n = MAX_CONSOLIDATED_REPORTS + 30;
        let mut arts: Vec<Article> = (0..n).map(|i| article(i, &format!("Outlet {i}"), 3, REPORT)).collect();
        for a in &mut arts[1..] {
            a.duplicate_of = Some("a000".into());
        }
        let story = build_story("s-a000", &mut arts, None, &Timings::default());
        assert_eq!(story.independent_sources, 1);
        let evacuated = story.facts.iter().find(|f| f.value == "140").expect("the count of evacuated people");
        assert_eq!(evacuated.sources.len(), n, "every copy states it");
        assert_eq!(evacuated.sources[0], "a000");
        assert_eq!(evacuated.independent_sources, 1);
        assert!(story.summary.iter().any(|s| s.sources.len() == n), "{:#?}", story.summary);
        let landslide = story.timeline.iter().find(|e| e.date == "2025-04-01").expect("Tuesday's landslide");
        assert_eq!(landslide.sources.len(), n, "{:#?}", story.timeline);
    }

    /// An invented follow-up with no date of its own, in a story of storyline `l-porto`.
    fn follow_up(id: &str, story: &str) -> Article {
        let text = "Il senato di Castelmora ha approvato il 14 ottobre la riforma del porto, presentata a giugno \
                    dal governo.";
        let mut a = article(9, "Eco", 1, text);
        a.id = id.into();
        a.published = None;
        a.dates = rassegna_when::tag(text, Some("it"), None);
        a.story = Some(story.into());
        a.storyline = Some("l-porto".into());
        a
    }

    #[test]
    fn an_undated_follow_up_stored_first_is_dated_when_the_story_it_follows_arrives() {
        let mut store = Store::open_in_memory().unwrap();
        let t = Timings::default();
        let write = |store: &mut Store, rebuilt: Rebuilt| {
            let batch = rassegna_store::Batch {
                articles: rebuilt.articles,
                stories: rebuilt.stories,
                storylines: rebuilt.storylines,
                ..Default::default()
            };
            store.write_batch(&batch).unwrap();
        };
        // The follow-up alone: nothing to read it against.
        let first =
            rebuild(&store, &BTreeSet::from(["s-f".to_string()]), vec![(1, follow_up("f", "s-f"))], &t).unwrap();
        assert_eq!(first.articles[0].1.published, None);
        write(&mut store, first);
        // An undated report joining the storyline gives no context: the follow-up is not rebuilt.
        let mut undated = follow_up("u", "s-u");
        undated.text = "Il porto di Castelmora resta chiuso.".into();
        let second = rebuild(&store, &BTreeSet::from(["s-u".to_string()]), vec![(2, undated)], &t).unwrap();
        assert!(second.stories.iter().all(|s| s.id != "s-f"));
        write(&mut store, second);
        // The June story it follows arrives: the follow-up's story is rebuilt and dated from its
        // own "14 ottobre" read in the June story's year.
        let mut june = article(3, "Eco", 11, REPORT);
        june.published = Some(PartialDate { year: 2025, month: Some(6), day: Some(11) });
        june.story = Some("s-giugno".into());
        june.storyline = Some("l-porto".into());
        let third = rebuild(&store, &BTreeSet::from(["s-giugno".to_string()]), vec![(3, june)], &t).unwrap();
        let f = third.articles.iter().map(|(_, a)| a).find(|a| a.id == "f").expect("the follow-up is written back");
        assert_eq!(f.published, Some(PartialDate { year: 2025, month: Some(10), day: None }));
        let evidence = f.published_evidence.as_ref().unwrap();
        assert_eq!(evidence.method, "storyline-month");
        assert_eq!(evidence.context[0].id, "s-giugno");
        let line = third.storylines.iter().find(|l| l.id == "l-porto").expect("the storyline is rebuilt");
        assert!(line.timeline.iter().any(|e| e.date == "2025-10-14" && e.sources == ["f"]), "{:#?}", line.timeline);
    }

    #[test]
    fn stored_articles_are_written_back_only_when_the_rebuild_changes_them() {
        let mut store = Store::open_in_memory().unwrap();
        let t = Timings::default();
        let first: Vec<(i64, Article)> =
            (0..3).map(|i| (i as i64 + 1, article(i, &format!("Outlet {i}"), 3, &report(i)))).collect();
        let touched = BTreeSet::from(["s-a000".to_string()]);
        let rebuilt = rebuild(&store, &touched, first, &t).unwrap();
        assert_eq!(rebuilt.articles.len(), 3, "new articles are always written");
        store
            .write_batch(&rassegna_store::Batch {
                articles: rebuilt.articles,
                stories: rebuilt.stories,
                storylines: rebuilt.storylines,
                ..Default::default()
            })
            .unwrap();
        let next = vec![(4, article(3, "Outlet 3", 4, &report(3)))];
        let rebuilt = rebuild(&store, &touched, next, &t).unwrap();
        let written: Vec<&str> = rebuilt.articles.iter().map(|(_, a)| a.id.as_str()).collect();
        assert_eq!(written, vec!["a003"]);
        assert_eq!(rebuilt.stories[0].articles, vec!["a000", "a001", "a002", "a003"]);
    }
}
