//! Single sign-on by OpenID Connect: the authorization code flow with PKCE S256, state and
//! nonce, the ID token verified against the provider's JWKS, and the agent's authorities read
//! from a configurable claim. The client side is the `openidconnect` crate over our own reqwest
//! client ([`http`]: no redirects, bounded time and size).
//!
//! [`OidcClient::discover`] runs at start; [`OidcClient::begin`] gives the URL to send the
//! browser to and a [`PendingLogin`] for the server to keep in an encrypted cookie until the
//! callback; [`OidcClient::complete`] takes it back with the callback's parameters and answers
//! with the agent, or an [`SsoError`] whose code the login page shows.

mod claims;
mod client;
mod flow;
pub mod http;
mod settings;

pub use claims::{ExtraClaims, SsoIdentity};
pub use client::{Callback, OidcClient, OidcStartError, SsoLogin};
pub use flow::{PendingLogin, SsoError, safe_return_to};
pub use settings::{OidcConfigError, OidcSettings};
