//! Server-rendered pages for people (askama templates, auto-escaped, no JavaScript): story list,
//! story, article, entity, storyline and search pages.

use crate::api::{ListParams, SearchParams};
use crate::problem::Problem;
use crate::timeline::{self, Chart, human_date};
use crate::{AppState, blocking};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use rassegna_model::{Article, FactStatus, PartialDate};
use rassegna_query::{EntityQuote, EntityView, StoryDetail, entity_kind_label, entity_kind_tag};
use rassegna_search::SearchResults;
use rassegna_store::StoryRow;
use std::collections::BTreeMap;
use std::sync::Arc;

const CSS: &str = include_str!("../static/style.css");

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/stories/{id}", get(story))
        .route("/articles/{id}", get(article))
        .route("/entities/{name}", get(entity))
        .route("/storylines/{id}", get(storyline))
        .route("/search", get(search))
        .route("/static/style.css", get(css))
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], CSS)
        .into_response()
}

/// A percent-encoded path segment (ids may hold `/`, `:` or spaces).
pub(crate) fn seg(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn date_label(d: Option<PartialDate>) -> String {
    d.map(human_date).unwrap_or_default()
}

fn date_str_label(s: Option<&str>) -> String {
    s.and_then(|s| PartialDate::parse_prefix(s).ok()).map(human_date).unwrap_or_default()
}

/// Only plain web links are shown as links; anything else (`javascript:`...) is not.
fn safe_url(u: &Option<String>) -> Option<String> {
    u.as_ref()
        .filter(|u| {
            let l = u.trim_start().to_ascii_lowercase();
            l.starts_with("http://") || l.starts_with("https://")
        })
        .cloned()
}

/// A story in a list, ready to render.
pub(crate) struct StoryItem {
    href: String,
    title: String,
    dates: String,
    articles: usize,
    independent: usize,
    outlets: String,
    languages: Vec<String>,
}

impl From<&StoryRow> for StoryItem {
    fn from(r: &StoryRow) -> Self {
        let first = date_label(r.first_published);
        let last = date_label(r.last_published);
        let dates = if last.is_empty() || last == first { first } else { format!("{first} – {last}") };
        StoryItem {
            href: format!("/stories/{}", seg(&r.id)),
            title: r.title.clone().unwrap_or_else(|| format!("Storia {}", r.id)),
            dates,
            articles: r.articles,
            independent: r.independent_sources,
            outlets: r.outlets.join(" · "),
            languages: r.languages.clone(),
        }
    }
}

fn html_page(t: &impl Template) -> Response {
    match t.render() {
        Ok(body) => Html(body).into_response(),
        Err(e) => error_page(StatusCode::INTERNAL_SERVER_ERROR, &format!("la pagina non si è potuta comporre: {e}")),
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    status: u16,
    title: String,
    detail: String,
}

fn error_page(status: StatusCode, detail: &str) -> Response {
    let title = match status {
        StatusCode::NOT_FOUND => "Pagina non trovata".to_string(),
        StatusCode::BAD_REQUEST => "Richiesta non valida".to_string(),
        s => s.canonical_reason().unwrap_or("Errore").to_string(),
    };
    let page = ErrorPage { status: status.as_u16(), title, detail: detail.to_string() };
    let body = page.render().unwrap_or_else(|_| detail.to_string());
    (status, Html(body)).into_response()
}

/// A problem shown as a page rather than JSON.
struct PageError(Problem);

impl From<Problem> for PageError {
    fn from(p: Problem) -> Self {
        PageError(p)
    }
}

impl From<QueryRejection> for PageError {
    fn from(e: QueryRejection) -> Self {
        PageError(Problem::from(e))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        error_page(self.0.status(), &self.0.detail)
    }
}

/// Unknown paths: problem details under `/api`, a page elsewhere.
pub(crate) async fn not_found(uri: Uri) -> Response {
    if uri.path().starts_with("/api/") || uri.path() == "/api" {
        Problem::http(StatusCode::NOT_FOUND, format!("no API endpoint at {}; see /api/openapi.json", uri.path()))
            .into_response()
    } else {
        error_page(StatusCode::NOT_FOUND, "Questo indirizzo non corrisponde a nessuna pagina.")
    }
}

pub(crate) async fn method_not_allowed(uri: Uri) -> Response {
    let mut r = Problem::http(StatusCode::METHOD_NOT_ALLOWED, format!("{} does not accept this method", uri.path()))
        .into_response();
    if !uri.path().starts_with("/api") {
        r = error_page(StatusCode::METHOD_NOT_ALLOWED, "Metodo non ammesso per questo indirizzo.");
    }
    r
}

// ---------------------------------------------------------------------------------------------
// Story list

#[derive(Template)]
#[template(path = "index.html")]
struct IndexPage {
    stories: Vec<StoryItem>,
    from: String,
    to: String,
    lang: String,
    outlet: String,
    entity: String,
    prev: Option<String>,
    next: Option<String>,
    range: String,
    entities: Vec<(String, String, String, usize)>,
    counts: rassegna_query::Counts,
}

fn page_link(base: &[(&str, &str)], offset: usize) -> String {
    let mut parts: Vec<String> =
        base.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", seg(v))).collect();
    if offset > 0 {
        parts.push(format!("offset={offset}"));
    }
    if parts.is_empty() { "?".into() } else { format!("?{}", parts.join("&")) }
}

async fn index(
    State(st): State<Arc<AppState>>,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let p = params?.0;
    let filter = p.filter()?;
    let f2 = filter.clone();
    let (page, entities, counts) = blocking(st, move |s| {
        let front = s.facade.front_page()?;
        Ok((s.facade.stories(&f2)?, front.top_entities, front.counts))
    })
    .await?;
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let (from, to, lang, outlet, entity) = (opt(&p.from), opt(&p.to), opt(&p.lang), opt(&p.outlet), opt(&p.entity));
    let base = [
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("lang", lang.as_str()),
        ("outlet", outlet.as_str()),
        ("entity", entity.as_str()),
    ];
    let prev = (page.offset > 0).then(|| page_link(&base, page.offset.saturating_sub(page.limit)));
    let next = (page.offset + page.stories.len() < page.total).then(|| page_link(&base, page.offset + page.limit));
    let range = if page.stories.is_empty() {
        String::new()
    } else {
        format!("{}–{} di {}", page.offset + 1, page.offset + page.stories.len(), page.total)
    };
    Ok(html_page(&IndexPage {
        stories: page.stories.iter().map(StoryItem::from).collect(),

        from,
        to,
        lang,
        outlet,
        entity,
        prev,
        next,
        range,
        entities: entities
            .into_iter()
            .map(|(n, k, c)| (format!("/entities/{}", seg(&n)), n, entity_kind_label(&k).to_string(), c))
            .collect(),
        counts,
    }))
}

// ---------------------------------------------------------------------------------------------
// Story

/// A run of report text, marked or not.
struct Seg {
    text: String,
    /// CSS class: empty, `shared`, `unique`, `conflict` or `quote`.
    class: &'static str,
    note: String,
}

struct Report {
    n: usize,
    anchor: String,
    href: String,
    outlet: String,
    title: String,
    date: String,
    lang: String,
    url: Option<String>,
    duplicate_of: Option<String>,
    paras: Vec<Vec<Seg>>,
}

struct Cite {
    n: usize,
    anchor: String,
    outlet: String,
}

struct SummaryLine {
    sentence: String,
    cites: Vec<Cite>,
}

struct FactLine {
    subject: String,
    value: String,
    status: &'static str,
    status_label: &'static str,
    cites: Vec<Cite>,
    independent: usize,
}

struct ConflictVersion {
    cite: Cite,
    value: String,
    text: String,
}

struct Conflict {
    subject: String,
    versions: Vec<ConflictVersion>,
}

struct Variant {
    text: String,
    cite: Option<Cite>,
}

struct Speaker {
    name: String,
    href: Option<String>,
    groups: Vec<Vec<Variant>>,
}

struct EntityChip {
    href: String,
    name: String,
    aliases: String,
    reports: usize,
}

struct EntityGroup {
    label: &'static str,
    entities: Vec<EntityChip>,
}

#[derive(Template)]
#[template(path = "story.html")]
struct StoryPage {
    title: String,
    dates: String,
    outlets: String,
    languages: Vec<String>,
    articles: usize,
    independent: usize,
    storyline: Option<(String, String)>,
    summary: Vec<SummaryLine>,
    reports: Vec<Report>,
    facts: Vec<FactLine>,
    conflicts: Vec<Conflict>,
    speakers: Vec<Speaker>,
    chart: Option<Chart>,
    timeline: Vec<(String, String, Vec<Cite>)>,
    entities: Vec<EntityGroup>,
}

/// Cut a text into marked runs. Spans that overlap an earlier one, fall outside the text or
/// split a character are dropped: a bad span must not garble the report.
fn segments(text: &str, mut marks: Vec<(usize, usize, &'static str, String)>) -> Vec<Vec<Seg>> {
    marks.sort_by_key(|m| (m.0, std::cmp::Reverse(m.1)));
    let mut runs: Vec<Seg> = Vec::new();
    let mut at = 0;
    for (s, e, class, note) in marks {
        if s < at || e <= s || e > text.len() || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        if s > at {
            runs.push(Seg { text: text[at..s].to_string(), class: "", note: String::new() });
        }
        runs.push(Seg { text: text[s..e].to_string(), class, note });
        at = e;
    }
    if at < text.len() {
        runs.push(Seg { text: text[at..].to_string(), class: "", note: String::new() });
    }
    // Paragraphs break at blank lines (or single newlines), inside unmarked runs only.
    let mut paras: Vec<Vec<Seg>> = vec![Vec::new()];
    for run in runs {
        if run.class.is_empty() && run.text.contains('\n') {
            let pieces: Vec<&str> = run.text.split('\n').collect();
            for (i, piece) in pieces.iter().enumerate() {
                if i > 0 && !paras.last().is_some_and(|p| p.is_empty()) {
                    paras.push(Vec::new());
                }
                if !piece.trim().is_empty() {
                    paras.last_mut().expect("one paragraph").push(Seg {
                        text: piece.to_string(),
                        class: "",
                        note: String::new(),
                    });
                }
            }
        } else {
            paras.last_mut().expect("one paragraph").push(run);
        }
    }
    paras.retain(|p| !p.is_empty());
    paras
}

/// A fact's value as a reader writes it: ISO 8601 durations ("P22Y", "PT3H") in words, the rest as is.
fn readable(value: &str) -> String {
    let Some(rest) = value.strip_prefix('P') else { return value.to_string() };
    let (time, rest) = match rest.strip_prefix('T') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let Some(unit) = rest.chars().last() else { return value.to_string() };
    let n = &rest[..rest.len() - unit.len_utf8()];
    if n.is_empty() || !n.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return value.to_string();
    }
    let (one, many) = match (time, unit) {
        (false, 'Y') => ("anno", "anni"),
        (false, 'M') => ("mese", "mesi"),
        (false, 'W') => ("settimana", "settimane"),
        (false, 'D') => ("giorno", "giorni"),
        (true, 'H') => ("ora", "ore"),
        (true, 'M') => ("minuto", "minuti"),
        (true, 'S') => ("secondo", "secondi"),
        _ => return value.to_string(),
    };
    let word = if n == "1" { one } else { many };
    format!("{} {word}", n.replace('.', ","))
}

fn status_label(status: FactStatus) -> &'static str {
    match status {
        FactStatus::Agree => "concordano",
        FactStatus::ApproxAgree => "concordano (circa)",
        FactStatus::Conflict => "in conflitto",
        FactStatus::Single => "una sola fonte",
    }
}

fn story_page(d: &StoryDetail) -> StoryPage {
    let s = &d.story;
    let numbers: BTreeMap<&str, usize> = d.articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i + 1)).collect();
    let outlet_of: BTreeMap<&str, String> =
        d.articles.iter().map(|a| (a.id.as_str(), a.outlet.clone().unwrap_or_else(|| a.id.clone()))).collect();
    let cite = |id: &str| -> Option<Cite> {
        numbers.get(id).map(|&n| Cite {
            n,
            anchor: format!("#r{n}"),
            outlet: outlet_of.get(id).cloned().unwrap_or_default(),
        })
    };
    let cites = |ids: &[String]| -> Vec<Cite> {
        let mut v: Vec<Cite> = ids.iter().filter_map(|i| cite(i)).collect();
        v.sort_by_key(|c| c.n);
        v.dedup_by_key(|c| c.n);
        v
    };

    let mut marks: BTreeMap<&str, Vec<(usize, usize, &'static str, String)>> = BTreeMap::new();
    for f in &s.facts {
        let class = match f.status {
            FactStatus::Conflict => "conflict",
            _ if f.independent_sources > 1 || f.sources.len() > 1 => "shared",
            _ => "unique",
        };
        let note = format!("{} — {} ({})", f.subject, f.value, status_label(f.status));
        for m in &f.mentions {
            marks.entry(m.article.as_str()).or_default().push((m.start, m.end, class, note.clone()));
        }
    }
    for a in &d.articles {
        for q in &a.quotes {
            let note = match &q.speaker {
                Some(sp) => format!("citazione di {sp}"),
                None => "citazione".to_string(),
            };
            marks.entry(a.id.as_str()).or_default().push((q.start, q.end, "quote", note));
        }
    }
    let reports = d
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| Report {
            n: i + 1,
            anchor: format!("r{}", i + 1),
            href: format!("/articles/{}", seg(&a.id)),
            outlet: a.outlet.clone().unwrap_or_else(|| "fonte sconosciuta".into()),
            title: a.title.clone().unwrap_or_default(),
            date: date_label(a.published),
            lang: a.lang.clone().unwrap_or_default(),
            url: safe_url(&a.url),
            duplicate_of: a.duplicate_of.as_ref().map(|dup| match numbers.get(dup.as_str()) {
                Some(n) => format!("copia del resoconto {n}"),
                None => format!("copia di {dup}"),
            }),
            paras: segments(&a.text, marks.remove(a.id.as_str()).unwrap_or_default()),
        })
        .collect();

    let facts = s
        .facts
        .iter()
        .map(|f| FactLine {
            subject: f.subject.clone(),
            value: match f.qualifier.as_deref() {
                Some("approx") => format!("circa {}", readable(&f.value)),
                Some(q) => format!("{} ({q})", readable(&f.value)),
                None => readable(&f.value),
            },
            status: f.status.as_str(),
            status_label: status_label(f.status),
            cites: cites(&f.sources),
            independent: f.independent_sources,
        })
        .collect();
    let conflicts = s
        .facts
        .iter()
        .filter(|f| f.status == FactStatus::Conflict)
        .map(|f| Conflict {
            subject: f.subject.clone(),
            versions: f
                .mentions
                .iter()
                .filter_map(|m| {
                    Some(ConflictVersion {
                        cite: cite(&m.article)?,
                        value: readable(m.value.as_deref().unwrap_or(&f.value)),
                        text: m.text.clone(),
                    })
                })
                .collect(),
        })
        .collect();

    let mut by_speaker: BTreeMap<String, Vec<Vec<Variant>>> = BTreeMap::new();
    for g in &s.quote_groups {
        let key = g.speaker.clone().unwrap_or_default();
        by_speaker
            .entry(key)
            .or_default()
            .push(g.variants.iter().map(|v| Variant { text: v.text.clone(), cite: cite(&v.article) }).collect());
    }
    let mut speakers: Vec<Speaker> = by_speaker
        .into_iter()
        .map(|(name, groups)| Speaker {
            href: (!name.is_empty()).then(|| format!("/entities/{}", seg(&name))),
            name: if name.is_empty() { "Senza attribuzione".into() } else { name },
            groups,
        })
        .collect();
    // Most quoted first; unattributed quotes last.
    speakers.sort_by_key(|sp| (sp.href.is_none(), std::cmp::Reverse(sp.groups.len())));

    let pubs: Vec<(String, String, PartialDate)> = d
        .articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.published.map(|p| ((i + 1).to_string(), a.outlet.clone().unwrap_or_else(|| a.id.clone()), p))
        })
        .collect();
    let chart = timeline::chart(&s.timeline, &pubs);
    let timeline = s
        .timeline
        .iter()
        .map(|e| {
            let date = PartialDate::parse_prefix(&e.date).map(human_date).unwrap_or_else(|_| e.date.clone());
            (date, e.text.clone(), cites(&e.sources))
        })
        .collect();

    let mut groups: BTreeMap<&'static str, Vec<EntityChip>> = BTreeMap::new();
    for e in &s.entities {
        groups.entry(entity_kind_tag(e.kind)).or_default().push(EntityChip {
            href: format!("/entities/{}", seg(&e.name)),
            name: e.name.clone(),
            aliases: e.aliases.iter().filter(|a| **a != e.name).cloned().collect::<Vec<_>>().join(", "),
            reports: e.articles.len(),
        });
    }
    let entities = ["PER", "ORG", "LOC", "MISC"]
        .iter()
        .filter_map(|k| {
            let mut v = groups.remove(k)?;
            v.sort_by(|a, b| b.reports.cmp(&a.reports).then(a.name.cmp(&b.name)));
            Some(EntityGroup { label: entity_kind_label(k), entities: v })
        })
        .collect();

    let first = date_label(s.first_published);
    let last = date_label(s.last_published);
    StoryPage {
        title: s.title.clone().unwrap_or_else(|| format!("Storia {}", s.id)),
        dates: if last.is_empty() || last == first { first } else { format!("{first} – {last}") },
        outlets: s.outlets.join(" · "),
        languages: s.languages.clone(),
        articles: d.articles.len(),
        independent: s.independent_sources,
        storyline: d
            .storyline
            .as_ref()
            .map(|l| (format!("/storylines/{}", seg(&l.id)), l.title.clone().unwrap_or_else(|| "Filone".to_string()))),
        summary: s
            .summary
            .iter()
            .map(|x| SummaryLine { sentence: x.sentence.clone(), cites: cites(&x.sources) })
            .collect(),
        reports,
        facts,
        conflicts,
        speakers,
        chart,
        timeline,
        entities,
    }
}

async fn story(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, PageError> {
    let key = id.clone();
    let d = blocking(st, move |s| s.facade.story(&key)).await?;
    match d {
        Some(d) => Ok(html_page(&story_page(&d))),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessuna storia con identificativo «{id}»."))),
    }
}

// ---------------------------------------------------------------------------------------------
// Article

#[derive(Template)]
#[template(path = "article.html")]
struct ArticlePage {
    title: String,
    outlet: String,
    date: String,
    inferred: bool,
    lang: String,
    url: Option<String>,
    id: String,
    story: Option<String>,
    duplicate_of: Option<String>,
    paras: Vec<Vec<Seg>>,
    entities: Vec<EntityChip>,
    quotes: Vec<(String, String, Option<String>)>,
    dates: Vec<(String, String)>,
    removed: usize,
    diagnostics: Vec<String>,
}

fn article_page(a: &Article) -> ArticlePage {
    let mut marks = Vec::new();
    for q in &a.quotes {
        marks.push((
            q.start,
            q.end,
            "quote",
            q.speaker.clone().map(|s| format!("citazione di {s}")).unwrap_or_default(),
        ));
    }
    for d in &a.dates {
        marks.push((d.start, d.end, "date", d.value.clone()));
    }
    ArticlePage {
        title: a.title.clone().unwrap_or_else(|| a.id.clone()),
        outlet: a.outlet.clone().unwrap_or_else(|| "fonte sconosciuta".into()),
        date: date_label(a.published),
        inferred: a.published_inferred,
        lang: a.lang.clone().unwrap_or_default(),
        url: safe_url(&a.url),
        id: a.id.clone(),
        story: a.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
        duplicate_of: a.duplicate_of.as_ref().map(|d| format!("/articles/{}", seg(d))),
        paras: segments(&a.text, marks),
        entities: a
            .entities
            .iter()
            .map(|e| EntityChip {
                href: format!("/entities/{}", seg(&e.name)),
                name: e.name.clone(),
                aliases: e.role.clone().unwrap_or_default(),
                reports: e.mentions.len(),
            })
            .collect(),
        quotes: a
            .quotes
            .iter()
            .map(|q| {
                (
                    q.text.clone(),
                    q.speaker.clone().unwrap_or_default(),
                    q.speaker.as_ref().map(|s| format!("/entities/{}", seg(s))),
                )
            })
            .collect(),
        dates: a.dates.iter().map(|d| (d.text.clone(), d.value.clone())).collect(),
        removed: a.removed.len(),
        diagnostics: a.diagnostics.iter().map(|d| format!("{}: {}", d.level, d.message)).collect(),
    }
}

async fn article(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, PageError> {
    let key = id.clone();
    match blocking(st, move |s| s.facade.article(&key)).await? {
        Some(a) => Ok(html_page(&article_page(&a))),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessun articolo con identificativo «{id}»."))),
    }
}

// ---------------------------------------------------------------------------------------------
// Entity

struct QuoteItem {
    text: String,
    outlet: String,
    date: String,
    article: String,
    story: Option<String>,
}

impl From<&EntityQuote> for QuoteItem {
    fn from(q: &EntityQuote) -> Self {
        QuoteItem {
            text: q.text.clone(),
            outlet: q.outlet.clone().unwrap_or_else(|| q.article.clone()),
            date: date_str_label(q.published.as_deref()),
            article: format!("/articles/{}", seg(&q.article)),
            story: q.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
        }
    }
}

#[derive(Template)]
#[template(path = "entity.html")]
struct EntityPage {
    name: String,
    kind: &'static str,
    mentions: usize,
    reports: usize,
    roles: String,
    aliases: String,
    stories: Vec<StoryItem>,
    quotes: Vec<QuoteItem>,
    search: String,
}

fn entity_page(e: &EntityView) -> EntityPage {
    EntityPage {
        name: e.name.clone(),
        kind: entity_kind_label(&e.kind),
        mentions: e.mentions,
        reports: e.articles.len(),
        roles: e.roles.join(", "),
        aliases: e.aliases.join(", "),
        stories: e.stories.iter().map(StoryItem::from).collect(),
        quotes: e.quotes.iter().map(QuoteItem::from).collect(),
        search: format!("/search?entity={}", seg(&e.name)),
    }
}

async fn entity(State(st): State<Arc<AppState>>, Path(name): Path<String>) -> Result<Response, PageError> {
    let key = name.clone();
    match blocking(st, move |s| s.facade.entity(&key)).await? {
        Some(e) => Ok(html_page(&entity_page(&e))),
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessuna entità chiamata «{name}»."))),
    }
}

// ---------------------------------------------------------------------------------------------
// Storyline

#[derive(Template)]
#[template(path = "storyline.html")]
struct StorylinePage {
    title: String,
    stories: Vec<StoryItem>,
    chart: Option<Chart>,
}

async fn storyline(State(st): State<Arc<AppState>>, Path(id): Path<String>) -> Result<Response, PageError> {
    let key = id.clone();
    match blocking(st, move |s| s.facade.storyline(&key)).await? {
        Some((line, rows)) => {
            let pubs: Vec<(String, String, PartialDate)> = rows
                .iter()
                .enumerate()
                .filter_map(|(i, r)| {
                    r.first_published.map(|d| ((i + 1).to_string(), r.title.clone().unwrap_or_default(), d))
                })
                .collect();
            Ok(html_page(&StorylinePage {
                title: line.title.clone().unwrap_or_else(|| format!("Filone {}", line.id)),
                stories: rows.iter().map(StoryItem::from).collect(),
                chart: timeline::chart(&line.timeline, &pubs),
            }))
        }
        None => Ok(error_page(StatusCode::NOT_FOUND, &format!("Nessun filone con identificativo «{id}»."))),
    }
}

// ---------------------------------------------------------------------------------------------
// Search

struct Hit {
    href: String,
    title: String,
    outlet: String,
    date: String,
    lang: String,
    story: Option<String>,
    pieces: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    q: String,
    from: String,
    to: String,
    lang: String,
    outlet: String,
    entity: String,
    searched: bool,
    total: usize,
    stories: Vec<StoryItem>,
    hits: Vec<Hit>,
    prev: Option<String>,
    next: Option<String>,
}

fn hits(r: &SearchResults) -> Vec<Hit> {
    r.articles
        .iter()
        .map(|h| Hit {
            href: format!("/articles/{}", seg(&h.id)),
            title: h.title.clone().unwrap_or_else(|| h.id.clone()),
            outlet: h.outlet.clone().unwrap_or_default(),
            date: date_str_label(h.published.as_deref()),
            lang: h.lang.clone().unwrap_or_default(),
            story: h.story.as_ref().map(|s| format!("/stories/{}", seg(s))),
            pieces: h.snippet.pieces().into_iter().map(|(t, m)| (t.to_string(), m)).collect(),
        })
        .collect()
}

async fn search(
    State(st): State<Arc<AppState>>,
    params: Result<Query<SearchParams>, QueryRejection>,
) -> Result<Response, PageError> {
    let p = params?.0;
    let q = p.query()?;
    let searched = !q.text.trim().is_empty()
        || [&q.from, &q.to, &q.lang, &q.outlet, &q.entity, &q.story].iter().any(|v| v.is_some());
    let view = if !searched {
        None
    } else if let Some(v) = st.facade.cached_search(&q) {
        Some(v)
    } else {
        Some(blocking(st, move |s| s.facade.search(&q)).await?)
    };
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let (text, from, to, lang, outlet, entity) =
        (opt(&p.q), opt(&p.from), opt(&p.to), opt(&p.lang), opt(&p.outlet), opt(&p.entity));
    let base = [
        ("q", text.as_str()),
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("lang", lang.as_str()),
        ("outlet", outlet.as_str()),
        ("entity", entity.as_str()),
    ];
    let (mut prev, mut next) = (None, None);
    if let Some(v) = &view {
        let (off, lim) = (v.query.offset, v.query.limit);
        prev = (off > 0).then(|| page_link(&base, off.saturating_sub(lim)));
        next = (off + v.results.articles.len() < v.results.total).then(|| page_link(&base, off + lim));
    }
    Ok(html_page(&SearchPage {
        q: text,
        from,
        to,
        lang,
        outlet,
        entity,
        searched,
        total: view.as_ref().map_or(0, |v| v.results.total),
        stories: view.as_ref().map(|v| v.stories.iter().map(StoryItem::from).collect()).unwrap_or_default(),
        hits: view.as_ref().map(|v| hits(&v.results)).unwrap_or_default(),
        prev,
        next,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_keep_every_byte_and_drop_bad_spans() {
        let text = "Il sindaco ha detto «basta».\n\nPoi è uscito.";
        let start = text.find("basta").unwrap();
        let marks = vec![
            (start, start + 5, "quote", String::new()),
            (start + 1, start + 3, "shared", String::new()), // overlaps: dropped
            (3, 200, "unique", String::new()),               // out of range: dropped
            (text.find('è').unwrap() + 1, 40, "unique", String::new()), // inside a character: dropped
        ];
        let paras = segments(text, marks);
        assert_eq!(paras.len(), 2);
        let joined: String = paras.iter().flatten().map(|s| s.text.as_str()).collect();
        assert_eq!(joined.replace('\n', ""), text.replace('\n', ""));
        let marked: Vec<&str> =
            paras.iter().flatten().filter(|s| !s.class.is_empty()).map(|s| s.text.as_str()).collect();
        assert_eq!(marked, vec!["basta"]);
    }

    #[test]
    fn durations_read_as_words() {
        assert_eq!(readable("P22Y"), "22 anni");
        assert_eq!(readable("P1Y"), "1 anno");
        assert_eq!(readable("P1.5Y"), "1,5 anni");
        assert_eq!(readable("PT3H"), "3 ore");
        assert_eq!(readable("P3M"), "3 mesi");
        assert_eq!(readable("1200"), "1200");
        assert_eq!(readable("Parigi"), "Parigi");
        assert_eq!(readable("P"), "P");
    }

    #[test]
    fn path_segments_are_percent_encoded() {
        assert_eq!(seg("seeds/001 a:b"), "seeds%2F001%20a%3Ab");
        assert_eq!(seg("Kim Jong-un"), "Kim%20Jong-un");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(safe_url(&Some("javascript:alert(1)".into())), None);
        assert!(safe_url(&Some("https://example.org/a".into())).is_some());
    }
}
