//! The HTTP JSON API under `/api`: thin handlers over the facade, errors as problem details.

use crate::extract::{ApiPath, ApiQuery};
use crate::problem::Problem;
use crate::{AppState, blocking, blocking_write};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::{BytesRejection, JsonRejection};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rassegna_model::{Story, Storyline};
use rassegna_pipeline::Correction;
use rassegna_query::{ArticleSummary, MAX_PAGE};
use rassegna_search::SearchQuery;
use rassegna_store::StoryFilter;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 500;
/// Deepest offset a list may be paged to (deeper paging costs the server more than it helps).
pub const MAX_OFFSET: usize = 10_000;
/// Longest filter value (outlet, entity, dates, ids), in characters.
const MAX_PARAM_CHARS: usize = 200;

const OPENAPI: &str = include_str!("openapi.json");

pub(crate) fn routes(state: &Arc<AppState>) -> Router<Arc<AppState>> {
    // Writes pass the write policy first (token, loopback, rate: see `auth`).
    let writes = Router::new()
        .route("/api/stories/{id}/split", post(split_story))
        .route("/api/articles/{id}/move", post(move_article))
        .route("/api/entities/{name}/merge", post(merge_entities))
        .route("/api/entities/{name}/split", post(split_entity))
        .route("/api/documents", post(post_documents))
        .route_layer(axum::middleware::from_fn_with_state(Arc::clone(state), crate::auth::writes));
    Router::new()
        .route("/api/stories", get(list_stories))
        .route("/api/stories/{id}", get(get_story))
        .route("/api/articles/{id}", get(get_article))
        .route("/api/entities/{name}", get(get_entity))
        .route("/api/storylines/{id}", get(get_storyline))
        .route("/api/search", get(search))
        .route("/api/health", get(health))
        .route("/api/sources", get(sources))
        .route("/api/openapi.json", get(openapi))
        .merge(writes)
}

/// Filters of `/api/stories`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub entity: Option<String>,
    pub storyline: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

impl ListParams {
    pub(crate) fn filter(&self) -> Result<StoryFilter, Problem> {
        for v in [&self.from, &self.to, &self.outlet, &self.lang, &self.entity, &self.storyline].into_iter().flatten() {
            check_len("filter value", v, MAX_PARAM_CHARS)?;
        }
        check_date("from", &self.from)?;
        check_date("to", &self.to)?;
        Ok(StoryFilter {
            from: clean(&self.from),
            to: clean(&self.to),
            outlet: clean(&self.outlet),
            lang: clean(&self.lang),
            entity: clean(&self.entity),
            storyline: clean(&self.storyline),
            offset: offset(self.offset)?,
            limit: self.limit.unwrap_or(20).clamp(1, MAX_PAGE),
        })
    }
}

/// Parameters of `/api/search`.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct SearchParams {
    pub q: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub entity: Option<String>,
    pub story: Option<String>,
    pub offset: Option<usize>,
    pub limit: Option<usize>,
}

impl SearchParams {
    pub(crate) fn query(&self) -> Result<SearchQuery, Problem> {
        let text = self.q.clone().unwrap_or_default();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(Problem::typed(
                StatusCode::BAD_REQUEST,
                "query-too-long",
                "Query too long",
                format!("the search text has {} characters; the limit is {MAX_QUERY_CHARS}", text.chars().count()),
            ));
        }
        for v in [&self.from, &self.to, &self.outlet, &self.lang, &self.entity, &self.story].into_iter().flatten() {
            check_len("filter value", v, MAX_PARAM_CHARS)?;
        }
        check_date("from", &self.from)?;
        check_date("to", &self.to)?;
        Ok(SearchQuery {
            text,
            from: clean(&self.from),
            to: clean(&self.to),
            outlet: clean(&self.outlet),
            lang: clean(&self.lang),
            entity: clean(&self.entity),
            entity_names: Vec::new(),
            story: clean(&self.story),
            offset: offset(self.offset)?,
            limit: self.limit.unwrap_or(20).clamp(1, MAX_PAGE),
        })
    }
}

fn clean(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

fn offset(o: Option<usize>) -> Result<usize, Problem> {
    let o = o.unwrap_or(0);
    if o > MAX_OFFSET {
        return Err(Problem::bad_request(format!(
            "offset {o} is past the deepest page ({MAX_OFFSET}); narrow the filters"
        )));
    }
    Ok(o)
}

fn check_len(what: &str, v: &str, max: usize) -> Result<(), Problem> {
    if v.chars().count() > max {
        return Err(Problem::bad_request(format!("{what} too long: {} characters (limit {max})", v.chars().count())));
    }
    Ok(())
}

fn check_date(name: &str, v: &Option<String>) -> Result<(), Problem> {
    if let Some(s) = clean(v)
        && s.parse::<rassegna_model::PartialDate>().is_err()
    {
        return Err(Problem::bad_request(format!(
            "`{name}` must be a date like 2024, 2024-06 or 2024-06-19, got {s:?}"
        )));
    }
    Ok(())
}

async fn list_stories(
    State(st): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<ListParams>,
) -> Result<Response, Problem> {
    let filter = params.filter()?;
    let page = blocking(st, move |s| s.facade.stories(&filter)).await?;
    Ok(Json(page).into_response())
}

/// A story as the API gives it: the whole record, its storyline and its articles' summaries.
#[derive(Debug, Serialize)]
struct StoryJson {
    story: Story,
    storyline: Option<Storyline>,
    articles: Vec<ArticleSummary>,
}

async fn get_story(State(st): State<Arc<AppState>>, ApiPath(id): ApiPath<String>) -> Result<Response, Problem> {
    let key = id.clone();
    let detail = blocking(st, move |s| s.facade.story(&key)).await?;
    let d = detail.ok_or_else(|| Problem::not_found("story", &id))?;
    let articles = d.articles.iter().map(ArticleSummary::from).collect();
    Ok(Json(StoryJson { story: d.story, storyline: d.storyline, articles }).into_response())
}

async fn get_article(State(st): State<Arc<AppState>>, ApiPath(id): ApiPath<String>) -> Result<Response, Problem> {
    let key = id.clone();
    let a = blocking(st, move |s| s.facade.article(&key)).await?;
    Ok(Json(a.ok_or_else(|| Problem::not_found("article", &id))?).into_response())
}

async fn get_entity(State(st): State<Arc<AppState>>, ApiPath(name): ApiPath<String>) -> Result<Response, Problem> {
    let key = name.clone();
    let e = blocking(st, move |s| s.facade.entity(&key)).await?;
    Ok(Json(e.ok_or_else(|| Problem::not_found("entity", &name))?).into_response())
}

#[derive(Debug, Serialize)]
struct StorylineJson {
    storyline: Storyline,
    stories: Vec<rassegna_store::StoryRow>,
}

async fn get_storyline(State(st): State<Arc<AppState>>, ApiPath(id): ApiPath<String>) -> Result<Response, Problem> {
    let key = id.clone();
    let l = blocking(st, move |s| s.facade.storyline(&key)).await?;
    let (storyline, stories) = l.ok_or_else(|| Problem::not_found("storyline", &id))?;
    Ok(Json(StorylineJson { storyline, stories }).into_response())
}

async fn search(
    State(st): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Response, Problem> {
    let q = params.query()?;
    let view = match st.facade.cached_search(&q) {
        Some(v) => v,
        None => blocking(st, move |s| s.facade.search(&q)).await?,
    };
    Ok(Json(view).into_response())
}

async fn health(State(st): State<Arc<AppState>>) -> Result<Response, Problem> {
    let counts = blocking(st, |s| s.facade.counts()).await?;
    Ok(Json(counts).into_response())
}

/// The followed sources and the latest fetch errors.
async fn sources(State(st): State<Arc<AppState>>) -> Result<Response, Problem> {
    let status = blocking(st, |s| s.facade.follow_status(50)).await?;
    Ok(Json(status).into_response())
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

async fn post_documents(
    State(st): State<Arc<AppState>>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let body = body?;
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::bad_request("empty body: send one JSON object or JSON Lines (one object per line)"));
    }
    let report = blocking_write(st, move |s| s.ingest(&body)).await?;
    let status = if report.new > 0 { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(report)).into_response())
}

/// Body of `POST /api/stories/{id}/split`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitBody {
    articles: Vec<String>,
}

async fn split_story(
    State(st): State<Arc<AppState>>,
    ApiPath(id): ApiPath<String>,
    body: Result<Json<SplitBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(b) = body?;
    if b.articles.is_empty() {
        return Err(Problem::bad_request("`articles` must name at least one article of the story"));
    }
    let touched = blocking_write(st, move |s| s.split_story(&id, b.articles)).await?;
    Ok(Json(serde_json::json!({ "stories": touched })).into_response())
}

/// Body of `POST /api/entities/{name}/merge` and `/split`: more names (merge: of the entities to
/// join to this one; split: to keep with this name, apart from the rest).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NamesBody {
    #[serde(default)]
    names: Vec<String>,
}

async fn merge_entities(
    State(st): State<Arc<AppState>>,
    ApiPath(name): ApiPath<String>,
    body: Result<Json<NamesBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(b) = body?;
    if b.names.is_empty() {
        return Err(Problem::bad_request("`names` must name at least one entity to merge into this one"));
    }
    let names = std::iter::once(name).chain(b.names).collect();
    let entities = blocking_write(st, move |s| s.correct_entities(Correction::MergeEntities { names })).await?;
    Ok(Json(serde_json::json!({ "entities": entities })).into_response())
}

async fn split_entity(
    State(st): State<Arc<AppState>>,
    ApiPath(name): ApiPath<String>,
    body: Result<Json<NamesBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(b) = body?;
    let names = std::iter::once(name).chain(b.names).collect();
    let entities = blocking_write(st, move |s| s.correct_entities(Correction::SplitEntity { names })).await?;
    Ok(Json(serde_json::json!({ "entities": entities })).into_response())
}

/// Body of `POST /api/articles/{id}/move`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveBody {
    story: String,
}

async fn move_article(
    State(st): State<Arc<AppState>>,
    ApiPath(id): ApiPath<String>,
    body: Result<Json<MoveBody>, JsonRejection>,
) -> Result<Response, Problem> {
    let Json(b) = body?;
    let touched = blocking_write(st, move |s| s.move_article(&id, &b.story)).await?;
    Ok(Json(serde_json::json!({ "stories": touched })).into_response())
}
