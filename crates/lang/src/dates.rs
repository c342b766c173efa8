//! Dates as news pages and exports write them, in every language with tables here: ISO, numeric
//! (day first unless the caller says the source writes month first), and written out ("19 giugno
//! 2024", "June 19, 2024", "Fri, 11 Feb 2011"). The one date parser the stages share.

use rassegna_model::PartialDate;
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

/// The month of a folded month name or abbreviation in any language with tables.
pub fn month(folded: &str) -> Option<u8> {
    let w = folded.trim_end_matches('.');
    crate::all().iter().find_map(|t| t.month(w))
}

/// Whether a folded word is a weekday name in any language with tables, or an abbreviation of one.
pub fn weekday(folded: &str) -> bool {
    crate::all()
        .iter()
        .any(|t| t.weekday(folded).is_some() || t.weekday_abbreviations.iter().any(|(w, _)| *w == folded))
}

fn year_ok(y: i32) -> bool {
    (1900..=2100).contains(&y)
}

/// A date written out at the start of `folded` (lowercase, accent-free text), with the folded length it
/// spans. Day-first numeric dates unless `month_first` (US English) and the numbers allow it.
pub fn parse_date_prefix(folded: &str, month_first: bool) -> Option<(PartialDate, usize)> {
    static SKIP: OnceLock<Regex> = OnceLock::new();
    static DMY: OnceLock<Regex> = OnceLock::new();
    static MDY: OnceLock<Regex> = OnceLock::new();
    static ISO: OnceLock<Regex> = OnceLock::new();
    static NUM: OnceLock<Regex> = OnceLock::new();
    static MY: OnceLock<Regex> = OnceLock::new();
    let mut offset = 0;
    // A leading weekday ("mercoledi,", "giovedi •") is skipped when it is one.
    if let Some(m) = re(&SKIP, r"^(\p{L}+)\.?\s*[,•·|–—-]?\s+").captures(folded)
        && weekday(m.get(1).map_or("", |g| g.as_str()))
    {
        offset = m.get(0).map_or(0, |g| g.end());
    }
    let s = &folded[offset..];
    let num = |c: &regex::Captures, i: usize| c.get(i).and_then(|g| g.as_str().parse::<i64>().ok());
    if let Some(c) = re(&ISO, r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?").captures(s) {
        let (y, m) = (num(&c, 1)? as i32, num(&c, 2)? as u8);
        let d = match c.get(3) {
            Some(_) => PartialDate::day(y, m, num(&c, 3)? as u8),
            None => PartialDate::month(y, m),
        };
        return d.filter(|d| year_ok(d.year)).map(|d| (d, offset + c[0].len()));
    }
    if let Some(c) = re(&NUM, r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})\b").captures(s) {
        let (a, b, y) = (num(&c, 1)? as u8, num(&c, 2)? as u8, num(&c, 3)? as i32);
        let (d, m) = if (month_first && a <= 12) || b > 12 { (b, a) } else { (a, b) };
        return PartialDate::day(y, m, d).filter(|d| year_ok(d.year)).map(|d| (d, offset + c[0].len()));
    }
    if let Some(c) =
        re(&DMY, r"^(\d{1,2})(?:er|st|nd|rd|th|º|°)?\.?\s+(?:de\s+)?(\p{L}+)\.?,?\s+(?:de\s+|del\s+)?(\d{4})\b")
            .captures(s)
    {
        let m = month(c.get(2)?.as_str())?;
        return PartialDate::day(num(&c, 3)? as i32, m, num(&c, 1)? as u8)
            .filter(|d| year_ok(d.year))
            .map(|d| (d, offset + c[0].len()));
    }
    if let Some(c) = re(&MDY, r"^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b").captures(s) {
        let m = month(c.get(1)?.as_str())?;
        return PartialDate::day(num(&c, 3)? as i32, m, num(&c, 2)? as u8)
            .filter(|d| year_ok(d.year))
            .map(|d| (d, offset + c[0].len()));
    }
    if let Some(c) = re(&MY, r"^(\p{L}+)\.?\s+(?:de\s+)?(\d{4})\b").captures(s) {
        let m = month(c.get(1)?.as_str())?;
        return PartialDate::month(num(&c, 2)? as i32, m).filter(|d| year_ok(d.year)).map(|d| (d, offset + c[0].len()));
    }
    None
}
