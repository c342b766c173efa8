//! The demo corpus against its recorded expected story groups, and the seeds when present.

use crate::util::{article, lines, root, run, stderr};
use std::collections::{BTreeMap, BTreeSet};

/// BCubed F1 of a predicted clustering against a gold one (item -> cluster label).
fn bcubed_f1(gold: &BTreeMap<String, String>, pred: &BTreeMap<String, String>) -> f64 {
    let items: Vec<&str> = gold.keys().filter(|k| pred.contains_key(*k)).map(String::as_str).collect();
    let (mut p, mut r) = (0.0, 0.0);
    for &i in &items {
        let same_pred = items.iter().filter(|&&j| pred[j] == pred[i]).count() as f64;
        let same_gold = items.iter().filter(|&&j| gold[j] == gold[i]).count() as f64;
        let both = items.iter().filter(|&&j| pred[j] == pred[i] && gold[j] == gold[i]).count() as f64;
        p += both / same_pred;
        r += both / same_gold;
    }
    let (p, r) = (p / items.len() as f64, r / items.len() as f64);
    2.0 * p * r / (p + r)
}

#[test]
fn demo_stories_match_the_expected_groups() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("corpus/demo/expected.json")).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[root().join("corpus/demo").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = lines(&out.join("articles.jsonl"));
    let story_of: BTreeMap<String, String> =
        articles.iter().map(|a| (a["id"].as_str().unwrap().into(), a["story"].as_str().unwrap().into())).collect();
    let line_of: BTreeMap<String, String> =
        articles.iter().map(|a| (a["id"].as_str().unwrap().into(), a["storyline"].as_str().unwrap().into())).collect();

    let mut gold = BTreeMap::new();
    let mut event_of = BTreeMap::new();
    for s in expected["stories"].as_array().unwrap() {
        for a in s["articles"].as_array().unwrap() {
            gold.insert(a.as_str().unwrap().to_string(), s["event"].as_str().unwrap().to_string());
        }
        event_of.insert(s["event"].as_str().unwrap().to_string(), s.clone());
    }
    assert_eq!(gold.len(), articles.len(), "every demo document is in the expected groups");
    let f1 = bcubed_f1(&gold, &story_of);
    assert!(f1 >= 0.9, "BCubed F1 {f1:.3} against corpus/demo/expected.json");

    // Similar but different events never share a story; follow-ups share the storyline only.
    for d in expected["distinct"].as_array().unwrap() {
        let evs: Vec<&str> = d["events"].as_array().unwrap().iter().map(|e| e.as_str().unwrap()).collect();
        let stories = |ev: &str| -> BTreeSet<String> {
            event_of[ev]["articles"].as_array().unwrap().iter().map(|a| story_of[a.as_str().unwrap()].clone()).collect()
        };
        assert!(stories(evs[0]).is_disjoint(&stories(evs[1])), "{} and {} merged", evs[0], evs[1]);
    }
    for (copy, original) in
        expected["duplicates"].as_array().unwrap().iter().map(|p| (p[0].as_str().unwrap(), p[1].as_str().unwrap()))
    {
        assert_eq!(story_of[copy], story_of[original], "wire copy {copy} is not with {original}");
        let flagged = !article(&articles, copy)["duplicate_of"].is_null()
            || !article(&articles, original)["duplicate_of"].is_null();
        assert!(flagged, "{copy} / {original} not detected as near-duplicates");
    }
    // The follow-up of the flood is a new story in the flood's storyline.
    let flood = &event_of["alluvione-valfreddo"]["articles"][0];
    let bridge = &event_of["ponte-valfreddo-riapre"]["articles"][0];
    let (flood, bridge) = (flood.as_str().unwrap(), bridge.as_str().unwrap());
    assert_ne!(story_of[flood], story_of[bridge]);
    assert_eq!(line_of[flood], line_of[bridge], "the reopening continues the flood's storyline");

    // Storylines as recorded: reports of one matter share one, look-alike events elsewhere (the
    // other town's flood months earlier) never do.
    let mut gold_line = BTreeMap::new();
    for s in expected["stories"].as_array().unwrap() {
        for a in s["articles"].as_array().unwrap() {
            gold_line.insert(a.as_str().unwrap().to_string(), s["storyline"].as_str().unwrap().to_string());
        }
    }
    for (a, ga) in &gold_line {
        for (b, gb) in gold_line.range::<String, _>((std::ops::Bound::Excluded(a), std::ops::Bound::Unbounded)) {
            assert_eq!(
                ga == gb,
                line_of[a] == line_of[b],
                "{a} ({ga}) and {b} ({gb}): storylines {} and {}",
                line_of[a],
                line_of[b]
            );
        }
    }
    let pontetessa = event_of["alluvione-pontetessa"]["articles"][0].as_str().unwrap();
    assert_ne!(line_of[flood], line_of[pontetessa], "two towns' floods are two storylines");
}

#[test]
fn seeds_june_reports_are_one_story_and_november_another_when_available() {
    let Some((articles, _)) = crate::seeds::run_seeds() else { return };
    let by_prefix = |p: &str| articles.iter().find(|a| a["id"].as_str().unwrap().starts_with(p)).unwrap();
    let june: BTreeSet<&str> =
        ["000", "001", "002", "003"].iter().map(|p| by_prefix(p)["story"].as_str().unwrap()).collect();
    assert_eq!(june.len(), 1, "the four June reports share a story: {june:?}");
    let nov = by_prefix("004");
    assert!(!june.contains(nov["story"].as_str().unwrap()), "the November ratification is a new story");
    let first = by_prefix("000");
    // The marker says 2024-06; the story (a dateline of 19 June and "mercoledì") refines it to the day.
    assert_eq!(first["published"], "2024-06-19");
    assert_eq!(first["published_inferred"], true);
    assert!(!first["text"].as_str().unwrap().contains("date 2024-06"), "the marker is metadata, not text");
}
