//! Quote groups: the same statement reported by several articles of a story, in different
//! wordings ("documento veramente rivoluzionario" / "documento davvero rivoluzionario"), and the
//! same statement quoted again in later stories of a storyline.

use std::collections::{BTreeSet, HashMap, HashSet};

use rassegna_model::{Article, QuoteGroup, QuoteVariant, Story};

use crate::lexicon::lexicon;
use crate::tokenize::fold_fast;

/// Share of the shorter quote's terms the other must hold for the two to be one statement.
const MIN_OVERLAP: f32 = 0.6;

/// Content terms of a quote: folded, stemmed, stop words and intensifiers dropped.
pub fn quote_terms(text: &str, lang: &str) -> HashSet<String> {
    let table = lexicon().table(lang);
    let stem = rassegna_text::stemmer(lang);
    rassegna_text::tokens(text)
        .filter(|t| t.is_word())
        .filter_map(|t| {
            let f = fold_fast(t.text);
            let f = f.trim_end_matches(['\'', '’']).to_string();
            if f.chars().count() < 2 || rassegna_text::is_stop_word(lang, &f) || table.intensifiers.contains(&f) {
                return None;
            }
            Some(match &stem {
                Some(s) => s.stem(&f).into_owned(),
                None => f,
            })
        })
        .collect()
}

fn same_statement(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let min = a.len().min(b.len());
    if min == 0 {
        return false;
    }
    if min == 1 {
        return a == b;
    }
    // A few words inside a long statement are a fragment of it only when quoted as such; two
    // words shared with a much longer quote are too weak a link.
    if min < 4 && a.len().max(b.len()) > 3 * min {
        return false;
    }
    shared >= 2 && shared as f32 / min as f32 >= MIN_OVERLAP
}

/// Anchors of a quote that survive translation: numbers, names (capitalised words after the first)
/// and cognates, a long word's first three consonants ("rivoluzionario" / "revolutionary" -> `rvl`,
/// "cooperazione" / "cooperation" -> `cpr`).
fn anchors(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    for (i, t) in rassegna_text::tokens(text).enumerate() {
        if t.is_number() {
            out.insert(format!("#{}", t.text));
            continue;
        }
        if !t.is_word() {
            continue;
        }
        let f = fold_fast(t.text);
        if i > 0 && t.is_capitalised() {
            out.insert(format!("n:{f}"));
        } else if f.chars().count() >= 6 {
            let key: String = f.chars().filter(|c| c.is_alphabetic() && !"aeiouyh".contains(*c)).take(3).collect();
            if key.chars().count() == 3 {
                out.insert(format!("c:{key}"));
            }
        }
    }
    out
}

/// Whether two quotes in different languages are one statement translated: the same speaker, three
/// anchors shared and half of the fewer's.
fn same_statement_translated(a: &Member, b: &Member) -> bool {
    let shared = a.anchors.intersection(&b.anchors).count();
    let min = a.anchors.len().min(b.anchors.len());
    a.speaker.is_some() && a.speaker == b.speaker && shared >= 3 && shared * 2 >= min
}

struct Member {
    article: usize,
    text: String,
    terms: HashSet<String>,
    lang: String,
    anchors: HashSet<String>,
    speaker: Option<String>,
}

/// Group the quotes of one story's articles. Groups carried by one article only are kept when
/// their speaker is known; groups are ordered by how many articles carry them, then by first
/// appearance.
pub fn quote_groups(articles: &[Article]) -> Vec<QuoteGroup> {
    let mut groups: Vec<Vec<Member>> = Vec::new();
    // Groups by the terms of their members: one statement shares a term with another, so only the
    // groups sharing a term are compared (a big story has thousands of quotes).
    let mut by_term: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (ai, art) in articles.iter().enumerate() {
        let lang = &rassegna_text::reading_language(art.lang.as_deref(), &art.text);
        for q in &art.quotes {
            let terms = quote_terms(&q.text, lang);
            if terms.is_empty() {
                continue;
            }
            let m = Member {
                article: ai,
                text: q.text.clone(),
                terms,
                lang: lang.to_string(),
                anchors: anchors(&q.text),
                speaker: q.speaker.clone(),
            };
            let compatible = |g: &Vec<Member>| {
                g.iter().all(|x| x.speaker.is_none() || m.speaker.is_none() || x.speaker == m.speaker)
                    && g.iter().any(|x| {
                        if x.lang == m.lang {
                            same_statement(&x.terms, &m.terms)
                        } else {
                            same_statement_translated(x, &m)
                        }
                    })
            };
            let candidates: BTreeSet<usize> =
                m.terms.iter().chain(&m.anchors).filter_map(|t| by_term.get(t)).flatten().copied().collect();
            let found = candidates.into_iter().find(|&i| compatible(&groups[i]));
            let gi = match found {
                Some(i) => {
                    // A report quoting the same words twice, whole or in part, is one variant:
                    // the fuller wording is kept.
                    if let Some(x) = groups[i]
                        .iter_mut()
                        .find(|x| x.article == ai && (x.terms.is_subset(&m.terms) || m.terms.is_subset(&x.terms)))
                    {
                        if x.terms.len() < m.terms.len() {
                            for t in m.terms.iter().chain(&m.anchors) {
                                by_term.entry(t.clone()).or_default().insert(i);
                            }
                            *x = m;
                        }
                        continue;
                    }
                    i
                }
                None => {
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            };
            for t in m.terms.iter().chain(&m.anchors) {
                by_term.entry(t.clone()).or_default().insert(gi);
            }
            groups[gi].push(m);
        }
    }
    let mut out: Vec<(usize, usize, QuoteGroup)> = Vec::new();
    for (gi, g) in groups.into_iter().enumerate() {
        let mut arts: Vec<usize> = g.iter().map(|m| m.article).collect();
        arts.sort_unstable();
        arts.dedup();
        // The most frequent named speaker, ties to the first seen.
        let mut speakers: Vec<(&str, usize)> = Vec::new();
        for m in &g {
            if let Some(s) = &m.speaker {
                match speakers.iter_mut().find(|(x, _)| x == s) {
                    Some(e) => e.1 += 1,
                    None => speakers.push((s, 1)),
                }
            }
        }
        let speaker = speakers.iter().rev().max_by_key(|(_, c)| *c).map(|(s, _)| s.to_string());
        if arts.len() < 2 && speaker.is_none() {
            continue;
        }
        let first = arts
            .iter()
            .copied()
            .min_by_key(|&a| (articles[a].published.is_none(), articles[a].published, a))
            .expect("a group has a member");
        let group = QuoteGroup {
            speaker,
            variants: g
                .iter()
                .map(|m| QuoteVariant {
                    article: articles[m.article].id.clone(),
                    text: m.text.clone(),
                    published: articles[m.article].published,
                    story: None,
                })
                .collect(),
            first_outlet: articles[first].outlet.clone(),
        };
        out.push((arts.len(), gi, group));
    }
    out.sort_by_key(|(n, gi, _)| (std::cmp::Reverse(*n), *gi));
    out.into_iter().map(|(_, _, g)| g).collect()
}

/// Share of each quote's terms the other must hold for a statement to be quoted again in another
/// story: most of the shorter's, two thirds of the longer's (a short fragment of a long quote,
/// "Gheddafi e il popolo libico", is too common to say which statement it is).
const MIN_OVERLAP_ACROSS: (f32, f32) = (0.8, 0.67);

/// Whether two quotes of different stories are one statement: stricter than within a story, where
/// the stories' own groups already join loosely worded variants ("il popolo libico" is in many
/// statements months apart; "documento rivoluzionario" is one).
fn same_statement_across(a: &HashSet<String>, b: &HashSet<String>) -> bool {
    let shared = a.intersection(b).count();
    let (min, max) = (a.len().min(b.len()), a.len().max(b.len()));
    let (of_shorter, of_longer) = MIN_OVERLAP_ACROSS;
    shared >= 2 && shared as f32 >= of_shorter * min as f32 && shared as f32 >= of_longer * max as f32
}

/// Whether two speakers may be one person across stories: the same name, one unknown, or the same
/// last word (a story that only says "Putin" resolves no first name).
fn same_speaker(a: Option<&str>, b: Option<&str>) -> bool {
    let last = |s: &str| s.rsplit(' ').next().map(rassegna_text::fold).unwrap_or_default();
    match (a, b) {
        (Some(a), Some(b)) => a == b || last(a) == last(b),
        _ => true,
    }
}

/// A story's quote group on its way into a storyline group.
struct Part<'a> {
    story: &'a Story,
    group: &'a QuoteGroup,
    terms: Vec<HashSet<String>>,
}

/// Group the same statement quoted in different stories of one storyline (`stories` in the
/// storyline's order): a story's group joins a storyline group holding no group of its own story
/// when their speakers may be one person and a variant of each is the same statement (most of the
/// words of both: see [`same_statement_across`]). Only groups spanning two or more stories are returned, each variant with its story and
/// date, variants by date; groups by how many stories carry them, then by first appearance.
pub fn storyline_quote_groups(stories: &[Story]) -> Vec<QuoteGroup> {
    let mut lines: Vec<Vec<Part>> = Vec::new();
    let mut by_term: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for story in stories {
        let lang = (story.languages.len() == 1).then(|| story.languages[0].as_str());
        for group in &story.quote_groups {
            let terms: Vec<HashSet<String>> = group
                .variants
                .iter()
                .map(|v| quote_terms(&v.text, &rassegna_text::reading_language(lang, &v.text)))
                .collect();
            let candidates: BTreeSet<usize> =
                terms.iter().flatten().filter_map(|t| by_term.get(t)).flatten().copied().collect();
            let joins = |line: &Vec<Part>| {
                line.iter().all(|p| p.story.id != story.id)
                    && line.iter().all(|p| same_speaker(p.group.speaker.as_deref(), group.speaker.as_deref()))
                    && line.iter().any(|p| p.terms.iter().any(|a| terms.iter().any(|b| same_statement_across(a, b))))
            };
            let li = match candidates.into_iter().find(|&i| joins(&lines[i])) {
                Some(i) => i,
                None => {
                    lines.push(Vec::new());
                    lines.len() - 1
                }
            };
            for t in terms.iter().flatten() {
                by_term.entry(t.clone()).or_default().insert(li);
            }
            lines[li].push(Part { story, group, terms });
        }
    }
    let mut out: Vec<(usize, usize, QuoteGroup)> = Vec::new();
    for (li, parts) in lines.into_iter().enumerate().filter(|(_, parts)| parts.len() >= 2) {
        // The speaker named most often, ties to the first; the outlet of the earliest group.
        let mut speakers: Vec<(&str, usize)> = Vec::new();
        for s in parts.iter().filter_map(|p| p.group.speaker.as_deref()) {
            match speakers.iter_mut().find(|(x, _)| *x == s) {
                Some(e) => e.1 += 1,
                None => speakers.push((s, 1)),
            }
        }
        let speaker = speakers.iter().rev().max_by_key(|(_, c)| *c).map(|(s, _)| s.to_string());
        let earliest = |p: &Part| p.group.variants.iter().filter_map(|v| v.published).min();
        let first_outlet = parts
            .iter()
            .min_by_key(|p| (earliest(p).is_none(), earliest(p)))
            .and_then(|p| p.group.first_outlet.clone());
        let mut variants: Vec<QuoteVariant> = parts
            .iter()
            .flat_map(|p| {
                p.group.variants.iter().map(|v| QuoteVariant { story: Some(p.story.id.clone()), ..v.clone() })
            })
            .collect();
        // By date, undated last; the storyline's order otherwise (the sort is stable).
        variants.sort_by_key(|v| (v.published.is_none(), v.published));
        out.push((parts.len(), li, QuoteGroup { speaker, variants, first_outlet }));
    }
    out.sort_by_key(|(n, li, _)| (std::cmp::Reverse(*n), *li));
    out.into_iter().map(|(_, _, g)| g).collect()
}
