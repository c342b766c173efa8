//! Story-level entity resolution: merge name variants and role descriptions across a story's
//! articles, rename article entities and quote speakers to canonical names.

use std::collections::{HashMap, HashSet};

use rassegna_model::{Article, Entity, EntityType, Mention, StoryEntity};

use crate::aliases::{canonical, cluster_names, name_key};
use crate::entities::{RoleKey, role_key};

/// Whether an entity stands only for a role description ("leader nordcoreano").
fn is_role_only(e: &Entity) -> bool {
    e.role.as_deref() == Some(e.name.as_str())
}

fn is_name_mention(e: &Entity, m: &Mention) -> bool {
    m.text.chars().next().is_some_and(char::is_uppercase) && e.role.as_deref() != Some(m.text.as_str())
}

/// See [`crate::resolve_story`].
pub fn resolve_story(articles: &mut [Article]) -> Vec<StoryEntity> {
    // Every (article, entity) pair, in order.
    let refs: Vec<(usize, usize)> =
        articles.iter().enumerate().flat_map(|(a, art)| (0..art.entities.len()).map(move |e| (a, e))).collect();
    let ent = |articles: &[Article], (a, e): (usize, usize)| articles[a].entities[e].clone();
    // Persons: cluster every name form.
    let mut forms: Vec<String> = Vec::new();
    let mut name_form: HashMap<(usize, usize), usize> = HashMap::new();
    for &r in &refs {
        let e = ent(articles, r);
        if e.kind != EntityType::Person || is_role_only(&e) {
            continue;
        }
        name_form.insert(r, forms.len());
        forms.push(e.name.clone());
        for m in e.mentions.iter().filter(|m| is_name_mention(&e, m)) {
            forms.push(m.text.clone());
        }
    }
    let form_refs: Vec<&str> = forms.iter().map(String::as_str).collect();
    let clusters = cluster_names(&form_refs);
    // Group id per (article, entity); group ids are assigned in first-seen order.
    let mut group_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut group_ids: HashMap<String, usize> = HashMap::new();
    let mut next = 0usize;
    let mut id_for = |key: String, group_ids: &mut HashMap<String, usize>| {
        *group_ids.entry(key).or_insert_with(|| {
            next += 1;
            next - 1
        })
    };
    let mut role_group: HashMap<RoleKey, usize> = HashMap::new();
    for &r in &refs {
        if let Some(&f) = name_form.get(&r) {
            let g = id_for(format!("per:{}", clusters[f]), &mut group_ids);
            group_of.insert(r, g);
            let e = ent(articles, r);
            let lang = articles[r.0].lang.clone().unwrap_or_else(|| "it".into());
            if let Some(key) = e.role.as_deref().and_then(|t| role_key(t, &lang)) {
                role_group.entry(key).or_insert(g);
            }
        }
    }
    for &r in &refs {
        if group_of.contains_key(&r) {
            continue;
        }
        let e = ent(articles, r);
        let lang = articles[r.0].lang.clone().unwrap_or_else(|| "it".into());
        let g = if is_role_only(&e) {
            match role_key(&e.name, &lang) {
                Some(key) => match role_group.get(&key) {
                    Some(&g) => g,
                    None => id_for(format!("role:{}:{}", key.0, key.1), &mut group_ids),
                },
                None => id_for(format!("role:{}", name_key(&e.name)), &mut group_ids),
            }
        } else {
            id_for(format!("name:{}", name_key(&e.name)), &mut group_ids)
        };
        group_of.insert(r, g);
    }
    // Canonical names and kinds per group.
    let n_groups = next;
    let mut names: Vec<Vec<String>> = vec![Vec::new(); n_groups];
    let mut kinds: Vec<HashMap<EntityType, usize>> = vec![HashMap::new(); n_groups];
    let mut role_names: Vec<Option<String>> = vec![None; n_groups];
    for &r in &refs {
        let e = ent(articles, r);
        let g = group_of[&r];
        *kinds[g].entry(e.kind).or_default() += e.mentions.len().max(1);
        if is_role_only(&e) {
            role_names[g].get_or_insert(e.name.clone());
            continue;
        }
        names[g].push(e.name.clone());
        names[g].extend(e.mentions.iter().filter(|m| is_name_mention(&e, m)).map(|m| m.text.clone()));
    }
    let canon: Vec<String> = (0..n_groups)
        .map(|g| {
            let refs: Vec<&str> = names[g].iter().map(String::as_str).collect();
            canonical(&refs).or_else(|| role_names[g].clone()).unwrap_or_default()
        })
        .collect();
    let kind_of: Vec<EntityType> = kinds
        .iter()
        .map(|k| {
            k.iter()
                .max_by_key(|(kind, n)| (**n, std::cmp::Reverse(**kind)))
                .map(|(k, _)| *k)
                .unwrap_or(EntityType::Other)
        })
        .collect();
    // Rename and merge within each article; rename quote speakers.
    let mut per_group_articles: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
    let mut aliases: Vec<Vec<String>> = vec![Vec::new(); n_groups];
    let mut seen_alias: HashSet<(usize, String)> = HashSet::new();
    let mut mention_counts = vec![0usize; n_groups];
    for (ai, art) in articles.iter_mut().enumerate() {
        let mut rename: HashMap<String, String> = HashMap::new();
        let mut merged: Vec<(usize, Entity)> = Vec::new();
        for (ei, e) in std::mem::take(&mut art.entities).into_iter().enumerate() {
            let g = group_of[&(ai, ei)];
            rename.insert(e.name.clone(), canon[g].clone());
            for m in &e.mentions {
                if m.text != canon[g] && seen_alias.insert((g, m.text.clone())) {
                    aliases[g].push(m.text.clone());
                }
            }
            mention_counts[g] += e.mentions.len();
            // Articles come in order: the group's last article is this one or an earlier one.
            if per_group_articles[g].last() != Some(&ai) {
                per_group_articles[g].push(ai);
            }
            match merged.iter_mut().find(|(mg, _)| *mg == g) {
                Some((_, target)) => {
                    target.mentions.extend(e.mentions);
                    if target.role.is_none() || target.role.as_deref() == Some(target.name.as_str()) {
                        target.role = e.role.filter(|r| *r != e.name).or(target.role.take());
                    }
                }
                None => {
                    let role = e.role.clone();
                    merged.push((g, Entity { name: canon[g].clone(), kind: kind_of[g], role, mentions: e.mentions }));
                }
            }
        }
        for (_, e) in &mut merged {
            e.mentions.sort_by_key(|m| (m.start, m.end));
            e.mentions.dedup_by_key(|m| (m.start, m.end));
        }
        art.entities = merged.into_iter().map(|(_, e)| e).collect();
        for q in &mut art.quotes {
            if let Some(n) = q.speaker.as_ref().and_then(|s| rename.get(s)) {
                q.speaker = Some(n.clone());
            }
        }
    }
    let mut out: Vec<(usize, usize, StoryEntity)> = (0..n_groups)
        .filter(|&g| !per_group_articles[g].is_empty())
        .map(|g| {
            let se = StoryEntity {
                name: canon[g].clone(),
                kind: kind_of[g],
                aliases: aliases[g].clone(),
                articles: per_group_articles[g].iter().map(|&a| articles[a].id.clone()).collect(),
            };
            (g, mention_counts[g], se)
        })
        .collect();
    out.sort_by(|a, b| {
        b.2.articles
            .len()
            .cmp(&a.2.articles.len())
            .then(b.1.cmp(&a.1))
            .then(a.2.name.cmp(&b.2.name))
            .then(a.0.cmp(&b.0))
    });
    out.into_iter().map(|(_, _, e)| e).collect()
}
