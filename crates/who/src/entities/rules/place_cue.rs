//! Cues that a span names a place.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::super::cues::is_saint;
use super::{Span, Verdict};

/// A place head first ("Monte"), a place suffix last, a lowercase place head right before, or a
/// noun for a kind of place before "di".
pub(super) fn place_words(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let (a, n) = (s.a, s.n());
    let toks = c.toks;
    let place_cue = (n > 1 && (c.table.loc_heads.contains(s.first(c)) || c.lx.loc_suffixes.contains(s.last(c))))
        // Not before a person's full name ("secretary of state Hillary Clinton").
        || (a > 0
            && !toks[a - 1].is_cap()
            && c.table.loc_heads.contains(&toks[a - 1].folded)
            && !(n > 1 && c.is_given(a)))
        || place_noun_of(c, a);
    place_cue.then_some(Verdict::Sure(EntityType::Place))
}

/// "San Vito", "Santa Maria Novella": several words led by a saint's, unless a title or a common
/// word follows it.
pub(super) fn saint_led(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let a = s.a;
    (s.n() > 1 && is_saint(c, a) && !c.table.titles.contains(&c.toks[a + 1].folded) && !c.is_common(a + 1))
        .then_some(Verdict::Sure(EntityType::Place))
}

/// "la cittadina di Dolores", "il villaggio georgiano di Zemo Nikozi", "lo stato indiano di
/// Himachal Pradesh": a lowercase noun for a kind of place, a demonym perhaps, then "di" + the name.
fn place_noun_of(c: &Ctx<'_, '_>, a: usize) -> bool {
    let toks = c.toks;
    if a < 2 || !matches!(toks[a - 1].folded.as_str(), "di" | "del" | "dello" | "della" | "dell'") {
        return false;
    }
    let mut p = a - 1;
    if p > 0 && toks[p - 1].is_word() && !toks[p - 1].is_cap() && c.lx.demonyms.contains_key(&toks[p - 1].folded) {
        p -= 1;
    }
    p > 0 && toks[p - 1].is_word() && !toks[p - 1].is_cap() && c.table.place_nouns.contains(&toks[p - 1].folded)
}
