//! Evaluation of the entity recogniser on KIND-style BIO files (`token<TAB>tag`, a blank line between
//! sentences): entity-level F1 with exact span and type (seqeval's rule), per type and overall.
//!
//! Text is rebuilt by joining a sentence's tokens with spaces (an elided word such as `dell'` is
//! glued to the next, as in real text), one sentence a line; consecutive
//! sentences form one document until a title-like line (no closing punctuation) starts the next.

use anyhow::Context;
use rassegna_model::EntityType;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The BIO file (e.g. `WN_dev.tsv`), or a directory holding `WN_dev.tsv`.
    pub dir: PathBuf,
    /// Print every missed and every spurious entity with its sentence.
    #[arg(long)]
    pub errors: bool,
}

/// A rebuilt document with its gold entities (byte spans into `text`).
struct Doc {
    text: String,
    gold: Vec<(usize, usize, String)>,
}

fn read_docs(path: &Path) -> anyhow::Result<Vec<Doc>> {
    let raw = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut sentences: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for (n, line) in raw.lines().enumerate() {
        if line.trim().is_empty() {
            if !sentences.last().is_some_and(Vec::is_empty) {
                sentences.push(Vec::new());
            }
            continue;
        }
        let (tok, tag) =
            line.rsplit_once('\t').with_context(|| format!("{}:{}: expected token<TAB>tag", path.display(), n + 1))?;
        sentences.last_mut().expect("non-empty").push((tok.to_string(), tag.trim().to_string()));
    }
    let mut docs: Vec<Doc> = Vec::new();
    let mut cur = Doc { text: String::new(), gold: Vec::new() };
    for s in sentences.into_iter().filter(|s| !s.is_empty()) {
        let last = s.last().map(|x| x.0.as_str()).unwrap_or("");
        let title_like = !matches!(last, "." | "!" | "?" | "\"" | "”" | "»" | ")" | ":" | ";") && s.len() <= 20;
        if title_like && !cur.text.is_empty() {
            docs.push(std::mem::replace(&mut cur, Doc { text: String::new(), gold: Vec::new() }));
        }
        if !cur.text.is_empty() {
            cur.text.push('\n');
        }
        let mut open: Option<(usize, usize, String)> = None;
        for (i, (tok, tag)) in s.iter().enumerate() {
            // Elided words are written against the next word in real text: "dell'università".
            let glued = i > 0 && s[i - 1].0.ends_with(['\'', '’']) && s[i - 1].0.chars().count() > 1;
            if i > 0 && !glued {
                cur.text.push(' ');
            }
            let start = cur.text.len();
            cur.text.push_str(tok);
            let end = cur.text.len();
            let (bio, kind) = tag.split_once('-').unwrap_or((tag.as_str(), ""));
            match bio {
                "B" => {
                    cur.gold.extend(open.take());
                    open = Some((start, end, kind.to_string()));
                }
                "I" => match &mut open {
                    Some(o) if o.2 == kind => o.1 = end,
                    _ => {
                        // seqeval treats an I- without a B- as the start of an entity.
                        cur.gold.extend(open.take());
                        open = Some((start, end, kind.to_string()));
                    }
                },
                _ => cur.gold.extend(open.take()),
            }
        }
        cur.gold.extend(open.take());
    }
    if !cur.text.is_empty() {
        docs.push(cur);
    }
    Ok(docs)
}

fn tag(kind: EntityType) -> Option<&'static str> {
    match kind {
        EntityType::Person => Some("PER"),
        EntityType::Place => Some("LOC"),
        EntityType::Organisation => Some("ORG"),
        EntityType::Other => None,
    }
}

fn line_of(text: &str, pos: usize) -> &str {
    let s = text[..pos].rfind('\n').map_or(0, |i| i + 1);
    let e = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
    &text[s..e]
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let path = if args.dir.is_dir() { args.dir.join("WN_dev.tsv") } else { args.dir.clone() };
    let docs = read_docs(&path)?;
    // type -> (true positives, gold, predicted)
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut bytes = 0usize;
    let started = std::time::Instant::now();
    // The documents are read as a stream, in file order, as `rassegna run` reads reports: what
    // earlier ones named in full types the bare names of later ones.
    let mut known = rassegna_who::KnownNames::default();
    for doc in &docs {
        bytes += doc.text.len();
        let mentions = rassegna_who::name_mentions_known(&doc.text, Some("it"), &known);
        known.learn_persons(mentions.iter().filter(|(_, k)| *k == EntityType::Person).map(|(m, _)| m.text.as_str()));
        let predicted: HashSet<(usize, usize, String)> =
            mentions.into_iter().filter_map(|(m, k)| tag(k).map(|t| (m.start, m.end, t.to_string()))).collect();
        let gold: HashSet<(usize, usize, String)> = doc.gold.iter().cloned().collect();
        for g in &gold {
            let c = counts.entry(g.2.clone()).or_default();
            c.1 += 1;
            if predicted.contains(g) {
                c.0 += 1;
            } else if args.errors {
                println!("MISS {} {:?}\t| {}", g.2, &doc.text[g.0..g.1], line_of(&doc.text, g.0));
            }
        }
        for p in &predicted {
            counts.entry(p.2.clone()).or_default().2 += 1;
            if args.errors && !gold.contains(p) {
                println!("SPURIOUS {} {:?}\t| {}", p.2, &doc.text[p.0..p.1], line_of(&doc.text, p.0));
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    let f1 = |tp: usize, g: usize, p: usize| {
        let prec = if p == 0 { 0.0 } else { tp as f64 / p as f64 };
        let rec = if g == 0 { 0.0 } else { tp as f64 / g as f64 };
        let f = if prec + rec == 0.0 { 0.0 } else { 2.0 * prec * rec / (prec + rec) };
        (prec, rec, f)
    };
    println!("eval ner: {} ({} documents, {} KB)", path.display(), docs.len(), bytes / 1024);
    println!("{:<6} {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}", "type", "gold", "pred", "tp", "P", "R", "F1");
    let (mut tp, mut g, mut p) = (0, 0, 0);
    for (kind, (t, gg, pp)) in &counts {
        let (pr, re, f) = f1(*t, *gg, *pp);
        println!("{kind:<6} {gg:>6} {pp:>6} {t:>6} {pr:>7.3} {re:>7.3} {f:>7.3}");
        tp += t;
        g += gg;
        p += pp;
    }
    let (pr, re, f) = f1(tp, g, p);
    println!("{:<6} {g:>6} {p:>6} {tp:>6} {pr:>7.3} {re:>7.3} {f:>7.3}", "all");
    println!("speed: {:.1} MB/s (debug builds are slower)", bytes as f64 / 1e6 / elapsed.max(1e-9));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bio_spans_map_onto_the_rebuilt_text() {
        let dir = std::env::temp_dir().join(format!("rassegna-ner-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("x.tsv");
        std::fs::write(&f, "Titolo\tO\n\nIl\tO\nsindaco\tO\nAnna\tB-PER\nVerdi\tI-PER\na\tO\nBari\tB-LOC\n.\tO\n")
            .unwrap();
        let docs = read_docs(&f).unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        let spans: Vec<(&str, &str)> = d.gold.iter().map(|(s, e, k)| (&d.text[*s..*e], k.as_str())).collect();
        assert_eq!(spans, [("Anna Verdi", "PER"), ("Bari", "LOC")]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
