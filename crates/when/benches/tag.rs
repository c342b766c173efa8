//! Tagging throughput (MB/s) on hand-written Italian and English news text.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const IT: &str = "ROMA, 14 marzo 2025 – Il consiglio dei ministri ha approvato quest'oggi il decreto sui porti, \
atteso da 24 anni. I lavori erano iniziati nel febbraio 2022 e lo scorso ottobre la commissione aveva dato il \
via libera; l'8 novembre il Senato aveva votato il testo. Ieri sera i sindacati hanno protestato davanti al \
ministero, mercoledì la giunta regionale si era riunita e la settimana scorsa era arrivato il parere del \
Consiglio di Stato. Tra tre giorni riaprirà il mercato del pesce, mentre lunedì prossimo partiranno i \
traghetti per le isole. Nel 2000 il porto era stato chiuso per un'alluvione durata tre settimane, e negli \
ultimi dieci anni il traffico è cresciuto del 40%, con 2 milioni di passeggeri l'anno.\n";

const EN: &str = "LISBON (Harbour Wire) - April 3, 2025 - The ferry operator said on Tuesday it had run the \
route for three weeks in March. Two years ago the line closed, and last week regulators approved a new \
timetable. Fares rose 4% this year and are expected to rise again next month; the company pays $2 million a \
year in fees. The 58-year-old captain retired yesterday. From 2019 to 2021 traffic fell, and the firm will \
report results on Friday morning at 10:30 GMT, its first results in the past decade.\n";

fn corpus(unit: &str) -> String {
    unit.repeat(64 * 1024 / unit.len() + 1)
}

fn bench(c: &mut Criterion) {
    let anchor = Some("2025-03-14".parse().expect("date"));
    let mut g = c.benchmark_group("tag");
    for (lang, unit) in [("it", IT), ("en", EN)] {
        let text = corpus(unit);
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(lang, |b| b.iter(|| rassegna_when::tag(black_box(&text), Some(lang), anchor)));
    }
    g.finish();
    let text = corpus(IT);
    let mut g = c.benchmark_group("infer_published");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("it", |b| b.iter(|| rassegna_when::infer_published(black_box(&text), Some("it"))));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
