#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Black-box tests of onegini-sim: a real simulator on port 0, spoken to over HTTP.

mod auth;
mod change_events;
mod cim;
mod concurrency;
mod control;
mod determinism;
mod devices;
mod event_variants;
mod faults;
mod helpers;
mod migration;
mod mobile_auth;
mod oidc;
mod phone;
mod push;
mod robustness;
mod ts_events;
