//! A hand-built store for the server tests: two invented stories in Italian and English, one
//! report carrying script and event-handler injections in its title, text, quote and outlet.

#![allow(dead_code)]

use rassegna_model::{
    Article, Entity, EntityType, Fact, FactMention, FactStatus, Mention, Quote, QuoteGroup, QuoteVariant, Story,
    StoryEntity, Storyline, SummarySentence, TimelineEntry,
};
use rassegna_store::{Batch, Store};
use std::path::{Path, PathBuf};

pub const SCRIPT: &str = "<script>window.__pwned=1</script>";
pub const IMG: &str = "<img src=x onerror=\"window.__pwned=1\">";
/// A payload that would leave a trace in the DOM if it ran.
pub const MARKER: &str =
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"><script>document.title='PWNED'</script>";

/// Check parsed HTML for any element or attribute that report content could have injected.
pub fn assert_inert(html: &str, context: &str) {
    let doc = scraper::Html::parse_document(html);
    let all = scraper::Selector::parse("*").unwrap();
    for el in doc.select(&all) {
        let name = el.value().name();
        assert!(
            !["script", "img", "iframe", "object", "embed"].contains(&name),
            "{context}: injected <{name}> element"
        );
        for (attr, value) in el.value().attrs() {
            assert!(
                !attr.to_ascii_lowercase().starts_with("on"),
                "{context}: <{name}> carries event handler {attr}={value:?}"
            );
            assert!(!attr.starts_with("data-pwned"), "{context}: payload ran");
            if attr == "href" || attr == "src" {
                assert!(!value.trim_start().to_ascii_lowercase().starts_with("javascript:"), "{context}: script URL");
            }
        }
    }
    let title = scraper::Selector::parse("title").unwrap();
    let t: String = doc.select(&title).flat_map(|e| e.text()).collect();
    assert!(!t.contains("PWNED"), "{context}: payload ran");
}

fn span(text: &str, needle: &str) -> (usize, usize) {
    let s = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in fixture text"));
    (s, s + needle.len())
}

fn base(id: &str, story: &str, outlet: &str, lang: &str, date: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        source: format!("fixtures/{id}.txt"),
        url: Some(if id == "cp-002" {
            "javascript:window.__pwned=1".into()
        } else {
            format!("https://example.org/{id}")
        }),
        outlet: Some(outlet.into()),
        lang: Some(lang.into()),
        published: Some(date.parse().unwrap()),
        published_inferred: false,
        published_evidence: None,
        title: Some(title.into()),
        text: text.into(),
        removed: vec![],
        metadata: Default::default(),
        duplicate_of: None,
        story: Some(story.into()),
        storyline: Some("line-ticino".into()),
        evidence: None,
        entities: vec![],
        quotes: vec![],
        dates: vec![],
        diagnostics: vec![],
        content_hash: format!("hash-{id}"),
    }
}

fn person(text: &str, name: &str, role: Option<&str>) -> Entity {
    let (s, e) = span(text, name);
    Entity {
        name: name.into(),
        kind: EntityType::Person,
        role: role.map(str::to_string),
        mentions: vec![Mention { text: name.into(), start: s, end: e }],
    }
}

fn quote(text: &str, words: &str, speaker: &str) -> Quote {
    let (s, e) = span(text, words);
    Quote {
        text: words.into(),
        start: s,
        end: e,
        speaker: Some(speaker.into()),
        speaker_mention: None,
        cue: Some("ha detto".into()),
    }
}

fn mention(a: &Article, words: &str, value: Option<&str>) -> FactMention {
    let (s, e) = span(&a.text, words);
    FactMention { article: a.id.clone(), text: words.into(), start: s, end: e, value: value.map(str::to_string) }
}

/// The articles and stories of the fixture.
pub fn fixture() -> (Vec<Article>, Vec<Story>, Vec<Storyline>) {
    let t1 = "Il consiglio comunale di Pavia ha approvato ieri il progetto del nuovo ponte sul Ticino. \
              La sindaca Marta Ferri ha detto: «Il ponte sarà pronto entro il 2027». \
              I lavori costeranno 12 milioni di euro.\n\nL'opposizione ha votato contro.";
    let mut a1 = base(
        "gl-001",
        "s-ponte",
        "Gazzetta del Lago",
        "it",
        "2025-03-04",
        "Pavia approva il nuovo ponte sul Ticino",
        t1,
    );
    a1.entities.push(person(t1, "Marta Ferri", Some("sindaca")));
    a1.quotes.push(quote(t1, "Il ponte sarà pronto entro il 2027", "Marta Ferri"));

    let t2 = format!(
        "Via libera al ponte sul Ticino. Secondo la sindaca Marta Ferri «il ponte sarà pronto nel 2027». \
         Il costo previsto è di 15 milioni di euro. {SCRIPT} Un lettore scrive {IMG} nei commenti. {MARKER}"
    );
    let mut a2 = base(
        "cp-002",
        "s-ponte",
        &format!("Corriere Padano {IMG}"),
        "it",
        "2025-03-05",
        &format!("Ponte, via libera {SCRIPT}"),
        &t2,
    );
    a2.entities.push(person(&t2, "Marta Ferri", Some("sindaca")));
    a2.quotes.push(quote(&t2, "il ponte sarà pronto nel 2027", "Marta Ferri"));
    let mut q = quote(&t2, SCRIPT, "Marta Ferri");
    q.speaker = None;
    a2.quotes.push(q);

    let t3 = "Pavia's city council approved a new bridge over the Ticino on Monday. \
              Mayor Marta Ferri said the bridge would be ready by 2027. The works will cost 12 million euros.";
    let mut a3 = base("nc-003", "s-ponte", "Northern Courier", "en", "2025-03-05", "Pavia backs new Ticino bridge", t3);
    a3.entities.push(person(t3, "Marta Ferri", Some("mayor")));

    let t4 = "Il maltempo ha chiuso la strada provinciale della valle. Il geologo Paolo Riva ha detto: \
              «La frana si muove ancora». La riapertura è prevista a giugno.";
    let mut a4 = base("gl-004", "s-frana", "Gazzetta del Lago", "it", "2025-04-10", "Frana, chiusa la provinciale", t4);
    a4.entities.push(person(t4, "Paolo Riva", Some("geologo")));
    a4.quotes.push(quote(t4, "La frana si muove ancora", "Paolo Riva"));

    let s1 = Story {
        id: "s-ponte".into(),
        storyline: Some("line-ticino".into()),
        articles: vec![a1.id.clone(), a2.id.clone(), a3.id.clone()],
        title: Some("Pavia approva il nuovo ponte sul Ticino".into()),
        languages: vec!["it".into(), "en".into()],
        first_published: Some("2025-03-04".parse().unwrap()),
        last_published: Some("2025-03-05".parse().unwrap()),
        independent_sources: 3,
        outlets: vec!["Gazzetta del Lago".into(), format!("Corriere Padano {IMG}"), "Northern Courier".into()],
        summary: vec![
            SummarySentence {
                sentence: "Il consiglio comunale di Pavia ha approvato il nuovo ponte sul Ticino.".into(),
                sources: vec![a1.id.clone(), a2.id.clone(), a3.id.clone()],
            },
            SummarySentence { sentence: format!("Il costo è conteso {SCRIPT}."), sources: vec![a2.id.clone()] },
        ],
        entities: vec![StoryEntity {
            name: "Marta Ferri".into(),
            kind: EntityType::Person,
            aliases: vec!["la sindaca".into(), "Mayor Marta Ferri".into()],
            articles: vec![a1.id.clone(), a2.id.clone(), a3.id.clone()],
        }],
        quote_groups: vec![QuoteGroup {
            speaker: Some("Marta Ferri".into()),
            variants: vec![
                QuoteVariant {
                    article: a1.id.clone(),
                    text: "Il ponte sarà pronto entro il 2027".into(),
                    published: a1.published,
                    story: None,
                },
                QuoteVariant {
                    article: a2.id.clone(),
                    text: "il ponte sarà pronto nel 2027".into(),
                    published: a2.published,
                    story: None,
                },
            ],
            first_outlet: Some("Gazzetta del Lago".into()),
        }],
        facts: vec![
            Fact {
                subject: "costo del ponte".into(),
                predicate: "money".into(),
                value: "12000000 EUR".into(),
                qualifier: None,
                sources: vec![a1.id.clone(), a2.id.clone(), a3.id.clone()],
                independent_sources: 3,
                status: FactStatus::Conflict,
                mentions: vec![
                    mention(&a1, "12 milioni di euro", Some("12000000 EUR")),
                    mention(&a2, "15 milioni di euro", Some("15000000 EUR")),
                    mention(&a3, "12 million euros", Some("12000000 EUR")),
                ],
            },
            Fact {
                subject: "apertura del ponte".into(),
                predicate: "date".into(),
                value: "2027".into(),
                qualifier: None,
                sources: vec![a1.id.clone(), a3.id.clone()],
                independent_sources: 2,
                status: FactStatus::Agree,
                mentions: vec![mention(&a1, "entro il 2027", None), mention(&a3, "by 2027", None)],
            },
            Fact {
                subject: "voto dell'opposizione".into(),
                predicate: "relation".into(),
                value: "contro".into(),
                qualifier: None,
                sources: vec![a1.id.clone()],
                independent_sources: 1,
                status: FactStatus::Single,
                mentions: vec![mention(&a1, "L'opposizione ha votato contro", None)],
            },
        ],
        timeline: vec![
            TimelineEntry {
                date: "2025-03-03".into(),
                text: "Il consiglio comunale approva il progetto".into(),
                sources: vec![a1.id.clone(), a3.id.clone()],
                first_reported: Some("2025-03-04".into()),
            },
            TimelineEntry {
                date: "2027".into(),
                text: format!("Apertura prevista del ponte {SCRIPT}"),
                sources: vec![a1.id.clone(), a2.id.clone()],
                first_reported: Some("2025-03-04".into()),
            },
        ],
    };
    let s2 = Story {
        id: "s-frana".into(),
        storyline: None,
        articles: vec![a4.id.clone()],
        title: Some("Frana, chiusa la provinciale".into()),
        languages: vec!["it".into()],
        first_published: Some("2025-04-10".parse().unwrap()),
        last_published: Some("2025-04-10".parse().unwrap()),
        independent_sources: 1,
        outlets: vec!["Gazzetta del Lago".into()],
        summary: vec![],
        entities: vec![],
        quote_groups: vec![QuoteGroup {
            speaker: Some("Paolo Riva".into()),
            variants: vec![QuoteVariant {
                article: a4.id.clone(),
                text: "La frana si muove ancora".into(),
                published: a4.published,
                story: None,
            }],
            first_outlet: None,
        }],
        facts: vec![],
        timeline: vec![],
    };
    a4.storyline = None;
    let line = Storyline {
        id: "line-ticino".into(),
        stories: vec!["s-ponte".into()],
        title: Some("Il ponte sul Ticino".into()),
        timeline: s1.timeline.clone(),
        quote_groups: vec![QuoteGroup {
            speaker: Some("Marta Ferri".into()),
            variants: s1.quote_groups[0]
                .variants
                .iter()
                .map(|v| QuoteVariant { story: Some(s1.id.clone()), ..v.clone() })
                .collect(),
            first_outlet: Some("Gazzetta del Lago".into()),
        }],
    };
    (vec![a1, a2, a3, a4], vec![s1, s2], vec![line])
}

/// Write the fixture into a new store in `dir`; returns the store's path.
pub fn build_store(dir: &Path) -> PathBuf {
    let path = dir.join("news.db");
    let mut store = Store::open(&path).unwrap();
    let (articles, stories, storylines) = fixture();
    for a in &articles {
        for q in &a.quotes {
            assert_eq!(&a.text[q.start..q.end], q.text, "fixture quote span");
        }
        for e in &a.entities {
            for m in &e.mentions {
                assert_eq!(&a.text[m.start..m.end], m.text, "fixture mention span");
            }
        }
    }
    for s in &stories {
        for f in &s.facts {
            for m in &f.mentions {
                let a = articles.iter().find(|a| a.id == m.article).unwrap();
                assert_eq!(&a.text[m.start..m.end], m.text, "fixture fact span");
            }
        }
    }
    let batch = Batch {
        articles: articles.into_iter().enumerate().map(|(i, a)| (i as i64 + 1, a)).collect(),
        stories,
        storylines,
        ..Default::default()
    };
    store.write_batch(&batch).unwrap();
    path
}
