//! Writing the batch contract (`articles.jsonl`, `stories.jsonl`, `errors.jsonl`) and exports.

use anyhow::{Context, Result};
use rassegna_model::{Article, FORMAT_VERSION, Story};
use rassegna_pipeline::RunReport;
use rassegna_query::Facade;
use rassegna_store::StoryFilter;
use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    /// One story per line with its articles (the contract's records).
    Jsonl,
    /// One row per article.
    Csv,
    /// A readable report of every story.
    Md,
}

/// An article line of `articles.jsonl`: the stored article plus the contract version.
fn article_line(a: &Article) -> Result<String> {
    let mut v = serde_json::to_value(a)?;
    v["format_version"] = FORMAT_VERSION.into();
    Ok(serde_json::to_string(&v)?)
}

fn story_line(s: &Story) -> Result<String> {
    let mut v = serde_json::to_value(s)?;
    v["format_version"] = FORMAT_VERSION.into();
    Ok(serde_json::to_string(&v)?)
}

/// Write the contract files for the documents of one run, in input order.
pub fn write_contract(facade: &Facade, report: &RunReport, dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let create = |name: &str| -> Result<std::io::BufWriter<std::fs::File>> {
        let p = dir.join(name);
        Ok(std::io::BufWriter::new(
            std::fs::File::create(&p).with_context(|| format!("cannot create {}", p.display()))?,
        ))
    };
    let mut articles = create("articles.jsonl")?;
    let mut story_ids = Vec::new();
    let mut seen = HashSet::new();
    for id in &report.articles {
        let Some(a) = facade.article(id)? else { continue };
        writeln!(articles, "{}", article_line(&a)?)?;
        if let Some(s) = &a.story
            && seen.insert(s.clone())
        {
            story_ids.push(s.clone());
        }
    }
    articles.flush()?;
    let mut stories = create("stories.jsonl")?;
    for id in &story_ids {
        if let Some(d) = facade.story(id)? {
            writeln!(stories, "{}", story_line(&d.story)?)?;
        }
    }
    stories.flush()?;
    let mut errors = create("errors.jsonl")?;
    for e in &report.errors {
        writeln!(errors, "{}", serde_json::json!({"file": e.file, "line": e.line, "message": e.message}))?;
    }
    errors.flush()?;
    Ok(())
}

/// Export every story of the store.
pub fn export(facade: &Facade, format: ExportFormat, w: &mut dyn Write) -> Result<()> {
    let (rows, _) = crate::show::story_rows(facade, StoryFilter::default(), 0)?;
    if let ExportFormat::Csv = format {
        writeln!(w, "article,story,storyline,outlet,lang,published,duplicate_of,title")?;
    }
    // One story at a time: an export of a large store never holds it all.
    for row in &rows {
        let Some(detail) = facade.story(&row.id)? else { continue };
        let s = &detail.story;
        match format {
            ExportFormat::Jsonl => writeln!(w, "{}", story_line(s)?)?,
            ExportFormat::Csv => {
                for a in &detail.articles {
                    let cells = [
                        a.id.clone(),
                        s.id.clone(),
                        a.storyline.clone().unwrap_or_default(),
                        a.outlet.clone().unwrap_or_default(),
                        a.lang.clone().unwrap_or_default(),
                        a.published.map(|d| d.to_string()).unwrap_or_default(),
                        a.duplicate_of.clone().unwrap_or_default(),
                        a.title.clone().unwrap_or_default(),
                    ];
                    let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
                    writeln!(w, "{}", line.join(","))?;
                }
            }
            ExportFormat::Md => {
                crate::show::story_markdown(&detail, w)?;
                writeln!(w)?;
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// Quote a CSV cell when it needs it (RFC 4180).
fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

#[cfg(test)]
mod tests {
    use super::csv_cell;

    #[test]
    fn csv_cells_are_quoted_only_when_needed() {
        assert_eq!(csv_cell("Genova"), "Genova");
        assert_eq!(csv_cell("Sì, \"davvero\""), "\"Sì, \"\"davvero\"\"\"");
    }
}
