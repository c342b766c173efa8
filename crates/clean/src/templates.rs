//! Evidence across documents: lines that recur in many different documents of one outlet are its page
//! template (footers, prompts, section banners), whatever the words; and lines that recur verbatim
//! in different reports published days apart are template wherever they appear (sidebars, appeals,
//! comment notices, embedded scripts), whatever the outlet and however long.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Distinct documents a line must appear in before it counts as template.
pub const MIN_DOCUMENTS: usize = 4;
/// Lines longer than this many words are article text, never template evidence.
const MAX_WORDS: usize = 30;
/// Lines remembered per outlet before rare ones are forgotten (keeps the persisted JSON small).
const MAX_LINES_PER_OUTLET: usize = 50_000;

/// Distinct reports a line must recur in, whatever their outlet, before it is template everywhere.
pub const RECURRING_REPORTS: usize = 3;
/// Days that must separate the first and the last of those reports: one report copied by several
/// outlets on one day (wire copy) or its updates within a day or two are content, not template.
pub const RECURRING_SPAN_DAYS: i64 = 3;
/// Reports remembered per line while it is not (yet) template.
const MAX_REPORTS_PER_LINE: usize = 8;
/// Lines remembered across outlets before those seen once are forgotten.
const MAX_RECURRING_LINES: usize = 100_000;

/// Line-recurrence evidence, learned across documents. Serialisable so the store keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Templates {
    /// Per outlet: line key -> signatures of the distinct documents it was seen in (at most [`MIN_DOCUMENTS`]).
    outlets: BTreeMap<String, HashMap<u64, Vec<u64>>>,
    /// Any outlet: line key -> the distinct reports it was seen in. Lines seen in one report only
    /// are not persisted (they are most lines, and a restart forgets no template by it).
    #[serde(default, serialize_with = "seen_more_than_once")]
    recurring: HashMap<u64, Vec<Seen>>,
}

/// One report a line was kept in: its id, its headline's key and its publication day (days since
/// 1970), when known.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Seen {
    report: String,
    #[serde(default)]
    headline: u64,
    day: Option<i64>,
}

fn seen_more_than_once<S: serde::Serializer>(map: &HashMap<u64, Vec<Seen>>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(map.iter().filter(|(_, seen)| seen.len() > 1))
}

/// Whether the reports a line was seen in make it template: enough of them, days apart.
fn recurs(seen: &[Seen]) -> bool {
    let days = || seen.iter().filter_map(|s| s.day);
    seen.len() >= RECURRING_REPORTS
        && matches!((days().min(), days().max()), (Some(a), Some(b)) if b - a >= RECURRING_SPAN_DAYS)
}

/// The key of a line: folded, whitespace-collapsed, hashed.
pub(crate) fn line_key(folded: &str) -> u64 {
    let mut norm = String::with_capacity(folded.len());
    for w in folded.split_whitespace() {
        if !norm.is_empty() {
            norm.push(' ');
        }
        norm.push_str(w);
    }
    xxhash_rust::xxh3::xxh3_64(norm.as_bytes())
}

impl Templates {
    /// Record the lines of one document's cleaning input for `outlet`. A document is told apart from
    /// near-copies of itself by its longest line, so updates of one article do not make its lines template.
    /// `signature` identifies the document among near-copies when the caller knows better (a page title).
    pub(crate) fn learn(&mut self, outlet: &str, text: &str, signature: Option<u64>) {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let Some(longest) = lines.iter().max_by_key(|l| l.len()) else { return };
        let signature = signature.unwrap_or_else(|| line_key(&rassegna_text::fold(longest)));
        let table = self.outlets.entry(outlet.to_string()).or_default();
        for line in lines {
            if line.split_whitespace().count() > MAX_WORDS {
                continue;
            }
            let sigs = table.entry(line_key(&rassegna_text::fold(line))).or_default();
            if sigs.len() < MIN_DOCUMENTS && !sigs.contains(&signature) {
                sigs.push(signature);
            }
        }
        if table.len() > MAX_LINES_PER_OUTLET {
            table.retain(|_, sigs| sigs.len() > 1);
        }
    }

    /// Record the lines of one report (`id`, published on day `day`), known by `headline` (its
    /// address, else its title and longest line). Reports with one headline count once: versions of
    /// one page share their lines without being template, while different articles of a site
    /// share its furniture under their own headlines. Returns the reports, this one included, that
    /// hold a line which is template now and were cleaned without knowing it.
    pub(crate) fn learn_recurring(&mut self, id: &str, headline: &str, text: &str, day: Option<i64>) -> Vec<String> {
        let headline = line_key(&rassegna_text::fold(headline.trim()));
        let mut keys: Vec<u64> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.chars().any(char::is_alphanumeric))
            .map(|l| line_key(&rassegna_text::fold(l)))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let mut again = Vec::new();
        for key in keys {
            let seen = self.recurring.entry(key).or_default();
            if recurs(seen) {
                again.push(id.to_string());
                continue;
            }
            if seen.iter().any(|s| s.report == id || s.headline == headline) {
                continue;
            }
            let entry = Seen { report: id.to_string(), headline, day };
            if seen.len() < MAX_REPORTS_PER_LINE {
                seen.push(entry);
            } else if let Some(d) = day {
                // Full: a report that widens the span replaces the last one.
                let days = || seen.iter().filter_map(|s| s.day);
                if days().min().is_none_or(|m| d < m) || days().max().is_none_or(|m| d > m) {
                    *seen.last_mut().expect("full") = entry;
                }
            }
            if recurs(seen) {
                again.extend(seen.iter().map(|s| s.report.clone()));
            }
        }
        if self.recurring.len() > MAX_RECURRING_LINES {
            self.recurring.retain(|_, seen| seen.len() > 1);
        }
        again.sort_unstable();
        again.dedup();
        again
    }

    /// Whether any line of a clean text is template across reports now (it was cleaned before
    /// that was known, and cleaning it again would change it).
    pub fn holds_recurring(&self, text: &str) -> bool {
        text.lines().map(str::trim).any(|l| !l.is_empty() && self.recurs(&rassegna_text::fold(l)))
    }

    /// Whether a folded line recurs across reports days apart (template whatever the outlet).
    pub(crate) fn recurs(&self, folded: &str) -> bool {
        self.recurring.get(&line_key(folded)).is_some_and(|seen| recurs(seen))
    }

    /// Whether a folded line is part of `outlet`'s template.
    pub(crate) fn is_template(&self, outlet: &str, folded: &str) -> bool {
        self.outlets.get(outlet).and_then(|t| t.get(&line_key(folded))).is_some_and(|sigs| sigs.len() >= MIN_DOCUMENTS)
    }

    /// Whether anything was learned for `outlet`.
    pub(crate) fn knows(&self, outlet: &str) -> bool {
        self.outlets.contains_key(outlet)
    }
}
