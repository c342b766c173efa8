//! Text utilities shared by the stages: the one language rule ([`language_of`]), language identification, word tokens with byte offsets,
//! sentence splitting, accent folding, Snowball stems and stop words per language.
//!
//! Stages use these so that "the same word" means the same thing in dedup, clustering, search and
//! summaries.

mod lang;
mod sentences;
mod tokens;

pub use lang::{FALLBACK, Lang, detect_language, language_of, reading_language};
pub use sentences::{Sentence, sentences};
pub use tokens::{Token, fold, tokens};

use std::collections::HashSet;

/// Sentences of one report that the story-level stages (facts, summary, timeline) read. A news
/// report has far fewer (a long one, 150); past this a text is a transcript, a live blog or an
/// archive page, whose first sentences carry what it says about the story. Those stages compare
/// sentences and date mentions with each other, so without this bound one 15 MB page took minutes;
/// with it the cost of a report grows no faster than its length (`scripts/bench_big_document.sh`).
pub const MAX_REPORT_SENTENCES: usize = 600;
use std::sync::OnceLock;

/// A Snowball stemmer for a language, or `None` when there is none for it.
pub fn stemmer(lang: &str) -> Option<rust_stemmers::Stemmer> {
    use rust_stemmers::Algorithm::*;
    let alg = match lang {
        "it" => Italian,
        "en" => English,
        "fr" => French,
        "de" => German,
        "es" => Spanish,
        "pt" => Portuguese,
        "nl" => Dutch,
        "ru" => Russian,
        "sv" => Swedish,
        "da" => Danish,
        "no" => Norwegian,
        "fi" => Finnish,
        "hu" => Hungarian,
        "ro" => Romanian,
        "tr" => Turkish,
        _ => return None,
    };
    Some(rust_stemmers::Stemmer::create(alg))
}

fn stop_list(lang: &str) -> Option<&'static HashSet<String>> {
    macro_rules! cached {
        ($code:literal, $l:expr) => {{
            static SET: OnceLock<HashSet<String>> = OnceLock::new();
            Some(SET.get_or_init(|| stop_words::get($l).iter().map(|w| fold(w)).collect()))
        }};
    }
    use stop_words::Language as L;
    match lang {
        "it" => cached!("it", L::Italian),
        "en" => cached!("en", L::English),
        "fr" => cached!("fr", L::French),
        "de" => cached!("de", L::German),
        "es" => cached!("es", L::Spanish),
        "pt" => cached!("pt", L::Portuguese),
        "nl" => cached!("nl", L::Dutch),
        _ => None,
    }
}

/// Whether a folded (lowercase, accent-free) word is a stop word in the language.
pub fn is_stop_word(lang: &str, folded: &str) -> bool {
    stop_list(lang).is_some_and(|s| s.contains(folded))
}

/// Content terms of a text: folded, stop words and one-letter words dropped, stemmed when a stemmer exists.
pub fn terms(text: &str, lang: &str) -> Vec<String> {
    let stem = stemmer(lang);
    tokens(text)
        .filter(|t| t.is_word())
        .filter_map(|t| {
            let f = fold(t.text);
            if f.chars().count() < 2 || is_stop_word(lang, &f) {
                return None;
            }
            Some(match &stem {
                Some(s) => s.stem(&f).into_owned(),
                None => f,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_terms_are_stemmed_folded_and_stopword_free() {
        let t = terms("Il presidente russo ha firmato l'accordo con la Corea del Nord", "it");
        assert!(t.contains(&"presid".to_string()) || t.iter().any(|x| x.starts_with("presid")));
        assert!(t.iter().any(|x| x.starts_with("accord")));
        assert!(!t.iter().any(|x| x == "il" || x == "la" || x == "con"));
    }

    #[test]
    fn unknown_language_still_gives_terms() {
        let t = terms("Pyongyang Moskva", "xx");
        assert_eq!(t, vec!["pyongyang", "moskva"]);
    }
}
