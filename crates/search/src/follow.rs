//! Keeping the index in step with the store, from any process.
//!
//! Every batch the store commits advances its change sequence and stamps the articles it wrote
//! with it. Each index commit records, beside the layout mark, the last change it holds (the
//! *watermark*). Following the store is then: take the writer, read the watermark of the latest
//! commit on disk (another process may have moved it), index the articles changed since, commit
//! with the new watermark. The writer is held only for that: a `rassegna serve`, a `rassegna
//! index` and a CLI write can all follow the same store, one at a time, and none misses a write.

use crate::write::{LAYOUT, WRITER_BYTES};
use crate::{Result, SearchError, SearchIndex};
use rassegna_model::Article;
use rassegna_store::Store;
use std::time::{Duration, Instant};
use tantivy::{IndexWriter, TantivyError};

/// Articles indexed per commit while catching up (bounds the memory of a long catch-up).
const CHUNK: usize = 2_000;

/// How long a writer waits for another process's writer before giving up.
pub const WRITER_WAIT: Duration = Duration::from_secs(20);

/// The commit payload: the layout mark and the last store change the index holds.
pub(crate) fn payload(watermark: i64) -> String {
    format!("{LAYOUT} changes={watermark}")
}

/// The layout mark and the watermark of a commit payload (0 when it records none).
pub(crate) fn parse_payload(payload: &str) -> (&str, i64) {
    match payload.split_once(" changes=") {
        Some((layout, n)) => (layout, n.trim().parse().unwrap_or(0)),
        None => (payload, 0),
    }
}

/// What a catch-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CatchUp {
    /// Articles (re)indexed.
    pub articles: usize,
    /// The store change the index now holds.
    pub watermark: i64,
}

impl SearchIndex {
    /// The last store change this index holds, as of its latest commit on disk.
    pub fn watermark(&self) -> Result<i64> {
        let metas = self.index.load_metas().map_err(|e| self.err(e))?;
        Ok(metas.payload.as_deref().map_or(0, |p| parse_payload(p).1))
    }

    /// Take the index writer with `threads` indexing threads (0: one per core, at most 8),
    /// waiting up to `wait` for another process that holds it.
    pub(crate) fn take_writer(&self, threads: usize, bytes: usize, wait: Duration) -> Result<IndexWriter> {
        let threads =
            if threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()).min(8) } else { threads };
        let started = Instant::now();
        loop {
            match self.index.writer_with_num_threads(threads, bytes) {
                Ok(w) => return Ok(w),
                Err(TantivyError::LockFailure(..)) if started.elapsed() < wait => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Err(TantivyError::LockFailure(..)) => {
                    return Err(SearchError::Busy { path: self.path.clone(), waited: wait });
                }
                Err(e) => return Err(self.err(e)),
            }
        }
    }

    /// Index every article the store changed since this index's watermark, and make it
    /// searchable. Returns at once with nothing done when another process is writing the index
    /// and `wait` passes (it is following the same store; the next call sees its commit).
    pub fn catch_up(&self, store: &Store, wait: Duration) -> Result<CatchUp> {
        let latest = store.change_seq()?;
        // Cheap check first: most calls find nothing to do.
        let mark = self.watermark()?;
        if mark >= latest {
            self.reload()?;
            return Ok(CatchUp { articles: 0, watermark: mark });
        }
        let mut writer = match self.take_writer(1, WRITER_BYTES, wait) {
            Ok(w) => w,
            Err(SearchError::Busy { .. }) => return Ok(CatchUp { articles: 0, watermark: mark }),
            Err(e) => return Err(e),
        };
        // Read again under the writer: another process may have committed meanwhile.
        let mut mark = self.watermark()?;
        let mut done = 0;
        let mut chunk: Vec<Article> = Vec::with_capacity(CHUNK);
        let mut chunk_change = mark;
        let mut failed: Option<SearchError> = None;
        store.articles_changed_since(mark, &mut |change, article| {
            if failed.is_some() {
                return;
            }
            // Commit only whole changes, so the watermark never covers half a batch.
            if change != chunk_change && chunk.len() >= CHUNK {
                match self.write_articles(&mut writer, &chunk, chunk_change) {
                    Ok(()) => {
                        done += chunk.len();
                        mark = chunk_change;
                        chunk.clear();
                    }
                    Err(e) => failed = Some(e),
                }
            }
            chunk_change = change;
            chunk.push(article);
        })?;
        if let Some(e) = failed {
            return Err(e);
        }
        let last = chunk_change.max(latest);
        self.write_articles(&mut writer, &chunk, last)?;
        done += chunk.len();
        mark = last;
        drop(writer);
        self.reload()?;
        Ok(CatchUp { articles: done, watermark: mark })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_round_trips_and_old_payloads_read_as_no_changes() {
        assert_eq!(parse_payload(&payload(42)), (LAYOUT, 42));
        assert_eq!(parse_payload(LAYOUT), (LAYOUT, 0));
    }
}
