//! Verdicts from a span's shape, for spans no cue has typed.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};

/// "Roma-Viterbo", "Roma-Lido": a route or a pair of places, the first one known.
pub(super) fn route_of_places(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let first = s.first(c);
    let route = s.n() == 1
        && first.contains('-')
        && (first.split('-').all(|p| c.lx.places.contains_key(p))
            || (c.toks[s.a].text.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase))
                && first
                    .split('-')
                    .next()
                    .is_some_and(|p| c.lx.places.contains_key(p) || c.lx.weak_places.contains_key(p))));
    route.then_some(Verdict::Sure(EntityType::Place))
}

/// Several words: events, titles of works and products are no names; a body's name is told by an
/// abstract noun or an adjective; everyday words make no name; the rest is a person.
pub(super) fn several_words(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let (a, b) = (s.a, s.b);
    let toks = c.toks;
    if s.n() <= 1 {
        return None;
    }
    // Several capitalised words with a common word among them ("Guerra Fredda") are not a
    // person's name; they are kept only with organisation or place evidence.
    let wordy = (a..b).any(|k| {
        let f = toks[k].folded.as_str();
        !c.table.connectors.contains(f) && !c.is_given(k) && f.chars().count() > 3 && c.lower_seen.contains(f)
    });
    // Events, titles of works, products ("Apple Watch", led by a known company): not people.
    let org_led = c.gazetteer_at(a, b) > 0 && !c.lx.places.contains_key(s.first(c)) && !c.is_given(a);
    if wordy || org_led || (a..b).any(|k| c.lx.misc_words.contains(&toks[k].folded)) {
        return Some(Verdict::NotAName);
    }
    // "Umana Solidarietà", "Democrazia Cristiana", "Messaggerie Italiane": with no given name,
    // an abstract noun or an adjective makes a body's name, not a person's.
    let abstract_noun = (a..b).any(|k| c.table.abstract_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())));
    let adjective = (a + 1..b).any(|k| c.table.adj_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())));
    let no_given = !(a..b).any(|k| c.is_given(k));
    // The same with the dictionaries: "Human Rights", "Sciopero Alitalia", "Land Rover".
    // In Italian text one everyday word is enough ("Sciopero Alitalia", "Human Rights"); English
    // surnames are often words ("Nell Carden Grey"), so there every word must be one.
    let (words_in, words_all) = (a..b)
        .filter(|&k| toks[k].is_word() && !c.table.connectors.contains(&toks[k].folded))
        .fold((0, 0), |(w, n), k| {
            let f = toks[k].folded.as_str();
            let common = !c.is_given(k) && f.chars().count() > 2 && c.lx.is_everyday(c.lang, f);
            (w + usize::from(common), n + 1)
        });
    let any_given = (a..b).any(|k| c.is_given(k));
    // "Eros Ramazzotti": two words ending in a listed surname are a person's name, words or not.
    let surname_last =
        s.n() == 2 && c.lx.surnames.contains(&toks[b - 1].folded) && !c.lx.places.contains_key(s.first(c));
    // "Jairo Mora": a word no list knows, then an everyday one, is a given name and a surname.
    let unknown_then_word = s.n() == 2 && words_in == 1 && {
        let (f, l) = (toks[a].folded.as_str(), toks[b - 1].folded.as_str());
        let t = c.table;
        // Written as names are ("Jairo Mora"): a capital, then lowercase letters only.
        let name_shaped = |k: usize| {
            toks[k].text.chars().count() >= 3
                && toks[k].text.chars().skip(1).all(|ch| ch.is_lowercase() && ch.is_alphabetic())
        };
        name_shaped(a)
            && name_shaped(b - 1)
            // "Rispondi Annulla" (a form's buttons), "Tre Sorgenti": a verb or a number word first.
            && !c.lx.finite_verbs.contains(f)
            && ![&t.articles, &t.determiners, &t.preps, &t.conjunctions].iter().any(|set| set.contains(f))
            && !c.lx.is_everyday(c.lang, f)
            && !c.lx.places.contains_key(f)
            && !c.lx.weak_places.contains_key(f)
            && ![&t.org_heads, &t.org_suffixes, &t.loc_heads, &t.loc_suffixes].iter().any(|set| set.contains(l))
            // An English word after a foreign one names a firm or a work ("Motorola Mobility",
            // "Dolby Theatre") in Italian text as often as a person.
            && (c.lang == "en" || !c.lx.is_everyday("en", l))
    };
    let dict_wordy =
        words_in > 0 && !any_given && !surname_last && !unknown_then_word && (c.lang != "en" || words_in == words_all);
    // "Di Marzano", "De Benedictis", "Van Rompuy": a capitalised particle opens a surname.
    let f = s.first(c);
    let particle = toks[a].is_cap() && c.table.surname_particles.contains(f) && !c.table.articles.contains(f);
    Some(if (particle || surname_last) && s.n() == 2 {
        Verdict::Sure(EntityType::Person)
    } else if no_given && (abstract_noun || adjective) {
        Verdict::Sure(EntityType::Organisation)
    } else if dict_wordy {
        Verdict::NotAName
    } else {
        Verdict::Sure(EntityType::Person)
    })
}

/// "a Canelli", "in Assam": a lone word after a place preposition; after "di"/"da" an unknown word
/// is as often a surname ("la richiesta di Calderoli"), left to the evidence of the whole text.
pub(super) fn after_place_preposition(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let a = s.a;
    let toks = c.toks;
    let after_loc_prep =
        a > 0 && toks[a - 1].is_word() && !toks[a - 1].is_cap() && c.table.loc_preps.contains(&toks[a - 1].folded);
    (after_loc_prep && !matches!(toks[a - 1].folded.as_str(), "di" | "da")).then_some(Verdict::Weak(EntityType::Place))
}
