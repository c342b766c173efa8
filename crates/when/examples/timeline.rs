//! Prints the timeline of articles read as JSON lines from stdin (`{"id", "date", "lang", "text"}`), one
//! JSON entry a line: `timeline [--refine] < articles.jsonl`. With `--refine`, missing or coarse dates are
//! first inferred from the articles as one story.

use rassegna_model::Article;
use std::io::BufRead;

#[derive(serde::Deserialize)]
struct Input {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    lang: Option<String>,
    text: String,
}

fn main() {
    let mut articles = Vec::new();
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.expect("read stdin");
        if line.trim().is_empty() {
            continue;
        }
        let inp: Input = serde_json::from_str(&line).expect("a JSON object per line");
        let published = inp.date.as_deref().and_then(|d| d.parse().ok());
        let lang = inp.lang.or_else(|| Some("it".into()));
        articles.push(Article {
            id: inp.id.unwrap_or_else(|| format!("line{}", i + 1)),
            source: format!("stdin:{}", i + 1),
            dates: rassegna_when::tag(&inp.text, lang.as_deref(), published),
            lang,
            published,
            text: inp.text,
            ..Article::default()
        });
    }
    if std::env::args().any(|a| a == "--refine") {
        rassegna_when::refine_story_dates(&mut articles);
        for a in &articles {
            eprintln!("{}\t{:?}\tinferred={}", a.id, a.published.map(|d| d.to_string()), a.published_inferred);
        }
    }
    for e in rassegna_when::timeline(&articles) {
        println!("{}", serde_json::to_string(&e).expect("serialise"));
    }
}
