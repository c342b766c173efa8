//! Word tokens with byte offsets, and accent folding.
//!
//! Italian elisions (`dell'Ucraina`, `l’accordo`) are split after the apostrophe so the noun stands
//! alone, which unicode word segmentation does not do by itself.
//!
//! Other word splitters, each kept for what it must produce:
//! - `rassegna_who::tokenize`: names and quotes need hyphens kept (`Jong-un`, `e-mail`), apostrophes
//!   inside names (`O'Brien`), possessives apart (`Moscow` `'s`), punctuation as tokens (`U` `.` `S` `.`)
//!   and layout flags (line break, space before).
//! - `rassegna_search::analysis`: tantivy's `SimpleTokenizer` (any non-alphanumeric character splits, so
//!   `dell` `ucraina`, `2` `000` `5`), as a tantivy analyzer must be one; the index and the queries share it.
//! - cluster's `features::words` and dedup's `words`: runs of alphanumeric characters, fast enough for
//!   every article against a window; cluster keeps `.`/`,` between digits (`2.000,5`), dedup does not.
//!
//! Where they disagree, with this module as `text`: `Kim Jong-un` is `Jong` `un` here and in search,
//! cluster and dedup, `Jong-un` in who; `O'Brien` is `O'` `Brien` here, `O'Brien` in who, `O` `Brien` in
//! the others; `Moscow's` is `Moscow'` `s` here, `Moscow` `'s` in who; `U.S.` is `U.S` here. No two give
//! the same tokens on all text, so none replaces another.

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// A token: a word, a number or a punctuation mark, with its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl<'a> Token<'a> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// Whether the token has at least one alphabetic character.
    pub fn is_word(&self) -> bool {
        self.text.chars().any(char::is_alphabetic)
    }

    pub fn is_number(&self) -> bool {
        self.text.chars().next().is_some_and(|c| c.is_ascii_digit())
    }

    /// Whether the token starts with an uppercase letter.
    pub fn is_capitalised(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Split a text into word and number tokens (whitespace and punctuation dropped), elisions split.
pub fn tokens(text: &str) -> impl Iterator<Item = Token<'_>> {
    text.split_word_bound_indices().filter(|(_, w)| w.chars().any(char::is_alphanumeric)).flat_map(|(start, w)| {
        // "dell'Ucraina" -> "dell'", "Ucraina"; keep the elided article as its own token.
        let mut out = Vec::with_capacity(1);
        let mut from = 0;
        for (i, c) in w.char_indices() {
            if is_apostrophe(c) && i > 0 && i + c.len_utf8() < w.len() {
                let cut = i + c.len_utf8();
                out.push(Token { text: &w[from..cut], start: start + from });
                from = cut;
            }
        }
        out.push(Token { text: &w[from..], start: start + from });
        out
    })
}

/// Lowercase and strip diacritics: `Perché` -> `perche`, `Kim Jong-un` stays as it is but lowercase.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            '’' | 'ʼ' => out.push('\''),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_elisions_and_keeps_offsets() {
        let text = "Dall’ultima visita dell'anno 2000, Kim Jong-un";
        let toks: Vec<_> = tokens(text).collect();
        let words: Vec<_> = toks.iter().map(|t| t.text).collect();
        assert_eq!(words, ["Dall’", "ultima", "visita", "dell'", "anno", "2000", "Kim", "Jong", "un"]);
        for t in toks {
            assert_eq!(&text[t.start..t.end()], t.text);
        }
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Perché LÀ l’Età"), "perche la l'eta");
    }
}
