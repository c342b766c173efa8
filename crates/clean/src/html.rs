//! HTML input: decode the bytes in whatever charset they are, then extract the main text and the page's
//! metadata with the `trafilatura` crate.

use rassegna_model::PartialDate;

/// Main text and metadata of one page.
#[derive(Debug, Default)]
pub struct Extracted {
    /// Paragraphs separated by blank lines.
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<PartialDate>,
    pub site: Option<String>,
    pub canonical_url: Option<String>,
    pub host: Option<String>,
    pub lang: Option<String>,
    pub warnings: Vec<String>,
}

/// Decode HTML bytes: a byte-order mark, else UTF-8 if valid (non-ASCII legacy text is almost never
/// valid UTF-8, while pages transcoded upstream keep a stale declaration), else the declared charset,
/// else a guess.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return (enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned(), None);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (s.to_string(), None);
    }
    if let Some(enc) = declared_charset(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if !bad && enc != encoding_rs::UTF_8 {
            return (text.into_owned(), None);
        }
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let enc = detector.guess(None, chardetng::Utf8Detection::Allow);
    let (text, _, _) = enc.decode(bytes);
    (text.into_owned(), Some(format!("no valid charset declared: decoded as {} (guessed)", enc.name())))
}

/// The charset named in the first 4 KB (`<meta charset=...>` or `content="...; charset=..."`).
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = lower.windows(8).position(|w| w == b"charset=")? + 8;
    let rest = &head[at..];
    let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
    let end = rest.iter().position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_')).unwrap_or(rest.len());
    encoding_rs::Encoding::for_label(&rest[..end])
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Elements no extractor reads: scripts (except JSON-LD metadata), styles, inline SVG, templates.
const INERT: &[&str] = &["script", "style", "svg", "template", "noscript"];

/// Page chrome that never holds the article: dropped whole (nested ones included) before extraction.
/// Forms are not here: some sites wrap the whole page in one.
const CHROME: &[&str] = &["nav", "aside", "footer", "iframe", "select", "button"];

/// Drop what no extractor reads before parsing: scripts (except JSON-LD metadata), styles, inline SVG,
/// templates and comments. Big pages are mostly these, and the extractor parses and copies its tree
/// several times, so this is most of the speed-up over extracting the raw page.
pub fn strip_inert(html: &str) -> String {
    strip(html, false)
}

/// [`strip_inert`], and page chrome too (navigation, asides, footers, iframes, selects, buttons): the
/// extractors would discard them after parsing and scoring them, which costs a fifth of their time and
/// now and then lets a menu or a related-links aside into the text.
pub fn strip_for_extraction(html: &str) -> String {
    strip(html, true)
}

fn strip(html: &str, chrome: bool) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut i, mut last) = (0, 0);
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        let rest = &bytes[at..];
        let skip_to = if rest.starts_with(b"<!--") {
            memchr::memmem::find(&bytes[at + 4..], b"-->").map(|e| at + 4 + e + 3)
        } else if let Some(tag) = INERT.iter().find(|t| opens(rest, t)) {
            let head_end = memchr::memchr(b'>', rest).map(|e| at + e);
            head_end
                .filter(|&h| !(*tag == "script" && find_ci(&bytes[at..h], b"ld+json").is_some()))
                .and_then(|h| close_of(bytes, h, tag, false))
        } else if chrome {
            CHROME.iter().find(|t| opens(rest, t)).and_then(|tag| close_of(bytes, at + 1, tag, true))
        } else {
            None
        };
        match skip_to {
            Some(end) => {
                out.push_str(&html[last..at]);
                last = end;
                i = end;
            }
            None => i = at + 1,
        }
    }
    out.push_str(&html[last..]);
    out
}

/// Whether `rest` (starting at `<`) opens a `tag` element.
fn opens(rest: &[u8], tag: &str) -> bool {
    rest.get(1..1 + tag.len()).is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
        && rest.get(1 + tag.len()).is_some_and(|&b| b == b'>' || b == b'/' || b.is_ascii_whitespace())
}

/// The end (past `>`) of the tag closing the `tag` element whose content starts at `from`; with
/// `nested`, inner elements of the same name are counted. `None` when it is never closed: an unclosed
/// element is kept rather than eating the rest of the page.
fn close_of(bytes: &[u8], from: usize, tag: &str, nested: bool) -> Option<usize> {
    let mut depth = 1usize;
    let mut j = from;
    while let Some(off) = memchr::memchr(b'<', bytes.get(j..)?) {
        let k = j + off;
        let rest = &bytes[k..];
        let closes = rest.get(1) == Some(&b'/')
            && rest.get(2..2 + tag.len()).is_some_and(|n| n.eq_ignore_ascii_case(tag.as_bytes()))
            && rest.get(2 + tag.len()).is_none_or(|b| !b.is_ascii_alphanumeric());
        if closes {
            depth -= 1;
            if depth == 0 {
                return Some(memchr::memchr(b'>', rest).map_or(bytes.len(), |e| k + e + 1));
            }
        } else if nested && opens(rest, tag) {
            depth += 1;
        }
        j = k + 1;
    }
    None
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Main text shorter than this (in characters) is extracted again with the fallback extractors.
pub const FALLBACK_BELOW_CHARS: usize = 2000;

/// Extract the main text and metadata of a decoded page with the `trafilatura` crate (the accurate
/// pass).
pub fn extract(html: &str, url: Option<&str>) -> Extracted {
    extract_stripped(&strip_for_extraction(html), url, true)
}

/// `trafilatura` on a stripped page; with `fallbacks`, pages where its main pass finds little are
/// extracted again with its fallback extractors.
fn extract_stripped(html: &str, url: Option<&str>, fallbacks: bool) -> Extracted {
    let mut opts = trafilatura::Options::default();
    opts.enable_fallback = true;
    opts.exclude_comments = true;
    opts.deduplicate = false;
    opts.original_url = url.and_then(|u| u.parse().ok());

    let mut out = Extracted::default();
    // The fallback extractors (readability, justext) double the cost of a page; they pay off where the
    // main pass found little, so they run only there.
    let mut result = trafilatura::extract(html, &opts.clone().with_fallback(false));
    if fallbacks && result.as_ref().map_or(true, |r| r.content_text.chars().count() < FALLBACK_BELOW_CHARS) {
        result = trafilatura::extract(html, &opts);
    }
    match result {
        Ok(r) => {
            out.text = html_to_text(&r.content_html);
            if out.text.trim().is_empty() {
                out.text = paragraphs(&r.content_text);
            }
            let m = r.metadata;
            out.title = non_empty(&m.title);
            out.author = non_empty(&m.author);
            out.site = non_empty(&m.sitename);
            out.canonical_url = non_empty(&m.url);
            out.host = non_empty(&m.hostname);
            out.lang = non_empty(&m.language);
            out.published = m.date.and_then(|d| d.to_string().parse().ok());
        }
        Err(e) => out.warnings.push(format!("no main text extracted: {e}")),
    }
    out
}

/// A fast pass that finds less than this (in characters) missed the article: the page goes through
/// the accurate pass instead.
pub const FAST_MIN_CHARS: usize = 200;

/// Extract the main text and metadata with `dom_smoothie` (a Readability.js port, about 2.5 times
/// cheaper than the accurate pass; better on news and boilerplate-heavy pages, weaker on the
/// trafilatura benchmark's mixed pages). A page where it finds (almost) nothing goes through
/// `trafilatura`'s main pass (its fallbacks are readability-style extractors again).
pub fn extract_fast(html: &str, url: Option<&str>) -> Extracted {
    let stripped = strip_for_extraction(html);
    // The URL only resolves relative links, which plain text does not keep.
    let parsed = dom_smoothie::Readability::new(stripped.as_str(), None, None).and_then(|mut r| r.parse());
    if let Ok(a) = parsed {
        let text = html_to_text(&a.content);
        if text.chars().count() >= FAST_MIN_CHARS {
            let canonical_url = canonical_url(&stripped);
            let host = canonical_url.as_deref().or(url).and_then(crate::metadata::host);
            return Extracted {
                text,
                title: non_empty(&a.title),
                author: a.byline.as_deref().and_then(non_empty),
                // `2024-06-19T08:00:00+02:00` or `2024-06-19`: the calendar date is what is kept.
                published: a.published_time.as_deref().and_then(|t| t.get(..10)).and_then(|d| d.parse().ok()),
                site: a.site_name.as_deref().and_then(non_empty),
                canonical_url,
                host,
                lang: a.lang.as_deref().and_then(non_empty),
                warnings: Vec::new(),
            };
        }
    }
    extract_stripped(&stripped, url, false)
}

/// The extractor separates blocks with single newlines; make each block a paragraph.
fn paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(line);
    }
    out
}

/// Stands for `<br>` inside a paragraph until the paragraph is flushed.
const LINE_BREAK: char = '\u{1}';

/// Block-level tags: each starts a new paragraph in the text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "figure",
    "figcaption",
    "aside",
    "td",
    "th",
    "caption",
    "hr",
    "head",
];

/// Text of the extractor's cleaned HTML with one paragraph per block (separated by a blank line) and
/// `<br>` as a line break. Inline markup disappears; entities are decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut String| {
        let lines: Vec<String> = para
            .split(LINE_BREAK)
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|l| !l.is_empty())
            .collect();
        let t = lines.join("\n");
        if !t.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&t);
        }
        para.clear();
    };
    let mut rest = html;
    let mut skip_until: Option<&str> = None;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            decode_entities(&rest[..lt], &mut para);
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(end) = skip_until {
            if closing && name == end {
                skip_until = None;
            }
            continue;
        }
        match name.as_str() {
            "script" | "style" | "noscript" | "template" if !closing => {
                skip_until = Some(match name.as_str() {
                    "script" => "script",
                    "style" => "style",
                    "noscript" => "noscript",
                    _ => "template",
                })
            }
            "br" | "lb" => para.push(LINE_BREAK),
            n if BLOCKS.contains(&n) => flush(&mut para, &mut out),
            "td" | "th" => para.push(' '),
            _ => {}
        }
    }
    if skip_until.is_none() {
        decode_entities(rest, &mut para);
    }
    flush(&mut para, &mut out);
    out
}

/// Decode the HTML entities a serialiser writes (`&amp;`, `&#233;`, `&#xE9;`, `&nbsp;`, ...).
fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let ent = &after[..e];
            let c = match ent {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => ent
                    .strip_prefix("#x")
                    .or_else(|| ent.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

/// The extractor crate alone, as a user would call it (default options): the title and main text.
/// The evaluation compares the cleaning stage with this.
pub fn baseline(bytes: &[u8]) -> (Option<String>, String) {
    let (html, _) = decode(bytes);
    match trafilatura::extract(&html, &trafilatura::Options::default()) {
        Ok(r) => (non_empty(&r.metadata.title), r.content_text),
        Err(_) => (None, String::new()),
    }
}

/// `dom_smoothie` (a Readability.js port) alone: the title and main text, for comparison.
pub fn readability(bytes: &[u8]) -> (Option<String>, String) {
    let (html, _) = decode(bytes);
    let html = strip_inert(&html);
    match dom_smoothie::Readability::new(html.as_str(), None, None).and_then(|mut r| r.parse()) {
        Ok(a) => (non_empty(&a.title), html_to_text(&a.content)),
        Err(_) => (None, String::new()),
    }
}

/// The text of the page's `<title>` element.
pub fn page_title(html: &str) -> Option<String> {
    let lower = html.get(..html.len().min(65_536))?.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let mut out = String::new();
    decode_entities(&html[start..end], &mut out);
    non_empty(&out.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The `href` of `<link rel="canonical">` or the `content` of `og:url`, read without parsing the page.
pub fn canonical_url(html: &str) -> Option<String> {
    let head = html.get(..html.len().min(65_536)).unwrap_or(html);
    let lower = head.to_ascii_lowercase();
    for (marker, attr) in [("rel=\"canonical\"", "href=\""), ("property=\"og:url\"", "content=\"")] {
        let Some(at) = lower.find(marker) else { continue };
        let tag_start = lower[..at].rfind('<')?;
        let tag_end = at + lower[at..].find('>')?;
        let tag = &lower[tag_start..tag_end];
        let Some(a) = tag.find(attr) else { continue };
        let from = tag_start + a + attr.len();
        let to = from + head[from..].find('"')?;
        return non_empty(&head[from..to]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_markup_goes_but_json_ld_and_text_stay() {
        let page = "<head><script>var a = '<p>no</p>';</script><SCRIPT type=\"application/ld+json\">{\"datePublished\":\"2025-01-02\"}</SCRIPT>\
                    <style>p{}</style></head><body><!-- <p>old</p> --><p>Testo<svg><path/></svg> vero</p><noscript>x</noscript></body>";
        let out = strip_inert(page);
        assert_eq!(
            out,
            "<head><SCRIPT type=\"application/ld+json\">{\"datePublished\":\"2025-01-02\"}</SCRIPT></head><body><p>Testo vero</p></body>"
        );
        // An unclosed script is kept rather than eating the rest of the page.
        assert_eq!(strip_inert("<script>x"), "<script>x");
    }

    #[test]
    fn page_chrome_goes_before_extraction_nested_or_not() {
        let page = "<body><NAV class=\"top\"><ul><li><nav>Sezioni</nav></li></ul>Menu</nav><navigator>n</navigator>\
                    <form><p>Testo <button type=submit>Invia</button>vero</p></form><aside>Leggi anche</aside>\
                    <iframe src=\"x\"></iframe><footer>Contatti <footer>P.IVA</footer></footer></body>";
        assert_eq!(strip_for_extraction(page), "<body><navigator>n</navigator><form><p>Testo vero</p></form></body>");
        // Chrome stays for the template counts, which read whole pages.
        assert!(strip_inert(page).contains("Menu"));
        // An unclosed one is kept rather than eating the rest of the page.
        assert_eq!(strip_for_extraction("<aside><p>Testo"), "<aside><p>Testo");
    }

    #[test]
    fn cleaned_html_becomes_paragraphs_with_entities_decoded() {
        let t = html_to_text(
            "<h2>Titolo &amp; sottotitolo</h2><p>Riga uno<br>riga&nbsp;due</p><ul><li>a</li><li>b &#233; &#xE8;</li></ul>",
        );
        assert_eq!(t, "Titolo & sottotitolo\n\nRiga uno\nriga due\n\na\n\nb é è");
    }

    #[test]
    fn charset_order_is_bom_then_utf8_then_declared_then_guess() {
        let latin = encoding_rs::WINDOWS_1252.encode("<meta charset=\"iso-8859-1\"><p>perché città</p>").0.into_owned();
        assert!(decode(&latin).0.contains("perché città"));
        let utf8 = "<meta charset=\"iso-8859-1\"><p>perché</p>".as_bytes();
        assert!(decode(utf8).0.contains("perché"), "valid UTF-8 wins over a wrong declaration");
    }
}
