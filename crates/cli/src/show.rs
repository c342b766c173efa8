//! Human-readable views of the store for the terminal: story lists and one story in Markdown.

use anyhow::Result;
use rassegna_model::Story;
use rassegna_pipeline::RunReport;
use rassegna_store::{Store, StoryFilter, StoryRow};
use std::io::Write;
use std::path::Path;

fn date(d: Option<rassegna_model::PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
}

fn row_line(r: &StoryRow) -> String {
    format!(
        "{:<28} {:<10} {:>2} reports ({} independent) [{}]  {}\n{:31}sources: {}",
        r.id,
        date(r.first_published),
        r.articles,
        r.independent_sources,
        r.languages.join(","),
        r.title.as_deref().unwrap_or("(untitled)"),
        "",
        r.outlets.join(", ")
    )
}

pub fn stories(
    store: &Store,
    limit: usize,
    lang: Option<String>,
    outlet: Option<String>,
    entity: Option<String>,
) -> Result<()> {
    let (rows, total) = store.list_stories(&StoryFilter { lang, outlet, entity, limit, ..Default::default() })?;
    for r in &rows {
        println!("{}", row_line(r));
    }
    println!("{} of {total} stories", rows.len());
    Ok(())
}

pub fn story(store: &Store, id: &str) -> Result<()> {
    let Some(s) = store.story(id)? else {
        anyhow::bail!("no story {id:?}; `rassegna stories` lists them");
    };
    story_markdown(store, &s, &mut std::io::stdout().lock())
}

/// One story as Markdown: title, dates, summary with citations, reports, quotes, facts, timeline.
pub fn story_markdown(store: &Store, s: &Story, w: &mut dyn Write) -> Result<()> {
    writeln!(w, "# {}", s.title.as_deref().unwrap_or("(untitled)"))?;
    writeln!(
        w,
        "\n`{}` · storyline `{}` · {} – {} · {} reports, {} independent · {}\n",
        s.id,
        s.storyline.as_deref().unwrap_or("-"),
        date(s.first_published),
        date(s.last_published),
        s.articles.len(),
        s.independent_sources,
        s.languages.join(", ")
    )?;
    if !s.summary.is_empty() {
        writeln!(w, "## Summary\n")?;
        for line in &s.summary {
            writeln!(w, "- {} [{}]", line.sentence, line.sources.join(", "))?;
        }
        writeln!(w)?;
    }
    writeln!(w, "## Reports\n")?;
    for id in &s.articles {
        if let Some(a) = store.article(id)? {
            let dup = a.duplicate_of.as_ref().map(|d| format!(" (copy of {d})")).unwrap_or_default();
            writeln!(
                w,
                "- `{}` {} · {} · {} · {}{dup}",
                a.id,
                a.outlet.as_deref().unwrap_or("unknown outlet"),
                date(a.published),
                a.lang.as_deref().unwrap_or("?"),
                a.title.as_deref().unwrap_or("(untitled)")
            )?;
        }
    }
    if !s.quote_groups.is_empty() {
        writeln!(w, "\n## Quotes\n")?;
        for g in &s.quote_groups {
            writeln!(w, "- **{}**", g.speaker.as_deref().unwrap_or("unknown speaker"))?;
            for v in &g.variants {
                writeln!(w, "  - “{}” [{}]", v.text, v.article)?;
            }
        }
    }
    if !s.facts.is_empty() {
        writeln!(w, "\n## Facts\n")?;
        for f in &s.facts {
            writeln!(
                w,
                "- {} {}: {}{} — {} ({} independent) [{}]",
                f.subject,
                f.predicate,
                f.qualifier.as_deref().map(|q| format!("{q} ")).unwrap_or_default(),
                f.value,
                f.status,
                f.independent_sources,
                f.sources.join(", ")
            )?;
        }
    }
    if !s.timeline.is_empty() {
        writeln!(w, "\n## Timeline\n")?;
        for e in &s.timeline {
            writeln!(w, "- {} — {} [{}]", e.date, e.text, e.sources.join(", "))?;
        }
    }
    if !s.entities.is_empty() {
        writeln!(w, "\n## Entities\n")?;
        for e in &s.entities {
            let kind = serde_json::to_value(e.kind)?;
            let aliases =
                if e.aliases.is_empty() { String::new() } else { format!(" (also: {})", e.aliases.join("; ")) };
            writeln!(w, "- {} [{}]{aliases} — {} reports", e.name, kind.as_str().unwrap_or("?"), e.articles.len())?;
        }
    }
    Ok(())
}

/// What the demo prints after its run: the stories found and how to look at the store.
pub fn demo_summary(db: &Path, report: &RunReport) -> Result<()> {
    let store = Store::open(db)?;
    let (rows, total) = store.list_stories(&StoryFilter { limit: 500, ..Default::default() })?;
    println!("\nStories found ({total}):\n");
    for r in &rows {
        println!("{}", row_line(r));
    }
    let (docs, articles, stories) = store.counts()?;
    println!(
        "\nThis run: {} new documents, {} already stored, {} errors.\nStore: {} ({docs} documents, {articles} articles, {stories} stories).",
        report.new,
        report.unchanged,
        report.errors.len(),
        db.display()
    );
    println!("Look at it with:");
    println!("  rassegna --db {} stories", db.display());
    println!("  rassegna --db {} story <ID>", db.display());
    println!("  rassegna --db {} export --format md", db.display());
    println!("  rassegna --db {} serve          # web page and JSON API on http://127.0.0.1:8080/", db.display());
    println!("  sqlite3 {} 'SELECT id, title, n_articles FROM stories'", db.display());
    Ok(())
}
