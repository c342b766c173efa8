//! The data model of rassegna: what flows between the stages, and the batch contract's records.
//!
//! This crate has no I/O, no database and no async. Every other crate depends on it; it depends on
//! nothing of ours. Field names here are the field names of `articles.jsonl` and `stories.jsonl`
//! (see `docs/FORMAT.md`), so renaming one is a contract change.

mod date;
mod span;

pub use date::{DateError, PartialDate};
pub use span::Span;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the batch contract written to `articles.jsonl` / `stories.jsonl` and of `docs/FORMAT.md`.
pub const FORMAT_VERSION: &str = "1.1";

/// The input format a document came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Text,
    Html,
    Jsonl,
    Warc,
    Feed,
}

/// The body of a raw document before cleaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase", tag = "kind", content = "content")]
pub enum Body {
    /// Already-extracted text, possibly with page debris in it.
    Text(String),
    /// Raw HTML bytes in any charset (decoded by the cleaning stage).
    Html(Vec<u8>),
}

impl Body {
    /// Its size in bytes.
    pub fn len(&self) -> usize {
        match self {
            Body::Text(t) => t.len(),
            Body::Html(b) => b.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// One document as ingested, before any stage has run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawDocument {
    /// Stable id: the id given in the input, else derived from the file name (and line or record).
    pub id: String,
    /// Where it came from: `path`, `path:LINE` for JSON Lines, `path#RECORD` for WARC and feeds, `-` for stdin.
    pub source: String,
    pub format: Format,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// Publication date given by the input (JSON field, the seeds' `date` marker, ...).
    pub published: Option<PartialDate>,
    /// Language given by the input, if any (ISO 639-1).
    pub lang: Option<String>,
    /// Title given by the input, if any.
    pub title: Option<String>,
    pub body: Body,
    /// Hex xxh3-64 of the body: re-ingesting the same content is a no-op.
    pub content_hash: String,
    /// Fields the input gave that no stage reads (a JSON Lines `topic`, say), as given: strings as
    /// they are, other values as JSON. They reach the article's `metadata.extra`.
    pub extra: BTreeMap<String, String>,
}

impl RawDocument {
    /// A document with its content hash computed from the body, and no url, outlet, publication
    /// date, language or title (set them with the `with_` methods).
    pub fn new(id: impl Into<String>, source: impl Into<String>, format: Format, body: Body) -> Self {
        RawDocument {
            id: id.into(),
            source: source.into(),
            format,
            url: None,
            outlet: None,
            published: None,
            lang: None,
            title: None,
            content_hash: Self::hash_body(&body),
            body,
            extra: BTreeMap::new(),
        }
    }

    pub fn with_extra(mut self, extra: BTreeMap<String, String>) -> Self {
        self.extra = extra;
        self
    }

    pub fn with_url(mut self, url: Option<String>) -> Self {
        self.url = url;
        self
    }

    pub fn with_outlet(mut self, outlet: Option<String>) -> Self {
        self.outlet = outlet;
        self
    }

    pub fn with_published(mut self, published: Option<PartialDate>) -> Self {
        self.published = published;
        self
    }

    pub fn with_lang(mut self, lang: Option<String>) -> Self {
        self.lang = lang;
        self
    }

    pub fn with_title(mut self, title: Option<String>) -> Self {
        self.title = title;
        self
    }

    /// Hash of a body, stable across runs and platforms (xxh3-64, hex).
    pub fn hash_body(body: &Body) -> String {
        let h = match body {
            Body::Text(t) => xxhash_rust::xxh3::xxh3_64_with_seed(t.as_bytes(), 1),
            Body::Html(b) => xxhash_rust::xxh3::xxh3_64_with_seed(b, 2),
        };
        format!("{h:016x}")
    }
}

/// Why a span of the input was removed from the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// The removed text, verbatim.
    pub text: String,
    /// Byte span into the cleaning stage's input text (the extracted text for HTML, the body for text).
    pub start: usize,
    pub end: usize,
    /// A short machine-readable reason, e.g. `date-marker`, `social-prompt`, `related-list`, `template`.
    pub reason: String,
}

/// Where a metadata value came from (`json-ld`, `meta`, `dateline`, `date-marker`, `input`, `url`, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaValue {
    pub value: String,
    pub from: String,
}

/// Metadata found by the cleaning stage, each with its provenance.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<MetaValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<MetaValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<MetaValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub site: Option<MetaValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<MetaValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wire: Option<MetaValue>,
    /// Fields of the input that no stage reads, kept as given (see `RawDocument::extra`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub extra: BTreeMap<String, String>,
}

/// A mention of something in the clean text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Entity type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityType {
    #[serde(rename = "PER")]
    Person,
    #[serde(rename = "ORG")]
    Organisation,
    #[serde(rename = "LOC")]
    Place,
    #[serde(rename = "MISC")]
    Other,
}

/// An entity as found in one article: canonical name, type, every mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Title or role stated in the text ("presidente russo"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    pub mentions: Vec<Mention>,
}

/// A direct quote in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The quoted words, without the quotation marks.
    pub text: String,
    /// Byte span of the quoted words (inside the marks).
    pub start: usize,
    pub end: usize,
    /// Canonical name of the speaker entity, if resolved.
    pub speaker: Option<String>,
    /// The speaker as written near the quote (may be a pronoun-less role: "il presidente russo").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<Mention>,
    /// The speech cue ("ha detto", "said", "secondo"), if any.
    pub cue: Option<String>,
}

/// A time expression in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// TIMEX3-like normalised value: `2024-06-19`, `2024-06`, `2022`, `P24Y`, `2024-W25`, `PRESENT_REF`.
    pub value: String,
    /// `date`, `time`, `duration` or `set` (`date` when absent).
    #[serde(default)]
    pub kind: TimexKind,
}

/// TIMEX3 `type` of a time expression.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TimexKind {
    #[default]
    Date,
    /// With a clock time or a part of the day.
    Time,
    Duration,
    Set,
}

impl TimexKind {
    /// The serialized name: `date`, `time`, `duration`, `set`.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexKind::Date => "date",
            TimexKind::Time => "time",
            TimexKind::Duration => "duration",
            TimexKind::Set => "set",
        }
    }
}

impl std::fmt::Display for TimexKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A diagnostic about one document: something odd but not fatal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    pub level: Level,
    pub message: String,
}

impl Diagnostic {
    /// A warning: something odd that did not stop the document.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic { level: Level::Warning, message: message.into() }
    }
}

/// How serious a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The document could not be processed.
    Error,
    Warning,
}

impl Level {
    /// The serialized name: `error`, `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

impl std::fmt::Display for Level {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// Why an article was assigned to its story: the clusterer's evidence.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Similarity score with the chosen story (0 for a new story).
    pub score: f32,
    /// Terms shared with the story that weighed most.
    pub shared_terms: Vec<String>,
    /// Entities shared with the story.
    pub shared_entities: Vec<String>,
    pub decision: Decision,
}

/// How an article came to be in its story.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    /// It started the story.
    #[default]
    NewStory,
    /// It scored above the join threshold with the story.
    Joined,
    /// A near-duplicate of an article of the story.
    Duplicate,
    /// A user's correction put it there.
    Correction,
    /// A revision split it off with part of its story.
    Split,
    /// A revision merged its story into this one.
    Merged,
    /// A revision moved it to this story.
    Reassigned,
    /// A revision kept its story and relinked the storyline.
    Storyline,
}

impl Decision {
    /// The serialized name: `new-story`, `joined`, `duplicate`, `correction`, `split`, `merged`,
    /// `reassigned`, `storyline`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::NewStory => "new-story",
            Decision::Joined => "joined",
            Decision::Duplicate => "duplicate",
            Decision::Correction => "correction",
            Decision::Split => "split",
            Decision::Merged => "merged",
            Decision::Reassigned => "reassigned",
            Decision::Storyline => "storyline",
        }
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// An article: one document after every per-document stage, with its story assignment.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub id: String,
    pub source: String,
    #[serde(default)]
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub lang: Option<String>,
    pub published: Option<PartialDate>,
    /// Whether `published` was inferred (from the text or the story) rather than given or found in metadata.
    #[serde(default)]
    pub published_inferred: bool,
    /// How an inferred `published` was reached, how sure, and on what (`None` when it was given).
    #[serde(default)]
    pub published_evidence: Option<PublishedEvidence>,
    pub title: Option<String>,
    /// Clean main text. Every span in this record is a byte span into it.
    pub text: String,
    pub removed: Vec<Removed>,
    #[serde(default)]
    pub metadata: Metadata,
    pub duplicate_of: Option<String>,
    pub story: Option<String>,
    pub storyline: Option<String>,
    #[serde(default)]
    pub evidence: Option<Evidence>,
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub diagnostics: Vec<Diagnostic>,
    pub content_hash: String,
}

/// How an inferred publication date was reached: the method, a confidence and what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublishedEvidence {
    /// `dateline` (a date at the head of the text), `stamp` (a publication line), `today` (a full date
    /// beside "oggi"), `latest-date` (the latest past date the text states), `story-day` (another
    /// report of the story dated to the day, matched by "oggi" or a weekday), `storyline-month` (the
    /// months the report names as past or coming, read against the dates of the stories it follows).
    pub method: String,
    /// In [0, 1], two decimals.
    pub confidence: f64,
    /// The time expressions of this article's text it rests on (byte spans into `text`), with the
    /// values they took in that reading.
    pub cues: Vec<DateMention>,
    /// The reports or stories whose dates it rests on.
    #[serde(default)]
    pub context: Vec<DatedRef>,
}

/// A report or story and the date an inference took from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedRef {
    pub id: String,
    pub date: PartialDate,
}

/// One sentence of a story summary and the articles that state it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub sentence: String,
    /// Ids of every article that states it, in any wording.
    pub sources: Vec<String>,
}

/// An entity across a story's articles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoryEntity {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Every other way the story's reports name it ("Kim Jong-un", "il leader nordcoreano").
    pub aliases: Vec<String>,
    pub articles: Vec<String>,
}

/// One wording of a statement, as one article reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteVariant {
    pub article: String,
    pub text: String,
    /// The article's publication date, if known.
    #[serde(default)]
    pub published: Option<PartialDate>,
    /// The story the article is in: set in a storyline's groups, absent in a story's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
}

/// The same statement reported by several articles, in different wordings or translations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteGroup {
    pub speaker: Option<String>,
    pub variants: Vec<QuoteVariant>,
    /// Outlet of the earliest article carrying it, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_outlet: Option<String>,
}

/// Where a fact is stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactMention {
    pub article: String,
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// The value as this article states it (normalised), if it differs per source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A fact aligned across a story's reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    /// What the fact is about ("soldati nordcoreani in Russia", "visita di Putin").
    pub subject: String,
    /// `count`, `money`, `percent`, `duration`, `date`, `relation`, ...
    pub predicate: String,
    /// The normalised value ("10000", "200000 EUR", "P24Y", "2000"), or the object of a relation.
    pub value: String,
    /// `approx`, `more-than`, `at-least`, `less-than`, or none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    pub sources: Vec<String>,
    /// Sources after wire copies and near-duplicates count once.
    pub independent_sources: usize,
    pub status: FactStatus,
    pub mentions: Vec<FactMention>,
}

/// Whether a fact's independent sources agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactStatus {
    /// One independent source.
    Single,
    /// Every source gives the same value.
    Agree,
    /// The values differ within rounding or qualifiers.
    ApproxAgree,
    /// Two independent sources give different values.
    Conflict,
}

impl FactStatus {
    /// The serialized name: `single`, `agree`, `approx-agree`, `conflict`.
    pub fn as_str(self) -> &'static str {
        match self {
            FactStatus::Single => "single",
            FactStatus::Agree => "agree",
            FactStatus::ApproxAgree => "approx-agree",
            FactStatus::Conflict => "conflict",
        }
    }
}

impl std::fmt::Display for FactStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// One entry on a story or storyline timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// Normalised date of the event (`2024-06-19`, `2024-06`, `2022`).
    pub date: String,
    pub text: String,
    pub sources: Vec<String>,
    /// Earliest publication date among the sources, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_reported: Option<String>,
}

/// A story: the reports about one event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub storyline: Option<String>,
    /// Article ids, in the order they joined.
    pub articles: Vec<String>,
    pub title: Option<String>,
    pub languages: Vec<String>,
    pub first_published: Option<PartialDate>,
    #[serde(default)]
    pub last_published: Option<PartialDate>,
    /// Sources after near-duplicates and wire copies count once.
    #[serde(default)]
    pub independent_sources: usize,
    #[serde(default)]
    pub outlets: Vec<String>,
    pub summary: Vec<SummarySentence>,
    pub entities: Vec<StoryEntity>,
    pub quote_groups: Vec<QuoteGroup>,
    pub facts: Vec<Fact>,
    pub timeline: Vec<TimelineEntry>,
}

/// A storyline: stories about one ongoing matter, linked over weeks and months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storyline {
    pub id: String,
    pub stories: Vec<String>,
    pub title: Option<String>,
    pub timeline: Vec<TimelineEntry>,
    /// Statements quoted in two or more of its stories, one group each, every variant with its
    /// report, story and date (a statement quoted in one story only is in that story's groups).
    #[serde(default)]
    pub quote_groups: Vec<QuoteGroup>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_hash_is_stable_and_kind_sensitive() {
        let a = RawDocument::hash_body(&Body::Text("ciao".into()));
        let b = RawDocument::hash_body(&Body::Html(b"ciao".to_vec()));
        assert_eq!(a, RawDocument::hash_body(&Body::Text("ciao".into())));
        assert_ne!(a, b);
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn entity_type_serialises_as_short_tag() {
        let json = serde_json::to_string(&EntityType::Person).unwrap();
        assert_eq!(json, "\"PER\"");
    }

    /// The names in `docs/FORMAT.md` and `docs/schema.json`: the batch contract.
    #[test]
    fn enums_serialise_as_the_contract_names() {
        fn names<T: Serialize>(all: &[T]) -> Vec<String> {
            all.iter().map(|v| serde_json::to_value(v).unwrap().as_str().unwrap().to_string()).collect()
        }
        use TimexKind::*;
        assert_eq!(names(&[Date, Time, Duration, Set]), ["date", "time", "duration", "set"]);
        assert_eq!(names(&[Level::Error, Level::Warning]), ["error", "warning"]);
        use FactStatus::*;
        assert_eq!(names(&[Single, Agree, ApproxAgree, Conflict]), ["single", "agree", "approx-agree", "conflict"]);
        use Decision::*;
        let all = [NewStory, Joined, Duplicate, Correction, Decision::Split, Merged, Reassigned, Storyline];
        let expected = ["new-story", "joined", "duplicate", "correction", "split", "merged", "reassigned", "storyline"];
        assert_eq!(names(&all), expected);
        assert!(all.iter().zip(expected).all(|(d, e)| d.as_str() == e && d.to_string() == e));
        assert!([Date, Time, Duration, Set].iter().all(|k| names(&[*k])[0] == k.as_str()));
        assert!([Single, Agree, ApproxAgree, Conflict].iter().all(|k| names(&[*k])[0] == k.as_str()));
        assert!([Level::Error, Level::Warning].iter().all(|k| names(&[*k])[0] == k.as_str()));
    }

    #[test]
    fn a_date_mention_without_kind_is_a_date() {
        let m: DateMention = serde_json::from_str(r#"{"text":"ieri","start":0,"end":4,"value":"2025-03-11"}"#).unwrap();
        assert_eq!(m.kind, TimexKind::Date);
    }

    #[test]
    fn new_computes_the_content_hash() {
        let body = Body::Text("ciao".into());
        let d = RawDocument::new("a", "a.txt", Format::Text, body.clone()).with_lang(Some("it".into()));
        assert_eq!(d.content_hash, RawDocument::hash_body(&body));
        assert_eq!((d.lang.as_deref(), d.url.as_deref()), (Some("it"), None));
    }
}
