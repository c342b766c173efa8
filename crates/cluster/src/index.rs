//! The inverted index from a story's strongest features to the stories posted under them, and
//! which stories are still candidates.

use crate::features::IdMap;
use crate::{Clusterer, Story};

impl Clusterer {
    /// the older story), among those `keep` accepts.
    pub(crate) fn most_shared(
        &self,
        features: &[u32],
        skip: Option<u32>,
        n: usize,
        keep: impl Fn(&Story) -> bool,
    ) -> Vec<u32> {
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
    /// Whether a storyline's dated reports lie within the storyline window of `day` (true when
    /// either side is undated).
    pub(crate) fn line_in_window(&self, line: u32, day: Option<(i32, i32)>) -> bool {
        match (day, self.line_profiles[line as usize].days) {
            (Some((a, b)), Some((f, l))) => i64::from(a - l).max(i64::from(f - b)) <= self.config.storyline_window_days,
            _ => true,
        }
    }

    pub(crate) fn in_window(&self, st: &Story, day: Option<(i32, i32)>, days: i64) -> bool {
        match (day, st.first_day, st.last_day) {
            (Some((a, b)), Some(f), Some(l)) => i64::from(a - l).max(i64::from(f - b)) <= days,
            _ => self.seq.saturating_sub(st.last_seq) <= self.config.window_articles * 4,
        }
    }

    pub(crate) fn post(&mut self, story: u32, lex: &[(u32, f32)], anchors: &[(u32, f32)]) {
        let q = self.config.query_features;
        let mut ids: Vec<u32> = strongest(lex, q).into_iter().chain(strongest(anchors, q / 2)).collect();
        ids.sort_unstable();
        ids.dedup();
        self.post_ids(story, &ids);
    }

    pub(crate) fn post_ids(&mut self, story: u32, ids: &[u32]) {
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

pub(crate) fn strongest(v: &[(u32, f32)], n: usize) -> Vec<u32> {
    let mut v = v.to_vec();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().take(n).map(|x| x.0).collect()
}
