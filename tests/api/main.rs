//! Black-box tests of the Customer Service API: the real server on port 0, talking HTTP to
//! wiremock upstreams (and, in `journey`, to onegini-sim). One binary keeps link times short.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod agent_events;
mod audit_export;
mod auth;
mod bulk_delete;
mod concurrency;
mod conformance;
mod delete;
mod device_actions;
mod devices;
mod edge;
mod events;
mod faults;
mod fixtures;
mod hardening;
mod health;
mod helpers;
mod journey;
mod oidc;
mod openapi;
mod outage;
mod problems;
mod profile;
mod proxy;
mod search;
mod settings;
mod sim_variants;
mod spa;
mod user_sessions;
mod verify_caller;
