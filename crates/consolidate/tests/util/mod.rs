//! Test helper: invented reports in `tests/fixtures/<event>/*.txt` (a `key: value` header, `---`,
//! then the clean text) turned into annotated-free `Article`s.

use rassegna_model::{Article, MetaValue, PartialDate};
use serde_json::Value;
use std::collections::HashMap;
use std::path::PathBuf;

pub fn fixture_dir(event: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(event)
}

#[allow(dead_code)]
pub fn read_fixture(event: &str, file: &str) -> String {
    std::fs::read_to_string(fixture_dir(event).join(file)).unwrap()
}

/// Parse one report file.
#[allow(dead_code)]
pub fn parse_report(raw: &str, source: &str) -> Article {
    let (head, text) = raw.split_once("\n---\n").expect("header and text separated by ---");
    let mut a = Article { id: String::new(), source: source.to_string(), text: text.to_string(), ..Article::default() };
    for line in head.lines() {
        let Some((k, v)) = line.split_once(':') else { continue };
        let v = v.trim().to_string();
        match k.trim() {
            "id" => a.id = v,
            "outlet" => a.outlet = Some(v),
            "lang" => a.lang = Some(v),
            "published" => a.published = Some(v.parse::<PartialDate>().unwrap()),
            "title" => a.title = Some(v),
            "wire" => a.metadata.wire = Some(MetaValue { value: v, from: "input".into() }),
            "duplicate_of" => a.duplicate_of = Some(v),
            other => panic!("unknown header {other}"),
        }
    }
    a
}

/// Every report of an event, in file-name order.
#[allow(dead_code)]
pub fn load_event(event: &str) -> Vec<Article> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixture_dir(event))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    paths.iter().map(|p| parse_report(&std::fs::read_to_string(p).unwrap(), &p.display().to_string())).collect()
}

fn demo_article(
    id: &str,
    text: &str,
    lang: Option<String>,
    published: Option<PartialDate>,
    title: Option<String>,
) -> Article {
    Article {
        id: id.to_string(),
        source: id.to_string(),
        lang,
        published,
        title,
        text: text.to_string(),
        ..Article::default()
    }
}

/// The repository's demo corpus (`corpus/demo`): its documents with text (HTML pages skipped), by id,
/// with `duplicate_of` and wire credits from its expected.json, and the expected.json itself.
/// The demo corpus's documents with text, by id, with duplicates and wire credits from expected.json.
#[allow(dead_code)]
pub fn load_demo(dir: &std::path::Path) -> (HashMap<String, Article>, Value) {
    let expected: Value = serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut docs = HashMap::new();
    let langs = &expected["documents"];
    for e in std::fs::read_dir(dir.join("text")).unwrap().flatten() {
        let id = e.path().file_stem().unwrap().to_string_lossy().to_string();
        let raw = std::fs::read_to_string(e.path()).unwrap();
        let mut text = raw.trim_start().to_string();
        let mut published = None;
        if let Some(rest) = text.strip_prefix("date ") {
            let (d, rest) = rest.split_once('\n').unwrap_or((rest, ""));
            published = d.trim().parse().ok();
            text = rest.to_string();
        }
        let lang = langs[&id]["lang"].as_str().map(str::to_string);
        docs.insert(id.clone(), demo_article(&id, &text, lang, published, None));
    }
    for line in std::fs::read_to_string(dir.join("feeds.jsonl")).unwrap().lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let Some(text) = v["text"].as_str() else { continue };
        let id = v["id"].as_str().unwrap();
        let published = v["published"].as_str().and_then(|p| PartialDate::parse_prefix(p).ok());
        let lang = v["lang"].as_str().map(str::to_string).or_else(|| langs[id]["lang"].as_str().map(str::to_string));
        docs.insert(id.to_string(), demo_article(id, text, lang, published, v["title"].as_str().map(str::to_string)));
    }
    for g in expected["duplicate_groups"].as_array().unwrap() {
        let orig = g["original"].as_str().unwrap();
        for c in g["copies"].as_array().unwrap() {
            if let Some(a) = docs.get_mut(c.as_str().unwrap()) {
                a.duplicate_of = Some(orig.to_string());
                a.metadata.wire = g["wire"].as_str().map(|w| MetaValue { value: w.to_string(), from: "test".into() });
            }
        }
    }
    (docs, expected)
}
