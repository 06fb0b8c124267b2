//! A small OpenID Connect provider for the seeded agents, so single sign-on can be tried and
//! tested end to end: discovery, an authorization endpoint with a login form, a token endpoint
//! (authorization code with PKCE S256 only), and the JWKS of an RS256 key made at start.
//!
//! | request | answer |
//! |---|---|
//! | `GET /oidc/.well-known/openid-configuration` | the provider metadata; the issuer is `{base_url}/oidc` |
//! | `GET /oidc/jwks` | the public signing key |
//! | `GET /oidc/authorize?...` | the login form; an error page for an unknown client or redirect URI |
//! | `POST /oidc/authorize` | wrong credentials: the form again; else 302 to `redirect_uri?code=&state=` |
//! | `POST /oidc/token` | `{"access_token","token_type","expires_in","id_token"}`, or an RFC 6749 error |
//!
//! One client is registered (`SimSettings::oidc_client_id` and `oidc_client_secret`). Codes
//! work once and for 60 seconds. ID tokens carry `iss`, `sub` (the username), `aud`, `exp`
//! (+5 minutes), `iat`, `auth_time`, `nonce`, `preferred_username`, `name` and `authorities`.
//! These routes are not vendor routes: no HTTP Basic gate, no faults, no request counters.

mod agents;
mod authorize;
mod codes;
mod discovery;
mod keys;
mod pages;
mod params;
mod request;
mod token;

use std::io;
use std::sync::Arc;

use actix_web::web;

use crate::settings::SimSettings;
use codes::Codes;
use keys::ProviderKey;
use request::ClientConfig;

/// The provider's state, shared by all workers.
#[derive(Debug)]
pub(crate) struct OidcProvider {
    issuer: String,
    client: ClientConfig,
    key: Arc<ProviderKey>,
    codes: Codes,
}

impl OidcProvider {
    /// A provider with issuer `{base_url}/oidc` and the client of `settings`.
    pub(crate) async fn start(base_url: &str, settings: &SimSettings) -> io::Result<OidcProvider> {
        Ok(OidcProvider {
            issuer: format!("{base_url}/oidc"),
            client: ClientConfig {
                client_id: settings.oidc_client_id.clone(),
                client_secret: settings.oidc_client_secret.clone(),
                redirect_uris: settings.oidc_redirect_uris.clone(),
            },
            key: keys::process_key().await?,
            codes: Codes::default(),
        })
    }
}

/// Registers the provider's routes; the app must hold a `web::Data<OidcProvider>`.
pub(crate) fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/oidc/.well-known/openid-configuration")
            .route(web::get().to(discovery::configuration)),
    )
    .service(web::resource("/oidc/jwks").route(web::get().to(discovery::jwks)))
    .service(
        web::resource("/oidc/authorize")
            .route(web::get().to(authorize::page))
            .route(web::post().to(authorize::submit)),
    )
    .service(web::resource("/oidc/token").route(web::post().to(token::exchange)));
}
