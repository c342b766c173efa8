//! The SQLite backend: one file, WAL mode, one connection per handle.

mod query;

use crate::filter::{EntityRow, StoryFilter, StoryRow};
use crate::{
    Backend, Batch, ErrorRecord, FetchError, FollowPass, FollowedSource, LogPosition, Queued, Result, SCHEMA_VERSION,
    SeenUrl, StoreError, decode, story_aliases,
};
use rassegna_model::{Article, RawDocument, Story, Storyline};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::BTreeSet;
use std::path::Path;

/// A store in one SQLite file (WAL mode: readers on other connections see committed snapshots).
pub struct Sqlite {
    conn: Connection,
    path: String,
}

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    header TEXT NOT NULL,
    body BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    story TEXT,
    storyline TEXT,
    outlet TEXT,
    lang TEXT,
    published TEXT,
    duplicate_of TEXT,
    json TEXT NOT NULL,
    changed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    storyline TEXT,
    title TEXT,
    n_articles INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    updated INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_first ON stories(first_published);
CREATE INDEX IF NOT EXISTS stories_storyline ON stories(storyline);
CREATE TABLE IF NOT EXISTS storylines (id TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entity_mentions (
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    article TEXT NOT NULL,
    story TEXT,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (name, article)
);
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article);
-- Every name and alias an entity goes by, folded (lowercase, no accents), to the canonical names it
-- stands for: lookups accept any of them in any case.
CREATE TABLE IF NOT EXISTS entity_aliases (key TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (key, name));
-- The entity registry (schema 4): every stored name with the entity it belongs to across the store
-- (canonical name, type, mentions of the entity, bare common noun or not); `key` is the name folded.
CREATE TABLE IF NOT EXISTS entity_registry (
    name TEXT PRIMARY KEY,
    key TEXT NOT NULL,
    entity TEXT NOT NULL,
    type TEXT NOT NULL,
    weight INTEGER NOT NULL,
    generic INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_registry_entity ON entity_registry(entity);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (seq INTEGER PRIMARY KEY AUTOINCREMENT, json TEXT NOT NULL);
-- Read paths of the server's lists: newest-first story order (with the columns its filters test,
-- so a filtered walk stays in the index) and the sets behind outlet, language and entity filters.
CREATE INDEX IF NOT EXISTS stories_order
    ON stories(last_published IS NULL, last_published DESC, n_articles DESC, id, first_published, storyline);
CREATE INDEX IF NOT EXISTS stories_storyline ON stories(storyline);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, story);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang, story);
CREATE INDEX IF NOT EXISTS entity_mentions_name_story ON entity_mentions(name, story);
-- Documents analysed elsewhere, waiting for the stateful stage; leases name who runs it.
CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires REAL NOT NULL);
-- Schema 4: how far into each partition of an ingest log the queue holds every message.
CREATE TABLE IF NOT EXISTS log_positions (log TEXT NOT NULL, part INTEGER NOT NULL, next INTEGER NOT NULL, PRIMARY KEY (log, part));
CREATE TABLE IF NOT EXISTS errors (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    file TEXT NOT NULL,
    line INTEGER,
    message TEXT NOT NULL
);
-- Following sources (schema 3): each source's state as JSON, the item URLs met, fetch errors.
CREATE TABLE IF NOT EXISTS follow_sources (url TEXT PRIMARY KEY, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS follow_seen (
    url TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fetch_errors (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    message TEXT NOT NULL
);
"#;

/// Made after any migration: a version-1 store gets its `changed` column first.
const CHANGE_INDEX: &str = "CREATE INDEX IF NOT EXISTS articles_changed ON articles(changed);";

impl Sqlite {
    /// Open (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Sqlite> {
        let p = path.display().to_string();
        let conn = Connection::open(path).map_err(|e| StoreError::Sqlite { path: p.clone(), source: e })?;
        Sqlite::init(conn, p)
    }

    /// A private in-memory store, for tests and evaluation.
    pub fn open_in_memory() -> Result<Sqlite> {
        let conn =
            Connection::open_in_memory().map_err(|e| StoreError::Sqlite { path: ":memory:".into(), source: e })?;
        Sqlite::init(conn, ":memory:".into())
    }

    fn init(conn: Connection, path: String) -> Result<Sqlite> {
        let store = Sqlite { conn, path };
        store
            .conn
            .execute_batch(
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
            )
            .map_err(|e| store.err(e))?;
        store.conn.execute_batch(SCHEMA).map_err(|e| store.err(e))?;
        let found: Option<String> = store
            .conn
            .query_row("SELECT value FROM meta WHERE key='schema_version'", [], |r| r.get(0))
            .optional()
            .map_err(|e| store.err(e))?;
        match found.and_then(|v| v.parse::<i64>().ok()) {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema { path: store.path.clone(), found: v });
            }
            Some(1) => store.migrate_from_1()?,
            // Versions 2 and 3 lacked tables (follow, log positions) the schema above has just made.
            Some(v) if v < SCHEMA_VERSION => store.set_version()?,
            Some(_) => {}
            None => {
                store
                    .conn
                    .execute(
                        "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)",
                        [SCHEMA_VERSION.to_string()],
                    )
                    .map_err(|e| store.err(e))?;
            }
        }
        store.conn.execute_batch(CHANGE_INDEX).map_err(|e| store.err(e))?;
        store.fill_aliases()?;
        Ok(store)
    }

    /// A store written before the alias table existed gets it filled from its entities and
    /// stories (once: the table is never empty while entities are stored).
    fn fill_aliases(&self) -> Result<()> {
        let empty: bool = self
            .conn
            .query_row(
                "SELECT NOT EXISTS (SELECT 1 FROM entity_aliases) AND EXISTS (SELECT 1 FROM entity_mentions)",
                [],
                |r| r.get(0),
            )
            .map_err(|e| self.err(e))?;
        if !empty {
            return Ok(());
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        {
            let mut names = self.conn.prepare("SELECT DISTINCT name FROM entity_mentions").map_err(|e| self.err(e))?;
            let rows = names.query_map([], |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
            for n in rows {
                let n = n.map_err(|e| self.err(e))?;
                pairs.push((rassegna_text::fold(&n), n));
            }
            let mut stories = self.conn.prepare("SELECT id, json FROM stories").map_err(|e| self.err(e))?;
            let rows = stories
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
                .map_err(|e| self.err(e))?;
            for row in rows {
                let (id, json) = row.map_err(|e| self.err(e))?;
                let story: Story = decode(&json, &id)?;
                pairs.extend(story_aliases(&story));
            }
        }
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        {
            let mut ins = tx
                .prepare("INSERT OR IGNORE INTO entity_aliases(key, name) VALUES (?1, ?2)")
                .map_err(|e| self.err(e))?;
            for (k, n) in &pairs {
                ins.execute(params![k, n]).map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    /// Version 1 had no change sequence: every article counts as written before change 1.
    fn migrate_from_1(&self) -> Result<()> {
        let has_column = self
            .conn
            .prepare("SELECT changed FROM articles LIMIT 0")
            .map(|_| true)
            .or_else(|e| if e.to_string().contains("no such column") { Ok(false) } else { Err(self.err(e)) })?;
        let mut sql = String::from("BEGIN;");
        if !has_column {
            sql.push_str("ALTER TABLE articles ADD COLUMN changed INTEGER NOT NULL DEFAULT 0;");
        }
        sql.push_str(&format!("UPDATE meta SET value = '{SCHEMA_VERSION}' WHERE key = 'schema_version'; COMMIT;"));
        self.conn.execute_batch(&sql).map_err(|e| self.err(e))
    }

    fn set_version(&self) -> Result<()> {
        self.conn
            .execute("UPDATE meta SET value = ?1 WHERE key = 'schema_version'", [SCHEMA_VERSION.to_string()])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn err(&self, e: rusqlite::Error) -> StoreError {
        StoreError::Sqlite { path: self.path.clone(), source: e }
    }

    fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl Backend for Sqlite {
    fn path(&self) -> &str {
        &self.path
    }

    /// The id of the stored document with this content hash, if any.
    fn id_for_hash(&self, hash: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT id FROM documents WHERE content_hash=?1 LIMIT 1", [hash], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Whether a document with this id is stored.
    fn has_id(&self, id: &str) -> Result<bool> {
        self.conn
            .query_row("SELECT 1 FROM documents WHERE id=?1", [id], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(e))
    }

    /// The next free ingest sequence number.
    fn next_seq(&self) -> Result<i64> {
        self.conn
            .query_row("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// A stage's state blob.
    fn state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.conn
            .query_row("SELECT value FROM state WHERE key=?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))
    }

    /// Every stored article, in ingest order.
    fn for_each_article(&self, f: &mut dyn FnMut(Article)) -> Result<()> {
        let mut stmt = self.conn.prepare("SELECT json FROM articles ORDER BY seq").map_err(|e| self.err(e))?;
        let mut rows = stmt.query([]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let json: String = row.get(0).map_err(|e| self.err(e))?;
            f(decode(&json, "article")?);
        }
        Ok(())
    }

    fn change_seq(&self) -> Result<i64> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key='changes'", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    fn articles_changed_since(&self, after: i64, f: &mut dyn FnMut(i64, Article)) -> Result<()> {
        let mut stmt = self
            .conn
            .prepare("SELECT changed, id, json FROM articles WHERE changed > ?1 ORDER BY changed, seq")
            .map_err(|e| self.err(e))?;
        let mut rows = stmt.query([after]).map_err(|e| self.err(e))?;
        while let Some(row) = rows.next().map_err(|e| self.err(e))? {
            let changed: i64 = row.get(0).map_err(|e| self.err(e))?;
            let id: String = row.get(1).map_err(|e| self.err(e))?;
            let json: String = row.get(2).map_err(|e| self.err(e))?;
            f(changed, decode(&json, &id)?);
        }
        Ok(())
    }

    /// One article by id.
    fn article(&self, id: &str) -> Result<Option<Article>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM articles WHERE id=?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    /// One article by id, with its ingest sequence number.
    fn article_with_seq(&self, id: &str) -> Result<Option<(i64, Article)>> {
        let row: Option<(i64, String)> = self
            .conn
            .query_row("SELECT seq, json FROM articles WHERE id=?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()
            .map_err(|e| self.err(e))?;
        row.map(|(seq, j)| decode(&j, id).map(|a| (seq, a))).transpose()
    }

    /// The articles of a story, in ingest order, with their sequence numbers.
    fn story_articles(&self, story: &str) -> Result<Vec<(i64, Article)>> {
        let mut stmt =
            self.conn.prepare("SELECT seq, json FROM articles WHERE story=?1 ORDER BY seq").map_err(|e| self.err(e))?;
        let rows =
            stmt.query_map([story], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, json) = row.map_err(|e| self.err(e))?;
            out.push((seq, decode(&json, story)?));
        }
        Ok(out)
    }

    /// One story by id.
    fn story(&self, id: &str) -> Result<Option<Story>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM stories WHERE id=?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    /// One storyline by id.
    fn storyline(&self, id: &str) -> Result<Option<Storyline>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT json FROM storylines WHERE id=?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    /// The storyline a stored story belongs to (`None` for an unknown story).
    fn story_storyline(&self, id: &str) -> Result<Option<String>> {
        let line: Option<Option<String>> = self
            .conn
            .query_row("SELECT storyline FROM stories WHERE id=?1", [id], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(line.flatten())
    }

    /// Ids of the stories of a storyline, by first publication.
    fn storyline_story_ids(&self, storyline: &str) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM stories WHERE storyline=?1 ORDER BY first_published, id")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([storyline], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Input failures recorded by past runs, oldest first.
    fn errors(&self) -> Result<Vec<ErrorRecord>> {
        let mut stmt =
            self.conn.prepare("SELECT file, line, message FROM errors ORDER BY seq").map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([], |r| {
                Ok(ErrorRecord {
                    file: r.get(0)?,
                    line: r.get::<_, Option<i64>>(1)?.map(|l| l as usize),
                    message: r.get(2)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Every recorded correction (JSON), oldest first.
    fn corrections(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("SELECT json FROM corrections ORDER BY seq").map_err(|e| self.err(e))?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    /// Write one batch atomically: either all of it is stored or none of it.
    fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        let path = self.path.clone();
        let e = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(e)?;
        // The change this batch makes: one past the last, whatever process wrote it.
        let change: i64 = tx
            .query_row(
                "SELECT COALESCE((SELECT CAST(value AS INTEGER) FROM meta WHERE key='changes'), 0) + 1",
                [],
                |r| r.get(0),
            )
            .map_err(e)?;
        tx.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('changes', ?1)", [change.to_string()])
            .map_err(e)?;
        // Stories this batch may leave without members (those its articles leave, and those it
        // writes), and storylines it may leave without stories: only they are looked at below, so
        // a batch costs the same however large the store is.
        let mut stories_left: BTreeSet<String> = batch.stories.iter().map(|s| s.id.clone()).collect();
        let mut lines_left: BTreeSet<String> = batch.storylines.iter().map(|l| l.id.clone()).collect();
        {
            let mut old_story =
                tx.prepare_cached("SELECT story FROM articles WHERE id = ?1 AND story IS NOT NULL").map_err(e)?;
            for (_, a) in &batch.articles {
                if let Some(story) = old_story.query_row([&a.id], |r| r.get::<_, String>(0)).optional().map_err(e)? {
                    stories_left.insert(story);
                }
            }
            let mut old_line = tx
                .prepare_cached("SELECT storyline FROM stories WHERE id = ?1 AND storyline IS NOT NULL")
                .map_err(e)?;
            for story in &stories_left {
                if let Some(line) = old_line.query_row([story], |r| r.get::<_, String>(0)).optional().map_err(e)? {
                    lines_left.insert(line);
                }
            }
        }
        {
            let mut doc = tx
                .prepare_cached(
                    "INSERT INTO documents(seq, id, source, format, content_hash, header, body) VALUES (?1,?2,?3,?4,?5,?6,?7)",
                )
                .map_err(e)?;
            for (seq, d) in &batch.documents {
                let (format, header, bytes) = crate::document_columns(d);
                doc.execute(params![seq, d.id, d.source, format, d.content_hash, header, bytes]).map_err(e)?;
            }
            let mut art = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO articles(id, seq, story, storyline, outlet, lang, published, duplicate_of, json, changed)
                     VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)",
                )
                .map_err(e)?;
            let mut del_ent = tx.prepare_cached("DELETE FROM entity_mentions WHERE article=?1").map_err(e)?;
            let mut ent = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_mentions(name, type, article, story, mentions) VALUES (?1,?2,?3,?4,?5)",
                )
                .map_err(e)?;
            for (seq, a) in &batch.articles {
                let json = serde_json::to_string(a).expect("articles serialise");
                art.execute(params![
                    a.id,
                    seq,
                    a.story,
                    a.storyline,
                    a.outlet,
                    a.lang,
                    a.published.map(|d| d.to_string()),
                    a.duplicate_of,
                    json,
                    change
                ])
                .map_err(e)?;
                del_ent.execute([&a.id]).map_err(e)?;
                for en in &a.entities {
                    let kind = serde_json::to_value(en.kind).unwrap_or_default();
                    ent.execute(params![en.name, kind.as_str(), a.id, a.story, en.mentions.len() as i64]).map_err(e)?;
                }
            }
            let mut st = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO stories(id, storyline, title, n_articles, first_published, last_published, updated, json)
                     VALUES (?1,?2,?3,?4,?5,?6,(SELECT COALESCE(MAX(seq),0) FROM documents),?7)",
                )
                .map_err(e)?;
            for s in &batch.stories {
                let json = serde_json::to_string(s).expect("stories serialise");
                st.execute(params![
                    s.id,
                    s.storyline,
                    s.title,
                    s.articles.len() as i64,
                    s.first_published.map(|d| d.to_string()),
                    s.last_published.map(|d| d.to_string()),
                    json
                ])
                .map_err(e)?;
            }
            let mut alias =
                tx.prepare_cached("INSERT OR IGNORE INTO entity_aliases(key, name) VALUES (?1, ?2)").map_err(e)?;
            for (k, n) in batch
                .articles
                .iter()
                .flat_map(|(_, a)| a.entities.iter().map(|en| (rassegna_text::fold(&en.name), en.name.clone())))
                .chain(batch.stories.iter().flat_map(story_aliases))
            {
                alias.execute(params![k, n]).map_err(e)?;
            }
            let mut sl = tx.prepare_cached("INSERT OR REPLACE INTO storylines(id, json) VALUES (?1,?2)").map_err(e)?;
            for l in &batch.storylines {
                sl.execute(params![l.id, serde_json::to_string(l).expect("storylines serialise")]).map_err(e)?;
            }
            let mut state = tx.prepare_cached("INSERT OR REPLACE INTO state(key, value) VALUES (?1,?2)").map_err(e)?;
            for (k, v) in &batch.state {
                state.execute(params![k, v]).map_err(e)?;
            }
            let mut errs = tx.prepare_cached("INSERT INTO errors(file, line, message) VALUES (?1,?2,?3)").map_err(e)?;
            for r in &batch.errors {
                errs.execute(params![r.file, r.line.map(|l| l as i64), r.message]).map_err(e)?;
            }
            let mut corr = tx.prepare_cached("INSERT INTO corrections(json) VALUES (?1)").map_err(e)?;
            for c in &batch.corrections {
                corr.execute([c]).map_err(e)?;
            }
            let mut deq = tx.prepare_cached("DELETE FROM queue WHERE seq = ?1").map_err(e)?;
            for q in &batch.dequeued {
                deq.execute([q]).map_err(e)?;
            }
        }
        // A story emptied by a correction or a merge disappears, and so does a storyline left without stories.
        {
            let mut story = tx
                .prepare_cached(
                    "DELETE FROM stories WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM articles WHERE story = ?1)",
                )
                .map_err(e)?;
            for id in &stories_left {
                story.execute([id]).map_err(e)?;
            }
            let mut line = tx
                .prepare_cached(
                    "DELETE FROM storylines WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM stories WHERE storyline = ?1)",
                )
                .map_err(e)?;
            for id in &lines_left {
                line.execute([id]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }

    /// The stored raw document (for re-processing and showing the original page).
    fn document(&self, id: &str) -> Result<Option<RawDocument>> {
        let row: Option<(String, String, String, String, String, Vec<u8>)> = self
            .conn
            .query_row("SELECT id, source, format, content_hash, header, body FROM documents WHERE id=?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))
            })
            .optional()
            .map_err(|e| self.err(e))?;
        row.map(|(id, source, format, content_hash, header, body)| {
            crate::DocumentRow { id, source, format, content_hash, header, body }.into_document()
        })
        .transpose()
    }

    fn count_stories(&self, f: &StoryFilter) -> Result<usize> {
        query::count_stories(self, f)
    }

    fn story_rows(&self, f: &StoryFilter, matching: Option<usize>) -> Result<Vec<StoryRow>> {
        query::story_rows(self, f, matching)
    }

    fn story_rows_by_id(&self, ids: &[String]) -> Result<Vec<StoryRow>> {
        query::story_rows_by_id(self, ids)
    }

    fn tune_for_reading(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -32000;").map_err(|e| self.err(e))
    }

    fn entity(&self, name: &str) -> Result<Option<EntityRow>> {
        query::entity(self, name)
    }

    fn top_entities(&self, limit: usize) -> Result<Vec<(String, String, usize)>> {
        query::top_entities(self, limit)
    }

    fn entity_names(&self) -> Result<Vec<crate::NameStat>> {
        query::entity_names(self)
    }

    fn entity_registry(&self) -> Result<Vec<crate::RegistryEntry>> {
        query::entity_registry(self)
    }

    fn put_entity_registry(
        &mut self,
        set: &[crate::RegistryEntry],
        remove: &[String],
        change: (&str, i64),
    ) -> Result<()> {
        let e = |e| StoreError::Sqlite { path: self.path.clone(), source: e };
        let tx = self.conn.unchecked_transaction().map_err(e)?;
        {
            let mut del = tx.prepare_cached("DELETE FROM entity_registry WHERE name = ?1").map_err(e)?;
            for n in remove {
                del.execute([n]).map_err(e)?;
            }
            let mut put = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO entity_registry(name, key, entity, type, weight, generic)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                )
                .map_err(e)?;
            for r in set {
                put.execute(params![
                    r.name,
                    rassegna_text::fold(&r.name),
                    r.entity,
                    r.kind,
                    r.weight as i64,
                    r.generic
                ])
                .map_err(e)?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO state(key, value) VALUES (?1, ?2)",
                params![change.0, change.1.to_string().into_bytes()],
            )
            .map_err(e)?;
        }
        tx.commit().map_err(e)
    }

    fn counts(&self) -> Result<(usize, usize, usize)> {
        query::counts(self)
    }

    fn enqueue(&mut self, items: &[Queued], positions: &[LogPosition]) -> Result<usize> {
        let path = self.path.clone();
        let e = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(e)?;
        let mut added = 0;
        {
            let mut ins = tx.prepare_cached("INSERT OR IGNORE INTO queue(key, payload) VALUES (?1, ?2)").map_err(e)?;
            for q in items {
                added += ins.execute(params![q.key, q.payload]).map_err(e)?;
            }
            let mut pos = tx
                .prepare_cached(
                    "INSERT INTO log_positions(log, part, next) VALUES (?1, ?2, ?3)
                     ON CONFLICT(log, part) DO UPDATE SET next = max(next, excluded.next)",
                )
                .map_err(e)?;
            for p in positions {
                pos.execute(params![p.log, p.partition, p.next]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)?;
        Ok(added)
    }

    fn log_positions(&self, log: &str) -> Result<Vec<(i32, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT part, next FROM log_positions WHERE log = ?1 ORDER BY part")
            .map_err(|e| self.err(e))?;
        let rows = stmt.query_map([log], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    fn queued(&self, limit: usize) -> Result<Vec<(i64, Queued)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT seq, key, payload FROM queue ORDER BY seq LIMIT ?1")
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| Ok((r.get(0)?, Queued { key: r.get(1)?, payload: r.get(2)? })))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    fn lease(&mut self, name: &str, holder: &str, ttl: std::time::Duration) -> Result<bool> {
        let held: Option<String> = self
            .conn
            .query_row(
                "INSERT INTO leases(name, holder, expires) VALUES (?1, ?2, unixepoch('subsec') + ?3)
                 ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires = excluded.expires
                 WHERE leases.holder = excluded.holder OR leases.expires < unixepoch('subsec')
                 RETURNING holder",
                params![name, holder, ttl.as_secs_f64()],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(e))?;
        Ok(held.as_deref() == Some(holder))
    }

    fn story_seq_ranges(&self, ids: &[String]) -> Result<Vec<(String, i64, i64)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT MIN(seq), MAX(seq) FROM articles WHERE story = ?1")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for id in ids {
            let (lo, hi): (Option<i64>, Option<i64>) =
                stmt.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(|e| self.err(e))?;
            if let (Some(lo), Some(hi)) = (lo, hi) {
                out.push((id.clone(), lo, hi));
            }
        }
        Ok(out)
    }

    fn followed_sources(&self) -> Result<Vec<FollowedSource>> {
        let mut stmt =
            self.conn.prepare("SELECT url, json FROM follow_sources ORDER BY url").map_err(|e| self.err(e))?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let (url, json) = row.map_err(|e| self.err(e))?;
            out.push(decode(&json, &url)?);
        }
        Ok(out)
    }

    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()> {
        let json = serde_json::to_string(source).expect("sources serialise");
        self.conn
            .execute("INSERT OR REPLACE INTO follow_sources(url, json) VALUES (?1, ?2)", params![source.url, json])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }

    fn seen_url(&self, url: &str) -> Result<Option<SeenUrl>> {
        self.conn
            .query_row("SELECT url, source, status, attempts, at FROM follow_seen WHERE url = ?1", [url], |r| {
                Ok(SeenUrl { url: r.get(0)?, source: r.get(1)?, status: r.get(2)?, attempts: r.get(3)?, at: r.get(4)? })
            })
            .optional()
            .map_err(|e| self.err(e))
    }

    fn put_seen_urls(&mut self, seen: &[SeenUrl]) -> Result<()> {
        let path = self.path.clone();
        let e = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(e)?;
        {
            let mut ins = tx
                .prepare_cached(
                    "INSERT OR REPLACE INTO follow_seen(url, source, status, attempts, at) VALUES (?1,?2,?3,?4,?5)",
                )
                .map_err(e)?;
            for s in seen {
                ins.execute(params![s.url, s.source, s.status, s.attempts, s.at]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }

    fn add_fetch_errors(&mut self, errors: &[FetchError]) -> Result<()> {
        let path = self.path.clone();
        let e = |source| StoreError::Sqlite { path: path.clone(), source };
        let tx = self.conn.transaction().map_err(e)?;
        {
            let mut ins = tx
                .prepare_cached("INSERT INTO fetch_errors(at, source, url, message) VALUES (?1,?2,?3,?4)")
                .map_err(e)?;
            for f in errors {
                ins.execute(params![f.at, f.source, f.url, f.message]).map_err(e)?;
            }
        }
        tx.commit().map_err(e)
    }

    fn fetch_errors(&self, limit: usize) -> Result<Vec<FetchError>> {
        let mut stmt = self
            .conn
            .prepare(
                "SELECT at, source, url, message FROM
                 (SELECT * FROM fetch_errors ORDER BY seq DESC LIMIT ?1) ORDER BY seq",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| {
                Ok(FetchError { at: r.get(0)?, source: r.get(1)?, url: r.get(2)?, message: r.get(3)? })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    fn follow_pass(&self) -> Result<Option<FollowPass>> {
        let json: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'follow_pass'", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(e))?;
        json.map(|j| decode(&j, "follow_pass")).transpose()
    }

    fn put_follow_pass(&mut self, pass: &FollowPass) -> Result<()> {
        let json = serde_json::to_string(pass).expect("passes serialise");
        self.conn
            .execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('follow_pass', ?1)", [json])
            .map(|_| ())
            .map_err(|e| self.err(e))
    }
}
