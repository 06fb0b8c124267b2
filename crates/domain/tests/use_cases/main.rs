//! The use cases of `cs-domain`, called directly: real upstream clients against wiremock, and an
//! in-memory audit trail in place of the database.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod delete;
mod events;
mod support;
