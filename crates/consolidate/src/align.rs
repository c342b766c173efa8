//! Aligning fact candidates across a story's reports, counting independent sources, and deciding
//! whether the reports agree, roughly agree or conflict.

use crate::facts::{Candidate, Val};
use rassegna_dedup::independence_roots;
use rassegna_model::{Article, Fact, FactMention, FactStatus};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Minimum context overlap for candidates with different values to be taken as the same fact
/// (below it they are different facts that share a unit, not a conflict).
const CONFLICT_OVERLAP: f64 = 0.3;

/// How two stated values relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compat {
    Same,
    Approx,
    Different,
}

/// Relative tolerance of an approximation ("circa", "about").
const APPROX_TOLERANCE: f64 = 0.15;

fn rel_diff(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-9)
}

/// Whether `b` fits the bound stated by `a` (`more-than 300` fits 320).
fn fits(a: &Candidate, av: f64, bv: f64) -> bool {
    match a.qualifier {
        Some("more-than") | Some("at-least") => bv >= av * 0.98,
        Some("less-than") => bv <= av * 1.02,
        Some("approx") if a.vague => bv >= av * 0.9 && bv < av * 10.0,
        Some("approx") => rel_diff(av, bv) <= APPROX_TOLERANCE,
        _ => false,
    }
}

pub fn compat(a: &Candidate, b: &Candidate) -> Compat {
    if a.predicate == "relation" {
        return Compat::Same;
    }
    match (&a.value, &b.value) {
        (Val::Num(x), Val::Num(y)) => {
            if rel_diff(*x, *y) < 0.005 && a.vague == b.vague {
                Compat::Same
            } else if fits(a, *x, *y) || fits(b, *y, *x) {
                Compat::Approx
            } else {
                Compat::Different
            }
        }
        (Val::Text(x), Val::Text(y)) if x == y => Compat::Same,
        // Dates of different precision: "2022" and "2022-02" agree roughly.
        (Val::Text(x), Val::Text(y)) if x.starts_with(y.as_str()) || y.starts_with(x.as_str()) => Compat::Approx,
        _ => Compat::Different,
    }
}

/// Whether a context feature means the same in every language (names, event and subject ids).
fn is_neutral(f: &str) -> bool {
    !f.starts_with("t:")
}

/// Unit ids in a context come from other numbers in the sentence ("85 sportelli e 1.100
/// dipendenti"): lists of amounts share them without being about the same thing.
fn counts(f: &str) -> bool {
    !f.starts_with("u:")
}

/// Whether two numeric values are within the approximation tolerance of each other (a bound such
/// as "oltre 100" fits far larger values, so it needs shared context instead).
fn near(a: &Candidate, b: &Candidate) -> bool {
    match (&a.value, &b.value) {
        (Val::Num(x), Val::Num(y)) => rel_diff(*x, *y) <= APPROX_TOLERANCE && !a.vague && !b.vague,
        _ => false,
    }
}

/// Context features two candidates share (neutral ones only across languages).
fn shared(a: &Candidate, b: &Candidate) -> usize {
    let same = a.lang == b.lang;
    a.context.iter().filter(|f| counts(f) && (same || is_neutral(f)) && b.context.contains(*f)).count()
}

/// Overlap coefficient of two contexts (neutral features only across languages); zero when fewer
/// than two features are shared, since one shared name says little.
fn overlap(a: &Candidate, b: &Candidate) -> f64 {
    let same = a.lang == b.lang;
    let keep = |f: &&String| counts(f) && (same || is_neutral(f));
    let na = a.context.iter().filter(keep).count();
    let nb = b.context.iter().filter(keep).count();
    let inter = a.context.iter().filter(keep).filter(|f| b.context.contains(*f)).count();
    if inter < 2 {
        return 0.0;
    }
    inter as f64 / na.min(nb).max(1) as f64
}

/// Group candidates into aligned facts and judge each.
pub fn align(articles: &[Article], cands: Vec<Candidate>) -> Vec<Fact> {
    let roots = independence_roots(articles);
    let mut buckets: HashMap<String, Vec<Candidate>> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    for c in cands {
        if !buckets.contains_key(&c.key) {
            order.push(c.key.clone());
        }
        buckets.entry(c.key.clone()).or_default().push(c);
    }
    let mut facts = Vec::new();
    for key in order {
        let bucket = buckets.remove(&key).unwrap_or_default();
        // An article stating several different values under one key is ambiguous about which is
        // "the" value: such mentions may join a fact only where the value fits.
        let mut distinct: HashMap<usize, Vec<usize>> = HashMap::new();
        for (k, c) in bucket.iter().enumerate() {
            let seen: Vec<usize> = distinct.get(&c.article).cloned().unwrap_or_default();
            if !seen.iter().any(|o| compat(&bucket[*o], c) == Compat::Same) {
                distinct.entry(c.article).or_default().push(k);
            }
        }
        let mut clusters: Vec<Vec<Candidate>> = Vec::new();
        for c in bucket {
            // The same article repeating a value (headline and body) adds a mention, not a fact.
            if let Some(cl) = clusters
                .iter_mut()
                .find(|cl| cl.iter().any(|m| m.article == c.article && compat(m, &c) == Compat::Same))
            {
                cl.push(c);
                continue;
            }
            // First pass: a mention joins the fact whose value it fits.
            let mut best: Option<(usize, (Compat, f64))> = None;
            for (ci, cl) in clusters.iter().enumerate() {
                if cl.iter().any(|m| m.article == c.article) {
                    continue;
                }
                let fit = cl.iter().map(|m| compat(m, &c)).min().unwrap_or(Compat::Same);
                let sim = cl.iter().map(|m| overlap(m, &c)).fold(0.0, f64::max);
                let ok = match fit {
                    Compat::Same => true,
                    // A different value that fits an approximation must share some context too:
                    // "circa 300 sfollati" and "oltre cento persone" at work are different facts.
                    Compat::Approx => cl.iter().any(|m| shared(m, &c) > 0 || near(m, &c)),
                    Compat::Different => false,
                };
                if ok && best.as_ref().is_none_or(|(_, (bf, bs))| (fit, -sim) < (*bf, -*bs)) {
                    best = Some((ci, (fit, sim)));
                }
            }
            match best {
                Some((ci, _)) => clusters[ci].push(c),
                None => clusters.push(vec![c]),
            }
        }
        // Second pass: facts whose values differ but whose statements share their context are one
        // fact in conflict. Merging after all mentions are placed keeps the verdict independent of
        // the order of the reports.
        // A statement is clear when its article states one value under this key, or when its
        // article's other values are facts other reports state too (a past toll both recall).
        let agreed: Vec<bool> =
            clusters.iter().map(|c| c.iter().map(|m| m.article).collect::<BTreeSet<_>>().len() > 1).collect();
        let is_clear = |own: usize, m: &Candidate| {
            distinct.get(&m.article).is_none_or(|v| v.len() < 2)
                || clusters
                    .iter()
                    .enumerate()
                    .all(|(ci, c)| ci == own || agreed[ci] || !c.iter().any(|o| o.article == m.article))
        };
        let clear_flags: Vec<Vec<bool>> =
            clusters.iter().enumerate().map(|(ci, c)| c.iter().map(|m| is_clear(ci, m)).collect()).collect();
        // Dates and ages of different things differ without contradicting.
        let mergeable = !matches!(clusters.first().map(|c| c[0].predicate), Some("date" | "age"));
        let n = if mergeable { clusters.len() } else { 0 };
        // Single linkage: the similarity of two facts is that of their closest clear statements.
        let mut sim = vec![vec![0.0f64; n]; n];
        for i in 0..n {
            for j in i + 1..n {
                let mut best: f64 = 0.0;
                for (m, _) in clusters[i].iter().zip(&clear_flags[i]).filter(|(_, c)| **c) {
                    for (o, _) in clusters[j].iter().zip(&clear_flags[j]).filter(|(o, c)| **c && o.detail == m.detail) {
                        best = best.max(overlap(m, o));
                    }
                }
                sim[i][j] = best;
                sim[j][i] = best;
            }
        }
        let mut members: Vec<BTreeSet<usize>> =
            clusters.iter().map(|c| c.iter().map(|m| m.article).collect()).collect();
        let mut alive = vec![true; n];
        loop {
            let mut best: Option<(usize, usize, f64)> = None;
            for i in (0..n).filter(|i| alive[*i]) {
                for j in (i + 1..n).filter(|j| alive[*j]) {
                    let s = sim[i][j];
                    if s >= CONFLICT_OVERLAP
                        && best.is_none_or(|(_, _, b)| s > b)
                        && members[i].is_disjoint(&members[j])
                    {
                        best = Some((i, j, s));
                    }
                }
            }
            let Some((i, j, _)) = best else { break };
            let moved = std::mem::take(&mut clusters[j]);
            clusters[i].extend(moved);
            let mj = std::mem::take(&mut members[j]);
            members[i].extend(mj);
            alive[j] = false;
            let row_j = sim[j].clone();
            for (k, sj) in row_j.into_iter().enumerate() {
                let v = sim[i][k].max(sj);
                sim[i][k] = v;
                sim[k][i] = v;
            }
        }
        clusters.retain(|c| !c.is_empty());
        for cl in clusters {
            facts.push(judge(articles, &roots, cl));
        }
    }
    // Conflicts first, then facts with more independent sources.
    facts.sort_by(|a, b| {
        let rank = |f: &Fact| match f.status {
            FactStatus::Conflict => 0,
            FactStatus::Agree => 1,
            FactStatus::ApproxAgree => 2,
            FactStatus::Single => 3,
        };
        rank(a).cmp(&rank(b)).then(b.independent_sources.cmp(&a.independent_sources))
    });
    facts
}

fn judge(articles: &[Article], roots: &[String], cl: Vec<Candidate>) -> Fact {
    let root_of = |c: &Candidate| roots[c.article].as_str();
    let sources: Vec<String> = {
        let mut seen = BTreeSet::new();
        cl.iter().filter(|c| seen.insert(c.article)).map(|c| articles[c.article].id.clone()).collect()
    };
    let independent: BTreeSet<&str> = cl.iter().map(root_of).collect();
    // The value most independent sources state (ties: the first stated).
    let mut best = 0;
    let mut best_n = 0;
    for (i, c) in cl.iter().enumerate() {
        let n: BTreeSet<&str> = cl.iter().filter(|o| compat(o, c) == Compat::Same).map(root_of).collect();
        if n.len() > best_n {
            best_n = n.len();
            best = i;
        }
    }
    let rep = &cl[best];
    let mut worst = Compat::Same;
    for (i, a) in cl.iter().enumerate() {
        for b in &cl[i + 1..] {
            let c = compat(a, b);
            // Disagreement inside one independent source (a wire copy edited) is no conflict.
            let c = if c == Compat::Different && root_of(a) == root_of(b) { Compat::Approx } else { c };
            worst = worst.max(c);
        }
    }
    let status = if independent.len() < 2 {
        FactStatus::Single
    } else {
        match worst {
            Compat::Same => FactStatus::Agree,
            Compat::Approx => FactStatus::ApproxAgree,
            Compat::Different => FactStatus::Conflict,
        }
    };
    let rep_value = rep.value_string();
    let mentions = cl
        .iter()
        .map(|c| {
            let a = &articles[c.article];
            let v = c.value_string();
            let value = match (&c.stated, v != rep_value || c.qualifier != rep.qualifier) {
                (Some(stated), _) => Some(stated.clone()),
                (None, true) => Some(match c.qualifier {
                    Some(q) => format!("{q} {v}"),
                    None => v,
                }),
                (None, false) => None,
            };
            FactMention {
                article: a.id.clone(),
                text: a.text[c.start..c.end].to_string(),
                start: c.start,
                end: c.end,
                value,
            }
        })
        .collect();
    // The subject in the language most of its mentions are in, so a mostly Italian story reads
    // "morti" and not the one English report's "dead".
    let mut by_lang: BTreeMap<&str, usize> = BTreeMap::new();
    for c in &cl {
        *by_lang.entry(c.lang).or_default() += 1;
    }
    let main_lang = by_lang.iter().max_by_key(|(l, n)| (**n, *l == &rep.lang)).map_or(rep.lang, |(l, _)| *l);
    let subject = if rep.lang == main_lang {
        rep.subject.clone()
    } else {
        cl.iter().find(|c| c.lang == main_lang).map_or_else(|| rep.subject.clone(), |c| c.subject.clone())
    };
    Fact {
        subject,
        predicate: rep.predicate.to_string(),
        value: rep_value,
        qualifier: rep.qualifier.map(str::to_string),
        sources,
        independent_sources: independent.len(),
        status,
        mentions,
    }
}
