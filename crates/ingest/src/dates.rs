//! Publication dates as exports write them: ISO 8601 (`2011-02-11`, `2011-02-11 14:30:00`,
//! `2011-02-11T14:30:00Z`, `2011-02`, `2011`), numeric dates with slashes, dots or dashes
//! (`11/02/2011`, `11.02.2011`), year first (`2011/02/11`), written out in any language with tables
//! (`Fri, 11 Feb 2011 14:30:00 +0000` as feeds write them, `19 giugno 2024`).
//!
//! A numeric date with the day and month both 12 or under is ambiguous: it is read day first
//! (`11/02/2011` is 11 February), as news in Italian, French, Spanish, German and most other
//! languages writes it, and month first only for English sources (the US order); a number over 12
//! decides either way.

use rassegna_model::PartialDate;

/// The date a publication field gives, or `None` when it is not a date (or holds more than a date
/// and a time). The parsing is `rassegna_lang`'s, the one every stage uses.
pub fn parse_date(value: &str, lang: Option<&str>) -> Option<PartialDate> {
    let folded = rassegna_text::fold(value.trim());
    if let Some((date, end)) = rassegna_lang::parse_date_prefix(&folded, lang == Some("en")) {
        // What may follow a date in a publication field: a time, a zone.
        let rest = folded[end..].trim_start_matches(['t', ' ', ',']);
        return rest.chars().all(|c| c.is_ascii_digit() || " :.+-zgmtuc".contains(c)).then_some(date);
    }
    // A year alone, or a year and month (`2011`, `2011-02`), which pages never write as a date.
    folded.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(v: &str, lang: Option<&str>) -> Option<String> {
        parse_date(v, lang).map(|d| d.to_string())
    }

    #[test]
    fn the_forms_exports_use() {
        for v in [
            "2011-02-11",
            "2011-02-11 14:30:00",
            "2011-02-11T14:30:00Z",
            "2011/02/11",
            "Fri, 11 Feb 2011 14:30:00 +0000",
        ] {
            assert_eq!(d(v, None).as_deref(), Some("2011-02-11"), "{v}");
        }
        assert_eq!(d("2011-02", None).as_deref(), Some("2011-02"));
        assert_eq!(d("2011", None).as_deref(), Some("2011"));
        assert_eq!(d("19 giugno 2024", Some("it")).as_deref(), Some("2024-06-19"));
    }

    #[test]
    fn ambiguous_numeric_dates_are_day_first_except_in_english() {
        assert_eq!(d("11/02/2011", Some("it")).as_deref(), Some("2011-02-11"));
        assert_eq!(d("11.02.2011", None).as_deref(), Some("2011-02-11"));
        assert_eq!(d("11/02/2011", Some("en")).as_deref(), Some("2011-11-02"));
        assert_eq!(d("25/02/2011", Some("en")).as_deref(), Some("2011-02-25"), "25 is no month");
        assert_eq!(d("02/25/2011", Some("it")).as_deref(), Some("2011-02-25"), "25 is no month");
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for v in ["11", "ieri", "31/02/2011", "2011-13-01", "13/13/2011", "Fri, 11 Foo 2011", "2011-02-11 e poi"] {
            assert_eq!(d(v, Some("it")), None, "{v}");
        }
    }
}
