//! Each report analysed once per story: language, sentences, word tokens, stems and the words it
//! capitalises inside sentences, shared by fact extraction and the summary.

use crate::lang;
use crate::numbers::{Word, words};
use rassegna_model::Article;
use rassegna_text::sentences;
use std::collections::{HashMap, HashSet};

/// One sentence of a report.
#[derive(Debug)]
pub struct DocSentence<'a> {
    /// Byte offset of the sentence in the article text.
    pub start: usize,
    pub text: &'a str,
    /// Tokens with offsets relative to `text`.
    pub words: Vec<Word<'a>>,
    /// Stem of each word (the folded word when the language has no stemmer).
    pub stems: Vec<String>,
}

impl DocSentence<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

/// One report, analysed.
#[derive(Debug)]
pub struct Doc<'a> {
    pub article: &'a Article,
    /// Language table code: the article's language, else detected, else English.
    pub lang: &'static str,
    pub sentences: Vec<DocSentence<'a>>,
    /// Folded words written capitalised after a sentence's first word somewhere in the text.
    pub capitals: HashSet<String>,
}

/// Stems computed once per story and language.
#[derive(Default)]
pub struct StemCache {
    by_lang: HashMap<&'static str, (Option<rust_stemmers::Stemmer>, HashMap<String, String>)>,
}

impl StemCache {
    pub fn stem(&mut self, lang: &'static str, folded: &str) -> String {
        let (stemmer, cache) =
            self.by_lang.entry(lang).or_insert_with(|| (rassegna_text::stemmer(lang), HashMap::new()));
        if let Some(s) = cache.get(folded) {
            return s.clone();
        }
        let s = match stemmer {
            Some(st) => st.stem(folded).into_owned(),
            None => folded.to_string(),
        };
        cache.insert(folded.to_string(), s.clone());
        s
    }
}

/// The code of the table an article is read with (the language rule of `rassegna_text`).
pub fn article_lang(a: &Article) -> &'static str {
    lang::table(&rassegna_text::reading_language(a.lang.as_deref(), &a.text)).code
}

impl<'a> Doc<'a> {
    pub fn new(article: &'a Article, stems: &mut StemCache) -> Self {
        let lang = article_lang(article);
        Self::with_text(article, &article.text, lang, stems)
    }

    /// Analyse a text that is not the article body (its title), in the article's language.
    pub fn with_text(article: &'a Article, text: &'a str, lang: &'static str, stems: &mut StemCache) -> Self {
        let mut capitals = HashSet::new();
        let sentences = sentences(text)
            .into_iter()
            .take(rassegna_text::MAX_REPORT_SENTENCES)
            .map(|s| {
                let ws = words(s.text);
                for w in ws.iter().skip(1) {
                    if w.is_capitalised() {
                        capitals.insert(w.folded.clone());
                    }
                }
                let st = ws
                    .iter()
                    .map(|w| if w.is_number() { String::new() } else { stems.stem(lang, &w.folded) })
                    .collect();
                DocSentence { start: s.start, text: s.text, words: ws, stems: st }
            })
            .collect();
        Doc { article, lang, sentences, capitals }
    }
}

/// Analyse every report of a story.
pub fn docs(articles: &[Article]) -> Vec<Doc<'_>> {
    let mut stems = StemCache::default();
    articles.iter().map(|a| Doc::new(a, &mut stems)).collect()
}
