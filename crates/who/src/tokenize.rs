//! A fast tokenizer for name and quote finding: words (hyphens kept, elisions and possessives
//! split), numbers and single punctuation marks, each with its byte span and layout flags.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    Number,
    Punct(char),
}

/// One token with its byte span.
#[derive(Debug, Clone)]
pub struct Tok<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// A line break lies between this token and the previous one.
    pub nl_before: bool,
    /// Whitespace lies between this token and the previous one.
    pub space_before: bool,
    /// Folded form (lowercase, no accents).
    pub folded: String,
}

impl Tok<'_> {
    pub fn is_word(&self) -> bool {
        self.kind == Kind::Word
    }
    /// Starts with an uppercase letter.
    pub fn is_cap(&self) -> bool {
        self.kind == Kind::Word && self.text.chars().next().is_some_and(char::is_uppercase)
    }
    /// At least two letters, all uppercase ("NATO", "ONU").
    pub fn is_all_caps(&self) -> bool {
        let mut letters = 0;
        for c in self.text.chars() {
            if c.is_alphabetic() {
                if !c.is_uppercase() {
                    return false;
                }
                letters += 1;
            }
        }
        letters >= 2
    }
    pub fn punct(&self) -> Option<char> {
        match self.kind {
            Kind::Punct(c) => Some(c),
            _ => None,
        }
    }
}

/// Lowercase and strip accents; a fast path for ASCII.
pub fn fold_fast(s: &str) -> String {
    if s.is_ascii() { s.to_ascii_lowercase() } else { rassegna_text::fold(s) }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Elided articles and prepositions (Italian, French) split off the word they precede.
const ELISIONS: &[&str] = &[
    "l'", "un'", "dell'", "nell'", "all'", "dall'", "sull'", "coll'", "d'", "c'", "s'", "n'", "m'", "t'", "j'", "qu'",
    "quest'", "quell'", "sant'", "tutt'", "bell'", "lorsqu'", "puisqu'", "po'",
];

/// Tokenize a text. Whitespace is dropped; every other character is in exactly one token.
pub fn tokenize(text: &str) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok<'_>> = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut nl = false;
    let mut space = false;
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        let clen = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' || c == '\r' || c == '\u{2029}' {
                nl = true;
            }
            space = true;
            i += clen;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let start = i;
            let mut j = i + clen;
            while j < text.len() {
                let d = text[j..].chars().next().unwrap_or(' ');
                if d.is_alphanumeric() {
                    j += d.len_utf8();
                    continue;
                }
                let next = text[j + d.len_utf8()..].chars().next();
                let prev_alpha = text[..j].chars().next_back().is_some_and(char::is_alphanumeric);
                let joins = match d {
                    '-' | '‐' => next.is_some_and(char::is_alphanumeric),
                    c if is_apostrophe(c) => !numeric && prev_alpha && next.is_some_and(char::is_alphabetic),
                    '.' | ',' if numeric => next.is_some_and(|n| n.is_ascii_digit()),
                    _ => false,
                };
                if !joins {
                    break;
                }
                j += d.len_utf8();
            }
            let word = &text[start..j];
            let kind = if numeric { Kind::Number } else { Kind::Word };
            let mut pieces: Vec<(usize, usize)> = Vec::with_capacity(1);
            if kind == Kind::Word && word.contains(['\'', '’', 'ʼ']) {
                let mut from = start;
                // Split leading elisions ("dell'Ucraina"), then a trailing possessive ("Moscow's").
                for (k, ch) in word.char_indices() {
                    if is_apostrophe(ch) && start + k >= from {
                        let cut = start + k + ch.len_utf8();
                        let prefix = fold_fast(&text[from..start + k]) + "'";
                        if ELISIONS.contains(&prefix.as_str()) {
                            pieces.push((from, cut));
                            from = cut;
                        }
                    }
                }
                let rest = &text[from..j];
                let tail = rest.len().saturating_sub(2);
                let lower = rest.to_lowercase();
                if rest.len() > 3 && (lower.ends_with("'s") || lower.ends_with("’s")) {
                    let apos = rest.char_indices().rev().nth(1).map(|(k, _)| k).unwrap_or(tail);
                    pieces.push((from, from + apos));
                    pieces.push((from + apos, j));
                } else {
                    pieces.push((from, j));
                }
            } else {
                pieces.push((start, j));
            }
            for (s, e) in pieces {
                out.push(Tok {
                    text: &text[s..e],
                    start: s,
                    end: e,
                    kind,
                    nl_before: nl,
                    space_before: space,
                    folded: fold_fast(&text[s..e]),
                });
                nl = false;
                space = false;
            }
            i = j;
            continue;
        }
        let _ = bytes;
        out.push(Tok {
            text: &text[i..i + clen],
            start: i,
            end: i + clen,
            kind: Kind::Punct(c),
            nl_before: nl,
            space_before: space,
            folded: String::new(),
        });
        nl = false;
        space = false;
        i += clen;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_hyphens_splits_elisions_and_possessives() {
        let text = "Dall’ultima visita, Kim Jong-un e l'ONU. Moscow's 2.000,5 “sì”";
        let toks = tokenize(text);
        let words: Vec<_> = toks.iter().map(|t| t.text).collect();
        assert_eq!(
            words,
            [
                "Dall’", "ultima", "visita", ",", "Kim", "Jong-un", "e", "l'", "ONU", ".", "Moscow", "'s", "2.000,5",
                "“", "sì", "”"
            ]
        );
        for t in &toks {
            assert_eq!(&text[t.start..t.end], t.text);
        }
        assert_eq!(toks[0].folded, "dall'");
    }

    #[test]
    fn keeps_apostrophes_inside_names() {
        let toks = tokenize("O'Brien said");
        assert_eq!(toks[0].text, "O'Brien");
    }
}
