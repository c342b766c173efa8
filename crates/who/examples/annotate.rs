//! Print the entities and quotes `annotate` finds in text files: `cargo run --example annotate FILE...`.

fn main() {
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable file");
        let lang = std::env::var("WHO_LANG").ok();
        let (entities, quotes) = rassegna_who::annotate(&text, lang.as_deref());
        println!("== {path}");
        for e in &entities {
            let ms: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
            println!("{:?} {} role={:?} {:?}", e.kind, e.name, e.role, ms);
        }
        for q in &quotes {
            println!(
                "Q [{}] cue={:?} by={:?} ({:?})",
                q.text,
                q.cue,
                q.speaker,
                q.speaker_mention.as_ref().map(|m| m.text.as_str())
            );
        }
    }
}
