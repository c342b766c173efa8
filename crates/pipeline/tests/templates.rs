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
            // A line of script is cut as code before any template is learnt (it is debris on any page).
            let reason = if line == SCRIPT { "code" } else { "template" };
            assert!(
                removed.iter().any(|r| r.text == line && r.reason == reason),
                "{id}: {line:?} not kept as removed ({reason})"
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
