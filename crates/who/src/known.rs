//! Names the stream has already told: a report that names a person in full ("Silvio Berlusconi")
//! teaches that the surname is a person's, so a later report giving it bare and with no cue
//! ("Berlusconi ha infine ventilato…") is read as the person. Within one text the same evidence is
//! read by the recogniser itself; this carries it from report to report, in the order they arrive.

use std::collections::HashMap;

use rassegna_model::{Entity, EntityType};

use crate::lexicon::lexicon;
use crate::tokenize::tokenize;

/// Surnames of persons named in full in earlier reports, with how many reports named them.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KnownNames {
    surnames: HashMap<String, u32>,
}

impl KnownNames {
    /// Learn from one report's entities: the last word of every person's name written with a
    /// listed given name first ("Silvio Berlusconi" teaches "berlusconi"), once per report.
    pub fn learn(&mut self, entities: &[Entity]) {
        let persons = entities.iter().filter(|e| e.kind == EntityType::Person && e.role.as_deref() != Some(&e.name));
        self.learn_persons(persons.flat_map(|e| e.mentions.iter().map(|m| m.text.as_str())));
    }

    /// Learn from the names one report gives persons (see [`KnownNames::learn`]).
    pub fn learn_persons<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        let lx = lexicon();
        let mut seen: Vec<String> = Vec::new();
        for name in names {
            let words: Vec<String> = tokenize(name).into_iter().filter(|t| t.is_word()).map(|t| t.folded).collect();
            if words.len() < 2 || !lx.given_names.contains(&words[0]) {
                continue;
            }
            let last = words.last().expect("two words or more");
            // Only a word that names nothing else: no given name, dictionary word, demonym, title
            // or role ("Bernie Sanders Democratic" in a headline teaches nothing).
            let named_only = !lx.given_names.contains(last)
                && !lx.common_words.contains(last)
                && !lx.demonyms.contains_key(last)
                && !["it", "en", "fr", "es", "de"].iter().any(|l| {
                    let t = lx.table(l);
                    t.titles.contains(last) || t.roles.contains_key(last) || t.role_modifiers.contains(last)
                });
            if last.chars().count() > 2 && named_only && !seen.contains(last) {
                seen.push(last.clone());
            }
        }
        for s in seen {
            *self.surnames.entry(s).or_default() += 1;
        }
    }

    /// Whether earlier reports named a person with this surname (a folded word).
    pub fn is_surname(&self, word: &str) -> bool {
        self.surnames.contains_key(word)
    }

    /// Whether reading `text` with these names could change its `entities`: it holds a
    /// capitalised word known as a surname that no person's mention covers.
    pub fn may_change(&self, text: &str, entities: &[Entity]) -> bool {
        if self.surnames.is_empty() {
            return false;
        }
        let persons: Vec<(usize, usize)> = entities
            .iter()
            .filter(|e| e.kind == EntityType::Person)
            .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
            .collect();
        tokenize(text).iter().any(|t| {
            t.is_word()
                && t.is_cap()
                && self.is_surname(&t.folded)
                && !persons.iter().any(|&(s, e)| s <= t.start && t.end <= e)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persons(text: &str, known: &KnownNames) -> Vec<String> {
        let (entities, _) = crate::annotate_known(text, Some("it"), known);
        entities.into_iter().filter(|e| e.kind == EntityType::Person).map(|e| e.name).collect()
    }

    #[test]
    fn a_surname_named_in_full_earlier_is_a_person_when_given_bare() {
        let later = "Il vertice è finito tardi e Brancazzi ha infine ventilato la possibilità di un rimpasto.";
        let mut known = KnownNames::default();
        assert!(persons(later, &known).is_empty());
        let (earlier, _) = crate::annotate("Il ministro Ottavio Brancazzi ha parlato a Bari.", Some("it"));
        known.learn(&earlier);
        assert!(known.is_surname("brancazzi"));
        assert!(known.may_change(later, &[]));
        assert_eq!(persons(later, &known), ["Brancazzi"]);
        // A headline word glued to a name teaches nothing: "Democratic" is an everyday word.
        let mut known = KnownNames::default();
        known.learn_persons(["Bernie Democratic"]);
        assert!(!known.is_surname("democratic"));
    }
}
