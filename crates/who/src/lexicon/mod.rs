//! Lexicons: per-language tables and shared gazetteers (places, demonyms, organisations, given
//! names), compiled in with `include_str!` and parsed once.

mod lang;

pub use lang::LangTable;
pub(crate) use lang::phrase_key;

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use lang::{DEFAULT_LANG, LANG_FILES};

const PLACE_FILES: &[(&str, &str)] = &[
    ("it", include_str!("../../data/places/it.tsv")),
    ("en", include_str!("../../data/places/en.tsv")),
    ("fr", include_str!("../../data/places/fr.tsv")),
    ("de", include_str!("../../data/places/de.tsv")),
    ("es", include_str!("../../data/places/es.tsv")),
];
const ORGS: &str = include_str!("../../data/orgs.tsv");
const GIVEN_NAMES: &str = include_str!("../../data/given_names.txt");
/// Large lists from permissively licensed packages (see `data/README.md`): weaker evidence than the
/// hand-written tables, consulted only when nothing else classifies a name.
const WEAK_PLACE_FILES: &[&str] =
    &[include_str!("../../data/places/it_comuni.tsv"), include_str!("../../data/places/geonames.tsv")];
const GIVEN_NAMES_LARGE: &str = include_str!("../../data/given_names_large.txt");
const SURNAMES: &str = include_str!("../../data/surnames.txt");
/// Given names listed as one gender only (Faker, MIT; see `data/README.md`).
const GIVEN_NAME_GENDERS: &str = include_str!("../../data/given_names_gender.txt");
const PROVINCE_CODES: &str = include_str!("../../data/places/it_province_codes.txt");
/// Common-word lists (Morph-it!, CC BY-SA 2.0; SCOWL, permissive: see `data/README.md`).
const COMMON_WORD_FILES: &[&str] =
    &[include_str!("../../data/words/it_morphit.txt"), include_str!("../../data/words/en_scowl.txt")];
const FINITE_VERBS: &str = include_str!("../../data/words/it_morphit_finite.txt");

/// The names of a list file (`#` comments skipped) with the gender the `[m]` or `[f]` line above
/// them gives, if any.
fn gendered_names(src: &str) -> impl Iterator<Item = (String, Option<char>)> + '_ {
    let mut gender = None;
    src.lines().filter(|l| !l.starts_with('#')).flat_map(move |line| {
        match line.trim() {
            "[m]" => gender = Some('m'),
            "[f]" => gender = Some('f'),
            _ => {}
        }
        let g = gender;
        let names = if line.trim().starts_with('[') { "" } else { line };
        names.split_whitespace().map(move |w| (phrase_key(w), g))
    })
}

/// Everything the recogniser looks words up in.
#[derive(Debug)]
pub struct Lexicon {
    tables: HashMap<String, LangTable>,
    /// Folded place name (tokens joined by a space) -> country code.
    pub places: HashMap<String, String>,
    /// Folded demonym (any language, inflected) -> country code.
    pub demonyms: HashMap<String, String>,
    /// Folded organisation name -> country it stands for, if a seat of power ("cremlino" -> RU).
    pub orgs: HashMap<String, Option<String>>,
    /// Acronyms, matched case-sensitively ("WHO", not "who").
    pub acronyms: HashSet<String>,
    pub given_names: HashSet<String>,
    /// Folded given name -> its gender when the lists give it one only (`'m'` or `'f'`).
    pub given_gender: HashMap<String, char>,
    /// Folded names of towns and cities from the large lists -> country code (weak evidence: many
    /// are also surnames or words).
    pub weak_places: HashMap<String, String>,
    /// Common surnames (weak evidence of a person).
    pub surnames: HashSet<String>,
    /// Folded names of towns and cities (the large lists, regions left out).
    pub towns: HashSet<String>,
    /// Folded country names (not cities): they may stand for a government or a team.
    pub countries: HashSet<String>,
    /// Folded country name, in any language -> its ISO 3166 code ("stati uniti", "usa" -> US).
    pub country_codes: HashMap<String, String>,
    /// Province codes written in brackets after a town ("Vimercate (MB)"), case-sensitive.
    pub province_codes: HashSet<String>,
    /// Organisation head words and suffixes of every language (names cross languages: "Foreign
    /// Office" in an Italian text).
    pub org_heads: HashSet<String>,
    pub org_suffixes: HashSet<String>,
    pub loc_suffixes: HashSet<String>,
    /// Words of event, work and product names ("Coppa", "Cup", "Festival"): such a span is no person.
    pub misc_words: HashSet<String>,
    /// Everyday words (Italian and English dictionaries) that are no known name, place or
    /// organisation: a capitalised span made with one is a title, an event or a product.
    pub common_words: HashSet<String>,
    /// The everyday words of the Italian lists that the English list lacks.
    pub italian_only_words: HashSet<String>,
    /// Italian finite verb forms of the third person ("dichiarò", "ritenta").
    pub finite_verbs: HashSet<String>,
    /// Longest gazetteer entry, in tokens.
    pub max_len: usize,
}

static LEXICON: OnceLock<Lexicon> = OnceLock::new();

/// The lexicon, built on first use.
pub fn lexicon() -> &'static Lexicon {
    LEXICON.get_or_init(Lexicon::build)
}

/// Country names and demonyms (every inflection: "italiano", "italiane", "Italian") that are one
/// word, folded: the clusterer keeps them out of a storyline's evidence, as every report of a
/// country's press names them whatever its matter. Read from the small hand-written place tables
/// alone, without building the rest of the lexicon (tens of megabytes).
pub fn country_words() -> &'static HashSet<String> {
    static WORDS: OnceLock<HashSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let p = PlaceTables::parse(&lang_tables());
        p.countries.into_iter().chain(p.demonyms.into_keys()).filter(|w| !w.contains(' ')).collect()
    })
}

fn lang_tables() -> HashMap<String, LangTable> {
    LANG_FILES.iter().map(|(code, src)| (code.to_string(), LangTable::parse(code, src))).collect()
}

/// What the hand-written place tables say: places, demonyms (inflected) and country names, folded,
/// each place and demonym with its country code; the first table to name one wins.
struct PlaceTables {
    places: HashMap<String, String>,
    demonyms: HashMap<String, String>,
    countries: HashSet<String>,
    country_codes: HashMap<String, String>,
    /// Longest place name, in tokens (at least 1).
    max_len: usize,
}

impl PlaceTables {
    fn parse(tables: &HashMap<String, LangTable>) -> PlaceTables {
        let mut out = PlaceTables {
            places: HashMap::new(),
            demonyms: HashMap::new(),
            countries: HashSet::new(),
            country_codes: HashMap::new(),
            max_len: 1,
        };
        for (code, src) in PLACE_FILES {
            let table = tables.get(*code).or_else(|| tables.get(DEFAULT_LANG)).expect("default language table");
            for line in src.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
                let cols: Vec<&str> = line.split('\t').collect();
                let country = cols[0];
                let list = |i: usize| cols.get(i).unwrap_or(&"").split('|').filter(|n| !n.is_empty()).map(phrase_key);
                for (col, name) in list(1).map(|n| (1, n)).chain(list(3).map(|n| (3, n))) {
                    if col == 1 {
                        out.countries.insert(name.clone());
                        out.country_codes.entry(name.clone()).or_insert_with(|| country.to_string());
                    }
                    out.max_len = out.max_len.max(name.split(' ').count());
                    out.places.entry(name).or_insert_with(|| country.to_string());
                }
                for form in list(2).flat_map(|base| table.inflect(&base)) {
                    out.demonyms.entry(form).or_insert_with(|| country.to_string());
                }
            }
        }
        out
    }
}

impl Lexicon {
    fn build() -> Lexicon {
        let mut lx = Lexicon {
            tables: lang_tables(),
            places: HashMap::new(),
            demonyms: HashMap::new(),
            orgs: HashMap::new(),
            acronyms: HashSet::new(),
            given_names: HashSet::new(),
            given_gender: HashMap::new(),
            weak_places: HashMap::new(),
            surnames: HashSet::new(),
            province_codes: HashSet::new(),
            countries: HashSet::new(),
            country_codes: HashMap::new(),
            towns: HashSet::new(),
            org_heads: HashSet::new(),
            org_suffixes: HashSet::new(),
            loc_suffixes: HashSet::new(),
            misc_words: HashSet::new(),
            common_words: HashSet::new(),
            italian_only_words: HashSet::new(),
            finite_verbs: HashSet::new(),
            max_len: 1,
        };
        for t in lx.tables.values() {
            lx.org_heads.extend(t.org_heads.iter().cloned());
            lx.org_suffixes.extend(t.org_suffixes.iter().cloned());
            lx.loc_suffixes.extend(t.loc_suffixes.iter().cloned());
            lx.misc_words.extend(t.misc_words.iter().cloned());
        }
        let p = PlaceTables::parse(&lx.tables);
        (lx.places, lx.demonyms, lx.countries, lx.country_codes, lx.max_len) =
            (p.places, p.demonyms, p.countries, p.country_codes, p.max_len);
        for line in ORGS.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            let cols: Vec<&str> = line.split('\t').collect();
            let seat = cols.get(1).filter(|c| **c != "-").map(|c| c.to_string());
            for name in cols.get(2).unwrap_or(&"").split('|').filter(|n| !n.is_empty()) {
                let is_acronym = name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
                    && name.chars().filter(|c| c.is_alphabetic()).count() <= 6;
                if is_acronym {
                    lx.acronyms.insert(name.to_string());
                } else {
                    let key = phrase_key(name);
                    lx.max_len = lx.max_len.max(key.split(' ').count());
                    lx.orgs.insert(key, seat.clone());
                }
            }
        }
        for src in [GIVEN_NAMES, GIVEN_NAMES_LARGE] {
            for (name, gender) in gendered_names(src) {
                if let Some(g) = gender {
                    lx.given_gender.insert(name.clone(), g);
                }
                lx.given_names.insert(name);
            }
        }
        for (name, gender) in gendered_names(GIVEN_NAME_GENDERS) {
            lx.given_gender.extend(gender.map(|g| (name, g)));
        }
        for line in PROVINCE_CODES.lines().filter(|l| !l.starts_with('#')) {
            lx.province_codes.extend(line.split_whitespace().map(str::to_string));
        }
        for line in SURNAMES.lines().filter(|l| !l.starts_with('#')) {
            for w in line.split_whitespace() {
                lx.surnames.insert(phrase_key(w));
            }
        }
        for src in WEAK_PLACE_FILES {
            for line in src.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
                let Some((country, names)) = line.split_once('\t') else { continue };
                for name in names.split('|').filter(|n| !n.is_empty()) {
                    let key = phrase_key(name);
                    if !country.contains('-') {
                        lx.towns.insert(key.clone());
                    }
                    if !lx.places.contains_key(&key) && !lx.orgs.contains_key(&key) {
                        lx.weak_places.entry(key).or_insert_with(|| country.to_string());
                    }
                }
            }
        }
        let words = |src: &'static str| {
            src.lines().filter(|l| !l.starts_with('#')).flat_map(str::split_whitespace).map(crate::tokenize::fold_fast)
        };
        lx.finite_verbs.extend(words(FINITE_VERBS));
        let english: HashSet<String> = words(COMMON_WORD_FILES[1]).collect();
        for src in COMMON_WORD_FILES.iter().chain([&FINITE_VERBS]) {
            for w in words(src) {
                let name = lx.given_names.contains(&w)
                    || lx.surnames.contains(&w)
                    || lx.places.contains_key(&w)
                    || lx.weak_places.contains_key(&w)
                    || lx.orgs.contains_key(&w)
                    || lx.demonyms.contains_key(&w);
                if !name {
                    if !english.contains(&w) {
                        lx.italian_only_words.insert(w.clone());
                    }
                    lx.common_words.insert(w);
                }
            }
        }
        lx
    }

    /// Whether `w` (folded) is an everyday word in text of language `lang`: Italian words count
    /// only in Italian text ("Strada" in "Terry Strada" is a surname in English news), English
    /// words everywhere (English titles and slogans inside Italian text).
    pub fn is_everyday(&self, lang: &str, w: &str) -> bool {
        self.common_words.contains(w) && (lang == "it" || !self.italian_only_words.contains(w))
    }

    /// The table for a language, or the default one.
    pub fn table(&self, lang: &str) -> &LangTable {
        self.tables.get(lang).or_else(|| self.tables.get(DEFAULT_LANG)).expect("default language table")
    }

    /// Whether a language has its own table.
    pub fn has_table(&self, lang: &str) -> bool {
        self.tables.contains_key(lang)
    }

    /// Every table, default language first then by code (for parsing text of unknown language).
    pub fn tables(&self) -> Vec<&LangTable> {
        let mut v: Vec<&LangTable> = self.tables.values().collect();
        v.sort_by_key(|t| (t.code != DEFAULT_LANG, t.code.clone()));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_words_are_single_words_in_every_form() {
        let w = super::country_words();
        for word in ["italia", "italy", "italiano", "italiane", "italian", "russia", "russo"] {
            assert!(w.contains(word), "{word}");
        }
        assert!(!w.contains("north korea") && !w.contains("roma") && !w.contains("valfreddo"));
    }

    #[test]
    fn gazetteers_know_places_demonyms_and_seats_of_power() {
        let lx = lexicon();
        assert_eq!(lx.places.get("corea del nord").map(String::as_str), Some("KP"));
        assert_eq!(lx.places.get("pyongyang").map(String::as_str), Some("KP"));
        assert_eq!(lx.demonyms.get("nordcoreana").map(String::as_str), Some("KP"));
        assert_eq!(lx.demonyms.get("north korean").map(String::as_str), Some("KP"));
        assert_eq!(lx.orgs.get("cremlino"), Some(&Some("RU".to_string())));
        assert!(lx.acronyms.contains("NATO"));
        assert!(lx.given_names.contains("vladimir"));
        assert_eq!(lx.table("xx").code, "en");
    }
}
