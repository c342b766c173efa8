//! Words around a typed name that belong to its mention.

use std::collections::HashSet;

use rassegna_model::EntityType;

use super::super::Ctx;
use super::super::cues::of_word;
use super::{Draft, Span};

/// "Guardia nazionale", "Consiglio dei ministri", "Ministero delle finanze libanese": lowercase
/// adjectives and one "di + noun" continue a name led by an organisation head.
pub(super) fn body_complements(c: &Ctx<'_, '_>, s: &Span, d: &mut Draft) {
    let toks = c.toks;
    if d.kind != EntityType::Organisation || !toks[s.a].is_cap() || !c.lx.org_heads.contains(s.first(c)) {
        return;
    }
    let plain = |k: usize| {
        k < toks.len()
            && toks[k].is_word()
            && !toks[k].is_cap()
            && !toks[k].nl_before
            && toks[k].text.chars().count() > 3
            && !rassegna_text::is_stop_word(c.lang, &toks[k].folded)
            && !c.table.speech_verbs.contains(&toks[k].folded)
            && !c.table.aux.contains(&toks[k].folded)
    };
    // "Ente Nazionale critica la decisione": a verb with its object is no adjective.
    let adjective = |k: usize| {
        plain(k)
            && !toks.get(k + 1).is_some_and(|t| t.is_word() && c.table.articles.contains(&t.folded))
            && (c.lx.demonyms.contains_key(&toks[k].folded)
                || c.table.institution_modifiers.contains(&toks[k].folded)
                || c.table.adj_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())))
    };
    let noun = |k: usize| plain(k) && !["are", "ere", "ire"].iter().any(|e| toks[k].folded.ends_with(e));
    if d.end + 1 < toks.len() && of_word(c, d.end) && !toks[d.end].nl_before && noun(d.end + 1) {
        d.end += 2;
    }
    while adjective(d.end) {
        d.end += 1;
    }
}

/// "Associazione per il Software Libero", "Center for Democracy and Technology": a purpose
/// preposition, an article and a capitalised run (joined by connectors and one conjunction) continue
/// a name led by an organisation head.
pub(super) fn body_purpose(c: &Ctx<'_, '_>, s: &Span, d: &mut Draft) {
    let toks = c.toks;
    if d.kind != EntityType::Organisation || !toks[s.a].is_cap() || !c.lx.org_heads.contains(s.first(c)) {
        return;
    }
    let lower = |k: usize, set: &HashSet<String>| {
        toks.get(k).is_some_and(|t| t.is_word() && !t.is_cap() && !t.nl_before && set.contains(&t.folded))
    };
    let cap = |k: usize| toks.get(k).is_some_and(|t| t.is_word() && t.is_cap() && !t.nl_before);
    let mut k = d.end;
    if !lower(k, &c.table.purpose_preps) {
        return;
    }
    k += 1;
    // The article may be elided into the next word ("per l'Innovazione").
    if lower(k, &c.table.articles) {
        k += 1;
    }
    if !cap(k) {
        return;
    }
    let mut end = k;
    let mut joined = false;
    while cap(end) {
        end += 1;
        let mut next = end;
        if lower(next, &c.table.connectors) || (!joined && lower(next, &c.table.conjunctions)) {
            joined |= lower(next, &c.table.conjunctions);
            next += 1;
            if lower(next, &c.table.articles) {
                next += 1;
            }
        }
        if next > end && cap(next) {
            end = next;
        }
    }
    d.end = end;
}

/// "Italia meridionale", "nord Italia": directions belong to a place name.
pub(super) fn place_directions(c: &Ctx<'_, '_>, s: &Span, d: &mut Draft) {
    let toks = c.toks;
    if d.kind != EntityType::Place {
        return;
    }
    let lower_in = |k: usize, set: &HashSet<String>| {
        k < toks.len() && toks[k].is_word() && !toks[k].is_cap() && !toks[k].nl_before && set.contains(&toks[k].folded)
    };
    while lower_in(d.end, &c.table.loc_post_modifiers) {
        d.end += 1;
    }
    let a = s.a;
    if d.start == a && a > 0 && lower_in(a - 1, &c.table.loc_pre_modifiers) && !toks[a].nl_before {
        d.start = a - 1;
    }
}

/// "CIIP S.p.A.": a company's mention ends with its legal form.
pub(super) fn legal_form(_: &Ctx<'_, '_>, s: &Span, d: &mut Draft) {
    if d.kind == EntityType::Organisation && (s.legal > 0 || s.legal_after > 0) {
        d.end = if s.legal > 0 { s.b - 1 + s.legal } else { s.b + s.legal_after };
    }
}

/// "Robert S.", "Pier Luigi B.": a closing initial keeps its dot.
pub(super) fn initial_dot(c: &Ctx<'_, '_>, _: &Span, d: &mut Draft) {
    let toks = c.toks;
    let b = d.end;
    // "Floyd Mayweather Jr.": so does a generational suffix.
    let suffix = matches!(toks[b - 1].folded.as_str(), "jr" | "sr") && b - d.start >= 2;
    if toks[b - 1].is_cap()
        && (toks[b - 1].text.chars().count() == 1 || suffix)
        && toks.get(b).is_some_and(|t| t.punct() == Some('.') && !t.space_before)
    {
        d.end += 1;
    }
}
