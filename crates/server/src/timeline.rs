//! Layout of the timeline chart drawn as inline SVG: one row per dated event (a dot for a day, a bar
//! for a month or a year) over a shared time axis, with the reports' publication dates beneath.

use rassegna_model::{PartialDate, TimelineEntry};
use rassegna_query::views::human_date;

const WIDTH: f64 = 760.0;
const LEFT: f64 = 16.0;
const RIGHT: f64 = 16.0;
const ROW: f64 = 38.0;
const TOP: f64 = 20.0;
/// Rough width of one label character at the chart's font size, to keep labels inside the box.
const CHAR_W: f64 = 7.6;
/// Most events drawn; the rest are listed under the chart.
pub const MAX_ROWS: usize = 40;
const LABEL_CHARS: usize = 64;
/// The chart's dates are written in Italian.
const IT: &rassegna_lang::Tables = &rassegna_lang::it::TABLES;

/// One event row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub y: f64,
    pub x1: f64,
    pub x2: f64,
    /// A bar (month or year precision) rather than a dot.
    pub span: bool,
    /// Labels sit above their mark, shifted left when they would run past the right edge.
    pub label_x: f64,
    pub label: String,
    /// Full text for the tooltip.
    pub title: String,
    pub date: String,
}

/// A tick on the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub label: String,
    /// How the label hangs from its tick: the first and last end inside the chart, not past its edges.
    pub anchor: &'static str,
}

/// A report's publication mark under the axis.
#[derive(Debug, Clone, PartialEq)]
pub struct PubMark {
    pub x: f64,
    pub label: String,
    pub title: String,
}

/// The laid-out chart; the template only draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub axis_y: f64,
    pub rows: Vec<Row>,
    pub ticks: Vec<Tick>,
    pub pubs: Vec<PubMark>,
    pub pub_y: f64,
    /// Events not drawn (beyond [`MAX_ROWS`]).
    pub hidden: usize,
}

/// The days a partial date covers: first and last day since the epoch.
fn covered(d: PartialDate) -> (i64, i64) {
    let first = d.days_since_epoch();
    let next = match (d.month, d.day) {
        (_, Some(_)) => return (first, first),
        (Some(12), None) | (None, _) => PartialDate::year(d.year + 1),
        (Some(m), None) => PartialDate::month(d.year, m + 1).unwrap_or(d),
    };
    (first, next.days_since_epoch() - 1)
}

fn short_date(days: i64, with_year: bool) -> String {
    // Civil-from-days (proleptic Gregorian), the inverse of `days_since_epoch`.
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    if with_year { format!("{d} {} {y}", IT.short_month(m as u8)) } else { format!("{d} {}", IT.short_month(m as u8)) }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
    }
}

/// Lay out a chart of `entries` and the reports' publication dates (`(label, title, date)`);
/// `None` when nothing has a usable date.
pub fn chart(entries: &[TimelineEntry], pubs: &[(String, String, PartialDate)]) -> Option<Chart> {
    let dated: Vec<(&TimelineEntry, PartialDate)> =
        entries.iter().filter_map(|e| PartialDate::parse_prefix(&e.date).ok().map(|d| (e, d))).collect();
    if dated.is_empty() && pubs.is_empty() {
        return None;
    }
    let shown = &dated[..dated.len().min(MAX_ROWS)];
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for (_, d) in shown {
        let (a, b) = covered(*d);
        lo = lo.min(a);
        hi = hi.max(b);
    }
    for (_, _, d) in pubs {
        let (a, b) = covered(*d);
        lo = lo.min(a);
        hi = hi.max(b);
    }
    if hi - lo < 6 {
        let mid = (lo + hi) / 2;
        lo = mid - 3;
        hi = mid + 3;
    }
    let pad = ((hi - lo) as f64 * 0.04).ceil() as i64;
    let (lo, hi) = (lo - pad, hi + pad + 1);
    let span = (hi - lo) as f64;
    let x = |day: i64| LEFT + (day - lo) as f64 / span * (WIDTH - LEFT - RIGHT);
    let mut rows = Vec::new();
    for (i, (e, d)) in shown.iter().enumerate() {
        let (a, b) = covered(*d);
        let (x1, x2) = (x(a), x(b + 1).max(x(a) + 3.0));
        let y = TOP + i as f64 * ROW + ROW / 2.0;
        let label = format!("{} · {}", human_date(*d), e.text);
        let short = truncate(&label, LABEL_CHARS);
        let est = short.chars().count() as f64 * CHAR_W;
        rows.push(Row {
            y,
            x1,
            x2,
            span: d.day.is_none(),
            label_x: (x1 - 4.0).min(WIDTH - RIGHT - est).max(LEFT),
            label: short,
            title: label,
            date: d.to_string(),
        });
    }
    let axis_y = TOP + rows.len() as f64 * ROW + 8.0;
    let with_year = span > 300.0;
    let ticks = (0..=4)
        .map(|k| {
            let day = lo + ((hi - lo - 1) as f64 * k as f64 / 4.0).round() as i64;
            let anchor = match k {
                0 => "start",
                4 => "end",
                _ => "middle",
            };
            Tick { x: x(day), label: short_date(day, with_year || k == 0), anchor }
        })
        .collect();
    let pub_marks = pubs
        .iter()
        .map(|(label, title, d)| {
            let (a, _) = covered(*d);
            PubMark {
                x: x(a) + 1.5,
                label: label.clone(),
                title: format!("{title} — pubblicato il {}", human_date(*d)),
            }
        })
        .collect();
    let pub_y = axis_y + 34.0;
    Some(Chart {
        width: WIDTH,
        height: pub_y + if pubs.is_empty() { 0.0 } else { 26.0 },
        axis_y,
        rows,
        ticks,
        pubs: pub_marks,
        pub_y,
        hidden: dated.len().saturating_sub(MAX_ROWS),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(date: &str, text: &str) -> TimelineEntry {
        TimelineEntry { date: date.into(), text: text.into(), sources: vec!["a".into()], first_reported: None }
    }

    #[test]
    fn events_are_placed_in_time_order_on_the_axis() {
        let c = chart(
            &[entry("2024-06-19", "firma a Pyongyang"), entry("2024-11", "ratifica"), entry("PRESENT_REF", "ora")],
            &[("1".into(), "Report".into(), "2024-06-20".parse().unwrap())],
        )
        .unwrap();
        assert_eq!(c.rows.len(), 2, "undated values are not drawn");
        assert!(c.rows[0].x1 < c.rows[1].x1);
        assert!(!c.rows[0].span && c.rows[1].span, "a month is a bar, a day a dot");
        assert!(c.rows[1].x2 - c.rows[1].x1 > c.rows[0].x2 - c.rows[0].x1);
        assert!(c.rows.iter().all(|r| r.x1 >= LEFT && r.x2 <= WIDTH - RIGHT + 0.5));
        assert_eq!(c.pubs.len(), 1);
        assert!(c.rows[0].label.contains("19 giugno 2024"));
        assert!(c.rows.iter().all(|r| r.label_x >= LEFT), "labels start inside the chart");
        let anchors: Vec<&str> = c.ticks.iter().map(|t| t.anchor).collect();
        assert_eq!(anchors, ["start", "middle", "middle", "middle", "end"], "the axis's end labels stay inside");
    }

    #[test]
    fn nothing_dated_means_no_chart() {
        assert!(chart(&[entry("PRESENT_REF", "ora")], &[]).is_none());
    }

    #[test]
    fn short_dates_invert_days_since_epoch() {
        let d: PartialDate = "2024-02-29".parse().unwrap();
        assert_eq!(short_date(d.days_since_epoch(), true), "29 feb 2024");
    }
}
