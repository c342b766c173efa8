//! Search behaviour over hand-written Italian and English reports: stems, accents, phrases,
//! filters, snippets, story grouping, incremental updates and rebuilds from the store.

use rassegna_model::{Article, Entity, EntityType, Mention};
use rassegna_search::{SearchIndex, SearchQuery, rebuild};
use rassegna_store::{Batch, Store};

fn article(id: &str, story: &str, outlet: &str, lang: &str, date: &str, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        source: format!("test/{id}.txt"),
        url: None,
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
        storyline: None,
        evidence: None,
        entities: vec![],
        quotes: vec![],
        dates: vec![],
        diagnostics: vec![],
        content_hash: format!("h-{id}"),
    }
}

fn corpus() -> Vec<Article> {
    let mut a = article(
        "a1",
        "s-ponte",
        "Gazzetta del Lago",
        "it",
        "2025-03-04",
        "Il consiglio comunale approva il nuovo ponte sul Ticino",
        "Il consiglio comunale di Pavia ha approvato ieri sera il progetto del nuovo ponte. \
         La sindaca Marta Ferri ha detto che i lavori costeranno 12 milioni di euro.\n\nL'opposizione ha votato contro.",
    );
    a.entities.push(Entity {
        name: "Marta Ferri".into(),
        kind: EntityType::Person,
        role: Some("sindaca".into()),
        mentions: vec![Mention { text: "Marta Ferri".into(), start: 96, end: 107 }],
    });
    vec![
        a,
        article(
            "a2",
            "s-ponte",
            "Il Corriere Padano",
            "it",
            "2025-03-05",
            "Pavia, via libera al ponte: costerà dodici milioni",
            "Via libera della città al ponte sul Ticino. I consiglieri hanno approvato il piano dopo tre ore di dibattito.",
        ),
        article(
            "a3",
            "s-floods",
            "Northern Courier",
            "en",
            "2025-04-10",
            "Floods close the valley road",
            "Heavy rains flooded the valley road on Tuesday. Officials said the bridges were inspected.",
        ),
        article(
            "a4",
            "s-festa",
            "Gazzetta del Lago",
            "it",
            "2024-12-20",
            "Festa di Natale in piazza",
            "La festa di Natale è tornata in piazza della Vittoria con mercatini e un concerto.",
        ),
    ]
}

fn index() -> SearchIndex {
    let idx = SearchIndex::in_memory().unwrap();
    idx.index_articles(&corpus()).unwrap();
    idx
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { text: text.into(), limit: 10, ..Default::default() }
}

fn ids(idx: &SearchIndex, query: &SearchQuery) -> Vec<String> {
    let mut v: Vec<String> = idx.search(query).unwrap().articles.into_iter().map(|h| h.id).collect();
    v.sort();
    v
}

#[test]
fn italian_stems_and_accents_match_across_word_forms() {
    let idx = index();
    // "approvato" / "approva": one Italian stem.
    assert_eq!(ids(&idx, &q("approvare")), vec!["a1", "a2"]);
    // Typed without the accent, "citta" still finds "città".
    assert_eq!(ids(&idx, &q("citta")), vec!["a2"]);
    // English stems: "flooded" and "floods".
    assert_eq!(ids(&idx, &q("flood")), vec!["a3"]);
}

#[test]
fn phrases_need_the_words_in_order() {
    let idx = index();
    assert_eq!(ids(&idx, &q("\"consiglio comunale\"")), vec!["a1"]);
    assert!(ids(&idx, &q("\"comunale consiglio\"")).is_empty());
    assert_eq!(ids(&idx, &q("\"valley road\"")), vec!["a3"]);
    // A two-word phrase is found by its word pair; its words are still highlighted.
    let r = idx.search(&q("\"consiglio comunale\"")).unwrap();
    assert_eq!(r.total, 1);
    let marked: Vec<String> =
        r.articles[0].snippet.pieces().into_iter().filter(|(_, m)| *m).map(|(t, _)| t.to_lowercase()).collect();
    assert!(marked.contains(&"consiglio".to_string()) && marked.contains(&"comunale".to_string()), "{marked:?}");
}

#[test]
fn filters_narrow_by_outlet_language_date_entity_and_story() {
    let idx = index();
    let base = q("");
    let with = |f: &dyn Fn(&mut SearchQuery)| {
        let mut x = base.clone();
        f(&mut x);
        ids(&idx, &x)
    };
    assert_eq!(with(&|x| x.outlet = Some("gazzetta del lago".into())), vec!["a1", "a4"]);
    assert_eq!(with(&|x| x.lang = Some("en".into())), vec!["a3"]);
    assert_eq!(with(&|x| x.from = Some("2025-03-05".into())), vec!["a2", "a3"]);
    assert_eq!(with(&|x| x.to = Some("2025-03".into())), vec!["a1", "a2", "a4"]);
    assert_eq!(with(&|x| x.entity = Some("marta ferri".into())), vec!["a1"]);
    assert_eq!(with(&|x| x.story = Some("s-floods".into())), vec!["a3"]);
    let mut x = q("ponte");
    x.outlet = Some("Il Corriere Padano".into());
    assert_eq!(ids(&idx, &x), vec!["a2"]);
}

#[test]
fn snippets_highlight_the_matched_words_and_stories_group_hits() {
    let idx = index();
    let r = idx.search(&q("milioni")).unwrap();
    assert_eq!(r.total, 2);
    let hit = r.articles.iter().find(|h| h.id == "a1").unwrap();
    let marked: Vec<&str> = hit.snippet.pieces().into_iter().filter(|(_, m)| *m).map(|(t, _)| t).collect();
    assert_eq!(marked, vec!["milioni"]);
    assert_eq!(r.stories.len(), 1);
    assert_eq!(r.stories[0].story, "s-ponte");
    assert_eq!(r.stories[0].articles.len(), 2);
}

#[test]
fn odd_query_text_never_errors() {
    let idx = index();
    for text in ["\"", "title_it:", "AND OR NOT", "((", "ponte~2^", "*", "a:b:c", "\u{0}", "il la di"] {
        idx.search(&q(text)).unwrap();
    }
    assert!(idx.search(&q("   ")).unwrap().articles.is_empty());
}

#[test]
fn reindexing_an_article_replaces_it() {
    let idx = index();
    let mut a = corpus().remove(3);
    a.text = "Il mercato di Natale è stato annullato per la pioggia.".into();
    idx.index_articles(&[a]).unwrap();
    assert_eq!(idx.num_articles(), 4);
    assert_eq!(ids(&idx, &q("annullato")), vec!["a4"]);
    assert!(ids(&idx, &q("concerto")).is_empty());
}

#[test]
fn rebuild_recreates_the_index_from_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("news.db")).unwrap();
    let batch = Batch {
        articles: corpus().into_iter().enumerate().map(|(i, a)| (i as i64 + 1, a)).collect(),
        ..Default::default()
    };
    store.write_batch(&batch).unwrap();
    let index_dir = dir.path().join("news.index");
    let stats = rebuild(&store, &index_dir).unwrap();
    assert_eq!(stats.articles, 4);
    // A second rebuild starts from scratch rather than adding copies.
    rebuild(&store, &index_dir).unwrap();
    let idx = SearchIndex::open(&index_dir).unwrap();
    assert_eq!(idx.num_articles(), 4);
    assert_eq!(ids(&idx, &q("ponte")), vec!["a1", "a2"]);
}

#[test]
fn stories_follow_an_article_moved_to_another_story() {
    let idx = index();
    let mut a = corpus().remove(1);
    a.story = Some("s-viabilita".into());
    idx.index_articles(&[a]).unwrap();
    let r = idx.search(&q("ponte")).unwrap();
    let mut stories: Vec<(String, Vec<String>)> = r.stories.into_iter().map(|s| (s.story, s.articles)).collect();
    stories.sort();
    assert_eq!(stories, vec![("s-ponte".into(), vec!["a1".into()]), ("s-viabilita".into(), vec!["a2".into()])]);
}

#[test]
fn an_index_with_an_older_layout_is_replaced_by_an_empty_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut old = tantivy::schema::Schema::builder();
    let id = old.add_text_field("id", tantivy::schema::STRING | tantivy::schema::STORED);
    let index = tantivy::Index::create_in_dir(dir.path(), old.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer.add_document(tantivy::doc!(id => "vecchio")).unwrap();
    writer.commit().unwrap();
    drop((writer, index));
    let idx = SearchIndex::open(dir.path()).unwrap();
    assert_eq!(idx.num_articles(), 0);
    idx.index_articles(&corpus()).unwrap();
    assert_eq!(ids(&idx, &q("ponte")), vec!["a1", "a2"]);
}

#[test]
fn an_index_without_this_layout_mark_is_replaced_and_one_with_it_kept() {
    let dir = tempfile::tempdir().unwrap();
    SearchIndex::open(dir.path()).unwrap().index_articles(&corpus()).unwrap();
    assert_eq!(SearchIndex::open(dir.path()).unwrap().num_articles(), 4, "our own index is kept");
    // Committed by another writer (same schema, no layout mark): rebuilt from scratch.
    let index = tantivy::Index::open_in_dir(dir.path()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    writer.commit().unwrap();
    drop((writer, index));
    assert_eq!(SearchIndex::open(dir.path()).unwrap().num_articles(), 0);
}

#[test]
fn phrases_match_in_titles_across_stop_words_and_under_operators() {
    let idx = index();
    assert_eq!(ids(&idx, &q("\"via libera\"")), vec!["a2"]);
    // Only in a2's title.
    assert_eq!(ids(&idx, &q("\"dodici milioni\"")), vec!["a2"]);
    // "sul" is a stop word: the phrase still needs the words in order around it.
    assert_eq!(ids(&idx, &q("\"ponte sul Ticino\"")), vec!["a1", "a2"]);
    assert!(ids(&idx, &q("\"Ticino sul ponte\"")).is_empty());
    // Phrases that are optional or excluded are not required of every hit.
    assert_eq!(ids(&idx, &q("\"valley road\" OR \"dodici milioni\"")), vec!["a2", "a3"]);
    assert_eq!(ids(&idx, &q("ponte -\"via libera\"")), vec!["a1"]);
    assert_eq!(ids(&idx, &q("\"consiglio comunale\" ponte")), vec!["a1"]);
}

/// Two reports with the searched words in both bodies; only the first has them in its title.
fn title_corpus() -> Vec<Article> {
    vec![
        article(
            "t1",
            "s-frana",
            "Eco di Valle",
            "it",
            "2025-05-02",
            "Frana sulla strada provinciale",
            "Nella notte la pioggia ha fatto cedere il versante sopra Corteno. La strada resta chiusa: \
             la frana ha coperto le due corsie e i tecnici stimano una settimana di lavori.",
        ),
        article(
            "t2",
            "s-frana",
            "Il Corriere Padano",
            "it",
            "2025-05-02",
            "Maltempo, una notte di allerta in valle",
            "Una frana a Corteno, una seconda frana sopra Edolo: la strada statale è aperta a senso \
             alternato, la strada comunale no.",
        ),
        article(
            "t3",
            "s-chiuso",
            "Eco di Valle",
            "it",
            "2025-05-03",
            "Chiuso il vecchio ponte",
            "Ticino in piena, chiusa anche la passerella pedonale per precauzione.",
        ),
    ]
}

#[test]
fn words_in_a_title_rank_the_report_first() {
    let idx = SearchIndex::in_memory().unwrap();
    idx.index_articles(&title_corpus()).unwrap();
    // t2 says the words more often in its text; t1 has them in its title.
    for text in ["frana", "frana strada", "\"strada provinciale\" frana"] {
        let r = idx.search(&q(text)).unwrap();
        let order: Vec<&str> = r.articles.iter().map(|h| h.id.as_str()).collect();
        let expected: &[&str] = if text.contains('"') { &["t1"] } else { &["t1", "t2"] };
        assert_eq!(order, expected, "{text}");
    }
    // The same with a filter.
    let mut x = q("frana");
    x.story = Some("s-frana".into());
    let r = idx.search(&x).unwrap();
    assert_eq!(r.articles.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["t1", "t2"]);
    // A word only in a title still finds the report, and is not highlighted in its text.
    let r = idx.search(&q("provinciale")).unwrap();
    assert_eq!(r.articles.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(), ["t1"]);
    assert!(r.articles[0].snippet.highlighted.is_empty());
}

#[test]
fn a_phrase_never_joins_the_end_of_a_title_to_the_start_of_the_text() {
    let idx = SearchIndex::in_memory().unwrap();
    idx.index_articles(&title_corpus()).unwrap();
    // t3's title ends with "ponte" and its text opens with "Ticino".
    assert!(ids(&idx, &q("\"ponte sul Ticino\"")).is_empty());
    assert!(ids(&idx, &q("\"ponte Ticino\"")).is_empty());
    assert_eq!(ids(&idx, &q("ponte Ticino")), vec!["t3"]);
}
