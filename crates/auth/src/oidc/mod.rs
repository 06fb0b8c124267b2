//! Single sign-on by OpenID Connect: the authorization code flow with PKCE S256, state and
//! nonce, the ID token verified against the provider's JWKS, and the agent's authorities read
//! from a configurable claim. The client side is the `openidconnect` crate over our own reqwest
//! client ([`http`]: no redirects, bounded time and size).
//!
//! [`OidcClient::discover`] runs at start; [`OidcClient::begin`] gives the URL to send the
//! browser to and a [`PendingLogin`] to keep in the pre-login session ([`store`]);
//! [`OidcClient::complete`] takes it back ([`take`]: once only) with the callback's parameters
//! and answers with the agent, or an [`SsoError`] whose code the login page shows.

mod claims;
mod client;
mod flow;
pub mod http;
mod settings;

pub use claims::{ExtraClaims, SsoIdentity};
pub use client::{Callback, OidcClient, OidcStartError, SsoLogin};
pub use flow::{FlowStoreError, PendingLogin, SsoError, safe_return_to, store, take};
pub use settings::{OidcConfigError, OidcSettings};
