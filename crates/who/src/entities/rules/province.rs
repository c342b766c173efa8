//! Province codes in brackets: "Vimercate (MB)".

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// "Vimercate (MB)": a province code in brackets right after a capitalised word.
fn province_code_at(c: &Ctx<'_, '_>, k: usize) -> bool {
    let toks = c.toks;
    k >= 2
        && k < toks.len()
        && c.lx.province_codes.contains(toks[k].text)
        && toks[k - 1].punct() == Some('(')
        && toks[k - 2].is_cap()
        && toks.get(k + 1).is_some_and(|t| t.punct() == Some(')'))
}

/// Whether the capitalised run closing right before token `k` opens with a given name: a person
/// ("Anna Finocchiaro (PD)"), whose bracket holds a party, not a province.
fn person_before(c: &Ctx<'_, '_>, k: usize) -> bool {
    let a = caps_before(c, k);
    a + 2 <= k && c.is_given(a)
}

/// Where the run of capitalised words closing right before token `k` starts.
fn caps_before(c: &Ctx<'_, '_>, k: usize) -> usize {
    let mut a = k;
    while a > 0 && c.toks[a - 1].is_word() && c.toks[a - 1].is_cap() {
        a -= 1;
    }
    a
}

/// Whether the capitalised run closing right before token `k` is a place no province holds: a
/// region or a country ("Marche (PD)", "Puglia (PD)"), whose bracket holds the party governing it.
fn region_before(c: &Ctx<'_, '_>, k: usize) -> bool {
    let a = caps_before(c, k);
    // "San Giuliano di Puglia (CB)", "Barberino del Mugello (FI)": a town named after its region.
    let in_longer_name = a > 0 && c.toks[a - 1].is_word() && c.table.connectors.contains(&c.toks[a - 1].folded);
    let key = c.key(a, k);
    a < k
        && !in_longer_name
        && c.lx.places.contains_key(&key)
        && !c.lx.towns.contains(&key)
        && !c.lx.weak_places.contains_key(&key)
}

/// The code itself names the province; after a person's full name, a region or a country it is a
/// party ("Enrico Rossi (PD)", "Marche (PD)").
pub(super) fn province_code(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    (s.n() == 1 && province_code_at(c, s.a)).then(|| {
        let party = person_before(c, s.a - 1) || region_before(c, s.a - 1);
        Verdict::Sure(if party { EntityType::Organisation } else { EntityType::Place })
    })
}

/// "Scarperia (FI)": a name followed by a province code in brackets is a town.
pub(super) fn town_before_province_code(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let before_province = c.toks.get(s.b).is_some_and(|t| t.punct() == Some('(')) && province_code_at(c, s.b + 1);
    (before_province && !s.is_org && !c.is_given(s.a)).then_some(Verdict::Sure(EntityType::Place))
}
