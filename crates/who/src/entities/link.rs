//! Linking: mentions grouped into entities.

use std::collections::HashMap;

use rassegna_model::{Entity, EntityType, Mention};

use super::{Found, Role, RoleKey};
use crate::aliases;

/// Group mentions into entities: persons by alias clusters, roles by key, others by name.
pub(super) fn link(found: &mut [Found], text: &str) -> Vec<Entity> {
    let mut entities: Vec<Entity> = Vec::new();
    // Persons named.
    let per: Vec<usize> =
        (0..found.len()).filter(|&k| found[k].is_name && found[k].kind == EntityType::Person).collect();
    let names: Vec<&str> = per.iter().map(|&k| &text[found[k].start..found[k].end]).collect();
    let clusters = aliases::cluster_names(&names);
    let mut cluster_entity: HashMap<usize, usize> = HashMap::new();
    for (i, &k) in per.iter().enumerate() {
        let cl = clusters[i];
        let e = *cluster_entity.entry(cl).or_insert_with(|| {
            entities.push(Entity { name: String::new(), kind: EntityType::Person, role: None, mentions: Vec::new() });
            entities.len() - 1
        });
        found[k].entity = e;
    }
    // Role keys of persons, from their appositions.
    let mut role_person: HashMap<RoleKey, usize> = HashMap::new();
    for f in found.iter().filter(|f| f.is_name && f.kind == EntityType::Person) {
        if let Some(Role { key: Some(key), .. }) = &f.role {
            role_person.entry(key.clone()).or_insert(f.entity);
        }
    }
    let mut role_entity: HashMap<RoleKey, usize> = HashMap::new();
    let mut other: HashMap<(String, EntityType), usize> = HashMap::new();
    for f in found.iter_mut() {
        if f.entity != usize::MAX {
            continue;
        }
        if !f.is_name {
            let key = f.role.as_ref().and_then(|r| r.key.clone()).expect("role mentions have a key");
            let e = match role_person.get(&key) {
                Some(&e) => e,
                None => *role_entity.entry(key).or_insert_with(|| {
                    let name = text[f.start..f.end].to_string();
                    entities.push(Entity {
                        name: name.clone(),
                        kind: EntityType::Person,
                        role: Some(name),
                        mentions: Vec::new(),
                    });
                    entities.len() - 1
                }),
            };
            f.entity = e;
            continue;
        }
        let key = aliases::name_key(&text[f.start..f.end]);
        f.entity = *other.entry((key, f.kind)).or_insert_with(|| {
            entities.push(Entity { name: String::new(), kind: f.kind, role: None, mentions: Vec::new() });
            entities.len() - 1
        });
    }
    for f in found.iter() {
        let e = &mut entities[f.entity];
        e.mentions.push(Mention { text: text[f.start..f.end].to_string(), start: f.start, end: f.end });
        if e.role.is_none() && f.is_name {
            e.role = f.role.as_ref().map(|r| r.text.clone());
        }
    }
    for e in &mut entities {
        if e.name.is_empty() {
            let names: Vec<&str> = e
                .mentions
                .iter()
                .filter(|m| m.text.chars().next().is_some_and(char::is_uppercase))
                .map(|m| m.text.as_str())
                .collect();
            e.name = aliases::canonical(&names).unwrap_or_else(|| e.mentions[0].text.clone());
        }
    }
    entities
}
