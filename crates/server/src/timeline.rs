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
/// Rough width of one character of the publication labels (a smaller font).
const PUB_CHAR_W: f64 = 6.6;
/// Publication marks closer than this (the mark's width) are one mark.
const PUB_GAP: f64 = 11.0;
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

/// A publication mark under the axis: one report, or several published so close together that their
/// marks would overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct PubMark {
    pub x: f64,
    /// The reports' numbers ("3", "1–4", "2, 5"); empty when there is no room beside the neighbours'
    /// (the tooltip still names them).
    pub label: String,
    /// The label's centre: on the mark, or moved in to stay inside the chart.
    pub label_x: f64,
    /// The label's baseline: labels that would run into their neighbour's drop to a second line.
    pub label_y: f64,
    pub title: String,
}

/// An event the chart does not draw, listed under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Listed {
    pub date: String,
    pub text: String,
    pub sources: usize,
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
    /// Events not drawn (beyond [`MAX_ROWS`], the least reported), in date order: the page lists
    /// them under the chart.
    pub hidden: Vec<Listed>,
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

/// Ticks on round dates between days `lo` and `hi` (exclusive), 3 to 7 of them: years, months or
/// days, whichever step fits ("2000 2005 2010", "gen 2024 apr 2024", "17 giu 19 giu"), each with
/// its label. A reader locates an event against round dates, not against evenly spaced odd days.
fn round_ticks(lo: i64, hi: i64) -> Vec<(i64, String)> {
    let first = civil(lo);
    let last = civil(hi - 1);
    let day_of = |y: i64, m: i64, d: i64| {
        PartialDate::day(y as i32, m as u8, d as u8).map_or(i64::MIN, |p| p.days_since_epoch())
    };
    // Years, by a round step.
    for step in [1i64, 2, 5, 10, 20, 25, 50, 100] {
        let start = (first.0 + step - 1).div_euclid(step) * step;
        let years: Vec<i64> = (0..).map(|k| start + k * step).take_while(|&y| y <= last.0).collect();
        let days: Vec<i64> = years.iter().map(|&y| day_of(y, 1, 1)).filter(|&d| d >= lo && d < hi).collect();
        if (3..=7).contains(&days.len()) {
            return days.into_iter().map(|d| (d, civil(d).0.to_string())).collect();
        }
        if days.len() < 3 {
            break;
        }
    }
    // Months, by a round step (the first of each month).
    for step in [1i64, 2, 3, 6] {
        let mut out = Vec::new();
        let mut idx = first.0 * 12 + first.1 - 1;
        idx = (idx + step - 1).div_euclid(step) * step;
        while idx < last.0 * 12 + last.1 {
            let (y, m) = (idx.div_euclid(12), idx.rem_euclid(12) + 1);
            let d = day_of(y, m, 1);
            if d >= lo && d < hi {
                out.push((d, format!("{} {y}", IT.short_month(m as u8))));
            }
            idx += step;
        }
        if (3..=7).contains(&out.len()) {
            return out;
        }
    }
    // Days, by a round step.
    let span = hi - lo;
    let step = [1i64, 2, 7, 14].into_iter().find(|s| span / s <= 7).unwrap_or(30);
    (0..).map(|k| lo + k * step).take_while(|&d| d < hi).map(|d| (d, short_date(d, false))).collect()
}

/// (year, month, day) of a day counted from the epoch.
fn civil(days: i64) -> (i64, i64, i64) {
    // Civil-from-days (proleptic Gregorian), the inverse of `days_since_epoch`.
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn short_date(days: i64, with_year: bool) -> String {
    let (y, m, d) = civil(days);
    if with_year { format!("{d} {} {y}", IT.short_month(m as u8)) } else { format!("{d} {}", IT.short_month(m as u8)) }
}

fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        None => s.to_string(),
        Some((i, _)) => format!("{}…", s[..i].trim_end()),
    }
}

/// Lay out a chart of `entries` and the reports' publication dates (`(label, title, date)`);
/// `None` when nothing has a usable date. At most [`MAX_ROWS`] events are drawn: those stated by
/// the most reports (the earlier on ties), in date order; the others are in `hidden`.
pub fn chart(entries: &[TimelineEntry], pubs: &[(String, String, PartialDate)]) -> Option<Chart> {
    let dated: Vec<(&TimelineEntry, PartialDate)> =
        entries.iter().filter_map(|e| PartialDate::parse_prefix(&e.date).ok().map(|d| (e, d))).collect();
    if dated.is_empty() && pubs.is_empty() {
        return None;
    }
    let mut by_support: Vec<usize> = (0..dated.len()).collect();
    by_support.sort_by_key(|&i| (std::cmp::Reverse(dated[i].0.sources.len()), i));
    let mut drawn = vec![false; dated.len()];
    for &i in by_support.iter().take(MAX_ROWS) {
        drawn[i] = true;
    }
    let shown: Vec<(&TimelineEntry, PartialDate)> =
        dated.iter().zip(&drawn).filter(|(_, d)| **d).map(|(e, _)| *e).collect();
    let hidden: Vec<Listed> = dated
        .iter()
        .zip(&drawn)
        .filter(|(_, d)| !**d)
        .map(|((e, d), _)| Listed { date: human_date(*d), text: e.text.clone(), sources: e.sources.len() })
        .collect();
    let mut lo = i64::MAX;
    let mut hi = i64::MIN;
    for (_, d) in &shown {
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
    let marks = round_ticks(lo, hi);
    let n = marks.len();
    let ticks = marks
        .into_iter()
        .enumerate()
        .map(|(k, (day, label))| {
            // The first and last labels end inside the chart when they sit near its edges.
            let anchor = match k {
                0 if x(day) - LEFT < 40.0 => "start",
                _ if k + 1 == n && WIDTH - RIGHT - x(day) < 40.0 => "end",
                _ => "middle",
            };
            Tick { x: x(day), label, anchor }
        })
        .collect();
    let pub_y = axis_y + 34.0;
    let pub_marks = pub_marks(pubs.iter().map(|(label, title, d)| (x(covered(*d).0) + 1.5, label, title, *d)), pub_y);
    let lanes = if pub_marks.iter().any(|p| p.label_y > pub_y + 12.0) { 2.0 } else { 1.0 };
    Some(Chart {
        width: WIDTH,
        height: pub_y + if pubs.is_empty() { 0.0 } else { 14.0 + 12.0 * lanes },
        axis_y,
        rows,
        ticks,
        pubs: pub_marks,
        pub_y,
        hidden,
    })
}

/// Publication marks, one per group of reports whose marks would overlap, each labelled with the
/// reports' numbers on the first line where it runs into no other label (none when neither has room).
fn pub_marks<'a>(pubs: impl Iterator<Item = (f64, &'a String, &'a String, PartialDate)>, pub_y: f64) -> Vec<PubMark> {
    let mut sorted: Vec<_> = pubs.collect();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut groups: Vec<Vec<(f64, &String, &String, PartialDate)>> = Vec::new();
    for p in sorted {
        match groups.last_mut() {
            // Against the group's centre, where its mark goes: marks stay PUB_GAP apart.
            Some(g) if p.0 - (g[0].0 + g[g.len() - 1].0) / 2.0 < PUB_GAP => g.push(p),
            _ => groups.push(vec![p]),
        }
    }
    // The right end of the last label on each line.
    let mut ends = [f64::MIN; 2];
    groups
        .into_iter()
        .map(|g| {
            let x = (g[0].0 + g[g.len() - 1].0) / 2.0;
            let numbers: Vec<&str> = g.iter().map(|p| p.1.as_str()).collect();
            let full = numbers_label(&numbers);
            let width = full.chars().count() as f64 * PUB_CHAR_W;
            // Centred on the mark, but kept inside the chart.
            let centre = x.clamp(LEFT + width / 2.0, WIDTH - RIGHT - width / 2.0);
            let (start, end) = (centre - width / 2.0, centre + width / 2.0);
            let lane = ends.iter().position(|&e| start > e + 3.0);
            let (label, label_y) = match lane {
                Some(l) => {
                    ends[l] = end;
                    (full, pub_y + 12.0 + 12.0 * l as f64)
                }
                None => (String::new(), pub_y + 12.0),
            };
            let title = g
                .iter()
                .map(|(_, n, t, d)| format!("{n}. {t} — pubblicato il {}", human_date(*d)))
                .collect::<Vec<_>>()
                .join("\n");
            PubMark { x, label, label_x: centre, label_y, title }
        })
        .collect()
}

/// The numbers of reports published together: "3", "3–6" for a run, else "2, 5, 9" (at most three,
/// then "…").
fn numbers_label(numbers: &[&str]) -> String {
    let parsed: Option<Vec<u32>> = numbers.iter().map(|n| n.parse().ok()).collect();
    if let Some(mut ns) = parsed.filter(|ns| ns.len() > 2) {
        ns.sort_unstable();
        if ns.windows(2).all(|w| w[1] == w[0] + 1) {
            return format!("{}–{}", ns[0], ns[ns.len() - 1]);
        }
    }
    if numbers.len() > 3 { format!("{}, {}, {}…", numbers[0], numbers[1], numbers[2]) } else { numbers.join(", ") }
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
        let labels: Vec<&str> = c.ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["lug 2024", "ago 2024", "set 2024", "ott 2024", "nov 2024", "dic 2024"], "round dates");
        for t in &c.ticks {
            let inward =
                (t.x - LEFT >= 40.0 || t.anchor == "start") && (WIDTH - RIGHT - t.x >= 40.0 || t.anchor == "end");
            assert!(inward, "the axis's end labels stay inside: {} at {}", t.label, t.x);
        }
    }

    #[test]
    fn the_axis_is_marked_at_round_dates() {
        let day = |s: &str| PartialDate::parse_prefix(s).unwrap().days_since_epoch();
        let labels =
            |a: &str, b: &str| -> Vec<String> { round_ticks(day(a), day(b)).into_iter().map(|(_, l)| l).collect() };
        assert_eq!(labels("1998-11-02", "2025-03-01"), ["2000", "2005", "2010", "2015", "2020", "2025"]);
        assert_eq!(
            labels("2024-06-10", "2024-06-25"),
            ["10 giu", "12 giu", "14 giu", "16 giu", "18 giu", "20 giu", "22 giu", "24 giu"]
        );
        assert_eq!(labels("2011-01-20", "2013-09-01"), ["lug 2011", "gen 2012", "lug 2012", "gen 2013", "lug 2013"]);
    }

    #[test]
    fn beyond_the_row_limit_the_most_reported_events_are_drawn_and_the_others_listed() {
        // One event a day; every third stated by three reports, the others by one.
        let entries: Vec<TimelineEntry> = (0..100)
            .map(|i| {
                let d = PartialDate::parse_prefix("2023-01-01").unwrap().days_since_epoch() + i;
                let mut e = entry(&date_of(d), &format!("evento {i}"));
                if i % 3 == 0 {
                    e.sources = vec!["a".into(), "b".into(), "c".into()];
                }
                e
            })
            .collect();
        let c = chart(&entries, &[]).unwrap();
        assert_eq!(c.rows.len(), MAX_ROWS);
        assert_eq!(c.rows.len() + c.hidden.len(), entries.len(), "every event is drawn or listed");
        let drawn: Vec<&str> = c.rows.iter().map(|r| r.date.as_str()).collect();
        let firm: Vec<String> = entries.iter().filter(|e| e.sources.len() == 3).map(|e| e.date.clone()).collect();
        assert!(firm.iter().all(|d| drawn.contains(&d.as_str())), "the 34 events of three reports are drawn");
        assert!(c.rows.windows(2).all(|w| w[0].date < w[1].date), "drawn in date order");
        assert!(c.hidden.iter().all(|h| h.sources == 1));
        assert_eq!(c.hidden[0].text, "evento 10", "listed in date order, after the six earliest single events");
    }

    fn date_of(days: i64) -> String {
        let label = short_date(days, true);
        let mut parts = label.split(' ');
        let (d, m, y) = (parts.next().unwrap(), parts.next().unwrap(), parts.next().unwrap());
        let month = (1..=12).find(|&k| IT.short_month(k) == m).unwrap();
        format!("{y}-{month:02}-{:02}", d.parse::<u8>().unwrap())
    }

    #[test]
    fn reports_published_together_share_one_mark_and_labels_never_overlap() {
        let day = |s: &str| PartialDate::parse_prefix(s).unwrap();
        let mut pubs: Vec<(String, String, PartialDate)> =
            (1..=4).map(|n| (n.to_string(), format!("Report {n}"), day("2024-06-19"))).collect();
        // Reports a day or two apart over two years: their marks would touch.
        for (n, d) in [(5, "2024-06-21"), (6, "2024-06-23"), (7, "2024-11-10"), (8, "2026-06-01")] {
            pubs.push((n.to_string(), format!("Report {n}"), day(d)));
        }
        let c = chart(&[entry("2024-06-19", "firma")], &pubs).unwrap();
        assert!(c.pubs.windows(2).all(|w| w[1].x - w[0].x >= PUB_GAP), "{:#?}", c.pubs);
        assert!(c.pubs[0].label.starts_with("1–"), "{:#?}", c.pubs);
        assert!(c.pubs[0].title.contains("Report 4"));
        for lane in [c.pub_y + 12.0, c.pub_y + 24.0] {
            let mut on: Vec<(f64, f64)> = c
                .pubs
                .iter()
                .filter(|p| p.label_y == lane && !p.label.is_empty())
                .map(|p| {
                    let w = p.label.chars().count() as f64 * PUB_CHAR_W;
                    (p.label_x - w / 2.0, p.label_x + w / 2.0)
                })
                .collect();
            on.sort_by(|a, b| a.0.total_cmp(&b.0));
            assert!(on.windows(2).all(|w| w[0].1 < w[1].0), "labels overlap: {:#?}", c.pubs);
            assert!(on.iter().all(|(a, b)| *a >= LEFT - 0.01 && *b <= WIDTH - RIGHT + 0.01), "inside the chart");
        }
        let labelled: usize = c.pubs.iter().filter(|p| !p.label.is_empty()).count();
        assert!(labelled >= 3, "{:#?}", c.pubs);
        assert!(c.height >= c.pubs.iter().map(|p| p.label_y).fold(0.0, f64::max) + 4.0, "the labels are inside");
    }

    #[test]
    fn numbers_of_reports_published_together() {
        assert_eq!(numbers_label(&["3"]), "3");
        assert_eq!(numbers_label(&["2", "5"]), "2, 5");
        assert_eq!(numbers_label(&["4", "5", "6", "7"]), "4–7");
        assert_eq!(numbers_label(&["1", "3", "8", "9"]), "1, 3, 8…");
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
