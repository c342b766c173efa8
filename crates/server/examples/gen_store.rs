//! Fill a store with synthetic Italian reports for the serving benchmark:
//! `cargo run --release -p rassegna-server --example gen_store -- OUT.db 100000 [zipf|uniform]`.
//! OUT may be a PostgreSQL URL; with `--fresh NAME` after the corpus, OUT names a server and the
//! store is a new database `rassegna_NAME` on it (an older one of that name is dropped), whose URL
//! is printed on the last line.
//!
//! `zipf` (the default) writes text shaped like news: a vocabulary of 5,000 content words drawn
//! with Zipf's law (a few words in most reports, most words in few), function words between them,
//! each story's topic words recurring in its reports, and set phrases ("consiglio comunale").
//! `uniform` is the first benchmark's corpus: 38 words drawn uniformly, so every word is in ~96 %
//! of reports (the worst case for search: every query term matches almost everything).

use rassegna_model::{Article, Entity, EntityType, Mention, Story, SummarySentence, TimelineEntry};
use rassegna_store::{Batch, Store};

const WORDS: &[&str] = &[
    "consiglio",
    "comunale",
    "ponte",
    "sindaca",
    "lavori",
    "provincia",
    "strada",
    "frana",
    "scuola",
    "ospedale",
    "bilancio",
    "regione",
    "treno",
    "stazione",
    "sciopero",
    "porto",
    "mercato",
    "festa",
    "museo",
    "teatro",
    "progetto",
    "cantiere",
    "assessore",
    "cittadini",
    "quartiere",
    "fiume",
    "piazza",
    "tribunale",
    "sentenza",
    "elezioni",
    "candidato",
    "maltempo",
    "neve",
    "turisti",
    "aziende",
    "lavoratori",
    "sindacato",
    "accordo",
];
/// Ranks (0 = most frequent) of the topic words in the Zipf vocabulary: the searched words
/// spread from very common (in most reports) to fairly rare (in a few hundred).
const TOPIC_RANKS: &[usize] = &[
    3, 5, 40, 180, 60, 110, 25, 300, 22, 90, 75, 15, 130, 260, 420, 120, 200, 700, 210, 150, 12, 45, 30, 8, 55, 250,
    65, 350, 500, 140, 600, 230, 400, 380, 35, 50, 160, 170,
];
/// Italian function words (stop words for the analyzer), written between content words.
const FUNCTION: &[&str] = &[
    "il", "la", "di", "che", "e", "a", "per", "in", "un", "una", "del", "della", "con", "non", "si", "le", "dei", "da",
    "al", "nel", "sono", "ha", "anche", "come", "più", "alla", "ma", "gli", "è", "lo",
];
/// Set phrases inserted now and then, as news text repeats them.
const PHRASES: &[&str] = &[
    "consiglio comunale",
    "protezione civile",
    "vigili del fuoco",
    "giunta regionale",
    "lavori pubblici",
    "trasporto pubblico",
    "piano regolatore",
    "centro storico",
];
const VOCABULARY: usize = 5000;

/// Deterministic pseudo-Italian words (syllables, ending in a vowel), distinct from the topic
/// and function words.
fn invented_words(n: usize, next: &mut impl FnMut() -> u64) -> Vec<String> {
    const SYL: &[&str] = &[
        "ca", "to", "ri", "men", "sta", "lo", "pa", "ne", "ver", "di", "so", "gra", "ti", "por", "za", "bi", "lu",
        "fe", "mo", "chia", "tra", "ge", "vi", "ste", "cor", "ma", "no", "sel", "pro", "dan", "ru", "quel", "fio",
        "ban", "te",
    ];
    const END: &[&str] = &["a", "o", "e", "i", "ione", "ento", "ale", "ato", "ita", "ezza"];
    let mut seen: std::collections::HashSet<String> = WORDS.iter().chain(FUNCTION).map(|w| w.to_string()).collect();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let mut w = String::new();
        for _ in 0..(1 + next() % 3) {
            w.push_str(SYL[(next() % SYL.len() as u64) as usize]);
        }
        w.push_str(END[(next() % END.len() as u64) as usize]);
        if seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// The Zipf vocabulary (topic words at `TOPIC_RANKS`, invented words elsewhere) and the
/// cumulative probabilities of its ranks (exponent 1).
fn zipf_vocabulary(next: &mut impl FnMut() -> u64) -> (Vec<String>, Vec<f64>) {
    let mut invented = invented_words(VOCABULARY - WORDS.len(), next).into_iter();
    let mut vocab = vec![String::new(); VOCABULARY];
    for (w, &r) in WORDS.iter().zip(TOPIC_RANKS) {
        vocab[r] = w.to_string();
    }
    for slot in vocab.iter_mut().filter(|w| w.is_empty()) {
        *slot = invented.next().expect("enough invented words");
    }
    let mut cumulative = Vec::with_capacity(VOCABULARY);
    let mut sum = 0.0;
    for r in 0..VOCABULARY {
        sum += 1.0 / (r as f64 + 1.0);
        cumulative.push(sum);
    }
    for c in &mut cumulative {
        *c /= sum;
    }
    (vocab, cumulative)
}

/// About 200 words of news-like text: Zipf content words, function words between them, the
/// story's topic words recurring, a set phrase now and then.
fn zipf_text(text: &mut String, topic: &[&str], vocab: &[String], cumulative: &[f64], next: &mut impl FnMut() -> u64) {
    let unit = |x: u64| (x >> 11) as f64 / (1u64 << 53) as f64;
    for k in 0..200 {
        let roll = next() % 100;
        if roll < 40 {
            text.push_str(FUNCTION[(next() % FUNCTION.len() as u64) as usize]);
        } else if roll < 48 {
            text.push_str(topic[(next() % topic.len() as u64) as usize]);
        } else if roll < 50 {
            text.push_str(PHRASES[(next() % PHRASES.len() as u64) as usize]);
        } else {
            let u = unit(next());
            let r = cumulative.partition_point(|&c| c < u).min(vocab.len() - 1);
            text.push_str(&vocab[r]);
        }
        text.push(if k % 18 == 17 { '.' } else { ' ' });
        if k % 18 == 17 {
            text.push(' ');
        }
    }
}

const OUTLETS: &[&str] =
    &["Gazzetta del Lago", "Corriere Padano", "Eco di Lodi", "Voce del Ticino", "Northern Courier"];
const PEOPLE: &[&str] = &["Marta Ferri", "Paolo Riva", "Giulia Conti", "Luca Bassi", "Anna Moretti", "Sergio Galli"];

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_store OUT [ARTICLES] [zipf|uniform] [--fresh NAME]";
    let mut path = args.next().expect(usage);
    let n: usize = args.next().map(|s| s.parse().expect("a number")).unwrap_or(100_000);
    let uniform = match args.next().as_deref() {
        None | Some("zipf") => false,
        Some("uniform") => true,
        Some(other) => panic!("corpus {other}: zipf or uniform"),
    };
    match (args.next().as_deref(), args.next()) {
        (None, _) => {}
        (Some("--fresh"), Some(name)) => {
            path = rassegna_store::scratch::fresh_database(&path, &name).expect("a new database on the server")
        }
        _ => panic!("{usage}"),
    }
    let per_story = 4;
    let mut store = Store::open(std::path::Path::new(&path)).expect("store opens");
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    // Only for zipf, so `uniform` writes the same bytes as before.
    let (vocab, cumulative) = if uniform { (Vec::new(), Vec::new()) } else { zipf_vocabulary(&mut next) };
    let mut batch = Batch::default();
    for i in 0..n {
        let s = i / per_story;
        let day = 1 + (s % 28) as u8;
        let month = 1 + ((s / 28) % 12) as u8;
        let person = PEOPLE[s % PEOPLE.len()];
        let mut text = format!("{person} ha parlato ieri. ");
        if uniform {
            for k in 0..120 {
                text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
                text.push(if k % 15 == 14 { '.' } else { ' ' });
            }
        } else {
            // The story's topic: its title words and one more of its own.
            let topic = [WORDS[s % WORDS.len()], WORDS[(s / 7) % WORDS.len()], vocab[50 + (s * 31) % 4000].as_str()];
            zipf_text(&mut text, &topic, &vocab, &cumulative, &mut next);
        }
        let outlet = OUTLETS[i % OUTLETS.len()];
        let id = format!("syn-{i:06}");
        let story = format!("st-{s:06}");
        batch.articles.push((
            i as i64 + 1,
            Article {
                id: id.clone(),
                source: format!("synthetic/{i}"),
                url: None,
                outlet: Some(outlet.into()),
                lang: Some("it".into()),
                published: rassegna_model::PartialDate::day(2024, month, day),
                published_inferred: false,
                published_evidence: None,
                title: Some(format!("{} {} {}", WORDS[s % WORDS.len()], WORDS[(s / 7) % WORDS.len()], s)),
                entities: vec![Entity {
                    name: person.into(),
                    kind: EntityType::Person,
                    role: None,
                    mentions: vec![Mention { text: person.into(), start: 0, end: person.len() }],
                }],
                text,
                removed: vec![],
                metadata: Default::default(),
                duplicate_of: None,
                story: Some(story.clone()),
                storyline: None,
                evidence: None,
                quotes: vec![],
                dates: vec![],
                diagnostics: vec![],
                content_hash: format!("{i:016x}"),
            },
        ));
        if i % per_story == per_story - 1 || i == n - 1 {
            let ids: Vec<String> = (s * per_story..=i).map(|j| format!("syn-{j:06}")).collect();
            batch.stories.push(Story {
                id: story,
                storyline: None,
                title: Some(format!("{} {} {}", WORDS[s % WORDS.len()], WORDS[(s / 7) % WORDS.len()], s)),
                languages: vec!["it".into()],
                first_published: rassegna_model::PartialDate::day(2024, month, day),
                last_published: rassegna_model::PartialDate::day(2024, month, day),
                independent_sources: ids.len(),
                outlets: OUTLETS[..ids.len().min(OUTLETS.len())].iter().map(|s| s.to_string()).collect(),
                summary: vec![SummarySentence { sentence: format!("{person} ha parlato."), sources: ids.clone() }],
                entities: vec![],
                quote_groups: vec![],
                facts: vec![],
                timeline: vec![TimelineEntry {
                    date: format!("2024-{month:02}-{day:02}"),
                    text: "evento".into(),
                    sources: ids.clone(),
                    first_reported: None,
                }],
                articles: ids,
            });
        }
        if batch.articles.len() >= 5000 {
            store.write_batch(&std::mem::take(&mut batch)).expect("batch written");
        }
    }
    store.write_batch(&batch).expect("batch written");
    println!("wrote {n} articles to\n{path}");
}
