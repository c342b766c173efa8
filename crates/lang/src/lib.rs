//! Per-language vocabulary shared by the stages: month and weekday names and number words, one file per
//! language ([`it`], [`en`], [`fr`], [`es`], [`de`]), looked up by ISO 639-1 code with [`tables`].
//!
//! Every word is written folded, as `rassegna_text::fold` gives it: lowercase, no accents, `’` as `'`.
//! Tables that only one stage reads (debris cues, relative-time words, fact predicates, speech verbs)
//! stay in that stage. Adding a language: see `README.md`.

mod dates;
pub mod de;
pub mod en;
pub mod es;
pub mod fr;
pub mod it;
#[cfg(test)]
mod template;

pub use dates::{month, parse_date_prefix, weekday};

/// The shared words of one language.
#[derive(Debug)]
pub struct Tables {
    /// ISO 639-1 code.
    pub code: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// Abbreviations and other spellings of month names, with their month (1 = January). The first one
    /// listed for a month is its usual short form ([`Tables::short_month`]).
    pub month_abbreviations: &'static [(&'static str, u8)],
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// Abbreviations of weekday names, with their weekday (1 = Monday). Kept apart from [`Tables::weekday`]:
    /// most are common words too ("sun", "mar").
    pub weekday_abbreviations: &'static [(&'static str, u8)],
    /// Number words that name a number by themselves, with their value: the units and teens written as one
    /// word, and the tens. Inflected forms, hundreds and thousands are left to the stages, which read them
    /// differently (a count, a scale).
    pub numbers: &'static [(&'static str, u32)],
}

impl Tables {
    /// Month names and abbreviations with their month (1 = January).
    pub fn month_words(&self) -> impl Iterator<Item = (&'static str, u8)> + '_ {
        (1..).zip(self.months).map(|(m, w)| (w, m)).chain(self.month_abbreviations.iter().copied())
    }

    /// The month (1 = January) of a folded month name or abbreviation.
    pub fn month(&self, folded: &str) -> Option<u8> {
        self.month_words().find(|(w, _)| *w == folded).map(|(_, m)| m)
    }

    /// The usual short form of month `m` (1 = January): its first abbreviation, else its name.
    pub fn short_month(&self, m: u8) -> &'static str {
        let i = usize::from(m.clamp(1, 12)) - 1;
        self.month_abbreviations.iter().find(|(_, n)| *n == m).map_or(self.months[i], |(w, _)| w)
    }

    /// The weekday (1 = Monday) of a folded weekday name (not an abbreviation).
    pub fn weekday(&self, folded: &str) -> Option<u8> {
        (1..).zip(self.weekdays).find(|(_, w)| *w == folded).map(|(d, _)| d)
    }

    /// The value of a folded number word of [`Tables::numbers`].
    pub fn number(&self, folded: &str) -> Option<u32> {
        self.numbers.iter().find(|(w, _)| *w == folded).map(|(_, v)| *v)
    }
}

/// Every language with tables.
pub fn all() -> [&'static Tables; 5] {
    [&it::TABLES, &en::TABLES, &fr::TABLES, &es::TABLES, &de::TABLES]
}

/// The tables of a language code, if it has its own.
pub fn get(code: &str) -> Option<&'static Tables> {
    all().into_iter().find(|t| t.code == code)
}

/// The tables of a language code. A language without tables is read with the one fallback every
/// stage uses for an unknown language, `rassegna_text::FALLBACK` (English).
pub fn tables(code: &str) -> &'static Tables {
    get(code).or_else(|| get(rassegna_text::FALLBACK)).unwrap_or(&en::TABLES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(t: &Tables) {
        let folded = |w: &str| assert_eq!(rassegna_text::fold(w), w, "{}: {w:?} is not folded", t.code);
        let mut seen = std::collections::HashSet::new();
        for (w, m) in t.month_words() {
            folded(w);
            assert!((1..=12).contains(&m), "{}: {w} {m}", t.code);
            assert!(seen.insert(w), "{}: {w} twice among the months", t.code);
        }
        for (d, w) in (1..).zip(t.weekdays).chain(t.weekday_abbreviations.iter().map(|(w, d)| (*d, *w))) {
            folded(w);
            assert!((1..=7).contains(&d), "{}: {w} {d}", t.code);
        }
        let mut seen = std::collections::HashSet::new();
        for (w, v) in t.numbers {
            folded(w);
            assert!(*v > 0 && (*v < 20 || (*v < 100 && v % 10 == 0)), "{}: {w} {v}", t.code);
            assert!(seen.insert(w), "{}: {w} twice among the numbers", t.code);
        }
    }

    #[test]
    fn every_table_is_folded_and_in_range() {
        for t in all() {
            check(t);
        }
        check(&template::TABLES);
    }

    #[test]
    fn lookups() {
        let it = tables("it");
        assert_eq!(it.month("giugno"), Some(6));
        assert_eq!(it.month("sett"), Some(9));
        assert_eq!(it.short_month(9), "set");
        assert_eq!(tables("en").short_month(5), "may");
        assert_eq!(it.weekday("mercoledi"), Some(3));
        assert_eq!(it.number("diciannove"), Some(19));
        assert_eq!(tables("fr").number("soixante"), Some(60));
    }

    #[test]
    fn codes_match_and_unknown_languages_get_english() {
        for t in all() {
            assert_eq!(tables(t.code).code, t.code);
        }
        assert_eq!(tables("pt").code, "en");
        assert!(get("pt").is_none());
    }
}
