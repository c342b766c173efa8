//! When: time expressions with normalised values, inferred publication dates, timelines.
//!
//! [`tag`] finds time expressions with per-language word tables (`lang/`), [`resolve`] places them on
//! the calendar against the publication date, [`infer_published`] and [`refine_story_dates`] recover a
//! missing or coarse publication date, and [`timeline`] turns dated sentences into merged events.

mod analyse;
mod cal;
mod infer;
pub mod lang;
pub mod resolve;
mod tagger;
mod timeline;
mod timex;

pub use analyse::tag;
pub use infer::{infer_published_with_evidence, refine_story_dates, refine_story_dates_in};
pub use timeline::{TimelineOptions, key_dates, merge_timelines, timeline_with};

use rassegna_model::{Article, PartialDate, TimelineEntry};

/// Infer a publication date from the text (dateline, anchors) with a confidence in [0, 1].
pub fn infer_published(text: &str, lang: Option<&str>) -> Option<(PartialDate, f32)> {
    infer::infer_published(text, lang)
}

/// A timeline of dated events stated by these articles, one entry per event with all its sources.
///
/// A storyline's timeline is [`merge_timelines`] of its stories' timelines.
pub fn timeline(articles: &[Article]) -> Vec<TimelineEntry> {
    timeline::timeline_with(articles, &TimelineOptions::default())
}
