//! One entity per person across the whole store: reports of different stories that name a person
//! differently (with and without given names), a country by its name or its acronym, and two
//! people who share a surname. Runs on SQLite and on PostgreSQL.

use crate::util::{bin, run, stderr, stores};
use std::path::Path;

/// Invented reports of three unrelated events, months apart.
const REPORTS: &str = r#"{"id":"r1","outlet":"Gazzetta del Molo","published":"2025-03-02","title":"Vertice sul grano a Ginevra","text":"Il presidente russo Vladimir Putin ha incontrato ieri a Ginevra i ministri dell'agricoltura di dodici paesi. Vladimir Putin ha promesso nuove forniture di grano entro l'estate. Al vertice sul grano era presente anche la sindaca di Borgoalto, Marta Rinaldi, che ha chiesto aiuti per i mulini della valle."}
{"id":"r2","outlet":"Eco di Riva","published":"2025-03-02","title":"Grano, promesse di Mosca al vertice di Ginevra","text":"Al vertice di Ginevra sul grano il presidente Vladimir Putin ha annunciato forniture straordinarie per l'estate. Marta Rinaldi, sindaca di Borgoalto, ha ricordato che i mulini della valle sono fermi da mesi."}
{"id":"r3","outlet":"Voce del Porto","published":"2025-09-14","title":"Sanzioni sulle navi cisterna","text":"Gli Usa hanno annunciato nuove sanzioni contro le navi cisterna che trasportano petrolio russo. Putin ha risposto che le sanzioni non fermeranno le esportazioni. Il capitano Piero Rinaldi, comandante di una petroliera ferma a Trieste, ha detto che l'equipaggio attende istruzioni da giorni."}
{"id":"r4","outlet":"Corriere di Sorbara","published":"2025-11-20","title":"Accordo sui porti del Mediterraneo","text":"Gli Stati Uniti e l'Italia hanno firmato a Napoli un accordo sulla sicurezza dei porti del Mediterraneo. L'intesa prevede pattugliamenti comuni e uno scambio di dati sulle navi in transito nei porti di Napoli, Genova e Trieste."}
"#;

fn stories_of(db: &Path, entity: &str) -> Vec<String> {
    let out = bin().arg("--db").arg(db).args(["stories", "--entity", entity]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("s-"))
        .map(|l| l.split_whitespace().next().unwrap().to_string())
        .collect()
}

fn correct(db: &Path, args: &[&str]) {
    let out = bin().arg("--db").arg(db).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
}

#[test]
fn a_person_is_one_entity_across_stories_and_corrections_split_and_merge_entities() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("reports.jsonl");
    std::fs::write(&input, REPORTS).unwrap();
    for db in stores("registry", dir.path()) {
        let out = run(&db, &dir.path().join("out"), &[input.to_str().unwrap()]);
        assert!(out.status.success(), "{}", stderr(&out));
        let summit = stories_of(&db, "Marta Rinaldi");
        assert_eq!(summit.len(), 1, "the summit is one story");
        // Two people who share a surname stay two.
        let sanctions = stories_of(&db, "Piero Rinaldi");
        assert_eq!(sanctions.len(), 1);
        assert_ne!(summit, sanctions);
        // "Putin" alone (the sanctions story) and "Vladimir Putin" (the summit) are one person,
        // found by either name in any case.
        let putin = stories_of(&db, "putin");
        assert_eq!(putin.len(), 2, "{putin:?}");
        assert_eq!(stories_of(&db, "VLADIMIR PUTIN"), putin);
        // A country by its name or its short form.
        let usa = stories_of(&db, "usa");
        assert_eq!(usa.len(), 2, "{usa:?}");
        assert_eq!(stories_of(&db, "Stati Uniti"), usa);
        // A listing cut by --limit says so and how to see the rest.
        let out = bin().arg("--db").arg(&db).args(["stories", "--entity", "usa", "--limit", "1"]).output().unwrap();
        let listed = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(listed.contains("1 of 2 stories") && listed.contains("--limit 0"), "{listed}");

        // A user says the bare "Putin" is someone else: the name is fenced off.
        correct(&db, &["split-entity", "Putin"]);
        assert_eq!(stories_of(&db, "Vladimir Putin"), summit);
        assert_eq!(stories_of(&db, "putin"), sanctions);
        // And that the two Rinaldi are one (a made-up case): both names find both stories.
        correct(&db, &["merge-entities", "Marta Rinaldi", "piero rinaldi"]);
        assert_eq!(stories_of(&db, "Piero Rinaldi").len(), 2);
        assert_eq!(stories_of(&db, "Marta Rinaldi").len(), 2);
        // A name no entity has is refused, naming it.
        let out = bin().arg("--db").arg(&db).args(["merge-entities", "Putin", "Nessuno Maiventi"]).output().unwrap();
        assert!(!out.status.success());
        assert!(stderr(&out).contains("Nessuno Maiventi"), "{}", stderr(&out));
    }
}
