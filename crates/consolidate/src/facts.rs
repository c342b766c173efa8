//! Fact candidates of one article: quantities with what they count, dated events, "first in N
//! years" / "last in YEAR" spans, and stated relations between entities, each with its byte span.

use crate::doc::{Doc, DocSentence};
use crate::lang::{self, Table, UnitKind};
use crate::numbers::{self, Quantity, Word, format_value};
use rassegna_model::{Article, EntityType, TimexKind};
use rassegna_text::is_stop_word;
use std::collections::HashSet;

/// A fact's value as one article states it.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Num(f64),
    /// A date (`2024-06`) or the object of a relation.
    Text(String),
}

/// A fact as stated by one article, before alignment.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Index of the article in the story slice.
    pub article: usize,
    pub predicate: &'static str,
    /// Alignment key: candidates of different articles align only within one key.
    pub key: String,
    /// Human-readable subject, as this article words it.
    pub subject: String,
    pub value: Val,
    /// Unit suffix of the normalised value: `EUR`, `%`, `Y` (durations), empty for counts.
    pub unit: String,
    pub qualifier: Option<&'static str>,
    pub vague: bool,
    pub start: usize,
    pub end: usize,
    /// The value as written when the fact value is derived from it (`P24Y` for "24 anni").
    pub stated: Option<String>,
    /// Language-neutral and stemmed context of the sentence, for telling facts apart.
    pub context: HashSet<String>,
    /// Language of the article: across languages only neutral context (names, units) compares.
    pub lang: &'static str,
    /// The unit itself when the key holds its family ("displaced" under `count:person`): a conflict
    /// needs the same unit.
    pub detail: &'static str,
}

impl Candidate {
    /// The normalised value string of this mention.
    pub fn value_string(&self) -> String {
        match (&self.value, self.predicate) {
            (Val::Text(s), _) => s.clone(),
            (Val::Num(v), "duration" | "age") => format!("P{}{}", format_value(*v), self.unit),
            (Val::Num(v), "percent") => format!("{}%", format_value(*v)),
            (Val::Num(v), _) if !self.unit.is_empty() => {
                format!("{} {}", format_value(*v), self.unit)
            }
            (Val::Num(v), _) => format_value(*v),
        }
    }
}

pub use crate::doc::article_lang;

/// Agreement nouns, by canonical object, for "signed" relations.
const AGREEMENTS: &[&str] = &[
    "accordo",
    "patto",
    "trattato",
    "intesa",
    "memorandum",
    "contratto",
    "agreement",
    "treaty",
    "pact",
    "deal",
    "accord",
    "contract",
];

/// Prepositions after which a name is a place, not an actor.
const LOCATIVE: &[&str] = &["a", "in", "da", "nel", "nella", "at", "to", "from", "per", "verso", "into", "on"];

/// A name in a sentence: a run of capitalised words, or an entity mention.
#[derive(Debug, Clone)]
struct Name {
    text: String,
    /// Folded last word, the key ("putin").
    head: String,
    first_token: usize,
    end_token: usize,
    kind: Option<EntityType>,
}

/// What the article's entities say about spans: (start, end, canonical name, type).
fn entity_spans(a: &Article) -> Vec<(usize, usize, &str, EntityType)> {
    let mut v: Vec<_> = a
        .entities
        .iter()
        .flat_map(|e| e.mentions.iter().map(move |m| (m.start, m.end, e.name.as_str(), e.kind)))
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

/// Particles inside names ("Corea del Nord", "Bank of England").
const NAME_PARTICLES: &[&str] = &["del", "della", "di", "dei", "degli", "of", "the", "de", "von", "van"];

/// Titles written capitalised before names ("President Ilka Marren"): not part of the name.
const TITLES: &[&str] = &[
    "president",
    "presidente",
    "prime",
    "minister",
    "ministro",
    "premier",
    "king",
    "queen",
    "re",
    "regina",
    "pope",
    "papa",
    "chancellor",
    "cancelliere",
    "mayor",
    "sindaco",
    "general",
    "generale",
    "senator",
    "senatore",
    "governor",
    "governatore",
    "chairman",
    "ceo",
    "secretary",
    "segretario",
    "mr",
    "mrs",
    "ms",
    "dr",
    "sir",
    "lord",
];

/// Stop words that start names ("Stati Uniti").
const NAME_STARTERS: &[&str] = &["stati"];

/// The key of a name: its last word for a person-like name ("Vladimir Putin" -> "putin"), the first
/// when the last is a short particle ("Kim Jong-un" -> "kim"), the whole name when it has a
/// particle inside ("Corea del Nord").
fn name_head(words: &[&str]) -> String {
    let folded: Vec<String> = words.iter().map(|w| rassegna_text::fold(w)).collect();
    if folded.iter().any(|w| NAME_PARTICLES.contains(&w.as_str())) {
        return folded.join(" ");
    }
    match folded.last() {
        Some(l) if l.chars().count() <= 2 && folded.len() > 1 => folded[0].clone(),
        Some(l) => l.clone(),
        None => String::new(),
    }
}

fn names_in(
    text: &str,
    ws: &[Word<'_>],
    base: usize,
    ents: &[(usize, usize, &str, EntityType)],
    lang: &str,
    capitals: &HashSet<String>,
) -> Vec<Name> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        let (s, _) = (ws[i].start + base, ws[i].end + base);
        if let Some((_, e, name, kind)) = ents.iter().find(|(es, ee, _, _)| *es <= s && s < *ee) {
            let mut j = i + 1;
            while j < ws.len() && ws[j].start + base < *e {
                j += 1;
            }
            let head = name_head(&name.split(' ').collect::<Vec<_>>());
            out.push(Name { text: name.to_string(), head, first_token: i, end_token: j, kind: Some(*kind) });
            i = j;
            continue;
        }
        let starts_name = ws[i].is_capitalised()
            && !ws[i].folded.ends_with('\'')
            && (!is_stop_word(lang, &ws[i].folded) || NAME_STARTERS.contains(&ws[i].folded.as_str()))
            && (i > 0 || capitals.contains(&ws[i].folded));
        if starts_name {
            let mut j = i + 1;
            loop {
                let close = |k: usize| ws[k].start - ws[k - 1].end <= 1;
                let hyphen = |k: usize| &text[ws[k - 1].end..ws[k].start] == "-";
                if j < ws.len() && close(j) && (ws[j].is_capitalised() || hyphen(j)) {
                    j += 1;
                } else if j + 1 < ws.len()
                    && close(j)
                    && close(j + 1)
                    && NAME_PARTICLES.contains(&ws[j].folded.as_str())
                    && ws[j + 1].is_capitalised()
                {
                    j += 2;
                } else {
                    break;
                }
            }
            // "Solvenian President Ilka Marren": the name starts after the last title word.
            let from = (i..j).rev().find(|k| TITLES.contains(&ws[*k].folded.as_str())).map_or(i, |k| k + 1);
            if from >= j {
                i = j;
                continue;
            }
            let text = ws[from..j].iter().map(|w| w.text).collect::<Vec<_>>().join(" ");
            let head = name_head(&ws[from..j].iter().map(|w| w.text).collect::<Vec<_>>());
            out.push(Name { text, head, first_token: from, end_token: j, kind: None });
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Context of a sentence: stems, folded names and canonical unit/event ids.
fn context(ws: &[Word<'_>], stems: &[String], table: &'static Table) -> HashSet<String> {
    context_of(ws.iter().zip(stems), table)
}

/// Words around a quantity, itself and its unit left out: what tells "200 persone evacuate" from
/// "30 persone ricoverate" in one story, where whole sentences share most words.
const WINDOW: usize = 8;

fn window_context(ws: &[Word<'_>], stems: &[String], q: &Quantity, table: &'static Table) -> HashSet<String> {
    let lo = q.first_token.saturating_sub(WINDOW);
    let hi = (q.end_token + WINDOW).min(ws.len());
    let mid = q.end_token.min(hi);
    context_of(
        ws[lo..q.first_token].iter().zip(&stems[lo..q.first_token]).chain(ws[mid..hi].iter().zip(&stems[mid..hi])),
        table,
    )
}

fn context_of<'a, 'b: 'a>(
    ws: impl Iterator<Item = (&'a Word<'b>, &'a String)>,
    table: &'static Table,
) -> HashSet<String> {
    let mut c = HashSet::new();
    for (w, stem) in ws {
        if w.is_number() || w.folded.chars().count() < 3 || is_stop_word(table.code, &w.folded) {
            continue;
        }
        if w.is_capitalised() {
            c.insert(format!("n:{}", lang::neutral_name(&w.folded)));
        }
        if let Some(u) = lang::all().iter().find_map(|t| t.unit(&w.folded)) {
            // A unit word says what a nearby number counts, not what the sentence is about.
            c.insert(format!("u:{}", u.canon));
            continue;
        }
        if let Some(e) = lang::all().iter().find_map(|t| t.event(&w.folded)) {
            c.insert(format!("e:{e}"));
        }
        if let Some(m) = lang::all().iter().find_map(|t| t.money_subject(&w.folded)) {
            c.insert(format!("c:{m}"));
        }
        c.insert(format!("t:{stem}"));
    }
    c
}

/// The event noun within `range` of tokens, with its index.
fn event_in(ws: &[Word<'_>], range: std::ops::Range<usize>, table: &'static Table) -> Option<(usize, &'static str)> {
    range.filter(|k| *k < ws.len()).find_map(|k| table.event(&ws[k].folded).map(|e| (k, e)))
}

/// Who an event noun belongs to: the name after "di"/"of", the noun after it when lowercase
/// ("di un leader mondiale"), else the first actor named in the sentence.
/// Returns the key (folded head, empty when unnamed) and the name as written.
fn event_agent(ws: &[Word<'_>], ev: usize, names: &[Name], table: &'static Table) -> (String, String) {
    let mut k = ev + 1;
    // Skip a number and its unit word between ("prima visita in 24 anni di Putin").
    while k < ws.len() && k <= ev + 4 {
        let f = ws[k].folded.as_str();
        if table.of_words.contains(&f) {
            if let Some(n) = names.iter().find(|n| n.first_token == k + 1) {
                return (n.head.clone(), n.text.clone());
            }
            if ws.get(k + 1).is_some_and(|w| w.is_number()) {
                k += 1;
                continue;
            }
            // "di un leader mondiale", "by a Norlandic president": the owner is not named, and
            // how it is described varies too much across reports to key on it.
            if ws.get(k + 1).is_some_and(|w| !w.is_capitalised()) {
                return (String::new(), String::new());
            }
        }
        if ws[k].is_capitalised() {
            break;
        }
        k += 1;
    }
    names
        .iter()
        .find(|n| n.first_token == 0 || !LOCATIVE.contains(&ws[n.first_token - 1].folded.as_str()))
        .filter(|n| n.kind.is_none_or(|t| t != EntityType::Place || n.first_token == 0))
        .map(|n| (n.head.clone(), n.text.clone()))
        .unwrap_or_default()
}

/// A subject label: the phrase, with the owner's name when there is one ("prima visita – Vladimir Putin").
fn labelled(phrase: String, owner: &str) -> String {
    if owner.is_empty() { phrase } else { format!("{phrase} – {owner}") }
}

/// Publication year of an article, else the most common publication year of the story.
pub fn reference_year(a: &Article, story_year: Option<i32>) -> Option<i32> {
    a.published.map(|p| p.year).or(story_year)
}

/// Extract the fact candidates of one article.
pub fn candidates(idx: usize, doc: &Doc<'_>, story_year: Option<i32>) -> Vec<Candidate> {
    let a = doc.article;
    let table = lang::table(doc.lang);
    let ents = entity_spans(a);
    let year = reference_year(a, story_year);
    let capitals = &doc.capitals;
    let mut out = Vec::new();
    for s in &doc.sentences {
        let ws = &s.words;
        if ws.len() < 4 {
            continue;
        }
        let base = s.start;
        let qs = numbers::quantities(s.text, ws, table);
        // Most sentences state no fact: skip them before the costlier context and names.
        let has_date = a.dates.iter().any(|d| d.start >= s.start && d.end <= s.end());
        if qs.is_empty() && !has_date && !ws.iter().any(|w| !w.is_capitalised() && table.relation(&w.folded).is_some())
        {
            continue;
        }
        let mut ctx = context(ws, &s.stems, table);
        let names = names_in(s.text, ws, base, &ents, table.code, capitals);
        // Units written as symbols ("€", "%") are no tokens: add them from the quantities.
        ctx.extend(qs.iter().filter_map(|q| q.unit).map(|u| format!("u:{}", u.canon)));
        let mk =
            |predicate, key: String, subject: String, value, unit: &str, q: Option<&Quantity>, span: (usize, usize)| {
                let generic_percent = key.ends_with('~');
                Candidate {
                    article: idx,
                    predicate,
                    key,
                    subject,
                    value,
                    unit: unit.to_string(),
                    qualifier: q.and_then(|q| q.qualifier),
                    vague: q.is_some_and(|q| q.vague),
                    start: base + span.0,
                    end: base + span.1,
                    stated: None,
                    // A percentage of a known thing ("affluenza") is specific enough for the whole
                    // sentence to compare; a count of "persone" is not.
                    context: match (predicate, q) {
                        ("percent", _) if !generic_percent => ctx.clone(),
                        ("count" | "money" | "percent" | "duration", Some(q)) => window_context(ws, &s.stems, q, table),
                        _ => ctx.clone(),
                    },
                    lang: table.code,
                    detail: q.and_then(|q| q.unit).map_or("", |u| u.canon),
                }
            };
        let mut years_used = HashSet::new();
        for q in &qs {
            // "prima visita nell'arco di 24 anni", "first visit in 24 years", "prima visita in 24 di Putin".
            let first = (q.first_token.saturating_sub(10)..q.first_token)
                .find(|k| table.first_words.contains(&ws[*k].folded.as_str()));
            let years_unit = q.unit.is_some_and(|u| u.kind == UnitKind::Duration && u.canon == "Y");
            if let Some(f) = first
                && (years_unit || (q.unit.is_none() && !q.is_year && (2.0..100.0).contains(&q.value)))
                && let Some((ev, event)) = event_in(ws, f + 1..f + 3, table)
                && let Some(y) = year
            {
                let (agent, owner) = event_agent(ws, ev, &names, table);
                let mut c = mk(
                    "since",
                    format!("since:{event}|{agent}"),
                    labelled(format!("{} {}", ws[f].text, ws[ev].text), &owner),
                    Val::Text((y - q.value as i32).to_string()),
                    "",
                    Some(q),
                    (ws[f].start, q.end),
                );
                c.stated = Some(format!("P{}Y", format_value(q.value)));
                out.push(c);
                continue;
            }
            if q.is_year {
                // "Dall'ultima visita di Putin a Pyongyang nel 2000", "his previous visit in 2000",
                // and "the first visit since 2000", "la prima visita dal 2000".
                let since_year =
                    q.first_token > 0 && matches!(ws[q.first_token - 1].folded.as_str(), "since" | "dal" | "dall'");
                let last = (q.first_token.saturating_sub(12)..q.first_token).find(|k| {
                    let w = ws[*k].folded.as_str();
                    table.last_words.contains(&w) || (since_year && table.first_words.contains(&w))
                });
                if let Some(l) = last
                    && let Some((ev, event)) = event_in(ws, l + 1..l + 3, table)
                {
                    let (agent, owner) = event_agent(ws, ev, &names, table);
                    years_used.insert(q.first_token);
                    out.push(mk(
                        "since",
                        format!("since:{event}|{agent}"),
                        labelled(format!("{} {}", ws[l].text, ws[ev].text), &owner),
                        Val::Text(format_value(q.value)),
                        "",
                        Some(q),
                        (ws[l].start, q.end),
                    ));
                }
                continue;
            }
            let Some(unit) = q.unit else {
                if let Some(noun) = &q.noun
                    && !q.vague
                {
                    let _ = noun;
                    let head = &s.stems[q.end_token];
                    let end = ws[q.end_token].end;
                    out.push(mk(
                        "count",
                        format!("count:~{head}"),
                        ws[q.end_token].text.to_string(),
                        Val::Num(q.value),
                        "",
                        Some(q),
                        (q.start, end),
                    ));
                }
                continue;
            };
            // "killed four people", "uccidendo tre persone": people counted by what happened to them.
            let mut q = q.clone();
            let unit = match harm_before(ws, &q) {
                Some(canon) if lang::family(unit.canon) == "person" => {
                    let u = lang::all().iter().flat_map(|t| t.units.iter()).find(|u| u.canon == canon).copied();
                    q.unit = u.or(Some(unit));
                    q.unit.unwrap_or(unit)
                }
                _ => unit,
            };
            let q = &q;
            // "i due Paesi", "the two leaders": a reference to things already named, not a count.
            let definite = q.first_token > 0 && DEFINITE.contains(&ws[q.first_token - 1].folded.as_str());
            if unit.kind == UnitKind::Count && q.value <= 3.0 && definite {
                continue;
            }
            // "il 5 gennaio 2013 ore 16": a year before the hour of a time stamp, not 2013 hours.
            if unit.kind == UnitKind::Duration && unit.canon == "H" && (1900.0..=2100.0).contains(&q.value) {
                continue;
            }
            let (predicate, key, unit_s) = match unit.kind {
                UnitKind::Count => ("count", format!("count:{}", lang::family(unit.canon)), ""),
                // "un uomo di 74 anni", "a 74-year-old": an age, of whoever it is.
                UnitKind::Duration if is_age(s.text, ws, q) => ("age", "age".to_string(), unit.canon),
                UnitKind::Money => ("money", format!("money:{}", unit.canon), unit.canon),
                UnitKind::Percent => ("percent", format!("percent:{}", percent_subject(ws, q, table)), "%"),
                UnitKind::Duration => ("duration", format!("duration:{}", unit.canon), unit.canon),
            };
            let subject = subject_of(ws, q, table, &names);
            out.push(mk(predicate, key, subject, Val::Num(q.value), unit_s, Some(q), (q.start, q.end)));
        }
        out.extend(dated_events(idx, a, s, ws, &names, table, &ctx, &years_used));
        out.extend(relations(idx, s, ws, &names, table, &ctx));
    }
    out
}

/// Definite articles, alone or joined to a preposition, and "both".
const DEFINITE: &[&str] = &[
    "i", "gli", "le", "ai", "agli", "alle", "dei", "degli", "delle", "dai", "dagli", "dalle", "nei", "negli", "nelle",
    "sui", "sugli", "sulle", "coi", "tra", "fra", "entrambi", "entrambe", "the", "both", "these", "those",
];

/// Verbs of harm just before a count of people: the people are dead or injured.
fn harm_before(ws: &[Word<'_>], q: &Quantity) -> Option<&'static str> {
    let lo = q.first_token.saturating_sub(2);
    ws[lo..q.first_token].iter().rev().find_map(|w| match w.folded.as_str() {
        "killed" | "killing" | "kills" | "kill" | "ucciso" | "uccise" | "uccidendo" | "uccisi" => Some("dead"),
        "injured" | "injuring" | "wounded" | "wounding" | "ferito" | "ferendo" | "feriti" => Some("injured"),
        _ => None,
    })
}

/// Whether a span of years is someone's age: "di 74 anni" after a noun, "74-year-old", "aged 74".
fn is_age(text: &str, ws: &[Word<'_>], q: &Quantity) -> bool {
    let Some(u) = q.unit else { return false };
    if u.canon != "Y" {
        return false;
    }
    let before = |k: usize| q.first_token.checked_sub(k).map(|i| ws[i].folded.as_str());
    let after = ws.get(q.end_token).map(|w| w.folded.as_str());
    // "Esposito, 33 anni, ..." / "Esposito, 33 anni e 19 gol": years in apposition to a name.
    let gap = |i: usize| ws.get(i).map_or(&text[ws[i - 1].end..], |w| &text[ws[i - 1].end..w.start]);
    let apposition = q.first_token > 0
        && q.end_token > q.first_token
        && ws[q.first_token - 1].is_capitalised()
        && gap(q.first_token).trim() == ","
        && (gap(q.end_token).trim_start().starts_with([',', '.', ')', ';'])
            || after == Some("e")
            || after == Some("and"));
    if apposition {
        return true;
    }
    let of_noun = before(1) == Some("di")
        && before(2).is_some_and(|w| {
            w.chars().all(char::is_alphabetic)
                && !matches!(w, "arco" | "periodo" | "corso" | "oltre" | "circa" | "decine" | "centinaia")
        });
    of_noun || after == Some("old") || before(1) == Some("aged")
}

/// What a percentage is of: the nearest known word around it ("affluenza", "of the vote").
fn percent_subject(ws: &[Word<'_>], q: &Quantity, table: &'static Table) -> &'static str {
    let lo = q.first_token.saturating_sub(14);
    let hi = (q.end_token + 6).min(ws.len());
    (lo..hi)
        .filter(|k| *k < q.first_token || *k >= q.end_token)
        .filter_map(|k| {
            let c = table.percent_subject(&ws[k].folded)?;
            let d = if k < q.first_token { q.first_token - k } else { k + 1 - q.end_token };
            Some((d, c))
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
        .unwrap_or("~")
}

/// Display subject of a quantity: its unit noun with what follows it ("soldati nordcoreani in
/// Russia"), or for money and percent the nearest name or noun before it.
fn subject_of(ws: &[Word<'_>], q: &Quantity, table: &'static Table, names: &[Name]) -> String {
    let unit_tok = q.unit_token.unwrap_or(q.end_token.saturating_sub(1));
    let is_count = q.unit.is_some_and(|u| u.kind == UnitKind::Count);
    if is_count {
        let mut parts = vec![ws[unit_tok].text];
        let mut k = unit_tok + 1;
        // One adjective ("nordcoreani"), then "in <Name>".
        if k < ws.len() && !ws[k].is_capitalised() && !is_stop_word(table.code, &ws[k].folded) && ws[k].folded.len() > 3
        {
            let next_is_in = ws.get(k + 1).is_some_and(|w| matches!(w.folded.as_str(), "in" | "a"));
            if next_is_in {
                parts.push(ws[k].text);
                k += 1;
            }
        }
        if k + 1 < ws.len() && matches!(ws[k].folded.as_str(), "in" | "a") && ws[k + 1].is_capitalised() {
            parts.push(ws[k].text);
            if let Some(n) = names.iter().find(|n| n.first_token == k + 1) {
                return format!("{} {}", parts.join(" "), n.text);
            }
            parts.push(ws[k + 1].text);
        }
        return parts.join(" ");
    }
    let before = q.first_token;
    if q.unit.is_some_and(|u| u.kind == UnitKind::Percent) {
        let lo = q.first_token.saturating_sub(8);
        let hi = (q.end_token + 6).min(ws.len());
        if let Some(w) = (lo..hi).map(|k| &ws[k]).find(|w| table.percent_subject(&w.folded).is_some()) {
            return w.text.to_string();
        }
    }
    if q.unit.is_some_and(|u| u.kind == UnitKind::Money) {
        // The nearest word saying what the sum is: "danni", "aid", "gift".
        let lo = q.first_token.saturating_sub(10);
        let hi = (q.end_token + 8).min(ws.len());
        let near = (lo..hi)
            .filter(|k| *k < q.first_token || *k >= q.end_token)
            .filter(|k| table.money_subject(&ws[*k].folded).is_some())
            .min_by_key(|k| if *k < q.first_token { q.first_token - k } else { k + 1 - q.end_token });
        if let Some(k) = near {
            return ws[k].text.to_string();
        }
    }
    if let Some(n) = names.iter().rev().find(|n| n.end_token <= before && n.first_token > 0) {
        return n.text.clone();
    }
    ws[..before]
        .iter()
        .rev()
        .find(|w| !is_stop_word(table.code, &w.folded) && !w.is_number() && w.folded.chars().count() > 3)
        .map(|w| w.text.to_string())
        .unwrap_or_else(|| q.unit.map(|u| u.canon.to_string()).unwrap_or_default())
}

/// Dated events: an event noun near a date ("la firma ... il 19 giugno 2024").
#[allow(clippy::too_many_arguments)]
fn dated_events(
    idx: usize,
    a: &Article,
    s: &DocSentence<'_>,
    ws: &[Word<'_>],
    names: &[Name],
    table: &'static Table,
    ctx: &HashSet<String>,
    years_used: &HashSet<usize>,
) -> Vec<Candidate> {
    let (lo, hi) = (s.start, s.end());
    // Dates from the time stage when it ran, else years and month-year phrases found here.
    let mut dates: Vec<(usize, usize, String)> = a
        .dates
        .iter()
        .filter(|d| {
            d.start >= lo
                && d.end <= hi
                && d.kind == TimexKind::Date
                && d.value.starts_with(|c: char| c.is_ascii_digit())
        })
        .map(|d| (d.start - lo, d.end - lo, d.value.clone()))
        .collect();
    if a.dates.is_empty() {
        dates = own_dates(ws, table);
    }
    let mut out = Vec::new();
    for (ds, de, value) in dates {
        let first_tok = ws.iter().position(|w| w.start >= ds).unwrap_or(ws.len());
        if years_used.iter().any(|y| ws.get(*y).is_some_and(|w| w.start >= ds && w.end <= de)) {
            continue;
        }
        // The event noun closest before the date, within eight words.
        let Some(ev) = (first_tok.saturating_sub(8)..first_tok).rev().find(|k| table.event(&ws[*k].folded).is_some())
        else {
            continue;
        };
        let event = table.event(&ws[ev].folded).unwrap_or_default();
        let (agent, owner) = event_agent(ws, ev, names, table);
        out.push(Candidate {
            article: idx,
            predicate: "date",
            key: format!("date:{event}|{agent}"),
            subject: labelled(ws[ev].text.to_string(), &owner),
            value: Val::Text(value),
            unit: String::new(),
            qualifier: None,
            vague: false,
            start: lo + ws[ev].start,
            end: lo + de,
            stated: None,
            context: ctx.clone(),
            lang: table.code,
            detail: "",
        });
    }
    out
}

/// Years, month-year and day-month-year phrases, as (start, end, value) relative to the sentence.
pub(crate) fn own_dates(ws: &[Word<'_>], table: &'static Table) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    for (k, w) in ws.iter().enumerate() {
        if !(w.text.len() == 4 && w.text.chars().all(|c| c.is_ascii_digit())) {
            continue;
        }
        let y: i32 = w.text.parse().unwrap_or(0);
        if !(1900..=2100).contains(&y) {
            continue;
        }
        let month = k.checked_sub(1).and_then(|m| table.lang.months.iter().position(|x| *x == ws[m].folded));
        match month {
            Some(m) => {
                let day = k
                    .checked_sub(2)
                    .and_then(|d| ws[d].text.parse::<u8>().ok().filter(|d| (1..=31).contains(d)).map(|v| (d, v)));
                match day {
                    Some((d, v)) => out.push((ws[d].start, w.end, format!("{y:04}-{:02}-{v:02}", m + 1))),
                    None => out.push((ws[k - 1].start, w.end, format!("{y:04}-{:02}", m + 1))),
                }
            }
            None => out.push((w.start, w.end, format!("{y:04}"))),
        }
    }
    out
}

/// Relations: "X firma un accordo con Y", "X accused Y of Z".
fn relations(
    idx: usize,
    s: &DocSentence<'_>,
    ws: &[Word<'_>],
    names: &[Name],
    table: &'static Table,
    ctx: &HashSet<String>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (k, w) in ws.iter().enumerate() {
        let Some(pred) = table.relation(&w.folded) else {
            continue;
        };
        if w.is_capitalised() || names.iter().any(|n| n.first_token <= k && k < n.end_token) {
            continue;
        }
        if (k.saturating_sub(2)..k).any(|n| table.negations.contains(&ws[n].folded.as_str())) {
            continue;
        }
        // The actor: the nearest name before the verb in this clause, not a place after "a"/"in".
        let subject = names.iter().rev().find(|n| {
            n.end_token <= k
                && k - n.end_token <= 6
                && (n.first_token == 0 || !LOCATIVE.contains(&ws[n.first_token - 1].folded.as_str()))
        });
        let Some(subject) = subject else { continue };
        let after = k + 1..(k + 8).min(ws.len());
        let (object, object_text, end_tok) = match pred {
            "signed" | "ratified" => {
                let Some(o) = after.clone().find(|j| AGREEMENTS.contains(&ws[*j].folded.as_str())) else {
                    continue;
                };
                ("agreement".to_string(), "agreement".to_string(), o)
            }
            _ => {
                let Some(n) = names.iter().find(|n| n.first_token > k && n.first_token <= k + 3) else {
                    continue;
                };
                (n.head.clone(), n.text.clone(), n.end_token - 1)
            }
        };
        let mut value = format!("{pred} {object_text}");
        let mut end = ws[end_tok].end;
        if pred == "accused" {
            // "accused Y of Z": what of, up to the next punctuation, at most six words.
            if ws.get(end_tok + 1).is_some_and(|w| table.of_words.contains(&w.folded.as_str())) {
                let mut last = end_tok + 1;
                for j in end_tok + 2..(end_tok + 8).min(ws.len()) {
                    if s.text[ws[j - 1].end..ws[j].start].chars().any(|c| c.is_ascii_punctuation() && c != '\'') {
                        break;
                    }
                    last = j;
                }
                if last > end_tok + 1 {
                    value.push_str(" of ");
                    value.push_str(&s.text[ws[end_tok + 2].start..ws[last].end]);
                    end = ws[last].end;
                }
            }
        } else {
            // The partner: "con Kim", "with North Korea".
            let with =
                (end_tok + 1..(end_tok + 6).min(ws.len())).find(|k| table.with_words.contains(&ws[*k].folded.as_str()));
            let partner = with.and_then(|w| names.iter().find(|n| n.first_token > w && n.first_token <= w + 5));
            if let Some(p) = partner {
                value.push_str(&format!(" with {}", p.text));
                end = ws[p.end_token - 1].end;
            }
        }
        out.push(Candidate {
            article: idx,
            predicate: "relation",
            key: format!("rel:{pred}|{}|{object}", subject.head),
            subject: subject.text.clone(),
            value: Val::Text(value),
            unit: String::new(),
            qualifier: None,
            vague: false,
            start: s.start + ws[subject.first_token].start,
            end: s.start + end,
            stated: None,
            context: ctx.clone(),
            lang: table.code,
            detail: "",
        });
    }
    out
}
