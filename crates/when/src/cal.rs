//! Calendar arithmetic on proleptic Gregorian days: days from/to civil dates, weekdays, ISO weeks.

use rassegna_model::PartialDate;

/// Days since 1970-01-01 of a civil date.
pub fn days(year: i32, month: u8, day: u8) -> i64 {
    PartialDate { year, month: Some(month), day: Some(day) }.days_since_epoch()
}

/// The civil date of a day count since 1970-01-01.
pub fn civil(z: i64) -> (i32, u8, u8) {
    // Inverse of days-from-civil (H. Hinnant's algorithm).
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

/// ISO weekday of a day count, 1 = Monday .. 7 = Sunday.
pub fn weekday(z: i64) -> u8 {
    // 1970-01-01 was a Thursday.
    ((z + 3).rem_euclid(7) + 1) as u8
}

/// ISO 8601 week-numbering year and week of a day count.
pub fn iso_week(z: i64) -> (i32, u8) {
    let thursday = z - weekday(z) as i64 + 4;
    let (y, _, _) = civil(thursday);
    let week = (thursday - days(y, 1, 1)) / 7 + 1;
    (y, week as u8)
}

/// A day count as `YYYY-MM-DD`.
pub fn fmt_day(z: i64) -> String {
    let (y, m, d) = civil(z);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-Www` of the ISO week holding a day count.
pub fn fmt_week(z: i64) -> String {
    let (y, w) = iso_week(z);
    format!("{y:04}-W{w:02}")
}

/// Month arithmetic: the month `k` months after (year, month).
pub fn add_months(year: i32, month: u8, k: i64) -> (i32, u8) {
    let idx = year as i64 * 12 + (month as i64 - 1) + k;
    (idx.div_euclid(12) as i32, (idx.rem_euclid(12) + 1) as u8)
}

/// Whether (year, month, day) is a real date.
pub fn valid(year: i32, month: u8, day: u8) -> bool {
    PartialDate::day(year, month, day).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_and_weekdays_are_right() {
        for z in [-800_000, -1, 0, 1, 11_017, 19_893, 20_000, 2_000_000] {
            let (y, m, d) = civil(z);
            assert_eq!(days(y, m, d), z);
        }
        // 2024-06-19 was a Wednesday, 2024-11-09 a Saturday.
        assert_eq!(weekday(days(2024, 6, 19)), 3);
        assert_eq!(weekday(days(2024, 11, 9)), 6);
    }

    #[test]
    fn iso_weeks_cross_year_boundaries() {
        assert_eq!(fmt_week(days(2024, 6, 19)), "2024-W25");
        assert_eq!(fmt_week(days(2021, 1, 1)), "2020-W53");
        assert_eq!(fmt_week(days(2024, 12, 30)), "2025-W01");
        assert_eq!(add_months(2024, 1, -2), (2023, 11));
    }
}

/// Day count of Easter Sunday in a Gregorian year (anonymous Gregorian algorithm).
pub fn easter(y: i32) -> i64 {
    let (a, b, c) = (y % 19, y / 100, y % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    days(y, month as u8, day as u8)
}

/// Day count of the `n`th weekday `wd` (1 = Monday) of a month; `n` = -1 is the last one.
pub fn nth_weekday(y: i32, month: u8, wd: u8, n: i8) -> i64 {
    if n < 0 {
        let (ny, nm) = add_months(y, month, 1);
        let last = days(ny, nm, 1) - 1;
        return last - (weekday(last) as i64 - wd as i64).rem_euclid(7);
    }
    let first = days(y, month, 1);
    first + (wd as i64 - weekday(first) as i64).rem_euclid(7) + 7 * (n as i64 - 1)
}

#[cfg(test)]
mod feast_tests {
    use super::*;

    #[test]
    fn movable_feasts_fall_on_their_days() {
        assert_eq!(fmt_day(easter(2024)), "2024-03-31");
        assert_eq!(fmt_day(easter(2025)), "2025-04-20");
        assert_eq!(fmt_day(easter(2000)), "2000-04-23");
        // Thanksgiving: the fourth Thursday of November; Memorial Day: the last Monday of May.
        assert_eq!(fmt_day(nth_weekday(1999, 11, 4, 4)), "1999-11-25");
        assert_eq!(fmt_day(nth_weekday(2025, 5, 1, -1)), "2025-05-26");
    }
}
