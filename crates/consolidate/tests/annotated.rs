//! Consolidation with the other stages' annotations filled (entities, dates, quotes), and what a
//! storyline's later reports add.

mod util;

use rassegna_consolidate::{consolidate, story_facts, what_is_new};
use rassegna_model::{Article, DateMention, Entity, EntityType, FactStatus, Mention, PartialDate, Quote, TimexKind};

fn article(id: &str, lang: &str, published: &str, text: &str) -> Article {
    let mut a = util::parse_report(&format!("id: {id}\nlang: {lang}\npublished: {published}\n---\n{text}"), "test");
    a.id = id.to_string();
    a
}

fn mention(text: &str, what: &str) -> Mention {
    let start = text.find(what).unwrap();
    Mention { text: what.to_string(), start, end: start + what.len() }
}

#[test]
fn entities_resolve_a_role_to_the_actor_of_a_relation() {
    let it = article(
        "r-it",
        "it",
        "2025-03-02",
        "Il leader del Cremlino ha firmato un accordo di cooperazione con il presidente Ilka Marren nella capitale.",
    );
    let en = article(
        "r-en",
        "en",
        "2025-03-02",
        "Aarne Valtonen signed a cooperation agreement with President Ilka Marren in the capital on Sunday.",
    );
    let before = story_facts(&[it.clone(), en.clone()]);
    let rel = |facts: &[rassegna_model::Fact]| {
        facts.iter().find(|f| f.predicate == "relation" && f.sources.contains(&"r-en".to_string())).cloned().unwrap()
    };
    assert_eq!(rel(&before).status, FactStatus::Single, "{before:?}");

    // The entity stage links "Il leader del Cremlino" to the person the English report names.
    let mut it = it;
    it.entities = vec![Entity {
        name: "Aarne Valtonen".into(),
        kind: EntityType::Person,
        role: Some("leader del Cremlino".into()),
        mentions: vec![mention(&it.text, "leader del Cremlino")],
    }];
    let after = story_facts(&[it.clone(), en]);
    let f = rel(&after);
    assert_eq!(f.status, FactStatus::Agree, "{after:?}");
    assert_eq!(f.independent_sources, 2);
    for m in &f.mentions {
        if m.article == "r-it" {
            assert_eq!(&it.text[m.start..m.end], m.text);
        }
    }
}

#[test]
fn time_stage_dates_date_events_the_text_leaves_without_a_year() {
    let it_text = "La ratifica dell'accordo è avvenuta il 28 novembre, dopo un lungo dibattito in aula.";
    let en_text = "The ratification of the agreement took place on November 28 after a long debate.";
    let mut it = article("d-it", "it", "2025-12-01", it_text);
    let mut en = article("d-en", "en", "2025-12-02", en_text);
    let dated = |f: &&rassegna_model::Fact| f.predicate == "date";
    assert!(!consolidate(&[it.clone(), en.clone()]).facts.iter().any(|f| dated(&f)));
    let dm = |text: &str, what: &str| {
        let m = mention(text, what);
        DateMention { text: m.text, start: m.start, end: m.end, value: "2025-11-28".into(), kind: TimexKind::Date }
    };
    it.dates = vec![dm(it_text, "28 novembre")];
    en.dates = vec![dm(en_text, "November 28")];
    let facts = consolidate(&[it, en]).facts;
    let f = facts.iter().find(dated).expect("a dated ratification");
    assert_eq!((f.value.as_str(), f.status, f.independent_sources), ("2025-11-28", FactStatus::Agree, 2), "{f:?}");
}

#[test]
fn what_is_new_after_the_visit_lists_the_ratification() {
    let mut arts = util::load_event("visit");
    arts.extend(util::load_event("followup"));
    // Annotate quotes as the quote stage would.
    for a in &mut arts {
        for q in [
            "È l'inizio di una nuova stagione",
            "This is the start of a new season,",
            "Un giorno storico per i nostri due paesi",
        ] {
            if let Some(start) = a.text.find(q) {
                a.quotes.push(Quote {
                    text: q.to_string(),
                    start,
                    end: start + q.len(),
                    speaker: Some("Ilka Marren".into()),
                    speaker_mention: None,
                    cue: None,
                });
            }
        }
    }
    let new = what_is_new(&arts, "2025-10".parse::<PartialDate>().unwrap());
    // The new quote, not the one repeated from October.
    let quotes: Vec<&str> = new.quotes.iter().map(|q| q.text.as_str()).collect();
    assert_eq!(quotes, ["Un giorno storico per i nostri due paesi"]);
    // The ratification date is new, stated by both later reports.
    let t = new.timeline.iter().find(|t| t.date == "2025-11-28").expect("ratification on the timeline");
    assert!(t.sources.contains(&"visit-z".to_string()), "{t:?}");
    assert!(new.timeline.iter().all(|t| t.date != "2007"), "{:?}", new.timeline);
    // The deal's value changed: 450 million where October said 400 million.
    assert!(
        new.facts.iter().any(|f| f.predicate == "money" && f.mentions.iter().any(|m| m.article == "visit-z")),
        "{:?}",
        new.facts
    );
    // Facts only the October reports state are not new.
    assert!(new.facts.iter().all(|f| f.mentions.iter().any(|m| m.article == "visit-z" || m.article == "visit-y")));
    // Nothing is new after the last report.
    assert_eq!(what_is_new(&arts, "2025-12-02".parse::<PartialDate>().unwrap()), Default::default());
}

#[test]
fn empty_and_textless_stories_give_empty_results() {
    let c = consolidate(&[]);
    assert_eq!((c.title, c.summary.len(), c.facts.len()), (None, 0, 0));
    let blank = article("blank", "it", "2025-01-01", "");
    let c = consolidate(&[blank.clone(), blank]);
    assert!(c.summary.is_empty() && c.facts.is_empty(), "{c:?}");
}

#[test]
fn undated_story_has_no_since_year_but_keeps_the_duration() {
    // Without any publication date, "first visit in 24 years" cannot become a year.
    let mut a = article(
        "u1",
        "it",
        "2025-01-01",
        "Il presidente ha compiuto la sua prima visita nel paese in 24 anni, accolto da una folla.",
    );
    a.published = None;
    let facts = story_facts(&[a]);
    assert!(facts.iter().all(|f| f.predicate != "since"), "{facts:?}");
    assert!(facts.iter().any(|f| f.predicate == "duration" && f.value == "P24Y"), "{facts:?}");
}

#[test]
fn first_visit_since_a_year_agrees_with_first_in_n_years() {
    let a = article(
        "s1",
        "en",
        "2025-05-02",
        "It was the president's first visit to the island since 2007, officials said on Friday.",
    );
    let b = article(
        "s2",
        "it",
        "2025-05-02",
        "Si tratta della prima visita del presidente sull'isola in 18 anni, hanno detto i funzionari.",
    );
    let facts = story_facts(&[a, b]);
    let f = facts.iter().find(|f| f.predicate == "since").expect("a since fact");
    assert_eq!((f.value.as_str(), f.status, f.independent_sources), ("2007", FactStatus::Agree, 2), "{facts:?}");
}

#[test]
fn accusations_keep_who_is_accused_of_what() {
    let a = article(
        "acc",
        "en",
        "2025-02-01",
        "The European Commission accused Norvale Metals of hiding losses in its annual report, officials said.",
    );
    let facts = story_facts(std::slice::from_ref(&a));
    let f = facts.iter().find(|f| f.predicate == "relation").expect("a relation");
    assert_eq!(f.value, "accused Norvale Metals of hiding losses in its annual report", "{f:?}");
    let m = &f.mentions[0];
    assert_eq!(&a.text[m.start..m.end], m.text);
    assert!(m.text.starts_with("European Commission") && m.text.ends_with("report"), "{m:?}");
}

#[test]
fn people_killed_are_counted_as_dead() {
    let it = article(
        "k-it",
        "it",
        "2025-04-10",
        "Il bilancio definitivo dell'alluvione è di quattro morti, ha detto la prefettura in serata.",
    );
    let en = article(
        "k-en",
        "en",
        "2025-04-10",
        "The flood a month ago killed four people and destroyed the old bridge, the prefecture said.",
    );
    let facts = story_facts(&[it, en]);
    let f = facts.iter().find(|f| f.predicate == "count" && f.value == "4").expect("four dead");
    assert_eq!((f.status, f.independent_sources), (FactStatus::Agree, 2), "{facts:?}");
}

#[test]
fn years_in_apposition_to_a_name_are_an_age() {
    let a = article(
        "r1",
        "it",
        "2025-04-28",
        "Il capitano Bruno Valdi, 31 anni e 14 gol in campionato, ha trascinato la squadra alla promozione.",
    );
    let b = article(
        "r2",
        "it",
        "2025-04-28",
        "La squadra torna in Serie C dopo 22 anni, trascinata dal capitano Valdi, 31 anni, autore di due gol.",
    );
    let facts = story_facts(&[a, b]);
    let age = facts.iter().find(|f| f.predicate == "age").unwrap_or_else(|| panic!("{facts:#?}"));
    assert_eq!((age.value.as_str(), age.status), ("P31Y", FactStatus::Agree), "{facts:#?}");
    assert!(facts.iter().any(|f| f.predicate == "duration" && f.value == "P22Y"), "{facts:#?}");
    assert!(!facts.iter().any(|f| f.predicate == "duration" && f.value == "P31Y"), "{facts:#?}");
}

#[test]
fn a_death_toll_aligns_across_words_and_languages_and_reads_in_the_story_s_language() {
    let a = article(
        "a",
        "it",
        "2025-04-03",
        "Una frana ha travolto la strada provinciale di Borgo Tessera: sono 5 le vittime accertate. Tra le vittime un uomo di 74 anni.",
    );
    let b = article(
        "b",
        "it",
        "2025-04-03",
        "La frana caduta sulla strada provinciale di Borgo Tessera ha causato 3 morti.",
    );
    let c = article(
        "c",
        "en",
        "2025-04-03",
        "A landslide swept over the provincial road at Borgo Tessera, leaving 3 dead.",
    );
    let facts = story_facts(&[a, b, c]);
    let toll = facts.iter().find(|f| f.predicate == "count" && f.sources.len() == 3).expect("one death toll");
    assert_eq!(toll.status, FactStatus::Conflict, "5 vittime against 3 morti and 3 dead: {facts:?}");
    assert_eq!(toll.value, "3");
    assert!(["morti", "vittime"].contains(&toll.subject.as_str()), "an Italian subject: {}", toll.subject);
    // "74 anni" is someone's age, never a count of the dead.
    assert!(!facts.iter().any(|f| f.predicate == "count" && f.value == "74"), "{facts:?}");
}
