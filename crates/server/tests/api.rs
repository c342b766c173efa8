//! Handler tests through the whole router: JSON shapes, problem details on bad input, limits,
//! escaping of hostile report content in the pages, and writes through the pipeline.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use rassegna_server::{AppState, router};
use serde_json::Value;
use tower::ServiceExt;

struct App {
    _dir: tempfile::TempDir,
    router: axum::Router,
}

fn app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = common::build_store(dir.path());
    let state = AppState::open(&db).unwrap();
    App { router: router(state), _dir: dir }
}

async fn send(app: &App, req: Request<Body>) -> (StatusCode, String, String) {
    let resp = app.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let ctype = resp.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = resp.into_body().collect().await.unwrap().to_bytes();
    (status, ctype, String::from_utf8_lossy(&body).into_owned())
}

async fn get(app: &App, uri: &str) -> (StatusCode, String, String) {
    send(app, Request::get(uri).body(Body::empty()).unwrap()).await
}

async fn get_json(app: &App, uri: &str) -> (StatusCode, Value) {
    let (status, ctype, body) = get(app, uri).await;
    assert!(ctype.contains("json"), "{uri}: content type {ctype}");
    (status, serde_json::from_str(&body).unwrap_or_else(|e| panic!("{uri}: {e}: {body}")))
}

async fn post(app: &App, uri: &str, ctype: &str, body: impl Into<Body>) -> (StatusCode, String, String) {
    send(app, Request::post(uri).header(header::CONTENT_TYPE, ctype).body(body.into()).unwrap()).await
}

fn assert_problem(status: StatusCode, ctype: &str, body: &str, expected: StatusCode) -> Value {
    assert_eq!(status, expected, "{body}");
    assert_eq!(ctype, "application/problem+json");
    let v: Value = serde_json::from_str(body).unwrap();
    assert_eq!(v["status"], expected.as_u16());
    for k in ["type", "title", "detail"] {
        assert!(v[k].as_str().is_some_and(|s| !s.is_empty()), "problem lacks {k}: {body}");
    }
    v
}

#[tokio::test]
async fn story_list_is_paged_and_filtered() {
    let app = app();
    let (s, v) = get_json(&app, "/api/stories").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["total"], 2);
    // Newest first.
    assert_eq!(v["stories"][0]["id"], "s-frana");
    assert_eq!(v["stories"][1]["independent_sources"], 3);
    let (_, v) = get_json(&app, "/api/stories?lang=en").await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["stories"][0]["id"], "s-ponte");
    let (_, v) = get_json(&app, "/api/stories?entity=Paolo%20Riva").await;
    assert_eq!(v["stories"][0]["id"], "s-frana");
    let (_, v) = get_json(&app, "/api/stories?to=2025-03").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get_json(&app, "/api/stories?storyline=line-ticino").await;
    assert_eq!(v["total"], 1);
    let (_, v) = get_json(&app, "/api/stories?limit=1&offset=1").await;
    assert_eq!(v["stories"].as_array().unwrap().len(), 1);
    assert_eq!(v["stories"][0]["id"], "s-ponte");
    // Page sizes above the cap are capped, not refused.
    let (s, v) = get_json(&app, "/api/stories?limit=100000").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["limit"], 100);
}

#[tokio::test]
async fn a_story_carries_its_whole_record_and_article_summaries() {
    let app = app();
    let (s, v) = get_json(&app, "/api/stories/s-ponte").await;
    assert_eq!(s, StatusCode::OK);
    let story = &v["story"];
    assert_eq!(story["facts"].as_array().unwrap().len(), 3);
    assert_eq!(story["quote_groups"][0]["speaker"], "Marta Ferri");
    assert_eq!(story["timeline"][0]["date"], "2025-03-03");
    assert_eq!(v["storyline"]["id"], "line-ticino");
    let arts = v["articles"].as_array().unwrap();
    assert_eq!(arts.iter().map(|a| a["id"].as_str().unwrap()).collect::<Vec<_>>(), ["gl-001", "cp-002", "nc-003"]);
    assert!(arts[0]["lead"].as_str().unwrap().starts_with("Il consiglio comunale"));
    assert!(arts[0]["words"].as_u64().unwrap() > 20);
}

#[tokio::test]
async fn a_storyline_carries_its_quote_groups_in_the_api_and_on_its_page() {
    let app = app();
    let (s, v) = get_json(&app, "/api/storylines/line-ticino").await;
    assert_eq!(s, StatusCode::OK);
    let group = &v["storyline"]["quote_groups"][0];
    assert_eq!(group["speaker"], "Marta Ferri");
    let variant = &group["variants"][0];
    assert_eq!((variant["article"].as_str(), variant["story"].as_str()), (Some("gl-001"), Some("s-ponte")));
    assert!(variant["published"].is_string(), "{variant}");
    assert_eq!(v["stories"][0]["id"], "s-ponte");
    let (_, _, b) = get(&app, "/storylines/line-ticino").await;
    for needle in
        ["Le stesse parole in più storie", "«Il ponte sarà pronto entro il 2027»", "storia 1", "/articles/gl-001"]
    {
        assert!(b.contains(needle), "{needle:?} missing from the storyline page");
    }
}

#[tokio::test]
async fn articles_and_entities_by_id() {
    let app = app();
    let (s, v) = get_json(&app, "/api/articles/gl-001").await;
    assert_eq!(s, StatusCode::OK);
    let q = &v["quotes"][0];
    let text = v["text"].as_str().unwrap();
    let (start, end) = (q["start"].as_u64().unwrap() as usize, q["end"].as_u64().unwrap() as usize);
    assert_eq!(&text[start..end], q["text"].as_str().unwrap());

    let (s, v) = get_json(&app, "/api/entities/marta%20ferri").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["name"], "Marta Ferri");
    assert_eq!(v["type"], "PER");
    assert_eq!(v["stories"][0]["id"], "s-ponte");
    let quotes: Vec<&str> = v["quotes"].as_array().unwrap().iter().map(|q| q["text"].as_str().unwrap()).collect();
    assert!(quotes.contains(&"Il ponte sarà pronto entro il 2027"), "{quotes:?}");
    assert!(v["roles"].as_array().unwrap().iter().any(|r| r == "sindaca"));
    assert!(v["aliases"].as_array().unwrap().iter().any(|r| r == "la sindaca"));
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_problems() {
    let app = app();
    for uri in ["/api/stories/nope", "/api/articles/nope", "/api/entities/Nessuno", "/api/storylines/x", "/api/nothing"]
    {
        let (s, c, b) = get(&app, uri).await;
        assert_problem(s, &c, &b, StatusCode::NOT_FOUND);
    }
    let (s, c, b) = send(&app, Request::delete("/api/stories").body(Body::empty()).unwrap()).await;
    assert_problem(s, &c, &b, StatusCode::METHOD_NOT_ALLOWED);
    // Pages get a page, not JSON.
    let (s, c, b) = get(&app, "/stories/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(c.starts_with("text/html") && b.contains("nope"));
}

#[tokio::test]
async fn bad_parameters_are_400_problems() {
    let app = app();
    for uri in [
        "/api/stories?limit=abc",
        "/api/stories?from=ieri",
        "/api/stories?offset=99999999",
        "/api/search?q=ponte&to=2025-13",
        "/api/search?limit=-1",
    ] {
        let (s, c, b) = get(&app, uri).await;
        assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    }
    let long = "a".repeat(501);
    let (s, c, b) = get(&app, &format!("/api/search?q={long}")).await;
    let v = assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    assert_eq!(v["type"], "urn:rassegna:problem:query-too-long");
}

/// A path segment that is not UTF-8 once percent-decoded is rejected by the path extractor: a
/// problem document like every other API error, not axum's plain-text answer (the fuzz test once
/// found `/api/stories/%8A`).
#[tokio::test]
async fn undecodable_path_segments_are_400_problems() {
    let app = app();
    for uri in [
        "/api/stories/%8A",
        "/api/articles/%C3%28",
        "/api/entities/Rossi%FF",
        "/api/storylines/%E2%82",
        "/api/stories/%C0%AF",
    ] {
        let (s, c, b) = get(&app, uri).await;
        let v = assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
        assert_eq!(v["type"], "urn:rassegna:problem:bad-path", "{uri}");
    }
    for uri in ["/api/stories/%8A/split", "/api/articles/%FE%FF/move"] {
        let (s, c, b) = post(&app, uri, "application/json", "{}").await;
        let v = assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
        assert_eq!(v["type"], "urn:rassegna:problem:bad-path", "{uri}");
    }
}

/// Pages answer the same rejections with the site's error page (as their 404), not axum's plain
/// text: `/stories/%8A` is a 400 page.
#[tokio::test]
async fn undecodable_page_paths_and_bad_page_parameters_are_400_pages() {
    let app = app();
    for uri in [
        "/stories/%8A",
        "/articles/%C3%28",
        "/entities/Rossi%FF",
        "/storylines/%E2%82",
        "/?limit=abc",
        "/?from=ieri",
        "/search?offset=-1",
    ] {
        let (s, c, b) = get(&app, uri).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{uri}: {b}");
        assert_eq!(c, "text/html; charset=utf-8", "{uri}");
        assert!(b.contains("<section class=\"error\">") && b.contains("Errore 400"), "{uri}: {b}");
        assert!(b.contains("<title>Richiesta non valida · Rassegna</title>"), "{uri}: {b}");
    }
    let (_, _, b) = get(&app, "/stories/%8A").await;
    assert!(b.contains("Invalid UTF-8"), "the page says what was wrong: {b}");
}

#[tokio::test]
async fn search_finds_stemmed_words_with_snippets_and_stories() {
    let app = app();
    let (s, v) = get_json(&app, "/api/search?q=approvato").await;
    assert_eq!(s, StatusCode::OK);
    let ids: Vec<&str> =
        v["results"]["articles"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["gl-001"]);
    let snip = &v["results"]["articles"][0]["snippet"];
    let frag = snip["fragment"].as_str().unwrap();
    let r = &snip["highlighted"][0];
    assert_eq!(&frag[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize], "approvato");
    assert_eq!(v["stories"][0]["id"], "s-ponte");
    let (_, v) = get_json(&app, "/api/search?q=%22nuovo+ponte%22&lang=it").await;
    assert_eq!(v["results"]["total"], 1);
    let (_, v) = get_json(&app, "/api/search?q=bridge&outlet=northern%20courier").await;
    assert_eq!(v["results"]["articles"][0]["id"], "nc-003");
}

#[tokio::test]
async fn openapi_document_lists_the_endpoints() {
    let app = app();
    let (s, v) = get_json(&app, "/api/openapi.json").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["openapi"].as_str().unwrap().starts_with("3."));
    for p in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/search",
        "/api/documents",
        "/api/articles/{id}/move",
        "/api/sources",
    ] {
        assert!(v["paths"][p].is_object(), "missing {p}");
    }
}

#[tokio::test]
async fn hostile_report_content_is_escaped_in_every_page() {
    let app = app();
    for uri in [
        "/",
        "/stories/s-ponte",
        "/articles/cp-002",
        "/entities/Marta%20Ferri",
        "/search?q=lettore",
        "/storylines/line-ticino",
    ] {
        let (s, c, b) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(c.starts_with("text/html"), "{uri}");
        common::assert_inert(&b, uri);
    }
    let (_, _, b) = get(&app, "/stories/s-ponte").await;
    assert!(b.contains("&#60;script&#62;window.__pwned=1&#60;/script&#62;"), "escaped text is shown");
}

#[tokio::test]
async fn story_page_shows_sources_quotes_conflicts_and_a_timeline_chart() {
    let app = app();
    let (_, _, b) = get(&app, "/stories/s-ponte").await;
    for needle in [
        "Gazzetta del Lago",
        "Northern Courier",
        "3 fonti indipendenti",
        "Marta Ferri",
        "Il ponte sarà pronto entro il 2027",
        "Dove le fonti non concordano",
        "15.000.000 euro",
        "<svg class=\"chart\"",
        "<mark class=\"shared\"",
        "<mark class=\"unique\"",
        "<mark class=\"conflict\"",
        "href=\"#r1\"",
        "/entities/Marta%20Ferri",
    ] {
        assert!(b.contains(needle), "story page lacks {needle:?}");
    }
    // Responses forbid inline script outright.
    let resp = app.router.clone().oneshot(Request::get("/").body(Body::empty()).unwrap()).await.unwrap();
    let csp = resp.headers().get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
    assert!(csp.contains("default-src 'none'"));
}

#[tokio::test]
async fn malformed_and_oversized_bodies_are_problems() {
    let app = app();
    let (s, c, b) = post(&app, "/api/documents", "application/json", "").await;
    assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    let big = vec![b'a'; rassegna_server::MAX_BODY_BYTES + 10];
    let (s, c, b) = post(&app, "/api/documents", "application/x-ndjson", big).await;
    let v = assert_problem(s, &c, &b, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(v["type"], "urn:rassegna:problem:body-too-large");
    let (s, c, b) = post(&app, "/api/stories/s-ponte/split", "application/json", "{not json").await;
    assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    let (s, c, b) = post(&app, "/api/stories/s-ponte/split", "application/json", r#"{"articles": []}"#).await;
    assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    let (s, c, b) = post(&app, "/api/stories/s-ponte/split", "text/plain", r#"{"articles": ["gl-001"]}"#).await;
    assert_problem(s, &c, &b, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (s, c, b) = post(&app, "/api/articles/nope/move", "application/json", r#"{"story": "s-frana"}"#).await;
    assert_problem(s, &c, &b, StatusCode::NOT_FOUND);
    let (s, c, b) = post(&app, "/api/stories/nope/split", "application/json", r#"{"articles": ["x"]}"#).await;
    assert_problem(s, &c, &b, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn posted_documents_are_processed_reported_and_searchable() {
    let app = app();
    // Asked before the post, so a kept answer would hide the new document.
    let (_, v) = get_json(&app, "/api/search?q=risotto").await;
    assert_eq!(v["results"]["total"], 0);
    let (_, v) = get_json(&app, "/api/stories?outlet=Eco+di+Lodi").await;
    let lodi_before = v["total"].as_u64().unwrap();
    let body = concat!(
        r#"{"id": "post-1", "outlet": "Eco di Lodi", "published": "2025-05-02", "lang": "it", "title": "Sagra del risotto a Lodi", "text": "La sagra del risotto è tornata a Lodi con trenta cuochi arrivati da tutta la provincia. Gli organizzatori hanno contato diecimila visitatori nel primo giorno e annunciano una seconda edizione in autunno."}"#,
        "\n",
        "{broken json\n",
    );
    let (s, c, b) = post(&app, "/api/documents", "application/x-ndjson", body).await;
    assert_eq!(s, StatusCode::CREATED, "{c} {b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["new"], 1);
    assert_eq!(v["articles"][0], "post-1");
    assert_eq!(v["errors"][0]["line"], 2, "the bad line is reported with its number: {b}");
    let (s, v) = get_json(&app, "/api/articles/post-1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(v["story"].is_string());
    let (_, v) = get_json(&app, "/api/search?q=risotto").await;
    assert_eq!(v["results"]["articles"][0]["id"], "post-1", "new documents are searchable at once");
    let (_, v) = get_json(&app, "/api/stories?outlet=Eco+di+Lodi").await;
    assert_eq!(v["total"].as_u64().unwrap(), lodi_before + 1, "story counts follow writes at once");
    // The same content again is a no-op.
    let one = body.lines().next().unwrap();
    let (s, _, b) = post(&app, "/api/documents", "application/json", one.to_string()).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let v: Value = serde_json::from_str(&b).unwrap();
    assert_eq!(v["new"], 0);
}

#[tokio::test]
async fn with_a_token_writes_need_it_and_reads_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let db = common::build_store(dir.path());
    let state =
        AppState::open_with(&db, rassegna_server::WriteAccess::new(Some("0123456789abcdef-sekret".into()))).unwrap();
    let app = App { router: router(state), _dir: dir };
    let doc =
        r#"{"id":"tok-1","outlet":"Eco di Riva","text":"Il consiglio comunale di Riva ha approvato il bilancio."}"#;
    let resp = app
        .router
        .clone()
        .oneshot(
            Request::post("/api/documents")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(doc))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(resp.headers().get(header::WWW_AUTHENTICATE).unwrap(), "Bearer");
    let (status, ctype, body) = post(&app, "/api/articles/a1/move", "application/json", r#"{"story":"s2"}"#).await;
    assert_problem(status, &ctype, &body, StatusCode::UNAUTHORIZED);
    let wrong = Request::post("/api/documents")
        .header(header::AUTHORIZATION, "Bearer 0123456789abcdef-sekreT")
        .body(Body::from(doc))
        .unwrap();
    assert_eq!(send(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
    let right = Request::post("/api/documents")
        .header(header::AUTHORIZATION, "Bearer 0123456789abcdef-sekret")
        .body(Body::from(doc))
        .unwrap();
    let (status, _, body) = send(&app, right).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = get_json(&app, "/api/stories").await;
    assert_eq!(status, StatusCode::OK, "reads stay open");
}

#[tokio::test]
async fn counts_of_one_read_in_the_singular() {
    let app = app();
    let (_, stories) = get_json(&app, "/api/stories?limit=100").await;
    let one = stories["stories"].as_array().unwrap().iter().find(|s| s["articles"] == 1).expect("a one-report story");
    let (status, _, front) = get(&app, "/").await;
    assert_eq!(status, StatusCode::OK);
    for wrong in [" 1 resoconti", " 1 fonti", ">1 resoconti", ">1 fonti"] {
        assert!(!front.contains(wrong), "{wrong:?} on the front page");
    }
    let (_, _, page) = get(&app, &format!("/stories/{}", one["id"].as_str().unwrap())).await;
    assert!(page.contains("1 resoconto ·") && page.contains("1 fonte indipendente"), "{page}");
}

/// A store some follower wrote to: a source that failed last time, and a last update from `from`.
fn followed_app(from: i64) -> App {
    let dir = tempfile::tempdir().unwrap();
    let db = common::build_store(dir.path());
    let mut store = rassegna_store::Store::open(&db).unwrap();
    store
        .put_followed_source(&rassegna_store::FollowedSource {
            url: "https://eco.example/rss.xml".into(),
            kind: Some("feed".into()),
            title: Some("Eco <b>del</b> Brenno".into()),
            last_fetch: Some(1_741_082_700),
            last_status: Some(503),
            last_new: 0,
            total_new: 4,
            last_error: Some("HTTP 503 (come back in 3600 s)".into()),
            ..Default::default()
        })
        .unwrap();
    store
        .add_fetch_errors(&[rassegna_store::FetchError {
            at: 1_741_082_700,
            source: "https://eco.example/rss.xml".into(),
            url: "https://eco.example/loop".into(),
            message: "redirect loop: a -> b -> a".into(),
        }])
        .unwrap();
    store
        .put_follow_pass(&rassegna_store::FollowPass {
            polled_at: 1_741_082_700,
            updated_at: Some(1_741_082_000),
            new_from_seq: from,
            new_documents: 2,
        })
        .unwrap();
    drop(store);
    App { router: router(AppState::open(&db).unwrap()), _dir: dir }
}

#[tokio::test]
async fn followed_sources_are_shown_and_new_stories_marked() {
    let app = followed_app(1);
    let (s, _, page) = get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(page.contains("Fonti controllate 4 marzo 2025, 10:05 UTC"), "{page}");
    assert!(page.contains("aggiornato 4 marzo 2025, 09:53 UTC (2 nuovi resoconti)"), "{page}");
    assert_eq!(page.matches(r#"<span class="fresh">nuova</span>"#).count(), 2, "every story is new from report 1");
    assert!(page.contains(r#"type="application/atom+xml""#));

    let (_, _, sources) = get(&app, "/sources").await;
    assert!(sources.contains("https://eco.example/rss.xml") && sources.contains("HTTP 503 (come back in 3600 s)"));
    assert!(sources.contains("Eco &#60;b&#62;del&#60;/b&#62; Brenno"), "escaped: {sources}");
    assert!(sources.contains("redirect loop: a -&#62; b -&#62; a"), "{sources}");
    let (s, v) = get_json(&app, "/api/sources").await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(v["sources"][0]["last_status"], 503);
    assert_eq!(v["pass"]["new_documents"], 2);

    // Nothing new since the last report but one: no story is new, the one that got it grew.
    let later = followed_app(1_000);
    let (_, _, page) = get(&later, "/").await;
    assert!(!page.contains(r#"class="fresh""#), "{page}");
}

#[tokio::test]
async fn story_lists_searches_and_entities_are_atom_feeds() {
    let app = app();
    let req = |uri: &str| Request::get(uri).header(header::HOST, "news.example:8080").body(Body::empty()).unwrap();
    let (s, ctype, feed) = send(&app, req("/?format=atom")).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(ctype, "application/atom+xml; charset=utf-8");
    assert!(feed.starts_with("<?xml") && feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#));
    assert_eq!(feed.matches("<entry>").count(), 2);
    assert!(feed.contains("<id>http://news.example:8080/stories/s-frana</id>"), "{feed}");
    assert!(feed.contains(r#"href="http://news.example:8080/?format=atom""#), "{feed}");
    // A feed reader reads it: two entries, titles unescaped.
    let parsed = feed_rs::parser::parse(feed.as_bytes()).expect("a valid Atom feed");
    assert_eq!(parsed.entries.len(), 2);
    assert!(parsed.entries.iter().all(|e| e.title.is_some() && !e.links.is_empty()));
    let (_, _, feed) = send(&app, req("/?lang=en&format=atom")).await;
    assert_eq!(feed.matches("<entry>").count(), 1);
    assert!(feed.contains("s-ponte") && feed.contains("/?lang=en&#38;format=atom"), "{feed}");
    let (_, _, feed) = send(&app, req("/entities/Paolo%20Riva?format=atom")).await;
    assert!(feed.contains("<title>Paolo Riva · Rassegna</title>") && feed.contains("s-frana"), "{feed}");
    let (s, ctype, feed) = send(&app, req("/search?q=frana&format=atom")).await;
    assert_eq!((s, ctype.as_str()), (StatusCode::OK, "application/atom+xml; charset=utf-8"));
    assert!(feed.contains("/stories/s-frana"), "{feed}");
    let (s, ctype, _) = get(&app, "/?format=rss").await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(ctype.starts_with("text/html"));
}

#[tokio::test]
async fn entity_corrections_merge_and_split_entities() {
    let app = app();
    let (s, c, b) = post(&app, "/api/entities/marta%20ferri/merge", "application/json", r#"{"names": []}"#).await;
    assert_problem(s, &c, &b, StatusCode::BAD_REQUEST);
    let (s, c, b) =
        post(&app, "/api/entities/Marta%20Ferri/merge", "application/json", r#"{"names": ["Nessuno Maiventi"]}"#).await;
    let v = assert_problem(s, &c, &b, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(v["detail"].as_str().unwrap().contains("Nessuno Maiventi"), "{b}");
    // Merged (a made-up case), either name finds one entity with both names and both stories.
    let (s, _, b) =
        post(&app, "/api/entities/marta%20ferri/merge", "application/json", r#"{"names": ["paolo riva"]}"#).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, v) = get_json(&app, "/api/entities/Paolo%20Riva").await;
    let names: Vec<&str> = v["aliases"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(names.contains(&"Paolo Riva") || v["name"] == "Paolo Riva", "{v}");
    assert_eq!(v["stories"].as_array().unwrap().len(), 2, "{v}");
    let (_, w) = get_json(&app, "/api/entities/Marta%20Ferri").await;
    assert_eq!(w["name"], v["name"]);
    // A search filtered by the entity finds the reports naming either of its names.
    let (_, found) = get_json(&app, "/api/search?q=&entity=paolo%20riva").await;
    let (_, marta) = get_json(&app, "/api/search?q=&entity=Marta%20Ferri").await;
    assert_eq!(found["results"]["total"], marta["results"]["total"], "{found}");
    assert_eq!(found["results"]["total"], 4, "{found}");
    // Split off again: each name is its own entity, with its own story.
    let (s, _, b) = post(&app, "/api/entities/Paolo%20Riva/split", "application/json", r#"{}"#).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, v) = get_json(&app, "/api/entities/Paolo%20Riva").await;
    assert_eq!(v["name"], "Paolo Riva");
    assert_eq!(v["stories"].as_array().unwrap().len(), 1, "{v}");
}
