//! A user's corrections: moving an article to another story, splitting a story. Corrected
//! articles are pinned: revisions never move them.

use rassegna_model::{Decision, Evidence};

use crate::dates::{add_hints, extend_days};
use crate::features::add_into;
use crate::{Assignment, ClusterError, Clusterer};

impl Clusterer {
    pub(crate) fn pin(&mut self, m: u32, pinned: bool) {
        let mem = &mut self.members[m as usize];
        if pinned && !mem.pinned {
            mem.pinned = true;
            self.stories[mem.story as usize].pinned += 1;
        }
    }

    /// A user's correction: move an article to another story. Later articles see the story as corrected.
    pub fn move_article(&mut self, article_id: &str, to_story: &str) -> Result<Assignment, ClusterError> {
        let &to = self.story_index.get(to_story).ok_or_else(|| ClusterError::UnknownStory(to_story.into()))?;
        let Some(&m) = self.member_index.get(article_id) else {
            return Err(ClusterError::UnknownArticle(article_id.into()));
        };
        self.relocate(m, to);
        self.pin(m, true);
        let s = &self.stories[to as usize];
        Ok(Assignment {
            story: s.id.to_string(),
            storyline: self.storylines[s.storyline as usize].to_string(),
            evidence: Evidence { score: 1.0, decision: Decision::Correction, ..Evidence::default() },
        })
    }

    /// A user's correction: split some articles of a story into a new story (same storyline).
    /// Returns the new story's id, derived from the first article given.
    pub fn split(&mut self, story_id: &str, articles: &[&str]) -> Result<String, ClusterError> {
        let &from = self.story_index.get(story_id).ok_or_else(|| ClusterError::UnknownStory(story_id.into()))?;
        if articles.is_empty() {
            return Err(ClusterError::EmptySplit);
        }
        for a in articles {
            match self.member(a) {
                None => return Err(ClusterError::UnknownArticle(a.to_string())),
                Some(m) if m.story != from => {
                    return Err(ClusterError::NotInStory { article: a.to_string(), story: story_id.into() });
                }
                _ => {}
            }
        }
        let mut distinct: Vec<&str> = articles.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() as u32 >= self.stories[from as usize].size {
            return Err(ClusterError::EmptySplit);
        }
        let line = self.stories[from as usize].storyline;
        let mut id = format!("s-{}", articles[0]);
        let mut n = 2;
        while self.story_index.contains_key(id.as_str()) {
            id = format!("s-{}~{n}", articles[0]);
            n += 1;
        }
        let to = self.new_story(&id, line);
        for a in articles {
            let m = self.member_index[*a];
            self.relocate(m, to);
            self.pin(m, true);
        }
        Ok(id)
    }

    pub(crate) fn relocate(&mut self, idx: u32, to: u32) {
        let keep_t = self.config.story_terms;
        let keep_a = self.config.story_anchors;
        let seq = self.seq;
        let m = &mut self.members[idx as usize];
        let from = m.story;
        if from == to {
            return;
        }
        m.story = to;
        let (lex, anchors, day, lang, pinned) = (m.lex.clone(), m.anchors.clone(), m.day, m.lang, m.pinned);
        let hints = m.hints.clone();
        let s = &mut self.stories[from as usize];
        s.size -= 1;
        s.members.retain(|&x| x != idx);
        s.pinned -= u32::from(pinned);
        add_into(&mut s.lex, &lex, -1.0, keep_t);
        add_into(&mut s.anchors, &anchors, -1.0, keep_a);
        if !hints.is_empty() {
            self.stories[from as usize].hints = self.hints_of(from);
        }
        let t = &mut self.stories[to as usize];
        t.size += 1;
        t.members.push(idx);
        t.members.sort_unstable();
        t.pinned += u32::from(pinned);
        add_into(&mut t.lex, &lex, 1.0, keep_t);
        add_into(&mut t.anchors, &anchors, 1.0, keep_a);
        t.langs |= 1 << lang;
        t.last_seq = seq;
        extend_days(t, day);
        add_hints(&mut t.hints, &hints);
        self.post(to, &lex, &anchors);
    }
}
