//! Scratch PostgreSQL databases, for the tests that run on both backends and for try-outs.

use crate::{Result, StoreError};

/// The variable that names the PostgreSQL server tests may use (a URL such as
/// `postgres://postgres@127.0.0.1:55432/postgres`; its user must be able to create databases).
pub const TEST_SERVER: &str = "RASSEGNA_TEST_POSTGRES";

/// A new, empty database for the test `tag` on the server named by [`TEST_SERVER`]. Without that
/// variable the PostgreSQL half of a test is skipped with a message, except on CI (`CI=true`),
/// where a missing server fails the test.
pub fn test_database(tag: &str) -> Option<String> {
    let Ok(server) = std::env::var(TEST_SERVER) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but {TEST_SERVER} is not set: the PostgreSQL tests cannot run (.ci/run starts a server)"
        );
        eprintln!("skipping the PostgreSQL run of {tag}: set {TEST_SERVER} to a server's URL");
        return None;
    };
    Some(fresh_database(&server, tag).unwrap_or_else(|e| panic!("{TEST_SERVER}={}: {e}", crate::redact(&server))))
}

/// Create (dropping any older one) the database `rassegna_<name>` on the server at `server`, and
/// return its URL.
pub fn fresh_database(server: &str, name: &str) -> Result<String> {
    let mut db: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    db.insert_str(0, "rassegna_");
    db.truncate(63);
    let err = |e| StoreError::Postgres { path: crate::redact(server), source: e };
    let mut admin = postgres::Client::connect(server, postgres::NoTls).map_err(err)?;
    // Two statements: CREATE DATABASE cannot share a transaction with anything.
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")).map_err(err)?;
    admin.batch_execute(&format!("CREATE DATABASE {db}")).map_err(err)?;
    Ok(with_database(server, &db))
}

/// `url` naming database `db` instead of its own.
fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let host_end = base[scheme_end..].find('/').map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{db}", &base[..host_end]);
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_is_pointed_at_another_database() {
        assert_eq!(super::with_database("postgres://u@h:5/postgres", "x"), "postgres://u@h:5/x");
        assert_eq!(super::with_database("postgres://u@h?sslmode=disable", "x"), "postgres://u@h/x?sslmode=disable");
        assert_eq!(crate::redact("postgres://u:secret@h:5/db"), "postgres://u@h:5/db");
        assert_eq!(crate::redact("postgres://h/db"), "postgres://h/db");
    }
}
