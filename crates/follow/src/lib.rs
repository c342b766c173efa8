//! Following sources.
pub mod canon;
pub mod fetch;
pub mod parse;
pub mod sources;
