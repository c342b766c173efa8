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

mod features;
mod revise;

use std::collections::HashMap;

use features::{Counts, Extractor, IdMap, Sparse, add_into, cosine, cosine_split, weigh};
use rassegna_model::{Article, Evidence};

/// Weight (in the article's unit anchor vector) from which a name is central to the article.
const CONFLICT_ARTICLE: f32 = 0.4;
/// Mean weight per report from which a name is central to a story.
const CONFLICT_STORY: f32 = 0.35;

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

/// Tuning of the clusterer. The defaults were chosen on the development sets (see `docs/notes/cluster.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Score at or above which an article joins a story.
    pub join: f32,
    /// Score at or above which a new story joins an earlier story's storyline.
    pub storyline: f32,
    /// Name similarity (people, places, organisations; countries aside) below which two stories are
    /// never in one storyline.
    pub storyline_names: f32,
    /// Weight of term similarity (the rest goes to anchors) for reports in the same language.
    pub lex_weight: f32,
    /// Share of numbers and dates in the anchor similarity (the rest goes to names).
    pub number_share: f32,
    /// Weight of anchor similarity alone when the story has reports in another language.
    pub cross_lingual_weight: f32,
    /// Days of distance between publication dates with no penalty.
    pub grace_days: f32,
    /// Beyond the grace, the time factor is `exp(-(gap - grace) / decay_days)`.
    pub decay_days: f32,
    /// Stories idle for longer than this many days are no longer candidates for new articles.
    pub story_window_days: i64,
    /// Stories older than this many days are no longer candidates for a storyline link.
    pub storyline_window_days: i64,
    /// Without dates, stories idle for this many articles are no longer candidates.
    pub window_articles: u32,
    /// Documents assumed seen before the first, none containing any term: keeps the IDF of a young
    /// index from favouring words that merely have not come up yet.
    pub idf_prior: f32,
    /// Term frequency transform: `tf^p` for p > 0, `1 + ln tf` for p = 0.
    pub term_tf: f32,
    pub anchor_tf: f32,
    /// Features kept per article and per story centroid.
    pub article_terms: usize,
    pub article_anchors: usize,
    pub story_terms: usize,
    pub story_anchors: usize,
    /// Features of an article looked up in the inverted index, and stories kept per feature.
    pub query_features: usize,
    pub posting_cap: usize,
    /// Candidates scored in full per article.
    pub max_candidates: usize,
    /// Revision: a touched story whose members fall into two groups scoring below this against each
    /// other is split in two (0 disables).
    pub split: f32,
    /// Revision: a story whose reports divide by two names that never meet in one report is split
    /// when the two groups score below this against each other (0 disables).
    pub split_names: f32,
    /// Factor on an article's score with a story when each names someone or somewhere central the
    /// other does not (1 disables; see [`Clusterer::name_conflict`]).
    pub name_conflict: f32,
    /// Revision: a touched story whose centroid scores at least this with another story's is merged
    /// into the older of the two (above 1 disables).
    pub merge: f32,
    /// Revision: the merge threshold for two stories whose reports are dated (a third of them at
    /// least) and fall within the grace days of each other: one event's reports on the same days.
    pub merge_dated: f32,
    /// Revision: stories with more reports than this are not checked for a split (bounds the cost).
    pub revise_max: usize,
    /// Revision: other stories scored per merge check.
    pub merge_candidates: usize,
    /// Revision: a report of a checked story moves to another story that it scores this much
    /// higher with than with the rest of its own (negative disables).
    pub reassign: f32,
    /// Revision: only stories whose centroid scores this with the checked story's are looked at
    /// for its reports.
    pub reassign_near: f32,
    /// Revision: rounds of reassignment per check at most; each round rescores the reports after
    /// the previous round's moves, and the rounds stop when none moves.
    pub reassign_rounds: usize,
}

impl Default for ClusterConfig {
    fn default() -> Self {
        ClusterConfig {
            join: 0.20,
            storyline: 0.10,
            storyline_names: 0.15,
            lex_weight: 0.6,
            cross_lingual_weight: 0.8,
            number_share: 0.4,
            grace_days: 5.0,
            decay_days: 7.0,
            story_window_days: 45,
            storyline_window_days: 400,
            window_articles: 50_000,
            idf_prior: 100.0,
            term_tf: 0.0,
            anchor_tf: 0.0,
            article_terms: 40,
            article_anchors: 24,
            story_terms: 64,
            story_anchors: 60,
            query_features: 24,
            posting_cap: 16,
            max_candidates: 24,
            split: 0.35,
            split_names: 0.48,
            name_conflict: 0.8,
            merge: 0.55,
            merge_dated: 0.4,
            revise_max: 96,
            merge_candidates: 8,
            reassign: 0.0,
            reassign_near: 0.15,
            reassign_rounds: 5,
        }
    }
}

impl ClusterConfig {
    /// Override fields from `name=value` pairs separated by commas (for sweeps and experiments).
    pub fn with_overrides(mut self, spec: &str) -> Result<Self, ClusterError> {
        for pair in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || ClusterError::BadParameter(pair.to_string());
            let (k, v) = pair.split_once('=').ok_or_else(bad)?;
            let f = || v.trim().parse::<f32>().map_err(|_| bad());
            let n = || v.trim().parse::<usize>().map_err(|_| bad());
            match k.trim() {
                "join" => self.join = f()?,
                "storyline" => self.storyline = f()?,
                "storyline_names" => self.storyline_names = f()?,
                "lex_weight" => self.lex_weight = f()?,
                "number_share" => self.number_share = f()?,
                "cross_lingual_weight" => self.cross_lingual_weight = f()?,
                "grace_days" => self.grace_days = f()?,
                "decay_days" => self.decay_days = f()?,
                "story_window_days" => self.story_window_days = n()? as i64,
                "storyline_window_days" => self.storyline_window_days = n()? as i64,
                "window_articles" => self.window_articles = n()? as u32,
                "idf_prior" => self.idf_prior = f()?,
                "term_tf" => self.term_tf = f()?,
                "anchor_tf" => self.anchor_tf = f()?,
                "article_terms" => self.article_terms = n()?,
                "article_anchors" => self.article_anchors = n()?,
                "story_terms" => self.story_terms = n()?,
                "story_anchors" => self.story_anchors = n()?,
                "query_features" => self.query_features = n()?,
                "posting_cap" => self.posting_cap = n()?,
                "max_candidates" => self.max_candidates = n()?,
                "split" => self.split = f()?,
                "split_names" => self.split_names = f()?,
                "name_conflict" => self.name_conflict = f()?,
                "merge" => self.merge = f()?,
                "merge_dated" => self.merge_dated = f()?,
                "revise_max" => self.revise_max = n()?,
                "merge_candidates" => self.merge_candidates = n()?,
                "reassign" => self.reassign = f()?,
                "reassign_near" => self.reassign_near = f()?,
                "reassign_rounds" => self.reassign_rounds = n()?,
                _ => return Err(bad()),
            }
        }
        Ok(self)
    }
}

/// Features kept per storyline profile.
pub(crate) const LINE_FEATURES: usize = 48;

/// What a storyline's reports say and name, summed as they are placed (a running profile:
/// revisions that move reports later do not take them out).
#[derive(Default)]
struct LineProfile {
    lex: Sparse,
    anchors: Sparse,
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
    /// The months its undated reports name (see [`month_hint`]), distinct.
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
    postings: IdMap<Vec<u32>>,
    langs: Vec<String>,
    seq: u32,
}

/// An article's weighted features, ready to score.
struct Prepared {
    lex: Sparse,
    anchors: Sparse,
    labels: HashMap<u32, String>,
    day: Option<(i32, i32)>,
    /// Without a publication date: the latest month of the year the text mentions.
    month_hint: Vec<(Option<i32>, u8)>,
    lang: u8,
    /// Strongest features first, for the inverted index.
    query: Vec<u32>,
}

/// When something happened: its day range if dated, else the months it names.
type When<'a> = (Option<(i32, i32)>, &'a [(Option<i32>, u8)]);

/// Two sparse vectors to compare.
type Pair<'a> = (&'a [(u32, f32)], &'a [(u32, f32)]);

/// The parts of a comparison: the score an article would get (before time and name factors), the
/// term cosine, the name cosine, and the anchor similarity (names and numbers mixed).
struct Likeness {
    score: f32,
    lex: f32,
    /// Name cosine without the names of countries.
    specific: f32,
    anchors: f32,
}

struct Scored {
    story: u32,
    score: f32,
    storyline_score: f32,
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
                evidence: Evidence { score: 1.0, decision: "joined".into(), ..Evidence::default() },
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
                evidence: Evidence { score: 1.0, decision: "duplicate".into(), ..Evidence::default() },
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
                let ev = self.evidence(&p, b.story, b.score, "joined");
                (b.story, ev)
            }
            None => {
                let line = scored
                    .iter()
                    .map(|c| {
                        let l = self.stories[c.story as usize].storyline;
                        (c.storyline_score.max(self.line_score(&p, l)), c.story, l)
                    })
                    .filter(|c| c.0 >= self.config.storyline)
                    .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
                    .map(|c| c.2);
                let line = line.unwrap_or_else(|| self.new_storyline(&format!("l-{}", article.id)));
                let s = self.new_story(&format!("s-{}", article.id), line);
                (s, Evidence { score: 0.0, decision: "new-story".into(), ..Evidence::default() })
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
        let pinned = article.evidence.as_ref().is_some_and(|e| e.decision == "correction");
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

    fn pin(&mut self, m: u32, pinned: bool) {
        let mem = &mut self.members[m as usize];
        if pinned && !mem.pinned {
            mem.pinned = true;
            self.stories[mem.story as usize].pinned += 1;
        }
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
            evidence: Evidence { score: 1.0, decision: "correction".into(), ..Evidence::default() },
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

    fn relocate(&mut self, idx: u32, to: u32) {
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

    /// Count the article in the document frequencies, then weigh its features.
    fn prepare(&mut self, counts: &Counts, article: &Article) -> Prepared {
        self.docs += 1;
        for f in counts.lex.iter().chain(&counts.anchors) {
            *self.df.entry(f.id).or_default() += 1;
        }
        let n = self.docs as f32;
        let df = &self.df;
        let prior = self.config.idf_prior;
        let idf = |id: u32| (1.0 + (n + prior) / (df.get(&id).copied().unwrap_or(1) as f32 + 1.0)).ln();
        let (lex, lex_labels) = weigh(&counts.lex, idf, self.config.article_terms, self.config.term_tf);
        let (anchors, anchor_labels) = weigh(&counts.anchors, idf, self.config.article_anchors, self.config.anchor_tf);
        let q = self.config.query_features;
        let query: Vec<u32> = lex_labels.iter().take(q).chain(anchor_labels.iter().take(q / 2)).map(|x| x.0).collect();
        let labels = lex_labels.into_iter().chain(anchor_labels).collect();
        let lang = self.lang_bit(counts.lang.as_deref().or(article.lang.as_deref()));
        Prepared { lex, anchors, labels, day: day_of(article), month_hint: month_hint(article), lang, query }
    }

    fn score_candidates(&self, p: &Prepared) -> Vec<Scored> {
        let c = &self.config;
        // The stories sharing most of the article's strongest features; only the best few are scored.
        let cands = self.most_shared(&p.query, None, c.max_candidates, |st| {
            st.size > 0 && self.in_window(st, p.day, c.storyline_window_days)
        });
        cands
            .into_iter()
            .map(|s| {
                let st = &self.stories[s as usize];
                let l = self.likeness((&p.lex, &st.lex), (&p.anchors, &st.anchors), st.langs & !(1u64 << p.lang) != 0);
                let mut sim = l.score;
                if self.name_conflict(p, st) {
                    sim *= c.name_conflict;
                }
                let (factor, gap) =
                    self.when_factor((p.day, &p.month_hint), (st.first_day.zip(st.last_day), &st.hints));
                let recent = gap.is_none_or(|g| g <= c.story_window_days as f32)
                    && self.seq.saturating_sub(st.last_seq) <= c.window_articles;
                Scored {
                    story: s,
                    score: if recent { sim * factor } else { 0.0 },
                    storyline_score: self.storyline_score(l.lex, l.specific, l.anchors),
                }
            })
            .collect()
    }

    /// Up to `n` stories (other than `skip`) posted under the most of `features`, most first (ties:
    /// the older story), among those `keep` accepts.
    fn most_shared(&self, features: &[u32], skip: Option<u32>, n: usize, keep: impl Fn(&Story) -> bool) -> Vec<u32> {
        let mut hits: IdMap<u32> =
            IdMap::with_capacity_and_hasher(features.len() * self.config.posting_cap, Default::default());
        for f in features {
            for &s in self.postings.get(f).into_iter().flatten() {
                if Some(s) != skip {
                    *hits.entry(s).or_default() += 1;
                }
            }
        }
        let mut cands: Vec<(u32, u32)> = hits.into_iter().filter(|&(s, _)| keep(&self.stories[s as usize])).collect();
        let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
        if cands.len() > n {
            cands.select_nth_unstable_by(n, order);
            cands.truncate(n);
        }
        cands.sort_unstable_by(order);
        cands.into_iter().map(|x| x.0).collect()
    }

    /// Whether an article and a story each have a central name the other lacks: the article's
    /// strongest name is not among the story's, and a name carried by the story's reports (on
    /// average) is not in the article. Reports of one event share their core people and places;
    /// a look-alike event has its own (the other opponent, the other suspect).
    fn name_conflict(&self, p: &Prepared, st: &Story) -> bool {
        let has = |v: &Sparse, id: u32| v.binary_search_by_key(&id, |x| x.0).is_ok();
        let name = |id: u32| id & features::NUMBER_BIT == 0;
        let size = st.size.max(1) as f32;
        p.anchors.iter().any(|&(id, w)| name(id) && w >= CONFLICT_ARTICLE && !has(&st.anchors, id))
            && st.anchors.iter().any(|&(id, w)| name(id) && w / size >= CONFLICT_STORY && !has(&p.anchors, id))
    }

    /// How much an article looks like everything a storyline has reported so far.
    fn line_score(&self, p: &Prepared, line: u32) -> f32 {
        let prof = &self.line_profiles[line as usize];
        let l = self.likeness((&p.lex, &prof.lex), (&p.anchors, &prof.anchors), false);
        self.storyline_score(l.lex, l.specific, l.anchors)
    }

    /// How alike two (terms, anchors) pairs are; `other_langs` when the second holds reports in a
    /// language the first is not in, where the anchors alone may carry the score.
    fn likeness(&self, lex: Pair<'_>, anchors: Pair<'_>, other_langs: bool) -> Likeness {
        let c = &self.config;
        let lex = cosine(lex.0, lex.1);
        let (names, numbers, specific) = cosine_split(anchors.0, anchors.1);
        let anchors = (1.0 - c.number_share) * names + c.number_share * numbers;
        let mut score = c.lex_weight * lex + (1.0 - c.lex_weight) * anchors;
        if other_langs {
            score = score.max(c.cross_lingual_weight * anchors);
        }
        Likeness { score, lex, specific, anchors }
    }

    /// How much a new story looks like an earlier one for a storyline link (no time factor).
    /// A storyline is one matter: its stories name the same people and places, so a look-alike
    /// event elsewhere (another town's flood) scores nothing however alike the words.
    fn storyline_score(&self, lex: f32, names: f32, anc: f32) -> f32 {
        if names < self.config.storyline_names { 0.0 } else { 0.5 * lex + 0.5 * anc }
    }

    fn in_window(&self, st: &Story, day: Option<(i32, i32)>, days: i64) -> bool {
        match (day, st.first_day, st.last_day) {
            (Some((a, b)), Some(f), Some(l)) => i64::from(a - l).max(i64::from(f - b)) <= days,
            _ => self.seq.saturating_sub(st.last_seq) <= self.config.window_articles * 4,
        }
    }

    /// The time factor between two sides, each a day range or, undated, the months it names.
    /// An undated report is published after the dates it names: a month named months after the
    /// other side's dates marks a later report. Earlier dates are background. Either side may be
    /// the undated one: an article, or a story of undated reports.
    fn when_factor(&self, a: When<'_>, b: When<'_>) -> (f32, Option<f32>) {
        let later = |hints: &[(Option<i32>, u8)], dated: (i32, i32)| match hinted_days(hints, dated.1) {
            Some(h) if h.0 - dated.1 > 60 => self.gap_factor(dated, h),
            _ => (1.0, None),
        };
        match (a.0, b.0) {
            (Some(x), Some(y)) => self.gap_factor(x, y),
            (None, Some(y)) => later(a.1, y),
            (Some(x), None) => later(b.1, x),
            (None, None) => (1.0, None),
        }
    }

    /// The time factor between two day ranges, and the gap in days.
    fn gap_factor(&self, (first, last): (i32, i32), (a, b): (i32, i32)) -> (f32, Option<f32>) {
        let gap = (a - last).max(first - b).max(0) as f32;
        let c = &self.config;
        let f = if gap <= c.grace_days { 1.0 } else { (-(gap - c.grace_days) / c.decay_days).exp() };
        (f, Some(gap))
    }

    fn evidence(&self, p: &Prepared, story: u32, score: f32, decision: &str) -> Evidence {
        let st = &self.stories[story as usize];
        let top = |a: &Sparse, s: &Sparse, n: usize| -> Vec<String> {
            let mut contrib: Vec<(f32, u32)> = a
                .iter()
                .filter_map(|&(id, w)| s.binary_search_by_key(&id, |x| x.0).ok().map(|j| (w * s[j].1, id)))
                .collect();
            contrib.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
            contrib.into_iter().take(n).filter_map(|(_, id)| p.labels.get(&id).cloned()).collect()
        };
        Evidence {
            score,
            shared_terms: top(&p.lex, &st.lex, 8),
            shared_entities: top(&p.anchors, &st.anchors, 8),
            decision: decision.into(),
        }
    }

    fn add_member(&mut self, article: &Article, p: Prepared, story: u32) -> u32 {
        let (keep_t, keep_a) = (self.config.story_terms, self.config.story_anchors);
        let line = &mut self.line_profiles[self.stories[story as usize].storyline as usize];
        add_into(&mut line.lex, &p.lex, 1.0, LINE_FEATURES);
        add_into(&mut line.anchors, &p.anchors, 1.0, LINE_FEATURES);
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

    fn post(&mut self, story: u32, lex: &[(u32, f32)], anchors: &[(u32, f32)]) {
        let q = self.config.query_features;
        let mut ids: Vec<u32> = strongest(lex, q).into_iter().chain(strongest(anchors, q / 2)).collect();
        ids.sort_unstable();
        ids.dedup();
        self.post_ids(story, &ids);
    }

    fn post_ids(&mut self, story: u32, ids: &[u32]) {
        let cap = self.config.posting_cap;
        for &f in ids {
            let list = self.postings.entry(f).or_default();
            if list.last() == Some(&story) {
                continue;
            }
            list.retain(|&s| s != story);
            list.push(story);
            if list.len() > cap {
                list.remove(0);
            }
        }
    }
}

fn strongest(v: &[(u32, f32)], n: usize) -> Vec<u32> {
    let mut v = v.to_vec();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().take(n).map(|x| x.0).collect()
}

fn extend_days(s: &mut Story, day: Option<(i32, i32)>) {
    if let Some((a, b)) = day {
        s.first_day = Some(s.first_day.map_or(a, |f| f.min(a)));
        s.last_day = Some(s.last_day.map_or(b, |l| l.max(b)));
    }
}

/// Reports without a publication date still say when things happened: the months they name
/// (`8 novembre`, `lo scorso ottobre`, `30 december 2006`), with the year when the text writes it,
/// used only when nothing better is known.
fn month_hint(article: &Article) -> Vec<(Option<i32>, u8)> {
    if article.published.is_some() {
        return Vec::new();
    }
    article
        .dates
        .iter()
        .filter(|d| d.kind == "date" && d.value.len() >= 7 && d.value.as_bytes()[4] == b'-')
        .filter_map(|d| {
            let month = d.value[5..7].parse::<u8>().ok().filter(|m| (1..=12).contains(m))?;
            // A year written in the mention is known; otherwise the year was guessed.
            let year = d.value[..4].parse::<i32>().ok().filter(|_| d.text.contains(&d.value[..4]));
            Some((year, month))
        })
        .take(16)
        .collect()
}

/// The latest of the hinted months, a month without a year placed in the year of `last` (the
/// other side's latest day).
fn hinted_days(hints: &[(Option<i32>, u8)], last: i32) -> Option<(i32, i32)> {
    let a = hints
        .iter()
        .filter_map(|&(year, m)| rassegna_model::PartialDate::month(year.unwrap_or_else(|| civil_year(last)), m))
        .map(|d| d.days_since_epoch() as i32)
        .max()?;
    Some((a, a + 27))
}

/// Add hinted months to a story's distinct set.
fn add_hints(to: &mut Vec<(Option<i32>, u8)>, hints: &[(Option<i32>, u8)]) {
    for h in hints {
        if !to.contains(h) {
            to.push(*h);
        }
    }
}

fn civil_year(day: i32) -> i32 {
    // Good to a day either side of New Year, which is all a month hint needs.
    (1970.0 + f64::from(day) / 365.2425).floor() as i32
}

fn day_of(article: &Article) -> Option<(i32, i32)> {
    let d = article.published?;
    let start = d.days_since_epoch() as i32;
    match (d.month, d.day) {
        (_, Some(_)) => Some((start, start)),
        (Some(m), None) => {
            let next = if m == 12 {
                rassegna_model::PartialDate::month(d.year + 1, 1)
            } else {
                rassegna_model::PartialDate::month(d.year, m + 1)
            };
            Some((start, next.map_or(start + 30, |n| n.days_since_epoch() as i32 - 1)))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
