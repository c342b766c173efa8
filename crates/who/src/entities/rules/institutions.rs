//! Institutions named by common nouns rather than by a name.

use rassegna_model::EntityType;

use super::super::{Ctx, Found};

/// Institutions named by common nouns: "il governo tedesco", "la polizia locale", "the police".
pub(super) fn institutions(c: &Ctx<'_, '_>, in_name: &[bool]) -> Vec<Found> {
    let toks = c.toks;
    let t = c.table;
    let mut out = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        if in_name[k] || !toks[k].is_word() || (toks[k].is_cap() && !c.amb[k]) {
            k += 1;
            continue;
        }
        let n = c.longest(k, toks.len(), t.institution_max_len.max(1), |key| t.institutions.contains_key(key));
        if n == 0 {
            k += 1;
            continue;
        }
        if k > 0 && toks[k - 1].is_word() && t.institution_blockers.contains(&toks[k - 1].folded) {
            k += n;
            continue;
        }
        let needs = t.institutions[&c.key(k, k + n)];
        let mut b = k + n;
        loop {
            if b >= toks.len() || in_name[b] || toks[b].nl_before || !toks[b].is_word() {
                break;
            }
            let d = c.demonym_at(b, toks.len());
            let m = c.longest(b, toks.len(), 3, |key| t.institution_modifiers.contains(key));
            let step = d.max(m);
            if step == 0 {
                break;
            }
            b += step;
        }
        if b > k + n || !needs {
            out.push(Found {
                t0: k,
                t1: b,
                start: toks[k].start,
                end: toks[b - 1].end,
                kind: EntityType::Organisation,
                is_name: true,
                role: None,
                entity: usize::MAX,
            });
        }
        k = b;
    }
    out
}
