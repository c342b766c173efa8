//! Expected output of consolidation on small stories of the demo corpus (`corpus/demo`, our invented
//! reports), each report cleaned, annotated and checked for duplicates first as the pipeline does:
//! the title, the summary with its citations, and every fact with its status and sources. Refresh
//! with `INSTA_UPDATE=always cargo test -p rassegna-consolidate --test snapshots` and review the
//! `.snap` diff (README, "Snapshot tests"). A change to an earlier stage can show here too.

use rassegna_clean::Templates;
use rassegna_consolidate::consolidate;
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

/// A story's reports in ingest order, near-duplicates pointed at their originals.
fn story(ids: &[&str]) -> Vec<Article> {
    let mut dedup = DedupIndex::new();
    ids.iter()
        .map(|id| {
            let mut a = report(id);
            a.duplicate_of = dedup.add(&a);
            a
        })
        .collect()
}

/// The title; the summary, one sentence a line with the reports citing it; the facts, one a line
/// (`status predicate "subject" = value, independent/all sources`) with one line per mention.
fn render(arts: &[Article]) -> String {
    let c = consolidate(arts);
    let mut out = String::new();
    for a in arts.iter().filter(|a| a.duplicate_of.is_some()) {
        writeln!(out, "{} duplicates {}", a.id, a.duplicate_of.as_deref().unwrap()).unwrap();
    }
    writeln!(out, "title: {}\n\n== summary", c.title.as_deref().unwrap_or("-")).unwrap();
    for s in &c.summary {
        writeln!(out, "{} [{}]", s.sentence, s.sources.join(" ")).unwrap();
    }
    out += "\n== facts\n";
    for f in &c.facts {
        let qualifier = f.qualifier.as_deref().map(|q| format!("{q} ")).unwrap_or_default();
        writeln!(
            out,
            "{} {} {:?} = {qualifier}{}, {}/{} sources",
            f.status,
            f.predicate,
            f.subject,
            f.value,
            f.independent_sources,
            f.sources.len()
        )
        .unwrap();
        for m in &f.mentions {
            let art = arts.iter().find(|a| a.id == m.article).expect("a mention's article is in the story");
            assert_eq!(&art.text[m.start..m.end], m.text, "{}: fact mention span", m.article);
            let value = m.value.as_deref().map(|v| format!(" = {v}")).unwrap_or_default();
            writeln!(out, "  {}: {:?}{value}", m.article, m.text).unwrap();
        }
    }
    out
}

/// The Valfreddo flood in four Italian reports: a planted conflict on the dead (three, five in one
/// report) and the evacuated written four ways (1.200, circa 1200, 1200, 1.200).
#[test]
fn flood_story() {
    insta::assert_snapshot!(render(&story(&["t01", "t02", "t03", "t04"])));
}

/// The Ceretto paper mill in four Italian reports, one of them (t10) a wire copy of another (t09):
/// the copy cites like any report but does not count as an independent source.
#[test]
fn story_with_a_wire_copy() {
    insta::assert_snapshot!(render(&story(&["t09", "t10", "t11", "t12"])));
}
