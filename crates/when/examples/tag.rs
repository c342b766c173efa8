//! Prints the time expressions of a text read from stdin: `tag [LANG] [ANCHOR] < text`.

use std::io::Read;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let lang = args.get(1).map(String::as_str);
    let anchor = args.get(2).and_then(|a| a.parse().ok());
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).expect("read stdin");
    for m in rassegna_when::tag(&text, lang, anchor) {
        println!("{}..{}\t{}\t{}\t{}", m.start, m.end, m.kind, m.value, m.text);
    }
    if let Some((d, c)) = rassegna_when::infer_published(&text, lang) {
        println!("published? {d} ({c:.2})");
    }
}
