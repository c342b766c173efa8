//! Highlighted extracts of a shown report: the window of text (at most 150 bytes) where the
//! query's terms weigh most, as tantivy's `SnippetGenerator` chooses it, without analysing every
//! word: a word is stemmed only when its first two letters are those of a query term (stemming
//! keeps them), which made snippets a third of a search's time before. Words are cut as tantivy's
//! `SimpleTokenizer` cuts them, by a scan that neither copies nor lower-cases them.

use crate::Snippet;
use crate::analysis;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// Longest fragment, in bytes (tantivy's default).
const MAX_BYTES: usize = 150;
/// Words of this many bytes or more are skipped, as the analyzers' `RemoveLongFilter` drops them.
const LONG_WORD: usize = 48;

pub(crate) struct Highlighter {
    /// Query terms as the field's analyzer writes them, rarer terms weighing more.
    terms: Vec<(String, f32)>,
    /// The first (up to) two bytes of each term.
    heads: Vec<Vec<u8>>,
    /// The language's analysis, for the words that may be terms.
    full: TextAnalyzer,
}

struct Fragment {
    score: f32,
    start: usize,
    stop: usize,
    highlighted: Vec<(usize, usize)>,
}

impl Fragment {
    fn at(start: usize) -> Fragment {
        Fragment { score: 0.0, start, stop: start, highlighted: Vec::new() }
    }
}

impl Highlighter {
    pub(crate) fn new(lang: &str, terms: Vec<(String, f32)>) -> Highlighter {
        let heads = terms.iter().map(|(t, _)| t.as_bytes()[..t.len().min(2)].to_vec()).collect();
        Highlighter { terms, heads, full: analysis::analyzer(lang) }
    }

    /// The best fragment of `text`, or an empty snippet when no term occurs.
    pub(crate) fn snippet(&mut self, text: &str) -> Snippet {
        let Highlighter { terms, heads, full } = self;
        let mut best: Option<Fragment> = None;
        let mut keep = |f: Fragment| {
            // Ties go to the earlier fragment.
            if f.score > 0.0 && best.as_ref().is_none_or(|b| f.score > b.score) {
                best = Some(f);
            }
        };
        let mut current = Fragment::at(0);
        for (from, to) in words(text) {
            if to - from >= LONG_WORD {
                continue;
            }
            if to - current.start > MAX_BYTES {
                keep(std::mem::replace(&mut current, Fragment::at(from)));
            }
            current.stop = to;
            let word = &text[from..to];
            let head = &word.as_bytes()[..word.len().min(2)];
            // Stemming keeps a word's first letters; folding may change non-ASCII ones.
            if head.is_ascii() {
                let lower = [head[0].to_ascii_lowercase(), head.get(1).map_or(0, u8::to_ascii_lowercase)];
                let head = &lower[..head.len()];
                if !heads.iter().any(|h| head.starts_with(h)) {
                    continue;
                }
            }
            let mut analysed = full.token_stream(word);
            if analysed.advance()
                && let Some((_, w)) = terms.iter().find(|(term, _)| *term == analysed.token().text)
            {
                current.score += w;
                current.highlighted.push((from, to));
            }
        }
        keep(current);
        match best {
            Some(f) => Snippet {
                fragment: text[f.start..f.stop].to_string(),
                highlighted: f.highlighted.iter().map(|(s, e)| (s - f.start, e - f.start)).collect(),
            },
            None => Snippet::default(),
        }
    }
}

/// Byte ranges of the words of `text`: runs of alphanumeric characters, as tantivy's
/// `SimpleTokenizer` cuts them (ASCII bytes tested without decoding).
fn words(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        let mut start = None;
        while i < bytes.len() {
            let (alnum, len) = if bytes[i] < 0x80 {
                (bytes[i].is_ascii_alphanumeric(), 1)
            } else {
                let c = text[i..].chars().next().expect("i is at a character boundary");
                (c.is_alphanumeric(), c.len_utf8())
            };
            match (alnum, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => return Some((s, i)),
                _ => {}
            }
            i += len;
        }
        start.map(|s| (s, bytes.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use tantivy::schema::Field;
    use tantivy::snippet::SnippetGenerator;

    fn terms(lang: &str, query: &str) -> Vec<(String, f32)> {
        let mut a = analysis::analyzer(lang);
        let mut s = a.token_stream(query);
        let mut out = Vec::new();
        while s.advance() {
            out.push((s.token().text.clone(), 1.0 / (2.0 + out.len() as f32)));
        }
        out
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlighted.iter().map(|&(a, b)| &s.fragment[a..b]).collect()
    }

    #[test]
    fn highlights_the_words_tantivy_highlights() {
        let cases = [
            (
                "it",
                "Il Consiglio comunale di Città Alta ha approvato il bilancio; i consiglieri approvano",
                "consiglio città approvare",
            ),
            ("it", "È l'ora: l'Università e l'università degli studi, Ècole", "università ecole"),
            (
                "en",
                "The councillors approved budgets; the council's approval, a Council approving nothing",
                "council approve",
            ),
            ("xx", "Ökonomie und ökonomische Öko-Fragen, Ökonomie", "okonomie oko"),
        ];
        for (lang, text, query) in cases {
            let t = terms(lang, query);
            let ours = Highlighter::new(lang, t.clone()).snippet(text);
            let weights: BTreeMap<String, f32> = t.into_iter().collect();
            let theirs = SnippetGenerator::new(weights, analysis::analyzer(lang), Field::from_field_id(0), MAX_BYTES)
                .snippet(text);
            let theirs: Vec<&str> = theirs.highlighted().iter().map(|r| &text[r.clone()]).collect();
            assert!(theirs.len() >= 2, "{lang}: {theirs:?}");
            assert_eq!(marked(&ours), theirs, "{lang}");
        }
    }

    #[test]
    fn words_are_cut_where_tantivy_cuts_them() {
        use tantivy::tokenizer::{SimpleTokenizer, TextAnalyzer};
        let text = "L'Università—città 2024: «Öko-Fragen» e\u{a0}ΑΘΗΝΑ_x 3,5% naïve\tfine…ok";
        let mut a = TextAnalyzer::from(SimpleTokenizer::default());
        let mut s = a.token_stream(text);
        let mut theirs = Vec::new();
        while s.advance() {
            theirs.push((s.token().offset_from, s.token().offset_to));
        }
        assert_eq!(words(text).collect::<Vec<_>>(), theirs);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn the_fragment_is_the_window_where_terms_weigh_most() {
        let filler = "parole senza nessun interesse per chi legge questa pagina ".repeat(6);
        let text = format!("{filler}un ponte sul fiume. {filler}il ponte crollato e la frana sul ponte. {filler}");
        let s = Highlighter::new("it", terms("it", "ponte frana")).snippet(&text);
        assert!(s.fragment.len() <= MAX_BYTES, "{}", s.fragment.len());
        // Windows are cut greedily (as tantivy does): the one with "frana" and a "ponte" beats the
        // windows with one "ponte".
        assert_eq!(marked(&s), vec!["frana", "ponte"], "{}", s.fragment);
        assert!(text.contains(&s.fragment));
        assert_eq!(Highlighter::new("it", terms("it", "teatro")).snippet(&text), Snippet::default());
    }
}
