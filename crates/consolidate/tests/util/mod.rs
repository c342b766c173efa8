//! Test helper: invented reports in `tests/fixtures/<event>/*.txt` (a `key: value` header, `---`,
//! then the clean text) turned into annotated-free `Article`s.

use rassegna_model::{Article, MetaValue, Metadata, PartialDate};
use std::path::PathBuf;

pub fn fixture_dir(event: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(event)
}

#[allow(dead_code)] // used by the tests, not by the example
pub fn read_fixture(event: &str, file: &str) -> String {
    std::fs::read_to_string(fixture_dir(event).join(file)).unwrap()
}

/// Parse one report file.
pub fn parse_report(raw: &str, source: &str) -> Article {
    let (head, text) = raw.split_once("\n---\n").expect("header and text separated by ---");
    let mut a = Article {
        id: String::new(),
        source: source.to_string(),
        url: None,
        outlet: None,
        lang: None,
        published: None,
        published_inferred: false,
        title: None,
        text: text.to_string(),
        removed: vec![],
        metadata: Metadata::default(),
        duplicate_of: None,
        story: None,
        storyline: None,
        evidence: None,
        entities: vec![],
        quotes: vec![],
        dates: vec![],
        diagnostics: vec![],
        content_hash: String::new(),
    };
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
