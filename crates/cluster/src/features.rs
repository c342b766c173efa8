//! What the clusterer compares: weighted lexical terms and language-independent anchors of one article.
//!
//! Lexical terms are folded, stop-worded, stemmed words of the article's language. Anchors are what
//! survives translation: names (from the entity stage, else capitalised words never seen in lower
//! case in the same text), numbers and normalised dates. Both are hashed to `u32` feature ids so the
//! state stays compact; the article keeps the readable form of its strongest features for evidence.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use rassegna_model::{Article, TimexKind};
use rassegna_text::{fold, is_stop_word};
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

/// Anchor ids: names have the top bit clear, numbers and dates have it set, so one sorted vector
/// holds both channels and [`cosine_split`] scores them apart. Among names, a country's name or
/// demonym ("Italy", "italiani") has the next bit set: it counts as a name, but says nothing about
/// which matter a report is on.
fn anchor_id(kind: u8, key: &str) -> u32 {
    if kind != b'c' {
        return raw_id(kind, key) | NUMBER_BIT;
    }
    // Looked up by id, not by string: this runs for every new word.
    static COUNTRIES: OnceLock<IdMap<()>> = OnceLock::new();
    let countries = COUNTRIES.get_or_init(|| {
        rassegna_who::lexicon::country_words()
            .iter()
            .map(|w| (raw_id(b'c', w) & !(NUMBER_BIT | COUNTRY_BIT), ()))
            .collect()
    });
    let id = raw_id(kind, key) & !(NUMBER_BIT | COUNTRY_BIT);
    if countries.contains_key(&id) { id | COUNTRY_BIT } else { id }
}

fn raw_id(kind: u8, key: &str) -> u32 {
    let mut buf = Vec::with_capacity(key.len() + 1);
    buf.push(kind);
    buf.extend_from_slice(key.as_bytes());
    xxh3_64_with_seed(&buf, ANCHOR_SEED) as u32
}

pub(crate) const NUMBER_BIT: u32 = 1 << 31;
pub(crate) const COUNTRY_BIT: u32 = 1 << 30;

/// Cosines of two anchor vectors: of their names, of their numbers and dates, and of their names
/// without countries. One pass over each part.
pub(crate) fn cosine_split(a: &[(u32, f32)], c: &[(u32, f32)]) -> (f32, f32, f32) {
    let parts = |v: &[(u32, f32)]| {
        let n = v.partition_point(|x| x.0 < NUMBER_BIT);
        (v[..n].partition_point(|x| x.0 < COUNTRY_BIT), n)
    };
    let ((sa, na), (sc, nc)) = (parts(a), parts(c));
    let sq = |v: &[(u32, f32)]| v.iter().map(|x| x.1 * x.1).sum::<f32>();
    let (specific, country, numbers) = (dot(&a[..sa], &c[..sc]), dot(&a[sa..na], &c[sc..nc]), dot(&a[na..], &c[nc..]));
    let (a_s, a_c, a_n) = (sq(&a[..sa]), sq(&a[sa..na]), sq(&a[na..]));
    let (c_s, c_c, c_n) = (sq(&c[..sc]), sq(&c[sc..nc]), sq(&c[nc..]));
    let cos = |d: f32, x: f32, y: f32| if x * y == 0.0 { 0.0 } else { d / (x * y).sqrt() };
    (cos(specific + country, a_s + a_c, c_s + c_c), cos(numbers, a_n, c_n), cos(specific, a_s, c_s))
}

/// Lowercase and strip accents; ASCII words skip the Unicode normalisation.
fn fold_fast(word: &str) -> String {
    let mut f = String::new();
    fold_into(word, &mut f);
    f
}

/// Bytes at the start of a text that count as its lead, and how much more they weigh.
const LEAD_BYTES: usize = 300;
const LEAD_BOOST: f32 = 1.5;

/// Whether a token starts a sentence: only spaces and opening quotes since a full stop, a line break
/// or the start of the text.
fn sentence_start(text: &str, at: usize) -> bool {
    for c in text[..at].chars().rev() {
        match c {
            '.' | '!' | '?' | '\n' | ':' | ';' => return true,
            c if c.is_whitespace() || matches!(c, '"' | '“' | '«' | '\'' | '‘' | '(' | '-' | '–' | '`') => {
                continue;
            }
            _ => return false,
        }
    }
    true
}

/// A number as a language-independent key: `40,000`, `40.000` and `40000` agree.
fn number_key(tok: &str) -> Option<String> {
    let digits: String = tok.chars().filter(|c| c.is_ascii_digit()).collect();
    let trimmed = digits.trim_start_matches('0');
    // Single digits are in every text; they say nothing about the event.
    (trimmed.len() >= 2 && tok.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')).then(|| trimmed.to_string())
}

/// Per-language stemmers and a cache of folded word -> stem id (or `None` for stop words).
#[derive(Default)]
pub(crate) struct Extractor {
    langs: HashMap<String, LangCache>,
}

struct LangCache {
    stemmer: Option<Stemmer>,
    /// Folded word -> what it is. Bounded by the vocabulary, not by the corpus.
    words: HashMap<Box<str>, Word>,
}

#[derive(Clone, Copy)]
struct Word {
    stem: u32,
    name: u32,
    stop: bool,
}

const MAX_CACHE: usize = 200_000;

impl LangCache {
    fn new(lang: &str) -> Self {
        LangCache { stemmer: rassegna_text::stemmer(lang), words: HashMap::new() }
    }

    fn lookup(&mut self, lang: &str, folded: &str) -> Word {
        if let Some(v) = self.words.get(folded) {
            return *v;
        }
        let stop = folded.chars().count() < 2 || is_stop_word(lang, folded);
        let stem = match &self.stemmer {
            Some(s) => lex_id(&s.stem(folded)),
            None => lex_id(folded),
        };
        let w = Word { stem, name: anchor_id(b'c', folded), stop };
        if self.words.len() < MAX_CACHE {
            self.words.insert(folded.into(), w);
        }
        w
    }
}

/// Word and number tokens with their byte offsets. Cheaper than Unicode word segmentation and
/// enough here: runs of alphanumeric characters, with `.` or `,` kept between digits (`1.200`,
/// `3,5`); apostrophes split elisions (`dell'Ucraina`) and possessives.
pub(crate) fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        // Skip to the next alphanumeric character.
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                if b.is_ascii_alphanumeric() {
                    break;
                }
                i += 1;
            } else {
                let c = text[i..].chars().next()?;
                if c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        while i < bytes.len() {
            let b = bytes[i];
            if b < 0x80 {
                let digit_sep = (b == b'.' || b == b',')
                    && i > start
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
                if b.is_ascii_alphanumeric() || digit_sep {
                    i += 1;
                } else {
                    break;
                }
            } else {
                let c = text[i..].chars().next()?;
                if !c.is_alphanumeric() {
                    break;
                }
                i += c.len_utf8();
            }
        }
        Some((start, &text[start..i]))
    })
}

/// Lowercase and fold a word into `buf` (reused across words to avoid an allocation each).
fn fold_into(word: &str, buf: &mut String) {
    buf.clear();
    if word.is_ascii() {
        buf.push_str(word);
        buf.make_ascii_lowercase();
    } else {
        buf.push_str(&fold(word));
    }
}

#[derive(Default)]
struct Acc {
    map: HashMap<u32, usize, BuildHasherDefault<IdHasher>>,
    out: Vec<Feature>,
}

impl Acc {
    /// Count at least `to`: a name the text's capitals already counted is not counted twice.
    fn raise(&mut self, id: u32, to: f32, label: impl FnOnce() -> String) {
        match self.map.get(&id) {
            Some(&i) => self.out[i].count = self.out[i].count.max(to),
            None => self.add(id, to, label),
        }
    }

    fn add(&mut self, id: u32, by: f32, label: impl FnOnce() -> String) {
        match self.map.get(&id) {
            Some(&i) => self.out[i].count += by,
            None => {
                self.map.insert(id, self.out.len());
                self.out.push(Feature { id, count: by, label: label() });
            }
        }
    }
}

impl Extractor {
    /// Count the features of an article: its title (weighted double), its text, its entities and dates.
    pub fn counts(&mut self, article: &Article) -> Counts {
        let lang = rassegna_text::reading_language(article.lang.as_deref(), &article.text);
        let cache = self.langs.entry(lang.clone()).or_insert_with(|| LangCache::new(&lang));
        let mut lex = Acc::default();
        // Per capitalised word (by name id): weight mid-sentence, weight at a sentence start, label.
        let mut caps: IdMap<(f32, f32, String)> = IdMap::default();
        let mut lower: IdMap<()> = IdMap::default();
        let mut anchors = Acc::default();
        let mut buf = String::new();
        let title = article.title.as_deref().unwrap_or("");
        for (text, weight) in [(title, 2.0f32), (article.text.as_str(), 1.0)] {
            for (start, tok) in words(text) {
                // The lead says what the report is about.
                let weight = if start < LEAD_BYTES { weight * LEAD_BOOST } else { weight };
                let first = tok.as_bytes()[0];
                if first.is_ascii_digit() {
                    if let Some(k) = number_key(tok) {
                        anchors.add(anchor_id(b'n', &k), weight, || k.clone());
                    }
                    continue;
                }
                fold_into(tok, &mut buf);
                let w = cache.lookup(&lang, &buf);
                if w.stop {
                    continue;
                }
                lex.add(w.stem, weight, || buf.clone());
                let capitalised = if first < 0x80 {
                    first.is_ascii_uppercase()
                } else {
                    tok.chars().next().is_some_and(char::is_uppercase)
                };
                if capitalised {
                    let e = caps.entry(w.name).or_insert_with(|| (0.0, 0.0, buf.clone()));
                    if sentence_start(text, start) {
                        e.1 += weight;
                    } else {
                        e.0 += weight;
                    }
                } else {
                    lower.insert(w.name, ());
                }
            }
        }
        // A name is capitalised mid-sentence, or capitalised and never written in lower case.
        let mut caps: Vec<(u32, f32, String)> = caps
            .into_iter()
            .filter(|(id, (inner, _, _))| *inner > 0.0 || !lower.contains_key(id))
            .map(|(id, (inner, start, label))| (id, inner + start, label))
            .collect();
        caps.sort_by_key(|c| c.0);
        for (id, c, label) in caps {
            anchors.add(id, c, || label);
        }
        for e in &article.entities {
            let n = e.mentions.len().max(1) as f32;
            for (_, tok) in words(&e.name).filter(|(_, t)| !t.as_bytes()[0].is_ascii_digit()) {
                let w = fold_fast(tok);
                if w.chars().count() < 2 || is_stop_word(&lang, &w) {
                    continue;
                }
                anchors.raise(anchor_id(b'c', &w), n, || w.clone());
            }
        }
        for d in &article.dates {
            // Day or month precision only: bare years are in every text.
            if d.kind == TimexKind::Date && d.value.len() >= 7 && d.value.as_bytes()[4] == b'-' {
                anchors.add(anchor_id(b'd', &d.value), 1.0, || d.value.clone());
            }
        }
        Counts { lex: lex.out, anchors: anchors.out, lang: Some(lang) }
    }
}

/// Weight raw counts by sublinear tf times idf, keep the `keep` strongest, L2-normalise, sort by id.
/// Returns the vector and the labels of the kept features.
pub(crate) fn weigh(
    features: &[Feature],
    idf: impl Fn(u32) -> f32,
    keep: usize,
    tf_power: f32,
) -> (Sparse, Vec<(u32, String)>) {
    let tf = |c: f32| if tf_power <= 0.0 { 1.0 + c.ln() } else { c.powf(tf_power) };
    let mut w: Vec<(u32, f32, &str)> =
        features.iter().map(|f| (f.id, tf(f.count) * idf(f.id), f.label.as_str())).collect();
    w.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    w.truncate(keep);
    let norm = w.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    let labels = w.iter().map(|x| (x.0, x.2.to_string())).collect();
    let mut v: Sparse = w.into_iter().map(|x| (x.0, if norm > 0.0 { x.1 / norm } else { 0.0 })).collect();
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

/// Cosine of two sparse vectors of any length.
pub(crate) fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let n = norm(a) * norm(b);
    if n == 0.0 { 0.0 } else { dot(a, b) / n }
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
