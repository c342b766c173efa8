//! Numbers in running text: numerals in either writing convention, number words, scales, vague
//! amounts, qualifiers ("circa", "at least") and the unit or noun they count, with byte spans.

use crate::lang::{self, Table, Unit, UnitKind};
use rassegna_text::{fold, is_stop_word, tokens};

/// A word or number token with its folded form.
#[derive(Debug, Clone)]
pub struct Word<'a> {
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub folded: String,
}

impl Word<'_> {
    pub fn is_number(&self) -> bool {
        self.text.starts_with(|c: char| c.is_ascii_digit())
    }

    pub fn is_capitalised(&self) -> bool {
        self.text.starts_with(char::is_uppercase)
    }
}

/// Tokens of a text with folded forms and byte spans.
pub fn words(text: &str) -> Vec<Word<'_>> {
    tokens(text).map(|t| Word { text: t.text, start: t.start, end: t.end(), folded: fold(t.text) }).collect()
}

/// A quantity stated in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte span from the qualifier (if any) to the unit word (if any).
    pub start: usize,
    pub end: usize,
    /// Index of the first and one past the last token of the span.
    pub first_token: usize,
    pub end_token: usize,
    pub value: f64,
    /// `approx`, `more-than`, `at-least`, `less-than`.
    pub qualifier: Option<&'static str>,
    /// The unit from the tables, if known.
    pub unit: Option<Unit>,
    /// Folded noun after the number when it is not a known unit ("limousine").
    pub noun: Option<String>,
    /// A bare four-digit year (1900–2100) with no unit: a date, not a quantity.
    pub is_year: bool,
    /// Whether the value was written as a vague amount ("centinaia", "thousands").
    pub vague: bool,
    /// Index of the unit word, when the unit is a word (after the number, or before it).
    pub unit_token: Option<usize>,
}

/// Parse a numeral written with either convention; `decimal` decides a lone separator followed by
/// three digits ("1.500" is 1500 in Italian, 1.5 in English). Letters after the digits are a scale
/// suffix ("10k", "3bn") or make it no number.
pub fn parse_numeral(s: &str, decimal: char) -> Option<f64> {
    let digits_end = s.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(s.len());
    let (num, suffix) = s.split_at(digits_end);
    let num = num.trim_end_matches(['.', ',']);
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let scale = match suffix.to_ascii_lowercase().as_str() {
        "" => 1.0,
        "k" => 1e3,
        "m" | "mln" | "mn" => 1e6,
        "bn" | "b" | "mld" => 1e9,
        _ => return None,
    };
    let dots = num.matches('.').count();
    let commas = num.matches(',').count();
    let plain: String = if dots > 0 && commas > 0 {
        // The last separator is the decimal one.
        let last = num.rfind(['.', ',']).unwrap();
        let (int, frac) = num.split_at(last);
        format!("{}.{}", int.replace(['.', ','], ""), &frac[1..])
    } else if dots + commas == 0 {
        num.to_string()
    } else {
        let sep = if dots > 0 { '.' } else { ',' };
        let groups: Vec<&str> = num.split(sep).collect();
        let grouped = groups.len() > 2 && groups[1..].iter().all(|g| g.len() == 3) && groups[0].len() <= 3;
        if grouped || (groups.len() == 2 && groups[1].len() == 3 && sep != decimal && groups[0].len() <= 3) {
            num.replace(sep, "")
        } else if groups.len() == 2 {
            format!("{}.{}", groups[0], groups[1])
        } else {
            return None;
        }
    };
    plain.parse::<f64>().ok().map(|v| v * scale)
}

/// Value of an Italian number word, compounds included ("diecimila", "duecentocinquanta", "ventuno"), built
/// on the units, teens and tens of `rassegna_lang`.
pub fn italian_word(w: &str) -> Option<u64> {
    fn below_thousand(w: &str) -> Option<u64> {
        if w.is_empty() {
            return Some(0);
        }
        if let Some(i) = w.find("cento") {
            let head = &w[..i];
            let h = if head.is_empty() { 1 } else { below_hundred(head).filter(|v| (2..10).contains(v))? };
            return Some(h * 100 + below_hundred_or_zero(&w[i + 5..])?);
        }
        below_hundred(w)
    }
    fn below_hundred_or_zero(w: &str) -> Option<u64> {
        if w.is_empty() { Some(0) } else { below_hundred(w) }
    }
    fn below_hundred(w: &str) -> Option<u64> {
        let it = &rassegna_lang::it::TABLES;
        if w == "zero" {
            return Some(0);
        }
        if let Some(v) = it.number(w).filter(|v| *v < 20) {
            return Some(v.into());
        }
        for &(t, v) in it.numbers.iter().filter(|(_, v)| *v >= 20) {
            // "ventuno", "trentotto": the tens word loses its last vowel before "uno" and "otto".
            let stem = &t[..t.len() - 1];
            if let Some(rest) = w.strip_prefix(t).or_else(|| w.strip_prefix(stem)) {
                if rest.is_empty() {
                    return Some(v.into());
                }
                let u = if rest == "tré" { 3 } else { it.number(rest).filter(|u| (1..10).contains(u))? };
                return Some(u64::from(v + u));
            }
        }
        None
    }
    if w.is_empty() {
        return None;
    }
    if w == "mille" {
        return Some(1000);
    }
    if let Some(rest) = w.strip_prefix("mille") {
        return Some(1000 + below_thousand(rest)?);
    }
    if let Some(i) = w.find("mila") {
        let head = below_thousand(&w[..i]).filter(|v| *v >= 2)?;
        return Some(head * 1000 + below_thousand(&w[i + 4..])?);
    }
    below_thousand(w).filter(|v| *v > 0 || w == "zero")
}

/// Value of a number word in a language (not counting scale words after it).
fn number_word(table: &'static Table, folded: &str) -> Option<f64> {
    if let Some(v) = table.number_word(folded) {
        return Some(v);
    }
    if table.code == "it" {
        return italian_word(folded).map(|v| v as f64);
    }
    None
}

/// Words after which a four-digit number is a year.
const YEAR_PREPOSITIONS: &[&str] = &[
    "in", "nel", "del", "dal", "al", "since", "of", "by", "until", "entro", "fino", "from", "before", "after", "dopo",
    "prima", "anno", "year",
];

/// Words that stand for "one" only before a scale word ("a million", "un milione").
fn is_article_one(folded: &str) -> bool {
    matches!(folded, "a" | "an" | "un" | "una" | "uno")
}

/// Find the quantities of a text.
pub fn quantities(text: &str, words: &[Word<'_>], table: &'static Table) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match quantity_at(text, words, i, table) {
            Some(q) => {
                i = q.end_token.max(i + 1);
                out.push(q);
            }
            None => i += 1,
        }
    }
    out
}

/// Vague amounts spanning several words ("decine di migliaia", "tens of thousands").
fn vague_at(words: &[Word<'_>], i: usize, table: &'static Table) -> Option<(f64, usize)> {
    // The longest phrase wins: "decine di migliaia" over "decine".
    let first = words[i].folded.as_str();
    let mut best: Option<(f64, usize)> = None;
    for (phrase, v) in table.vague {
        if !phrase.starts_with(first) {
            continue;
        }
        let n = phrase.split(' ').count();
        let fits = i + n <= words.len() && phrase.split(' ').zip(&words[i..]).all(|(p, w)| w.folded == p);
        if fits && best.is_none_or(|(_, m)| n > m) {
            best = Some((*v, n));
        }
    }
    best
}

fn quantity_at(text: &str, words: &[Word<'_>], i: usize, table: &'static Table) -> Option<Quantity> {
    let w = &words[i];
    let mut j = i + 1;
    let mut vague = false;
    let mut value = if w.is_number() {
        parse_numeral(w.text, table.decimal)?
    } else if let Some((v, n)) = vague_at(words, i, table) {
        // "milioni di" is vague, "2 milioni" is a scale: the latter is handled after a numeral.
        j = i + n;
        vague = true;
        v
    } else if is_article_one(&w.folded) {
        let next = words.get(i + 1)?;
        table.scale(&next.folded).filter(|s| *s >= 1e3)?;
        1.0
    } else {
        number_word(table, &w.folded)?
    };
    let bare_digits = w.is_number() && w.text.chars().all(|c| c.is_ascii_digit());
    // "in 2019 killed two people", "nel 2019": a year, whatever follows it.
    let year_like = bare_digits && w.text.len() == 4 && (1900.0..=2100.0).contains(&value);
    if year_like
        && i > 0
        && (YEAR_PREPOSITIONS.contains(&words[i - 1].folded.as_str())
            || lang::all().iter().any(|t| t.lang.months.contains(&words[i - 1].folded.as_str())))
    {
        return Some(Quantity {
            start: w.start,
            end: w.end,
            first_token: i,
            end_token: i + 1,
            value,
            qualifier: None,
            unit: None,
            noun: None,
            is_year: true,
            vague: false,
            unit_token: None,
        });
    }
    // Scale words: "200 mila", "2.5 million", "ten thousand", "two hundred thousand".
    let mut scaled = false;
    if !vague {
        while let Some(s) = words.get(j).and_then(|n| table.scale(&n.folded)) {
            if text[words[j - 1].end..words[j].start].trim().is_empty() {
                value *= s;
                scaled = true;
                j += 1;
            } else {
                break;
            }
        }
        // English compounds: "twenty five", "two hundred fifty".
        if !w.is_number() {
            while let Some(n) = words.get(j).and_then(|n| number_word(table, &n.folded)) {
                if (1.0..100.0).contains(&n) && value >= 20.0 && !is_article_one(&words[j].folded) {
                    value += n;
                    j += 1;
                } else {
                    break;
                }
            }
        }
    }
    let mut start = w.start;
    let mut first_token = i;
    // Qualifier before.
    let mut qualifier = if vague { Some("approx") } else { None };
    for (phrase, q) in table.qualifiers {
        let n = phrase.len();
        if i >= n && phrase.iter().enumerate().all(|(k, p)| words[i - n + k].folded == *p) {
            qualifier = Some(*q);
            start = words[i - n].start;
            first_token = i - n;
            break;
        }
    }
    let mut end = words[j - 1].end;
    let over = first_token + 1 == i && words[first_token].folded == "over";
    // Currency symbols and percent signs are not tokens: look at the raw text.
    let before = text[..w.start].trim_end();
    let mut unit: Option<Unit> = None;
    for sym in ["€", "$", "£"] {
        if before.ends_with(sym) && !vague {
            unit = lang::all().iter().find_map(|t| t.unit(sym)).copied();
            start = start.min(before.len() - sym.len());
        }
    }
    let after = &text[end..];
    let after_trim = after.trim_start();
    if unit.is_none() && after_trim.starts_with('%') && after.len() - after_trim.len() <= 1 {
        unit = table.unit("%").copied();
        end += after.len() - after_trim.len() + 1;
    }
    let mut noun = None;
    let mut unit_token = None;
    if unit.is_none() {
        // "10 per cento", "5 percent", "5 per cent".
        let f = |k: usize| words.get(k).map(|w| w.folded.as_str());
        if f(j) == Some("per") && matches!(f(j + 1), Some("cento") | Some("cent")) {
            unit = table.unit("%").copied();
            end = words[j + 1].end;
            j += 2;
        } else if let Some(k) = unit_after(words, j, table, vague || scaled) {
            let uw = &words[k];
            unit = table.unit(&uw.folded).or_else(|| lang::all().iter().find_map(|t| t.unit(&uw.folded))).copied();
            end = uw.end;
            j = k + 1;
            unit_token = Some(k);
        } else if first_token > 0 && PRE_UNITS.contains(&words[first_token - 1].folded.as_str()) {
            // "magnitudo 4.3": a scale written before its value.
            let k = first_token - 1;
            unit = lang::all().iter().find_map(|t| t.unit(&words[k].folded)).copied();
            start = words[k].start;
            first_token = k;
            unit_token = Some(k);
        } else if let Some(k) = unit_before(words, first_token, table) {
            // "Gli sfollati sono trecento", "the dead numbered 40".
            unit = lang::all().iter().find_map(|t| t.unit(&words[k].folded)).copied();
            start = words[k].start;
            first_token = k;
            unit_token = Some(k);
        } else if let Some(n) = words.get(j) {
            let gap = &text[words[j - 1].end..n.start];
            if !n.is_number()
                && gap.trim().is_empty()
                && n.folded.chars().count() > 2
                && !is_stop_word(table.code, &n.folded)
                && !n.folded.ends_with('\'')
                && !matches!(n.folded.as_str(), "a.m" | "p.m" | "am" | "pm" | "a.m." | "p.m.")
                && !lang::all()
                    .iter()
                    .any(|t| t.lang.months.iter().any(|m| *m == n.folded || m.get(..3) == Some(n.folded.as_str())))
            {
                noun = Some(n.folded.clone());
            }
        }
    }
    // Post qualifiers: "10.000 circa".
    if qualifier.is_none()
        && let Some(n) = words.get(j)
        && let Some((_, q)) = table.post_qualifiers.iter().find(|(p, _)| *p == n.folded)
        && (table.code != "en" || words.get(j + 1).is_some_and(|m| m.folded == "more"))
    {
        qualifier = Some(*q);
    }
    // "over five years" is a span of time, not more than five years.
    if over && unit.is_some_and(|u| u.kind == UnitKind::Duration) {
        qualifier = None;
        start = w.start;
        first_token = i;
    }
    let is_year = bare_digits && unit.is_none() && !scaled && (1900.0..=2100.0).contains(&value) && w.text.len() == 4;
    // A lone small number word with no unit is too weak to be a fact ("uno dei due paesi").
    if !w.is_number() && unit.is_none() && !vague && !scaled {
        return None;
    }
    Some(Quantity { start, end, first_token, end_token: j, value, qualifier, unit, noun, is_year, vague, unit_token })
}

/// Units written before the number.
const PRE_UNITS: &[&str] = &["magnitudo", "magnitude"];

/// Verbs that link a unit before them to a number after them ("gli sfollati sono trecento").
const COPULAS: &[&str] = &[
    "sono",
    "e",
    "erano",
    "era",
    "ammontano",
    "ammonta",
    "risultano",
    "restano",
    "are",
    "were",
    "is",
    "was",
    "numbered",
    "totalled",
    "totaled",
    "stood",
    "stand",
];

/// Index of a known unit just before a copula before the number: "Le persone evacuate sono circa 1200".
fn unit_before(words: &[Word<'_>], first: usize, table: &'static Table) -> Option<usize> {
    let cop = first.checked_sub(1)?;
    if !COPULAS.contains(&words[cop].folded.as_str()) || (words[cop].folded == "e" && words[cop].text != "è") {
        return None;
    }
    (cop.saturating_sub(2)..cop)
        .rev()
        .find(|k| table.unit(&words[*k].folded).is_some_and(|u| u.kind == UnitKind::Count))
}

/// Index of the unit word after a number: the next word, or a known unit within a few words
/// ("10,000 North Korean troops", "centinaia di soldati").
fn unit_after(words: &[Word<'_>], j: usize, table: &'static Table, allow_link: bool) -> Option<usize> {
    let known =
        |w: &Word<'_>| table.unit(&w.folded).is_some() || lang::all().iter().any(|t| t.unit(&w.folded).is_some());
    let first = words.get(j)?;
    if known(first) {
        return Some(j);
    }
    // "Sono 1200 le persone evacuate", "cinque le vittime": an article before a known unit.
    if table.code == "it" && matches!(first.folded.as_str(), "i" | "gli" | "le") {
        let next = words.get(j + 1)?;
        return known(next).then_some(j + 1);
    }
    if table.links.contains(&first.folded.as_str()) || first.folded.ends_with('\'') {
        let next = words.get(j + 1)?;
        return (known(next) && (allow_link || table.code == "en")).then_some(j + 1);
    }
    // English puts adjectives and nationalities before the noun.
    if table.code == "en" {
        for (k, w) in words.iter().enumerate().skip(j).take(3) {
            if w.is_number() {
                return None;
            }
            if known(w) {
                return Some(k);
            }
        }
    }
    None
}

/// Format a value without a trailing `.0`, and with at most three decimals.
pub fn format_value(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        let s = format!("{v:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Whether a unit measures time.
pub fn is_duration(u: &Unit) -> bool {
    u.kind == UnitKind::Duration
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, lang: &str) -> Quantity {
        let t = lang::table(lang);
        let w = words(text);
        let q = quantities(text, &w, t);
        assert_eq!(q.len(), 1, "{text}: {q:?}");
        q.into_iter().next().unwrap()
    }

    #[test]
    fn numerals_follow_the_language_convention() {
        assert_eq!(parse_numeral("10.000", ','), Some(10000.0));
        assert_eq!(parse_numeral("10,000", '.'), Some(10000.0));
        assert_eq!(parse_numeral("1,5", ','), Some(1.5));
        assert_eq!(parse_numeral("2.5", '.'), Some(2.5));
        assert_eq!(parse_numeral("1.234.567", '.'), Some(1234567.0));
        assert_eq!(parse_numeral("1,234.5", ','), Some(1234.5));
        assert_eq!(parse_numeral("10k", '.'), Some(10000.0));
        assert_eq!(parse_numeral("27enne", ','), None);
    }

    #[test]
    fn italian_number_words_compose() {
        assert_eq!(italian_word("diecimila"), Some(10000));
        assert_eq!(italian_word("duecentocinquanta"), Some(250));
        assert_eq!(italian_word("ventuno"), Some(21));
        assert_eq!(italian_word("ventiquattro"), Some(24));
        assert_eq!(italian_word("tremilacinquecento"), Some(3500));
        assert_eq!(italian_word("mille"), Some(1000));
        assert_eq!(italian_word("centro"), None);
        assert_eq!(italian_word("trentina"), None);
    }

    #[test]
    fn same_amount_in_every_writing_is_the_same_value() {
        let cases = [
            ("Sono circa 10.000 soldati.", "it"),
            ("Sono circa diecimila soldati.", "it"),
            ("Sono circa 10 mila soldati.", "it"),
            ("About 10,000 troops arrived.", "en"),
            ("About 10k troops arrived.", "en"),
            ("About ten thousand troops arrived.", "en"),
        ];
        for (text, lang) in cases {
            let q = one(text, lang);
            assert_eq!(q.value, 10000.0, "{text}");
            assert_eq!(q.qualifier, Some("approx"), "{text}");
            assert_eq!(q.unit.unwrap().canon, "soldier", "{text}");
            assert!(
                text[q.start..q.end].to_lowercase().starts_with("circa") || text[q.start..q.end].starts_with("About")
            );
        }
    }

    #[test]
    fn money_scales_and_percent() {
        let q = one("una limousine dal valore di circa 200 mila euro", "it");
        assert_eq!((q.value, q.unit.unwrap().canon, q.qualifier), (200000.0, "EUR", Some("approx")));
        let q = one("aiuti per 1,5 milioni di euro", "it");
        assert_eq!((q.value, q.unit.unwrap().canon), (1_500_000.0, "EUR"));
        let q = one("a loan of 2.5 million dollars", "en");
        assert_eq!((q.value, q.unit.unwrap().canon), (2_500_000.0, "USD"));
        let text = "costs €3.5bn in total";
        let q = one(text, "en");
        assert_eq!((q.value, q.unit.unwrap().canon), (3.5e9, "EUR"));
        assert_eq!(&text[q.start..q.end], "€3.5bn");
        let q = one("la disoccupazione è salita al 7,5% a marzo", "it");
        assert_eq!((q.value, q.unit.unwrap().canon), (7.5, "%"));
        let q = one("un calo del 12 per cento", "it");
        assert_eq!((q.value, q.unit.unwrap().canon), (12.0, "%"));
    }

    #[test]
    fn qualifiers_vague_amounts_and_years() {
        let q = one("more than 300 people were evacuated", "en");
        assert_eq!((q.value, q.qualifier), (300.0, Some("more-than")));
        let q = one("almeno 12 morti nel crollo", "it");
        assert_eq!((q.value, q.qualifier, q.unit.unwrap().canon), (12.0, Some("at-least"), "dead"));
        let q = one("decine di migliaia di persone in piazza", "it");
        assert_eq!((q.value, q.unit.unwrap().canon, q.vague), (10000.0, "person", true));
        let q = one("diverse centinaia di soldati hanno marciato", "it");
        assert_eq!((q.value, q.qualifier, q.vague), (100.0, Some("approx"), true));
        let q = one("Dall'ultima visita nel 2000 tutto è cambiato", "it");
        assert!(q.is_year);
        let q = one("la sua prima visita nell'arco di 24 anni", "it");
        assert_eq!((q.value, q.unit.unwrap().canon), (24.0, "Y"));
    }

    #[test]
    fn spans_match_text() {
        let text = "Oltre 1.200 sfollati, circa 200 mila euro e il 5% dei voti; ten thousand.";
        let w = words(text);
        for q in quantities(text, &w, lang::table("it")) {
            assert!(text.is_char_boundary(q.start) && text.is_char_boundary(q.end));
            assert!(!text[q.start..q.end].trim().is_empty());
        }
    }
}
