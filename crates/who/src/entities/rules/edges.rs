//! A span's edges: leading roles, titles and stray words cut off (see `LEADING`), trailing
//! function words and connectors trimmed.

use super::super::Ctx;
use super::super::cues::is_saint;
use super::super::spans::surname_particle;
use super::{Cut, LEADING, Span};

/// The span left once its edges are trimmed, or None if nothing is left.
pub(super) fn trim(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Span> {
    let toks = c.toks;
    let (mut a, mut b) = (a, b);
    let mut role_from: Option<usize> = None;
    while a < b {
        let Some(cut) = LEADING.iter().find_map(|rule| rule(c, a, b)) else { break };
        match cut {
            Cut::Role(n) => {
                role_from.get_or_insert(a);
                a += n;
            }
            Cut::Word => a += 1,
        }
    }
    // A function word closing the span starts the next sentence of a run-on line ("Lara Fabian Come");
    // two letters are too short to tell ("Kim Jong Un").
    // The stop lists hold odd words ("wells", "today" in English): a longer one must also be
    // written lowercase in the text, as function words are ("Kim Wells", "Russia Today" stay whole;
    // "Sanders Isn’t", "Fabian Come" do not).
    let function_word = |w: &str| w.chars().count() <= 4 || w.contains(['\'', '’']) || c.lower_seen.contains(w);
    // "Lucio Dalla": after a given name alone, the word is the surname.
    while b > a + 1
        && !(b == a + 2 && c.is_given(a))
        && rassegna_text::is_stop_word(c.lang, &toks[b - 1].folded)
        && function_word(toks[b - 1].folded.as_str())
        && toks[b - 1].text.chars().count() > 2
        && !c.is_given(b - 1)
        && c.gazetteer_at(a, b) != b - a
    {
        b -= 1;
    }
    // "asked Clinton Friday whether": a weekday closing the span is the time, not part of the name.
    let weekdays = rassegna_lang::tables(c.lang).weekdays;
    while b > a + 1 && weekdays.contains(&toks[b - 1].folded.as_str()) && c.gazetteer_at(a, b) != b - a {
        b -= 1;
    }
    // "Army Capt. Christian Pardo", "Air Force 1st Lt. Tyler Livingston": a title's abbreviation
    // closing the span before its dot belongs to the name after it, not to this one.
    let title_dot = |k: usize| {
        super::super::is_abbrev(&toks[k].folded)
            && toks.get(k + 1).is_some_and(|t| t.punct() == Some('.') && !t.space_before)
            && toks.get(k + 2).is_some_and(|t| t.is_cap())
    };
    if b > a + 1 && title_dot(b - 1) {
        b -= 1;
        while b > a + 1 && toks[b - 1].kind == super::super::Kind::Number {
            b -= 1;
        }
    }
    while b > a && c.table.connectors.contains(&toks[b - 1].folded) && !toks[b - 1].is_cap() {
        b -= 1;
    }
    while a < b && c.table.connectors.contains(&toks[a].folded) && !toks[a].is_cap() {
        a += 1;
    }
    (a < b).then(|| Span::new(c, a, b, role_from))
}

pub(super) fn role(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let r = c.role_at(a, b);
    (r > 0 && a + r < b).then_some(Cut::Role(r))
}

pub(super) fn title(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let f = c.toks[a].folded.as_str();
    let honorific = c.toks[a].is_cap() && c.table.name_honorifics.contains(f);
    (c.table.titles.contains(f) && a + 1 < b && !is_saint(c, a) && !honorific).then_some(Cut::Role(1))
}

pub(super) fn demonym_before_role(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let d = c.demonym_at(a, b);
    (d > 0 && a + d < b && (c.role_at(a + d, b) > 0 || c.table.titles.contains(&c.toks[a + d].folded)))
        .then_some(Cut::Role(d))
}

pub(super) fn article(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let gaz = c.gazetteer_at(a, b) > 0;
    (!gaz && c.table.articles.contains(&c.toks[a].folded) && a + 1 < b).then_some(Cut::Word)
}

pub(super) fn sentence_initial_common_word(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let gaz = c.gazetteer_at(a, b) > 0;
    (c.amb[a] && !c.is_given(a) && !gaz && (c.is_common(a) || c.common_ending(a)) && !surname_particle(c, a))
        .then_some(Cut::Word)
}

pub(super) fn age(c: &Ctx<'_, '_>, a: usize, b: usize) -> Option<Cut> {
    let toks = c.toks;
    (a + 1 < b && toks[a].text.starts_with(|ch: char| ch.is_ascii_digit()) && toks[a + 1].is_cap()).then_some(Cut::Word)
}
