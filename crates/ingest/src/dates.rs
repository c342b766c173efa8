//! Publication dates as exports write them: ISO 8601 (`2011-02-11`, `2011-02-11 14:30:00`,
//! `2011-02-11T14:30:00Z`, `2011-02`, `2011`), numeric dates with slashes, dots or dashes
//! (`11/02/2011`, `11.02.2011`), year first (`2011/02/11`), and RFC 2822 (`Fri, 11 Feb 2011
//! 14:30:00 +0000`, as feeds write them).
//!
//! A numeric date with the day and month both 12 or under is ambiguous: it is read day first
//! (`11/02/2011` is 11 February), as news in Italian, French, Spanish, German and most other
//! languages writes it, and month first only for English sources (the US order); a number over 12
//! decides either way.

use rassegna_model::PartialDate;

/// The date a publication field gives, or `None` when it is not one of the forms above.
pub fn parse_date(value: &str, lang: Option<&str>) -> Option<PartialDate> {
    let v = value.trim();
    if let Ok(d) = iso(v) {
        return Some(d);
    }
    numeric(v, lang).or_else(|| rfc2822(v))
}

/// ISO 8601 dates, with any time after the date.
fn iso(v: &str) -> Result<PartialDate, ()> {
    let date = v.split(['T', ' ']).next().unwrap_or(v);
    if date.len() < 4 || !date.chars().all(|c| c.is_ascii_digit() || c == '-') {
        return Err(());
    }
    date.parse().map_err(|_| ())
}

fn numeric(v: &str, lang: Option<&str>) -> Option<PartialDate> {
    let date = v.split_whitespace().next()?;
    let parts: Vec<&str> = date.split(['/', '.', '-']).collect();
    let [a, b, c] = parts[..] else { return None };
    let n = |p: &str| p.chars().all(|c| c.is_ascii_digit()).then(|| p.parse::<i32>().ok()).flatten();
    let (a, b, c) = (n(a)?, n(b)?, n(c)?);
    if parts[0].len() == 4 {
        return PartialDate::day(a, u8::try_from(b).ok()?, u8::try_from(c).ok()?);
    }
    if parts[2].len() != 4 {
        return None;
    }
    let month_first = match (a > 12, b > 12) {
        (true, _) => false,
        (_, true) => true,
        _ => lang == Some("en"),
    };
    let (d, m) = if month_first { (b, a) } else { (a, b) };
    PartialDate::day(c, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
}

/// `Fri, 11 Feb 2011 14:30:00 +0000` (the weekday optional).
fn rfc2822(v: &str) -> Option<PartialDate> {
    const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    let rest = v.split_once(',').map_or(v, |(_, r)| r);
    let mut words = rest.split_whitespace();
    let day: u8 = words.next()?.parse().ok()?;
    let month = words.next()?.to_ascii_lowercase();
    let m = MONTHS.iter().position(|p| month.starts_with(p))? as u8 + 1;
    let year: i32 = words.next()?.parse().ok()?;
    PartialDate::day(year, m, day)
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
        for v in ["11", "ieri", "31/02/2011", "2011-13-01", "13/13/2011", "Fri, 11 Foo 2011"] {
            assert_eq!(d(v, Some("it")), None, "{v}");
        }
    }
}
