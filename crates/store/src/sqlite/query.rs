//! Read queries of the SQLite backend that return plain structs.

use super::Sqlite;
use crate::{Result, decode};
use rassegna_model::{PartialDate, Story};
use rusqlite::{OptionalExtension, params_from_iter};
use serde::{Deserialize, Serialize};

/// Filters for listing stories. Dates may be partial (`2024`, `2024-06`, `2024-06-19`); `to` covers the
/// whole period it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StoryFilter {
    /// Stories whose last report is on or after this date.
    pub from: Option<String>,
    /// Stories whose first report is on or before the end of this date.
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    /// Stories that mention this entity: any of its names or aliases, in any case.
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

/// Below this many matching stories, a page is cut from the sorted matches; above it, stories are
/// walked newest first and each is checked against the filter until the page is full.
const WALK_FROM: usize = 2_000;

/// The columns a list row is made from (see `story_row`).
const ROW_COLUMNS: &str = "s.id, s.storyline, s.title, s.n_articles, s.first_published, s.last_published, s.json";

/// The story columns a list row needs that have no column of their own.
#[derive(Deserialize)]
struct RowExtras {
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    independent_sources: usize,
    #[serde(default)]
    outlets: Vec<String>,
}

/// `to` as the last day it covers (`2024-06` is through June 30th), so that string comparison
/// with stored dates of any precision keeps every story of that period.
fn end_of(to: &str) -> String {
    let Ok(d) = PartialDate::parse_prefix(to) else { return to.to_string() };
    if d.day.is_some() {
        return d.to_string();
    }
    let m = d.month.unwrap_or(12);
    let last = (28..=31).rev().find(|&day| PartialDate::day(d.year, m, day).is_some()).unwrap_or(28);
    format!("{:04}-{m:02}-{last:02}", d.year)
}

impl StoryFilter {
    /// Whether a filter needs the stories' articles or entities (not only the stories table).
    fn has_set_filter(&self) -> bool {
        self.outlet.is_some() || self.lang.is_some() || self.entity.is_some()
    }

    /// The WHERE clause and its arguments. `walk` writes set filters as per-story checks (for a
    /// walk down the newest-first index), else as a set of matching story ids.
    fn sql(&self, walk: bool) -> (String, Vec<String>) {
        let mut clauses = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(from) = &self.from {
            args.push(from.clone());
            clauses.push(format!("COALESCE(s.last_published, s.first_published) >= ?{}", args.len()));
        }
        if let Some(to) = &self.to {
            args.push(end_of(to));
            clauses.push(format!("s.first_published <= ?{}", args.len()));
        }
        let mut set = |table: &str, column: &str, value: &String| {
            args.push(value.clone());
            let n = args.len();
            clauses.push(if walk {
                format!("EXISTS (SELECT 1 FROM {table} x WHERE x.{column} = ?{n} AND x.story = s.id)")
            } else {
                format!("s.id IN (SELECT story FROM {table} WHERE {column} = ?{n})")
            });
        };
        if let Some(o) = &self.outlet {
            set("articles", "outlet", o);
        }
        if let Some(l) = &self.lang {
            set("articles", "lang", l);
        }
        if let Some(en) = &self.entity {
            // Any name or alias, in any case and with or without accents.
            args.push(rassegna_text::fold(en.trim()));
            let n = args.len();
            let names = format!("(SELECT name FROM entity_aliases WHERE key = ?{n})");
            clauses.push(if walk {
                format!("EXISTS (SELECT 1 FROM entity_mentions x WHERE x.name IN {names} AND x.story = s.id)")
            } else {
                format!("s.id IN (SELECT story FROM entity_mentions WHERE name IN {names})")
            });
        }
        if let Some(sl) = &self.storyline {
            args.push(sl.clone());
            clauses.push(format!("s.storyline = ?{}", args.len()));
        }
        let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        (filter, args)
    }
}

/// How many stories match a filter (paging ignored).
pub(super) fn count_stories(db: &Sqlite, f: &StoryFilter) -> Result<usize> {
    let (filter, args) = f.sql(false);
    let mut stmt =
        db.conn().prepare_cached(&format!("SELECT COUNT(*) FROM stories s {filter}")).map_err(|e| db.err(e))?;
    let n: i64 = stmt.query_row(params_from_iter(args.iter()), |r| r.get(0)).map_err(|e| db.err(e))?;
    Ok(n as usize)
}

/// One page of stories matching a filter, newest first (undated last). `matching` is how many
/// match, when the caller knows (it picks the cheaper plan for filters on articles or entities).
pub(super) fn story_rows(db: &Sqlite, f: &StoryFilter, matching: Option<usize>) -> Result<Vec<StoryRow>> {
    let walk = f.has_set_filter() && matching.is_none_or(|m| m >= WALK_FROM) && f.offset < WALK_FROM;
    let (filter, args) = f.sql(walk);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, Store};
    use rassegna_model::{Article, Entity, EntityType, Mention};

    fn article(id: &str, story: &str, outlet: &str, lang: &str, date: &str, person: &str) -> Article {
        Article {
            id: id.into(),
            source: format!("{id}.jsonl"),
            outlet: Some(outlet.into()),
            lang: Some(lang.into()),
            published: date.parse().ok(),
            title: Some(format!("Titolo {id}")),
            text: format!("{person} ha parlato in consiglio."),
            story: Some(story.into()),
            entities: vec![Entity {
                name: person.into(),
                kind: EntityType::Person,
                role: None,
                mentions: vec![Mention { text: person.into(), start: 0, end: person.len() }],
            }],
            content_hash: format!("h-{id}"),
            ..Article::default()
        }
    }

    fn story(id: &str, articles: &[&Article]) -> Story {
        let dates: Vec<PartialDate> = articles.iter().filter_map(|a| a.published).collect();
        Story {
            id: id.into(),
            storyline: Some("linea-porto".into()),
            articles: articles.iter().map(|a| a.id.clone()).collect(),
            title: Some(format!("Storia {id}")),
            languages: vec!["it".into()],
            first_published: dates.iter().min().copied(),
            last_published: dates.iter().max().copied(),
            independent_sources: articles.len(),
            outlets: articles.iter().filter_map(|a| a.outlet.clone()).collect(),
            summary: vec![],
            entities: vec![],
            quote_groups: vec![],
            facts: vec![],
            timeline: vec![],
        }
    }

    /// Thirty stories, one a day from 2024-05-17 to 2024-06-15, two reports each; every third
    /// story has a report from "Voce del Porto" quoting Ada Serra.
    fn store() -> (Store, Vec<Story>) {
        let mut store = Store::open_in_memory().unwrap();
        let mut batch = Batch::default();
        let mut stories = Vec::new();
        for i in 0..30u8 {
            let (m, d) = if i < 15 { (5, 17 + i) } else { (6, i - 14) };
            let date = format!("2024-{m:02}-{d:02}");
            let sid = format!("s{i:02}");
            let special = i % 3 == 0;
            let a = article(&format!("a{i:02}"), &sid, "Gazzetta del Molo", "it", &date, "Bruno Calì");
            let (outlet, person) =
                if special { ("Voce del Porto", "Ada Serra") } else { ("Eco di Riva", "Bruno Calì") };
            let b = article(&format!("b{i:02}"), &sid, outlet, if special { "en" } else { "it" }, &date, person);
            stories.push(story(&sid, &[&a, &b]));
            batch.articles.push((2 * i as i64 + 1, a));
            batch.articles.push((2 * i as i64 + 2, b));
        }
        batch.stories = stories.clone();
        store.write_batch(&batch).unwrap();
        (store, stories)
    }

    fn ids(rows: &[StoryRow]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn top_entities_leave_out_bare_institution_nouns() {
        let (mut store, _) = store();
        let mut a = article("p1", "s01", "Eco di Riva", "it", "2024-05-18", "procura");
        a.entities[0].kind = EntityType::Organisation;
        let mut b = article("p2", "s02", "Eco di Riva", "it", "2024-05-19", "procura di Venezia");
        b.entities[0].kind = EntityType::Organisation;
        store.write_batch(&Batch { articles: vec![(100, a), (101, b)], ..Batch::default() }).unwrap();
        let top = store.top_entities(10).unwrap();
        let names: Vec<&str> = top.iter().map(|t| t.0.as_str()).collect();
        assert_eq!(names, ["Bruno Calì", "Ada Serra", "procura di Venezia"]);
        assert_eq!(store.top_entities(1).unwrap().len(), 1);
    }

    #[test]
    fn rows_come_newest_first_with_the_fields_of_the_full_record() {
        let (store, stories) = store();
        let f = StoryFilter { limit: 5, ..Default::default() };
        let (rows, total) = store.list_stories(&f).unwrap();
        assert_eq!(total, 30);
        assert_eq!(ids(&rows), ["s29", "s28", "s27", "s26", "s25"]);
        assert_eq!(rows[0], StoryRow::from(&stories[29]));
        let next = store.list_stories(&StoryFilter { offset: 5, limit: 2, ..Default::default() }).unwrap().0;
        assert_eq!(ids(&next), ["s24", "s23"]);
        let picked = store.story_rows_by_id(&["s03".into(), "nessuna".into(), "s01".into()]).unwrap();
        assert_eq!(picked, vec![StoryRow::from(&stories[3]), StoryRow::from(&stories[1])]);
    }

    #[test]
    fn a_partial_to_date_covers_the_whole_month_or_year() {
        let (store, _) = store();
        let may = StoryFilter { to: Some("2024-05".into()), limit: 100, ..Default::default() };
        let (rows, total) = store.list_stories(&may).unwrap();
        assert_eq!(total, 15, "every story first reported in May, the 31st included");
        assert_eq!(rows[0].id, "s14");
        let year = StoryFilter { to: Some("2024".into()), ..Default::default() };
        assert_eq!(store.count_stories(&year).unwrap(), 30);
        let from = StoryFilter { from: Some("2024-06".into()), ..Default::default() };
        assert_eq!(store.count_stories(&from).unwrap(), 15);
        assert_eq!(end_of("2024-02"), "2024-02-29");
        assert_eq!(end_of("2025"), "2025-12-31");
        assert_eq!(end_of("2025-03-04"), "2025-03-04");
    }

    #[test]
    fn an_entity_is_found_by_any_of_its_names_in_any_case() {
        let (mut store, _) = store();
        let a = article("k1", "s40", "Eco di Riva", "it", "2024-06-19", "Vladimir Putin");
        let b = article("k2", "s41", "Eco di Riva", "it", "2024-06-20", "Muammar Gheddafi");
        let mut s40 = story("s40", &[&a]);
        s40.entities = vec![rassegna_model::StoryEntity {
            name: "Vladimir Putin".into(),
            kind: EntityType::Person,
            aliases: vec!["Putin".into(), "il presidente russo".into()],
            articles: vec!["k1".into()],
        }];
        let s41 = story("s41", &[&b]);
        store
            .write_batch(&Batch { articles: vec![(200, a), (201, b)], stories: vec![s40, s41], ..Batch::default() })
            .unwrap();
        for (query, want) in
            [("putin", "s40"), ("PUTIN", "s40"), ("Il Presidente Russo", "s40"), ("muammar gheddafi", "s41")]
        {
            for walk in [None, Some(0)] {
                let f = StoryFilter { entity: Some(query.into()), ..Default::default() };
                assert_eq!(ids(&store.story_rows(&f, walk).unwrap()), [want], "{query}");
            }
        }
        assert!(
            store
                .story_rows(&StoryFilter { entity: Some("Kim".into()), ..Default::default() }, None)
                .unwrap()
                .is_empty()
        );
        assert_eq!(store.entity("putin").unwrap().unwrap().name, "Vladimir Putin");
        assert_eq!(store.entity("vladimir PUTIN").unwrap().unwrap().name, "Vladimir Putin");
        assert!(store.entity("Kim").unwrap().is_none());
    }

    #[test]
    fn both_plans_for_article_and_entity_filters_give_the_same_page() {
        let (store, _) = store();
        let filters = [
            StoryFilter { outlet: Some("Voce del Porto".into()), ..Default::default() },
            StoryFilter { lang: Some("en".into()), ..Default::default() },
            StoryFilter { entity: Some("Ada Serra".into()), ..Default::default() },
            StoryFilter { entity: Some("Ada Serra".into()), to: Some("2024-05".into()), ..Default::default() },
            StoryFilter { outlet: Some("Nessuna".into()), ..Default::default() },
        ];
        for base in filters {
            for (offset, limit) in [(0, 3), (2, 4), (0, 50)] {
                let f = StoryFilter { offset, limit, ..base.clone() };
                let walked = store.story_rows(&f, None).unwrap();
                let from_set = store.story_rows(&f, Some(0)).unwrap();
                assert_eq!(walked, from_set, "{f:?}");
            }
        }
        let f = StoryFilter { entity: Some("Ada Serra".into()), limit: 3, ..Default::default() };
        let (rows, total) = store.list_stories(&f).unwrap();
        assert_eq!(total, 10);
        assert_eq!(ids(&rows), ["s27", "s24", "s21"]);
        let f = StoryFilter { entity: Some("Ada Serra".into()), to: Some("2024-05".into()), ..Default::default() };
        assert_eq!(store.count_stories(&f).unwrap(), 5);
    }
}
