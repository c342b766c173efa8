//! Evaluation commands (`rassegna eval ...`): each module scores one stage on a development set in
//! the formats of `../shared/eval/`, with that collection's published scoring rules, and prints a
//! table. EVALUATION.md records the figures with the commands that produce them.

pub mod cluster;
pub mod clutter;
pub mod extract;
pub mod ner;
pub mod quotes;
pub mod time;
