//! When a source is polled next: its own hints (RSS `ttl`, `Cache-Control: max-age`,
//! `Retry-After`) and longer intervals while nothing changes or while it fails, within bounds.

use std::time::Duration;

/// The bounds and the usual interval.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    pub usual: Duration,
    pub min: Duration,
    pub max: Duration,
}

/// How a poll went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// New items were found.
    Changed,
    /// Nothing new (a 304, or the same items).
    Unchanged,
    /// No usable answer.
    Failed,
}

/// The interval until the next poll after `streak` polls in a row with this outcome (this one
/// included), given the source's hint (`ttl`, `max-age`, `Retry-After`).
pub fn next_interval(
    b: Bounds,
    outcome: Outcome,
    streak: u32,
    hint: Option<Duration>,
    retry_after: Option<Duration>,
) -> Duration {
    // Doubling per quiet or failed poll, at most six times (×64) before the bounds cap it.
    let doubled = |n: u32| b.usual.saturating_mul(1 << n.min(6));
    let base = match outcome {
        Outcome::Changed => b.usual,
        Outcome::Unchanged | Outcome::Failed => doubled(streak),
    };
    let wanted = base.max(hint.unwrap_or_default()).clamp(b.min, b.max.max(b.min));
    // A server that says when to come back is obeyed even past the upper bound (up to a day).
    match retry_after {
        Some(r) => wanted.max(r.min(Duration::from_secs(24 * 3600))),
        None => wanted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: Bounds =
        Bounds { usual: Duration::from_secs(900), min: Duration::from_secs(300), max: Duration::from_secs(6 * 3600) };

    #[test]
    fn quiet_sources_are_polled_less_often_within_bounds() {
        let s = |n| next_interval(B, Outcome::Unchanged, n, None, None).as_secs();
        assert_eq!((s(0), s(1), s(2), s(4)), (900, 1800, 3600, 14400));
        assert_eq!(s(9), 6 * 3600, "capped at the upper bound");
        assert_eq!(next_interval(B, Outcome::Changed, 0, None, None).as_secs(), 900);
        assert_eq!(next_interval(B, Outcome::Changed, 0, Some(Duration::from_secs(3600)), None).as_secs(), 3600, "ttl");
        assert_eq!(next_interval(B, Outcome::Changed, 0, Some(Duration::from_secs(86400)), None).as_secs(), 6 * 3600);
        let tight = Bounds { usual: Duration::from_secs(10), ..B };
        assert_eq!(next_interval(tight, Outcome::Changed, 0, None, None).as_secs(), 300, "at least the lower bound");
    }

    #[test]
    fn retry_after_is_obeyed() {
        let r = next_interval(B, Outcome::Failed, 1, None, Some(Duration::from_secs(8 * 3600)));
        assert_eq!(r.as_secs(), 8 * 3600);
        let short = next_interval(B, Outcome::Failed, 1, None, Some(Duration::from_secs(60)));
        assert_eq!(short.as_secs(), 1800, "the failure backoff when it is longer");
    }
}
