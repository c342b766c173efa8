//! Writing the index: documents from articles, the writer, commits with the layout mark, and
//! the rebuild from the store.

use crate::follow::{WRITER_WAIT, payload};
use crate::{Result, SearchIndex};
use rassegna_model::Article;
use rassegna_store::Store;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tantivy::{IndexWriter, TantivyDocument, Term};

/// Recorded with every commit; an index without it (or with another) is rebuilt. Change it when
/// the way documents are written changes without a schema change.
pub(crate) const LAYOUT: &str = "rassegna-search-5";
/// Empty values between the title and the text in the body field: each moves the text one
/// position further, so no phrase (of up to this many stop words in a row) spans the two.
const TITLE_GAP: usize = 8;
/// Memory budget of the index writer.
pub(crate) const WRITER_BYTES: usize = 64_000_000;

/// What a rebuild did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    pub articles: usize,
    pub millis: u128,
}

impl SearchIndex {
    /// Add or replace articles (by id) and make them searchable. The watermark stays as it was:
    /// these articles are not a store change (tests and benchmarks fill an index this way).
    pub fn index_articles(&self, articles: &[Article]) -> Result<usize> {
        let mark = self.watermark()?;
        let mut writer = self.take_writer(1, WRITER_BYTES, WRITER_WAIT)?;
        self.write_articles(&mut writer, articles, mark)?;
        drop(writer);
        self.reload()?;
        Ok(articles.len())
    }

    /// Replace the articles' documents (by id) and commit with `watermark`.
    pub(crate) fn write_articles(&self, writer: &mut IndexWriter, articles: &[Article], watermark: i64) -> Result<()> {
        for a in articles {
            writer.delete_term(Term::from_field_text(self.fields.id, &a.id));
            writer.add_document(self.document(a)).map_err(|e| self.err(e))?;
        }
        commit(writer, watermark).map_err(|e| self.err(e))
    }

    /// Make the latest commit on disk searchable (another process may have made it).
    pub fn reload(&self) -> Result<()> {
        self.reader.reload().map_err(|e| self.err(e))
    }

    fn document(&self, a: &Article) -> TantivyDocument {
        let f = &self.fields;
        let mut doc = TantivyDocument::new();
        doc.add_text(f.id, &a.id);
        if let Some(s) = &a.story {
            doc.add_text(f.story, s);
        }
        if let Some(o) = &a.outlet {
            doc.add_text(f.outlet, o);
        }
        if let Some(l) = &a.lang {
            doc.add_text(f.lang, l);
        }
        for e in &a.entities {
            doc.add_text(f.entity, &e.name);
        }
        if let Some(p) = a.published {
            doc.add_i64(f.day, p.days_since_epoch());
            doc.add_text(f.published, p.to_string());
        }
        let (l, tf, bf) = self.lang_fields(a.lang.as_deref());
        let pf = self.pair_field(l);
        if let Some(t) = &a.title {
            doc.add_text(f.title, t);
            doc.add_text(tf, t);
            doc.add_text(bf, t);
            for _ in 0..TITLE_GAP {
                doc.add_text(bf, "");
            }
            doc.add_text(pf, t);
        }
        doc.add_text(f.text, &a.text);
        doc.add_text(bf, &a.text);
        doc.add_text(pf, &a.text);
        doc
    }
}

/// Commit with the layout mark and the last store change the index holds.
fn commit(writer: &mut IndexWriter, watermark: i64) -> tantivy::Result<()> {
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload(watermark));
    prepared.commit()?;
    Ok(())
}

/// Recreate the index in `dir` from every article in the store.
pub fn rebuild(store: &Store, dir: &Path) -> Result<Stats> {
    rebuild_into(&SearchIndex::open(dir)?, store)
}

/// Replace everything `index` holds with every article in the store, in one commit: searches see
/// the old index until the new one is complete. Waits for another process's writer (a server
/// catching up) up to [`WRITER_WAIT`].
pub fn rebuild_into(index: &SearchIndex, store: &Store) -> Result<Stats> {
    let started = std::time::Instant::now();
    let mut writer = index.take_writer(0, WRITER_BYTES * 2, WRITER_WAIT)?;
    // Read before the articles: a batch committed meanwhile has a later change, which the next
    // catch-up indexes again (replacing by id is idempotent).
    let watermark = store.change_seq()?;
    writer.delete_all_documents().map_err(|e| index.err(e))?;
    let mut batch = Vec::with_capacity(1024);
    let mut n = 0;
    let mut failed = None;
    store.for_each_article(&mut |a| {
        if failed.is_some() {
            return;
        }
        batch.push(index.document(&a));
        n += 1;
        if batch.len() == batch.capacity() {
            for d in batch.drain(..) {
                if let Err(e) = writer.add_document(d) {
                    failed = Some(e);
                    return;
                }
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(index.err(e));
    }
    for d in batch.drain(..) {
        writer.add_document(d).map_err(|e| index.err(e))?;
    }
    commit(&mut writer, watermark).map_err(|e| index.err(e))?;
    // One segment: each query term is looked up, and each query's scorers and collectors set
    // up, once instead of once per segment the writer's threads left (six for 100,000 reports).
    let segments = index.index.searchable_segment_ids().map_err(|e| index.err(e))?;
    if segments.len() > 1 {
        writer.merge(&segments).wait().map_err(|e| index.err(e))?;
        writer.garbage_collect_files().wait().map_err(|e| index.err(e))?;
    }
    drop(writer);
    index.reload()?;
    Ok(Stats { articles: n, millis: started.elapsed().as_millis() })
}
