//! Per-language analyzers: tokenise, lower-case, drop stop words, stem, fold accents.

use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer,
};

/// Languages with their own analysed fields; `xx` is every other language (folded, not stemmed).
pub const LANGUAGES: &[&str] = &["it", "en", "fr", "de", "es", "xx"];

/// Tokenizer of outlet, language and entity names: the whole value, lower-cased and accent-folded.
pub(crate) const KEYWORD: &str = "rassegna_keyword";

pub(crate) fn tokenizer_name(lang: &str) -> String {
    format!("rassegna_{lang}")
}

fn snowball(lang: &str) -> Option<Language> {
    Some(match lang {
        "it" => Language::Italian,
        "en" => Language::English,
        "fr" => Language::French,
        "de" => Language::German,
        "es" => Language::Spanish,
        _ => return None,
    })
}

/// The analysed language an article's language code maps to.
pub(crate) fn analysed(lang: Option<&str>) -> &'static str {
    let l = lang.unwrap_or("").trim().to_ascii_lowercase();
    LANGUAGES.iter().find(|x| **x == l && **x != "xx").copied().unwrap_or("xx")
}

fn analyzer(lang: &str) -> TextAnalyzer {
    // Stop words and stems are computed on the accented form the Snowball tables expect; folding
    // comes last so a reader typing "citta" finds "città".
    let mut b = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(48))
        .filter(LowerCaser)
        .dynamic();
    if let Some(l) = snowball(lang) {
        if let Some(stop) = StopWordFilter::new(l) {
            b = b.filter_dynamic(stop);
        }
        b = b.filter_dynamic(Stemmer::new(l));
    }
    b.filter_dynamic(AsciiFoldingFilter).build()
}

pub(crate) fn register(index: &Index) {
    let tm = index.tokenizers();
    for l in LANGUAGES {
        tm.register(&tokenizer_name(l), analyzer(l));
    }
    tm.register(
        KEYWORD,
        TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build(),
    );
}

/// A keyword as the keyword tokenizer indexes it.
pub(crate) fn fold_keyword(value: &str) -> String {
    let mut a = TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build();
    let mut out = String::new();
    let mut stream = a.token_stream(value.trim());
    while stream.advance() {
        out.push_str(&stream.token().text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(lang: &str, text: &str) -> Vec<String> {
        let mut a = analyzer(lang);
        let mut s = a.token_stream(text);
        let mut out = Vec::new();
        while s.advance() {
            out.push(s.token().text.clone());
        }
        out
    }

    #[test]
    fn italian_drops_stop_words_stems_and_folds_accents() {
        let t = tokens("it", "La città ha ratificato il trattato dell'Urbanistica");
        assert!(!t.contains(&"la".to_string()) && !t.contains(&"il".to_string()), "{t:?}");
        assert_eq!(tokens("it", "ratificato"), tokens("it", "ratificati"));
        assert_eq!(tokens("it", "città"), tokens("it", "citta"));
        assert!(t.iter().any(|x| x.starts_with("urbanist")), "elision split: {t:?}");
    }

    #[test]
    fn english_stems_and_unknown_languages_only_fold() {
        assert_eq!(tokens("en", "ratified"), tokens("en", "ratifies"));
        assert_eq!(tokens("xx", "Ökonomie"), vec!["okonomie".to_string()]);
        assert_eq!(analysed(Some("IT")), "it");
        assert_eq!(analysed(Some("pt")), "xx");
        assert_eq!(fold_keyword(" Corriere Della Sèra "), "corriere della sera");
    }
}
