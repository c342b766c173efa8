//! Sources: see Cargo.toml.
