//! Throughput of `annotate` (entities + quotes) on invented Italian and English news text, one core.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const IT: &str = "ROMA – Il presidente argentino Tomás Echeverría ha incontrato ieri a Palazzo Chigi il premier \
canadese Paul Tremblay. “È un patto veramente storico per i nostri popoli”, ha detto Echeverría ai giornalisti, \
secondo l'agenzia Ansa. Il signor Tremblay ha assicurato che l'intesa è “equa”. Ha aggiunto: “Il Canada farà la \
sua parte senza esitare”. Secondo il ministero degli Esteri, il governo tedesco e la Commissione europea \
seguiranno il dossier a Bruxelles nelle prossime settimane, mentre la polizia locale ha chiuso piazza Venezia.\n";

const EN: &str = "WASHINGTON — \"We will not hesitate,\" Paul Tremblay, the Canadian prime minister, told reporters \
on Tuesday. Argentine President Tomás Echeverría called the deal \"a truly historic pact for our peoples,\" \
according to Reuters. \"It's a good day,\" said Rep. Jane Q. Miller (D-Ore.), who chairs the committee. She added: \
\"The White House and the State Department will follow up in Ottawa and Buenos Aires.\"\n";

fn corpus(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
        s.push('\n');
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("annotate");
    for (name, unit, lang) in [("it", IT, "it"), ("en", EN, "en")] {
        // Documents of about 4 KB, like a news article.
        let doc = corpus(unit, 4096);
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_function(name, |b| b.iter(|| rassegna_who::annotate(black_box(&doc), Some(lang))));
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
