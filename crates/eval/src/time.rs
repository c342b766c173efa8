//! Evaluation of the time stage: TIMEX3 detection and value F1 on MEANTIME (CAT XML, English), and date
//! F1 of produced timelines against the ml-crisis Italian reference timelines (news-tls definition).

use anyhow::{Context, bail};
use rassegna_model::{Article, PartialDate};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of the development set.
    pub dir: PathBuf,
    /// Which collection: `meantime`, `timeml` or `mlcrisis` (default: guessed from the directory's contents).
    #[arg(long)]
    pub set: Option<String>,
    /// Print every miss, false alarm and wrong value (MEANTIME) or every date (ml-crisis).
    #[arg(long)]
    pub errors: bool,
}

pub fn run(args: &Args) -> anyhow::Result<()> {
    let set = match args.set.as_deref() {
        Some(s) => s.to_string(),
        None if args.dir.join("articles.jsonl").exists() => "mlcrisis".into(),
        None if !files_ending(&args.dir, "tml")?.is_empty() => "timeml".into(),
        None => "meantime".into(),
    };
    match set.as_str() {
        "meantime" => meantime(&args.dir, args.errors),
        "timeml" | "tbaq" => timeml(&args.dir, args.errors),
        "mlcrisis" | "ml-crisis" => mlcrisis(&args.dir, args.errors),
        other => bail!("unknown set {other:?}: use meantime, timeml or mlcrisis"),
    }
}

// ---------------------------------------------------------------- MEANTIME

/// One gold or system time expression: byte span in the rebuilt text, value, type.
#[derive(Debug, Clone)]
struct Timex {
    start: usize,
    end: usize,
    value: String,
    kind: String,
}

/// A MEANTIME document rebuilt as text (tokens joined by spaces, one sentence a line).
struct Doc {
    name: String,
    text: String,
    dct: Option<PartialDate>,
    /// End of the last sentence with time annotation: MEANTIME annotates the title and first sentences only.
    annotated_end: usize,
    gold: Vec<Timex>,
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let len = tag[at..].find('"')?;
    Some(&tag[at..at + len])
}

/// Sentences fully annotated for time in MEANTIME: the title (0) and sentences 1 to 5.
const ANNOTATED_SENTENCES: usize = 5;

fn parse_cat(name: &str, xml: &str) -> anyhow::Result<Doc> {
    let mut text = String::new();
    let mut tok_span: HashMap<String, (usize, usize)> = HashMap::new();
    let mut last_sentence: Option<usize> = None;
    let mut annotated_end = 0;
    let mut pos = 0;
    while let Some(off) = xml[pos..].find("<token ") {
        let s = pos + off;
        let close = s + xml[s..].find('>').context("unclosed token")?;
        let tag = &xml[s..close];
        let end_tag = close + xml[close..].find("</token>").context("token without end")?;
        let word = unescape(&xml[close + 1..end_tag]);
        let sentence: usize = attr(tag, "sentence").context("token sentence")?.parse()?;
        let id = attr(tag, "t_id").context("token id")?.to_string();
        match last_sentence {
            Some(l) if l != sentence => text.push('\n'),
            Some(_) => text.push(' '),
            None => {}
        }
        last_sentence = Some(sentence);
        let start = text.len();
        text.push_str(&word);
        tok_span.insert(id, (start, text.len()));
        if sentence <= ANNOTATED_SENTENCES {
            annotated_end = text.len();
        }
        pos = end_tag;
    }
    let mut gold = Vec::new();
    let mut dct = None;
    let mut pos = 0;
    while let Some(off) = xml[pos..].find("<TIMEX3 ") {
        let s = pos + off;
        let close = s + xml[s..].find('>').context("unclosed TIMEX3")?;
        let tag = &xml[s..close];
        pos = close;
        let value = iso_week(attr(tag, "value").unwrap_or(""));
        if attr(tag, "functionInDocument") == Some("CREATION_TIME") {
            dct = PartialDate::parse_prefix(&value).ok();
        }
        if tag.ends_with('/') {
            // Empty TIMEX3s are implicit times with no words in the text.
            continue;
        }
        let end = close + xml[close..].find("</TIMEX3>").context("TIMEX3 without end")?;
        let body = &xml[close..end];
        let spans: Vec<(usize, usize)> = body
            .split("t_id=\"")
            .skip(1)
            .filter_map(|p| p.split('"').next())
            .filter_map(|id| tok_span.get(id).copied())
            .collect();
        let (Some(a), Some(b)) = (spans.iter().map(|x| x.0).min(), spans.iter().map(|x| x.1).max()) else { continue };
        gold.push(Timex { start: a, end: b, value, kind: attr(tag, "type").unwrap_or("").to_lowercase() });
    }
    Ok(Doc { name: name.to_string(), text, dct, annotated_end, gold })
}

/// A gold value with its ISO week written in two digits, as the tagger writes it: some TimeML
/// files spell the seventh week "2000-W7", which is the same value as "2000-W07".
fn iso_week(value: &str) -> String {
    if let Some((year, week)) = value.split_once("-W") {
        let digits = week.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 1 && year.len() == 4 {
            return format!("{year}-W0{week}");
        }
    }
    value.to_string()
}

/// The files under `dir` (recursively) whose extension is `ext`, sorted.
fn files_ending(dir: &Path, ext: &str) -> anyhow::Result<Vec<PathBuf>> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
        for e in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
            let p = e?.path();
            if p.is_dir() {
                walk(&p, ext, out)?;
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, ext, &mut out)?;
    out.sort();
    Ok(out)
}

/// A TimeML document (TimeBank, AQUAINT: TempEval-3's training data): the `TEXT` element without its
/// tags is the text, every `TIMEX3` in it is gold, the DCT's `TIMEX3` (`CREATION_TIME`) is the anchor.
fn parse_tml(name: &str, xml: &str) -> anyhow::Result<Doc> {
    let dct = xml
        .find("<DCT>")
        .and_then(|at| xml[at..].find("<TIMEX3 ").map(|t| at + t))
        .and_then(|t| attr(&xml[t..t + xml[t..].find('>')?], "value"))
        .and_then(|v| PartialDate::parse_prefix(v).ok());
    let start = xml.find("<TEXT>").context("no TEXT element")? + "<TEXT>".len();
    let end = start + xml[start..].find("</TEXT>").context("TEXT without end")?;
    let body = &xml[start..end];
    let (mut text, mut gold, mut open) = (String::new(), Vec::new(), None);
    let mut pos = 0;
    while let Some(off) = body[pos..].find('<') {
        text.push_str(&unescape(&body[pos..pos + off]));
        let s = pos + off;
        let close = s + body[s..].find('>').context("unclosed tag")?;
        let tag = &body[s..close];
        if tag.starts_with("<TIMEX3 ") {
            let value = iso_week(attr(tag, "value").unwrap_or(""));
            open = Some((text.len(), value, attr(tag, "type").unwrap_or("").to_lowercase()));
        } else if tag == "</TIMEX3" {
            let (a, value, kind) = open.take().context("</TIMEX3> without start")?;
            gold.push(Timex { start: a, end: text.len(), value, kind });
        }
        pos = close + 1;
    }
    text.push_str(&unescape(&body[pos..]));
    let annotated_end = text.len();
    Ok(Doc { name: name.to_string(), text, dct, annotated_end, gold })
}

#[derive(Default)]
struct Prf {
    tp_p: usize,
    tp_r: usize,
    sys: usize,
    gold: usize,
}

impl Prf {
    fn p(&self) -> f64 {
        if self.sys == 0 { 0.0 } else { self.tp_p as f64 / self.sys as f64 }
    }
    fn r(&self) -> f64 {
        if self.gold == 0 { 0.0 } else { self.tp_r as f64 / self.gold as f64 }
    }
    fn f(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

/// One-to-one matching of system to gold by overlap, exact spans first (TempEval-3 style).
fn align(sys: &[Timex], gold: &[Timex]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut used_s = vec![false; sys.len()];
    let mut used_g = vec![false; gold.len()];
    for exact in [true, false] {
        for (gi, g) in gold.iter().enumerate() {
            if used_g[gi] {
                continue;
            }
            let hit = sys.iter().enumerate().find(|(si, s)| {
                !used_s[*si]
                    && if exact { s.start == g.start && s.end == g.end } else { s.start < g.end && g.start < s.end }
            });
            if let Some((si, _)) = hit {
                used_s[si] = true;
                used_g[gi] = true;
                pairs.push((si, gi));
            }
        }
    }
    pairs
}

/// Reads every file of `files` with `parse`.
fn read_docs(files: &[PathBuf], parse: fn(&str, &str) -> anyhow::Result<Doc>) -> anyhow::Result<Vec<Doc>> {
    files
        .iter()
        .map(|path| {
            let xml = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let name = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
            parse(&name, &xml).with_context(|| format!("parsing {}", path.display()))
        })
        .collect()
}

fn meantime(dir: &Path, show_errors: bool) -> anyhow::Result<()> {
    let files = files_ending(dir, "xml")?;
    if files.is_empty() {
        bail!("no CAT XML files under {}", dir.display());
    }
    let docs = read_docs(&files, parse_cat)?;
    println!(
        "MEANTIME English ({} documents, title + sentences 1-{ANNOTATED_SENTENCES}, anchored at the DCT)",
        docs.len()
    );
    score(&docs, show_errors);
    Ok(())
}

fn timeml(dir: &Path, show_errors: bool) -> anyhow::Result<()> {
    let files = files_ending(dir, "tml")?;
    if files.is_empty() {
        bail!("no TimeML (.tml) files under {}", dir.display());
    }
    let docs = read_docs(&files, parse_tml)?;
    println!("TimeML English ({} documents, TEXT, anchored at the DCT)", docs.len());
    score(&docs, show_errors);
    Ok(())
}

/// TempEval-3 scores of the tagger on `docs`: strict and relaxed detection, value and type on relaxed matches.
fn score(docs: &[Doc], show_errors: bool) {
    let (mut strict, mut relaxed, mut value, mut kind) =
        (Prf::default(), Prf::default(), Prf::default(), Prf::default());
    for doc in docs {
        let sys: Vec<Timex> = rassegna_when::tag(&doc.text, Some("en"), doc.dct)
            .into_iter()
            .filter(|m| m.end <= doc.annotated_end)
            .map(|m| Timex { start: m.start, end: m.end, value: m.value, kind: m.kind.to_string() })
            .collect();
        let pairs = align(&sys, &doc.gold);
        for prf in [&mut strict, &mut relaxed, &mut value, &mut kind] {
            prf.sys += sys.len();
            prf.gold += doc.gold.len();
        }
        let mut matched_s = vec![false; sys.len()];
        let mut matched_g = vec![false; doc.gold.len()];
        for &(si, gi) in &pairs {
            let (s, g) = (&sys[si], &doc.gold[gi]);
            matched_s[si] = true;
            matched_g[gi] = true;
            relaxed.tp_p += 1;
            relaxed.tp_r += 1;
            if s.start == g.start && s.end == g.end {
                strict.tp_p += 1;
                strict.tp_r += 1;
            }
            if s.value == g.value {
                value.tp_p += 1;
                value.tp_r += 1;
            } else if show_errors {
                println!(
                    "VALUE\t{}\t{:?}\tsys {} gold {}\t(gold span {:?})",
                    doc.name,
                    &doc.text[s.start..s.end],
                    s.value,
                    g.value,
                    &doc.text[g.start..g.end]
                );
            }
            if s.kind == g.kind {
                kind.tp_p += 1;
                kind.tp_r += 1;
            }
        }
        if show_errors {
            for (g, _) in doc.gold.iter().zip(&matched_g).filter(|(_, m)| !**m) {
                println!("MISS\t{}\t{:?}\t{} {}", doc.name, &doc.text[g.start..g.end], g.kind, g.value);
            }
            for (s, _) in sys.iter().zip(&matched_s).filter(|(_, m)| !**m) {
                println!("FALSE\t{}\t{:?}\t{} {}", doc.name, &doc.text[s.start..s.end], s.kind, s.value);
            }
        }
    }
    println!("{:<22}{:>9}{:>9}{:>9}", "measure", "P", "R", "F1");
    for (name, prf) in
        [("strict detection", &strict), ("relaxed detection", &relaxed), ("value", &value), ("type", &kind)]
    {
        println!("{name:<22}{:>9.3}{:>9.3}{:>9.3}", prf.p(), prf.r(), prf.f());
    }
    println!("gold {}  system {}", strict.gold, strict.sys);
}

// ---------------------------------------------------------------- ml-crisis

/// The reports of each topic as the product stores them: the input goes through the product's own
/// path (ingest, cleaning, every stage, an in-memory store), so the timeline reads the cleaned text
/// and the dates the time stage gave it, not the page as scraped.
fn crisis_topics(path: &Path) -> anyhow::Result<BTreeMap<String, Vec<Article>>> {
    let input = path.to_string_lossy().into_owned();
    let (inputs, _, errors) = rassegna_ingest::expand(std::slice::from_ref(&input));
    if let Some(e) = errors.first() {
        bail!("{e}");
    }
    let docs: Vec<_> = inputs.iter().flat_map(rassegna_ingest::read).filter_map(Result::ok).collect();
    anyhow::ensure!(!docs.is_empty(), "no readable reports in {}", path.display());
    let topic_of: HashMap<String, String> =
        docs.iter().map(|d| (d.doc.id.clone(), d.doc.extra.get("topic").cloned().unwrap_or_default())).collect();
    let mut pipeline =
        rassegna_pipeline::Pipeline::in_memory(rassegna_pipeline::Config::default()).context("in-memory store")?;
    pipeline.process(docs.into_iter().map(Ok), |_| {})?;
    let mut topics: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    pipeline.store().for_each_article(&mut |a| {
        let topic = topic_of.get(&a.id).cloned().unwrap_or_default();
        topics.entry(topic).or_default().push(a);
    })?;
    // Publication order, as a user's stream would have them.
    for articles in topics.values_mut() {
        articles.sort_by(|a, b| a.published.cmp(&b.published).then(a.id.cmp(&b.id)));
    }
    Ok(topics)
}

fn reference_dates(path: &Path) -> anyhow::Result<BTreeSet<PartialDate>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| l.len() == 10 && l.as_bytes()[4] == b'-' && l.as_bytes()[7] == b'-')
        .filter_map(|l| l.parse().ok())
        .collect())
}

fn prf(pred: &BTreeSet<PartialDate>, gold: &BTreeSet<PartialDate>) -> (f64, f64) {
    let shared = pred.intersection(gold).count() as f64;
    let p = if pred.is_empty() { 0.0 } else { shared / pred.len() as f64 };
    let r = if gold.is_empty() { 0.0 } else { shared / gold.len() as f64 };
    (p, r)
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
}

fn mlcrisis(dir: &Path, show: bool) -> anyhow::Result<()> {
    let topics = crisis_topics(&dir.join("articles.jsonl"))?;
    println!("ml-crisis Italian: date selection against reference timelines");
    println!(
        "{:<10}{:>6}{:>7}{:>7} | {:>7}{:>7}{:>7} | {:>7}{:>7}{:>7}",
        "topic", "ref", "pred", "top-l", "P", "R", "F1", "P@l", "R@l", "F1@l"
    );
    let (mut sum_all, mut sum_l) = ((0.0, 0.0), (0.0, 0.0));
    let mut f_all_mean = 0.0;
    let mut f_l_mean = 0.0;
    let n = topics.len();
    for (topic, articles) in &topics {
        let gold = reference_dates(&dir.join("reference").join(format!("{topic}.txt")))?;
        let (Some(first), Some(last)) = (gold.first().copied(), gold.last().copied()) else { continue };
        // news-tls: the input is the articles published within the reference span.
        let inside: Vec<Article> =
            articles.iter().filter(|a| a.published.is_some_and(|p| p >= first && p <= last)).cloned().collect();
        let tl = rassegna_when::timeline(&inside);
        // Day-precise dates ranked by how many reports state an event on them.
        let ranked_all: Vec<(PartialDate, usize)> =
            rassegna_when::key_dates(&tl).into_iter().filter(|(d, _)| d.day.is_some()).collect();
        let all: BTreeSet<PartialDate> = ranked_all.iter().map(|(d, _)| *d).collect();
        // news-tls: the input is cut to the reference span and the system keeps l = |reference| dates.
        let ranked: Vec<(PartialDate, usize)> =
            ranked_all.iter().copied().filter(|(d, _)| *d >= first && *d <= last).collect();
        let top: BTreeSet<PartialDate> = ranked.iter().take(gold.len()).map(|(d, _)| *d).collect();
        let (pa, ra) = prf(&all, &gold);
        let (pl, rl) = prf(&top, &gold);
        sum_all = (sum_all.0 + pa, sum_all.1 + ra);
        sum_l = (sum_l.0 + pl, sum_l.1 + rl);
        f_all_mean += f1(pa, ra) / n as f64;
        f_l_mean += f1(pl, rl) / n as f64;
        println!(
            "{topic:<10}{:>6}{:>7}{:>7} | {pa:>7.3}{ra:>7.3}{:>7.3} | {pl:>7.3}{rl:>7.3}{:>7.3}",
            gold.len(),
            all.len(),
            top.len(),
            f1(pa, ra),
            f1(pl, rl)
        );
        if show {
            for (d, s) in &ranked {
                println!("  {d}\t{s}\t{}", if gold.contains(d) { "REF" } else { "" });
                for e in tl.iter().filter(|e| e.date == d.to_string()) {
                    let text: String = e.text.chars().take(110).collect();
                    println!("      {} · {text}", e.sources.join(" "));
                }
            }
        }
    }
    let nf = n as f64;
    let (pa, ra) = (sum_all.0 / nf, sum_all.1 / nf);
    let (pl, rl) = (sum_l.0 / nf, sum_l.1 / nf);
    println!(
        "{:<10}{:>6}{:>7}{:>7} | {pa:>7.3}{ra:>7.3}{:>7.3} | {pl:>7.3}{rl:>7.3}{:>7.3}",
        "average",
        "",
        "",
        "",
        f1(pa, ra),
        f1(pl, rl)
    );
    println!(
        "(average row: F1 of topic-averaged P and R, as news-tls reports; mean of topic F1s: all {f_all_mean:.3}, top-l {f_l_mean:.3})"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CAT: &str = r#"<?xml version="1.0" ?><Document doc_id="1" doc_name="x" lang="en">
<token number="0" sentence="0" t_id="1">Ferry</token>
<token number="1" sentence="0" t_id="2">sinks</token>
<token number="2" sentence="1" t_id="3">May</token>
<token number="3" sentence="1" t_id="4">4</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2010</token>
<token number="6" sentence="2" t_id="7">It</token>
<token number="7" sentence="2" t_id="8">sank</token>
<token number="8" sentence="2" t_id="9">yesterday</token>
<token number="9" sentence="2" t_id="10">&amp;</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2010-05-04">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2010-05-03">
<token_anchor t_id="9"/>
</TIMEX3>
<TIMEX3 TAG_DESCRIPTOR="later" functionInDocument="NONE" m_id="3" type="DATE" value="XXXX"/>
</Markables></Document>"#;

    #[test]
    fn cat_documents_rebuild_text_spans_and_creation_time() {
        let doc = parse_cat("x", CAT).unwrap();
        assert_eq!(doc.text, "Ferry sinks\nMay 4 , 2010\nIt sank yesterday &");
        assert_eq!(doc.dct, Some("2010-05-04".parse().unwrap()));
        let spans: Vec<&str> = doc.gold.iter().map(|g| &doc.text[g.start..g.end]).collect();
        assert_eq!(spans, vec!["May 4 , 2010", "yesterday"]);
    }

    const TML: &str = r#"<?xml version="1.0" ?><TimeML>
<DOCID>X1</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="2001-03-02T10:00" functionInDocument="CREATION_TIME">2001-03-02 10:00</TIMEX3></DCT>
<TEXT>
The mayor <EVENT eid="e1">left</EVENT> <TIMEX3 tid="t1" type="DATE" value="2001-03-01">Thursday</TIMEX3> &amp; came back in <TIMEX3 tid="t2" type="DURATION" value="P2D">two days</TIMEX3>.
</TEXT>
<TLINK lid="l1"/></TimeML>"#;

    #[test]
    fn timeml_documents_keep_the_text_its_timexes_and_the_creation_time() {
        let doc = parse_tml("x", TML).unwrap();
        assert_eq!(doc.text, "\nThe mayor left Thursday & came back in two days.\n");
        assert_eq!(doc.dct, Some("2001-03-02".parse().unwrap()));
        let spans: Vec<(&str, &str)> = doc.gold.iter().map(|g| (&doc.text[g.start..g.end], g.value.as_str())).collect();
        assert_eq!(spans, vec![("Thursday", "2001-03-01"), ("two days", "P2D")]);
    }

    #[test]
    fn alignment_prefers_exact_spans_and_is_one_to_one() {
        let t = |start, end| Timex { start, end, value: String::new(), kind: String::new() };
        let gold = vec![t(0, 10), t(20, 30)];
        let sys = vec![t(2, 10), t(0, 10), t(25, 40), t(26, 28)];
        let pairs = align(&sys, &gold);
        assert_eq!(pairs, vec![(1, 0), (2, 1)]);
    }

    #[test]
    fn a_one_digit_iso_week_in_the_gold_is_the_same_week_the_tagger_writes() {
        assert_eq!(iso_week("2000-W7"), "2000-W07");
        assert_eq!(iso_week("2000-W7-WE"), "2000-W07-WE");
        assert_eq!(iso_week("1998-W12"), "1998-W12");
        assert_eq!(iso_week("XXXX-WXX-1TNI"), "XXXX-WXX-1TNI");
        assert_eq!(iso_week("P1W"), "P1W");
    }
}
