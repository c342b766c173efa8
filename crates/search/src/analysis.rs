//! Per-language analyzers: tokenise, lower-case, drop stop words, stem, fold accents.

use std::collections::HashMap;
use std::sync::RwLock;
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, TextAnalyzerBuilder, Token, TokenFilter, TokenStream, Tokenizer,
};

/// Languages with their own analysed fields; `xx` is every other language (folded, not stemmed).
pub const LANGUAGES: &[&str] = &["it", "en", "fr", "de", "es", "xx"];

/// Tokenizer of outlet, language and entity names: the whole value, lower-cased and accent-folded.
pub(crate) const KEYWORD: &str = "rassegna_keyword";

pub(crate) fn tokenizer_name(lang: &str) -> String {
    format!("rassegna_{lang}")
}

/// Tokenizer of a language's word-pair field: the language's analysis, then adjacent pairs.
pub(crate) fn pair_tokenizer_name(lang: &str) -> String {
    format!("rassegna_{lang}_pairs")
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

/// The analysed words of `text` as adjacent pairs (`"consigl comunal"`), as the pair fields index them.
pub(crate) fn pairs(lang: &str, text: &str) -> Vec<String> {
    run(pair_analyzer(lang), text).into_iter().map(|(_, t)| t).collect()
}

/// The analysed words of `text` with their positions (stop words leave gaps), for phrase queries.
pub(crate) fn positioned_words(lang: &str, text: &str) -> Vec<(usize, String)> {
    run(analyzer(lang), text)
}

fn run(mut a: TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = a.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

fn pair_analyzer(lang: &str) -> TextAnalyzer {
    builder(lang).filter_dynamic(PairFilter).build()
}

/// Turns a token stream into its adjacent pairs: tokens at positions p and p+1 give one token
/// `"a b"` at p. A word dropped between two (a stop word) breaks the pair, as it breaks a phrase.
#[derive(Clone)]
struct PairFilter;

impl TokenFilter for PairFilter {
    type Tokenizer<T: Tokenizer> = PairTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> PairTokenizer<T> {
        PairTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct PairTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for PairTokenizer<T> {
    type TokenStream<'a> = PairStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PairStream { inner: self.0.token_stream(text), prev: None, token: Token::default() }
    }
}

struct PairStream<S> {
    inner: S,
    /// Text, position and start offset of the previous token.
    prev: Option<(String, usize, usize)>,
    token: Token,
}

impl<S: TokenStream> TokenStream for PairStream<S> {
    fn advance(&mut self) -> bool {
        while self.inner.advance() {
            let t = self.inner.token();
            let prev = self.prev.replace((t.text.clone(), t.position, t.offset_from));
            if let Some((text, position, from)) = prev
                && position + 1 == t.position
            {
                self.token = Token {
                    offset_from: from,
                    offset_to: t.offset_to,
                    position,
                    text: format!("{text} {}", t.text),
                    position_length: 1,
                };
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// Words stemmed so far, per language (the order of [`STEMMED`]); each map is emptied when it
/// reaches [`STEM_CACHE`] words, so memory stays bounded.
static STEMS: [RwLock<Option<StemMap>>; 5] =
    [RwLock::new(None), RwLock::new(None), RwLock::new(None), RwLock::new(None), RwLock::new(None)];
type StemMap = HashMap<Box<str>, Box<str>>;
const STEMMED: [Language; 5] =
    [Language::Italian, Language::English, Language::French, Language::German, Language::Spanish];
const STEM_CACHE: usize = 200_000;

/// The Snowball stemmer with a memory of the words it has stemmed: a few thousand words make most
/// of any text. It was added when snippets re-analysed every shown word and stemming was an eighth
/// of a search's time; the highlighter now stems only words that may match, and the memory serves
/// query parsing and indexing too.
#[derive(Clone, Copy)]
struct CachedStemmer(Language);

impl TokenFilter for CachedStemmer {
    type Tokenizer<T: Tokenizer> = CachedStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> CachedStemFilter<T> {
        CachedStemFilter { lang: self.0, inner: tokenizer }
    }
}

#[derive(Clone)]
struct CachedStemFilter<T> {
    lang: Language,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for CachedStemFilter<T> {
    type TokenStream<'a> = CachedStemStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        let slot = STEMMED.iter().position(|l| *l == self.lang).expect("a stemmed language");
        CachedStemStream { tail: self.inner.token_stream(text), slot, stemmer: None }
    }
}

struct CachedStemStream<S> {
    tail: S,
    slot: usize,
    /// Made on the first word not yet in the cache.
    stemmer: Option<TextAnalyzer>,
}

impl<S: TokenStream> TokenStream for CachedStemStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let cache = &STEMS[self.slot];
        if let Some(stem) =
            cache.read().unwrap_or_else(|p| p.into_inner()).as_ref().and_then(|m| m.get(token.text.as_str()))
        {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let lang = STEMMED[self.slot];
        let stemmer = self
            .stemmer
            .get_or_insert_with(|| TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(lang)).build());
        let mut stream = stemmer.token_stream(&token.text);
        let stem = if stream.advance() { stream.token().text.clone() } else { token.text.clone() };
        drop(stream);
        let mut map = cache.write().unwrap_or_else(|p| p.into_inner());
        let map = map.get_or_insert_with(HashMap::new);
        if map.len() >= STEM_CACHE {
            map.clear();
        }
        map.insert(token.text.as_str().into(), stem.as_str().into());
        token.text = stem;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

pub(crate) fn analyzer(lang: &str) -> TextAnalyzer {
    builder(lang).build()
}

fn builder(lang: &str) -> TextAnalyzerBuilder {
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
        b = b.filter_dynamic(CachedStemmer(l));
    }
    b.filter_dynamic(AsciiFoldingFilter)
}

pub(crate) fn register(index: &Index) {
    let tm = index.tokenizers();
    for l in LANGUAGES {
        tm.register(&tokenizer_name(l), analyzer(l));
        tm.register(&pair_tokenizer_name(l), pair_analyzer(l));
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
        positioned_words(lang, text).into_iter().map(|(_, t)| t).collect()
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
    fn pairs_are_adjacent_analysed_words_and_stop_words_break_them() {
        assert_eq!(pairs("it", "Il Consiglio comunale"), vec![tokens("it", "consiglio comunale").join(" ")]);
        assert_eq!(pairs("it", "consiglio comunale straordinario").len(), 2);
        // "di" is dropped, so "consiglio" and "stato" are not adjacent.
        assert!(pairs("it", "consiglio di stato").is_empty());
        assert!(pairs("en", "floods").is_empty());
    }

    #[test]
    fn remembered_stems_equal_the_snowball_stems() {
        let plain = |lang: Language, text: &str| {
            let mut a = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(StopWordFilter::new(lang).expect("stop words"))
                .filter(Stemmer::new(lang))
                .filter(AsciiFoldingFilter)
                .build();
            let mut s = a.token_stream(text);
            let mut out = Vec::new();
            while s.advance() {
                out.push(s.token().text.clone());
            }
            out
        };
        let it = "I consiglieri comunali hanno approvato il bilancio; la consigliera ha approvato le città";
        let en = "The councillors approved the budgets while the council approves nothing";
        // Twice: the second pass reads every stem from the memory.
        for _ in 0..2 {
            assert_eq!(tokens("it", it), plain(Language::Italian, it));
            assert_eq!(tokens("en", en), plain(Language::English, en));
        }
        // The same word in two languages keeps each language's stem.
        assert_eq!(tokens("it", "generale"), plain(Language::Italian, "generale"));
        assert_eq!(tokens("en", "generale"), plain(Language::English, "generale"));
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
