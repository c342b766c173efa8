//! The five real seed reports (`../shared/seeds`, evaluation only, never copied here) through the
//! whole pipeline: what an analyst must see in the June story. Skipped when the seeds are absent.

use crate::util::{lines, root, run, stderr};
use serde_json::Value;
use std::path::Path;

/// Runs the pipeline on the seeds: the articles and the stories of the contract files, or `None`
/// (saying so) when the seeds are absent.
pub fn run_seeds() -> Option<(Vec<Value>, Vec<Value>)> {
    let seeds = root().join("../shared/seeds");
    if !Path::new(&seeds).is_dir() {
        eprintln!("skipped: {} not present", seeds.display());
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[seeds.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    Some((lines(&out.join("articles.jsonl")), lines(&out.join("stories.jsonl"))))
}

/// The story holding report 000, with the articles.
fn june_story() -> Option<(Value, Vec<Value>)> {
    let (articles, stories) = run_seeds()?;
    let first = articles.iter().find(|a| a["id"].as_str().unwrap().starts_with("000")).unwrap();
    let story_id = first["story"].as_str().unwrap().to_string();
    let story = stories.into_iter().find(|s| s["id"] == story_id.as_str()).unwrap();
    Some((story, articles))
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
}

#[test]
fn seeds_speakers_aliases_quote_groups_and_clean_text() {
    let Some((story, articles)) = june_story() else { return };

    // One entity per person, with the ways the reports name them.
    let entities = story["entities"].as_array().unwrap();
    let entity = |name: &str| entities.iter().find(|e| e["name"] == name).unwrap_or_else(|| panic!("{name} missing"));
    let putin = strings(&entity("Vladimir Putin")["aliases"]);
    assert!(putin.iter().any(|a| a == "Putin"), "{putin:?}");
    assert!(putin.iter().any(|a| a.contains("Cremlino") || a.contains("presidente russo")), "{putin:?}");
    let kim = strings(&entity("Kim Jong Un")["aliases"]);
    assert!(kim.iter().any(|a| a == "Kim Jong-un"), "{kim:?}");
    assert!(kim.iter().any(|a| a.contains("leader nordcoreano")), "{kim:?}");

    // The same statement, worded differently by different outlets, is one group under its speaker.
    let groups = story["quote_groups"].as_array().unwrap();
    let group_with = |words: &str| {
        groups
            .iter()
            .find(|g| g["variants"].as_array().unwrap().iter().any(|v| v["text"].as_str().unwrap().contains(words)))
            .unwrap_or_else(|| panic!("no quote group with {words:?}"))
    };
    let revolutionary = group_with("rivoluzionario");
    assert_eq!(revolutionary["speaker"], "Vladimir Putin");
    let texts: Vec<&str> =
        revolutionary["variants"].as_array().unwrap().iter().map(|v| v["text"].as_str().unwrap()).collect();
    assert!(texts.iter().any(|t| t.contains("veramente")) && texts.iter().any(|t| t.contains("davvero")), "{texts:?}");
    let friend = group_with("amico del popolo coreano");
    assert_eq!(friend["speaker"], "Kim Jong Un");
    let outlets: std::collections::BTreeSet<&str> =
        friend["variants"].as_array().unwrap().iter().map(|v| v["article"].as_str().unwrap()).collect();
    assert!(outlets.len() >= 2, "reported by several articles: {outlets:?}");

    // No sentence is lost: each sentence of a seed, once the spans cleaning removed (byte spans into
    // the input, each with its reason) are blanked out, is in the clean text.
    let seeds = root().join("../shared/seeds");
    for a in &articles {
        let file = a["source"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
        let mut raw = std::fs::read(seeds.join(file)).unwrap();
        for r in a["removed"].as_array().unwrap() {
            let (start, end) = (r["start"].as_u64().unwrap() as usize, r["end"].as_u64().unwrap() as usize);
            raw[start..end].fill(b'\n');
        }
        // Compared without whitespace: a span cut out of a line leaves a gap before the full stop.
        let squash = |t: &str| t.split_whitespace().collect::<String>();
        let text = squash(a["text"].as_str().unwrap());
        for sentence in String::from_utf8_lossy(&raw).split_inclusive(['.', '!', '?', '\n']).map(squash) {
            if sentence.chars().count() >= 50 {
                assert!(text.contains(&sentence), "lost from {}: {sentence:?}", a["id"]);
            }
        }
    }

    // Page debris never reaches the text the later stages read.
    for a in &articles {
        let text = a["text"].as_str().unwrap();
        for debris in ["Connect with us", "LE ULTIME NOTIZIE", "Entra nel nuovo canale WhatsApp", "Read More"] {
            assert!(!text.contains(debris), "{debris:?} left in {}", a["id"]);
        }
    }
}

#[test]
fn seeds_follow_up_is_dated_from_its_storyline_and_the_timeline_has_the_key_dates() {
    let Some((articles, stories)) = run_seeds() else { return };
    let follow_up = articles.iter().find(|a| a["id"].as_str().unwrap().starts_with("004")).unwrap();
    // No date marker: "L'8 novembre ... ha ratificato", read against the June story of its storyline.
    assert_eq!(follow_up["published"], "2024-11", "{}", follow_up["published"]);
    assert_eq!(follow_up["published_inferred"], true);
    assert_eq!(stories.len(), 2);
    assert_eq!(stories[0]["storyline"], stories[1]["storyline"], "one storyline");
    // The storyline's timeline merges its stories' timelines.
    let dates: Vec<String> = stories
        .iter()
        .flat_map(|s| s["timeline"].as_array().unwrap().iter().map(|e| e["date"].as_str().unwrap().to_string()))
        .collect();
    for key in ["2024-06-19", "2024-11-08", "2022-02", "2000"] {
        assert!(dates.iter().any(|d| d == key), "{key} missing from {dates:?}");
    }
}
