//! Per-language word tables for facts and summaries: number words, qualifiers, units, relation verbs.
//!
//! Each language is one file returning a [`Table`]; adding a language is adding a file and a line in
//! [`table`]. Words are folded (lowercase, no accents). Canonical ids (`soldier`, `EUR`, `year`) are
//! shared by all languages so that facts align across languages.

mod en;
mod it;

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a unit word measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitKind {
    /// Countable things: the canonical id names what is counted (`soldier`, `dead`).
    Count,
    /// Currency: the canonical id is the ISO code.
    Money,
    /// Time length: the canonical id is the TIMEX3 unit letter (`Y`, `M`, `W`, `D`, `H`).
    Duration,
    Percent,
}

/// A unit word and what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unit {
    pub word: &'static str,
    pub kind: UnitKind,
    pub canon: &'static str,
}

/// The words of one language.
#[derive(Debug)]
pub struct Table {
    pub code: &'static str,
    /// The language's month and weekday names and number words, shared with the other stages.
    pub lang: &'static rassegna_lang::Tables,
    /// Decimal separator of the language (`,` in Italian, `.` in English).
    pub decimal: char,
    /// Number words besides `lang.numbers`, with their value (`una` 1, `dozen` 12). Italian compounds are
    /// parsed in code.
    pub number_words: &'static [(&'static str, f64)],
    /// Scale words that multiply the number before them (`mila` 1e3, `million` 1e6).
    pub scales: &'static [(&'static str, f64)],
    /// Vague quantities ("centinaia", "thousands"): value and they are approximations.
    pub vague: &'static [(&'static str, f64)],
    /// Qualifier phrases before a number, as folded word sequences, longest first.
    pub qualifiers: &'static [(&'static [&'static str], &'static str)],
    /// Qualifier words after a number ("10.000 circa").
    pub post_qualifiers: &'static [(&'static str, &'static str)],
    /// Words allowed between a number and its unit noun ("di" in "centinaia di soldati").
    pub links: &'static [&'static str],
    pub units: &'static [Unit],
    /// Words that mark the first occurrence in a span ("prima", "first").
    pub first_words: &'static [&'static str],
    /// Words that mark the last previous occurrence ("ultima", "previous").
    pub last_words: &'static [&'static str],
    /// Words that introduce the owner of a noun ("di", "of").
    pub of_words: &'static [&'static str],
    /// Relation verbs: folded word prefix and canonical predicate.
    pub relation_verbs: &'static [(&'static str, &'static str)],
    /// Words that introduce the partner of a relation ("con", "with").
    pub with_words: &'static [&'static str],
    /// Negations that void a relation ("non", "not").
    pub negations: &'static [&'static str],
    /// Event nouns for dated facts, with a canonical id shared across languages.
    pub events: &'static [(&'static str, &'static str)],
    /// What a percentage is of: word and canonical id ("affluenza" -> `turnout`).
    pub percent_subjects: &'static [(&'static str, &'static str)],
    /// What a sum of money is ("danni" -> `damage`, "gift" -> `gift`).
    pub money_subjects: &'static [(&'static str, &'static str)],
    /// Words of page debris that disqualify a summary sentence.
    pub debris: &'static [&'static str],
}

impl Table {
    /// Hash indexes of the word lists, built on first use (lookups run for every word of a story).
    fn index(&'static self) -> &'static Index {
        static IT: OnceLock<Index> = OnceLock::new();
        static EN: OnceLock<Index> = OnceLock::new();
        let cell = if self.code == "it" { &IT } else { &EN };
        cell.get_or_init(|| Index::build(self))
    }

    pub fn unit(&'static self, folded: &str) -> Option<&'static Unit> {
        self.index().units.get(folded).copied()
    }

    pub fn number_word(&'static self, folded: &str) -> Option<f64> {
        self.index().number_words.get(folded).copied()
    }

    pub fn scale(&'static self, folded: &str) -> Option<f64> {
        self.index().scales.get(folded).copied()
    }

    pub fn event(&'static self, folded: &str) -> Option<&'static str> {
        self.index().events.get(folded).copied()
    }

    pub fn percent_subject(&'static self, folded: &str) -> Option<&'static str> {
        self.index().percent.get(folded).copied()
    }

    pub fn money_subject(&'static self, folded: &str) -> Option<&'static str> {
        self.index().money.get(folded).copied()
    }

    pub fn relation(&self, folded: &str) -> Option<&'static str> {
        self.relation_verbs.iter().find(|(p, _)| folded.starts_with(p)).map(|(_, c)| *c)
    }
}

/// Word lists of a table as hash maps.
struct Index {
    units: HashMap<&'static str, &'static Unit>,
    number_words: HashMap<&'static str, f64>,
    scales: HashMap<&'static str, f64>,
    events: HashMap<&'static str, &'static str>,
    percent: HashMap<&'static str, &'static str>,
    money: HashMap<&'static str, &'static str>,
}

impl Index {
    fn build(t: &'static Table) -> Self {
        // The first entry of a word wins, as a linear scan would.
        fn first<V: Copy>(pairs: &'static [(&'static str, V)]) -> HashMap<&'static str, V> {
            let mut m = HashMap::new();
            for (w, v) in pairs {
                m.entry(*w).or_insert(*v);
            }
            m
        }
        let mut units = HashMap::new();
        for u in t.units {
            units.entry(u.word).or_insert(u);
        }
        let mut number_words = first(t.number_words);
        for (w, v) in t.lang.numbers {
            number_words.entry(*w).or_insert(f64::from(*v));
        }
        Index {
            units,
            number_words,
            scales: first(t.scales),
            events: first(t.events),
            percent: first(t.percent_subjects),
            money: first(t.money_subjects),
        }
    }
}

/// The family a counted unit belongs to: people counted as evacuated, displaced, residents or just
/// people are often the same number, so they align; a conflict needs the same unit itself.
pub fn family(canon: &'static str) -> &'static str {
    match canon {
        "displaced" | "inhabitant" | "refugee" | "evacuated" => "person",
        "worker" | "job" => "worker",
        other => other,
    }
}

/// The table for a language code; English is the fallback.
pub fn table(code: &str) -> &'static Table {
    match code {
        "it" => &it::TABLE,
        _ => &en::TABLE,
    }
}

/// Italian names of places with their English names, so that names compare across languages (weekdays
/// come from `rassegna_lang`).
const EXONYMS: &[(&str, &str)] = &[
    ("italia", "italy"),
    ("germania", "germany"),
    ("francia", "france"),
    ("spagna", "spain"),
    ("inghilterra", "england"),
    ("regno", "kingdom"),
    ("stati", "states"),
    ("uniti", "united"),
    ("unione", "union"),
    ("europea", "european"),
    ("europa", "europe"),
    ("cina", "china"),
    ("giappone", "japan"),
    ("corea", "korea"),
    ("nord", "north"),
    ("sud", "south"),
    ("ucraina", "ukraine"),
    ("svizzera", "switzerland"),
    ("austria", "austria"),
    ("grecia", "greece"),
    ("turchia", "turkey"),
    ("egitto", "egypt"),
    ("libia", "libya"),
    ("siria", "syria"),
    ("iran", "iran"),
    ("israele", "israel"),
    ("palestina", "palestine"),
    ("russia", "russia"),
    ("polonia", "poland"),
    ("norvegia", "norway"),
    ("svezia", "sweden"),
    ("danimarca", "denmark"),
    ("finlandia", "finland"),
    ("belgio", "belgium"),
    ("olanda", "netherlands"),
    ("portogallo", "portugal"),
    ("irlanda", "ireland"),
    ("scozia", "scotland"),
    ("messico", "mexico"),
    ("brasile", "brazil"),
    ("india", "india"),
    ("mosca", "moscow"),
    ("londra", "london"),
    ("parigi", "paris"),
    ("pechino", "beijing"),
    ("berlino", "berlin"),
    ("bruxelles", "brussels"),
    ("varsavia", "warsaw"),
    ("ginevra", "geneva"),
    ("vienna", "vienna"),
    ("atene", "athens"),
    ("lisbona", "lisbon"),
    ("onu", "un"),
    ("nazioni", "nations"),
    ("unite", "united"),
    ("cremlino", "kremlin"),
    ("casa", "house"),
    ("bianca", "white"),
    ("occidente", "west"),
];

/// A folded name in its language-neutral (English) form: "italia" -> "italy", "lunedi" -> "monday".
pub fn neutral_name(folded: &str) -> &str {
    if let Some((_, e)) = EXONYMS.iter().find(|(i, _)| *i == folded) {
        return e;
    }
    let (it, en) = (&rassegna_lang::it::TABLES, &rassegna_lang::en::TABLES);
    it.weekday(folded).map_or(folded, |d| en.weekdays[usize::from(d) - 1])
}

/// Every table, for words recognised in any language (units in a mixed-language quote).
pub fn all() -> [&'static Table; 2] {
    [&it::TABLE, &en::TABLE]
}
