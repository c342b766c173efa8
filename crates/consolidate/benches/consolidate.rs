//! Benchmark: consolidating a 50-report story.
fn main() {}
