//! Running a search: the best hits grouped by story (through per-segment id tables read from fast
//! fields), the requested page with snippets, and the result types.

use crate::query::{MAX_QUERY_CHARS, SearchQuery, cut};
use crate::snippet::Highlighter;
use crate::{Result, SearchIndex};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::StrColumn;
use tantivy::index::SegmentId;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

/// How many best-scoring articles are grouped into stories per query.
const STORY_POOL: usize = 100;

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

impl SearchIndex {
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
pub(crate) struct SegmentKeys {
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
