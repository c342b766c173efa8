//! Scoring an article against stories and storylines: term and anchor similarity, the
//! cross-lingual route, name conflicts, the time factor, and the evidence of a decision.

use std::collections::HashMap;

use rassegna_model::{Article, Decision, Evidence};

use crate::dates::{day_of, hinted_days, month_hint};
use crate::features::{self, Counts, Sparse, cosine, cosine_split, weigh};
use crate::{Clusterer, Story};

/// Weight (in the article's unit anchor vector) from which a name is central to the article.
const CONFLICT_ARTICLE: f32 = 0.4;
/// Mean weight per report from which a name is central to a story.
const CONFLICT_STORY: f32 = 0.35;

/// An article's weighted features, ready to score.
pub(crate) struct Prepared {
    pub(crate) lex: Sparse,
    pub(crate) anchors: Sparse,
    pub(crate) labels: HashMap<u32, String>,
    pub(crate) day: Option<(i32, i32)>,
    /// Without a publication date: the latest month of the year the text mentions.
    pub(crate) month_hint: Vec<(Option<i32>, u8)>,
    pub(crate) lang: u8,
    /// Strongest features first, for the inverted index.
    pub(crate) query: Vec<u32>,
}

/// When something happened: its day range if dated, else the months it names.
pub(crate) type When<'a> = (Option<(i32, i32)>, &'a [(Option<i32>, u8)]);

/// Two sparse vectors to compare.
pub(crate) type Pair<'a> = (&'a [(u32, f32)], &'a [(u32, f32)]);

/// The parts of a comparison: the score an article would get (before time and name factors), the
/// term cosine, the name cosine, and the anchor similarity (names and numbers mixed).
pub(crate) struct Likeness {
    pub(crate) score: f32,
    pub(crate) lex: f32,
    /// Name cosine without the names of countries.
    pub(crate) specific: f32,
    pub(crate) anchors: f32,
}

pub(crate) struct Scored {
    pub(crate) story: u32,
    pub(crate) score: f32,
    pub(crate) storyline_score: f32,
}

impl Clusterer {
    /// Count the article in the document frequencies, then weigh its features.
    pub(crate) fn prepare(&mut self, counts: &Counts, article: &Article) -> Prepared {
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

    pub(crate) fn score_candidates(&self, p: &Prepared) -> Vec<Scored> {
        let c = &self.config;
        // The stories sharing most of the article's strongest features; only the best few are scored.
        let cands = self.most_shared(&p.query, None, c.max_candidates, |st| {
            st.size > 0
                && self.in_window(st, p.day, c.storyline_window_days)
                && self.line_in_window(st.storyline, p.day)
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
    /// a look-alike event has its own (the other opponent, the other suspect).
    fn name_conflict(&self, p: &Prepared, st: &Story) -> bool {
        let has = |v: &Sparse, id: u32| v.binary_search_by_key(&id, |x| x.0).is_ok();
        let name = |id: u32| id & features::NUMBER_BIT == 0;
        let size = st.size.max(1) as f32;
        p.anchors.iter().any(|&(id, w)| name(id) && w >= CONFLICT_ARTICLE && !has(&st.anchors, id))
            && st.anchors.iter().any(|&(id, w)| name(id) && w / size >= CONFLICT_STORY && !has(&p.anchors, id))
    }

    /// How much an article looks like everything a storyline has reported so far.
    pub(crate) fn line_score(&self, p: &Prepared, line: u32) -> f32 {
        let prof = &self.line_profiles[line as usize];
        let l = self.likeness((&p.lex, &prof.lex), (&p.anchors, &prof.anchors), false);
        self.storyline_score(l.lex, l.specific, l.anchors)
    }

    /// How alike two (terms, anchors) pairs are; `other_langs` when the second holds reports in a
    /// language the first is not in, where the anchors alone may carry the score.
    pub(crate) fn likeness(&self, lex: Pair<'_>, anchors: Pair<'_>, other_langs: bool) -> Likeness {
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
    pub(crate) fn storyline_score(&self, lex: f32, names: f32, anc: f32) -> f32 {
        if names < self.config.storyline_names { 0.0 } else { 0.5 * lex + 0.5 * anc }
    }

    /// The time factor between two sides, each a day range or, undated, the months it names.
    /// An undated report is published after the dates it names: a month named months after the
    /// other side's dates marks a later report. Earlier dates are background. Either side may be
    /// the undated one: an article, or a story of undated reports.
    pub(crate) fn when_factor(&self, a: When<'_>, b: When<'_>) -> (f32, Option<f32>) {
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

    pub(crate) fn evidence(&self, p: &Prepared, story: u32, score: f32, decision: Decision) -> Evidence {
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
            decision,
        }
    }
}
