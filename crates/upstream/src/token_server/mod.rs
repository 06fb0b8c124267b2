//! Client for the Onegini Token Server APIs: end-user devices (v4), events (v1) and mobile
//! authentication (v4).

mod devices;
mod events;
mod mobile_auth;
mod platform;
mod sessions;

use std::fmt;
use std::sync::Arc;

use url::Url;

use crate::config::UpstreamConfig;
use crate::error::BuildError;
use crate::http::HttpClient;

pub use devices::Device;
pub use events::{TsEvent, TsEventsPage, TsEventsQuery, TsPagination};
pub use mobile_auth::{MobileAuthType, StartedTransaction, TransactionStatus};
pub use platform::Platform;
pub use sessions::TsSession;

/// Typed client for the Token Server. Cloning is cheap and shares the connections.
#[derive(Clone)]
pub struct TokenServerClient {
    inner: Arc<Inner>,
}

/// The connection of each Token Server API, each with the credentials of an API client granted
/// that API (ONEGINI-APIS §1, §2, §8).
pub struct TokenServerApis {
    /// The end-user API (devices, sessions).
    pub end_user: UpstreamConfig,
    /// The events API.
    pub events: UpstreamConfig,
    /// The Mobile Authentication API (verifying a caller by push).
    pub mobile_authentication: UpstreamConfig,
}

struct Inner {
    end_user: HttpClient,
    events: HttpClient,
    mobile_auth: HttpClient,
}

impl TokenServerClient {
    /// Builds the client with one connection for every API; `config.base_url` is the OAuth
    /// root, e.g. `https://ts.example.com/oauth`.
    pub fn new(config: UpstreamConfig) -> Result<Self, BuildError> {
        Self::with_apis(TokenServerApis {
            end_user: config.clone(),
            events: config.clone(),
            mobile_authentication: config,
        })
    }

    /// Builds the client with a connection of its own per API.
    pub fn with_apis(apis: TokenServerApis) -> Result<Self, BuildError> {
        Ok(TokenServerClient {
            inner: Arc::new(Inner {
                end_user: HttpClient::new(apis.end_user)?.with_form_encoded_credentials(),
                events: HttpClient::new(apis.events)?.with_form_encoded_credentials(),
                mobile_auth: HttpClient::new(apis.mobile_authentication)?
                    .with_form_encoded_credentials(),
            }),
        })
    }

    /// The base URL end-user API calls are made against (credentials removed).
    pub fn base_url(&self) -> &Url {
        self.inner.end_user.base()
    }

    /// The API client id calls are made as: the Token Server records it as the actor of every
    /// change made through this client.
    pub fn api_client(&self) -> &str {
        self.inner.end_user.username()
    }

    fn end_user(&self) -> &HttpClient {
        &self.inner.end_user
    }

    /// The API client id mobile authentications are started as: the Token Server records it as
    /// the actor of their events.
    pub fn mobile_auth_client(&self) -> &str {
        self.inner.mobile_auth.username()
    }

    fn events_api(&self) -> &HttpClient {
        &self.inner.events
    }

    fn mobile_auth(&self) -> &HttpClient {
        &self.inner.mobile_auth
    }
}

/// The first of `names` that `item` holds as text (a number counts): the Token Server's
/// undocumented objects are read by whichever name they turn out to use.
fn text(item: &serde_json::Value, names: &[&str]) -> Option<String> {
    use serde_json::Value;
    names.iter().find_map(|name| match item.get(*name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

impl fmt::Debug for TokenServerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenServerClient")
            .field("base_url", &self.base_url().as_str())
            .finish_non_exhaustive()
    }
}
