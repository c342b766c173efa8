//! Building a tantivy query from a search: the free text (per held language, phrases through
//! their word pairs, title boosts) and the filters.

use crate::SearchIndex;
use crate::analysis;
use rassegna_model::PartialDate;
use serde::{Deserialize, Serialize};
use std::ops::Bound;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

/// Longest query text accepted; longer input is cut (at a character boundary).
pub const MAX_QUERY_CHARS: usize = 500;
/// Weight of a query word found in the title, on top of its weight in the body.
const TITLE_BOOST: f32 = 2.0;

/// A search: free text (phrases in double quotes) plus filters. Empty text with filters lists the
/// matching articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    /// Reports published on or after this date (`2024`, `2024-06`, `2024-06-19`).
    pub from: Option<String>,
    /// Reports published on or before the end of this date.
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    /// An entity's name, case-insensitive.
    pub entity: Option<String>,
    /// Every name of that entity (the store's registry, filled in by the query layer): a report
    /// naming any of them matches. Empty: `entity` alone.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entity_names: Vec<String>,
    pub story: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

impl SearchIndex {
    /// Normalise a keyword the way the keyword fields do (case and accents).
    fn keyword_term(&self, field: Field, value: &str) -> Term {
        Term::from_field_text(field, &analysis::fold_keyword(value))
    }

    /// The analysed languages with documents in the index (all of them if none has any), found
    /// once per index generation.
    fn held_languages(&self, searcher: &Searcher) -> Vec<&(&'static str, Field, Field)> {
        let generation = searcher.generation().generation_id();
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        let fresh = match held.as_ref() {
            Some((g, _)) => *g != generation,
            None => true,
        };
        if fresh {
            let has = |field: Field| {
                searcher
                    .segment_readers()
                    .iter()
                    .any(|r| r.inverted_index(field).map(|ii| ii.terms().num_terms() > 0).unwrap_or(true))
            };
            let mut langs: Vec<usize> =
                (0..self.fields.by_lang.len()).filter(|&i| has(self.fields.by_lang[i].2)).collect();
            if langs.is_empty() {
                langs = (0..self.fields.by_lang.len()).collect();
            }
            *held = Some((generation, langs));
        }
        held.as_ref().map(|(_, l)| l.iter().map(|&i| &self.fields.by_lang[i]).collect()).unwrap_or_default()
    }

    /// The query for the free text; `alone` when no filter goes with it.
    pub(crate) fn text_query(&self, text: &str, searcher: &Searcher, alone: bool) -> Option<Box<dyn Query>> {
        let text = cut(text, MAX_QUERY_CHARS).trim();
        if text.is_empty() {
            return None;
        }
        // Only the languages the index holds: every other field would add an empty clause per
        // query term (dictionary look-ups in every segment) and cannot match anything.
        let langs = self.held_languages(searcher);
        let bodies: Vec<Field> = langs.iter().map(|(_, _, b)| *b).collect();
        if !plain(text) {
            // Operators (`OR`, `-`, fields...): the parser over titles and bodies, titles boosted.
            // A phrase alone in a `NOT` is then a union of two fields, which tantivy excludes
            // correctly (one bare phrase there breaks its order of seeks).
            let mut fields = bodies;
            fields.extend(langs.iter().map(|(_, t, _)| *t));
            let mut parser = QueryParser::for_index(&self.index, fields);
            parser.set_conjunction_by_default();
            for (_, t, _) in &langs {
                parser.set_field_boost(*t, TITLE_BOOST);
            }
            // Lenient: a reader's stray quote or colon is not an error, it is searched as text.
            return Some(parser.parse_query_lenient(text).0);
        }
        let mut parser = QueryParser::for_index(&self.index, bodies.clone());
        parser.set_conjunction_by_default();
        // Required phrases are built here, each as (its word pairs AND the phrase) per language, so
        // the phrase's positions are only read where the pairs occur; everything else goes to the parser.
        let phrases: Vec<(String, Box<dyn Query>)> =
            required_phrases(text).into_iter().filter_map(|p| self.phrase_query(&p, &langs).map(|q| (p, q))).collect();
        // Their titles' boosts: the phrase in the title (which also names its words for the
        // highlights: a two-word phrase is one pair term).
        let mut boosts: Vec<Box<dyn Query>> = Vec::new();
        let mut rest = text.to_string();
        for (p, _) in &phrases {
            rest = rest.replacen(&format!("\"{p}\""), " ", 1);
            for (l, title, _) in &langs {
                let terms: Vec<(usize, Term)> = analysis::positioned_words(l, p)
                    .into_iter()
                    .map(|(pos, w)| (pos, Term::from_field_text(*title, &w)))
                    .collect();
                if terms.len() > 1 {
                    boosts.push(Box::new(BoostQuery::new(Box::new(PhraseQuery::new_with_offset(terms)), TITLE_BOOST)));
                }
            }
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = phrases.into_iter().map(|(_, q)| (Occur::Must, q)).collect();
        let words = if !rest.trim().is_empty() || clauses.is_empty() {
            let (q, _errors) = parser.parse_query_lenient(if clauses.is_empty() { text } else { &rest });
            // The words outside phrases, each boosted in titles.
            let mut words = Vec::new();
            q.query_terms(&mut |term, _| words.push(term.clone()));
            clauses.push((Occur::Must, q));
            words
        } else {
            Vec::new()
        };
        let matching =
            if clauses.len() == 1 { clauses.pop().map(|(_, q)| q)? } else { Box::new(BooleanQuery::new(clauses)) };
        Some(self.with_title_boost(matching, words, boosts, &langs, if alone { &bodies } else { &[] }))
    }

    /// `matching` (over the body fields, which hold the titles too) with each body term of `words`
    /// weighing [`TITLE_BOOST`] more in the reports that have it in their title, and the optional
    /// `boosts` (phrases in titles). Boosts never change which reports match: a word or phrase in a
    /// title is in that report's body field too.
    /// `union_of`: the body fields a union of terms may be in to stay one (empty: never), for
    /// a query without filters.
    fn with_title_boost(
        &self,
        matching: Box<dyn Query>,
        words: Vec<Term>,
        phrase_boosts: Vec<Box<dyn Query>>,
        langs: &[&(&'static str, Field, Field)],
        union_of: &[Field],
    ) -> Box<dyn Query> {
        let mut titles: Vec<Term> = Vec::new();
        for w in &words {
            let Some((_, title, _)) = langs.iter().find(|(_, _, b)| *b == w.field()) else { continue };
            let value = w.value();
            let Some(text) = value.as_str() else { continue };
            let t = Term::from_field_text(*title, text);
            if !titles.contains(&t) {
                titles.push(t);
            }
        }
        let boosts = titles
            .into_iter()
            .map(|t| -> Box<dyn Query> {
                Box::new(BoostQuery::new(Box::new(TermQuery::new(t, IndexRecordOption::WithFreqs)), TITLE_BOOST))
            })
            .chain(phrase_boosts)
            .map(|q| (Occur::Should, q));
        // A plain union of words (one word in several languages) without filters stays a union of
        // terms, which tantivy searches by block-max WAND: the title terms are subsets of the body
        // terms. With filters the union would be seeked at every filtered report: not worth it.
        if let Some(terms) = term_union(matching.as_ref(), union_of) {
            return Box::new(BooleanQuery::new(terms.into_iter().map(|t| (Occur::Should, t)).chain(boosts).collect()));
        }
        // One optional title term per level, not one optional union of them: at every match a
        // term seeks its own (short) postings, cheaper than refilling a union's window.
        boosts.fold(matching, |q, boost| Box::new(BooleanQuery::new(vec![(Occur::Must, q), boost])))
    }

    /// A phrase in the held languages: per language, every adjacent word pair of the phrase (a
    /// zero-score filter: their postings are far shorter than the words') AND the phrase in the
    /// body field (which holds the title too). `None` when some language yields no pair (one word,
    /// or a stop word between every two), where the parser's phrase query is used instead.
    fn phrase_query(&self, phrase: &str, langs: &[&(&str, Field, Field)]) -> Option<Box<dyn Query>> {
        let mut per_lang: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (l, _, body) in langs {
            let pairs = analysis::pairs(l, phrase);
            if pairs.is_empty() {
                return None;
            }
            let words = analysis::positioned_words(l, phrase);
            let pair_field = self.pair_field(l);
            // Two adjacent words: the pair term is in a report exactly when the phrase is in its
            // title or body (pairs never span the two), so no positions are read at all.
            if pairs.len() == 1 && words.len() == 2 && words[1].0 == words[0].0 + 1 {
                let pair = Term::from_field_text(pair_field, &pairs[0]);
                per_lang.push((Occur::Should, Box::new(TermQuery::new(pair, IndexRecordOption::WithFreqs))));
                continue;
            }
            let all: Vec<(Occur, Box<dyn Query>)> = pairs
                .iter()
                .map(|p| -> (Occur, Box<dyn Query>) {
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(Term::from_field_text(pair_field, p), IndexRecordOption::Basic)),
                    )
                })
                .collect();
            let filter: Box<dyn Query> = Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(all)), 0.0));
            let terms = words.iter().map(|(pos, w)| (*pos, Term::from_field_text(*body, w))).collect();
            let phrase: Box<dyn Query> = Box::new(PhraseQuery::new_with_offset(terms));
            per_lang
                .push((Occur::Should, Box::new(BooleanQuery::new(vec![(Occur::Must, filter), (Occur::Must, phrase)]))));
        }
        Some(Box::new(BooleanQuery::new(per_lang)))
    }

    pub(crate) fn filters(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let term = |t: Term| -> Box<dyn Query> { Box::new(TermQuery::new(t, IndexRecordOption::Basic)) };
        if let Some(s) = nonempty(&q.story) {
            out.push((Occur::Must, term(Term::from_field_text(f.story, s))));
        }
        if let Some(o) = nonempty(&q.outlet) {
            out.push((Occur::Must, term(self.keyword_term(f.outlet, o))));
        }
        if let Some(l) = nonempty(&q.lang) {
            out.push((Occur::Must, term(self.keyword_term(f.lang, l))));
        }
        if !q.entity_names.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> =
                q.entity_names.iter().map(|n| (Occur::Should, term(self.keyword_term(f.entity, n)))).collect();
            out.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        } else if let Some(e) = nonempty(&q.entity) {
            out.push((Occur::Must, term(self.keyword_term(f.entity, e))));
        }
        let from = nonempty(&q.from).and_then(|s| PartialDate::parse_prefix(s).ok()).map(|d| d.days_since_epoch());
        let to = nonempty(&q.to).and_then(|s| PartialDate::parse_prefix(s).ok()).map(last_day);
        if from.is_some() || to.is_some() {
            let lo = from.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(f.day, d)));
            let hi = to.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(f.day, d)));
            out.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        out
    }
}

/// The clauses of a query that is one term or a union of terms in `fields` (`None` for anything else).
fn term_union(q: &dyn Query, fields: &[Field]) -> Option<Vec<Box<dyn Query>>> {
    let term = |q: &dyn Query| q.downcast_ref::<TermQuery>().is_some_and(|t| fields.contains(&t.term().field()));
    if term(q) {
        return Some(vec![q.box_clone()]);
    }
    let b = q.downcast_ref::<BooleanQuery>()?;
    let plain = |(occur, c): &(Occur, Box<dyn Query>)| *occur == Occur::Should && term(c.as_ref());
    if b.clauses().is_empty() || b.get_minimum_number_should_match() > 1 || !b.clauses().iter().all(plain) {
        return None;
    }
    Some(b.clauses().iter().map(|(_, c)| c.box_clone()).collect())
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The last day (since the epoch) a partial date covers.
fn last_day(d: PartialDate) -> i64 {
    let next = match (d.month, d.day) {
        (_, Some(_)) => return d.days_since_epoch(),
        (Some(12), None) => PartialDate::year(d.year + 1),
        (Some(m), None) => PartialDate::month(d.year, m + 1).unwrap_or(d),
        (None, _) => PartialDate::year(d.year + 1),
    };
    next.days_since_epoch() - 1
}

/// The quoted phrases of a query that every hit must contain: all of them when the query is a
/// plain list of words and phrases (AND by default), none when it uses operators, fields or
/// grouping (`OR`, `NOT`, `-`, `+`, `:`, parentheses...), where a phrase may be optional or negated.
fn required_phrases(text: &str) -> Vec<String> {
    if !plain(text) {
        return Vec::new();
    }
    text.split('"').skip(1).step_by(2).map(|p| p.to_string()).filter(|p| !p.trim().is_empty()).collect()
}

/// Whether a query is a plain list of words and quoted phrases: no operators, fields or grouping
/// outside the quotes, and no stray quote.
fn plain(text: &str) -> bool {
    let parts: Vec<&str> = text.split('"').collect();
    // An odd number of quotes: the parser reads the stray one as text.
    if parts.len().is_multiple_of(2) {
        return false;
    }
    let outside = parts.iter().step_by(2).copied().collect::<Vec<_>>().join(" ");
    !(outside.chars().any(|c| "():+-^~*[]{}!\\".contains(c))
        || outside.split_whitespace().any(|w| matches!(w, "OR" | "NOT" | "AND" | "IN")))
}

/// The longest prefix of `s` with at most `max` characters.
pub(crate) fn cut(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}
