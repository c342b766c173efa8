//! Read queries of the SQLite backend that return plain structs.

use super::Sqlite;
use crate::filter::{EntityRow, ROW_COLUMNS, RowExtras, StoryFilter, StoryRow, WALK_FROM};
use crate::{Result, decode};
use rassegna_model::PartialDate;
use rusqlite::{OptionalExtension, params_from_iter};

/// How many stories match a filter (paging ignored).
pub(super) fn count_stories(db: &Sqlite, f: &StoryFilter) -> Result<usize> {
    let (filter, args) = f.sql(false, "?");
    let mut stmt =
        db.conn().prepare_cached(&format!("SELECT COUNT(*) FROM stories s {filter}")).map_err(|e| db.err(e))?;
    let n: i64 = stmt.query_row(params_from_iter(args.iter()), |r| r.get(0)).map_err(|e| db.err(e))?;
    Ok(n as usize)
}

/// One page of stories matching a filter, newest first (undated last). `matching` is how many
/// match, when the caller knows (it picks the cheaper plan for filters on articles or entities).
pub(super) fn story_rows(db: &Sqlite, f: &StoryFilter, matching: Option<usize>) -> Result<Vec<StoryRow>> {
    let walk = f.has_set_filter() && matching.is_none_or(|m| m >= WALK_FROM) && f.offset < WALK_FROM;
    let (filter, args) = f.sql(walk, "?");
    let limit = if f.limit == 0 { 50 } else { f.limit.min(500) };
    // The ORDER BY matches the `stories_order` index, so an unfiltered page reads `limit` rows.
    let sql = format!(
        "SELECT {ROW_COLUMNS} FROM stories s {filter}
         ORDER BY s.last_published IS NULL, s.last_published DESC, s.n_articles DESC, s.id
         LIMIT {limit} OFFSET {}",
        f.offset
    );
    let mut stmt = db.conn().prepare_cached(&sql).map_err(|e| db.err(e))?;
    let mut rows = stmt.query(params_from_iter(args.iter())).map_err(|e| db.err(e))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next().map_err(|e| db.err(e))? {
        out.push(story_row(db, r)?);
    }
    Ok(out)
}

/// List rows of these stories, in the order given; unknown ids are skipped.
pub(super) fn story_rows_by_id(db: &Sqlite, ids: &[String]) -> Result<Vec<StoryRow>> {
    let mut stmt = db
        .conn()
        .prepare_cached(&format!("SELECT {ROW_COLUMNS} FROM stories s WHERE s.id = ?1"))
        .map_err(|e| db.err(e))?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let mut rows = stmt.query([id]).map_err(|e| db.err(e))?;
        if let Some(r) = rows.next().map_err(|e| db.err(e))? {
            out.push(story_row(db, r)?);
        }
    }
    Ok(out)
}

/// A list row from the columns of [`ROW_COLUMNS`].
fn story_row(db: &Sqlite, r: &rusqlite::Row) -> Result<StoryRow> {
    let date = |s: Option<String>| s.and_then(|d| d.parse::<PartialDate>().ok());
    let id: String = r.get(0).map_err(|e| db.err(e))?;
    // Only the few list fields are decoded from the record; the rest is skipped unread.
    let json: String = r.get(6).map_err(|e| db.err(e))?;
    let extras: RowExtras = decode(&json, &id)?;
    Ok(StoryRow {
        storyline: r.get(1).map_err(|e| db.err(e))?,
        title: r.get(2).map_err(|e| db.err(e))?,
        articles: r.get::<_, i64>(3).map_err(|e| db.err(e))? as usize,
        independent_sources: extras.independent_sources,
        outlets: extras.outlets,
        languages: extras.languages,
        first_published: date(r.get(4).map_err(|e| db.err(e))?),
        last_published: date(r.get(5).map_err(|e| db.err(e))?),
        id,
    })
}

/// An entity by canonical name (case-insensitive), with its articles and stories; else, by any of
/// its names or aliases in any case, the most mentioned entity that goes by it.
pub(super) fn entity(db: &Sqlite, name: &str) -> Result<Option<EntityRow>> {
    let exact: Option<String> = db
        .conn()
        .query_row("SELECT name FROM entity_mentions WHERE name = ?1 COLLATE NOCASE LIMIT 1", [name], |r| r.get(0))
        .optional()
        .map_err(|e| db.err(e))?;
    let name = match exact {
        Some(n) => n,
        None => {
            let by_alias: Option<String> = db
                .conn()
                .query_row(
                    "SELECT m.name FROM entity_mentions m JOIN entity_aliases a ON a.name = m.name
                     WHERE a.key = ?1 GROUP BY m.name ORDER BY SUM(m.mentions) DESC, m.name LIMIT 1",
                    [rassegna_text::fold(name.trim())],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| db.err(e))?;
            match by_alias {
                Some(n) => n,
                None => return Ok(None),
            }
        }
    };
    let mut stmt = db
        .conn()
        .prepare(
            "SELECT name, type, article, story, mentions FROM entity_mentions
             WHERE name = ?1 ORDER BY article",
        )
        .map_err(|e| db.err(e))?;
    let rows = stmt
        .query_map([&name], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .map_err(|e| db.err(e))?;
    let mut row: Option<EntityRow> = None;
    for r in rows {
        let (n, kind, article, story, mentions) = r.map_err(|e| db.err(e))?;
        let e = row.get_or_insert_with(|| EntityRow { name: n, kind, articles: vec![], stories: vec![], mentions: 0 });
        e.articles.push(article);
        if let Some(s) = story
            && !e.stories.contains(&s)
        {
            e.stories.push(s);
        }
        e.mentions += mentions as usize;
    }
    Ok(row)
}

/// The entities in the most stories, for browsing. Institutions named by a bare common noun
/// ("procura", "government", "vigili del fuoco") are left out: they are in every crime or
/// politics story and name no one in particular ("procura di Venezia" stays).
pub(super) fn top_entities(db: &Sqlite, limit: usize) -> Result<Vec<(String, String, usize)>> {
    let mut stmt = db
        .conn()
        .prepare(
            "SELECT name, type, COUNT(DISTINCT story) AS n FROM entity_mentions
             GROUP BY name, type ORDER BY n DESC, name",
        )
        .map_err(|e| db.err(e))?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize)))
        .map_err(|e| db.err(e))?;
    let mut out = Vec::with_capacity(limit);
    for row in rows {
        let row = row.map_err(|e| db.err(e))?;
        if row.0.chars().any(char::is_uppercase) {
            out.push(row);
            if out.len() == limit {
                break;
            }
        }
    }
    Ok(out)
}

/// How many documents, articles and stories the store holds.
pub(super) fn counts(db: &Sqlite) -> Result<(usize, usize, usize)> {
    let c = |sql: &str| -> Result<usize> {
        db.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n as usize).map_err(|e| db.err(e))
    };
    Ok((c("SELECT COUNT(*) FROM documents")?, c("SELECT COUNT(*) FROM articles")?, c("SELECT COUNT(*) FROM stories")?))
}
