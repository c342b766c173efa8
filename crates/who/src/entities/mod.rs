//! Rule-and-lexicon entity recogniser: capitalised spans split and classified with gazetteers,
//! head words, titles, roles and context; role descriptions ("il leader nordcoreano") found as
//! mentions of the person the text names in that role.

use std::collections::{HashMap, HashSet};

use rassegna_model::{Entity, EntityType};

use crate::lexicon::{LangTable, Lexicon, lexicon};
use crate::tokenize::{Kind, Tok, tokenize};

mod cues;
mod link;
mod spans;

use cues::is_saint;
use link::link;

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

    fn is_given(&self, k: usize) -> bool {
        self.lx.given_names.contains(&self.toks[k].folded)
    }

    fn is_common(&self, k: usize) -> bool {
        let f = self.toks[k].folded.as_str();
        self.table.common_caps.contains(f)
            || rassegna_text::is_stop_word(self.lang, f)
            || self.lower_seen.contains(f)
            || (self.lx.common_words.contains(f) && !self.cap_seen.contains(f))
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

/// "Csm", "Mps", "Cgil": an acronym written in lower case, with no vowel after its first letter.
fn lower_acronym(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else { return false };
    let rest: Vec<char> = chars.collect();
    first.is_uppercase()
        && (2..=4).contains(&rest.len())
        && rest.iter().all(|ch| ch.is_ascii_lowercase() && !"aeiouy".contains(*ch))
}

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

/// "YouTube", "DoubleClick", "SpaceX": a capital after a lowercase letter inside one word is a
/// company's or a brand's way of writing its name.
fn camel_case(w: &str) -> bool {
    // Surname prefixes: "McCain", "MacDonald", "DeNiro", "LaBelle", "DiMaggio", "VanDyke".
    if ["Mc", "Mac", "De", "Di", "Da", "Du", "La", "Le", "Van", "Von", "Fitz"]
        .iter()
        .any(|p| w.strip_prefix(p).and_then(|r| r.chars().next()).is_some_and(char::is_uppercase))
    {
        return false;
    }
    let mut prev_lower = false;
    let mut first = true;
    for ch in w.chars() {
        if !ch.is_alphabetic() {
            return false;
        }
        if ch.is_uppercase() && prev_lower && !first {
            return true;
        }
        prev_lower = ch.is_lowercase();
        first = false;
    }
    false
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

/// "la cittadina di Dolores", "il villaggio georgiano di Zemo Nikozi", "lo stato indiano di
/// Himachal Pradesh": a lowercase noun for a kind of place, a demonym perhaps, then "di" + the name.
fn place_noun_of(c: &Ctx<'_, '_>, a: usize) -> bool {
    let toks = c.toks;
    if a < 2 || !matches!(toks[a - 1].folded.as_str(), "di" | "del" | "dello" | "della" | "dell'") {
        return false;
    }
    let mut p = a - 1;
    if p > 0 && toks[p - 1].is_word() && !toks[p - 1].is_cap() && c.lx.demonyms.contains_key(&toks[p - 1].folded) {
        p -= 1;
    }
    p > 0 && toks[p - 1].is_word() && !toks[p - 1].is_cap() && c.table.place_nouns.contains(&toks[p - 1].folded)
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

/// "S.p.A.", "s.r.l.", "S.a.s.": a company's legal form written with dots, starting at token `k`;
/// the number of its tokens (its closing dot included when present), or 0.
fn legal_form_at(c: &Ctx<'_, '_>, k: usize) -> usize {
    let toks = c.toks;
    let forms: [&[&str]; 5] =
        [&["s", "p", "a"], &["s", "r", "l"], &["s", "a", "s"], &["s", "n", "c"], &["s", "c", "a", "r", "l"]];
    'form: for form in forms {
        let mut j = k;
        for (i, letter) in form.iter().enumerate() {
            let Some(t) = toks.get(j) else { continue 'form };
            if !t.is_word() || t.folded != *letter || (i > 0 && t.space_before) {
                continue 'form;
            }
            j += 1;
            let dot = toks.get(j).is_some_and(|t| t.punct() == Some('.') && !t.space_before);
            if dot {
                j += 1;
            } else if i + 1 < form.len() {
                continue 'form;
            }
        }
        return j - k;
    }
    0
}

/// A single token known to the gazetteers.
fn gaz_one(c: &Ctx<'_, '_>, k: usize) -> bool {
    c.gazetteer_at(k, k + 1) == 1
}

/// Roman numerals and codes with digits ("XIX", "H1N1", "CO2") are no organisations.
fn is_code(w: &str) -> bool {
    w.chars().any(|ch| ch.is_ascii_digit()) || w.chars().all(|ch| matches!(ch, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
}

/// A title right before token `a`, its dot allowed: "signor Kim", "Mr. Smith".
fn title_before(c: &Ctx<'_, '_>, a: usize) -> bool {
    let p = if a > 0 && c.toks[a - 1].punct() == Some('.') { a - 1 } else { a };
    p > 0 && c.table.titles.contains(&c.toks[p - 1].folded)
}

/// Recognise the mentions of a text, unlinked.
fn recognise(c: &Ctx<'_, '_>, text: &str) -> Vec<Found> {
    let toks = c.toks;
    let mut found: Vec<Found> = Vec::new();
    let mut unknown_single: Vec<usize> = Vec::new();
    // Words with no cue at all for their type.
    let mut unknown_kind: Vec<usize> = Vec::new();
    for (a0, b0) in spans::spans(c) {
        let (mut a, mut b) = (a0, b0);
        let mut role_from: Option<usize> = None;
        // Strip leading titles, roles, demonyms and sentence-initial common words.
        while a < b {
            let r = c.role_at(a, b);
            if r > 0 && a + r < b {
                role_from.get_or_insert(a);
                a += r;
                continue;
            }
            if c.table.titles.contains(&toks[a].folded) && a + 1 < b && !is_saint(c, a) {
                role_from.get_or_insert(a);
                a += 1;
                continue;
            }
            let d = c.demonym_at(a, b);
            if d > 0 && a + d < b && (c.role_at(a + d, b) > 0 || c.table.titles.contains(&toks[a + d].folded)) {
                role_from.get_or_insert(a);
                a += d;
                continue;
            }
            let gaz = c.gazetteer_at(a, b) > 0;
            if !gaz && c.table.articles.contains(&toks[a].folded) && a + 1 < b {
                a += 1;
                continue;
            }
            if c.amb[a] && !c.is_given(a) && !gaz && (c.is_common(a) || c.common_ending(a)) {
                a += 1;
                continue;
            }
            // "il 48enne Loris Stecca": an age is no part of the name.
            if a + 1 < b && toks[a].text.starts_with(|ch: char| ch.is_ascii_digit()) && toks[a + 1].is_cap() {
                a += 1;
                continue;
            }
            break;
        }
        // A function word closing the span starts the next sentence of a run-on line ("Lara Fabian Come");
        // two letters are too short to tell ("Kim Jong Un").
        while b > a + 1
            && rassegna_text::is_stop_word(c.lang, &toks[b - 1].folded)
            && toks[b - 1].text.chars().count() > 2
            && !c.is_given(b - 1)
            && c.gazetteer_at(a, b) != b - a
        {
            b -= 1;
        }
        while b > a && c.table.connectors.contains(&toks[b - 1].folded) && !toks[b - 1].is_cap() {
            b -= 1;
        }
        while a < b && c.table.connectors.contains(&toks[a].folded) && !toks[a].is_cap() {
            a += 1;
        }
        if a >= b {
            continue;
        }
        let key = c.key(a, b);
        let n = b - a;
        // Party and state tags of legislators ("R-Utah", "D-Mo.") are not names.
        if n == 1 && toks[a].text.split_once('-').is_some_and(|(p, _)| p.len() == 1) {
            continue;
        }
        if n == 1
            && (c.table.common_caps.contains(&key)
                || c.lx.misc_words.contains(&key)
                || (c.table.loc_heads.contains(&key) && !gaz_one(c, a) && !c.lx.surnames.contains(&key)))
        {
            continue;
        }
        // Words with digits: "A14" is a motorway, "COVID-19" or "H1N1" no name.
        let road = n == 1 && {
            let w = toks[a].text;
            let letters = w.chars().take_while(char::is_ascii_uppercase).count();
            (1..=2).contains(&letters)
                && w.len() > letters
                && w.len() <= letters + 3
                && w[letters..].chars().all(|ch| ch.is_ascii_digit())
        };
        if n == 1 && !road && toks[a].text.chars().any(|ch| ch.is_ascii_digit()) && c.gazetteer_at(a, b) == 0 {
            continue;
        }
        // "Svizzera", "Ucraina", "Argentina" are countries as well as feminine demonyms.
        // "oceano Indiano": after a place head a demonym names the place.
        let after_place_head = a > 0 && !toks[a - 1].is_cap() && c.table.loc_name_heads.contains(&toks[a - 1].folded);
        let demonym_only = c.demonym_at(a, b) == n && !c.lx.places.contains_key(&key) && !after_place_head;
        if demonym_only || (c.role_at(a, b) == n) || (n == 1 && c.table.titles.contains(&key)) {
            continue;
        }
        let first = toks[a].folded.as_str();
        let last = toks[b - 1].folded.as_str();
        let gaz = c.gazetteer_at(a, b) == n;
        // Headlines in capitals ("GUERRA IN UCRAINA") are not names unless known.
        if n > 1 && !gaz && (a..b).all(|k| toks[k].is_all_caps() || c.table.connectors.contains(&toks[k].folded)) {
            continue;
        }
        let weak_place = !gaz && c.lx.weak_places.contains_key(&key);
        // A lone sentence-initial word needs evidence: seen capitalised elsewhere, or known.
        let evidence = c.is_given(a)
            || gaz
            || weak_place
            || c.cap_seen.contains(first)
            || c.speech_follows(b)
            || toks[a].is_all_caps()
            || role_from.is_some();
        if n == 1 && c.amb[a] && !evidence {
            continue;
        }
        // "Nato a Verona", "Nata il 3 maggio": a participle opening a sentence, not the alliance.
        let next_lower = toks.get(b).is_some_and(|t| (t.is_word() && !t.is_cap()) || t.kind == Kind::Number);
        if n == 1
            && c.amb[a]
            && toks[a].is_cap()
            && !toks[a].is_all_caps()
            && c.table.opening_words.contains(&key)
            && next_lower
        {
            continue;
        }
        // Several capitalised words with a common word among them ("Guerra Fredda") are not a
        // person's name; they are kept only with organisation or place evidence.
        let wordy = (a..b).any(|k| {
            let f = toks[k].folded.as_str();
            !c.table.connectors.contains(f) && !c.is_given(k) && f.chars().count() > 3 && c.lower_seen.contains(f)
        });
        // The same with the dictionaries: "Human Rights", "Sciopero Alitalia", "Land Rover".
        // In Italian text one everyday word is enough ("Sciopero Alitalia", "Human Rights"); English
        // surnames are often words ("Nell Carden Grey"), so there every word must be one.
        let (words_in, words_all) = (a..b)
            .filter(|&k| toks[k].is_word() && !c.table.connectors.contains(&toks[k].folded))
            .fold((0, 0), |(w, n), k| {
                let f = toks[k].folded.as_str();
                let common = !c.is_given(k) && f.chars().count() > 2 && c.lx.common_words.contains(f);
                (w + usize::from(common), n + 1)
            });
        let any_given = (a..b).any(|k| c.is_given(k));
        let dict_wordy = words_in > 0 && !any_given && (c.lang != "en" || words_in == words_all);
        let mut weak = false;
        // "E.N.P.A.": an acronym written with dots.
        let dotted = n >= 3
            && (a..b).all(|k| toks[k].punct() == Some('.') || (toks[k].text.chars().count() == 1 && toks[k].is_cap()));
        // "CIIP S.p.A.", "Uber Italy s.r.l.": a legal form after the name (the span may hold its "S").
        let legal = if n >= 2 && toks[b - 1].text.chars().count() == 1 { legal_form_at(c, b - 1) } else { 0 };
        let legal_after = if legal == 0 { legal_form_at(c, b) } else { 0 };
        let legal_end = if legal > 0 { b - 1 + legal } else { b + legal_after };
        let is_org = (n == 1 && c.lx.acronyms.contains(toks[a].text))
            || c.lx.orgs.contains_key(&key)
            || dotted
            || legal > 0
            || legal_after > 0;
        let is_place = !is_org && c.lx.places.contains_key(&key);
        let org_cue = c.lx.org_heads.contains(first)
            || (n > 1 && c.lx.org_suffixes.contains(last))
            || (a..b - 1).any(|k| {
                c.lx.org_suffixes.contains(&toks[k].folded)
                    && !toks[k + 1].is_cap()
                    && c.table.connectors.contains(&toks[k + 1].folded)
            })
            || (n == 1 && toks[a].is_all_caps() && toks[a].text.chars().count() <= 6 && !is_code(toks[a].text))
            || (n == 1 && lower_acronym(toks[a].text))
            || (n == 1 && camel_case(toks[a].text));
        let place_cue = (n > 1 && (c.table.loc_heads.contains(first) || c.lx.loc_suffixes.contains(last)))
            || (a > 0 && !toks[a - 1].is_cap() && c.table.loc_heads.contains(&toks[a - 1].folded))
            || place_noun_of(c, a);
        let person_cue = c.is_given(a)
            || role_from.is_some()
            || title_before(c, a)
            || c.role_before(a).is_some()
            || c.speech_follows(b)
            || (a > 0 && c.word(a - 1).is_some_and(|w| c.table.speech_verbs.contains(w)))
            || (a > 0 && age_word(&toks[a - 1]))
            || person_noun_before(c, a);
        let after_loc_prep =
            a > 0 && toks[a - 1].is_word() && !toks[a - 1].is_cap() && c.table.loc_preps.contains(&toks[a - 1].folded);
        // "Vimercate (MB)": a province code in brackets.
        let province = n == 1 && province_code_at(c, a);
        // "Scarperia (FI)": a name followed by a province code in brackets is a town.
        let before_province = toks.get(b).is_some_and(|t| t.punct() == Some('(')) && province_code_at(c, b + 1);
        // "la Russia ha riconosciuto", "contro la Francia", "Italia - Croazia": a country acting
        // as its government or its team.
        let country_actor = c.lx.countries.contains(&key) && {
            let art = |k: usize| toks[k].is_word() && c.table.articles.contains(&toks[k].folded);
            let before_art = a > 0 && art(a - 1);
            let p = if before_art { a - 1 } else { a };
            // One adverb may stand between ("l'Italia poi ha vinto").
            let verb_at =
                |k: usize| c.word(k).is_some_and(|w| c.table.actor_verbs.contains(w) || c.lx.finite_verbs.contains(w));
            // "si è unito": "è" (which folds to the conjunction "e") after a clitic; "la Francia è
            // un paese" alone is a place.
            let reflexive = c.word(b).is_some_and(|w| c.table.clitics.contains(w))
                && toks.get(b + 1).is_some_and(|t| t.text == "è");
            // "il Belgio si è unito", "la Russia non ha": a clitic or "non" may stand before the verb.
            let adverb_at =
                |k: usize| c.word(k).is_some_and(|w| c.table.aux.contains(w) || c.table.clitics.contains(w));
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
            verb_after || against || fixture || action_of
        };
        // "il Napoli", "del Livorno": a town's club.
        let club = n == 1
            && a > 0
            && c.table.club_articles.contains(&toks[a - 1].folded)
            && c.lx.towns.contains(&key)
            && !c.lx.misc_words.contains(&key)
            && !c.lx.countries.contains(&key);
        // "il quotidiano The Nation", "l'agenzia di stampa giapponese Jiji", "la band Hooverphonic":
        // a lowercase noun naming a kind of organisation, right before the name.
        let org_apposition = !c.is_given(a) && !is_place && {
            let mut p = a;
            // One demonym or adjective may stand between ("la compagnia genovese").
            if p > 0
                && toks[p - 1].is_word()
                && !toks[p - 1].is_cap()
                && c.lx.demonyms.contains_key(&toks[p - 1].folded)
            {
                p -= 1;
            }
            let lower = |k: usize| toks[k].is_word() && !toks[k].is_cap() && !toks[k].nl_before;
            (1..=3).any(|m| p >= m && (p - m..p).all(lower) && c.table.org_nouns.contains(&c.key(p - m, p)))
        };
        // "Ennahda, il partito di maggioranza": the kind of body in an apposition after the name.
        let after_noun = |set: &HashSet<String>| {
            toks.get(b).is_some_and(|t| t.punct() == Some(',')) && {
                let mut k = b + 1;
                if toks.get(k).is_some_and(|t| t.is_word() && c.table.articles.contains(&t.folded)) {
                    k += 1;
                }
                toks.get(k).is_some_and(|t| t.is_word() && !t.is_cap() && set.contains(&t.folded))
            }
        };
        let org_apposition =
            org_apposition || (n == 1 && !c.is_given(a) && !is_place && after_noun(&c.table.org_nouns));
        // "Appignano, comune in provincia di Ascoli": the kind of place in an apposition after it.
        let place_apposition = !is_org && !c.is_given(a) && after_noun(&c.table.place_nouns);
        let kind = if province || (before_province && !is_org && !c.is_given(a)) || place_apposition {
            Some(EntityType::Place)
        } else if country_actor || club || is_org || org_apposition {
            Some(EntityType::Organisation)
        } else if is_place {
            Some(EntityType::Place)
        } else if org_cue && !(c.table.loc_heads.contains(first) && n > 1) {
            Some(EntityType::Organisation)
        } else if place_cue
            || (n > 1 && is_saint(c, a) && !c.table.titles.contains(&toks[a + 1].folded) && !c.is_common(a + 1))
        {
            Some(EntityType::Place)
        } else if person_cue {
            Some(EntityType::Person)
        } else if weak_place {
            // A town from the large lists: a surname of someone named in full wins (below).
            weak = true;
            Some(EntityType::Place)
        } else if n == 1 && c.lx.surnames.contains(first) {
            weak = true;
            Some(EntityType::Person)
        } else if n == 1
            && first.contains('-')
            && (first.split('-').all(|p| c.lx.places.contains_key(p))
                || (toks[a].text.split('-').all(|p| p.chars().next().is_some_and(char::is_uppercase))
                    && first
                        .split('-')
                        .next()
                        .is_some_and(|p| c.lx.places.contains_key(p) || c.lx.weak_places.contains_key(p))))
        {
            // "Roma-Viterbo", "Roma-Lido": a route or a pair of places, the first one known.
            Some(EntityType::Place)
        } else if n > 1 {
            // Events, titles of works, products ("Apple Watch", led by a known company): not people.
            let org_led = c.gazetteer_at(a, b) > 0 && !c.lx.places.contains_key(first) && !c.is_given(a);
            if wordy || org_led || (a..b).any(|k| c.lx.misc_words.contains(&toks[k].folded)) {
                continue;
            }
            // "Umana Solidarietà", "Democrazia Cristiana", "Messaggerie Italiane": with no given name,
            // an abstract noun or an adjective makes a body's name, not a person's.
            let abstract_noun =
                (a..b).any(|k| c.table.abstract_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())));
            let adjective =
                (a + 1..b).any(|k| c.table.adj_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())));
            let no_given = !(a..b).any(|k| c.is_given(k));
            if no_given && (abstract_noun || adjective) {
                Some(EntityType::Organisation)
            } else if dict_wordy {
                continue;
            } else {
                Some(EntityType::Person)
            }
        } else if after_loc_prep && !matches!(toks[a - 1].folded.as_str(), "di" | "da") {
            // "a Canelli", "in Assam"; after "di"/"da" an unknown word is as often a surname ("la
            // richiesta di Calderoli"): left to the evidence of the whole text below.
            weak = true;
            Some(EntityType::Place)
        } else {
            None
        };
        // "via Roma", "provincia di Bari", "don Mario": a lowercase head or title belongs to the name.
        let lower_in = |k: usize, set: &HashSet<String>| {
            toks[k].is_word() && !toks[k].is_cap() && !toks[k].nl_before && set.contains(&toks[k].folded)
        };
        let of_word = |k: usize| {
            matches!(
                toks[k].folded.as_str(),
                "di" | "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'" | "d'"
            )
        };
        let mut head = None;
        if !is_org && a >= 1 {
            if lower_in(a - 1, &c.table.loc_name_heads) {
                head = Some((a - 1, EntityType::Place));
            } else if a >= 2 && of_word(a - 1) && lower_in(a - 2, &c.table.loc_name_heads) {
                head = Some((a - 2, EntityType::Place));
            } else if lower_in(a - 1, &c.table.name_titles) {
                head = Some((a - 1, EntityType::Person));
            }
        }
        let kind = match head {
            Some((_, k)) => {
                weak = false;
                Some(k)
            }
            None => kind,
        };
        let mut start_tok = head.map_or(a, |(h, _)| h);
        let kind = match kind {
            Some(k) => k,
            None => {
                weak = true;
                unknown_kind.push(found.len());
                EntityType::Person
            }
        };
        if weak && n == 1 {
            unknown_single.push(found.len());
        }
        // "governo di Kiev": a lowercase institution noun before the name belongs to it.
        if kind != EntityType::Person
            && head.is_none()
            && !c.lx.places.contains_key(&key)
            && a >= 2
            && matches!(
                toks[a - 1].folded.as_str(),
                "di" | "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'" | "of" | "de"
            )
            && !c.table.loc_heads.contains(first)
            && !toks[a - 2].is_cap()
            && c.table.institutions.contains_key(&toks[a - 2].folded)
            && !c.amb[a - 2]
        {
            start_tok = a - 2;
        }
        let kind = if start_tok != a && head.is_none() { EntityType::Organisation } else { kind };
        // "Guardia nazionale", "Consiglio dei ministri", "Ministero delle finanze libanese": lowercase
        // adjectives and one "di + noun" continue a name led by an organisation head.
        if kind == EntityType::Organisation && toks[a].is_cap() && c.lx.org_heads.contains(first) {
            let plain = |k: usize| {
                k < toks.len()
                    && toks[k].is_word()
                    && !toks[k].is_cap()
                    && !toks[k].nl_before
                    && toks[k].text.chars().count() > 3
                    && !rassegna_text::is_stop_word(c.lang, &toks[k].folded)
                    && !c.table.speech_verbs.contains(&toks[k].folded)
                    && !c.table.aux.contains(&toks[k].folded)
            };
            // "Ente Nazionale critica la decisione": a verb with its object is no adjective.
            let adjective = |k: usize| {
                plain(k)
                    && !toks.get(k + 1).is_some_and(|t| t.is_word() && c.table.articles.contains(&t.folded))
                    && (c.lx.demonyms.contains_key(&toks[k].folded)
                        || c.table.institution_modifiers.contains(&toks[k].folded)
                        || c.table.adj_endings.iter().any(|e| toks[k].folded.ends_with(e.as_str())))
            };
            let noun = |k: usize| plain(k) && !["are", "ere", "ire"].iter().any(|e| toks[k].folded.ends_with(e));
            if b + 1 < toks.len() && of_word(b) && !toks[b].nl_before && noun(b + 1) {
                b += 2;
            }
            while adjective(b) {
                b += 1;
            }
        }
        // "Italia meridionale", "nord Italia": directions belong to a place name.
        if kind == EntityType::Place {
            let lower_in = |k: usize, set: &HashSet<String>| {
                k < toks.len()
                    && toks[k].is_word()
                    && !toks[k].is_cap()
                    && !toks[k].nl_before
                    && set.contains(&toks[k].folded)
            };
            while lower_in(b, &c.table.loc_post_modifiers) {
                b += 1;
            }
            if start_tok == a && a > 0 && lower_in(a - 1, &c.table.loc_pre_modifiers) && !toks[a].nl_before {
                start_tok = a - 1;
            }
        }
        if kind == EntityType::Organisation && (legal > 0 || legal_after > 0) {
            b = legal_end;
        }
        // "Robert S.", "Pier Luigi B.": a closing initial keeps its dot.
        if toks[b - 1].is_cap()
            && toks[b - 1].text.chars().count() == 1
            && toks.get(b).is_some_and(|t| t.punct() == Some('.') && !t.space_before)
        {
            b += 1;
        }
        let role = if kind == EntityType::Person {
            let rf = role_from.or_else(|| c.role_before(a));
            rf.map(|r| c.role_of(r, a, text))
        } else {
            None
        };
        found.push(Found {
            t0: start_tok,
            t1: b,
            start: toks[start_tok].start,
            end: toks[b - 1].end,
            kind,
            is_name: true,
            role,
            entity: usize::MAX,
        });
    }
    // Unknown single words: a surname of a person named in full, a name seen with another type,
    // or else a person (news names people most).
    let mut full_tokens: HashMap<String, EntityType> = HashMap::new();
    for (k, f) in found.iter().enumerate() {
        if !unknown_single.contains(&k) {
            let key = c.key(f.t0, f.t1);
            full_tokens.entry(key).or_insert(f.kind);
            if f.kind == EntityType::Person {
                for t in &toks[f.t0..f.t1] {
                    full_tokens.entry(t.folded.clone()).or_insert(EntityType::Person);
                }
            }
        }
    }
    // "Whitney Houston ... la Houston": a one-word place (not a country) that is the surname of a
    // person named in full in the same text is that person.
    let surnames: HashSet<&str> = found
        .iter()
        .filter(|f| f.kind == EntityType::Person && f.t1 - f.t0 >= 2 && c.is_given(f.t0))
        .map(|f| toks[f.t1 - 1].folded.as_str())
        .collect();
    for f in found.iter_mut() {
        let key = toks[f.t0].folded.as_str();
        if f.kind == EntityType::Place && f.t1 == f.t0 + 1 && surnames.contains(key) && !c.lx.countries.contains(key) {
            f.kind = EntityType::Person;
        }
    }
    let mut drop = vec![false; found.len()];
    for k in unknown_single {
        let key = c.key(found[k].t0, found[k].t1);
        if let Some(kind) = full_tokens.get(&key) {
            found[k].kind = *kind;
        } else if unknown_kind.contains(&k) {
            // A lone capitalised word with no cue and no fuller name in the text: too unsure.
            drop[k] = true;
        }
    }
    let mut keep = drop.iter().map(|d| !d);
    found.retain(|_| keep.next().unwrap_or(true));
    // "Juventus - Milan", "tra la NATO e la Russia": a country or town joined to an organisation
    // stands for an organisation too (its team, its government).
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
    // Role descriptions standing for a name.
    let mut in_name = vec![false; toks.len()];
    for f in &found {
        in_name[f.t0..f.t1].iter_mut().for_each(|x| *x = true);
    }
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
    found.extend(roles);
    found.extend(institutions(c, &in_name));
    found.sort_by_key(|f| (f.start, f.end));
    found
}

/// Institutions named by common nouns: "il governo tedesco", "la polizia locale", "the police".
fn institutions(c: &Ctx<'_, '_>, in_name: &[bool]) -> Vec<Found> {
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

/// Analyse a text: tokens, mentions, entities (with mentions linked to them).
pub fn analyse<'a>(text: &'a str, lang: &str) -> Analysis<'a> {
    let lx = lexicon();
    let table = lx.table(lang);
    let toks = tokenize(text);
    let amb = ambiguous_caps(&toks);
    let lower_seen: HashSet<&str> =
        toks.iter().filter(|t| t.is_word() && !t.is_cap()).map(|t| t.folded.as_str()).collect();
    let cap_seen: HashSet<&str> =
        toks.iter().zip(&amb).filter(|(t, a)| t.is_cap() && !**a).map(|(t, _)| t.folded.as_str()).collect();
    let ctx = Ctx { toks: &toks, amb: &amb, table, lx, lang, lower_seen, cap_seen };
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
    };
    let n = toks.len();
    Some((ctx.class_in(0, n)?, ctx.country_in(0, n)?))
}

#[cfg(test)]
mod tests;
