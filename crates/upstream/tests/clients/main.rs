//! Client tests against wiremock over a real socket: one binary for short link times.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cim_events;
mod configuration;
mod connections;
mod devices;
mod errors;
mod helpers;
mod mobile_auth;
mod persons;
mod raw_server;
mod search;
mod simulator;
mod telemetry;
mod ts_events;
