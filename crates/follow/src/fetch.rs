//! Polite HTTP: one request at a time per host with a delay between them, robots.txt honoured,
//! redirects followed by hand (each hop checked, loops and long chains refused), a size cap on
//! every answer, and addresses on private or loopback networks refused unless allowed.

use crate::canon;
use reqwest::header::{self, HeaderMap};
use std::collections::HashMap;
use std::io::Read;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use url::Url;

/// How the fetcher behaves (see `Config` in the crate root for the user-facing defaults).
#[derive(Debug, Clone)]
pub struct FetchConfig {
    pub user_agent: String,
    pub timeout: Duration,
    pub max_bytes: u64,
    pub max_redirects: usize,
    pub host_delay: Duration,
    pub allow_private: bool,
}

/// Why a fetch gave no answer to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("refused: {0}")]
    Refused(String),
    #[error("disallowed by {0}")]
    Disallowed(String),
    #[error("{0}")]
    Network(String),
    #[error("the answer is larger than {0} bytes: not read")]
    TooLarge(u64),
    #[error("redirect loop: {}", .0.join(" -> "))]
    RedirectLoop(Vec<String>),
    #[error("more than {max} redirects: {}", .1.join(" -> "), max = .0)]
    TooManyRedirects(usize, Vec<String>),
    #[error("bad redirect from {0}: {1}")]
    BadRedirect(String, String),
}

/// An answer: the URL it came from after redirects, its status, headers and body.
#[derive(Debug)]
pub struct Answer {
    pub url: Url,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Validators of an earlier answer, sent back so an unchanged resource answers 304.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The shared fetcher: safe to use from several threads.
pub struct Fetcher {
    client: reqwest::blocking::Client,
    cfg: FetchConfig,
    gate: Gate,
    robots: Mutex<HashMap<String, (Instant, Arc<Robots>)>>,
    /// One robots.txt fetch per origin at a time: the others wait for its answer.
    robots_turns: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

/// robots.txt of one origin: rules, or allow-all, or disallow-all.
enum Robots {
    Rules(Box<texting_robots::Robot>),
    AllowAll,
    /// It answered with a server error: nothing is fetched from the origin for a while.
    Unavailable(String),
}

impl Robots {
    /// How long this answer stands before robots.txt is asked again.
    fn trusted_for(&self) -> Duration {
        if matches!(self, Robots::Unavailable(_)) { ROBOTS_RETRY } else { ROBOTS_TTL }
    }
}

/// How long a robots.txt is trusted.
const ROBOTS_TTL: Duration = Duration::from_secs(24 * 3600);
/// How long a robots.txt that answered with a server error keeps the origin closed.
const ROBOTS_RETRY: Duration = Duration::from_secs(10 * 60);
/// The longest `Crawl-delay` honoured.
const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Result<Fetcher, FetchError> {
        let mut b = reqwest::blocking::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .gzip(true)
            .brotli(true);
        if !cfg.allow_private {
            b = b.dns_resolver(Arc::new(PublicOnly));
        }
        let client = b.build().map_err(|e| FetchError::Network(chain(&e)))?;
        Ok(Fetcher {
            client,
            cfg,
            gate: Gate::default(),
            robots: Mutex::new(HashMap::new()),
            robots_turns: Mutex::new(HashMap::new()),
        })
    }

    /// GET `url`, following redirects, after asking its robots.txt; with `validators`, a
    /// conditional request. Any status is an answer; only a failure to get one is an error.
    pub fn get(&self, url: &Url, validators: Option<&Validators>) -> Result<Answer, FetchError> {
        let mut chain = vec![url.to_string()];
        let mut current = url.clone();
        loop {
            self.check_target(&current)?;
            self.check_robots(&current)?;
            let answer = self.send(&current, validators)?;
            if !matches!(answer.status, 301 | 302 | 303 | 307 | 308) {
                return Ok(answer);
            }
            let Some(location) = answer.header(header::LOCATION) else {
                return Err(FetchError::BadRedirect(current.to_string(), "no Location header".into()));
            };
            let next = canon::canonical(location, Some(&current))
                .map_err(|e| FetchError::BadRedirect(current.to_string(), format!("{location:?}: {e}")))?;
            if chain.contains(&next.to_string()) {
                chain.push(next.to_string());
                return Err(FetchError::RedirectLoop(chain));
            }
            chain.push(next.to_string());
            if chain.len() > self.cfg.max_redirects + 1 {
                return Err(FetchError::TooManyRedirects(self.cfg.max_redirects, chain));
            }
            current = next;
        }
    }

    /// Only http(s), and no address literal on a private network unless allowed (host names are
    /// checked when resolved, by [`PublicOnly`]).
    fn check_target(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Refused(format!("{url}: http and https only")));
        }
        if self.cfg.allow_private {
            return Ok(());
        }
        let ip = match url.host() {
            Some(url::Host::Ipv4(a)) => Some(IpAddr::V4(a)),
            Some(url::Host::Ipv6(a)) => Some(IpAddr::V6(a)),
            _ => None,
        };
        match ip {
            Some(ip) if !is_public(ip) => Err(FetchError::Refused(format!(
                "{url}: {ip} is a private or loopback address (--allow-private fetches it)"
            ))),
            _ => Ok(()),
        }
    }

    fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        if url.path() == "/robots.txt" {
            return Ok(());
        }
        let origin = url.origin().ascii_serialization();
        let turn = Arc::clone(self.robots_turns.lock().expect("robots lock").entry(origin.clone()).or_default());
        let _turn = turn.lock().expect("robots turn");
        let cached = self.robots.lock().expect("robots lock").get(&origin).cloned();
        let robots = match cached {
            Some((at, r)) if at.elapsed() < r.trusted_for() => r,
            _ => {
                let r = Arc::new(self.fetch_robots(&origin)?);
                if let Robots::Rules(rules) = &*r
                    && let Some(d) = rules.delay
                {
                    let d = Duration::from_secs_f32(d.max(0.0)).min(MAX_CRAWL_DELAY);
                    self.gate.set_delay(&host_key(url), d.max(self.cfg.host_delay));
                }
                self.robots.lock().expect("robots lock").insert(origin.clone(), (Instant::now(), Arc::clone(&r)));
                r
            }
        };
        let robots_url = format!("{origin}/robots.txt");
        match &*robots {
            Robots::Rules(r) if !r.allowed(url.as_str()) => Err(FetchError::Disallowed(robots_url)),
            // Not a refusal of this URL: it is tried again once robots.txt answers.
            Robots::Unavailable(why) => {
                Err(FetchError::Network(format!("{robots_url} {why}: nothing fetched from {origin} for now")))
            }
            _ => Ok(()),
        }
    }

    /// RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be had
    /// (5xx, no answer) disallows everything until it is tried again: a server error keeps the
    /// origin closed for [`ROBOTS_RETRY`], no answer until the next request. Neither marks an
    /// item as disallowed: they are failures, tried again later.
    /// A refused address stays an error of its own.
    fn fetch_robots(&self, origin: &str) -> Result<Robots, FetchError> {
        let Ok(robots_url) = Url::parse(&format!("{origin}/robots.txt")) else { return Ok(Robots::AllowAll) };
        Ok(match self.get(&robots_url, None) {
            Ok(a) if (200..300).contains(&a.status) => match texting_robots::Robot::new("rassegna", &a.body) {
                Ok(r) => Robots::Rules(Box::new(r)),
                Err(_) => Robots::AllowAll,
            },
            Ok(a) if (400..500).contains(&a.status) => Robots::AllowAll,
            Ok(a) => Robots::Unavailable(format!("answered {}", a.status)),
            Err(e @ FetchError::Refused(_)) => return Err(e),
            // No answer: the origin is unreachable, and the request is reported as such.
            Err(e) => return Err(FetchError::Network(format!("{robots_url}: {e}"))),
        })
    }

    /// One request, in the host's turn, with the body read up to the size cap.
    fn send(&self, url: &Url, validators: Option<&Validators>) -> Result<Answer, FetchError> {
        let _turn = self.gate.enter(&host_key(url), self.cfg.host_delay);
        let mut req = self.client.get(url.as_str());
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(header::IF_MODIFIED_SINCE, lm);
            }
        }
        tracing::debug!(url = %url, conditional = validators.is_some(), "GET");
        let resp = req.send().map_err(|e| network(&e, self.cfg.timeout))?;
        let max = self.cfg.max_bytes;
        if resp.content_length().is_some_and(|n| n > max) {
            return Err(FetchError::TooLarge(max));
        }
        let (status, headers) = (resp.status().as_u16(), resp.headers().clone());
        let mut body = Vec::new();
        resp.take(max + 1).read_to_end(&mut body).map_err(|e| FetchError::Network(read_error(&e, self.cfg.timeout)))?;
        if body.len() as u64 > max {
            return Err(FetchError::TooLarge(max));
        }
        Ok(Answer { url: url.clone(), status, headers, body })
    }
}

/// `host:port`: the unit of politeness.
fn host_key(url: &Url) -> String {
    format!("{}:{}", url.host_str().unwrap_or_default(), url.port_or_known_default().unwrap_or(0))
}

/// A failed request; one our resolver refused is a refusal, not a network failure.
fn network(e: &reqwest::Error, timeout: Duration) -> FetchError {
    if e.is_timeout() {
        return FetchError::Network(format!("no answer within {} s", timeout.as_secs_f32()));
    }
    let m = chain(e);
    match m.find("refused: ") {
        Some(at) if m.contains("--allow-private") => FetchError::Refused(m[at + "refused: ".len()..].to_string()),
        _ => FetchError::Network(m),
    }
}

fn read_error(e: &std::io::Error, timeout: Duration) -> String {
    let text = chain(e);
    if text.contains("timed out") || text.contains("TimedOut") {
        format!("the answer did not arrive within {} s", timeout.as_secs_f32())
    } else {
        format!("reading the answer: {text}")
    }
}

/// An error with its causes, as one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let t = c.to_string();
        if !s.contains(&t) {
            s.push_str(": ");
            s.push_str(&t);
        }
        cause = c.source();
    }
    s
}

/// Whether an address is on the public internet (not loopback, private, link-local, shared or
/// unspecified).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || o[0] == 0
                || (o[0] == 100 && (o[1] & 0xc0) == 64))
        }
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                let first = a.segments()[0];
                !(a.is_loopback() || a.is_unspecified() || (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80)
            }
        },
    }
}

/// A resolver that gives only public addresses: a host name that resolves only to private or
/// loopback ones is refused (checked on the address the connection will use, so a name cannot
/// point a fetch at the local network).
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::task::spawn_blocking({
                let host = host.clone();
                move || (host.as_str(), 0).to_socket_addrs().map(Iterator::collect)
            })
            .await
            .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??;
            let public: Vec<SocketAddr> = found.iter().copied().filter(|a| is_public(a.ip())).collect();
            if public.is_empty() {
                let shown: Vec<String> = found.iter().map(|a| a.ip().to_string()).collect();
                return Err(format!(
                    "refused: {host} resolves to private or loopback addresses only ({}); --allow-private fetches it",
                    shown.join(", ")
                )
                .into());
            }
            Ok(Box::new(public.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// One request at a time per host, and `delay` between the end of one and the start of the next.
#[derive(Default)]
struct Gate {
    hosts: Mutex<HashMap<String, Turn>>,
    changed: Condvar,
}

struct Turn {
    busy: bool,
    next: Instant,
    delay: Option<Duration>,
}

/// A host's turn, held while one request runs; dropping it starts the host's delay.
struct Held<'a> {
    gate: &'a Gate,
    host: String,
    delay: Duration,
}

impl Gate {
    fn enter(&self, host: &str, delay: Duration) -> Held<'_> {
        let mut hosts = self.hosts.lock().expect("gate lock");
        loop {
            let now = Instant::now();
            let t = hosts.entry(host.to_string()).or_insert(Turn { busy: false, next: now, delay: None });
            if !t.busy && t.next <= now {
                t.busy = true;
                let delay = t.delay.unwrap_or(delay);
                return Held { gate: self, host: host.to_string(), delay };
            }
            let wait = if t.busy { Duration::from_millis(200) } else { t.next - now };
            hosts = self.changed.wait_timeout(hosts, wait).expect("gate lock").0;
        }
    }

    /// A host's own delay (its robots.txt `Crawl-delay`).
    fn set_delay(&self, host: &str, delay: Duration) {
        let mut hosts = self.hosts.lock().expect("gate lock");
        let t = hosts.entry(host.to_string()).or_insert(Turn { busy: false, next: Instant::now(), delay: None });
        t.delay = Some(delay);
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut hosts = self.gate.hosts.lock().expect("gate lock");
        if let Some(t) = hosts.get_mut(&self.host) {
            t.busy = false;
            t.next = Instant::now() + self.delay;
        }
        self.gate.changed.notify_all();
    }
}

/// Seconds to wait from a `Retry-After` header (seconds, or an HTTP date).
pub fn retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// `max-age` of a `Cache-Control` header, unless the answer may not be stored.
pub fn max_age(value: &str) -> Option<Duration> {
    let mut age = None;
    for d in value.split(',').map(|d| d.trim().to_ascii_lowercase()) {
        if d == "no-store" || d == "no-cache" {
            return None;
        }
        if let Some(v) = d.strip_prefix("max-age=") {
            age = v.trim_matches('"').parse().ok().map(Duration::from_secs);
        }
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_loopback_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.9",
            "172.20.0.1",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(!is_public(a.parse().unwrap()), "{a}");
        }
        for a in ["93.184.216.34", "2a00:1450:4001::1"] {
            assert!(is_public(a.parse().unwrap()), "{a}");
        }
    }

    #[test]
    fn retry_after_and_cache_control_are_read() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(retry_after("120", now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(90)));
        assert_eq!(retry_after("soon", now), None);
        assert_eq!(max_age("public, max-age=600"), Some(Duration::from_secs(600)));
        assert_eq!(max_age("no-cache, max-age=600"), None);
    }

    #[test]
    fn a_literal_private_address_is_refused_without_allow_private() {
        let cfg = FetchConfig {
            user_agent: "rassegna-test".into(),
            timeout: Duration::from_secs(1),
            max_bytes: 1000,
            max_redirects: 3,
            host_delay: Duration::ZERO,
            allow_private: false,
        };
        let f = Fetcher::new(cfg).unwrap();
        let e = f.get(&Url::parse("http://127.0.0.1:9/feed").unwrap(), None).unwrap_err();
        assert!(matches!(&e, FetchError::Refused(m) if m.contains("--allow-private")), "{e}");
        let e = f.get(&Url::parse("http://localhost:9/feed").unwrap(), None).unwrap_err();
        assert!(matches!(&e, FetchError::Refused(m) if m.contains("private or loopback")), "{e}");
    }
}
