//! Gives each written time expression its TIMEX3-like value against the anchor (the publication date),
//! with news conventions: a bare weekday is the closest one on or before the anchor unless the verb is
//! future; a day and month without a year take the year that keeps them closest to the anchor.

use crate::cal;
use crate::lang::{Dir, Holiday, Unit};
use crate::tagger::Expr;
pub use crate::timex::duration;
use rassegna_model::{PartialDate, TimexKind};

/// The anchor at whatever precision it is known.
#[derive(Debug, Clone, Copy)]
pub struct Anchor {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

impl Anchor {
    pub fn new(d: PartialDate) -> Self {
        Anchor { year: d.year, month: d.month, day: d.day }
    }

    /// Day count of the anchor day, if known to the day.
    fn z(&self) -> Option<i64> {
        Some(cal::days(self.year, self.month?, self.day?))
    }

    /// Day count of the middle of the anchor's month, if known to the month.
    fn z_mid(&self) -> Option<i64> {
        Some(cal::days(self.year, self.month?, self.day.unwrap_or(15)))
    }
}

/// TIMEX3 `type` of a value: `time` with a clock or part of day, `duration`, `set` or `date`.
pub fn kind_of(expr: &Expr, value: &str) -> TimexKind {
    match expr {
        Expr::Duration { .. } | Expr::Range { .. } => TimexKind::Duration,
        Expr::Set { .. } => TimexKind::Set,
        _ if value.contains('T') && !value.ends_with("_REF") => TimexKind::Time,
        _ => TimexKind::Date,
    }
}

/// The year among anchor year - 1, anchor year, anchor year + 1 that puts a month/day closest to the anchor;
/// in a sentence whose verb is past (`tense` `Some(false)`), not one more than three months after it
/// ("the year ended March 31" in November; a near date ahead is still the one meant by "was set for").
fn closest_year(a: &Anchor, month: u8, day: Option<u8>, weekday: Option<u8>, tense: Option<bool>) -> Option<i32> {
    let Some(za) = a.z_mid() else {
        return Some(a.year);
    };
    // The last day the anchor may be: its day, or the end of its month.
    let latest = a.z().unwrap_or(za + 16);
    let mut best: Option<(i64, i32)> = None;
    for y in [a.year - 1, a.year, a.year + 1] {
        let d = day.unwrap_or(15);
        if !cal::valid(y, month, d) {
            continue;
        }
        let z = cal::days(y, month, d);
        let mut dist = (z - za).abs();
        if tense == Some(false) && z > latest + 90 {
            dist += 800;
        }
        if let Some(wd) = weekday
            && cal::weekday(z) != wd
        {
            dist += 400;
        }
        if best.is_none_or(|(b, _)| dist < b) {
            best = Some((dist, y));
        }
    }
    best.map(|(_, y)| y)
}

/// The weekday `wd` closest to the anchor day in direction `dir` (None: on or before, or on or after if future).
fn weekday_day(z: i64, wd: u8, dir: Option<Dir>, future: bool) -> i64 {
    let cur = cal::weekday(z) as i64;
    let wd = wd as i64;
    let back = (cur - wd).rem_euclid(7);
    let fwd = (wd - cur).rem_euclid(7);
    match dir {
        Some(Dir::Past) => z - if back == 0 { 7 } else { back },
        Some(Dir::Next) => z + if fwd == 0 { 7 } else { fwd },
        Some(Dir::This) => z - (cur - 1) + (wd - 1),
        None if future => z + fwd,
        None => z - back,
    }
}

fn pod_suffix(pod: Option<&str>) -> String {
    pod.map(|p| format!("T{p}")).unwrap_or_default()
}

/// The value of an expression against an optional anchor. `None` when nothing sensible can be said.
pub fn value(expr: &Expr, anchor: Option<Anchor>, future: bool) -> Option<String> {
    value_in(expr, anchor, future.then_some(true))
}

/// [`value`] with the tense of the expression's sentence: future (`Some(true)`), past (`Some(false)`) or
/// not known.
pub fn value_in(expr: &Expr, anchor: Option<Anchor>, tense: Option<bool>) -> Option<String> {
    let a = anchor;
    let future = tense == Some(true);
    Some(match expr {
        Expr::Cal { year, month, day, weekday, pod } => {
            let year = match (year, month) {
                (Some(y), _) => Some(*y),
                (None, Some(m)) => match a {
                    Some(a) if day.is_some() => closest_year(&a, *m, *day, *weekday, tense),
                    Some(a) => month_year(&a, *m, future),
                    None => None,
                },
                (None, None) => None,
            };
            let y = year.map_or("XXXX".to_string(), |y| format!("{y:04}"));
            match (month, day) {
                (Some(m), Some(d)) => format!("{y}-{m:02}-{d:02}{}", pod_suffix(*pod)),
                (Some(m), None) => format!("{y}-{m:02}"),
                _ => y,
            }
        }
        Expr::Weekday { wd, dir, pod } => match a.and_then(|a| a.z()) {
            Some(z) => format!("{}{}", cal::fmt_day(weekday_day(z, *wd, *dir, future)), pod_suffix(*pod)),
            None => format!("XXXX-WXX-{wd}{}", pod_suffix(*pod)),
        },
        Expr::MonthRel { month, dir } => match a {
            Some(Anchor { year, month: Some(am), .. }) => {
                let y = match dir {
                    Dir::Past if *month >= am => year - 1,
                    Dir::Next if *month <= am => year + 1,
                    _ => year,
                };
                format!("{y:04}-{month:02}")
            }
            Some(Anchor { year, month: None, .. }) if *dir == Dir::This => format!("{year:04}-{month:02}"),
            _ => format!("XXXX-{month:02}"),
        },
        Expr::DayRel { month, day, dir } => match a.and_then(|a| a.z().or(a.z_mid())) {
            Some(z) => {
                let (ay, _, _) = cal::civil(z);
                let fits = |y: &i32| cal::valid(*y, *month, *day);
                let pick = match dir {
                    Dir::Past => [ay, ay - 1].into_iter().filter(fits).find(|y| cal::days(*y, *month, *day) < z),
                    _ => [ay, ay + 1].into_iter().filter(fits).find(|y| cal::days(*y, *month, *day) > z),
                };
                match pick {
                    Some(y) => format!("{y:04}-{month:02}-{day:02}"),
                    None => format!("XXXX-{month:02}-{day:02}"),
                }
            }
            None => format!("XXXX-{month:02}-{day:02}"),
        },
        Expr::Season { code, year, dir } => {
            let y = match (year, a) {
                (Some(y), _) => Some(*y),
                (None, Some(a)) => match dir {
                    Some(Dir::Past) => Some(a.year - 1),
                    Some(Dir::Next) => Some(a.year + 1),
                    _ => Some(a.year),
                },
                (None, None) => None,
            };
            format!("{}-{code}", y.map_or("XXXX".to_string(), |y| format!("{y:04}")))
        }
        Expr::RelDay { offset, pod } => match a {
            Some(an) => match an.z() {
                Some(z) => format!("{}{}", cal::fmt_day(z + offset), pod_suffix(*pod)),
                // Month-precision anchor: "oggi" is within the anchor month; other days may not be.
                None if *offset == 0 && an.month.is_some() => {
                    format!("{:04}-{:02}", an.year, an.month.unwrap_or(1))
                }
                None if *offset == 0 => format!("{:04}", an.year),
                None => "XXXX-XX-XX".into(),
            },
            None if *offset == 0 => "PRESENT_REF".into(),
            None => "XXXX-XX-XX".into(),
        },
        Expr::RelUnit { unit, dir } => {
            let k = match dir {
                Dir::Past => -1,
                Dir::This => 0,
                Dir::Next => 1,
            };
            shifted(*unit, k, a).unwrap_or_else(|| unresolved(*unit))
        }
        Expr::Offset { unit, n, sign } => match n {
            Some(n) if n.fract() == 0.0 => {
                shifted(*unit, *sign as i64 * *n as i64, a).unwrap_or_else(|| unresolved(*unit))
            }
            _ if *sign < 0 => "PAST_REF".into(),
            _ => "FUTURE_REF".into(),
        },
        Expr::Duration { unit, n } => duration(*unit, *n),
        Expr::Set { value } => value.to_string(),
        Expr::Ref(v) => v.to_string(),
        Expr::Decade(d) => format!("{d:03}"),
        Expr::Century(c) => format!("{c:02}"),
        Expr::Quarter { q, year, dir } => {
            let y = year.or(a.map(|a| a.year));
            let y = match (y, dir) {
                (Some(y), Some(Dir::Past)) => Some(y - 1),
                (Some(y), Some(Dir::Next)) => Some(y + 1),
                (y, _) => y,
            };
            format!("{}-Q{q}", y.map_or("XXXX".to_string(), |y| format!("{y:04}")))
        }
        Expr::ReportQuarter { back, year, bare } => match (bare, year) {
            (true, _) => shifted(Unit::Year, -(*back as i64), a).unwrap_or_else(|| unresolved(Unit::Year)),
            (false, None) => {
                shifted(Unit::Quarter, -1 - 4 * *back as i64, a).unwrap_or_else(|| unresolved(Unit::Quarter))
            }
            (false, Some(y)) => match a.and_then(|a| a.month) {
                Some(m) => format!("{:04}-Q{}", y - back, ((m as i32 - 1) / 3 + 3) % 4 + 1),
                None => format!("{:04}-QX", y - back),
            },
        },
        Expr::Holiday { h, year, dir } => {
            let on = |y: i32| holiday_day(*h, y);
            match (year, a) {
                (Some(y), _) => cal::fmt_day(on(*y)),
                (None, Some(an)) => {
                    let z = an.z().unwrap_or_else(|| an.z_mid().unwrap_or(cal::days(an.year, 7, 1)));
                    let ys = [an.year - 1, an.year, an.year + 1];
                    let pick = match (dir, tense) {
                        (Some(Dir::Past), _) | (None, Some(false)) => ys.iter().rev().map(|y| on(*y)).find(|d| *d < z),
                        (Some(Dir::Next), _) | (None, Some(true)) => ys.iter().map(|y| on(*y)).find(|d| *d > z),
                        _ => ys.iter().map(|y| on(*y)).min_by_key(|d| (d - z).abs()),
                    };
                    pick.map_or_else(|| "XXXX-XX-XX".into(), cal::fmt_day)
                }
                (None, None) => match h {
                    Holiday::Fixed(m, d) => format!("XXXX-{m:02}-{d:02}"),
                    _ => "XXXX-XX-XX".into(),
                },
            }
        }
        Expr::Step { unit, .. } => duration(*unit, Some(1.0)),
        Expr::TheWeekend => match a.and_then(|a| a.z()) {
            Some(z) => format!("{}-WE", cal::fmt_week(weekday_day(z, 6, None, future))),
            None => "XXXX-WXX-WE".into(),
        },
        Expr::Time { day, hour, minute, utc } => {
            let d = match day {
                Some(d) => value_in(d, anchor, tense)?,
                None => a.and_then(|a| a.z()).map_or("XXXX-XX-XX".to_string(), cal::fmt_day),
            };
            let d: String = d.split('T').next().unwrap_or("").to_string();
            format!("{d}T{hour:02}:{minute:02}{}", if *utc { "Z" } else { "" })
        }
        Expr::Range { from, to } => {
            let (
                Expr::Cal { year: Some(y1), month: m1, day: d1, .. },
                Expr::Cal { year: Some(y2), month: m2, day: d2, .. },
            ) = (from.as_ref(), to.as_ref())
            else {
                return None;
            };
            match (m1, d1, m2, d2) {
                (None, _, None, _) => format!("P{}Y", (y2 - y1).max(0)),
                (Some(m1), Some(d1), Some(m2), Some(d2)) => {
                    format!("P{}D", (cal::days(*y2, *m2, *d2) - cal::days(*y1, *m1, *d1)).max(0))
                }
                (Some(m1), _, Some(m2), _) => format!("P{}M", ((y2 - y1) as i64 * 12 + *m2 as i64 - *m1 as i64).max(0)),
                _ => "PXY".into(),
            }
        }
    })
}

/// The day count of a holiday in a year.
fn holiday_day(h: Holiday, y: i32) -> i64 {
    match h {
        Holiday::Fixed(m, d) => cal::days(y, m, d),
        Holiday::Easter(k) => cal::easter(y) + k as i64,
        Holiday::Nth(m, wd, n) => cal::nth_weekday(y, m, wd, n),
    }
}

/// The year of a bare month: the latest on or before the anchor month, or the next one if future.
fn month_year(a: &Anchor, m: u8, future: bool) -> Option<i32> {
    let Some(am) = a.month else {
        return Some(a.year);
    };
    Some(if future {
        if m >= am { a.year } else { a.year + 1 }
    } else if m <= am {
        a.year
    } else {
        a.year - 1
    })
}

fn unresolved(unit: Unit) -> String {
    match unit {
        Unit::Year => "XXXX".into(),
        Unit::Month => "XXXX-XX".into(),
        Unit::Week | Unit::Weekend => "XXXX-WXX".into(),
        Unit::Decade => "XXX".into(),
        Unit::Century => "XX".into(),
        Unit::Quarter => "XXXX-QX".into(),
        _ => "XXXX-XX-XX".into(),
    }
}

/// The unit holding the anchor moved by `k` units, at that unit's granularity.
fn shifted(unit: Unit, k: i64, a: Option<Anchor>) -> Option<String> {
    let a = a?;
    Some(match unit {
        Unit::Year => format!("{:04}", a.year as i64 + k),
        Unit::Decade => format!("{:03}", (a.year as i64).div_euclid(10) + k),
        Unit::Century => format!("{:02}", (a.year as i64).div_euclid(100) + k),
        Unit::Month => {
            let (y, m) = cal::add_months(a.year, a.month?, k);
            format!("{y:04}-{m:02}")
        }
        Unit::Quarter => {
            let q0 = a.year as i64 * 4 + (a.month? as i64 - 1) / 3 + k;
            format!("{:04}-Q{}", q0.div_euclid(4), q0.rem_euclid(4) + 1)
        }
        Unit::Week => cal::fmt_week(a.z()? + 7 * k),
        Unit::Weekend => format!("{}-WE", cal::fmt_week(a.z()? + 7 * k)),
        Unit::Day => cal::fmt_day(a.z()? + k),
        Unit::Hour | Unit::Minute | Unit::Second => {
            // "two hours ago": the day is what a timeline can use.
            cal::fmt_day(a.z()?)
        }
    })
}

/// A resolved value as a calendar date, if it is one (`2024-06-19`, `2024-06`, `2024`, `2024-06-19TEV`).
pub fn as_date(value: &str) -> Option<PartialDate> {
    let head = value.split('T').next()?;
    if head.len() < 4 || !head.as_bytes()[..4].iter().all(u8::is_ascii_digit) {
        return None;
    }
    head.parse().ok()
}

/// Sentence ends between two points of a text.
fn sentence_breaks(s: &str) -> usize {
    s.matches(['\n']).count() + s.matches(". ").count() + s.matches("! ").count() + s.matches("? ").count()
}

/// Narrative years: a day or month without a year right after an explicit other year ("Nel 1932 ... il 24
/// gennaio") belongs to that year, not to the publication's. Only the same or the next sentence counts,
/// and a deictic expression ("oggi", "l'anno scorso") brings the narrative back to the present.
///
/// News usually means the publication year even right after another year ("since its launch in 2003 and
/// as of February"), so this applies only to historical texts: those whose explicit years are mostly at
/// least ten years before the anchor.
pub fn apply_narrative_years(text: &str, found: &mut [crate::tagger::Found], anchor: Option<Anchor>) {
    if let Some(a) = anchor {
        let mut years: Vec<i32> = found
            .iter()
            .filter_map(|f| if let Expr::Cal { year: Some(y), .. } = f.expr { Some(y) } else { None })
            .collect();
        years.sort_unstable();
        if years.is_empty() || years[years.len() / 2] > a.year - 10 {
            return;
        }
        // A report that counts days, weeks and weekdays from today ("Monday", "last fall") more
        // often than it names old years is news of now that recalls the past, not history.
        let of_now = found
            .iter()
            .filter(|f| {
                matches!(
                    f.expr,
                    Expr::RelDay { .. }
                        | Expr::RelUnit { .. }
                        | Expr::MonthRel { .. }
                        | Expr::Weekday { .. }
                        | Expr::Offset { .. }
                        | Expr::Season { dir: Some(_), .. }
                )
            })
            .count();
        let old = years.iter().filter(|&&y| y <= a.year - 10).count();
        if of_now >= old {
            return;
        }
    }
    let mut last: Option<(i32, usize)> = None;
    for f in found.iter_mut() {
        match &mut f.expr {
            Expr::Cal { year: Some(y), .. } => last = Some((*y, f.end)),
            Expr::Cal { year: year @ None, month: Some(m), day, weekday, .. } => {
                // A weekday written with the day must fall on it in that year ("mercoledì 3 luglio"
                // after "30 giugno 2012" is 2013's, a Wednesday): else the text is back in the present.
                let (m, day, weekday) = (*m, *day, *weekday);
                let falls = |y: i32| match (day, weekday) {
                    (Some(d), Some(wd)) => crate::cal::weekday(crate::cal::days(y, m, d)) == wd,
                    _ => true,
                };
                if last.is_some_and(|(y, _)| !falls(y)) {
                    last = None;
                }
                if let Some((y, end)) = last {
                    let between = text.get(end..f.start).unwrap_or("");
                    if anchor.is_none_or(|a| a.year != y) && sentence_breaks(between) <= 1 {
                        *year = Some(y);
                        last = Some((y, f.end));
                    }
                }
            }
            Expr::RelDay { .. }
            | Expr::RelUnit { .. }
            | Expr::MonthRel { .. }
            | Expr::Offset { .. }
            | Expr::Weekday { .. }
            | Expr::Ref(_) => last = None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn an(s: &str) -> Option<Anchor> {
        Some(Anchor::new(s.parse().unwrap()))
    }

    #[test]
    fn bare_weekday_looks_back_unless_future() {
        let e = Expr::Weekday { wd: 3, dir: None, pod: None };
        assert_eq!(value(&e, an("2024-06-19"), false).unwrap(), "2024-06-19");
        assert_eq!(value(&e, an("2024-06-21"), false).unwrap(), "2024-06-19");
        assert_eq!(value(&e, an("2024-06-21"), true).unwrap(), "2024-06-26");
        assert_eq!(value(&e, an("2024-06"), false).unwrap(), "XXXX-WXX-3");
    }

    #[test]
    fn day_month_takes_closest_year() {
        let e = Expr::Cal { year: None, month: Some(12), day: Some(30), weekday: None, pod: None };
        assert_eq!(value(&e, an("2025-01-03"), false).unwrap(), "2024-12-30");
        assert_eq!(value(&e, None, false).unwrap(), "XXXX-12-30");
    }

    #[test]
    fn offsets_keep_their_granularity() {
        let e = Expr::Offset { unit: Unit::Year, n: Some(24.0), sign: -1 };
        assert_eq!(value(&e, an("2024-06"), false).unwrap(), "2000");
        let w = Expr::RelUnit { unit: Unit::Week, dir: Dir::Past };
        assert_eq!(value(&w, an("2024-06-19"), false).unwrap(), "2024-W24");
        assert_eq!(duration(Unit::Year, Some(2.5)), "P2.5Y");
        assert_eq!(duration(Unit::Minute, Some(30.0)), "PT30M");
    }
}
