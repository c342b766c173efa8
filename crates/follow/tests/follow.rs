//! Following sources against a local server written here: feeds (RSS, Atom, JSON Feed, one in
//! ISO-8859-1, one gzipped, one malformed), a sitemap index with a news sitemap, robots.txt, redirect
//! chains and loops, 429 and 503 with Retry-After, a slow page, oversized pages, the same item in
//! two feeds, feeds that change between polls and answer 304 when they do not. Every outlet and
//! event is invented. Runs on SQLite, and on PostgreSQL when `RASSEGNA_TEST_POSTGRES` is set.

mod server;

use rassegna_follow::{Config, Follower};
use rassegna_store::Store;
use server::{Reply, Server};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

fn page(title: &str, body: &str) -> Vec<u8> {
    format!(
        "<!DOCTYPE html><html lang=\"it\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> | <a href=\"/cronaca\">Cronaca</a></nav><article><h1>{title}</h1>\
         <p>{body}</p><p>{body} Lo riferiscono i testimoni sentiti ieri sera dalla nostra redazione.</p></article>\
         <footer>© Redazione — tutti i diritti riservati</footer></body></html>"
    )
    .into_bytes()
}

fn rss(title: &str, items: &[(&str, &str)]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
         <channel><title>{title}</title><link>http://example.invalid/</link><ttl>30</ttl>\n"
    );
    for (link, t) in items {
        s.push_str(&format!(
            "<item><title>{t}</title><link>{link}</link><dc:creator>Marta Fiore</dc:creator>\
             <pubDate>Tue, 04 Mar 2025 08:15:00 +0100</pubDate><description>{t}</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>");
    s
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

const LM: &str = "Tue, 04 Mar 2025 10:00:00 GMT";

/// The site: what every source and page answers.
fn site(s: &Server) -> Vec<String> {
    s.route("/robots.txt", Reply::ok("text/plain", "User-agent: *\nDisallow: /riservato/\n"));
    let eco = rss(
        "Eco del Brenno",
        &[
            ("/eco/2025/ponte-vessa.html?utm_source=rss&amp;utm_medium=feed#commenti", "Chiuso il ponte sul Vessa"),
            ("/riservato/verbale.html", "Il verbale riservato"),
            ("/redir/1", "Frana a Colle Alto"),
            ("/loop/a", "Un giro a vuoto"),
            ("/slow.html", "Una pagina lenta"),
            ("/big.html", "Una pagina enorme"),
            ("/huge.html", "Una pagina enorme senza lunghezza"),
            (&s.url("/shared/alluvione.html"), "Alluvione in Val Brenno"),
            ("/hop/1", "Troppi rimandi"),
        ],
    );
    for i in 1..=7 {
        s.route(&format!("/hop/{i}"), Reply::redirect(307, &format!("/hop/{}", i + 1)));
    }
    // A page followed as a source of its own.
    s.route(
        "/intervista.html",
        Reply::ok(
            "text/html",
            page(
                "Intervista al prefetto",
                "Il prefetto Elena Marchi ha spiegato che i fondi per la ricostruzione del ponte sul \
                 Vessa arriveranno entro l'estate, dopo il sopralluogo dei tecnici del ministero.",
            ),
        )
        .etag("\"i1\""),
    );
    s.route("/eco/rss.xml", Reply::ok("application/rss+xml", eco).etag("\"eco-1\""));
    s.route(
        "/eco/2025/ponte-vessa.html",
        Reply::ok(
            "text/html",
            page(
                "Chiuso il ponte sul Vessa",
                "Il ponte sul torrente Vessa resterà chiuso per almeno tre settimane dopo la piena di domenica, \
                 ha detto il sindaco di Brenno, Carla Dossi, durante il consiglio comunale straordinario.",
            ),
        ),
    );
    s.route("/riservato/verbale.html", Reply::ok("text/html", page("Verbale", "Questo non va letto.")));
    s.route("/redir/1", Reply::redirect(301, "/redir/2"));
    s.route("/redir/2", Reply::redirect(302, &s.url("/eco/2025/frana.html?utm_campaign=x")));
    s.route(
        "/eco/2025/frana.html",
        Reply::ok(
            "text/html",
            page(
                "Frana a Colle Alto",
                "Una frana ha interrotto la strada provinciale per Colle Alto nella notte di lunedì; \
                 i vigili del fuoco hanno evacuato dodici famiglie della frazione di Pian del Lupo.",
            ),
        ),
    );
    s.route("/loop/a", Reply::redirect(302, "/loop/b"));
    s.route("/loop/b", Reply::redirect(302, "/loop/a"));
    s.route("/slow.html", Reply::ok("text/html", page("Lenta", "Arriva tardi.")).delay(Duration::from_secs(3)));
    s.route("/big.html", Reply::ok("text/html", vec![b'x'; 300_000]));
    s.route("/huge.html", Reply::ok("text/html", vec![b'y'; 300_000]).no_length());
    s.route(
        "/shared/alluvione.html",
        Reply::ok(
            "text/html",
            page(
                "Alluvione in Val Brenno",
                "L'alluvione ha allagato le cantine di trenta case a Val Brenno; la protezione civile \
                 ha aperto la palestra comunale per gli sfollati, che sono quaranta secondo il prefetto.",
            ),
        ),
    );

    let atom = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Gazzetta della Valle</title><id>urn:gdv</id>
<updated>2025-03-04T10:00:00Z</updated>
<entry><title>Alluvione: la Valle conta i danni</title><id>urn:gdv:1</id>
  <link rel="alternate" href="{}"/><updated>2025-03-04T09:00:00Z</updated><author><name>Piero Sala</name></author></entry>
<entry><title>Scuola chiusa a Sorbo</title><id>urn:gdv:2</id><link href="/gazzetta/scuola.html"/>
  <updated>2025-03-04T09:30:00Z</updated></entry>
</feed>"#,
        s.url("/shared/alluvione.html?fbclid=IwAR0xyz")
    );
    s.route(
        "/gazzetta/atom.xml",
        Reply::ok("application/atom+xml", gzip(atom.as_bytes())).header("Content-Encoding", "gzip").last_modified(LM),
    );
    s.route(
        "/gazzetta/scuola.html",
        Reply::ok(
            "text/html",
            page(
                "Scuola chiusa a Sorbo",
                "La scuola elementare di Sorbo resterà chiusa fino a venerdì per i danni al tetto \
                 causati dal vento, ha annunciato la dirigente scolastica Anna Ferri.",
            ),
        ),
    );

    let mut latin1 =
        b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Citt".to_vec();
    latin1.push(0xe0);
    latin1.extend_from_slice(b" di Sorbo</title><item><title>Sagra rinviata: perch");
    latin1.push(0xe9);
    latin1.extend_from_slice(b" piove</title><link>/latin1/sagra.html</link></item></channel></rss>");
    s.route("/latin1/rss.xml", Reply::ok("application/rss+xml; charset=ISO-8859-1", latin1).etag("\"l1\""));
    s.route(
        "/latin1/sagra.html",
        Reply::ok(
            "text/html",
            page(
                "Sagra rinviata",
                "La sagra della castagna di Sorbo è rinviata di una settimana per la pioggia prevista \
                 nel fine settimana, ha comunicato la pro loco.",
            ),
        ),
    );

    s.route(
        "/rotto/rss.xml",
        Reply::ok("application/rss+xml", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>\n<title>Rotto</title>\n<item><title>a</titl></item>\n</channel></rss>")
            .etag("\"r\""),
    );
    s.route("/limit/rss.xml", Reply::status(429).header("Retry-After", "120"));
    s.route("/down/rss.xml", Reply::status(503).header("Retry-After", "3600"));

    s.route(
        "/sitemap_index.xml",
        Reply::ok(
            "application/xml",
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <sitemap><loc>{}</loc></sitemap></sitemapindex>",
                s.url("/news-sitemap.xml")
            ),
        )
        .etag("\"si\""),
    );
    s.route(
        "/news-sitemap.xml",
        Reply::ok(
            "application/xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
             xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n<url><loc>/porto/gru.html</loc><news:news>\
             <news:publication><news:name>Il Porto</news:name><news:language>it</news:language></news:publication>\
             <news:publication_date>2025-03-03T18:00:00+01:00</news:publication_date>\
             <news:title>Gru crollata al molo</news:title></news:news></url></urlset>",
        )
        .last_modified(LM),
    );
    s.route(
        "/porto/gru.html",
        Reply::ok(
            "text/html",
            page(
                "Gru crollata al molo",
                "Una gru del terminal container è crollata sul molo nord del porto; due operai sono \
                 rimasti feriti in modo lieve, ha riferito l'autorità portuale.",
            ),
        ),
    );

    s.route(
        "/valle/feed.json",
        Reply::ok(
            "application/feed+json",
            r#"{"version":"https://jsonfeed.org/version/1.1","title":"Valle Oggi","items":[
              {"id":"v1","url":"/valle/consiglio.html","title":"Il consiglio approva il bilancio",
               "authors":[{"name":"Ada Neri"}],"date_published":"2025-03-02T10:00:00Z","content_text":"..."}]}"#,
        )
        .etag("\"v\""),
    );
    s.route(
        "/valle/consiglio.html",
        Reply::ok(
            "text/html",
            page(
                "Il consiglio approva il bilancio",
                "Il consiglio comunale di Valle ha approvato il bilancio con undici voti favorevoli e \
                 quattro contrari; l'opposizione ha chiesto più fondi per le strade.",
            ),
        ),
    );

    [
        "/eco/rss.xml",
        "/gazzetta/atom.xml",
        "/latin1/rss.xml",
        "/rotto/rss.xml",
        "/limit/rss.xml",
        "/down/rss.xml",
        "/sitemap_index.xml",
        "/valle/feed.json",
        "/intervista.html",
    ]
    .iter()
    .map(|p| s.url(p))
    .collect()
}

fn config() -> Config {
    Config {
        contact: Some("mailto:redazione@example.invalid".into()),
        allow_private: true,
        timeout: Duration::from_secs(1),
        max_bytes: 200_000,
        host_delay: Duration::from_millis(5),
        ..Config::default()
    }
}

fn locations(tag: &str, dir: &tempfile::TempDir) -> Vec<PathBuf> {
    let mut out = vec![dir.path().join("follow.db")];
    out.extend(rassegna_store::scratch::test_database(&format!("follow_{tag}")).map(PathBuf::from));
    out
}

/// The article URLs the store holds.
fn stored(db: &std::path::Path) -> BTreeSet<String> {
    let store = Store::open(db).unwrap();
    let mut urls = BTreeSet::new();
    store
        .for_each_article(&mut |a| {
            urls.insert(a.url.clone().unwrap_or(a.id.clone()));
        })
        .unwrap();
    urls
}

#[test]
fn following_stores_exactly_the_allowed_items_and_a_second_pass_only_asks_if_anything_changed() {
    let dir = tempfile::tempdir().unwrap();
    for db in locations("once", &dir) {
        let s = Server::start();
        let mut sources = site(&s);
        // Another origin, whose robots.txt answers with a server error: nothing is fetched there.
        let closed = Server::start();
        closed.route("/robots.txt", Reply::status(503));
        closed.route("/rss.xml", Reply::ok("application/rss+xml", rss("Chiuso", &[("/a.html", "A")])));
        sources.push(closed.url("/rss.xml"));
        let mut f = Follower::open(&db, sources.clone(), config()).unwrap();
        let report = f.pass(true, &mut |_| {}).unwrap();

        let expected: BTreeSet<String> = [
            "/eco/2025/ponte-vessa.html",
            "/eco/2025/frana.html",
            "/shared/alluvione.html",
            "/gazzetta/scuola.html",
            "/latin1/sagra.html",
            "/porto/gru.html",
            "/valle/consiglio.html",
            "/intervista.html",
        ]
        .iter()
        .map(|p| s.url(p))
        .collect();
        assert_eq!(stored(&db), expected, "errors: {:#?}", report.errors);
        assert_eq!(report.progress.new_documents, 8);
        assert_eq!(report.disallowed, 1);
        assert_eq!(s.hits("/riservato/verbale.html"), 0, "robots.txt disallows it");
        assert_eq!(s.hits("/shared/alluvione.html"), 1, "the same item in two feeds is fetched once");
        assert_eq!(s.most_at_once.load(std::sync::atomic::Ordering::SeqCst), 1, "one request at a time per host");

        let log = s.take_log();
        assert!(log.iter().all(|r| {
            r.headers
                .get("user-agent")
                .is_some_and(|ua| ua.starts_with("rassegna/") && ua.contains("redazione@example.invalid"))
        }));
        let error_about = |needle: &str| {
            report.errors.iter().find(|e| e.url.contains(needle)).map(|e| e.message.clone()).unwrap_or_default()
        };
        assert!(error_about("/loop/a").contains("redirect loop"), "{}", error_about("/loop/a"));
        let robots_down = error_about(&closed.url("/rss.xml"));
        assert!(robots_down.contains("robots.txt answered 503"), "{robots_down}");
        assert_eq!(closed.hits("/rss.xml"), 0);
        assert!(error_about("/hop/1").contains("more than 5 redirects"), "{}", error_about("/hop/1"));
        assert!(error_about("/slow.html").contains("within 1 s"), "{}", error_about("/slow.html"));
        assert!(error_about("/big.html").contains("larger than 200000 bytes"), "{}", error_about("/big.html"));
        assert!(error_about("/huge.html").contains("larger than 200000 bytes"), "{}", error_about("/huge.html"));
        assert!(error_about("/rotto/rss.xml").contains("malformed XML at line 4"), "{}", error_about("/rotto"));
        assert!(error_about("/limit/rss.xml").contains("429"), "{}", error_about("/limit"));
        assert!(error_about("/down/rss.xml").contains("in 3600 s"), "{}", error_about("/down"));

        // What the feed said of an item is kept as given metadata, with its provenance.
        let store = Store::open(&db).unwrap();
        let a = store.article(&s.url("/eco/2025/ponte-vessa.html")).unwrap().expect("stored under its canonical URL");
        let md = &a.metadata;
        assert_eq!(
            md.title.as_ref().map(|t| (t.value.as_str(), t.from.as_str())),
            Some(("Chiuso il ponte sul Vessa", "feed"))
        );
        assert_eq!(md.author.as_ref().map(|t| (t.value.as_str(), t.from.as_str())), Some(("Marta Fiore", "feed")));
        assert_eq!(md.published.as_ref().map(|t| t.from.as_str()), Some("feed"));
        assert_eq!(a.outlet.as_deref(), Some("Eco del Brenno"));
        assert_eq!(md.extra.get("feed"), Some(&s.url("/eco/rss.xml")));
        let sagra = store.article(&s.url("/latin1/sagra.html")).unwrap().unwrap();
        assert_eq!(sagra.metadata.title.unwrap().value, "Sagra rinviata: perché piove");
        assert_eq!(sagra.outlet.as_deref(), Some("Città di Sorbo"));
        let gru = store.article(&s.url("/porto/gru.html")).unwrap().unwrap();
        assert_eq!(gru.outlet.as_deref(), Some("Il Porto"));
        // The state is kept: sources with validators, errors listed.
        let states = store.followed_sources().unwrap();
        let eco = states.iter().find(|x| x.url.ends_with("/eco/rss.xml")).unwrap();
        assert_eq!((eco.etag.as_deref(), eco.last_status, eco.last_new), (Some("\"eco-1\""), Some(200), 3));
        assert!(states.iter().any(|x| x.url.ends_with("/news-sitemap.xml") && x.parent.is_some()));
        assert!(states.iter().any(|x| x.url.ends_with("/intervista.html") && x.kind.as_deref() == Some("page")));
        assert!(store.fetch_errors(100).unwrap().len() >= 7);
        drop(store);

        // A second run (a new process): only conditional requests, nothing added.
        let mut again = Follower::open(&db, sources.clone(), config()).unwrap();
        let second = again.pass(true, &mut |_| {}).unwrap();
        let log = s.take_log();
        let unconditional: Vec<&str> =
            log.iter().filter(|r| r.path != "/robots.txt" && !r.conditional()).map(|r| r.path.as_str()).collect();
        assert!(unconditional.is_empty(), "unconditional requests: {unconditional:?}");
        assert!(log.iter().any(|r| r.path == "/eco/rss.xml"), "the feeds were asked");
        assert!(
            !log.iter().any(|r| r.path.starts_with("/limit") || r.path.starts_with("/down")),
            "Retry-After waited out"
        );
        assert_eq!(second.progress.new_documents, 0);
        assert_eq!(stored(&db), expected);

        // The feed changes: only its new item is fetched.
        let eco2 = rss(
            "Eco del Brenno",
            &[
                ("/eco/2025/seconda-piena.html", "Seconda piena del Vessa"),
                ("/eco/2025/ponte-vessa.html", "Chiuso il ponte sul Vessa"),
            ],
        );
        s.route("/eco/rss.xml", Reply::ok("application/rss+xml", eco2).etag("\"eco-2\""));
        s.route(
            "/eco/2025/seconda-piena.html",
            Reply::ok(
                "text/html",
                page(
                    "Seconda piena del Vessa",
                    "Il Vessa è tornato a salire nella notte e la protezione civile ha riaperto la palestra \
                     comunale di Brenno; il ponte resta chiuso, ha confermato il sindaco Carla Dossi.",
                ),
            ),
        );
        let third = again.pass(true, &mut |_| {}).unwrap();
        assert_eq!(third.progress.new_documents, 1, "{:#?}", third.errors);
        assert_eq!(s.hits("/eco/2025/ponte-vessa.html"), 0, "a stored item is not fetched again");
        assert!(stored(&db).contains(&s.url("/eco/2025/seconda-piena.html")));
    }
}
