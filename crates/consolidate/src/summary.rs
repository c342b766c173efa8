//! Extractive story summary: real sentences from all reports, ranked by how many independent
//! sources state them and how central they are, picked without redundancy (MMR), each citing every
//! report that states it in any wording; and the story title.

use crate::doc::Doc;
use crate::lang;
use crate::numbers::{format_value, quantities};
use rassegna_dedup::independence_roots;
use rassegna_model::{Article, SummarySentence};
use rassegna_text::{fold, is_stop_word};
use std::collections::{BTreeSet, HashMap};

/// Summary settings.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryOptions {
    /// At most this many sentences.
    pub max_sentences: usize,
    /// Similarity (cosine over stems, names and numbers) from which two sentences state the same thing.
    pub same_threshold: f64,
    /// Weight of redundancy against relevance in the selection (MMR lambda is `1 - redundancy`).
    pub redundancy: f64,
}

impl Default for SummaryOptions {
    fn default() -> Self {
        SummaryOptions { max_sentences: 5, same_threshold: 0.35, redundancy: 0.6 }
    }
}

/// One sentence of one report, with its features.
#[derive(Debug, Clone)]
pub struct Sent {
    pub article: usize,
    pub position: usize,
    /// Byte offset of `text` in its article's text.
    pub start: usize,
    pub text: String,
    pub lang: &'static str,
    /// Sorted feature ids: stems, names and numbers.
    pub all: Vec<u32>,
    /// Sorted ids of the language-neutral features only: names and numbers.
    pub neutral: Vec<u32>,
    pub real: bool,
    /// Stated amounts: (unit id, value), for telling "12 dead" from "15 dead".
    pub amounts: Vec<(&'static str, f64)>,
    /// Rank among the report's real sentences (the lead is 0).
    pub rank: usize,
}

/// Feature ids shared by every sentence of a story.
#[derive(Default)]
pub struct Features {
    ids: HashMap<String, u32>,
}

impl Features {
    fn id(&mut self, s: String) -> u32 {
        let n = self.ids.len() as u32;
        *self.ids.entry(s).or_insert(n)
    }

    fn id_str(&mut self, s: &str) -> u32 {
        match self.ids.get(s) {
            Some(id) => *id,
            None => self.id(s.to_string()),
        }
    }
}

fn inter(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// Relative difference under which two sentences' amounts of one thing are the same statement.
const AMOUNT_TOLERANCE: f64 = 0.15;

/// Whether two amounts of one unit can be the same statement (percentages within one point).
fn close(unit: &str, v: f64, x: f64) -> bool {
    if unit == "%" { (v - x).abs() <= 1.0 } else { (v - x).abs() <= AMOUNT_TOLERANCE * v.abs().max(x.abs()) }
}

fn shares_number(a: &Sent, b: &Sent) -> bool {
    a.amounts.iter().any(|(u, v)| b.amounts.iter().any(|(w, x)| u == w && close(u, *v, *x)))
}

/// Cosine similarity of two sentences over binary features; across languages only names and
/// numbers can be compared.
pub fn similarity(a: &Sent, b: &Sent) -> f64 {
    let (x, y) = if a.lang == b.lang { (&a.all, &b.all) } else { (&a.neutral, &b.neutral) };
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    // Amounts close but not equal ("oltre 300", "320") count as shared too.
    let fuzzy = a
        .amounts
        .iter()
        .filter(|(u, v)| {
            b.amounts.iter().any(|(w, x)| u == w && v != x && close(u, *v, *x))
                && !b.amounts.iter().any(|(w, x)| u == w && v == x)
        })
        .count();
    let n = inter(x, y) + fuzzy;
    // One or two shared words or names are not a shared statement, unless one is a number.
    if n < 2 || (n < 3 && !shares_number(a, b)) {
        return 0.0;
    }
    // Different amounts of the same thing are different statements.
    for (u, v) in &a.amounts {
        let theirs: Vec<f64> = b.amounts.iter().filter(|(w, _)| w == u).map(|(_, x)| *x).collect();
        // Reports round: "circa 1.500" and "1,600" are the same statement, 12 and 15 dead are not.
        if !theirs.is_empty() && !theirs.iter().any(|x| close(u, *v, *x)) {
            return 0.0;
        }
    }
    n as f64 / ((x.len() * y.len()) as f64).sqrt()
}

/// Strip a dateline ("PYONGYANG, 19 giugno 2024 – ", "CERETTO SESIA (Vercelli), 10 febbraio 2025 – ",
/// "LONDON (Reuters) - ") from the start of a sentence: an upper-case place, then a dash soon after.
fn strip_dateline(s: &str) -> &str {
    let head: String = s.chars().take_while(|c| !matches!(c, ',' | '(' | '–' | '—' | '-')).collect();
    let head = head.trim();
    let letters = head.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 3 || head.chars().any(char::is_lowercase) {
        return s;
    }
    for dash in [" – ", " — ", " - "] {
        if let Some(d) = s.find(dash).filter(|d| *d < 70) {
            return s[d + dash.len()..].trim_start();
        }
    }
    s
}

/// Whether a sentence reads as a sentence of the report, not a heading, byline or page debris.
pub fn is_real_sentence(text: &str, lang: &str) -> bool {
    let n_words = rassegna_text::tokens(text).filter(|w| w.is_word()).count();
    is_real_sentence_of(text, lang, n_words)
}

/// [`is_real_sentence`] with the word count known.
fn is_real_sentence_of(text: &str, lang: &str, n_words: usize) -> bool {
    let t = text.trim();
    if !(8..=90).contains(&n_words) {
        return false;
    }
    let last = t.chars().last().unwrap_or(' ');
    if !matches!(last, '.' | '!' | '?' | '”' | '"' | '»' | ')' | '’' | '…') {
        return false;
    }
    let first = t.chars().next().unwrap_or(' ');
    if !(first.is_uppercase() || first.is_ascii_digit() || matches!(first, '“' | '"' | '«' | '‘' | '\'')) {
        return false;
    }
    let letters: Vec<char> = t.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    if upper * 3 > letters.len() {
        return false;
    }
    let f = fold(t);
    if f.contains("http") || f.contains("www.") || f.contains('@') || f.contains('©') || f.contains('|') {
        return false;
    }
    let table = lang::table(lang);
    !lang::all().iter().chain(std::iter::once(&table)).any(|tb| tb.debris.iter().any(|d| f.contains(d)))
}

/// Whether the line holding a sentence ends like prose: a headline line such as "Ospedale di
/// Rivalta, gli hacker mettono online i dati. Sito violato" holds a sentence-like part but is none.
fn line_is_prose(text: &str, start: usize, end: usize) -> bool {
    if end > text.len() || start > end || !text.is_char_boundary(end) {
        return true;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..line_end].trim_end();
    let bare = line.trim_end_matches(['”', '"', '»', ')', '’']);
    if bare.ends_with(['.', '!', '?', '…']) {
        return true;
    }
    // A line closing on a quotation without a full stop is prose only when long (a standfirst),
    // not a headline with a quoted tag ("... blackout. \"Nessun riscatto\"").
    bare.len() < line.len() && rassegna_text::tokens(line).filter(|t| t.is_word()).count() >= 15
}

/// Sentences of a story's reports with their features.
pub fn story_sentences(docs: &[Doc<'_>], feats: &mut Features) -> Vec<Sent> {
    let mut out = Vec::new();
    for (ai, d) in docs.iter().enumerate() {
        let lang = d.lang;
        let table = lang::table(lang);
        let mut rank = 0;
        for (pos, s) in d.sentences.iter().enumerate() {
            let text = strip_dateline(s.text);
            // The words after the dateline: a suffix of the sentence's words.
            let skip = s.text.len() - text.len();
            let first = s.words.iter().position(|w| w.start >= skip).unwrap_or(s.words.len());
            let ws = &s.words[first..];
            let stems = &s.stems[first..];
            let mut all = Vec::new();
            let mut neutral = Vec::new();
            for (k, (w, st)) in ws.iter().zip(stems).enumerate() {
                if w.is_number() || !w.text.chars().any(char::is_alphabetic) {
                    continue;
                }
                if w.folded.chars().count() < 2 || is_stop_word(lang, &w.folded) || w.folded.ends_with('\'') {
                    continue;
                }
                if w.is_capitalised() && (k > 0 || ws.len() == 1) {
                    let id = feats.id(format!("n:{}", lang::neutral_name(&w.folded)));
                    neutral.push(id);
                    all.push(id);
                } else {
                    all.push(feats.id_str(st));
                }
            }
            let mut amounts = Vec::new();
            for q in quantities(s.text, ws, table) {
                let id = feats.id(format!("#{}", format_value(q.value)));
                neutral.push(id);
                all.push(id);
                if let Some(u) = q.unit {
                    amounts.push((u.canon, q.value));
                }
            }
            all.sort_unstable();
            all.dedup();
            neutral.sort_unstable();
            neutral.dedup();
            let n_words = ws.iter().filter(|w| w.text.chars().any(char::is_alphabetic)).count();
            let real = is_real_sentence_of(text, lang, n_words) && line_is_prose(&d.article.text, s.start, s.end());
            out.push(Sent {
                article: ai,
                position: pos,
                start: s.start + skip,
                text: text.to_string(),
                lang,
                all,
                neutral,
                real,
                amounts,
                rank,
            });
            if real {
                rank += 1;
            }
        }
    }
    out
}

/// The summary of a story's articles.
pub fn summarise(articles: &[Article], opts: &SummaryOptions) -> Vec<SummarySentence> {
    let docs = crate::doc::docs(articles);
    let mut feats = Features::default();
    let sents = story_sentences(&docs, &mut feats);
    summarise_sentences(articles, &sents, opts)
}

pub(crate) fn summarise_sentences(articles: &[Article], sents: &[Sent], opts: &SummaryOptions) -> Vec<SummarySentence> {
    let roots = independence_roots(articles);
    let cands: Vec<usize> = (0..sents.len()).filter(|i| sents[*i].real).collect();
    if cands.is_empty() || opts.max_sentences == 0 {
        return Vec::new();
    }
    // Postings per feature, to compare a sentence only with sentences sharing a feature with it.
    let n_feats = sents.iter().flat_map(|s| s.all.iter()).max().map_or(0, |m| *m as usize + 1);
    let mut neutral_feat = vec![false; n_feats];
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); n_feats];
    for (k, s) in sents.iter().enumerate() {
        for f in &s.neutral {
            neutral_feat[*f as usize] = true;
        }
        for f in &s.all {
            postings[*f as usize].push(k as u32);
        }
    }
    let mut shared = vec![0u16; sents.len()];
    let mut touched: Vec<u32> = Vec::new();
    // Per candidate: the articles stating it, and centrality over other independent sources.
    let mut stated_by: Vec<BTreeSet<usize>> = Vec::with_capacity(cands.len());
    let mut score: Vec<f64> = Vec::with_capacity(cands.len());
    for &i in &cands {
        let s = &sents[i];
        for f in &s.all {
            for &t in &postings[*f as usize] {
                let tt = &sents[t as usize];
                if tt.article == s.article || (tt.lang != s.lang && !neutral_feat[*f as usize]) {
                    continue;
                }
                if shared[t as usize] == 0 {
                    touched.push(t);
                }
                shared[t as usize] += 1;
            }
        }
        let mut by = BTreeSet::from([s.article]);
        let mut best_per_root: HashMap<&str, f64> = HashMap::new();
        for &t in &touched {
            let n = std::mem::take(&mut shared[t as usize]);
            let t = &sents[t as usize];
            // Fewer than two shared features can only pass with a close amount on both sides.
            if n < 2 && (s.amounts.is_empty() || t.amounts.is_empty()) {
                continue;
            }
            let sim = similarity(s, t);
            if sim <= 0.0 {
                continue;
            }
            if sim >= opts.same_threshold {
                by.insert(t.article);
            }
            let r = roots[t.article].as_str();
            if r != roots[s.article] {
                let e = best_per_root.entry(r).or_insert(0.0);
                *e = e.max(sim);
            }
        }
        touched.clear();
        let independent: BTreeSet<&str> = by.iter().map(|a| roots[*a].as_str()).collect();
        let centrality: f64 = best_per_root.values().sum();
        // News reports put the main facts first.
        let lead = match s.rank {
            0 => 0.6,
            1 => 0.3,
            2 => 0.15,
            _ => 0.0,
        };
        score.push(independent.len() as f64 + centrality + lead);
        stated_by.push(by);
    }
    let mut chosen: Vec<usize> = Vec::new();
    let mut used = vec![false; cands.len()];
    let lambda = 1.0 - opts.redundancy;
    while chosen.len() < opts.max_sentences {
        let mut best: Option<(usize, f64)> = None;
        for (k, &i) in cands.iter().enumerate() {
            if used[k] {
                continue;
            }
            let red = chosen.iter().map(|&c| similarity(&sents[i], &sents[cands[c]])).fold(0.0, f64::max);
            if red >= opts.same_threshold || chosen.iter().any(|&c| sents[cands[c]].text == sents[i].text) {
                continue;
            }
            let v = lambda * score[k] - opts.redundancy * red * score[k].max(1.0);
            if best.is_none_or(|(_, b)| v > b) {
                best = Some((k, v));
            }
        }
        let Some((k, _)) = best else { break };
        used[k] = true;
        chosen.push(k);
    }
    chosen
        .into_iter()
        .map(|k| SummarySentence {
            sentence: with_speaker(&sents[cands[k]], &articles[sents[cands[k]].article]),
            sources: stated_by[k].iter().map(|a| articles[*a].id.clone()).collect(),
        })
        .collect()
}

/// The sentence, with the speaker of a quote it holds named in brackets after the verb of saying
/// when the sentence leaves it unsaid: "“…dovrebbe essere rivisto”, ha sottolineato [Vladimir
/// Putin]." Read alone, a summary sentence has no sentence before it to name the speaker.
fn with_speaker(s: &Sent, article: &Article) -> String {
    let end = s.start + s.text.len();
    let mut text = s.text.clone();
    for q in article.quotes.iter().rev().filter(|q| q.start >= s.start && q.end <= end) {
        let (Some(speaker), Some(cue)) = (q.speaker.as_deref(), q.cue.as_deref()) else { continue };
        let named_here =
            q.speaker_mention.as_ref().is_some_and(|m| m.start >= s.start && m.end <= end) || text.contains(speaker);
        if named_here {
            continue;
        }
        // The cue after the quote ("…”, ha sottolineato"), else before it ("Ha aggiunto: «…»").
        let after = q.end - s.start;
        let at = text[after..].find(cue).map(|i| after + i).or_else(|| text[..q.start - s.start].rfind(cue));
        if let Some(i) = at {
            text.insert_str(i + cue.len(), &format!(" [{speaker}]"));
        }
    }
    text
}

/// The story title: the report title most similar to the other reports' titles and leads, else the
/// first summary sentence shortened.
pub fn title(articles: &[Article], summary: &[SummarySentence]) -> Option<String> {
    let docs = crate::doc::docs(articles);
    let mut feats = Features::default();
    let sents = story_sentences(&docs, &mut feats);
    title_from(&docs, &sents, &mut feats, summary)
}

pub(crate) fn title_from(
    docs: &[Doc<'_>],
    sents: &[Sent],
    feats: &mut Features,
    summary: &[SummarySentence],
) -> Option<String> {
    let mut stems = crate::doc::StemCache::default();
    let titled: Vec<(usize, &str)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.article.title.as_deref().map(|t| (i, t.trim())))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if !titled.is_empty() {
        let title_sents: Vec<Sent> = titled
            .iter()
            .filter_map(|(i, t)| {
                let d = Doc::with_text(docs[*i].article, t, docs[*i].lang, &mut stems);
                let mut s = story_sentences(std::slice::from_ref(&d), feats).into_iter().next()?;
                s.article = *i;
                Some(s)
            })
            .collect();
        let mut best: Option<(f64, usize)> = None;
        for (k, ts) in title_sents.iter().enumerate() {
            let mut sc = 0.0;
            for (m, o) in title_sents.iter().enumerate() {
                if m != k {
                    sc += similarity(ts, o);
                }
            }
            // Leads of the other reports: their first three sentences.
            for s in sents.iter().filter(|s| s.article != ts.article && s.position < 3) {
                sc += similarity(ts, s) * 0.5;
            }
            if best.is_none_or(|(b, _)| sc > b) {
                best = Some((sc, k));
            }
        }
        if let Some((_, k)) = best {
            return Some(titled[k].1.to_string());
        }
    }
    // A sentence that opens with a quotation makes a poor headline: prefer one that does not.
    let quoted = |s: &&SummarySentence| s.sentence.starts_with(['“', '"', '«', '‘', '\'']);
    summary.iter().find(|s| !quoted(s)).or(summary.first()).map(|s| shorten(&s.sentence))
}

/// A sentence cut to a headline: up to the first clause break after six words, else 14 words.
pub fn shorten(s: &str) -> String {
    let toks: Vec<_> = rassegna_text::tokens(s).collect();
    let cut_at = |end: usize| s[..end].trim_end_matches([',', ';', ':', '.', ' ', '–', '-']).to_string();
    for (k, t) in toks.iter().enumerate().skip(6).take(10) {
        let rest = &s[t.end()..];
        if rest.starts_with([',', ';', ':']) || rest.starts_with(" –") || rest.starts_with(" —") {
            return cut_at(t.end());
        }
        if k == 15 {
            break;
        }
    }
    if toks.len() <= 16 {
        return s.trim_end_matches(['.', ' ']).to_string();
    }
    format!("{}…", cut_at(toks[13].end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(text: &str, lang: &str, feats: &mut Features) -> Sent {
        let mut a: Article = serde_json::from_value(serde_json::json!({
            "id": "x", "source": "x", "outlet": null, "lang": lang, "published": null, "title": null,
            "text": text, "removed": [], "duplicate_of": null, "story": null, "storyline": null,
            "entities": [], "quotes": [], "dates": [], "diagnostics": [], "content_hash": ""
        }))
        .unwrap();
        a.text = text.to_string();
        let docs = crate::doc::docs(std::slice::from_ref(&a));
        story_sentences(&docs, feats).remove(0)
    }

    #[test]
    fn a_summary_sentence_names_the_speaker_its_report_gave_before_it() {
        let text = "La sindaca Lia Conte ha parlato ieri. \"Il porto resta aperto\", ha sottolineato.";
        let q0 = text.find("Il porto").unwrap();
        let q1 = q0 + "Il porto resta aperto".len();
        let a: Article = serde_json::from_value(serde_json::json!({
            "id": "x", "source": "x", "outlet": null, "lang": "it", "published": null, "title": null,
            "text": text, "removed": [], "duplicate_of": null, "story": null, "storyline": null,
            "entities": [], "dates": [], "diagnostics": [], "content_hash": "",
            "quotes": [{"text": "Il porto resta aperto", "start": q0, "end": q1, "speaker": "Lia Conte",
                        "speaker_mention": {"text": "Lia Conte", "start": 10, "end": 19}, "cue": "ha sottolineato"}]
        }))
        .unwrap();
        let docs = crate::doc::docs(std::slice::from_ref(&a));
        let sents = story_sentences(&docs, &mut Features::default());
        let quoted = sents.iter().find(|s| s.text.contains("porto")).unwrap();
        assert_eq!(with_speaker(quoted, &a), "\"Il porto resta aperto\", ha sottolineato [Lia Conte].");
        // The first sentence names her already: nothing is added.
        let first = sents.iter().find(|s| s.text.contains("ieri")).unwrap();
        assert_eq!(with_speaker(first, &a), first.text);
    }

    #[test]
    fn different_amounts_of_one_thing_are_different_statements() {
        let mut f = Features::default();
        let a = sent("The government released €20 million in emergency aid for the Ashby valley.", "en", &mut f);
        let b = sent(
            "The government released €50 million in emergency aid for the Ashby valley on Thursday.",
            "en",
            &mut f,
        );
        let c = sent(
            "Il governo ha stanziato 20 milioni di euro di aiuti d'emergenza per la valle dell'Ashby.",
            "it",
            &mut f,
        );
        assert_eq!(similarity(&a, &b), 0.0);
        assert!(similarity(&a, &c) > 0.3, "{}", similarity(&a, &c));
    }

    #[test]
    fn headings_bylines_and_debris_are_not_sentences() {
        for s in [
            "Il ruolo degli Usa e le parole di Kim",
            "A cura di Biagio Rossi, con la collaborazione della redazione esteri di Roma.",
            "Entra nel nuovo canale WhatsApp di Notizie per restare sempre aggiornato.",
            "LE ULTIME NOTIZIE DAL MONDO E DALL'ITALIA IN TEMPO REALE.",
            "Read more about the floods on our live page today.",
            "Troppo corta.",
        ] {
            assert!(!is_real_sentence(s, "it"), "{s}");
        }
        assert!(is_real_sentence("Il presidente ha firmato l'accordo con il suo omologo durante la visita.", "it"));
    }

    #[test]
    fn datelines_are_stripped_and_titles_shortened() {
        assert_eq!(strip_dateline("SOLVENA, 21 ottobre – Il presidente è arrivato."), "Il presidente è arrivato.");
        assert_eq!(
            strip_dateline("Il presidente, arrivato ieri – dice – è stanco."),
            "Il presidente, arrivato ieri – dice – è stanco."
        );
        let t =
            shorten("Il presidente norlandese Aarne Valtonen è arrivato ieri a Solvena, dove ha firmato un accordo.");
        assert_eq!(t, "Il presidente norlandese Aarne Valtonen è arrivato ieri a Solvena");
    }
}
