//! Helpers for the end-to-end tests: run the `rassegna` binary, read the contract files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rassegna"))
}

/// The repository root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// Run `rassegna --db DB run ARGS... --out OUT` and return its output.
pub fn run(db: &Path, out: &Path, args: &[&str]) -> Output {
    bin()
        .arg("--db")
        .arg(db)
        .arg("run")
        .args(args)
        .arg("--out")
        .arg(out)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The JSON lines of a contract file.
pub fn lines(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

/// The article line with this id.
pub fn article<'a>(articles: &'a [serde_json::Value], id: &str) -> &'a serde_json::Value {
    articles.iter().find(|a| a["id"] == id).unwrap_or_else(|| panic!("no article {id}"))
}

/// The stores a test runs on: a SQLite file in `dir`, and a new PostgreSQL database when
/// `RASSEGNA_TEST_POSTGRES` names a server (skipped with a message otherwise; required on CI).
pub fn stores(tag: &str, dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![dir.join(format!("{tag}.db"))];
    out.extend(rassegna_store::scratch::test_database(&format!("e2e_{tag}")).map(PathBuf::from));
    out
}
