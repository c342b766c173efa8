//! Per-language word tables for the time tagger: adding a language is adding a file here and a line in `table`
//! (after its shared words in `rassegna_lang`).
//!
//! Every word is folded (lowercase, no accents, `’` as `'`), as `rassegna_text::fold` gives it, and
//! multi-word phrases are written with single spaces between the tokens `rassegna_text::tokens` yields
//! (elided articles keep their apostrophe: `quest' oggi`).

mod en;
mod es;
mod fr;
mod it;

use rassegna_lang::Tables;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, OnceLock};

/// A calendar unit a number can count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Second,
    Minute,
    Hour,
    Day,
    Weekend,
    Week,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Where a modifier points in time relative to the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    Past,
    This,
    Next,
}

/// A holiday's day in a given year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holiday {
    /// The same month and day every year.
    Fixed(u8, u8),
    /// Days after Easter Sunday (Good Friday -2, Easter Monday 1).
    Easter(i8),
    /// The `n`th weekday of a month (month, weekday 1 = Monday, n; -1 the last).
    Nth(u8, u8, i8),
}

/// A part of the day, as its TIMEX3 code.
pub type PartOfDay = &'static str;

/// The words one language uses for time expressions.
#[derive(Debug)]
pub struct Table {
    pub code: &'static str,
    /// The language's month and weekday names and number words, shared with the other stages.
    pub lang: &'static Tables,
    /// Month words that are also common words: accepted only capitalised and next to a date word.
    pub ambiguous_months: &'static [&'static str],
    /// Number words besides `lang.numbers`: other forms of one, elided tens, hundred, thousand, "couple"
    /// (compounds are parsed from both lists by `number_word`).
    pub numbers: &'static [(&'static str, u32)],
    /// Words for an unspecified count ("several", "alcuni").
    pub vague_counts: &'static [&'static str],
    /// Indefinite articles counting one ("a", "un").
    pub one: &'static [&'static str],
    /// "and a half" style fractions after a number, as phrases.
    pub half: &'static [&'static str],
    pub units: &'static [(&'static str, Unit)],
    /// Ordinal suffix tokens after a day number ("th", "º").
    pub ordinal_suffixes: &'static [&'static str],
    /// Ordinal words for day 1 ("primo").
    pub first_day: &'static [&'static str],
    /// Day-relative words and phrases: offset in days, optional part of day.
    pub rel_days: &'static [(&'static str, i64, Option<PartOfDay>)],
    /// Modifiers before or after a unit, month, weekday or season ("scorso", "last").
    pub modifiers: &'static [(&'static str, Dir)],
    /// Modifiers that make "the past three years" a duration ("past", "ultimi").
    pub span_modifiers: &'static [&'static str],
    /// Words after a count that make it a date in the past ("fa", "ago").
    pub ago: &'static [&'static str],
    /// Words before a count that make it a date in the past ("il y a", "hace").
    pub ago_prefix: &'static [&'static str],
    /// Words before a count that make it a date in the future ("tra", "in").
    pub ahead: &'static [&'static str],
    /// Words for "every" (sets).
    pub every: &'static [&'static str],
    /// Single words or phrases that are sets by themselves, with their value ("annually" -> P1Y).
    pub set_words: &'static [(&'static str, &'static str)],
    /// Words before a unit that make "N a year" a set ("a", "per", "al", "l'").
    /// Number words of magnitude ("million", "milioni"): a number before one is an amount.
    pub magnitudes: &'static [&'static str],
    pub per: &'static [&'static str],
    pub parts_of_day: &'static [(&'static str, PartOfDay)],
    pub seasons: &'static [(&'static str, &'static str)],
    /// `PRESENT_REF`, `PAST_REF`, `FUTURE_REF` words and phrases.
    pub refs: &'static [(&'static str, &'static str)],
    /// Words before a date that widen its extent ("early", "inizio") with the words that may follow them.
    pub edge_modifiers: &'static [&'static str],
    /// Function words that may join an edge modifier to its date ("of", "del").
    pub joiners: &'static [&'static str],
    /// Determiners a relative expression may start with ("the", "la", "l'").
    pub determiners: &'static [&'static str],
    /// Words that announce a year ("nel", "in", "since") and so allow years outside 1900-2099.
    pub year_cues: &'static [&'static str],
    /// Words marking the future tense near a weekday ("will", "domani").
    pub future_words: &'static [&'static str],
    /// Endings of future-tense verbs (lowercase, accented as written).
    pub future_suffixes: &'static [&'static str],
    /// Quarter words ("quarter", "trimestre") and ordinals for them.
    pub quarter_ordinals: &'static [(&'static str, u8)],
    /// "the 1990s" / "anni novanta": decade words with their first year's tens digit group.
    pub decade_words: &'static [(&'static str, u32)],
    /// Words introducing a decade ("anni" in "anni '90").
    pub decade_intro: &'static [&'static str],
    /// Day-before-month order for all-numeric dates (true for 19/06/2024).
    pub day_first: bool,
    /// Range words: (from, to) pairs such as ("dal", "al"), ("from", "to"), ("between", "and").
    pub ranges: &'static [(&'static str, &'static str)],
    /// Clock words ("alle", "ore", "at") before an hour.
    pub clock_intro: &'static [&'static str],
    /// Words after an hour ("am", "pm", "p.m").
    pub clock_suffixes: &'static [(&'static str, u32)],
    /// Endings of past-tense verbs and participles ("ed", "ato").
    pub past_endings: &'static [&'static str],
    /// Words after which a participle tells no past ("will be named", "would be paid"): the tense is
    /// the auxiliary's, read further out.
    pub participle_aux: &'static [&'static str],
    /// Words that say a sentence reports something that happened (cues for timeline events).
    pub event_cues: &'static [&'static str],
    /// Words before a duration that make it run up to now ("da" in "chiuso da 24 anni", "since").
    pub since_words: &'static [&'static str],
    /// Prepositions that make a bare plural unit a vague duration ("da anni", "for years").
    pub vague_span_preps: &'static [&'static str],
    /// Plural forms of the unit words.
    pub plural_units: &'static [&'static str],
    /// Words before a duration that, after a "first" word, date the previous occurrence ("la prima visita
    /// in 24 anni", "the first time in 24 years").
    pub first_in_words: &'static [&'static str],
    pub first_words: &'static [&'static str],
    /// Phrases of link teasers and page furniture ("leggi tutto", "read more"): such lines are not events.
    pub teaser_cues: &'static [&'static str],
    /// Words right after a counted unit that make it an age or a measure, not a duration ("6-year-old").
    pub ages: &'static [&'static str],
    /// Vague counts that look back: "in recent years" is no date ahead.
    pub past_counts: &'static [&'static str],
    /// Words before a noun that a number right after them modifies rather than counts ("a 2015 survey").
    pub noun_determiners: &'static [&'static str],
    /// Words before a bare month that make it a deadline ahead ("by May", "entro giugno").
    pub deadline_words: &'static [&'static str],
    /// Words after a counted unit that make it a point that far back, outside the span ("a year earlier").
    pub earlier: &'static [&'static str],
    /// Words between a clock time and the day it is on ("9 a.m. on Tuesday", "alle 18 di domenica").
    pub time_day_joiners: &'static [&'static str],
    /// Reporting periods ("the latest quarter", "the year-ago period", "lo stesso periodo dell'anno
    /// scorso"): nouns that name a period only with one of the words below ("period", "periodo").
    pub period_nouns: &'static [&'static str],
    /// Adjectives a reporting period may carry ("fiscal", "same", "stesso").
    pub period_adjectives: &'static [&'static str],
    /// Words for the period just reported ("latest", "most recent").
    pub latest: &'static [&'static str],
    /// Adjectives that move a period one year back ("year-ago", "year-earlier").
    pub year_back: &'static [&'static str],
    /// Phrases after a period that move it one year back ("a year ago", "dell'anno scorso").
    pub year_back_after: &'static [&'static str],
    /// Words after "the year" that make it a span ending on a date ("the year ended March 31").
    pub period_ended: &'static [&'static str],
    /// Words after "the year" that make it relative to another time ("the year before").
    pub relative_after: &'static [&'static str],
    /// Holidays, written capitalised ("Christmas", "Natale", "Thanksgiving Day").
    pub holidays: &'static [(&'static str, Holiday)],
    /// Words between a count and its unit that add to an amount ("two more weeks", "an additional year").
    pub more: &'static [&'static str],
    /// Whether a past tense cue keeps a year-less date from being months ahead ("the year ended March
    /// 31"). Off where the past cue is a participle that is as often an adjective ("-ato", "-ado").
    pub past_tense_dates: bool,
    /// Words after a unit and a hyphen that make it a length ("decades-long", "day-long").
    pub long_words: &'static [&'static str],
    /// Span modifiers that step from the date told before ("the following year" +1, "the previous month" -1).
    pub step_modifiers: &'static [(&'static str, i8)],
    /// Words that say a dated sentence is a publication line, not an event ("published", "aggiornato").
    pub publication_cues: &'static [&'static str],
    /// Words that open a clause after a comma ("ma", "but"): where a timeline entry may cut a
    /// sentence that names several dates.
    pub clause_words: &'static [&'static str],
}

impl Table {
    pub fn month(&self, w: &str) -> Option<u8> {
        self.lang.month(w)
    }
    pub fn weekday(&self, w: &str) -> Option<u8> {
        self.lang.weekday(w)
    }
    /// Every number word with its value: the shared ones, then this table's.
    pub fn number_words(&self) -> impl Iterator<Item = (&'static str, u32)> + '_ {
        self.lang.numbers.iter().chain(self.numbers).copied()
    }
    pub fn unit(&self, w: &str) -> Option<Unit> {
        lookup(self.units, w)
    }
    pub fn modifier(&self, w: &str) -> Option<Dir> {
        lookup(self.modifiers, w)
    }
    pub fn part_of_day(&self, w: &str) -> Option<PartOfDay> {
        lookup(self.parts_of_day, w)
    }
    pub fn season(&self, w: &str) -> Option<&'static str> {
        lookup(self.seasons, w)
    }
    pub fn has(list: &[&str], w: &str) -> bool {
        list.contains(&w)
    }
}

fn lookup<T: Copy>(list: &[(&str, T)], w: &str) -> Option<T> {
    list.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// The table for a language code; English for languages without a table of their own.
pub fn table(lang: &str) -> &'static Table {
    match lang {
        "it" => &it::TABLE,
        "fr" => &fr::TABLE,
        "es" => &es::TABLE,
        _ => &en::TABLE,
    }
}

/// Whether a language has a table of its own.
pub fn supported(lang: &str) -> bool {
    matches!(lang, "it" | "en" | "fr" | "es")
}

/// First words of every table phrase: a token that is none of these (nor a number) starts no expression.
pub fn triggers(t: &'static Table) -> &'static HashSet<&'static str> {
    static CACHE: OnceLock<Mutex<HashMap<&'static str, &'static HashSet<&'static str>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
    let mut map = cache.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(t.code).or_insert_with(|| {
        let mut set: HashSet<&'static str> = HashSet::new();
        let mut add = |p: &'static str| {
            set.insert(p.split(' ').next().unwrap_or(p));
        };
        t.lang.month_words().for_each(|(w, _)| add(w));
        t.lang.weekdays.iter().for_each(|w| add(w));
        t.number_words().for_each(|(w, _)| add(w));
        t.units.iter().for_each(|(w, _)| add(w));
        t.rel_days.iter().for_each(|(w, _, _)| add(w));
        t.modifiers.iter().for_each(|(w, _)| add(w));
        t.set_words.iter().for_each(|(w, _)| add(w));
        t.parts_of_day.iter().for_each(|(w, _)| add(w));
        t.seasons.iter().for_each(|(w, _)| add(w));
        t.refs.iter().for_each(|(w, _)| add(w));
        t.quarter_ordinals.iter().for_each(|(w, _)| add(w));
        t.decade_words.iter().for_each(|(w, _)| add(w));
        t.holidays.iter().for_each(|(w, _)| add(w));
        for list in [
            t.vague_counts,
            t.one,
            t.first_day,
            t.span_modifiers,
            t.ahead,
            t.ago_prefix,
            t.every,
            t.per,
            t.determiners,
            t.decade_intro,
            t.period_adjectives,
            t.latest,
            t.year_back,
            t.noun_determiners,
        ] {
            list.iter().for_each(|w| add(w));
        }
        Box::leak(Box::new(set))
    })
}
