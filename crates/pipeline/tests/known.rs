//! A surname an earlier report gave in full is read as that person in a later report that gives it
//! bare, whichever batch or worker analysed the later one.

use rassegna_ingest::Ingested;
use rassegna_model::{Body, EntityType, Format, PartialDate, RawDocument};
use rassegna_pipeline::{Config, Pipeline};

fn report(i: usize, day: u8, body: &str) -> Result<Ingested, rassegna_ingest::IngestError> {
    let doc = RawDocument::new(format!("r{i}"), format!("r{i}.txt"), Format::Text, Body::Text(format!("{body}\n")))
        .with_outlet(Some("Gazzetta di Valsorda".into()))
        .with_published(PartialDate::day(2025, 4, day));
    Ok(Ingested::from(doc))
}

#[test]
fn a_bare_surname_named_in_full_by_an_earlier_report_is_that_person() {
    let first = "Il ministro Ottavio Brancazzi ha inaugurato a Larino il nuovo ponte sul Biferno, \
                 costato dodici milioni di euro e atteso da vent'anni dai pendolari della zona.";
    let later = "Il vertice sulla sanità regionale è finito tardi e Brancazzi ha infine ventilato \
                 la possibilità di un rimpasto della giunta prima dell'estate.";
    for batch_size in [1, 2] {
        let mut p = Pipeline::in_memory(Config { batch_size, ..Config::default() }).unwrap();
        p.process([report(0, 1, first), report(1, 9, later)], |_| {}).unwrap();
        let stored = p.store().article("r1").unwrap().expect("stored");
        assert!(
            stored.entities.iter().any(|e| e.kind == EntityType::Person && e.name.contains("Brancazzi")),
            "batch size {batch_size}: {:?}",
            stored.entities
        );
    }
    // Alone, the later report says nothing of who Brancazzi is.
    let mut p = Pipeline::in_memory(Config::default()).unwrap();
    p.process([report(1, 9, later)], |_| {}).unwrap();
    let stored = p.store().article("r1").unwrap().expect("stored");
    assert!(!stored.entities.iter().any(|e| e.name.contains("Brancazzi")), "{:?}", stored.entities);
}

#[test]
fn what_the_stream_taught_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("rassegna-known-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("store.db");
    let first = "Il ministro Ottavio Brancazzi ha inaugurato a Larino il nuovo ponte sul Biferno, \
                 costato dodici milioni di euro e atteso da vent'anni dai pendolari della zona.";
    let later = "Il vertice sulla sanità regionale è finito tardi e Brancazzi ha infine ventilato \
                 la possibilità di un rimpasto della giunta prima dell'estate.";
    {
        let mut p = Pipeline::open(&db, Config::default()).unwrap();
        p.process([report(0, 1, first)], |_| {}).unwrap();
    }
    let mut p = Pipeline::open(&db, Config::default()).unwrap();
    p.process([report(1, 9, later)], |_| {}).unwrap();
    let stored = p.store().article("r1").unwrap().expect("stored");
    assert!(stored.entities.iter().any(|e| e.kind == EntityType::Person), "{:?}", stored.entities);
    drop(p);
    std::fs::remove_dir_all(&dir).ok();
}
