//! Planted agreements, approximations, conflicts and wire copies in invented stories: every planted
//! conflict is found, no other conflict is reported, independent-source counts are exact, spans hold.

mod util;

use rassegna_consolidate::consolidate;
use rassegna_model::{Fact, FactStatus};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct Expected {
    facts: Vec<ExpectedFact>,
    summary_first_min_sources: usize,
}

#[derive(Deserialize, Debug)]
struct ExpectedFact {
    predicate: String,
    /// Every value the fact's mentions state (normalised, without qualifier).
    values: Vec<String>,
    status: FactStatus,
    independent_sources: usize,
    sources: Vec<String>,
}

/// Every normalised value a fact's mentions state.
fn stated_values(f: &Fact) -> BTreeSet<String> {
    let mut v = BTreeSet::from([f.value.clone()]);
    for m in &f.mentions {
        if let Some(x) = &m.value {
            let x = ["approx ", "more-than ", "at-least ", "less-than "]
                .iter()
                .fold(x.as_str(), |s, q| s.trim_start_matches(q));
            v.insert(x.to_string());
        }
    }
    v
}

fn matches(f: &Fact, e: &ExpectedFact) -> bool {
    let vals = stated_values(f);
    f.predicate == e.predicate && e.values.iter().all(|v| vals.contains(v))
}

fn describe(facts: &[Fact]) -> String {
    facts
        .iter()
        .map(|f| {
            format!(
                "{} {} [{}] {:?} {:?} x{}\n",
                f.status,
                f.predicate,
                f.subject,
                stated_values(f),
                f.sources,
                f.independent_sources
            )
        })
        .collect()
}

fn check_event(name: &str) {
    let articles = util::load_event(name);
    let expected: Expected = serde_json::from_str(&util::read_fixture(name, "expected.json")).unwrap();
    let c = consolidate(&articles);
    let got = describe(&c.facts);
    for e in &expected.facts {
        let f = c.facts.iter().find(|f| matches(f, e)).unwrap_or_else(|| panic!("{name}: no fact for {e:?}\n{got}"));
        assert_eq!(f.status, e.status, "{name}: {e:?}\n{got}");
        assert_eq!(f.independent_sources, e.independent_sources, "{name}: {e:?}\n{got}");
        let sources: BTreeSet<&str> = f.sources.iter().map(String::as_str).collect();
        let want: BTreeSet<&str> = e.sources.iter().map(String::as_str).collect();
        assert_eq!(sources, want, "{name}: {e:?}\n{got}");
    }
    // No conflict that was not planted.
    for f in c.facts.iter().filter(|f| f.status == FactStatus::Conflict) {
        assert!(
            expected.facts.iter().any(|e| e.status == FactStatus::Conflict && matches(f, e)),
            "{name}: false conflict {f:?}\n{got}"
        );
    }
    // Spans point at what they say.
    for f in &c.facts {
        for m in &f.mentions {
            let a = articles.iter().find(|a| a.id == m.article).unwrap();
            assert_eq!(&a.text[m.start..m.end], m.text, "{name}: {f:?}");
        }
    }
    // The summary cites every report stating its first sentence.
    assert!(!c.summary.is_empty() && c.summary.len() <= 5, "{name}: {:?}", c.summary);
    let first = &c.summary[0];
    assert!(first.sources.len() >= expected.summary_first_min_sources, "{name}: {first:?}\n{:#?}", c.summary);
    assert!(c.title.is_some());
}

#[test]
fn ferry_fire_death_toll_conflict_across_languages_and_wire_copies() {
    check_event("ferry");
}

#[test]
fn acquisition_price_agrees_in_every_writing_and_share_move_conflicts() {
    check_event("acquisition");
}

#[test]
fn quake_counts_agree_and_last_quake_year_matches_first_in_forty_years() {
    check_event("quake");
}

#[test]
fn election_turnout_conflict_is_not_confused_with_vote_share_or_seats() {
    check_event("election");
}

#[test]
fn visit_relation_gift_value_and_previous_visit_align() {
    check_event("visit");
}

#[test]
fn strike_participation_conflict_and_cancelled_flights_roughly_agree() {
    check_event("strike");
}

#[test]
fn flood_aid_conflict_and_toll_within_bounds() {
    check_event("flood");
}

/// Conflicts and agreements as a comparable set: predicate, status, stated values, sources.
fn verdicts(facts: &[Fact]) -> BTreeSet<(String, String, Vec<String>, Vec<String>)> {
    facts
        .iter()
        .filter(|f| f.status != FactStatus::Single)
        .map(|f| {
            let mut sources = f.sources.clone();
            sources.sort();
            (f.predicate.clone(), f.status.to_string(), stated_values(f).into_iter().collect(), sources)
        })
        .collect()
}

#[test]
fn verdicts_do_not_depend_on_report_order() {
    for event in ["ferry", "acquisition", "quake", "election", "visit", "strike", "flood"] {
        let articles = util::load_event(event);
        let want = verdicts(&consolidate(&articles).facts);
        let mut reversed = articles.clone();
        reversed.reverse();
        let mut rotated = articles.clone();
        rotated.rotate_left(1);
        for (how, arts) in [("reversed", reversed), ("rotated", rotated)] {
            let got = verdicts(&consolidate(&arts).facts);
            assert_eq!(got, want, "{event} {how}");
        }
    }
}
