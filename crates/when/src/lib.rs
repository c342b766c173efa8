//! When: time expressions with normalised values, inferred publication dates, timelines.

use rassegna_model::{Article, DateMention, PartialDate, TimelineEntry};

/// Time expressions in a clean text, resolved against the publication date when known.
pub fn tag(_text: &str, _lang: Option<&str>, _anchor: Option<PartialDate>) -> Vec<DateMention> {
    todo!("issue 6")
}

/// Infer a publication date from the text (dateline, anchors) with a confidence in [0, 1].
pub fn infer_published(_text: &str, _lang: Option<&str>) -> Option<(PartialDate, f32)> {
    todo!("issue 6")
}

/// A timeline of dated events stated by these articles, one entry per event with all its sources.
pub fn timeline(_articles: &[Article]) -> Vec<TimelineEntry> {
    todo!("issue 6")
}
