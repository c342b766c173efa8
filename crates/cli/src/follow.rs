//! `rassegna follow` and `serve --follow`: the options, the progress line on a terminal and
//! structured logs (`tracing`) otherwise.

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rassegna_follow::{Config, Follower, PassReport, Progress};
use std::io::IsTerminal;
use std::path::Path;
use std::time::Duration;

/// How to follow: shared by `follow` and `serve --follow`.
#[derive(clap::Args, Debug, Clone)]
pub struct FollowArgs {
    /// How to reach you (a URL or an e-mail address), named in the User-Agent sent to every site.
    #[arg(long, env = "RASSEGNA_CONTACT")]
    pub contact: Option<String>,
    /// Fetch addresses on private and loopback networks too (refused by default: feeds are
    /// written by others and could point a fetch at your network).
    #[arg(long)]
    pub allow_private: bool,
    /// Usual time between two polls of a source (`90s`, `15m`, `2h`); a feed's `ttl` or
    /// `Cache-Control` may lengthen it, and it doubles while nothing changes (up to `--max-every`).
    #[arg(long, default_value = "15m", value_parser = duration)]
    pub every: Duration,
    /// Shortest time between two polls of a source.
    #[arg(long, default_value = "5m", value_parser = duration)]
    pub min_every: Duration,
    /// Longest time between two polls of a quiet source.
    #[arg(long, default_value = "6h", value_parser = duration)]
    pub max_every: Duration,
    /// Pause between two requests to one host (robots.txt `Crawl-delay` lengthens it).
    #[arg(long, default_value = "1s", value_parser = duration)]
    pub delay: Duration,
    /// Longest wait for one answer.
    #[arg(long, default_value = "20s", value_parser = duration)]
    pub timeout: Duration,
    /// Largest answer read, in bytes.
    #[arg(long, default_value_t = 8 * 1024 * 1024)]
    pub max_bytes: u64,
    /// Faster main-text extraction of the fetched pages (see `run --fast`).
    #[arg(long)]
    pub fast: bool,
    /// Logs as JSON lines (also `RASSEGNA_LOG=json`); the level comes from `RUST_LOG` (default `info`).
    #[arg(long)]
    pub log_json: bool,
}

impl FollowArgs {
    pub fn config(&self) -> Config {
        Config {
            contact: self.contact.clone(),
            allow_private: self.allow_private,
            timeout: self.timeout,
            max_bytes: self.max_bytes,
            host_delay: self.delay,
            interval: self.every,
            min_interval: self.min_every.min(self.every),
            max_interval: self.max_every.max(self.every),
            extraction: if self.fast {
                rassegna_pipeline::Extraction::Fast
            } else {
                rassegna_pipeline::Extraction::Accurate
            },
            ..Config::default()
        }
    }
}

/// `90s`, `15m`, `2h`, `1d`, or plain seconds.
fn duration(s: &str) -> std::result::Result<Duration, String> {
    let s = s.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(s.len()));
    let n: f64 = num.parse().map_err(|_| format!("{s:?} is not a duration such as 90s, 15m or 2h"))?;
    let secs = match unit {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" => n * 60.0,
        "h" => n * 3600.0,
        "d" => n * 86400.0,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (use ms, s, m, h or d)")),
    };
    Ok(Duration::from_secs_f64(secs))
}

/// Structured logs on stderr, once per process: JSON lines on request.
pub fn init_logs(json: bool) {
    let json = json || std::env::var("RASSEGNA_LOG").is_ok_and(|v| v == "json");
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = if json { builder.json().try_init() } else { builder.try_init() };
}

/// The sources named by the arguments, each bad one reported on stderr; an error when none is left.
pub fn sources(args: &[String]) -> Result<(Vec<String>, usize)> {
    let (urls, errors) = rassegna_follow::read_sources(args);
    for e in &errors {
        eprintln!("rassegna: {e}");
    }
    anyhow::ensure!(!urls.is_empty(), "no source to follow in {}", args.join(" "));
    Ok((urls, errors.len()))
}

fn line(p: &Progress) -> String {
    format!(
        "{}/{} sources polled · {}/{} pages fetched · {} new reports · {} stories touched",
        p.sources_polled, p.sources_due, p.pages_fetched, p.pages_queued, p.new_documents, p.stories_touched
    )
}

fn summary(r: &PassReport) -> String {
    format!(
        "{} sources polled ({} unchanged), {} pages fetched, {} new reports, {} stories touched, {} disallowed by robots.txt, {} errors",
        r.progress.sources_polled,
        r.unchanged,
        r.progress.pages_fetched,
        r.progress.new_documents,
        r.progress.stories_touched,
        r.disallowed,
        r.errors.len()
    )
}

/// `rassegna follow`: one pass with `once`, else passes until interrupted. Returns whether
/// everything went without an error.
pub fn follow(db: &Path, args: &[String], f: &FollowArgs, once: bool) -> Result<bool> {
    let terminal = std::io::stderr().is_terminal() && !f.log_json;
    if !terminal {
        init_logs(f.log_json);
    }
    let (urls, bad) = sources(args)?;
    let mut follower = Follower::open(db, urls.clone(), f.config())
        .with_context(|| format!("cannot follow into the store at {}", db.display()))?;
    tracing::info!(sources = urls.len(), store = %db.display(), "following");
    let bar = terminal.then(|| {
        let b = ProgressBar::new_spinner();
        b.set_style(ProgressStyle::with_template("{spinner} [{elapsed_precise}] {msg}").expect("valid template"));
        b.enable_steady_tick(Duration::from_millis(200));
        b
    });
    let mut show = |p: &Progress| {
        if let Some(b) = &bar {
            b.set_message(line(p));
        }
    };
    if once {
        let report = follower.pass(true, &mut show)?;
        if let Some(b) = &bar {
            b.finish_and_clear();
        }
        for e in &report.errors {
            eprintln!("rassegna: {}: {}", e.url, e.message);
        }
        eprintln!("rassegna: {}; store {}", summary(&report), db.display());
        return Ok(report.errors.is_empty() && bad == 0);
    }
    loop {
        let report = follower.pass(false, &mut show)?;
        if let Some(b) = &bar {
            b.println(format!("{}: {}", jiff::Timestamp::now().strftime("%H:%M:%S"), summary(&report)));
        }
        let wait = follower.until_next()?;
        if let Some(b) = &bar {
            b.set_message(format!("next poll in {} s", wait.as_secs()));
        }
        std::thread::sleep(wait.max(Duration::from_secs(1)));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn durations_are_read_with_their_units() {
        let d = |s| super::duration(s).map(|d| d.as_secs_f64());
        assert_eq!(d("90s"), Ok(90.0));
        assert_eq!(d("15m"), Ok(900.0));
        assert_eq!(d("2h"), Ok(7200.0));
        assert_eq!(d("250ms"), Ok(0.25));
        assert_eq!(d("30"), Ok(30.0));
        assert!(d("soon").is_err() && d("3w").unwrap_err().contains("unknown unit"));
    }
}
