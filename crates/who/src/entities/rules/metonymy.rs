//! Places standing for the body that acts in their name: a country for its government or team, a
//! town for its club; and the reverse, a seat of power standing for its building.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// "la Russia ha riconosciuto", "contro la Francia", "Italia - Croazia", "l'Italia «non intende»": a
/// country acting or speaking as its government or its team.
pub(super) fn country_acting(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let (a, b) = (s.a, s.b);
    let toks = c.toks;
    let country_actor = c.lx.countries.contains(&s.key) && {
        let art = |k: usize| toks[k].is_word() && c.table.articles.contains(&toks[k].folded);
        let before_art = a > 0 && art(a - 1);
        let p = if before_art { a - 1 } else { a };
        // One adverb may stand between ("l'Italia poi ha vinto").
        let verb_at =
            |k: usize| c.word(k).is_some_and(|w| c.table.actor_verbs.contains(w) || c.lx.finite_verbs.contains(w));
        // "si è unito": "è" (which folds to the conjunction "e") after a clitic; "la Francia è
        // un paese" alone is a place.
        let reflexive =
            c.word(b).is_some_and(|w| c.table.clitics.contains(w)) && toks.get(b + 1).is_some_and(|t| t.text == "è");
        // "il Belgio si è unito", "la Russia non ha": a clitic or "non" may stand before the verb.
        let adverb_at = |k: usize| c.word(k).is_some_and(|w| c.table.aux.contains(w) || c.table.clitics.contains(w));
        let verb_after = (before_art && reflexive)
            || before_art
                && (verb_at(b)
                    || (adverb_at(b) && verb_at(b + 1))
                    || (adverb_at(b) && adverb_at(b + 1) && verb_at(b + 2)));
        let against = p > 0 && c.word(p - 1) == Some("contro");
        let dash = |k: usize| toks.get(k).is_some_and(|t| matches!(t.punct(), Some('-' | '–')));
        let country_at = |k: usize| toks.get(k).is_some_and(|t| c.lx.countries.contains(&t.folded));
        let fixture = (dash(b) && country_at(b + 1)) || (a >= 2 && dash(a - 1) && country_at(a - 2));
        // "l'adesione della Macedonia", "la partecipazione del Belgio": the country as the
        // complement of a noun of action is its state, not its land.
        let of_art = p > 0
            && matches!(
                toks[p - 1].folded.as_str(),
                "del" | "della" | "dello" | "dell'" | "dei" | "degli" | "delle" | "di"
            );
        let action_of = of_art
            && p >= 2
            && toks[p - 2].is_word()
            && !toks[p - 2].is_cap()
            && c.table.action_endings.iter().any(|e| toks[p - 2].folded.ends_with(e.as_str()));
        // "l'Italia «non intende…»": a country its words are quoted from speaks as its government.
        let quoted = before_art && toks.get(b).is_some_and(|t| matches!(t.punct(), Some('«' | '"' | '“')));
        // A text of match results: a country not said as the place where ("in Italia") is a team.
        // "battuta dalla Cina" is the team acting: the agent's "da" is no place here.
        let at_place =
            p > 0 && c.word(p - 1).is_some_and(|w| c.table.loc_preps.contains(w) && !c.table.agent_preps.contains(w));
        let team = c.scores && !at_place;
        verb_after || against || fixture || action_of || team || quoted
    };
    country_actor.then_some(Verdict::Sure(EntityType::Organisation))
}

/// "il Napoli", "del Livorno": a town's club.
pub(super) fn town_as_club(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let a = s.a;
    let key = &s.key;
    let club = s.n() == 1
        && a > 0
        && c.table.club_articles.contains(&c.toks[a - 1].folded)
        && c.lx.towns.contains(key)
        && !c.lx.misc_words.contains(key)
        && !c.lx.countries.contains(key);
    club.then_some(Verdict::Sure(EntityType::Organisation))
}

/// "salito al Quirinale", "proteste davanti alla Casa Bianca", "outside the White House": a seat of
/// power where someone goes or stands is its building, not the body it names when it acts.
pub(super) fn seat_as_building(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let a = s.a;
    if !matches!(c.lx.orgs.get(&s.key), Some(Some(_))) || a == 0 {
        return None;
    }
    let art = c.word(a - 1).is_some_and(|w| c.table.articles.contains(w));
    let p = if art { a - 1 } else { a };
    let at = p > 0 && c.word(p - 1).is_some_and(|w| c.table.seat_place_preps.contains(w));
    at.then_some(Verdict::Sure(EntityType::Place))
}
