//! Near-duplicate and wire-copy detection: MinHash LSH over normalised word shingles.
//!
//! Stateful across documents: run in input order. The index is rebuilt at start-up by
//! [`DedupIndex::restore`] from the stored articles, so it needs no persistence of its own.
//!
//! Words are folded (lowercase, accents stripped) and hashed with xxh3, so signatures are the same
//! on every run and platform. Consecutive word hashes form shingles; a MinHash signature of the
//! shingle set goes into a banded LSH index (`gaoya`), whose candidates are checked against the
//! full signature. An article is a near-duplicate when its estimated Jaccard similarity with an
//! earlier one reaches [`DedupConfig::threshold`]; it then points at the earliest copy of the group.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

use gaoya::minhash::{MinHashIndex, MinHasher, MinHasher16, SmallVecContainer, compute_minhash_similarity};
use rassegna_model::Article;
use xxhash_rust::xxh3::xxh3_64;

/// Independence groups, the one definition every stage counts sources by: each article's root after
/// following `duplicate_of` (chains included), with articles that copy the same report from
/// outside the slice grouped, and articles crediting the same wire agency grouped. Ten outlets
/// running one agency text are one source.
pub fn independence_roots(articles: &[Article]) -> Vec<String> {
    let by_id: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let mut parent: Vec<usize> = (0..articles.len()).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            p[x] = p[p[x]];
            x = p[x];
        }
        x
    }
    let mut outside: HashMap<usize, String> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        if let Some(d) = &a.duplicate_of {
            match by_id.get(d.as_str()) {
                Some(&j) => {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                    parent[ri] = rj;
                }
                None => {
                    outside.insert(i, d.clone());
                }
            }
        }
    }
    // Articles that copy the same article outside this slice count once.
    let mut by_outside: HashMap<String, usize> = HashMap::new();
    for (i, d) in &outside {
        match by_outside.get(d) {
            Some(&j) => {
                let (ri, rj) = (find(&mut parent, *i), find(&mut parent, j));
                parent[ri] = rj;
            }
            None => {
                by_outside.insert(d.clone(), *i);
            }
        }
    }
    let mut by_wire: HashMap<String, usize> = HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        let Some(key) = wire_key(a) else {
            continue;
        };
        match by_wire.get(&key) {
            Some(&j) => {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
            None => {
                by_wire.insert(key, i);
            }
        }
    }
    (0..articles.len()).map(|i| articles[find(&mut parent, i)].id.clone()).collect()
}

/// The wire agency an article credits, folded (`None` without a credit).
fn wire_key(a: &Article) -> Option<String> {
    let w = a.metadata.wire.as_ref()?;
    Some(rassegna_text::fold(w.value.trim())).filter(|k| !k.is_empty())
}

/// Who speaks in an article: its wire agency when it credits one, else its outlet, else itself.
/// Used to spread a sample over many voices.
pub fn source_key(a: &Article) -> String {
    match (wire_key(a), &a.outlet) {
        (Some(w), _) => format!("wire:{w}"),
        (None, Some(o)) => format!("outlet:{}", rassegna_text::fold(o)),
        (None, None) => format!("id:{}", a.id),
    }
}

/// How many independent sources a set of articles has (see [`independence_roots`]).
pub fn independent_sources(articles: &[Article]) -> usize {
    independence_roots(articles).iter().collect::<std::collections::BTreeSet<_>>().len()
}

/// Tuning of the near-duplicate index. The defaults were chosen by measurement (see `docs/notes/cluster.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle: usize,
    /// LSH bands; the signature has `bands * rows` hashes.
    pub bands: usize,
    /// Hashes per band.
    pub rows: usize,
    /// Estimated Jaccard similarity of shingle sets at or above which two texts are copies.
    pub threshold: f64,
    /// Texts with fewer words than this are never called duplicates (titles, captions, stubs).
    pub min_words: usize,
}

impl Default for DedupConfig {
    fn default() -> Self {
        DedupConfig { shingle: 5, bands: 16, rows: 4, threshold: 0.5, min_words: 12 }
    }
}

/// The near-duplicate index.
pub struct DedupIndex {
    config: DedupConfig,
    hasher: MinHasher16<PassThrough>,
    lsh: MinHashIndex<u16, u32, SmallVecContainer<u32, 1>>,
    /// Article ids by sequence number (the LSH stores sequence numbers, which are smaller).
    ids: Vec<Box<str>>,
    /// For each sequence number, the sequence number of the earliest copy of its group.
    root: Vec<u32>,
    by_id: HashMap<Box<str>, u32>,
}

impl Default for DedupIndex {
    fn default() -> Self {
        Self::with_config(DedupConfig::default())
    }
}

impl DedupIndex {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with_config(config: DedupConfig) -> Self {
        let n = config.bands * config.rows;
        DedupIndex {
            hasher: MinHasher16::new_with_hasher(n, PassThrough::default()),
            lsh: MinHashIndex::new_index(config.bands, config.rows, config.threshold),
            config,
            ids: Vec::new(),
            root: Vec::new(),
            by_id: HashMap::new(),
        }
    }

    pub fn config(&self) -> &DedupConfig {
        &self.config
    }

    /// Number of articles indexed.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Check an article against everything seen and add it. Returns the id of the earliest article
    /// it nearly duplicates, if any.
    pub fn add(&mut self, article: &Article) -> Option<String> {
        self.check_and_insert(article, None)
    }

    /// Re-add an already-stored article (at start-up), without deciding anything: its stored
    /// `duplicate_of` is trusted.
    pub fn restore(&mut self, article: &Article) {
        self.check_and_insert(article, Some(article.duplicate_of.as_deref()));
    }

    /// Estimated Jaccard similarity of two texts' shingle sets, as the index sees them.
    pub fn similarity(&self, a: &str, b: &str) -> f64 {
        match (self.signature(a), self.signature(b)) {
            (Some(x), Some(y)) => compute_minhash_similarity(&x, &y),
            _ => 0.0,
        }
    }

    fn check_and_insert(&mut self, article: &Article, known: Option<Option<&str>>) -> Option<String> {
        if self.by_id.contains_key(article.id.as_str()) {
            // Same id again (re-ingest): answer as before, index nothing new.
            let seq = self.by_id[article.id.as_str()];
            let root = self.root[seq as usize];
            return (root != seq).then(|| self.ids[root as usize].to_string());
        }
        let seq = self.ids.len() as u32;
        let signature = self.signature(&article.text);
        let root = match known {
            Some(dup) => dup.and_then(|d| self.by_id.get(d).copied()).map(|s| self.root[s as usize]).unwrap_or(seq),
            None => match &signature {
                Some(sig) => self.earliest_match(sig).unwrap_or(seq),
                None => seq,
            },
        };
        self.ids.push(article.id.as_str().into());
        self.root.push(root);
        self.by_id.insert(article.id.as_str().into(), seq);
        if let Some(sig) = signature {
            self.lsh.insert(seq, sig);
        }
        (root != seq).then(|| self.ids[root as usize].to_string())
    }

    /// The earliest group root among indexed articles similar enough to the signature.
    fn earliest_match(&self, sig: &[u16]) -> Option<u32> {
        self.lsh.query_owned_return_similarity(sig).into_iter().map(|(seq, _)| self.root[seq as usize]).min()
    }

    /// MinHash signature of a text's shingles, or `None` when it is too short to judge.
    fn signature(&self, text: &str) -> Option<Vec<u16>> {
        let words: Vec<u64> = words(text).map(word_hash).collect();
        if words.len() < self.config.min_words {
            return None;
        }
        let k = self.config.shingle.min(words.len()).max(1);
        let shingles = words.windows(k).map(|w| {
            let mut buf = [0u8; 8 * 16];
            let w = &w[..w.len().min(16)];
            for (i, h) in w.iter().enumerate() {
                buf[i * 8..i * 8 + 8].copy_from_slice(&h.to_le_bytes());
            }
            xxh3_64(&buf[..w.len() * 8])
        });
        Some(self.hasher.create_signature(shingles))
    }
}

/// Shingles are already xxh3 hashes: feed them to the MinHash permutations unchanged.
#[derive(Default, Clone, Copy)]
struct PassThrough(u64);

impl Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64(bytes);
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

impl BuildHasher for PassThrough {
    type Hasher = PassThrough;

    fn build_hasher(&self) -> PassThrough {
        PassThrough(0)
    }
}

/// Words: runs of alphanumeric characters. Cheaper than Unicode word segmentation, and all that
/// shingling needs (punctuation and apostrophes separate words; case is folded later).
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| if c.is_ascii() { !c.is_ascii_alphanumeric() } else { !c.is_alphanumeric() })
        .filter(|w| !w.is_empty())
}

/// Stable hash of a word after folding (lowercase, no accents, one apostrophe form).
fn word_hash(word: &str) -> u64 {
    if word.is_ascii() {
        let mut buf = [0u8; 64];
        if word.len() <= buf.len() {
            for (d, s) in buf.iter_mut().zip(word.bytes()) {
                *d = s.to_ascii_lowercase();
            }
            return xxh3_64(&buf[..word.len()]);
        }
        return xxh3_64(word.to_ascii_lowercase().as_bytes());
    }
    xxh3_64(rassegna_text::fold(word).as_bytes())
}

#[cfg(test)]
mod tests;
