//! Tagging and resolving in one step: the time expressions of a text with their mentions, for
//! [`tag`] and for the crate's own inference steps.

use rassegna_model::{DateMention, PartialDate};

use crate::lang;
use crate::resolve::{self, Anchor};
use crate::tagger::{Expr, Found, Scanner};

/// The code of the table a text is read with (the language rule of `rassegna_text`).
pub(crate) fn lang_code(text: &str, lang: Option<&str>) -> &'static str {
    lang::table(&rassegna_text::reading_language(lang, text)).code
}

/// Expressions with their resolved mentions, for the crate's own inference steps.
pub(crate) fn analyse(text: &str, lang: Option<&str>, anchor: Option<PartialDate>) -> Vec<(Found, DateMention)> {
    let table = lang::table(lang_code(text, lang));
    let anchor = anchor.map(Anchor::new);
    let mut found = Scanner::new(text, table).scan();
    found.retain(|f| !founding_year(text, f, anchor));
    resolve::apply_narrative_years(text, &mut found, anchor);
    found
        .into_iter()
        .filter_map(|f| {
            let tense = if f.future { Some(true) } else { f.past.then_some(false) };
            let value = resolve::value_in(&f.expr, anchor, tense)?;
            let kind = resolve::kind_of(&f.expr, &value);
            let m = DateMention { text: text[f.start..f.end].to_string(), start: f.start, end: f.end, value, kind };
            Some((f, m))
        })
        .collect()
}

/// A year far before the publication date written right after a name, with no cue: part of the name
/// ("l'US Portoferro 1921 è promosso"), not the date of anything the sentence tells. A recent year
/// after a name is kept: "Worldwide Developers Conference 2010" happens in 2010.
fn founding_year(text: &str, f: &Found, anchor: Option<Anchor>) -> bool {
    let (Expr::Cal { year: Some(y), month: None, day: None, .. }, Some(a)) = (&f.expr, anchor) else { return false };
    if a.year - y <= 25 || f.end - f.start != 4 {
        return false;
    }
    let Some(before) = text[..f.start].strip_suffix(' ') else { return false };
    let word: String =
        before.chars().rev().take_while(|c| c.is_alphabetic()).collect::<Vec<_>>().into_iter().rev().collect();
    let lead = before[..before.len() - word.len()].trim_end();
    word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().skip(1).any(char::is_lowercase)
        && !lead.is_empty()
        && !lead.ends_with(['.', '!', '?', '\n'])
}

/// Time expressions in a clean text, resolved against the publication date when known.
pub fn tag(text: &str, lang: Option<&str>, anchor: Option<PartialDate>) -> Vec<DateMention> {
    analyse(text, lang, anchor).into_iter().map(|(_, m)| m).collect()
}

/// Whether a found expression is a deictic "today" (the publication day itself).
pub(crate) fn is_today(e: &Expr) -> bool {
    matches!(e, Expr::RelDay { offset: 0, .. })
}
