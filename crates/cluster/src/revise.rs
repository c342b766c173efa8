//! Revision of recent decisions: split a story whose reports form two groups, merge two stories
//! that turned out to be one, move a report to the story it now fits better.
//!
//! Single-pass clustering decides with what it has seen: the first report of a look-alike event can
//! join the other event's story and pull the next reports in with it, and two halves of one event
//! can start apart before the vocabulary that binds them is known. [`Clusterer::revise`] looks again
//! at the stories touched since its last call, and only those: each is checked when it has grown by
//! a quarter since its last check, so the cost per article stays bounded (a story is re-read
//! O(log size) times). A report left alone in its story while three or more later reports went to
//! another story joins that story if it scores the join threshold with it now: it started alone
//! only because that story had not yet grown the words they share. A report that scores better
//! with a nearby story than with the rest of its own moves there: it chose between the
//! stories as they were when it came, and a look-alike event's story may have grown since. Reports
//! placed by a user's correction are never moved, and stories holding them are never merged, split
//! or given reports.

use std::borrow::Cow;

use crate::features::{IdMap, NUMBER_BIT, add_into};
use crate::{Clusterer, Revision, Story};
use rassegna_model::{Decision, Evidence};

/// Group centroids keep every feature: they are rebuilt from members, not kept.
const FULL: usize = usize::MAX;

/// A split by names needs this many names on each side that mark it: in at least half of its
/// reports and in none of the other side's. Two events have their own people and places; two
/// halves of one event divided by chance names do not.
const MARKERS: usize = 3;

/// Later reports another story must have taken for a lone report to count as passed over.
const ABSORB_AFTER: usize = 3;

/// A centroid being compared: lexical terms, anchors, languages present. Built from members, or
/// borrowed from a story or a storyline profile as it stands.
struct Centroid<'a> {
    lex: Cow<'a, [(u32, f32)]>,
    anchors: Cow<'a, [(u32, f32)]>,
    langs: u64,
}

impl<'a> Centroid<'a> {
    fn of(c: &Clusterer, members: &[u32]) -> Centroid<'static> {
        let (mut lex, mut anchors, mut langs) = (Vec::new(), Vec::new(), 0u64);
        for &m in members {
            let m = &c.members[m as usize];
            add_into(&mut lex, &m.lex, 1.0, FULL);
            add_into(&mut anchors, &m.anchors, 1.0, FULL);
            langs |= 1 << m.lang;
        }
        Centroid { lex: lex.into(), anchors: anchors.into(), langs }
    }

    fn of_story(st: &'a Story) -> Centroid<'a> {
        Centroid { lex: (&st.lex[..]).into(), anchors: (&st.anchors[..]).into(), langs: st.langs }
    }

    /// Without one member's features.
    fn without(&self, m: &crate::Member) -> Centroid<'static> {
        let (mut lex, mut anchors) = (self.lex.to_vec(), self.anchors.to_vec());
        add_into(&mut lex, &m.lex, -1.0, FULL);
        add_into(&mut anchors, &m.anchors, -1.0, FULL);
        Centroid { lex: lex.into(), anchors: anchors.into(), langs: self.langs }
    }
}

/// Whether a story size calls for a check, given the size at the last one.
fn due(size: u32, checked: u32) -> bool {
    size >= 2 && size >= (checked + 1).max(checked + checked / 4)
}

impl Clusterer {
    /// Score of two centroids, as an article scores against a story (without the time factor), plus
    /// the storyline score.
    fn centroid_score(&self, a: &Centroid, b: &Centroid) -> (f32, f32) {
        let l = self.likeness((&a.lex, &b.lex), (&a.anchors, &b.anchors), a.langs != b.langs);
        (l.score, self.storyline_score(l.lex, l.specific, l.anchors))
    }

    /// Score of one member against a group centroid.
    fn member_score(&self, m: u32, g: &Centroid) -> f32 {
        let m = &self.members[m as usize];
        self.likeness((&m.lex, &g.lex), (&m.anchors, &g.anchors), g.langs & !(1u64 << m.lang) != 0).score
    }

    /// Mark the restored stories as already looked at, up to the last size a continuous run would
    /// have checked them at: after a restart, revision resumes as if the run had not stopped, instead
    /// of looking again at every stored story. Call it once the stored articles are restored.
    pub fn settle(&mut self) {
        for s in std::mem::take(&mut self.dirty) {
            let st = &mut self.stories[s as usize];
            st.checked = last_due(st.size);
        }
    }

    /// Look again at the stories touched since the last call: split those whose reports form two
    /// separate groups, merge those that match an existing story. Returns the articles that moved,
    /// in ingest order, with their new story and storyline. Call it after each batch of
    /// [`Clusterer::assign`]; without it nothing assigned ever moves.
    pub fn revise(&mut self) -> Vec<Revision> {
        let mut moved: Vec<(u32, Evidence)> = Vec::new();
        for m in std::mem::take(&mut self.reread) {
            self.detach_if_apart(m, &mut moved);
        }
        let mut dirty = std::mem::take(&mut self.dirty);
        dirty.sort_unstable();
        dirty.dedup();
        for s in dirty {
            let st = &self.stories[s as usize];
            if !due(st.size, st.checked) {
                continue;
            }
            self.stories[s as usize].checked = st.size;
            if let Some(new) = self.try_split(s, &mut moved) {
                self.stories[new as usize].checked = self.stories[new as usize].size;
                let near = self.near_stories(new);
                self.try_merge(new, &near, &mut moved);
            }
            let mut near = self.near_stories(s);
            self.try_merge(s, &near, &mut moved);
            // A move changes both stories' centroids: look again until no report moves.
            for _ in 0..self.config.reassign_rounds {
                if !self.try_reassign(s, &near, &mut moved) {
                    break;
                }
                near = self.near_stories(s);
            }
            self.try_relink(s, &mut moved);
        }
        // One answer per article: where it ended up.
        moved.sort_by_key(|m| m.0);
        let mut out: Vec<Revision> = Vec::new();
        for (i, (m, ev)) in moved.iter().enumerate() {
            if moved.get(i + 1).is_some_and(|n| n.0 == *m) {
                continue;
            }
            let mem = &self.members[*m as usize];
            let st = &self.stories[mem.story as usize];
            out.push(Revision {
                article: mem.id.to_string(),
                story: st.id.to_string(),
                storyline: self.storylines[st.storyline as usize].to_string(),
                evidence: ev.clone(),
            });
        }
        out
    }

    /// A member read again (its text cleaned of a template since it joined) that no longer scores
    /// the join threshold against the rest of its story leaves it for a story of its own: the join
    /// rested on the template. Small stories too (a split needs six reports).
    fn detach_if_apart(&mut self, m: u32, moved: &mut Vec<(u32, Evidence)>) {
        let member = &self.members[m as usize];
        let s = member.story;
        let st = &self.stories[s as usize];
        if member.pinned || st.pinned > 0 {
            return;
        }
        let own: Vec<u32> = st.members.iter().copied().filter(|&x| self.members[x as usize].orig == x).collect();
        if own.len() < 2 {
            return;
        }
        let rest = Centroid::of_story(st).without(member);
        let (cross, line) = self.centroid_score(&Centroid::of(self, &[m]), &rest);
        if cross >= self.config.join {
            return;
        }
        let side: Vec<bool> = own.iter().map(|&x| x == m).collect();
        let new = self.split_off(s, &own, &side, cross, line, moved);
        self.dirty.extend([s, new]);
    }

    /// Two-means over a story's reports (seeded with the founding report and the one least like it);
    /// split off the group without the founder when the two groups score below the split threshold.
    fn try_split(&mut self, s: u32, moved: &mut Vec<(u32, Evidence)>) -> Option<u32> {
        let c = &self.config;
        let st = &self.stories[s as usize];
        if c.split <= 0.0 || st.pinned > 0 {
            return None;
        }
        let own: Vec<u32> = st.members.iter().copied().filter(|&m| self.members[m as usize].orig == m).collect();
        if own.len() < 6 || own.len() > c.revise_max {
            return None;
        }
        if let Some((side, marked)) = self.name_partition(&own)
            && marked >= MARKERS
        {
            let a: Vec<u32> = own.iter().zip(&side).filter(|x| !*x.1).map(|x| *x.0).collect();
            let b: Vec<u32> = own.iter().zip(&side).filter(|x| *x.1).map(|x| *x.0).collect();
            let (cross, line) = self.centroid_score(&Centroid::of(self, &a), &Centroid::of(self, &b));
            if cross < c.split_names {
                return Some(self.split_off(s, &own, &side, cross, line, moved));
            }
        }
        let founder = own[0];
        let seed = Centroid::of(self, &[founder]);
        let far = own[1..]
            .iter()
            .copied()
            .min_by(|&a, &b| self.member_score(a, &seed).total_cmp(&self.member_score(b, &seed)).then(a.cmp(&b)))?;
        let (mut ga, mut gb) = (seed, Centroid::of(self, &[far]));
        let mut side: Vec<bool> = vec![false; own.len()];
        for _ in 0..5 {
            let next: Vec<bool> =
                own.iter().map(|&m| m != founder && self.member_score(m, &gb) > self.member_score(m, &ga)).collect();
            let stable = next == side;
            side = next;
            let a: Vec<u32> = own.iter().zip(&side).filter(|x| !*x.1).map(|x| *x.0).collect();
            let b: Vec<u32> = own.iter().zip(&side).filter(|x| *x.1).map(|x| *x.0).collect();
            if b.is_empty() {
                return None;
            }
            ga = Centroid::of(self, &a);
            gb = Centroid::of(self, &b);
            if stable {
                break;
            }
        }
        let nb = side.iter().filter(|&&x| x).count();
        if nb < 3 || own.len() - nb < 3 {
            return None;
        }
        let (cross, line) = self.centroid_score(&ga, &gb);
        if cross >= self.config.split {
            return None;
        }
        Some(self.split_off(s, &own, &side, cross, line, moved))
    }

    /// Two look-alike events in one story (one champion's two fights, one shop robbed twice) are
    /// told in the same words; what sets them apart is names: each event has people and places
    /// of its own. Candidate divisions are by two names that never meet in one report and
    /// together cover two thirds of the reports (dividing by one name, present or not, split
    /// single events on ECB+); the one with the most marker names on its weaker side is kept.
    /// Returns the side of each report (`true`: the group without the founder) and that number
    /// of markers; reports named by neither name go with the closer group.
    fn name_partition(&self, own: &[u32]) -> Option<(Vec<bool>, usize)> {
        // One bit per report: `revise_max` keeps stories checked for a split far below this.
        if own.len() > 128 {
            return None;
        }
        let mut cover: IdMap<u128> = IdMap::default();
        for (i, &m) in own.iter().enumerate() {
            for &(id, _) in self.members[m as usize].anchors.iter().filter(|a| a.0 & NUMBER_BIT == 0) {
                *cover.entry(id).or_default() |= 1 << i;
            }
        }
        let all: Vec<u128> = cover.into_values().collect();
        let n = own.len() as u32;
        let full = if n == 128 { u128::MAX } else { (1u128 << n) - 1 };
        let least = 3.max(n / 4);
        let mut names: Vec<u128> =
            all.iter().copied().filter(|b| (least..=n * 3 / 4).contains(&b.count_ones())).collect();
        names.sort_by_key(|b| (std::cmp::Reverse(b.count_ones()), *b));
        names.dedup();
        names.truncate(40);
        // (markers on the weaker side, the founder's name, the other name)
        let mut best: Option<(usize, u128, u128)> = None;
        for (i, &x) in names.iter().enumerate() {
            for &y in names[i + 1..].iter().filter(|&&y| x & y == 0 && (x | y).count_ones() * 3 >= n * 2) {
                let m = markers(&all, x, y);
                if m > 0 && best.is_none_or(|b| m > b.0) {
                    best = Some(if y & 1 != 0 { (m, y, x) } else { (m, x, y) });
                }
            }
        }
        let (_, x, y) = best?;
        let pick = |mask: u128| -> Vec<u32> {
            own.iter().enumerate().filter(|(i, _)| mask >> i & 1 != 0).map(|(_, &m)| m).collect()
        };
        let (ga, gb) = (Centroid::of(self, &pick(x)), Centroid::of(self, &pick(y)));
        let side: Vec<bool> = own
            .iter()
            .enumerate()
            .map(|(i, &m)| {
                if x >> i & 1 != 0 {
                    false
                } else if y >> i & 1 != 0 {
                    true
                } else {
                    i != 0 && self.member_score(m, &gb) > self.member_score(m, &ga)
                }
            })
            .collect();
        let b = side.iter().enumerate().filter(|x| *x.1).fold(0u128, |acc, (i, _)| acc | 1 << i);
        Some((side, markers(&all, full & !b, b)))
    }

    /// Move the reports on `side` (and their copies) out of story `s` into a new story.
    fn split_off(
        &mut self,
        s: u32,
        own: &[u32],
        side: &[bool],
        cross: f32,
        line: f32,
        moved: &mut Vec<(u32, Evidence)>,
    ) -> u32 {
        let st = &self.stories[s as usize];
        // Duplicates go with their originals.
        let part: Vec<u32> = st
            .members
            .iter()
            .copied()
            .filter(|&m| {
                let o = self.members[m as usize].orig;
                own.iter().position(|&x| x == o).is_some_and(|i| side[i])
            })
            .collect();
        let first = self.members[part[0] as usize].id.to_string();
        let storyline =
            if line >= self.config.storyline { st.storyline } else { self.new_storyline(&format!("l-{first}")) };
        let new = self.new_story(&format!("s-{first}"), storyline);
        for &m in &part {
            self.relocate(m, new);
            let ev = Evidence { score: cross, decision: Decision::Split, ..Evidence::default() };
            moved.push((m, ev));
        }
        self.refresh(s);
        self.refresh(new);
        new
    }

    /// Compare a story's centroid with the stories sharing its strongest features; merge it with the
    /// best one at or above the merge threshold (the younger story goes into the older). Two dated
    /// stories on the same days need less ([`crate::ClusterConfig::merge_dated`]), and a lone
    /// report its event passed over only the join threshold ([`Clusterer::passed_over`]).
    fn try_merge(&mut self, s: u32, near: &[(u32, f32)], moved: &mut Vec<(u32, Evidence)>) {
        let c = &self.config;
        let st = &self.stories[s as usize];
        if c.merge > 1.0 || st.size == 0 || st.pinned > 0 {
            return;
        }
        let mine_dated = self.dated(st);
        let best = near
            .iter()
            .map(|&(t, sim)| {
                let other = &self.stories[t as usize];
                let factor = self.range_factor(st, other);
                // Reports on the same days are evidence of one event, which unknown dates are not.
                let same_days = factor >= 1.0 && mine_dated && self.dated(other);
                let mut need = if same_days { c.merge_dated } else { c.merge };
                if self.passed_over(st, other) || self.passed_over(other, st) {
                    need = need.min(c.join);
                }
                (t, sim * factor, need)
            })
            .filter(|&(_, score, need)| score >= need)
            .map(|(t, score, _)| (t, score))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((t, score)) = best else {
            return;
        };
        let (keep, gone) = (s.min(t), s.max(t));
        let members = self.stories[gone as usize].members.clone();
        for m in members {
            self.relocate(m, keep);
            moved.push((m, Evidence { score, decision: Decision::Merged, ..Evidence::default() }));
        }
        self.refresh(keep);
        self.refresh(gone);
    }

    /// Each report of a story (copies aside) scored against the rest of its story and against the
    /// nearby stories: one that scores better elsewhere (by more than `reassign`), and at least the
    /// join threshold, moves there with its copies. Single-pass assignment chose between the
    /// stories as they were when the report came; a look-alike event's story may have grown since.
    /// Returns whether any report moved.
    fn try_reassign(&mut self, s: u32, near: &[(u32, f32)], moved: &mut Vec<(u32, Evidence)>) -> bool {
        let c = &self.config;
        let st = &self.stories[s as usize];
        if c.reassign < 0.0 || st.size < 2 || st.pinned > 0 {
            return false;
        }
        let own: Vec<u32> = st.members.iter().copied().filter(|&m| self.members[m as usize].orig == m).collect();
        if own.len() < 2 || own.len() > c.revise_max {
            return false;
        }
        // A merge may have emptied one of them.
        let others: Vec<(u32, Centroid)> = near
            .iter()
            .filter(|&&(t, sim)| sim >= c.reassign_near && self.stories[t as usize].size > 0)
            .map(|&(t, _)| (t, Centroid::of_story(&self.stories[t as usize])))
            .collect();
        if others.is_empty() {
            return false;
        }
        // The rest of the story, for the few reports that score the join threshold elsewhere.
        let mut whole: Option<Centroid> = None;
        let mut moves: Vec<(u32, u32, f32)> = Vec::new();
        for &m in &own {
            let mem = &self.members[m as usize];
            let when = (mem.day, &mem.hints[..]);
            let range = |t: u32| {
                let o = &self.stories[t as usize];
                (o.first_day.zip(o.last_day), &o.hints[..])
            };
            let Some((t, score)) = others
                .iter()
                .map(|(t, g)| (*t, self.member_score(m, g) * self.when_factor(when, range(*t)).0))
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .filter(|x| x.1 >= c.join)
            else {
                continue;
            };
            let rest = whole.get_or_insert_with(|| Centroid::of(self, &own)).without(mem);
            let here = self.member_score(m, &rest) * self.when_factor(when, range(s)).0;
            if score > here + c.reassign {
                moves.push((m, t, score));
            }
        }
        let mut touched: Vec<u32> = Vec::new();
        for (m, t, score) in moves {
            let copies: Vec<u32> = self.stories[s as usize]
                .members
                .iter()
                .copied()
                .filter(|&x| self.members[x as usize].orig == m)
                .collect();
            for x in copies {
                self.relocate(x, t);
                moved.push((x, Evidence { score, decision: Decision::Reassigned, ..Evidence::default() }));
            }
            touched.push(t);
        }
        if touched.is_empty() {
            return false;
        }
        // Date ranges and centroids as if the reports had been placed there from the start.
        touched.push(s);
        touched.sort_unstable();
        touched.dedup();
        for t in touched {
            self.refresh(t);
        }
        true
    }

    /// The stories a revision compares a story with: those sharing its strongest features (most
    /// shared first, up to `merge_candidates`), recent and without corrections, with the score of
    /// their centroids (no time factor).
    fn near_stories(&self, s: u32) -> Vec<(u32, f32)> {
        let c = &self.config;
        let mine = Centroid::of_story(&self.stories[s as usize]);
        self.centroid_candidates(s, c.merge_candidates, |other| {
            other.size > 0 && other.pinned == 0 && self.seq.saturating_sub(other.last_seq) <= c.window_articles
        })
        .into_iter()
        .map(|t| (t, self.centroid_score(&mine, &Centroid::of_story(&self.stories[t as usize])).0))
        .collect()
    }

    /// Up to `n` other stories sharing a story's strongest features, most shared first, among
    /// those `keep` accepts.
    fn centroid_candidates(&self, s: u32, n: usize, keep: impl Fn(&Story) -> bool) -> Vec<u32> {
        let st = &self.stories[s as usize];
        let q = self.config.query_features;
        let query: Vec<u32> = crate::index::strongest(&st.lex, q)
            .into_iter()
            .chain(crate::index::strongest(&st.anchors, q / 2))
            .collect();
        self.most_shared(&query, Some(s), n, keep)
    }

    /// A story alone in its storyline looks again for an earlier storyline, now with all its
    /// reports rather than its first one; the best at or above the storyline threshold takes it.
    fn try_relink(&mut self, s: u32, moved: &mut Vec<(u32, Evidence)>) {
        let st = &self.stories[s as usize];
        let line = st.storyline;
        if st.size == 0 || st.pinned > 0 || self.line_stories[line as usize] > 1 {
            return;
        }
        let mine = Centroid::of_story(st);
        let range = st.first_day.zip(st.last_day);
        let c = &self.config;
        let best = self
            .centroid_candidates(s, c.merge_candidates, |other| {
                other.size > 0
                    && other.storyline != line
                    && self.in_window(other, range, c.storyline_window_days)
                    && self.line_in_window(other.storyline, range)
            })
            .into_iter()
            .map(|t| {
                let other = &self.stories[t as usize];
                let story = self.centroid_score(&mine, &Centroid::of_story(other)).1;
                let prof = &self.line_profiles[other.storyline as usize];
                let whole =
                    Centroid { lex: (&prof.lex[..]).into(), anchors: (&prof.anchors[..]).into(), langs: other.langs };
                (t, story.max(self.centroid_score(&mine, &whole).1))
            })
            .filter(|&(_, score)| score >= c.storyline)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((t, score)) = best else {
            return;
        };
        let to = self.stories[t as usize].storyline;
        self.line_stories[line as usize] -= 1;
        self.line_stories[to as usize] += 1;
        self.stories[s as usize].storyline = to;
        let (lex, anchors) = (self.stories[s as usize].lex.clone(), self.stories[s as usize].anchors.clone());
        let prof = &mut self.line_profiles[to as usize];
        add_into(&mut prof.lex, &lex, 1.0, crate::LINE_FEATURES);
        add_into(&mut prof.anchors, &anchors, 1.0, crate::LINE_FEATURES);
        prof.extend(range);
        for &m in &self.stories[s as usize].members {
            moved.push((m, Evidence { score, decision: Decision::Storyline, ..Evidence::default() }));
        }
    }

    /// Whether a story's date range describes it: at least a third of its reports are dated (one
    /// dated report among many undated ones says little about when the others happened).
    fn dated(&self, st: &Story) -> bool {
        let dated = st.members.iter().filter(|&&m| self.members[m as usize].day.is_some()).count();
        dated * 3 >= st.members.len()
    }

    /// Whether a story holds one report of its own (copies aside), and `other` took at least
    /// three reports since it: the later reports of its event went elsewhere.
    fn passed_over(&self, st: &Story, other: &Story) -> bool {
        let mut own = st.members.iter().filter(|&&m| self.members[m as usize].orig == m);
        let (Some(&m), None) = (own.next(), own.next()) else {
            return false;
        };
        // Members are kept in ingest order: count back from the latest.
        let later = other.members.iter().rev().take_while(|&&o| o > m);
        later.filter(|&&o| self.members[o as usize].orig == o).nth(ABSORB_AFTER - 1).is_some()
    }

    /// Time factor between two stories' date ranges (1 when either is undated).
    fn range_factor(&self, a: &Story, b: &Story) -> f32 {
        self.when_factor((a.first_day.zip(a.last_day), &a.hints), (b.first_day.zip(b.last_day), &b.hints)).0
    }

    /// The distinct months a story's undated reports name.
    pub(crate) fn hints_of(&self, s: u32) -> Vec<(Option<i32>, u8)> {
        let mut out = Vec::new();
        for &m in &self.stories[s as usize].members {
            crate::dates::add_hints(&mut out, &self.members[m as usize].hints);
        }
        out
    }

    /// Rebuild a story's centroid, dates, named months and languages from its members.
    pub(crate) fn refresh(&mut self, s: u32) {
        let (keep_t, keep_a) = (self.config.story_terms, self.config.story_anchors);
        let members = std::mem::take(&mut self.stories[s as usize].members);
        let (mut lex, mut anchors, mut langs) = (Vec::new(), Vec::new(), 0u64);
        let (mut first, mut last) = (None::<i32>, None::<i32>);
        for &m in &members {
            let m = &self.members[m as usize];
            add_into(&mut lex, &m.lex, 1.0, FULL);
            add_into(&mut anchors, &m.anchors, 1.0, FULL);
            langs |= 1 << m.lang;
            if let Some((a, b)) = m.day {
                first = Some(first.map_or(a, |f| f.min(a)));
                last = Some(last.map_or(b, |l| l.max(b)));
            }
        }
        add_into(&mut lex, &[], 1.0, keep_t);
        add_into(&mut anchors, &[], 1.0, keep_a);
        let st = &mut self.stories[s as usize];
        st.size = members.len() as u32;
        st.members = members;
        (st.lex, st.anchors, st.langs, st.first_day, st.last_day) = (lex, anchors, langs, first, last);
        self.stories[s as usize].hints = self.hints_of(s);
    }
}

/// Marker names of the weaker of two groups of reports (bit masks): names in at least half of
/// one group's reports (two at least) and in none of the other's.
fn markers(names: &[u128], a: u128, b: u128) -> usize {
    let side = |x: u128, y: u128| {
        let need = 2.max(x.count_ones().div_ceil(2));
        names.iter().filter(|&&c| c & y == 0 && (c & x).count_ones() >= need).count()
    };
    side(a, b).min(side(b, a))
}

/// The last size at most `size` at which a story growing one report at a time was checked.
fn last_due(size: u32) -> u32 {
    let mut checked = 0;
    for s in 2..=size {
        if due(s, checked) {
            checked = s;
        }
    }
    checked
}

#[cfg(test)]
mod tests {
    use super::{due, last_due};

    #[test]
    fn a_restored_story_counts_as_checked_at_its_last_due_size() {
        assert_eq!([1, 2, 9, 10, 11, 40].map(last_due), [0, 2, 8, 10, 10, 33]);
    }

    #[test]
    fn checks_come_at_geometric_sizes() {
        let mut checked = 0;
        let mut at = vec![];
        for size in 1..=40 {
            if due(size, checked) {
                at.push(size);
                checked = size;
            }
        }
        assert_eq!(at, vec![2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 18, 22, 27, 33]);
    }
}
