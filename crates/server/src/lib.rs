//! The server: a JSON API under `/api` and server-rendered pages for people, both over the query
//! layer ([`rassegna_query::Facade`]) on the store and its search index.
//!
//! *Boundary:* handlers only parse requests, call the facade (on a blocking thread, since SQLite and
//! tantivy block) and render (pages through their view models, `rassegna_query::views`). Writes (new documents, corrections) go through the pipeline, then the
//! search index is updated for the articles they touched.

mod api;
mod auth;
mod extract;
mod pages;
mod problem;
mod timeline;
mod write;

pub use auth::WriteAccess;
pub use problem::Problem;
pub use write::IngestReport;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use rassegna_query::Facade;
use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};

/// Largest request body accepted (a batch of documents).
pub const MAX_BODY_BYTES: usize = 8 * 1024 * 1024;

/// What every handler shares: the read facade and, opened on first use, the writing pipeline.
pub struct AppState {
    pub facade: Facade,
    writer: Mutex<Option<rassegna_pipeline::Pipeline>>,
    /// Admission to read calls: at most this many run at once, the others wait in arrival order.
    reads: tokio::sync::Semaphore,
    /// Who may write.
    pub access: WriteAccess,
}

impl AppState {
    /// Open the store at `db` and its search index (rebuilt if missing or stale, else caught up),
    /// and follow the store from then on: what any process writes is searchable within about
    /// [`FOLLOW_EVERY`].
    pub fn open(db: &Path) -> Result<Arc<AppState>, rassegna_query::FacadeError> {
        AppState::open_with(db, WriteAccess::new(None))
    }

    /// [`AppState::open`] with a write policy.
    pub fn open_with(db: &Path, access: WriteAccess) -> Result<Arc<AppState>, rassegna_query::FacadeError> {
        let state = Arc::new(AppState {
            facade: Facade::open(db)?,
            writer: Mutex::new(None),
            reads: tokio::sync::Semaphore::new(read_workers()),
            access,
        });
        state.facade.follow()?;
        let weak = Arc::downgrade(&state);
        std::thread::spawn(move || {
            loop {
                std::thread::sleep(FOLLOW_EVERY);
                let Some(state) = weak.upgrade() else { return };
                if let Err(e) = state.facade.follow() {
                    eprintln!("rassegna: following the store: {e}");
                }
            }
        });
        Ok(state)
    }
}

/// How often a server looks for writes made by other processes.
pub const FOLLOW_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// How many read calls run at once: two per core, or `RASSEGNA_READ_WORKERS`. With one thread per
/// request instead, 64 concurrent searches share 2 cores: each takes 32 times its own time and
/// long ones (phrases) make the slowest percentile; admitted in arrival order, each waits its turn
/// and then shares the cores with few others. Two per core rather than one: a read may wait on a
/// page fault or a lock, and the HTTP threads need the cores too (measured: 2 cores, 64 clients,
/// first-time searches at 2, 3, 4, 6 and 8 workers in docs/notes/serve.md).
fn read_workers() -> usize {
    std::env::var("RASSEGNA_READ_WORKERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| 2 * std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// Run a read facade call on a blocking thread once admitted (see [`read_workers`]); errors become
/// problem details.
pub(crate) async fn blocking<T: Send + 'static>(
    st: Arc<AppState>,
    f: impl FnOnce(&AppState) -> rassegna_query::Result<T> + Send + 'static,
) -> Result<T, Problem> {
    let permit = st.reads.acquire().await.map_err(|e| Problem::internal(format!("server closing: {e}")))?;
    let r = run_blocking(Arc::clone(&st), f).await;
    drop(permit);
    r
}

/// Run a write (documents, corrections) on a blocking thread, outside the read admission: a long
/// ingest must not hold a read turn.
pub(crate) async fn blocking_write<T: Send + 'static>(
    st: Arc<AppState>,
    f: impl FnOnce(&AppState) -> rassegna_query::Result<T> + Send + 'static,
) -> Result<T, Problem> {
    run_blocking(st, f).await
}

async fn run_blocking<T: Send + 'static>(
    st: Arc<AppState>,
    f: impl FnOnce(&AppState) -> rassegna_query::Result<T> + Send + 'static,
) -> Result<T, Problem> {
    match tokio::task::spawn_blocking(move || f(&st)).await {
        Ok(r) => r.map_err(Problem::from),
        Err(e) => Err(Problem::internal(format!("request handler failed: {e}"))),
    }
}

/// Security headers on every response: no inline script may run, even if escaping were wrong.
async fn harden(mut resp: Response) -> Response {
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        ),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    resp
}

/// The whole application: API, pages, static files, with body limit and security headers.
pub fn router(state: Arc<AppState>) -> Router {
    Router::new()
        .merge(api::routes(&state))
        .merge(pages::routes())
        .fallback(pages::not_found)
        .method_not_allowed_fallback(pages::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(harden))
        .with_state(state)
}

/// Serve the store at `db` on `addr` until interrupted (blocking).
pub fn serve(db: &Path, addr: SocketAddr, access: WriteAccess) -> anyhow::Result<()> {
    let state = AppState::open_with(db, access)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        // Said on stdout for whoever started the server; a closed stdout must not stop it.
        let mut out = std::io::stdout();
        let _ = writeln!(out, "rassegna: serving on http://{}/", listener.local_addr()?);
        let _ = writeln!(out, "rassegna: {}", state.access.describe());
        let _ = out.flush();
        let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, app).with_graceful_shutdown(shutdown()).await?;
        anyhow::Ok(())
    })
}

async fn shutdown() {
    let _ = tokio::signal::ctrl_c().await;
}
