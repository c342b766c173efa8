//! Sentence splitting with byte offsets, aware of quotation marks and common abbreviations.

/// A sentence with its byte span in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    pub start: usize,
}

impl Sentence<'_> {
    pub fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

const ABBREVIATIONS: &[&str] = &[
    "sig", "sigg", "dott", "prof", "avv", "ing", "on", "sen", "gen", "col", "mr", "mrs", "ms", "dr", "st", "jr", "sr",
    "vs", "ecc", "etc", "n", "p", "pag", "art", "co", "inc", "ltd", "corp", "u.s", "no", "nr",
];

fn is_open_quote(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‘')
}

fn is_close_quote(c: char) -> bool {
    matches!(c, '”' | '»' | '’' | '"')
}

/// Split text into sentences. Line breaks always end a sentence (paragraphs are sentences' outer
/// bound); `.`, `!`, `?` end one when followed by space and an uppercase letter, digit or opening
/// quote, unless the word before is a known abbreviation or a single initial.
pub fn sentences<'a>(text: &'a str) -> Vec<Sentence<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut depth: i32 = 0;
    let mut i = 0;
    let push = |out: &mut Vec<Sentence<'a>>, s: usize, e: usize| {
        let piece = &text[s..e];
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            out.push(Sentence { text: t, start: s + lead });
        }
    };
    while i < chars.len() {
        let (pos, c) = chars[i];
        if c == '\n' {
            push(&mut out, start, pos);
            start = pos + 1;
            depth = 0;
            i += 1;
            continue;
        }
        if is_open_quote(c) {
            depth += 1;
        } else if is_close_quote(c) && c != '"' && c != '’' {
            depth = (depth - 1).max(0);
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Absorb closing quotes and brackets right after the mark.
            let mut j = i + 1;
            while j < chars.len() && (is_close_quote(chars[j].1) || chars[j].1 == ')') {
                if chars[j].1 != '"' && chars[j].1 != '’' {
                    depth = (depth - 1).max(0);
                }
                j += 1;
            }
            let end = if j < chars.len() { chars[j].0 } else { text.len() };
            let followed_by_space = j < chars.len() && chars[j].1 == ' ';
            let next = chars[j..].iter().map(|x| x.1).find(|c| *c != ' ');
            let next_starts =
                next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || is_open_quote(n) || n == '"');
            let word_before: String =
                text[start..pos].rsplit(|ch: char| ch.is_whitespace() || ch == '(').next().unwrap_or("").to_lowercase();
            let is_abbrev = c == '.'
                && (ABBREVIATIONS.contains(&word_before.as_str())
                    || (word_before.chars().count() == 1 && word_before.chars().all(char::is_alphabetic)));
            if (j == chars.len() || (followed_by_space && next_starts)) && !is_abbrev && depth == 0 {
                push(&mut out, start, end);
                start = end;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(&mut out, start, text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_marks_and_lines_keeping_offsets() {
        let text = "Putin è arrivato. Il sig. Kim lo ha accolto!\nNuovo paragrafo “con citazione. Dentro” e fine.";
        let s = sentences(text);
        let t: Vec<_> = s.iter().map(|x| x.text).collect();
        assert_eq!(
            t,
            ["Putin è arrivato.", "Il sig. Kim lo ha accolto!", "Nuovo paragrafo “con citazione. Dentro” e fine."]
        );
        for x in s {
            assert_eq!(&text[x.start..x.end()], x.text);
        }
    }
}
