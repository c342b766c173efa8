//! Cues inside the span that it names an organisation.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// An organisation head first ("Banca"), a suffix last or before a connector ("Institute of"), a
/// short acronym, an acronym in lower case, a brand's spelling; a place head first ("Piazza") wins.
pub(super) fn organisation_words(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let (a, b, n) = (s.a, s.b, s.n());
    let toks = c.toks;
    let first = s.first(c);
    let org_cue = c.lx.org_heads.contains(first)
        || (n > 1 && c.lx.org_suffixes.contains(s.last(c)))
        || (a..b - 1).any(|k| {
            c.lx.org_suffixes.contains(&toks[k].folded)
                && !toks[k + 1].is_cap()
                && c.table.connectors.contains(&toks[k + 1].folded)
        })
        // A short word in capitals is an acronym, unless a dateline's town ("BASTIA, 19 gennaio").
        || (n == 1
            && toks[a].is_all_caps()
            && toks[a].text.chars().count() <= 6
            && !is_code(toks[a].text)
            && !dateline_town(c, a))
        || (n == 1 && lower_acronym(toks[a].text))
        || (n == 1 && camel_case(toks[a].text));
    (org_cue && !(c.table.loc_heads.contains(first) && n > 1)).then_some(Verdict::Sure(EntityType::Organisation))
}

/// A town in capitals opening a line before a comma: a dateline ("BASTIA, 19 gennaio -").
fn dateline_town(c: &Ctx<'_, '_>, k: usize) -> bool {
    let toks = c.toks;
    (k == 0 || toks[k].nl_before)
        && toks.get(k + 1).is_some_and(|t| t.punct() == Some(','))
        && c.lx.weak_places.contains_key(&toks[k].folded)
}

/// Roman numerals and codes with digits ("XIX", "H1N1", "CO2") are no organisations.
fn is_code(w: &str) -> bool {
    w.chars().any(|ch| ch.is_ascii_digit()) || w.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// "Csm", "Mps", "Cgil": an acronym written in lower case, with no vowel after its first letter.
fn lower_acronym(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    let rest: Vec<char> = chars.collect();
    first.is_uppercase()
        && (2..=4).contains(&rest.len())
        && rest.iter().all(|ch| ch.is_ascii_lowercase() && !"aeiouy".contains(*ch))
}

/// "YouTube", "DoubleClick", "SpaceX": a capital after a lowercase letter inside one word is a
/// company's or a brand's way of writing its name.
fn camel_case(w: &str) -> bool {
    // Surname prefixes: "McCain", "MacDonald", "DeNiro", "LaBelle", "DiMaggio", "VanDyke".
    if ["Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz"]
        .iter()
        .any(|p| w.strip_prefix(p).and_then(|r| r.chars().next()).is_some_and(char::is_uppercase))
    {
        return false;
    }
    let mut prev_lower = false;
    let mut first = true;
    for ch in w.chars() {
        if !ch.is_alphabetic() {
            return false;
        }
        if ch.is_uppercase() && prev_lower && !first {
            return true;
        }
        prev_lower = ch.is_lowercase();
        first = false;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_spellings_and_acronyms_in_lower_case() {
        assert!(camel_case("DoubleClick") && !camel_case("McDonald") && !camel_case("Roma") && !camel_case("NATO"));
        assert!(lower_acronym("Pdl") && !lower_acronym("Bari") && !lower_acronym("Ng"));
    }
}
