fn main() {
    let lang = std::env::args().nth(1).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).unwrap();
    let (ents, quotes) = rassegna_who::annotate(&text, Some(&lang));
    for e in &ents {
        println!(
            "ENT {:?} {:?} role={:?} mentions={:?}",
            e.name,
            e.kind,
            e.role,
            e.mentions.iter().map(|m| &text[m.start..m.end]).collect::<Vec<_>>()
        );
    }
    for q in &quotes {
        println!(
            "Q {:?} speaker={:?} mention={:?}",
            &q.text.chars().take(30).collect::<String>(),
            q.speaker,
            q.speaker_mention.as_ref().map(|m| &text[m.start..m.end])
        );
    }
}
