//! Incremental story clustering and storylines.
//!
//! Stateful across documents: run in input order. Each article joins the best existing story or
//! starts one; nothing already assigned moves, except by the revision step ([`Clusterer::revise`],
//! in `revise.rs`) or a user's correction.
//!
//! How an article is placed, in one pass and without touching history:
//! 1. Its features ([`features`]): TF-IDF weighted stems of its language, and anchors that survive
//!    translation (names, numbers, dates). IDF comes from the document frequencies seen so far.
//! 2. Candidate stories come from an inverted index over each story's strongest features. Posting
//!    lists are capped and only recent stories are kept, so the cost per article stays flat.
//! 3. Each candidate is scored: cosine of the terms and of the anchors with the story centroid, an
//!    anchor-only route when the story has reports in another language, a damping factor when
//!    the article and the story each have a central name the other lacks, and a time factor on
//!    the distance between the publication date and the story's dates. Without a date, the months
//!    a text names stand in for it, on either side (see `Clusterer::when_factor`); otherwise
//!    unknown dates are neutral.
//! 4. The best story at or above [`ClusterConfig::join`] takes it; otherwise it starts a story, and
//!    that story joins the storyline that looks most like it, as its earlier story or as the
//!    whole storyline's profile (no time factor, longer window), if it reaches
//!    [`ClusterConfig::storyline`], else starts a storyline.
//!
//! A near-duplicate (`duplicate_of` set) joins its original's story without scoring.
//! Story ids are `s-<founding article id>`, storyline ids `l-<founding article id>`.
//!
//! Layout: this file holds the public types and the placing of articles; `config.rs` the tuning,
//! `features.rs` the features, `index.rs` the inverted index and candidate windows, `score.rs` the
//! scoring, `dates.rs` the day ranges and month hints, `corrections.rs` a user's moves and splits,
//! `revise.rs` the revision step.

mod config;
mod corrections;
mod dates;
mod features;
mod index;
mod revise;
mod score;

use std::collections::HashMap;

use dates::{add_hints, day_of, extend_days};
use features::{Extractor, IdMap, Sparse, add_into, weigh};
use rassegna_model::{Article, Decision, Evidence};
use score::Prepared;

pub use config::ClusterConfig;

/// Readable features with their weights, strongest first.
pub type Weighted = Vec<(String, f32)>;

/// Where an article went, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub story: String,
    pub storyline: String,
    pub evidence: Evidence,
}

/// An article an earlier decision placed elsewhere, moved by [`Clusterer::revise`].
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub article: String,
    pub story: String,
    pub storyline: String,
    pub evidence: Evidence,
}

/// A correction that cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClusterError {
    #[error("unknown article {0:?}")]
    UnknownArticle(String),
    #[error("unknown story {0:?}")]
    UnknownStory(String),
    #[error("article {article:?} is not in story {story:?}")]
    NotInStory { article: String, story: String },
    #[error("bad clusterer parameter {0:?} (expected name=value)")]
    BadParameter(String),
    #[error("a split needs at least one article and must leave one behind")]
    EmptySplit,
}

/// Features kept per storyline profile.
pub(crate) const LINE_FEATURES: usize = 48;

/// What a storyline's reports say and name, summed as they are placed (a running profile:
/// revisions that move reports later do not take them out).
#[derive(Default)]
struct LineProfile {
    lex: Sparse,
    anchors: Sparse,
    /// First and last day of the storyline's dated reports: a storyline is one matter over a
    /// bounded time, and a report years away never joins it on a look-alike profile.
    days: Option<(i32, i32)>,
}

impl LineProfile {
    fn extend(&mut self, days: Option<(i32, i32)>) {
        if let Some((a, b)) = days {
            self.days = Some(self.days.map_or((a, b), |(f, l)| (f.min(a), l.max(b))));
        }
    }
}

struct Story {
    id: Box<str>,
    storyline: u32,
    lex: Sparse,
    anchors: Sparse,
    size: u32,
    first_day: Option<i32>,
    last_day: Option<i32>,
    last_seq: u32,
    /// Bit per language seen (see `Clusterer::lang_bit`).
    langs: u64,
    /// The months its undated reports name (see [`dates::month_hint`]), distinct.
    hints: Vec<(Option<i32>, u8)>,
    /// Member indexes, in ingest order.
    members: Vec<u32>,
    /// Size at the last revision check.
    checked: u32,
    /// Members placed by a user's correction.
    pinned: u32,
}

/// What the clusterer keeps of each article: enough to undo or redo its contribution on a correction.
struct Member {
    id: Box<str>,
    story: u32,
    lex: Box<[(u32, f32)]>,
    anchors: Box<[(u32, f32)]>,
    day: Option<(i32, i32)>,
    /// Without a publication date: the months its text names.
    hints: Box<[(Option<i32>, u8)]>,
    lang: u8,
    /// The member whose text this one copies (itself if it is no duplicate).
    orig: u32,
    /// Placed by a user's correction: revisions never move it.
    pinned: bool,
}

/// The incremental clusterer.
#[derive(Default)]
pub struct Clusterer {
    config: ClusterConfig,
    extractor: Extractor,
    /// Articles counted in the document frequencies.
    docs: u32,
    df: IdMap<u32>,
    stories: Vec<Story>,
    story_index: HashMap<Box<str>, u32>,
    storylines: Vec<Box<str>>,
    /// Stories started in or moved to each storyline.
    line_stories: Vec<u32>,
    /// Per storyline: the summed features of every report placed in it.
    line_profiles: Vec<LineProfile>,
    storyline_index: HashMap<Box<str>, u32>,
    members: Vec<Member>,
    member_index: HashMap<Box<str>, u32>,
    /// Stories that received articles since the last revision.
    dirty: Vec<u32>,
    /// Members read again since the last revision (their text changed).
    reread: Vec<u32>,
    postings: IdMap<Vec<u32>>,
    langs: Vec<String>,
    seq: u32,
}

impl Clusterer {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_config(config: ClusterConfig) -> Self {
        Clusterer { config, ..Self::default() }
    }

    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Number of stories started so far (including any emptied by corrections).
    pub fn story_count(&self) -> usize {
        self.stories.len()
    }

    /// Number of articles placed so far.
    pub fn article_count(&self) -> usize {
        self.members.len()
    }

    /// The story an article is in now.
    pub fn story_of(&self, article_id: &str) -> Option<&str> {
        self.member(article_id).map(|m| &*self.stories[m.story as usize].id)
    }

    /// The storyline a story belongs to.
    pub fn storyline_of(&self, story_id: &str) -> Option<&str> {
        self.story_index.get(story_id).map(|&s| &*self.storylines[self.stories[s as usize].storyline as usize])
    }

    /// The weighted terms and anchors the clusterer would compare for an article, strongest first,
    /// given the document frequencies seen so far (nothing is recorded).
    pub fn describe(&mut self, article: &Article) -> (Weighted, Weighted) {
        let counts = self.extractor.counts(article);
        let n = self.docs as f32 + 1.0;
        let df = &self.df;
        let prior = self.config.idf_prior;
        let idf = |id: u32| (1.0 + (n + prior) / (df.get(&id).copied().unwrap_or(0) as f32 + 2.0)).ln();
        let show = |f: &[features::Feature], keep: usize, power: f32| {
            let (v, labels) = weigh(f, idf, keep, power);
            labels
                .into_iter()
                .map(|(id, l)| (l, v.binary_search_by_key(&id, |x| x.0).map_or(0.0, |i| v[i].1)))
                .collect::<Vec<_>>()
        };
        (
            show(&counts.lex, self.config.article_terms, self.config.term_tf),
            show(&counts.anchors, self.config.article_anchors, self.config.anchor_tf),
        )
    }

    /// Assign an article (its `duplicate_of`, entities and dates already filled) to a story.
    pub fn assign(&mut self, article: &Article) -> Assignment {
        self.seq += 1;
        if let Some(m) = self.member(&article.id) {
            // Seen before (re-ingest): the answer does not change.
            let s = &self.stories[m.story as usize];
            return Assignment {
                story: s.id.to_string(),
                storyline: self.storylines[s.storyline as usize].to_string(),
                evidence: Evidence { score: 1.0, decision: Decision::Joined, ..Evidence::default() },
            };
        }
        if let Some(&orig) = article.duplicate_of.as_deref().and_then(|d| self.member_index.get(d)) {
            let story = self.members[orig as usize].story;
            self.add_duplicate(article, story, orig);
            let s = &self.stories[story as usize];
            let storyline = self.storylines[s.storyline as usize].to_string();
            return Assignment {
                story: s.id.to_string(),
                storyline,
                evidence: Evidence { score: 1.0, decision: Decision::Duplicate, ..Evidence::default() },
            };
        }
        let counts = self.extractor.counts(article);
        let p = self.prepare(&counts, article);
        let scored = self.score_candidates(&p);
        let best = scored
            .iter()
            .filter(|c| c.score >= self.config.join)
            .max_by(|a, b| a.score.total_cmp(&b.score).then(b.story.cmp(&a.story)));
        let (story, evidence) = match best {
            Some(b) => {
                let ev = self.evidence(&p, b.story, b.score, Decision::Joined);
                (b.story, ev)
            }
            None => {
                let line = scored
                    .iter()
                    .map(|c| {
                        let l = self.stories[c.story as usize].storyline;
                        (c.storyline_score.max(self.line_score(&p, l)), c.story, l)
                    })
                    .filter(|c| c.0 >= self.config.storyline && self.line_in_window(c.2, p.day))
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                    .map(|c| c.2);
                let line = line.unwrap_or_else(|| self.new_storyline(&format!("l-{}", article.id)));
                let s = self.new_story(&format!("s-{}", article.id), line);
                (s, Evidence { score: 0.0, decision: Decision::NewStory, ..Evidence::default() })
            }
        };
        self.add_member(article, p, story);
        let s = &self.stories[story as usize];
        Assignment { story: s.id.to_string(), storyline: self.storylines[s.storyline as usize].to_string(), evidence }
    }

    /// Re-add an already-stored article with its known story and storyline (at start-up).
    /// An article stored without a story is assigned as new.
    pub fn restore(&mut self, article: &Article) {
        let Some(story_id) = article.story.as_deref() else {
            self.assign(article);
            return;
        };
        self.seq += 1;
        if self.member_index.contains_key(article.id.as_str()) {
            return;
        }
        let story = match self.story_index.get(story_id) {
            Some(&s) => s,
            None => {
                let line_id =
                    article.storyline.clone().unwrap_or_else(|| format!("l-{}", &story_id[2.min(story_id.len())..]));
                let line = match self.storyline_index.get(line_id.as_str()) {
                    Some(&l) => l,
                    None => self.new_storyline(&line_id),
                };
                self.new_story(story_id, line)
            }
        };
        let pinned = article.evidence.as_ref().is_some_and(|e| e.decision == Decision::Correction);
        if let Some(dup) = &article.duplicate_of {
            let orig = self.member_index.get(dup.as_str()).copied();
            let m = self.add_duplicate(article, story, orig.unwrap_or(u32::MAX));
            self.pin(m, pinned);
            return;
        }
        let counts = self.extractor.counts(article);
        let p = self.prepare(&counts, article);
        let m = self.add_member(article, p, story);
        self.pin(m, pinned);
    }

    fn member(&self, id: &str) -> Option<&Member> {
        self.member_index.get(id).map(|&m| &self.members[m as usize])
    }

    /// Record a near-duplicate in a story: it adds nothing to the centroid and follows `orig`.
    fn add_duplicate(&mut self, article: &Article, story: u32, orig: u32) -> u32 {
        let lang = self.lang_bit(article.lang.as_deref());
        let idx = self.members.len() as u32;
        let orig = if orig == u32::MAX { idx } else { self.members[orig as usize].orig };
        self.members.push(Member {
            id: article.id.as_str().into(),
            story,
            lex: Box::new([]),
            anchors: Box::new([]),
            day: day_of(article),
            hints: Box::new([]),
            lang,
            orig,
            pinned: false,
        });
        self.member_index.insert(article.id.as_str().into(), idx);
        let s = &mut self.stories[story as usize];
        s.size += 1;
        s.langs |= 1 << lang;
        s.last_seq = self.seq;
        s.members.push(idx);
        self.dirty.push(story);
        idx
    }

    fn lang_bit(&mut self, lang: Option<&str>) -> u8 {
        let lang = lang.unwrap_or("xx");
        match self.langs.iter().position(|l| l == lang) {
            Some(i) => i.min(63) as u8,
            None => {
                self.langs.push(lang.to_string());
                (self.langs.len() - 1).min(63) as u8
            }
        }
    }

    fn new_storyline(&mut self, id: &str) -> u32 {
        let mut id = id.to_string();
        let mut n = 2;
        while self.storyline_index.contains_key(id.as_str()) {
            id = format!("{}~{n}", id.split('~').next().unwrap_or_default());
            n += 1;
        }
        let i = self.storylines.len() as u32;
        self.storylines.push(id.as_str().into());
        self.line_stories.push(0);
        self.line_profiles.push(LineProfile::default());
        self.storyline_index.insert(id.into(), i);
        i
    }

    fn new_story(&mut self, id: &str, storyline: u32) -> u32 {
        let mut id = id.to_string();
        let mut n = 2;
        while self.story_index.contains_key(id.as_str()) {
            id = format!("{}~{n}", id.split('~').next().unwrap_or_default());
            n += 1;
        }
        let i = self.stories.len() as u32;
        self.line_stories[storyline as usize] += 1;
        self.stories.push(Story {
            id: id.as_str().into(),
            storyline,
            lex: Vec::new(),
            anchors: Vec::new(),
            size: 0,
            first_day: None,
            last_day: None,
            last_seq: self.seq,
            langs: 0,
            hints: Vec::new(),
            members: Vec::new(),
            checked: 0,
            pinned: 0,
        });
        self.story_index.insert(id.into(), i);
        i
    }

    /// Read a placed article again after its text changed (cleaned again with a page template
    /// learnt since): its features are replaced, its story's centroid is rebuilt, and the next
    /// [`Clusterer::revise`] looks at the story again, so a join that rested on template lines
    /// is undone. A duplicate or an unknown article is left as it is.
    pub fn reread(&mut self, article: &Article) {
        let Some(&m) = self.member_index.get(article.id.as_str()) else { return };
        if self.members[m as usize].orig != m {
            return;
        }
        let counts = self.extractor.counts(article);
        let p = self.prepare(&counts, article);
        let member = &mut self.members[m as usize];
        (member.lex, member.anchors, member.day, member.hints) =
            (p.lex.into(), p.anchors.into(), p.day, p.month_hint.into());
        let story = member.story;
        self.refresh(story);
        self.stories[story as usize].checked = 0;
        self.dirty.push(story);
        self.reread.push(m);
    }

    fn add_member(&mut self, article: &Article, p: Prepared, story: u32) -> u32 {
        let (keep_t, keep_a) = (self.config.story_terms, self.config.story_anchors);
        let line = &mut self.line_profiles[self.stories[story as usize].storyline as usize];
        add_into(&mut line.lex, &p.lex, 1.0, LINE_FEATURES);
        add_into(&mut line.anchors, &p.anchors, 1.0, LINE_FEATURES);
        line.extend(p.day);
        let s = &mut self.stories[story as usize];
        s.size += 1;
        add_into(&mut s.lex, &p.lex, 1.0, keep_t);
        add_into(&mut s.anchors, &p.anchors, 1.0, keep_a);
        s.langs |= 1 << p.lang;
        s.last_seq = self.seq;
        extend_days(s, p.day);
        add_hints(&mut s.hints, &p.month_hint);
        let mut post: Vec<u32> = p.query.clone();
        post.sort_unstable();
        post.dedup();
        self.post_ids(story, &post);
        let idx = self.members.len() as u32;
        self.stories[story as usize].members.push(idx);
        self.dirty.push(story);
        self.members.push(Member {
            id: article.id.as_str().into(),
            story,
            lex: p.lex.into(),
            anchors: p.anchors.into(),
            day: p.day,
            hints: p.month_hint.into(),
            lang: p.lang,
            orig: idx,
            pinned: false,
        });
        self.member_index.insert(article.id.as_str().into(), idx);
        idx
    }
}

#[cfg(test)]
mod tests;
