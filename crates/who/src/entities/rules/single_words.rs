//! One-word names typed on weak evidence or none, settled by the rest of the text: a surname of a
//! person named in full, a name seen with another type, or else dropped when nothing typed it.

use std::collections::{HashMap, HashSet};

use rassegna_model::EntityType;

use super::super::{Ctx, Found};
use super::Doubt;

/// The types of the names typed without doubt, by their words; a person's single words count as
/// persons too.
pub(super) fn sure_types(c: &Ctx<'_, '_>, found: &[Found], doubts: &[Option<Doubt>]) -> HashMap<String, EntityType> {
    let mut full_tokens: HashMap<String, EntityType> = HashMap::new();
    for (f, doubt) in found.iter().zip(doubts) {
        if doubt.is_none() {
            let key = c.key(f.t0, f.t1);
            full_tokens.entry(key).or_insert(f.kind);
            if f.kind == EntityType::Person {
                for t in &c.toks[f.t0..f.t1] {
                    full_tokens.entry(t.folded.clone()).or_insert(EntityType::Person);
                    // "Bashar al-Assad … il regime di Assad": the name is also written without its article.
                    if let Some(bare) = super::super::spans::after_arabic_article(t.text) {
                        full_tokens.entry(crate::lexicon::phrase_key(bare)).or_insert(EntityType::Person);
                    }
                }
            }
        }
    }
    full_tokens
}

/// "Whitney Houston ... la Houston": a one-word place (not a country) that is the surname of a
/// person named in full in the same text is that person.
pub(super) fn surname_of_named_person(c: &Ctx<'_, '_>, found: &mut [Found]) {
    let toks = c.toks;
    let surnames: HashSet<&str> = found
        .iter()
        .filter(|f| f.kind == EntityType::Person && f.t1 - f.t0 >= 2 && c.is_given(f.t0))
        .map(|f| toks[f.t1 - 1].folded.as_str())
        .collect();
    for f in found.iter_mut() {
        let key = toks[f.t0].folded.as_str();
        if f.kind == EntityType::Place && f.t1 == f.t0 + 1 && surnames.contains(key) && !c.lx.countries.contains(key) {
            f.kind = EntityType::Person;
        }
    }
}

/// A doubtful one-word name takes the type `sure` gives its word; with none, a word no cue typed
/// at all is too unsure to keep.
pub(super) fn settle(
    c: &Ctx<'_, '_>,
    found: &mut Vec<Found>,
    doubts: &[Option<Doubt>],
    sure: &HashMap<String, EntityType>,
) {
    let mut drop = vec![false; found.len()];
    let listed = list_types(c, found, doubts);
    for (k, doubt) in doubts.iter().enumerate() {
        let Some(doubt) = doubt else { continue };
        let key = c.key(found[k].t0, found[k].t1);
        if let Some(kind) = sure.get(&key) {
            found[k].kind = *kind;
        } else if let Some(kind) = listed[k] {
            found[k].kind = kind;
        } else if c.known.is_surname(&key) {
            // "Berlusconi ha ventilato": an earlier report named the person in full; it outweighs
            // a weak guess from the large lists too (a surname that is also a town).
            found[k].kind = EntityType::Person;
        } else if *doubt == Doubt::Untyped {
            drop[k] = true;
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    found.retain(|_| keep.next().unwrap_or(true));
}

/// "Cattenom, Civaux, Flamanville e Penly": the members of a list are of one kind. In a list of
/// three names or more, or of two joined by a conjunction, a doubtful member takes the type every
/// member typed without doubt agrees on.
fn list_types(c: &Ctx<'_, '_>, found: &[Found], doubts: &[Option<Doubt>]) -> Vec<Option<EntityType>> {
    let toks = c.toks;
    let mut out = vec![None; found.len()];
    let mut a = 0;
    while a < found.len() {
        let mut b = a + 1;
        let mut conj = false;
        while b < found.len() && found[b].t0 > found[b - 1].t1 {
            let gap = &toks[found[b - 1].t1..found[b].t0];
            // "Plinski 3, Wlazly 14, Gacel (L), Zagumny": a roster's numbers and bracketed marks
            // stand between its members too.
            let (sep, marks): (Vec<_>, Vec<_>) = gap
                .iter()
                .partition(|t| t.punct() == Some(',') || (t.is_word() && c.table.conjunctions.contains(&t.folded)));
            let mark = |t: &&crate::tokenize::Tok<'_>| {
                t.kind == crate::tokenize::Kind::Number
                    || matches!(t.punct(), Some('(' | ')'))
                    || (t.is_word() && t.text.chars().count() == 1 && t.is_cap())
            };
            let comma = sep.len() == 1 && sep[0].punct() == Some(',') && marks.len() <= 3 && marks.iter().all(mark);
            let and = sep.len() == 1 && sep[0].is_word() && marks.is_empty();
            if !(comma || and) || toks[found[b].t0].nl_before {
                break;
            }
            conj |= and;
            b += 1;
        }
        if b - a >= 3 || (b - a == 2 && conj) {
            let mut kinds = (a..b).filter(|&k| doubts[k].is_none()).map(|k| found[k].kind);
            if let Some(first) = kinds.next()
                && kinds.all(|k| k == first)
            {
                (a..b).filter(|&k| doubts[k].is_some()).for_each(|k| out[k] = Some(first));
            } else if b - a >= 4
                && (a..b).all(|k| doubts[k].is_some() && found[k].kind == EntityType::Person)
                && (a..b).any(|k| doubts[k] == Some(Doubt::Weak))
            {
                // A long list of guessed people with one listed surname: a roster.
                (a..b).for_each(|k| out[k] = Some(EntityType::Person));
            }
        }
        a = b;
    }
    out
}
