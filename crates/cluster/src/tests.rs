//! Unit tests of the clusterer on invented reports: stories, storylines, languages, corrections.

use super::*;
use rassegna_model::{PartialDate, TimexKind};

pub(crate) fn article(id: &str, lang: &str, date: Option<&str>, title: &str, text: &str) -> Article {
    Article {
        id: id.into(),
        source: format!("{id}.txt"),
        lang: Some(lang.into()),
        published: date.map(|d| d.parse::<PartialDate>().unwrap()),
        title: (!title.is_empty()).then(|| title.into()),
        text: text.into(),
        ..Article::default()
    }
}

/// Four June reports of one invented signing, a November follow-up, an unrelated June story, and
/// an English report of the signing.
pub(crate) fn corpus() -> Vec<Article> {
    vec![
        article(
            "j1",
            "it",
            Some("2025-06-12"),
            "Lunaria e Brennermare firmano a Trieste l'accordo sul corridoio merci",
            "TRIESTE - Il gruppo ferroviario Lunaria e la società portuale Brennermare hanno firmato oggi a \
Trieste l'accordo per il nuovo corridoio merci verso l'Austria. L'intesa vale 1,2 miliardi di euro e prevede \
40 treni a settimana entro il 2031. \"È un accordo storico per il porto\", ha detto l'amministratrice \
delegata di Lunaria, Giulia Marchetti. Stefan Hofer, presidente di Brennermare, ha parlato di \"una svolta \
per tutto l'Adriatico\". Leggi anche: Meteo, weekend di sole",
        ),
        article(
            "j2",
            "it",
            Some("2025-06-12"),
            "Corridoio merci, firmata l'intesa tra Lunaria e Brennermare",
            "Firmata a Trieste l'intesa tra Lunaria e Brennermare: 1,2 miliardi di euro per portare 40 treni \
merci a settimana dal porto all'Austria entro il 2031. Marchetti (Lunaria): \"Accordo storico\". Hofer \
(Brennermare): \"Svolta per l'Adriatico\". I sindacati chiedono garanzie sull'occupazione nello scalo \
giuliano. Condividi su Facebook | Twitter",
        ),
        article(
            "j3",
            "it",
            Some("2025-06-13"),
            "",
            "Il giorno dopo la firma dell'accordo sul corridoio merci tra Lunaria e Brennermare, a Trieste \
si discute dei costi: 1,2 miliardi di euro, di cui metà a carico della Regione. Giulia Marchetti \
assicura che i 40 treni settimanali arriveranno entro il 2031, mentre Stefan Hofer punta sul \
raddoppio della banchina. Il porto di Trieste spera in mille nuovi posti di lavoro.",
        ),
        article(
            "j4",
            "it",
            Some("2025-06-13"),
            "Trieste, l'accordo Lunaria-Brennermare divide la politica",
            "L'accordo firmato a Trieste da Lunaria e Brennermare per il corridoio merci verso l'Austria \
divide la politica regionale. L'opposizione definisce \"troppo ottimistici\" i 40 treni a settimana \
promessi per il 2031, mentre la giunta difende l'investimento da 1,2 miliardi. Marchetti e Hofer \
saranno ascoltati in commissione la prossima settimana. Pubblicità",
        ),
        article(
            "u1",
            "it",
            Some("2025-06-12"),
            "Maltempo, esonda il torrente Lerna: evacuate 300 famiglie a Castelvetro",
            "CASTELVETRO - La piena del torrente Lerna ha allagato nella notte il centro di Castelvetro: \
la sindaca Marta Ferlini ha ordinato l'evacuazione di 300 famiglie. I vigili del fuoco hanno \
soccorso una donna rimasta bloccata in auto in un sottopasso. Scuole chiuse fino a lunedì, \
la protezione civile ha aperto la palestra comunale per gli sfollati.",
        ),
        article(
            "n1",
            "it",
            Some("2025-11-20"),
            "Corridoio merci, il Parlamento ratifica l'accordo Lunaria-Brennermare",
            "Il Parlamento ha ratificato ieri l'accordo tra Lunaria e Brennermare sul corridoio merci \
tra Trieste e l'Austria, firmato a giugno. Con la ratifica sbloccati i primi fondi degli 1,2 miliardi \
di euro previsti: i lavori alla banchina partiranno a febbraio. Giulia Marchetti ha ringraziato \
le Camere; Stefan Hofer ha annunciato le prime assunzioni. Ti potrebbe interessare: Oroscopo",
        ),
        article(
            "e1",
            "en",
            Some("2025-06-13"),
            "Lunaria and Brennermare sign Trieste freight corridor deal",
            "Rail group Lunaria and port operator Brennermare signed a 1.2 billion euro agreement in \
Trieste on Thursday for a freight corridor to Austria. The plan foresees 40 trains a week by 2031. \
Lunaria chief executive Giulia Marchetti called it \"a historic deal for the port\", while \
Brennermare chairman Stefan Hofer spoke of a turning point for the Adriatic.",
        ),
    ]
}

fn run(articles: &[Article]) -> (Clusterer, Vec<Assignment>) {
    let mut c = Clusterer::new();
    let out = articles.iter().map(|a| c.assign(a)).collect();
    (c, out)
}

#[test]
fn reports_of_one_event_form_one_story_named_after_the_first() {
    let (_, out) = run(&corpus()[..4]);
    for a in &out {
        assert_eq!(a.story, "s-j1", "{a:?}");
        assert_eq!(a.storyline, "l-j1");
    }
    assert_eq!(out[0].evidence.decision, Decision::NewStory);
    assert_eq!(out[1].evidence.decision, Decision::Joined);
}

#[test]
fn an_unrelated_event_on_the_same_day_is_its_own_story_and_storyline() {
    let (_, out) = run(&corpus()[..5]);
    assert_eq!(out[4].story, "s-u1");
    assert_eq!(out[4].storyline, "l-u1");
}

#[test]
fn a_follow_up_months_later_is_a_new_story_in_the_same_storyline() {
    let (_, out) = run(&corpus()[..6]);
    assert_eq!(out[5].story, "s-n1");
    assert_eq!(out[5].storyline, "l-j1");
}

#[test]
fn a_report_in_another_language_joins_the_story() {
    let (_, out) = run(&corpus());
    assert_eq!(out[6].story, "s-j1", "{:?}", out[6].evidence);
}

#[test]
fn evidence_names_what_the_article_shares_with_its_story() {
    let (_, out) = run(&corpus()[..4]);
    let ev = &out[3].evidence;
    assert!(ev.score >= ClusterConfig::default().join);
    assert!(ev.shared_entities.iter().any(|e| e == "brennermare"), "{ev:?}");
    assert!(!ev.shared_terms.is_empty());
}

#[test]
fn a_duplicate_joins_its_original_story() {
    let mut c = Clusterer::new();
    let all = corpus();
    c.assign(&all[0]);
    c.assign(&all[4]);
    let mut copy = all[0].clone();
    copy.id = "j1-copy".into();
    copy.duplicate_of = Some("j1".into());
    let a = c.assign(&copy);
    assert_eq!(a.story, "s-j1");
    assert_eq!(a.evidence.decision, Decision::Duplicate);
}

#[test]
fn unknown_dates_do_not_block_a_join() {
    let mut all = corpus();
    all[1].published = None;
    let (_, out) = run(&all[..2]);
    assert_eq!(out[1].story, "s-j1");
}

#[test]
fn moved_articles_stay_moved_and_take_their_duplicates_along() {
    let (mut c, _) = run(&corpus()[..5]);
    let a = c.move_article("j4", "s-u1").unwrap();
    assert_eq!(a.story, "s-u1");
    assert_eq!(a.evidence.decision, Decision::Correction);
    assert_eq!(c.story_of("j4"), Some("s-u1"));
    let mut copy = corpus()[3].clone();
    copy.id = "j4-copy".into();
    copy.duplicate_of = Some("j4".into());
    assert_eq!(c.assign(&copy).story, "s-u1");
    assert_eq!(c.move_article("nope", "s-u1"), Err(ClusterError::UnknownArticle("nope".into())));
    assert_eq!(c.move_article("j1", "s-nope"), Err(ClusterError::UnknownStory("s-nope".into())));
}

#[test]
fn a_split_makes_a_new_story_in_the_same_storyline() {
    let (mut c, _) = run(&corpus()[..4]);
    let id = c.split("s-j1", &["j3", "j4"]).unwrap();
    assert_eq!(id, "s-j3");
    assert_eq!(c.story_of("j3"), Some("s-j3"));
    assert_eq!(c.story_of("j4"), Some("s-j3"));
    assert_eq!(c.story_of("j1"), Some("s-j1"));
    assert_eq!(c.storyline_of("s-j3"), Some("l-j1"));
    // Splitting the founder out still gives a fresh id.
    let id2 = c.split("s-j1", &["j1"]).unwrap();
    assert_ne!(id2, "s-j1");
    assert_eq!(c.story_of("j1"), Some(id2.as_str()));
    assert_eq!(c.split("s-j3", &["j3", "j4"]), Err(ClusterError::EmptySplit));
    assert!(matches!(c.split("s-j3", &["j2"]), Err(ClusterError::NotInStory { .. })));
}

#[test]
fn restored_state_places_new_articles_as_before() {
    let all = corpus();
    let (_, out) = run(&all);
    let mut restored = Clusterer::new();
    for (a, asg) in all[..4].iter().zip(&out) {
        let mut stored = a.clone();
        stored.story = Some(asg.story.clone());
        stored.storyline = Some(asg.storyline.clone());
        restored.restore(&stored);
    }
    assert_eq!(restored.story_of("j2"), Some("s-j1"));
    for (a, asg) in all[4..].iter().zip(&out[4..]) {
        let again = restored.assign(a);
        assert_eq!((&again.story, &again.storyline), (&asg.story, &asg.storyline), "{}", a.id);
    }
}

#[test]
fn the_same_input_order_gives_the_same_stories() {
    let (_, a) = run(&corpus());
    let (_, b) = run(&corpus());
    assert_eq!(a, b);
}

/// Two look-alike title fights of one champion, years apart, reported without dates (as in
/// archives): four reports of each, interleaved.
fn twin_fights() -> Vec<Article> {
    let a = |id: &str, text: &str| article(id, "it", None, "", text);
    vec![
        a(
            "a1",
            "Dario Ventresca ha difeso il titolo dei pesi massimi battendo Milo Sarkany al settimo round \
alla Arena Reno di Mannheim. Sarkany, 38 anni, era al tappeto due volte. Ventresca sale a 52 vittorie.",
        ),
        a(
            "b1",
            "Ventresca conserva la corona dei massimi: Tomas Brevik si arrende al sesto round davanti ai \
14.000 della Sporthalle di Amburgo. Il norvegese Brevik, sfidante ufficiale, sanguinava dal sopracciglio.",
        ),
        a(
            "a2",
            "Mannheim, Arena Reno: Milo Sarkany non regge e l'arbitro ferma l'incontro al settimo round. \
Dario Ventresca resta campione dei pesi massimi, 52 vittorie e 46 per ko. Sarkany annuncia il ritiro.",
        ),
        a(
            "b2",
            "Amburgo, Sporthalle esaurita: Tomas Brevik getta la spugna al sesto round e Ventresca tiene \
le cinture dei massimi. Brevik, 41 anni, aveva chiesto la rivincita dopo la sconfitta in Norvegia.",
        ),
        a(
            "a3",
            "Sarkany battuto da Ventresca al settimo round a Mannheim: titolo dei massimi confermato. \
All'Arena Reno 12.500 spettatori. Il manager di Sarkany parla di ritiro dopo 38 anni di vita.",
        ),
        a(
            "b3",
            "Ventresca ferma Brevik al sesto round ad Amburgo. Alla Sporthalle 14.000 spettatori per lo \
sfidante norvegese, che ora pensa al ritiro. Le cinture dei massimi restano al campione.",
        ),
        a(
            "a4",
            "Il campione dei massimi Dario Ventresca ha messo ko Milo Sarkany nel settimo round della \
sfida di Mannheim. Per Sarkany seconda sconfitta in carriera; Ventresca a 52 vittorie.",
        ),
        a(
            "b4",
            "Tomas Brevik ko al sesto round: Ventresca difende le cinture dei massimi alla Sporthalle \
di Amburgo. Il norvegese Brevik, 41 anni, torna a casa con il sopracciglio rotto.",
        ),
    ]
}

#[test]
fn revision_splits_a_story_that_swallowed_a_look_alike_event() {
    // A low join threshold puts all eight reports in one story, as a bad founding decision would.
    let config = ClusterConfig { join: 0.01, ..ClusterConfig::default() };
    let mut c = Clusterer::with_config(config);
    let mut moved = vec![];
    for a in twin_fights() {
        c.assign(&a);
        moved.extend(c.revise());
    }
    let story = |id: &str| c.story_of(id).unwrap().to_string();
    for id in ["a2", "a3", "a4"] {
        assert_eq!(story(id), "s-a1", "{id}");
    }
    for id in ["b2", "b3", "b4"] {
        assert_eq!(story(id), story("b1"), "{id}");
    }
    assert_ne!(story("b1"), "s-a1");
    // Once split off, later reports of the second fight join it directly; the revisions name the
    // reports that moved.
    for r in &moved {
        assert!(r.article.starts_with('b'), "{r:?}");
        // Split off, and possibly linked back to the champion's storyline afterwards.
        assert!([Decision::Split, Decision::Storyline].contains(&r.evidence.decision), "{r:?}");
    }
    assert!(moved.iter().any(|r| r.article == "b1"));
    assert_eq!(c.story_of("b1"), moved.iter().find(|r| r.article == "b1").map(|r| r.story.as_str()));
}

#[test]
fn without_revision_nothing_assigned_moves() {
    let config = ClusterConfig { join: 0.01, ..ClusterConfig::default() };
    let mut c = Clusterer::with_config(config);
    for a in twin_fights() {
        c.assign(&a);
    }
    assert_eq!(c.story_of("b4"), Some("s-a1"));
}

/// A clusterer restored from articles a run stored in these stories of one storyline.
fn restored(articles: &[Article], stories: &[&str], storyline: &str) -> Clusterer {
    let mut c = Clusterer::new();
    for (a, story) in articles.iter().zip(stories) {
        let mut stored = a.clone();
        stored.story = Some(story.to_string());
        stored.storyline = Some(storyline.into());
        c.restore(&stored);
    }
    c
}

#[test]
fn revision_merges_two_stories_of_one_event() {
    // Stored by an earlier run as two stories of the signing.
    let all = corpus();
    let mut c = restored(&all[..4], &["s-j1", "s-j1", "s-j3", "s-j3"], "l-j1");
    assert_eq!(c.story_of("j3"), Some("s-j3"));
    let e = c.assign(&all[6]);
    let moved = c.revise();
    for id in ["j1", "j2", "j3", "j4", "e1"] {
        assert_eq!(c.story_of(id), Some("s-j1"), "{id} after {e:?}, {moved:?}");
    }
    assert!(moved.iter().all(|r| r.story == "s-j1" && r.evidence.decision == Decision::Merged), "{moved:?}");
    assert!(moved.iter().any(|r| r.article == "j3"));
}

#[test]
fn revision_never_undoes_a_users_split() {
    let all = corpus();
    let (mut c, _) = run(&all[..4]);
    c.revise();
    let id = c.split("s-j1", &["j3", "j4"]).unwrap();
    c.assign(&all[6]);
    assert!(c.revise().is_empty());
    assert_eq!(c.story_of("j3"), Some(id.as_str()));
    assert_eq!(c.story_of("j1"), Some("s-j1"));
    // Also after a restart from the stored articles, which carry the correction.
    let mut restored = Clusterer::new();
    for a in &all[..4] {
        let mut stored = a.clone();
        stored.story = c.story_of(&a.id).map(str::to_string);
        stored.storyline = Some("l-j1".into());
        if ["j3", "j4"].contains(&a.id.as_str()) {
            stored.evidence = Some(Evidence { decision: Decision::Correction, ..Evidence::default() });
        }
        restored.restore(&stored);
    }
    restored.assign(&all[6]);
    assert!(restored.revise().is_empty());
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::FileFailurePersistence;
    use rassegna_dedup::DedupIndex;

    const EVENTS: &[&str] = &[
        "Lunaria Brennermare Trieste corridoio merci treni accordo porto Austria miliardi",
        "Castelvetro Lerna piena evacuate famiglie sindaca Ferlini vigili fuoco sottopasso",
        "Valdoria elezioni sindaco ballottaggio Rinaldi Costa schede affluenza seggi",
        "Morello ospedale chiusura reparto pediatria primario proteste comitato regione",
    ];
    const FILLER: &[&str] = &["ieri", "secondo", "fonti", "mentre", "anche", "dopo", "settimana", "giorni", "oltre"];

    fn text(event: usize, picks: &[usize]) -> String {
        let words: Vec<&str> = EVENTS[event].split(' ').collect();
        picks
            .iter()
            .map(|&p| if p % 3 == 0 { FILLER[p % FILLER.len()] } else { words[p % words.len()] })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn stream(ops: &[(usize, Vec<usize>, bool, u8)]) -> Vec<Article> {
        let mut out: Vec<Article> = vec![];
        for (i, (event, picks, copy, day)) in ops.iter().enumerate() {
            let body = match (copy, out.last()) {
                (true, Some(prev)) => format!("{} (ANSA)", prev.text),
                _ => text(event % EVENTS.len(), picks),
            };
            let date = format!("2025-03-{:02}", 1 + day % 28);
            out.push(article(&format!("a{i}"), "it", Some(&date), "", &body));
        }
        out
    }

    /// Dedup, assign, and revise after every article; the assignments as revised at the end.
    fn run_pipeline(articles: &[Article]) -> Vec<(Option<String>, Assignment)> {
        let mut dedup = DedupIndex::new();
        let mut c = Clusterer::new();
        let mut out: Vec<(Option<String>, Assignment)> = vec![];
        for a in articles {
            let mut a = a.clone();
            a.duplicate_of = dedup.add(&a);
            let asg = c.assign(&a);
            out.push((a.duplicate_of, asg));
            for r in c.revise() {
                let i = articles.iter().position(|x| x.id == r.article).unwrap();
                (out[i].1.story, out[i].1.storyline) = (r.story, r.storyline);
                out[i].1.evidence.decision = r.evidence.decision;
            }
        }
        for (a, (_, asg)) in articles.iter().zip(&out) {
            assert_eq!(c.story_of(&a.id), Some(asg.story.as_str()), "revisions report every move");
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            // Committed on purpose: a failing case lands in proptest-regressions/tests.txt, re-run first forever.
            failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel("proptest-regressions"))),
            ..ProptestConfig::with_cases(48)
        })]
        #[test]
        fn stories_partition_the_stream_deterministically(
            ops in prop::collection::vec((0usize..4, prop::collection::vec(0usize..40, 15..40), any::<bool>(), 0u8..40), 1..25)
        ) {
            let articles = stream(&ops);
            let first = run_pipeline(&articles);
            // Same input order, same stories and evidence.
            prop_assert_eq!(&first, &run_pipeline(&articles));
            let mut story_of: HashMap<String, String> = HashMap::new();
            let mut seen: Vec<&str> = vec![];
            for (a, (dup, asg)) in articles.iter().zip(&first) {
                // Each article is in exactly one story, and the story id names an earlier or this article.
                prop_assert!(story_of.insert(a.id.clone(), asg.story.clone()).is_none());
                // Stories are named after an article of the stream (revisions can move earlier reports in).
                let founder = asg.story.trim_start_matches("s-").split('~').next().unwrap();
                prop_assert!(articles.iter().any(|x| x.id == founder));
                if let Some(d) = dup {
                    // A duplicate points to an earlier article and shares its story.
                    prop_assert!(seen.contains(&d.as_str()));
                    prop_assert_eq!(&story_of[d], &asg.story);
                    prop_assert!([Decision::Duplicate, Decision::Split, Decision::Merged, Decision::Storyline].contains(&asg.evidence.decision));
                }
                seen.push(&a.id);
            }
        }
    }
}

/// Two robberies told in the same words: only the shops, streets, towns and sums differ.
fn twin_heists() -> Vec<Article> {
    let a = |id: &str, text: &str| article(id, "en", None, "", text);
    vec![
        a(
            "h1",
            "Four armed robbers stormed the Orsolini jewellery shop on Corso Vittoria in Brescello on \
Thursday, stealing rings and watches worth 3 million euros. Police said the men escaped in a dark van.",
        ),
        a(
            "k1",
            "Four armed robbers stormed the Falkenrath jewellery shop on Kaiserallee in Dunnwald on \
Thursday, stealing rings and watches worth 850,000 euros. Police said the men escaped in a dark van.",
        ),
        a(
            "h2",
            "Armed robbers cleaned out the Orsolini jewellery store in Brescello: rings and watches worth \
3 million euros were taken from the shop on Corso Vittoria, police said. The robbers fled in a van.",
        ),
        a(
            "k2",
            "Armed robbers cleaned out the Falkenrath jewellery store in Dunnwald: rings and watches worth \
850,000 euros were taken from the shop on Kaiserallee, police said. The robbers fled in a van.",
        ),
        a(
            "h3",
            "Police in Brescello are hunting four robbers who stole 3 million euros of jewels from Orsolini \
on Corso Vittoria. Witnesses saw the armed men leave the shop in a dark van.",
        ),
        a(
            "k3",
            "Police in Dunnwald are hunting four robbers who stole 850,000 euros of jewels from Falkenrath \
on Kaiserallee. Witnesses saw the armed men leave the shop in a dark van.",
        ),
        a(
            "h4",
            "The Orsolini robbery on Corso Vittoria is the biggest in Brescello in years: four armed men, \
3 million euros of rings and watches, a getaway van.",
        ),
        a(
            "k4",
            "The Falkenrath robbery on Kaiserallee is the biggest in Dunnwald in years: four armed men, \
850,000 euros of rings and watches, a getaway van.",
        ),
    ]
}

#[test]
fn look_alike_events_with_their_own_names_are_two_stories() {
    let stories = |config: ClusterConfig| {
        let mut c = Clusterer::with_config(config);
        for a in twin_heists() {
            c.assign(&a);
            c.revise();
        }
        ["h1", "h2", "h3", "h4", "k1", "k2", "k3", "k4"].map(|id| c.story_of(id).unwrap().to_string())
    };
    let s = stories(ClusterConfig::default());
    assert!(s[..4].iter().all(|x| *x == s[0]), "{s:?}");
    assert!(s[4..].iter().all(|x| *x == s[4]), "{s:?}");
    assert_ne!(s[0], s[4]);
    // Words alone cannot tell them apart: without the name rules they are one story.
    let words_only = stories(ClusterConfig { split_names: 0.0, name_conflict: 1.0, ..ClusterConfig::default() });
    assert!(words_only.iter().all(|x| *x == words_only[0]), "{words_only:?}");
    // The revision's split by names is what separates them here.
    let split_only = stories(ClusterConfig { name_conflict: 1.0, ..ClusterConfig::default() });
    assert_eq!(split_only, s);
}

#[test]
fn developments_months_apart_are_new_stories_in_one_storyline() {
    let a = |id: &str, date: &str, title: &str, text: &str| article(id, "it", Some(date), title, text);
    let stream = [
        a(
            "m1",
            "2025-01-10",
            "Crolla la diga di Lagoverde, evacuata Castelbruno",
            "Cede nella notte la diga di Lagoverde: la procura di Castelbruno apre un'inchiesta. \
Il sindaco Arnaldo Ferri ordina l'evacuazione di 300 famiglie.",
        ),
        a(
            "m2",
            "2025-01-11",
            "Diga di Lagoverde, inchiesta della procura di Castelbruno",
            "La procura di Castelbruno indaga sul crollo della diga di Lagoverde. Il sindaco Arnaldo \
Ferri: \"Vogliamo la verità\". Evacuate 300 famiglie.",
        ),
        a(
            "m3",
            "2025-03-20",
            "Ferri chiede fondi a Roma dopo il disastro",
            "Il sindaco di Castelbruno Arnaldo Ferri incontra a Roma il ministro Delfina Sarti: servono \
fondi per le famiglie sfollate. Sarti promette un decreto entro aprile.",
        ),
        a(
            "m4",
            "2025-03-21",
            "Il ministro Sarti: decreto per Castelbruno entro aprile",
            "Delfina Sarti ha ricevuto il sindaco Ferri: un decreto per gli sfollati di Castelbruno \
arriverà entro aprile, annuncia la ministra.",
        ),
        a(
            "m5",
            "2025-06-02",
            "Lagoverde, nuova diga con i fondi Sarti",
            "Partono i cantieri della nuova diga di Lagoverde, pagata con i fondi stanziati da Delfina \
Sarti. Prima pietra posata ieri mattina tra gli applausi.",
        ),
    ];
    let (c, out) = run(&stream);
    let story = |i: usize| out[i].story.clone();
    assert_ne!(story(0), story(2));
    assert_ne!(story(2), story(4));
    assert_ne!(story(0), story(4));
    let line = |i: usize| c.storyline_of(&out[i].story).unwrap().to_string();
    assert_eq!(line(2), line(0), "{out:?}");
    assert_eq!(line(4), line(0), "{out:?}");
}

/// One invented landslide told by two groups of outlets on the same two days: one group about the
/// evacuation, the other about the closed road and the trains.
fn landslide(dated: bool) -> Vec<Article> {
    let day = |d: &str| dated.then(|| d.to_string());
    let raw = [
        (
            "f1",
            "2025-03-11",
            "Frana sul monte Corvo, evacuate quaranta famiglie a Valdorna",
            "Una frana si è staccata nella notte dal monte Corvo sopra Valdorna. La sindaca Ilaria Bentivoglio ha firmato l'ordinanza: quaranta famiglie evacuate, ospitate nella palestra comunale. Chiusa anche la statale 47.",
        ),
        (
            "f2",
            "2025-03-11",
            "Valdorna, la frana del monte Corvo costringe quaranta famiglie a lasciare le case",
            "Quaranta famiglie evacuate a Valdorna dopo la frana del monte Corvo. La sindaca Bentivoglio: resteranno in palestra finché i geologi non daranno il via libera. Statale 47 chiusa, nessun ferito.",
        ),
        (
            "g1",
            "2025-03-12",
            "Chiusa la statale 47, treni sospesi a Valdorna",
            "La statale 47 resta chiusa a Valdorna: la frana ha invaso la carreggiata e i binari. Sospesi i treni per Pieve Alta, bus sostitutivi dalle sei. Anas stima tre settimane di lavori.",
        ),
        (
            "g2",
            "2025-03-12",
            "Valdorna, strada e ferrovia interrotte per settimane",
            "Binari coperti e statale 47 chiusa: la frana del monte Corvo taglia in due la valle di Valdorna. Treni sospesi verso Pieve Alta, bus sostitutivi. Anas: almeno tre settimane per riaprire la carreggiata.",
        ),
        (
            "g3",
            "2025-03-12",
            "Frana a Valdorna, bus al posto dei treni",
            "Dopo la frana del monte Corvo i treni tra Valdorna e Pieve Alta sono sospesi e la statale 47 è chiusa. Bus sostitutivi ogni ora; la sindaca Bentivoglio chiede tempi certi ad Anas.",
        ),
    ];
    raw.iter().map(|(id, d, title, text)| article(id, "it", day(d).as_deref(), title, text)).collect()
}

#[test]
fn reports_of_one_event_on_the_same_days_merge_more_readily() {
    let place = |articles: &[Article]| {
        // Stored by an earlier run as two stories.
        let mut c = restored(&articles[..4], &["s-f1", "s-f1", "s-g1", "s-g1"], "l-f1");
        c.settle();
        let (a, b) = (&c.stories[0], &c.stories[1]);
        let l = c.likeness((&a.lex, &b.lex), (&a.anchors, &b.anchors), false);
        c.assign(&articles[4]);
        c.revise();
        (c.story_of("f1") == c.story_of("g1"), l.score)
    };
    let (merged, score) = place(&landslide(true));
    assert!(merged, "dated the same days, scoring {score}: one story");
    let (merged, score) = place(&landslide(false));
    assert!(!merged, "undated, scoring {score}: the general merge threshold applies");
    assert!(score < ClusterConfig::default().merge && score >= ClusterConfig::default().merge_dated, "{score}");
}

#[test]
fn a_lone_report_its_event_passed_over_joins_the_event_on_revision() {
    // The evacuation report was stored alone; the road reports went to a story of their own.
    let place = |lone_first: bool| {
        let all = landslide(false);
        let (f1, rest) = (all[0].clone(), &all[2..4]);
        let mut stored: Vec<(Article, &str)> = rest.iter().map(|a| (a.clone(), "s-g1")).collect();
        if lone_first {
            stored.insert(0, (f1, "s-f1"));
        } else {
            stored.push((f1, "s-f1"));
        }
        let (articles, stories): (Vec<Article>, Vec<&str>) = stored.into_iter().unzip();
        let mut c = restored(&articles, &stories, "l-f1");
        let g = c.story_index["s-g1"] as usize;
        let f = c.member_index["f1"] as usize;
        let score =
            c.likeness((&c.members[f].lex, &c.stories[g].lex), (&c.members[f].anchors, &c.stories[g].anchors), false);
        c.assign(&all[4]);
        assert_eq!(c.story_of("g3"), Some("s-g1"));
        c.revise();
        (c.story_of("f1") == c.story_of("g1"), score.score)
    };
    // Three road reports came after it and none joined it: at the join threshold, it joins them.
    let (merged, score) = place(true);
    assert!(merged, "scoring {score} with the road story");
    let defaults = ClusterConfig::default();
    assert!(score >= defaults.join && score < defaults.merge, "{score}");
    // Stored after them, it was not passed over: the general merge threshold applies.
    let (merged, _) = place(false);
    assert!(!merged);
}

#[test]
fn a_dated_report_stays_apart_from_undated_reports_that_name_a_later_month() {
    let place = |name_month: bool| {
        let mut all = landslide(false);
        if name_month {
            for a in &mut all[..4] {
                a.text.push_str(" Il sopralluogo dei geologi è fissato per il 3 novembre.");
                let start = a.text.find("3 novembre").unwrap();
                a.dates.push(rassegna_model::DateMention {
                    text: "3 novembre".into(),
                    start,
                    end: start + "3 novembre".len(),
                    value: "2025-11-03".into(),
                    kind: TimexKind::Date,
                });
            }
        }
        let mut c = Clusterer::new();
        for a in &all[..4] {
            c.assign(a);
        }
        // A June report of the same words: the undated reports speak of November.
        let mut june = all[4].clone();
        june.published = Some("2025-06-10".parse().unwrap());
        c.assign(&june);
        c.story_of("g3") == c.story_of("g1")
    };
    assert!(place(false), "without named months, unknown dates do not keep them apart");
    assert!(!place(true));
}

#[test]
fn a_country_name_alone_does_not_make_a_storyline() {
    let a = |id: &str, date: &str, title: &str, text: &str| article(id, "en", Some(date), title, text);
    let stream = [
        a(
            "k1",
            "2025-02-17",
            "Ransomware attack shuts Italian hospital systems",
            "A ransomware attack knocked out the computer systems of Santa Rosalia hospital in Borgoleone, \
Italy, on Monday. Italian police said the Greyfox gang demanded 3 million euros. Director Paola Venturi \
said ambulances were diverted. Italy's cybersecurity agency is investigating.",
        ),
        a(
            "q1",
            "2025-02-20",
            "Earthquake shakes central Italy, no injuries",
            "An earthquake of magnitude 4.1 struck central Italy on Thursday near Montecorvo. Italian \
civil protection said there were no injuries. Mayor Dario Sforza said schools were closed. Italy's \
geophysics institute recorded twelve aftershocks.",
        ),
    ];
    let (c, out) = run(&stream);
    assert_ne!(out[0].story, out[1].story);
    let line = |i: usize| c.storyline_of(&out[i].story).unwrap().to_string();
    assert_ne!(line(0), line(1), "{out:?}");
    // Counting the country as a name, the two reports would pass the storyline's name gate.
    let (a, b) = (&c.stories[0], &c.stories[1]);
    let (names, _, specific) = features::cosine_split(&a.anchors, &b.anchors);
    assert!(names >= c.config.storyline_names && specific < c.config.storyline_names, "{names} {specific}");
}

#[test]
fn revision_moves_a_report_to_the_look_alike_story_it_belongs_to() {
    // Stored by an earlier run: the first report of the second fight joined the first fight's story,
    // before the second fight had a story of its own.
    let all = twin_fights();
    let pick = |ids: &[&str]| -> Vec<Article> {
        ids.iter().map(|id| all.iter().find(|a| a.id == *id).unwrap().clone()).collect()
    };
    let place = |config: ClusterConfig| {
        let stored = pick(&["a1", "b1", "a2", "a3", "b2", "b3"]);
        let mut c = Clusterer::with_config(config);
        for (a, story) in stored.iter().zip(["s-a1", "s-a1", "s-a1", "s-a1", "s-b2", "s-b2"]) {
            let mut a = a.clone();
            (a.story, a.storyline) = (Some(story.into()), Some("l-a1".into()));
            c.restore(&a);
        }
        let moved = c.revise();
        let story = |id: &str| c.story_of(id).unwrap().to_string();
        (["a1", "a2", "a3", "b1", "b2", "b3"].map(story), moved)
    };
    let (s, moved) = place(ClusterConfig::default());
    assert_eq!(s, ["s-a1", "s-a1", "s-a1", "s-b2", "s-b2", "s-b2"], "{moved:?}");
    assert_eq!(moved.len(), 1, "{moved:?}");
    assert_eq!((moved[0].article.as_str(), moved[0].evidence.decision), ("b1", Decision::Reassigned));
    // Without reassignment the founding mistake stays.
    let (s, _) = place(ClusterConfig { reassign: -1.0, ..ClusterConfig::default() });
    assert_eq!(s[3], "s-a1");
}

#[test]
fn reassignment_looks_again_after_each_move() {
    // A short report of the second fight that names none of its people: it shares its details (the
    // bleeding challenger, the 14,000) with b1 alone. Both were stored in the first fight's story.
    let mut all = twin_fights();
    all.push(article(
        "c1",
        "it",
        None,
        "",
        "Lo sfidante ufficiale sanguinava dal sopracciglio: la corona dei massimi resta a Ventresca davanti \
ai 14.000 spettatori.",
    ));
    let place = |rounds: usize| {
        let mut c = Clusterer::with_config(ClusterConfig { reassign_rounds: rounds, ..ClusterConfig::default() });
        let stored = ["a1", "a2", "a3", "b1", "c1", "b2", "b3", "b4"];
        for (id, story) in stored.iter().zip(["s-a1", "s-a1", "s-a1", "s-a1", "s-a1", "s-b2", "s-b2", "s-b2"]) {
            let mut a = all.iter().find(|a| a.id == *id).unwrap().clone();
            (a.story, a.storyline) = (Some(story.into()), Some("l-a1".into()));
            c.restore(&a);
        }
        c.revise();
        ["b1", "c1", "a3"].map(|id| c.story_of(id).unwrap().to_string())
    };
    // The first round moves b1; only then does c1 score better with the second fight's story.
    assert_eq!(place(1), ["s-b2", "s-a1", "s-a1"]);
    assert_eq!(place(ClusterConfig::default().reassign_rounds), ["s-b2", "s-b2", "s-a1"]);
}

#[test]
fn an_archive_report_years_apart_stays_out_of_a_storyline_it_resembles() {
    // Stored: the June signing and its follow-up, which had no date (an undated story is within
    // every window), in one storyline. Then an archive report from ten years before, naming the
    // same companies and people, arrives.
    let all = corpus();
    let mut stored: Vec<Article> = all[..4].to_vec();
    let mut follow_up = all[5].clone();
    follow_up.published = None;
    stored.push(follow_up);
    let mut c = restored(&stored, &["s-j1", "s-j1", "s-j1", "s-j1", "s-n1"], "l-j1");
    let old = article(
        "old",
        "it",
        Some("2015-03-02"),
        "Trieste, primi contatti tra Lunaria e Brennermare sul corridoio merci",
        "TRIESTE - Prime riunioni tra Lunaria e Brennermare sull'idea di un corridoio merci tra il porto \
di Trieste e l'Austria. Giulia Marchetti, allora direttrice commerciale di Lunaria, e Stefan Hofer \
parlano di uno studio di fattibilità. Nessuna cifra è stata ancora indicata dalla Regione.",
    );
    let a = c.assign(&old);
    c.revise();
    assert_eq!(c.story_of("old"), Some("s-old"), "{a:?}");
    assert_eq!(c.storyline_of("s-old"), Some("l-old"), "{a:?}");
}
