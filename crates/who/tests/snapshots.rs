//! Expected output of the who stage on a few reports of the demo corpus (`corpus/demo`, our invented
//! reports), cleaned first as the pipeline does: per report, entities and quotes; per story, entities
//! with their aliases and quote groups. Refresh with
//! `INSTA_UPDATE=always cargo test -p rassegna-who --test snapshots` and review the `.snap` diff
//! (README, "Snapshot tests"). A change to the cleaning stage can show here too.

use rassegna_clean::Templates;
use rassegna_model::{Article, Body, EntityType, Format, RawDocument};
use rassegna_who::{annotate, quote_groups, resolve_story};
use std::fmt::Write;
use std::path::PathBuf;

/// A demo report after the cleaning stage, annotated by this one, as the pipeline has it.
fn report(id: &str) -> Article {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo/text").join(format!("{id}.txt"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = RawDocument::new(id, format!("{id}.txt"), Format::Text, Body::Text(raw));
    let c = rassegna_clean::clean(&doc, &Templates::default());
    let lang = rassegna_text::language_of(None, &format!("{}\n{}", c.title.as_deref().unwrap_or(""), c.text));
    let (entities, quotes) = annotate(&c.text, lang.as_deref());
    Article {
        id: id.to_string(),
        source: doc.source,
        outlet: c.outlet,
        lang,
        published: c.published,
        title: c.title,
        text: c.text,
        entities,
        quotes,
        ..Article::default()
    }
}

fn kind(k: EntityType) -> &'static str {
    match k {
        EntityType::Person => "PER",
        EntityType::Organisation => "ORG",
        EntityType::Place => "LOC",
        EntityType::Other => "MISC",
    }
}

/// One line per entity (`TYPE name (role) [other wordings] mentions`), one per quote
/// (`speaker: "text" (cue)`, with the speaker as written when it differs).
fn render_article(a: &Article) -> String {
    let mut out = format!("== {} ({})\n", a.id, a.lang.as_deref().unwrap_or("?"));
    for e in &a.entities {
        let mut wordings: Vec<&str> = Vec::new();
        for m in e.mentions.iter().filter(|m| m.text != e.name) {
            if !wordings.contains(&m.text.as_str()) {
                wordings.push(&m.text);
            }
        }
        let role = e.role.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
        writeln!(out, "{} {}{role} [{}] {}", kind(e.kind), e.name, wordings.join(", "), e.mentions.len()).unwrap();
        for m in &e.mentions {
            assert_eq!(&a.text[m.start..m.end], m.text, "{}: mention span", a.id);
        }
    }
    for q in &a.quotes {
        assert_eq!(&a.text[q.start..q.end], q.text, "{}: quote span", a.id);
        let speaker = q.speaker.as_deref().unwrap_or("?");
        let written = q.speaker_mention.as_ref().filter(|m| m.text != speaker).map(|m| format!(" as {:?}", m.text));
        let cue = q.cue.as_deref().unwrap_or("-");
        writeln!(out, "{speaker}: {:?} ({cue}){}", q.text, written.unwrap_or_default()).unwrap();
    }
    out
}

/// An Italian report with a mayor, a regional president and two quotes.
#[test]
fn italian_report() {
    insta::assert_snapshot!(render_article(&report("t01")));
}

/// An English report: a company spokesman quoted with "said" after the quote.
#[test]
fn english_report() {
    insta::assert_snapshot!(render_article(&report("t13")));
}

/// One story (the Valfreddo flood, four Italian reports): entities merged across reports with their
/// aliases (`TYPE name [aliases] articles`), and the same statement grouped across wordings.
#[test]
fn story_entities_and_quote_groups() {
    let mut arts: Vec<Article> = ["t01", "t02", "t03", "t04"].into_iter().map(report).collect();
    let entities = resolve_story(&mut arts);
    let mut out = String::from("== entities\n");
    for e in &entities {
        writeln!(out, "{} {} [{}] {}", kind(e.kind), e.name, e.aliases.join(", "), e.articles.join(" ")).unwrap();
    }
    out += "\n== quote groups\n";
    for g in quote_groups(&arts) {
        let first = g.first_outlet.as_deref().unwrap_or("-");
        writeln!(out, "{} (first: {first})", g.speaker.as_deref().unwrap_or("?")).unwrap();
        for v in &g.variants {
            writeln!(out, "  {}: {:?}", v.article, v.text).unwrap();
        }
    }
    insta::assert_snapshot!(out);
}
