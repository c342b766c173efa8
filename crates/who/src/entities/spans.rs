//! Candidate spans: runs of capitalised words, split where one name ends and another starts.

use std::collections::HashSet;

use super::Ctx;
use super::cues::is_saint;
use crate::tokenize::{Kind, Tok};

/// The spans a text's names may occupy, in text order.
pub(super) fn spans(c: &Ctx<'_, '_>) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let titles = title_case_lines(c);
    for (a, b) in candidate_spans(c).into_iter().flat_map(|(a, b)| split_headline(c, &titles, a, b)) {
        let mut pieces = Vec::new();
        split_at_connectors(c, a, b, &mut pieces);
        for (a, b) in pieces {
            split_before_name(c, a, b, &mut spans);
        }
    }
    spans
}

/// Tokens of title-case lines (every word capitalised but small function words, four or more of
/// four letters or more, one of them an everyday word), and the words capitalised outside them where capitals mean something.
fn title_case_lines<'t>(c: &Ctx<'t, '_>) -> (Vec<bool>, HashSet<&'t str>) {
    let toks = c.toks;
    let mut title = vec![false; toks.len()];
    let mut a = 0;
    while a < toks.len() {
        let b = (a + 1..toks.len()).find(|&k| toks[k].nl_before).unwrap_or(toks.len());
        let long: Vec<usize> = (a..b).filter(|&k| toks[k].is_word() && toks[k].text.chars().count() >= 4).collect();
        // Lowercase only small function words ("of", "the", "in", "and").
        let small = |k: usize| {
            let f = toks[k].folded.as_str();
            let t = c.table;
            t.articles.contains(f)
                || t.connectors.contains(f)
                || matches!(f, "and" | "or" | "but")
                || (t.preps.contains(f) && f.chars().count() <= 3)
        };
        let is_title = long.len() >= 4
            && (a..b).all(|k| !toks[k].is_word() || toks[k].is_cap() || small(k) || toks[k].text.chars().count() < 3)
            && long.iter().any(|&k| c.lx.is_everyday(c.lang, &toks[k].folded));
        if is_title {
            title[a..b].iter_mut().for_each(|x| *x = true);
        }
        a = b;
    }
    let caps = (0..toks.len())
        .filter(|&k| !title[k] && toks[k].is_cap() && !c.amb[k])
        .map(|k| toks[k].folded.as_str())
        .collect();
    (title, caps)
}

/// "Senator Lane Slams Mayor Ortiz Over Budget": a headline in title case holds several names,
/// ended by capitalised function words and verbs of the language (`headline_breaks`, speech verbs)
/// and, on a title-case line, by everyday words not capitalised elsewhere in the text; the words
/// that end a name are dropped.
fn split_headline(
    c: &Ctx<'_, '_>,
    (title, caps): &(Vec<bool>, HashSet<&str>),
    a: usize,
    b: usize,
) -> Vec<(usize, usize)> {
    let t = c.table;
    // Only languages whose headlines are written in title case list `headline_breaks`.
    if t.headline_breaks.is_empty() {
        return vec![(a, b)];
    }
    let breaks = |k: usize| {
        let f = c.toks[k].folded.as_str();
        let everyday = title[k]
            && c.lx.is_everyday(c.lang, f)
            && !caps.contains(f)
            && !c.is_given(k)
            && c.gazetteer_at(k, k + 1) == 0;
        // A known name holding the word is whole ("United States": "States" is no verb there).
        let known = (a..k).any(|j| j + c.gazetteer_at(j, b) > k);
        c.toks[k].is_cap() && !known && (t.headline_breaks.contains(f) || t.speech_verbs.contains(f) || everyday)
    };
    let mut out = Vec::new();
    let mut from = a;
    for k in a + 1..b {
        if breaks(k) {
            if k > from {
                out.push((from, k));
            }
            from = k + 1;
        }
    }
    if from < b {
        out.push((from, b));
    }
    out
}

/// "al-Maliki", "el-Sisi": an Arabic article joined to a capitalised name continues the name.
fn arabic_article(t: &Tok<'_>) -> bool {
    after_arabic_article(t.text).is_some()
}

/// The name after an Arabic article joined to it ("al-Assad" → "Assad"), if the word is one.
pub(crate) fn after_arabic_article(word: &str) -> Option<&str> {
    ["al-", "el-", "ad-", "ar-", "as-", "ash-", "at-", "az-", "an-"]
        .iter()
        .filter_map(|p| word.strip_prefix(p))
        .find(|r| r.chars().next().is_some_and(char::is_uppercase))
}

fn is_elided(t: &Tok<'_>) -> bool {
    t.text.ends_with(['\'', '’'])
}

/// An elided capitalised word that is part of the name written against it: "Sant'Elena", "D'Alessio".
fn elided_name_part(c: &Ctx<'_, '_>, k: usize) -> bool {
    let t = &c.toks[k];
    let Some(next) = c.toks.get(k + 1) else { return false };
    if !t.is_cap() || !is_elided(t) || !next.is_cap() || next.space_before || next.nl_before {
        return false;
    }
    let stem = t.folded.trim_end_matches(['\'', '’']);
    stem == "d" || c.table.saint_words.contains(stem) || c.table.saint_words.contains(&t.folded)
}

/// "Di Pietro, in netta controtendenza…", "De Benedictis sarebbe tornato": a capitalised particle
/// that is no article, opening a sentence before a capitalised word no list knows, is the first
/// part of a surname.
pub(super) fn surname_particle(c: &Ctx<'_, '_>, k: usize) -> bool {
    let toks = c.toks;
    let f = toks[k].folded.as_str();
    c.amb[k]
        && toks[k].is_cap()
        && c.table.surname_particles.contains(f)
        && !c.table.articles.contains(f)
        && toks.get(k + 1).is_some_and(|t| t.is_cap() && t.space_before && !t.nl_before)
        && c.gazetteer_at(k + 1, toks.len()) == 0
}

/// Spans of capitalised words, joined across connectors ("Corea del Nord").
fn candidate_spans(c: &Ctx<'_, '_>) -> Vec<(usize, usize)> {
    let toks = c.toks;
    let n = toks.len();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        if !toks[i].is_cap() || (is_elided(&toks[i]) && !elided_name_part(c, i)) {
            i += 1;
            continue;
        }
        // A capitalised article or common word opening the sentence is not part of the name.
        let droppable = (c.table.articles.contains(&toks[i].folded) || (c.amb[i] && c.is_common(i) && !c.is_given(i)))
            && c.gazetteer_at(i, n) == 0
            && !surname_particle(c, i);
        if droppable && i + 1 < n && toks[i + 1].is_cap() && !toks[i + 1].nl_before {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < n {
            let t = &toks[j];
            if t.nl_before {
                break;
            }
            if (t.is_cap() && !c.amb[j] && (!is_elided(t) || elided_name_part(c, j))) || arabic_article(t) {
                j += 1;
                continue;
            }
            // Initials: "G. K. Butterfield", "George W. Bush".
            if t.punct() == Some('.')
                && !t.space_before
                && toks[j - 1].text.chars().count() == 1
                && toks[j - 1].is_cap()
                && j + 1 < n
                && toks[j + 1].is_cap()
                && !toks[j + 1].nl_before
            {
                j += 1;
                continue;
            }
            if t.kind == Kind::Number && j + 1 < n && toks[j + 1].is_cap() && !toks[j + 1].nl_before {
                j += 1;
                continue;
            }
            if t.is_word() && c.table.connectors.contains(&t.folded) {
                // One or two connectors ("von der"), then a capitalised word.
                let mut m = j + 1;
                if m < n && toks[m].is_word() && c.table.connectors.contains(&toks[m].folded) && !toks[m].is_cap() {
                    m += 1;
                }
                if m < n && toks[m].is_cap() && !c.amb[m] && !toks[m].nl_before {
                    j = m + 1;
                    continue;
                }
            }
            break;
        }
        out.push((i, j));
        i = j;
    }
    out
}

/// Split a span at connectors unless the whole is one known name ("la Russia di Putin").
fn split_at_connectors(c: &Ctx<'_, '_>, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    let whole = c.gazetteer_at(a, b) == b - a || c.lx.weak_places.contains_key(&c.key(a, b));
    let first = c.toks[a].folded.as_str();
    // "Lega Nord di Mario Rossi", "Università Cattolica di Milano": a named body, then the
    // person who leads it or the town it is in.
    if !whole && (c.lx.org_heads.contains(first) || c.table.loc_heads.contains(first)) {
        for k in a + 2..b.saturating_sub(1) {
            let t = &c.toks[k];
            if !(t.is_word() && !t.is_cap() && c.table.connectors.contains(&t.folded)) {
                continue;
            }
            let named = (a + 1..k).all(|j| c.toks[j].is_cap());
            let rest = c.key(k + 1, b);
            let person = c.is_given(k + 1) && b - (k + 1) >= 2;
            let town = named && (c.lx.places.contains_key(&rest) || c.lx.weak_places.contains_key(&rest));
            if person || town {
                split_at_connectors(c, a, k, out);
                out.push((k + 1, b));
                return;
            }
        }
    }
    // "Massachusetts Institute of Technology": an organisation head before the first connector.
    let head_before_connector = (a + 1..b)
        .find(|&k| c.toks[k].is_word() && !c.toks[k].is_cap() && c.table.connectors.contains(&c.toks[k].folded))
        .is_some_and(|k| c.lx.org_suffixes.contains(&c.toks[k - 1].folded));
    // "Procura di Napoli", "Tribunale di Lodi": an office, then the place it sits in.
    if !whole && c.table.seat_heads.contains(first) {
        for k in (a + 1..b).rev() {
            let t = &c.toks[k];
            if t.is_word() && !t.is_cap() && c.table.connectors.contains(&t.folded) {
                let key = c.key(k + 1, b);
                if k + 1 < b && (c.lx.places.contains_key(&key) || c.lx.weak_places.contains_key(&key)) {
                    out.push((a, k));
                    out.push((k + 1, b));
                    return;
                }
            }
        }
    }
    let keep = whole || head_before_connector || c.table.org_heads.contains(first) || c.table.loc_heads.contains(first);
    if !keep {
        for k in a + 1..b {
            let t = &c.toks[k];
            if t.is_word() && !t.is_cap() && c.table.connectors.contains(&t.folded) {
                // "Vincent van Gogh", "Manuel Monteiro de Castro", "Óscar de la Hoya": a particle
                // (one or more lowercase connectors) inside a person's name.
                let mut m = k + 1;
                while m < b
                    && c.toks[m].is_word()
                    && !c.toks[m].is_cap()
                    && c.table.connectors.contains(&c.toks[m].folded)
                {
                    m += 1;
                }
                let rest = c.key(m, b);
                let place = c.lx.places.contains_key(&rest) || c.lx.weak_places.contains_key(&rest);
                let particle = c.is_given(a) && b - m == 1 && k <= a + 2 && (k == a + 1 || !place);
                // "il sindaco di New York Bill de Blasio": the name starts at the given name right
                // before the particle (not "Santa Maria degli Angeli", not "Titus di Delhi").
                if !particle && k >= a + 2 && c.is_given(k - 1) && b - m == 1 && !place && !is_saint(c, k - 2) {
                    split_at_connectors(c, a, k - 1, out);
                    out.push((k - 1, b));
                    return;
                }
                if particle {
                    // The rest is the surname: "de la Hoya" is not split at "la".
                    break;
                }
                out.push((a, k));
                let mut r = k + 1;
                while r < b && !c.toks[r].is_cap() {
                    r += 1;
                }
                if r < b {
                    split_at_connectors(c, r, b, out);
                }
                return;
            }
        }
    }
    out.push((a, b));
}

/// Split a span where a person's name starts after words that are no part of it: "Lega Nord
/// Umberto Bossi", "Arcore Silvio Berlusconi" (a place or body, then a given name and more).
fn split_before_name(c: &Ctx<'_, '_>, a: usize, b: usize, out: &mut Vec<(usize, usize)>) {
    // "Governo Letta", "Riforma Gelmini": a thing named after a person, then the person's name.
    if b - a >= 2
        && c.table.eponym_heads.contains(&c.toks[a].folded)
        && c.toks[a + 1].is_cap()
        && c.gazetteer_at(a, b) == 0
    {
        out.push((a, a + 1));
        split_before_name(c, a + 1, b, out);
        return;
    }
    let head = |k: usize| {
        let f = c.toks[k].folded.as_str();
        c.role_at(k, b) > 0
            || c.table.titles.contains(f)
            || c.demonym_at(k, b) > 0
            || c.lx.org_heads.contains(f)
            || c.table.loc_heads.contains(f)
            || c.table.connectors.contains(f)
    };
    // "il presidente degli Stati Uniti Obama": a role's complement, known by itself, then a name.
    let g = c.gazetteer_at(a, b);
    let complement_of_role = a >= 2
        && matches!(c.toks[a - 1].folded.as_str(), "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'")
        && (1..=3).any(|n| a > n && c.role_at(a - 1 - n, a - 1) == n);
    // "il presidente Usa Obama": a country right after the role, then the name.
    let country_after_role =
        g > 0 && c.lx.countries.contains(&c.key(a, a + g)) && (1..=3).any(|n| a >= n && c.role_at(a - n, a) == n);
    if g > 0 && a + g < b && (complement_of_role || country_after_role) && c.toks[a + g].is_cap() {
        out.push((a, a + g));
        out.push((a + g, b));
        return;
    }
    // "il ministro del Lavoro Mario Rossi": a portfolio word, then the name.
    if g == 0 && b - a >= 2 && complement_of_role && !c.is_given(a) && !head(a) && c.toks[a + 1].is_cap() {
        out.push((a, a + 1));
        split_before_name(c, a + 1, b, out);
        return;
    }
    if b - a >= 3 && !c.is_given(a) {
        // The first given name after the prefix, followed by a capitalised word (a surname). A
        // prefix led by a head word ("Piazza Giuseppe Garibaldi") stays whole unless it is a
        // known name by itself.
        if let Some(k) = (a + 1..b - 1).find(|&k| c.is_given(k) && c.toks[k + 1].is_cap()) {
            // "il presidente del Consiglio Mario Rossi": a body named as a role's complement.
            let complement = a > 0
                && matches!(
                    c.toks[a - 1].folded.as_str(),
                    "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'" | "of"
                );
            let prefix_ok = !head(a) || complement || (c.gazetteer_at(a, k) == k - a && c.role_at(a, k) == 0);
            // "Los Angeles Times": a known name running across the given name is not split.
            let across = c.gazetteer_at(a, b) > k - a;
            if prefix_ok && !across && !(a..k).any(|j| c.is_given(j) || c.toks[j].punct().is_some()) {
                // "Ohio Democratic Party Chairman David Pepper": the role words closing the prefix
                // are the person's role, no part of the body before them.
                let mut j = k;
                while j > a {
                    let f = c.toks[j - 1].folded.as_str();
                    if let Some(m) = (1..=3.min(j - a)).rev().find(|&m| c.role_at(j - m, j) == m) {
                        j -= m;
                    } else if c.table.titles.contains(f) || c.table.role_modifiers.contains(f) {
                        j -= 1;
                    } else {
                        break;
                    }
                }
                if j > a {
                    out.push((a, j));
                }
                out.push((k, b));
                return;
            }
        }
    }
    out.push((a, b));
}
