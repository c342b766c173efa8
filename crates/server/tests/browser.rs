//! The pages in a real headless Chromium: a reader sees the story's sources, a quote with its
//! speaker and the SVG timeline, and a report's injected script never runs. Skips (and says so)
//! when no Chromium is installed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("RASSEGNA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["chromium", "chromium-browser", "google-chrome", "chrome"].iter().find_map(|name| {
        std::env::var_os("PATH")?.to_str()?.split(':').map(|dir| Path::new(dir).join(name)).find(|p| p.is_file())
    })
}

/// Start the server on a free loopback port in a background thread; returns its base URL.
fn start_server(db: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let state = rassegna_server::AppState::open(&db).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, rassegna_server::router(state)).await.unwrap();
        });
    });
    format!("http://{addr}")
}

fn run_chromium(bin: &Path, profile: &Path, extra: &[String], url: &str) -> String {
    let out = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=3000",
            &format!("--user-data-dir={}", profile.display()),
        ])
        .args(extra)
        .arg(url)
        .output()
        .expect("chromium runs");
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn a_reader_sees_the_story_and_injected_script_does_not_run() {
    let Some(bin) = chromium() else {
        eprintln!("SKIPPED: browser test needs Chromium (apt-get install chromium, or set RASSEGNA_CHROMIUM)");
        println!("SKIPPED: chromium not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = common::build_store(dir.path());
    let base = start_server(db);
    let profile = dir.path().join("profile");

    // The DOM after Chromium ran the page: injected markup must be text, no element may carry an
    // event handler, and the marker payload (which would set an attribute and the title) did not run.
    let dom = run_chromium(&bin, &profile, &["--dump-dom".into()], &format!("{base}/stories/s-ponte"));
    assert!(dom.contains("Pavia approva il nuovo ponte sul Ticino"), "story title visible");
    for outlet in ["Gazzetta del Lago", "Northern Courier"] {
        assert!(dom.contains(outlet), "source {outlet} listed");
    }
    assert!(dom.contains("Chi ha detto cosa") && dom.contains("Il ponte sarà pronto entro il 2027"), "quote shown");
    let quotes_section = &dom[dom.find("Chi ha detto cosa").unwrap()..];
    assert!(quotes_section.contains("Marta Ferri"), "the quote's speaker is shown with it");
    assert!(dom.contains("<svg class=\"chart\""), "timeline chart drawn");
    assert!(dom.contains("<circle class=\"dot\""), "timeline has event marks");
    // Injected markup is inert text: the parsed DOM holds no script or img element from it.
    assert!(dom.contains("&lt;script&gt;window.__pwned=1&lt;/script&gt;"), "script shown as text");
    common::assert_inert(&dom, "story page DOM");

    // Search page and entity page render the same content safely.
    let dom = run_chromium(&bin, &profile, &["--dump-dom".into()], &format!("{base}/search?q=lettore"));
    assert!(dom.contains("<mark>lettore</mark>"), "search highlights the word");
    common::assert_inert(&dom, "search page DOM");
    let dom = run_chromium(&bin, &profile, &["--dump-dom".into()], &format!("{base}/entities/Marta%20Ferri"));
    assert!(dom.contains("Il ponte sarà pronto entro il 2027"));
    common::assert_inert(&dom, "entity page DOM");
    let dom = run_chromium(&bin, &profile, &["--dump-dom".into()], &format!("{base}/articles/cp-002"));
    assert!(dom.contains("Un lettore scrive"));
    common::assert_inert(&dom, "article page DOM");

    // A screenshot for a person to look at (kept when RASSEGNA_SCREENSHOT_DIR is set).
    let shots =
        std::env::var("RASSEGNA_SCREENSHOT_DIR").map(PathBuf::from).unwrap_or_else(|_| dir.path().to_path_buf());
    std::fs::create_dir_all(&shots).unwrap();
    for (name, path) in [("story", "/stories/s-ponte"), ("index", "/"), ("search", "/search?q=ponte")] {
        let png = shots.join(format!("{name}.png"));
        run_chromium(
            &bin,
            &profile,
            &[format!("--screenshot={}", png.display()), "--window-size=1280,2200".into(), "--hide-scrollbars".into()],
            &format!("{base}{path}"),
        );
        let bytes = std::fs::read(&png).expect("screenshot written");
        assert!(bytes.starts_with(b"\x89PNG"), "{name}: screenshot is a PNG");
    }
}
