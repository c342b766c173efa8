//! Word tests shared by the span splitter and the rules.

use super::Ctx;

/// "San", "Santa", "Sant'": a saint's name in running text is most often a place or a church.
pub(super) fn is_saint(c: &Ctx<'_, '_>, k: usize) -> bool {
    let f = c.toks[k].folded.as_str();
    c.toks[k].is_cap() && (c.table.saint_words.contains(f) || c.table.saint_words.contains(f.trim_end_matches('\'')))
}
