//! Timelines: sentences that state something happened at a date become entries; the same event told by
//! several reports (same date, similar words) is one entry with all its sources.

use crate::analyse::{is_today, lang_code, tag};
use crate::infer::refine_story_dates;
use crate::lang;
use crate::resolve::as_date;
use crate::tagger::{Expr, Scanner};
use rassegna_model::{Article, DateMention, PartialDate, TimelineEntry, TimexKind};
use std::collections::{BTreeMap, HashMap, HashSet};

/// A date in a year this many years or more before the first report is background unless several reports
/// state it.
const BACKGROUND_YEARS: i32 = 10;

/// Tuning of [`timeline_with`].
#[derive(Debug, Clone)]
pub struct TimelineOptions {
    /// Minimum overlap of content terms (shared / smaller set) for two sentences to be one event.
    pub min_overlap: f32,
    /// Longest entry text, in characters.
    pub max_chars: usize,
    /// Keep at most this many entries per date (the best supported).
    pub max_per_date: usize,
    /// Words on each side of a date whose terms say what it is about.
    pub window: usize,
    /// Minimum shared terms near the dates for two mentions to be one event.
    pub min_shared: usize,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        TimelineOptions { min_overlap: 0.3, max_chars: 220, max_per_date: 4, window: 8, min_shared: 2 }
    }
}

struct Candidate {
    date: PartialDate,
    text: String,
    terms: HashSet<String>,
    /// Content terms within a few words of the date: what the date is about.
    near: HashSet<String>,
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

/// The clause of a sentence that holds one of its several dates ("I lavori sono iniziati a marzo, ma
/// … in aprile aveva sciolto l'Assemblea"): from the last clause break after the previous date to
/// the first one before the next. A clause break is a semicolon, a dash, or a comma before a word
/// that opens a clause (`clause_words`: "ma", "mentre", "but"); a comma alone may part a date in
/// apposition from its clause ("dopo il ritrovamento, il 22 marzo, del corpo"). `None` when a
/// neighbouring date shares the clause ("mercoledì e giovedì scorsi") or the clause is short: the
/// whole sentence tells it. The ends cut from the sentence are marked "…".
fn clause_of(sentence: &str, at: (usize, usize), others: &[(usize, usize)], t: &lang::Table) -> Option<String> {
    let prev = others.iter().filter(|o| o.1 <= at.0).map(|o| o.1).max();
    let next = others.iter().filter(|o| o.0 >= at.1).map(|o| o.0).min();
    if prev.is_none() && next.is_none() {
        return None;
    }
    // Clause breaks within `from..to`: (where the break starts, where the clause after it starts).
    let breaks = |from: usize, to: usize| -> Vec<(usize, usize)> {
        let part = &sentence[from..to];
        let mut out = Vec::new();
        for (i, c) in part.char_indices() {
            let rest = &part[i + c.len_utf8()..];
            let after = rest.trim_start();
            let skip = rest.len() - after.len();
            let next_word = after.split(|c: char| !c.is_alphanumeric() && c != '\'').next().unwrap_or("");
            let strong = matches!(c, ';' | '–' | '—')
                || (c == ',' && t.clause_words.contains(&rassegna_text::fold(next_word).as_str()));
            if strong && skip > 0 {
                out.push((from + i, from + i + c.len_utf8() + skip));
            }
        }
        out
    };
    let start = match prev {
        Some(p) => breaks(p, at.0).last()?.1,
        None => 0,
    };
    let end = match next {
        Some(n) => breaks(at.1, n).first()?.0,
        None => sentence.len(),
    };
    let clause = sentence[start..end].trim();
    if clause.split_whitespace().count() < 6 {
        return None;
    }
    let open = if start > 0 { "…" } else { "" };
    let close = if end < sentence.trim_end().len() { "…" } else { "" };
    Some(format!("{open}{clause}{close}"))
}

/// The earlier event a duration implies: "la prima visita in 24 anni" follows one 24 years before. Only
/// whole years, only with a publication year. "Chiuso da 24 anni" names no event 24 years ago: the
/// sentence tells what is true now, and its start is no date a report states.
fn first_in_date(text: &str, m: &DateMention, published: Option<PartialDate>, t: &lang::Table) -> Option<PartialDate> {
    let years: i32 = m.value.strip_prefix('P')?.strip_suffix('Y')?.parse().ok()?;
    let published = published?;
    let line_start = text[..m.start].rfind(['.', '\n', ';']).map_or(0, |p| p + 1);
    let before: Vec<String> =
        rassegna_text::tokens(&text[line_start..m.start]).map(|t| rassegna_text::fold(t.text)).collect();
    let tail = |p: &str| {
        let words: Vec<&str> = p.split(' ').collect();
        before.len() >= words.len() && before[before.len() - words.len()..].iter().zip(&words).all(|(a, b)| a == b)
    };
    let after_first =
        t.first_in_words.iter().any(|p| tail(p)) && before.iter().any(|w| t.first_words.contains(&w.as_str()));
    after_first.then(|| PartialDate::year(published.year - years))
}

/// Content terms around a date mention within its sentence: up to `window` on each side.
fn near_terms(
    text: &str,
    s_start: usize,
    s_end: usize,
    m_start: usize,
    m_end: usize,
    code: &str,
    window: usize,
) -> HashSet<String> {
    // Elided articles ("nell'") are not content.
    let content = |t: &String| !t.ends_with('\'');
    let before: Vec<String> = rassegna_text::terms(&text[s_start..m_start], code).into_iter().filter(content).collect();
    let after: Vec<String> = rassegna_text::terms(&text[m_end..s_end], code).into_iter().filter(content).collect();
    before[before.len().saturating_sub(window)..].iter().chain(after.iter().take(window)).cloned().collect()
}

/// Whether date `inner` lies within date `outer` (`2022-02` within `2022`, or equal).
fn within(inner: PartialDate, outer: PartialDate) -> bool {
    inner.year == outer.year
        && outer.month.is_none_or(|m| inner.month == Some(m))
        && outer.day.is_none_or(|d| inner.day == Some(d))
}

fn precision_rank(d: PartialDate) -> u8 {
    match (d.month, d.day) {
        (_, Some(_)) => 0,
        (Some(_), None) => 1,
        _ => 2,
    }
}

/// One event: the candidates that tell it, at the finest date any of them gives.
struct Cluster {
    date: PartialDate,
    members: Vec<Candidate>,
}

impl Cluster {
    fn accepts(&self, c: &Candidate, opts: &TimelineOptions) -> bool {
        if !within(self.date, c.date) {
            return false;
        }
        self.members.iter().any(|o| {
            if c.deictic && o.deictic && o.date == c.date {
                return true;
            }
            let shared_near = o.near.intersection(&c.near).count();
            let sentence_overlap = overlap(&o.terms, &c.terms);
            // A coarser date ("nel 2012") joins a day's event only when its sentence tells that event:
            // a few shared words near a year say nothing of which day, and every report it joins
            // counts as one more source of the day among the key dates.
            let coarser = precision_rank(c.date) > precision_rank(o.date);
            (!coarser && shared_near >= opts.min_shared && overlap(&o.near, &c.near) >= opts.min_overlap * 0.6)
                || (sentence_overlap >= opts.min_overlap && o.terms.intersection(&c.terms).count() >= opts.min_shared)
        })
    }
}

/// Merge candidates into events (finest dates first, so "nel 2022" joins "nel febbraio 2022" when it
/// speaks of the same thing), then turn each into an entry.
fn cluster(articles: &[Article], mut cands: Vec<Candidate>, opts: &TimelineOptions) -> Vec<TimelineEntry> {
    cands.sort_by_key(|c| (precision_rank(c.date), c.date));
    let mut clusters: Vec<Cluster> = Vec::new();
    // Dates nest only within a year: look only at that year's clusters.
    let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
    for c in cands {
        let year = by_year.entry(c.date.year).or_default();
        match year.iter().copied().find(|&k| clusters[k].accepts(&c, opts)) {
            Some(k) => clusters[k].members.push(c),
            None => {
                year.push(clusters.len());
                clusters.push(Cluster { date: c.date, members: vec![c] });
            }
        }
    }
    let mut by_date: BTreeMap<PartialDate, Vec<(usize, TimelineEntry)>> = BTreeMap::new();
    let first_year = articles.iter().filter_map(|a| a.published).map(|d| d.year).min();
    for cl in clusters {
        let mut ids: Vec<usize> = cl.members.iter().map(|c| c.article).collect();
        ids.sort_unstable();
        ids.dedup();
        // Background history ("nel 1912 l'Italia occupò la Libia") is no key event unless two reports
        // state it in their own words: a sentence copied from page to page is one statement.
        let background = first_year.is_some_and(|y| cl.date.year <= y - BACKGROUND_YEARS);
        let wordings: HashSet<&str> = cl.members.iter().map(|c| c.text.as_str()).collect();
        if background && (ids.len() < 2 || wordings.len() < 2) {
            continue;
        }
        // The wording at the finest date that shares most words with the others, shorter on ties.
        let rep = cl
            .members
            .iter()
            .filter(|c| c.date == cl.date)
            .max_by(|a, b| {
                let sa: f32 = cl.members.iter().map(|o| overlap(&a.terms, &o.terms)).sum();
                let sb: f32 = cl.members.iter().map(|o| overlap(&b.terms, &o.terms)).sum();
                sa.total_cmp(&sb).then(b.text.len().cmp(&a.text.len()))
            })
            .map(|c| c.text.clone())
            .unwrap_or_default();
        let first_reported = ids.iter().filter_map(|&i| articles[i].published).min().map(|d| d.to_string());
        let n = ids.len();
        let sources = ids.into_iter().map(|i| articles[i].id.clone()).collect();
        by_date
            .entry(cl.date)
            .or_default()
            .push((n, TimelineEntry { date: cl.date.to_string(), text: rep, sources, first_reported }));
    }
    best_per_date(by_date, opts.max_per_date)
}

/// Merge the timelines of a storyline's stories (in story order) into one: entries that tell the same
/// event (the finer date within the coarser one, and sentences sharing enough content terms, as in
/// [`timeline_with`]) become one entry with every source, so a storyline's timeline costs as many
/// steps as its stories have entries rather than a pass over every report. Each timeline comes with
/// its language when known (a story in one language), else each entry's language is detected.
pub fn merge_timelines(timelines: &[(&[TimelineEntry], Option<&str>)], opts: &TimelineOptions) -> Vec<TimelineEntry> {
    struct Item<'a> {
        date: PartialDate,
        entry: &'a TimelineEntry,
        terms: HashSet<String>,
    }
    let mut items: Vec<Item> = timelines
        .iter()
        .flat_map(|(t, lang)| t.iter().map(move |e| (e, *lang)))
        .filter_map(|(e, lang)| {
            let date = e.date.parse::<PartialDate>().ok()?;
            let code = lang_code(&e.text, lang);
            Some(Item { date, entry: e, terms: rassegna_text::terms(&e.text, code).into_iter().collect() })
        })
        .collect();
    // Stable: entries of earlier stories come first within a date.
    items.sort_by_key(|i| (precision_rank(i.date), i.date));
    let mut groups: Vec<(PartialDate, Vec<Item>)> = Vec::new();
    let mut by_year: HashMap<i32, Vec<usize>> = HashMap::new();
    for it in items {
        let year = by_year.entry(it.date.year).or_default();
        let same = |o: &Item| {
            o.entry.text == it.entry.text
                || (overlap(&o.terms, &it.terms) >= opts.min_overlap
                    && o.terms.intersection(&it.terms).count() >= opts.min_shared)
        };
        match year.iter().copied().find(|&k| within(groups[k].0, it.date) && groups[k].1.iter().any(same)) {
            Some(k) => groups[k].1.push(it),
            None => {
                year.push(groups.len());
                groups.push((it.date, vec![it]));
            }
        }
    }
    let mut by_date: BTreeMap<PartialDate, Vec<(usize, TimelineEntry)>> = BTreeMap::new();
    for (date, members) in groups {
        let mut sources: Vec<String> = Vec::new();
        for m in &members {
            for s in &m.entry.sources {
                if !sources.contains(s) {
                    sources.push(s.clone());
                }
            }
        }
        // The wording at the group's date with the most sources, the first on ties.
        let rep = members
            .iter()
            .filter(|m| m.date == date)
            .rev()
            .max_by_key(|m| m.entry.sources.len())
            .map(|m| m.entry.text.clone())
            .unwrap_or_default();
        let first_reported = members
            .iter()
            .filter_map(|m| m.entry.first_reported.as_deref()?.parse::<PartialDate>().ok())
            .min()
            .map(|d| d.to_string());
        let n = sources.len();
        by_date
            .entry(date)
            .or_default()
            .push((n, TimelineEntry { date: date.to_string(), text: rep, sources, first_reported }));
    }
    best_per_date(by_date, opts.max_per_date)
}

/// The entries in date order, at most `max` per date, those with most sources first.
fn best_per_date(by_date: BTreeMap<PartialDate, Vec<(usize, TimelineEntry)>>, max: usize) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for (_, mut entries) in by_date {
        entries.sort_by_key(|e| std::cmp::Reverse(e.0));
        entries.truncate(max);
        out.extend(entries.into_iter().map(|(_, e)| e));
    }
    out
}

/// Key dates of a timeline, most salient first: how many distinct reports state an event on each date.
pub fn key_dates(entries: &[TimelineEntry]) -> Vec<(PartialDate, usize)> {
    let mut support: BTreeMap<PartialDate, HashSet<&str>> = BTreeMap::new();
    for e in entries {
        if let Ok(d) = e.date.parse::<PartialDate>() {
            support.entry(d).or_default().extend(e.sources.iter().map(String::as_str));
        }
    }
    let mut out: Vec<(PartialDate, usize)> = support.into_iter().map(|(d, s)| (d, s.len())).collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    out
}

/// Whether a sentence reads like a statement of something that happened (not a menu line or a byline).
fn is_statement(sentence: &str, t: &lang::Table) -> bool {
    let words: Vec<String> =
        rassegna_text::tokens(sentence).filter(|t| t.is_word()).map(|t| rassegna_text::fold(t.text)).collect();
    let end = sentence.trim_end();
    // Questions, and teasers cut short ("...leggi tutto »"), are not statements.
    if words.len() < 5 || end.ends_with('?') || end.ends_with("...") || end.ends_with('…') {
        return false;
    }
    let folded = rassegna_text::fold(sentence);
    if t.teaser_cues.iter().any(|c| folded.contains(c)) {
        return false;
    }
    if words.iter().take(4).any(|w| t.publication_cues.contains(&w.as_str())) {
        return false;
    }
    words.iter().any(|w| {
        t.event_cues.contains(&w.as_str()) || t.past_endings.iter().any(|s| w.len() > s.len() + 2 && w.ends_with(s))
    })
}

/// Whether a mention is a deictic "today" ("oggi", "quest'oggi", "today"). Only the mention's own words
/// are scanned: re-scanning the whole report on every story rebuild cost as much as tagging it.
fn is_deictic(mention: &str, table: &'static lang::Table) -> bool {
    Scanner::new(mention, table).scan().first().is_some_and(|f| f.start == 0 && is_today(&f.expr))
}

/// Whether a mention is a holiday ("Natale", "lo scorso Natale", "Thanksgiving Day").
fn is_holiday(mention: &str, table: &'static lang::Table) -> bool {
    Scanner::new(mention, table).scan().first().is_some_and(|f| matches!(f.expr, Expr::Holiday { .. }))
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
    // Reports without a day-precise date borrow what the others say (see `refine_story_dates`).
    let refined: Vec<Article>;
    let articles = if articles.iter().any(|a| a.published.is_none_or(|d| d.day.is_none())) {
        let mut copy = articles.to_vec();
        refine_story_dates(&mut copy);
        refined = copy;
        &refined
    } else {
        articles
    };
    let mut cands: Vec<Candidate> = Vec::new();
    for (ai, a) in articles.iter().enumerate() {
        let code = lang_code(&a.text, a.lang.as_deref());
        let table = lang::table(code);
        let tagged: Vec<DateMention>;
        let mentions: &[DateMention] = if a.dates.is_empty() {
            tagged = tag(&a.text, Some(code), a.published);
            &tagged
        } else {
            &a.dates
        };
        if mentions.is_empty() {
            continue;
        }
        let sentences = rassegna_text::sentences(&a.text);
        let read_to = sentences.get(rassegna_text::MAX_REPORT_SENTENCES).map_or(a.text.len(), |s| s.start);
        // Spans of the calendar dates, to cut a sentence holding several into their clauses.
        let mut dated: Vec<(usize, usize)> = mentions
            .iter()
            .filter(|m| matches!(m.kind, TimexKind::Date | TimexKind::Time) && as_date(&m.value).is_some())
            .map(|m| (m.start, m.end))
            .collect();
        dated.sort_unstable();
        for m in mentions.iter().take_while(|m| m.start < read_to) {
            let date = match m.kind {
                TimexKind::Date | TimexKind::Time => as_date(&m.value),
                TimexKind::Duration => first_in_date(&a.text, m, a.published, table),
                TimexKind::Set => None,
            };
            let Some(date) = date else {
                continue;
            };
            // A holiday names a season as much as a day ("a cavallo di Ferragosto", "prima di Natale"):
            // it dates no event of its own.
            if is_holiday(&m.text, table) {
                continue;
            }
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
            // The dates of this sentence: a slice of `dated`, which is in text order.
            let in_sentence = {
                let from = dated.partition_point(|o| o.0 < s.start);
                let to = dated.partition_point(|o| o.0 < s.end());
                &dated[from..to]
            };
            let dateline_end = in_sentence
                .iter()
                .find(|o| {
                    o.0 - s.start < 40
                        && o.1 <= s.end()
                        && s.text[o.1 - s.start..].trim_start().starts_with(['–', '-', '—'])
                })
                .map(|o| o.1 - s.start);
            let text = normalise(s.text, dateline_end, opts.max_chars);
            // Which events are one is read from the whole sentence; what the entry shows is the
            // clause of its own date when the sentence names several.
            let terms: HashSet<String> = rassegna_text::terms(&text, code).into_iter().collect();
            let body = dateline_end.unwrap_or(0);
            let others: Vec<(usize, usize)> = in_sentence
                .iter()
                .filter(|o| o.0 >= s.start + body && o.1 <= s.end() && o.0 != m.start)
                .map(|o| (o.0 - s.start - body, o.1 - s.start - body))
                .collect();
            // The dateline's own date shows the sentence after it.
            let clause = if m.start >= s.start + body {
                clause_of(&s.text[body..], (m.start - s.start - body, m.end - s.start - body), &others, table)
            } else {
                None
            };
            let shown = clause.map_or(text, |c| normalise(&c, None, opts.max_chars));
            let near = near_terms(&a.text, s.start, s.end(), m.start, m.end, code, opts.window);
            cands.push(Candidate { date, text: shown, terms, near, article: ai, deictic: is_deictic(&m.text, table) });
        }
    }
    cluster(articles, cands, opts)
}
