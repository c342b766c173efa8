//! Human-readable views of the store for the terminal: story lists and one story in Markdown.

use anyhow::Result;
use rassegna_model::{Article, Story};
use rassegna_pipeline::RunReport;
use rassegna_query::{Facade, StoryDetail};
use rassegna_search::SearchQuery;
use rassegna_store::{StoryFilter, StoryRow};
use std::io::Write;
use std::path::Path;

fn date(d: Option<rassegna_model::PartialDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "undated".into())
}

fn row_line(r: &StoryRow) -> String {
    let mut line = format!(
        "{:<28} {:<10} {:>2} {} ({} independent) [{}]  {}",
        r.id,
        date(r.first_published),
        r.articles,
        if r.articles == 1 { "report " } else { "reports" },
        r.independent_sources,
        r.languages.join(","),
        r.title.as_deref().unwrap_or("(untitled)"),
    );
    // Outlets known for none of the reports (plain texts with no site named): no empty line.
    if !r.outlets.is_empty() {
        line.push_str(&format!("\n{:31}sources: {}", "", r.outlets.join(", ")));
    }
    line
}

/// Stories matching a filter, newest first, `limit` of them (every one for 0), each page read
/// through the query layer.
pub fn story_rows(facade: &Facade, filter: StoryFilter, limit: usize) -> Result<(Vec<StoryRow>, usize)> {
    let mut rows = Vec::new();
    loop {
        let want =
            if limit == 0 { rassegna_query::MAX_PAGE } else { (limit - rows.len()).min(rassegna_query::MAX_PAGE) };
        let page = facade.stories(&StoryFilter { offset: rows.len(), limit: want, ..filter.clone() })?;
        let got = page.stories.len();
        rows.extend(page.stories);
        if got == 0 || rows.len() >= page.total || (limit > 0 && rows.len() >= limit) {
            return Ok((rows, page.total));
        }
    }
}

pub fn stories(w: &mut dyn Write, facade: &Facade, limit: usize, filter: StoryFilter) -> Result<()> {
    let (rows, total) = story_rows(facade, filter, limit)?;
    for r in &rows {
        writeln!(w, "{}", row_line(r))?;
    }
    if rows.len() < total {
        writeln!(w, "{} of {total} stories (the first {}; --limit 0 lists every one)", rows.len(), rows.len())?;
    } else {
        writeln!(w, "{} of {total} stories", rows.len())?;
    }
    Ok(())
}

pub fn story(w: &mut dyn Write, facade: &Facade, id: &str) -> Result<()> {
    let Some(detail) = facade.story(id)? else {
        anyhow::bail!("no story {id:?}; `rassegna stories` lists them");
    };
    story_markdown(&detail, w)
}

/// Full-text search: the stories of the best hits, with the best snippet of each.
pub fn search(w: &mut dyn Write, facade: &Facade, query: SearchQuery) -> Result<()> {
    let view = facade.search(&query)?;
    for row in &view.stories {
        writeln!(w, "{}", row_line(row))?;
        if let Some(best) = view.results.articles.iter().find(|a| a.story.as_deref() == Some(row.id.as_str())) {
            let snippet: String = best
                .snippet
                .pieces()
                .into_iter()
                .map(|(t, hl)| if hl { format!("[{t}]") } else { t.to_string() })
                .collect();
            writeln!(w, "{:31}{}", "", snippet.split_whitespace().collect::<Vec<_>>().join(" "))?;
        }
    }
    writeln!(w, "{} stories, {} matching reports", view.stories.len(), view.results.total)?;
    Ok(())
}

/// One story as Markdown: title, dates, summary with citations, reports, quotes, facts, timeline.
pub fn story_markdown(detail: &StoryDetail, w: &mut dyn Write) -> Result<()> {
    let s: &Story = &detail.story;
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
    for a in &detail.articles {
        {
            let a: &Article = a;
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
                rassegna_query::views::story::readable(&f.value),
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
            let n = e.articles.len();
            let reports = if n == 1 { "report" } else { "reports" };
            writeln!(w, "- {} [{}]{aliases} — {n} {reports}", e.name, kind.as_str().unwrap_or("?"))?;
        }
    }
    Ok(())
}

/// What the demo prints after its run: the stories found and how to look at the store.
pub fn demo_summary(db: &Path, report: &RunReport) -> Result<()> {
    let facade = Facade::open_with_readers(db, 1)?;
    let (rows, total) = story_rows(&facade, StoryFilter::default(), 0)?;
    println!("\nStories found ({total}):\n");
    for r in &rows {
        println!("{}", row_line(r));
    }
    let rassegna_query::Counts { documents: docs, articles, stories, .. } = facade.counts()?;
    println!(
        "\nThis run: {} new documents, {} already stored, {} errors.\nStore: {} ({docs} documents, {articles} articles, {stories} stories).",
        report.new,
        report.unchanged,
        report.errors.len(),
        rassegna_store::redact(&db.display().to_string())
    );
    println!("Look at it with:");
    println!("  rassegna --db {} stories", db.display());
    println!("  rassegna --db {} story <ID>", db.display());
    println!("  rassegna --db {} search \"words or a phrase\"", db.display());
    println!("  rassegna --db {} export --format md", db.display());
    println!("  rassegna --db {} serve          # web page and JSON API on http://127.0.0.1:8080/", db.display());
    let sql = "'SELECT id, title, n_articles FROM stories'";
    match db.to_str().filter(|d| rassegna_store::is_url(d)) {
        Some(url) => println!("  psql {} -c {sql}", rassegna_store::redact(url)),
        None => println!("  sqlite3 {} {sql}", db.display()),
    }
    Ok(())
}

/// A Unix time as `2025-03-04T10:00:00Z`.
fn when(t: i64) -> String {
    jiff::Timestamp::from_second(t).map(|t| t.to_string()).unwrap_or_else(|_| t.to_string())
}

/// The followed sources (last fetch, status, new items, error) and the latest fetch errors;
/// nothing when no source was ever followed.
pub fn follow_status(out: &mut impl Write, f: &rassegna_query::FollowStatus) -> Result<()> {
    if f.sources.is_empty() && f.errors.is_empty() {
        return Ok(());
    }
    if let Some(p) = &f.pass {
        let updated = p.updated_at.map_or("never".to_string(), when);
        writeln!(
            out,
            "\nfollowed sources: {} (last pass {}, last new reports {updated})",
            f.sources.len(),
            when(p.polled_at)
        )?;
    } else {
        writeln!(out, "\nfollowed sources: {}", f.sources.len())?;
    }
    for s in &f.sources {
        let status = match s.last_status {
            None => "not yet polled".to_string(),
            Some(0) => "no answer".to_string(),
            Some(c) => format!("HTTP {c}"),
        };
        writeln!(
            out,
            "  {}  [{}] last fetch {}, {status}, {} new ({} in all), next {}{}",
            s.url,
            s.kind.as_deref().unwrap_or("?"),
            s.last_fetch.map_or("never".to_string(), when),
            s.last_new,
            s.total_new,
            when(s.next_poll),
            s.last_error.as_ref().map(|e| format!("; error: {e}")).unwrap_or_default()
        )?;
    }
    if !f.errors.is_empty() {
        writeln!(out, "\nlatest fetch errors:")?;
        for e in &f.errors {
            writeln!(out, "  {} {}: {}", when(e.at), e.url, e.message)?;
        }
    }
    Ok(())
}
