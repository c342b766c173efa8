//! Calendar dates with their precision (`2024`, `2024-06`, `2024-06-19`), as news metadata gives them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A date known to the year, the month or the day. Orders chronologically, coarser first on ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not an ISO 8601 date (YYYY, YYYY-MM or YYYY-MM-DD): {:?}", self.0)
    }
}

impl std::error::Error for DateError {}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl PartialDate {
    pub fn year(year: i32) -> Self {
        PartialDate { year, month: None, day: None }
    }

    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate { year, month: Some(month), day: None })
    }

    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// `"year"`, `"month"` or `"day"`.
    pub fn precision(&self) -> &'static str {
        match (self.month, self.day) {
            (_, Some(_)) => "day",
            (Some(_), None) => "month",
            _ => "year",
        }
    }

    /// Days since 1970-01-01 of the first day this date covers (for time distances).
    pub fn days_since_epoch(&self) -> i64 {
        let (y, m, d) = (self.year as i64, self.month.unwrap_or(1) as i64, self.day.unwrap_or(1) as i64);
        // Days-from-civil (proleptic Gregorian).
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Parse the leading date of an ISO 8601 string, ignoring any time part (`2024-06-19T10:00:00Z`).
    pub fn parse_prefix(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        let head: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '-').collect();
        head.trim_end_matches('-').parse()
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DateError(s.to_string());
        let mut parts = s.trim().split('-');
        let y = parts.next().filter(|p| p.len() == 4).ok_or_else(err)?;
        let year: i32 = y.parse().map_err(|_| err())?;
        let month = parts.next();
        let day = parts.next();
        if parts.next().is_some() {
            return Err(err());
        }
        let num =
            |p: &str| -> Result<u8, DateError> { if p.len() == 2 { p.parse().map_err(|_| err()) } else { Err(err()) } };
        match (month, day) {
            (None, _) => Ok(PartialDate::year(year)),
            (Some(m), None) => PartialDate::month(year, num(m)?).ok_or_else(err),
            (Some(m), Some(d)) => PartialDate::day(year, num(m)?, num(d)?).ok_or_else(err),
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_each_precision() {
        for s in ["2024", "2024-06", "2024-06-19"] {
            assert_eq!(s.parse::<PartialDate>().unwrap().to_string(), s);
        }
        assert_eq!("2024-06".parse::<PartialDate>().unwrap().precision(), "month");
    }

    #[test]
    fn rejects_impossible_dates() {
        for s in ["2024-13", "2023-02-29", "24-06", "2024-6-1", "", "2024-06-19-1"] {
            assert!(s.parse::<PartialDate>().is_err(), "{s}");
        }
        assert!("2024-02-29".parse::<PartialDate>().is_ok());
    }

    #[test]
    fn prefix_ignores_time_and_epoch_days_are_right() {
        let d = PartialDate::parse_prefix("2024-06-19T08:00:00+09:00").unwrap();
        assert_eq!(d.to_string(), "2024-06-19");
        assert_eq!(PartialDate::day(1970, 1, 2).unwrap().days_since_epoch(), 1);
        assert_eq!(PartialDate::day(2000, 3, 1).unwrap().days_since_epoch(), 11_017);
    }

    #[test]
    fn orders_chronologically() {
        let a: PartialDate = "2024-06".parse().unwrap();
        let b: PartialDate = "2024-06-19".parse().unwrap();
        let c: PartialDate = "2024-11-08".parse().unwrap();
        assert!(a < b && b < c);
    }
}
