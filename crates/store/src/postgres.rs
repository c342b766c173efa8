//! The PostgreSQL backend: the shared store for many readers and writers on many machines.
//!
//! Same tables and the same JSON records as the SQLite backend; one transaction per batch. The
//! batch's change number is taken by updating one row of `meta`, which holds that row's lock until
//! the commit: concurrent writers are serialised there, so change numbers become visible in the
//! order they were given and a follower reading "changed after N" never misses a batch.
//! A connection that dropped (a restarted server) is opened again on the next call.

use crate::filter::{EntityRow, ROW_COLUMNS, RowExtras, StoryFilter, StoryRow, WALK_FROM};
use crate::{
    Backend, Batch, ErrorRecord, FetchError, FollowPass, FollowedSource, LogPosition, Queued, Result, SCHEMA_VERSION,
    SeenUrl, StoreError, decode, story_aliases,
};
use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row};
use rassegna_model::{Article, PartialDate, RawDocument, Story, Storyline};
use std::cell::RefCell;

/// A store in a PostgreSQL database, reached by a `postgres://` URL.
pub struct Postgres {
    client: RefCell<Client>,
    url: String,
    /// The URL without its password, for messages.
    shown: String,
}

const SCHEMA: &str = r#"
-- Text that lists are sorted by is compared byte by byte (every text column is COLLATE "C"), as SQLite does.
CREATE TABLE IF NOT EXISTS meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    seq BIGINT PRIMARY KEY,
    id TEXT COLLATE "C" NOT NULL UNIQUE,
    source TEXT COLLATE "C" NOT NULL,
    format TEXT COLLATE "C" NOT NULL,
    content_hash TEXT COLLATE "C" NOT NULL,
    header TEXT COLLATE "C" NOT NULL,
    body BYTEA NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_hash ON documents(content_hash);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    seq BIGINT NOT NULL UNIQUE,
    story TEXT COLLATE "C",
    storyline TEXT COLLATE "C",
    outlet TEXT COLLATE "C",
    lang TEXT COLLATE "C",
    published TEXT COLLATE "C",
    duplicate_of TEXT COLLATE "C",
    json TEXT COLLATE "C" NOT NULL,
    changed BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_story ON articles(story);
CREATE INDEX IF NOT EXISTS articles_changed ON articles(changed, seq);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet, story);
CREATE INDEX IF NOT EXISTS articles_lang ON articles(lang, story);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT COLLATE "C" PRIMARY KEY,
    storyline TEXT COLLATE "C",
    title TEXT COLLATE "C",
    n_articles BIGINT NOT NULL,
    first_published TEXT COLLATE "C",
    last_published TEXT COLLATE "C",
    updated BIGINT NOT NULL,
    json TEXT COLLATE "C" NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_first ON stories(first_published);
CREATE INDEX IF NOT EXISTS stories_order
    ON stories((last_published IS NULL), last_published DESC, n_articles DESC, id);
CREATE INDEX IF NOT EXISTS stories_storyline ON stories(storyline);
CREATE TABLE IF NOT EXISTS storylines (id TEXT COLLATE "C" PRIMARY KEY, json TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS entity_mentions (
    name TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    article TEXT COLLATE "C" NOT NULL,
    story TEXT COLLATE "C",
    mentions BIGINT NOT NULL,
    PRIMARY KEY (name, article)
);
CREATE INDEX IF NOT EXISTS entity_mentions_article ON entity_mentions(article);
CREATE INDEX IF NOT EXISTS entity_mentions_name_story ON entity_mentions(name, story);
CREATE INDEX IF NOT EXISTS entity_mentions_lower ON entity_mentions(lower(name));
CREATE TABLE IF NOT EXISTS entity_aliases (key TEXT COLLATE "C" NOT NULL, name TEXT COLLATE "C" NOT NULL, PRIMARY KEY (key, name));
CREATE TABLE IF NOT EXISTS entity_registry (
    name TEXT COLLATE "C" PRIMARY KEY,
    key TEXT COLLATE "C" NOT NULL,
    entity TEXT COLLATE "C" NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    weight BIGINT NOT NULL,
    generic BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_registry_entity ON entity_registry(entity);
CREATE TABLE IF NOT EXISTS state (key TEXT COLLATE "C" PRIMARY KEY, value BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS corrections (seq BIGSERIAL PRIMARY KEY, json TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS errors (
    seq BIGSERIAL PRIMARY KEY,
    file TEXT COLLATE "C" NOT NULL,
    line BIGINT,
    message TEXT COLLATE "C" NOT NULL
);
CREATE TABLE IF NOT EXISTS queue (seq BIGSERIAL PRIMARY KEY, key TEXT NOT NULL UNIQUE, payload TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, expires DOUBLE PRECISION NOT NULL);
-- Schema 4: how far into each partition of an ingest log the queue holds every message.
CREATE TABLE IF NOT EXISTS log_positions (log TEXT NOT NULL, part INTEGER NOT NULL, next BIGINT NOT NULL, PRIMARY KEY (log, part));
-- Following sources (schema 3): each source's state as JSON, the item URLs met, fetch errors.
CREATE TABLE IF NOT EXISTS follow_sources (url TEXT COLLATE "C" PRIMARY KEY, json TEXT COLLATE "C" NOT NULL);
CREATE TABLE IF NOT EXISTS follow_seen (
    url TEXT COLLATE "C" PRIMARY KEY,
    source TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL,
    attempts BIGINT NOT NULL,
    at BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS fetch_errors (
    seq BIGSERIAL PRIMARY KEY,
    at BIGINT NOT NULL,
    source TEXT COLLATE "C" NOT NULL,
    url TEXT COLLATE "C" NOT NULL,
    message TEXT COLLATE "C" NOT NULL
);
INSERT INTO meta(key, value) VALUES ('changes', '0') ON CONFLICT (key) DO NOTHING;
"#;

/// The advisory lock that makes creating the schema safe when several processes open a new
/// database at once.
const SCHEMA_LOCK: i64 = 0x7261_7373_6567_6e61;

/// Whether `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `url` with any password left out (`postgres://user:secret@host/db` → `postgres://user@host/db`).
pub fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => {
            let user = rest[..at].split(':').next().unwrap_or("");
            format!("{scheme}://{user}@{}", &rest[at + 1..])
        }
        None => url.to_string(),
    }
}

/// Rows read per query when walking many articles.
const PAGE: i64 = 256;

type Params<'a> = Vec<&'a (dyn ToSql + Sync)>;

impl Postgres {
    /// Connect to the database at `url`, creating the schema if it is new.
    pub fn open(url: &str) -> Result<Postgres> {
        let shown = redact(url);
        let client =
            Client::connect(url, NoTls).map_err(|e| StoreError::Postgres { path: shown.clone(), source: e })?;
        let store = Postgres { client: RefCell::new(client), url: url.to_string(), shown };
        store.init()?;
        Ok(store)
    }

    fn init(&self) -> Result<()> {
        let mut c = self.client.borrow_mut();
        let mut tx = c.transaction().map_err(|e| self.err(e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SCHEMA_LOCK]).map_err(|e| self.err(e))?;
        // A store already at this version is opened without DDL: `CREATE INDEX IF NOT EXISTS` takes
        // a share lock on its table even when the index exists, and a reader opening the store
        // while a writer's batch is between two statements deadlocked with it.
        let has_meta: bool =
            tx.query_one("SELECT to_regclass('meta') IS NOT NULL", &[]).map_err(|e| self.err(e))?.get(0);
        if has_meta {
            let current: Option<String> = tx
                .query_opt("SELECT value FROM meta WHERE key = 'schema_version'", &[])
                .map_err(|e| self.err(e))?
                .map(|r| r.get(0));
            if current == Some(SCHEMA_VERSION.to_string()) {
                return tx.commit().map_err(|e| self.err(e));
            }
        }
        tx.batch_execute(SCHEMA).map_err(|e| self.err(e))?;
        let found: Option<String> = tx
            .query_opt("SELECT value FROM meta WHERE key='schema_version'", &[])
            .map_err(|e| self.err(e))?
            .map(|r| r.get(0));
        match found.and_then(|v| v.parse::<i64>().ok()) {
            Some(v) if v > SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema { path: self.shown.clone(), found: v });
            }
            // An older store got the tables it lacked from the schema above (every table is
            // created if missing, and no column changed since version 1).
            Some(v) if v < SCHEMA_VERSION => {
                tx.execute("UPDATE meta SET value = $1 WHERE key = 'schema_version'", &[&SCHEMA_VERSION.to_string()])
                    .map_err(|e| self.err(e))?;
            }
            Some(_) => {}
            None => {
                tx.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', $1)",
                    &[&SCHEMA_VERSION.to_string()],
                )
                .map_err(|e| self.err(e))?;
            }
        }
        tx.commit().map_err(|e| self.err(e))
    }

    fn err(&self, e: postgres::Error) -> StoreError {
        StoreError::Postgres { path: self.shown.clone(), source: e }
    }

    /// Run `f` on the connection, opening it again first if the server dropped it (a reader
    /// survives a restart of the database; the call that saw the drop reports it).
    fn with<T>(&self, f: impl FnOnce(&mut Client) -> std::result::Result<T, postgres::Error>) -> Result<T> {
        let mut c = self.client.borrow_mut();
        if c.is_closed() {
            *c = Client::connect(&self.url, NoTls).map_err(|e| self.err(e))?;
        }
        f(&mut c).map_err(|e| self.err(e))
    }

    /// A read: like [`Postgres::with`], and tried once more on a new connection when the server
    /// ended this one (a restarted database), so readers recover without an error.
    fn read<T>(&self, f: impl Fn(&mut Client) -> std::result::Result<T, postgres::Error>) -> Result<T> {
        match self.with(&f) {
            Err(StoreError::Postgres { source, .. })
                if source.is_closed() || source.code() == Some(&SqlState::ADMIN_SHUTDOWN) =>
            {
                *self.client.borrow_mut() = Client::connect(&self.url, NoTls).map_err(|e| self.err(e))?;
                self.with(f)
            }
            other => other,
        }
    }

    fn opt<T>(&self, sql: &str, params: &[&(dyn ToSql + Sync)], get: impl FnOnce(&Row) -> T) -> Result<Option<T>> {
        self.read(|c| c.query_opt(sql, params)).map(|r| r.as_ref().map(get))
    }

    fn rows(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        self.read(|c| c.query(sql, params))
    }

    fn story_row(&self, r: &Row) -> Result<StoryRow> {
        let date = |s: Option<String>| s.and_then(|d| d.parse::<PartialDate>().ok());
        let id: String = r.get(0);
        let json: String = r.get(6);
        let extras: RowExtras = decode(&json, &id)?;
        Ok(StoryRow {
            storyline: r.get(1),
            title: r.get(2),
            articles: r.get::<_, i64>(3) as usize,
            independent_sources: extras.independent_sources,
            outlets: extras.outlets,
            languages: extras.languages,
            first_published: date(r.get(4)),
            last_published: date(r.get(5)),
            id,
        })
    }
}

fn params(args: &[String]) -> Params<'_> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Backend for Postgres {
    fn path(&self) -> &str {
        &self.shown
    }

    fn id_for_hash(&self, hash: &str) -> Result<Option<String>> {
        self.opt("SELECT id FROM documents WHERE content_hash=$1 LIMIT 1", &[&hash], |r| r.get(0))
    }

    fn has_id(&self, id: &str) -> Result<bool> {
        Ok(self.opt("SELECT 1 FROM documents WHERE id=$1", &[&id], |_| ())?.is_some())
    }

    fn next_seq(&self) -> Result<i64> {
        Ok(self.opt("SELECT COALESCE(MAX(seq), 0) + 1 FROM documents", &[], |r| r.get(0))?.unwrap_or(1))
    }

    fn state(&self, key: &str) -> Result<Option<Vec<u8>>> {
        self.opt("SELECT value FROM state WHERE key=$1", &[&key], |r| r.get(0))
    }

    fn for_each_article(&self, f: &mut dyn FnMut(Article)) -> Result<()> {
        // Page by page, so `f` may read the store and memory stays flat on a large store.
        let mut last = i64::MIN;
        loop {
            let page =
                self.rows("SELECT seq, json FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2", &[&last, &PAGE])?;
            for r in &page {
                last = r.get(0);
                f(decode(r.get(1), "article")?);
            }
            if (page.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }

    fn change_seq(&self) -> Result<i64> {
        let v: Option<String> = self.opt("SELECT value FROM meta WHERE key='changes'", &[], |r| r.get(0))?;
        Ok(v.and_then(|v| v.parse().ok()).unwrap_or(0))
    }

    fn articles_changed_since(&self, after: i64, f: &mut dyn FnMut(i64, Article)) -> Result<()> {
        // (change, seq) of the last row read; `i64::MAX` skips the rest of change `after` itself.
        let mut last = (after, i64::MAX);
        loop {
            let page = self.rows(
                "SELECT changed, seq, id, json FROM articles
                 WHERE changed > $1 OR (changed = $1 AND seq > $2) ORDER BY changed, seq LIMIT $3",
                &[&last.0, &last.1, &PAGE],
            )?;
            for r in &page {
                last = (r.get(0), r.get(1));
                f(last.0, decode(r.get(3), r.get(2))?);
            }
            if (page.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }

    fn article(&self, id: &str) -> Result<Option<Article>> {
        let json: Option<String> = self.opt("SELECT json FROM articles WHERE id=$1", &[&id], |r| r.get(0))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    fn article_with_seq(&self, id: &str) -> Result<Option<(i64, Article)>> {
        let row: Option<(i64, String)> =
            self.opt("SELECT seq, json FROM articles WHERE id=$1", &[&id], |r| (r.get(0), r.get(1)))?;
        row.map(|(seq, j)| decode(&j, id).map(|a| (seq, a))).transpose()
    }

    fn story_articles(&self, story: &str) -> Result<Vec<(i64, Article)>> {
        self.rows("SELECT seq, json FROM articles WHERE story=$1 ORDER BY seq", &[&story])?
            .iter()
            .map(|r| Ok((r.get(0), decode(r.get(1), story)?)))
            .collect()
    }

    fn story(&self, id: &str) -> Result<Option<Story>> {
        let json: Option<String> = self.opt("SELECT json FROM stories WHERE id=$1", &[&id], |r| r.get(0))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    fn storyline(&self, id: &str) -> Result<Option<Storyline>> {
        let json: Option<String> = self.opt("SELECT json FROM storylines WHERE id=$1", &[&id], |r| r.get(0))?;
        json.map(|j| decode(&j, id)).transpose()
    }

    fn story_storyline(&self, id: &str) -> Result<Option<String>> {
        Ok(self.opt("SELECT storyline FROM stories WHERE id=$1", &[&id], |r| r.get::<_, Option<String>>(0))?.flatten())
    }

    fn storyline_story_ids(&self, storyline: &str) -> Result<Vec<String>> {
        // NULLS FIRST: as SQLite sorts.
        Ok(self
            .rows(
                r#"SELECT id FROM stories WHERE storyline=$1 ORDER BY first_published NULLS FIRST, id"#,
                &[&storyline],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect())
    }

    fn errors(&self) -> Result<Vec<ErrorRecord>> {
        Ok(self
            .rows("SELECT file, line, message FROM errors ORDER BY seq", &[])?
            .iter()
            .map(|r| ErrorRecord {
                file: r.get(0),
                line: r.get::<_, Option<i64>>(1).map(|l| l as usize),
                message: r.get(2),
            })
            .collect())
    }

    fn corrections(&self) -> Result<Vec<String>> {
        Ok(self.rows("SELECT json FROM corrections ORDER BY seq", &[])?.iter().map(|r| r.get(0)).collect())
    }

    fn write_batch(&mut self, batch: &Batch) -> Result<()> {
        // The server rolls back a transaction it picks as a deadlock victim (or a serialisation
        // failure): the whole batch is undone, so writing it again is safe.
        let mut tries = 0;
        loop {
            match self.with(|c| write(c, batch)) {
                Err(StoreError::Postgres { source, .. })
                    if tries < 3
                        && matches!(
                            source.code(),
                            Some(&SqlState::T_R_DEADLOCK_DETECTED | &SqlState::T_R_SERIALIZATION_FAILURE)
                        ) =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(50 * tries));
                }
                other => return other,
            }
        }
    }

    fn document(&self, id: &str) -> Result<Option<RawDocument>> {
        let row = self.opt(
            "SELECT id, source, format, content_hash, header, body FROM documents WHERE id=$1",
            &[&id],
            |r| crate::DocumentRow {
                id: r.get(0),
                source: r.get(1),
                format: r.get(2),
                content_hash: r.get(3),
                header: r.get(4),
                body: r.get(5),
            },
        )?;
        row.map(crate::DocumentRow::into_document).transpose()
    }

    fn count_stories(&self, f: &StoryFilter) -> Result<usize> {
        let (filter, args) = f.sql(false, "$");
        let n: i64 =
            self.read(|c| c.query_one(&format!("SELECT COUNT(*) FROM stories s {filter}"), &params(&args)))?.get(0);
        Ok(n as usize)
    }

    fn story_rows(&self, f: &StoryFilter, matching: Option<usize>) -> Result<Vec<StoryRow>> {
        let walk = f.has_set_filter() && matching.is_none_or(|m| m >= WALK_FROM) && f.offset < WALK_FROM;
        let (filter, args) = f.sql(walk, "$");
        let limit = if f.limit == 0 { 50 } else { f.limit.min(500) };
        let sql = format!(
            r#"SELECT {ROW_COLUMNS} FROM stories s {filter}
             ORDER BY s.last_published IS NULL, s.last_published DESC, s.n_articles DESC, s.id
             LIMIT {limit} OFFSET {}"#,
            f.offset
        );
        self.rows(&sql, &params(&args))?.iter().map(|r| self.story_row(r)).collect()
    }

    fn story_rows_by_id(&self, ids: &[String]) -> Result<Vec<StoryRow>> {
        let rows = self.rows(&format!("SELECT {ROW_COLUMNS} FROM stories s WHERE s.id = ANY($1)"), &[&ids])?;
        let mut by_id: std::collections::HashMap<String, StoryRow> =
            rows.iter().map(|r| self.story_row(r).map(|s| (s.id.clone(), s))).collect::<Result<_>>()?;
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    fn tune_for_reading(&self) -> Result<()> {
        Ok(())
    }

    fn entity(&self, name: &str) -> Result<Option<EntityRow>> {
        let key = rassegna_text::fold(name.trim());
        let Some(entity) = self.opt(&crate::filter::resolve_entity_sql("$", 1), &[&key], |r| r.get::<_, String>(0))?
        else {
            return Ok(None);
        };
        let kind =
            self.opt("SELECT type FROM entity_registry WHERE name = $1", &[&entity], |r| r.get::<_, String>(0))?;
        let rows = self.rows(&crate::filter::entity_rows_sql("$"), &[&entity])?;
        Ok(crate::filter::entity_row(
            entity,
            kind,
            rows.iter().map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get::<_, i64>(4))),
        ))
    }

    fn top_entities(&self, limit: usize) -> Result<Vec<(String, String, usize)>> {
        let mut out = Vec::with_capacity(limit);
        if limit == 0 {
            return Ok(out);
        }
        // Names with no capital letter (bare institution nouns) are skipped, as in SQLite.
        let rows = self.rows(&crate::filter::top_entities_sql("$"), &[&((limit * 2 + 16) as i64)])?;
        for r in &rows {
            let name: String = r.get(0);
            if out.len() < limit && name.chars().any(char::is_uppercase) {
                out.push((name, r.get(1), r.get::<_, i64>(2) as usize));
            }
        }
        Ok(out)
    }

    fn entity_names(&self) -> Result<Vec<crate::NameStat>> {
        let rows = self.rows(
            "SELECT name, type, story, SUM(mentions)::BIGINT FROM entity_mentions GROUP BY name, type, story",
            &[],
        )?;
        Ok(rows
            .iter()
            .map(|r| crate::NameStat {
                name: r.get(0),
                kind: r.get(1),
                story: r.get(2),
                mentions: r.get::<_, i64>(3) as u64,
            })
            .collect())
    }

    fn entity_registry(&self) -> Result<Vec<crate::RegistryEntry>> {
        let rows = self.rows("SELECT name, entity, type, weight, generic FROM entity_registry ORDER BY name", &[])?;
        Ok(rows
            .iter()
            .map(|r| crate::RegistryEntry {
                name: r.get(0),
                entity: r.get(1),
                kind: r.get(2),
                weight: r.get::<_, i64>(3) as u64,
                generic: r.get::<_, i64>(4) != 0,
            })
            .collect())
    }

    fn put_entity_registry(
        &mut self,
        set: &[crate::RegistryEntry],
        remove: &[String],
        change: (&str, i64),
    ) -> Result<()> {
        let names: Vec<&str> = set.iter().map(|r| r.name.as_str()).collect();
        let keys: Vec<String> = set.iter().map(|r| rassegna_text::fold(&r.name)).collect();
        let entities: Vec<&str> = set.iter().map(|r| r.entity.as_str()).collect();
        let kinds: Vec<&str> = set.iter().map(|r| r.kind.as_str()).collect();
        let weights: Vec<i64> = set.iter().map(|r| r.weight as i64).collect();
        let generic: Vec<i64> = set.iter().map(|r| r.generic as i64).collect();
        self.with(|c| {
            let mut tx = c.transaction()?;
            tx.execute("DELETE FROM entity_registry WHERE name = ANY($1)", &[&remove])?;
            tx.execute(
                "INSERT INTO entity_registry(name, key, entity, type, weight, generic)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
                 ON CONFLICT (name) DO UPDATE SET key = EXCLUDED.key, entity = EXCLUDED.entity, type = EXCLUDED.type,
                   weight = EXCLUDED.weight, generic = EXCLUDED.generic",
                &[&names, &keys, &entities, &kinds, &weights, &generic],
            )?;
            tx.execute(
                "INSERT INTO state(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&change.0, &change.1.to_string().into_bytes()],
            )?;
            tx.commit()
        })
    }

    fn counts(&self) -> Result<(usize, usize, usize)> {
        let r = self.read(|c| {
            c.query_one(
                "SELECT (SELECT COUNT(*) FROM documents), (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories)",
                &[],
            )
        })?;
        Ok((r.get::<_, i64>(0) as usize, r.get::<_, i64>(1) as usize, r.get::<_, i64>(2) as usize))
    }

    fn enqueue(&mut self, items: &[Queued], positions: &[LogPosition]) -> Result<usize> {
        let keys: Vec<&str> = items.iter().map(|q| q.key.as_str()).collect();
        let payloads: Vec<&str> = items.iter().map(|q| q.payload.as_str()).collect();
        let logs: Vec<&str> = positions.iter().map(|p| p.log.as_str()).collect();
        let parts: Vec<i32> = positions.iter().map(|p| p.partition).collect();
        let nexts: Vec<i64> = positions.iter().map(|p| p.next).collect();
        self.with(|c| {
            let mut tx = c.transaction()?;
            // One statement per table; `ORDER BY ord` keeps the queue order of `items`.
            let added = tx.execute(
                "INSERT INTO queue(key, payload)
                 SELECT k, p FROM unnest($1::TEXT[], $2::TEXT[]) WITH ORDINALITY AS t(k, p, ord) ORDER BY ord
                 ON CONFLICT (key) DO NOTHING",
                &[&keys, &payloads],
            )? as usize;
            if !positions.is_empty() {
                tx.execute(
                    "INSERT INTO log_positions(log, part, next)
                     SELECT * FROM unnest($1::TEXT[], $2::INTEGER[], $3::BIGINT[])
                     ON CONFLICT (log, part) DO UPDATE SET next = GREATEST(log_positions.next, EXCLUDED.next)",
                    &[&logs, &parts, &nexts],
                )?;
            }
            tx.commit()?;
            Ok(added)
        })
    }

    fn log_positions(&self, log: &str) -> Result<Vec<(i32, i64)>> {
        Ok(self
            .rows("SELECT part, next FROM log_positions WHERE log = $1 ORDER BY part", &[&log])?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect())
    }

    fn queued(&self, limit: usize) -> Result<Vec<(i64, Queued)>> {
        Ok(self
            .rows("SELECT seq, key, payload FROM queue ORDER BY seq LIMIT $1", &[&(limit as i64)])?
            .iter()
            .map(|r| (r.get(0), Queued { key: r.get(1), payload: r.get(2) }))
            .collect())
    }

    fn lease(&mut self, name: &str, holder: &str, ttl: std::time::Duration) -> Result<bool> {
        let held: Option<String> = self.opt(
            "INSERT INTO leases(name, holder, expires) VALUES ($1, $2, extract(epoch FROM clock_timestamp())::FLOAT8 + $3::FLOAT8)
             ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, expires = EXCLUDED.expires
             WHERE leases.holder = EXCLUDED.holder OR leases.expires < extract(epoch FROM clock_timestamp())::FLOAT8
             RETURNING holder",
            &[&name, &holder, &ttl.as_secs_f64()],
            |r| r.get(0),
        )?;
        Ok(held.as_deref() == Some(holder))
    }

    fn story_seq_ranges(&self, ids: &[String]) -> Result<Vec<(String, i64, i64)>> {
        let rows =
            self.rows("SELECT story, MIN(seq), MAX(seq) FROM articles WHERE story = ANY($1) GROUP BY story", &[&ids])?;
        let mut by_id: std::collections::HashMap<String, (i64, i64)> =
            rows.iter().map(|r| (r.get(0), (r.get(1), r.get(2)))).collect();
        Ok(ids.iter().filter_map(|id| by_id.remove(id).map(|(lo, hi)| (id.clone(), lo, hi))).collect())
    }

    fn followed_sources(&self) -> Result<Vec<FollowedSource>> {
        self.rows("SELECT url, json FROM follow_sources ORDER BY url", &[])?
            .iter()
            .map(|r| decode(r.get(1), r.get(0)))
            .collect()
    }

    fn put_followed_source(&mut self, source: &FollowedSource) -> Result<()> {
        let json = serde_json::to_string(source).expect("sources serialise");
        self.with(|c| {
            c.execute(
                "INSERT INTO follow_sources(url, json) VALUES ($1, $2)
                 ON CONFLICT (url) DO UPDATE SET json = EXCLUDED.json",
                &[&source.url, &json],
            )
        })
        .map(|_| ())
    }

    fn seen_url(&self, url: &str) -> Result<Option<SeenUrl>> {
        self.opt("SELECT url, source, status, attempts, at FROM follow_seen WHERE url = $1", &[&url], |r| SeenUrl {
            url: r.get(0),
            source: r.get(1),
            status: r.get(2),
            attempts: r.get::<_, i64>(3) as u32,
            at: r.get(4),
        })
    }

    fn put_seen_urls(&mut self, seen: &[SeenUrl]) -> Result<()> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            let ins = tx.prepare(
                "INSERT INTO follow_seen(url, source, status, attempts, at) VALUES ($1,$2,$3,$4,$5)
                 ON CONFLICT (url) DO UPDATE SET source = EXCLUDED.source, status = EXCLUDED.status,
                   attempts = EXCLUDED.attempts, at = EXCLUDED.at",
            )?;
            for s in seen {
                tx.execute(&ins, &[&s.url, &s.source, &s.status, &(s.attempts as i64), &s.at])?;
            }
            tx.commit()
        })
    }

    fn add_fetch_errors(&mut self, errors: &[FetchError]) -> Result<()> {
        self.with(|c| {
            let mut tx = c.transaction()?;
            let ins = tx.prepare("INSERT INTO fetch_errors(at, source, url, message) VALUES ($1,$2,$3,$4)")?;
            for f in errors {
                tx.execute(&ins, &[&f.at, &f.source, &f.url, &f.message])?;
            }
            tx.commit()
        })
    }

    fn fetch_errors(&self, limit: usize) -> Result<Vec<FetchError>> {
        Ok(self
            .rows(
                "SELECT at, source, url, message FROM
                 (SELECT * FROM fetch_errors ORDER BY seq DESC LIMIT $1) e ORDER BY seq",
                &[&(limit as i64)],
            )?
            .iter()
            .map(|r| FetchError { at: r.get(0), source: r.get(1), url: r.get(2), message: r.get(3) })
            .collect())
    }

    fn follow_pass(&self) -> Result<Option<FollowPass>> {
        let json: Option<String> = self.opt("SELECT value FROM meta WHERE key = 'follow_pass'", &[], |r| r.get(0))?;
        json.map(|j| decode(&j, "follow_pass")).transpose()
    }

    fn put_follow_pass(&mut self, pass: &FollowPass) -> Result<()> {
        let json = serde_json::to_string(pass).expect("passes serialise");
        self.with(|c| {
            c.execute(
                "INSERT INTO meta(key, value) VALUES ('follow_pass', $1)
                 ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                &[&json],
            )
        })
        .map(|_| ())
    }
}

/// The last of the items with each key, in the order of those last occurrences: what writing them
/// one by one, each replacing the one before, would leave. A multi-row upsert may not touch one
/// row twice.
fn last_by_key<'a, T, K: std::hash::Hash + Eq>(
    items: impl IntoIterator<Item = &'a T>,
    key: impl Fn(&T) -> K,
) -> Vec<&'a T>
where
    T: 'a,
{
    let items: Vec<&T> = items.into_iter().collect();
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<&T> = items.into_iter().rev().filter(|t| seen.insert(key(t))).collect();
    out.reverse();
    out
}

/// One batch in one transaction, one statement per table: each table's rows travel as column
/// arrays (`unnest`), so a batch costs a few round trips however many rows it holds.
fn write(c: &mut Client, batch: &Batch) -> std::result::Result<(), postgres::Error> {
    let mut tx = c.transaction()?;
    let change: i64 = tx
        .query_one(
            "UPDATE meta SET value = (CAST(value AS BIGINT) + 1)::TEXT WHERE key = 'changes' RETURNING CAST(value AS BIGINT)",
            &[],
        )?
        .get(0);
    if !batch.documents.is_empty() {
        let cols: Vec<(String, String, &[u8])> =
            batch.documents.iter().map(|(_, d)| crate::document_columns(d)).collect();
        let seqs: Vec<i64> = batch.documents.iter().map(|(s, _)| *s).collect();
        let ids: Vec<&str> = batch.documents.iter().map(|(_, d)| d.id.as_str()).collect();
        let sources: Vec<&str> = batch.documents.iter().map(|(_, d)| d.source.as_str()).collect();
        let hashes: Vec<&str> = batch.documents.iter().map(|(_, d)| d.content_hash.as_str()).collect();
        let formats: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
        let headers: Vec<&str> = cols.iter().map(|c| c.1.as_str()).collect();
        let bodies: Vec<&[u8]> = cols.iter().map(|c| c.2).collect();
        tx.execute(
            "INSERT INTO documents(seq, id, source, format, content_hash, header, body)
             SELECT * FROM unnest($1::BIGINT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::BYTEA[])",
            &[&seqs, &ids, &sources, &formats, &hashes, &headers, &bodies],
        )?;
    }
    // Stories this batch may leave without members (those its articles leave, and those it
    // writes), and storylines it may leave without stories: only they are looked at below, so a
    // batch costs the same however large the store is.
    let mut stories_left: Vec<String> = batch.stories.iter().map(|s| s.id.clone()).collect();
    let articles = last_by_key(&batch.articles, |(_, a)| a.id.clone());
    if !articles.is_empty() {
        let ids: Vec<&str> = articles.iter().map(|(_, a)| a.id.as_str()).collect();
        for r in tx.query("SELECT DISTINCT story FROM articles WHERE id = ANY($1) AND story IS NOT NULL", &[&ids])? {
            stories_left.push(r.get(0));
        }
        let seqs: Vec<i64> = articles.iter().map(|(s, _)| *s).collect();
        let stories: Vec<Option<&str>> = articles.iter().map(|(_, a)| a.story.as_deref()).collect();
        let lines: Vec<Option<&str>> = articles.iter().map(|(_, a)| a.storyline.as_deref()).collect();
        let outlets: Vec<Option<&str>> = articles.iter().map(|(_, a)| a.outlet.as_deref()).collect();
        let langs: Vec<Option<&str>> = articles.iter().map(|(_, a)| a.lang.as_deref()).collect();
        let published: Vec<Option<String>> = articles.iter().map(|(_, a)| a.published.map(|d| d.to_string())).collect();
        let dups: Vec<Option<&str>> = articles.iter().map(|(_, a)| a.duplicate_of.as_deref()).collect();
        let jsons: Vec<String> =
            articles.iter().map(|(_, a)| serde_json::to_string(a).expect("articles serialise")).collect();
        tx.execute(
            "INSERT INTO articles(id, seq, story, storyline, outlet, lang, published, duplicate_of, json, changed)
             SELECT id, seq, story, storyline, outlet, lang, published, duplicate_of, json, $10
             FROM unnest($1::TEXT[], $2::BIGINT[], $3::TEXT[], $4::TEXT[], $5::TEXT[], $6::TEXT[], $7::TEXT[], $8::TEXT[], $9::TEXT[])
               AS t(id, seq, story, storyline, outlet, lang, published, duplicate_of, json)
             ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, story = EXCLUDED.story, storyline = EXCLUDED.storyline,
               outlet = EXCLUDED.outlet, lang = EXCLUDED.lang, published = EXCLUDED.published,
               duplicate_of = EXCLUDED.duplicate_of, json = EXCLUDED.json, changed = EXCLUDED.changed",
            &[&ids, &seqs, &stories, &lines, &outlets, &langs, &published, &dups, &jsons, &change],
        )?;
        tx.execute("DELETE FROM entity_mentions WHERE article = ANY($1)", &[&ids])?;
        // An article names an entity once per name (the last kind given wins, as row by row).
        let mentions: Vec<(&str, String, &str, Option<&str>, i64)> = articles
            .iter()
            .flat_map(|(_, a)| {
                a.entities.iter().map(move |en| {
                    let kind = serde_json::to_value(en.kind).unwrap_or_default();
                    let kind = kind.as_str().unwrap_or_default().to_string();
                    (en.name.as_str(), kind, a.id.as_str(), a.story.as_deref(), en.mentions.len() as i64)
                })
            })
            .collect();
        let mentions = last_by_key(&mentions, |m| (m.0, m.2));
        if !mentions.is_empty() {
            let names: Vec<&str> = mentions.iter().map(|m| m.0).collect();
            let kinds: Vec<&str> = mentions.iter().map(|m| m.1.as_str()).collect();
            let arts: Vec<&str> = mentions.iter().map(|m| m.2).collect();
            let stories: Vec<Option<&str>> = mentions.iter().map(|m| m.3).collect();
            let counts: Vec<i64> = mentions.iter().map(|m| m.4).collect();
            tx.execute(
                "INSERT INTO entity_mentions(name, type, article, story, mentions)
                 SELECT * FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::TEXT[], $5::BIGINT[])",
                &[&names, &kinds, &arts, &stories, &counts],
            )?;
        }
    }
    stories_left.sort_unstable();
    stories_left.dedup();
    let mut lines_left: Vec<String> = batch.storylines.iter().map(|l| l.id.clone()).collect();
    for r in tx.query(
        "SELECT DISTINCT storyline FROM stories WHERE id = ANY($1) AND storyline IS NOT NULL",
        &[&stories_left],
    )? {
        lines_left.push(r.get(0));
    }
    let stories = last_by_key(&batch.stories, |s| s.id.clone());
    if !stories.is_empty() {
        let ids: Vec<&str> = stories.iter().map(|s| s.id.as_str()).collect();
        let lines: Vec<Option<&str>> = stories.iter().map(|s| s.storyline.as_deref()).collect();
        let titles: Vec<Option<&str>> = stories.iter().map(|s| s.title.as_deref()).collect();
        let sizes: Vec<i64> = stories.iter().map(|s| s.articles.len() as i64).collect();
        let firsts: Vec<Option<String>> = stories.iter().map(|s| s.first_published.map(|d| d.to_string())).collect();
        let lasts: Vec<Option<String>> = stories.iter().map(|s| s.last_published.map(|d| d.to_string())).collect();
        let jsons: Vec<String> = stories.iter().map(|s| serde_json::to_string(s).expect("stories serialise")).collect();
        tx.execute(
            "INSERT INTO stories(id, storyline, title, n_articles, first_published, last_published, updated, json)
             SELECT id, storyline, title, n, f, l, (SELECT COALESCE(MAX(seq),0) FROM documents), json
             FROM unnest($1::TEXT[], $2::TEXT[], $3::TEXT[], $4::BIGINT[], $5::TEXT[], $6::TEXT[], $7::TEXT[])
               AS t(id, storyline, title, n, f, l, json)
             ON CONFLICT (id) DO UPDATE SET storyline = EXCLUDED.storyline, title = EXCLUDED.title,
               n_articles = EXCLUDED.n_articles, first_published = EXCLUDED.first_published,
               last_published = EXCLUDED.last_published, updated = EXCLUDED.updated, json = EXCLUDED.json",
            &[&ids, &lines, &titles, &sizes, &firsts, &lasts, &jsons],
        )?;
    }
    let aliases: Vec<(String, String)> = batch
        .articles
        .iter()
        .flat_map(|(_, a)| a.entities.iter().map(|en| (rassegna_text::fold(&en.name), en.name.clone())))
        .chain(batch.stories.iter().flat_map(story_aliases))
        .collect();
    if !aliases.is_empty() {
        let keys: Vec<&str> = aliases.iter().map(|a| a.0.as_str()).collect();
        let names: Vec<&str> = aliases.iter().map(|a| a.1.as_str()).collect();
        tx.execute(
            "INSERT INTO entity_aliases(key, name) SELECT * FROM unnest($1::TEXT[], $2::TEXT[]) ON CONFLICT DO NOTHING",
            &[&keys, &names],
        )?;
    }
    let storylines = last_by_key(&batch.storylines, |l| l.id.clone());
    if !storylines.is_empty() {
        let ids: Vec<&str> = storylines.iter().map(|l| l.id.as_str()).collect();
        let jsons: Vec<String> =
            storylines.iter().map(|l| serde_json::to_string(l).expect("storylines serialise")).collect();
        tx.execute(
            "INSERT INTO storylines(id, json) SELECT * FROM unnest($1::TEXT[], $2::TEXT[])
             ON CONFLICT (id) DO UPDATE SET json = EXCLUDED.json",
            &[&ids, &jsons],
        )?;
    }
    let state = last_by_key(&batch.state, |(k, _)| k.clone());
    if !state.is_empty() {
        let keys: Vec<&str> = state.iter().map(|(k, _)| k.as_str()).collect();
        let values: Vec<&[u8]> = state.iter().map(|(_, v)| v.as_slice()).collect();
        tx.execute(
            "INSERT INTO state(key, value) SELECT * FROM unnest($1::TEXT[], $2::BYTEA[])
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            &[&keys, &values],
        )?;
    }
    if !batch.errors.is_empty() {
        let files: Vec<&str> = batch.errors.iter().map(|r| r.file.as_str()).collect();
        let lines: Vec<Option<i64>> = batch.errors.iter().map(|r| r.line.map(|l| l as i64)).collect();
        let messages: Vec<&str> = batch.errors.iter().map(|r| r.message.as_str()).collect();
        tx.execute(
            "INSERT INTO errors(file, line, message)
             SELECT f, l, m FROM unnest($1::TEXT[], $2::BIGINT[], $3::TEXT[]) WITH ORDINALITY AS t(f, l, m, ord) ORDER BY ord",
            &[&files, &lines, &messages],
        )?;
    }
    if !batch.corrections.is_empty() {
        tx.execute(
            "INSERT INTO corrections(json) SELECT j FROM unnest($1::TEXT[]) WITH ORDINALITY AS t(j, ord) ORDER BY ord",
            &[&batch.corrections],
        )?;
    }
    if !batch.dequeued.is_empty() {
        tx.execute("DELETE FROM queue WHERE seq = ANY($1)", &[&batch.dequeued])?;
    }
    // A story emptied by a correction or a merge disappears, and so does a storyline left without stories.
    tx.execute(
        "DELETE FROM stories s WHERE s.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.story = s.id)",
        &[&stories_left],
    )?;
    tx.execute(
        "DELETE FROM storylines l WHERE l.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.storyline = l.id)",
        &[&lines_left],
    )?;
    tx.commit()
}
