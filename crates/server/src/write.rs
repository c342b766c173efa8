//! Writes through the pipeline: documents posted to the API and story corrections, each followed
//! by the query layer catching up with the store, so the answer and every later read agree.

use crate::AppState;
use rassegna_ingest::{IngestError, Input};
use rassegna_pipeline::{Config, Correction, Pipeline, PipelineError};
use rassegna_query::{FacadeError, Result};
use serde::{Deserialize, Serialize};

/// A document that could not be processed, by its line in the request body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyError {
    pub line: Option<usize>,
    pub message: String,
}

/// What a `POST /api/documents` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IngestReport {
    /// Article id of every document read, in body order.
    pub articles: Vec<String>,
    pub new: usize,
    pub unchanged: usize,
    pub errors: Vec<BodyError>,
    pub warnings: Vec<String>,
    /// Stories created or changed.
    pub stories: Vec<String>,
}

fn pipeline_err(e: PipelineError) -> FacadeError {
    match e {
        PipelineError::Correction(m) => FacadeError::Invalid(m),
        other => FacadeError::Pipeline(other.to_string()),
    }
}

/// The body as JSON Lines: a single (possibly pretty-printed) JSON object becomes one line.
fn as_json_lines(body: &[u8]) -> Vec<u8> {
    if let Ok(v @ serde_json::Value::Object(_)) = serde_json::from_slice::<serde_json::Value>(body) {
        let mut line = serde_json::to_vec(&v).unwrap_or_default();
        line.push(b'\n');
        return line;
    }
    body.to_vec()
}

impl AppState {
    fn with_pipeline<T>(&self, f: impl FnOnce(&mut Pipeline) -> Result<T>) -> Result<T> {
        let mut guard = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        if guard.is_none() {
            *guard = Some(Pipeline::open(self.facade.db(), Config::default()).map_err(pipeline_err)?);
        }
        f(guard.as_mut().expect("pipeline just opened"))
    }

    /// Process a request body in the ingest formats (one JSON object, or JSON Lines).
    pub fn ingest(&self, body: &[u8]) -> Result<IngestReport> {
        // Named per request, so the ids derived for documents without one (`post-<stamp>-<line>`)
        // stay distinct across requests.
        let stamp =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_micros()).unwrap_or(0);
        let input = Input::Bytes { name: format!("post-{stamp}.jsonl"), bytes: as_json_lines(body) };
        let items = rassegna_ingest::read(&input);
        let report = self.with_pipeline(|p| p.process(items, |_| {}).map_err(pipeline_err))?;
        self.facade.follow()?;
        let errors = report
            .errors
            .iter()
            .map(|e: &IngestError| BodyError { line: e.line, message: e.message.clone() })
            .collect();
        Ok(IngestReport {
            articles: report.articles,
            new: report.new,
            unchanged: report.unchanged,
            errors,
            warnings: report.warnings,
            stories: report.touched_stories,
        })
    }

    /// Take some articles out of a story into a new one; returns the changed stories, new first.
    pub fn split_story(&self, story: &str, articles: Vec<String>) -> Result<Vec<String>> {
        if self.facade.story(story)?.is_none() {
            return Err(FacadeError::NotFound(format!("no story with id {story:?}")));
        }
        let c = Correction::SplitStory { story: story.to_string(), articles };
        let touched = self.with_pipeline(|p| p.correct(&c).map_err(pipeline_err))?;
        self.facade.follow()?;
        Ok(touched)
    }

    /// Merge entities, or split names off an entity; returns the entities the names now stand for.
    pub fn correct_entities(&self, c: Correction) -> Result<Vec<String>> {
        let entities = self.with_pipeline(|p| p.correct(&c).map_err(pipeline_err))?;
        self.facade.follow()?;
        Ok(entities)
    }

    /// Move an article into another story; returns the changed stories.
    pub fn move_article(&self, article: &str, to_story: &str) -> Result<Vec<String>> {
        if self.facade.article(article)?.is_none() {
            return Err(FacadeError::NotFound(format!("no article with id {article:?}")));
        }
        let c = Correction::MoveArticle { article: article.to_string(), to_story: to_story.to_string() };
        let touched = self.with_pipeline(|p| p.correct(&c).map_err(pipeline_err))?;
        self.facade.follow()?;
        Ok(touched)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pretty_object_becomes_one_line() {
        let body = b"{\n  \"id\": \"a\",\n  \"text\": \"Testo\"\n}\n";
        let out = as_json_lines(body);
        assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
        let lines = b"{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"y\"}\n";
        assert_eq!(as_json_lines(lines), lines.to_vec());
    }
}
