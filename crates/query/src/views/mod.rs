//! View models of the web pages: the plain data each page shows (texts, labels, dates written out
//! in Italian, links to other pages), built from the facade's structs by plain functions, one module
//! per page. No HTML here: the server's templates lay these out and escape them.

pub mod article;
pub mod atom;
pub mod entity;
pub mod front;
pub mod search;
pub mod sources;
pub mod story;
pub mod storyline;

use rassegna_model::PartialDate;
use rassegna_store::StoryRow;

/// Dates are written in Italian.
const IT: &rassegna_lang::Tables = &rassegna_lang::it::TABLES;

/// A percent-encoded path segment (ids may hold `/`, `:` or spaces).
pub fn seg(s: &str) -> String {
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

/// A date as an Italian reader writes it: `19 giugno 2024`, `giugno 2024`, `2024`.
pub fn human_date(d: PartialDate) -> String {
    let month = |m: u8| IT.months[(m as usize - 1) % 12];
    match (d.month, d.day) {
        (Some(m), Some(day)) => format!("{day} {} {}", month(m), d.year),
        (Some(m), None) => format!("{} {}", month(m), d.year),
        _ => d.year.to_string(),
    }
}

/// A time expression's value (TIMEX3, as the time tagger writes it) as an Italian reader writes it:
/// `2011-12-18TMO` is "18 dicembre 2011, mattina", `P12H`... "12 ore", `PRESENT_REF` "ora",
/// `2011-SU` "estate 2011". A value of another form is shown as it is.
pub fn timex_label(value: &str) -> String {
    match value {
        "PRESENT_REF" => return "ora".into(),
        "PAST_REF" => return "in passato".into(),
        "FUTURE_REF" => return "in futuro".into(),
        _ => {}
    }
    if value.starts_with('P') {
        return story::readable(value);
    }
    let (date, time) = value.split_once('T').unwrap_or((value, ""));
    if let Some((year, part)) = date.split_once('-')
        && year.len() == 4
        && year.chars().all(|c| c.is_ascii_digit())
    {
        let period = match part {
            "SP" => Some("primavera"),
            "SU" => Some("estate"),
            "FA" => Some("autunno"),
            "WI" => Some("inverno"),
            "Q1" => Some("primo trimestre"),
            "Q2" => Some("secondo trimestre"),
            "Q3" => Some("terzo trimestre"),
            "Q4" => Some("quarto trimestre"),
            "H1" => Some("primo semestre"),
            "H2" => Some("secondo semestre"),
            _ => None,
        };
        if let Some(p) = period {
            return format!("{p} {year}");
        }
        if let Some(w) = part.strip_prefix('W').and_then(|w| w.parse::<u8>().ok()) {
            return format!("settimana {w} del {year}");
        }
    }
    let Ok(d) = date.parse::<PartialDate>() else { return value.to_string() };
    let day_part = match time {
        "" => None,
        "MO" => Some("mattina".to_string()),
        "MI" => Some("mezzogiorno".to_string()),
        "AF" => Some("pomeriggio".to_string()),
        "EV" => Some("sera".to_string()),
        "NI" => Some("notte".to_string()),
        t if t.len() >= 5 && t.as_bytes()[2] == b':' => Some(format!("ore {}", &t[..5])),
        _ => return value.to_string(),
    };
    match day_part {
        Some(p) => format!("{}, {p}", human_date(d)),
        None => human_date(d),
    }
}

/// A Unix time as an Italian reader writes it, in UTC: `4 marzo 2025, 10:05 UTC`.
pub fn time_label(t: i64) -> String {
    let Ok(ts) = jiff::Timestamp::from_second(t) else { return t.to_string() };
    let dt = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime();
    let d = PartialDate::day(dt.year() as i32, dt.month() as u8, dt.day() as u8);
    match d {
        Some(d) => format!("{}, {:02}:{:02} UTC", human_date(d), dt.hour(), dt.minute()),
        None => ts.to_string(),
    }
}

/// A date written out, or nothing.
pub fn date_label(d: Option<PartialDate>) -> String {
    d.map(human_date).unwrap_or_default()
}

/// A date given as text (`2024-06-19`, `2024-06-19T08:00:00Z`) written out, or nothing.
pub fn date_str_label(s: Option<&str>) -> String {
    s.and_then(|s| PartialDate::parse_prefix(s).ok()).map(human_date).unwrap_or_default()
}

/// A span of dates written out: `19 giugno 2024 – 2 luglio 2024`, one date when both are the same.
fn date_span(first: Option<PartialDate>, last: Option<PartialDate>) -> String {
    // A first date known only to the month or year that holds the last one says nothing more:
    // "giugno 2024 – 19 giugno 2024" reads "19 giugno 2024".
    let within = |f: PartialDate, l: PartialDate| {
        f.year == l.year && f.day.is_none() && (f.month.is_none() || f.month == l.month)
    };
    if let (Some(f), Some(l)) = (first, last)
        && within(f, l)
    {
        return date_label(last);
    }
    let first = date_label(first);
    let last = date_label(last);
    if last.is_empty() || last == first { first } else { format!("{first} – {last}") }
}

/// Only plain web links are shown as links; anything else (`javascript:`...) is not.
pub fn safe_url(u: &Option<String>) -> Option<String> {
    u.as_ref()
        .filter(|u| {
            let l = u.trim_start().to_ascii_lowercase();
            l.starts_with("http://") || l.starts_with("https://")
        })
        .cloned()
}

/// A story in a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoryItem {
    pub href: String,
    pub title: String,
    pub dates: String,
    pub articles: usize,
    pub independent: usize,
    pub outlets: String,
    pub languages: Vec<String>,
    /// `nuova` or `cresciuta` in the last update of a followed store, else empty.
    pub fresh: &'static str,
}

impl From<&StoryRow> for StoryItem {
    fn from(r: &StoryRow) -> Self {
        StoryItem {
            href: format!("/stories/{}", seg(&r.id)),
            title: r.title.clone().unwrap_or_else(|| format!("Storia {}", r.id)),
            dates: date_span(r.first_published, r.last_published),
            articles: r.articles,
            independent: r.independent_sources,
            outlets: r.outlets.join(" · "),
            languages: r.languages.clone(),
            fresh: "",
        }
    }
}

/// An entity named by a story or an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityChip {
    pub href: String,
    pub name: String,
    /// Other names (a story) or the role given (an article).
    pub aliases: String,
    pub reports: usize,
}

/// What a filter form shows back, as typed (empty when unset); `q` is the search text (always
/// empty on the story list).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub q: String,
    pub from: String,
    pub to: String,
    pub lang: String,
    pub outlet: String,
    pub entity: String,
}

impl Filters {
    /// The query string of the page of these filters at `offset`: `?from=2024&offset=20`, or `?`.
    pub fn link(&self, offset: usize) -> String {
        let pairs = [
            ("q", &self.q),
            ("from", &self.from),
            ("to", &self.to),
            ("lang", &self.lang),
            ("outlet", &self.outlet),
            ("entity", &self.entity),
        ];
        let mut parts: Vec<String> =
            pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", seg(v))).collect();
        if offset > 0 {
            parts.push(format!("offset={offset}"));
        }
        if parts.is_empty() { "?".into() } else { format!("?{}", parts.join("&")) }
    }

    /// The query string of this list as an Atom feed: `?from=2024&format=atom`.
    pub fn atom_link(&self) -> String {
        match self.link(0).as_str() {
            "?" => "?format=atom".into(),
            l => format!("{l}&format=atom"),
        }
    }

    /// Links to the previous and next pages of a list at `offset` (`limit` a page) showing `shown`
    /// of `total` items.
    fn pager(&self, offset: usize, limit: usize, shown: usize, total: usize) -> (Option<String>, Option<String>) {
        let prev = (offset > 0).then(|| self.link(offset.saturating_sub(limit)));
        let next = (offset + shown < total).then(|| self.link(offset + limit));
        (prev, next)
    }
}

/// A run of report text, marked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seg {
    pub text: String,
    /// CSS class: empty, `shared`, `unique`, `conflict`, `quote` or `date`.
    pub class: &'static str,
    pub note: String,
}

/// A marked span of a text: start and end bytes, class, note.
type Mark = (usize, usize, &'static str, String);

/// Cut a text into paragraphs of marked runs. Spans that overlap an earlier one, fall outside the
/// text or split a character are dropped: a bad span must not garble the report.
fn segments(text: &str, mut marks: Vec<Mark>) -> Vec<Vec<Seg>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_story_span_says_each_date_once() {
        let d = |s: &str| s.parse::<PartialDate>().ok();
        assert_eq!(date_span(d("2024-06"), d("2024-06-19")), "19 giugno 2024");
        assert_eq!(date_span(d("2024-06-18"), d("2024-06-19")), "18 giugno 2024 – 19 giugno 2024");
        assert_eq!(date_span(d("2024-05"), d("2024-06-19")), "maggio 2024 – 19 giugno 2024");
        assert_eq!(date_span(d("2024-06-19"), d("2024-06-19")), "19 giugno 2024");
    }

    #[test]
    fn time_values_read_as_words_never_as_codes() {
        assert_eq!(timex_label("2011-12-18TMO"), "18 dicembre 2011, mattina");
        assert_eq!(timex_label("2024-06-19T14:30"), "19 giugno 2024, ore 14:30");
        assert_eq!(timex_label("2024-06"), "giugno 2024");
        assert_eq!(timex_label("PRESENT_REF"), "ora");
        assert_eq!(timex_label("P12H"), "12 ore", "hours written without the T read as hours");
        assert_eq!(timex_label("PT12H"), "12 ore");
        assert_eq!(timex_label("P19Y"), "19 anni");
        assert_eq!(timex_label("2011-SU"), "estate 2011");
        assert_eq!(timex_label("2011-W07"), "settimana 7 del 2011");
        assert_eq!(timex_label("XXXX-06-19"), "XXXX-06-19");
    }

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
    fn path_segments_are_percent_encoded() {
        assert_eq!(seg("seeds/001 a:b"), "seeds%2F001%20a%3Ab");
        assert_eq!(seg("Kim Jong-un"), "Kim%20Jong-un");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(safe_url(&Some("javascript:alert(1)".into())), None);
        assert!(safe_url(&Some("https://example.org/a".into())).is_some());
    }

    #[test]
    fn dates_are_written_in_italian() {
        assert_eq!(human_date("2024-06".parse().unwrap()), "giugno 2024");
        assert_eq!(date_str_label(Some("2024-06-19T08:00:00Z")), "19 giugno 2024");
        assert_eq!(
            date_span(Some("2024-06-19".parse().unwrap()), Some("2024-06-19".parse().unwrap())),
            "19 giugno 2024"
        );
    }

    #[test]
    fn page_links_keep_the_filters_set() {
        let f = Filters { from: "2024-06".into(), outlet: "Gazzetta del Lago".into(), ..Filters::default() };
        assert_eq!(f.link(0), "?from=2024-06&outlet=Gazzetta%20del%20Lago");
        assert_eq!(f.link(20), "?from=2024-06&outlet=Gazzetta%20del%20Lago&offset=20");
        assert_eq!(Filters::default().link(0), "?");
    }
}
