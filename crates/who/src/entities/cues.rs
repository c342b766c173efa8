//! Word tests shared by the span splitter and the rules.

use super::Ctx;

/// "San", "Santa", "Sant'": a saint's name in running text is most often a place or a church.
pub(super) fn is_saint(c: &Ctx<'_, '_>, k: usize) -> bool {
    let f = c.toks[k].folded.as_str();
    c.toks[k].is_cap() && (c.table.saint_words.contains(f) || c.table.saint_words.contains(f.trim_end_matches('\'')))
}

/// "di", "del", "dell'", "d'": the preposition "of", alone or with an article.
pub(super) fn of_word(c: &Ctx<'_, '_>, k: usize) -> bool {
    matches!(c.toks[k].folded.as_str(), "di" | "del" | "della" | "dello" | "dei" | "degli" | "delle" | "dell'" | "d'")
}
