//! Language identification over whatlang, returning ISO 639-1 codes.

/// An ISO 639-1 language code such as `it` or `en`.
pub type Lang = &'static str;

/// The language whose tables read a text of unknown language, or of a language that has no tables
/// of its own: English, whose tables carry the conventions news shares across languages (ISO
/// dates, digits, capitalised names) and whose words are the most common loans in other languages.
pub const FALLBACK: Lang = "en";

/// The one language rule every stage follows: the language given with the document (a page's
/// `lang` attribute counts as given; `it-IT` and `IT` become `it`), else the one detected in its
/// text. `None` when neither says; stages then read the text with [`FALLBACK`]'s tables (see
/// [`reading_language`]) and the article keeps no language.
pub fn language_of(given: Option<&str>, text: &str) -> Option<String> {
    given
        .map(|l| l.trim().chars().take_while(|c| c.is_ascii_alphabetic()).collect::<String>().to_ascii_lowercase())
        .filter(|l| l.len() == 2)
        .or_else(|| detect_language(text).map(str::to_string))
}

/// The language a stage reads a text in: [`language_of`], else [`FALLBACK`].
pub fn reading_language(given: Option<&str>, text: &str) -> String {
    language_of(given, text).unwrap_or_else(|| FALLBACK.to_string())
}

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
    fn given_beats_detected_and_unknown_reads_as_the_fallback() {
        let italian = "Il presidente russo ha firmato un accordo di mutua difesa con il leader nordcoreano.";
        assert_eq!(language_of(Some("it-IT"), "The president signed."), Some("it".to_string()));
        assert_eq!(language_of(Some(" EN "), italian), Some("en".to_string()));
        assert_eq!(language_of(Some(""), italian), Some("it".to_string()), "an empty given language is no language");
        assert_eq!(language_of(Some("italiano"), italian), Some("it".to_string()), "not a code: detected");
        assert_eq!(language_of(None, "Ok 12:40"), None, "too short to tell");
        assert_eq!(reading_language(None, "Ok 12:40"), FALLBACK);
        assert_eq!(reading_language(Some("de"), "Ok"), "de");
    }

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
