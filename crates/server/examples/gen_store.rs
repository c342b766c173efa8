//! Fill a store with synthetic Italian reports for the serving benchmark:
//! `cargo run --release -p rassegna-server --example gen_store -- OUT.db 100000`.

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
const OUTLETS: &[&str] =
    &["Gazzetta del Lago", "Corriere Padano", "Eco di Lodi", "Voce del Ticino", "Northern Courier"];
const PEOPLE: &[&str] = &["Marta Ferri", "Paolo Riva", "Giulia Conti", "Luca Bassi", "Anna Moretti", "Sergio Galli"];

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: gen_store OUT.db [ARTICLES]");
    let n: usize = args.next().map(|s| s.parse().expect("a number")).unwrap_or(100_000);
    let per_story = 4;
    let mut store = Store::open(std::path::Path::new(&path)).expect("store opens");
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    let mut batch = Batch::default();
    for i in 0..n {
        let s = i / per_story;
        let day = 1 + (s % 28) as u8;
        let month = 1 + ((s / 28) % 12) as u8;
        let person = PEOPLE[s % PEOPLE.len()];
        let mut text = format!("{person} ha parlato ieri. ");
        for k in 0..120 {
            text.push_str(WORDS[(next() % WORDS.len() as u64) as usize]);
            text.push(if k % 15 == 14 { '.' } else { ' ' });
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
    println!("wrote {n} articles to {path}");
}
