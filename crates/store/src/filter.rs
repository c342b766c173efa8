//! What the backends share about listing stories: the filter, the rows, and the SQL of a filter
//! (written once, with the backend's placeholder).

use rassegna_model::{PartialDate, Story};
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

/// An entity across the store: canonical name, type, every name it goes by, and where it appears.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRow {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// Every stored name of the entity (the canonical one among them), sorted.
    pub names: Vec<String>,
    pub articles: Vec<String>,
    pub stories: Vec<String>,
    pub mentions: usize,
}

/// How often a name is mentioned as one type in one story (`None`: articles in no story).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameStat {
    pub name: String,
    pub kind: String,
    pub story: Option<String>,
    pub mentions: u64,
}

/// A name in the entity registry: the entity it belongs to (by canonical name), the entity's type
/// and mentions (its weight), and whether it is a bare common noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryEntry {
    pub name: String,
    pub entity: String,
    pub kind: String,
    pub weight: u64,
    pub generic: bool,
}

/// SQL giving the canonical name of the entity a folded name (argument `n`) stands for: the
/// entity of the name written so, else of the heaviest entity that goes by it as an alias. A name
/// the registry does not hold yet stands for itself.
pub(crate) fn resolve_entity_sql(placeholder: &str, n: usize) -> String {
    let arg = format!("{placeholder}{n}");
    format!(
        "SELECT COALESCE(r.entity, a.name) FROM entity_aliases a LEFT JOIN entity_registry r ON r.name = a.name
         WHERE a.key = {arg}
         ORDER BY CASE WHEN r.key = {arg} THEN 0 WHEN r.key IS NULL THEN 1 ELSE 2 END, COALESCE(r.weight, 0) DESC, 1
         LIMIT 1"
    )
}

/// SQL for the set of names of the entity a folded name (argument `n`) stands for.
pub(crate) fn entity_names_sql(placeholder: &str, n: usize) -> String {
    let resolve = resolve_entity_sql(placeholder, n);
    format!("(SELECT name FROM entity_registry WHERE entity = ({resolve}) UNION SELECT ({resolve}))")
}

/// SQL of the most mentioned entities: (canonical name, type, stories), registry entities of a
/// bare common noun left out; argument 1 is the limit.
pub(crate) fn top_entities_sql(placeholder: &str) -> String {
    format!(
        "SELECT COALESCE(r.entity, m.name) AS e, COALESCE(r.type, m.type) AS t, COUNT(DISTINCT m.story) AS n
         FROM entity_mentions m LEFT JOIN entity_registry r ON r.name = m.name
         WHERE COALESCE(r.generic, 0) = 0
         GROUP BY COALESCE(r.entity, m.name), COALESCE(r.type, m.type)
         ORDER BY n DESC, e LIMIT {placeholder}1"
    )
}

/// SQL of an entity's mentions (argument 1: its canonical name): name, type, article, story,
/// mentions.
pub(crate) fn entity_rows_sql(placeholder: &str) -> String {
    let p = format!("{placeholder}1");
    format!(
        "SELECT name, type, article, story, mentions FROM entity_mentions
         WHERE name IN (SELECT name FROM entity_registry WHERE entity = {p} UNION SELECT {p}) ORDER BY article, name"
    )
}

/// An entity from its mention rows (name, type, article, story, mentions) and its registry type.
pub(crate) fn entity_row(
    entity: String,
    kind: Option<String>,
    rows: impl IntoIterator<Item = (String, String, String, Option<String>, i64)>,
) -> Option<EntityRow> {
    let mut row =
        EntityRow { name: entity, kind: String::new(), names: vec![], articles: vec![], stories: vec![], mentions: 0 };
    let mut by_kind: std::collections::BTreeMap<String, i64> = std::collections::BTreeMap::new();
    for (name, k, article, story, mentions) in rows {
        if !row.names.contains(&name) {
            row.names.push(name);
        }
        if row.articles.last() != Some(&article) {
            row.articles.push(article);
        }
        if let Some(s) = story
            && !row.stories.contains(&s)
        {
            row.stories.push(s);
        }
        *by_kind.entry(k).or_default() += mentions;
        row.mentions += mentions as usize;
    }
    if row.articles.is_empty() {
        return None;
    }
    row.names.sort();
    row.kind =
        kind.unwrap_or_else(|| by_kind.iter().max_by_key(|(_, n)| **n).map(|(k, _)| k.clone()).unwrap_or_default());
    Some(row)
}

/// Below this many matching stories, a page is cut from the sorted matches; above it, stories are
/// walked newest first and each is checked against the filter until the page is full.
pub(crate) const WALK_FROM: usize = 2_000;

/// The columns a list row is made from (see `story_row`).
pub(crate) const ROW_COLUMNS: &str =
    "s.id, s.storyline, s.title, s.n_articles, s.first_published, s.last_published, s.json";

/// The story columns a list row needs that have no column of their own.
#[derive(Deserialize)]
pub(crate) struct RowExtras {
    #[serde(default)]
    pub languages: Vec<String>,
    #[serde(default)]
    pub independent_sources: usize,
    #[serde(default)]
    pub outlets: Vec<String>,
}

/// `to` as the last day it covers (`2024-06` is through June 30th), so that string comparison
/// with stored dates of any precision keeps every story of that period.
pub(crate) fn end_of(to: &str) -> String {
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
    pub(crate) fn has_set_filter(&self) -> bool {
        self.outlet.is_some() || self.lang.is_some() || self.entity.is_some()
    }

    /// The WHERE clause and its arguments. `walk` writes set filters as per-story checks (for a
    /// walk down the newest-first index), else as a set of matching story ids.
    pub(crate) fn sql(&self, walk: bool, placeholder: &str) -> (String, Vec<String>) {
        let mut clauses = Vec::new();
        let mut args: Vec<String> = Vec::new();
        if let Some(from) = &self.from {
            args.push(from.clone());
            clauses.push(format!("COALESCE(s.last_published, s.first_published) >= {placeholder}{}", args.len()));
        }
        if let Some(to) = &self.to {
            args.push(end_of(to));
            clauses.push(format!("s.first_published <= {placeholder}{}", args.len()));
        }
        let mut set = |table: &str, column: &str, value: &String| {
            args.push(value.clone());
            let n = args.len();
            clauses.push(if walk {
                format!("EXISTS (SELECT 1 FROM {table} x WHERE x.{column} = {placeholder}{n} AND x.story = s.id)")
            } else {
                format!("s.id IN (SELECT story FROM {table} WHERE {column} = {placeholder}{n})")
            });
        };
        if let Some(o) = &self.outlet {
            set("articles", "outlet", o);
        }
        if let Some(l) = &self.lang {
            set("articles", "lang", l);
        }
        if let Some(en) = &self.entity {
            // Any name or alias, in any case and with or without accents: the stories of the
            // entity it stands for, under every name of that entity.
            args.push(rassegna_text::fold(en.trim()));
            let names = entity_names_sql(placeholder, args.len());
            clauses.push(if walk {
                format!("EXISTS (SELECT 1 FROM entity_mentions x WHERE x.name IN {names} AND x.story = s.id)")
            } else {
                format!("s.id IN (SELECT story FROM entity_mentions WHERE name IN {names})")
            });
        }
        if let Some(sl) = &self.storyline {
            args.push(sl.clone());
            clauses.push(format!("s.storyline = {placeholder}{}", args.len()));
        }
        let filter = if clauses.is_empty() { String::new() } else { format!("WHERE {}", clauses.join(" AND ")) };
        (filter, args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Batch, Store};
    use rassegna_model::PartialDate;
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
    fn store(mut store: Store) -> (Store, Vec<Story>) {
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

    /// Run `check` on an in-memory SQLite store and on a new PostgreSQL database.
    fn on_both(tag: &str, check: impl Fn(Store)) {
        check(Store::open_in_memory().unwrap());
        if let Some(url) = crate::scratch::test_database(tag) {
            check(Store::open(std::path::Path::new(&url)).unwrap());
        }
    }

    fn ids(rows: &[StoryRow]) -> Vec<&str> {
        rows.iter().map(|r| r.id.as_str()).collect()
    }

    #[test]
    fn the_registry_makes_names_of_one_entity_one_entity_everywhere() {
        on_both("the_registry_makes_names_of_one_entity_", |base| {
            let (mut store, _) = store(base);
            // "Ada Serra" (stories s00, s03, ...) and "Bruno Calì" become one entity in the registry.
            let entry = |name: &str, generic: bool| crate::RegistryEntry {
                name: name.into(),
                entity: "Bruno Calì".into(),
                kind: "PER".into(),
                weight: 90,
                generic,
            };
            store.put_entity_registry(&[entry("Ada Serra", false), entry("Bruno Calì", false)], &[], ("k", 1)).unwrap();
            let e = store.entity("ada serra").unwrap().unwrap();
            assert_eq!(e.name, "Bruno Calì");
            assert_eq!(e.names, vec!["Ada Serra".to_string(), "Bruno Calì".to_string()]);
            assert_eq!(e.stories.len(), 30);
            let f = StoryFilter { entity: Some("ADA SERRA".into()), limit: 50, ..Default::default() };
            assert_eq!(store.list_stories(&f).unwrap().1, 30);
            let top = store.top_entities(5).unwrap();
            assert_eq!(top[0], ("Bruno Calì".to_string(), "PER".to_string(), 30));
            assert_eq!(store.state("k").unwrap(), Some(b"1".to_vec()));
            // A generic entity is no top entity; a removed entry stands for itself again.
            store.put_entity_registry(&[entry("Bruno Calì", true)], &["Ada Serra".into()], ("k", 2)).unwrap();
            let top = store.top_entities(5).unwrap();
            assert_eq!(top, vec![("Ada Serra".to_string(), "PER".to_string(), 10)]);
            assert_eq!(store.entity("Ada Serra").unwrap().unwrap().names, vec!["Ada Serra".to_string()]);
            assert_eq!(store.entity_registry().unwrap().len(), 1);
            assert!(
                store
                    .entity_names()
                    .unwrap()
                    .iter()
                    .any(|n| n.name == "Ada Serra" && n.story.as_deref() == Some("s00"))
            );
        });
    }

    #[test]
    fn top_entities_leave_out_bare_institution_nouns() {
        on_both("top_entities_leave_out_bare_institution_", |base| {
            let (mut store, _) = store(base);
            let mut a = article("p1", "s01", "Eco di Riva", "it", "2024-05-18", "procura");
            a.entities[0].kind = EntityType::Organisation;
            let mut b = article("p2", "s02", "Eco di Riva", "it", "2024-05-19", "procura di Venezia");
            b.entities[0].kind = EntityType::Organisation;
            store.write_batch(&Batch { articles: vec![(100, a), (101, b)], ..Batch::default() }).unwrap();
            let top = store.top_entities(10).unwrap();
            let names: Vec<&str> = top.iter().map(|t| t.0.as_str()).collect();
            assert_eq!(names, ["Bruno Calì", "Ada Serra", "procura di Venezia"]);
            assert_eq!(store.top_entities(1).unwrap().len(), 1);
        });
    }

    #[test]
    fn rows_come_newest_first_with_the_fields_of_the_full_record() {
        on_both("rows_come_newest_first_with_the_fields_o", |base| {
            let (store, stories) = store(base);
            let f = StoryFilter { limit: 5, ..Default::default() };
            let (rows, total) = store.list_stories(&f).unwrap();
            assert_eq!(total, 30);
            assert_eq!(ids(&rows), ["s29", "s28", "s27", "s26", "s25"]);
            assert_eq!(rows[0], StoryRow::from(&stories[29]));
            let next = store.list_stories(&StoryFilter { offset: 5, limit: 2, ..Default::default() }).unwrap().0;
            assert_eq!(ids(&next), ["s24", "s23"]);
            let picked = store.story_rows_by_id(&["s03".into(), "nessuna".into(), "s01".into()]).unwrap();
            assert_eq!(picked, vec![StoryRow::from(&stories[3]), StoryRow::from(&stories[1])]);
        });
    }

    #[test]
    fn a_partial_to_date_covers_the_whole_month_or_year() {
        on_both("a_partial_to_date_covers_the_whole_month", |base| {
            let (store, _) = store(base);
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
        });
    }

    #[test]
    fn an_entity_is_found_by_any_of_its_names_in_any_case() {
        on_both("an_entity_is_found_by_any_of_its_names_i", |base| {
            let (mut store, _) = store(base);
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
        });
    }

    #[test]
    fn both_plans_for_article_and_entity_filters_give_the_same_page() {
        on_both("both_plans_for_article_and_entity_filter", |base| {
            let (store, _) = store(base);
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
        });
    }
}
