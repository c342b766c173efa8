//! A storyline: its stories, oldest first, and what its timeline chart marks.

use super::StoryItem;
use rassegna_model::{PartialDate, Storyline};
use rassegna_store::StoryRow;

#[derive(Debug, Clone, PartialEq)]
pub struct StorylinePageView {
    pub title: String,
    pub stories: Vec<StoryItem>,
}

pub fn storyline_page(line: &Storyline, rows: &[StoryRow]) -> StorylinePageView {
    StorylinePageView {
        title: line.title.clone().unwrap_or_else(|| format!("Filone {}", line.id)),
        stories: rows.iter().map(StoryItem::from).collect(),
    }
}

/// The stories' first publications, for the timeline chart: (number, title, date).
pub fn publications(rows: &[StoryRow]) -> Vec<(String, String, PartialDate)> {
    rows.iter()
        .enumerate()
        .filter_map(|(i, r)| r.first_published.map(|d| ((i + 1).to_string(), r.title.clone().unwrap_or_default(), d)))
        .collect()
}
