//! Verdicts from what the lexicon knows of the whole span.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// A listed body or acronym, an acronym with dots, a name with a legal form.
pub(super) fn organisation(_: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    s.is_org.then_some(Verdict::Sure(EntityType::Organisation))
}

/// A listed place.
pub(super) fn place(_: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    s.is_place.then_some(Verdict::Sure(EntityType::Place))
}

/// A town from the large lists: a surname of someone named in full wins (see `single_words`).
pub(super) fn town_from_large_lists(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    s.weak_place(c).then_some(Verdict::Weak(EntityType::Place))
}

/// A listed surname standing alone.
pub(super) fn surname(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    (s.n() == 1 && c.lx.surnames.contains(s.first(c))).then_some(Verdict::Weak(EntityType::Person))
}
