//! The entity registry: one entity per person, place or organisation across the whole store.
//!
//! Inside a story, [`crate::story`] already merges a story's variants of a name under one canonical
//! name. Across stories the same person still goes by several canonical names ("Vladimir Putin" in
//! one story, "Putin" in another; "Muammar Gheddafi" and "Muammar Kadhafi"; "Usa" and "Stati
//! Uniti"). [`build`] links every stored name to one entity, from evidence the names and the store
//! give, and from no list of people:
//!
//! 1. *Same written form*: case, accents, hyphens, full stops and a leading article aside
//!    ("Kim Jong-un" = "Kim Jong Un", "Il Cairo" = "Cairo", "NATO" = "Nato").
//! 2. *Same words in another order*, for places and organisations ("Corea del Nord" = "Nord Corea").
//! 3. *One country*: the names a country has in the place tables of every language ("Usa",
//!    "Stati Uniti", "United States").
//! 4. *An acronym and its expansion* when exactly one entity's words give its initials
//!    ("ONU" = "Organizzazione delle Nazioni Unite").
//! 5. *People*: full names with the same surname, or a surname spelt one letter apart after
//!    transliteration is normalised ("Gheddafi", "Gaddafi", "Kadhafi"), are one person when their
//!    given names agree (equal, an initial, or a spelling variant; one may have more of them).
//!    Given names that differ keep people apart ("Hosni Mubarak", "Gamal Mubarak"). A bare surname
//!    joins the person it names when that person is the only one by that surname in the store, or
//!    is mentioned at least three times as often as every other ("Mubarak" is Hosni Mubarak while
//!    his son is named ten times less); otherwise it stays an entity of its own.
//!
//! Users correct it: [`Directive::Merge`] makes names one entity whatever the rules say, and
//! [`Directive::Apart`] fences names off from every other entity. The result depends only on the
//! names, their counts and the directives, not on the order names arrived in.

use crate::lexicon::{lexicon, phrase_key};
use std::collections::{BTreeMap, HashMap, HashSet};

/// How often a name is mentioned as one type across the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCount {
    pub name: String,
    /// `PER`, `ORG`, `LOC` or `MISC`.
    pub kind: String,
    pub mentions: u64,
    /// The stories it is mentioned in, numbered by the caller (evidence that two spellings name
    /// one entity).
    pub stories: Vec<u32>,
}

/// A user's correction, naming entities by any of their names (matched folded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Directive {
    /// These names are one entity.
    Merge(Vec<String>),
    /// These names are an entity apart from every other name (they may still join each other).
    Apart(Vec<String>),
}

/// Where one name belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    /// The entity's canonical name (one of its names).
    pub entity: String,
    /// The entity's type.
    pub kind: String,
    /// The entity's mentions across the store (all its names).
    pub weight: u64,
    /// A bare common noun standing for an institution ("Parlamento", "Consiglio"): kept, but no
    /// entity to browse by.
    pub generic: bool,
}

/// A bare surname joins the best-known person by that surname only when that person is mentioned
/// at least this many times as often as the next.
const DOMINANCE: u64 = 3;

/// Link every name to its entity. One assignment per distinct name, sorted by name.
pub fn build(counts: &[NameCount], directives: &[Directive]) -> Vec<Assignment> {
    // One node per distinct name, with its mentions by type.
    let names: std::collections::BTreeSet<&str> = counts.iter().map(|c| c.name.as_str()).collect();
    let index: BTreeMap<&str, usize> = names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
    let mut nodes: Vec<Node> = vec![Node::default(); index.len()];
    for (name, &i) in &index {
        nodes[i].name = (*name).to_string();
    }
    for c in counts {
        let node = &mut nodes[index[c.name.as_str()]];
        *node.by_kind.entry(c.kind.clone()).or_default() += c.mentions;
        node.mentions += c.mentions;
        node.stories.extend(c.stories.iter().copied());
    }
    for node in &mut nodes {
        node.stories.sort_unstable();
        node.stories.dedup();
        node.kind = majority(&node.by_kind);
        node.tokens = tokens(&node.name, &node.kind);
    }

    let mut uf = Links::new(nodes.len());
    // A later correction wins: a name split off leaves the merges made before.
    let directives: Vec<Directive> = directives
        .iter()
        .enumerate()
        .map(|(i, d)| match d {
            Directive::Merge(names) => {
                let split_later: HashSet<String> = directives[i + 1..]
                    .iter()
                    .filter_map(|d| if let Directive::Apart(n) = d { Some(n) } else { None })
                    .flatten()
                    .map(|n| tokens(n, "").join(" "))
                    .collect();
                Directive::Merge(
                    names.iter().filter(|n| !split_later.contains(&tokens(n, "").join(" "))).cloned().collect(),
                )
            }
            apart => apart.clone(),
        })
        .collect();
    let directives = &directives;
    // Directives: fences first (every natural link respects them), merges last (forced).
    let by_key = keys(&nodes);
    for (fence, d) in directives.iter().enumerate() {
        if let Directive::Apart(names) = d {
            for i in names.iter().flat_map(|n| named(&by_key, n)) {
                uf.fence[i] = fence + 1;
            }
        }
    }

    // 1. Same written form.
    for group in by_key.values() {
        for w in group.windows(2) {
            uf.link(w[0], w[1]);
        }
    }
    // 2. Same words in another order (places and organisations).
    let mut bags: HashMap<Vec<&str>, Vec<usize>> = HashMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if node.kind != "PER" {
            let mut bag: Vec<&str> = node.tokens.iter().map(String::as_str).filter(|t| !is_function_word(t)).collect();
            if bag.len() >= 2 {
                bag.sort_unstable();
                bags.entry(bag).or_default().push(i);
            }
        }
    }
    for group in bags.values() {
        for w in group.windows(2) {
            uf.link(w[0], w[1]);
        }
    }
    // 3. One country, named in any language.
    let lx = lexicon();
    let mut countries: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        if node.kind != "PER"
            && let Some(code) = lx.country_codes.get(&phrase_key(&node.name)).filter(|c| *c != "XX")
        {
            countries.entry(code.as_str()).or_default().push(i);
        }
    }
    for group in countries.values() {
        for w in group.windows(2) {
            uf.link(w[0], w[1]);
        }
    }
    // 4. Acronyms and their expansions.
    link_acronyms(&nodes, &mut uf);
    // 5. People.
    link_people(&nodes, &mut uf);
    // Forced merges.
    for d in directives {
        if let Directive::Merge(names) = d {
            let members: Vec<usize> = names.iter().flat_map(|n| named(&by_key, n)).collect();
            for w in members.windows(2) {
                uf.force(w[0], w[1]);
            }
        }
    }
    assign(&nodes, &mut uf)
}

#[derive(Debug, Clone, Default)]
struct Node {
    name: String,
    /// Folded words of the name, leading article left out.
    tokens: Vec<String>,
    by_kind: BTreeMap<String, u64>,
    kind: String,
    mentions: u64,
    /// Sorted, without repeats.
    stories: Vec<u32>,
}

impl Node {
    /// Whether two names are mentioned in one story.
    fn meets(&self, other: &Node) -> bool {
        let (small, large) = if self.stories.len() <= other.stories.len() {
            (&self.stories, &other.stories)
        } else {
            (&other.stories, &self.stories)
        };
        small.iter().any(|s| large.binary_search(s).is_ok())
    }
}

/// The most mentioned type (ties: `PER`, `ORG`, `LOC`, `MISC` in that order).
fn majority(by_kind: &BTreeMap<String, u64>) -> String {
    let rank = |k: &str| ["PER", "ORG", "LOC", "MISC"].iter().position(|x| *x == k).unwrap_or(4);
    by_kind
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(rank(b.0).cmp(&rank(a.0))))
        .map(|(k, _)| k.clone())
        .unwrap_or_else(|| "MISC".into())
}

/// Union-find over names, with fences (a correction's names are kept apart from the rest).
struct Links {
    parent: Vec<usize>,
    fence: Vec<usize>,
}

impl Links {
    fn new(n: usize) -> Links {
        Links { parent: (0..n).collect(), fence: vec![0; n] }
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    /// Join two names' entities unless a fence stands between them.
    fn link(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb && self.fence[ra] == self.fence[rb] {
            self.parent[rb.max(ra)] = rb.min(ra);
        }
    }

    /// Join whatever the fences say (a user's merge).
    fn force(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            self.parent[hi] = lo;
            self.fence[lo] = self.fence[lo].max(self.fence[hi]);
        }
    }
}

/// The folded words of a name: hyphens, apostrophes and full stops split words, and a place's
/// leading article is left out ("Il Cairo" -> ["cairo"]; "La Repubblica", a newspaper, keeps it).
fn tokens(name: &str, kind: &str) -> Vec<String> {
    let folded = rassegna_text::fold(name);
    let spaced: String = folded.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<String> = spaced.split_whitespace().map(str::to_string).collect();
    if kind == "LOC"
        && words.len() > 1
        && matches!(words[0].as_str(), "il" | "lo" | "la" | "l" | "the" | "le" | "les" | "gli" | "i")
    {
        words.remove(0);
    }
    words
}

/// The names a user's correction means by `name`: those written the same way.
fn named(by_key: &BTreeMap<String, Vec<usize>>, name: &str) -> Vec<usize> {
    let written = tokens(name, "");
    by_key
        .iter()
        .filter(|(k, _)| k.split(' ').eq(written.iter().map(String::as_str)))
        .flat_map(|(_, v)| v.clone())
        .collect()
}

fn keys(nodes: &[Node]) -> BTreeMap<String, Vec<usize>> {
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        by_key.entry(n.tokens.join(" ")).or_default().push(i);
    }
    by_key
}

/// Short words that join the words of a name ("del", "of", "d'"): no initial, not in a word bag.
fn is_function_word(t: &str) -> bool {
    matches!(
        t,
        "d" | "di"
            | "del"
            | "della"
            | "dello"
            | "dei"
            | "degli"
            | "delle"
            | "de"
            | "des"
            | "du"
            | "da"
            | "of"
            | "the"
            | "and"
            | "e"
            | "et"
            | "y"
            | "for"
            | "per"
            | "la"
            | "le"
            | "el"
            | "der"
            | "die"
            | "und"
            | "für"
            | "fur"
    )
}

/// Particles of personal names ("al-", "bin", "van"): part of the name, neither given name nor surname.
fn is_particle(t: &str) -> bool {
    matches!(
        t,
        "al" | "el"
            | "bin"
            | "ben"
            | "ibn"
            | "abu"
            | "de"
            | "di"
            | "da"
            | "del"
            | "della"
            | "van"
            | "von"
            | "der"
            | "den"
            | "le"
            | "la"
            | "du"
            | "dos"
            | "das"
            | "d"
    )
}

/// A word spelt as its sound is written across transliterations: "h" dropped (but first), "ph" as "f", "c",
/// "q", "g" and "k" as one letter, "y" and "j" as "i", "w" as "v", doubled letters once
/// ("Gheddafi", "Gaddafi", "Kadhafi", "Qaddafi" -> "kedafi" / "kadafi").
fn spelling(word: &str) -> String {
    let w = word.replace("ph", "f");
    let mut out = String::with_capacity(w.len());
    for (i, c) in w.chars().enumerate() {
        let c = match c {
            // An initial "h" is kept: it is the name's first sound ("Haftar", "Hiftar").
            'h' if i > 0 => continue,
            'c' | 'q' | 'g' => 'k',
            'y' | 'j' => 'i',
            'w' => 'v',
            c => c,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// How two written names agree: the same once transliteration is normalised ("Mohamed",
/// "Mohammed"; "Gaddafi", "Qaddafi"), or one edit apart (two for long names: "Gheddafi"), but not
/// two forms of a given name that differ only in their last letter ("Angelo", "Angela").
fn spelt(a: &str, b: &str) -> Agreement {
    spelt_as(&spelling(a), &spelling(b))
}

/// [`spelt`] on words already in their [`spelling`].
fn spelt_as(sa: &str, sb: &str) -> Agreement {
    if sa == sb {
        Agreement::Same
    } else if close(sa, sb) {
        Agreement::Spelling
    } else {
        Agreement::No
    }
}

fn same_spelling(a: &str, b: &str) -> bool {
    spelt(a, b) != Agreement::No
}

fn close(sa: &str, sb: &str) -> bool {
    let (la, lb) = (sa.chars().count(), sb.chars().count());
    let longest = la.max(lb);
    let allowed = if longest >= 8 { 2 } else { 1 };
    // Transliterations keep the first sound ("Gheddafi", "Kadhafi": "k"); so do typos, mostly.
    if longest < 5 || la.abs_diff(lb) > allowed || sa.chars().next() != sb.chars().next() {
        return false;
    }
    let last_letter_only = la == lb && sa.chars().rev().skip(1).eq(sb.chars().rev().skip(1));
    !last_letter_only && strsim::levenshtein(sa, sb) <= allowed
}

/// How two names of people agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Agreement {
    No,
    /// One is a spelling of the other: they are one person given more evidence.
    Spelling,
    /// The same words (one may have more given names, or initials for them).
    Same,
}

/// Given names that may name one person: the shorter list's names appear, in order, in the
/// longer one, each equal, an initial written as one ("V. Putin"), or the same name transliterated
/// ("Mohamed", "Mohammed"), or else a spelling of it (which needs evidence).
fn given_agree(a: &[Given], a_initials: bool, b: &[Given], b_initials: bool) -> Agreement {
    let ((short, short_init), (long, long_init)) =
        if a.len() <= b.len() { ((a, a_initials), (b, b_initials)) } else { ((b, b_initials), (a, a_initials)) };
    let mut agreement = Agreement::Same;
    let mut j = 0;
    for x in short {
        loop {
            let Some(y) = long.get(j) else { return Agreement::No };
            j += 1;
            let (x, y) = (&x.0, &y.0);
            let initial = (short_init && x.word.len() == 1 && y.word.starts_with(&x.word))
                || (long_init && y.word.len() == 1 && x.word.starts_with(&y.word));
            if x.word == y.word || initial {
                break;
            }
            // Given names agree written alike once transliteration is normalised ("Mohamed",
            // "Mohammed"). Two known given names one letter apart are two names ("Antonio",
            // "Antonino"); a spelling no list knows, one letter from another, is a variant of it
            // ("Fabrzio") that needs evidence.
            if x.spelt == y.spelt {
                break;
            }
            let known = |w: &str| lexicon().given_names.contains(w);
            if x.word.len() >= 4
                && y.word.len() >= 4
                && !(known(&x.word) && known(&y.word))
                && spelt_as(&x.spelt, &y.spelt) == Agreement::Spelling
            {
                agreement = Agreement::Spelling;
                break;
            }
        }
    }
    agreement
}

/// A word of a name, with its [`spelling`].
struct Spelt {
    word: String,
    spelt: String,
}

impl Spelt {
    fn new(word: String) -> Spelt {
        let spelt = spelling(&word);
        Spelt { word, spelt }
    }
}

/// A given name.
struct Given(Spelt);

/// A person's name as given names, particles before the surname, and surname.
struct PersonName<'a> {
    given: Vec<Given>,
    /// The surname's [`spelling`].
    surname_spelt: String,
    /// The surname with the particles right before it ("al sisi", "di pietro").
    full_surname: String,
    surname: &'a str,
    /// Initials written as such (a full stop in the name).
    initials: bool,
}

fn person_name<'a>(n: &'a Node) -> Option<PersonName<'a>> {
    let words: Vec<&str> = n.tokens.iter().map(String::as_str).collect();
    let last = words.iter().rposition(|t| !is_particle(t))?;
    let surname = words[last];
    let mut first = last;
    while first > 0 && is_particle(words[first - 1]) {
        first -= 1;
    }
    if surname.chars().count() < 2 || surname.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut given: Vec<String> = words[..first].iter().filter(|t| !is_particle(t)).map(|t| t.to_string()).collect();
    // "Mu'ammar" is one given name, not "Mu" and "ammar".
    if n.name.contains(['\'', '’']) && given.len() >= 2 && given[0].len() <= 2 {
        let rest = given.remove(1);
        given[0].push_str(&rest);
    }
    Some(PersonName {
        given: given.into_iter().map(|g| Given(Spelt::new(g))).collect(),
        surname_spelt: spelling(surname),
        full_surname: words[first..=last].join(" "),
        surname,
        initials: n.name.contains('.'),
    })
}

fn link_people(nodes: &[Node], uf: &mut Links) {
    let lx = lexicon();
    // Full names (given names and surname) and bare surnames.
    let mut full: Vec<(usize, PersonName)> = Vec::new();
    let mut bare: Vec<(usize, PersonName)> = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        // A proper name: every word but its particles capitalised ("ex presidente egiziano" is a
        // role, not a person's name).
        let proper = n
            .name
            .split(|c: char| c.is_whitespace() || c == '-')
            .filter(|w| !w.is_empty() && !is_particle(&rassegna_text::fold(w)))
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if n.kind != "PER" || !proper {
            continue;
        }
        let Some(p) = person_name(n) else { continue };
        if p.given.is_empty() {
            bare.push((i, p));
        } else {
            full.push((i, p));
        }
    }
    // Families: surnames that are spellings of each other, found through their one-letter
    // deletions (cheap on a store of many thousand names).
    let mut surnames: Vec<&str> = full.iter().map(|f| f.1.surname).collect();
    surnames.sort_unstable();
    surnames.dedup();
    let mut fam = Links::new(surnames.len());
    let mut by_deletion: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, s) in surnames.iter().enumerate() {
        let sp = spelling(s);
        if sp.chars().count() < 4 {
            continue;
        }
        let chars: Vec<char> = sp.chars().collect();
        let mut variants: HashSet<String> = HashSet::from([sp.clone()]);
        for k in 0..chars.len() {
            variants.insert(chars.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, c)| c).collect());
        }
        for v in variants {
            by_deletion.entry(v).or_default().push(i);
        }
    }
    for group in by_deletion.values() {
        for (x, &a) in group.iter().enumerate() {
            for &b in &group[x + 1..] {
                if same_spelling(surnames[a], surnames[b]) {
                    fam.link(a, b);
                }
            }
        }
    }
    let family = |s: &str, fam: &mut Links| fam.find(surnames.binary_search(&s).expect("a listed surname"));
    let mut by_family: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (k, f) in full.iter().enumerate() {
        by_family.entry(family(f.1.surname, &mut fam)).or_default().push(k);
    }
    // Within a family, people by given names: the most mentioned full name first; each joins the
    // first person all of whose names it agrees with. Where it agrees only as a spelling, the two
    // must also meet in a story, or the person be named three times as often (a rare spelling).
    struct Person {
        members: Vec<usize>,
        mentions: u64,
    }
    let mut people: Vec<Person> = Vec::new();
    for members in by_family.values_mut() {
        members.sort_by(|&a, &b| {
            let (x, y) = (&nodes[full[a].0], &nodes[full[b].0]);
            y.mentions.cmp(&x.mentions).then(x.name.cmp(&y.name))
        });
        let first = people.len();
        for &m in members.iter() {
            let (mi, mp) = (&full[m].0, &full[m].1);
            let home = people[first..].iter().position(|p| {
                let mut agreement = Agreement::Same;
                for &o in &p.members {
                    let (oi, op) = (&full[o].0, &full[o].1);
                    let with = if uf.fence[*oi] != uf.fence[*mi] {
                        Agreement::No
                    } else {
                        // Two particles that differ make two surnames ("Di Marco", "De Marco");
                        // one written without it is the same ("Bashar Assad", "Bashar al-Assad"),
                        // and so is the Arabic article in either transliteration ("el-Assad").
                        let particles = |p: &'_ PersonName<'_>| {
                            p.full_surname[..p.full_surname.len() - p.surname.len()]
                                .split_whitespace()
                                .map(|w| if w == "el" { "al" } else { w })
                                .collect::<Vec<_>>()
                                .join(" ")
                        };
                        let (po, pm) = (particles(op), particles(mp));
                        let surname = if !po.is_empty() && !pm.is_empty() && po != pm {
                            Agreement::No
                        } else if op.surname == mp.surname {
                            Agreement::Same
                        } else {
                            spelt_as(&op.surname_spelt, &mp.surname_spelt)
                        };
                        surname.min(given_agree(&op.given, op.initials, &mp.given, mp.initials))
                    };
                    agreement = agreement.min(with);
                    if agreement == Agreement::No {
                        break;
                    }
                }
                match agreement {
                    Agreement::Same => true,
                    Agreement::Spelling => {
                        p.mentions >= DOMINANCE * nodes[*mi].mentions
                            || p.members.iter().any(|&o| nodes[full[o].0].meets(&nodes[*mi]))
                    }
                    Agreement::No => false,
                }
            });
            match home {
                Some(k) => {
                    let p = &mut people[first + k];
                    uf.link(full[p.members[0]].0, *mi);
                    p.members.push(m);
                    p.mentions += nodes[*mi].mentions;
                }
                None => people.push(Person { members: vec![m], mentions: nodes[*mi].mentions }),
            }
        }
    }
    // A bare surname joins the person it names, when one person by that surname stands out. A
    // bare name that is a given name ("Paola") or an everyday word is left alone, and a surname
    // written with its particle ("Ben Ali") names only people written with it. (Everyday words
    // are no test: "Morsi" and "Gates" are surnames and words.)
    let mut by_surname: HashMap<&str, Vec<usize>> = HashMap::new();
    // In how many stored full names each word is a given name, and a surname: a bare word used
    // more as a given name is one ("Paolo").
    let (mut as_given, mut as_surname) = (HashMap::<&str, u64>::new(), HashMap::<&str, u64>::new());
    for (_, p) in &full {
        for g in &p.given {
            *as_given.entry(g.0.word.as_str()).or_default() += 1;
        }
        *as_surname.entry(p.surname).or_default() += 1;
    }
    for (k, p) in people.iter().enumerate() {
        let mut seen = HashSet::new();
        for &m in &p.members {
            let pn = &full[m].1;
            for key in [pn.surname, pn.full_surname.as_str()] {
                if seen.insert(key) {
                    by_surname.entry(key).or_default().push(k);
                }
            }
        }
    }
    for (i, b) in bare {
        let word = b.surname.to_string();
        let given_name = lx.given_names.contains(&word) && !lx.surnames.contains(&word);
        let used_as_given =
            as_given.get(b.surname).copied().unwrap_or(0) > as_surname.get(b.surname).copied().unwrap_or(0);
        if used_as_given {
            continue;
        }
        let Some(candidates) = by_surname.get(b.full_surname.as_str()) else { continue };
        // A given name alone is not the surname "Di Paola" ("Paola").
        let candidates: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&k| !given_name || people[k].members.iter().any(|&m| full[m].1.full_surname == full[m].1.surname))
            .collect();
        if candidates.is_empty() {
            continue;
        }
        let mut ranked: Vec<(u64, usize)> = candidates.iter().map(|&k| (people[k].mentions, k)).collect();
        ranked.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let stands_out = ranked.get(1).is_none_or(|second| ranked[0].0 >= DOMINANCE * second.0.max(1));
        if stands_out {
            uf.link(full[people[ranked[0].1].members[0]].0, i);
        }
    }
}

/// An acronym (one word of 3 to 6 capitals) joins the one entity whose proper name (every word
/// capitalised) has its initials, when the two are mentioned in one story ("Consiglio Nazionale
/// Transitorio ... il CNT").
fn link_acronyms(nodes: &[Node], uf: &mut Links) {
    let mut by_initials: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        if n.kind == "PER" {
            continue;
        }
        let capitalised = n
            .name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && !is_function_word(&rassegna_text::fold(w)))
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        let words: Vec<&String> = n.tokens.iter().filter(|t| !is_function_word(t)).collect();
        if capitalised && words.len() >= 2 && words.iter().all(|w| w.chars().next().is_some_and(char::is_alphabetic)) {
            let initials: String = words.iter().filter_map(|w| w.chars().next()).collect();
            by_initials.entry(initials).or_default().push(i);
        }
    }
    for (i, n) in nodes.iter().enumerate() {
        let is_acronym = n.tokens.len() == 1
            && (3..=6).contains(&n.tokens[0].chars().count())
            && n.kind != "PER"
            && n.name.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
        if !is_acronym {
            continue;
        }
        let Some(expansions) = by_initials.get(&n.tokens[0]) else { continue };
        let met: Vec<usize> = expansions.iter().copied().filter(|&e| nodes[e].meets(n)).collect();
        let mut roots: Vec<usize> = met.iter().map(|&e| uf.find(e)).collect();
        roots.sort_unstable();
        roots.dedup();
        if roots.len() == 1 {
            uf.link(met[0], i);
        }
    }
}

/// Each name's entity: canonical name, type, weight, and whether it is a bare common noun.
fn assign(nodes: &[Node], uf: &mut Links) -> Vec<Assignment> {
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..nodes.len() {
        groups.entry(uf.find(i)).or_default().push(i);
    }
    let lx = lexicon();
    let mut out = Vec::with_capacity(nodes.len());
    for members in groups.values() {
        let mut by_kind: BTreeMap<String, u64> = BTreeMap::new();
        for &m in members {
            for (k, n) in &nodes[m].by_kind {
                *by_kind.entry(k.clone()).or_default() += n;
            }
        }
        let mut kind = majority(&by_kind);
        // A city or country acting as its government ("il Cairo ha risposto") is still a place.
        if kind != "PER" && members.iter().any(|&m| lx.places.contains_key(&phrase_key(&nodes[m].name))) {
            kind = "LOC".into();
        }
        let weight: u64 = members.iter().map(|&m| nodes[m].mentions).sum();
        // The canonical name: for a person, the most mentioned full name; otherwise the most
        // mentioned name (ties: more words, then capitals first... then alphabetical).
        let full = |m: &usize| kind != "PER" || nodes[*m].tokens.len() >= 2;
        let canonical = members
            .iter()
            .filter(|m| full(m))
            .chain(members.iter().filter(|m| !full(m)))
            .copied()
            .max_by(|&a, &b| {
                let (x, y) = (&nodes[a], &nodes[b]);
                full(&a)
                    .cmp(&full(&b))
                    .then(x.mentions.cmp(&y.mentions))
                    .then(x.tokens.len().cmp(&y.tokens.len()))
                    .then(y.name.cmp(&x.name))
            })
            .expect("a group has members");
        let entity = nodes[canonical].name.clone();
        let generic = members.iter().all(|&m| generic_name(&nodes[m]));
        for &m in members {
            out.push(Assignment {
                name: nodes[m].name.clone(),
                entity: entity.clone(),
                kind: kind.clone(),
                weight,
                generic,
            });
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// A name that is one everyday word ("Parlamento", "Repubblica", "Consiglio", "regime").
fn generic_name(n: &Node) -> bool {
    n.kind != "PER"
        && n.tokens.len() == 1
        && (n.name.chars().next().is_some_and(char::is_lowercase) || lexicon().common_words.contains(&n.tokens[0]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names, each mentioned in a story of its own unless `shared` names them.
    fn counts(rows: &[(&str, &str, u64)]) -> Vec<NameCount> {
        rows.iter()
            .map(|(n, k, m)| NameCount {
                name: n.to_string(),
                kind: k.to_string(),
                mentions: *m,
                stories: vec![n.bytes().fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)))],
            })
            .collect()
    }

    fn shared(mut rows: Vec<NameCount>, names: &[&str]) -> Vec<NameCount> {
        for r in rows.iter_mut().filter(|r| names.contains(&r.name.as_str())) {
            r.stories.push(u32::MAX);
        }
        rows
    }

    fn entity_of<'a>(out: &'a [Assignment], name: &str) -> &'a str {
        &out.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} assigned")).entity
    }

    #[test]
    fn one_person_under_every_spelling_and_with_or_without_given_names() {
        let out = build(
            &counts(&[
                ("Vladimir Putin", "PER", 40),
                ("Putin", "PER", 90),
                ("V. Putin", "PER", 2),
                ("Muammar Gheddafi", "PER", 60),
                ("Muamar Gheddafi", "PER", 3),
                ("Muammar Kadhafi", "PER", 4),
                ("Gheddafi", "PER", 130),
                ("Saif al-Islam Gheddafi", "PER", 12),
                ("Kim Jong-un", "PER", 10),
                ("Kim Jong Un", "PER", 8),
            ]),
            &[],
        );
        for n in ["Putin", "V. Putin"] {
            assert_eq!(entity_of(&out, n), "Vladimir Putin");
        }
        for n in ["Muamar Gheddafi", "Muammar Kadhafi", "Gheddafi"] {
            assert_eq!(entity_of(&out, n), "Muammar Gheddafi");
        }
        assert_eq!(entity_of(&out, "Saif al-Islam Gheddafi"), "Saif al-Islam Gheddafi");
        assert_eq!(entity_of(&out, "Kim Jong Un"), "Kim Jong-un");
    }

    #[test]
    fn people_who_share_a_surname_stay_apart() {
        let out = build(
            &counts(&[
                ("Hosni Mubarak", "PER", 50),
                ("Gamal Mubarak", "PER", 5),
                ("Suzanne Mubarak", "PER", 2),
                ("Mubarak", "PER", 80),
                ("George W. Bush", "PER", 10),
                ("Jeb Bush", "PER", 6),
                ("Bush", "PER", 9),
            ]),
            &[],
        );
        assert_eq!(entity_of(&out, "Gamal Mubarak"), "Gamal Mubarak");
        assert_eq!(entity_of(&out, "Suzanne Mubarak"), "Suzanne Mubarak");
        assert_eq!(entity_of(&out, "Mubarak"), "Hosni Mubarak");
        // Neither Bush stands out: the bare surname names no one in particular.
        assert_eq!(entity_of(&out, "Bush"), "Bush");
        assert_eq!(entity_of(&out, "Jeb Bush"), "Jeb Bush");
    }

    #[test]
    fn a_spelling_variant_needs_evidence() {
        let rows = counts(&[
            ("Giuseppe Volpe", "PER", 2),
            ("Giuseppe Volpi", "PER", 1),
            ("Angelo Ferri", "PER", 4),
            ("Angela Ferri", "PER", 4),
            ("Carla Mallia", "PER", 2),
            ("Carla Milia", "PER", 1),
            ("Antonio Vaccaro", "PER", 2),
            ("Antonino Vaccaro", "PER", 1),
            ("presidente egiziano", "PER", 5),
            ("ex presidente egiziano", "PER", 1),
        ]);
        let out = build(&rows, &[]);
        assert_eq!(entity_of(&out, "Giuseppe Volpi"), "Giuseppe Volpi");
        assert_eq!(entity_of(&out, "Carla Milia"), "Carla Milia");
        // Met in one story (two outlets spelling one name two ways), they are one person.
        let together =
            ["Carla Mallia", "Carla Milia", "Angelo Ferri", "Angela Ferri", "Antonio Vaccaro", "Antonino Vaccaro"];
        let together = [&together[..], &["presidente egiziano", "ex presidente egiziano"]].concat();
        let out = build(&shared(rows, &together), &[]);
        assert_eq!(entity_of(&out, "Carla Milia"), "Carla Mallia");
        // Given names that differ in their last letter only are two people, even in one story;
        // so are given names two letters apart, and roles are no names.
        assert_eq!(entity_of(&out, "Angela Ferri"), "Angela Ferri");
        assert_eq!(entity_of(&out, "Antonino Vaccaro"), "Antonino Vaccaro");
        assert_eq!(entity_of(&out, "ex presidente egiziano"), "ex presidente egiziano");
    }

    #[test]
    fn a_bare_given_name_or_a_surname_with_its_particle_names_no_one_else() {
        let out = build(
            &counts(&[
                ("Fabrizio Di Paola", "PER", 3),
                ("Paola", "PER", 2),
                ("Moussa Ali", "PER", 2),
                ("Ben Ali", "PER", 9),
                ("Abdel Fattah al-Sisi", "PER", 6),
                ("Al Sisi", "PER", 3),
            ]),
            &[],
        );
        assert_eq!(entity_of(&out, "Paola"), "Paola");
        assert_eq!(entity_of(&out, "Ben Ali"), "Ben Ali");
        assert_eq!(entity_of(&out, "Al Sisi"), "Abdel Fattah al-Sisi");
    }

    #[test]
    fn the_arabic_article_in_either_spelling_is_one_particle() {
        let out =
            build(&counts(&[("Bashar al-Assad", "PER", 5), ("Bashar el-Assad", "PER", 3), ("Assad", "PER", 7)]), &[]);
        assert_eq!(entity_of(&out, "Bashar el-Assad"), "Bashar al-Assad");
        assert_eq!(entity_of(&out, "Assad"), "Bashar al-Assad");
    }

    #[test]
    fn surnames_with_other_particles_are_other_surnames() {
        let out = build(&counts(&[("Giuseppe Di Marco", "PER", 3), ("Giuseppe Domenico De Marco", "PER", 1)]), &[]);
        assert_eq!(entity_of(&out, "Giuseppe Domenico De Marco"), "Giuseppe Domenico De Marco");
    }

    #[test]
    fn a_town_is_not_the_person_who_bears_its_name() {
        let out = build(&counts(&[("Ancona", "LOC", 30), ("Francesco Ancona", "PER", 3)]), &[]);
        assert_eq!(entity_of(&out, "Ancona"), "Ancona");
    }

    #[test]
    fn countries_acronyms_and_word_order() {
        let rows = counts(&[
            ("Stati Uniti", "LOC", 200),
            ("Usa", "LOC", 180),
            ("USA", "ORG", 100),
            ("United States", "LOC", 5),
            ("Nato", "ORG", 147),
            ("NATO", "ORG", 86),
            ("Corea del Nord", "LOC", 20),
            ("Nord Corea", "LOC", 4),
            ("Organizzazione delle Nazioni Unite", "ORG", 3),
            ("ONU", "ORG", 9),
            ("CSP", "ORG", 2),
            ("chiesa di San Paolo", "ORG", 2),
            ("Cairo", "ORG", 71),
            ("Il Cairo", "LOC", 10),
        ]);
        let out =
            build(&shared(rows, &["ONU", "Organizzazione delle Nazioni Unite", "CSP", "chiesa di San Paolo"]), &[]);
        for n in ["Usa", "USA", "United States"] {
            assert_eq!(entity_of(&out, n), "Stati Uniti");
        }
        assert_eq!(entity_of(&out, "NATO"), "Nato");
        assert_eq!(entity_of(&out, "Nord Corea"), "Corea del Nord");
        // The most used name is the entity's name.
        assert_eq!(entity_of(&out, "Organizzazione delle Nazioni Unite"), "ONU");
        // Initials of words that are not a proper name are no acronym of it.
        assert_eq!(entity_of(&out, "CSP"), "CSP");
        let cairo = out.iter().find(|a| a.name == "Il Cairo").unwrap();
        assert_eq!((cairo.entity.as_str(), cairo.kind.as_str()), ("Cairo", "LOC"));
    }

    #[test]
    fn bare_institution_nouns_are_generic() {
        let out = build(&counts(&[("Parlamento", "ORG", 40), ("Parlamento europeo", "ORG", 9)]), &[]);
        assert!(out.iter().find(|a| a.name == "Parlamento").unwrap().generic);
        assert!(!out.iter().find(|a| a.name == "Parlamento europeo").unwrap().generic);
    }

    #[test]
    fn corrections_split_and_merge() {
        let rows = counts(&[("Hosni Mubarak", "PER", 50), ("Mubarak", "PER", 80), ("Kadhafi", "PER", 3)]);
        let out = build(&rows, &[Directive::Apart(vec!["mubarak".into()])]);
        assert_eq!(entity_of(&out, "Mubarak"), "Mubarak");
        let out = build(&rows, &[Directive::Merge(vec!["Hosni Mubarak".into(), "KADHAFI".into()])]);
        assert_eq!(entity_of(&out, "Kadhafi"), "Hosni Mubarak");
        // A merge after a split wins for the names it names.
        let out = build(
            &rows,
            &[
                Directive::Apart(vec!["Mubarak".into()]),
                Directive::Merge(vec!["Mubarak".into(), "Hosni Mubarak".into()]),
            ],
        );
        assert_eq!(entity_of(&out, "Mubarak"), "Hosni Mubarak");
        // A split after a merge wins for the names it names.
        let out = build(
            &rows,
            &[
                Directive::Merge(vec!["Hosni Mubarak".into(), "Kadhafi".into()]),
                Directive::Apart(vec!["kadhafi".into()]),
            ],
        );
        assert_eq!(entity_of(&out, "Kadhafi"), "Kadhafi");
    }

    #[test]
    fn the_result_does_not_depend_on_the_order_of_names() {
        let mut rows = counts(&[
            ("Putin", "PER", 9),
            ("Vladimir Putin", "PER", 4),
            ("Usa", "LOC", 3),
            ("Stati Uniti", "LOC", 3),
            ("Mubarak", "PER", 5),
        ]);
        let a = build(&rows, &[]);
        rows.reverse();
        assert_eq!(build(&rows, &[]), a);
    }
}
