//! TIMEX3 value notation shared by the tagger (the period of a set) and the resolver (durations).

use crate::lang::Unit;

fn num(n: f64) -> String {
    if n.fract() == 0.0 { format!("{}", n as i64) } else { format!("{n}") }
}

/// The value of a duration of `n` units (`P3Y`, `PT30M`, `PXY` when vague).
pub fn duration(unit: Unit, n: Option<f64>) -> String {
    let (scale, code, time) = match unit {
        Unit::Second => (1.0, "S", true),
        Unit::Minute => (1.0, "M", true),
        Unit::Hour => (1.0, "H", true),
        Unit::Day => (1.0, "D", false),
        Unit::Weekend => (1.0, "WE", false),
        Unit::Week => (1.0, "W", false),
        Unit::Month => (1.0, "M", false),
        Unit::Quarter => (3.0, "M", false),
        Unit::Year => (1.0, "Y", false),
        Unit::Decade => (10.0, "Y", false),
        Unit::Century => (100.0, "Y", false),
    };
    let amount = match (n, unit) {
        (Some(n), _) => num(n * scale),
        (None, Unit::Decade) => return "PXY".into(),
        (None, Unit::Century) => return "PXCE".into(),
        (None, _) => "X".into(),
    };
    format!("P{}{amount}{code}", if time { "T" } else { "" })
}
