//! Following sources: feeds, sitemaps and pages polled on their own schedules, each new item's
//! page fetched once, politely, and put through the pipeline in small batches.
//!
//! A *pass* polls the due sources (conditional requests with their validators), reads what they
//! list, keeps the item URLs not met before (canonical URLs, [`canon`]), fetches those pages
//! ([`fetch`]: robots.txt, one request at a time per host, redirects, size cap) and processes
//! them with [`rassegna_pipeline::Pipeline::process`]. Everything a pass learns (each source's
//! validators, schedule and last status; the URLs met; fetch errors) is kept in the store, so a
//! restarted follower fetches nothing that has not changed.
//!
//! *Invariant:* one bad source or page never stops the others: it becomes a fetch error naming
//! its URL, and the source is tried again later. A rerun is idempotent: an item URL already
//! stored (or disallowed) is never fetched again, and a page whose content is stored is skipped.

pub mod canon;
pub mod fetch;
pub mod parse;
pub mod schedule;
pub mod sources;

pub use sources::{SourceError, read_sources};

use fetch::{Answer, FetchConfig, FetchError, Fetcher, Validators};
use parse::{Item, Listing};
use rassegna_ingest::Ingested;
use rassegna_model::{Body, Format, RawDocument};
use rassegna_pipeline::Pipeline;
use rassegna_store::{FollowPass, FollowedSource, SeenUrl, Store};
use reqwest::header;
use schedule::{Bounds, Outcome};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};
use url::Url;

/// How following behaves. The defaults suit a newsroom following a few hundred feeds.
#[derive(Debug, Clone)]
pub struct Config {
    /// How to reach whoever runs this follower (a URL or an e-mail address), named in the
    /// User-Agent so a site's operators can write before they block.
    pub contact: Option<String>,
    /// Fetch addresses on private and loopback networks (refused by default: feeds are written
    /// by others, and could point a fetch at the local network).
    pub allow_private: bool,
    /// Longest wait for one answer, body included.
    pub timeout: Duration,
    /// Largest answer read (after decompression).
    pub max_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Pause between two requests to one host (a robots.txt `Crawl-delay` lengthens it).
    pub host_delay: Duration,
    /// Usual time between polls of a source, and its bounds.
    pub interval: Duration,
    pub min_interval: Duration,
    pub max_interval: Duration,
    /// Pages per pipeline batch.
    pub batch_size: usize,
    /// Requests in flight at once (to different hosts).
    pub workers: usize,
    /// Tries of an item page that keeps failing before it is given up.
    pub page_attempts: u32,
    /// Main-text extraction of fetched pages.
    pub extraction: rassegna_pipeline::Extraction,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            contact: None,
            allow_private: false,
            timeout: Duration::from_secs(20),
            max_bytes: 8 * 1024 * 1024,
            max_redirects: 5,
            host_delay: Duration::from_secs(1),
            interval: Duration::from_secs(15 * 60),
            min_interval: Duration::from_secs(5 * 60),
            max_interval: Duration::from_secs(6 * 3600),
            batch_size: 16,
            workers: 4,
            page_attempts: 3,
            extraction: rassegna_pipeline::Extraction::Accurate,
        }
    }
}

impl Config {
    /// `rassegna/VERSION (+CONTACT)`.
    pub fn user_agent(&self) -> String {
        let v = env!("CARGO_PKG_VERSION");
        match &self.contact {
            Some(c) => format!("rassegna/{v} (news follower; +{c})"),
            None => format!("rassegna/{v} (news follower)"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FollowError {
    #[error(transparent)]
    Store(#[from] rassegna_store::StoreError),
    #[error(transparent)]
    Pipeline(#[from] rassegna_pipeline::PipelineError),
    #[error("cannot start the HTTP client: {0}")]
    Client(#[from] FetchError),
}

pub type Result<T> = std::result::Result<T, FollowError>;

/// How far a pass is, for a progress line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub sources_due: usize,
    pub sources_polled: usize,
    pub pages_queued: usize,
    pub pages_fetched: usize,
    pub new_documents: usize,
    pub stories_touched: usize,
}

/// What one pass did.
#[derive(Debug, Clone, Default)]
pub struct PassReport {
    pub progress: Progress,
    /// Sources that answered 304 or listed nothing new.
    pub unchanged: usize,
    /// Item pages robots.txt disallows (not fetched).
    pub disallowed: usize,
    /// Every failure, each naming its URL.
    pub errors: Vec<rassegna_store::FetchError>,
    pub touched_stories: Vec<String>,
}

/// A follower over one store and a list of sources.
pub struct Follower {
    pipeline: Pipeline,
    /// A second handle on the store, for the follow state (the pipeline owns its own).
    store: Store,
    fetcher: Fetcher,
    cfg: Config,
    sources: Vec<String>,
}

/// A new item found in a source, waiting for its page.
struct Job {
    url: Url,
    source: String,
    outlet: Option<String>,
    item: Item,
    /// Already fetched: a source that is itself a page.
    answer: Option<Answer>,
}

fn now() -> i64 {
    SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

impl Follower {
    /// Follow `sources` (canonical URLs, see [`read_sources`]) into the store at `db`. Sources
    /// not known to the store are added, due at once.
    pub fn open(db: &Path, sources: Vec<String>, cfg: Config) -> Result<Follower> {
        let pipeline = Pipeline::open(
            db,
            rassegna_pipeline::Config { batch_size: cfg.batch_size.max(1), extraction: cfg.extraction },
        )?;
        let mut store = Store::open(db)?;
        let known: HashSet<String> = store.followed_sources()?.into_iter().map(|s| s.url).collect();
        for url in sources.iter().filter(|u| !known.contains(*u)) {
            store.put_followed_source(&FollowedSource {
                url: url.clone(),
                interval_secs: cfg.interval.as_secs(),
                next_poll: now(),
                ..Default::default()
            })?;
        }
        let fetcher = Fetcher::new(FetchConfig {
            user_agent: cfg.user_agent(),
            timeout: cfg.timeout,
            max_bytes: cfg.max_bytes,
            max_redirects: cfg.max_redirects,
            host_delay: cfg.host_delay,
            allow_private: cfg.allow_private,
        })?;
        Ok(Follower { pipeline, store, fetcher, cfg, sources })
    }

    fn bounds(&self) -> Bounds {
        Bounds { usual: self.cfg.interval, min: self.cfg.min_interval, max: self.cfg.max_interval }
    }

    /// The followed sources' state: those given, and the sitemaps their indexes name.
    fn scope(&self) -> Result<Vec<FollowedSource>> {
        let given: HashSet<&String> = self.sources.iter().collect();
        let mut all: Vec<FollowedSource> = self
            .store
            .followed_sources()?
            .into_iter()
            .filter(|s| given.contains(&s.url) || s.parent.as_ref().is_some_and(|p| given.contains(p)))
            .collect();
        let order: HashMap<&String, usize> = self.sources.iter().enumerate().map(|(i, u)| (u, i)).collect();
        let rank =
            |s: &FollowedSource| order.get(&s.url).or_else(|| s.parent.as_ref().and_then(|p| order.get(p))).copied();
        all.sort_by_key(|s| (rank(s), s.parent.is_some(), s.url.clone()));
        Ok(all)
    }

    /// How long until the next source is due (zero when one is).
    pub fn until_next(&self) -> Result<Duration> {
        let t = now();
        Ok(self
            .scope()?
            .iter()
            .map(|s| (s.next_poll - t).max(0) as u64)
            .min()
            .map_or(self.cfg.interval, Duration::from_secs))
    }

    /// One pass: poll the due sources (with `all`, every source that is not waiting out a
    /// failure or a `Retry-After`, as `--once` does), fetch their new items' pages and process
    /// them. `progress` is called as it goes.
    pub fn pass(&mut self, all: bool, progress: &mut dyn FnMut(&Progress)) -> Result<PassReport> {
        let started = now();
        let seq_before = self.store.next_seq()?;
        let mut report = PassReport::default();
        let mut states: Vec<FollowedSource> = self.scope()?;
        let known: HashSet<String> = states.iter().map(|s| s.url.clone()).collect();
        let mut due: Vec<FollowedSource> = states
            .drain(..)
            // With `all`, a source not yet due is asked anyway unless it is waiting out a failure.
            .filter(|s| s.next_poll <= started || (all && s.failures == 0))
            .collect();
        report.progress.sources_due = due.len();
        progress(&report.progress);

        let mut jobs: Vec<Job> = Vec::new();
        // Each polled source with its own hint (`ttl`, `max-age`) for the next interval.
        let mut polled: Vec<(FollowedSource, Option<Duration>)> = Vec::new();
        // Sources already known: a sitemap an index names is added once.
        let mut known_urls = known;
        // Sitemap indexes name sitemaps polled in the same pass; two levels are enough for any site.
        for _round in 0..3 {
            if due.is_empty() {
                break;
            }
            let answers = self.parallel(&due, |f, s| {
                let v = Validators { etag: s.etag.clone(), last_modified: s.last_modified.clone() };
                let url = Url::parse(&s.url).map_err(|e| FetchError::Refused(format!("{}: {e}", s.url)))?;
                f.get(&url, Some(&v))
            });
            let mut next_round = Vec::new();
            for (mut state, answer) in due.drain(..).zip(answers) {
                report.progress.sources_polled += 1;
                let (found, hint) = self.poll_result(&mut state, answer, &mut jobs, &mut report);
                for child in found {
                    if known_urls.insert(child.clone()) {
                        report.progress.sources_due += 1;
                        next_round.push(FollowedSource {
                            url: child,
                            parent: Some(state.url.clone()),
                            interval_secs: self.cfg.interval.as_secs(),
                            next_poll: started,
                            ..Default::default()
                        });
                    }
                }
                polled.push((state, hint));
                progress(&report.progress);
            }
            due = next_round;
        }

        // Items: each canonical URL once, and only those never stored nor disallowed.
        let mut in_pass = HashSet::new();
        let mut fresh = Vec::new();
        for job in jobs {
            if !in_pass.insert(job.url.to_string()) {
                continue;
            }
            match self.store.seen_url(job.url.as_str())? {
                Some(s) if s.status != "failed" || s.attempts >= self.cfg.page_attempts => continue,
                _ => fresh.push(job),
            }
        }
        let fresh = interleave_hosts(fresh);
        report.progress.pages_queued = fresh.len();
        progress(&report.progress);

        let mut new_per_source: HashMap<String, usize> = HashMap::new();
        let mut touched: Vec<String> = Vec::new();
        let mut iter = fresh.into_iter().peekable();
        while iter.peek().is_some() {
            let chunk: Vec<Job> = iter.by_ref().take(self.cfg.batch_size.max(1)).collect();
            self.pages(chunk, &mut report, &mut new_per_source, &mut touched, seq_before)?;
            report.progress.stories_touched = {
                touched.sort();
                touched.dedup();
                touched.len()
            };
            progress(&report.progress);
        }

        let finished = now();
        for (mut s, hint) in polled {
            let new = new_per_source.get(&s.url).copied().unwrap_or(0);
            s.last_new = new;
            s.total_new += new;
            if s.last_error.is_none() {
                self.schedule_success(&mut s, new > 0, hint, finished);
            }
            self.store.put_followed_source(&s)?;
        }
        if !report.errors.is_empty() {
            self.store.add_fetch_errors(&report.errors)?;
        }
        let previous = self.store.follow_pass()?.unwrap_or_default();
        let new_documents = report.progress.new_documents;
        self.store.put_follow_pass(&if new_documents > 0 {
            FollowPass { polled_at: finished, updated_at: Some(finished), new_from_seq: seq_before, new_documents }
        } else {
            FollowPass { polled_at: finished, ..previous }
        })?;
        report.touched_stories = touched;
        tracing::info!(
            polled = report.progress.sources_polled,
            unchanged = report.unchanged,
            pages = report.progress.pages_fetched,
            new = new_documents,
            stories = report.progress.stories_touched,
            errors = report.errors.len(),
            "pass done"
        );
        Ok(report)
    }

    fn parallel<T: Sync, R: Send>(&self, items: &[T], f: impl Fn(&Fetcher, &T) -> R + Sync) -> Vec<R> {
        parallel(&self.fetcher, self.cfg.workers, items, f)
    }

    /// Read one source's answer into its state; its new items become jobs. Returns the sitemaps
    /// an index names, and the source's hint for the next interval.
    fn poll_result(
        &self,
        s: &mut FollowedSource,
        answer: std::result::Result<Answer, FetchError>,
        jobs: &mut Vec<Job>,
        report: &mut PassReport,
    ) -> (Vec<String>, Option<Duration>) {
        let t = now();
        s.last_fetch = Some(t);
        s.last_error = None;
        s.last_new = 0;
        let answer = match answer {
            Ok(a) => a,
            Err(e) => {
                s.last_status = Some(0);
                self.fail(s, e.to_string(), None, report);
                return (vec![], None);
            }
        };
        s.last_status = Some(answer.status);
        let retry = answer.header(header::RETRY_AFTER).and_then(|v| fetch::retry_after(v, SystemTime::now()));
        let mut hint = answer.header(header::CACHE_CONTROL).and_then(fetch::max_age);
        match answer.status {
            304 => {
                report.unchanged += 1;
                s.failures = 0;
                keep_validators(s, &answer);
                return (vec![], hint);
            }
            200..=299 => {}
            429 | 503 => {
                let msg = format!(
                    "HTTP {} (come back {})",
                    answer.status,
                    retry.map_or("later".into(), |r| format!("in {} s", r.as_secs()))
                );
                self.fail(s, msg, retry, report);
                return (vec![], None);
            }
            other => {
                self.fail(s, format!("HTTP {other}"), retry, report);
                return (vec![], None);
            }
        }
        let listing = match parse::read(&answer.body, answer.header(header::CONTENT_TYPE)) {
            Ok(l) => l,
            Err(e) => {
                self.fail(s, e, None, report);
                return (vec![], None);
            }
        };
        keep_validators(s, &answer);
        s.kind = Some(listing.kind().to_string());
        let base = answer.url.clone();
        let mut children = Vec::new();
        let mut found = |items: Vec<Item>, outlet: Option<String>, problems: Vec<String>, report: &mut PassReport| {
            for p in problems {
                report.errors.push(error(&s.url, &s.url, p));
            }
            for item in items {
                match canon::canonical(&item.link, Some(&base)) {
                    Ok(url) => jobs.push(Job {
                        url,
                        source: s.url.clone(),
                        outlet: item.outlet.clone().or_else(|| outlet.clone()),
                        item,
                        answer: None,
                    }),
                    Err(e) => report.errors.push(error(&s.url, &item.link, format!("item link: {e}"))),
                }
            }
        };
        match listing {
            Listing::Feed { title, ttl, items, problems } => {
                s.title = title.clone().or(s.title.take());
                hint = hint.max(ttl);
                found(items, title, problems, report);
            }
            Listing::Sitemap { items, problems } => found(items, None, problems, report),
            Listing::SitemapIndex { sitemaps } => {
                for loc in sitemaps {
                    match canon::canonical(&loc, Some(&base)) {
                        Ok(u) => children.push(u.to_string()),
                        Err(e) => report.errors.push(error(&s.url, &loc, format!("sitemap link: {e}"))),
                    }
                }
            }
            Listing::Page => jobs.push(Job {
                url: Url::parse(&s.url).unwrap_or_else(|_| answer.url.clone()),
                source: s.url.clone(),
                outlet: None,
                item: Item { link: s.url.clone(), ..Item::default() },
                answer: Some(answer),
            }),
        }
        s.failures = 0;
        (children, hint)
    }

    /// A failed poll: recorded, and the source backs off (or waits as told).
    fn fail(&self, s: &mut FollowedSource, message: String, retry: Option<Duration>, report: &mut PassReport) {
        tracing::warn!(source = %s.url, error = %message, "poll failed");
        s.failures += 1;
        let interval = schedule::next_interval(self.bounds(), Outcome::Failed, s.failures, None, retry);
        s.interval_secs = interval.as_secs();
        s.next_poll = now() + interval.as_secs() as i64;
        report.errors.push(error(&s.url, &s.url, message.clone()));
        s.last_error = Some(message);
    }

    /// A poll that answered: the next one comes sooner when it found something new.
    fn schedule_success(&self, s: &mut FollowedSource, changed: bool, hint: Option<Duration>, at: i64) {
        let (outcome, streak) = if changed {
            s.unchanged = 0;
            (Outcome::Changed, 0)
        } else {
            s.unchanged += 1;
            (Outcome::Unchanged, s.unchanged)
        };
        let interval = schedule::next_interval(self.bounds(), outcome, streak, hint, None);
        s.interval_secs = interval.as_secs();
        s.next_poll = at + interval.as_secs() as i64;
    }

    /// Fetch one chunk of item pages, process them as one batch, and record what came of each.
    fn pages(
        &mut self,
        mut chunk: Vec<Job>,
        report: &mut PassReport,
        new_per_source: &mut HashMap<String, usize>,
        touched: &mut Vec<String>,
        seq_before: i64,
    ) -> Result<()> {
        // A page followed as a source came with its answer; the others are fetched now.
        let prefetched: Vec<Option<Answer>> = chunk.iter_mut().map(|j| j.answer.take()).collect();
        let wanted: Vec<&Url> =
            chunk.iter().zip(&prefetched).filter(|(_, p)| p.is_none()).map(|(j, _)| &j.url).collect();
        let mut fetched = self.parallel(&wanted, |f, url| f.get(url, None)).into_iter();
        let answers: Vec<std::result::Result<Answer, FetchError>> = prefetched
            .into_iter()
            .map(|p| match p {
                Some(a) => Ok(a),
                None => fetched.next().expect("one answer per page fetched"),
            })
            .collect();
        let t = now();
        let mut seen = Vec::new();
        let mut docs = Vec::new();
        let mut sources_of_docs = Vec::new();
        for (job, answer) in chunk.into_iter().zip(answers) {
            let attempts = self.store.seen_url(job.url.as_str())?.map_or(0, |s| s.attempts) + 1;
            let mark = |url: &str, status: &str| SeenUrl {
                url: url.to_string(),
                source: job.source.clone(),
                status: status.into(),
                attempts,
                at: t,
            };
            let answer = match answer {
                Ok(a) if (200..300).contains(&a.status) => a,
                Ok(a) => {
                    report.errors.push(error(&job.source, job.url.as_str(), format!("HTTP {}", a.status)));
                    seen.push(mark(job.url.as_str(), "failed"));
                    continue;
                }
                Err(FetchError::Disallowed(by)) => {
                    tracing::info!(url = %job.url, robots = %by, "disallowed by robots.txt");
                    report.disallowed += 1;
                    seen.push(mark(job.url.as_str(), "disallowed"));
                    continue;
                }
                Err(e) => {
                    report.errors.push(error(&job.source, job.url.as_str(), e.to_string()));
                    seen.push(mark(job.url.as_str(), "failed"));
                    continue;
                }
            };
            report.progress.pages_fetched += 1;
            let doc = match page_document(&job, &answer) {
                Ok(d) => d,
                Err(e) => {
                    report.errors.push(error(&job.source, job.url.as_str(), e));
                    seen.push(mark(job.url.as_str(), "failed"));
                    continue;
                }
            };
            seen.push(mark(job.url.as_str(), "stored"));
            if answer.url != job.url {
                seen.push(mark(answer.url.as_str(), "stored"));
            }
            if self.store.id_for_hash(&doc.content_hash)?.is_none() {
                sources_of_docs.push(job.source.clone());
                docs.push(Ok(Ingested::from(doc)));
            }
        }
        if !docs.is_empty() {
            if report.progress.new_documents == 0 {
                // Said before the first batch commits, so a page never shows this pass's stories
                // as older than the last update.
                let t = now();
                let pass = FollowPass { polled_at: t, updated_at: Some(t), new_from_seq: seq_before, new_documents: 0 };
                self.store.put_follow_pass(&pass)?;
            }
            let run = self.pipeline.process(docs, |_| {})?;
            for e in &run.errors {
                report.errors.push(error("", &e.file, e.message.clone()));
            }
            report.progress.new_documents += run.new;
            touched.extend(run.touched_stories);
            for s in sources_of_docs {
                *new_per_source.entry(s).or_default() += 1;
            }
        }
        self.store.put_seen_urls(&seen)?;
        Ok(())
    }

    /// Passes until `stop` is set: each when the next source is due (checked at least every
    /// `tick`). `on_pass` hears about each pass; a pass that fails (the store away) is logged and
    /// tried again.
    pub fn run(&mut self, stop: &AtomicBool, tick: Duration, on_pass: &mut dyn FnMut(&PassReport)) -> Result<()> {
        while !stop.load(Ordering::Relaxed) {
            match self.pass(false, &mut |_| {}) {
                Ok(r) => on_pass(&r),
                Err(e) => tracing::error!(error = %e, "follow pass failed"),
            }
            let mut wait = self.until_next().unwrap_or(tick);
            while !wait.is_zero() && !stop.load(Ordering::Relaxed) {
                let step = wait.min(tick);
                std::thread::sleep(step);
                wait -= step;
            }
        }
        Ok(())
    }
}

/// Run `f` over `items` on up to `workers` threads, keeping the order of the results.
fn parallel<T: Sync, R: Send>(
    fetcher: &Fetcher,
    workers: usize,
    items: &[T],
    f: impl Fn(&Fetcher, &T) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> = items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { return };
                    let r = f(fetcher, item);
                    *results[i].lock().expect("result lock") = Some(r);
                }
            });
        }
    });
    results.into_iter().map(|m| m.into_inner().expect("result lock").expect("every item ran")).collect()
}

fn error(source: &str, url: &str, message: String) -> rassegna_store::FetchError {
    rassegna_store::FetchError { at: now(), source: source.to_string(), url: url.to_string(), message }
}

fn keep_validators(s: &mut FollowedSource, a: &Answer) {
    if let Some(e) = a.header(header::ETAG) {
        s.etag = Some(e.to_string());
    }
    if let Some(lm) = a.header(header::LAST_MODIFIED) {
        s.last_modified = Some(lm.to_string());
    }
}

/// Jobs reordered so that consecutive ones go to different hosts where possible (each host's
/// jobs keep their order): the workers then wait less on one host's turn.
fn interleave_hosts(jobs: Vec<Job>) -> Vec<Job> {
    let mut by_host: BTreeMap<usize, std::collections::VecDeque<Job>> = BTreeMap::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for j in jobs {
        let host = j.url.host_str().unwrap_or_default().to_string();
        let n = first_seen.len();
        let k = *first_seen.entry(host).or_insert(n);
        by_host.entry(k).or_default().push_back(j);
    }
    let mut out = Vec::new();
    while !by_host.is_empty() {
        by_host.retain(|_, q| {
            if let Some(j) = q.pop_front() {
                out.push(j);
            }
            !q.is_empty()
        });
    }
    out
}

/// The document of a fetched item page: the page as HTML (or text), under its URL after
/// redirects, with what the source said of it (title, date, author, outlet) as given metadata.
fn page_document(job: &Job, a: &Answer) -> std::result::Result<RawDocument, String> {
    let ctype = a.header(header::CONTENT_TYPE).unwrap_or("").to_ascii_lowercase();
    let body = if ctype.contains("html") || ctype.contains("xml") || ctype.is_empty() {
        Body::Html(a.body.clone())
    } else if ctype.starts_with("text/") {
        Body::Text(String::from_utf8_lossy(&a.body).into_owned())
    } else {
        return Err(format!("not a page: content type {ctype}"));
    };
    if body.is_empty() {
        return Err("an empty page".into());
    }
    let url = a.url.to_string();
    let mut extra = BTreeMap::new();
    extra.insert("feed".to_string(), job.source.clone());
    if let Some(author) = &job.item.author {
        extra.insert("author".to_string(), author.clone());
    }
    Ok(RawDocument::new(url.clone(), url.clone(), Format::Feed, body)
        .with_url(Some(url))
        .with_title(job.item.title.clone())
        .with_published(job.item.published)
        .with_outlet(job.outlet.clone())
        .with_extra(extra))
}
