//! Appositions naming the kind of thing a name is: "il quotidiano The Nation", "Ennahda, il partito
//! di maggioranza", "Appignano, comune in provincia di Ascoli".

use std::collections::HashSet;

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// A comma after the span, perhaps an article, then a lowercase noun from `set`.
fn noun_after(c: &Ctx<'_, '_>, s: &Span, set: &HashSet<String>) -> bool {
    let toks = c.toks;
    let b = s.b;
    toks.get(b).is_some_and(|t| t.punct() == Some(',')) && {
        let mut k = b + 1;
        if toks.get(k).is_some_and(|t| t.is_word() && c.table.articles.contains(&t.folded)) {
            k += 1;
        }
        toks.get(k).is_some_and(|t| t.is_word() && !t.is_cap() && set.contains(&t.folded))
    }
}

/// "Appignano, comune in provincia di Ascoli": the kind of place in an apposition after it.
pub(super) fn place_noun_after(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    (!s.is_org && !c.is_given(s.a) && noun_after(c, s, &c.table.place_nouns))
        .then_some(Verdict::Sure(EntityType::Place))
}

/// "il quotidiano The Nation", "l'agenzia di stampa giapponese Jiji", "la band Hooverphonic": a
/// lowercase noun naming a kind of organisation, right before the name; "Ennahda, il partito di
/// maggioranza": the kind of body in an apposition after a one-word name.
pub(super) fn body_noun(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let toks = c.toks;
    let a = s.a;
    let before = !c.is_given(a) && !s.is_place && {
        let mut p = a;
        // One demonym or adjective may stand between ("la compagnia genovese").
        if p > 0 && toks[p - 1].is_word() && !toks[p - 1].is_cap() && c.lx.demonyms.contains_key(&toks[p - 1].folded) {
            p -= 1;
        }
        let lower = |k: usize| toks[k].is_word() && !toks[k].is_cap() && !toks[k].nl_before;
        (1..=3).any(|m| p >= m && (p - m..p).all(lower) && c.table.org_nouns.contains(&c.key(p - m, p)))
    };
    let after = s.n() == 1 && !c.is_given(a) && !s.is_place && noun_after(c, s, &c.table.org_nouns);
    (before || after).then_some(Verdict::Sure(EntityType::Organisation))
}

/// "l'amministratore delegato di Pfizer", "i dipendenti di Alitalia", "shares of Ardent": a noun
/// whose complement is a company or a body, then "di"/"of" and the name.
pub(super) fn complement_of_body_noun(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let toks = c.toks;
    let a = s.a;
    let of = a >= 2 && (super::super::cues::of_word(c, a - 1) || toks[a - 1].folded == "of");
    let lower = |k: usize| toks[k].is_word() && !toks[k].nl_before && (!toks[k].is_cap() || toks[k].is_all_caps());
    let noun = of
        && !c.is_given(a)
        && !s.is_place
        && (1..=3).any(|m| {
            let p = a - 1;
            p >= m && (p - m..p).all(lower) && c.table.org_complements.contains(&c.key(p - m, p))
        });
    noun.then_some(Verdict::Sure(EntityType::Organisation))
}
