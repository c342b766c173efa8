//! Template for a new language: copy this file to `src/<code>.rs`, fill every field, and register it
//! (see `README.md`). Compiled only for the tests, which check it like the real tables.

use crate::Tables;

pub static TABLES: Tables = Tables {
    // ISO 639-1 code of the language, as `rassegna_text::detect_language` returns it.
    code: "xx",
    // The twelve month names, January first, folded (lowercase, no accents): "gennaio", "febbraio", ...
    months: ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10", "m11", "m12"],
    // Abbreviations and other spellings of month names with their month (1 = January), written without
    // the final dot: ("gen", 1), ("sett", 9). List a month's usual short form first; leave out a month
    // that has none.
    month_abbreviations: &[("m1x", 1)],
    // The seven weekday names, Monday first, folded: "lunedi", ...
    weekdays: ["d1", "d2", "d3", "d4", "d5", "d6", "d7"],
    // Weekday abbreviations with their weekday (1 = Monday), as in page stamps ("mon", "tues"); may be empty.
    weekday_abbreviations: &[("d1x", 1)],
    // Number words that name a number alone, with their value: units and teens written as one word, then
    // the tens ("uno" 1 ... "diciannove" 19, "venti" 20 ... "novanta" 90). No inflected forms ("una"),
    // articles, hundreds or thousands: the stages list those themselves.
    numbers: &[("n1", 1), ("n20", 20)],
};
