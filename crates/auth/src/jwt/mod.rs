//! Bearer JWT verification for third-party tooling.
//!
//! [`BearerVerifier::verify`] checks an `Authorization: Bearer` token against keys from
//! configured JWKS URLs and static public keys. The order of checks is the defence: the header
//! is parsed by us first and an algorithm outside the allow-list (`none` and every HMAC always
//! are) is refused before any key is looked at; a key is then chosen by `kid` *and* algorithm,
//! so an RSA key never verifies anything but RS256; only after the signature verifies are
//! `exp`, `nbf`, `iss` and `aud` looked at.

mod claims;
mod error;
mod header;
mod jwks;
mod key_set;
mod settings;
mod verifier;

pub use claims::VerifiedToken;
pub use error::BearerError;
pub use settings::{BearerConfigError, BearerSettings, MAX_LEEWAY_SECS};
pub use verifier::BearerVerifier;
