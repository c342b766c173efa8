//! Cleaning stage: raw document -> clean main text, removed spans with reasons, and metadata.
//!
//! Per-document and pure, except for [`Templates`]: evidence across documents (lines that recur in
//! many documents of one outlet are page templates), learned incrementally and persisted by the store.
//!
//! HTML is decoded and its main text extracted ([`html`]); the extracted text, or a text body as given,
//! then goes through the debris pass ([`debris`]), whose byte spans index that *cleaning input*.

pub mod cues;
pub mod debris;
pub mod html;
pub mod metadata;
mod mojibake;
mod templates;

pub use templates::Templates;

use rassegna_model::{Body, Diagnostic, Format, MetaValue, Metadata, PartialDate, RawDocument, Removed};

/// What cleaning produces for one document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: Option<String>,
    pub text: String,
    pub removed: Vec<Removed>,
    pub metadata: Metadata,
    pub published: Option<PartialDate>,
    pub outlet: Option<String>,
    pub url: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The text the debris pass runs on: the body itself, or the main text extracted from HTML.
struct Input {
    text: String,
    page: Option<html::Extracted>,
}

/// The key templates are learned under: the outlet, else the host of the page's URL.
fn outlet_key(doc: &RawDocument, page: Option<&html::Extracted>) -> Option<String> {
    doc.outlet
        .as_ref()
        .map(|o| o.trim().to_lowercase())
        .filter(|o| !o.is_empty())
        .or_else(|| doc.url.as_deref().and_then(metadata::host))
        .or_else(|| page.and_then(|p| p.canonical_url.as_deref()).and_then(metadata::host))
}

impl Templates {
    /// Learn from one document (call before [`clean`] for every document of a batch, in input order).
    /// Returns the documents learnt before that hold a line which became template with this one
    /// (this one included when it holds any): they were cleaned without knowing it.
    ///
    /// For HTML this reads the blocks of the whole page without running the extractor (which would
    /// double the cost of a batch): the extracted text's lines are among them.
    pub fn observe(&mut self, doc: &RawDocument) -> Vec<String> {
        let day = doc
            .published
            .or_else(|| doc.url.as_deref().and_then(metadata::url_date))
            .filter(|d| d.day.is_some())
            .map(|d| d.days_since_epoch());
        // Which article this is: its address, else its title with its longest line (a title alone
        // may be page furniture taken for one, the same above every post of a site).
        let address = doc.url.as_deref().map(|u| u.split(['?', '#']).next().unwrap_or(u).to_string());
        let headline = |text: &str, title: Option<&str>| {
            address.clone().unwrap_or_else(|| {
                let longest = text.lines().map(str::trim).max_by_key(|l| l.len()).unwrap_or_default();
                format!("{}\n{longest}", title.or(doc.title.as_deref()).unwrap_or_default())
            })
        };
        match &doc.body {
            Body::Text(t) => {
                if let Some(key) = outlet_key(doc, None) {
                    self.learn(&key, t, None);
                }
                self.learn_recurring(&doc.id, &headline(t, None), t, day)
            }
            Body::Html(bytes) => {
                let (decoded, _) = html::decode(bytes);
                let page = html::strip_inert(&decoded);
                let canonical = html::canonical_url(&page);
                let key = outlet_key(doc, None).or_else(|| canonical.as_deref().and_then(metadata::host));
                let text = html::html_to_text(&page);
                let title = html::page_title(&page);
                if let Some(key) = key {
                    let signature = title.as_deref().map(|t| templates::line_key(&rassegna_text::fold(t)));
                    self.learn(&key, &text, signature);
                }
                self.learn_recurring(&doc.id, &headline(&text, title.as_deref()), &text, day)
            }
        }
    }
}

fn meta(value: impl Into<String>, from: &str) -> MetaValue {
    MetaValue { value: value.into(), from: from.to_string() }
}

/// Which main-text extractor runs on HTML pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Extraction {
    /// `trafilatura` ([`html::extract`]): the best scores on the trafilatura benchmark's mixed pages.
    #[default]
    Accurate,
    /// `dom_smoothie` first, `trafilatura` only where it finds nothing ([`html::extract_fast`]): about
    /// 2.5 times faster, better on news pages, weaker on the trafilatura benchmark.
    Fast,
}

/// Clean one document (HTML with the accurate extractor).
pub fn clean(doc: &RawDocument, templates: &Templates) -> Cleaned {
    clean_with(doc, templates, Extraction::Accurate)
}

/// Clean one document, choosing the extractor HTML pages go through.
pub fn clean_with(doc: &RawDocument, templates: &Templates, extraction: Extraction) -> Cleaned {
    match &doc.body {
        Body::Text(t) => clean_input(doc, Input { text: t.clone(), page: None }, templates),
        Body::Html(bytes) => {
            let (decoded, warning) = html::decode(bytes);
            let mut page = match extraction {
                Extraction::Accurate => html::extract(&decoded, doc.url.as_deref()),
                Extraction::Fast => html::extract_fast(&decoded, doc.url.as_deref()),
            };
            page.warnings.extend(warning);
            clean_page(doc, page, templates)
        }
    }
}

/// Clean a page whose main text and metadata were already extracted (by [`html::extract`] or any other
/// extractor): the debris pass runs on `page.text`, and the page's metadata joins the document's.
pub fn clean_page(doc: &RawDocument, mut page: html::Extracted, templates: &Templates) -> Cleaned {
    clean_input(doc, Input { text: std::mem::take(&mut page.text), page: Some(page) }, templates)
}

fn clean_input(doc: &RawDocument, mut input: Input, templates: &Templates) -> Cleaned {
    if let Some(page) = input.page.as_mut()
        && let Some((title, _)) = page.title.as_deref().and_then(mojibake::repair)
    {
        page.title = Some(title);
    }
    let page = input.page.as_ref();
    let given = doc.lang.as_deref().or_else(|| page.and_then(|p| p.lang.as_deref()));
    let lang = rassegna_text::language_of(given, sample(&input.text, 1500));
    let key = outlet_key(doc, page);
    let doc_title = doc.title.as_deref().map(|t| mojibake::repair(t).map_or_else(|| t.to_string(), |(t, _)| t));
    let given_title = doc_title.as_deref().or_else(|| page.and_then(|p| p.title.as_deref()));
    let ctx = debris::Context {
        lang: lang.as_deref(),
        given_title,
        templates,
        outlet: key.as_deref().filter(|k| templates.knows(k)),
        month_first: lang.as_deref() == Some("en"),
    };
    let mut found = debris::analyse(&input.text, &ctx);
    // "cittÃ", "lâ€™Italia": runs of UTF-8 once read as Windows-1252 are read again in the clean
    // text (after the debris pass, so removed spans stay offsets into the input).
    let repaired = mojibake::repair(&found.text).map(|(text, n)| {
        found.text = text;
        n
    });
    if let Some((title, _)) = found.title.as_deref().and_then(mojibake::repair) {
        found.title = Some(title);
    }

    // What the input gave: a feed's item (read from a feed file, or fetched by `follow`) says so.
    let given = if doc.format == Format::Feed { "feed" } else { "input" };
    let mut md = Metadata { title: None, ..Metadata::default() };
    md.title = match (&doc_title, page.and_then(|p| p.title.as_ref()), &found.title) {
        (Some(t), _, _) => Some(meta(t.clone(), given)),
        (None, Some(t), _) => Some(meta(t.clone(), "html-meta")),
        (None, None, Some(t)) => Some(meta(t.clone(), "first-line")),
        _ => None,
    };
    md.author = (doc.extra.get("author").map(|a| a.trim()).filter(|a| !a.is_empty()))
        .map(|a| meta(a, given))
        .or_else(|| page.and_then(|p| p.author.clone()).map(|a| meta(a, "html-meta")))
        .or_else(|| found.author.clone().map(|a| meta(a, "byline")));
    md.site = page
        .and_then(|p| p.site.clone())
        .map(|s| meta(s, "html-meta"))
        .or_else(|| found.masthead.clone().map(|s| meta(s, "masthead")));
    md.canonical_url = page.and_then(|p| p.canonical_url.clone()).map(|u| meta(u, "html-meta"));
    md.wire = found.wire.clone().map(|w| meta(w, "wire-credit"));

    let url = doc.url.clone().or_else(|| md.canonical_url.as_ref().map(|m| m.value.clone()));
    let candidates = [
        (doc.published, given),
        (found.date_marker, "date-marker"),
        (page.and_then(|p| p.published), "html-meta"),
        (url.as_deref().and_then(metadata::url_date), "url"),
        (found.dateline, "dateline"),
        (found.date_line, "text-date"),
    ];
    let published = best_date(&candidates);
    md.published = published.map(|(d, from)| meta(d.to_string(), from));

    let outlet = doc
        .outlet
        .clone()
        .or_else(|| md.site.as_ref().map(|s| s.value.clone()))
        .or_else(|| url.as_deref().and_then(metadata::host))
        .or_else(|| page.and_then(|p| p.host.clone()))
        .or_else(|| metadata::host_in_path(&doc.source));

    let mut diagnostics: Vec<Diagnostic> =
        page.map(|p| p.warnings.iter().map(|w| Diagnostic::warning(w.clone())).collect()).unwrap_or_default();
    if let Some(n) = repaired {
        diagnostics.push(Diagnostic::warning(format!(
            "repaired {n} characters of UTF-8 text once read as Windows-1252 (\"cittÃ\" for \"città\")"
        )));
    }
    if found.text.trim().is_empty() {
        diagnostics.push(Diagnostic::warning("no text left after cleaning"));
    }
    Cleaned {
        title: md.title.as_ref().map(|t| t.value.clone()),
        text: found.text,
        removed: found.removed,
        metadata: md,
        published: published.map(|(d, _)| d),
        outlet,
        url,
        diagnostics,
    }
}

/// The first `max` bytes of a text (cut at a character boundary): enough to tell the language.
fn sample(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The first date in priority order, refined by a later one that agrees with it at a finer precision
/// (a `2024-06` marker and a `19 giugno 2024` dateline give `2024-06-19`).
fn best_date(candidates: &[(Option<PartialDate>, &'static str)]) -> Option<(PartialDate, &'static str)> {
    let (mut best, mut from) = candidates.iter().find_map(|(d, f)| d.map(|d| (d, *f)))?;
    for (d, f) in candidates.iter().filter_map(|(d, f)| d.map(|d| (d, *f))) {
        let agrees = d.year == best.year
            && best.month.is_none_or(|m| d.month == Some(m))
            && best.day.is_none_or(|x| d.day == Some(x));
        let finer = d.month.is_some() && best.month.is_none() || d.day.is_some() && best.day.is_none();
        if agrees && finer {
            (best, from) = (d, f);
        }
    }
    Some((best, from))
}
