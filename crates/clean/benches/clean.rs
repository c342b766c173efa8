//! Throughput of the cleaning stage: a text body with page debris, and an HTML page.
//!
//! `cargo bench -p rassegna-clean --bench clean`. Set `RASSEGNA_BENCH_HTML_DIR` to a directory of
//! `.html` / `.html.gz` pages to also time extraction on them.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rassegna_clean::{Templates, clean};
use rassegna_model::{Body, Format, RawDocument};
use std::hint::black_box;

fn doc(body: Body) -> RawDocument {
    let format = if matches!(body, Body::Html(_)) { Format::Html } else { Format::Text };
    RawDocument::new("b", "b", format, body)
}

fn text_fixture() -> String {
    let para = "Il consiglio regionale ha approvato nella notte la riforma della sanità territoriale con 31 voti favorevoli, \
                dopo una seduta di undici ore segnata dall'ostruzionismo delle opposizioni. «È una giornata storica», ha detto l'assessore.";
    let mut s = String::from(
        " date 2025-04 video suggerito\n\nRiforma della sanità, via libera in consiglio\n\nConnect with us\n\nPublished\n\non\n\nA cura di Luca Neri\n\n",
    );
    for i in 0..8 {
        s.push_str(para);
        if i == 2 {
            s.push_str(" (SANITÀ, TUTTI GLI AGGIORNAMENTI IN DIRETTA)");
        }
        s.push_str("\n\n");
    }
    s.push_str("LE ULTIME NOTIZIE\n\nMaltempo, allerta gialla in tre province\nPiogge intense sono attese da domani su tutto il versante...\nRead More\n\n(con fonte ANSA)\n\nDi Tendenza/Trending\n");
    s
}

fn html_fixture() -> String {
    let mut s = String::from(
        "<html><head><title>Riforma</title><meta property=\"og:site_name\" content=\"Il Giornale di Prova\"></head><body><nav><a href=\"/\">Home</a> <a href=\"/x\">Cronaca</a></nav><article><h1>Riforma della sanità</h1>",
    );
    for _ in 0..10 {
        s.push_str("<p>Il consiglio regionale ha approvato nella notte la riforma della sanità territoriale con 31 voti favorevoli, dopo una seduta di undici ore segnata dall'ostruzionismo delle opposizioni.</p>");
    }
    s.push_str("</article><aside><h3>Leggi anche</h3><ul><li><a href=\"/a\">Altro</a></li></ul></aside><footer>© Il Giornale di Prova</footer></body></html>");
    s
}

fn bench(c: &mut Criterion) {
    let t = Templates::default();
    let text = doc(Body::Text(text_fixture()));
    let html = doc(Body::Html(html_fixture().into_bytes()));
    let mut g = c.benchmark_group("clean");
    g.throughput(Throughput::Elements(1));
    g.bench_function("text_doc", |b| b.iter(|| clean(black_box(&text), &t)));
    g.bench_function("html_page", |b| b.iter(|| clean(black_box(&html), &t)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
