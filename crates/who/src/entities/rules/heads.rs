//! Lowercase words before a name that belong to it: "via Roma", "provincia di Bari", "don Mario",
//! "governo di Kiev".

use std::collections::HashSet;

use rassegna_model::EntityType;

use super::super::Ctx;
use super::super::cues::of_word;
use super::Span;

/// "via Roma", "provincia di Bari", "don Mario": a lowercase head or title that belongs to the
/// name, with the type it gives it.
pub(super) fn lowercase_head(c: &Ctx<'_, '_>, s: &Span) -> Option<(usize, EntityType)> {
    let a = s.a;
    let toks = c.toks;
    let lower_in = |k: usize, set: &HashSet<String>| {
        toks[k].is_word() && !toks[k].is_cap() && !toks[k].nl_before && set.contains(&toks[k].folded)
    };
    let mut head = None;
    if !s.is_org && a >= 1 {
        if lower_in(a - 1, &c.table.loc_name_heads) {
            head = Some((a - 1, EntityType::Place));
        } else if a >= 2 && of_word(c, a - 1) && lower_in(a - 2, &c.table.loc_name_heads) {
            head = Some((a - 2, EntityType::Place));
        } else if lower_in(a - 1, &c.table.name_titles) {
            head = Some((a - 1, EntityType::Person));
        }
    }
    head
}

/// "governo di Kiev": a lowercase institution noun and "di" before a name that is no person; the
/// mention's new start.
pub(super) fn institution_noun(c: &Ctx<'_, '_>, s: &Span, kind: EntityType) -> Option<usize> {
    let a = s.a;
    let toks = c.toks;
    (kind != EntityType::Person
        && !c.lx.places.contains_key(&s.key)
        && a >= 2
        && matches!(
            toks[a - 1].folded.as_str(),
            "di" | "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'" | "of" | "de"
        )
        && !c.table.loc_heads.contains(s.first(c))
        && !toks[a - 2].is_cap()
        && c.table.institutions.contains_key(&toks[a - 2].folded)
        && !c.amb[a - 2])
        .then(|| a - 2)
}
