//! Dates, hosts and datelines: reading publication metadata out of text, URLs and date strings.

use rassegna_model::PartialDate;
use regex::Regex;
use std::sync::OnceLock;

fn re(cell: &'static OnceLock<Regex>, pattern: &str) -> &'static Regex {
    cell.get_or_init(|| Regex::new(pattern).expect("valid regex"))
}

pub use rassegna_lang::parse_date_prefix;

/// Whether a folded line holds a date and nothing else but a time of day and separators: "19 giugno
/// 2024 - 10:32", "4 march 2014 last updated at 09:12 gmt", "9:40am uk, friday 14 march 2014".
pub fn date_only_line(folded: &str) -> Option<PartialDate> {
    static REST: OnceLock<Regex> = OnceLock::new();
    static LEAD: OnceLock<Regex> = OnceLock::new();
    let s = folded.trim().trim_start_matches(|c: char| !c.is_alphanumeric());
    // A time before the date, as some outlets print it.
    let lead = re(&LEAD, r"^\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s+[a-z]{2,5})?[\s,|·•\-–—]+");
    let s = lead.find(s).map_or(s, |m| &s[m.end()..]);
    let (date, end) = parse_date_prefix(s, false)?;
    let rest = &s[end..];
    let time = re(
        &REST,
        r"^[\s,|·•\-–—]*(?:(?:last\s+)?(?:updated|aggiornato)\s+)?(?:(?:alle|ore|at|um|a las|a)\s+){0,2}(?:\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm)?(?:\s*(?:\(?[a-z]{2,5}\)?|[+-]\d{2}:?\d{2}))?)?[\s.]*$",
    );
    time.is_match(rest).then_some(date)
}

/// A date in a URL path: `/2024/06/19/`, `/2024-06-19-`, `/20240619/`, `/2024/06/`. A blog's
/// archive page (`/2024_06_01_archive.html`) lists posts from that date on and gives none.
pub fn url_date(url: &str) -> Option<PartialDate> {
    static YMD: OnceLock<Regex> = OnceLock::new();
    static COMPACT: OnceLock<Regex> = OnceLock::new();
    let path = url.split_once("://").map_or(url, |(_, rest)| rest.split_once('/').map_or("", |(_, p)| p));
    if let Some(c) =
        re(&YMD, r"(?:^|[/_-])((?:19|20)\d{2})[/_-](\d{1,2})(?:[/_-](\d{1,2}))?(?:[/_.-]|$)").captures(path)
    {
        // `/2005_05_01_archive.html`: a listing of the posts from that date on, not a publication date.
        if path[c.get(0)?.end()..].starts_with("archive") {
            return None;
        }
        let y: i32 = c[1].parse().ok()?;
        let m: u8 = c[2].parse().ok()?;
        return match c.get(3) {
            Some(d) => PartialDate::day(y, m, d.as_str().parse().ok()?),
            None => PartialDate::month(y, m),
        };
    }
    let c = re(&COMPACT, r"(?:^|/)((?:19|20)\d{2})(\d{2})(\d{2})(?:/|$)").captures(path)?;
    PartialDate::day(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

/// The host of a URL without `www.`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?.to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty() && host.contains('.')).then_some(host)
}

/// A site named in a file's path, for reports whose text and metadata name none: a folder or file
/// name that is a host name (`rassegna/ilpost.it/2024-06-19.txt`, `www.ansa.it_123.txt`). File
/// extensions of inputs are not taken for top-level domains.
pub fn host_in_path(path: &str) -> Option<String> {
    const INPUT_EXTENSIONS: [&str; 10] = ["txt", "html", "htm", "jsonl", "json", "warc", "gz", "rss", "atom", "xml"];
    let path =
        path.rsplit_once(':').filter(|(_, line)| line.chars().all(|c| c.is_ascii_digit())).map_or(path, |(p, _)| p);
    path.split(['/', '\\']).rev().find_map(|part| {
        let mut part = part;
        while let Some((head, _)) = part.rsplit_once('.').filter(|(_, e)| INPUT_EXTENSIONS.contains(e)) {
            part = head;
        }
        let stem = part.split(['_', ' ']).next()?;
        let stem = stem.strip_prefix("www.").unwrap_or(stem).to_lowercase();
        let (name, tld) = stem.rsplit_once('.')?;
        let ok = (2..=6).contains(&tld.len())
            && tld.chars().all(|c| c.is_ascii_lowercase())
            && !INPUT_EXTENSIONS.contains(&tld)
            && !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
        ok.then_some(stem)
    })
}

/// A dateline at the start of a paragraph: `PYONGYANG, 19 giugno 2024 –` or `ROMA (Reuters), June 19, 2024 -`.
/// Returns the date; the dateline stays in the text (it is part of the report).
pub fn dateline(line: &str, month_first: bool) -> Option<PartialDate> {
    static PLACE: OnceLock<Regex> = OnceLock::new();
    let m = re(&PLACE, r"^[\p{Lu}][\p{Lu}\p{M}'’ .\-/]{1,40}(?:\s*\([^)]{1,40}\))?\s*[,.]?\s+").find(line)?;
    let rest = &line[m.end()..];
    let head: String = rest.chars().take(60).collect();
    let (date, end) = parse_date_prefix(&rassegna_text::fold(&head), month_first)?;
    // A dash or colon must close the dateline, so a sentence that merely starts with a place is skipped.
    let after = rassegna_text::fold(&head);
    let tail = after[end..].trim_start();
    let tail = tail.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ':' | '.' | ' ' | ','));
    tail.starts_with(['-', '–', '—', ':']).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_named_in_the_path_is_the_outlet() {
        assert_eq!(host_in_path("rassegna/ilpost.it/2024-06-19.txt").as_deref(), Some("ilpost.it"));
        assert_eq!(host_in_path("in/www.ansa.it_123.txt").as_deref(), Some("ansa.it"));
        assert_eq!(host_in_path("export/repubblica.it.jsonl:12").as_deref(), Some("repubblica.it"));
        assert_eq!(host_in_path("it/egypt/2011-02-13/ext_3.txt"), None);
        assert_eq!(host_in_path("seeds/000_f963c94f25e40787.txt"), None);
        assert_eq!(host_in_path("notes.v2/report.txt"), None);
    }

    fn d(s: &str) -> PartialDate {
        s.parse().unwrap()
    }

    #[test]
    fn written_dates_in_several_languages() {
        for (text, want) in [
            ("19 giugno 2024", "2024-06-19"),
            ("mercoledi 19 giugno 2024", "2024-06-19"),
            ("june 19, 2024", "2024-06-19"),
            ("wednesday, jun. 19, 2024", "2024-06-19"),
            ("1er juin 2024", "2024-06-01"),
            ("19. juni 2024", "2024-06-19"),
            ("19 de junio de 2024", "2024-06-19"),
            ("19/06/2024", "2024-06-19"),
            ("2024-06-19t10:00", "2024-06-19"),
            ("giugno 2024", "2024-06"),
        ] {
            assert_eq!(parse_date_prefix(text, false).map(|x| x.0), Some(d(want)), "{text}");
        }
        assert_eq!(parse_date_prefix("06/19/2024", true).unwrap().0, d("2024-06-19"));
        assert!(parse_date_prefix("19 persone 2024", false).is_none());
        assert!(parse_date_prefix("31 febbraio 2024", false).is_none());
    }

    #[test]
    fn date_only_lines_allow_a_time_but_nothing_else() {
        assert_eq!(date_only_line("19 giugno 2024 - 10:32"), Some(d("2024-06-19")));
        assert_eq!(date_only_line("june 19, 2024 at 3:15 pm edt"), Some(d("2024-06-19")));
        assert_eq!(date_only_line("19 giugno 2024 il governo ha deciso"), None);
        assert_eq!(date_only_line("4 march 2014 last updated at 09:12 gmt"), Some(d("2014-03-04")));
        assert_eq!(date_only_line("9:40am uk, friday 14 march 2014"), Some(d("2014-03-14")));
        assert_eq!(date_only_line("12:48pm bst 09 sep 2013"), Some(d("2013-09-09")));
        assert_eq!(date_only_line("10:30 il consiglio ha votato il 3 marzo 2014"), None);
        assert_eq!(date_only_line("giovedi • 10 settembre 2015 • aggiornato alle 14:54"), Some(d("2015-09-10")));
    }

    #[test]
    fn url_dates_and_hosts() {
        assert_eq!(url_date("https://x.it/esteri/2024/06/19/putin-kim/"), Some(d("2024-06-19")));
        assert_eq!(url_date("https://x.it/news/2024-06-19-putin"), Some(d("2024-06-19")));
        assert_eq!(url_date("https://x.com/a/20240619/b"), Some(d("2024-06-19")));
        assert_eq!(url_date("https://x.com/2024/06/story"), Some(d("2024-06")));
        assert_eq!(url_date("https://x.com/story-12345"), None);
        assert_eq!(url_date("https://x.blogspot.com/2024_06_01_archive.html"), None);
        assert_eq!(host("https://www.Example.it:8080/a?b"), Some("example.it".into()));
    }

    #[test]
    fn datelines_need_a_place_a_date_and_a_dash() {
        assert_eq!(dateline("PYONGYANG, 19 giugno 2024 – Durante la visita", false), Some(d("2024-06-19")));
        assert_eq!(dateline("WASHINGTON (Reuters), June 19, 2024 - The", true), Some(d("2024-06-19")));
        assert_eq!(dateline("Roma, 19 giugno 2024 – x", false), None);
        assert_eq!(dateline("ONU, 19 giugno 2024 sono stati", false), None);
    }
}
