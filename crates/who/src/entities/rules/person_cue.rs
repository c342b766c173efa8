//! Cues that a span names a person.

use rassegna_model::EntityType;

use super::super::Ctx;
use super::{Span, Verdict};
use crate::tokenize::Tok;

/// A given name first, a role or title before, a speech verb after or before, an age before, a
/// noun for a kind of person before.
pub(super) fn person_cues(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let (a, b) = (s.a, s.b);
    let toks = c.toks;
    let person_cue = c.is_given(a)
        || s.role_from.is_some()
        || title_before(c, a)
        || c.role_before(a).is_some()
        || c.speech_follows(b)
        || (a > 0 && c.word(a - 1).is_some_and(|w| c.table.speech_verbs.contains(w)) && !name_follows(c, b))
        || (a > 0 && age_word(&toks[a - 1]))
        || person_noun_before(c, a);
    person_cue.then_some(Verdict::Sure(EntityType::Person))
}

/// A capitalised word right after token `b - 1`, or after at most three lowercase words that are
/// no function words (no punctuation between): the span qualifies a naming after it ("said
/// Agriculture Secretary | Tom Vilsack", "said Republican party boss Reince Priebus"), and a verb
/// of saying before it points at that name.
fn name_follows(c: &Ctx<'_, '_>, b: usize) -> bool {
    let mut k = b;
    while let Some(t) = c.toks.get(k) {
        if !t.is_word() || t.nl_before {
            return false;
        }
        if t.is_cap() {
            return true;
        }
        let f = t.folded.as_str();
        if k >= b + 3
            || rassegna_text::is_stop_word(c.lang, f)
            || c.table.preps.contains(f)
            || c.table.articles.contains(f)
            || c.table.conjunctions.contains(f)
            || c.table.speech_verbs.contains(f)
        {
            return false;
        }
        k += 1;
    }
    false
}

/// A title right before token `a`, its dot allowed: "signor Kim", "Mr. Smith".
fn title_before(c: &Ctx<'_, '_>, a: usize) -> bool {
    let p = if a > 0 && c.toks[a - 1].punct() == Some('.') { a - 1 } else { a };
    p > 0 && c.table.titles.contains(&c.toks[p - 1].folded)
}

/// "il diciassettenne Schiffmann", "il 48enne Rossi": an age right before a name marks a person.
fn age_word(t: &Tok<'_>) -> bool {
    const TENS: &[&str] = &[
        "dic",
        "undic",
        "dodic",
        "tredic",
        "quattordic",
        "quindic",
        "sedic",
        "vent",
        "trent",
        "quarant",
        "cinquant",
        "sessant",
        "settant",
        "ottant",
        "novant",
        "cent",
    ];
    let word_age = t.is_word()
        && !t.is_cap()
        && t.folded.ends_with("enne")
        && TENS.iter().any(|p| t.folded.strip_prefix("ultra").unwrap_or(&t.folded).starts_with(p));
    word_age || {
        let digits = t.text.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && digits <= 3 && matches!(&t.text[digits..], "enne" | "anni")
    }
}

/// "il cantante Tricarico", "l'attrice americana Jane Doe", "la moglie Anna": a lowercase noun for a
/// kind of person (a demonym perhaps between) right before the name.
fn person_noun_before(c: &Ctx<'_, '_>, a: usize) -> bool {
    let toks = c.toks;
    let lower = |k: usize| toks[k].is_word() && !toks[k].is_cap() && !toks[k + 1].nl_before;
    let mut p = a;
    if p > 0 && lower(p - 1) && c.lx.demonyms.contains_key(&toks[p - 1].folded) {
        p -= 1;
    }
    p > 0 && lower(p - 1) && c.table.person_nouns.contains(&toks[p - 1].folded)
}

/// "il governo Letta", "la riforma Gelmini", "l'amministrazione Obama": a name written right after a
/// noun named after a person (`eponym_heads`) is that person, unless it is a known place or body
/// ("il governo Usa").
pub(super) fn after_eponym_head(c: &Ctx<'_, '_>, s: &Span) -> Option<Verdict> {
    let a = s.a;
    let head = a > 0 && c.toks[a - 1].is_word() && c.table.eponym_heads.contains(&c.toks[a - 1].folded);
    (head && s.n() <= 3 && !s.is_org && !s.is_place && c.gazetteer_at(a, s.b) == 0)
        .then_some(Verdict::Sure(EntityType::Person))
}
