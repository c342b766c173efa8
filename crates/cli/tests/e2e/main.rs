//! End-to-end tests of the `rassegna` binary: one test binary, modules per topic.

mod util;

mod bad_input;
mod contract;
mod corpus;
mod entities;
mod feeds;
mod follow;
mod kafka;
mod seeds;
mod store;
