//! Day ranges of articles and stories, and the months an undated report names.

use rassegna_model::{Article, TimexKind};

use crate::Story;

pub(crate) fn extend_days(s: &mut Story, day: Option<(i32, i32)>) {
    if let Some((a, b)) = day {
        s.first_day = Some(s.first_day.map_or(a, |f| f.min(a)));
        s.last_day = Some(s.last_day.map_or(b, |l| l.max(b)));
    }
}

/// Reports without a publication date still say when things happened: the months they name
/// (`8 novembre`, `lo scorso ottobre`, `30 december 2006`), with the year when the text writes it,
/// used only when nothing better is known.
pub(crate) fn month_hint(article: &Article) -> Vec<(Option<i32>, u8)> {
    if article.published.is_some() {
        return Vec::new();
    }
    article
        .dates
        .iter()
        .filter(|d| d.kind == TimexKind::Date && d.value.len() >= 7 && d.value.as_bytes()[4] == b'-')
        .filter_map(|d| {
            let month = d.value[5..7].parse::<u8>().ok().filter(|m| (1..=12).contains(m))?;
            // A year written in the mention is known; otherwise the year was guessed.
            let year = d.value[..4].parse::<i32>().ok().filter(|_| d.text.contains(&d.value[..4]));
            Some((year, month))
        })
        .take(16)
        .collect()
}

/// The latest of the hinted months, a month without a year placed in the year of `last` (the
/// other side's latest day).
pub(crate) fn hinted_days(hints: &[(Option<i32>, u8)], last: i32) -> Option<(i32, i32)> {
    let a = hints
        .iter()
        .filter_map(|&(year, m)| rassegna_model::PartialDate::month(year.unwrap_or_else(|| civil_year(last)), m))
        .map(|d| d.days_since_epoch() as i32)
        .max()?;
    Some((a, a + 27))
}

/// Add hinted months to a story's distinct set.
pub(crate) fn add_hints(to: &mut Vec<(Option<i32>, u8)>, hints: &[(Option<i32>, u8)]) {
    for h in hints {
        if !to.contains(h) {
            to.push(*h);
        }
    }
}

fn civil_year(day: i32) -> i32 {
    // Good to a day either side of New Year, which is all a month hint needs.
    (1970.0 + f64::from(day) / 365.2425).floor() as i32
}

pub(crate) fn day_of(article: &Article) -> Option<(i32, i32)> {
    let d = article.published?;
    let start = d.days_since_epoch() as i32;
    match (d.month, d.day) {
        (_, Some(_)) => Some((start, start)),
        (Some(m), None) => {
            let next = if m == 12 {
                rassegna_model::PartialDate::month(d.year + 1, 1)
            } else {
                rassegna_model::PartialDate::month(d.year, m + 1)
            };
            Some((start, next.map_or(start + 30, |n| n.days_since_epoch() as i32 - 1)))
        }
        _ => None,
    }
}
