//! Read queries over the store that return plain structs: the store side of the query facade that
//! the CLI, the HTTP API and the web page share.

use crate::{Result, Store, decode};
use rassegna_model::{PartialDate, Story};
use rusqlite::params_from_iter;
use serde::{Deserialize, Serialize};

/// Filters for listing stories. Dates compare on ISO strings, so partial dates work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryFilter {
    /// Stories whose last report is on or after this date.
    pub from: Option<String>,
    /// Stories whose first report is on or before this date.
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    /// Stories that mention this entity (canonical name).
    pub entity: Option<String>,
    pub storyline: Option<String>,
    pub offset: usize,
    pub limit: usize,
}

/// A story in a list: what a reader needs to choose it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryRow {
    pub id: String,
    pub storyline: Option<String>,
    pub title: Option<String>,
    pub articles: usize,
    pub independent_sources: usize,
    pub outlets: Vec<String>,
    pub languages: Vec<String>,
    pub first_published: Option<PartialDate>,
    pub last_published: Option<PartialDate>,
}

impl From<&Story> for StoryRow {
    fn from(s: &Story) -> Self {
        StoryRow {
            id: s.id.clone(),
            storyline: s.storyline.clone(),
            title: s.title.clone(),
            articles: s.articles.len(),
            independent_sources: s.independent_sources,
            outlets: s.outlets.clone(),
            languages: s.languages.clone(),
            first_published: s.first_published,
            last_published: s.last_published,
        }
    }
}

/// An entity across the store: name, type, and where it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub articles: Vec<String>,
    pub stories: Vec<String>,
    pub mentions: usize,
}

impl Store {
    /// Stories matching a filter, newest first (undated last), paged.
    pub fn list_stories(&self, f: &StoryFilter) -> Result<(Vec<StoryRow>, usize)> {
        let mut clauses = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(from) = &f.from {
            args.push(from.clone());
            clauses.push(format!("COALESCE(s.last_published, s.first_published) >= ?{}", args.len()));
        }
        if let Some(to) = &f.to {
            args.push(to.clone());
            clauses.push(format!("s.first_published <= ?{}", args.len()));
        }
        if let Some(o) = &f.outlet {
            args.push(o.clone());
            clauses.push(format!("s.id IN (SELECT story FROM articles WHERE outlet = ?{})", args.len()));
        }
        if let Some(l) = &f.lang {
            args.push(l.clone());
            clauses.push(format!("s.id IN (SELECT story FROM articles WHERE lang = ?{})", args.len()));
        }
        if let Some(en) = &f.entity {
            args.push(en.clone());
            clauses.push(format!("s.id IN (SELECT story FROM entity_mentions WHERE name = ?{})", args.len()));
        }
        if let Some(sl) = &f.storyline {
            args.push(sl.clone());
            clauses.push(format!("s.storyline = ?{}", args.len()));
        }
        let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        let conn = self.conn();
        let total: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM stories s {filter}"), params_from_iter(args.iter()), |r| r.get(0))
            .map_err(|e| self.err(e))?;
        let limit = if f.limit == 0 { 50 } else { f.limit.min(500) };
        let sql = format!(
            "SELECT s.json FROM stories s {filter}
             ORDER BY s.last_published IS NULL, s.last_published DESC, s.n_articles DESC, s.id
             LIMIT {limit} OFFSET {}",
            f.offset
        );
        let mut stmt = conn.prepare(&sql).map_err(|e| self.err(e))?;
        let rows = stmt.query_map(params_from_iter(args.iter()), |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for row in rows {
            let json = row.map_err(|e| self.err(e))?;
            let story: Story = decode(&json, "story")?;
            out.push(StoryRow::from(&story));
        }
        Ok((out, total as usize))
    }

    /// An entity by canonical name (case-insensitive), with its articles and stories.
    pub fn entity(&self, name: &str) -> Result<Option<EntityRow>> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT name, type, article, story, mentions FROM entity_mentions
                 WHERE name = ?1 COLLATE NOCASE ORDER BY article",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([name], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, i64>(4)?,
                ))
            })
            .map_err(|e| self.err(e))?;
        let mut row: Option<EntityRow> = None;
        for r in rows {
            let (n, kind, article, story, mentions) = r.map_err(|e| self.err(e))?;
            let e =
                row.get_or_insert_with(|| EntityRow { name: n, kind, articles: vec![], stories: vec![], mentions: 0 });
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

    /// The most mentioned entities, for browsing.
    pub fn top_entities(&self, limit: usize) -> Result<Vec<(String, String, usize)>> {
        let mut stmt = self
            .conn()
            .prepare(
                "SELECT name, type, COUNT(DISTINCT story) AS n FROM entity_mentions
                 GROUP BY name, type ORDER BY n DESC, name LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = stmt
            .query_map([limit as i64], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as usize)))
            .map_err(|e| self.err(e))?;
        rows.collect::<std::result::Result<_, _>>().map_err(|e| self.err(e))
    }

    /// How many documents, articles and stories the store holds.
    pub fn counts(&self) -> Result<(usize, usize, usize)> {
        let c = |sql: &str| -> Result<usize> {
            self.conn().query_row(sql, [], |r| r.get::<_, i64>(0)).map(|n| n as usize).map_err(|e| self.err(e))
        };
        Ok((
            c("SELECT COUNT(*) FROM documents")?,
            c("SELECT COUNT(*) FROM articles")?,
            c("SELECT COUNT(*) FROM stories")?,
        ))
    }
}
