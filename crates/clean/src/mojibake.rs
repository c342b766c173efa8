//! Text whose UTF-8 bytes were once read as Windows-1252 (or Latin-1) and written out again:
//! "cittÃ\u{a0}" for "città", "lâ€™Italia" for "l’Italia". Scraped pages and archives often
//! hold such runs next to correct text, so each run is repaired where it stands: a lead byte's
//! character followed by as many continuation bytes' characters as UTF-8 needs, decoding to one
//! character. Nothing else is touched, so correct text (even "SÃO PAULO") passes through.

use std::sync::OnceLock;

/// The byte Windows-1252 (or Latin-1, for the five bytes it leaves undefined) writes as `c`.
fn byte_of(c: char) -> Option<u8> {
    match c as u32 {
        0..=0x7f => return None,
        0x80..=0xff => return Some(c as u32 as u8),
        0x152..=0x2122 => {}
        _ => return None,
    }
    static HIGH: OnceLock<Vec<(char, u8)>> = OnceLock::new();
    let high = HIGH.get_or_init(|| {
        (0x80u8..=0x9f)
            .filter_map(|b| {
                let byte = [b];
                let (s, _, bad) = encoding_rs::WINDOWS_1252.decode(&byte);
                let c = s.chars().next()?;
                (!bad && c as u32 >= 0x100).then_some((c, b))
            })
            .collect()
    });
    high.iter().find(|(h, _)| *h == c).map(|(_, b)| *b)
}

/// How many continuation bytes a UTF-8 lead byte takes (0 for no lead byte).
fn continuations(lead: u8) -> usize {
    match lead {
        0xc2..=0xdf => 1,
        0xe0..=0xef => 2,
        0xf0..=0xf4 => 3,
        _ => 0,
    }
}

/// The text with its mis-decoded runs repaired, and how many characters were repaired; `None`
/// when there is nothing to repair.
pub fn repair(text: &str) -> Option<(String, usize)> {
    // The lead bytes of the Western letters and signs below read as "Â", "Ã", "Ä", "Å" and "â":
    // a text without them has nothing to repair (a fast scan; most texts stop here).
    if !text.contains(['Â', 'Ã', 'Ä', 'Å', 'â']) {
        return None;
    }
    // One pass without allocating: a lead byte's character followed by a continuation byte's
    // (or "Ã" and a space).
    let mut lead = None;
    let suspect = text.chars().any(|c| {
        let b = byte_of(c);
        let hit = match lead {
            Some(l) => b.is_some_and(|b| (0x80..=0xbf).contains(&b)) || (l == 0xc3 && c == ' '),
            None => false,
        };
        lead = b.filter(|&b| continuations(b) > 0);
        hit
    });
    if !suspect {
        return None;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut fixed = 0;
    let mut i = 0;
    while i < chars.len() {
        if let Some((c, used)) = decode_at(&chars, i) {
            out.push(c);
            fixed += 1;
            i += used;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    (fixed > 0).then_some((out, fixed))
}

/// The character a mis-decoded run starting at `i` stands for, and the run's length.
fn decode_at(chars: &[char], i: usize) -> Option<(char, usize)> {
    let lead = byte_of(chars[i])?;
    let n = continuations(lead);
    if n == 0 {
        return None;
    }
    let mut bytes = vec![lead];
    for &c in chars.get(i + 1..=i + n)? {
        match byte_of(c) {
            Some(b @ 0x80..=0xbf) => bytes.push(b),
            // "cittÃ  di": the no-break space of "à" was made a plain space on the way, after a
            // lower-case letter (where a capital Ã cannot be meant); it goes with the repair
            // when the text's own space follows it.
            None if n == 1 && c == ' ' && lead == 0xc3 && i > 0 && chars[i - 1].is_lowercase() => {
                let doubled = chars.get(i + 2).is_some_and(|c| c.is_whitespace());
                return Some(('à', if doubled { 2 } else { 1 }));
            }
            _ => return None,
        }
    }
    let s = std::str::from_utf8(&bytes).ok()?;
    s.chars().next().filter(|&c| western(c)).map(|c| (c, n + 1))
}

/// Letters and signs of Western European text, which is what such runs stand for; anything else
/// ("È\u{a0}" would read as "Ƞ", "ì\u{a0}•" as a Hangul syllable) is correct text left alone.
fn western(c: char) -> bool {
    matches!(c as u32, 0xa0..=0x17f | 0x2010..=0x2044 | 0x20ac | 0x2122)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_read_as_windows_1252_are_repaired_where_they_stand() {
        let (text, n) = repair("La cittÃ\u{a0} è calma. lâ€™Italia, perchÃ© e Ã¨ così.").unwrap();
        assert_eq!(text, "La città è calma. l’Italia, perché e è così.");
        assert_eq!(n, 4);
    }

    #[test]
    fn a_no_break_space_made_plain_still_gives_the_accent() {
        assert_eq!(repair("la libertÃ  di assemblea").unwrap().0, "la libertà di assemblea");
        assert_eq!(repair("la libertÃ di assemblea").unwrap().0, "la libertà di assemblea");
    }

    #[test]
    fn correct_text_is_left_alone() {
        assert_eq!(repair("SÃO PAULO, São Paulo: città, perché, l’Italia, 50 €, Ã."), None);
        // A capital or accented letter before a no-break space is no lead byte's run.
        assert_eq!(repair("È\u{a0}stata pubblicata giovedì\u{a0}•\u{a0}10 settembre."), None);
    }
}
