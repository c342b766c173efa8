//! Publication dates when metadata lacks them: from a dateline or the text's own dates, and from the
//! other reports of the same story ("quest'oggi" or "mercoledì" in a report of an event another report
//! dates to the day).

use crate::analyse::{analyse, is_today, tag};
use crate::cal;
use crate::resolve::as_date;
use crate::tagger::{Expr, Found};
use rassegna_model::{Article, PartialDate};

/// Bytes from the start of the text where a dateline may stand.
const DATELINE_WINDOW: usize = 600;

fn line_of(text: &str, start: usize, end: usize) -> (usize, usize) {
    let ls = text[..start].rfind('\n').map_or(0, |p| p + 1);
    let le = text[end..].find('\n').map_or(text.len(), |p| end + p);
    (ls, le)
}

/// Words of a publication stamp, folded.
const STAMP_WORDS: [&str; 27] = [
    "published",
    "updated",
    "posted",
    "first",
    "last",
    "originally",
    "created",
    "modified",
    "release",
    "released",
    "time",
    "at",
    "story",
    "pubblicato",
    "aggiornato",
    "ultimo",
    "aggiornamento",
    "data",
    "date",
    "del",
    "on",
    "il",
    "am",
    "pm",
    "a",
    "p",
    "m",
];
/// Time zones written after a publication time.
const TIME_ZONES: [&str; 24] = [
    "et", "edt", "est", "ct", "cdt", "cst", "pt", "pdt", "pst", "mdt", "mst", "akdt", "akst", "gmt", "utc", "uk",
    "bst", "cet", "cest", "ist", "aest", "aedt", "jst", "sgt",
];
/// Weekday abbreviations of stamps ("Thu Jun 13, 2013"): too common as words to be tagged as weekdays.
const WEEKDAY_ABBREVIATIONS: [&str; 14] =
    ["mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "lun", "mar", "mer", "gio"];

/// Whether a text holds only the words of a publication stamp: "First published:", "Posted on Thu",
/// "8:13 AM PDT", "12:48PM BST", "Fri.,", "Last updated at 11:11 GMT".
fn stamp_words(text: &str) -> bool {
    let stamp = |w: &str| {
        let digits = w.trim_end_matches("am").trim_end_matches("pm");
        STAMP_WORDS.contains(&w)
            || TIME_ZONES.contains(&w)
            || WEEKDAY_ABBREVIATIONS.contains(&w)
            || (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
    };
    rassegna_text::fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).all(stamp)
}

/// Whether the text before a date on its line looks like a dateline head: "PYONGYANG,", "ROME (Reuters) -",
/// "Published on", "Roma, 19 giugno" or nothing at all. Returns the confidence, and whether the head
/// is a publication stamp (a stamp's date ends its line or is followed by a time).
fn dateline_head(head: &str) -> Option<(f32, bool)> {
    let h = head.trim();
    if h.is_empty() {
        return Some((0.75, false));
    }
    if stamp_words(h) {
        return Some((0.8, true));
    }
    let trimmed = h.trim_end_matches([',', '-', '–', '—', ' ', ':']);
    let words: Vec<&str> = trimmed.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 {
        return None;
    }
    // A place name in capitals, or capitalised words, optionally with an agency in brackets.
    let place: String = trimmed.split('(').next().unwrap_or("").trim().to_string();
    let caps = !place.is_empty() && place.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let capitalised = place.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if caps && (h.ends_with([',', '-', '–', '—']) || h.ends_with(')')) {
        Some((0.9, false))
    } else if capitalised && h.trim_end().ends_with(',') && words.len() <= 3 {
        Some((0.8, false))
    } else {
        None
    }
}

/// A publication date from a dateline, else from the text's own dates, with a confidence.
pub fn infer_published(text: &str, lang: Option<&str>) -> Option<(PartialDate, f32)> {
    let found = analyse(text, lang, None);
    // Datelines: a full date near the start, on a line of its own or after a place name.
    for (f, m) in &found {
        if m.start > DATELINE_WINDOW {
            break;
        }
        let Some(d) = as_date(&m.value).filter(|d| d.day.is_some()) else {
            continue;
        };
        if !matches!(f.expr, Expr::Cal { year: Some(_), .. } | Expr::Time { .. }) {
            continue;
        }
        let (ls, le) = line_of(text, m.start, m.end);
        let head = &text[ls..m.start];
        let tail = text[m.end..le].trim_start();
        let Some((mut conf, stamp)) = dateline_head(head) else {
            continue;
        };
        // After the date: nothing, a separator, or a stamp's time ("02:24 GMT", "Last updated at 11:11").
        let tail_is_break = tail.is_empty()
            || tail.starts_with(['–', '-', '—', '|', '('])
            || tail.len() < 12
            || (tail.len() < 40 && stamp_words(tail));
        if stamp && !tail_is_break && !tail.starts_with(|c: char| c.is_ascii_digit()) {
            // "On Tuesday, Oct. 10, 1972, Washington awoke to ...": a sentence, not a stamp.
            continue;
        }
        if !tail_is_break && head.trim().is_empty() {
            // A sentence that merely starts with a date is weaker evidence.
            conf = 0.5;
        }
        return Some((d, conf));
    }
    // "oggi, 19 giugno 2024": a full date in a sentence that also says "today".
    let todays: Vec<usize> = found.iter().filter(|(f, _)| is_today(&f.expr)).map(|(_, m)| m.start).collect();
    for (f, m) in &found {
        if let (Expr::Cal { year: Some(_), day: Some(_), .. }, Some(d)) = (&f.expr, as_date(&m.value))
            && todays.iter().any(|&t| t.abs_diff(m.start) < 40)
        {
            return Some((d, 0.7));
        }
    }
    // The latest past full date the text states: publication is on or after it.
    let latest = found
        .iter()
        .filter(|(f, _)| !f.future && matches!(f.expr, Expr::Cal { year: Some(_), .. }))
        .filter_map(|(_, m)| as_date(&m.value))
        .max_by_key(|d| (d.days_since_epoch(), d.day.is_some(), d.month.is_some()))?;
    // A year alone says too little: a report citing 2022 may be from any later year.
    let conf = match latest.precision() {
        "day" => 0.35,
        "month" => 0.2,
        _ => return None,
    };
    Some((latest, conf))
}

/// Evidence an article gives about its own publication day, relative to a candidate day.
struct Evidence {
    today: bool,
    /// Weekdays mentioned in past-tense sentences.
    weekdays: Vec<u8>,
}

fn evidence(found: &[(Found, rassegna_model::DateMention)]) -> Evidence {
    Evidence {
        today: found.iter().any(|(f, _)| is_today(&f.expr)),
        weekdays: found
            .iter()
            .filter_map(|(f, _)| match f.expr {
                Expr::Weekday { wd, dir: None, .. } if !f.future => Some(wd),
                _ => None,
            })
            .collect(),
    }
}

fn compatible(coarse: Option<PartialDate>, d: PartialDate) -> bool {
    match coarse {
        None => true,
        Some(c) => {
            c.year == d.year && c.month.is_none_or(|m| Some(m) == d.month) && c.day.is_none_or(|x| Some(x) == d.day)
        }
    }
}

/// For articles of one story (or storyline) whose publication date is missing or coarser than a day,
/// infer it from their own dateline or from the story: another report dated to the day, and evidence in
/// this one ("quest'oggi", a weekday) that it reports the same day. Marks `published_inferred` and
/// re-resolves `dates` against the new anchor.
pub fn refine_story_dates(articles: &mut [Article]) {
    refine_story_dates_in(articles, None);
}

/// [`refine_story_dates`] for a story in a storyline whose other stories run up to
/// `storyline_latest`: a report of this story with no date at all is then read against the
/// storyline too (a follow-up months later that names only "l'8 novembre" is from that November).
pub fn refine_story_dates_in(articles: &mut [Article], storyline_latest: Option<PartialDate>) {
    // Days the story's dated reports give (publication days to the day).
    let mut known: Vec<PartialDate> = articles.iter().filter_map(|a| a.published.filter(|d| d.day.is_some())).collect();
    // First pass: the article's own dateline.
    for a in articles.iter_mut() {
        if a.published.is_some_and(|d| d.day.is_some()) {
            continue;
        }
        if let Some((d, conf)) = infer_published(&a.text, a.lang.as_deref()) {
            let better = match a.published {
                None => conf >= 0.5 || d.day.is_none(),
                Some(p) => d.day.is_some() && conf >= 0.5 && compatible(Some(p), d),
            };
            if better {
                a.published = Some(d);
                a.published_inferred = true;
                if d.day.is_some() {
                    known.push(d);
                }
                a.dates = tag(&a.text, a.lang.as_deref(), a.published);
            }
        }
    }
    known.sort();
    known.dedup();
    // Second pass: story evidence.
    for a in articles.iter_mut() {
        if a.published.is_some_and(|d| d.day.is_some()) {
            continue;
        }
        let found = analyse(&a.text, a.lang.as_deref(), None);
        let ev = evidence(&found);
        let candidates: Vec<PartialDate> = known.iter().copied().filter(|d| compatible(a.published, *d)).collect();
        let pick = if !ev.weekdays.is_empty() {
            // A report mentioning "mercoledì" of an event dated to a Wednesday is from that day.
            candidates.iter().copied().find(|d| {
                let z = d.days_since_epoch();
                ev.weekdays.contains(&cal::weekday(z))
            })
        } else {
            None
        };
        let pick = pick.or_else(|| (ev.today && candidates.len() == 1).then(|| candidates[0]));
        let pick = pick.or_else(|| if ev.today { candidates.first().copied() } else { None });
        if let Some(d) = pick {
            a.published = Some(d);
            a.published_inferred = true;
            a.dates = tag(&a.text, a.lang.as_deref(), a.published);
        }
    }
    // Third pass: undated reports in a storyline. The latest date of the others gives the year; the
    // report's own latest past day or month in that year ("l'8 novembre") gives the month it is from.
    let Some(context) = articles.iter().filter_map(|a| a.published).chain(storyline_latest).max() else {
        return;
    };
    for a in articles.iter_mut().filter(|a| a.published.is_none()) {
        let found = analyse(&a.text, a.lang.as_deref(), Some(PartialDate::year(context.year)));
        let latest = found
            .iter()
            .filter(|(f, _)| !f.future && matches!(f.expr, Expr::Cal { year: None, month: Some(_), .. }))
            .filter_map(|(_, m)| as_date(&m.value))
            .max();
        // A report from before the story's known dates would need another year: leave it undated.
        let Some(month) = latest.and_then(|d| PartialDate::month(d.year, d.month?)) else { continue };
        if month < (PartialDate { year: context.year, month: context.month, day: None }) {
            continue;
        }
        a.published = Some(month);
        a.published_inferred = true;
        a.dates = tag(&a.text, a.lang.as_deref(), a.published);
    }
}
