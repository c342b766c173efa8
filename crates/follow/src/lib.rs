//! Following sources.
