//! User corrections: move an article to another story, or split articles out into a new story.
//!
//! A correction changes the clusterer's state and the stored articles together, in one batch, and
//! is logged in the store. Because the stored articles carry the corrected stories, the clusterer
//! rebuilt at start-up already respects every past correction.

use crate::{Pipeline, PipelineError, Result, story};
use rassegna_store::Batch;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A user's correction of the clustering.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Correction {
    /// Move one article into another existing story.
    MoveArticle { article: String, to_story: String },
    /// Take some articles out of a story into a new story of the same storyline.
    SplitStory { story: String, articles: Vec<String> },
    /// Make the entities these names stand for one entity (stored with the entities' canonical
    /// names).
    MergeEntities { names: Vec<String> },
    /// Make these stored names an entity apart from every other name.
    SplitEntity { names: Vec<String> },
}

impl Pipeline {
    /// Apply a correction; returns the ids of the stories it changed (for a split, the new story first).
    /// For an entity correction, the entities it leaves.
    pub fn correct(&mut self, correction: &Correction) -> Result<Vec<String>> {
        self.catch_up_with_store()?;
        if matches!(correction, Correction::MergeEntities { .. } | Correction::SplitEntity { .. }) {
            return self.correct_entities(correction);
        }
        let refuse = |e: rassegna_cluster::ClusterError| PipelineError::Correction(e.to_string());
        let (moved, mut touched): (Vec<String>, Vec<String>) = match correction {
            Correction::MoveArticle { article, to_story } => {
                let from = self.clusterer.story_of(article).map(str::to_string);
                self.clusterer.move_article(article, to_story).map_err(refuse)?;
                (vec![article.clone()], vec![to_story.clone()].into_iter().chain(from).collect())
            }
            Correction::SplitStory { story, articles } => {
                let ids: Vec<&str> = articles.iter().map(String::as_str).collect();
                let new = self.clusterer.split(story, &ids).map_err(refuse)?;
                (articles.clone(), vec![new, story.clone()])
            }
            Correction::MergeEntities { .. } | Correction::SplitEntity { .. } => unreachable!("handled above"),
        };
        let mut updated = Vec::new();
        for id in &moved {
            let Some((seq, mut a)) = self.store.article_with_seq(id)? else {
                return Err(PipelineError::Correction(format!("article {id:?} is not in the store")));
            };
            a.story = self.clusterer.story_of(id).map(str::to_string);
            a.storyline = a.story.as_deref().and_then(|s| self.clusterer.storyline_of(s)).map(str::to_string);
            a.evidence = Some(rassegna_model::Evidence {
                score: 1.0,
                decision: rassegna_model::Decision::Correction,
                ..Default::default()
            });
            updated.push((seq, a));
        }
        touched.dedup();
        let set: BTreeSet<String> = touched.iter().cloned().collect();
        let rebuilt = story::rebuild(&self.store, &set, updated, &self.timings)?;
        let batch = Batch {
            articles: rebuilt.articles,
            stories: rebuilt.stories,
            storylines: rebuilt.storylines,
            corrections: vec![serde_json::to_string(correction).expect("corrections serialise")],
            ..Default::default()
        };
        self.commit(&batch)?;
        Ok(touched)
    }
}
