//! Page debris in already-extracted text: each line, and some inline fragments, classified as content or
//! debris by cue tables, structure (short lines, headline lists, link-like fragments) and the outlet's
//! template. Nothing silently disappears: every cut is returned with its reason and byte span.

use crate::cues::{self, AGENCIES, Cues};
use crate::metadata;
use crate::templates::Templates;
use rassegna_model::{PartialDate, Removed};
use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What the debris pass needs to know about a document.
pub struct Context<'a> {
    pub lang: Option<&'a str>,
    /// The title the input gave, if any (its copies in the text are removed).
    pub given_title: Option<&'a str>,
    pub templates: &'a Templates,
    /// The outlet key the templates were learned under.
    pub outlet: Option<&'a str>,
    /// Numeric dates are month-first (US English).
    pub month_first: bool,
}

/// The result of the debris pass over one text.
#[derive(Debug, Default)]
pub struct Analysis {
    pub text: String,
    pub removed: Vec<Removed>,
    /// The first line, when it looked like a title and no title was given.
    pub title: Option<String>,
    /// The outlet's name printed above the headline (when no title was given).
    pub masthead: Option<String>,
    pub author: Option<String>,
    pub wire: Option<String>,
    pub date_marker: Option<PartialDate>,
    /// A line holding only a date (a page's "published" widget).
    pub date_line: Option<PartialDate>,
    pub dateline: Option<PartialDate>,
}

/// One line of the input with its folded form (for cue lookup) and what was decided about it.
struct Line<'a> {
    /// Byte span of the trimmed line in the input.
    start: usize,
    text: &'a str,
    folded: String,
    /// `map[i]` is the offset in `text` of folded byte `i` (one extra entry for the end).
    map: Vec<usize>,
    words: usize,
    cut: Option<&'static str>,
    /// Inline cuts: byte spans relative to `text`, with reasons.
    inline: Vec<(usize, usize, &'static str)>,
}

impl Line<'_> {
    fn blank(&self) -> bool {
        self.text.is_empty()
    }

    fn kept(&self) -> bool {
        !self.blank() && self.cut.is_none()
    }

    /// The folded line without leading or trailing punctuation, bullets or arrows.
    fn bare(&self) -> &str {
        self.folded.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '©')
    }

    /// Ends like a sentence (period, question or exclamation mark), ignoring closing quotes and brackets.
    fn ends_sentence(&self) -> bool {
        let t = self.text.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', ' ']);
        t.ends_with(['.', '!', '?']) && !is_ellipsis_end(t)
    }

    fn teaser(&self) -> bool {
        is_ellipsis_end(self.text.trim_end())
    }

    /// A short line with no sentence end: a heading or a headline.
    fn headline(&self) -> bool {
        self.words <= 20 && !self.ends_sentence() && !self.text.ends_with(':')
    }
}

fn is_ellipsis_end(t: &str) -> bool {
    t.ends_with("...") || t.ends_with('…')
}

/// Fold a line for lookup, keeping where each folded byte came from.
fn fold_map(text: &str) -> (String, Vec<usize>) {
    let mut folded = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices() {
        let before = folded.len();
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else {
            folded.push_str(&rassegna_text::fold(c.encode_utf8(&mut buf)));
        }
        map.extend(std::iter::repeat_n(i, folded.len() - before));
    }
    map.push(text.len());
    (folded, map)
}

/// Whether `s` starts with the phrase `cue` ending at a word boundary.
fn starts_with_phrase(s: &str, cue: &str) -> bool {
    s.starts_with(cue)
        && (cue.ends_with(|c: char| !c.is_alphanumeric())
            || s[cue.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

fn agency_alternation() -> String {
    let mut names: Vec<&str> = AGENCIES.to_vec();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.iter().map(|n| regex::escape(n)).collect::<Vec<_>>().join("|")
}

/// Wire credits: a parenthetical credit anywhere, a `Fonte: X` line, a trailing `— X`.
fn wire_regexes() -> &'static (Regex, Regex, Regex) {
    static RE: OnceLock<(Regex, Regex, Regex)> = OnceLock::new();
    RE.get_or_init(|| {
        let a = agency_alternation();
        let intro = r"(?i:con fonte|fonte|fonti|source|sources|fuente|quelle|via|with|con|avec|mit)";
        let list = format!(r"(?:{a})(?:\s*(?:[/,&+-]|\be\b|\band\b|\by\b|\bet\b|\bund\b)\s*(?:{a}))*");
        let paren = Regex::new(&format!(r"\(\s*(?:{intro}\s*:?\s+)?({list})\s*\)")).expect("regex");
        let line = Regex::new(&format!(r"^(?:{intro}|(?i:credit|credits|crediti))\s*:\s*({list})\.?$")).expect("regex");
        let tail = Regex::new(&format!(r"(?:^|\s)[-–—]\s*({list})\.?$")).expect("regex");
        (paren, line, tail)
    })
}

fn date_marker_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)(?:\s|$)").expect("regex"))
}

fn parenthetical_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"\(([^()\n]{1,200})\)").expect("regex"))
}

/// Name particles allowed in lowercase inside a byline name.
const NAME_PARTICLES: &[&str] = &[
    "de", "di", "da", "del", "della", "dei", "van", "von", "der", "den", "la", "le", "e", "and", "y", "et", "und", "&",
    "du", "des", "dos",
];

/// The author named by a byline line ("A cura di Maria Rossi", "By John Smith | June 19, 2024").
fn byline(line: &Line, tables: &[&Cues]) -> Option<String> {
    if line.words > 12 {
        return None;
    }
    let bare = line.folded.trim_start_matches(|c: char| !c.is_alphanumeric());
    let lead = line.folded.len() - bare.len();
    let intro = tables
        .iter()
        .flat_map(|c| c.byline.iter().copied())
        .filter(|i| starts_with_phrase(bare, i) && bare.len() > i.len())
        .max_by_key(|i| i.len())?;
    let rest = line.text[line.map[lead + intro.len()]..].trim_start_matches([' ', ':']);
    // The name ends at a separator; what follows (date, outlet, role) is at most a few words.
    let name = rest.split([',', '|', '-', '–', '—', '(', '/', '·', '•']).next()?.trim();
    let tail_words = rest[name.len()..].split_whitespace().count();
    let words: Vec<&str> = name.split_whitespace().collect();
    if words.is_empty() || words.len() > 6 || tail_words > 8 {
        return None;
    }
    let mut capitals = 0;
    for w in &words {
        let first = w.chars().next()?;
        if first.is_uppercase() {
            capitals += 1;
            if w.chars().any(|c| c.is_ascii_digit()) {
                return None;
            }
        } else if !NAME_PARTICLES.contains(&w.to_lowercase().as_str()) {
            return None;
        }
    }
    // "Di Maio" alone is a name, not a byline: a byline names a person with at least one capitalised word.
    (capitals >= 1 && !(words.len() == 1 && intro.len() <= 3 && line.words == 2 && bare.len() < 8))
        .then(|| name.to_string())
}

/// "Aktualisiert am 17.01.2021", "Published June 3, 2025 at 4:10 pm": a label, then only a date.
fn labelled_date(line: &Line, tables: &[&Cues]) -> Option<PartialDate> {
    if line.words > 12 {
        return None;
    }
    let bare = line.folded.trim();
    let label = tables
        .iter()
        .flat_map(|c| c.labels.iter().copied())
        .chain(["asked", "answered", "edited"])
        .filter(|l| starts_with_phrase(bare, l))
        .max_by_key(|l| l.len())?;
    let rest = bare[label.len()..].trim_start_matches([' ', ':', ',']);
    metadata::date_only_line(rest)
}

/// A line holding only a time of day ("19:49", "8.30 Uhr"): a page widget's timestamp.
fn time_only(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| Regex::new(r"(?i)^\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:uhr|h|am|pm|[a-z]{3,4})?$").expect("regex"))
        .is_match(text)
}

/// A timestamp line: a date with its year and a clock time closing a line of a few words, the header of
/// a post or a reader's comment ("leo561 10 novembre 2014 alle 20:02", "parapp scrive: 15 marzo 2011
/// alle 03:51", "(Aggiornato alle 04:28 del 20 marzo 2011)"). Returns the date and the words before it:
/// at most four, or up to eight ending on a publishing label ("Questo articolo è stato pubblicato il").
/// Prose that dates an event to the minute goes on after the date or runs longer. The flag says whether
/// the words before are a label rather than a name.
fn timestamp(line: &Line, tables: &[&Cues]) -> Option<(PartialDate, usize, bool)> {
    static CLOCK: OnceLock<Regex> = OnceLock::new();
    if line.words > 12
        || !CLOCK.get_or_init(|| Regex::new(r"\b\d{1,2}[:.]\d{2}\b").expect("regex")).is_match(&line.folded)
    {
        return None;
    }
    let s = line.folded.trim().trim_matches(['(', ')', '[', ']']).trim();
    word_starts(s).take(9).enumerate().find_map(|(k, at)| {
        let date = metadata::date_only_line(&s[at..])?;
        let labelled = ends_on_label(&s[..at], tables);
        (k <= 4 || labelled).then_some((date, k, labelled))
    })
}

/// Byte offsets where the words of `s` start.
fn word_starts(s: &str) -> impl Iterator<Item = usize> + '_ {
    s.char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && (i == 0 || s[..i].ends_with(char::is_whitespace)))
        .map(|(i, _)| i)
}

/// Whether folded words end on a publishing label ("questo articolo e stato pubblicato il"): one of
/// several words at their end, or a one-word label as all of them.
fn ends_on_label(prefix: &str, tables: &[&Cues]) -> bool {
    let prefix = prefix.trim_end().trim_end_matches(':').trim_end();
    tables.iter().any(|c| c.labels.iter().any(|l| prefix == *l || (l.contains(' ') && prefix.ends_with(l))))
}

/// A picture credit: an agency, a slash and a photographer ("AFP / JANE DOE", "ANSA/Mario Rossi").
fn photo_credit(text: &str) -> bool {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(&format!(
            r"^(?:\(?(?:{a})\)?\s*/\s*[\p{{L}} .'-]{{2,40}}|[\p{{L}} .'-]{{2,40}}/\s*(?:{a}))$",
            a = agency_alternation()
        ))
        .expect("regex")
    })
    .is_match(text.trim())
}

/// A menu or breadcrumb: short items in capitals set apart by bars, dots or wide gaps
/// ("HOME  CRONACA  SPORT", "CULTURA | SALENTO").
fn is_menu(text: &str) -> bool {
    let items: Vec<&str> =
        text.split(['|', '·', '•']).flat_map(|p| p.split("  ")).map(str::trim).filter(|p| !p.is_empty()).collect();
    items.len() >= 2
        && items.iter().all(|i| i.split_whitespace().count() <= 3)
        && text.chars().any(char::is_alphabetic)
        && !text.chars().any(char::is_lowercase)
}

/// A whole line that is debris by its cue words or its shape.
fn classify(line: &Line, tables: &[&Cues]) -> Option<&'static str> {
    if !line.text.chars().any(char::is_alphanumeric) {
        return Some("separator");
    }
    let bare = line.bare();
    let exact = |pick: fn(&Cues) -> &'static [&'static str], s: &str| tables.iter().any(|c| pick(c).contains(&s));
    let prefix = |pick: fn(&Cues) -> &'static [&'static str]| {
        tables.iter().any(|c| pick(c).iter().any(|cue| starts_with_phrase(bare, cue)))
    };
    // A label, possibly with a note in brackets: "Keine Kommentare (erscheinen nach Freigabe)".
    let unbracketed = match bare.find(" (") {
        Some(i) if line.words <= 12 => bare[..i].trim(),
        _ => bare,
    };
    if exact(|c| c.labels, bare) || exact(|c| c.labels, unbracketed) {
        return Some("label");
    }
    if exact(|c| c.sections, bare) {
        return Some("section");
    }
    if exact(|c| c.read_more, bare) {
        return Some("read-more");
    }
    if exact(|c| c.related, bare) {
        return Some("related-heading");
    }
    // Banners in two languages at once: "Di tendenza / Trending".
    let parts: Vec<&str> = bare.split(['/', '|']).map(str::trim).collect();
    if parts.len() > 1
        && parts.iter().all(|p| table_any(|c| c.sections.contains(p) || c.labels.contains(p) || c.related.contains(p)))
    {
        return Some("section");
    }
    if is_menu(line.text) {
        return Some("navigation");
    }
    if code_line(line.text) {
        return Some("code");
    }
    // A form's field labels: "First Name *", "Email Address *" (the star marks a required field).
    if line.words <= 4 && line.text.trim_end().ends_with('*') && !line.text.trim_start().starts_with('*') {
        return Some("form");
    }
    // A site's name and the day's date in the page header: "Diritto di critica | July 29, 2020".
    if line.words <= 12 && stamp(&line.folded) {
        return Some("date-line");
    }
    if line.words <= 10 && prefix(|c| c.media) {
        return Some("media");
    }
    if line.words <= 20 && prefix(|c| c.social) {
        return Some("social-prompt");
    }
    if line.words <= 40 && prefix(|c| c.notices) {
        return Some("notice");
    }
    if line.words <= 30 && prev_next(line, bare, tables) {
        return Some("prev-next");
    }
    if line.words <= 7 && prefix(|c| c.related) && !line.ends_sentence() {
        // "Lesen Sie auch die folgenden Beiträge:": a heading over a list, like an exact one.
        return Some("related-heading");
    }
    let related_then_mark = tables.iter().flat_map(|c| c.related.iter()).any(|cue| {
        starts_with_phrase(bare, cue)
            && bare[cue.len()..].trim_start().starts_with(|c: char| !c.is_alphanumeric() && c != '\'' && c != '"')
    });
    if line.words <= 20 && prefix(|c| c.related) && (bare.contains(':') || line.headline() || related_then_mark) {
        // "Leggi anche: <headline>" as one line.
        return Some("related-link");
    }
    None
}

fn table_any(f: impl Fn(&Cues) -> bool) -> bool {
    cues::table().iter().any(|c| f(c))
}

/// "PREV <headline>" / "Articolo successivo: <headline>". One-word cues only count in capitals, so that
/// a sentence starting with "Next week" stays.
fn prev_next(line: &Line, bare: &str, tables: &[&Cues]) -> bool {
    tables.iter().flat_map(|c| c.prev_next.iter()).any(|cue| {
        if !starts_with_phrase(bare, cue) {
            return false;
        }
        if cue.contains(' ') {
            return true;
        }
        let first =
            line.text.trim_start_matches(|c: char| !c.is_alphanumeric()).split_whitespace().next().unwrap_or("");
        let word: String = first.chars().take_while(|c| c.is_alphanumeric()).collect();
        word.chars().count() >= 4 && word.chars().all(|c| !c.is_lowercase())
    })
}

/// Inline fragments of a kept line: a parenthetical wire credit or link to a live blog, a trailing wire
/// credit or a trailing social prompt.
fn inline_cuts(line: &Line, tables: &[&Cues], wire: &mut Option<String>) -> Vec<(usize, usize, &'static str)> {
    let mut cuts = Vec::new();
    let (paren_wire, _, tail_wire) = wire_regexes();
    for m in parenthetical_regex().captures_iter(line.text) {
        let (whole, inner) = (m.get(0).expect("match"), m.get(1).expect("group"));
        if let Some(w) =
            paren_wire.captures(whole.as_str()).filter(|c| c.get(0).is_some_and(|g| g.len() == whole.len()))
        {
            wire.get_or_insert_with(|| w[1].to_string());
            cuts.push((whole.start(), whole.end(), "wire-credit"));
            continue;
        }
        if link_like(inner.as_str(), tables) {
            cuts.push((whole.start(), whole.end(), "inline-link"));
        }
    }
    if let Some(c) = tail_wire.captures(line.text)
        && line.words > 2
    {
        let g = c.get(0).expect("match");
        let start = g.start() + (g.as_str().len() - g.as_str().trim_start().len());
        if !cuts.iter().any(|&(s, e, _)| s < g.end() && start < e) {
            wire.get_or_insert_with(|| c[1].to_string());
            cuts.push((start, g.end(), "wire-credit"));
        }
    }
    if line.words <= 30
        && let Some(at) = line.text.rfind('©')
        && line.text[at..].split_whitespace().count() <= 7
        && at > 0
        && !cuts.iter().any(|&(_, e, _)| e > at)
    {
        // A picture credit closing a caption: "Il sindaco in piazza. © ANSA / Mario Rossi".
        cuts.push((at, line.text.len(), "photo-credit"));
    }
    if let Some(start) = trailing_social(line, tables)
        && !cuts.iter().any(|&(_, e, _)| e > start)
    {
        cuts.push((start, line.text.len(), "social-prompt"));
    }
    cuts.sort();
    cuts
}

/// A parenthetical that is a link rather than prose: all capitals (a live-blog banner) or opening with a
/// link cue ("leggi anche", "video").
fn link_like(inner: &str, tables: &[&Cues]) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in inner.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    let words = inner.split_whitespace().count();
    if words >= 3 && upper >= 12 && lower * 20 <= upper {
        return true;
    }
    let folded = rassegna_text::fold(inner.trim());
    words <= 12
        && tables.iter().any(|c| {
            c.inline_link.iter().chain(c.related.iter()).any(|cue| {
                starts_with_phrase(&folded, cue)
                    && (folded.len() == cue.len() || folded[cue.len()..].starts_with([':', ' ', ',']))
            })
        })
}

/// The social cues that can trail a paragraph (phrases of two words or more), from every table, in one
/// automaton: each line is scanned once instead of once per cue. `langs[p]` has bit `i` set when pattern
/// `p` is in `cues::table()[i]`.
struct SocialCues {
    automaton: aho_corasick::AhoCorasick,
    langs: Vec<u32>,
}

fn social_cues() -> &'static SocialCues {
    static CUES: OnceLock<SocialCues> = OnceLock::new();
    CUES.get_or_init(|| {
        let mut patterns: Vec<&'static str> = Vec::new();
        let mut langs: Vec<u32> = Vec::new();
        for (i, table) in cues::table().iter().enumerate() {
            for cue in table.social.iter().filter(|c| c.trim().contains(' ') && c.len() >= 8) {
                match patterns.iter().position(|p| p == cue) {
                    Some(at) => langs[at] |= 1 << i,
                    None => {
                        patterns.push(cue);
                        langs.push(1 << i);
                    }
                }
            }
        }
        let automaton = aho_corasick::AhoCorasick::new(&patterns).expect("social cue automaton");
        SocialCues { automaton, langs }
    })
}

/// Where a social prompt that trails a paragraph starts ("... ha detto. Entra nel canale WhatsApp di X").
fn trailing_social(line: &Line, tables: &[&Cues]) -> Option<usize> {
    let all = cues::table();
    let mask = tables.iter().filter_map(|t| all.iter().position(|a| a.lang == t.lang)).fold(0u32, |m, i| m | 1 << i);
    let social = social_cues();
    let mut best: Option<usize> = None;
    for m in social.automaton.find_overlapping_iter(&line.folded) {
        let pos = m.start();
        if social.langs[m.pattern().as_usize()] & mask == 0 || pos == 0 || !line.folded[..pos].ends_with(' ') {
            continue;
        }
        let start = line.map[pos];
        let before = line.text[..start].trim_end();
        let after = &line.text[start..];
        let capital = after.chars().next().is_some_and(char::is_uppercase);
        let closes = before.ends_with(['.', '!', '?', '”', '"', '»', ')', '…', ':']);
        if (capital || closes) && after.split_whitespace().count() <= 15 && !after.trim_end().ends_with(['.', '!', '?'])
        {
            best = Some(best.map_or(start, |b: usize| b.min(start)));
        }
    }
    best
}

/// Normalised form for comparing titles: folded, alphanumerics and single spaces only.
fn norm(s: &str) -> String {
    let f = rassegna_text::fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A line of script, style or data left in extracted text (a tracking snippet, a JSON-LD block):
/// statement keywords, calls and assignments on dotted names, braces and statement ends add up.
fn code_line(text: &str) -> bool {
    static DOTTED: OnceLock<Regex> = OnceLock::new();
    static JSON_KEY: OnceLock<Regex> = OnceLock::new();
    const OPENERS: &[&str] = &[
        "var ",
        "let ",
        "const ",
        "function",
        "!function",
        "return ",
        "if (",
        "if(",
        "for (",
        "} else",
        "else {",
        "try {",
        "} catch",
        "//",
        "/*",
        "*/",
        "@media",
        "@import",
        "<script",
        "</script",
        "$(",
        "jquery(",
        "document.",
        "window.",
    ];
    let t = text.trim();
    // A long line is a code block flattened into the article (a tutorial's listing): content. Only
    // structured data (JSON-LD, `{"@context": …}`) is never one.
    if t.split_whitespace().count() >= 25 {
        return t.starts_with("{\"@") || t.starts_with("[{\"@") || t.starts_with("a:") && t.contains(":{s:");
    }
    let mut score = 0;
    if OPENERS.iter().any(|o| t.starts_with(o)) {
        score += 2;
    }
    // Braces and statement ends count on shorter lines only: a paragraph with a stray `";}}` glued
    // to its end is prose.
    if t.split_whitespace().count() < 12 {
        if t.ends_with(['{', '}', ';']) {
            score += 1;
        }
        if t.contains(['{', '}']) {
            score += 1;
        }
    }
    if ["=>", "===", "!==", "&&", "||"].iter().any(|op| t.contains(op)) {
        score += 1;
    }
    let dotted =
        DOTTED.get_or_init(|| Regex::new(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+(?:\(|\s*=[^=])").expect("regex"));
    if dotted.is_match(t) {
        score += 2;
    }
    // JSON keys (`"headline":`) or PHP-serialised strings (`s:5:"pages";`).
    let json_key = JSON_KEY.get_or_init(|| Regex::new(r#""[\w@$-]+"\s*:|\bs:\d+:""#).expect("regex"));
    if json_key.find_iter(t).nth(1).is_some() {
        score += 2;
    }
    score >= 2
}

/// A header stamp: parts split by bars or bullets, one of them a date, the others a few words.
fn stamp(folded: &str) -> bool {
    let parts: Vec<&str> = folded.split(['|', '•', '·']).map(str::trim).filter(|p| !p.is_empty()).collect();
    parts.len() >= 2
        && parts.iter().any(|p| metadata::date_only_line(p).is_some())
        && parts.iter().all(|p| p.split_whitespace().count() <= 5)
}

/// The content words of an article's body, to tell its headline from page lines above it.
struct Echo {
    lang: String,
    body: std::collections::HashSet<String>,
}

impl Echo {
    /// Words read from the body's first lines (enough for any headline's subject to come up).
    const BODY_BYTES: usize = 4000;

    fn of(lines: &[Line], body_start: usize, lang: Option<&str>) -> Echo {
        let lang = lang.unwrap_or(rassegna_text::FALLBACK).to_string();
        let mut body = std::collections::HashSet::new();
        let mut read = 0;
        for l in lines.iter().skip(body_start).filter(|l| l.kept()) {
            body.extend(rassegna_text::terms(l.text, &lang));
            read += l.text.len();
            if read > Self::BODY_BYTES {
                break;
            }
        }
        Echo { lang, body }
    }

    /// Whether a quarter of a line's content words (at least one) occur in the body.
    fn echoes(&self, line: &str) -> bool {
        let terms: std::collections::BTreeSet<String> =
            rassegna_text::terms(line, &self.lang).into_iter().filter(|t| t.chars().count() >= 3).collect();
        let shared = terms.iter().filter(|t| self.body.contains(*t)).count();
        shared >= 1 && 4 * shared >= terms.len()
    }
}

fn looks_like_title(line: &Line) -> bool {
    (2..=25).contains(&line.words)
        && line.text.chars().count() <= 180
        && !line.text.trim_end().ends_with(['.', ':', ';', ','])
        && !line.teaser()
        && line.text.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"“«'‘".contains(c))
}

/// A short text in title case: every word capitalised, a number, short or a function word.
fn is_masthead(text: &str) -> bool {
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && !text.trim_end().ends_with(['.', '!', '?', ':', ','])
        && !text.contains([':', ','])
        && text.split_whitespace().all(|w| {
            w.chars().count() < 4
                || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
                || ["it", "en", "fr", "de", "es"].iter().any(|l| rassegna_text::is_stop_word(l, w))
        })
}

/// The outlet's name in a page header line: the whole line, or its part before a dash or a bar
/// ("Il Secolo di Ponente - Notizie da Savona e provincia").
fn masthead_name(text: &str) -> Option<&str> {
    if is_masthead(text) {
        return Some(text.trim());
    }
    let cut = [" - ", " – ", " | "].iter().filter_map(|sep| text.find(sep)).min()?;
    let head = text[..cut].trim();
    (head.split_whitespace().count() >= 2 && !text.contains([':', ',']) && is_masthead(head)).then_some(head)
}

/// Run the debris pass over one text.
pub fn analyse(input: &str, ctx: &Context) -> Analysis {
    let tables = cues::for_lang(ctx.lang);
    let mut out = Analysis::default();
    let mut lines: Vec<Line> = Vec::new();
    let mut pos = 0;
    for raw in input.split_inclusive('\n') {
        let body = raw.trim_end_matches(['\n', '\r']);
        let lead = body.len() - body.trim_start().len();
        let text = body.trim();
        let (folded, map) = fold_map(text);
        lines.push(Line {
            start: pos + lead,
            words: text.split_whitespace().count(),
            text,
            folded,
            map,
            cut: None,
            inline: Vec::new(),
        });
        pos += raw.len();
    }

    // The seeds' ` date YYYY-MM[-DD]` marker opens the text: metadata, not content.
    if let Some(c) = date_marker_regex().captures(input)
        && let Some(first) = lines.iter_mut().find(|l| !l.blank())
    {
        let g = c.get(1).expect("group");
        let marker = c.get(0).expect("match");
        let start = marker.start() + (marker.as_str().len() - marker.as_str().trim_start().len());
        if start >= first.start {
            out.date_marker = g.as_str().parse().ok();
            out.removed.push(removed(input, start, g.end(), "date-marker"));
            // What follows the marker on its line is a line of its own ("video suggerito", or the lead).
            let rest = &input[g.end()..first.start + first.text.len()];
            let lead = rest.len() - rest.trim_start().len();
            let (folded, map) = fold_map(rest.trim_start());
            first.start = g.end() + lead;
            first.text = rest.trim_start();
            first.words = first.text.split_whitespace().count();
            (first.folded, first.map) = (folded, map);
        }
    }

    let (_, wire_line, _) = wire_regexes();
    for line in lines.iter_mut().filter(|l| l.kept()) {
        if let Some(reason) = classify(line, &tables) {
            line.cut = Some(reason);
        } else if let Some(c) = wire_line.captures(line.text).or_else(|| {
            let (paren, _, tail) = wire_regexes();
            paren
                .captures(line.text)
                .filter(|c| c[0].len() == line.text.len())
                .or_else(|| tail.captures(line.text).filter(|c| c.get(0).is_some_and(|g| g.start() == 0)))
        }) {
            out.wire.get_or_insert_with(|| c[1].to_string());
            line.cut = Some("wire-credit");
        } else if let Some(name) = byline(line, &tables) {
            out.author.get_or_insert(name);
            line.cut = Some("byline");
        } else if let Some(date) = labelled_date(line, &tables) {
            out.date_line.get_or_insert(date);
            line.cut = Some("date-line");
        } else if time_only(line.text) {
            line.cut = Some("date-line");
        } else if photo_credit(line.text) {
            line.cut = Some("media");
        } else if let Some(date) = metadata::date_only_line(&line.folded) {
            out.date_line.get_or_insert(date);
            line.cut = Some("date-line");
        } else if timestamp(line, &tables).is_some() {
            line.cut = Some("date-line");
        } else if ctx.outlet.is_some_and(|outlet| ctx.templates.is_template(outlet, &line.folded))
            || ctx.templates.recurs(&line.folded)
        {
            line.cut = Some("template");
        }
    }

    comment_thread(&mut lines, &tables);
    stamped_thread(&mut lines, &tables);
    related_lists(&mut lines);
    footer_after_related(&mut lines);
    post_footer(&mut lines, &tables);
    trailing_headlines(&mut lines);
    titles(&mut lines, ctx, &mut out);

    for line in lines.iter_mut().filter(|l| l.kept()) {
        let mut cuts = inline_cuts(line, &tables, &mut out.wire);
        line.inline.append(&mut cuts);
        line.inline.sort();
    }
    for line in lines.iter().filter(|l| l.kept()).take(3) {
        if let Some(d) = metadata::dateline(line.text, ctx.month_first) {
            out.dateline = Some(d);
            break;
        }
    }

    // Assemble the clean text, keeping paragraph breaks (a blank line in the input) as "\n\n".
    let mut saw_blank = false;
    for line in &lines {
        if line.blank() {
            saw_blank = true;
            continue;
        }
        if let Some(reason) = line.cut {
            out.removed.push(removed(input, line.start, line.start + line.text.len(), reason));
            continue;
        }
        let mut piece = String::with_capacity(line.text.len());
        let mut at = 0;
        for &(s, e, reason) in &line.inline {
            if s < at {
                continue;
            }
            out.removed.push(removed(input, line.start + s, line.start + e, reason));
            join(&mut piece, &line.text[at..s]);
            at = e;
        }
        join(&mut piece, &line.text[at..]);
        let piece = piece.trim();
        // "29 agosto 2011 13:55© RIPRODUZIONE RISERVATA": once the credit is cut, a date is all that is left.
        if !line.inline.is_empty() && metadata::date_only_line(&rassegna_text::fold(piece)).is_some() {
            let s = line.text.find(piece).unwrap_or(0);
            out.removed.push(removed(input, line.start + s, line.start + s + piece.len(), "date-line"));
            continue;
        }
        if !piece.chars().any(char::is_alphanumeric) {
            if !piece.is_empty() {
                let s = line.text.find(piece).unwrap_or(0);
                out.removed.push(removed(input, line.start + s, line.start + s + piece.len(), "separator"));
            }
            continue;
        }
        if !out.text.is_empty() {
            out.text.push_str(if saw_blank { "\n\n" } else { "\n" });
        }
        out.text.push_str(piece);
        saw_blank = false;
    }
    out.removed.sort_by_key(|r| r.start);
    out
}

/// Append a kept piece, so that a cut between two words leaves one space and none before punctuation.
fn join(out: &mut String, piece: &str) {
    if out.is_empty() {
        out.push_str(piece.trim_start());
        return;
    }
    let trimmed_end = out.trim_end().len();
    out.truncate(trimmed_end);
    let p = piece.trim_start();
    if p.is_empty() {
        out.push(' ');
        return;
    }
    if !p.starts_with(['.', ',', ';', ':', '!', '?', ')']) {
        out.push(' ');
    }
    out.push_str(p);
}

fn removed(input: &str, start: usize, end: usize, reason: &str) -> Removed {
    Removed { text: input[start..end].to_string(), start, end, reason: reason.to_string() }
}

/// Headline lists: after a "related" heading, and teaser + "read more" units anywhere.
/// A comment counter ("26 commenti") is page furniture; one that heads a thread after the article
/// ("10 commenti per Monti si affanna…", "3 responses to …") opens reader comments, cut to the end.
fn comment_thread(lines: &mut [Line], tables: &[&Cues]) {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    // At the line's start, or after a separator ("Scritto in Senza categoria | 1.000 Commenti »").
    let count = COUNT.get_or_init(|| {
        Regex::new(r"(?:^|[|·•]\s*)\(?(?:\d{1,3}(?:[.,]\d{3})+|\d{1,5})\)?\s+(\p{L}+(?:\s+on)?)\b").expect("regex")
    });
    let total: usize = lines.iter().map(|l| l.text.len()).sum();
    let mut before = 0;
    for i in 0..lines.len() {
        let l = &lines[i];
        before += l.text.len();
        if !l.kept() || l.words > 20 {
            continue;
        }
        let Some(c) = count.captures(&l.folded) else { continue };
        if !tables.iter().any(|t| t.comments.contains(&&c[1])) {
            continue;
        }
        let names_a_post = l.words > c[0].split_whitespace().count() + 1;
        lines[i].cut = Some("comments");
        // Below the article and naming what it comments ("… per <titolo>"): the thread runs to the
        // end, however long the readers wrote.
        let article_above = lines[..i].iter().filter(|l| l.kept()).map(|l| l.words).sum::<usize>() >= 50;
        if article_above && (names_a_post || 2 * before > total) {
            for l in lines[i + 1..].iter_mut().filter(|l| l.kept()) {
                l.cut = Some("comments");
            }
            return;
        }
    }
}

/// A blog post's footer, among the last lines of the article: a publishing label, the post's date
/// and time, then its categories and a feed prompt ("Questo contenuto è stato inserito il Aprile 7,
/// 2011 ore 4:39 pm nelle categorie Scenari Italia, Servizi Italiani. puoi seguire i commenti
/// tramite RSS 2.0 feed."). The label must close the words before the date, and a clock time must
/// follow it.
fn post_footer(lines: &mut [Line], tables: &[&Cues]) {
    static CLOCK: OnceLock<Regex> = OnceLock::new();
    let clock = CLOCK
        .get_or_init(|| Regex::new(r"^[\s,]*(?:(?:alle|ore|at|um|a las|a)\s+){0,2}\d{1,2}[:.]\d{2}\b").expect("regex"));
    let last: Vec<usize> = (0..lines.len()).rev().filter(|&i| lines[i].kept()).take(3).collect();
    for i in last {
        let l = &lines[i];
        if l.words > 40 {
            continue;
        }
        let s = l.folded.as_str();
        let stamp = word_starts(s).take(9).any(|at| {
            at > 0
                && ends_on_label(&s[..at], tables)
                && metadata::parse_date_prefix(&s[at..], false).is_some_and(|(_, end)| clock.is_match(&s[at + end..]))
        });
        if stamp {
            lines[i].cut = Some("date-line");
        }
    }
}

/// Below the article, the page's own lines run to the end with no sentence among them: other
/// articles' headlines, the site's links and company line ("Miss Italia riaccende i riflettori
/// Puglia", "Contatti | Disclaimer | Privacy"). Three or more such lines of three words or more,
/// after an article of some length, are cut.
fn trailing_headlines(lines: &mut [Line]) {
    const MIN_LINES: usize = 3;
    const MIN_ARTICLE: usize = 80;
    let kept: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].kept()).collect();
    let tail: Vec<usize> = kept
        .iter()
        .rev()
        .copied()
        .take_while(|&i| (3..=16).contains(&lines[i].words) && !lines[i].ends_sentence())
        .collect();
    if tail.len() < MIN_LINES {
        return;
    }
    let first = *tail.last().expect("tail");
    let article: usize = kept.iter().filter(|&&i| i < first).map(|&i| lines[i].words).sum();
    if article < MIN_ARTICLE {
        return;
    }
    for i in tail {
        lines[i].cut = Some("related-list");
    }
}

/// Reader comments with no counter above them: three or more timestamp lines headed by names, none of
/// them heading half the thread ("@valcatt 13 novembre 2014 alle 19:28", "anglio 13 novembre 2014 alle 14:25") below
/// the article open a thread, cut from the first to the end. A live blog's stamps carry no name or
/// repeat one label ("Aggiornamento 4 maggio 2014, 11:30") and stay where they are.
fn stamped_thread(lines: &mut [Line], tables: &[&Cues]) {
    let mut heads: Vec<(usize, String)> = Vec::new();
    // Every timestamp line was cut as a date line by the pass over lines; only those are read again.
    for (i, l) in lines.iter().enumerate().filter(|(_, l)| l.cut == Some("date-line")) {
        if let Some((_, 1..=3, false)) = timestamp(l, tables) {
            let name = l
                .folded
                .split_whitespace()
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .find(|w| !w.is_empty());
            heads.push((i, name.unwrap_or_default().to_string()));
        }
    }
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (_, n) in &heads {
        *names.entry(n.as_str()).or_default() += 1;
    }
    let Some(&(first, _)) = heads.first() else { return };
    // Many readers, none of them most of the thread; a live blog's one label would be all of it.
    if heads.len() < 3 || names.len() < 2 || 2 * names.values().max().copied().unwrap_or(0) > heads.len() {
        return;
    }
    if lines[..first].iter().filter(|l| l.kept()).map(|l| l.words).sum::<usize>() < 50 {
        return;
    }
    for l in lines[first..].iter_mut().filter(|l| l.kept() || l.cut == Some("date-line")) {
        l.cut = Some("comments");
    }
}

/// Below the article, after a box of related or most-read links ("Nessun articolo correlato", "More
/// from my site", "I più visti"), the rest of a page is the site's own: what the outlet is, its
/// privacy notice, its newsletter form. What follows such a heading is cut to the end when, taken
/// together, it shares almost none of the article's words; a "Leggi anche" box inside an article is
/// followed by more of the article, which shares them.
fn footer_after_related(lines: &mut [Line]) {
    /// Words this long are mostly content words, in any language.
    const MIN_CHARS: usize = 5;
    /// Words of article text above the heading: below this there is no article to compare with.
    const MIN_ARTICLE: usize = 80;
    /// Share of the tail's content words found in the article above, below which the tail is the site's.
    const MAX_SHARED: f32 = 0.12;
    let content = |l: &Line| -> Vec<String> {
        l.folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= MIN_CHARS && !w.chars().all(|c| c.is_ascii_digit()))
            .map(str::to_string)
            .collect()
    };
    // Each kept line's content words, read once.
    let words: Vec<Vec<String>> = lines.iter().map(|l| if l.kept() { content(l) } else { Vec::new() }).collect();
    let mut article: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut above = 0;
    for i in 0..lines.len() {
        if lines[i].kept() {
            above += lines[i].words;
            article.extend(words[i].iter().map(String::as_str));
            continue;
        }
        if above < MIN_ARTICLE || !matches!(lines[i].cut, Some("related-heading" | "section")) {
            continue;
        }
        let tail = words[i + 1..].iter().flatten();
        let (shared, all) = tail.fold((0, 0), |(s, n), w| (s + usize::from(article.contains(w.as_str())), n + 1));
        if all == 0 {
            return;
        }
        if (shared as f32) < MAX_SHARED * all as f32 {
            for l in lines[i + 1..].iter_mut().filter(|l| l.kept()) {
                l.cut = Some("footer");
            }
            return;
        }
    }
}

fn related_lists(lines: &mut [Line]) {
    let idx: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].blank()).collect();
    let mut k = 0;
    while k < idx.len() {
        let i = idx[k];
        if lines[i].cut == Some("related-heading") {
            let mut j = k + 1;
            while j < idx.len() {
                let l = &lines[idx[j]];
                if l.cut.is_some() {
                    j += 1;
                    continue;
                }
                let next_long =
                    idx.get(j + 1).map(|&n| &lines[n]).is_some_and(|n| n.kept() && n.words > 25 && !n.teaser());
                let is_item = l.teaser() || (l.headline() && !next_long);
                if !is_item {
                    break;
                }
                lines[idx[j]].cut = Some("related-list");
                j += 1;
            }
            k = j;
            continue;
        }
        if lines[i].cut == Some("read-more") {
            // The teaser and headline just before a "read more" link belong to it.
            let mut back = k;
            let mut took_teaser = false;
            while back > 0 {
                back -= 1;
                let l = &lines[idx[back]];
                if !l.kept() {
                    break;
                }
                if !took_teaser && l.teaser() {
                    took_teaser = true;
                    lines[idx[back]].cut = Some("related-list");
                } else if took_teaser && l.headline() {
                    lines[idx[back]].cut = Some("related-list");
                    break;
                } else {
                    break;
                }
            }
        }
        // A teaser with its link on one line: "Headline text... Read More".
        k += 1;
    }
    for line in lines.iter_mut().filter(|l| l.kept()) {
        let bare = line.bare().to_string();
        if line.words <= 60
            && (line.text.contains("...") || line.text.contains('…'))
            && cues::table().iter().flat_map(|c| c.read_more.iter()).any(|rm| rm.len() > 4 && bare.ends_with(rm))
        {
            line.cut = Some("related-list");
        }
    }
}

/// The title: the input's, else the headline of the text's head, a line printed twice in a row (the
/// page title, then the article heading), else the first line when it looks like one. Copies of it
/// are removed, and so are the masthead and section lines above a doubled headline.
fn titles(lines: &mut [Line], ctx: &Context, out: &mut Analysis) {
    let first = lines.iter().position(Line::kept);
    // Copies of the title are page furniture only in the head of the text, before the body starts;
    // a heading further down that repeats it is the article's own.
    let body_start = lines
        .iter()
        .position(|l| l.kept() && (l.words > 25 || (l.words >= 8 && l.ends_sentence())))
        .unwrap_or(lines.len());
    let title_norm = match ctx.given_title.map(norm).filter(|t| !t.is_empty()) {
        Some(t) => Some(t),
        None => {
            let head: Vec<usize> = (0..body_start.min(lines.len())).filter(|&i| lines[i].kept()).collect();
            let doubled = head
                .windows(2)
                .find(|w| looks_like_title(&lines[w[0]]) && norm(lines[w[0]].text) == norm(lines[w[1]].text))
                .map(|w| w[0]);
            // An outlet's name in title case ("Il Corriere di Valsesia Online") above a headline.
            let below_masthead =
                (head.len() >= 2 && masthead_name(lines[head[0]].text).is_some() && looks_like_title(&lines[head[1]]))
                    .then(|| head[1]);
            // A headline speaks of what the article says: it shares words with the body. Page lines
            // above it (a search form, a section name, an author's note) do not.
            let echo = Echo::of(lines, body_start, ctx.lang);
            let candidates = doubled.into_iter().chain(below_masthead).chain(head.iter().copied());
            // A headline followed by its teaser ("…") is an item of a list of other articles.
            let listed = |i: usize| lines[i + 1..].iter().find(|l| l.kept()).is_some_and(Line::teaser);
            let Some(f) = candidates
                .filter(|&i| first.is_some_and(|f| i >= f) && looks_like_title(&lines[i]) && !listed(i))
                .find(|&i| echo.echoes(lines[i].text))
                .or(doubled)
                .or(below_masthead)
                .or(first.filter(|&f| looks_like_title(&lines[f])))
            else {
                return;
            };
            if !lines[f + 1..].iter().any(|l| l.kept() && l.words >= 8) {
                return;
            }
            // Above the headline: the masthead and section lines of the page.
            for &i in head.iter().take_while(|&&i| i < f) {
                if lines[i].words <= 12 && !lines[i].ends_sentence() {
                    if i == head[0] {
                        out.masthead = masthead_name(lines[i].text).map(str::to_string);
                    }
                    lines[i].cut = Some("page-header");
                }
            }
            out.title = Some(lines[f].text.to_string());
            lines[f].cut = Some("title");
            Some(norm(lines[f].text))
        }
    };
    let Some(title) = title_norm else { return };
    for (i, line) in lines.iter_mut().enumerate().take(body_start + 1) {
        if !line.kept() {
            continue;
        }
        let n = norm(line.text);
        if n == title {
            line.cut = Some("repeated-title");
        } else if Some(i) == first && ctx.given_title.is_some() && n.starts_with(&title) && n.len() > title.len() + 20 {
            // The title run into the lead paragraph: cut the title words only.
            let ft = rassegna_text::fold(ctx.given_title.unwrap_or_default().trim());
            if line.folded.starts_with(&ft) {
                line.inline.push((0, line.map[ft.len()], "repeated-title"));
            }
        }
    }
}
