//! Finds time expressions in a text with word tables per language and turns each into an unresolved
//! [`Expr`]: what was written, before the anchor date gives it a calendar value.

use crate::lang::{Dir, Holiday, PartOfDay, Table, Unit};
use crate::timex::duration;
use rassegna_text::{fold, is_stop_word, tokens};

/// A time expression as written, not yet placed on the calendar.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A calendar date with the fields the text gives.
    Cal {
        year: Option<i32>,
        month: Option<u8>,
        day: Option<u8>,
        weekday: Option<u8>,
        pod: Option<PartOfDay>,
    },
    /// A weekday, possibly with "last"/"next" and a part of the day.
    Weekday {
        wd: u8,
        dir: Option<Dir>,
        pod: Option<PartOfDay>,
    },
    /// A month with "last"/"this"/"next" ("lo scorso ottobre").
    MonthRel {
        month: u8,
        dir: Dir,
    },
    /// A day and month with "last"/"next" ("lo scorso 28 giugno", "l'11 febbraio scorso").
    DayRel {
        month: u8,
        day: u8,
        dir: Dir,
    },
    /// A season, possibly with a year or a modifier.
    Season {
        code: &'static str,
        year: Option<i32>,
        dir: Option<Dir>,
    },
    /// A day counted from the anchor ("ieri" = -1), possibly with a part of the day.
    RelDay {
        offset: i64,
        pod: Option<PartOfDay>,
    },
    /// The unit holding the anchor, or the one before or after ("la settimana scorsa").
    RelUnit {
        unit: Unit,
        dir: Dir,
    },
    /// A point `n` units before (sign -1) or after (sign 1) the anchor; `None` when the count is vague.
    Offset {
        unit: Unit,
        n: Option<f64>,
        sign: i8,
    },
    Duration {
        unit: Unit,
        n: Option<f64>,
    },
    Set {
        value: String,
    },
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`.
    Ref(&'static str),
    /// A decade as its first three digits (`199`).
    Decade(i32),
    /// A century as its first two digits (`19` for the twentieth).
    Century(i32),
    Quarter {
        q: u8,
        year: Option<i32>,
        dir: Option<Dir>,
    },
    /// The period a report is about ("the quarter", "the latest period"), `back` years before it ("the
    /// year-ago quarter"), in `year` when written ("the 1988 quarter"): the quarter last named in the text,
    /// else the one before the anchor's. A `bare` "year-ago" with no quarter named is the year before.
    ReportQuarter {
        back: i32,
        year: Option<i32>,
        bare: bool,
    },
    /// A holiday, in a year when written, or the last or next one.
    Holiday {
        h: Holiday,
        year: Option<i32>,
        dir: Option<Dir>,
    },
    /// "the following year": `k` units from the date told last; resolved by the scanner, never left.
    Step {
        unit: Unit,
        k: i8,
    },
    /// "the weekend": the last one, or the coming one in a sentence about the future.
    TheWeekend,
    /// A clock time on the anchor day or on a given date.
    Time {
        day: Option<Box<Expr>>,
        hour: u8,
        minute: u8,
        /// Given in UTC ("18:00 UTC"): the value ends in `Z`.
        utc: bool,
    },
    /// A span between two years or dates, as a duration ("dal 2009 al 2011").
    Range {
        from: Box<Expr>,
        to: Box<Expr>,
    },
}

/// A token of the text: its folded form and byte span.
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    pub raw: &'a str,
    pub f: String,
    pub start: usize,
    pub end: usize,
}

/// A found expression: token range, byte span, the expression and whether its sentence speaks of the future.
#[derive(Debug, Clone)]
pub struct Found {
    pub first: usize,
    pub last: usize,
    pub start: usize,
    pub end: usize,
    pub expr: Expr,
    pub future: bool,
    /// The nearest tense cue of its sentence is a past one ("ended", "was").
    pub past: bool,
}

pub struct Scanner<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    t: &'static Table,
}

type Hit = Option<(usize, Expr)>;

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, t: &'static Table) -> Self {
        let mut toks: Vec<Tok> = tokens(text)
            .map(|k| {
                // Most tokens are ASCII: lowercasing is all folding does to them.
                let f = if k.text.is_ascii() { k.text.to_ascii_lowercase() } else { fold(k.text) };
                Tok { raw: k.text, f, start: k.start, end: k.end() }
            })
            .collect();
        // "last year's", "Friday's": the possessive's apostrophe is not part of the word before it.
        for k in 1..toks.len() {
            let (prev, next) = (&toks[k - 1], &toks[k]);
            if next.raw == "s" && prev.end == next.start && prev.raw.len() > 2 && prev.raw.ends_with(['\'', '’']) {
                let raw = prev.raw.trim_end_matches(['\'', '’']);
                let end = prev.start + raw.len();
                toks[k - 1] = Tok { raw, f: fold(raw), start: prev.start, end };
            }
        }
        Scanner { text, toks, t }
    }

    fn f(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| t.f.as_str())
    }

    /// The text between token `i - 1` and token `i`.
    fn gap(&self, i: usize) -> &'a str {
        if i == 0 || i >= self.toks.len() {
            return "";
        }
        &self.text[self.toks[i - 1].end..self.toks[i].start]
    }

    /// Whether tokens `i - 1` and `i` are separated only by spaces, a hyphen or an accent apostrophe.
    fn tight(&self, i: usize) -> bool {
        // An apostrophe for a missing accent ("venerdi' scorso") does not separate words.
        i < self.toks.len()
            && self.gap(i).chars().all(|c| matches!(c, ' ' | '-' | '\u{a0}' | '\t' | '\'' | '’'))
            && self.gap(i).chars().filter(|c| matches!(c, '\'' | '’')).count() <= 1
    }

    /// Whether a sentence ends between tokens `i - 1` and `i` (not a decimal point nor "Calif.,").
    fn sentence_gap(&self, i: usize) -> bool {
        let g = self.gap(i);
        g.contains('\n') || g.contains(". ") || g.contains("? ") || g.contains("! ")
    }

    /// Whether tokens `i - 1` and `i` are separated by spaces and at most one comma.
    fn loose(&self, i: usize) -> bool {
        i < self.toks.len() && {
            let g = self.gap(i);
            g.chars().all(|c| c == ' ' || c == ',' || c == '\u{a0}') && g.matches(',').count() <= 1
        }
    }

    /// Whether token `i - 1` is a short word closed by its abbreviation dot and then spaces ("Nov. 30").
    fn after_abbreviation(&self, i: usize) -> bool {
        i < self.toks.len() && self.f(i - 1).len() <= 4 && {
            let g = self.gap(i);
            g.starts_with('.') && g.len() > 1 && g[1..].chars().all(|c| c == ' ' || c == '\u{a0}')
        }
    }

    /// End of a space-separated phrase of folded words starting at token `i`.
    fn phrase(&self, i: usize, p: &str) -> Option<usize> {
        let mut j = i;
        for (n, w) in p.split(' ').enumerate() {
            if j >= self.toks.len() || self.toks[j].f != w || (n > 0 && !self.tight(j)) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// The longest phrase of a list matching at `i`, with its value.
    fn longest<T: Copy>(&self, i: usize, list: &[(&str, T)]) -> Option<(usize, T)> {
        list.iter().filter_map(|(p, v)| self.phrase(i, p).map(|e| (e, *v))).max_by_key(|(e, _)| *e)
    }

    fn any_phrase(&self, i: usize, list: &[&str]) -> Option<usize> {
        list.iter().filter_map(|p| self.phrase(i, p)).max()
    }

    fn digits(&self, i: usize) -> Option<(u32, usize)> {
        let t = self.toks.get(i)?;
        (t.raw.len() <= 9 && t.raw.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (t.raw.parse().unwrap_or(0), t.raw.len()))
    }

    /// A day number 1..31, with an ordinal suffix attached ("19th", "1º") or as the next token.
    fn day_num(&self, i: usize) -> Option<(u8, usize)> {
        let t = self.toks.get(i)?;
        if self.t.first_day.contains(&t.f.as_str()) {
            return Some((1, i + 1));
        }
        let num: String = t.raw.chars().take_while(char::is_ascii_digit).collect();
        if num.is_empty() || num.len() > 2 {
            return None;
        }
        let rest = &t.f[num.len()..];
        if !rest.is_empty() && !self.t.ordinal_suffixes.contains(&rest) {
            return None;
        }
        let d: u8 = num.parse().ok()?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut end = i + 1;
        if rest.is_empty() && self.gap(end).is_empty() && self.t.ordinal_suffixes.contains(&self.f(end)) {
            end += 1;
        }
        Some((d, end))
    }

    /// A four-digit year. `cued` allows years outside 1900-2099.
    fn year(&self, i: usize, cued: bool) -> Option<i32> {
        let (y, len) = self.digits(i)?;
        let ok = len == 4 && if cued { (1000..=2199).contains(&y) } else { (1900..=2099).contains(&y) };
        ok.then_some(y as i32)
    }

    /// A month name at `i`; ambiguous ones ("May", "mar") must be capitalised or abbreviated with a dot.
    fn month(&self, i: usize, strict: bool) -> Option<u8> {
        let t = self.toks.get(i)?;
        let m = self.t.month(&t.f)?;
        if self.t.ambiguous_months.contains(&t.f.as_str()) {
            let cap = t.raw.chars().next().is_some_and(char::is_uppercase);
            let dotted = self.text[t.end..].starts_with('.');
            if strict || !(cap || dotted) {
                return None;
            }
        }
        Some(m)
    }

    /// A count: digits, number words (with compounds), "a"/"un" when `allow_one`, vague words as `None`.
    fn count(&self, i: usize, allow_one: bool) -> Option<(usize, Option<f64>)> {
        let t = self.toks.get(i)?;
        if let Some((n, _)) = self.digits(i) {
            let mut end = i + 1;
            let mut v = n as f64;
            if let Some(e) = self.any_phrase(end, self.t.half).filter(|_| self.tight(end)) {
                v += 0.5;
                end = e;
            }
            return Some((end, Some(v)));
        }
        if t.raw.contains([',', '.'])
            && t.raw.chars().next().is_some_and(|c| c.is_ascii_digit())
            && let Ok(v) = t.raw.replace(',', ".").parse::<f64>()
        {
            return Some((i + 1, Some(v)));
        }
        if let Some(v) = self.number_word(&t.f) {
            let mut end = i + 1;
            let mut v = v as f64;
            // "twenty four" (from "twenty-four") and "a hundred".
            if (20.0..100.0).contains(&v)
                && v % 10.0 == 0.0
                && self.tight(end)
                && let Some(u) = self.number_word(self.f(end)).filter(|u| *u < 10)
            {
                v += u as f64;
                end += 1;
            }
            if let Some(e) = self.any_phrase(end, self.t.half).filter(|_| self.tight(end)) {
                v += 0.5;
                end = e;
            }
            return Some((end, Some(v)));
        }
        if self.t.vague_counts.contains(&t.f.as_str()) {
            return Some((i + 1, None));
        }
        if allow_one && self.t.one.contains(&t.f.as_str()) {
            let mut end = i + 1;
            let mut v = 1.0;
            if let Some(e) = self.any_phrase(end, self.t.half).filter(|_| self.tight(end)) {
                v += 0.5;
                end = e;
            }
            return Some((end, Some(v)));
        }
        None
    }

    /// Number words, including Italian compounds such as "ventiquattro" and "trentuno".
    fn number_word(&self, w: &str) -> Option<u32> {
        if let Some((_, v)) = self.t.number_words().find(|(k, _)| *k == w) {
            return Some(v);
        }
        for (tens, tv) in self.t.number_words().filter(|(_, v)| (20..100).contains(v) && v % 10 == 0) {
            let stem = &tens[..tens.len() - 1];
            if let Some(rest) = w.strip_prefix(stem) {
                let last = &tens[tens.len() - 1..];
                let rest = rest.strip_prefix(last).unwrap_or(rest);
                if let Some((_, uv)) = self.t.number_words().find(|(k, v)| *k == rest && (1..10).contains(v)) {
                    return Some(tv + uv);
                }
            }
        }
        None
    }

    fn unit(&self, i: usize) -> Option<(usize, Unit)> {
        self.longest(i, self.t.units)
    }

    fn modifier(&self, i: usize) -> Option<(usize, Dir)> {
        self.longest(i, self.t.modifiers)
    }

    /// A part of the day right after token `i - 1` ("sabato sera", "Friday morning").
    fn pod_after(&self, i: usize) -> Option<(usize, PartOfDay)> {
        if !self.tight(i) {
            return None;
        }
        self.longest(i, self.t.parts_of_day)
    }

    /// Calendar dates: "19 giugno 2024", "June 19, 2024", "giugno 2024", "19/06/2024", "2024", bare months.
    fn calendar(&self, i: usize) -> Hit {
        let mut j = i;
        let mut weekday = None;
        if let Some(wd) = self.t.weekday(self.f(i)) {
            weekday = Some(wd);
            j = i + 1;
            if !self.loose(j) {
                return None;
            }
            // "Monday, the 3rd" is rare in news; an article between weekday and day is skipped.
            if self.t.determiners.contains(&self.f(j)) && self.day_num(j + 1).is_some() {
                j += 1;
            }
        }
        let cal = |year, month, day| Expr::Cal { year, month, day, weekday, pod: None };
        // Day first.
        if let Some((d, mut k)) = self.day_num(j) {
            if self.t.joiners.contains(&self.f(k)) && self.tight(k) && self.month(k + 1, false).is_some() {
                k += 1;
            }
            if (self.loose(k) || self.gap(k) == ".")
                && let Some(m) = self.month(k, false)
            {
                k += 1;
                if self.text[self.toks[k - 1].end..].starts_with('.') && self.f(k - 1).len() <= 4 {
                    // "19 giu. 2024": the abbreviation dot is part of the gap.
                }
                let sep_ok = |k: usize| {
                    let g = self.gap(k);
                    g.chars().all(|c| matches!(c, ' ' | ',' | '.' | '\u{a0}')) && g.len() <= 3
                };
                if sep_ok(k)
                    && let Some(y) = self.year(k, true)
                {
                    return Some((k + 1, cal(Some(y), Some(m), Some(d))));
                }
                // "18 novembre del 2009".
                if self.t.joiners.contains(&self.f(k))
                    && self.tight(k)
                    && self.tight(k + 1)
                    && let Some(y) = self.year(k + 1, true)
                {
                    return Some((k + 2, cal(Some(y), Some(m), Some(d))));
                }
                return Some((k, cal(None, Some(m), Some(d))));
            }
            if let Some(hit) = self.numeric_date(j, weekday) {
                return Some(hit);
            }
            weekday?;
        }
        if let Some(hit) = self.numeric_date(j, weekday) {
            return Some(hit);
        }
        // Month first.
        if let Some(m) = self.month(j, false) {
            let k = j + 1;
            if self.loose(k) || self.after_abbreviation(k) {
                if let Some((d, k2)) = self.day_num(k) {
                    // "June 19, 2024", "April 2nd"; not "June 2024".
                    if self.loose(k2)
                        && let Some(y) = self.year(k2, true)
                    {
                        return Some((k2 + 1, cal(Some(y), Some(m), Some(d))));
                    }
                    if self.digits(k).is_none_or(|(_, len)| len <= 2) {
                        return Some((k2, cal(None, Some(m), Some(d))));
                    }
                }
                if let Some(y) = self.year(k, true) {
                    return Some((k + 1, cal(Some(y), Some(m), None)));
                }
                if let Some((e, Expr::Cal { year, .. })) = self.year_in_words(k) {
                    return Some((e, cal(year, Some(m), None)));
                }
            }
            if self.t.joiners.contains(&self.f(k))
                && self.tight(k)
                && self.tight(k + 1)
                && let Some(y) = self.year(k + 1, true)
            {
                return Some((k + 2, cal(Some(y), Some(m), None)));
            }
            if weekday.is_some() {
                return None;
            }
            // A bare month: ambiguous names need a cue before them, abbreviations ("Mar") never stand alone.
            let strict_ok = self.month(j, true).is_some();
            let cued =
                i > 0 && (self.t.year_cues.contains(&self.f(i - 1)) || self.t.determiners.contains(&self.f(i - 1)));
            let abbreviation =
                self.f(j).len() <= 4 && self.t.lang.month_words().any(|(w, mm)| mm == m && w.len() > self.f(j).len());
            if !abbreviation && (strict_ok || cued) {
                return Some((k, cal(None, Some(m), None)));
            }
            return None;
        }
        if weekday.is_some() {
            return None;
        }
        // A year in words, as transcripts write it: "nineteen ninety-six", "the year two thousand".
        if let Some(hit) = self.year_in_words(i) {
            return Some(hit);
        }
        // A year alone.
        let after_det = i > 0 && self.t.determiners.contains(&self.f(i - 1));
        let range_end =
            i > 1 && self.t.ranges.iter().any(|(_, to)| *to == self.f(i - 1)) && self.year(i - 2, true).is_some();
        let cued = i > 0
            && (self.t.year_cues.contains(&self.f(i - 1))
                || self.t.lang.month_words().any(|(m, _)| m == self.f(i - 1))
                || range_end);
        let y = self.year(i, cued)?;
        // "1500-2000 persone": the end of a range whose start is no year is a number too.
        if matches!(self.gap(i), "-" | "–") && self.digits(i - 1).is_some_and(|_| self.year(i - 1, false).is_none()) {
            return None;
        }
        if self.gap(i).contains(['$', '€', '£', '#', '+'])
            || self.text[self.toks[i].end..].starts_with(['%', '.', ',']) && {
                let rest = &self.text[self.toks[i].end..];
                rest.len() > 1 && rest.as_bytes()[1].is_ascii_digit()
            }
        {
            return None;
        }
        // "a 2015 survey", "its 1990 invasion", "the company's 1989 results": a year between a determiner
        // or a possessive and its noun modifies the noun; a count would not follow them.
        let modifier = i > 0
            && (self.t.noun_determiners.contains(&self.f(i - 1))
                || (self.f(i - 1) == "s" && matches!(self.gap(i - 1), "'" | "’"))
                || self.toks[i - 1].f.ends_with("'s"));
        // "2000 soldati": a year is not followed by the noun it counts.
        if !cued && !after_det && !modifier && i + 1 < self.toks.len() && self.tight(i + 1) {
            let next = &self.toks[i + 1];
            let is_word =
                next.raw.chars().all(char::is_alphabetic) && next.raw.chars().next().is_some_and(char::is_lowercase);
            if is_word && !is_stop_word(self.t.code, &next.f) && self.t.unit(&next.f).is_none() {
                return None;
            }
        }
        Some((i + 1, cal(Some(y), None, None)))
    }

    /// "nineteen ninety-six" (a century word then a count of 10-99 with no "hundred"), "the year two
    /// thousand".
    fn year_in_words(&self, i: usize) -> Hit {
        let cal = |y: u32| Expr::Cal { year: Some(y as i32), month: None, day: None, weekday: None, pod: None };
        let c = self.number_word(self.f(i))?;
        if (11..=20).contains(&c)
            && self.tight(i + 1)
            && let Some((end, Some(n))) = self.count(i + 1, false)
            && (10.0..100.0).contains(&n)
            && self.digits(i + 1).is_none()
            && self.number_word(self.f(i + 1)).is_some()
        {
            return Some((end, cal(c * 100 + n as u32)));
        }
        // "the year two thousand (and one)".
        if i > 1
            && self.t.unit(self.f(i - 1)) == Some(Unit::Year)
            && self.t.determiners.contains(&self.f(i - 2))
            && let Some((end, Some(n))) = self.count(i, false)
            && self.digits(i).is_none()
            && let Some((e2, Some(k))) = self.count(end, false).filter(|_| self.tight(end))
            && k >= 1000.0
        {
            return Some((e2, cal((n * k) as u32)));
        }
        None
    }

    /// "19/06/2024", "6/19/24", "2024-06-19", "19.06.2024", and the web's "24-Nov-04" (the month
    /// abbreviated in the page's language or in English, whatever the language of the text).
    fn numeric_date(&self, i: usize, weekday: Option<u8>) -> Hit {
        let t = self.toks.get(i)?;
        if let Some((d, 1..=2)) = self.digits(i)
            && self.gap(i + 1) == "-"
            && self.gap(i + 2) == "-"
            && let Some(m) =
                self.toks.get(i + 1).and_then(|m| self.t.month(&m.f).or(crate::lang::table("en").month(&m.f)))
            && let Some((y, len @ (2 | 4))) = self.digits(i + 2)
        {
            let y = match len {
                4 => y as i32,
                _ if y < 50 => 2000 + y as i32,
                _ => 1900 + y as i32,
            };
            return crate::cal::valid(y, m, d as u8).then_some((
                i + 3,
                Expr::Cal { year: Some(y), month: Some(m), day: Some(d as u8), weekday, pod: None },
            ));
        }
        let parts: Vec<(u32, usize)>;
        let end;
        if t.raw.contains('.') && t.raw.split('.').count() == 3 {
            // One token such as "19.06.2024".
            parts = t.raw.split('.').map(|p| (p.parse().unwrap_or(0), p.len())).collect();
            if parts.iter().any(|(_, l)| *l == 0) || !t.raw.split('.').all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
                return None;
            }
            end = i + 1;
        } else {
            let a = self.digits(i)?;
            let sep = self.gap(i + 1);
            if !matches!(sep, "/" | "-" | ".") {
                return None;
            }
            let b = self.digits(i + 1)?;
            if self.gap(i + 2) != sep {
                return None;
            }
            let c = self.digits(i + 2)?;
            parts = vec![a, b, c];
            end = i + 3;
        }
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        let (y, m, d) = if a.1 == 4 {
            (a.0 as i32, b.0, c.0)
        } else if c.1 == 4 || c.1 == 2 {
            let y = if c.1 == 4 {
                c.0 as i32
            } else if c.0 < 50 {
                2000 + c.0 as i32
            } else {
                1900 + c.0 as i32
            };
            let day_first = if a.0 > 12 {
                true
            } else if b.0 > 12 {
                false
            } else {
                self.t.day_first
            };
            if day_first { (y, b.0, a.0) } else { (y, a.0, b.0) }
        } else {
            return None;
        };
        if a.1 > 4 || b.1 > 2 || !crate::cal::valid(y, m as u8, d as u8) {
            return None;
        }
        Some((end, Expr::Cal { year: Some(y), month: Some(m as u8), day: Some(d as u8), weekday, pod: None }))
    }

    /// "mercoledì", "sabato sera", "last Tuesday", "martedì scorso", "on Friday morning".
    fn weekday(&self, i: usize) -> Hit {
        let (mut j, mut dir) = (i, None);
        if let Some((e, d)) = self.modifier(i)
            && self.tight(e)
            && self.t.weekday(self.f(e)).is_some()
        {
            j = e;
            dir = Some(d);
        }
        let wd = self.t.weekday(self.f(j))?;
        // English weekdays are capitalised; a lowercase "sunday" is a common word elsewhere.
        let mut end = j + 1;
        if dir.is_none()
            && let Some((e, d)) = self.modifier(end).filter(|_| self.tight(end))
            && d != Dir::This
        {
            dir = Some(d);
            end = e;
        }
        let mut pod = None;
        if let Some((e, p)) = self.pod_after(end) {
            pod = Some(p);
            end = e;
        }
        Some((end, Expr::Weekday { wd, dir, pod }))
    }

    /// "oggi", "quest'oggi", "ieri sera", "yesterday", "tonight".
    fn rel_day(&self, i: usize) -> Hit {
        let (mut end, (off, pod)) = self
            .t
            .rel_days
            .iter()
            .filter_map(|(p, o, d)| self.phrase(i, p).map(|e| (e, (*o, *d))))
            .max_by_key(|(e, _)| *e)?;
        let mut pod = pod;
        if pod.is_none()
            && let Some((e, p)) = self.pod_after(end)
        {
            pod = Some(p);
            end = e;
        }
        Some((end, Expr::RelDay { offset: off, pod }))
    }

    /// Month or season with a modifier: "lo scorso ottobre", "ottobre scorso", "last October", "l'estate scorsa".
    fn modified_month(&self, i: usize) -> Hit {
        if let Some((e, d)) = self.modifier(i)
            && self.tight(e)
        {
            if let Some(m) = self.month(e, false) {
                return Some((e + 1, Expr::MonthRel { month: m, dir: d }));
            }
            if let Some((e2, s)) = self.longest(e, self.t.seasons) {
                return Some((e2, Expr::Season { code: s, year: None, dir: Some(d) }));
            }
        }
        if let Some(m) = self.month(i, false)
            && let Some((e, d)) = self.modifier(i + 1).filter(|_| self.tight(i + 1))
            && d != Dir::This
        {
            return Some((e, Expr::MonthRel { month: m, dir: d }));
        }
        if let Some((e, s)) = self.longest(i, self.t.seasons) {
            if let Some((e2, d)) = self.modifier(e).filter(|_| self.tight(e))
                && d != Dir::This
            {
                return Some((e2, Expr::Season { code: s, year: None, dir: Some(d) }));
            }
            if self.tight(e) {
                if let Some(y) = self.year(e, true) {
                    return Some((e + 1, Expr::Season { code: s, year: Some(y), dir: None }));
                }
                if self.t.joiners.contains(&self.f(e))
                    && self.tight(e + 1)
                    && let Some(y) = self.year(e + 1, true)
                {
                    return Some((e + 2, Expr::Season { code: s, year: Some(y), dir: None }));
                }
                if self.t.joiners.contains(&self.f(e))
                    && self.tight(e + 1)
                    && let Some((e2, Expr::Cal { year, .. })) = self.year_in_words(e + 1)
                {
                    return Some((e2, Expr::Season { code: s, year, dir: None }));
                }
            }
            // A bare season needs a cue: "in estate", "this summer" is handled above.
            let cued =
                i > 0 && (self.t.year_cues.contains(&self.f(i - 1)) || self.t.determiners.contains(&self.f(i - 1)));
            // English "fall" and "spring" are verbs and nouns too: only after a cue. A capitalised
            // season is a name ("la Primavera araba", "the Arab Spring").
            if cued && self.toks[i].raw.chars().next().is_some_and(char::is_lowercase) {
                return Some((e, Expr::Season { code: s, year: None, dir: None }));
            }
        }
        None
    }

    /// Units with counts and modifiers: "tre anni fa", "two years ago", "tra tre giorni", "la settimana
    /// scorsa", "this week", "the past decade", "for three weeks", "da 24 anni", "ogni anno", "$5 a year".
    fn units(&self, i: usize) -> Hit {
        let t = self.t;
        // "ogni anno", "every year", "each week".
        if t.every.contains(&self.f(i)) {
            // "ogni estate", "every summer".
            if let Some((e, code)) = self.longest(i + 1, t.seasons).filter(|_| self.tight(i + 1)) {
                return Some((e, Expr::Set { value: format!("XXXX-{code}") }));
            }
            let (c_end, n) = self.count(i + 1, false).map_or((i + 1, Some(1.0)), |(e, n)| (e, n));
            if let Some((e, u)) = self.unit(c_end).filter(|_| self.tight(c_end)) {
                return Some((e, Expr::Set { value: set_value(u, n) }));
            }
        }
        // "il y a deux ans", "hace dos años".
        if let Some(e) = self.any_phrase(i, t.ago_prefix)
            && self.tight(e)
            && let Some((c_end, n)) = self.count(e, true)
            && let Some((ue, u)) = self.unit(c_end).filter(|_| self.tight(c_end))
        {
            // "desde hace 24 años" runs up to now: a duration.
            let since = i > 0 && t.since_words.iter().any(|p| p.ends_with(self.f(i)) && p.starts_with(self.f(i - 1)));
            if since {
                return Some((ue, Expr::Duration { unit: u, n }));
            }
            return Some((ue, Expr::Offset { unit: u, n, sign: -1 }));
        }
        // "tra tre giorni", "in two years"; not "in recent years", which looks back.
        if let Some(a) = self.any_phrase(i, t.ahead)
            && self.tight(a)
            && !t.past_counts.contains(&self.f(a))
            && let Some((c_end, n)) = self.count(a, true)
            && let Some((e, u)) = self.unit(c_end).filter(|_| self.tight(c_end))
            && (!matches!(u, Unit::Second | Unit::Minute | Unit::Hour) || t.code != "en")
        {
            return Some((e, Expr::Offset { unit: u, n, sign: 1 }));
        }
        // Determiner + span modifier: "the past three years", "gli ultimi tre anni", "the next four years".
        let mut j = i;
        let mut det = false;
        if t.determiners.contains(&self.f(j)) && self.tight(j + 1) {
            det = true;
            j += 1;
        }
        if let Some(e) = self.any_phrase(j, t.span_modifiers) {
            let w = self.f(j).to_string();
            if self.tight(e) {
                let (c_end, n, counted) = match self.count(e, false) {
                    Some((ce, n)) if self.tight(ce) => (ce, n, true),
                    _ => (e, Some(1.0), false),
                };
                if let Some((ue, u)) = self.unit(c_end).filter(|_| c_end == e || self.tight(c_end)) {
                    // "the past years", "gli ultimi giorni": plural without a count is a vague amount.
                    let plural = t.plural_units.contains(&self.f(c_end));
                    let n = if !counted && plural { None } else { n };
                    // English: "last year" is a date, "the last year" and "the past year" are durations.
                    // Italian: "l'ultimo anno", "gli ultimi anni" are durations; "il prossimo anno" a date.
                    let as_duration = counted
                        || (t.code == "en" && (det || w == "past"))
                        || (t.code != "en" && !matches!(t.modifier(&w), Some(Dir::Next) | Some(Dir::Past)))
                        || (t.code != "en" && n.is_none());
                    // "the last quarter" is the previous quarter.
                    let as_duration = as_duration && (counted || u != Unit::Quarter);
                    // "the following year", "the previous month": a step from the date told before, when
                    // there is one (else a duration, as before).
                    if let Some((_, k)) = t.step_modifiers.iter().find(|(m, _)| *m == w)
                        && det
                        && !counted
                        && n.is_some()
                        && matches!(u, Unit::Year | Unit::Month | Unit::Day)
                    {
                        return Some((ue, Expr::Step { unit: u, k: *k }));
                    }
                    if as_duration {
                        return Some((ue, Expr::Duration { unit: u, n }));
                    }
                    if let Some(d) = t.modifier(&w) {
                        return Some((ue, Expr::RelUnit { unit: u, dir: d }));
                    }
                }
            }
        }
        // Modifier + unit: "last week", "this year", "quest'anno", "lo scorso anno", "il prossimo mese".
        if let Some((e, d)) = self.modifier(j)
            && (self.tight(e) || self.gap(e).is_empty())
            && let Some((ue, u)) = self.unit(e)
        {
            return Some((ue, Expr::RelUnit { unit: u, dir: d }));
        }
        // Unit + modifier: "la settimana scorsa", "l'anno prossimo", "il mese in corso".
        if (det || t.code != "en")
            && let Some((ue, u)) = self.unit(j)
            && let Some((e, d)) = self.modifier(ue).filter(|_| self.tight(ue))
        {
            return Some((e, Expr::RelUnit { unit: u, dir: d }));
        }
        // "the weekend", "il fine settimana": the nearest one, resolved with the tense.
        if det
            && let Some((ue, Unit::Weekend)) = self.unit(j)
            && !t.plural_units.contains(&self.f(j))
            && self.toks[j].raw.chars().next().is_some_and(char::is_lowercase)
        {
            return Some((ue, Expr::TheWeekend));
        }
        // "the year", "the full year": the anchor's year; "the year ended March 31" a year's span. Not
        // "the year before", "the year of the flood".
        if t.code == "en" && det {
            let mut k = j;
            while let Some(e) = self.any_phrase(k, t.period_adjectives).filter(|e| self.tight(*e)) {
                k = e;
            }
            if self.f(k) == "year"
                && self.toks[k].raw == "year"
                && self.tight(k)
                && !(self.gap(k + 1) == "-" || self.gap(k + 1).starts_with('\''))
            {
                let next = self.f(k + 1);
                let relative = self.tight(k + 1) && (t.joiners.contains(&next) || t.relative_after.contains(&next));
                if !relative {
                    if let Some(hit) = self.year_in_words(k + 1).filter(|_| self.tight(k + 1)) {
                        return Some(hit);
                    }
                    if self.tight(k + 1) && t.period_ended.contains(&next) {
                        return Some((k + 1, Expr::Duration { unit: Unit::Year, n: Some(1.0) }));
                    }
                    return Some((k + 1, Expr::RelUnit { unit: Unit::Year, dir: Dir::This }));
                }
            }
        }
        // "decades-long", "day-long": a unit made an adjective of length is a duration.
        if let Some((ue, u)) = self.unit(i)
            && self.gap(ue) == "-"
            && t.long_words.contains(&self.f(ue))
        {
            let n = if t.plural_units.contains(&self.f(i)) { None } else { Some(1.0) };
            return Some((ue + 1, Expr::Duration { unit: u, n }));
        }
        // "da anni", "for years": a bare plural unit after a span preposition.
        if i > 0
            && self.tight(i)
            && t.vague_span_preps.iter().any(|p| self.any_phrase(i - p.split(' ').count().min(i), &[p]) == Some(i))
            && let Some((ue, u)) = self.unit(i)
            && t.plural_units.contains(&self.f(i))
        {
            return Some((ue, Expr::Duration { unit: u, n: None }));
        }
        // Count + unit (+ ago): "24 anni fa", "two years ago", "three weeks", "fifty-year".
        let (mut c_end, n) = self.count(i, true)?;
        if !self.tight(c_end) {
            return None;
        }
        // "two more weeks", "an additional year", "a couple of years", "un paio di anni".
        let word_count = self.digits(c_end - 1).is_none() && self.number_word(self.f(c_end - 1)).is_some();
        if (t.more.contains(&self.f(c_end)) || (t.joiners.contains(&self.f(c_end)) && word_count))
            && self.tight(c_end + 1)
            && self.unit(c_end + 1).is_some()
        {
            c_end += 1;
        }
        let (ue, u) = self.unit(c_end)?;
        // "a day-long hearing", "a two-year-long study": the length word joins the amount.
        if self.gap(ue) == "-" && t.long_words.contains(&self.f(ue)) {
            return Some((ue + 1, Expr::Duration { unit: u, n }));
        }
        // "a 6-year-old boy", "un uomo di 45 anni d'età": an age, not a duration.
        if self.any_phrase(ue, t.ages).is_some() && self.tight(ue) {
            return None;
        }
        // "a quarter of the staff", "three-quarters of voters": a fraction, not a duration.
        if u == Unit::Quarter && n.is_some() && self.tight(ue) && self.t.joiners.contains(&self.f(ue)) {
            return None;
        }
        // "a second time" is an ordinal, not a duration.
        if u == Unit::Second && t.one.contains(&self.f(i)) {
            return None;
        }
        // "a year" only counts when it is not "once a year" (handled as a set below).
        if let Some(e) = self.any_phrase(ue, t.ago).filter(|_| self.tight(ue)) {
            return Some((e, Expr::Offset { unit: u, n, sign: -1 }));
        }
        // "a year earlier": a point back in time, its signal word left out of the span as TimeML does.
        if t.earlier.contains(&self.f(ue)) && self.tight(ue) {
            return Some((ue, Expr::Offset { unit: u, n, sign: -1 }));
        }
        let one_word = t.one.contains(&self.f(i));
        if one_word && i > 0 {
            let prev = &self.toks[i - 1];
            let prev_is_amount = prev.raw.bytes().next().is_some_and(|b| b.is_ascii_digit())
                || matches!(prev.f.as_str(), "once" | "twice" | "times" | "dollars" | "euros" | "pounds")
                || t.magnitudes.contains(&prev.f.as_str());
            if prev_is_amount && t.per.contains(&self.f(i)) {
                return Some((ue, Expr::Set { value: set_value(u, Some(1.0)) }));
            }
        }
        Some((ue, Expr::Duration { unit: u, n }))
    }

    /// Sets and references: "annually", "al giorno" after an amount, "now", "recently", "in futuro".
    fn words(&self, i: usize) -> Hit {
        if let Some((e, v)) = self.longest(i, self.t.set_words) {
            return Some((e, Expr::Set { value: v.to_string() }));
        }
        if let Some((e, v)) = self.longest(i, self.t.refs) {
            // "in the past decade" is a duration, not "in the past" + "decade".
            let counted = self.tight(e) && (self.unit(e).is_some() || self.count(e, false).is_some());
            if !counted {
                return Some((e, Expr::Ref(v)));
            }
        }
        // "10 milioni l'anno", "$5 per year".
        let amount = |k: usize| self.toks[k].raw.bytes().next().is_some_and(|b| b.is_ascii_digit());
        if i > 0
            && self.t.per.contains(&self.f(i))
            && (amount(i - 1) || (i > 1 && amount(i - 2) && self.tight(i - 1)))
            && let Some((e, u)) = self.unit(i + 1).filter(|_| self.tight(i + 1) || self.gap(i + 1).is_empty())
            && matches!(self.f(i + 1), "anno" | "mese" | "giorno" | "settimana" | "year" | "month" | "day" | "week")
        {
            return Some((e, Expr::Set { value: set_value(u, Some(1.0)) }));
        }
        None
    }

    /// Decades and centuries: "1990s", "the nineties", "anni '90", "anni novanta", "XX secolo", "21st century".
    fn eras(&self, i: usize) -> Hit {
        let t = self.toks.get(i)?;
        if let Some(num) = t.f.strip_suffix('s')
            && num.len() == 4
            && num.ends_with('0')
            && num.bytes().all(|b| b.is_ascii_digit())
        {
            return Some((i + 1, Expr::Decade(num[..3].parse().ok()?)));
        }
        if self.t.decade_intro.contains(&t.f.as_str()) {
            if let Some((d, len)) = self.digits(i + 1) {
                if len == 2 && d % 10 == 0 && self.gap(i + 1).contains('\'') || self.gap(i + 1).contains('’') {
                    return Some((i + 2, Expr::Decade(190 + d as i32 / 10)));
                }
                if len == 4 && d % 10 == 0 && self.t.code != "en" {
                    return Some((i + 2, Expr::Decade(d as i32 / 10)));
                }
            }
            if let Some((_, d)) = self.t.decade_words.iter().find(|(w, _)| *w == self.f(i + 1)) {
                return Some((i + 2, Expr::Decade(190 + *d as i32)));
            }
        }
        if let Some((_, d)) = self.t.decade_words.iter().find(|(w, _)| *w == t.f)
            && self.t.code == "en"
            && i > 0
            && self.f(i - 1) == "the"
        {
            return Some((i + 1, Expr::Decade(190 + *d as i32)));
        }
        // Centuries: "XX secolo", "20th century", "ventesimo secolo" is left out.
        let next_century = matches!(self.t.unit(self.f(i + 1)), Some(Unit::Century)) && self.tight(i + 1);
        if next_century
            && let Some(c) = roman(t.raw).or_else(|| ordinal_number(&t.f))
            && (1..=22).contains(&c)
        {
            return Some((i + 2, Expr::Century(c as i32 - 1)));
        }
        None
    }

    /// Holidays: "Christmas", "Natale 2024", "last Thanksgiving", "lo scorso Natale", "Pasqua del 2025".
    fn holiday(&self, i: usize) -> Hit {
        let t = self.t;
        let (mut j, mut dir) = (i, None);
        if let Some((e, d)) = self.modifier(i).filter(|(e, _)| self.tight(*e)) {
            j = e;
            dir = Some(d);
        }
        let (mut end, h) = self.longest(j, t.holidays)?;
        // A holiday is a name: capitalised ("città natale" is a birthplace), and not part of another
        // name ("il procuratore Renato Di Natale").
        if !self.toks[j].raw.chars().next().is_some_and(char::is_uppercase) {
            return None;
        }
        if dir.is_none()
            && j > 0
            && self.tight(j)
            && self.toks[j - 1].raw.chars().next().is_some_and(char::is_uppercase)
            && j - 1 > 0
            && !self.sentence_gap(j - 1)
        {
            return None;
        }
        let mut year = None;
        if dir.is_none() {
            if let Some((e, d)) = self.modifier(end).filter(|(_, d)| *d != Dir::This && self.tight(end)) {
                dir = Some(d);
                end = e;
            } else if self.loose(end)
                && let Some(y) = self.year(end, true)
            {
                year = Some(y);
                end += 1;
            } else if t.joiners.contains(&self.f(end))
                && self.tight(end)
                && self.tight(end + 1)
                && let Some(y) = self.year(end + 1, true)
            {
                year = Some(y);
                end += 2;
            }
        }
        if dir == Some(Dir::This) {
            dir = None;
        }
        // "Christmas sales", "the Christmas and New Year sales period": a holiday before a noun names a
        // season of trade, not its day.
        if year.is_none() {
            let mut k = end;
            if self.tight(k) && matches!(self.f(k), "and" | "or" | "e" | "o" | "et" | "y") {
                let conj = k;
                k += 1;
                while self.tight(k) && self.toks.get(k).is_some_and(|x| x.raw.starts_with(char::is_uppercase)) {
                    k += 1;
                }
                // Only another holiday makes a pair ("on Thanksgiving Day and brought ashore").
                if k == conj + 1 {
                    k = end;
                }
            }
            if self.tight(k)
                && self.toks.get(k).is_some_and(|x| {
                    x.raw.chars().all(char::is_alphabetic)
                        && x.raw.starts_with(char::is_lowercase)
                        && !is_stop_word(t.code, &x.f)
                })
            {
                return None;
            }
        }
        Some((end, Expr::Holiday { h, year, dir }))
    }

    /// Reporting periods: "the quarter", "the latest quarter", "the year-ago period", "the 1988 third
    /// quarter", "the same period last year", "fiscal 1989", "lo stesso periodo dell'anno scorso", and a
    /// bare "year-earlier" before a noun.
    fn report_period(&self, i: usize) -> Hit {
        let t = self.t;
        let mut j = i;
        // "the", "its", "that"; not "a" (a count) nor "this" (the anchor's own quarter).
        let det = (t.determiners.contains(&self.f(j))
            || (t.noun_determiners.contains(&self.f(j))
                && !t.one.contains(&self.f(j))
                && t.modifier(self.f(j)).is_none()))
            && self.tight(j + 1);
        if det {
            j += 1;
        }
        let mut marked = false;
        let skip_adjectives = |j: &mut usize, marked: &mut bool| {
            while let Some(e) = self.any_phrase(*j, t.period_adjectives).filter(|e| self.tight(*e)) {
                *j = e;
                *marked = true;
            }
        };
        skip_adjectives(&mut j, &mut marked);
        // "fiscal 1989".
        if marked
            && !det
            && let Some(y) = self.year(j, true)
        {
            return Some((j + 1, Expr::Cal { year: Some(y), month: None, day: None, weekday: None, pod: None }));
        }
        let mut back = 0;
        if let Some(e) = self.any_phrase(j, t.year_back).filter(|e| self.tight(*e)) {
            back = 1;
            j = e;
            skip_adjectives(&mut j, &mut marked);
        }
        let mut latest = false;
        if let Some(e) = self.any_phrase(j, t.latest).filter(|e| self.tight(*e)) {
            latest = true;
            j = e;
            skip_adjectives(&mut j, &mut marked);
        }
        let mut year = None;
        if (det || back > 0)
            && let Some(y) = self.year(j, false)
            && self.tight(j + 1)
        {
            year = Some(y);
            j += 1;
        }
        // The period: an explicit quarter, the quarter word alone, or a period noun.
        let tok = self.toks.get(j)?;
        let mut q = None;
        let end;
        if let Some((_, n)) = t.quarter_ordinals.iter().find(|(w, _)| *w == tok.f)
            && self.tight(j + 1)
            && t.unit(self.f(j + 1)) == Some(Unit::Quarter)
        {
            q = Some(*n);
            end = j + 2;
        } else if t.unit(&tok.f) == Some(Unit::Quarter) && !t.plural_units.contains(&tok.f.as_str()) {
            let lower = tok.raw.chars().next().is_some_and(char::is_lowercase);
            if !(lower && (det || back > 0 || latest || year.is_some())) {
                return None;
            }
            end = j + 1;
        } else if t.period_nouns.contains(&tok.f.as_str()) && (back > 0 || latest || marked) && (det || back > 0) {
            end = j + 1;
        } else if back > 0 && !det && !latest && year.is_none() && j > i && self.count(j, false).is_none() {
            // "year-earlier profit": the adjective alone.
            let e = j;
            return Some((e, Expr::ReportQuarter { back, year: None, bare: true }));
        } else {
            return None;
        }
        // "the quarter-point cut" is no period.
        if self.gap(end) == "-" {
            return None;
        }
        let mut end = end;
        if back == 0
            && let Some(e) = self.any_phrase(end, t.year_back_after).filter(|_| self.tight(end))
        {
            back = 1;
            end = e;
        }
        if q.is_none() && !(back > 0 || latest || marked || year.is_some() || det) {
            return None;
        }
        if let Some(q) = q {
            let expr = match (year, back) {
                (Some(y), _) => Expr::Quarter { q, year: Some(y), dir: None },
                (None, 0) => return None,
                (None, _) => Expr::Quarter { q, year: None, dir: Some(Dir::Past) },
            };
            return Some((end, expr));
        }
        Some((end, Expr::ReportQuarter { back, year, bare: false }))
    }

    /// "On May 22, 1995, he was promoted, and the following year ...": a step from the last date of the
    /// same or the previous sentence that gives the unit; with none, the duration it reads as.
    fn resolve_steps(&self, out: &mut [Found]) {
        for k in 0..out.len() {
            let Expr::Step { unit, k: step } = out[k].expr else { continue };
            let first = out[k].first;
            let antecedent = out[..k].iter().rev().find_map(|f| {
                let stops = (f.last + 1..=first).filter(|&x| self.sentence_gap(x)).count();
                if stops > 1 {
                    return Some(None);
                }
                match (&f.expr, unit) {
                    (Expr::Cal { year: Some(y), .. }, Unit::Year) => Some(Some(Expr::Cal {
                        year: Some(y + step as i32),
                        month: None,
                        day: None,
                        weekday: None,
                        pod: None,
                    })),
                    (Expr::Cal { year, month: Some(m), .. }, Unit::Month) => {
                        let (y, m) = crate::cal::add_months(year.unwrap_or(0), *m, step as i64);
                        Some(Some(Expr::Cal {
                            year: year.map(|_| y),
                            month: Some(m),
                            day: None,
                            weekday: None,
                            pod: None,
                        }))
                    }
                    (Expr::Cal { year: Some(y), month: Some(m), day: Some(d), .. }, Unit::Day) => {
                        let (y, m, d) = crate::cal::civil(crate::cal::days(*y, *m, *d) + step as i64);
                        Some(Some(Expr::Cal { year: Some(y), month: Some(m), day: Some(d), weekday: None, pod: None }))
                    }
                    _ => None,
                }
            });
            out[k].expr = antecedent.flatten().unwrap_or(Expr::Duration { unit, n: Some(1.0) });
        }
    }

    /// Reporting periods take the quarter last named before them ("Profit rose in the third quarter ...
    /// the quarter's sales"), moved back as they say; a quarter named in a sentence about the future ("will
    /// weigh on the fourth quarter") is not one reported on.
    fn reporting_quarters(&self, out: &mut [Found]) {
        let mut named: Option<(u8, Option<i32>)> = None;
        for f in out.iter_mut() {
            match f.expr {
                Expr::Quarter { q, year, dir: None } if !f.future && named.is_none() => named = Some((q, year)),
                Expr::ReportQuarter { back, year, .. } => {
                    if let Some((q, ny)) = named {
                        f.expr = match (year.or(ny), back) {
                            (Some(y), b) => Expr::Quarter { q, year: Some(y - b), dir: None },
                            (None, 0) => Expr::Quarter { q, year: None, dir: None },
                            (None, _) => Expr::Quarter { q, year: None, dir: Some(Dir::Past) },
                        };
                    }
                }
                _ => {}
            }
        }
    }

    /// Quarters: "the first quarter", "Q3 2024", "primo trimestre del 2024".
    fn quarter(&self, i: usize) -> Hit {
        let i = if self.t.determiners.contains(&self.f(i)) && self.tight(i + 1) { i + 1 } else { i };
        let t = self.toks.get(i)?;
        let (mut end, q) = if t.f.len() == 2 && t.f.starts_with('q') {
            let q: u8 = t.f[1..].parse().ok()?;
            (i + 1, q)
        } else {
            let (_, q) = self.t.quarter_ordinals.iter().find(|(w, _)| *w == t.f)?;
            if !(self.tight(i + 1) && self.t.unit(self.f(i + 1)) == Some(Unit::Quarter)) {
                return None;
            }
            (i + 2, *q)
        };
        if !(1..=4).contains(&q) {
            return None;
        }
        let mut year = None;
        if self.loose(end) {
            if let Some(y) = self.year(end, true) {
                year = Some(y);
                end += 1;
            } else if self.t.joiners.contains(&self.f(end))
                && self.tight(end + 1)
                && let Some(y) = self.year(end + 1, true)
            {
                year = Some(y);
                end += 2;
            }
        }
        Some((end, Expr::Quarter { q, year, dir: None }))
    }

    /// Clock times: "18:00 UTC", "6:40 p.m.", "alle 18", "alle 18.30", "at 10 am".
    fn clock(&self, i: usize) -> Hit {
        let (h, hl) = self.digits(i)?;
        if hl > 2 || h > 24 {
            return None;
        }
        let mut end = i + 1;
        let mut minute = 0;
        let mut explicit = false;
        if self.gap(end) == ":" {
            let (m, ml) = self.digits(end)?;
            if ml != 2 || m > 59 {
                return None;
            }
            minute = m;
            end += 1;
            explicit = true;
        }
        let mut hour = h;
        if let Some((e, add)) = self.longest(end, self.t.clock_suffixes).filter(|_| self.tight(end)) {
            if hour < 12 {
                hour += add;
            }
            if hour == 12 && add == 0 {
                hour = 0;
            }
            end = e;
            explicit = true;
        }
        let intro = i > 0 && self.t.clock_intro.contains(&self.f(i - 1));
        if !explicit && (!intro || self.quantity(i)) {
            return None;
        }
        if self.t.code == "it" && !explicit && !self.f(i + 1).is_empty() && self.month(i + 1, false).is_some() {
            return None;
        }
        let mut utc = false;
        if matches!(self.f(end), "utc" | "gmt" | "z") {
            end += 1;
            utc = true;
        } else if matches!(self.f(end), "cet" | "cest") {
            end += 1;
        }
        Some((end, Expr::Time { day: None, hour: hour as u8, minute: minute as u8, utc }))
    }

    /// Whether the number at token `i` counts something: money ("about $9 million"), a share ("about
    /// 11%"), a decimal ("about 2.5 times"), or a content word right after it ("at 40 degrees"). Words of
    /// the stop lists do not count ("alle 18 persone" stays a clock time), but a number word does
    /// ("around 15 million guilders").
    fn quantity(&self, i: usize) -> bool {
        let rest = &self.text[self.toks[i].end..];
        let decimal = rest.len() > 1 && rest.starts_with(['.', ',']) && rest.as_bytes()[1].is_ascii_digit();
        let noun = self.toks.get(i + 1).is_some_and(|n| {
            self.tight(i + 1)
                && n.raw.chars().all(char::is_alphabetic)
                && n.raw.chars().next().is_some_and(char::is_lowercase)
                && (self.t.magnitudes.contains(&n.f.as_str())
                    || (!is_stop_word(self.t.code, &n.f) && !crate::lang::triggers(self.t).contains(n.f.as_str())))
        });
        self.gap(i).contains(['$', '€', '£']) || rest.starts_with('%') || decimal || noun
    }

    /// Every expression in the text, longest match first, left to right.
    pub fn scan(&self) -> Vec<Found> {
        let mut out: Vec<Found> = Vec::new();
        let mut i = 0;
        let triggers = crate::lang::triggers(self.t);
        while i < self.toks.len() {
            // Most words start nothing: skip them before trying every matcher.
            let t = &self.toks[i];
            let starts = triggers.contains(t.f.as_str())
                || t.raw.starts_with(|c: char| c.is_ascii_digit())
                || (t.raw.starts_with(['I', 'V', 'X', 'Q']) && t.raw.len() <= 5)
                || self.number_word(&t.f).is_some()
                || t.f.len() == 2 && t.f.starts_with('q');
            if !starts {
                i += 1;
                continue;
            }
            let best = [
                self.calendar(i),
                self.weekday(i),
                self.rel_day(i),
                self.modified_month(i),
                self.report_period(i),
                self.holiday(i),
                self.units(i),
                self.eras(i),
                self.quarter(i),
                self.words(i),
                self.clock(i),
            ]
            .into_iter()
            .flatten()
            .fold(None::<(usize, Expr)>, |b, h| match &b {
                Some((e, _)) if *e >= h.0 => b,
                _ => Some(h),
            });
            match best {
                Some((end, expr)) if end > i => {
                    let (first, last) = (i, end - 1);
                    out.push(Found {
                        first,
                        last,
                        start: self.toks[first].start,
                        end: self.toks[last].end,
                        expr,
                        future: false,
                        past: false,
                    });
                    i = end;
                }
                _ => i += 1,
            }
        }
        self.attach_day_modifiers(&mut out);
        self.share_coordinated_years(&mut out);
        self.attach_times(&mut out);
        self.times_take_following_days(&mut out);
        self.attach_parts_of_day(&mut out);
        self.extend_edges(&mut out);
        self.add_ranges(&mut out);
        for f in out.iter_mut() {
            // "by May", "entro giugno": a bare month after a deadline word is the coming one.
            let deadline = matches!(f.expr, Expr::Cal { year: None, month: Some(_), day: None, .. })
                && f.first > 0
                && self.t.deadline_words.contains(&self.f(f.first - 1));
            let tense = self.tense_near(f.first, f.last);
            f.future = deadline || tense == Some(true);
            f.past = !deadline && tense == Some(false) && self.t.past_tense_dates;
        }
        self.reporting_quarters(&mut out);
        self.offsets_take_quarters(&mut out);
        self.resolve_steps(&mut out);
        out
    }

    /// "lo scorso 28 giugno", "l'11 febbraio scorso": a modifier next to a day and month without a year.
    fn attach_day_modifiers(&self, out: &mut [Found]) {
        for k in 0..out.len() {
            let Expr::Cal { year: None, month: Some(month), day: Some(day), weekday: None, pod: None } = out[k].expr
            else {
                continue;
            };
            let floor = if k == 0 { 0 } else { out[k - 1].last + 1 };
            let first = out[k].first;
            // Before: the modifier token right before the day.
            if first > floor
                && self.tight(first)
                && let Some(dir) = self.t.modifier(self.f(first - 1)).filter(|d| *d != Dir::This)
            {
                let mut s = first - 1;
                if s > floor && self.tight(s) && self.t.determiners.contains(&self.f(s - 1)) {
                    s -= 1;
                }
                out[k].expr = Expr::DayRel { month, day, dir };
                out[k].first = s;
                out[k].start = self.toks[s].start;
                continue;
            }
            // After: "11 febbraio scorso".
            let next = out[k].last + 1;
            let free = out.get(k + 1).is_none_or(|n| n.first > next);
            if free
                && self.tight(next)
                && let Some(dir) = self.t.modifier(self.f(next)).filter(|d| *d != Dir::This)
            {
                out[k].expr = Expr::DayRel { month, day, dir };
                out[k].last = next;
                out[k].end = self.toks[next].end;
            }
        }
    }

    /// "aprile e maggio 1940", "19 and June 20, 2024": a date without a year coordinated with one that has
    /// it shares the year.
    fn share_coordinated_years(&self, out: &mut [Found]) {
        for k in (0..out.len().saturating_sub(1)).rev() {
            let (a, b) = (&out[k], &out[k + 1]);
            let Expr::Cal { year: Some(y), month: Some(_), .. } = b.expr else { continue };
            let Expr::Cal { year: None, month: Some(_), day, .. } = a.expr else { continue };
            let joined = b.first == a.last + 2
                && matches!(self.f(a.last + 1), "e" | "and" | "o" | "or" | "ed")
                && self.tight(a.last + 1)
                && self.tight(b.first);
            let dashed = b.first == a.last + 1 && matches!(self.gap(b.first).trim(), "-" | "–");
            if joined || dashed {
                let Expr::Cal { month, weekday, pod, .. } = out[k].expr else { continue };
                out[k].expr = Expr::Cal { year: Some(y), month, day, weekday, pod };
            }
        }
    }

    /// "sabato alle 18", "Tuesday at 18:00": a time right after a day joins it.
    fn attach_times(&self, out: &mut Vec<Found>) {
        let mut k = 0;
        while k + 1 < out.len() {
            let (a, b) = (&out[k], &out[k + 1]);
            let between = b.first - a.last - 1;
            let day_like =
                matches!(a.expr, Expr::Cal { day: Some(_), .. } | Expr::Weekday { .. } | Expr::RelDay { .. });
            let same_line = (a.last + 1..=b.first).all(|x| self.loose(x));
            if day_like && same_line && matches!(b.expr, Expr::Time { day: None, .. }) && between <= 2 {
                let gap_words: Vec<&str> = (a.last + 1..b.first).map(|x| self.f(x)).collect();
                if gap_words.iter().all(|w| self.t.clock_intro.contains(w) || *w == "ore") {
                    let Expr::Time { hour, minute, utc, .. } = b.expr else { unreachable!() };
                    let merged = Expr::Time { day: Some(Box::new(a.expr.clone())), hour, minute, utc };
                    let (last, end) = (b.last, b.end);
                    out[k].expr = merged;
                    out[k].last = last;
                    out[k].end = end;
                    out.remove(k + 1);
                    continue;
                }
            }
            k += 1;
        }
    }

    /// "9 a.m. Tuesday", "alle 18 di domenica", "10 p.m. EST Wednesday": a time right before its day is
    /// one expression with it, the time on that day.
    fn times_take_following_days(&self, out: &mut Vec<Found>) {
        let mut k = 0;
        while k + 1 < out.len() {
            let (a, b) = (&out[k], &out[k + 1]);
            let Expr::Time { day: None, hour, minute, utc } = a.expr else {
                k += 1;
                continue;
            };
            let day_like =
                matches!(b.expr, Expr::Weekday { .. } | Expr::RelDay { .. } | Expr::Cal { day: Some(_), .. });
            // Between them: at most two words, each a joiner ("on", "di") or a time zone ("EST").
            let zone = |x: usize| {
                let r = self.toks[x].raw;
                (3..=4).contains(&r.len()) && r.ends_with('T') && r.chars().all(|c| c.is_ascii_uppercase())
            };
            let words_ok = b.first - a.last <= 3
                && (a.last + 1..b.first).all(|x| self.t.time_day_joiners.contains(&self.f(x)) || zone(x));
            // "a.m." ends with its abbreviation dot.
            let gaps_ok = (a.last + 1..=b.first).all(|x| {
                let g = self.gap(x).trim_start_matches('.');
                g.chars().all(|c| matches!(c, ' ' | ',' | '\u{a0}')) && !g.is_empty()
            });
            if day_like && words_ok && gaps_ok {
                let (last, end) = (b.last, b.end);
                out[k].expr = Expr::Time { day: Some(Box::new(b.expr.clone())), hour, minute, utc };
                out[k].last = last;
                out[k].end = end;
                out.remove(k + 1);
            }
            k += 1;
        }
    }

    /// "Profit rose in the third quarter from a year ago": a year back from a quarter just named is that
    /// quarter a year earlier (`1988-Q3`), as results compare a period with the same one a year before.
    fn offsets_take_quarters(&self, out: &mut [Found]) {
        let mut quarter: Option<(usize, u8, Option<i32>)> = None;
        for f in out.iter_mut() {
            match f.expr {
                Expr::Quarter { q, year, dir: None } => quarter = Some((f.last, q, year)),
                Expr::Offset { unit: Unit::Year, n: Some(n), sign: -1 } if n.fract() == 0.0 => {
                    // The quarter must be named in the same sentence or the one before.
                    let Some((at, q, year)) = quarter else { continue };
                    let stops = (at + 1..=f.first).filter(|&x| self.sentence_gap(x)).count();
                    if stops > 3 {
                        continue;
                    }
                    f.expr = match year {
                        Some(y) => Expr::Quarter { q, year: Some(y - n as i32), dir: None },
                        None if n == 1.0 => Expr::Quarter { q, year: None, dir: Some(Dir::Past) },
                        None => continue,
                    };
                }
                _ => {}
            }
        }
    }

    /// "ieri in serata", "il 19 giugno in mattinata" are rare; "19 giugno sera" is not: nothing to do yet
    /// beyond weekdays and relative days, which take their part of the day while matching.
    fn attach_parts_of_day(&self, _out: &mut [Found]) {}

    /// "early 2009", "all'inizio del 2024", "a fine giugno", "the past decade", "la settimana scorsa".
    fn extend_edges(&self, out: &mut [Found]) {
        let prev_end = |k: usize, out: &[Found]| if k == 0 { 0 } else { out[k - 1].last + 1 };
        for k in 0..out.len() {
            let floor = prev_end(k, out);
            let mut first = out[k].first;
            // Joiners ("of the", "del") then an edge word ("early", "inizio", "the beginning").
            let mut p = first;
            while p > floor && self.t.joiners.contains(&self.f(p - 1)) && self.tight(p) {
                p -= 1;
            }
            let edge = (floor..p)
                .rev()
                .take(3)
                .find(|&s| self.any_phrase(s, self.t.edge_modifiers) == Some(p) && self.tight(p));
            if let Some(s) = edge
                && matches!(
                    out[k].expr,
                    Expr::Cal { .. }
                        | Expr::RelUnit { .. }
                        | Expr::MonthRel { .. }
                        | Expr::Decade(_)
                        | Expr::Century(_)
                )
            {
                first = s;
            }
            // Determiners in front of relative and counted expressions ("the past decade").
            let takes_det = matches!(
                out[k].expr,
                Expr::RelUnit { .. }
                    | Expr::Duration { .. }
                    | Expr::Decade(_)
                    | Expr::Century(_)
                    | Expr::Quarter { .. }
                    | Expr::MonthRel { .. }
                    | Expr::Season { .. }
                    | Expr::Holiday { dir: Some(_), .. }
            );
            if first > floor
                && self.tight(first)
                && self.t.determiners.contains(&self.f(first - 1))
                && (takes_det || first != out[k].first)
            {
                // "the" before an edge ("the end of") is already in the edge phrase.
                if !(self.t.code == "en"
                    && matches!(out[k].expr, Expr::Duration { .. })
                    && !self.t.span_modifiers.contains(&self.f(first)))
                {
                    first -= 1;
                }
            }
            if first != out[k].first {
                out[k].first = first;
                out[k].start = self.toks[first].start;
            }
        }
    }

    /// "dal 2009 al 2011", "from 2009 to 2011", "between 2014 and 2016": a range over two dates.
    fn add_ranges(&self, out: &mut Vec<Found>) {
        let mut extra = Vec::new();
        for w in out.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            let is_point = |e: &Expr| matches!(e, Expr::Cal { year: Some(_), .. });
            if !is_point(&a.expr) || !is_point(&b.expr) || b.first != a.last + 2 || a.first == 0 {
                continue;
            }
            let (from_w, to_w) = (self.f(a.first - 1), self.f(a.last + 1));
            let same_line = (a.first..=b.first).all(|x| self.tight(x));
            if same_line && self.t.ranges.iter().any(|(f, t)| *f == from_w && *t == to_w) {
                extra.push(Found {
                    first: a.first - 1,
                    last: b.last,
                    start: self.toks[a.first - 1].start,
                    end: b.end,
                    expr: Expr::Range { from: Box::new(a.expr.clone()), to: Box::new(b.expr.clone()) },
                    future: false,
                    past: false,
                });
            }
        }
        out.extend(extra);
        out.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    }

    /// Whether the sentence around tokens `first..=last` speaks of the future (`Some(true)`) or the past
    /// (`Some(false)`): the nearest tense cue (a future word or ending, or a past one) decides, the left
    /// side winning ties.
    fn tense_near(&self, first: usize, last: usize) -> Option<bool> {
        let stop = |g: &str| g.contains(['.', '!', '?', '\n', ';']);
        let tense = |k: usize| -> Option<bool> {
            let t = &self.toks[k];
            if self.t.future_words.contains(&t.f.as_str()) {
                return Some(true);
            }
            let low = t.raw.to_lowercase();
            if low.chars().count() > 4 && self.t.future_suffixes.iter().any(|s| low.ends_with(s)) {
                return Some(true);
            }
            if self.t.event_cues.contains(&t.f.as_str())
                || self.t.past_endings.iter().any(|s| t.f.len() > s.len() + 2 && t.f.ends_with(s))
            {
                if k > 0 && self.t.participle_aux.contains(&self.toks[k - 1].f.as_str()) {
                    return None;
                }
                return Some(false);
            }
            None
        };
        let (mut l, mut r) = (first, last);
        for _ in 0..16 {
            let left = if l > 0 && !stop(self.gap(l)) {
                l -= 1;
                tense(l)
            } else {
                None
            };
            if let Some(v) = left {
                return Some(v);
            }
            let right = if r + 1 < self.toks.len() && !stop(self.gap(r + 1)) {
                r += 1;
                tense(r)
            } else {
                None
            };
            if let Some(v) = right {
                return Some(v);
            }
        }
        None
    }
}

/// The period of a set: "ogni anno" -> `P1Y`, "ogni dieci giorni" -> `P10D`.
fn set_value(u: Unit, n: Option<f64>) -> String {
    duration(u, Some(n.unwrap_or(1.0)))
}

fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        _ => 10,
    };
    let v: Vec<u32> = s.chars().map(val).collect();
    let mut total = 0;
    for k in 0..v.len() {
        if k + 1 < v.len() && v[k] < v[k + 1] {
            total -= v[k] as i32;
        } else {
            total += v[k] as i32;
        }
    }
    (total > 0).then_some(total as u32)
}

fn ordinal_number(f: &str) -> Option<u32> {
    let num: String = f.chars().take_while(char::is_ascii_digit).collect();
    let rest = &f[num.len()..];
    (!num.is_empty() && matches!(rest, "st" | "nd" | "rd" | "th" | "º" | "°")).then(|| num.parse().ok()).flatten()
}
