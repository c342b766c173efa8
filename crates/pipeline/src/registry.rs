//! Keeping the store's entity registry in step with its names: rebuilt from the stored names and
//! the entity corrections at the end of every write (a run, a request, a poll, a correction), and
//! at open when it is older than the store's last change. Only the entries that changed are written.

use crate::{Correction, Pipeline, PipelineError, Result};
use rassegna_store::RegistryEntry;
use rassegna_who::registry::{Directive, NameCount, build};
use std::collections::{BTreeMap, HashMap};

/// State key of the store change the registry was last built at.
pub(crate) const REGISTRY_CHANGE_KEY: &str = "who.registry_change";

/// Below this many stored articles the registry is rebuilt after every write (a rebuild costs
/// about 0.1 ms per stored article: it reads and links every stored name).
const REBUILD_ALWAYS_BELOW: usize = 2_000;
/// Past it, a write rebuilds the registry once the store grew by this percentage since the last
/// rebuild, or the last rebuild is older than [`REBUILD_AFTER`]: a server or a worker taking one
/// small batch after another then spends a bounded share of its time on it, not a full rebuild
/// per batch. Until then a new name stands for itself (lookups fall back to the name).
const REBUILD_GROWTH_PERCENT: usize = 10;
const REBUILD_AFTER: std::time::Duration = std::time::Duration::from_secs(300);

/// Whether a write that left the registry stale rebuilds it now: `built` is the age of the last
/// rebuild and the articles stored then, if this process made one.
fn rebuild_due(articles: usize, built: Option<(std::time::Duration, usize)>) -> bool {
    match built {
        _ if articles < REBUILD_ALWAYS_BELOW => true,
        None => true,
        Some((age, then)) => age >= REBUILD_AFTER || articles * 100 >= then * (100 + REBUILD_GROWTH_PERCENT),
    }
}

impl Pipeline {
    /// After a batch write: rebuild the registry when it is stale and a rebuild is due
    /// ([`rebuild_due`]).
    pub(crate) fn registry_after_write(&mut self) -> Result<()> {
        // The articles the dedup index holds are the stored ones: no count query on every batch.
        let articles = self.dedup.len();
        if rebuild_due(articles, self.registry_built.map(|(at, n)| (at.elapsed(), n))) {
            self.registry_up_to_date()?;
        }
        Ok(())
    }

    /// Rebuild the registry when it is older than the store's last change (a whole run's end, a
    /// pipeline's opening).
    pub fn registry_up_to_date(&mut self) -> Result<()> {
        let change = self.store.change_seq()?;
        let built = self.store.state(REGISTRY_CHANGE_KEY)?.and_then(|b| String::from_utf8(b).ok()?.parse::<i64>().ok());
        if built != Some(change) {
            self.refresh_registry()?;
        }
        Ok(())
    }

    /// Rebuild the registry from the stored names and the entity corrections, writing the entries
    /// that changed.
    pub(crate) fn refresh_registry(&mut self) -> Result<()> {
        let started = std::time::Instant::now();
        let result = self.rebuild_registry();
        if result.is_ok() {
            self.registry_built = Some((started, self.dedup.len()));
        }
        self.timings.add("registry", started.elapsed());
        result
    }

    fn rebuild_registry(&mut self) -> Result<()> {
        let change = self.store.change_seq()?;
        let mut counts: BTreeMap<(String, String), NameCount> = BTreeMap::new();
        let mut story_numbers: HashMap<String, u32> = HashMap::new();
        for s in self.store.entity_names()? {
            let story = s.story.map(|id| {
                let next = story_numbers.len() as u32;
                *story_numbers.entry(id).or_insert(next)
            });
            let c = counts.entry((s.name.clone(), s.kind.clone())).or_insert_with(|| NameCount {
                name: s.name,
                kind: s.kind,
                mentions: 0,
                stories: Vec::new(),
            });
            c.mentions += s.mentions;
            c.stories.extend(story);
        }
        let counts: Vec<NameCount> = counts.into_values().collect();
        let directives: Vec<Directive> = self
            .store
            .corrections()?
            .iter()
            .filter_map(|json| match serde_json::from_str::<Correction>(json).ok()? {
                Correction::MergeEntities { names } => Some(Directive::Merge(names)),
                Correction::SplitEntity { names } => Some(Directive::Apart(names)),
                _ => None,
            })
            .collect();
        let built: HashMap<String, RegistryEntry> = build(&counts, &directives)
            .into_iter()
            .map(|a| {
                let e = RegistryEntry {
                    name: a.name,
                    entity: a.entity,
                    kind: a.kind,
                    weight: a.weight,
                    generic: a.generic,
                };
                (e.name.clone(), e)
            })
            .collect();
        let stored = self.registry.take().map_or_else(|| self.load_registry(), Ok)?;
        let mut set: Vec<RegistryEntry> = built.values().filter(|e| stored.get(&e.name) != Some(e)).cloned().collect();
        set.sort_by(|a, b| a.name.cmp(&b.name));
        let mut remove: Vec<String> = stored.keys().filter(|n| !built.contains_key(*n)).cloned().collect();
        remove.sort();
        self.store.put_entity_registry(&set, &remove, (REGISTRY_CHANGE_KEY, change))?;
        self.registry = Some(built);
        Ok(())
    }

    fn load_registry(&self) -> Result<HashMap<String, RegistryEntry>> {
        Ok(self.store.entity_registry()?.into_iter().map(|e| (e.name.clone(), e)).collect())
    }

    /// An entity correction: the names given are resolved to the entities they stand for (merge)
    /// or must be stored names (split), then the registry is rebuilt with it.
    pub(crate) fn correct_entities(&mut self, correction: &Correction) -> Result<Vec<String>> {
        let refuse = |m: String| PipelineError::Correction(m);
        let resolved = match correction {
            Correction::MergeEntities { names } => {
                let mut entities = Vec::new();
                for n in names {
                    let e = self.store.entity(n)?.ok_or_else(|| refuse(format!("no entity is named {n:?}")))?;
                    if !entities.contains(&e.name) {
                        entities.push(e.name);
                    }
                }
                if entities.len() < 2 {
                    return Err(refuse(format!("the names {names:?} are one entity already")));
                }
                Correction::MergeEntities { names: entities }
            }
            Correction::SplitEntity { names } => {
                let registry = self.registry.take().map_or_else(|| self.load_registry(), Ok)?;
                let mut stored = Vec::new();
                for n in names {
                    let key = rassegna_text::fold(n.trim());
                    let found = registry.keys().find(|k| rassegna_text::fold(k) == key);
                    let name = found.ok_or_else(|| refuse(format!("no stored name is written {n:?}")))?;
                    stored.push(name.clone());
                }
                self.registry = Some(registry);
                if stored.is_empty() {
                    return Err(refuse("name at least one name to split off".into()));
                }
                Correction::SplitEntity { names: stored }
            }
            _ => unreachable!("an entity correction"),
        };
        let batch = rassegna_store::Batch {
            corrections: vec![serde_json::to_string(&resolved).expect("corrections serialise")],
            ..Default::default()
        };
        self.commit(&batch)?;
        self.refresh_registry()?;
        let names = match &resolved {
            Correction::MergeEntities { names } | Correction::SplitEntity { names } => names.clone(),
            _ => Vec::new(),
        };
        let mut entities: Vec<String> = Vec::new();
        for n in names {
            if let Some(e) = self.store.entity(&n)?
                && !entities.contains(&e.name)
            {
                entities.push(e.name);
            }
        }
        Ok(entities)
    }
}

#[cfg(test)]
mod tests {
    use super::rebuild_due;
    use std::time::Duration;

    #[test]
    fn a_large_store_rebuilds_its_registry_when_it_grew_or_the_registry_aged() {
        let minute = Duration::from_secs(60);
        assert!(rebuild_due(500, Some((Duration::ZERO, 499))), "small stores rebuild after every write");
        assert!(rebuild_due(50_000, None), "a process's first write rebuilds");
        assert!(!rebuild_due(50_000, Some((minute, 49_990))), "ten more articles wait");
        assert!(rebuild_due(55_000, Some((minute, 50_000))), "10% more articles rebuild");
        assert!(rebuild_due(50_010, Some((6 * minute, 50_000))), "an old registry is rebuilt");
    }
}
