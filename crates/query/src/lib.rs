//! The read side: the one place the CLI, the JSON API and the web pages get their data from.
//! Every function returns plain structs; no view sees SQL or tantivy.
//!
//! It owns where the search index of a store lives ([`index_dir`]) and keeps it in step with every
//! write, whichever process made it: the store numbers its batches (its change sequence) and the
//! index records the last one it holds, so [`Facade::follow`] indexes what changed since. A server
//! calls it every second and after its own writes; nothing needs a restart.
//!
//! [`views`] builds from these structs what each web page shows (its view model).

pub mod views;

use rassegna_model::{Article, EntityType, Quote, Story, Storyline};
use rassegna_search::{SearchIndex, SearchQuery, SearchResults};
use rassegna_store::{Store, StoryFilter, StoryRow};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Largest page of stories or search results a caller may ask for.
pub const MAX_PAGE: usize = 100;
/// Read connections kept open on the store.
const READERS: usize = 8;
/// How long a story count for a filter may be reused (lists page through the same filter).
const COUNT_TTL: std::time::Duration = std::time::Duration::from_secs(5);
/// Most filters whose counts are kept.
const COUNT_ENTRIES: usize = 1024;
/// Most searches whose results are kept (while the index does not change).
const SEARCH_ENTRIES: usize = 1024;
/// Articles of one entity scanned for its quotes.
const ENTITY_ARTICLES_SCANNED: usize = 300;

#[derive(Debug, thiserror::Error)]
pub enum FacadeError {
    #[error(transparent)]
    Store(#[from] rassegna_store::StoreError),
    #[error(transparent)]
    Search(#[from] rassegna_search::SearchError),
    /// The request is well-formed but cannot be done (e.g. moving to an unknown story).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Pipeline(String),
}

pub type Result<T> = std::result::Result<T, FacadeError>;

/// A page of stories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryPage {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub stories: Vec<StoryRow>,
}

/// What a reader sees of an article in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: String,
    pub outlet: Option<String>,
    pub title: Option<String>,
    pub lang: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
    pub words: usize,
    /// The opening of the text (about 300 characters).
    pub lead: String,
}

impl From<&Article> for ArticleSummary {
    fn from(a: &Article) -> Self {
        ArticleSummary {
            id: a.id.clone(),
            outlet: a.outlet.clone(),
            title: a.title.clone(),
            lang: a.lang.clone(),
            published: a.published.map(|d| d.to_string()),
            url: a.url.clone(),
            story: a.story.clone(),
            duplicate_of: a.duplicate_of.clone(),
            words: a.text.split_whitespace().count(),
            lead: lead(&a.text, 300),
        }
    }
}

/// A story with its full articles, in the story's order.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryDetail {
    pub story: Story,
    pub articles: Vec<Article>,
    pub storyline: Option<Storyline>,
}

/// A quote attributed to an entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityQuote {
    pub article: String,
    pub story: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub text: String,
    pub cue: Option<String>,
}

/// An entity across the store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityView {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub mentions: usize,
    /// Roles the reports give it ("presidente russo").
    pub roles: Vec<String>,
    /// Other names the stories' reports use for it.
    pub aliases: Vec<String>,
    pub articles: Vec<String>,
    pub stories: Vec<StoryRow>,
    pub quotes: Vec<EntityQuote>,
}

/// Search results with the stories they fall in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub query: SearchQuery,
    pub results: SearchResults,
    /// The stories of `results.stories`, in the same order (missing ones skipped).
    pub stories: Vec<StoryRow>,
}

/// Counts for the front page and health checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: usize,
    pub articles: usize,
    pub stories: usize,
    pub indexed: u64,
}

/// The facade over a store and its search index.
pub struct Facade {
    readers: Vec<Mutex<Store>>,
    next: AtomicUsize,
    /// Opened (and brought up to date) on first use: listing stories needs no index.
    index: OnceLock<SearchIndex>,
    db: PathBuf,
    /// The store change the caches were filled at.
    seen_change: Mutex<i64>,
    /// Front-page aggregates (top entities, counts), recomputed at most every few seconds.
    front: Mutex<Option<(std::time::Instant, FrontPage)>>,
    /// Story counts by filter (paging left out), recomputed at most every few seconds.
    story_counts: Mutex<HashMap<StoryFilter, (std::time::Instant, usize)>>,
    /// Search results by query, valid for one index generation; `None` when caching is off.
    searches: Option<Mutex<SearchCache>>,
}

/// Results of recent searches on one generation of the index.
#[derive(Default)]
struct SearchCache {
    generation: u64,
    views: HashMap<SearchQuery, SearchView>,
}

/// What following sources left in the store: the last pass, every source's state, the latest
/// fetch errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FollowStatus {
    pub pass: Option<rassegna_store::FollowPass>,
    pub sources: Vec<rassegna_store::FollowedSource>,
    pub errors: Vec<rassegna_store::FetchError>,
}

/// Whether a story is new or grew in the last pass that stored reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Freshness {
    New,
    Grown,
}

/// Aggregates shown beside the story list.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontPage {
    pub top_entities: Vec<(String, String, usize)>,
    pub counts: Counts,
    /// The last pass over followed sources, if the store is followed.
    pub follow: Option<rassegna_store::FollowPass>,
}

/// How long front-page aggregates may be stale.
const FRONT_TTL: std::time::Duration = std::time::Duration::from_secs(5);

/// Where the search index of a store lives: `RASSEGNA_INDEX` when set; else beside a SQLite
/// file, named after it; for a PostgreSQL URL, in the current directory, named after the server
/// and database (each machine that serves keeps its own index and follows the database).
pub fn index_dir(db: &Path) -> PathBuf {
    if let Some(dir) = std::env::var_os("RASSEGNA_INDEX").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    if let Some(url) = db.to_str().filter(|d| rassegna_store::is_url(d)) {
        let shown = rassegna_store::redact(url);
        let place = shown.split_once("://").map_or(shown.as_str(), |(_, rest)| rest);
        let name: String = place.chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
        return PathBuf::from(format!("{name}.index"));
    }
    let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".index");
    db.with_file_name(name)
}

/// Rebuild the search index of the store at `db` from scratch (`rassegna index`). Safe while a
/// server follows the same store: it waits for the server's turn at the writer to end, and the
/// server searches the new index from its next look on.
pub fn rebuild_index(db: &Path) -> Result<rassegna_search::Stats> {
    let store = Store::open(db)?;
    Ok(rassegna_search::rebuild(&store, &index_dir(db))?)
}

impl Facade {
    /// Open the store at `db` for a server: several read connections. The search index is opened
    /// on first use (see [`Facade::index`]).
    pub fn open(db: &Path) -> Result<Facade> {
        Facade::open_with_readers(db, READERS)
    }

    /// Open the store at `db` with `n` read connections (one for a command that reads in turn).
    pub fn open_with_readers(db: &Path, n: usize) -> Result<Facade> {
        let mut readers = Vec::new();
        for _ in 0..n.max(1) {
            let store = Store::open(db)?;
            store.tune_for_reading()?;
            readers.push(Mutex::new(store));
        }
        let seen = readers[0].lock().unwrap_or_else(|p| p.into_inner()).change_seq()?;
        Ok(Facade {
            readers,
            next: AtomicUsize::new(0),
            index: OnceLock::new(),
            db: db.to_path_buf(),
            seen_change: Mutex::new(seen),
            front: Mutex::new(None),
            story_counts: Mutex::new(HashMap::new()),
            // `RASSEGNA_SEARCH_CACHE=0` turns result caching off (to measure the engine itself).
            searches: (std::env::var("RASSEGNA_SEARCH_CACHE").as_deref() != Ok("0"))
                .then(|| Mutex::new(SearchCache::default())),
        })
    }

    /// The store's path.
    pub fn db(&self) -> &Path {
        &self.db
    }

    /// The search index, opened and brought up to date with the store on first use: rebuilt
    /// whole when it is missing or was written with another layout, else caught up.
    pub fn index(&self) -> Result<&SearchIndex> {
        if let Some(index) = self.index.get() {
            return Ok(index);
        }
        let dir = index_dir(&self.db);
        let index = SearchIndex::open(&dir)?;
        self.with_store(|s| {
            if index.watermark()? == 0 && s.counts()?.1 > 0 {
                rassegna_search::rebuild_into(&index, s)?;
            } else {
                index.catch_up(s, rassegna_search::WRITER_WAIT)?;
            }
            Ok(())
        })?;
        Ok(self.index.get_or_init(|| index))
    }

    /// Follow the store: index what any process wrote since the last call, and forget cached
    /// lists and counts when the store changed. Returns how many articles were indexed.
    pub fn follow(&self) -> Result<usize> {
        let index = self.index()?;
        let (latest, done) = self.with_store(|s| {
            let latest = s.change_seq()?;
            Ok((latest, index.catch_up(s, std::time::Duration::ZERO)?))
        })?;
        let mut seen = self.seen_change.lock().unwrap_or_else(|p| p.into_inner());
        if *seen != latest {
            *seen = latest;
            drop(seen);
            self.invalidate();
        }
        Ok(done.articles)
    }

    fn with_store<T>(&self, f: impl FnOnce(&Store) -> Result<T>) -> Result<T> {
        let start = self.next.fetch_add(1, Ordering::Relaxed);
        // Take the first free reader, else wait on this turn's one.
        for i in 0..self.readers.len() {
            if let Ok(s) = self.readers[(start + i) % self.readers.len()].try_lock() {
                return f(&s);
            }
        }
        let s = self.readers[start % self.readers.len()].lock().unwrap_or_else(|p| p.into_inner());
        f(&s)
    }

    pub fn counts(&self) -> Result<Counts> {
        let (documents, articles, stories) = self.with_store(|s| Ok(s.counts()?))?;
        // The index is counted only once opened: counting never builds it.
        let indexed = self.index.get().map_or(0, |i| i.num_articles());
        Ok(Counts { documents, articles, stories, indexed })
    }

    /// Stories matching a filter, newest first. The total is at most a few seconds old.
    pub fn stories(&self, filter: &StoryFilter) -> Result<StoryPage> {
        let mut f = filter.clone();
        f.limit = if f.limit == 0 { 20 } else { f.limit.min(MAX_PAGE) };
        let key = StoryFilter { offset: 0, limit: 0, ..f.clone() };
        // A stale count is refreshed by the first request to see it; the others meanwhile use it.
        let cached = self.story_counts.lock().unwrap_or_else(|p| p.into_inner()).get_mut(&key).and_then(|(at, n)| {
            if at.elapsed() < COUNT_TTL {
                return Some(*n);
            }
            *at = std::time::Instant::now();
            None
        });
        let (stories, total) = self.with_store(|s| {
            let total = match cached {
                Some(n) => n,
                None => s.count_stories(&f)?,
            };
            Ok((s.story_rows(&f, Some(total))?, total))
        })?;
        if cached.is_none() {
            let mut counts = self.story_counts.lock().unwrap_or_else(|p| p.into_inner());
            if counts.len() >= COUNT_ENTRIES {
                counts.retain(|_, (at, _)| at.elapsed() < COUNT_TTL);
                if counts.len() >= COUNT_ENTRIES {
                    counts.clear();
                }
            }
            counts.insert(key, (std::time::Instant::now(), total));
        }
        Ok(StoryPage { total, offset: f.offset, limit: f.limit, stories })
    }

    /// Forget cached counts and aggregates (after a write).
    fn invalidate(&self) {
        self.story_counts.lock().unwrap_or_else(|p| p.into_inner()).clear();
        if let Some(cache) = &self.searches {
            cache.lock().unwrap_or_else(|p| p.into_inner()).views.clear();
        }
        *self.front.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// A story with its articles (in the story's order) and storyline.
    pub fn story(&self, id: &str) -> Result<Option<StoryDetail>> {
        self.with_store(|s| {
            let Some(story) = s.story(id)? else { return Ok(None) };
            let mut by_id: std::collections::HashMap<String, Article> =
                s.story_articles(id)?.into_iter().map(|(_, a)| (a.id.clone(), a)).collect();
            let mut articles = Vec::new();
            for aid in &story.articles {
                if let Some(a) = by_id.remove(aid) {
                    articles.push(a);
                }
            }
            // Articles the store files under the story but the record does not list come last.
            let mut rest: Vec<Article> = by_id.into_values().collect();
            rest.sort_by(|a, b| a.id.cmp(&b.id));
            articles.extend(rest);
            let storyline = match &story.storyline {
                Some(l) => s.storyline(l)?,
                None => None,
            };
            Ok(Some(StoryDetail { story, articles, storyline }))
        })
    }

    /// Input failures recorded by past runs, oldest first.
    pub fn errors(&self) -> Result<Vec<rassegna_store::ErrorRecord>> {
        self.with_store(|s| Ok(s.errors()?))
    }

    pub fn article(&self, id: &str) -> Result<Option<Article>> {
        self.with_store(|s| Ok(s.article(id)?))
    }

    /// A storyline with its stories, oldest first.
    pub fn storyline(&self, id: &str) -> Result<Option<(Storyline, Vec<StoryRow>)>> {
        self.with_store(|s| {
            let Some(line) = s.storyline(id)? else { return Ok(None) };
            let rows = s.story_rows_by_id(&s.storyline_story_ids(id)?)?;
            Ok(Some((line, rows)))
        })
    }

    /// An entity with its stories and the quotes attributed to it.
    pub fn entity(&self, name: &str) -> Result<Option<EntityView>> {
        self.with_store(|s| {
            let Some(row) = s.entity(name)? else { return Ok(None) };
            let mut roles: Vec<String> = Vec::new();
            let mut quotes = Vec::new();
            for aid in row.articles.iter().take(ENTITY_ARTICLES_SCANNED) {
                let Some(a) = s.article(aid)? else { continue };
                for e in a.entities.iter().filter(|e| row.names.contains(&e.name)) {
                    if let Some(r) = &e.role
                        && !roles.contains(r)
                    {
                        roles.push(r.clone());
                    }
                }
                // What the entity said: quotes a verb of saying gives to one of its names (a term
                // in quotes near a name, with no cue, is no statement of theirs).
                let said = |q: &&Quote| {
                    q.cue.is_some() && q.speaker.as_deref().is_some_and(|sp| row.names.iter().any(|n| n == sp))
                };
                for q in a.quotes.iter().filter(said) {
                    quotes.push(EntityQuote {
                        article: a.id.clone(),
                        story: a.story.clone(),
                        outlet: a.outlet.clone(),
                        published: a.published.map(|d| d.to_string()),
                        text: q.text.clone(),
                        cue: q.cue.clone(),
                    });
                }
            }
            let mut stories = Vec::new();
            // Every name the registry gave it, then the aliases its stories found.
            let mut aliases: Vec<String> = row.names.iter().filter(|n| **n != row.name).cloned().collect();
            for sid in row.stories.iter().take(MAX_PAGE) {
                let Some(st) = s.story(sid)? else { continue };
                for e in st.entities.iter().filter(|e| row.names.contains(&e.name)) {
                    for al in &e.aliases {
                        if !aliases.contains(al) && *al != row.name {
                            aliases.push(al.clone());
                        }
                    }
                }
                stories.push(StoryRow::from(&st));
            }
            stories.sort_by(|a, b| b.last_published.cmp(&a.last_published).then(a.id.cmp(&b.id)));
            Ok(Some(EntityView {
                name: row.name,
                kind: row.kind,
                mentions: row.mentions,
                roles,
                aliases,
                articles: row.articles,
                stories,
                quotes,
            }))
        })
    }

    /// The follow state, with the latest `errors` fetch errors.
    pub fn follow_status(&self, errors: usize) -> Result<FollowStatus> {
        self.with_store(|s| {
            Ok(FollowStatus { pass: s.follow_pass()?, sources: s.followed_sources()?, errors: s.fetch_errors(errors)? })
        })
    }

    /// Which of these stories are new, or grew, in the last pass that stored reports (none
    /// when nothing was ever followed).
    pub fn freshness(&self, ids: &[String]) -> Result<HashMap<String, Freshness>> {
        self.with_store(|s| {
            let Some(pass) = s.follow_pass()?.filter(|p| p.updated_at.is_some()) else { return Ok(HashMap::new()) };
            let from = pass.new_from_seq;
            Ok(s.story_seq_ranges(ids)?
                .into_iter()
                .filter_map(|(id, lo, hi)| {
                    let f = if lo >= from {
                        Some(Freshness::New)
                    } else if hi >= from {
                        Some(Freshness::Grown)
                    } else {
                        None
                    };
                    f.map(|f| (id, f))
                })
                .collect())
        })
    }

    /// Top entities and counts for the front page; cached for a few seconds, since both scan
    /// whole tables and the page is the most requested one. The last follow pass (one row) is
    /// read each time, so the page never shows new stories beside an older update time.
    pub fn front_page(&self) -> Result<FrontPage> {
        let mut f = self.front_aggregates()?;
        f.follow = self.with_store(|s| Ok(s.follow_pass()?))?;
        Ok(f)
    }

    fn front_aggregates(&self) -> Result<FrontPage> {
        {
            let mut front = self.front.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, f)) = &mut *front {
                // Stale: this request refreshes it, the others meanwhile keep the old one.
                if at.elapsed() >= FRONT_TTL {
                    *at = std::time::Instant::now();
                } else {
                    return Ok(f.clone());
                }
            }
        }
        let f = FrontPage { top_entities: self.top_entities(24)?, counts: self.counts()?, follow: None };
        *self.front.lock().unwrap_or_else(|p| p.into_inner()) = Some((std::time::Instant::now(), f.clone()));
        Ok(f)
    }

    /// The most mentioned entities: (name, type, stories).
    pub fn top_entities(&self, limit: usize) -> Result<Vec<(String, String, usize)>> {
        self.with_store(|s| Ok(s.top_entities(limit.min(MAX_PAGE))?))
    }

    /// Full-text search, with the stories of the best hits. Results are kept until the index
    /// changes: a popular query is answered again without searching.
    pub fn search(&self, q: &SearchQuery) -> Result<SearchView> {
        if let Some(view) = self.cached_search(q) {
            return Ok(view);
        }
        let asked = q.clone();
        let mut q = page_limit(q);
        // An entity filter matches every name the registry gives the entity.
        if let Some(e) = q.entity.as_deref().filter(|e| !e.trim().is_empty())
            && q.entity_names.is_empty()
            && let Some(row) = self.with_store(|s| Ok(s.entity(e)?))?
        {
            q.entity_names = row.names;
        }
        let index = self.index()?;
        let generation = index.generation();
        let results = index.search(&q)?;
        let ids: Vec<String> = results.stories.iter().take(20).map(|h| h.story.clone()).collect();
        let stories = self.with_store(|s| Ok(s.story_rows_by_id(&ids)?))?;
        let view = SearchView { query: q, results, stories };
        if let Some(cache) = &self.searches {
            let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
            if cache.generation != generation || cache.views.len() >= SEARCH_ENTRIES {
                cache.views.clear();
                cache.generation = generation;
            }
            cache.views.insert(asked, view.clone());
        }
        Ok(view)
    }

    /// A search already answered for the current index, if any: cheap, so callers ask before
    /// queueing for a read turn.
    pub fn cached_search(&self, q: &SearchQuery) -> Option<SearchView> {
        let cache = self.searches.as_ref()?.lock().unwrap_or_else(|p| p.into_inner());
        let generation = self.index.get()?.generation();
        (cache.generation == generation).then(|| cache.views.get(&page_limit(q)).cloned()).flatten()
    }
}

/// The opening of a text, cut at a word boundary near `max` characters.
pub fn lead(text: &str, max: usize) -> String {
    let text = text.trim();
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((i, _)) => {
            let head = &text[..i];
            let cut = head.rfind(char::is_whitespace).filter(|&j| j > i / 2).unwrap_or(i);
            format!("{}…", head[..cut].trim_end())
        }
    }
}

/// A readable label for an entity type tag.
pub fn entity_kind_label(kind: &str) -> &'static str {
    match kind {
        "PER" => "persona",
        "ORG" => "organizzazione",
        "LOC" => "luogo",
        _ => "altro",
    }
}

/// The short tag of an entity type (`PER`, `ORG`, `LOC`, `MISC`).
pub fn entity_kind_tag(kind: EntityType) -> &'static str {
    match kind {
        EntityType::Person => "PER",
        EntityType::Organisation => "ORG",
        EntityType::Place => "LOC",
        EntityType::Other => "MISC",
    }
}

/// A search query with its page size bounded (20 when unset).
fn page_limit(q: &SearchQuery) -> SearchQuery {
    SearchQuery { limit: if q.limit == 0 { 20 } else { q.limit.min(MAX_PAGE) }, ..q.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lead_cuts_at_a_word_and_marks_the_cut() {
        assert_eq!(lead("breve", 10), "breve");
        let l = lead("una frase abbastanza lunga da tagliare", 15);
        assert_eq!(l, "una frase…");
    }

    #[test]
    fn index_lives_beside_the_store() {
        assert_eq!(index_dir(Path::new("/x/news.db")), PathBuf::from("/x/news.db.index"));
        assert_eq!(
            index_dir(Path::new("postgres://ada:pw@db.example:5432/news")),
            PathBuf::from("ada-db.example-5432-news.index")
        );
    }
}
