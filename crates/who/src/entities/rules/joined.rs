//! Names joined by a dash or "e": "Juventus - Milan", "tra la NATO e la Russia", "in Toscana ed
//! Emilia".

use rassegna_model::EntityType;

use super::super::{Ctx, Found};

/// A country or town joined to an organisation stands for an organisation too (its team, its
/// government); a lone given name that is also a place, joined to a place, is a place.
pub(super) fn pairs(c: &Ctx<'_, '_>, found: &mut [Found]) {
    let toks = c.toks;
    for i in 1..found.len() {
        let (x, y) = (&found[i - 1], &found[i]);
        let mut k = x.t1;
        let sep = toks.get(k).is_some_and(|t| {
            matches!(t.punct(), Some('-' | '–')) || (t.is_word() && matches!(t.folded.as_str(), "e" | "ed"))
        });
        if !sep {
            continue;
        }
        k += 1;
        if toks.get(k).is_some_and(|t| t.is_word() && c.table.articles.contains(&t.folded)) {
            k += 1;
        }
        if k != y.t0 {
            continue;
        }
        let placeish = |f: &Found| {
            f.kind == EntityType::Place && {
                let key = c.key(f.t0, f.t1);
                c.lx.countries.contains(&key) || c.lx.towns.contains(&key)
            }
        };
        // "in Toscana ed Emilia": a lone given name that is also a place, joined to a place.
        let place_named = |f: &Found| {
            f.kind == EntityType::Person && f.t1 == f.t0 + 1 && {
                let key = toks[f.t0].folded.as_str();
                c.lx.places.contains_key(key) || c.lx.weak_places.contains_key(key)
            }
        };
        if x.kind == EntityType::Organisation && placeish(y) {
            found[i].kind = EntityType::Organisation;
        } else if y.kind == EntityType::Organisation && placeish(x) {
            found[i - 1].kind = EntityType::Organisation;
        } else if x.kind == EntityType::Place && place_named(y) {
            found[i].kind = EntityType::Place;
        } else if y.kind == EntityType::Place && place_named(x) {
            found[i - 1].kind = EntityType::Place;
        }
    }
}
