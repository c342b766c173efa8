//! One batch: skip known content, run the per-document stages in parallel, the stateful stages in
//! input order, rebuild the touched stories, and commit everything in one transaction.

use crate::{Pipeline, Result, RunReport, TEMPLATES_KEY, Timings, story};
use rassegna_clean::{Extraction, Templates};
use rassegna_ingest::{IngestError, Ingested};
use rassegna_model::{Article, Diagnostic};
use rassegna_store::{Batch, ErrorRecord};
use rassegna_who::KnownNames;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

impl Pipeline {
    pub(crate) fn run_batch(
        &mut self,
        items: Vec<std::result::Result<Ingested, IngestError>>,
        report: &mut RunReport,
    ) -> Result<()> {
        let items = items.into_iter().map(|i| i.map(|ing| Prepared { ingested: ing, article: None })).collect();
        self.run_prepared(items, Vec::new(), report)
    }

    /// One batch of documents, some already analysed elsewhere (a worker): those skip the
    /// per-document stages here. `dequeued` are the store queue entries the batch consumes.
    pub(crate) fn run_prepared(
        &mut self,
        items: Vec<std::result::Result<Prepared, IngestError>>,
        dequeued: Vec<i64>,
        report: &mut RunReport,
    ) -> Result<()> {
        self.catch_up_with_store()?;
        let looked_up = std::time::Instant::now();
        let mut seq = self.store.next_seq()?;
        let mut batch = Batch { dequeued, ..Batch::default() };
        let mut fresh: Vec<(i64, Ingested, Option<Article>)> = Vec::new();
        let mut hashes: HashMap<String, String> = HashMap::new();
        let mut ids: HashSet<String> = HashSet::new();
        for item in items {
            let (mut ing, mut prepared) = match item {
                Ok(p) => (p.ingested, p.article),
                Err(e) => {
                    record_error(&mut batch, report, e);
                    continue;
                }
            };
            let known = match hashes.get(&ing.doc.content_hash) {
                Some(id) => Some(id.clone()),
                None => self.store.id_for_hash(&ing.doc.content_hash)?,
            };
            if let Some(id) = known {
                report.unchanged += 1;
                report.articles.push(id);
                continue;
            }
            if ids.contains(&ing.doc.id) || self.store.has_id(&ing.doc.id)? {
                let mut n = 2;
                let base = ing.doc.id.clone();
                while ids.contains(&format!("{base}~{n}")) || self.store.has_id(&format!("{base}~{n}"))? {
                    n += 1;
                }
                ing.doc.id = format!("{base}~{n}");
                let warning = format!(
                    "{}: id {base:?} is already used by other content; stored as {:?}",
                    ing.doc.source, ing.doc.id
                );
                if let Some(a) = &mut prepared {
                    a.id = ing.doc.id.clone();
                    a.diagnostics.push(Diagnostic::warning(warning.clone()));
                }
                ing.warnings.push(warning);
            }
            hashes.insert(ing.doc.content_hash.clone(), ing.doc.id.clone());
            ids.insert(ing.doc.id.clone());
            report.articles.push(ing.doc.id.clone());
            report.warnings.extend(ing.warnings.iter().cloned());
            fresh.push((seq, ing, prepared));
            seq += 1;
        }

        self.timings.add("lookup", looked_up.elapsed());
        // Lines that recur across reports days apart are template: this batch's reports are
        // cleaned knowing every one learnt from it; stored reports holding one are cleaned again
        // below, and so are reports a worker analysed before it was known.
        let mut again: BTreeSet<String> = BTreeSet::new();
        self.timings.time("templates", || {
            for (_, ing, _) in &fresh {
                again.extend(self.templates.observe(&ing.doc));
            }
        });
        // A report a worker cleaned is cleaned again only when its text still holds such a line:
        // most were cleaned knowing them already (the worker read the stored templates), and
        // cleaning them again here would put per-document work on the stateful stage.
        for (_, ing, prepared) in &mut fresh {
            if again.remove(&ing.doc.id) && prepared.as_ref().is_none_or(|a| self.templates.holds_recurring(&a.text)) {
                *prepared = None;
            }
        }
        let stale = again;
        let (templates, timings, extraction) = (&self.templates, &self.timings, self.config.extraction);
        let analysed: Vec<_> = fresh
            .par_iter_mut()
            .map(|(seq, ing, prepared)| match prepared.take() {
                Some(article) => (*seq, Ok(article)),
                None => (*seq, catch_unwind(AssertUnwindSafe(|| analyse(ing, templates, extraction, timings)))),
            })
            .collect();

        let mut articles: Vec<(i64, Article)> = Vec::with_capacity(analysed.len());
        let mut stored_docs = Vec::with_capacity(fresh.len());
        for ((seq, result), (_, ing, _)) in analysed.into_iter().zip(fresh) {
            match result {
                Ok(article) => {
                    articles.push((seq, article));
                    stored_docs.push((seq, ing.doc));
                }
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    report.articles.retain(|id| id != &ing.doc.id);
                    let e = IngestError::new(
                        ing.doc.source.clone(),
                        None,
                        format!("internal error while processing: {what}"),
                    );
                    record_error(&mut batch, report, e);
                }
            }
        }

        // Stateful stages, in input order.
        // After each article the clusterer looks again at the story it grew (split, merge, storyline
        // relink; see `Clusterer::revise`), so the stories do not depend on where batches end.
        let mut touched = BTreeSet::new();
        let mut revisions = Vec::new();
        for (_, a) in &mut articles {
            // A bare surname an earlier report gave in full ("Berlusconi" after "Silvio
            // Berlusconi") is that person: read again with what the stream taught, here in input
            // order, so the result does not depend on which worker analysed the report.
            read_known(a, &mut self.known, &self.timings);
            a.duplicate_of = self.timings.time("dedup", || self.dedup.add(a));
            let assignment = self.timings.time("cluster", || self.clusterer.assign(a));
            a.story = Some(assignment.story.clone());
            a.storyline = Some(assignment.storyline);
            a.evidence = Some(assignment.evidence);
            touched.insert(assignment.story);
            revisions.extend(self.timings.time("cluster", || self.clusterer.revise()));
        }
        // Articles a revision moved, stored or new, are written with their last story, and the
        // stories they left are rebuilt too.
        let mut position: HashMap<String, usize> =
            articles.iter().enumerate().map(|(i, (_, a))| (a.id.clone(), i)).collect();
        // Stored reports cleaned before a template they hold was learnt: cleaned again, in the
        // same story, which is rebuilt.
        for id in stale {
            // Only a text that still holds such a line changes (most were cut by other rules).
            let Some((seq, mut a)) =
                self.store.article_with_seq(&id)?.filter(|(_, a)| self.templates.holds_recurring(&a.text))
            else {
                continue;
            };
            let Some(doc) = self.store.document(&id)? else { continue };
            self.reclean(&mut a, &doc);
            self.clusterer.reread(&a);
            touched.extend(a.story.clone());
            position.insert(id, articles.len());
            articles.push((seq, a));
        }
        // Stories that held re-cleaned reports are looked at again (a join on a sidebar comes apart).
        revisions.extend(self.timings.time("cluster", || self.clusterer.revise()));
        for r in revisions {
            let i = match position.get(&r.article) {
                Some(&i) => i,
                None => {
                    let Some(stored) = self.store.article_with_seq(&r.article)? else { continue };
                    articles.push(stored);
                    position.insert(r.article.clone(), articles.len() - 1);
                    articles.len() - 1
                }
            };
            let a = &mut articles[i].1;
            touched.extend(a.story.replace(r.story.clone()));
            a.storyline = Some(r.storyline);
            a.evidence = Some(r.evidence);
            touched.insert(r.story);
        }

        let rebuilt =
            self.timings.time("stories", || story::rebuild(&self.store, &touched, articles, &self.timings))?;
        report.new += stored_docs.len();
        // Stories emptied by a merge are gone; the others were created or changed.
        report.touched_stories.extend(rebuilt.stories.iter().map(|s| s.id.clone()));
        batch.documents = stored_docs;
        batch.articles = rebuilt.articles;
        batch.stories = rebuilt.stories;
        batch.storylines = rebuilt.storylines;
        let templates =
            self.timings.time("templates", || serde_json::to_vec(&self.templates).expect("templates serialise"));
        batch.state.push((TEMPLATES_KEY.into(), templates));
        let started = std::time::Instant::now();
        self.commit(&batch)?;
        self.timings.add("store", started.elapsed());
        Ok(())
    }
}

impl Pipeline {
    /// Run the per-document stages on `article`'s document again with the templates known now,
    /// keeping what the stateful stages decided (duplicate, story, storyline, evidence).
    fn reclean(&self, article: &mut Article, doc: &rassegna_model::RawDocument) {
        let ing = Ingested { doc: doc.clone(), warnings: Vec::new() };
        let Ok(mut fresh) =
            catch_unwind(AssertUnwindSafe(|| analyse(&ing, &self.templates, self.config.extraction, &self.timings)))
        else {
            return;
        };
        fresh.duplicate_of = article.duplicate_of.take();
        fresh.story = article.story.take();
        fresh.storyline = article.storyline.take();
        fresh.evidence = article.evidence.take();
        for d in article.diagnostics.drain(..) {
            if !fresh.diagnostics.contains(&d) {
                fresh.diagnostics.push(d);
            }
        }
        *article = fresh;
    }
}

/// A document with its article when a worker already ran the per-document stages on it.
#[derive(Debug)]
pub struct Prepared {
    pub ingested: Ingested,
    pub article: Option<Article>,
}

/// The per-document stages on one document, outside any pipeline (a worker's part): cleaning
/// with `templates` (the stored ones, as last learnt by the stateful stage), language, entities,
/// quotes, time. A panic in a stage becomes an error naming the document.
pub fn analyse_document(
    ing: &Ingested,
    templates: &Templates,
    extraction: Extraction,
) -> std::result::Result<Article, IngestError> {
    let timings = Timings::default();
    catch_unwind(AssertUnwindSafe(|| analyse(ing, templates, extraction, &timings))).map_err(|panic| {
        let what = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        IngestError::new(ing.doc.source.clone(), None, format!("internal error while processing: {what}"))
    })
}

fn record_error(batch: &mut Batch, report: &mut RunReport, e: IngestError) {
    batch.errors.push(ErrorRecord { file: e.file.clone(), line: e.line, message: e.message.clone() });
    report.errors.push(e);
}

/// The per-document stages after cleaning, on an article with clean text and its language decided:
/// a publication date inferred from the text when none is given, entities and quotes, time
/// expressions. `rassegna eval cluster` runs exactly this on its already-extracted texts.
pub fn annotate(a: &mut Article, timings: &Timings) {
    let lang = a.lang.clone();
    if a.published.is_none()
        && let Some((date, evidence)) = rassegna_when::infer_published_with_evidence(&a.text, lang.as_deref())
        && evidence.confidence >= 0.5
    {
        a.published = Some(date);
        a.published_inferred = true;
        a.published_evidence = Some(evidence);
    }
    (a.entities, a.quotes) = timings.time("who", || rassegna_who::annotate(&a.text, lang.as_deref()));
    a.dates = timings.time("when", || rassegna_when::tag(&a.text, lang.as_deref(), a.published));
}

/// The stream's part of the entity stage, in input order: a bare surname an earlier report gave
/// in full is read as that person (the report is read again with [`KnownNames`] only when that
/// could change it), then the report's own persons are learnt. `rassegna eval cluster` and `eval
/// quotes` read their reports through this function; `eval ner` reads every report with the
/// names known, which finds the same names.
pub fn read_known(a: &mut Article, known: &mut KnownNames, timings: &Timings) {
    if known.may_change(&a.text, &a.entities) {
        let lang = a.lang.clone();
        (a.entities, a.quotes) = timings.time("who", || rassegna_who::annotate_known(&a.text, lang.as_deref(), known));
    }
    known.learn(&a.entities);
}

/// The per-document stages: clean, language, publication date, entities and quotes, time expressions.
pub(crate) fn analyse(ing: &Ingested, templates: &Templates, extraction: Extraction, timings: &Timings) -> Article {
    let doc = &ing.doc;
    let cleaned = timings.time("clean", || rassegna_clean::clean_with(doc, templates, extraction));
    let title = doc.title.clone().or(cleaned.title);
    let lang = rassegna_text::language_of(
        doc.lang.as_deref(),
        &format!("{}\n{}", title.as_deref().unwrap_or(""), cleaned.text),
    );
    let mut diagnostics: Vec<Diagnostic> = ing.warnings.iter().map(|w| Diagnostic::warning(w.clone())).collect();
    diagnostics.extend(cleaned.diagnostics);
    if lang.is_none() {
        diagnostics.push(Diagnostic::warning("language not identified"));
    }
    let mut article = Article {
        id: doc.id.clone(),
        source: doc.source.clone(),
        url: doc.url.clone().or(cleaned.url),
        outlet: doc.outlet.clone().or(cleaned.outlet),
        lang,
        published: doc.published.or(cleaned.published),
        published_inferred: false,
        published_evidence: None,
        title,
        text: cleaned.text,
        removed: cleaned.removed,
        metadata: rassegna_model::Metadata { extra: doc.extra.clone(), ..cleaned.metadata },
        duplicate_of: None,
        story: None,
        storyline: None,
        evidence: None,
        entities: Vec::new(),
        quotes: Vec::new(),
        dates: Vec::new(),
        diagnostics,
        content_hash: doc.content_hash.clone(),
    };
    annotate(&mut article, timings);
    article
}
