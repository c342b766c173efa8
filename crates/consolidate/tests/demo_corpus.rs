//! The repository's demo corpus (`corpus/demo`, invented reports with planted conflicts and
//! agreements in expected.json): planted conflicts found, agreements not reported as conflicts, no
//! other conflict, the storyline update shown by `what_is_new`. HTML pages are left out (this crate
//! does not clean HTML); skipped when the corpus is absent.

mod util;

use rassegna_consolidate::{consolidate, what_is_new};
use rassegna_model::{Article, Fact, FactStatus, PartialDate};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

fn corpus() -> Option<(HashMap<String, Article>, Value)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo");
    dir.join("expected.json").exists().then(|| util::load_demo(&dir))
}

fn story<'a>(expected: &'a Value, event: &str) -> &'a Value {
    expected["stories"].as_array().unwrap().iter().find(|s| s["event"] == event).unwrap()
}

fn articles_of(docs: &HashMap<String, Article>, story: &Value) -> Vec<Article> {
    story["articles"].as_array().unwrap().iter().filter_map(|id| docs.get(id.as_str().unwrap()).cloned()).collect()
}

/// Normalised values a fact's mentions state, by article.
fn values_by_article(f: &Fact) -> HashMap<String, String> {
    let strip = |v: &str| {
        ["approx ", "more-than ", "at-least ", "less-than "]
            .iter()
            .fold(v.to_string(), |s, q| s.trim_start_matches(q).to_string())
    };
    f.mentions.iter().map(|m| (m.article.clone(), m.value.as_deref().map_or(f.value.clone(), strip))).collect()
}

#[test]
fn planted_conflicts_are_found_and_agreements_are_not_conflicts() {
    let Some((docs, expected)) = corpus() else {
        eprintln!("skipped: corpus/demo absent");
        return;
    };
    let mut checked = 0;
    let mut planted: Vec<(String, String)> = Vec::new();
    for c in expected["conflicts"].as_array().unwrap() {
        let event = c["event"].as_str().unwrap();
        let arts = articles_of(&docs, story(&expected, event));
        // Each planted value with the reports stating it that this test can read.
        let values: Vec<(String, Vec<String>)> = c["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let ids = v["mentions"].as_array().unwrap().iter().map(|m| m["article"].as_str().unwrap().to_string());
                (v["value"].as_str().unwrap().to_string(), ids.filter(|id| docs.contains_key(id)).collect())
            })
            .collect();
        if values.iter().any(|(_, ids)| ids.is_empty()) {
            continue;
        }
        let facts = consolidate(&arts).facts;
        let f = facts
            .iter()
            .find(|f| f.status == FactStatus::Conflict && f.predicate == c["predicate"].as_str().unwrap())
            .unwrap_or_else(|| panic!("{event}: planted conflict not found: {facts:#?}"));
        let by = values_by_article(f);
        for (value, ids) in &values {
            for id in ids {
                assert_eq!(by.get(id), Some(value), "{event}: {id} should state {value}: {f:#?}");
            }
        }
        planted.push((event.to_string(), f.predicate.clone()));
        checked += 1;
    }
    assert!(checked >= 1, "no planted conflict could be checked");
    for a in expected["agreements"].as_array().unwrap() {
        let event = a["event"].as_str().unwrap();
        let arts = articles_of(&docs, story(&expected, event));
        let ids: Vec<&str> = a["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["article"].as_str().unwrap())
            .filter(|id| docs.contains_key(*id))
            .collect();
        if ids.len() < 2 {
            continue;
        }
        let facts = consolidate(&arts).facts;
        let value = a["value"].as_str().unwrap();
        let f = facts
            .iter()
            .find(|f| f.value == value && ids.iter().all(|id| f.sources.iter().any(|s| s == id)))
            .unwrap_or_else(|| panic!("{event}: {value} not aligned across {ids:?}: {facts:#?}"));
        assert!(matches!(f.status, FactStatus::Agree | FactStatus::ApproxAgree), "{event}: {f:#?}");
    }
    // No conflict anywhere but the planted ones.
    for s in expected["stories"].as_array().unwrap() {
        let event = s["event"].as_str().unwrap();
        for f in consolidate(&articles_of(&docs, s)).facts.iter().filter(|f| f.status == FactStatus::Conflict) {
            assert!(planted.contains(&(event.to_string(), f.predicate.clone())), "{event}: false conflict {f:#?}");
        }
    }
}

#[test]
fn storyline_update_is_new_after_the_first_story() {
    let Some((docs, expected)) = corpus() else {
        eprintln!("skipped: corpus/demo absent");
        return;
    };
    for u in expected["updates"].as_array().unwrap() {
        let line = u["storyline"].as_str().unwrap();
        let mut arts: Vec<Article> = Vec::new();
        for s in expected["stories"].as_array().unwrap().iter().filter(|s| s["storyline"] == line) {
            arts.extend(articles_of(&docs, s));
        }
        let values = u["values"].as_array().unwrap();
        let first = values[0]["as_of"].as_str().unwrap().parse::<PartialDate>().unwrap();
        let later = &values[values.len() - 1];
        let new = what_is_new(&arts, first);
        let want = later["value"].as_str().unwrap();
        let ids: Vec<&str> =
            later["mentions"].as_array().unwrap().iter().map(|m| m["article"].as_str().unwrap()).collect();
        assert!(
            new.facts.iter().any(|f| values_by_article(f).iter().any(|(a, v)| v == want && ids.contains(&a.as_str()))),
            "{line}: the update to {want} is not new: {:#?}",
            new.facts
        );
    }
}
