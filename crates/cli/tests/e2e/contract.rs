//! The batch contract: every format ingested, output valid against docs/schema.json, spans honest.

use crate::util::{article, lines, root, run, stderr};
use std::io::Write;
use std::process::Stdio;

pub fn validator(def: &str) -> jsonschema::Validator {
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("docs/schema.json")).unwrap()).unwrap();
    schema["$ref"] = format!("#/$defs/{def}").into();
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// Every span in an article line must slice its text exactly.
pub fn check_spans(a: &serde_json::Value) {
    let text = a["text"].as_str().unwrap();
    let check = |what: &str, v: &serde_json::Value, surface: &str| {
        let (s, e) = (v["start"].as_u64().unwrap() as usize, v["end"].as_u64().unwrap() as usize);
        assert_eq!(text.get(s..e), Some(surface), "{what} span {s}..{e} in {}", a["id"]);
    };
    for en in a["entities"].as_array().unwrap() {
        for m in en["mentions"].as_array().unwrap() {
            check("entity", m, m["text"].as_str().unwrap());
        }
    }
    for q in a["quotes"].as_array().unwrap() {
        check("quote", q, q["text"].as_str().unwrap());
        if let Some(m) = q.get("speaker_mention").filter(|m| !m.is_null()) {
            check("speaker", m, m["text"].as_str().unwrap());
        }
    }
    for d in a["dates"].as_array().unwrap() {
        check("date", d, d["text"].as_str().unwrap());
    }
    for c in a["published_evidence"]["cues"].as_array().into_iter().flatten() {
        check("publication cue", c, c["text"].as_str().unwrap());
    }
}

#[test]
fn demo_corpus_output_follows_the_schema_and_spans_slice_the_text() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[root().join("corpus/demo").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = lines(&out.join("articles.jsonl"));
    let stories = lines(&out.join("stories.jsonl"));
    assert!(articles.len() >= 40, "{} articles", articles.len());
    let (va, vs) = (validator("article"), validator("story"));
    for a in &articles {
        if let Err(e) = va.validate(a) {
            panic!("article {} breaks the schema: {e}", a["id"]);
        }
        check_spans(a);
    }
    for s in &stories {
        if let Err(e) = vs.validate(s) {
            panic!("story {} breaks the schema: {e}", s["id"]);
        }
        for line in s["summary"].as_array().unwrap() {
            for src in line["sources"].as_array().unwrap() {
                assert!(s["articles"].as_array().unwrap().contains(src), "summary cites an article outside the story");
            }
        }
    }
    // Every article is in exactly one story, and each story lists its articles.
    for a in &articles {
        let sid = a["story"].as_str().expect("every article has a story");
        let holders: Vec<_> = stories.iter().filter(|s| s["articles"].as_array().unwrap().contains(&a["id"])).collect();
        assert_eq!(holders.len(), 1, "{} is in {} stories", a["id"], holders.len());
        assert_eq!(holders[0]["id"], sid);
    }
}

#[test]
fn each_input_format_is_read_with_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("nota.txt"),
        " date 2025-05-02 La giunta di Borgoalto ha approvato il bilancio.\n\nIl sindaco Piero Andreoli ha detto: “È un bilancio che guarda ai giovani”.\n",
    )
    .unwrap();
    std::fs::write(
        inputs.join("pagina.html"),
        r#"<html><head><title>Borgoalto, approvato il bilancio</title><meta property="og:site_name" content="Eco di Borgoalto"></head>
<body><nav>Home | Cronaca | Sport</nav><article><h1>Borgoalto, approvato il bilancio</h1>
<p>La giunta comunale di Borgoalto ha approvato ieri sera il bilancio di previsione con dodici voti favorevoli.</p>
<p>Il sindaco Piero Andreoli ha parlato di un documento che guarda ai giovani e alle scuole del paese.</p></article>
<footer>© Eco di Borgoalto</footer></body></html>"#,
    )
    .unwrap();
    std::fs::write(
        inputs.join("feed.jsonl"),
        r#"{"id":"f1","url":"https://example.org/a","outlet":"Valle Oggi","published":"2025-05-03T08:00:00Z","lang":"it","title":"Bilancio approvato","text":"Il consiglio comunale di Borgoalto ha approvato il bilancio. Andreoli soddisfatto."}"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[inputs.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = lines(&out.join("articles.jsonl"));
    let ids: Vec<_> = articles.iter().map(|a| a["id"].as_str().unwrap()).collect();
    // Directory walk is in name order; input order is kept in the output.
    assert_eq!(ids, ["f1", "nota", "pagina"]);
    let nota = article(&articles, "nota");
    assert_eq!(nota["published"], "2025-05-02");
    assert!(!nota["text"].as_str().unwrap().contains("date 2025"), "the date marker is metadata, not text");
    assert_eq!(nota["lang"], "it");
    let pagina = article(&articles, "pagina");
    let text = pagina["text"].as_str().unwrap();
    assert!(text.contains("dodici voti favorevoli"));
    assert!(!text.contains("Home | Cronaca"), "navigation leaked: {text}");
    let f1 = article(&articles, "f1");
    assert_eq!((f1["outlet"].as_str(), f1["published"].as_str()), (Some("Valle Oggi"), Some("2025-05-03")));
    assert_eq!(f1["url"], "https://example.org/a");
}

#[test]
fn stdin_is_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut child = crate::util::bin()
        .arg("--db")
        .arg(dir.path().join("r.db"))
        .args(["run", "-", "--out"])
        .arg(&out)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"s1\",\"text\":\"Il porto di Lavagnola riapre dopo la mareggiata di ieri notte.\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let articles = lines(&out.join("articles.jsonl"));
    assert_eq!(articles.len(), 1);
    assert_eq!(articles[0]["id"], "s1");
    assert_eq!(articles[0]["source"], "-:1");
}

#[test]
fn fast_extraction_gives_the_same_stories_from_the_html_pages() {
    let dir = tempfile::tempdir().unwrap();
    let html = root().join("corpus/demo/html");
    let mut texts = Vec::new();
    for (name, extra) in [("accurate", None), ("fast", Some("--fast"))] {
        let out = dir.path().join(name);
        let mut args = vec![html.to_str().unwrap()];
        args.extend(extra);
        let o = run(&dir.path().join(format!("{name}.db")), &out, &args);
        assert!(o.status.success(), "{}", stderr(&o));
        let articles = lines(&out.join("articles.jsonl"));
        assert!(!articles.is_empty());
        for a in &articles {
            check_spans(a);
            let words = a["text"].as_str().unwrap().split_whitespace().count();
            assert!(words >= 80, "{name}: {} has {words} words", a["id"]);
        }
        let mut stories: Vec<(String, String)> =
            articles.iter().map(|a| (a["id"].as_str().unwrap().into(), a["story"].as_str().unwrap().into())).collect();
        stories.sort();
        texts.push(stories);
    }
    assert_eq!(texts[0], texts[1], "the same pages group the same way with either extractor");
}
