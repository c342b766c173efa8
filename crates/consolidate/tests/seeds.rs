//! Checks on the real seed reports when `/work/shared/seeds` is present (skipped otherwise; the
//! seed text is never copied into the repository).

use rassegna_consolidate::consolidate;
use rassegna_model::{Article, FactStatus, PartialDate};
use std::path::Path;

const SEEDS: &str = "/work/shared/seeds";

/// An article from a seed file: the ` date YYYY-MM ` marker becomes the publication date.
fn seed(name: &str) -> Option<Article> {
    let dir = Path::new(SEEDS);
    let path = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with(name)))?;
    let raw = std::fs::read_to_string(&path).ok()?;
    let mut text = raw.trim_start().to_string();
    let mut published = None;
    if let Some(rest) = text.strip_prefix("date ") {
        let (d, rest) = rest.split_once(' ').unwrap_or((rest, ""));
        published = d.parse::<PartialDate>().ok();
        text = rest.to_string();
    }
    Some(Article {
        id: name.to_string(),
        source: path.display().to_string(),
        lang: Some("it".into()),
        published,
        text,
        ..Article::default()
    })
}

fn june_story() -> Option<Vec<Article>> {
    ["000", "001", "002", "003"].iter().map(|n| seed(n)).collect()
}

#[test]
fn first_visit_in_24_years_agrees_with_last_visit_in_2000() {
    let Some(arts) = june_story() else {
        eprintln!("skipped: {SEEDS} absent");
        return;
    };
    let c = consolidate(&arts);
    for f in &c.facts {
        eprintln!(
            "{} | {} | {} | {:?} | {:?} | {}",
            f.status, f.predicate, f.subject, f.value, f.sources, f.independent_sources
        );
    }
    let since = c
        .facts
        .iter()
        .find(|f| f.predicate == "since" && f.value == "2000" && f.sources.iter().any(|s| s == "003"))
        .expect("a 'since 2000' fact from the report naming the 2000 visit");
    assert_eq!(since.status, FactStatus::Agree, "{since:?}");
    assert!(since.sources.iter().any(|s| s == "001" || s == "002"), "{since:?}");
    assert!(since.mentions.iter().any(|m| m.value.as_deref() == Some("P24Y")), "{since:?}");
    for m in &since.mentions {
        let a = arts.iter().find(|a| a.id == m.article).unwrap();
        assert_eq!(&a.text[m.start..m.end], m.text);
    }
    assert!(c.facts.iter().all(|f| f.status != FactStatus::Conflict), "no conflicts in the June story");
}

#[test]
fn june_summary_opens_with_a_sentence_several_reports_state() {
    let Some(arts) = june_story() else {
        eprintln!("skipped: {SEEDS} absent");
        return;
    };
    let c = consolidate(&arts);
    eprintln!("title: {:?}", c.title);
    for s in &c.summary {
        eprintln!("{:?} {}", s.sources, s.sentence);
    }
    assert!(!c.summary.is_empty() && c.summary.len() <= 5);
    assert!(c.summary[0].sources.len() >= 2, "{:?}", c.summary[0]);
    assert!(c.title.is_some());
}

#[test]
fn november_report_counts_about_ten_thousand_soldiers() {
    let Some(a) = seed("004") else {
        eprintln!("skipped: {SEEDS} absent");
        return;
    };
    let c = consolidate(std::slice::from_ref(&a));
    let f = c.facts.iter().find(|f| f.predicate == "count" && f.value == "10000").expect("10,000 soldiers");
    assert_eq!(f.qualifier.as_deref(), Some("approx"));
    assert_eq!(f.status, FactStatus::Single);
    assert!(f.subject.contains("soldati"), "{f:?}");
}
