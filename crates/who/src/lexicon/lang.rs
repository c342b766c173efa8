//! Per-language tables (speech verbs, cue phrases, titles, roles, name cues), parsed from
//! `data/lang/<code>.txt`; `@months` and `@weekdays` in a list stand for the names in `rassegna_lang`.
//! Adding a language is adding a file and one line in `LANG_FILES`.

use std::collections::{HashMap, HashSet};

use crate::tokenize::{fold_fast, tokenize};

/// The data files, keyed by ISO 639-1 code.
pub(crate) const LANG_FILES: &[(&str, &str)] = &[
    ("it", include_str!("../../data/lang/it.txt")),
    ("en", include_str!("../../data/lang/en.txt")),
    ("fr", include_str!("../../data/lang/fr.txt")),
    ("de", include_str!("../../data/lang/de.txt")),
    ("es", include_str!("../../data/lang/es.txt")),
];

/// The language used when a text's language has no table.
pub(crate) const DEFAULT_LANG: &str = "en";

/// One language's tables. Every word is folded (lowercase, no accents); multi-word entries are
/// folded token sequences joined by one space.
#[derive(Debug, Default)]
pub struct LangTable {
    pub code: String,
    pub speech_verbs: HashSet<String>,
    pub speech_nouns: HashSet<String>,
    /// Multi-word or single-word cues that precede the source ("secondo", "according to").
    pub cue_phrases: Vec<Vec<String>>,
    pub aux: HashSet<String>,
    pub agent_preps: HashSet<String>,
    pub preps: HashSet<String>,
    pub loc_preps: HashSet<String>,
    pub pronouns: HashSet<String>,
    /// Pronouns that stand for a man / a woman ("he", "she"; "lui", "lei").
    pub male_pronouns: HashSet<String>,
    /// Relative pronouns: they open a clause inside a noun phrase ("who", "che").
    pub relatives: HashSet<String>,
    /// Determiners other than articles: they open a noun phrase ("another source", "alcuni testimoni").
    pub determiners: HashSet<String>,
    pub female_pronouns: HashSet<String>,
    /// Titles that tell a person's gender ("Mr.", "Mrs.", "signora").
    pub male_titles: HashSet<String>,
    pub female_titles: HashSet<String>,
    /// Pronouns that stand for a body or a document that spoke ("it" in "“…,” it said"): the
    /// one quoted just before.
    pub body_pronouns: HashSet<String>,
    pub articles: HashSet<String>,
    pub titles: HashSet<String>,
    /// Role phrase -> role class (`head`, `pm`, `minister`, ...).
    pub roles: HashMap<String, String>,
    pub role_max_len: usize,
    pub role_modifiers: HashSet<String>,
    /// Role nouns that name one country's leader by themselves ("zar").
    pub role_implied: HashMap<String, String>,
    pub connectors: HashSet<String>,
    /// Particles that open a surname when capitalised ("Di Pietro", "De Benedictis", "Van Rompuy").
    pub surname_particles: HashSet<String>,
    /// "per", "for": a body's purpose, part of its name ("Associazione per il Software Libero").
    pub purpose_preps: HashSet<String>,
    /// Nouns named after a person written right after them: "governo Letta", "riforma Gelmini".
    pub eponym_heads: HashSet<String>,
    /// "e", "and": words that join the members of a list.
    pub conjunctions: HashSet<String>,
    /// "since", "dopo che": words that open a clause set before the main one, up to its comma
    /// ("Since announcing Weld as his running mate, Johnson has risen").
    pub subordinators: HashSet<String>,
    /// Honorifics that are part of how a person is named, kept in the name when capitalised: "Don
    /// Zeno Saltini", "Suor Angela" (a priest or a nun is called so, unlike "il presidente").
    pub name_honorifics: HashSet<String>,
    /// Words that, capitalised inside a run of capitalised words, end one name: a headline in
    /// title case ("Senator Lane Slams Mayor Ortiz Over Budget").
    pub headline_breaks: HashSet<String>,
    pub org_heads: HashSet<String>,
    pub org_suffixes: HashSet<String>,
    pub loc_heads: HashSet<String>,
    /// Last words of place names in languages that put the head last ("Hyde Park").
    pub loc_suffixes: HashSet<String>,
    /// Lowercase nouns that belong to the place name they precede ("via Roma", "provincia di Bari").
    pub loc_name_heads: HashSet<String>,
    /// Lowercase titles that belong to the person's name ("don Mario").
    pub name_titles: HashSet<String>,
    /// Words that make a saint's name a place ("San Siro", "Sant'Elena").
    pub saint_words: HashSet<String>,
    /// Lowercase words that belong to a place name around them ("Italia meridionale", "nord Italia").
    pub loc_post_modifiers: HashSet<String>,
    pub loc_pre_modifiers: HashSet<String>,
    /// Verbs after "la Francia" that make the country an actor, i.e. its government ("la Russia ha
    /// riconosciuto", "la Cina minaccia").
    pub actor_verbs: HashSet<String>,
    /// Clitics and negation that may stand between a subject and its verb ("il Belgio si è unito").
    pub clitics: HashSet<String>,
    /// Lowercase nouns naming a kind of organisation, right before its name ("il quotidiano X").
    pub org_nouns: HashSet<String>,
    /// Lowercase nouns whose "di"/"of" complement is an organisation ("l'amministratore delegato di
    /// X", "i dipendenti di X", "shares of X").
    pub org_complements: HashSet<String>,
    /// Lowercase nouns for a kind of place before "di" + its name ("la cittadina di Dolores").
    pub place_nouns: HashSet<String>,
    /// Lowercase nouns for a kind of person right before a name ("il cantante X", "la moglie Y").
    pub person_nouns: HashSet<String>,
    /// Words that open a sentence as common words although a list knows them as names ("Nato a").
    pub opening_words: HashSet<String>,
    /// Endings of nouns of action: "l'adesione della Macedonia" (the state acts).
    pub action_endings: Vec<String>,
    /// Masculine articles and articulated prepositions: before a town's name they make it its
    /// football club ("il Napoli", "del Livorno"), as towns take no article in Italian.
    pub club_articles: HashSet<String>,
    /// Offices named with the place they sit in, which is a place of its own ("Procura di Bari").
    pub seat_heads: HashSet<String>,
    /// Words before a seat of power that make it the building ("al Quirinale", "at the White House").
    pub seat_place_preps: HashSet<String>,
    /// Facts of the language's grammar the rules read: `names_qualify_nouns` (English: "a State
    /// Department official", "one Trump confidant"; Italian puts such names after the noun, so a
    /// lower-case word after a name is a verb or an adjective: "il NYT riportava").
    pub grammar: HashSet<String>,
    pub common_caps: HashSet<String>,
    /// Words of event, work and product names ("Coppa", "Festival").
    pub misc_words: HashSet<String>,
    /// Institutions named by a common noun -> whether a modifier is needed ("consiglio comunale").
    pub institutions: HashMap<String, bool>,
    pub institution_modifiers: HashSet<String>,
    /// Words before an institution noun that make it something else ("pubblico ministero" is a
    /// prosecutor, "un governo" any government).
    pub institution_blockers: HashSet<String>,
    pub institution_max_len: usize,
    /// Adverbs that do not change a statement ("veramente", "really").
    pub intensifiers: HashSet<String>,
    /// Folded ending -> endings that replace it, to inflect demonyms.
    pub demonym_endings: Vec<(String, Vec<String>)>,
    /// Endings of past participles: such a speech verb with no auxiliary cues speech only with an
    /// agent ("definito dal leader").
    pub participle_endings: Vec<String>,
    /// Endings of common words (adverbs, verb forms) that are not names at a sentence start.
    pub common_suffixes: Vec<String>,
    /// Endings of adjectives that continue an organisation's name ("Guardia nazionale").
    pub adj_endings: Vec<String>,
    /// Endings of adverbs, which stand outside a noun phrase ("quickly": "Her campaign quickly blasted").
    pub adverb_endings: Vec<String>,
    /// Endings of abstract nouns ("Solidarietà", "Federazione"): such a word is no part of a name of a person.
    pub abstract_endings: Vec<String>,
}

/// Fold a phrase written with `_` for spaces into the key form used by lookups.
pub(crate) fn phrase_key(entry: &str) -> String {
    let spaced = entry.replace('_', " ");
    let mut out: Vec<String> = Vec::new();
    for t in tokenize(&spaced) {
        // An elided word written alone ("dell'") is one token in running text.
        if matches!(t.text, "'" | "’")
            && !t.space_before
            && let Some(last) = out.last_mut()
        {
            last.push('\'');
            continue;
        }
        out.push(fold_fast(t.text));
    }
    out.join(" ")
}

impl LangTable {
    /// Whether a name qualifies the noun after it in this language ("a State Department official"):
    /// the `[grammar]` fact `names_qualify_nouns` (keys are folded with spaces for underscores).
    pub fn names_qualify_nouns(&self) -> bool {
        self.grammar.contains("names qualify nouns")
    }

    pub(crate) fn parse(code: &str, src: &str) -> LangTable {
        let mut t = LangTable { code: code.to_string(), ..Default::default() };
        let mut section = String::new();
        for line in src.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
                continue;
            }
            match section.as_str() {
                "roles" | "role_implied" => {
                    let mut parts = line.split_whitespace();
                    let (Some(phrase), Some(value)) = (parts.next(), parts.next()) else {
                        continue;
                    };
                    let key = phrase_key(phrase);
                    if section == "roles" {
                        t.role_max_len = t.role_max_len.max(key.split(' ').count());
                        t.roles.insert(key, value.to_string());
                    } else {
                        t.role_implied.insert(key, value.to_string());
                    }
                }
                "demonym_endings" => {
                    if let Some((from, to)) = line.split_once('>') {
                        let to = to.split_whitespace().map(fold_fast).collect();
                        t.demonym_endings.push((fold_fast(from.trim()), to));
                    }
                }
                "institutions" => {
                    for w in line.split_whitespace() {
                        let needs = w.ends_with('+');
                        let key = phrase_key(w.trim_end_matches('+'));
                        t.institution_max_len = t.institution_max_len.max(key.split(' ').count());
                        t.institutions.insert(key, needs);
                    }
                }
                "participle_endings" | "common_suffixes" | "adj_endings" | "abstract_endings" | "action_endings"
                | "adverb_endings" => {
                    let v = match section.as_str() {
                        "participle_endings" => &mut t.participle_endings,
                        "action_endings" => &mut t.action_endings,
                        "adj_endings" => &mut t.adj_endings,
                        "adverb_endings" => &mut t.adverb_endings,
                        "abstract_endings" => &mut t.abstract_endings,
                        _ => &mut t.common_suffixes,
                    };
                    v.extend(line.split_whitespace().map(fold_fast));
                }
                "cue_phrases" => {
                    for w in line.split_whitespace() {
                        t.cue_phrases.push(phrase_key(w).split(' ').map(str::to_string).collect());
                    }
                }
                _ => {
                    let set = match section.as_str() {
                        "speech_verbs" => &mut t.speech_verbs,
                        "speech_nouns" => &mut t.speech_nouns,
                        "aux" => &mut t.aux,
                        "agent_preps" => &mut t.agent_preps,
                        "preps" => &mut t.preps,
                        "loc_preps" => &mut t.loc_preps,
                        "pronouns" => &mut t.pronouns,
                        "male_pronouns" => &mut t.male_pronouns,
                        "determiners" => &mut t.determiners,
                        "relatives" => &mut t.relatives,
                        "female_pronouns" => &mut t.female_pronouns,
                        "male_titles" => &mut t.male_titles,
                        "female_titles" => &mut t.female_titles,
                        "body_pronouns" => &mut t.body_pronouns,
                        "articles" => &mut t.articles,
                        "titles" => &mut t.titles,
                        "role_modifiers" => &mut t.role_modifiers,
                        "connectors" => &mut t.connectors,
                        "surname_particles" => &mut t.surname_particles,
                        "purpose_preps" => &mut t.purpose_preps,
                        "eponym_heads" => &mut t.eponym_heads,
                        "conjunctions" => &mut t.conjunctions,
                        "subordinators" => &mut t.subordinators,
                        "name_honorifics" => &mut t.name_honorifics,
                        "headline_breaks" => &mut t.headline_breaks,
                        "org_heads" => &mut t.org_heads,
                        "org_suffixes" => &mut t.org_suffixes,
                        "loc_heads" => &mut t.loc_heads,
                        "loc_suffixes" => &mut t.loc_suffixes,
                        "loc_name_heads" => &mut t.loc_name_heads,
                        "name_titles" => &mut t.name_titles,
                        "saint_words" => &mut t.saint_words,
                        "seat_heads" => &mut t.seat_heads,
                        "seat_place_preps" => &mut t.seat_place_preps,
                        "grammar" => &mut t.grammar,
                        "actor_verbs" => &mut t.actor_verbs,
                        "clitics" => &mut t.clitics,
                        "org_nouns" => &mut t.org_nouns,
                        "org_complements" => &mut t.org_complements,
                        "place_nouns" => &mut t.place_nouns,
                        "person_nouns" => &mut t.person_nouns,
                        "opening_words" => &mut t.opening_words,
                        "club_articles" => &mut t.club_articles,
                        "loc_post_modifiers" => &mut t.loc_post_modifiers,
                        "loc_pre_modifiers" => &mut t.loc_pre_modifiers,
                        "common_caps" => &mut t.common_caps,
                        "intensifiers" => &mut t.intensifiers,
                        "misc_words" => &mut t.misc_words,
                        "institution_modifiers" => &mut t.institution_modifiers,
                        "institution_blockers" => &mut t.institution_blockers,
                        _ => continue,
                    };
                    for w in line.split_whitespace() {
                        match w {
                            "@months" => set.extend(rassegna_lang::tables(code).months.map(phrase_key)),
                            "@weekdays" => set.extend(rassegna_lang::tables(code).weekdays.map(phrase_key)),
                            _ => {
                                set.insert(phrase_key(w));
                            }
                        }
                    }
                }
            }
        }
        // Longest cue phrases first so "according to" wins over a shorter prefix.
        t.cue_phrases.sort_by_key(|p| std::cmp::Reverse(p.len()));
        t
    }

    /// Inflected forms of a demonym base, the base included.
    pub(crate) fn inflect(&self, base: &str) -> Vec<String> {
        let mut out = vec![base.to_string()];
        // Longest matching ending wins ("ese" before "e").
        let best = self
            .demonym_endings
            .iter()
            .filter(|(from, _)| base.ends_with(from.as_str()))
            .max_by_key(|(from, _)| from.len());
        if let Some((from, tos)) = best {
            let stem = &base[..base.len() - from.len()];
            for to in tos {
                out.push(format!("{stem}{to}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn italian_table_parses_roles_cues_and_inflections() {
        let t = LangTable::parse("it", LANG_FILES[0].1);
        assert_eq!(t.roles.get("primo ministro").map(String::as_str), Some("pm"));
        assert!(t.speech_verbs.contains("dichiarato"));
        assert!(t.cue_phrases.iter().any(|p| p == &["stando", "a"]));
        assert!(t.preps.contains("dell'"));
        assert_eq!(t.inflect("russo"), ["russo", "russa", "russi", "russe"]);
        assert_eq!(t.inflect("cinese"), ["cinese", "cinesi"]);
        assert!(t.common_caps.contains("lunedi") && t.common_caps.contains("dicembre"));
    }
}
