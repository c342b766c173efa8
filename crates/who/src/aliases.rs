//! Name variants of one person: hyphens and spacing ("Kim Jong-un" / "Kim Jong Un"), surname or
//! family name alone ("Kim"), initials ("J. Smith"), common transliteration differences
//! ("Zelensky" / "Zelenskiy"); and the canonical name of a group of variants.

use std::collections::HashMap;

use crate::tokenize::fold_fast;

/// Folded name, punctuation dropped, hyphens as spaces: `Kim Jong-un` -> `kim jong un`.
pub fn name_key(name: &str) -> String {
    let f = fold_fast(name);
    let mut out = String::with_capacity(f.len());
    for c in f.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if (c == ' ' || c == '-' || c == '‐') && !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    }
    out.trim_end().to_string()
}

/// A spelling skeleton for one name token: `y`/`j` as `i`, doubled letters single, `w` as `v`,
/// `ck`/`kh` as `k`: Zelensky, Zelenskiy and Zelenskyy share `zelenski`.
pub fn skeleton(token: &str) -> String {
    let mut s = String::with_capacity(token.len());
    let t = token.replace("kh", "k").replace("ck", "k").replace("ph", "f");
    for c in t.chars() {
        let c = match c {
            'y' | 'j' => 'i',
            'w' => 'v',
            c => c,
        };
        if !s.ends_with(c) {
            s.push(c);
        }
    }
    s
}

fn tokens_of(name: &str) -> Vec<String> {
    name_key(name).split(' ').filter(|t| !t.is_empty()).map(skeleton).collect()
}

/// Whether the short name's tokens match the long name's tokens in order (initials match any
/// token starting with that letter): "Kim" in "Kim Jong Un", "J Smith" in "John Smith".
fn is_part_of(short: &[String], long: &[String]) -> bool {
    if short.is_empty() || short.len() > long.len() {
        return false;
    }
    let mut j = 0;
    for s in short {
        let mut matched = false;
        while j < long.len() {
            let l = &long[j];
            j += 1;
            if l == s || (s.chars().count() == 1 && l.starts_with(s.as_str())) {
                matched = true;
                break;
            }
        }
        if !matched {
            return false;
        }
    }
    // Initials alone do not identify anyone.
    if !short.iter().any(|s| s.chars().count() > 1) {
        return false;
    }
    // The short name ends with the long one's surname ("Rubio" / "Marco Rubio"), or starts a name
    // of at most three words ("Kim" / "Kim Jong Un", "Hillary" / "Hillary Clinton"): a surname
    // inside a longer capitalised run ("Marco Rubio Miss The Mark", "Trump SoHo New York Hotel")
    // is not that run.
    let initial_of = |s: &str, l: &str| s == l || (s.chars().count() == 1 && l.starts_with(s));
    short.last() == long.last() || (long.len() <= 3 && initial_of(&short[0], &long[0]))
}

/// Cluster person names: returns one cluster id per input name. Names whose tokens, joined, are
/// equal are one cluster; a shorter name joins the most mentioned longer name it is part of.
pub fn cluster_names(names: &[&str]) -> Vec<usize> {
    let toks: Vec<Vec<String>> = names.iter().map(|n| tokens_of(n)).collect();
    // Exact clusters by joined skeleton ("kimjongun").
    let mut exact: HashMap<String, usize> = HashMap::new();
    let mut exact_id = Vec::with_capacity(names.len());
    let mut counts: Vec<usize> = Vec::new();
    let mut rep: Vec<usize> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let joined: String = t.concat();
        let id = *exact.entry(joined).or_insert_with(|| {
            counts.push(0);
            rep.push(i);
            counts.len() - 1
        });
        counts[id] += 1;
        exact_id.push(id);
    }
    // Each exact cluster points to the largest (then most mentioned, then first) cluster whose
    // name contains it.
    let n = counts.len();
    let mut parent: Vec<usize> = (0..n).collect();
    // A longer name holding a short one holds each of its tokens that is not an initial: look only
    // at the clusters holding one of them (a big story has thousands of name forms).
    let lens: Vec<usize> = (0..n).map(|i| toks[rep[i]].iter().map(String::len).sum()).collect();
    let mut by_token: HashMap<&str, Vec<usize>> = HashMap::new();
    for b in 0..n {
        for t in &toks[rep[b]] {
            let holders = by_token.entry(t.as_str()).or_default();
            if holders.last() != Some(&b) {
                holders.push(b);
            }
        }
    }
    for a in 0..n {
        let ta = &toks[rep[a]];
        let Some(key) = ta.iter().filter(|t| t.chars().count() > 1).max_by_key(|t| t.len()) else { continue };
        let mut best: Option<usize> = None;
        for &b in by_token.get(key.as_str()).into_iter().flatten() {
            if a == b {
                continue;
            }
            let tb = &toks[rep[b]];
            if lens[b] <= lens[a] || !is_part_of(ta, tb) {
                continue;
            }
            let better = match best {
                None => true,
                Some(x) => {
                    let tx = &toks[rep[x]];
                    // The most mentioned, then the first named (a report introduces its
                    // protagonist first), then the longest.
                    (counts[b], std::cmp::Reverse(rep[b]), tb.len()) > (counts[x], std::cmp::Reverse(rep[x]), tx.len())
                }
            };
            if better {
                best = Some(b);
            }
        }
        if let Some(b) = best {
            parent[a] = b;
        }
    }
    // Follow parents to the root (chains like "Kim" -> "Kim Jong" -> "Kim Jong Un").
    let root = |mut x: usize| {
        for _ in 0..n {
            if parent[x] == x {
                break;
            }
            x = parent[x];
        }
        x
    };
    exact_id.iter().map(|&id| root(id)).collect()
}

/// The canonical name among variants: the longest full name; ties go to the most frequent, then
/// the alphabetically first (so the choice is deterministic).
pub fn canonical(names: &[&str]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for n in names {
        *counts.entry(n).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by(|(a, ca), (b, cb)| {
            let la = name_key(a).split(' ').count();
            let lb = name_key(b).split(' ').count();
            (la, a.chars().count(), ca).cmp(&(lb, b.chars().count(), cb)).then_with(|| b.cmp(a))
        })
        .map(|(n, _)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_cluster_together_and_others_apart() {
        let names = ["Kim Jong-un", "Kim Jong Un", "Kim", "Vladimir Putin", "Putin", "J. Erath", "John Erath"];
        let c = cluster_names(&names);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[0], c[2]);
        assert_eq!(c[3], c[4]);
        assert_ne!(c[0], c[3]);
        assert_eq!(c[5], c[6]);
        assert_ne!(c[5], c[3]);
    }

    #[test]
    fn a_surname_inside_a_longer_run_is_not_that_run() {
        let c = cluster_names(&["Dana Reyes", "Reyes", "Reyes Harbor Marina Grand Hotel", "Dana"]);
        assert_eq!(c[1], c[0]);
        assert_eq!(c[3], c[0]);
        assert_ne!(c[2], c[0]);
    }

    #[test]
    fn a_bare_surname_joins_the_first_named_of_equally_mentioned_namesakes() {
        let c = cluster_names(&["Chris Lane", "Anna Marie Lane", "Lane", "Chris Lane", "Anna Marie Lane"]);
        assert_eq!(c[2], c[0]);
        assert_ne!(c[1], c[0]);
    }

    #[test]
    fn transliterations_share_a_skeleton() {
        let c = cluster_names(&["Volodymyr Zelensky", "Zelenskiy", "Zelenskyy"]);
        assert!(c.iter().all(|&x| x == c[0]));
    }

    #[test]
    fn canonical_is_the_longest_then_most_frequent() {
        assert_eq!(canonical(&["Kim", "Kim Jong-un", "Kim Jong Un", "Kim Jong Un"]).unwrap(), "Kim Jong Un");
        assert_eq!(canonical(&["Putin", "Vladimir Putin"]).unwrap(), "Vladimir Putin");
    }
}
