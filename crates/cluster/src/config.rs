//! The clusterer's tuning knobs, and their overrides from `name=value` pairs.

use crate::ClusterError;

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
    /// other does not (1 disables; see [`crate::Clusterer::name_conflict`]).
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
