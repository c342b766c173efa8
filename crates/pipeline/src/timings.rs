//! Time spent per stage, summed over threads, so a user can see where a run's time goes.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Accumulated time per stage name.
#[derive(Debug, Default)]
pub struct Timings {
    spent: Mutex<BTreeMap<&'static str, Duration>>,
}

impl Timings {
    /// Run `f`, adding its duration to `stage`.
    pub fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(stage, start.elapsed());
        out
    }

    /// Add time measured by the caller to `stage`.
    pub fn add(&self, stage: &'static str, took: Duration) {
        *self.spent.lock().unwrap_or_else(|e| e.into_inner()).entry(stage).or_default() += took;
    }

    /// Stages and their total time, longest first.
    pub fn report(&self) -> Vec<(&'static str, Duration)> {
        let mut v: Vec<_> =
            self.spent.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(k, v)| (*k, *v)).collect();
        v.sort_by_key(|b| std::cmp::Reverse(b.1));
        v
    }
}
