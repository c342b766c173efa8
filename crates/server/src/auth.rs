//! Who may write. Reads are open; writes (new documents, corrections) need the server's token as
//! `Authorization: Bearer …` when one is configured, and come only from loopback clients when none
//! is. Writes are also rate-limited per client address.

use crate::AppState;
use crate::problem::Problem;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Writes one client may make per minute (`RASSEGNA_WRITES_PER_MINUTE` overrides).
const WRITES_PER_MINUTE: u32 = 120;

/// The write policy of a server.
pub struct WriteAccess {
    token: Option<String>,
    per_minute: u32,
    /// Per client: the start of its current minute and the writes made in it.
    windows: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl WriteAccess {
    /// Writes need `token` (trimmed; an empty one counts as none).
    pub fn new(token: Option<String>) -> WriteAccess {
        let per_minute = std::env::var("RASSEGNA_WRITES_PER_MINUTE")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|&n| n > 0)
            .unwrap_or(WRITES_PER_MINUTE);
        WriteAccess {
            token: token.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
            per_minute,
            windows: Mutex::new(HashMap::new()),
        }
    }

    /// What the server says at start about writes.
    pub fn describe(&self) -> &'static str {
        if self.token.is_some() {
            "writes need the token (Authorization: Bearer …); reads are open"
        } else {
            "no token configured: writes are accepted from this machine (loopback) only; \
             give --token-file or RASSEGNA_TOKEN to accept them from elsewhere"
        }
    }

    fn check(&self, client: Option<IpAddr>, authorization: Option<&HeaderValue>) -> Result<(), Problem> {
        match &self.token {
            Some(token) => {
                let given = authorization.and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
                if !given.is_some_and(|g| same(g.trim().as_bytes(), token.as_bytes())) {
                    return Err(Problem::typed(
                        StatusCode::UNAUTHORIZED,
                        "unauthorized",
                        "Token required",
                        "writes need `Authorization: Bearer <token>` with the server's token",
                    ));
                }
            }
            // A request with no peer address comes from inside the process (tests).
            None if client.is_some_and(|ip| !ip.is_loopback()) => {
                return Err(Problem::typed(
                    StatusCode::FORBIDDEN,
                    "writes-local-only",
                    "Writes accepted from this machine only",
                    "this server has no token, so it takes writes from loopback clients only; \
                     start it with --token-file to accept authenticated writes from elsewhere",
                ));
            }
            None => {}
        }
        self.admit(client)
    }

    /// Count a write against its client's minute; refuse it past the limit.
    fn admit(&self, client: Option<IpAddr>) -> Result<(), Problem> {
        let Some(ip) = client else { return Ok(()) };
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        }
        let (start, n) = windows.entry(ip).or_insert((now, 0));
        if now.duration_since(*start) >= Duration::from_secs(60) {
            *start = now;
            *n = 0;
        }
        if *n >= self.per_minute {
            let wait = 60 - now.duration_since(*start).as_secs().min(59);
            let mut p = Problem::typed(
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-writes",
                "Too many writes",
                format!("at most {} writes a minute per client; try again in {wait} s", self.per_minute),
            );
            p.retry_after = Some(wait);
            return Err(p);
        }
        *n += 1;
        Ok(())
    }
}

/// Compare without stopping at the first difference, so the time taken tells nothing of the token.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Middleware on the write routes.
pub(crate) async fn writes(State(st): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let client = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    match st.access.check(client, req.headers().get(header::AUTHORIZATION)) {
        Ok(()) => next.run(req).await,
        Err(p) => {
            let unauthorized = p.status == StatusCode::UNAUTHORIZED.as_u16();
            let mut resp = p.into_response();
            if unauthorized {
                resp.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            resp
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bearer(t: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("Bearer {t}")).unwrap()
    }

    #[test]
    fn with_a_token_only_the_token_writes_from_anywhere() {
        let a = WriteAccess::new(Some("s3cret\n".into()));
        let far: IpAddr = "203.0.113.7".parse().unwrap();
        assert!(a.check(Some(far), Some(&bearer("s3cret"))).is_ok());
        assert_eq!(a.check(Some(far), Some(&bearer("s3cre"))).unwrap_err().status, 401);
        assert_eq!(a.check(Some(far), None).unwrap_err().status, 401);
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        assert_eq!(a.check(Some(local), None).unwrap_err().status, 401, "a token binds loopback too");
    }

    #[test]
    fn without_a_token_only_loopback_writes() {
        let a = WriteAccess::new(None);
        assert!(a.check(Some("127.0.0.1".parse().unwrap()), None).is_ok());
        assert!(a.check(Some("::1".parse().unwrap()), None).is_ok());
        assert_eq!(a.check(Some("192.0.2.1".parse().unwrap()), None).unwrap_err().status, 403);
        assert_eq!(
            WriteAccess::new(Some("  ".into())).check(Some("192.0.2.1".parse().unwrap()), None).unwrap_err().status,
            403
        );
    }

    #[test]
    fn writes_past_the_minute_limit_wait() {
        let a = WriteAccess { per_minute: 3, ..WriteAccess::new(None) };
        let ip: IpAddr = "127.0.0.1".parse().unwrap();
        for _ in 0..3 {
            assert!(a.check(Some(ip), None).is_ok());
        }
        let refused = a.check(Some(ip), None).unwrap_err();
        assert_eq!(refused.status, 429);
        assert!(refused.retry_after.is_some_and(|s| (1..=60).contains(&s)));
        assert!(a.check(Some("::1".parse().unwrap()), None).is_ok(), "another client has its own minute");
    }
}
