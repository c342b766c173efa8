//! The recogniser's rules, in the order they apply. Each candidate span has its edges trimmed,
//! may be rejected, gets a type from the first kind rule with a verdict, and is extended to the
//! words that belong to it; then passes over the whole text revise doubtful types and add role
//! descriptions and institutions named by common nouns.

use rassegna_model::EntityType;

use super::{Ctx, Found, spans};

mod apposition;
mod edges;
mod extend;
mod heads;
mod institutions;
mod joined;
mod known;
mod metonymy;
mod no_cue;
mod org_cue;
mod person_cue;
mod place_cue;
mod province;
mod reject;
mod role_descriptions;
mod single_words;

/// A candidate span, its edges trimmed, with the facts several rules read.
struct Span {
    /// Token range.
    a: usize,
    b: usize,
    /// Its folded words, space-separated.
    key: String,
    /// Where a role or title cut off its front starts ("il presidente Mattarella").
    role_from: Option<usize>,
    /// Tokens of a legal form written with dots: closing the span (its "S" inside it), or right after it.
    legal: usize,
    legal_after: usize,
    /// Known as an organisation: a listed acronym or body, an acronym with dots, a legal form.
    is_org: bool,
    /// Known as a place, and not as an organisation.
    is_place: bool,
}

impl Span {
    fn new(c: &Ctx<'_, '_>, a: usize, b: usize, role_from: Option<usize>) -> Span {
        let toks = c.toks;
        let n = b - a;
        let key = c.key(a, b);
        // "E.N.P.A.": an acronym written with dots.
        let dotted = n >= 3
            && (a..b).all(|k| toks[k].punct() == Some('.') || (toks[k].text.chars().count() == 1 && toks[k].is_cap()));
        // "CIIP S.p.A.", "Uber Italy s.r.l.": a legal form after the name (the span may hold its "S").
        let legal = if n >= 2 && toks[b - 1].text.chars().count() == 1 { legal_form_at(c, b - 1) } else { 0 };
        let legal_after = if legal == 0 { legal_form_at(c, b) } else { 0 };
        let is_org = (n == 1 && c.lx.acronyms.contains(toks[a].text))
            || c.lx.orgs.contains_key(&key)
            // "la Digos", "i Carabinieri": an institution named by its common noun, capitalised.
            || c.table.institutions.get(&key) == Some(&false)
            || dotted
            || legal > 0
            || legal_after > 0;
        let is_place = !is_org && c.lx.places.contains_key(&key);
        Span { a, b, key, role_from, legal, legal_after, is_org, is_place }
    }

    fn n(&self) -> usize {
        self.b - self.a
    }

    /// Its first word, folded.
    fn first<'c>(&self, c: &'c Ctx<'_, '_>) -> &'c str {
        c.toks[self.a].folded.as_str()
    }

    /// Its last word, folded.
    fn last<'c>(&self, c: &'c Ctx<'_, '_>) -> &'c str {
        c.toks[self.b - 1].folded.as_str()
    }

    /// The whole span is known to the gazetteers.
    fn known(&self, c: &Ctx<'_, '_>) -> bool {
        c.gazetteer_at(self.a, self.b) == self.n()
    }

    /// A town known only to the large lists.
    fn weak_place(&self, c: &Ctx<'_, '_>) -> bool {
        !self.known(c) && c.lx.weak_places.contains_key(&self.key)
    }
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

type LeadingRule = fn(&Ctx<'_, '_>, usize, usize) -> Option<Cut>;
type RejectRule = fn(&Ctx<'_, '_>, &Span) -> bool;
type KindRule = fn(&Ctx<'_, '_>, &Span) -> Option<Verdict>;
type ExtendRule = fn(&Ctx<'_, '_>, &Span, &mut Draft);

/// Words cut off a span's front: part of a role or title stated before the name, or a plain word.
enum Cut {
    Role(usize),
    Word,
}

/// Leading words that are no part of the name, tried in this order at the span's front until none
/// applies. What the first three cut is kept as the person's role; the rest is dropped.
const LEADING: &[LeadingRule] = &[
    // "presidente Mattarella": a role word before the name.
    edges::role,
    // "signor Kim", "Mr Smith": a title, unless it is a saint's ("San", "Santa").
    edges::title,
    // "Russian President Putin": a demonym, when a role or title follows it.
    edges::demonym_before_role,
    // A capitalised article, unless a known name starts with it.
    edges::article,
    // "Infine": a common word capitalised only by its place, unless a given name or a known name.
    edges::sentence_initial_common_word,
    // "48enne Loris Stecca": an age is no part of the name.
    edges::age,
];

/// Rules that reject a trimmed span outright; any one suffices, so their order does not matter.
const NOT_NAMES: &[RejectRule] = &[
    // "R-Utah", "D-Mo.": party and state tags of legislators.
    reject::party_tag,
    // A lone capitalised common word, misc word or bare place head ("Piazza").
    reject::lone_common_word,
    // "COVID-19", "H1N1": a word with digits, unless a road ("A14") or known.
    reject::code_with_digits,
    // A demonym, a role or a title standing alone.
    reject::demonym_role_or_title_alone,
    // "GUERRA IN UCRAINA": a headline in capitals, unless known.
    reject::headline_in_capitals,
    // A lone sentence-initial word with no evidence of being a name.
    reject::lone_initial_word_without_evidence,
    // "Nato a Verona": a participle opening a sentence, not the alliance.
    reject::opening_participle,
    // "Jan 19": a month next to a number is a date.
    reject::month_by_a_number,
];

/// What the kind rules decide about a span.
enum Verdict {
    /// The type, on evidence.
    Sure(EntityType),
    /// The type, on weak evidence that a fuller name elsewhere in the text may overrule.
    Weak(EntityType),
    /// No name after all.
    NotAName,
}

/// Rules that decide a span's type; the first with a verdict wins. What the context says (brackets,
/// appositions, a country acting) comes before what the lexicon knows of the span, which comes before
/// cues from its words; weak guesses from the large lists and from the span's shape come last.
const KINDS: &[KindRule] = &[
    // "Vimercate (MB)": the code in brackets is a province, whatever its letters spell.
    province::province_code,
    // "Scarperia (FI)": a name before a province code is a town, even a given name or a known word.
    province::town_before_province_code,
    // "Appignano, comune in provincia di Ascoli": the kind of place said after it.
    apposition::place_noun_after,
    // "la Russia ha riconosciuto", "contro la Francia": a country acting is its government or team.
    metonymy::country_acting,
    // "il Napoli": a town after a club's article is its club, before the town's place entry is read.
    metonymy::town_as_club,
    // "salito al Quirinale": a seat of power where one goes is its building.
    metonymy::seat_as_building,
    // Listed bodies and acronyms, acronyms with dots, names with a legal form.
    known::organisation,
    // "la band Hooverphonic", "Ennahda, il partito": the kind of body said, unless a listed place.
    apposition::body_noun,
    // Listed places, before any cue from the words.
    known::place,
    // "l'amministratore delegato di Pfizer", "i dipendenti di Alitalia".
    apposition::complement_of_body_noun,
    // "il governo Letta", "la riforma Gelmini": the person a thing is named after.
    person_cue::after_eponym_head,
    // Organisation heads and suffixes, short acronyms, brand spellings; "Piazza ..." is left to places.
    org_cue::organisation_words,
    // Place heads and suffixes, a lowercase place head before, "la cittadina di".
    place_cue::place_words,
    // "Santa Maria Novella": led by a saint's name, a place.
    place_cue::saint_led,
    // Given names, roles, titles, speech verbs, ages: after body and place cues ("Piazza Giuseppe Garibaldi").
    person_cue::person_cues,
    // A town from the large lists, weak: a surname of someone named in full wins.
    known::town_from_large_lists,
    // A listed surname alone, weak.
    known::surname,
    // "Roma-Viterbo": a route or a pair of places, the first one known.
    no_cue::route_of_places,
    // Several words with no cue: events and works dropped, bodies by their words, else a person.
    no_cue::several_words,
    // "a Canelli": a lone word after a place preposition, weak; else the word stays untyped.
    no_cue::after_place_preposition,
];

/// How unsure the type of a one-word name is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Doubt {
    /// Guessed from weak evidence.
    Weak,
    /// No cue at all: dropped unless a fuller name in the text gives its type.
    Untyped,
}

/// A mention being built: its token range and type.
struct Draft {
    start: usize,
    end: usize,
    kind: EntityType,
}

/// Rules that extend a typed mention to the words that belong to it, in this order (a legal form
/// replaces the end the complements reached).
const EXTENSIONS: &[ExtendRule] = &[
    // "Guardia nazionale", "Consiglio dei ministri": lowercase complements of a body's head.
    extend::body_complements,
    // "Associazione per il Software Libero": a purpose belongs to a body's name.
    extend::body_purpose,
    // "Italia meridionale", "nord Italia": directions belong to a place.
    extend::place_directions,
    // "CIIP S.p.A.": the legal form belongs to the company.
    extend::legal_form,
    // "Robert S.": a closing initial keeps its dot.
    extend::initial_dot,
];

/// Judge one candidate span: its mention, if it is a name, and any doubt about its type.
fn judge(c: &Ctx<'_, '_>, text: &str, a: usize, b: usize) -> Option<(Found, Option<Doubt>)> {
    let s = edges::trim(c, a, b)?;
    if NOT_NAMES.iter().any(|rule| rule(c, &s)) {
        return None;
    }
    let (kind, mut weak) = match KINDS.iter().find_map(|rule| rule(c, &s)) {
        Some(Verdict::NotAName) => return None,
        Some(Verdict::Sure(kind)) => (Some(kind), false),
        Some(Verdict::Weak(kind)) => (Some(kind), true),
        None => (None, false),
    };
    // "via Roma", "provincia di Bari", "don Mario": a lowercase head or title decides the type.
    let head = heads::lowercase_head(c, &s);
    let kind = match head {
        Some((_, k)) => {
            weak = false;
            Some(k)
        }
        None => kind,
    };
    let mut untyped = false;
    let kind = kind.unwrap_or_else(|| {
        weak = true;
        untyped = true;
        EntityType::Person
    });
    let doubt = (weak && s.n() == 1).then_some(if untyped { Doubt::Untyped } else { Doubt::Weak });
    let mut d = Draft { start: head.map_or(s.a, |(h, _)| h), end: s.b, kind };
    // "governo di Kiev": an institution noun before the name makes it a body.
    if head.is_none()
        && let Some(start) = heads::institution_noun(c, &s, kind)
    {
        d.start = start;
        d.kind = EntityType::Organisation;
    }
    for rule in EXTENSIONS {
        rule(c, &s, &mut d);
    }
    let role = if d.kind == EntityType::Person {
        let rf = s.role_from.or_else(|| c.role_before(s.a));
        rf.map(|r| c.role_of(r, s.a, text))
    } else {
        None
    };
    let toks = c.toks;
    let found = Found {
        t0: d.start,
        t1: d.end,
        start: toks[d.start].start,
        end: toks[d.end - 1].end,
        kind: d.kind,
        is_name: true,
        role,
        entity: usize::MAX,
    };
    Some((found, doubt))
}

/// Recognise the mentions of a text, unlinked, in text order.
pub(super) fn recognise(c: &Ctx<'_, '_>, text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let mut doubts = Vec::new();
    for (a, b) in spans::spans(c) {
        // A span a name before it was extended over ("per il Software Libero").
        if found.last().is_some_and(|f: &Found| f.t1 > a) {
            continue;
        }
        if let Some((f, doubt)) = judge(c, text, a, b) {
            found.push(f);
            doubts.push(doubt);
        }
    }
    // The types the text is sure of, read before the passes below change any.
    let sure = single_words::sure_types(c, &found, &doubts);
    // "Whitney Houston ... la Houston": a one-word place that is a surname is that person.
    single_words::surname_of_named_person(c, &mut found);
    // A doubtful one-word name takes the type the text gives it elsewhere, or is dropped if untyped.
    single_words::settle(c, &mut found, &doubts, &sure);
    // "Juventus - Milan", "in Toscana ed Emilia": a place joined to a body or a place shares its type.
    joined::pairs(c, &mut found);
    let mut in_name = vec![false; c.toks.len()];
    for f in &found {
        in_name[f.t0..f.t1].iter_mut().for_each(|x| *x = true);
    }
    // "il leader nordcoreano": role descriptions, or the role of the person named right after.
    let roles = role_descriptions::role_descriptions(c, text, &mut found, &in_name);
    found.extend(roles);
    // "il governo tedesco", "la polizia locale": institutions named by common nouns.
    found.extend(institutions::institutions(c, &in_name));
    found.sort_by_key(|f| (f.start, f.end));
    found
}
