//! An article: its text with quotes and dates marked, who it names, what it quotes, which dates it
//! gives and what cleaning did.

use super::{EntityChip, Seg, date_label, safe_url, seg, segments, timex_label};
use rassegna_model::Article;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePageView {
    pub title: String,
    pub outlet: String,
    pub date: String,
    /// The date was inferred, not given.
    pub inferred: bool,
    pub lang: String,
    pub url: Option<String>,
    pub id: String,
    pub story: Option<String>,
    pub duplicate_of: Option<String>,
    pub paras: Vec<Vec<Seg>>,
    pub entities: Vec<EntityChip>,
    /// (text, speaker, speaker's page).
    pub quotes: Vec<(String, String, Option<String>)>,
    /// (as written, value).
    pub dates: Vec<(String, String)>,
    /// Page fragments removed in cleaning.
    pub removed: usize,
    pub diagnostics: Vec<String>,
}

pub fn article_page(a: &Article) -> ArticlePageView {
    let mut marks = Vec::new();
    for q in &a.quotes {
        marks.push((
            q.start,
            q.end,
            "quote",
            q.speaker.clone().map(|s| format!("citazione di {s}")).unwrap_or_default(),
        ));
    }
    for d in &a.dates {
        marks.push((d.start, d.end, "date", timex_label(&d.value)));
    }
    ArticlePageView {
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        outlet: a.outlet.clone().unwrap_or_else(|| "fonte sconosciuta".into()),
        date: date_label(a.published),
        inferred: a.published_inferred,
        lang: a.lang.clone().unwrap_or_default(),
        url: safe_url(&a.url),
        id: a.id.clone(),
        story: a.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
        duplicate_of: a.duplicate_of.as_ref().map(|d| format!("/articles/{}", seg(d))),
        paras: segments(&a.text, marks),
        entities: a
            .entities
            .iter()
            .map(|e| EntityChip {
                href: format!("/entities/{}", seg(&e.name)),
                name: e.name.clone(),
                aliases: e.role.clone().unwrap_or_default(),
                reports: e.mentions.len(),
            })
            .collect(),
        quotes: a
            .quotes
            .iter()
            .map(|q| {
                (
                    q.text.clone(),
                    q.speaker.clone().unwrap_or_default(),
                    q.speaker.as_ref().map(|s| format!("/entities/{}", seg(s))),
                )
            })
            .collect(),
        dates: a.dates.iter().map(|d| (d.text.clone(), timex_label(&d.value))).collect(),
        removed: a.removed.len(),
        diagnostics: a.diagnostics.iter().map(|d| format!("{}: {}", d.level, d.message)).collect(),
    }
}
