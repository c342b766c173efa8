//! Per-language cue tables for page debris, bylines and wire credits, keyed by ISO 639-1 code with a default.
//! Month and weekday names come from `rassegna_lang`.
//!
//! Adding a language is adding a file with one [`Cues`] value and a line in [`table`]. Every phrase is
//! written folded (lowercase, no accents, straight apostrophe) because lines are folded before lookup.

mod de;
mod en;
mod es;
mod fr;
mod it;

/// The cue phrases of one language. Each list is matched against a folded line; see [`crate::debris`].
#[derive(Debug)]
pub struct Cues {
    pub lang: &'static str,
    /// Prompts to follow, join or share ("seguici su", "connect with us"): a line starting with one is debris,
    /// and one that trails a paragraph is cut from it.
    pub social: &'static [&'static str],
    /// Headings that open a list of other articles ("leggi anche", "related").
    pub related: &'static [&'static str],
    /// Links to the rest of a teaser ("read more").
    pub read_more: &'static [&'static str],
    /// Lone labels left by page widgets ("published", "on", "tags").
    pub labels: &'static [&'static str],
    /// Section banners ("di tendenza", "most read").
    pub sections: &'static [&'static str],
    /// Media placeholders ("video suggerito", "guarda il video").
    pub media: &'static [&'static str],
    /// Words that, after a number, head a thread of reader comments ("12 commenti", "3 responses to").
    pub comments: &'static [&'static str],
    /// Line starts that introduce the previous or next article. Single words count only in capitals.
    pub prev_next: &'static [&'static str],
    /// Cookie, newsletter, paywall and copyright notices (line starts).
    pub notices: &'static [&'static str],
    /// Byline introducers ("a cura di", "di", "by"), each followed by a name.
    pub byline: &'static [&'static str],
    /// Words that mark an inline link to a live blog or another page inside a paragraph.
    pub inline_link: &'static [&'static str],
    /// Introducers of a wire credit ("con fonte", "fonte").
    pub wire_intro: &'static [&'static str],
}

/// News agencies whose name in a credit marks wire copy (language-independent proper names).
pub const AGENCIES: &[&str] = &[
    "ANSA",
    "AdnKronos",
    "Adnkronos",
    "AGI",
    "LaPresse",
    "Askanews",
    "Italpress",
    "Agenzia Nova",
    "Dire",
    "Agenzia Dire",
    "Reuters",
    "AFP",
    "AP",
    "Associated Press",
    "dpa",
    "DPA",
    "EFE",
    "Europa Press",
    "Xinhua",
    "TASS",
    "Tass",
    "Interfax",
    "Bloomberg",
    "Yonhap",
    "Kyodo",
    "UPI",
    "PA",
    "Belga",
    "APA",
    "Keystone-ATS",
    "ATS",
    "KCNA",
];

/// The tables that apply to a document in `lang`: its own, then English (web widgets are often left in
/// English whatever the page language), then every other one for unknown languages.
pub fn for_lang(lang: Option<&str>) -> Vec<&'static Cues> {
    let all = table();
    let mut out: Vec<&'static Cues> = Vec::with_capacity(all.len());
    if let Some(own) = lang.and_then(|l| all.iter().find(|c| c.lang == l)) {
        out.push(own);
        if own.lang != "en" {
            out.push(&en::CUES);
        }
    } else {
        out.extend(all.iter());
    }
    out
}

/// Every language table.
pub fn table() -> &'static [&'static Cues] {
    static ALL: [&Cues; 5] = [&it::CUES, &en::CUES, &fr::CUES, &de::CUES, &es::CUES];
    &ALL
}

pub use rassegna_lang::{month, weekday};
