//! Evidence across documents: lines that recur in many different documents of one outlet are its page
//! template (footers, prompts, section banners), whatever the words.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Distinct documents a line must appear in before it counts as template.
pub const MIN_DOCUMENTS: usize = 4;
/// Lines longer than this many words are article text, never template evidence.
const MAX_WORDS: usize = 30;
/// Lines remembered per outlet before rare ones are forgotten (keeps the persisted JSON small).
const MAX_LINES_PER_OUTLET: usize = 50_000;

/// Line-recurrence evidence per outlet, learned across documents. Serialisable so the store keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Templates {
    /// Per outlet: line key -> signatures of the distinct documents it was seen in (at most [`MIN_DOCUMENTS`]).
    outlets: BTreeMap<String, HashMap<u64, Vec<u64>>>,
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

    /// Whether a folded line is part of `outlet`'s template.
    pub(crate) fn is_template(&self, outlet: &str, folded: &str) -> bool {
        self.outlets.get(outlet).and_then(|t| t.get(&line_key(folded))).is_some_and(|sigs| sigs.len() >= MIN_DOCUMENTS)
    }

    /// Whether anything was learned for `outlet`.
    pub(crate) fn knows(&self, outlet: &str) -> bool {
        self.outlets.contains_key(outlet)
    }
}
