//! Lines that recur across reports of different days are page template wherever they appear, and
//! reports stored before the template was learnt are cleaned again (text, stories, summaries).

use rassegna_ingest::Ingested;
use rassegna_model::{Body, Format, PartialDate, RawDocument};
use rassegna_pipeline::{Config, Pipeline};

const SIDEBAR: &str = "Mercato ittico di Termoli, i prezzi del pesce azzurro salgono ancora nella settimana di Pasqua";
const APPEAL: &str = "Questo giornale vive grazie ai lettori: sostienici con un contributo di due euro al mese";
const SCRIPT: &str = "window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}";

const REPORTS: [&str; 4] = [
    "Il consiglio comunale di Larino ha approvato il bilancio con dodici voti favorevoli e quattro contrari. \
     L'assessore Mirella Colasurdo ha detto che le tasse locali non aumenteranno nel prossimo anno.",
    "A Guglionesi la sagra della ventricina ha richiamato oltre seimila visitatori nel fine settimana. \
     Gli organizzatori della pro loco hanno annunciato che l'edizione del prossimo anno durerà tre giorni.",
    "Un incendio ha distrutto un capannone agricolo alla periferia di Montenero di Bisaccia nella notte. \
     I vigili del fuoco di Termoli hanno lavorato fino all'alba per spegnere le fiamme, senza feriti.",
    "La linea ferroviaria tra Campobasso e Termoli resterà chiusa per lavori fino alla fine di maggio. \
     I treni saranno sostituiti da autobus, ha comunicato la direzione regionale delle ferrovie.",
];

fn report(
    i: usize,
    outlet: &str,
    day: u8,
    body: &str,
    furniture: bool,
) -> Result<Ingested, rassegna_ingest::IngestError> {
    let text = if furniture { format!("{body}\n{SIDEBAR}\n{APPEAL}\n{SCRIPT}\n") } else { format!("{body}\n") };
    let doc = RawDocument::new(format!("r{i}"), format!("r{i}.txt"), Format::Text, Body::Text(text))
        .with_outlet(Some(outlet.into()))
        .with_published(PartialDate::day(2025, 4, day));
    Ok(Ingested::from(doc))
}

#[test]
fn a_sidebar_seen_days_apart_leaves_every_report_even_those_stored_before() {
    let mut p = Pipeline::in_memory(Config { batch_size: 1, ..Config::default() }).unwrap();
    // One report a day apart in its own batch: the third makes the furniture template.
    for (i, day) in [(0, 1), (1, 4), (2, 9)] {
        p.process([report(i, "Il Corriere del Basso Molise", day, REPORTS[i], true)], |_| {}).unwrap();
    }
    let mut texts = Vec::new();
    p.store()
        .for_each_article(&mut |a| texts.push((a.id.clone(), a.text.clone(), a.removed.clone(), a.story.clone())))
        .unwrap();
    assert_eq!(texts.len(), 3);
    for (id, text, removed, story) in &texts {
        for line in [SIDEBAR, APPEAL, SCRIPT] {
            assert!(!text.contains(line), "{id} still holds {line:?}");
            // The script may go as code before it is known for template.
            assert!(
                removed.iter().any(|r| r.text == line && (r.reason == "template" || line == SCRIPT)),
                "{id}: {line:?} not kept as removed"
            );
        }
        let story = p.store().story(story.as_deref().unwrap()).unwrap().unwrap();
        for s in &story.summary {
            assert!(!s.sentence.contains("pesce azzurro"), "{id}'s story summary holds the sidebar");
        }
    }
    // A fourth report from another outlet with the same sidebar is cleaned as it arrives.
    p.process([report(3, "Termoli Oggi", 12, REPORTS[3], true)], |_| {}).unwrap();
    let a = p.store().article("r3").unwrap().unwrap();
    assert!(!a.text.contains(SIDEBAR) && a.text.contains("Campobasso"), "{}", a.text);
}

#[test]
fn wire_copy_run_on_one_day_by_several_outlets_stays_content() {
    let mut p = Pipeline::in_memory(Config::default()).unwrap();
    let wire = format!("{}\n{}", REPORTS[2], REPORTS[3]);
    let items = ["Primo Piano Molise", "Il Quotidiano di Termoli", "Molise Network"]
        .iter()
        .enumerate()
        .map(|(i, outlet)| report(i, outlet, 9, &format!("{wire}\nA cura della redazione numero {i}."), false));
    p.process(items, |_| {}).unwrap();
    p.store()
        .for_each_article(&mut |a| {
            assert!(a.text.contains("capannone agricolo") && a.text.contains("autobus"), "{}", a.text)
        })
        .unwrap();
}

#[test]
fn reports_joined_only_by_a_shared_sidebar_come_apart_once_it_is_known_for_template() {
    // A site's sidebar of other headlines, longer than its short articles and full of names.
    let sidebar = [
        "Termoli, il sindaco Nicola Di Brino inaugura il nuovo porto turistico con la ministra Carla Fiorentini",
        "Campobasso, la Regione Molise approva il piano sanitario: Donato Toma annuncia tre nuovi ospedali",
        "Larino, i carabinieri arrestano due uomini per la rapina alla banca Popolare delle Province Molisane",
        "Isernia, la Provincia stanzia dieci milioni per la strada statale 17 e la variante di Pesche",
        "Venafro, la fabbrica Lanificio Marzotto assume centoventi operai entro la fine dell'anno",
    ]
    .join("\n");
    let mut p = Pipeline::in_memory(Config { batch_size: 1, ..Config::default() }).unwrap();
    for (i, day) in [(0, 1), (1, 4), (2, 9)] {
        let doc = RawDocument::new(
            format!("s{i}"),
            format!("s{i}.txt"),
            Format::Text,
            Body::Text(format!("{}\n{sidebar}\n", REPORTS[i])),
        )
        .with_outlet(Some("Molise Ventiquattro".into()))
        .with_published(PartialDate::day(2025, 4, day));
        p.process([Ok(Ingested::from(doc))], |_| {}).unwrap();
    }
    let story = |id: &str| p.store().article(id).unwrap().unwrap().story.unwrap();
    assert_ne!(story("s0"), story("s1"), "the council vote and the sausage fair share only the sidebar");
    assert_ne!(story("s1"), story("s2"));
    assert_ne!(story("s0"), story("s2"));
}

#[test]
fn versions_of_one_article_days_apart_keep_their_text() {
    // A page fetched again as it grew: same address, one more paragraph each time.
    let mut p = Pipeline::in_memory(Config { batch_size: 1, ..Config::default() }).unwrap();
    let mut body = REPORTS[0].to_string();
    for (i, day) in [(0, 1), (1, 5), (2, 10)] {
        if i > 0 {
            body.push('\n');
            body.push_str(REPORTS[i]);
        }
        let doc = RawDocument::new(format!("v{i}"), format!("v{i}.txt"), Format::Text, Body::Text(body.clone()))
            .with_url(Some(format!("https://molise.example/larino-bilancio?utm_source=feed{i}")))
            .with_published(PartialDate::day(2025, 4, day));
        p.process([Ok(Ingested::from(doc))], |_| {}).unwrap();
    }
    let first = p.store().article("v0").unwrap().unwrap();
    assert!(first.text.contains("Mirella Colasurdo"), "{:?}", first.removed);
    assert!(!first.removed.iter().any(|r| r.reason == "template"), "{:?}", first.removed);
}

#[test]
fn a_report_a_worker_cleaned_is_cleaned_again_only_when_it_still_holds_a_template_line() {
    use rassegna_pipeline::{Prepared, Templates, analyse_document, stored_templates};
    let mut p = Pipeline::in_memory(Config { batch_size: 1, ..Config::default() }).unwrap();
    for (i, day) in [(0, 1), (1, 4), (2, 9)] {
        p.process([report(i, "Il Corriere del Basso Molise", day, REPORTS[i], true)], |_| {}).unwrap();
    }
    // Two reports with the sidebar, analysed elsewhere: one with the stored templates (the sidebar
    // already known), one with none (before it was known). A mark shows which analysis is stored.
    let worker = |i: usize, body: &str, templates: &Templates| {
        let ing = report(i, "Termoli Oggi", 12 + i as u8, body, true).unwrap();
        let mut article = analyse_document(&ing, templates, Config::default().extraction).unwrap();
        article.title = Some("analysed by a worker".into());
        Ok(Prepared { ingested: ing, article: Some(article) })
    };
    let current = stored_templates(p.store()).unwrap();
    let later = format!("{} Il voto finale è previsto per giovedì.", REPORTS[0]);
    p.process_prepared(vec![worker(3, REPORTS[3], &current), worker(4, &later, &Templates::default())], vec![])
        .unwrap();
    let known = p.store().article("r3").unwrap().unwrap();
    assert_eq!(known.title.as_deref(), Some("analysed by a worker"), "cleaned again for nothing");
    assert!(!known.text.contains(SIDEBAR));
    let stale = p.store().article("r4").unwrap().unwrap();
    assert_ne!(stale.title.as_deref(), Some("analysed by a worker"), "kept with the sidebar");
    assert!(!stale.text.contains(SIDEBAR) && stale.text.contains("giovedì"), "{}", stale.text);
}
