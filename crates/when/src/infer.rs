//! Publication dates when metadata lacks them: from a dateline or the text's own dates, and from the
//! other reports of the same story ("quest'oggi" or "mercoledì" in a report of an event another report
//! dates to the day).

use crate::analyse::{analyse, is_today, tag};
use crate::cal;
use crate::lang::Dir;
use crate::resolve::as_date;
use crate::tagger::{Expr, Found};
use rassegna_model::{Article, DateMention, DatedRef, PartialDate, PublishedEvidence};

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
    infer_published_with_evidence(text, lang).map(|(d, e)| (d, e.confidence as f32))
}

/// The evidence of one inference from the text alone: the mention it rests on.
fn from_text(method: &str, confidence: f32, cue: &DateMention) -> PublishedEvidence {
    PublishedEvidence {
        method: method.into(),
        confidence: two_decimals(confidence),
        cues: vec![cue.clone()],
        context: Vec::new(),
    }
}

/// A confidence as the evidence keeps it: two decimals, so that it reads as written.
fn two_decimals(c: f32) -> f64 {
    (f64::from(c) * 100.0).round() / 100.0
}

/// [`infer_published`] with its evidence: the method, the confidence and the mention it rests on.
pub fn infer_published_with_evidence(text: &str, lang: Option<&str>) -> Option<(PartialDate, PublishedEvidence)> {
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
        return Some((d, from_text(if stamp { "stamp" } else { "dateline" }, conf, m)));
    }
    // "oggi, 19 giugno 2024": a full date in a sentence that also says "today".
    let todays: Vec<usize> = found.iter().filter(|(f, _)| is_today(&f.expr)).map(|(_, m)| m.start).collect();
    for (f, m) in &found {
        if let (Expr::Cal { year: Some(_), day: Some(_), .. }, Some(d)) = (&f.expr, as_date(&m.value))
            && todays.iter().any(|&t| t.abs_diff(m.start) < 40)
        {
            return Some((d, from_text("today", 0.7, m)));
        }
    }
    // The latest past full date the text states: publication is on or after it.
    let (latest, cue) = found
        .iter()
        .filter(|(f, _)| !f.future && matches!(f.expr, Expr::Cal { year: Some(_), .. }))
        .filter_map(|(_, m)| as_date(&m.value).map(|d| (d, m)))
        .max_by_key(|(d, _)| (d.days_since_epoch(), d.day.is_some(), d.month.is_some()))?;
    // A year alone says too little: a report citing 2022 may be from any later year.
    let conf = match latest.precision() {
        "day" => 0.35,
        "month" => 0.2,
        _ => return None,
    };
    Some((latest, from_text("latest-date", conf, cue)))
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
/// this one ("quest'oggi", a weekday) that it reports the same day. Marks `published_inferred`, keeps
/// the evidence in `published_evidence` and re-resolves `dates` against the new anchor.
pub fn refine_story_dates(articles: &mut [Article]) {
    refine_story_dates_in(articles, None);
}

/// Set an inferred publication date with its evidence; the article's dates are read again against it,
/// and the cues are given as that reading has them.
fn set_inferred(a: &mut Article, date: PartialDate, mut evidence: PublishedEvidence) {
    a.published = Some(date);
    a.published_inferred = true;
    a.dates = tag(&a.text, a.lang.as_deref(), a.published);
    for cue in &mut evidence.cues {
        if let Some(m) = a.dates.iter().find(|m| m.start == cue.start && m.end == cue.end) {
            cue.clone_from(m);
        }
    }
    a.published_evidence = Some(evidence);
}

/// [`refine_story_dates`] for a story in a storyline whose other stories run up to
/// `storyline_latest` (the latest of them and its date): a report of this story with no date at all
/// is then read against the storyline too (a follow-up months later that names only "l'8 novembre" is
/// from that November).
pub fn refine_story_dates_in(articles: &mut [Article], storyline_latest: Option<&DatedRef>) {
    // Days the story's dated reports give (publication days to the day), with the report.
    let mut known: Vec<(PartialDate, String)> =
        articles.iter().filter_map(|a| a.published.filter(|d| d.day.is_some()).map(|d| (d, a.id.clone()))).collect();
    // First pass: the article's own dateline.
    for a in articles.iter_mut() {
        if a.published.is_some_and(|d| d.day.is_some()) {
            continue;
        }
        if let Some((d, evidence)) = infer_published_with_evidence(&a.text, a.lang.as_deref()) {
            let conf = evidence.confidence;
            let better = match a.published {
                None => conf >= 0.5 || d.day.is_none(),
                Some(p) => d.day.is_some() && conf >= 0.5 && compatible(Some(p), d),
            };
            if better {
                if d.day.is_some() {
                    known.push((d, a.id.clone()));
                }
                set_inferred(a, d, evidence);
            }
        }
    }
    known.sort();
    known.dedup_by(|x, y| x.0 == y.0);
    // Second pass: story evidence.
    for a in articles.iter_mut() {
        if a.published.is_some_and(|d| d.day.is_some()) {
            continue;
        }
        let found = analyse(&a.text, a.lang.as_deref(), None);
        let ev = evidence(&found);
        let candidates: Vec<&(PartialDate, String)> =
            known.iter().filter(|(d, id)| *id != a.id && compatible(a.published, *d)).collect();
        // A report mentioning "mercoledì" of an event dated to a Wednesday is from that day.
        let weekday_of = |d: &PartialDate| cal::weekday(d.days_since_epoch());
        let by_weekday = candidates.iter().find(|(d, _)| ev.weekdays.contains(&weekday_of(d)));
        let Some(&&(d, ref id)) = by_weekday.or(if ev.today { candidates.first() } else { None }) else {
            continue;
        };
        let cue = |f: &Found| match (by_weekday, &f.expr) {
            (Some(_), Expr::Weekday { wd, dir: None, .. }) => *wd == weekday_of(&d) && !f.future,
            (Some(_), _) => false,
            (None, e) => is_today(e),
        };
        let confidence = if by_weekday.is_some() || candidates.len() == 1 { 0.6 } else { 0.45 };
        let cues = found.iter().filter(|(f, _)| cue(f)).map(|(_, m)| m.clone()).collect();
        let context = vec![DatedRef { id: id.clone(), date: d }];
        let evidence =
            PublishedEvidence { method: "story-day".into(), confidence: two_decimals(confidence), cues, context };
        set_inferred(a, d, evidence);
    }
    // Third pass: undated reports in a storyline.
    let own = articles.iter().filter_map(|a| a.published.map(|d| DatedRef { id: a.id.clone(), date: d }));
    let Some(context) = own.chain(storyline_latest.cloned()).max_by_key(|r| r.date) else {
        return;
    };
    for a in articles.iter_mut().filter(|a| a.published.is_none()) {
        if let Some((month, evidence)) = storyline_month(a, &context) {
            set_inferred(a, month, evidence);
        }
    }
}

/// The month an undated report of a storyline is from: the latest month it names as past (a day or
/// month without a year, "l'8 novembre ... ha ratificato", "a giugno", "lo scorso ottobre"), read in
/// the year of the latest date it follows (`context`: a report of its story, or another story of its
/// storyline), when that month is not before `context`. Months named as coming say nothing here: "a
/// gennaio" ahead of a November report is the next January.
fn storyline_month(a: &Article, context: &DatedRef) -> Option<(PartialDate, PublishedEvidence)> {
    let year = context.date.year;
    let found = analyse(&a.text, a.lang.as_deref(), Some(PartialDate::year(year)));
    // (month, whether the cue names a day, the cue).
    let mut past = Vec::new();
    for (f, m) in &found {
        let (month, day) = match f.expr {
            Expr::Cal { year: None, month: Some(mo), day, .. } if !f.future => (mo, day.is_some()),
            Expr::MonthRel { month, dir: Dir::Past } => (month, false),
            Expr::DayRel { month, dir: Dir::Past, .. } => (month, true),
            _ => continue,
        };
        past.extend(PartialDate::month(year, month).map(|month| (month, day, m)));
    }
    let &(latest, by_day, _) = past.iter().max_by_key(|(m, day, _)| (*m, *day))?;
    // A report from before the story's known dates would need another year: leave it undated.
    if latest < (PartialDate { year, month: context.date.month, day: None }) {
        return None;
    }
    // A day ("l'8 novembre") says more than a month; every other past month it names adds a little.
    let confidence = (if by_day { 0.5 } else { 0.4 } + 0.05 * (past.len() - 1) as f32).min(0.7);
    let mut cues: Vec<DateMention> = past.iter().map(|(_, _, m)| (*m).clone()).collect();
    cues.sort_by_key(|m| m.start);
    let evidence = PublishedEvidence {
        method: "storyline-month".into(),
        confidence: two_decimals(confidence),
        cues,
        context: vec![context.clone()],
    };
    Some((latest, evidence))
}
