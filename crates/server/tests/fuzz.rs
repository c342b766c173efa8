//! Random paths, query strings and bodies never panic the server and never get a 5xx answer; every
//! API error is a problem document, every other one an HTML page.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, header};
use http_body_util::BodyExt;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use rassegna_server::{AppState, router};
use tower::ServiceExt;

fn path_strategy() -> impl Strategy<Value = String> {
    let prefixes = prop::sample::select(vec![
        "/",
        "/api/",
        "/api/stories",
        "/api/stories/",
        "/api/articles/",
        "/api/entities/",
        "/api/search",
        "/api/storylines/",
        "/stories/",
        "/articles/",
        "/entities/",
        "/search",
        "/storylines/",
        "/static/",
    ]);
    // Printable noise plus characters that often break routers: %, ?, #, /, quotes, NUL escapes.
    let tail = "[a-zA-Z0-9%/?&=#\"'<>. _~-]{0,40}";
    (prefixes, tail).prop_map(|(p, t)| format!("{p}{t}"))
}

fn query_strategy() -> impl Strategy<Value = String> {
    let keys = prop::sample::select(vec![
        "q",
        "from",
        "to",
        "outlet",
        "lang",
        "entity",
        "story",
        "storyline",
        "offset",
        "limit",
        "x",
    ]);
    let value = "[a-zA-Z0-9%+\"*:()~^ -]{0,30}";
    prop::collection::vec((keys, value), 0..5).prop_map(|kv| {
        kv.into_iter().map(|(k, v)| format!("{k}={}", v.replace(' ', "+"))).collect::<Vec<_>>().join("&")
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        // 96 by default; `PROPTEST_CASES` for a long run (a value in code would otherwise win).
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(96),
        // Committed on purpose: a failing case lands in tests/fuzz.proptest-regressions, re-run first forever.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_requests_never_fail_the_server(
        path in path_strategy(),
        query in query_strategy(),
        method in prop::sample::select(vec![Method::GET, Method::POST, Method::PUT, Method::DELETE]),
        body in prop::collection::vec(any::<u8>(), 0..300),
        json_type in any::<bool>(),
    ) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let state = STATE.clone();
        let uri = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
        // Some generated strings are not valid URIs at all; the HTTP layer rejects those before us.
        let Ok(req) = Request::builder()
            .method(method.clone())
            .uri(&uri)
            .header(header::CONTENT_TYPE, if json_type { "application/json" } else { "application/x-ndjson" })
            .body(Body::from(body))
        else {
            return Ok(());
        };
        let (status, ctype, text) = rt.block_on(async {
            let resp = router(state).oneshot(req).await.unwrap();
            let status = resp.status();
            let ctype = resp.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("").to_string()).unwrap_or_default();
            let bytes = resp.into_body().collect().await.unwrap().to_bytes();
            (status, ctype, String::from_utf8_lossy(&bytes).into_owned())
        });
        prop_assert!(status.as_u16() < 500, "{method} {uri} -> {status}: {text}");
        if status.is_client_error() && path.starts_with("/api/") {
            prop_assert_eq!(ctype.as_str(), "application/problem+json", "{} {} -> {}", method, uri, status);
        } else if status.is_client_error() && !path.starts_with("/api") {
            prop_assert_eq!(ctype.as_str(), "text/html; charset=utf-8", "{} {} -> {}", method, uri, status);
        }
    }
}

// One store for every case: building it per case would make the test slow for no gain.
static FIXTURE: std::sync::LazyLock<tempfile::TempDir> = std::sync::LazyLock::new(|| {
    let dir = tempfile::tempdir().unwrap();
    common::build_store(dir.path());
    dir
});

static STATE: std::sync::LazyLock<std::sync::Arc<AppState>> =
    std::sync::LazyLock::new(|| AppState::open(&FIXTURE.path().join("news.db")).unwrap());
