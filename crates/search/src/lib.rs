//! Full-text search over the store's articles: a tantivy index derived from the store, with
//! per-language analysis (stemming, stop words, accent folding), phrase queries, filters and
//! highlighted snippets.
//!
//! *Invariant:* the index is derived data. [`rebuild`] recreates it from the store in one call, and
//! [`SearchIndex::index_articles`] keeps it current as batches arrive; nothing is only here.
//!
//! Layout: one indexed title field and one body field per analysed language (`it`, `en`, `fr`,
//! `de`, `es`, and `xx` for anything else, folded but not stemmed). An article's text goes only in
//! the fields of its language, and a plain query is parsed against every body field (one with
//! operators against the title and body fields), each with its own analyzer, so a reader need not
//! say which language they are searching in: `ratificato` is stemmed the Italian way against
//! Italian reports and the English way against English ones.
//! The body field holds the title too (so a word is one posting list, not a title/body union per
//! query term); the title field only adds an optional boost to hits with the word in the title.

mod analysis;
mod snippet;

pub use analysis::LANGUAGES;

use rassegna_model::{Article, PartialDate};
use rassegna_store::Store;
use serde::{Deserialize, Serialize};
use snippet::Highlighter;
use std::collections::HashMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, NumericOptions, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument, Term};

/// Longest query text accepted; longer input is cut (at a character boundary).
pub const MAX_QUERY_CHARS: usize = 500;
/// How many best-scoring articles are grouped into stories per query.
const STORY_POOL: usize = 100;
/// Recorded with every commit; an index without it (or with another) is rebuilt. Change it when
/// the way documents are written changes without a schema change.
const LAYOUT: &str = "rassegna-search-5";
/// Empty values between the title and the text in the body field: each moves the text one
/// position further, so no phrase (of up to this many stop words in a row) spans the two.
const TITLE_GAP: usize = 8;
/// Weight of a query word found in the title, on top of its weight in the body.
const TITLE_BOOST: f32 = 2.0;
/// Bytes of stored documents compressed together. A search reads the stored text of the 20
/// reports it shows, each from its own block: tantivy's 16 KiB default made decompression ~10 % of
/// a first-time search; a few reports a block cut that fourfold for a slightly larger store.
const DOCSTORE_BLOCK: usize = 4096;
/// Memory budget of the index writer.
const WRITER_BYTES: usize = 64_000_000;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index {path}: {source}")]
    Index { path: String, source: tantivy::TantivyError },
    #[error("search index {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("search index: reading the store: {0}")]
    Store(#[from] rassegna_store::StoreError),
    #[error("search index {path}: {source}")]
    Open { path: String, source: tantivy::directory::error::OpenDirectoryError },
}

pub type Result<T> = std::result::Result<T, SearchError>;

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: usize,
    pub millis: u128,
}

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
    /// Canonical entity name, case-insensitive.
    pub entity: Option<String>,
    pub story: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// A highlighted extract: `highlighted` are byte ranges into `fragment`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snippet {
    pub fragment: String,
    pub highlighted: Vec<(usize, usize)>,
}

impl Snippet {
    /// The fragment cut into (text, highlighted?) pieces, for rendering with escaping.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut out = Vec::new();
        let mut at = 0;
        for &(s, e) in &self.highlighted {
            if s < at
                || e > self.fragment.len()
                || !self.fragment.is_char_boundary(s)
                || !self.fragment.is_char_boundary(e)
            {
                continue;
            }
            if s > at {
                out.push((&self.fragment[at..s], false));
            }
            out.push((&self.fragment[s..e], true));
            at = e;
        }
        if at < self.fragment.len() {
            out.push((&self.fragment[at..], false));
        }
        out
    }
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleHit {
    pub id: String,
    pub story: Option<String>,
    pub title: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub score: f32,
    pub snippet: Snippet,
}

/// A story with matching articles among the best hits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryHit {
    pub story: String,
    pub score: f32,
    /// Matching articles of this story among the best hits, best first.
    pub articles: Vec<String>,
}

/// The answer to a search.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The requested page of matching articles, best first.
    pub articles: Vec<ArticleHit>,
    /// Stories of the best-matching articles, best first.
    pub stories: Vec<StoryHit>,
}

#[derive(Clone)]
struct Fields {
    id: Field,
    story: Field,
    outlet: Field,
    lang: Field,
    entity: Field,
    day: Field,
    published: Field,
    title: Field,
    text: Field,
    /// Per analysed language: (title field, body field).
    by_lang: Vec<(&'static str, Field, Field)>,
    /// Per analysed language (same order): adjacent word pairs of title and body, documents only.
    pairs: Vec<Field>,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Fast fields: a query groups its best hits by story without loading stored documents.
    let id = b.add_text_field("id", STRING | STORED | FAST);
    let story = b.add_text_field("story", STRING | STORED | FAST);
    let keyword = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default().set_tokenizer(analysis::KEYWORD).set_index_option(IndexRecordOption::Basic),
    );
    let outlet = b.add_text_field("outlet", keyword.clone() | STORED);
    let lang = b.add_text_field("lang", keyword.clone() | STORED);
    let entity = b.add_text_field("entity", keyword);
    let day = b.add_i64_field("day", NumericOptions::default().set_indexed().set_fast());
    let published = b.add_text_field("published", STORED);
    let title = b.add_text_field("title", STORED);
    let text = b.add_text_field("text", STORED);
    let mut by_lang = Vec::new();
    let mut pairs = Vec::new();
    for &l in LANGUAGES {
        let opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis::tokenizer_name(l))
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let t = b.add_text_field(&format!("title_{l}"), opts.clone());
        let body = b.add_text_field(&format!("body_{l}"), opts);
        by_lang.push((l, t, body));
        let pair_opts = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(&analysis::pair_tokenizer_name(l))
                .set_index_option(IndexRecordOption::Basic),
        );
        pairs.push(b.add_text_field(&format!("pairs_{l}"), pair_opts));
    }
    (b.build(), Fields { id, story, outlet, lang, entity, day, published, title, text, by_lang, pairs })
}

/// An open search index.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<Option<IndexWriter>>,
    fields: Fields,
    path: String,
    keys: Mutex<HashMap<SegmentId, Arc<SegmentKeys>>>,
    /// The analysed languages the index holds (indexes into `fields.by_lang`), by generation.
    held: Mutex<Option<(u64, Vec<usize>)>>,
}

impl SearchIndex {
    /// Open the index in `dir`, creating an empty one if there is none.
    pub fn open(dir: &Path) -> Result<SearchIndex> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
        let (schema, fields) = schema();
        let mmap = tantivy::directory::MmapDirectory::open(dir)
            .map_err(|e| SearchError::Open { path: path.clone(), source: e })?;
        let fresh = || -> Result<Index> {
            std::fs::remove_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
            std::fs::create_dir_all(dir).map_err(|e| SearchError::Io { path: path.clone(), source: e })?;
            let mmap = tantivy::directory::MmapDirectory::open(dir)
                .map_err(|e| SearchError::Open { path: path.clone(), source: e })?;
            Index::create(mmap, schema.clone(), settings())
                .map_err(|e| SearchError::Index { path: path.clone(), source: e })
        };
        // An index written with another layout (schema, or how fields are encoded) is replaced by
        // an empty one. It is derived data: the caller refills it from the store (`rebuild`, or
        // the server on open).
        let index = match Index::builder().schema(schema.clone()).settings(settings()).open_or_create(mmap) {
            Ok(index) => {
                let metas = index.load_metas().map_err(|e| SearchError::Index { path: path.clone(), source: e })?;
                if metas.segments.is_empty() || metas.payload.as_deref() == Some(LAYOUT) {
                    index
                } else {
                    drop(index);
                    fresh()?
                }
            }
            Err(tantivy::TantivyError::SchemaError(_)) if dir.join("meta.json").is_file() => fresh()?,
            Err(e) => return Err(SearchError::Index { path, source: e }),
        };
        SearchIndex::with_index(index, fields, path)
    }

    /// A private in-memory index, for tests.
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        let index = Index::builder()
            .schema(schema)
            .settings(settings())
            .create_in_ram()
            .map_err(|e| SearchError::Index { path: ":memory:".into(), source: e })?;
        SearchIndex::with_index(index, fields, ":memory:".into())
    }

    fn with_index(index: Index, fields: Fields, path: String) -> Result<SearchIndex> {
        analysis::register(&index);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| SearchError::Index { path: path.clone(), source: e })?;
        Ok(SearchIndex {
            index,
            reader,
            writer: Mutex::new(None),
            fields,
            path,
            keys: Mutex::default(),
            held: Mutex::default(),
        })
    }

    fn err(&self, e: tantivy::TantivyError) -> SearchError {
        SearchError::Index { path: self.path.clone(), source: e }
    }

    /// Changes whenever the searchable content does (a commit made visible), for caching results.
    pub fn generation(&self) -> u64 {
        self.reader.searcher().generation().generation_id()
    }

    /// How many articles are indexed.
    pub fn num_articles(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Add or replace articles (by id) and make them searchable.
    pub fn index_articles(&self, articles: &[Article]) -> Result<usize> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(self.index.writer_with_num_threads(1, WRITER_BYTES).map_err(|e| self.err(e))?);
        }
        let writer = guard.as_mut().expect("writer just created");
        for a in articles {
            writer.delete_term(Term::from_field_text(self.fields.id, &a.id));
            writer.add_document(self.document(a)).map_err(|e| self.err(e))?;
        }
        commit(writer).map_err(|e| self.err(e))?;
        self.reader.reload().map_err(|e| self.err(e))?;
        Ok(articles.len())
    }

    /// Remove every indexed article (the first step of a rebuild).
    fn clear(&self) -> Result<()> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(self.index.writer(WRITER_BYTES * 2).map_err(|e| self.err(e))?);
        }
        let writer = guard.as_mut().expect("writer just created");
        writer.delete_all_documents().map_err(|e| self.err(e))?;
        commit(writer).map_err(|e| self.err(e))?;
        Ok(())
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, &a.id);
        if let Some(s) = &a.story {
            doc.add_text(f.story, s);
        }
        if let Some(o) = &a.outlet {
            doc.add_text(f.outlet, o);
        }
        if let Some(l) = &a.lang {
            doc.add_text(f.lang, l);
        }
        for e in &a.entities {
            doc.add_text(f.entity, &e.name);
        }
        if let Some(p) = a.published {
            doc.add_i64(f.day, p.days_since_epoch());
            doc.add_text(f.published, p.to_string());
        }
        let (l, tf, bf) = self.lang_fields(a.lang.as_deref());
        let pf = self.pair_field(l);
        if let Some(t) = &a.title {
            doc.add_text(f.title, t);
            doc.add_text(tf, t);
            doc.add_text(bf, t);
            for _ in 0..TITLE_GAP {
                doc.add_text(bf, "");
            }
            doc.add_text(pf, t);
        }
        doc.add_text(f.text, &a.text);
        doc.add_text(bf, &a.text);
        doc.add_text(pf, &a.text);
        doc
    }

    fn lang_fields(&self, lang: Option<&str>) -> (&'static str, Field, Field) {
        let l = analysis::analysed(lang);
        *self.fields.by_lang.iter().find(|(x, _, _)| *x == l).expect("every analysed language has fields")
    }

    fn pair_field(&self, lang: &str) -> Field {
        let i =
            self.fields.by_lang.iter().position(|(l, _, _)| *l == lang).expect("every analysed language has fields");
        self.fields.pairs[i]
    }

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
    fn text_query(&self, text: &str, searcher: &Searcher, alone: bool) -> Option<Box<dyn Query>> {
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

    fn filters(&self, q: &SearchQuery) -> Vec<(Occur, Box<dyn Query>)> {
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
        if let Some(e) = nonempty(&q.entity) {
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

    /// Run a search. Never fails on odd query text; errors only come from the index itself.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchResults> {
        let searcher = self.reader.searcher();
        let filters = self.filters(q);
        let text = self.text_query(&q.text, &searcher, filters.is_empty());
        if text.is_none() && filters.is_empty() {
            return Ok(SearchResults::default());
        }
        let filtered = !filters.is_empty();
        let mut clauses = filters;
        let has_text = text.is_some();
        clauses.push((Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery))));
        let query = BooleanQuery::new(clauses);
        let limit = q.limit.clamp(1, 100);
        let pool = (q.offset + limit).max(STORY_POOL).min(q.offset + limit + STORY_POOL);
        let top_docs = TopDocs::with_limit(pool).order_by_score();
        // One word without filters: the best hits are collected alone, so tantivy can skip blocks
        // that cannot make the pool (block-WAND), and the count walks the matches apart without
        // scoring. Other queries (several words with their optional title boosts, phrases,
        // filters) are not pure unions or intersections of terms and visit every match anyway:
        // hits and count in one pass.
        let one_word = !q.text.contains('"') && cut(&q.text, MAX_QUERY_CHARS).split_whitespace().count() == 1;
        let (top, total) = if one_word && !filtered {
            let top = searcher.search(&query, &top_docs).map_err(|e| self.err(e))?;
            (top, query.count(&searcher).map_err(|e| self.err(e))?)
        } else {
            searcher.search(&query, &(top_docs, Count)).map_err(|e| self.err(e))?
        };
        let columns = FastKeys::open(&searcher, &self.keys);
        let mut stories: Vec<StoryHit> = Vec::new();
        let mut story_at: HashMap<&str, usize> = HashMap::new();
        let mut page_hits = Vec::new();
        for (rank, (score, addr)) in top.iter().enumerate() {
            if rank >= q.offset && rank < q.offset + limit {
                page_hits.push((*score, *addr));
            }
            let Some(story) = columns.story(*addr) else { continue };
            let i = match story_at.get(story) {
                Some(&i) => i,
                None => {
                    stories.push(StoryHit { story: story.to_string(), score: *score, articles: Vec::new() });
                    story_at.insert(story, stories.len() - 1);
                    stories.len() - 1
                }
            };
            if let Some(id) = columns.id(*addr) {
                stories[i].articles.push(id.to_string());
            }
        }
        stories.truncate(50);
        // Stored documents and snippets only for the page shown; one highlighter per
        // language that occurs on it.
        let f = &self.fields;
        let mut highlighters: HashMap<&str, Option<Highlighter>> = HashMap::new();
        let mut page = Vec::with_capacity(page_hits.len());
        for (score, addr) in page_hits {
            let doc: TantivyDocument = searcher.doc(addr).map_err(|e| self.err(e))?;
            let get = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let lang = get(f.lang);
            let text = get(f.text).unwrap_or_default();
            let snippet = if has_text {
                let (l, title, body) = self.lang_fields(lang.as_deref());
                let h = highlighters.entry(l).or_insert_with(|| highlighter(&searcher, &query, l, title, body));
                h.as_mut().map(|h| h.snippet(&text)).unwrap_or_default()
            } else {
                Snippet::default()
            };
            // Without highlights (a title-only or filter-only match), show the opening lines.
            let snippet = if snippet.fragment.is_empty() {
                Snippet { fragment: cut(&text, 200).to_string(), highlighted: Vec::new() }
            } else {
                snippet
            };
            page.push(ArticleHit {
                id: get(f.id).unwrap_or_default(),
                story: get(f.story),
                title: get(f.title),
                outlet: get(f.outlet),
                lang,
                published: get(f.published),
                score,
                snippet,
            });
        }
        Ok(SearchResults { total, articles: page, stories })
    }
}

/// Every value of a segment's string fast column, by ordinal: one decode per segment instead of
/// a dictionary block decode per hit (that was a quarter of a search's time).
struct Dict {
    column: StrColumn,
    bytes: String,
    ends: Vec<u32>,
}

impl Dict {
    fn load(column: StrColumn) -> Option<Dict> {
        let mut bytes = String::new();
        let mut ends = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream().ok()?;
        while stream.advance() {
            bytes.push_str(std::str::from_utf8(stream.key()).ok()?);
            ends.push(u32::try_from(bytes.len()).ok()?);
        }
        Some(Dict { column, bytes, ends })
    }

    fn get(&self, doc: u32) -> Option<&str> {
        let ord = self.column.term_ords(doc).next()? as usize;
        let end = *self.ends.get(ord)? as usize;
        let start = if ord == 0 { 0 } else { self.ends[ord - 1] as usize };
        self.bytes.get(start..end)
    }
}

/// The `id` and `story` columns of one segment, decoded.
struct SegmentKeys {
    id: Option<Dict>,
    story: Option<Dict>,
}

/// The decoded `id` and `story` columns of the segments of one searcher.
struct FastKeys(Vec<Arc<SegmentKeys>>);

impl FastKeys {
    /// Decoded once per segment (segments never change), kept while the segment is searched.
    fn open(searcher: &Searcher, cache: &Mutex<HashMap<SegmentId, Arc<SegmentKeys>>>) -> FastKeys {
        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
        let mut keys = Vec::new();
        for r in searcher.segment_readers() {
            let k = cache.entry(r.segment_id()).or_insert_with(|| {
                let col = |name: &str| r.fast_fields().str(name).ok().flatten().and_then(Dict::load);
                Arc::new(SegmentKeys { id: col("id"), story: col("story") })
            });
            keys.push(Arc::clone(k));
        }
        let live: Vec<SegmentId> = searcher.segment_readers().iter().map(|r| r.segment_id()).collect();
        cache.retain(|id, _| live.contains(id));
        FastKeys(keys)
    }

    fn id(&self, addr: DocAddress) -> Option<&str> {
        self.0.get(addr.segment_ord as usize)?.id.as_ref()?.get(addr.doc_id)
    }

    fn story(&self, addr: DocAddress) -> Option<&str> {
        self.0.get(addr.segment_ord as usize)?.story.as_ref()?.get(addr.doc_id)
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

fn settings() -> tantivy::IndexSettings {
    tantivy::IndexSettings { docstore_blocksize: DOCSTORE_BLOCK, ..Default::default() }
}

/// Commit with the layout mark.
fn commit(writer: &mut IndexWriter) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(LAYOUT);
    prepared.commit()?;
    Ok(())
}

/// A highlighter for the body `field` in `lang`: the query's terms in that field or its title
/// field (same analysis; a two-word phrase names its words in the title boost only), each weighing
/// `1 / (1 + documents with it)` as in tantivy's `SnippetGenerator`.
fn highlighter(searcher: &Searcher, query: &dyn Query, lang: &str, title: Field, field: Field) -> Option<Highlighter> {
    let mut terms: Vec<Term> = Vec::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field || term.field() == title {
            let value = term.value();
            let Some(text) = value.as_str() else { return };
            let term = Term::from_field_text(field, text);
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
    });
    let mut weights = Vec::new();
    for term in terms {
        let Some(text) = term.value().as_str().map(str::to_string) else { continue };
        let freq = searcher.doc_freq(&term).ok()?;
        if freq > 0 {
            weights.push((text, 1.0 / (1.0 + freq as f32)));
        }
    }
    Some(Highlighter::new(lang, weights))
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
fn cut(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// Recreate the index in `dir` from every article in the store.
pub fn rebuild(store: &Store, dir: &Path) -> Result<Stats> {
    let started = std::time::Instant::now();
    let index = SearchIndex::open(dir)?;
    index.clear()?;
    let mut batch = Vec::with_capacity(1024);
    let mut n = 0;
    let mut failed = None;
    {
        let mut guard = index.writer.lock().unwrap_or_else(|p| p.into_inner());
        let writer = guard.as_mut().expect("clear created the writer");
        store.for_each_article(|a| {
            if failed.is_some() {
                return;
            }
            batch.push(index.document(&a));
            n += 1;
            if batch.len() == batch.capacity() {
                for d in batch.drain(..) {
                    if let Err(e) = writer.add_document(d) {
                        failed = Some(e);
                        return;
                    }
                }
            }
        })?;
        if let Some(e) = failed {
            return Err(index.err(e));
        }
        for d in batch.drain(..) {
            writer.add_document(d).map_err(|e| index.err(e))?;
        }
        commit(writer).map_err(|e| index.err(e))?;
        // One segment: each query term is looked up, and each query's scorers and collectors set
        // up, once instead of once per segment the writer's threads left (six for 100,000 reports).
        let segments = index.index.searchable_segment_ids().map_err(|e| index.err(e))?;
        if segments.len() > 1 {
            writer.merge(&segments).wait().map_err(|e| index.err(e))?;
            writer.garbage_collect_files().wait().map_err(|e| index.err(e))?;
        }
    }
    Ok(Stats { articles: n, millis: started.elapsed().as_millis() })
}
