//! Bearer JWT verification and signing keys, end to end: tokens are minted with real keys and
//! the JWKS is served by wiremock over a real socket.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod attacks;
mod helpers;
mod jwks_cache;
mod keys;
mod malformed;
mod settings;
mod valid_tokens;
