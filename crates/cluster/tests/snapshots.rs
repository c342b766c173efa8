//! Expected output of the clusterer on reports of the demo corpus (`corpus/demo`, our invented
//! reports) of four events in two storylines, each report cleaned, annotated and checked for
//! duplicates first as the pipeline does: where each report goes, and why. Refresh with
//! `INSTA_UPDATE=always cargo test -p rassegna-cluster --test snapshots` and review the `.snap` diff
//! (README, "Snapshot tests"). A change to an earlier stage can show here too.

use rassegna_clean::Templates;
use rassegna_cluster::Clusterer;
use rassegna_dedup::DedupIndex;
use rassegna_model::{Article, Body, Format, RawDocument};
use std::fmt::Write;
use std::path::PathBuf;

/// A demo report after the per-document stages: cleaned, its language decided, entities, quotes
/// and time expressions.
fn report(id: &str) -> Article {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo/text").join(format!("{id}.txt"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = RawDocument::new(id, format!("{id}.txt"), Format::Text, Body::Text(raw));
    let c = rassegna_clean::clean(&doc, &Templates::default());
    let lang = rassegna_text::language_of(None, &format!("{}\n{}", c.title.as_deref().unwrap_or(""), c.text));
    let (entities, quotes) = rassegna_who::annotate(&c.text, lang.as_deref());
    let dates = rassegna_when::tag(&c.text, lang.as_deref(), c.published);
    Article {
        id: id.to_string(),
        source: doc.source,
        outlet: c.outlet,
        lang,
        published: c.published,
        title: c.title,
        text: c.text,
        metadata: c.metadata,
        entities,
        quotes,
        dates,
        ..Article::default()
    }
}

/// One line per report, in ingest order: `id → story storyline decision`, with the score and the
/// strongest shared terms and entities when it joined a story.
#[test]
fn two_storylines_of_four_events() {
    // Valfreddo: the flood (t01-t04) and, four weeks later, the bridge reopening (t05, t06); the
    // Ceretto paper mill (t09-t12, t10 a wire copy of t09); Rivalta: the hospital ransomware (t17)
    // and, a month later, the arrests (t20).
    let ids = ["t01", "t02", "t03", "t04", "t05", "t06", "t09", "t10", "t11", "t12", "t17", "t20"];
    let mut dedup = DedupIndex::new();
    let mut clusterer = Clusterer::new();
    let mut out = String::new();
    for id in ids {
        let mut a = report(id);
        a.duplicate_of = dedup.add(&a);
        let got = clusterer.assign(&a);
        let ev = &got.evidence;
        write!(out, "{id} → {} {} {}", got.story, got.storyline, ev.decision).unwrap();
        if ev.score > 0.0 && ev.score < 1.0 {
            write!(out, " {:.2}", ev.score).unwrap();
        }
        if !ev.shared_terms.is_empty() {
            let terms: Vec<&str> = ev.shared_terms.iter().take(5).map(String::as_str).collect();
            write!(out, " · terms: {}", terms.join(", ")).unwrap();
        }
        if !ev.shared_entities.is_empty() {
            write!(out, " · entities: {}", ev.shared_entities.join(", ")).unwrap();
        }
        out.push('\n');
    }
    insta::assert_snapshot!(out);
}
