//! End-to-end tests of the cleaning stage on invented pages that reproduce each kind of page debris.

use rassegna_clean::{Cleaned, Extraction, Templates, clean, clean_with};
use rassegna_model::{Body, Format, PartialDate, RawDocument};

fn text_doc(body: &str) -> RawDocument {
    RawDocument::new("t", "t.txt", Format::Text, Body::Text(body.to_string()))
}

fn html_doc(html: &str, url: Option<&str>) -> RawDocument {
    RawDocument::new("h", "h.html", Format::Html, Body::Html(html.as_bytes().to_vec()))
        .with_url(url.map(str::to_string))
}

/// Every removed span must be exactly the input text it claims to be.
fn check_spans(input: &str, c: &Cleaned) {
    for r in &c.removed {
        assert_eq!(&input[r.start..r.end], r.text, "span {}..{} ({})", r.start, r.end, r.reason);
    }
}

/// The clean text, then the removed spans (`reason: "text"`).
fn render(c: &Cleaned) -> String {
    let removed: String = c.removed.iter().map(|r| format!("{}: {:?}\n", r.reason, r.text)).collect();
    format!("{}\n\n--- removed\n{removed}", c.text)
}

fn reasons(c: &Cleaned) -> Vec<&str> {
    c.removed.iter().map(|r| r.reason.as_str()).collect()
}

const SENTENCES_IT: &[&str] = &[
    "La giunta regionale del Molise ha approvato ieri sera il piano per la ricostruzione del ponte sul Biferno, crollato durante l'alluvione di marzo.",
    "Il presidente Aldo Ferrante ha spiegato che i lavori partiranno entro l'estate e costeranno circa 14 milioni di euro.",
    "«Non lasceremo soli i comuni della valle», ha detto Ferrante ai giornalisti davanti alla sede della Regione.",
    "L'opposizione ha chiesto di vedere il progetto prima del voto in consiglio, previsto per il 12 luglio.",
];

#[test]
fn italian_page_debris_is_removed_and_no_sentence_is_lost() {
    let input = format!(
        " date 2025-05 video suggerito\n\n\
         Ponte sul Biferno, via libera al piano da 14 milioni\n\n\
         Ponte sul Biferno, via libera al piano da 14 milioni\n\
         -\n\n\
         Connect with us\n\nPublished\n\non\n\n\
         A cura di Giulia Marchetti\n\n\
         {} Entra nel nuovo canale WhatsApp di Molise Oggi\n\n\
         {} (ALLUVIONE IN MOLISE, TUTTI GLI AGGIORNAMENTI)\n\n\
         {}\n\n\
         {}\n\n\
         (con fonte Agenzia Dire)\n\n\
         LE ULTIME NOTIZIE\n\n\
         Serie B, il Campobasso pareggia a Bari\n\
         Una partita nervosa decisa da un rigore nel finale, con due espulsi e...\n\
         Read More\n\
         Sagra delle ciliegie, attesi diecimila visitatori\n\
         Tre giorni di musica e degustazioni nel centro storico di...\n\
         Read More\n\n\
         Di Tendenza/Trending\n\n\
         -\n\n\
         PREV Maltempo, chiuse le scuole in tre comuni dell'Alto Molise\n\
         NEXT Sanità, nuovi medici di base a Termoli: ecco dove\n",
        SENTENCES_IT[0], SENTENCES_IT[1], SENTENCES_IT[2], SENTENCES_IT[3]
    );
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    for s in SENTENCES_IT {
        assert!(c.text.contains(s), "lost sentence: {s}\n---\n{}", c.text);
    }
    assert_eq!(c.title.as_deref(), Some("Ponte sul Biferno, via libera al piano da 14 milioni"));
    assert_eq!(c.published, Some(PartialDate::month(2025, 5).unwrap()));
    assert_eq!(c.metadata.author.as_ref().map(|a| a.value.as_str()), Some("Giulia Marchetti"));
    assert_eq!(c.metadata.wire.as_ref().map(|a| a.value.as_str()), Some("Agenzia Dire"));
    // What is left (four paragraphs, nothing of the debris) and every removed span with its reason.
    insta::assert_snapshot!(render(&c));
}

#[test]
fn headings_inside_the_article_stay() {
    let input = "Il comune di Ardena ha chiuso il bilancio con un avanzo di due milioni, il primo dopo dieci anni di conti in rosso e tagli ai servizi.\n\
                 Le scuole\n\
                 Una parte dell'avanzo andrà alla messa in sicurezza delle scuole elementari del centro, chiuse da settembre per infiltrazioni dal tetto.\n";
    let c = clean(&text_doc(input), &Templates::default());
    assert!(c.text.contains("\nLe scuole\n"), "{}", c.text);
    assert!(c.removed.is_empty(), "{:?}", c.removed);
}

#[test]
fn english_bylines_datelines_and_wire_credits_become_metadata() {
    let input = "By Helen Okafor and Mark Dunne\n\n\
                 June 3, 2025 at 4:10 pm EDT\n\n\
                 LAGOS (Reuters), June 3, 2025 - Nigeria's central bank held its benchmark rate at 27.5% on Tuesday, citing easing food prices.\n\n\
                 The decision was expected by most analysts polled last week.\n\n\
                 Share this article\n\n\
                 Follow us on Twitter\n\n\
                 Related\n\n\
                 Oil prices slip as supply worries ease\n\
                 Ghana cedi hits record low against dollar\n";
    let mut doc = text_doc(input);
    doc.lang = Some("en".into());
    let c = clean(&doc, &Templates::default());
    check_spans(input, &c);
    assert_eq!(c.metadata.author.as_ref().map(|a| a.value.as_str()), Some("Helen Okafor and Mark Dunne"));
    assert_eq!(c.metadata.wire.as_ref().map(|a| a.value.as_str()), Some("Reuters"));
    assert_eq!(c.published, Some(PartialDate::day(2025, 6, 3).unwrap()));
    assert!(c.text.starts_with("LAGOS, June 3, 2025 - Nigeria's central bank"), "{}", c.text);
    assert!(c.text.contains("The decision was expected by most analysts polled last week."));
    for debris in ["By Helen", "4:10 pm", "Share this", "Follow us", "Related", "Oil prices", "Ghana cedi"] {
        assert!(!c.text.contains(debris), "{debris:?} survived:\n{}", c.text);
    }
}

#[test]
fn a_given_title_wins_and_its_copies_go() {
    let input = "Sciopero dei treni venerdì\nSciopero dei treni venerdì\nI sindacati hanno confermato lo sciopero di otto ore del trasporto ferroviario regionale.";
    let mut doc = text_doc(input);
    doc.title = Some("Sciopero dei treni venerdì".into());
    doc.published = Some(PartialDate::day(2025, 2, 4).unwrap());
    let c = clean(&doc, &Templates::default());
    assert_eq!(c.title.as_deref(), Some("Sciopero dei treni venerdì"));
    assert_eq!(c.metadata.title.as_ref().map(|t| t.from.as_str()), Some("input"));
    assert_eq!(c.text, "I sindacati hanno confermato lo sciopero di otto ore del trasporto ferroviario regionale.");
    assert_eq!(reasons(&c), vec!["repeated-title", "repeated-title"]);
    assert_eq!(c.metadata.published.as_ref().map(|p| p.from.as_str()), Some("input"));
}

#[test]
fn lines_recurring_across_an_outlets_documents_are_template() {
    let bodies = [
        "Il consiglio comunale di Varenna ha approvato il nuovo piano del traffico con diciotto voti favorevoli e tre astenuti.",
        "La biblioteca civica resterà chiusa due settimane per il rifacimento dell'impianto elettrico, annuncia l'assessore.",
        "Un incendio in un capannone della zona industriale ha richiesto l'intervento di sei squadre dei vigili del fuoco.",
        "Il mercato del sabato si sposta in piazza Garibaldi fino alla fine dei lavori sulla via principale del paese.",
    ];
    let footer = "Ricevi ogni mattina le notizie del Lario nella tua casella";
    let docs: Vec<RawDocument> = bodies
        .iter()
        .map(|b| {
            let mut d = text_doc(&format!("{b}\n\n{footer}\n"));
            d.outlet = Some("Gazzetta del Lario".into());
            d
        })
        .collect();
    let mut templates = Templates::default();
    let before = clean(&docs[0], &templates);
    assert!(before.text.contains(footer), "one document alone is no evidence");
    for d in &docs {
        templates.observe(d);
    }
    // The same document observed again does not count twice.
    templates.observe(&docs[0]);
    let c = clean(&docs[0], &templates);
    assert_eq!(c.text, bodies[0]);
    assert_eq!(reasons(&c), vec!["template"]);
    let json = serde_json::to_string(&templates).unwrap();
    let back: Templates = serde_json::from_str(&json).unwrap();
    assert_eq!(clean(&docs[1], &back).text, bodies[1]);
    // Another outlet has learned nothing.
    let mut other = docs[2].clone();
    other.outlet = Some("Eco di Bergamo Sud".into());
    assert!(clean(&other, &templates).text.contains(footer));
}

#[test]
fn near_copies_of_one_article_do_not_make_its_lines_template() {
    let mut templates = Templates::default();
    let heading = "Il nodo dei finanziamenti";
    for n in 0..6 {
        let mut d = text_doc(&format!(
            "La Regione ha stanziato 40 milioni per le strade provinciali danneggiate dalle frane dell'inverno scorso.\n{heading}\nAggiornamento numero {n}."
        ));
        d.outlet = Some("Corriere di Valle".into());
        templates.observe(&d);
    }
    let mut d = text_doc(&format!(
        "La Regione ha stanziato 40 milioni per le strade provinciali danneggiate dalle frane dell'inverno scorso.\n{heading}\nAggiornamento finale."
    ));
    d.outlet = Some("Corriere di Valle".into());
    assert!(clean(&d, &templates).text.contains(heading));
}

#[test]
fn html_pages_give_main_text_metadata_and_no_navigation() {
    let html = r#"<!doctype html><html lang="it"><head><meta charset="utf-8">
<title>Nuovo ospedale a Sorvello | Il Corriere di Valle</title>
<meta property="og:site_name" content="Il Corriere di Valle">
<link rel="canonical" href="https://www.corrieredivalle.it/cronaca/2025/03/14/nuovo-ospedale-sorvello/">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Nuovo ospedale a Sorvello","datePublished":"2025-03-14T09:30:00+01:00","author":{"@type":"Person","name":"Paolo Ricci"}}</script>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/cronaca">Cronaca</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="cookie-banner">Questo sito utilizza cookie tecnici e di profilazione. Accetta i cookie</div>
<article>
<h1>Nuovo ospedale a Sorvello</h1>
<p>La prima pietra del nuovo ospedale di Sorvello sarà posata a maggio, ha annunciato l'azienda sanitaria locale in una conferenza stampa.</p>
<p>Il progetto prevede 220 posti letto, un pronto soccorso pediatrico e un centro per la riabilitazione, per una spesa complessiva di 96 milioni.</p>
<h2>I tempi</h2>
<p>Secondo il cronoprogramma i lavori dureranno tre anni e mezzo, salvo ricorsi delle imprese escluse dalla gara d'appalto.</p>
<blockquote>«È il più grande investimento sanitario della provincia da trent'anni», ha detto il direttore generale Marta Gallo.</blockquote>
<div class="share">Condividi su Facebook Condividi su X</div>
</article>
<aside class="related"><h3>Leggi anche</h3><ul><li><a href="/a">Chiude il reparto di ortopedia</a></li><li><a href="/b">Liste d'attesa, la Regione promette tempi più brevi</a></li></ul></aside>
<footer>© 2025 Il Corriere di Valle - P.IVA 01234567890 - Tutti i diritti riservati</footer>
</body></html>"#;
    for extraction in [Extraction::Accurate, Extraction::Fast] {
        let c = clean_with(&html_doc(html, None), &Templates::default(), extraction);
        check_article_page(&c);
    }
}

/// The article of the hospital page above, with its metadata and without its navigation.
fn check_article_page(c: &Cleaned) {
    for s in [
        "La prima pietra del nuovo ospedale di Sorvello sarà posata a maggio",
        "Il progetto prevede 220 posti letto",
        "Secondo il cronoprogramma i lavori dureranno tre anni e mezzo",
        "È il più grande investimento sanitario della provincia da trent'anni",
    ] {
        assert!(c.text.contains(s), "lost {s:?}:\n{}", c.text);
    }
    for debris in ["Cronaca", "cookie", "Leggi anche", "ortopedia", "P.IVA", "Condividi"] {
        assert!(!c.text.contains(debris), "{debris:?} survived:\n{}", c.text);
    }
    assert!(c.text.contains("\n\n"), "paragraphs must stay apart: {:?}", c.text);
    assert_eq!(c.title.as_deref(), Some("Nuovo ospedale a Sorvello"));
    assert_eq!(c.published, Some(PartialDate::day(2025, 3, 14).unwrap()));
    assert_eq!(c.metadata.author.as_ref().map(|a| a.value.as_str()), Some("Paolo Ricci"));
    assert_eq!(c.outlet.as_deref(), Some("Il Corriere di Valle"));
    assert!(c.url.as_deref().is_some_and(|u| u.contains("corrieredivalle.it")));
}

#[test]
fn legacy_charsets_are_decoded() {
    let page = "<html><head><meta charset=\"windows-1252\"><title>Caffè</title></head><body><article><p>Il caffè costerà di più: la torrefazione di Brenno alza i prezzi del 12 per cento da lunedì prossimo, per il rincaro delle materie prime.</p><p>Gli esercenti della città protestano e annunciano una raccolta di firme contro l'aumento deciso dai grossisti.</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(page);
    let body = Body::Html(bytes.into_owned());
    let mut doc = html_doc("", None);
    doc.content_hash = RawDocument::hash_body(&body);
    doc.body = body;
    let c = clean(&doc, &Templates::default());
    assert!(c.text.contains("Il caffè costerà di più"), "{}", c.text);
}

#[test]
fn published_comes_from_the_url_when_nothing_else_says() {
    let mut doc = text_doc(
        "Il sindaco di Oreno ha firmato l'ordinanza che vieta l'uso dell'acqua per innaffiare i giardini fino a settembre.",
    );
    doc.url = Some("https://www.giornaledioreno.it/2025/07/02/ordinanza-acqua".into());
    let c = clean(&doc, &Templates::default());
    assert_eq!(c.published, Some(PartialDate::day(2025, 7, 2).unwrap()));
    assert_eq!(c.metadata.published.as_ref().map(|p| p.from.as_str()), Some("url"));
    assert_eq!(c.outlet.as_deref(), Some("giornaledioreno.it"));
}

#[test]
fn html_pages_teach_templates_without_extraction() {
    let stories = [
        (
            "Nuovo parcheggio in centro",
            "Il comune di Lerna ha aperto il nuovo parcheggio multipiano di via Dante, con trecento posti e tariffe ridotte per i residenti.",
        ),
        (
            "Chiude la piscina comunale",
            "La piscina comunale di Lerna resterà chiusa per tutto l'inverno a causa di un guasto all'impianto di riscaldamento dell'acqua.",
        ),
        (
            "Festa del patrono",
            "Migliaia di persone hanno seguito la processione del patrono lungo le vie del centro storico, chiusa dai fuochi sul fiume.",
        ),
        (
            "Scuole, arrivano i fondi",
            "La Regione ha assegnato a Lerna due milioni per rifare i tetti di tre scuole medie entro l'inizio del prossimo anno scolastico.",
        ),
    ];
    let footer = "La Gazzetta di Lerna racconta la città dal 1952";
    let docs: Vec<RawDocument> = stories
        .iter()
        .map(|(title, body)| {
            let html = format!(
                "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p>\
                 <p>{body} Lo ha confermato l'assessore competente in una nota.</p><p>{footer}</p></article></body></html>"
            );
            html_doc(&html, Some("https://www.gazzettadilerna.it/cronaca/1"))
        })
        .collect();
    let mut templates = Templates::default();
    assert!(clean(&docs[0], &templates).text.contains(footer));
    for d in &docs {
        templates.observe(d);
    }
    let c = clean(&docs[0], &templates);
    assert!(!c.text.contains(footer), "{}", c.text);
    assert!(c.text.contains(stories[0].1));
    assert!(c.removed.iter().any(|r| r.reason == "template"));
}

#[test]
fn a_page_extracted_elsewhere_goes_through_debris_and_metadata() {
    let page = rassegna_clean::html::Extracted {
        text: "Sciopero dei treni, venerdì stop di 24 ore\n\nCondividi su Facebook\n\n\
               I sindacati hanno confermato lo sciopero nazionale dei treni per venerdì, dalle 21 di giovedì alle 21 di venerdì.\n\n\
               Saranno garantite le fasce di pendolarismo del mattino e della sera, ha spiegato la società ferroviaria. (ANSA)"
            .into(),
        title: Some("Sciopero dei treni, venerdì stop di 24 ore".into()),
        published: PartialDate::day(2025, 2, 6),
        site: Some("La Voce del Tirreno".into()),
        ..Default::default()
    };
    let input = page.text.clone();
    let doc = html_doc("<html></html>", None);
    let c = rassegna_clean::clean_page(&doc, page, &Templates::default());
    check_spans(&input, &c);
    assert!(c.text.starts_with("I sindacati hanno confermato"), "{}", c.text);
    assert!(c.text.contains("fasce di pendolarismo"));
    assert!(!c.text.contains("Condividi") && !c.text.contains("(ANSA)"), "{}", c.text);
    assert_eq!(c.published, PartialDate::day(2025, 2, 6));
    assert_eq!(c.metadata.published.as_ref().map(|p| p.from.as_str()), Some("html-meta"));
    assert_eq!(c.metadata.wire.as_ref().map(|w| w.value.as_str()), Some("ANSA"));
    assert_eq!(c.outlet.as_deref(), Some("La Voce del Tirreno"));
}

#[test]
fn the_headline_under_a_masthead_is_the_title_and_the_masthead_the_outlet() {
    // A scraped page's head: cookie banner, outlet name, menu, the headline printed twice, breadcrumb.
    let body = SENTENCES_IT.join(" ");
    let input = format!(
        "Usiamo cookie tecnici e di profilazione. Accetta tutti | Rifiuta\nLa Gazzetta del Biferno\n\
         HOME  CRONACA  POLITICA  SPORT\n\nPonte sul Biferno, via libera al piano\nPonte sul Biferno, via libera al piano\n\
         CRONACA | MOLISE\n\n{body}\n"
    );
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.title.as_deref(), Some("Ponte sul Biferno, via libera al piano"));
    assert_eq!(c.outlet.as_deref(), Some("La Gazzetta del Biferno"));
    assert_eq!(c.metadata.site.as_ref().map(|s| s.from.as_str()), Some("masthead"));
    assert_eq!(c.text.trim(), body);
    for reason in ["notice", "page-header", "navigation", "title", "repeated-title"] {
        assert!(reasons(&c).contains(&reason), "{reason} missing from {:?}", reasons(&c));
    }

    // Without a doubled headline: a title-case name above a headline is the masthead too.
    let input = format!("Eco della Valle - Notizie dal Molise\nPonte sul Biferno, via libera al piano\n\n{body}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert_eq!(c.title.as_deref(), Some("Ponte sul Biferno, via libera al piano"));
    assert_eq!(c.outlet.as_deref(), Some("Eco della Valle"));
    let input = format!("Eco della Valle\nPonte sul Biferno, via libera al piano\n\n{body}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert_eq!(
        (c.title.as_deref(), c.outlet.as_deref()),
        (Some("Ponte sul Biferno, via libera al piano"), Some("Eco della Valle"))
    );

    // A sentence-case headline on the first line is not taken for a masthead.
    let input = format!("Il piano per il ponte approvato\nLa giunta decide in serata\n\n{body}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert_eq!(c.title.as_deref(), Some("Il piano per il ponte approvato"));
    assert_eq!(c.outlet, None);
}

#[test]
fn the_title_is_the_line_the_article_speaks_of_not_page_furniture_above_it() {
    let body = SENTENCES_IT.join(" ");
    // A search form, a donation appeal, a form's field labels, a site-and-date stamp and a list of
    // other articles (headline then teaser) above the headline: none of them is the title.
    let input = format!(
        "Form di ricerca\nSostieni La Voce del Molise\nNome *\nIndirizzo email *\nLa Voce del Molise | 4 luglio 2025\n\
         Sagra del tartufo, record di presenze a Pietrabbondante\nSi chiude con quarantamila visitatori la festa…\n\
         Ponte sul Biferno, la giunta approva il piano di ricostruzione\n{body}\n"
    );
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.title.as_deref(), Some("Ponte sul Biferno, la giunta approva il piano di ricostruzione"));
    assert!(c.text.ends_with(&body), "{}", c.text);
    for reason in ["notice", "form", "date-line"] {
        assert!(reasons(&c).contains(&reason), "{reason} missing from {:?}", reasons(&c));
    }
    for furniture in ["Sostieni", "Nome *", "| 4 luglio", "Form di ricerca", "Sagra del tartufo"] {
        assert!(!c.text.contains(furniture), "{furniture:?} kept in {}", c.text);
    }
}

#[test]
fn script_lines_left_in_extracted_text_go_and_prose_with_brackets_stays() {
    let body = SENTENCES_IT.join("\n");
    let script = "!function (f, b, e, v, n, t, s) {\nif (f.fbq) return; n = f.fbq = function () {\n\
        n.callMethod ? n.callMethod.apply(n, arguments) : n.queue.push(arguments)\n};\n\
        s = b.getElementsByTagName(e)[0];\n}(window, document, 'script', '//cdn.example.net/px.js');\n\
        // avvia il pixel quando il consenso è dato\n\
        {\"@context\": \"https://schema.org\", \"@type\": \"NewsArticle\", \"headline\": \"Ponte\"}";
    let prose = "Il decreto (articolo 3, comma 2) prevede fondi per i comuni; il resto arriverà a settembre.";
    let input = format!("Ponte sul Biferno, via libera al piano\n{body}\n{script}\n{prose}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert!(c.text.contains(prose), "{}", c.text);
    for l in ["getElementsByTagName", "fbq", "schema.org", "avvia il pixel", "window, document"] {
        assert!(!c.text.contains(l), "{l:?} kept in {}", c.text);
    }
    assert!(reasons(&c).iter().filter(|r| **r == "code").count() >= 5, "{:?}", reasons(&c));
}

#[test]
fn the_site_s_own_pages_below_a_related_box_are_cut_and_the_article_after_one_stays() {
    let more = "Secondo i tecnici della Regione il nuovo ponte sul Biferno avrà due corsie e una pista ciclabile, \
        e i comuni della valle potranno usarlo già dall'autunno.";
    let body = format!("{}\n{more}", SENTENCES_IT.join("\n"));
    let footer = "Nessun articolo correlato.\nANALISI E COMMENTI\n\
        Cronache del Sannio è un giornale indipendente fondato nel 1998 da un gruppo di cronisti con passione \
        civile e curiosità per tutto ciò che succede nel territorio.\n\
        Le immagini pubblicate provengono in gran parte da internet: chi ne detenesse i diritti può scrivere \
        alla redazione, che provvederà subito alla rimozione.";
    let input = format!("Ponte sul Biferno, via libera al piano\n{body}\n{footer}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body, "{:?}", reasons(&c));
    assert_eq!(reasons(&c).iter().filter(|r| **r == "footer").count(), 3, "{:?}", reasons(&c));

    // A "read also" box inside the article is followed by more of the article: it stays.
    let rest = "Ferrante ha aggiunto che i lavori del ponte sul Biferno saranno seguiti da un comitato dei comuni \
        della valle, e che la Regione pubblicherà ogni mese lo stato del cantiere.";
    let input = format!("Ponte sul Biferno, via libera al piano\n{body}\nLeggi anche\n{rest}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert!(c.text.contains(rest), "{}", c.text);
}

#[test]
fn a_reader_comment_thread_below_the_article_is_cut_and_a_counter_above_it_too() {
    let body = SENTENCES_IT.join("\n");
    let thread = "12 commenti per Ponte sul Biferno, via libera al piano\n\
        Marco da Termoli: finalmente qualcuno si muove, aspettavamo da anni questo ponte e nessuno ci ascoltava mai.\n\
        Lucia: speriamo che stavolta i soldi arrivino davvero e non finiscano come sempre nelle solite tasche.";
    let input = format!("Ponte sul Biferno, via libera al piano\n26 commenti\n{body}\n{thread}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
    assert_eq!(reasons(&c).iter().filter(|r| **r == "comments").count(), 4, "{:?}", reasons(&c));

    // The counter after the post's category, its thousands written with a dot.
    let thread = "Scritto in Senza categoria |   1.204 Commenti »\n\
        Finalmente qualcuno si muove, aspettavamo da anni questo ponte e nessuno ci ascoltava mai.\n\
        Speriamo che stavolta i soldi arrivino davvero e non finiscano come sempre nelle solite tasche.";
    let input = format!("Ponte sul Biferno, via libera al piano\n{body}\n{thread}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
}

#[test]
fn text_once_misread_as_windows_1252_is_repaired_and_removed_spans_stay_in_the_input() {
    // An archive page whose body was decoded twice in part: "cittÃ" for "città", "â€™" for "’".
    let body = "Il sindaco ha riaperto la cittÃ\u{a0} alta ai pullman turistici dopo tre settimane di lavori.\n\
                Lâ€™assessore ha detto che il cantiere resterÃ\u{a0} aperto di notte fino a maggio.\n\
                Leggi anche: Il ponte chiuso per una settimana\n\
                Condividi su Facebook\n";
    let c = clean(&text_doc(body), &Templates::default());
    check_spans(body, &c);
    assert!(
        c.text.contains("la città alta") && c.text.contains("L’assessore") && c.text.contains("resterà aperto"),
        "{}",
        c.text
    );
    assert!(!c.text.contains('Ã'), "{}", c.text);
    assert!(!c.removed.is_empty());
    assert!(c.diagnostics.iter().any(|d| d.message.contains("Windows-1252")), "{:?}", c.diagnostics);
}

#[test]
fn reader_comments_headed_by_name_date_and_time_are_cut_and_a_live_blog_stays() {
    let body = SENTENCES_IT.join("\n");
    // A blog post, its own stamp, then readers' comments with no counter above them.
    let thread = "Pubblicato il 14 giugno 2023 alle ore 18:02.\n\
        @ponte_si 14 giugno 2023 alle 19:40\n\
        Finalmente qualcuno si muove, aspettavamo da anni questo ponte e nessuno ci ascoltava.\n\
        gino58 scrive: 14 giugno 2023 alle 21:15\n\
        «Li ho sentiti dire le stesse cose nel 2019», e il ponte è ancora lì, crollato.\n\
        lucia.r (15 giugno 2023 alle 08:03)\n\
        Speriamo che stavolta i soldi arrivino davvero.";
    let input = format!("Ponte sul Biferno, via libera al piano\n{body}\n{thread}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
    assert_eq!(reasons(&c).iter().filter(|r| **r == "comments").count(), 6, "{:?}", reasons(&c));

    // A live blog's updates carry a stamp but no reader's name: every update stays, and so does a
    // sentence that dates an event to the minute.
    let live = "Aggiornamento 15 giugno 2023, 10:47\n\
        La Regione ha pubblicato il bando per la ricostruzione del ponte, con scadenza a settembre.\n\
        Aggiornamento 14 giugno 2023, 19:30\n\
        Il consiglio regionale ha approvato il piano con 14 voti a favore e 6 contrari.\n\
        Aggiornamento 14 giugno 2023, 16:05\n\
        Il ponte era crollato il 3 marzo 2023 alle 4:12, durante la piena del Biferno.\n\
        Scritto mercoledì, 15 giugno 2023 alle 11:02";
    let input = format!("Ponte sul Biferno, la diretta\n{body}\n{live}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert!(!reasons(&c).contains(&"comments"), "{:?}", reasons(&c));
    for update in ["pubblicato il bando", "14 voti a favore", "il 3 marzo 2023 alle 4:12"] {
        assert!(c.text.contains(update), "{update}: {}", c.text);
    }
    // The post's own stamp is no update.
    assert!(!c.text.contains("Scritto"), "{}", c.text);
}

#[test]
fn a_date_left_alone_once_a_credit_is_cut_is_not_text() {
    let body = SENTENCES_IT.join("\n");
    let input = format!("{body}\n29 agosto 2023 13:55© RIPRODUZIONE RISERVATA\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
}

#[test]
fn a_blog_posts_footer_with_its_date_categories_and_feed_is_not_text() {
    let body = SENTENCES_IT.join("\n");
    let footer = "Questo contenuto è stato inserito il Giugno 14, 2023 ore 6:02 pm nelle categorie Cronaca, \
                  Molise, Infrastrutture. puoi seguire i commenti tramite RSS 2.0 feed.\n\
                  I commenti e i pings sono disabilitati.\n\
                  Rispondi Annulla risposta\n\
                  SEGUICI SUI SOCIAL";
    let input = format!("{body}\n{footer}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
    // A last sentence that dates an event to the minute, with no publishing label, is the report's.
    let last = "La scossa è stata registrata il 14 giugno 2023 alle 3:32 dalla rete sismica nazionale.";
    let input = format!("{body}\n{last}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert!(c.text.contains(last), "{}", c.text);
}

#[test]
fn headlines_and_site_links_running_to_the_end_below_the_article_are_cut() {
    let body = format!(
        "{}\nSecondo i tecnici della Regione, il nuovo ponte avrà due corsie e una pista ciclabile, e \
         resisterà a piene più alte di quella di marzo.",
        SENTENCES_IT.join("\n")
    );
    let tail = "Crolla il muro del cimitero di Termoli, nessun ferito\n\
                Sagra del tartufo, il programma dei tre giorni a Larino\n\
                Campobasso, nuovo direttore per l'ospedale Cardarelli\n\
                Chi siamo | Redazione | Privacy | Cookie policy";
    let input = format!("{body}\n{tail}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    check_spans(&input, &c);
    assert_eq!(c.text.trim(), body);
    // Two such lines are not enough to tell a list of links from the article's last lines.
    let tail = "Crolla il muro del cimitero di Termoli, nessun ferito\n\
                Sagra del tartufo, il programma dei tre giorni a Larino";
    let input = format!("{body}\n{tail}\n");
    let c = clean(&text_doc(&input), &Templates::default());
    assert!(c.text.contains("Sagra del tartufo"), "{}", c.text);
}
