//! The five real seed reports (`../shared/seeds`, evaluation only, never copied here) through the
//! whole pipeline: what an analyst must see in the June story. Skipped when the seeds are absent.

use crate::util::{lines, root, run, stderr};
use serde_json::Value;
use std::path::Path;

/// Runs the pipeline on the seeds: the articles and the stories of the contract files, or `None`
/// (saying so) when the seeds are absent.
pub fn run_seeds() -> Option<(Vec<Value>, Vec<Value>)> {
    let seeds = seeds_dir()?;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[seeds.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    Some((lines(&out.join("articles.jsonl")), lines(&out.join("stories.jsonl"))))
}

fn seeds_dir() -> Option<std::path::PathBuf> {
    let seeds = root().join("../shared/seeds");
    if !Path::new(&seeds).is_dir() {
        eprintln!("skipped: {} not present", seeds.display());
        return None;
    }
    Some(seeds)
}

/// How the seeds reach the store.
#[derive(Debug, Clone, Copy)]
enum Arrival {
    /// One run, one batch.
    Together,
    /// One run, a batch per report.
    OneByOne,
    /// The November follow-up in a run of its own, before the June reports.
    FollowUpFirst,
}

/// The seeds' articles (as stored) and their storylines, arrived as `arrival` says.
fn stored_seeds(arrival: Arrival) -> Option<(Vec<rassegna_model::Article>, Vec<rassegna_model::Storyline>)> {
    let seeds = seeds_dir()?;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let out = dir.path().join("out");
    let seed = seeds.to_str().unwrap();
    let runs: Vec<Vec<String>> = match arrival {
        Arrival::Together => vec![vec![seed.into()]],
        Arrival::OneByOne => vec![vec![seed.into(), "--batch-size".into(), "1".into()]],
        Arrival::FollowUpFirst => {
            let (first, rest) = (dir.path().join("first"), dir.path().join("rest"));
            for d in [&first, &rest] {
                std::fs::create_dir(d).unwrap();
            }
            for f in std::fs::read_dir(&seeds).unwrap() {
                let f = f.unwrap().path();
                let name = f.file_name().unwrap().to_str().unwrap().to_string();
                let to = if name.starts_with("004") { &first } else { &rest };
                std::fs::copy(&f, to.join(name)).unwrap();
            }
            vec![vec![first.to_str().unwrap().into()], vec![rest.to_str().unwrap().into()]]
        }
    };
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&db, &out, &args);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let store = rassegna_store::Store::open(&db).unwrap();
    let articles: Vec<rassegna_model::Article> = ["000", "001", "002", "003", "004"]
        .iter()
        .map(|p| {
            let id = std::fs::read_dir(&seeds)
                .unwrap()
                .map(|f| f.unwrap().path().file_stem().unwrap().to_str().unwrap().to_string())
                .find(|n| n.starts_with(p))
                .unwrap();
            store.article(&id).unwrap().unwrap_or_else(|| panic!("{id} stored"))
        })
        .collect();
    let mut lines: Vec<String> = articles.iter().filter_map(|a| a.storyline.clone()).collect();
    lines.sort();
    lines.dedup();
    let storylines = lines.iter().map(|l| store.storyline(l).unwrap().expect("a stored storyline")).collect();
    Some((articles, storylines))
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
    let evidence = &follow_up["published_evidence"];
    assert_eq!(evidence["method"], "storyline-month", "{evidence}");
    // The contract holds for the inferred dates' evidence too.
    let (article_schema, story_schema) = (crate::contract::validator("article"), crate::contract::validator("story"));
    for a in &articles {
        let errors: Vec<String> = article_schema.iter_errors(a).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", a["id"]);
        crate::contract::check_spans(a);
    }
    for s in &stories {
        let errors: Vec<String> = story_schema.iter_errors(s).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", s["id"]);
    }
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

/// However the seeds arrive (in one batch, one by one, the follow-up before the reports it
/// follows), the follow-up is dated 2024-11 from its own cues read against the June story, with the
/// evidence kept, and the storyline's timeline has the four key dates, the ratification from 004.
#[test]
fn seeds_follow_up_is_dated_2024_11_in_any_arrival_and_on_the_storyline_timeline() {
    for arrival in [Arrival::Together, Arrival::OneByOne, Arrival::FollowUpFirst] {
        let Some((articles, storylines)) = stored_seeds(arrival) else { return };
        let follow_up = &articles[4];
        assert_eq!(follow_up.published.map(|d| d.to_string()).as_deref(), Some("2024-11"), "{arrival:?}");
        assert!(follow_up.published_inferred, "{arrival:?}");
        let evidence = follow_up.published_evidence.as_ref().expect("the evidence is kept");
        assert_eq!(evidence.method, "storyline-month", "{arrival:?}");
        assert!((0.5..=0.7).contains(&evidence.confidence), "{evidence:?}");
        let ratified = evidence.cues.iter().find(|c| c.text == "8 novembre").expect("the ratification day is a cue");
        assert_eq!(ratified.value, "2024-11-08");
        assert_eq!(&follow_up.text[ratified.start..ratified.end], ratified.text, "cues are spans of the text");
        let june = articles[0].story.clone().unwrap();
        assert_eq!(evidence.context.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [june.as_str()], "{arrival:?}");
        assert_eq!(evidence.context[0].date.to_string(), "2024-06-19");

        assert_eq!(storylines.len(), 1, "{arrival:?}: one storyline");
        let timeline = &storylines[0].timeline;
        let entry = |date: &str| {
            timeline
                .iter()
                .find(|e| e.date == date)
                .unwrap_or_else(|| panic!("{arrival:?}: {date} missing: {timeline:#?}"))
        };
        assert!(entry("2024-06-19").sources.len() >= 2, "the signing, from the June reports");
        assert!(entry("2024-11-08").sources.contains(&follow_up.id), "the ratification, from the follow-up");
        assert!(entry("2022-02").sources.len() >= 2, "the invasion");
        assert!(entry("2000").sources.len() >= 2, "the previous visit, 24 years before");
    }
}

/// Putin's June words, quoted again in the November follow-up ("documento rivoluzionario"), are one
/// storyline quote group with the June wordings ("veramente", "davvero"), each with its report,
/// story and date.
#[test]
fn seeds_storyline_quote_group_gains_the_follow_up_variant() {
    for arrival in [Arrival::Together, Arrival::FollowUpFirst] {
        let Some((articles, storylines)) = stored_seeds(arrival) else { return };
        let groups = &storylines[0].quote_groups;
        let group = groups
            .iter()
            .find(|g| g.variants.iter().any(|v| v.text.contains("rivoluzionario")))
            .unwrap_or_else(|| panic!("{arrival:?}: no storyline group with the June words: {groups:#?}"));
        assert_eq!(group.speaker.as_deref(), Some("Vladimir Putin"));
        let texts: Vec<&str> = group.variants.iter().map(|v| v.text.as_str()).collect();
        assert!(
            texts.iter().any(|t| t.contains("veramente")) && texts.iter().any(|t| t.contains("davvero")),
            "{texts:?}"
        );
        let follow_up = &articles[4];
        let november = group.variants.iter().find(|v| v.article == follow_up.id).expect("004's variant");
        assert_eq!(november.text, "documento rivoluzionario");
        assert_eq!(november.story, follow_up.story);
        assert_eq!(november.published.map(|d| d.to_string()).as_deref(), Some("2024-11"));
        let june = group.variants.iter().find(|v| v.article == articles[0].id).expect("000's variant");
        assert_eq!(june.story, articles[0].story);
        assert_eq!(june.published, articles[0].published);
        assert_eq!(group.variants.last().unwrap().article, follow_up.id, "variants by date");
    }
}
