//! Expected output of the when stage on a few reports of the demo corpus (`corpus/demo`, our invented
//! reports), cleaned first as the pipeline does: every time expression with its value and kind,
//! resolved against the report's publication date. Refresh with
//! `INSTA_UPDATE=always cargo test -p rassegna-when --test snapshots` and review the `.snap` diff
//! (README, "Snapshot tests"). A change to the cleaning stage can show here too.

use rassegna_clean::Templates;
use rassegna_model::{Body, DateMention, Format, PartialDate, RawDocument};
use rassegna_when::tag;
use std::fmt::Write;
use std::path::PathBuf;

/// One line per time expression: `text → value (kind)`.
fn render(ms: &[DateMention]) -> String {
    let mut out = String::new();
    for m in ms {
        writeln!(out, "{} → {} ({})", m.text, m.value, m.kind).unwrap();
    }
    out
}

/// A demo report's time expressions, tagged as the pipeline does after cleaning.
fn report(id: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/demo/text").join(format!("{id}.txt"));
    let raw = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = RawDocument::new(id, format!("{id}.txt"), Format::Text, Body::Text(raw));
    let c = rassegna_clean::clean(&doc, &Templates::default());
    let lang = rassegna_text::language_of(None, &format!("{}\n{}", c.title.as_deref().unwrap_or(""), c.text));
    let ms = tag(&c.text, lang.as_deref(), c.published);
    for m in &ms {
        assert_eq!(&c.text[m.start..m.end], m.text, "{id}: span of {m:?}");
    }
    let published = c.published.as_ref().map_or("-".to_string(), PartialDate::to_string);
    format!("== {id} ({}, published {published})\n{}", lang.as_deref().unwrap_or("?"), render(&ms))
}

/// The day after the flood: "ieri", "Mercoledì sera", "Quest'oggi".
#[test]
fn italian_report_the_day_after() {
    insta::assert_snapshot!(report("t03"));
}

/// Two days after: "ieri sera", "lo scorso ottobre".
#[test]
fn italian_report_two_days_after() {
    insta::assert_snapshot!(report("t04"));
}

/// An English report published the day after the fire: "yesterday".
#[test]
fn english_report() {
    insta::assert_snapshot!(report("t14"));
}
