//! End-to-end checks of the public API on invented multi-outlet stories: entities, quotes with
//! speakers, story-level alias merging and quote groups.

use rassegna_model::{Article, EntityType, PartialDate, Story};
use rassegna_who::{annotate, quote_groups, resolve_story, storyline_quote_groups};

/// Invented reports of one event by three outlets (names, places and quotes are made up).
const REPORTS: &[(&str, &str, &str)] = &[
    (
        "a1",
        "Gazzetta del Lago",
        "LUGANO – Il presidente argentino Tomás Echeverría ha firmato ieri un accordo con il \
         premier canadese Paul Tremblay. “È un patto veramente storico per i nostri popoli”, ha detto \
         Echeverría ai giornalisti.\n\
         Il signor Tremblay ha assicurato che l'intesa è “equa”. Ha aggiunto: “Il Canada farà la sua \
         parte senza esitare”.\n\
         Leggi anche: Serie B, vince il Pescara",
    ),
    (
        "a2",
        "Il Corriere di Valle",
        "Il leader argentino ha definito l'accordo “un patto davvero storico per i nostri popoli”. \
         Secondo il primo ministro canadese, l'intesa porterà “nuovi posti di lavoro in entrambi i Paesi”.\n\
         Tomas Echeverria, intervistato dalla radio, ha ribadito che “nessuno resterà indietro”.",
    ),
    (
        "a3",
        "Northern Ledger",
        "Argentine President Tomás Echeverría called the deal \"a truly historic pact for our peoples,\" \
         Reuters reported. \"Canada will do its part,\" Paul Tremblay said on Tuesday. He added: \
         \"We will not hesitate.\"",
    ),
];

fn articles() -> Vec<Article> {
    REPORTS
        .iter()
        .enumerate()
        .map(|(i, (id, outlet, text))| {
            let lang = if id == &"a3" { "en" } else { "it" };
            let (entities, quotes) = annotate(text, Some(lang));
            Article {
                id: id.to_string(),
                source: format!("{id}.txt"),
                outlet: Some(outlet.to_string()),
                lang: Some(lang.into()),
                published: PartialDate::day(2026, 3, 10 + i as u8),
                text: text.to_string(),
                story: Some("s1".into()),
                entities,
                quotes,
                ..Article::default()
            }
        })
        .collect()
}

#[test]
fn every_span_points_at_its_text() {
    for a in articles() {
        for e in &a.entities {
            for m in &e.mentions {
                assert_eq!(&a.text[m.start..m.end], m.text, "{}", a.id);
            }
        }
        for q in &a.quotes {
            assert_eq!(&a.text[q.start..q.end], q.text);
            if let Some(m) = &q.speaker_mention {
                assert_eq!(&a.text[m.start..m.end], m.text);
            }
        }
    }
}

#[test]
fn quotes_get_their_speakers_in_every_position() {
    let arts = articles();
    let speaker = |a: usize, needle: &str| {
        arts[a]
            .quotes
            .iter()
            .find(|q| q.text.contains(needle))
            .unwrap_or_else(|| panic!("quote {needle:?} in {:?}", arts[a].quotes))
            .speaker
            .clone()
    };
    // Speaker named after the quote.
    assert_eq!(speaker(0, "patto veramente storico").as_deref(), Some("Tomás Echeverría"));
    // Title before a surname, and the speaker carried to "Ha aggiunto:".
    assert_eq!(speaker(0, "equa").as_deref(), Some("Paul Tremblay"));
    assert_eq!(speaker(0, "Il Canada farà").as_deref(), Some("Paul Tremblay"));
    // English: after the quote, subject before the verb; then "He added:".
    assert_eq!(speaker(2, "Canada will do").as_deref(), Some("Paul Tremblay"));
    assert_eq!(speaker(2, "not hesitate").as_deref(), Some("Paul Tremblay"));
    // A quote with its cue before it.
    assert_eq!(speaker(1, "nessuno resterà").as_deref(), Some("Tomas Echeverria"));
}

#[test]
fn sidebar_and_sentence_starts_do_not_become_people() {
    let arts = articles();
    for a in &arts {
        for e in &a.entities {
            assert!(!["Leggi", "Il", "Secondo", "LUGANO –"].contains(&e.name.as_str()), "{}", e.name);
        }
    }
}

#[test]
fn story_merges_variants_and_roles_and_renames_speakers() {
    let mut arts = articles();
    let story = resolve_story(&mut arts);
    let tomas = story.iter().find(|e| e.name == "Tomás Echeverría").expect("canonical name");
    assert_eq!(tomas.kind, EntityType::Person);
    assert!(tomas.aliases.iter().any(|a| a == "Tomas Echeverria"), "{:?}", tomas.aliases);
    assert!(tomas.aliases.iter().any(|a| a == "leader argentino"), "{:?}", tomas.aliases);
    assert_eq!(tomas.articles, ["a1", "a2", "a3"]);
    let paul = story.iter().find(|e| e.name == "Paul Tremblay").expect("paul");
    assert!(paul.aliases.iter().any(|a| a == "primo ministro canadese"), "{:?}", paul.aliases);
    // The quote attributed through a role now carries the canonical name.
    let q = arts[1].quotes.iter().find(|q| q.text.contains("posti di lavoro")).expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("Paul Tremblay"));
    let q = arts[1].quotes.iter().find(|q| q.text.contains("nessuno")).expect("quote");
    assert_eq!(q.speaker.as_deref(), Some("Tomás Echeverría"));
    // Deterministic.
    let mut again = articles();
    assert_eq!(resolve_story(&mut again), story);
}

#[test]
fn the_same_statement_in_different_wordings_is_one_group() {
    let mut arts = articles();
    resolve_story(&mut arts);
    let groups = quote_groups(&arts);
    let g = groups.iter().find(|g| g.variants.iter().any(|v| v.text.contains("veramente storico"))).expect("group");
    let ids: Vec<&str> = g.variants.iter().map(|v| v.article.as_str()).collect();
    assert_eq!(ids, ["a1", "a2"], "{g:?}");
    assert_eq!(g.speaker.as_deref(), Some("Tomás Echeverría"));
    assert_eq!(g.first_outlet.as_deref(), Some("Gazzetta del Lago"));
    // A different statement of the same speaker stays apart.
    assert!(!g.variants.iter().any(|v| v.text.contains("nessuno")));
}

/// A story of one storyline from invented reports `(id, outlet, date, text)`, as the story stages
/// build its quote groups.
fn story_of(id: &str, reports: &[(&str, &str, PartialDate, &str)]) -> Story {
    let mut arts: Vec<Article> = reports
        .iter()
        .map(|(aid, outlet, date, text)| {
            let (entities, quotes) = annotate(text, Some("it"));
            Article {
                id: aid.to_string(),
                source: format!("{aid}.txt"),
                outlet: Some(outlet.to_string()),
                lang: Some("it".into()),
                published: Some(*date),
                text: text.to_string(),
                story: Some(id.into()),
                entities,
                quotes,
                ..Article::default()
            }
        })
        .collect();
    let entities = resolve_story(&mut arts);
    Story {
        id: id.into(),
        storyline: Some("l1".into()),
        articles: arts.iter().map(|a| a.id.clone()).collect(),
        title: None,
        languages: vec!["it".into()],
        first_published: arts.iter().filter_map(|a| a.published).min(),
        last_published: arts.iter().filter_map(|a| a.published).max(),
        independent_sources: arts.len(),
        outlets: vec![],
        summary: vec![],
        entities,
        quote_groups: quote_groups(&arts),
        facts: vec![],
        timeline: vec![],
    }
}

#[test]
fn a_statement_quoted_again_months_later_is_one_storyline_group() {
    let march = story_of(
        "s-marzo",
        &[
            (
                "m1",
                "Gazzetta del Lago",
                PartialDate::day(2026, 3, 10).unwrap(),
                "Irene Castaldi, sindaca di Porto Alba, ha inaugurato il nuovo molo. «È un molo davvero \
                 necessario per la città», ha detto Castaldi. «Il popolo del porto chiede lavoro», ha aggiunto.",
            ),
            (
                "m2",
                "Eco di Porto Alba",
                PartialDate::day(2026, 3, 10).unwrap(),
                "Irene Castaldi ha definito l'opera «un molo veramente necessario per la città».",
            ),
        ],
    );
    let october = story_of(
        "s-ottobre",
        &[(
            "o1",
            "Eco di Porto Alba",
            PartialDate::month(2026, 10).unwrap(),
            "Il molo di Porto Alba è chiuso per una crepa. A marzo la sindaca Irene Castaldi lo aveva definito \
             «un molo necessario per la città». «Il popolo del porto chiede risposte», ha detto ieri \
             Castaldi.",
        )],
    );
    let groups = storyline_quote_groups(&[march.clone(), october.clone()]);
    assert_eq!(groups.len(), 1, "{groups:#?}");
    let g = &groups[0];
    assert_eq!(g.speaker.as_deref(), Some("Irene Castaldi"));
    let variants: Vec<(&str, &str, String)> = g
        .variants
        .iter()
        .map(|v| (v.article.as_str(), v.story.as_deref().unwrap(), v.published.unwrap().to_string()))
        .collect();
    assert_eq!(
        variants,
        [
            ("m1", "s-marzo", "2026-03-10".to_string()),
            ("m2", "s-marzo", "2026-03-10".to_string()),
            ("o1", "s-ottobre", "2026-10".to_string())
        ]
    );
    // "Il popolo del porto chiede lavoro" (March) and "... chiede risposte" (October) share three
    // words of four: one statement within a story, two across months. A story's own groups are
    // never merged with each other.
    assert!(g.variants.iter().all(|v| !v.text.contains("popolo")));
    assert!(storyline_quote_groups(&[march]).is_empty(), "one story: its groups are the story's own");
}

#[test]
fn a_report_quoting_the_same_words_twice_is_one_variant() {
    let story = story_of(
        "s-ponte",
        &[
            (
                "p1",
                "Gazzetta del Lago",
                PartialDate::day(2026, 5, 2).unwrap(),
                "Irene Castaldi ha firmato «un nuovo accordo di natura difensiva e pacifica» con Porto Alba. \
                 Il sindaco ha ripetuto che si tratta di un «nuovo accordo di natura difensiva e pacifica».",
            ),
            (
                "p2",
                "Eco di Porto Alba",
                PartialDate::day(2026, 5, 2).unwrap(),
                "«Un nuovo accordo di natura difensiva e pacifica», ha detto Irene Castaldi.",
            ),
        ],
    );
    let g = story
        .quote_groups
        .iter()
        .find(|g| g.variants.iter().any(|v| v.text.contains("natura difensiva")))
        .expect("group");
    let ids: Vec<&str> = g.variants.iter().map(|v| v.article.as_str()).collect();
    assert_eq!(ids, ["p1", "p2"], "{g:?}");
}

#[test]
fn a_statement_translated_in_another_language_joins_its_group() {
    let mut arts: Vec<Article> = [
        ("t1", "it", "Irene Castaldi ha parlato al porto. «Il trattato è un documento veramente rivoluzionario per la cooperazione militare del 2026», ha detto Castaldi."),
        ("t2", "en", "Irene Castaldi spoke at the port. \"The treaty is a truly revolutionary document for the military cooperation of 2026,\" Castaldi said."),
        ("t3", "en", "Irene Castaldi spoke at the port. \"The harbour will stay closed until the spring,\" Castaldi said."),
    ]
    .iter()
    .map(|(id, lang, text)| {
        let (entities, quotes) = annotate(text, Some(lang));
        Article { id: id.to_string(), lang: Some(lang.to_string()), text: text.to_string(), entities, quotes, ..Article::default() }
    })
    .collect();
    resolve_story(&mut arts);
    let groups = quote_groups(&arts);
    let g = groups.iter().find(|g| g.variants.iter().any(|v| v.text.contains("rivoluzionario"))).expect("group");
    let ids: Vec<&str> = g.variants.iter().map(|v| v.article.as_str()).collect();
    assert_eq!(ids, ["t1", "t2"], "{g:?}");
    // Another statement of the same speaker, in English, stays apart.
    assert!(!g.variants.iter().any(|v| v.text.contains("harbour")));
}
