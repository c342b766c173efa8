//! Spans that are no names at all, whatever their capitals say.

use super::super::Ctx;
use super::Span;
use crate::tokenize::Kind;

pub(super) fn party_tag(c: &Ctx<'_, '_>, s: &Span) -> bool {
    s.n() == 1 && c.toks[s.a].text.split_once('-').is_some_and(|(p, _)| p.len() == 1)
}

pub(super) fn lone_common_word(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let key = &s.key;
    s.n() == 1
        && (c.table.common_caps.contains(key)
            || c.lx.misc_words.contains(key)
            || (c.table.loc_heads.contains(key) && !gaz_one(c, s.a) && !c.lx.surnames.contains(key)))
}

/// A single token known to the gazetteers.
fn gaz_one(c: &Ctx<'_, '_>, k: usize) -> bool {
    c.gazetteer_at(k, k + 1) == 1
}

/// Words with digits: "A14" is a motorway, "COVID-19" or "H1N1" no name.
pub(super) fn code_with_digits(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let (a, n) = (s.a, s.n());
    let toks = c.toks;
    let road = n == 1 && {
        let w = toks[a].text;
        let letters = w.chars().take_while(char::is_ascii_uppercase).count();
        (1..=2).contains(&letters)
            && w.len() > letters
            && w.len() <= letters + 3
            && w[letters..].chars().all(|ch| ch.is_ascii_digit())
    };
    n == 1 && !road && toks[a].text.chars().any(|ch| ch.is_ascii_digit()) && c.gazetteer_at(a, s.b) == 0
}

/// "Jan 19", "3 Marzo": a month's name or abbreviation next to a number is a date.
pub(super) fn month_by_a_number(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let toks = c.toks;
    let number = |k: Option<usize>| k.and_then(|k| toks.get(k)).is_some_and(|t| t.kind == Kind::Number);
    s.n() == 1 && rassegna_lang::month(&s.key).is_some() && (number(Some(s.b)) || number(s.a.checked_sub(1)))
}

pub(super) fn demonym_role_or_title_alone(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let (a, b, n) = (s.a, s.b, s.n());
    let toks = c.toks;
    // "Svizzera", "Ucraina", "Argentina" are countries as well as feminine demonyms.
    // "oceano Indiano": after a place head a demonym names the place.
    let after_place_head = a > 0 && !toks[a - 1].is_cap() && c.table.loc_name_heads.contains(&toks[a - 1].folded);
    let demonym_only = c.demonym_at(a, b) == n && !c.lx.places.contains_key(&s.key) && !after_place_head;
    demonym_only || (c.role_at(a, b) == n) || (n == 1 && c.table.titles.contains(&s.key))
}

pub(super) fn headline_in_capitals(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let toks = c.toks;
    s.n() > 1
        && !s.known(c)
        && (s.a..s.b).all(|k| toks[k].is_all_caps() || c.table.connectors.contains(&toks[k].folded))
}

/// A lone sentence-initial word needs evidence: seen capitalised elsewhere, or known.
pub(super) fn lone_initial_word_without_evidence(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let a = s.a;
    let evidence = c.is_given(a)
        || s.known(c)
        || s.weak_place(c)
        || c.cap_seen.contains(s.first(c))
        || c.speech_follows(s.b)
        || c.toks[a].is_all_caps()
        || s.role_from.is_some();
    s.n() == 1 && c.amb[a] && !evidence
}

/// "Nato a Verona", "Nata il 3 maggio": a participle opening a sentence, not the alliance.
pub(super) fn opening_participle(c: &Ctx<'_, '_>, s: &Span) -> bool {
    let (a, b) = (s.a, s.b);
    let toks = c.toks;
    let next_lower = toks.get(b).is_some_and(|t| (t.is_word() && !t.is_cap()) || t.kind == Kind::Number);
    s.n() == 1
        && c.amb[a]
        && toks[a].is_cap()
        && !toks[a].is_all_caps()
        && c.table.opening_words.contains(&s.key)
        && next_lower
}
