//! Bad input: each bad document gets one clear error naming its file (and line), the rest of the
//! batch goes on, nothing stored is lost, and the exit code says "completed with errors".

use crate::util::{lines, root, run, stderr};

#[test]
fn the_bad_corpus_completes_with_errors_naming_each_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let out = dir.path().join("out");
    // A good batch first: it must survive the bad one.
    let o = run(&db, &dir.path().join("first"), &[root().join("corpus/demo/text/t01.txt").to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    let bad = root().join("corpus/bad");
    let o = run(&db, &out, &[bad.to_str().unwrap(), bad.join("unknown.xyz").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "exit code 2 means completed with errors\n{}", stderr(&o));
    let err = stderr(&o);
    for expected in [
        "empty.txt: empty document",
        "binary.txt: binary file (PNG image)",
        "malformed.jsonl:3: malformed JSON",
        "malformed.jsonl:5: field `published` must be a string",
        "malformed.jsonl:6: no `text` or `html`",
        "unknown.xyz: unsupported file type",
        "invalid-utf8.txt:",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    let articles = lines(&out.join("articles.jsonl"));
    let mut ids: Vec<_> = articles.iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
    ids.sort();
    assert_eq!(ids, ["invalid-utf8", "m1", "m2", "m3", "ok"]);
    let latin = articles.iter().find(|a| a["id"] == "invalid-utf8").unwrap();
    assert!(latin["text"].as_str().unwrap().contains("più fondi"), "Latin-1 decoded, not mojibake");
    assert!(latin["diagnostics"].to_string().contains("invalid UTF-8"), "the guess is reported on the article");
    let errors = lines(&out.join("errors.jsonl"));
    assert_eq!(errors.len(), 6, "{errors:?}");

    // The earlier batch is intact and the errors are recorded in the store.
    let o = crate::util::bin().arg("--db").arg(&db).arg("errors").output().unwrap();
    let listed = String::from_utf8_lossy(&o.stdout);
    assert!(listed.contains("malformed.jsonl:3"), "{listed}");
    let store = rassegna_store::Store::open(&db).unwrap();
    assert!(store.article("t01").unwrap().is_some());
}

#[test]
fn a_200_mb_file_is_refused_with_one_error_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    std::fs::File::create(&huge).unwrap().set_len(200 * 1024 * 1024).unwrap();
    let good = dir.path().join("good.txt");
    std::fs::write(&good, "Il traghetto per l'isola di Sorbara è ripartito stamattina dopo due giorni di fermo.")
        .unwrap();
    let out = dir.path().join("out");
    let o = run(&dir.path().join("r.db"), &out, &[huge.to_str().unwrap(), good.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("huge.txt: file too large for one document: 209 MB"), "{err}");
    assert_eq!(lines(&out.join("articles.jsonl")).len(), 1);
}

#[test]
fn a_missing_input_is_an_error_but_the_others_are_processed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = run(
        &dir.path().join("r.db"),
        &out,
        &["/nonexistent/report.txt", root().join("corpus/bad/ok.txt").to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/report.txt: no such file or directory"));
    assert_eq!(lines(&out.join("articles.jsonl")).len(), 1);
}
