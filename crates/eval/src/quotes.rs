//! Evaluation of direct quotes and speakers on PolNeAR (brat standoff: `T<n> Source|Cue|Content
//! start end[;start end]`, `E<n> Attribution:T Source:T Cue:T Content:T`, character offsets).
//!
//! Gold direct quotes are the Content spans that sit inside quotation marks. Detection recall: a
//! gold quote is found when a predicted quote overlaps it. Speaker accuracy, over found quotes that
//! have a gold Source, by two rules:
//! - *overlap* (the old rule): the predicted speaker mention overlaps the Source span;
//! - *strict*: the resolved `speaker` name, what a user reads, names the Source ([`same_speaker`]). A
//!   pronoun Source ("he", "who") stands for the nearest non-pronoun Source annotated before it in
//!   the text (PolNeAR has no coreference links; this is the gold's own nearest antecedent).

use anyhow::Context;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The PolNeAR directory (its `--part` is used), or a part directory with `text/` and
    /// `attributions/`.
    pub dir: PathBuf,
    /// Which part of the PolNeAR directory to score: `dev` or `train`.
    #[arg(long, default_value = "dev")]
    pub part: String,
    /// Print every missed quote and wrong speaker.
    #[arg(long)]
    pub errors: bool,
}

/// Byte spans of one annotation, possibly discontinuous.
type Spans = Vec<(usize, usize)>;

struct Gold {
    content: Spans,
    sources: Vec<Spans>,
}

/// English words that say who a source is without naming it: pronouns a Source may be.
const PRONOUNS: &[&str] =
    &["he", "she", "they", "it", "i", "we", "you", "who", "which", "that", "his", "her", "its", "their", "him", "them"];

fn is_pronoun(s: &str) -> bool {
    PRONOUNS.contains(&s.trim().to_lowercase().as_str())
}

/// The words that name: lowercase, possessive "'s"
/// dropped, articles, prepositions, initials, titles, role words and generational suffixes left
/// out ("President Obama" -> obama, "the White House" -> white house, "Joseph R. Biden Jr" -> joseph biden).
fn name_words(s: &str) -> Vec<String> {
    let table = rassegna_who::lexicon::lexicon().table("en");
    s.split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’' && c != '-')
        .map(|w| w.trim_matches(['\'', '’', '-']).to_lowercase())
        .map(|w| w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).map(str::to_string).unwrap_or(w))
        .filter(|w| {
            w.chars().count() > 1
                && !matches!(w.as_str(), "and" | "or" | "jr" | "sr" | "ii" | "iii" | "iv")
                && !table.articles.contains(w)
                && !table.preps.contains(w)
                && !table.titles.contains(w)
                && !table.roles.contains_key(w)
        })
        .collect()
}

/// The strict speaker rule: a predicted name and a gold Source name the same one when, their
/// naming words compared, one's words are all among the other's and they end with the same word
/// ("Donald Trump" / "Mr. Trump", "Joseph R. Biden Jr" / "Mr. Biden"; not "Hillary Clinton" /
/// "Bill Clinton", nor "Trump" / "the Trump campaign", nor "Trump" / "Trump National Doral").
/// With no naming word left (a bare role, "the president"), the whole phrases must be equal.
fn same_name(predicted: &str, gold: &str) -> bool {
    pieces(gold).any(|g| same_words(predicted, g))
}

/// [`same_name`], or, when the predicted speaker is a person, a Source named by one word that
/// opens the predicted full name: a given name ("Hillary" / "Hillary Clinton") or a family name
/// written first ("Mr. Lou" / "Lou Jiwei", "Ban" / "Ban Ki-moon"), as a reader takes them. The
/// rest of the name must be no everyday word ("Bundy" is not "Bundy Ranch").
fn same_speaker(predicted: &str, person: bool, gold: &str) -> bool {
    let lx = rassegna_who::lexicon::lexicon();
    let opens = |g: &str| {
        let (p, g) = (name_words(predicted), name_words(g));
        g.len() == 1 && p.len() >= 2 && p[0] == g[0] && p[1..].iter().all(|w| !lx.is_everyday("en", w))
    };
    same_name(predicted, gold) || (person && pieces(gold).any(opens))
}

/// A Source phrase and the pieces its appositions, clauses and prepositional phrases leave: "Scott
/// Pruitt, the attorney general of Oklahoma," -> itself, "Scott Pruitt", "the attorney general of
/// Oklahoma"; "Robert Antonacci of the New York delegation" -> "Robert Antonacci" (what stands
/// before "of", "from" or "at" replaces the piece when it is a name: two naming words, or a title
/// and one).
fn pieces(gold: &str) -> impl Iterator<Item = &str> {
    let cut = |w: &str| matches!(w, "who" | "whom" | "whose" | "which" | "--" | "—" | "–");
    let prep = |w: &str| matches!(w, "of" | "from" | "at");
    let before = |p: &'_ str, stop: &dyn Fn(&str) -> bool| -> Option<usize> {
        let words: Vec<&str> = p.split_whitespace().collect();
        let n = words.iter().position(|w| stop(w)).unwrap_or(words.len());
        (n > 0)
            .then(|| if n < words.len() { p.find(&format!(" {}", words[n])).map_or(p.len(), |i| i) } else { p.len() })
    };
    let table = rassegna_who::lexicon::lexicon().table("en");
    let titled =
        move |p: &str| p.split(|c: char| !c.is_alphanumeric()).any(|w| table.titles.contains(&w.to_lowercase()));
    std::iter::once(gold).chain(gold.split([',', '(', ')', ';']).flat_map(move |p| {
        let whole = before(p, &cut).map(|e| p[..e].trim());
        // A name before the preposition stands for the piece: "Lee Zeldin of New York" names
        // Lee Zeldin, not New York.
        let capitalised = |q: &str| name_words(&capitals(q)).len();
        let named = whole
            .and_then(|w| before(w, &prep).map(|e| w[..e].trim()))
            .filter(|q| Some(*q) != whole && (capitalised(q) >= 2 || (titled(q) && capitalised(q) >= 1)));
        named.or(whole)
    }))
}

/// The capitalised words of a phrase.
fn capitals(s: &str) -> String {
    s.split_whitespace().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).collect::<Vec<_>>().join(" ")
}

fn same_words(predicted: &str, gold: &str) -> bool {
    let (p, g) = (name_words(predicted), name_words(gold));
    if p.is_empty() || g.is_empty() {
        let norm = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
        return norm(predicted) == norm(gold);
    }
    // Words compared as spelt, or one letter apart in a long word ("McClenney" / "McLenney",
    // "Byrne" / "Bryne": the same person whichever spelling the annotator typed).
    let same = |a: &str, b: &str| a == b || (a.chars().count() >= 5 && b.chars().count() >= 5 && one_edit(a, b));
    let subset = |a: &[String], b: &[String]| a.iter().all(|w| b.iter().any(|x| same(w, x)));
    p.last().zip(g.last()).is_some_and(|(a, b)| same(a, b)) && (subset(&p, &g) || subset(&g, &p))
}

/// Whether two words are one insertion, deletion, substitution or swap of neighbours apart.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..].iter().rev().zip(b[pre..].iter().rev()).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (a.len() - pre - suf, b.len() - pre - suf);
    match (ra, rb) {
        (0, 0) => true,
        (1, 0) | (0, 1) | (1, 1) => true,
        (2, 2) => a[pre] == b[pre + 1] && a[pre + 1] == b[pre],
        _ => false,
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '\'')
}

/// Whether a content span is enclosed in quotation marks (allowing punctuation just inside or
/// outside the marks, and marks included in the span).
fn quoted(text: &str, s: usize, e: usize) -> bool {
    let before = text[..s].chars().rev().take(3).collect::<String>();
    let inner = &text[s..e];
    let after: String = text[e..].chars().take(3).collect();
    let opens = inner.starts_with(is_mark) || before.chars().take_while(|c| *c == ' ' || is_mark(*c)).any(is_mark);
    let closes = inner.trim_end_matches(['.', ',', '!', '?']).ends_with(is_mark)
        || after
            .chars()
            .take_while(|c| matches!(c, '.' | ',' | '!' | '?' | ';' | ':' | ' ') || is_mark(*c))
            .any(|c| is_mark(c) && c != '\'');
    opens && closes
}

fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    v.push(text.len());
    v
}

fn parse_ann(ann: &str, text: &str, path: &Path) -> anyhow::Result<Vec<Gold>> {
    let map = char_to_byte(text);
    let mut spans: BTreeMap<String, (String, Spans)> = BTreeMap::new();
    let mut rels: Vec<BTreeMap<String, String>> = Vec::new();
    for (n, line) in ann.lines().enumerate() {
        let cols: Vec<&str> = line.split('\t').collect();
        // An annotation's text may run over several lines: those continuation lines hold no id.
        let id =
            |prefix: char| cols.len() >= 2 && cols[0].strip_prefix(prefix).is_some_and(|n| n.parse::<usize>().is_ok());
        if id('T') {
            let (kind, ranges) = cols
                .get(1)
                .and_then(|c| c.split_once(' '))
                .with_context(|| format!("{}:{}: bad T line", path.display(), n + 1))?;
            let mut ss = Vec::new();
            for r in ranges.split(';') {
                let (a, b) =
                    r.trim().split_once(' ').with_context(|| format!("{}:{}: bad range", path.display(), n + 1))?;
                let (a, b): (usize, usize) = (a.parse()?, b.parse()?);
                let (a, b) = (map.get(a).copied(), map.get(b).copied());
                if let (Some(a), Some(b)) = (a, b) {
                    ss.push((a, b));
                }
            }
            spans.insert(cols[0].to_string(), (kind.to_string(), ss));
        } else if id('E') {
            let mut rel = BTreeMap::new();
            for part in cols.get(1).unwrap_or(&"").split_whitespace() {
                if let Some((role, id)) = part.split_once(':') {
                    rel.insert(role.to_string(), id.to_string());
                }
            }
            rels.push(rel);
        }
    }
    let mut by_content: BTreeMap<String, Gold> = BTreeMap::new();
    for rel in rels {
        let Some(cid) = rel.get("Content") else { continue };
        let Some((_, content)) = spans.get(cid) else { continue };
        let g = by_content.entry(cid.clone()).or_insert_with(|| Gold { content: content.clone(), sources: vec![] });
        if let Some((_, src)) = rel.get("Source").and_then(|s| spans.get(s)) {
            g.sources.push(src.clone());
        }
    }
    Ok(by_content
        .into_values()
        .filter(|g| {
            let s = g.content.iter().map(|x| x.0).min().unwrap_or(0);
            let e = g.content.iter().map(|x| x.1).max().unwrap_or(0);
            e > s && quoted(text, s, e)
        })
        .collect())
}

/// Every Source span of an annotation file (its first piece), attributions of indirect speech
/// included.
fn sources_of(ann: &str, text: &str) -> Vec<(usize, usize)> {
    let map = char_to_byte(text);
    ann.lines()
        .filter_map(|line| {
            let kind_ranges = line.split('\t').nth(1)?;
            let ranges = kind_ranges.strip_prefix("Source ")?;
            let (a, b) = ranges.split(';').next()?.trim().split_once(' ')?;
            Some((*map.get(a.parse::<usize>().ok()?)?, *map.get(b.parse::<usize>().ok()?)?))
        })
        .collect()
}

/// The name a gold Source stands for: its own words, or for a pronoun the nearest Source before
/// it that is no pronoun.
fn antecedent<'t>(text: &'t str, src: &Spans, all: &[(usize, usize)]) -> Option<&'t str> {
    let &(s, e) = src.first()?;
    let own = &text[s..e];
    if !is_pronoun(own) {
        return Some(own);
    }
    all.iter().rev().filter(|(a, _)| *a < s).map(|(a, b)| &text[*a..*b]).find(|t| !is_pronoun(t))
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let part = if args.dir.join(&args.part).is_dir() { args.dir.join(&args.part) } else { args.dir.clone() };
    let mut anns: Vec<PathBuf> = std::fs::read_dir(part.join("attributions"))
        .with_context(|| format!("reading {}", part.join("attributions").display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ann"))
        .collect();
    anns.sort();
    // One annotator per text: the first in name order.
    let mut chosen: BTreeMap<String, PathBuf> = BTreeMap::new();
    for p in anns {
        let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
        let base = stem.rsplit_once('_').map(|(b, _)| b.to_string()).unwrap_or(stem);
        chosen.entry(base).or_insert(p);
    }
    let (mut gold_n, mut found, mut with_source, mut right, mut strict) = (0usize, 0usize, 0usize, 0usize, 0usize);
    let (mut predicted, mut predicted_unmatched) = (0usize, 0usize);
    let mut bytes = 0usize;
    let mut secs = 0f64;
    let mut known = rassegna_who::KnownNames::default();
    let timings = rassegna_pipeline::Timings::default();
    for (base, ann_path) in &chosen {
        let text_path = part.join("text").join(format!("{base}.txt"));
        let text = std::fs::read_to_string(&text_path).with_context(|| format!("reading {}", text_path.display()))?;
        let ann = std::fs::read_to_string(ann_path)?;
        let gold = parse_ann(&ann, &text, ann_path)?;
        let t = std::time::Instant::now();
        // Read as a stream, as `rassegna run` reads reports (see `rassegna_pipeline::read_known`).
        let mut a = rassegna_model::Article { text: text.clone(), lang: Some("en".into()), ..Default::default() };
        (a.entities, a.quotes) = rassegna_who::annotate(&text, Some("en"));
        rassegna_pipeline::read_known(&mut a, &mut known, &timings);
        let (entities, quotes) = (a.entities, a.quotes);
        let person =
            |name: &str| entities.iter().any(|e| e.name == name && e.kind == rassegna_model::EntityType::Person);
        secs += t.elapsed().as_secs_f64();
        bytes += text.len();
        predicted += quotes.len();
        predicted_unmatched += quotes
            .iter()
            .filter(|q| !gold.iter().any(|g| g.content.iter().any(|c| overlaps(*c, (q.start, q.end)))))
            .count();
        // Every Source of the text by position, for a pronoun's antecedent.
        let mut all_sources = sources_of(&ann, &text);
        all_sources.sort();
        for g in &gold {
            gold_n += 1;
            let hit = quotes.iter().find(|q| g.content.iter().any(|c| overlaps(*c, (q.start, q.end))));
            let Some(q) = hit else {
                if args.errors {
                    let (s, e) = g.content[0];
                    println!("MISS {base}: {:?}", &text[s..e.min(s + 120)]);
                }
                continue;
            };
            found += 1;
            if g.sources.is_empty() {
                continue;
            }
            with_source += 1;
            let ok = q
                .speaker_mention
                .as_ref()
                .is_some_and(|m| g.sources.iter().flatten().any(|src| overlaps(*src, (m.start, m.end))));
            if ok {
                right += 1;
            }
            let names: Vec<&str> = g.sources.iter().filter_map(|src| antecedent(&text, src, &all_sources)).collect();
            let strict_ok =
                q.speaker.as_deref().is_some_and(|sp| names.iter().any(|n| same_speaker(sp, person(sp), n)));
            if strict_ok {
                strict += 1;
            }
            if !strict_ok && args.errors {
                let src: Vec<&str> = g.sources.iter().flatten().map(|(s, e)| &text[*s..*e]).collect();
                println!(
                    "SPEAKER {base}: gold {:?} (names {:?}) got {:?} = {:?} (cue {:?}; overlap {}) for {:?}",
                    src,
                    names,
                    q.speaker_mention.as_ref().map(|m| m.text.as_str()),
                    q.speaker,
                    q.cue,
                    if ok { "right" } else { "wrong" },
                    &q.text[..q.text.floor_char_boundary(80)]
                );
            }
        }
    }
    let pct = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    println!("eval quotes: {} ({} texts, one annotator each)", part.display(), chosen.len());
    println!("gold direct quotes        {gold_n}");
    println!("detection recall          {:.3} ({found}/{gold_n})", pct(found, gold_n));
    println!("speaker accuracy, overlap {:.3} ({right}/{with_source})", pct(right, with_source));
    println!("speaker accuracy, strict  {:.3} ({strict}/{with_source})", pct(strict, with_source));
    println!("predicted quotes          {predicted} (not overlapping any gold content: {predicted_unmatched})");
    println!("speed                     {:.1} MB/s (debug builds are slower)", bytes as f64 / 1e6 / secs.max(1e-9));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_names_match_by_their_naming_words() {
        assert!(same_name("Donald Trump", "Mr. Trump"));
        assert!(same_name("Trump", "Donald J. Trump"));
        assert!(same_name("White House", "the White House"));
        assert!(!same_name("Hillary Clinton", "Bill Clinton"));
        assert!(!same_name("Trump", "the Trump campaign"));
        assert!(!same_name("Obama", "he"));
        assert!(same_name("Dana Reyes", "Dana Reyes, a lawyer who works for the city,"));
        assert!(same_name("Paul K. Osei", "Another witness, Paul K. Osei (R-Ohio),"));
        assert!(same_name("a lawyer", "Dana Reyes, a lawyer who works for the city,"));
        assert!(same_name("Joseph R. Biden Jr", "Mr. Biden"));
        assert!(same_name("Brent Bozell III", "Bozell"));
        assert!(same_name("Tyresha McClenney", "McLenney"));
        assert!(same_name("Gary Byrne", "Bryne"));
        assert!(!same_name("Dana Reyes", "Dana Reed"));
        assert!(same_name("Lee Zeldin", "Republican Rep. Lee Zeldin of New York, a Trump supporter,"));
        assert!(!same_name("New York", "Republican Rep. Lee Zeldin of New York, a Trump supporter,"));
        assert!(!same_name("a strategist for one", "a strategist for one of these candidates, speaking"));
        assert!(!same_name("Trump National Doral", "Trump"));
        assert!(!same_name("Hillary Clinton", "Hillary"));
        assert!(same_speaker("Hillary Clinton", true, "Hillary"));
        assert!(same_speaker("Lou Jiwei", true, "Mr. Lou"));
        assert!(same_speaker("Ban Ki-moon", true, "Ban"));
        assert!(!same_speaker("Trump University", false, "Mr. Trump"));
        assert!(!same_speaker("Bundy Ranch", true, "Bundy"));
        assert!(!same_speaker("Hillary Clinton", true, "Bill"));
        assert!(!same_name("Representative", "Representative Steve Israel, a Democrat from New York"));
        assert!(!same_name("Republican", "Senator Shelley Moore Capito, Republican of West Virginia,"));
    }

    #[test]
    fn a_pronoun_source_stands_for_the_source_before_it() {
        let text = "Ms. Rivera said it. Later he spoke. She said more.";
        let all = [(0, 10), (26, 28), (36, 39)];
        assert_eq!(antecedent(text, &vec![(36, 39)], &all), Some("Ms. Rivera"));
        assert_eq!(antecedent(text, &vec![(0, 10)], &all), Some("Ms. Rivera"));
    }

    #[test]
    fn annotation_text_may_run_over_lines() {
        let text = "“Two.\nThe rest,” she said.";
        let ann =
            "T1\tContent 1 5;6 14\tTwo.\nThe rest\nT2\tSource 17 20\tshe\nE1\tAttribution:T9 Content:T1 Source:T2\n";
        let gold = parse_ann(ann, text, Path::new("x.ann")).unwrap();
        assert_eq!(gold.len(), 1);
        assert_eq!(gold[0].sources.len(), 1);
    }

    #[test]
    fn only_contents_inside_marks_are_direct_quotes() {
        let text = "“We will win,” she said. He said that taxes would fall. He called it “a disgrace.”";
        let chars: Vec<char> = text.chars().collect();
        let find = |s: &str| {
            let t: Vec<char> = s.chars().collect();
            let a = (0..chars.len()).find(|&i| chars[i..].starts_with(&t)).unwrap();
            (a, a + t.len())
        };
        let (a, b) = find("We will win");
        let (c, d) = find("taxes would fall");
        let (e, f) = find("a disgrace.");
        let ann = format!(
            "T1\tContent {a} {b}\tWe will win\nT2\tSource 25 27\tHe\nT3\tContent {c} {d}\tx\nT4\tContent {e} {f}\tx\n\
             E1\tAttribution:T9 Content:T1\nE2\tAttribution:T9 Content:T3 Source:T2\nE3\tAttribution:T9 Content:T4\n"
        );
        let gold = parse_ann(&ann, text, Path::new("x.ann")).unwrap();
        let got: Vec<&str> = gold.iter().map(|g| &text[g.content[0].0..g.content[0].1]).collect();
        assert_eq!(got, ["We will win", "a disgrace."]);
    }
}
