//! What the clusterer compares: weighted lexical terms and language-independent anchors of one article.
//!
//! Lexical terms are folded, stop-worded, stemmed words of the article's language. Anchors are what
//! survives translation: names (from the entity stage, else capitalised words never seen in lower
//! case in the same text), numbers and normalised dates. Both are hashed to `u32` feature ids so the
//! state stays compact; the article keeps the readable form of its strongest features for evidence.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use rassegna_model::Article;
use rassegna_text::{fold, is_stop_word, tokens};
use rust_stemmers::Stemmer;
use xxhash_rust::xxh3::xxh3_64_with_seed;

/// A sparse vector: feature ids ascending, with weights.
pub(crate) type Sparse = Vec<(u32, f32)>;

const LEX_SEED: u64 = 0x006c_6578;
const ANCHOR_SEED: u64 = 0x0061_6e63;

/// Keys that are already hashes need no second hashing.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8 | u64::from(*b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u32(&mut self, v: u32) {
        self.0 = u64::from(v).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

pub(crate) type IdMap<V> = HashMap<u32, V, BuildHasherDefault<IdHasher>>;

/// One feature of an article: id, raw count, readable form.
#[derive(Debug, Clone)]
pub(crate) struct Feature {
    pub id: u32,
    pub count: f32,
    pub label: String,
}

/// Raw feature counts of one article, before weighting.
#[derive(Debug, Default)]
pub(crate) struct Counts {
    pub lex: Vec<Feature>,
    pub anchors: Vec<Feature>,
    pub lang: Option<String>,
}

fn lex_id(stem: &str) -> u32 {
    xxh3_64_with_seed(stem.as_bytes(), LEX_SEED) as u32
}

fn anchor_id(kind: u8, key: &str) -> u32 {
    let mut buf = Vec::with_capacity(key.len() + 1);
    buf.push(kind);
    buf.extend_from_slice(key.as_bytes());
    xxh3_64_with_seed(&buf, ANCHOR_SEED) as u32
}

/// Lowercase and strip accents; ASCII words skip the Unicode normalisation.
fn fold_fast(word: &str) -> String {
    if word.is_ascii() {
        word.to_ascii_lowercase()
    } else {
        fold(word)
    }
}

/// A number as a language-independent key: `40,000`, `40.000` and `40000` agree.
fn number_key(tok: &str) -> Option<String> {
    let digits: String = tok.chars().filter(|c| c.is_ascii_digit()).collect();
    let trimmed = digits.trim_start_matches('0');
    // Single digits are in every text; they say nothing about the event.
    (trimmed.len() >= 2
        && tok
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ','))
    .then(|| trimmed.to_string())
}

/// Per-language stemmers and a cache of folded word -> stem id (or `None` for stop words).
#[derive(Default)]
pub(crate) struct Extractor {
    langs: HashMap<String, LangCache>,
}

struct LangCache {
    stemmer: Option<Stemmer>,
    /// Folded word -> (stem id, is stop word). Bounded by the vocabulary, not by the corpus.
    words: HashMap<String, (u32, bool)>,
}

const MAX_CACHE: usize = 200_000;

impl LangCache {
    fn new(lang: &str) -> Self {
        LangCache {
            stemmer: rassegna_text::stemmer(lang),
            words: HashMap::new(),
        }
    }

    fn lookup(&mut self, lang: &str, folded: &str) -> (u32, bool) {
        if let Some(v) = self.words.get(folded) {
            return *v;
        }
        let stop = folded.chars().count() < 2 || is_stop_word(lang, folded);
        let id = match &self.stemmer {
            Some(s) => lex_id(&s.stem(folded)),
            None => lex_id(folded),
        };
        if self.words.len() < MAX_CACHE {
            self.words.insert(folded.to_string(), (id, stop));
        }
        (id, stop)
    }
}

#[derive(Default)]
struct Acc {
    map: HashMap<u32, usize, BuildHasherDefault<IdHasher>>,
    out: Vec<Feature>,
}

impl Acc {
    fn add(&mut self, id: u32, by: f32, label: impl FnOnce() -> String) {
        match self.map.get(&id) {
            Some(&i) => self.out[i].count += by,
            None => {
                self.map.insert(id, self.out.len());
                self.out.push(Feature {
                    id,
                    count: by,
                    label: label(),
                });
            }
        }
    }
}

impl Extractor {
    /// Count the features of an article: its title (weighted double), its text, its entities and dates.
    pub fn counts(&mut self, article: &Article) -> Counts {
        let lang = article
            .lang
            .clone()
            .or_else(|| rassegna_text::detect_language(&article.text).map(str::to_string))
            .unwrap_or_else(|| "xx".to_string());
        let cache = self
            .langs
            .entry(lang.clone())
            .or_insert_with(|| LangCache::new(&lang));
        let mut lex = Acc::default();
        let mut caps: HashMap<String, f32> = HashMap::new();
        let mut lower: HashMap<String, ()> = HashMap::new();
        let mut anchors = Acc::default();
        let title = article.title.as_deref().unwrap_or("");
        for (text, weight) in [(title, 2.0f32), (article.text.as_str(), 1.0)] {
            for tok in tokens(text) {
                if tok.is_number() {
                    if let Some(k) = number_key(tok.text) {
                        anchors.add(anchor_id(b'n', &k), weight, || k.clone());
                    }
                    continue;
                }
                if !tok.is_word() {
                    continue;
                }
                let folded = fold_fast(tok.text);
                let (id, stop) = cache.lookup(&lang, &folded);
                if stop {
                    continue;
                }
                lex.add(id, weight, || folded.clone());
                if tok.is_capitalised() {
                    *caps.entry(folded).or_default() += weight;
                } else {
                    lower.insert(folded, ());
                }
            }
        }
        // Capitalised words never written in lower case are names (or sentence starts that are names).
        let mut caps: Vec<(String, f32)> = caps
            .into_iter()
            .filter(|(w, _)| !lower.contains_key(w))
            .collect();
        caps.sort_by(|a, b| a.0.cmp(&b.0));
        for (w, c) in caps {
            anchors.add(anchor_id(b'c', &w), c, || w.clone());
        }
        for e in &article.entities {
            let n = e.mentions.len().max(1) as f32;
            for tok in tokens(&e.name).filter(|t| t.is_word()) {
                let w = fold_fast(tok.text);
                if w.chars().count() < 2 || is_stop_word(&lang, &w) {
                    continue;
                }
                anchors.add(anchor_id(b'c', &w), n, || w.clone());
            }
        }
        for d in &article.dates {
            // Day or month precision only: bare years are in every text.
            if d.kind == "date" && d.value.len() >= 7 && d.value.as_bytes()[4] == b'-' {
                anchors.add(anchor_id(b'd', &d.value), 1.0, || d.value.clone());
            }
        }
        Counts {
            lex: lex.out,
            anchors: anchors.out,
            lang: Some(lang),
        }
    }
}

/// Weight raw counts by sublinear tf times idf, keep the `keep` strongest, L2-normalise, sort by id.
/// Returns the vector and the labels of the kept features.
pub(crate) fn weigh(
    features: &[Feature],
    idf: impl Fn(u32) -> f32,
    keep: usize,
) -> (Sparse, Vec<(u32, String)>) {
    let mut w: Vec<(u32, f32, &str)> = features
        .iter()
        .map(|f| (f.id, (1.0 + f.count.ln()) * idf(f.id), f.label.as_str()))
        .collect();
    w.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    w.truncate(keep);
    let norm = w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let labels = w.iter().map(|x| (x.0, x.2.to_string())).collect();
    let mut v: Sparse = w
        .into_iter()
        .map(|x| (x.0, if norm > 0.0 { x.1 / norm } else { 0.0 }))
        .collect();
    v.sort_by_key(|x| x.0);
    (v, labels)
}

/// Dot product of two id-sorted sparse vectors.
pub(crate) fn dot(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut s) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

pub(crate) fn norm(a: &[(u32, f32)]) -> f32 {
    a.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt()
}

/// Cosine of an article vector (unit length) with a centroid (any length).
pub(crate) fn cosine(article: &[(u32, f32)], centroid: &[(u32, f32)]) -> f32 {
    let n = norm(centroid);
    if n == 0.0 {
        0.0
    } else {
        dot(article, centroid) / n
    }
}

/// `a += sign * b`, then keep the `keep` strongest entries; id-sorted in and out.
pub(crate) fn add_into(a: &mut Sparse, b: &[(u32, f32)], sign: f32, keep: usize) {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if j >= b.len() || (i < a.len() && a[i].0 < b[j].0) {
            out.push(a[i]);
            i += 1;
        } else if i >= a.len() || b[j].0 < a[i].0 {
            out.push((b[j].0, sign * b[j].1));
            j += 1;
        } else {
            out.push((a[i].0, a[i].1 + sign * b[j].1));
            i += 1;
            j += 1;
        }
    }
    out.retain(|x| x.1 > 1e-6);
    if out.len() > keep {
        out.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        out.truncate(keep);
        out.sort_by_key(|x| x.0);
    }
    *a = out;
}
