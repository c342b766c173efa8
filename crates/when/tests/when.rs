//! End-to-end tests of the time stage on hand-written Italian and English news (invented events).

use rassegna_model::{Article, DateMention, DatedRef, PartialDate, TimelineEntry, TimexKind};
use rassegna_when::{
    TimelineOptions, infer_published, infer_published_with_evidence, merge_timelines, refine_story_dates,
    refine_story_dates_in, tag, timeline,
};

fn d(s: &str) -> PartialDate {
    s.parse().unwrap()
}

fn find<'a>(ms: &'a [DateMention], surface: &str) -> &'a DateMention {
    ms.iter().find(|m| m.text == surface).unwrap_or_else(|| panic!("no mention {surface:?} in {ms:#?}"))
}

fn check_spans(text: &str, ms: &[DateMention]) {
    for m in ms {
        assert_eq!(&text[m.start..m.end], m.text, "span of {m:?}");
    }
}

const IT_REPORT: &str = "Napoli, 14 marzo 2025 – Il sindaco Carla Esposito ha inaugurato quest'oggi il nuovo \
molo del porto, chiuso da 24 anni. I lavori erano iniziati nel febbraio 2022, dopo che lo scorso ottobre il \
consiglio comunale aveva approvato il progetto l'8 novembre. Ieri sera i pescatori hanno protestato; \
mercoledì la giunta si era riunita e la settimana scorsa era arrivato il via libera. La prima pietra fu posata \
24 anni fa. Tra tre giorni riaprirà il mercato, e lunedì prossimo partiranno i traghetti. \
Nel 2000 il molo era stato chiuso per un'alluvione durata tre settimane.";

/// One line per time expression: `text → value (kind)`.
fn render(ms: &[DateMention]) -> String {
    ms.iter().map(|m| format!("{} → {} ({})\n", m.text, m.value, m.kind)).collect()
}

#[test]
fn italian_expressions_are_found_and_resolved_against_the_publication_day() {
    let ms = tag(IT_REPORT, Some("it"), Some(d("2025-03-14")));
    check_spans(IT_REPORT, &ms);
    let v = |s: &str| find(&ms, s).value.clone();
    // Day and month without a year: the year that keeps it closest to the publication day.
    assert_eq!(v("8 novembre"), "2024-11-08");
    // 2025-03-14 is a Friday: a bare, past "mercoledì" is the 12th.
    assert_eq!(v("mercoledì"), "2025-03-12");
    // Every expression with its value and kind.
    insta::assert_snapshot!(render(&ms));
}

#[test]
fn month_precision_anchor_resolves_only_what_it_can() {
    let text = "Il concerto si è tenuto mercoledì a Bari, e oggi il festival chiude. Nel 2023 non c'era.";
    let ms = tag(text, Some("it"), Some(d("2024-06")));
    assert_eq!(find(&ms, "mercoledì").value, "XXXX-WXX-3");
    assert_eq!(find(&ms, "oggi").value, "2024-06");
    assert_eq!(find(&ms, "2023").value, "2023");
    let none = tag(text, Some("it"), None);
    assert_eq!(find(&none, "oggi").value, "PRESENT_REF");
}

const EN_REPORT: &str = "LISBON (Harbour Wire) - April 3, 2025 - The ferry operator said on Tuesday it had \
run the route for three weeks in March. Two years ago the line closed, and last week regulators approved a \
new timetable. Fares rose 4% this year and are expected to rise again next month; the company pays $2 \
million a year in fees. The 58-year-old captain retired yesterday. From 2019 to 2021 traffic fell, and the \
firm will report results on Friday.";

#[test]
fn english_expressions_follow_timeml_conventions() {
    let ms = tag(EN_REPORT, Some("en"), Some(d("2025-04-03")));
    check_spans(EN_REPORT, &ms);
    let v = |s: &str| find(&ms, s).value.clone();
    // 2025-04-03 is a Thursday: a past "Tuesday" is the 1st, a future "Friday" the 4th.
    assert_eq!(v("Tuesday"), "2025-04-01");
    assert_eq!(v("Friday"), "2025-04-04");
    // Every expression with its value and kind.
    insta::assert_snapshot!(render(&ms));
}

#[test]
fn a_weekday_after_soon_is_the_coming_one() {
    // 2025-04-03 is a Thursday.
    let text = "The crew could sail as soon as Tuesday, the harbour master said.";
    let ms = tag(text, Some("en"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "Tuesday").value, "2025-04-08");
}

#[test]
fn the_near_future_and_the_short_term_look_ahead() {
    let text = "The ferry line expects no new routes in the near future and few changes in the short term.";
    let ms = tag(text, Some("en"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "the near future").value, "FUTURE_REF");
    assert_eq!(find(&ms, "the short term").value, "FUTURE_REF");
    // "annual" qualifies a thing ("the annual report"); "annually" and "daily" say how often.
    let text = "The annual report says fares rise annually and the ferry sails daily.";
    let ms = tag(text, Some("en"), Some(d("2025-04-03")));
    assert!(!ms.iter().any(|m| m.text == "annual"), "{ms:?}");
    assert_eq!(find(&ms, "annually").value, "P1Y");
    // A number before a magnitude word is an amount, not a clock time.
    let ms = tag("Spending fell to around 15 million guilders.", Some("en"), Some(d("2025-04-03")));
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn quantities_are_not_years() {
    let ms = tag("La polizia ha schierato 2000 agenti e 1500 volontari nel 1998.", Some("it"), None);
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(ms[0].value, "1998");
}

#[test]
fn datelines_give_the_publication_date() {
    let (p, c) = infer_published("TORINO, 2 febbraio 2025 – La giunta ha approvato il bilancio.", Some("it")).unwrap();
    assert_eq!(p, d("2025-02-02"));
    assert!(c >= 0.8);
    let (p, _) = infer_published("OSLO (Nordic Wire) - March 9, 2024 - The fjord bridge opened.", Some("en")).unwrap();
    assert_eq!(p, d("2024-03-09"));
    let (p, _) = infer_published("Menu\nPubblicato il 05/11/2024\nLa città ha votato.", Some("it")).unwrap();
    assert_eq!(p, d("2024-11-05"));
    // A web stamp with the month abbreviated in English, in a Dutch or an Italian page alike.
    let (p, _) = infer_published(
        "Nieuwe brug in Zwolle geopend
7-Mar-09
De brug is maandag geopend.",
        Some("nl"),
    )
    .unwrap();
    assert_eq!(p, d("2009-03-07"));
    let (p, _) = infer_published(
        "Il ponte di Lecco
21-ott-2013
Il ponte è stato aperto.",
        Some("it"),
    )
    .unwrap();
    assert_eq!(p, d("2013-10-21"));
    assert!(infer_published("Il codice 7-Mar-xx non vale.", Some("it")).is_none());
    assert!(infer_published("Nel 2022 la città aveva votato contro il piano.", Some("it")).is_none());
}

#[test]
fn publication_stamps_in_english_press_style_are_datelines() {
    let body = "\nThe ferry strike in Larnholm entered its third day as talks broke down.";
    for (stamp, want) in [
        ("Nov. 30, 2009", "2009-11-30"),
        ("7:15 a.m. Dec. 7, 2009", "2009-12-07"),
        ("First Published: June 13, 2013 4:59 PM EDT", "2013-06-13"),
        ("Posted on Thu Jun 13, 2013 08:45 AM PDT", "2013-06-13"),
        ("Fri., May. 3, 2013 11:45 AM PDT", "2013-05-03"),
        ("8:13 AM PDT 8/2/2013", "2013-08-02"),
        ("Last Updated: Monday, 21 November 2011, 03:17 GMT", "2011-11-21"),
        ("4:52PM BST 12 Aug 2014", "2014-08-12"),
        ("9:40am UK, Friday 14 March 2014", "2014-03-14"),
        ("3 May 2012 Last updated at 10:05 GMT", "2012-05-03"),
        ("Published at 18:20, Sunday, 6 April 2014", "2014-04-06"),
        ("Story Created: Feb 4, 2011 at 7:30 AM AKST", "2011-02-04"),
    ] {
        let text = format!("Ferry strike enters third day\n{stamp}{body}");
        let (p, c) = infer_published(&text, Some("en")).unwrap_or_else(|| panic!("no date in {stamp:?}"));
        assert_eq!(p, d(want), "{stamp:?}");
        assert!(c >= 0.75, "{stamp:?} read with confidence {c}");
    }
    // A sentence that names a date is no stamp: the report is not dated by it with confidence.
    let text =
        format!("Ferry strike enters third day\nThe union said on Thu Jun 13, 2013 that talks had failed.{body}");
    assert!(infer_published(&text, Some("en")).is_none_or(|(_, c)| c < 0.75));
    // Nor is a sentence that starts with a stamp's words: a feature recalling 1972, written years later.
    let text =
        format!("Ferry strike enters third day\nOn Tuesday, Oct. 10, 1972, Larnholm awoke to its first strike.{body}");
    assert!(infer_published(&text, Some("en")).is_none_or(|(_, c)| c < 0.5));
}

fn article(id: &str, published: Option<&str>, text: &str) -> Article {
    Article {
        id: id.into(),
        source: format!("{id}.txt"),
        lang: Some("it".into()),
        published: published.map(d),
        text: text.into(),
        story: Some("s1".into()),
        storyline: Some("l1".into()),
        ..Article::default()
    }
}

fn story() -> Vec<Article> {
    vec![
        article(
            "a",
            None,
            "VALDORIA, 12 marzo 2025 – Il governo di Valdoria e la Lega dei Porti hanno firmato un accordo sulla pesca. \
             L'intesa arriva dopo la crisi iniziata nel gennaio 2023.",
        ),
        article(
            "b",
            Some("2025-03"),
            "I ministri hanno firmato mercoledì un accordo sulla pesca tra Valdoria e la Lega dei Porti. \
             La crisi era iniziata nel gennaio 2023 con il blocco delle reti.",
        ),
        article("c", None, "Il ministro Aldo Ferri ha firmato quest'oggi l'accordo sulla pesca con la Lega dei Porti."),
    ]
}

#[test]
fn story_dates_are_refined_from_datelines_and_sibling_reports() {
    let mut arts = story();
    refine_story_dates(&mut arts);
    assert_eq!(arts[0].published, Some(d("2025-03-12")));
    assert!(arts[0].published_inferred);
    // "mercoledì" in a month-dated report of an event another report dates to Wednesday 12 March.
    assert_eq!(arts[1].published, Some(d("2025-03-12")));
    assert!(arts[1].published_inferred);
    assert_eq!(find(&arts[1].dates, "mercoledì").value, "2025-03-12");
    // "quest'oggi" in an undated report of the same story.
    assert_eq!(arts[2].published, Some(d("2025-03-12")));
}

#[test]
fn inferred_dates_keep_their_method_confidence_and_cues() {
    let mut arts = story();
    refine_story_dates(&mut arts);
    // Its own dateline.
    let a = arts[0].published_evidence.as_ref().expect("evidence for a");
    assert_eq!((a.method.as_str(), a.confidence), ("dateline", 0.9));
    assert_eq!(a.cues[0].text, "12 marzo 2025");
    // "quest'oggi" against the report dated to the day.
    let c = arts[2].published_evidence.as_ref().expect("evidence for c");
    assert_eq!(c.method, "story-day");
    assert_eq!(c.cues.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["quest'oggi"]);
    assert_eq!(c.cues[0].value, "2025-03-12", "cues as read against the inferred date");
    assert_eq!(c.context, vec![DatedRef { id: "a".into(), date: d("2025-03-12") }]);
    let (date, e) = infer_published_with_evidence("ORSARA, 2 maggio 2024 – La fiera apre.", Some("it")).unwrap();
    assert_eq!((date, e.method.as_str()), (d("2024-05-02"), "dateline"));
}

/// A follow-up in a story of its own, months after the stories it follows, with no date of its own:
/// the months it names as past, read in the year of the storyline's latest story, date it.
#[test]
fn an_undated_follow_up_is_dated_from_its_own_months_and_its_storyline() {
    let june = DatedRef { id: "s-giugno".into(), date: d("2025-06-11") };
    let text = "Il senato di Castelmora ha approvato il 14 ottobre la riforma dei porti, presentata a giugno dal                 governo. Lo scorso settembre il ministro Elio Varani l'aveva definita \"una svolta\". A gennaio                 entrerà in vigore.";
    let mut arts = vec![article("f", None, text)];
    arts[0].story = Some("s-ottobre".into());
    refine_story_dates_in(&mut arts, Some(&june));
    let f = &arts[0];
    assert_eq!(f.published, Some(d("2025-10")));
    assert!(f.published_inferred);
    let e = f.published_evidence.as_ref().expect("the evidence is kept");
    assert_eq!(e.method, "storyline-month");
    assert_eq!(e.context, vec![june.clone()]);
    let cues: Vec<(&str, &str)> = e.cues.iter().map(|m| (m.text.as_str(), m.value.as_str())).collect();
    // The coming January is no evidence of the month the report is from.
    assert_eq!(cues, [("14 ottobre", "2025-10-14"), ("giugno", "2025-06"), ("Lo scorso settembre", "2025-09")]);
    for m in &e.cues {
        assert_eq!(&text[m.start..m.end], m.text);
    }
    assert!((0.5..=0.7).contains(&e.confidence), "{e:?}");
    assert_eq!(find(&f.dates, "14 ottobre").value, "2025-10-14", "the dates are read again against it");

    // Without a storyline to read it against, a year-less day says nothing about the year.
    let mut alone = vec![article("f", None, text)];
    refine_story_dates_in(&mut alone, None);
    assert_eq!(alone[0].published, None);
    assert_eq!(alone[0].published_evidence, None);
    // A report naming only months before the stories it follows is from another year: left undated.
    let mut earlier = vec![article("g", None, "Il consiglio di Castelmora ha discusso la riforma il 3 febbraio.")];
    refine_story_dates_in(&mut earlier, Some(&june));
    assert_eq!(earlier[0].published, None);
}

#[test]
fn timeline_merges_one_event_told_by_several_reports() {
    let mut arts = story();
    refine_story_dates(&mut arts);
    let tl = timeline(&arts);
    let signing: Vec<_> = tl.iter().filter(|e| e.date == "2025-03-12").collect();
    assert_eq!(signing.len(), 1, "{tl:#?}");
    assert_eq!(signing[0].sources, vec!["a", "b", "c"]);
    assert_eq!(signing[0].first_reported.as_deref(), Some("2025-03-12"));
    let crisis = tl.iter().find(|e| e.date == "2023-01").expect("crisis entry");
    assert_eq!(crisis.sources, vec!["a", "b"]);
    // Ordered by date.
    let dates: Vec<PartialDate> = tl.iter().map(|e| d(&e.date)).collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]));
    // The best supported date comes first among the key dates.
    assert_eq!(rassegna_when::key_dates(&tl)[0], (d("2025-03-12"), 3));
}

#[test]
fn historical_texts_keep_the_year_of_their_narrative() {
    let text = "Le Grandi Saline furono aperte nel 1911. Nel 1932 gli operai scioperarono e il 24 gennaio \
                il governo cedette. Oggi il museo ricorda quei giorni. Nel 1935 il sale finì.";
    let ms = tag(text, Some("it"), Some(d("2021-05-10")));
    check_spans(text, &ms);
    assert_eq!(find(&ms, "24 gennaio").value, "1932-01-24");
    assert_eq!(find(&ms, "Oggi").value, "2021-05-10");
    // In news the publication year wins even after another year.
    let news = "Il marchio è nato nel 2003 e a febbraio ha superato i concorrenti.";
    let ms = tag(news, Some("it"), Some(d("2008-04-09")));
    assert_eq!(find(&ms, "febbraio").value, "2008-02");
}

#[test]
fn a_weekday_that_does_not_fit_the_narrative_year_brings_the_text_back() {
    // A page of background (old years) about a coup: "mercoledì 3 luglio" after "30 giugno 2012" is
    // 2013's (3 July 2012 was a Tuesday), and so is the "4 luglio" after it.
    let text = "Il paese ebbe la prima costituzione nel 1923 e un colpo di stato nel 1952. Il presidente era \
                in carica dal 30 giugno 2012. È stato deposto mercoledì 3 luglio dall'esercito, e il 4 luglio \
                il giudice ha giurato. Il primo parlamento fu eletto nel 1924.";
    let ms = tag(text, Some("it"), Some(d("2013-07-05")));
    assert_eq!(find(&ms, "mercoledì 3 luglio").value, "2013-07-03");
    assert_eq!(find(&ms, "4 luglio").value, "2013-07-04");
    // A weekday that does fall in the narrative year keeps it.
    let fits = "La guerra iniziò nel 1940 e finì nel 1945. La resa fu firmata nel 1943: martedì 7 settembre \
                il generale parlò alla radio. Nel 1950 il paese votò.";
    let ms = tag(fits, Some("it"), Some(d("2013-07-05")));
    assert_eq!(find(&ms, "martedì 7 settembre").value, "1943-09-07");
}

#[test]
fn a_company_that_expects_to_act_in_a_later_month_points_ahead() {
    let text = "The company said it expects to release its results in mid-November.";
    let ms = tag(text, Some("en"), Some(d("1989-10-27")));
    assert_eq!(find(&ms, "mid-November").value, "1989-11");
}

#[test]
fn news_of_today_that_recalls_old_years_is_no_history() {
    // Old years outnumber nothing here: "Monday" and "last fall" count from today as often as
    // 1988 and 1950 are named, so the year-less "April" is this year's, not 1988's.
    let text = "The bureau put two fugitives on its list Monday. One is charged with a killing last fall. \
                They replace two agents charged in the Dec. 21, 1988, bombing of a jet. The two were removed \
                after the leader agreed in April to hand them over. The list began in 1950.";
    let ms = tag(text, Some("en"), Some(d("1999-06-07")));
    assert_eq!(find(&ms, "April").value, "1999-04");
    assert_eq!(find(&ms, "Dec. 21, 1988").value, "1988-12-21");
}

#[test]
fn names_that_look_like_dates_are_left_alone() {
    let text = "Le navi nel Mar Rosso e la Primavera araba: May Clarke ha parlato in diretta.";
    let ms = tag(text, Some("it"), Some(d("2011-03-01")));
    assert!(ms.is_empty(), "{ms:?}");
    let en = "The Arab Spring began as May Clarke said she may march.";
    let ms = tag(en, Some("en"), Some(d("2011-03-01")));
    assert!(ms.is_empty(), "{ms:?}");
}

#[test]
fn storyline_timeline_links_precisions_durations_and_undated_follow_ups() {
    let mut arts = story();
    arts.push(article(
        "d",
        Some("2025-03-12"),
        "Il ministro ha firmato la sua prima intesa nell'arco di 24 anni con la Lega dei Porti. \
         Da quando la crisi della pesca è iniziata nel 2023 i pescherecci sono rimasti in porto.",
    ));
    arts.push(article(
        "e",
        Some("2025-03-13"),
        "Nel 2001 il governo di Valdoria aveva firmato l'ultima intesa con la Lega dei Porti, poi scaduta.",
    ));
    // A follow-up months later, without any date of its own.
    arts.push(article(
        "f",
        None,
        "Il parlamento di Valdoria ha ratificato l'accordo sulla pesca l'8 novembre, dopo la firma avvenuta a marzo. \
         Sabato sera il governo ha pubblicato il testo della legge.",
    ));
    let tl = timeline(&arts);
    let on = |date: &str| tl.iter().filter(|e| e.date == date).collect::<Vec<_>>();
    // "nel 2023" (d) joins "nel gennaio 2023" (a, b): one event at the finer date.
    assert_eq!(on("2023-01").len(), 1, "{tl:#?}");
    assert_eq!(on("2023-01")[0].sources, vec!["a", "b", "d"]);
    assert!(on("2023").is_empty(), "{tl:#?}");
    // "la prima intesa nell'arco di 24 anni" (2025 - 24) is the agreement of 2001.
    assert_eq!(on("2001").len(), 1, "{tl:#?}");
    assert_eq!(on("2001")[0].sources, vec!["d", "e"]);
    // The undated follow-up takes its year from the storyline and its month from "l'8 novembre".
    let ratified = on("2025-11-08");
    assert_eq!(ratified.len(), 1, "{tl:#?}");
    assert_eq!(ratified[0].sources, vec!["f"]);
    assert!(ratified[0].text.starts_with("Il parlamento di Valdoria ha ratificato"));
    // The articles themselves are not changed by building a timeline.
    assert_eq!(arts[5].published, None);
    let mut refined = arts.clone();
    refine_story_dates(&mut refined);
    assert_eq!(refined[5].published, Some(d("2025-11")));
    assert!(refined[5].published_inferred);
}

#[test]
fn a_year_named_in_passing_is_no_source_for_a_day() {
    // "Nel 2012" shares two words with the day's event but says nothing of 1 February: it is no
    // second report of that day, and the day does not rise among the key dates by it.
    let arts = vec![
        article(
            "a",
            Some("2012-02-02"),
            "Il 1 febbraio a Porto Serrano la polizia ha caricato i tifosi dopo la partita, e gli scontri \
             hanno fatto 74 morti tra la folla dello stadio.",
        ),
        article(
            "b",
            Some("2013-07-04"),
            "Nel 2012 la polizia ha caricato più volte i sindacati di Valdoria, che chiedevano salari più alti \
             e contratti nuovi per i portuali.",
        ),
    ];
    let tl = timeline(&arts);
    let day: Vec<_> = tl.iter().filter(|e| e.date == "2012-02-01").collect();
    assert_eq!(day.len(), 1, "{tl:#?}");
    assert_eq!(day[0].sources, vec!["a"]);
    let year: Vec<_> = tl.iter().filter(|e| e.date == "2012").collect();
    assert_eq!(year.len(), 1, "{tl:#?}");
    assert_eq!(year[0].sources, vec!["b"]);
}

#[test]
fn a_sentence_with_several_dates_shows_each_its_own_clause() {
    let arts = vec![article(
        "a",
        Some("2012-12-28"),
        "I lavori per la nuova Costituzione di Valdoria sono iniziati a marzo, ma le sedute sono state \
         rallentate dopo una sentenza del tribunale che in aprile aveva sciolto la prima assemblea. \
         La commissione ha annunciato i risultati del voto mercoledì e giovedì scorsi nella capitale.",
    )];
    let tl = timeline(&arts);
    let text = |date: &str| tl.iter().find(|e| e.date == date).map(|e| e.text.as_str()).unwrap_or("");
    assert_eq!(text("2012-03"), "I lavori per la nuova Costituzione di Valdoria sono iniziati a marzo…", "{tl:#?}");
    assert_eq!(
        text("2012-04"),
        "…ma le sedute sono state rallentate dopo una sentenza del tribunale che in aprile aveva sciolto la prima assemblea."
    );
    // Two dates in one clause: each shows the whole sentence.
    assert!(text("2012-12-26").starts_with("La commissione ha annunciato"), "{tl:#?}");
    assert_eq!(text("2012-12-26"), text("2012-12-27"));
}

#[test]
fn timeline_skips_teasers_and_future_events() {
    let arts = vec![article(
        "x",
        Some("2025-05-02"),
        "Il sindaco ha presentato ieri il piano per il porto. Il 3 giugno si voterà il bilancio in consiglio. \
             Nuovo ponte a Valdoria, i lavori sono iniziati il 4 aprile...leggi tutto »",
    )];
    let tl = timeline(&arts);
    assert_eq!(tl.len(), 1, "{tl:#?}");
    assert_eq!(tl[0].date, "2025-05-01");
}

#[test]
fn french_and_spanish_tables_follow_the_same_rules() {
    let fr = "PARIS, 12 mars 2025 – Le gouvernement a signé aujourd'hui l'accord, attendu depuis 24 ans. \
              Il y a deux ans, le 8 novembre, le Sénat avait voté; mardi dernier la commission s'est réunie \
              et la semaine dernière le conseil a donné son avis. Dans trois jours le marché rouvrira.";
    let ms = tag(fr, Some("fr"), Some(d("2025-03-12")));
    check_spans(fr, &ms);
    let v = |ms: &[DateMention], s: &str| find(ms, s).value.clone();
    assert_eq!(v(&ms, "aujourd'hui"), "2025-03-12");
    assert_eq!(v(&ms, "24 ans"), "P24Y");
    assert_eq!(v(&ms, "Il y a deux ans"), "2023");
    assert_eq!(v(&ms, "8 novembre"), "2024-11-08");
    assert_eq!(v(&ms, "mardi dernier"), "2025-03-11");
    assert_eq!(v(&ms, "la semaine dernière"), "2025-W10");
    assert_eq!(v(&ms, "Dans trois jours"), "2025-03-15");
    assert_eq!(infer_published(fr, Some("fr")).map(|p| p.0), Some(d("2025-03-12")));

    let es = "MADRID, 12 de marzo de 2025 – El gobierno firmó hoy el acuerdo, esperado desde hace 24 años. \
              Hace dos años, el 8 de noviembre, el Senado votó el texto; el martes pasado se reunió la comisión. \
              Dentro de tres días reabrirá el mercado.";
    let ms = tag(es, Some("es"), Some(d("2025-03-12")));
    check_spans(es, &ms);
    assert_eq!(v(&ms, "12 de marzo de 2025"), "2025-03-12");
    assert_eq!(v(&ms, "hoy"), "2025-03-12");
    assert_eq!(find(&ms, "hace 24 años").kind, TimexKind::Duration);
    assert_eq!(v(&ms, "Hace dos años"), "2023");
    assert_eq!(v(&ms, "8 de noviembre"), "2024-11-08");
    assert_eq!(v(&ms, "martes pasado"), "2025-03-11");
    assert_eq!(v(&ms, "Dentro de tres días"), "2025-03-15");
}

#[test]
fn reports_saying_today_on_one_day_are_one_entry() {
    let dated = |id: &str, text: &str| Article { published: Some(d("2025-05-06")), ..article(id, None, text) };
    let mut arts = vec![
        dated("a", "Il consiglio comunale di Fondovalle ha approvato oggi il bilancio con dodici voti favorevoli."),
        dated("b", "Quest'oggi la giunta ha presentato ai cittadini la nuova biblioteca, costata due milioni."),
        dated("c", "Ieri i vigili del fuoco hanno spento un incendio nel bosco sopra la diga."),
        dated("d", "Ieri il prefetto ha firmato l'ordinanza che chiude la strada provinciale per frane."),
    ];
    for a in &mut arts {
        a.dates = tag(&a.text, Some("it"), a.published);
    }
    let tl = timeline(&arts);
    let today: Vec<_> = tl.iter().filter(|e| e.date == "2025-05-06").collect();
    assert_eq!(today.len(), 1, "{tl:#?}");
    assert_eq!(today[0].sources, vec!["a", "b"]);
    // "ieri" is not deictic "today": two different events on the day before stay apart.
    assert_eq!(tl.iter().filter(|e| e.date == "2025-05-05").count(), 2, "{tl:#?}");
}

#[test]
fn storyline_timelines_merge_one_event_told_by_several_stories() {
    let entry = |date: &str, text: &str, sources: &[&str], first: &str| TimelineEntry {
        date: date.into(),
        text: text.into(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        first_reported: Some(first.into()),
    };
    let signing = entry(
        "2025-03-12",
        "Il governo di Valdoria e la Lega dei Porti hanno firmato un accordo sulla pesca.",
        &["a", "b"],
        "2025-03-12",
    );
    let first = vec![
        entry("2023-01", "La crisi era iniziata nel gennaio 2023 con il blocco delle reti.", &["a"], "2025-03-12"),
        signing.clone(),
    ];
    let second = vec![
        entry("2023", "La crisi del blocco delle reti era iniziata nel 2023.", &["c"], "2025-04-02"),
        entry(
            "2025-03-12",
            "I ministri di Valdoria hanno firmato l'accordo sulla pesca con la Lega dei Porti.",
            &["c"],
            "2025-04-02",
        ),
        entry("2025-04-02", "Il parlamento ha ratificato l'intesa con novanta voti favorevoli.", &["d"], "2025-04-02"),
    ];
    let tl = merge_timelines(&[(&first, Some("it")), (&second, None)], &TimelineOptions::default());
    assert_eq!(tl.len(), 3, "{tl:#?}");
    // The crisis: the year-only mention joins the month it lies in.
    assert_eq!((tl[0].date.as_str(), tl[0].sources.clone()), ("2023-01", vec!["a".to_string(), "c".to_string()]));
    // The signing, in the wording with most sources, first reported by the earlier story.
    assert_eq!(tl[1].text, signing.text);
    assert_eq!(tl[1].sources, vec!["a", "b", "c"]);
    assert_eq!(tl[1].first_reported.as_deref(), Some("2025-03-12"));
    assert_eq!(tl[2].sources, vec!["d"]);
    // A story's own timeline is unchanged by merging it alone.
    assert_eq!(merge_timelines(&[(&first, None)], &TimelineOptions::default()), first);
}

#[test]
fn an_old_year_inside_a_name_is_not_a_date() {
    let anchor = Some(d("2025-04-27"));
    let text = "Festa a Portoferro: l'US Portoferro 1921 è promossa in Serie C. La società era stata fondata nel 1921.";
    let found = tag(text, Some("it"), anchor);
    check_spans(text, &found);
    let years: Vec<&DateMention> = found.iter().filter(|m| m.value == "1921").collect();
    assert_eq!(years.len(), 1, "{found:?}");
    assert_eq!(years[0].end, text.rfind("1921").unwrap() + 4, "only the year the sentence dates something with");
    // A recent year after a name is the year of that event.
    let en = "Apple showed the phone at Worldwide Developers Conference 2010 in San Francisco.";
    let found = tag(en, Some("en"), Some(d("2010-06-08")));
    assert!(found.iter().any(|m| m.value == "2010"), "{found:?}");
}

#[test]
fn ages_are_not_durations() {
    let text = "The 6-year-old boy and his 44-year-old father joined the 50-year-old alliance. \
Un uomo di 45 anni d'età è stato fermato.";
    let ms = tag(text, Some("en"), Some(d("2025-04-03")));
    assert!(ms.is_empty(), "{ms:?}");
    let it = tag("Un uomo di 45 anni d'età è stato fermato.", Some("it"), Some(d("2025-04-03")));
    assert!(it.is_empty(), "{it:?}");
}

#[test]
fn amounts_after_a_clock_cue_are_not_times() {
    let text = "The firm raised about $9 million, about 11% of its stock, around 15 guilders a share and \
about 2.5 times its costs. The vote is at 10 tomorrow.";
    let ms = tag(text, Some("en"), Some(d("2025-04-03")));
    let times: Vec<&str> = ms.iter().filter(|m| m.value.contains('T')).map(|m| m.text.as_str()).collect();
    assert_eq!(times, vec!["10 tomorrow"], "{ms:?}");
    assert_eq!(find(&ms, "10 tomorrow").value, "2025-04-04T10:00");
}

#[test]
fn recent_years_look_back() {
    let ms = tag("Prices have doubled in recent years.", Some("en"), Some(d("2025-04-03")));
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(ms[0].value, "PXY");
}

#[test]
fn a_time_before_its_day_is_one_time_on_that_day() {
    // 2025-04-04 is a Friday.
    let ms = tag("The grocer was kidnapped at 10 p.m. Wednesday, police said.", Some("en"), Some(d("2025-04-04")));
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(find(&ms, "10 p.m. Wednesday").value, "2025-04-02T22:00");
    let ms = tag("The offer was extended until 5 p.m. EST, Nov. 6.", Some("en"), Some(d("2025-10-30")));
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(find(&ms, "5 p.m. EST, Nov. 6").value, "2025-11-06T17:00");
    let ms =
        tag("Il rapimento è avvenuto alle 22 di mercoledì, ha detto la polizia.", Some("it"), Some(d("2025-04-03")));
    assert_eq!(ms.len(), 1, "{ms:?}");
    assert_eq!(find(&ms, "22 di mercoledì").value, "2025-04-02T22:00");
}

#[test]
fn a_year_between_a_determiner_and_its_noun_is_a_date() {
    let text = "A 1996 law followed its 1990 invasion, and the company's 1989 results fell.";
    let ms = tag(text, Some("en"), Some(d("2000-01-07")));
    let years: Vec<&str> = ms.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(years, vec!["1996", "1990", "1989"], "{ms:?}");
}

#[test]
fn set_to_points_to_the_future() {
    // 2025-04-03 is a Thursday: the talks are the next Monday.
    let ms = tag("The talks are set to resume Monday.", Some("en"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "Monday").value, "2025-04-07");
}

#[test]
fn possessives_keep_their_date() {
    // 2025-04-03 is a Thursday.
    let ms = tag("Last year's vote and Friday's meeting were held in Lisbon.", Some("en"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "Last year").value, "2024");
    assert_eq!(find(&ms, "Friday").value, "2025-03-28");
}

#[test]
fn a_number_range_is_not_a_year() {
    let ms =
        tag("Alla manifestazione c'erano 1500-2000 persone, come nel 1998-2000.", Some("it"), Some(d("2025-04-03")));
    let values: Vec<&str> = ms.iter().map(|m| m.value.as_str()).collect();
    assert_eq!(values, vec!["1998", "2000"], "{ms:?}");
}

#[test]
fn every_season_is_a_set() {
    let ms = tag("Ogni estate arrivano i turisti; every winter they leave.", Some("it"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "Ogni estate").value, "XXXX-SU");
    let ms = tag("Every winter the ferries stop.", Some("en"), Some(d("2025-04-03")));
    assert_eq!(find(&ms, "Every winter").value, "XXXX-WI");
}

#[test]
fn a_duration_up_to_now_is_no_event_at_its_start() {
    // "atteso da cinque anni" tells what is true on the day of the report: no 2020 entry.
    let arts = vec![article(
        "x",
        Some("2025-03-14"),
        "Il governo di Valdoria ha firmato oggi l'accordo sulla pesca, atteso da cinque anni dai pescatori.",
    )];
    let tl = timeline(&arts);
    let dates: Vec<&str> = tl.iter().map(|e| e.date.as_str()).collect();
    assert_eq!(dates, vec!["2025-03-14"], "{tl:#?}");
}

#[test]
fn a_background_year_named_by_one_report_is_no_entry() {
    let arts = vec![
        article(
            "x",
            Some("2025-03-14"),
            "Il governo di Valdoria ha firmato ieri l'accordo sulla pesca. Nel 1912 il porto era stato costruito dai \
             coloni. Nel 2001 era stata firmata la prima intesa.",
        ),
        article(
            "y",
            Some("2025-03-15"),
            "Il governo di Valdoria ha rinnovato l'intesa firmata nel 2001 con i pescatori.",
        ),
        // A sidebar copied on two pages: the same sentence is one statement, not two.
        article("z", Some("2025-03-16"), "Il porto ha riaperto ieri. Il 3 maggio 1950 il porto era stato distrutto."),
        article("w", Some("2025-03-16"), "I traghetti sono ripartiti. Il 3 maggio 1950 il porto era stato distrutto."),
    ];
    let tl = timeline(&arts);
    let dates: Vec<&str> = tl.iter().map(|e| e.date.as_str()).collect();
    // 1912 and 1950-05-03 are history told in passing; 2001 is named by two reports in their own words.
    assert_eq!(dates, vec!["2001", "2025-03-13", "2025-03-15"], "{tl:#?}");
}

#[test]
fn a_month_after_a_deadline_word_is_the_coming_one() {
    let ms =
        tag("The airline said it doubled its flights and would finish by February.", Some("en"), Some(d("2025-10-30")));
    assert_eq!(find(&ms, "February").value, "2026-02");
    let ms = tag("Il comune ha detto che i lavori si chiudono entro febbraio.", Some("it"), Some(d("2025-10-30")));
    assert_eq!(find(&ms, "febbraio").value, "2026-02");
}

#[test]
fn a_year_back_from_a_quarter_is_that_quarter_a_year_before() {
    let text = "Net income rose 12% in the third quarter from a year ago. Sales fell from $4 million a year earlier.";
    let ms = tag(text, Some("en"), Some(d("2025-10-30")));
    assert_eq!(find(&ms, "the third quarter").value, "2025-Q3");
    assert_eq!(find(&ms, "a year ago").value, "2024-Q3");
    assert_eq!(find(&ms, "a year").value, "2024-Q3");
    // Without a quarter named, "a year earlier" is the year before.
    let ms = tag("The plant closed a year earlier.", Some("en"), Some(d("2025-10-30")));
    assert_eq!(find(&ms, "a year").value, "2024");
}

#[test]
fn a_day_and_month_told_in_the_past_is_not_months_ahead() {
    // "ended" is past: March 31 is the last one, not the one five months ahead.
    let text = "The chain said sales for the fiscal year that ended March 31 reached $80 million.";
    let ms = tag(text, Some("en"), Some(d("2025-11-03")));
    assert_eq!(find(&ms, "March 31").value, "2025-03-31");
    // A near date ahead keeps the closest year.
    let text = "The museum, which reopened, said its new wing was finished Dec. 15.";
    let ms = tag(text, Some("en"), Some(d("2025-10-27")));
    assert_eq!(find(&ms, "Dec. 15").value, "2025-12-15");
}

#[test]
fn reporting_periods_take_the_quarter_the_report_is_about() {
    let text = "Harbor Foods said third-quarter profit rose 8%. Sales in the quarter climbed to $2 billion from \
$1.8 billion in the year-earlier quarter, and margins in the latest period were the widest since the same \
period of last year. The 2024 second quarter had included a plant sale.";
    let ms = tag(text, Some("en"), Some(d("2025-10-29")));
    check_spans(text, &ms);
    let v = |s: &str| find(&ms, s).value.clone();
    assert_eq!(v("the quarter"), "2025-Q3");
    assert_eq!(v("the year-earlier quarter"), "2024-Q3");
    assert_eq!(v("the latest period"), "2025-Q3");
    assert_eq!(v("the same period of last year"), "2024-Q3");
    assert_eq!(v("The 2024 second quarter"), "2024-Q2");
    // With no quarter named, the quarter is the last one completed before the publication day.
    let ms = tag("Orders fell in the quarter, the company said.", Some("en"), Some(d("2025-11-04")));
    assert_eq!(find(&ms, "the quarter").value, "2025-Q3");
    // Neither a fraction nor a compound: "a quarter of", "the quarter-point cut".
    let ms = tag("A quarter of the staff left after the quarter-point cut.", Some("en"), Some(d("2025-11-04")));
    assert!(ms.iter().all(|m| !m.text.contains("quarter")), "{ms:?}");
    // "fiscal 2024" is the year.
    let ms = tag("Revenue for fiscal 2024 was flat.", Some("en"), Some(d("2025-11-04")));
    assert_eq!(find(&ms, "fiscal 2024").value, "2024");
}

#[test]
fn the_weekend_and_the_year_are_the_anchors_own() {
    // Published on Monday 2025-11-10: the weekend just gone, or the coming one when the verb looks ahead.
    let ms = tag("Crowds gathered in the square over the weekend.", Some("en"), Some(d("2025-11-10")));
    assert_eq!(find(&ms, "the weekend").value, "2025-W45-WE");
    let ms = tag("The union will march again over the weekend.", Some("en"), Some(d("2025-11-10")));
    assert_eq!(find(&ms, "the weekend").value, "2025-W46-WE");
    // "the year" is the publication's year; "the year ended June 30" a year's span; "the year before" is
    // relative to another time and left out.
    let text = "Sales for the full year will rise, after a loss in the year ended June 30. The year before, it \
had grown.";
    let ms = tag(text, Some("en"), Some(d("2025-11-10")));
    check_spans(text, &ms);
    assert_eq!(find(&ms, "the full year").value, "2025");
    assert_eq!(find(&ms, "the year").value, "P1Y");
    assert!(ms.iter().all(|m| m.text != "The year"), "{ms:?}");
}

#[test]
fn holidays_are_their_days() {
    let text = "Il sindaco tornerà nella sua città natale per Natale; lo scorso Natale era a Roma, e a Pasqua \
2026 inaugurerà il museo.";
    let ms = tag(text, Some("it"), Some(d("2025-12-10")));
    check_spans(text, &ms);
    assert!(ms.iter().all(|m| m.text != "natale"), "{ms:?}");
    assert_eq!(find(&ms, "Natale").value, "2025-12-25");
    assert_eq!(find(&ms, "lo scorso Natale").value, "2024-12-25");
    assert_eq!(find(&ms, "Pasqua 2026").value, "2026-04-05");
    let ms = tag(
        "Stores expect Christmas sales to slow. The parade was held last Thanksgiving.",
        Some("en"),
        Some(d("2000-02-10")),
    );
    assert!(ms.iter().all(|m| m.text != "Christmas"), "{ms:?}");
    assert_eq!(find(&ms, "last Thanksgiving").value, "1999-11-25");
    // A verb after "and" is no second holiday: "Thanksgiving Day" stays a day.
    let ms = tag("The boy was rescued on Thanksgiving Day and brought ashore.", Some("en"), Some(d("2000-01-07")));
    assert_eq!(find(&ms, "Thanksgiving Day").value, "1999-11-25");
}

#[test]
fn years_in_words_as_transcripts_write_them() {
    let text = "Back in nineteen eighty-nine the mill closed; by the winter of nineteen ninety-two it had \
reopened, and in January nineteen ninety-five it was sold. Planners look to the year two thousand. Nineteen \
people were hurt.";
    let ms = tag(text, Some("en"), Some(d("1998-03-01")));
    check_spans(text, &ms);
    assert_eq!(find(&ms, "nineteen eighty-nine").value, "1989");
    assert_eq!(find(&ms, "the winter of nineteen ninety-two").value, "1992-WI");
    assert_eq!(find(&ms, "January nineteen ninety-five").value, "1995-01");
    assert_eq!(find(&ms, "the year two thousand").value, "2000");
    assert!(ms.iter().all(|m| !m.text.starts_with("Nineteen")), "{ms:?}");
}

#[test]
fn more_and_couple_of_stay_in_the_amount() {
    let text = "The strike may last two more weeks; the plant needs an additional year and a couple of years of tests.";
    let ms = tag(text, Some("en"), Some(d("2025-11-10")));
    check_spans(text, &ms);
    assert_eq!(find(&ms, "two more weeks").value, "P2W");
    assert_eq!(find(&ms, "an additional year").value, "P1Y");
    assert!(ms.iter().any(|m| m.text.ends_with("couple of years") && m.value == "P2Y"), "{ms:?}");
}

#[test]
fn a_holiday_in_a_name_or_in_passing_dates_no_event() {
    let ms =
        tag("L'inchiesta, coordinata dal procuratore Renato Di Natale, prosegue.", Some("it"), Some(d("2025-03-14")));
    assert!(ms.is_empty(), "{ms:?}");
    // "a cavallo di Ferragosto" is tagged, but a holiday names a season as much as a day: no timeline entry.
    let arts = vec![
        article("a", Some("2025-09-01"), "La giunta ha riaperto le spiagge a cavallo di Ferragosto, dopo le proteste."),
        article("b", Some("2025-09-02"), "Il consiglio ha riaperto le spiagge a cavallo di Ferragosto e ha votato."),
    ];
    let ms = tag(&arts[0].text, Some("it"), arts[0].published);
    assert_eq!(find(&ms, "Ferragosto").value, "2025-08-15");
    assert!(timeline(&arts).iter().all(|e| e.date != "2025-08-15"), "{:#?}", timeline(&arts));
}

#[test]
fn a_unit_made_an_adjective_of_length_is_a_duration() {
    let text = "The decades-long dispute ended after a day-long hearing.";
    let ms = tag(text, Some("en"), Some(d("2025-11-10")));
    check_spans(text, &ms);
    assert_eq!(find(&ms, "decades-long").value, "PXY");
    assert_eq!(find(&ms, "a day-long").value, "P1D");
}

#[test]
fn the_following_year_steps_from_the_date_told_before() {
    let text = "On May 22, 1995, she was made a judge, and the following year she joined the court.";
    let ms = tag(text, Some("en"), Some(d("2025-04-18")));
    assert_eq!(find(&ms, "the following year").value, "1996");
    // With no date before it, it is a year's span, as before.
    let ms = tag("Sales will grow over the following year.", Some("en"), Some(d("2025-04-18")));
    assert_eq!(find(&ms, "the following year").value, "P1Y");
}

#[test]
fn a_participle_after_be_leaves_the_tense_to_its_auxiliary() {
    // "named" is no past: "will be named" speaks of the coming December.
    let text = "Colonel Ada Brenner will be named commander of the Orbis crew for a flight in December.";
    let ms = tag(text, Some("en"), Some(d("2025-03-04")));
    assert_eq!(find(&ms, "December").value, "2025-12");
    let text = "Colonel Ada Brenner was named commander of the Orbis crew for a flight in December.";
    let ms = tag(text, Some("en"), Some(d("2025-03-04")));
    assert_eq!(find(&ms, "December").value, "2024-12");
}

#[test]
fn a_year_back_in_a_report_on_a_quarter_reaches_across_a_paragraph() {
    let text = "Corvo Mills said third-quarter profit rose 9%. The mill in Dunmore ran at full capacity. \
Paper prices held. Profit was $3 million, up from $2.1 million a year earlier.";
    let ms = tag(text, Some("en"), Some(d("2025-10-30")));
    assert_eq!(find(&ms, "a year").value, "2024-Q3");
}
