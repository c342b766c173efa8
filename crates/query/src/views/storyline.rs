//! A storyline: its stories, oldest first, what its timeline chart marks, and the statements quoted
//! again in later stories.

use super::{StoryItem, human_date, seg};
use rassegna_model::{PartialDate, Storyline};
use rassegna_store::StoryRow;

#[derive(Debug, Clone, PartialEq)]
pub struct StorylinePageView {
    pub title: String,
    pub stories: Vec<StoryItem>,
    /// Statements quoted in two or more of its stories.
    pub quote_groups: Vec<StorylineQuotes>,
}

/// One statement across the storyline's stories.
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineQuotes {
    pub speaker: String,
    /// The speaker's entity page, when the speaker is known.
    pub href: Option<String>,
    pub variants: Vec<StorylineQuote>,
}

/// One wording, with where and when it was reported.
#[derive(Debug, Clone, PartialEq)]
pub struct StorylineQuote {
    pub text: String,
    /// The report's page.
    pub href: String,
    /// The report's date written out, or "senza data".
    pub date: String,
    /// The story's number in the storyline's list (1 for the oldest), when it is listed.
    pub story: Option<usize>,
}

pub fn storyline_page(line: &Storyline, rows: &[StoryRow]) -> StorylinePageView {
    let number =
        |story: &Option<String>| story.as_ref().and_then(|s| rows.iter().position(|r| r.id == *s)).map(|i| i + 1);
    let quote_groups = line
        .quote_groups
        .iter()
        .map(|g| StorylineQuotes {
            speaker: g.speaker.clone().unwrap_or_else(|| "Senza attribuzione".into()),
            href: g.speaker.as_ref().map(|s| format!("/entities/{}", seg(s))),
            variants: g
                .variants
                .iter()
                .map(|v| StorylineQuote {
                    text: v.text.clone(),
                    href: format!("/articles/{}", seg(&v.article)),
                    date: v.published.map(human_date).unwrap_or_else(|| "senza data".into()),
                    story: number(&v.story),
                })
                .collect(),
        })
        .collect();
    StorylinePageView {
        title: line.title.clone().unwrap_or_else(|| format!("Filone {}", line.id)),
        stories: rows.iter().map(StoryItem::from).collect(),
        quote_groups,
    }
}

/// The stories' first publications, for the timeline chart: (number, title, date).
pub fn publications(rows: &[StoryRow]) -> Vec<(String, String, PartialDate)> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, r)| r.first_published.map(|d| ((i + 1).to_string(), r.title.clone().unwrap_or_default(), d)))
        .collect()
}
