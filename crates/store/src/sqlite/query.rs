//! Read queries of the SQLite backend that return plain structs.

use super::Sqlite;
use crate::filter::{EntityRow, NameStat, ROW_COLUMNS, RegistryEntry, RowExtras, StoryFilter, StoryRow, WALK_FROM};
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

/// The entity a name or alias stands for (any case, any accents), with all its names.
pub(super) fn entity(db: &Sqlite, name: &str) -> Result<Option<EntityRow>> {
    let key = rassegna_text::fold(name.trim());
    let resolved: Option<String> = db
        .conn()
        .query_row(&crate::filter::resolve_entity_sql("?", 1), [&key], |r| r.get(0))
        .optional()
        .map_err(|e| db.err(e))?;
    let Some(entity) = resolved else { return Ok(None) };
    let kind: Option<String> = db
        .conn()
        .query_row("SELECT type FROM entity_registry WHERE name = ?1", [&entity], |r| r.get(0))
        .optional()
        .map_err(|e| db.err(e))?;
    let mut stmt = db.conn().prepare(&crate::filter::entity_rows_sql("?")).map_err(|e| db.err(e))?;
    let rows = stmt
        .query_map([&entity], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .map_err(|e| db.err(e))?
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| db.err(e))?;
    Ok(crate::filter::entity_row(entity, kind, rows))
}

/// The entities in the most stories, for browsing. Institutions named by a bare common noun
/// ("procura", "government", "Parlamento") are left out: they are in every crime or politics
/// story and name no one in particular ("procura di Venezia" stays).
pub(super) fn top_entities(db: &Sqlite, limit: usize) -> Result<Vec<(String, String, usize)>> {
    let mut stmt = db.conn().prepare(&crate::filter::top_entities_sql("?")).map_err(|e| db.err(e))?;
    // Fetched with room for the lowercase names skipped below.
    let rows = stmt
        .query_map([(limit * 2 + 16) as i64], |r| Ok((r.get::<_, String>(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize)))
        .map_err(|e| db.err(e))?;
    let mut out = Vec::with_capacity(limit);
    for row in rows {
        let row = row.map_err(|e| db.err(e))?;
        if out.len() < limit && row.0.chars().any(char::is_uppercase) {
            out.push(row);
        }
    }
    Ok(out)
}

/// How often each name is mentioned, by type and story.
pub(super) fn entity_names(db: &Sqlite) -> Result<Vec<NameStat>> {
    let mut stmt = db
        .conn()
        .prepare("SELECT name, type, story, SUM(mentions) FROM entity_mentions GROUP BY name, type, story")
        .map_err(|e| db.err(e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(NameStat { name: r.get(0)?, kind: r.get(1)?, story: r.get(2)?, mentions: r.get::<_, i64>(3)? as u64 })
        })
        .map_err(|e| db.err(e))?;
    rows.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| db.err(e))
}

/// The entity registry, by name.
pub(super) fn entity_registry(db: &Sqlite) -> Result<Vec<RegistryEntry>> {
    let mut stmt = db
        .conn()
        .prepare("SELECT name, entity, type, weight, generic FROM entity_registry ORDER BY name")
        .map_err(|e| db.err(e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RegistryEntry {
                name: r.get(0)?,
                entity: r.get(1)?,
                kind: r.get(2)?,
                weight: r.get::<_, i64>(3)? as u64,
                generic: r.get(4)?,
            })
        })
        .map_err(|e| db.err(e))?;
    rows.collect::<std::result::Result<Vec<_>, _>>().map_err(|e| db.err(e))
}

/// How many documents, articles and stories the store holds.
pub(super) fn counts(db: &Sqlite) -> Result<(usize, usize, usize)> {
    let c = |sql: &str| -> Result<usize> {
        db.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n as usize).map_err(|e| db.err(e))
    };
    Ok((c("SELECT COUNT(*) FROM documents")?, c("SELECT COUNT(*) FROM articles")?, c("SELECT COUNT(*) FROM stories")?))
}
