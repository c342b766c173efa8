//! Rule-and-lexicon entity recogniser: capitalised spans split and classified with gazetteers,
//! head words, titles, roles and context; role descriptions ("il leader nordcoreano") found as
//! mentions of the person the text names in that role.
//!
//! `spans` finds the candidate spans, `rules` judges them and makes whole-text passes, `link`
//! groups the mentions into entities.

use std::collections::HashSet;

use rassegna_model::{Entity, EntityType};

use crate::known::KnownNames;
use crate::lexicon::{LangTable, Lexicon, lexicon};
use crate::tokenize::{Kind, Tok, tokenize};

mod cues;
mod link;
mod rules;
mod spans;

use link::link;
use rules::recognise;

/// A role key: role class and country code ("head", "RU").
pub type RoleKey = (String, String);

/// A role stated in the text, with its key when the country is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub text: String,
    pub key: Option<RoleKey>,
}

/// One mention found in a text.
#[derive(Debug, Clone)]
pub struct Found {
    /// Token range.
    pub t0: usize,
    pub t1: usize,
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
    /// False for role descriptions standing for a name.
    pub is_name: bool,
    pub role: Option<Role>,
    /// Index of its entity in `Analysis::entities`.
    pub entity: usize,
}

/// A text's tokens, mentions and entities, shared by the entity and quote stages.
pub struct Analysis<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok<'a>>,
    pub table: &'static LangTable,
    /// Capitalisation says nothing here: sentence start, after a colon or an opening quote.
    pub ambiguous: Vec<bool>,
    /// Mentions in text order.
    pub found: Vec<Found>,
    /// Token index -> index into `found`.
    pub tok_mention: Vec<Option<usize>>,
    pub entities: Vec<Entity>,
}

fn is_open_mark(c: char) -> bool {
    matches!(c, '“' | '«' | '„' | '‘' | '"' | '(' | '[' | '-' | '–' | '—' | '•' | '*' | '\'' | '‹')
}

/// Tokens whose capital letter may be due to position rather than to being a name.
fn ambiguous_caps(toks: &[Tok<'_>]) -> Vec<bool> {
    let mut out = Vec::with_capacity(toks.len());
    let mut at_start = true;
    for (k, t) in toks.iter().enumerate() {
        if t.nl_before {
            at_start = true;
        }
        match t.kind {
            Kind::Punct(c) => {
                out.push(at_start);
                if matches!(c, '.' | '!' | '?' | ':' | ';' | '…' | '|' | '>') {
                    // An initial or an abbreviation before a dot does not end a sentence.
                    let prev = k.checked_sub(1).map(|p| &toks[p]);
                    let abbrev = c == '.'
                        && prev.is_some_and(|p| p.is_word() && (p.text.chars().count() == 1 || is_abbrev(&p.folded)));
                    at_start = !abbrev || at_start;
                } else if !is_open_mark(c) {
                    at_start = false;
                }
            }
            _ => {
                out.push(at_start);
                at_start = false;
            }
        }
    }
    out
}

/// Abbreviations after which a dot does not end a sentence ("Mr.", "sig.").
pub(crate) fn is_abbrev(f: &str) -> bool {
    matches!(
        f,
        "sig"
            | "sigg"
            | "dott"
            | "prof"
            | "avv"
            | "ing"
            | "on"
            | "sen"
            | "gen"
            | "mr"
            | "mrs"
            | "ms"
            | "dr"
            | "st"
            | "jr"
            | "sr"
            | "rep"
            | "del"
            | "gov"
            | "lt"
            | "col"
            | "capt"
            | "mons"
            | "fr"
    )
}

struct Ctx<'t, 'a> {
    toks: &'t [Tok<'a>],
    amb: &'t [bool],
    table: &'static LangTable,
    lx: &'static Lexicon,
    lang: &'t str,
    lower_seen: HashSet<&'t str>,
    /// Folded words seen capitalised where capitals mean something (not at a sentence start).
    cap_seen: HashSet<&'t str>,
    /// The text gives match results ("7-0", "battuta 3-1"): countries in it are teams.
    scores: bool,
    /// What earlier reports of the stream taught.
    known: &'t KnownNames,
}

impl Ctx<'_, '_> {
    fn word(&self, k: usize) -> Option<&str> {
        self.toks.get(k).filter(|t| t.is_word()).map(|t| t.folded.as_str())
    }

    fn key(&self, a: usize, b: usize) -> String {
        let mut s = String::new();
        for t in &self.toks[a..b] {
            if !s.is_empty() {
                s.push(' ');
            }
            s.push_str(&t.folded);
        }
        s
    }

    /// Longest phrase from `map`-like lookup starting at `k`, up to `max` tokens, words only.
    fn longest(&self, k: usize, limit: usize, max: usize, has: impl Fn(&str) -> bool) -> usize {
        let mut best = 0;
        let mut key = String::new();
        for len in 1..=max {
            let t = k + len - 1;
            if t >= limit || self.toks[t].punct().is_some() || (len > 1 && self.toks[t].nl_before) {
                break;
            }
            if len > 1 {
                key.push(' ');
            }
            key.push_str(&self.toks[t].folded);
            if has(&key) {
                best = len;
            }
        }
        best
    }

    fn role_at(&self, k: usize, limit: usize) -> usize {
        // "ad Arzachena": a lowercase role word that is also a preposition ("ad" = "a") is a role
        // only after an article ("l'ad Rossi").
        let t = &self.toks[k];
        if t.is_word() && !t.is_cap() && self.table.preps.contains(&t.folded) {
            let art = k > 0 && self.toks[k - 1].is_word() && self.table.articles.contains(&self.toks[k - 1].folded);
            let elided_art = k > 0 && self.toks[k - 1].text.ends_with(['\'', '’']);
            if !art && !elided_art {
                return 0;
            }
        }
        self.longest(k, limit, self.table.role_max_len.max(1), |key| self.table.roles.contains_key(key))
    }

    fn demonym_at(&self, k: usize, limit: usize) -> usize {
        self.longest(k, limit, 3, |key| self.lx.demonyms.contains_key(key))
    }

    fn gazetteer_at(&self, k: usize, limit: usize) -> usize {
        let n = self.longest(k, limit, self.lx.max_len, |key| {
            self.lx.places.contains_key(key) || self.lx.orgs.contains_key(key)
        });
        if n == 0 && self.lx.acronyms.contains(self.toks[k].text) { 1 } else { n }
    }

    /// A given name: listed, or listed by gender only because it is also an everyday word ("Lance",
    /// "Dawn", "Grace") and then only right before a capitalised word that is no everyday word, no
    /// place and no given name ("Lance Armstrong", not "Grace Kelly Cup" nor "Dawn Roma").
    fn is_given(&self, k: usize) -> bool {
        let f = &self.toks[k].folded;
        if self.lx.given_names.contains(f) {
            return true;
        }
        if !self.toks[k].is_cap() || !self.lx.given_gender.contains_key(f) {
            return false;
        }
        let Some(next) = self.toks.get(k + 1).filter(|n| n.is_cap() && n.is_word() && !n.nl_before) else {
            return false;
        };
        let g = next.folded.as_str();
        !self.lx.is_everyday(self.lang, g)
            && !self.lx.given_names.contains(g)
            && !self.lx.places.contains_key(g)
            && !self.lx.weak_places.contains_key(g)
            && !self.lower_seen.contains(g)
    }

    fn is_common(&self, k: usize) -> bool {
        let f = self.toks[k].folded.as_str();
        self.table.common_caps.contains(f)
            || rassegna_text::is_stop_word(self.lang, f)
            || self.lower_seen.contains(f)
            || (self.lx.is_everyday(self.lang, f) && !self.cap_seen.contains(f))
    }

    /// A sentence-initial word that looks like a common word by its ending ("Infine", "Citando").
    fn common_ending(&self, k: usize) -> bool {
        let f = self.toks[k].folded.as_str();
        f.chars().count() > 4 && self.table.common_suffixes.iter().any(|e| f.ends_with(e.as_str()))
    }

    /// A speech verb follows within two tokens (auxiliaries and adverbs skipped).
    fn speech_follows(&self, k: usize) -> bool {
        for j in k..k + 3 {
            let Some(w) = self.word(j) else { return false };
            if self.table.speech_verbs.contains(w) {
                return true;
            }
            if !self.table.aux.contains(w) {
                return false;
            }
        }
        false
    }

    /// Country a role phrase token range points to: a demonym, a place or a seat of power.
    fn country_in(&self, a: usize, b: usize) -> Option<String> {
        let mut k = a;
        while k < b {
            let d = self.demonym_at(k, b);
            if d > 0 {
                return self.lx.demonyms.get(&self.key(k, k + d)).cloned();
            }
            let g = self.longest(k, b, self.lx.max_len, |key| {
                self.lx.places.contains_key(key) || self.lx.orgs.get(key).is_some_and(Option::is_some)
            });
            if g > 0 {
                let key = self.key(k, k + g);
                if let Some(c) = self.lx.places.get(&key) {
                    return Some(c.clone());
                }
                if let Some(Some(c)) = self.lx.orgs.get(&key) {
                    return Some(c.clone());
                }
            }
            if let Some(c) = self.table.role_implied.get(&self.toks[k].folded) {
                return Some(c.clone());
            }
            k += 1;
        }
        None
    }

    /// The role class of the first role word in a range.
    fn class_in(&self, a: usize, b: usize) -> Option<String> {
        (a..b).find_map(|k| {
            let n = self.role_at(k, b);
            (n > 0).then(|| self.table.roles[&self.key(k, k + n)].clone())
        })
    }

    fn role_of(&self, a: usize, b: usize, text: &str) -> Role {
        let t = &text[self.toks[a].start..self.toks[b - 1].end];
        let key = match (self.class_in(a, b), self.country_in(a, b)) {
            (Some(class), Some(country)) => Some((class, country)),
            _ => None,
        };
        Role { text: t.to_string(), key }
    }

    /// A role phrase made of lowercase words ending right before token `k` ("il presidente russo").
    fn role_before(&self, k: usize) -> Option<usize> {
        let mut a = k;
        let mut has_role = false;
        while a > 0 && k - a < 7 {
            let p = a - 1;
            let t = &self.toks[p];
            if !t.is_word() || self.toks[p + 1].nl_before {
                break;
            }
            let f = t.folded.as_str();
            let role_len =
                (1..=self.table.role_max_len.min(p + 1)).rev().find(|n| self.role_at(p + 1 - n, k) == *n).unwrap_or(0);
            if role_len > 0 {
                has_role = true;
                a = p + 1 - role_len;
                continue;
            }
            let ok = self.lx.demonyms.contains_key(f)
                || self.table.role_modifiers.contains(f)
                || (self.table.connectors.contains(f) && a < k && self.toks[a].is_cap())
                || (t.is_cap() && self.gazetteer_at(p, k) > 0);
            if !ok {
                break;
            }
            a = p;
        }
        // Trim leading words that are not part of the role itself.
        while a < k && self.role_at(a, k) == 0 && !self.table.role_modifiers.contains(&self.toks[a].folded) {
            a += 1;
        }
        (has_role && a < k).then_some(a)
    }
}

/// Analyse a text: tokens, mentions, entities (with mentions linked to them).
pub fn analyse<'a>(text: &'a str, lang: &str) -> Analysis<'a> {
    analyse_known(text, lang, &KnownNames::default())
}

/// [`analyse`], reading bare names with what earlier reports taught ([`KnownNames`]).
pub fn analyse_known<'a>(text: &'a str, lang: &str, known: &KnownNames) -> Analysis<'a> {
    let lx = lexicon();
    let table = lx.table(lang);
    let toks = tokenize(text);
    let amb = ambiguous_caps(&toks);
    // "al-Assad" starts lower case but is a name: its article is joined to a capital.
    let lower_seen: HashSet<&str> = toks
        .iter()
        .filter(|t| t.is_word() && !t.is_cap() && spans::after_arabic_article(t.text).is_none())
        .map(|t| t.folded.as_str())
        .collect();
    let cap_seen: HashSet<&str> =
        toks.iter().zip(&amb).filter(|(t, a)| t.is_cap() && !**a).map(|(t, _)| t.folded.as_str()).collect();
    let scores = match_results(&toks, lang, lx) >= 2;
    let ctx = Ctx { toks: &toks, amb: &amb, table, lx, lang, lower_seen, cap_seen, scores, known };
    let mut found = recognise(&ctx, text);
    let entities = link(&mut found, text);
    let mut tok_mention = vec![None; toks.len()];
    for (k, f) in found.iter().enumerate() {
        for slot in &mut tok_mention[f.t0..f.t1] {
            *slot = Some(k);
        }
    }
    drop(ctx);
    Analysis { text, toks, table, ambiguous: amb, found, tok_mention, entities }
}

/// How many match results ("7-0", "3 - 1") a text gives: two small numbers joined by a dash, near
/// a country's name.
fn match_results(toks: &[Tok<'_>], lang: &str, lx: &Lexicon) -> usize {
    let small = |t: &Tok<'_>| t.kind == Kind::Number && t.text.len() <= 2;
    let joined = |t: &Tok<'_>| {
        let mut parts = t.text.split('-');
        let (Some(x), Some(y), None) = (parts.next(), parts.next(), parts.next()) else { return false };
        (1..=2).contains(&x.len())
            && (1..=2).contains(&y.len())
            && x.chars().chain(y.chars()).all(|c| c.is_ascii_digit())
    };
    // A result closes its clause or is followed by a small word ("vinto 7-0 dalla Cina", "(6-0)");
    // a range goes on with what it counts ("10-15 feriti", "30-35%", "5-6 per cento", "10-12
    // marzo").
    let dated = |k: usize| {
        toks.get(k).is_some_and(|t| match t.kind {
            Kind::Punct(c) => c == '%',
            _ => !(t.is_word() && t.folded != "per" && rassegna_text::is_stop_word(lang, &t.folded)),
        })
    };
    let mut n = 0;
    for k in 0..toks.len() {
        // "10:00 – 13:00" is a span of hours.
        let clock = |j: usize| toks.get(j).is_some_and(|t| matches!(t.punct(), Some(':' | '.')) && !t.space_before);
        let spaced = k + 2 < toks.len()
            && !(k > 0 && clock(k - 1))
            && !clock(k + 3)
            && small(&toks[k])
            && matches!(toks[k + 1].punct(), Some('-' | '–'))
            && small(&toks[k + 2])
            && !dated(k + 3);
        // A result is between teams: a country is named within a few words of it.
        let country_near = || {
            (k.saturating_sub(6)..(k + 9).min(toks.len()))
                .any(|j| toks[j].is_cap() && lx.countries.contains(&toks[j].folded))
        };
        if ((joined(&toks[k]) && !dated(k + 1)) || spaced) && country_near() {
            n += 1;
        }
    }
    n
}

/// The key of a role description ("presidente russo" -> head, RU), in a language's tables.
pub fn role_key(role: &str, lang: &str) -> Option<RoleKey> {
    let lx = lexicon();
    let toks = tokenize(role);
    let amb = vec![false; toks.len()];
    let ctx = Ctx {
        toks: &toks,
        amb: &amb,
        table: lx.table(lang),
        lx,
        lang,
        lower_seen: HashSet::new(),
        cap_seen: HashSet::new(),
        scores: false,
        known: &KnownNames::default(),
    };
    let n = toks.len();
    Some((ctx.class_in(0, n)?, ctx.country_in(0, n)?))
}

#[cfg(test)]
mod tests;
