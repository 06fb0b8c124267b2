//! Client for the Onegini Token Server APIs: end-user devices (v4) and events (v1).

mod devices;
mod events;
mod platform;

use std::fmt;
use std::sync::Arc;

use url::Url;

use crate::config::UpstreamConfig;
use crate::error::BuildError;
use crate::http::HttpClient;

pub use devices::Device;
pub use events::{TsEvent, TsEventsPage, TsEventsQuery, TsPagination};
pub use platform::Platform;

/// Typed client for the Token Server. Cloning is cheap and shares one connection pool.
#[derive(Clone)]
pub struct TokenServerClient {
    inner: Arc<HttpClient>,
}

impl TokenServerClient {
    /// Builds the client; `config.base_url` is the OAuth root, e.g. `https://ts.example.com/oauth`.
    pub fn new(config: UpstreamConfig) -> Result<Self, BuildError> {
        Ok(TokenServerClient {
            inner: Arc::new(HttpClient::new(config)?),
        })
    }

    /// The base URL calls are made against (credentials removed).
    pub fn base_url(&self) -> &Url {
        self.inner.base()
    }

    /// The API client id calls are made as: the Token Server records it as the actor of every
    /// change made through this client.
    pub fn api_client(&self) -> &str {
        self.inner.username()
    }

    fn http(&self) -> &HttpClient {
        &self.inner
    }
}

impl fmt::Debug for TokenServerClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenServerClient")
            .field("base_url", &self.base_url().as_str())
            .finish_non_exhaustive()
    }
}
