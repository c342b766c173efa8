//! Canonical URLs: the key an item is known by. Fragments and tracking parameters go, scheme and
//! host are lowercased and a default port dropped (the `url` crate does those), and only http(s)
//! is accepted.

use url::Url;

/// Query parameters that only track a click; an item reached through two of them is one item.
const TRACKING: &[&str] = &[
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl",
    "ocid", "cmpid", "mkt_tok", "ref_src", "xtor", "wt_mc", "smid", "sr_share",
];
/// Prefixes of tracking parameters (`utm_source`, `pk_campaign`, ...).
const TRACKING_PREFIXES: &[&str] = &["utm_", "pk_", "mtm_", "at_"];

fn is_tracking(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    TRACKING.contains(&k.as_str()) || TRACKING_PREFIXES.iter().any(|p| k.starts_with(p))
}

/// `raw` (resolved against `base` when relative) as a canonical http(s) URL, or why not.
pub fn canonical(raw: &str, base: Option<&Url>) -> Result<Url, String> {
    let raw = raw.trim();
    let mut u = match base {
        Some(b) => b.join(raw),
        None => Url::parse(raw),
    }
    .map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err(format!("{}: URLs are fetched over http and https only", u.scheme()));
    }
    if u.host_str().is_none_or(str::is_empty) {
        return Err("a URL without a host".into());
    }
    u.set_fragment(None);
    if u.query().is_some() {
        let pairs: Vec<(String, String)> = u.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let kept: Vec<&(String, String)> = pairs.iter().filter(|(k, _)| !is_tracking(k)).collect();
        if kept.is_empty() {
            u.set_query(None);
        } else if kept.len() < pairs.len() {
            u.query_pairs_mut().clear().extend_pairs(kept.iter().map(|(k, v)| (k, v)));
        }
    }
    Ok(u)
}

#[cfg(test)]
mod tests {
    use super::canonical;

    #[test]
    fn tracking_parameters_and_fragments_go_and_the_rest_stays() {
        let c = |s: &str| canonical(s, None).map(|u| u.to_string());
        assert_eq!(
            c("HTTPS://Gazzetta.Example:443/a?utm_source=x&UTM_medium=y#commenti").unwrap(),
            "https://gazzetta.example/a"
        );
        assert_eq!(c("http://g.example/a?id=7&fbclid=abc&p=2").unwrap(), "http://g.example/a?id=7&p=2");
        assert_eq!(c("http://g.example/a?id=7").unwrap(), "http://g.example/a?id=7");
        assert!(c("mailto:redazione@g.example").unwrap_err().contains("http and https only"));
        assert!(c("file:///etc/passwd").is_err());
        assert!(c("non è un indirizzo").unwrap_err().contains("not a URL"));
        let base = url::Url::parse("https://g.example/news/feed.xml").unwrap();
        assert_eq!(canonical("../2025/ponte.html", Some(&base)).unwrap().as_str(), "https://g.example/2025/ponte.html");
    }
}
