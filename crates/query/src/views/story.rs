//! A story: its reports side by side with what they share, what only one says and where they
//! disagree marked; its summary, facts, quotes by speaker, dated events and entities, each line
//! citing the reports it comes from.

use super::{EntityChip, Mark, Seg, date_label, date_span, human_date, safe_url, seg, segments};
use crate::{StoryDetail, entity_kind_label, entity_kind_tag};
use rassegna_model::{FactStatus, PartialDate};
use std::collections::BTreeMap;

/// One report of the story, numbered in the story's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub n: usize,
    pub anchor: String,
    pub href: String,
    pub outlet: String,
    pub title: String,
    pub date: String,
    pub lang: String,
    pub url: Option<String>,
    /// Which report this one copies: `copia del resoconto 2`.
    pub duplicate_of: Option<String>,
    pub paras: Vec<Vec<Seg>>,
}

/// A reference to a report: its number, its anchor on the page and its outlet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cite {
    pub n: usize,
    pub anchor: String,
    pub outlet: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    pub sentence: String,
    pub cites: Vec<Cite>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactLine {
    pub subject: String,
    pub value: String,
    /// The status tag (a CSS class): `agree`, `conflict`...
    pub status: &'static str,
    pub status_label: &'static str,
    pub cites: Vec<Cite>,
    pub independent: usize,
}

/// What one report says of a contested fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConflictVersion {
    pub cite: Cite,
    pub value: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub subject: String,
    pub versions: Vec<ConflictVersion>,
}

/// One wording of a quote, as one report gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    pub text: String,
    pub cite: Option<Cite>,
}

/// The quotes of one speaker, grouped (one group per thing said, one variant per report).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Speaker {
    pub name: String,
    pub href: Option<String>,
    pub groups: Vec<Vec<Variant>>,
}

/// The entities of one type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityGroup {
    pub label: &'static str,
    pub entities: Vec<EntityChip>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryPageView {
    pub title: String,
    pub dates: String,
    pub outlets: String,
    pub languages: Vec<String>,
    pub articles: usize,
    pub independent: usize,
    /// The storyline's page and title.
    pub storyline: Option<(String, String)>,
    pub summary: Vec<SummaryLine>,
    pub reports: Vec<Report>,
    pub facts: Vec<FactLine>,
    pub conflicts: Vec<Conflict>,
    pub speakers: Vec<Speaker>,
    /// Dated events: (date, text, reports).
    pub timeline: Vec<(String, String, Vec<Cite>)>,
    pub entities: Vec<EntityGroup>,
}

/// How the page says a relation the facts stage names with a canonical verb (shared by every
/// language, so that "ha firmato" and "signed" align).
const RELATIONS: &[(&str, &str)] = &[
    ("signed agreement", "ha firmato un accordo"),
    ("signed", "ha firmato"),
    ("met", "ha incontrato"),
    ("appointed", "ha nominato"),
    ("accused", "ha accusato"),
    ("arrested", "ha arrestato"),
    ("elected", "ha eletto"),
    ("invited", "ha invitato"),
    ("bought", "ha comprato"),
    ("condemned", "ha condannato"),
    ("ratified", "ha ratificato"),
    ("won", "ha vinto"),
    ("attack", "ha attaccato"),
    ("visit", "ha visitato"),
];

/// Currencies by code, as the page writes them after an amount.
const CURRENCIES: &[(&str, &str)] =
    &[("EUR", "euro"), ("USD", "dollari"), ("GBP", "sterline"), ("RUB", "rubli"), ("CHF", "franchi")];

/// Thousands grouped the Italian way ("10.000"), decimals after a comma.
fn number_it(n: &str) -> String {
    let (int, frac) = n.split_once('.').map_or((n, None), |(i, f)| (i, Some(f)));
    if int.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || frac.is_some_and(|f| !f.chars().all(|c| c.is_ascii_digit()))
    {
        return n.to_string();
    }
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{grouped},{f}"),
        None => grouped,
    }
}

/// A fact's value as a reader writes it: ISO 8601 durations ("P22Y", "PT3H") in words, amounts
/// with their currency in words, counts grouped by thousands, relations in words; the rest as is.
pub fn readable(value: &str) -> String {
    if let Some((verb, said)) = RELATIONS.iter().find(|(v, _)| value == *v || value.starts_with(&format!("{v} "))) {
        let rest = value[verb.len()..].replacen(" with ", " con ", 1).replacen(" of ", " di ", 1);
        return format!("{said}{rest}");
    }
    if let Some((amount, code)) = value.split_once(' ')
        && let Some((_, word)) = CURRENCIES.iter().find(|(c, _)| *c == code)
    {
        return format!("{} {word}", number_it(amount));
    }
    if let Some(pct) = value.strip_suffix('%') {
        return format!("{}%", number_it(pct));
    }
    if value.chars().all(|c| c.is_ascii_digit() || c == '.') && value.len() > 4 {
        return number_it(value);
    }
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
        // Hours are the only unit with no other reading: some writers leave out the T.
        (_, 'H') => ("ora", "ore"),
        (true, 'M') => ("minuto", "minuti"),
        (true, 'S') => ("secondo", "secondi"),
        _ => return value.to_string(),
    };
    let word = if n == "1" { one } else { many };
    format!("{} {word}", n.replace('.', ","))
}

/// A quantity's qualifier as the page says it.
pub fn qualifier_label(q: &str) -> &str {
    match q {
        "approx" => "circa",
        "more-than" => "oltre",
        "less-than" => "meno di",
        "at-least" => "almeno",
        "at-most" => "al massimo",
        other => other,
    }
}

/// How the reports stand on a fact, in words.
pub fn status_label(status: FactStatus) -> &'static str {
    match status {
        FactStatus::Agree => "concordano",
        FactStatus::ApproxAgree => "concordano (circa)",
        FactStatus::Conflict => "in conflitto",
        FactStatus::Single => "una sola fonte",
    }
}

/// The reports' publications, for the timeline chart: (report number, outlet, date).
pub fn publications(d: &StoryDetail) -> Vec<(String, String, PartialDate)> {
    d.articles
        .iter()
        .enumerate()
        .filter_map(|(i, a)| {
            a.published.map(|p| ((i + 1).to_string(), a.outlet.clone().unwrap_or_else(|| a.id.clone()), p))
        })
        .collect()
}

pub fn story_page(d: &StoryDetail) -> StoryPageView {
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

    let mut marks: BTreeMap<&str, Vec<Mark>> = BTreeMap::new();
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
                Some(q) => format!("{} {}", qualifier_label(q), readable(&f.value)),
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

    StoryPageView {
        title: s.title.clone().unwrap_or_else(|| format!("Storia {}", s.id)),
        dates: date_span(s.first_published, s.last_published),
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
        timeline,
        entities,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_as_words() {
        assert_eq!(readable("P22Y"), "22 anni");
        assert_eq!(readable("P1Y"), "1 anno");
        assert_eq!(readable("P1.5Y"), "1,5 anni");
        assert_eq!(readable("PT3H"), "3 ore");
        assert_eq!(readable("P3M"), "3 mesi");
        assert_eq!(readable("1200"), "1200");
        assert_eq!(readable("10000"), "10.000");
        assert_eq!(readable("200000 EUR"), "200.000 euro");
        assert_eq!(readable("2.5%"), "2,5%");
        assert_eq!(readable("signed agreement with Kim Jong Un"), "ha firmato un accordo con Kim Jong Un");
        assert_eq!(
            readable("accused Corea del Nord of fornire munizioni"),
            "ha accusato Corea del Nord di fornire munizioni"
        );
        assert_eq!(readable("metro"), "metro");
        assert_eq!(readable("Parigi"), "Parigi");
        assert_eq!(readable("P"), "P");
    }
}
