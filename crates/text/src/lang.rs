//! Language identification over whatlang, returning ISO 639-1 codes.

/// An ISO 639-1 language code such as `it` or `en`.
pub type Lang = &'static str;

/// Detect the language of a text. Returns `None` when the text is too short or the guess unreliable.
pub fn detect_language(text: &str) -> Option<Lang> {
    // whatlang is quadratic-free but slow on huge inputs; the first 4 KB decide well enough.
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let sample = &text[..cut];
    if sample.split_whitespace().count() < 3 {
        return None;
    }
    let info = whatlang::detect(sample)?;
    if !info.is_reliable() && info.confidence() < 0.5 {
        return None;
    }
    Some(iso639_1(info.lang()))
}

fn iso639_1(l: whatlang::Lang) -> Lang {
    use whatlang::Lang::*;
    match l {
        Ita => "it",
        Eng => "en",
        Fra => "fr",
        Deu => "de",
        Spa => "es",
        Por => "pt",
        Nld => "nl",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Ces => "cs",
        Swe => "sv",
        Dan => "da",
        Nob => "no",
        Fin => "fi",
        Hun => "hu",
        Ron => "ro",
        Tur => "tr",
        Ell => "el",
        Ara => "ar",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Vie => "vi",
        Hin => "hi",
        Cat => "ca",
        Hrv => "hr",
        Srp => "sr",
        Slv => "sl",
        Slk => "sk",
        Bul => "bg",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        other => other.code(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_italian_and_english() {
        assert_eq!(
            detect_language("Il presidente russo ha firmato un accordo di mutua difesa con il leader nordcoreano."),
            Some("it")
        );
        assert_eq!(
            detect_language("The Russian president signed a mutual defence treaty with the North Korean leader."),
            Some("en")
        );
        assert_eq!(detect_language("Ciao"), None);
    }
}
