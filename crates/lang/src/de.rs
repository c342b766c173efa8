//! German.

use crate::Tables;

pub static TABLES: Tables = Tables {
    code: "de",
    months: [
        "januar",
        "februar",
        "marz",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "dezember",
    ],
    month_abbreviations: &[
        ("jan", 1),
        ("janner", 1),
        ("feb", 2),
        ("apr", 4),
        ("aug", 8),
        ("sept", 9),
        ("okt", 10),
        ("nov", 11),
        ("dez", 12),
    ],
    weekdays: ["montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag"],
    weekday_abbreviations: &[],
    // No stage reads German number words yet.
    numbers: &[],
};
