//! Role descriptions standing for a name: "il leader nordcoreano", "the Russian president".

use std::collections::HashMap;

use rassegna_model::EntityType;

use super::super::{Ctx, Found};

/// Role phrases outside names. One right before a person's name (a comma allowed) becomes that
/// person's role; others with a known key are mentions of their own, returned.
pub(super) fn role_descriptions(c: &Ctx<'_, '_>, text: &str, found: &mut [Found], in_name: &[bool]) -> Vec<Found> {
    let toks = c.toks;
    let name_at: HashMap<usize, usize> = found.iter().enumerate().map(|(k, f)| (f.t0, k)).collect();
    let mut roles: Vec<Found> = Vec::new();
    let mut k = 0;
    while k < toks.len() {
        if in_name[k] || !toks[k].is_word() || (toks[k].is_cap() && !c.amb[k]) {
            k += 1;
            continue;
        }
        let r = c.role_at(k, toks.len());
        if r == 0 {
            k += 1;
            continue;
        }
        // Extend backwards over demonyms ("the Russian president"), forwards over demonyms,
        // modifiers, further role words and "del Cremlino".
        let mut a = k;
        while a > 0 && !toks[a].nl_before {
            let p = a - 1;
            if toks[p].is_word()
                && (c.lx.demonyms.contains_key(&toks[p].folded) || c.table.role_modifiers.contains(&toks[p].folded))
            {
                a = p;
            } else {
                break;
            }
        }
        let mut b = k + r;
        loop {
            if b >= toks.len() || toks[b].nl_before || !toks[b].is_word() {
                break;
            }
            let f = toks[b].folded.as_str();
            let d = c.demonym_at(b, toks.len());
            if d > 0 && !in_name[b] {
                b += d;
                continue;
            }
            let rr = c.role_at(b, toks.len());
            if rr > 0 && !toks[b].is_cap() {
                b += rr;
                continue;
            }
            if c.table.role_modifiers.contains(f) && !toks[b].is_cap() {
                b += 1;
                continue;
            }
            if c.table.connectors.contains(f) && !toks[b].is_cap() {
                let mut m = b + 1;
                if m < toks.len() && toks[m].is_word() && c.table.articles.contains(&toks[m].folded) {
                    m += 1;
                }
                let g = if m < toks.len() && toks[m].is_word() { c.gazetteer_at(m, toks.len()) } else { 0 };
                if g > 0 {
                    b = m + g;
                    continue;
                }
            }
            break;
        }
        // Apposition: the role names the person right after it ("il leader nordcoreano Kim").
        let mut next = b;
        if next < toks.len() && toks[next].punct() == Some(',') {
            next += 1;
        }
        if let Some(&fi) = name_at.get(&next).filter(|&&fi| found[fi].kind == EntityType::Person) {
            if found[fi].role.is_none() {
                found[fi].role = Some(c.role_of(a, b, text));
            }
            k = b;
            continue;
        }
        let role = c.role_of(a, b, text);
        if role.key.is_some() {
            // Trim trailing connectors kept by the extension.
            roles.push(Found {
                t0: a,
                t1: b,
                start: toks[a].start,
                end: toks[b - 1].end,
                kind: EntityType::Person,
                is_name: false,
                role: Some(role),
                entity: usize::MAX,
            });
        }
        k = b;
    }
    roles
}
