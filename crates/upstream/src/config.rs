//! Connection settings of one upstream.

use std::fmt;
use std::time::Duration;

use cs_clock::Clock;
use secrecy::SecretString;
use url::Url;

/// Default time allowed to open a TCP (and TLS) connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// Default time allowed for a whole call: connect, send, and read the complete body.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// Default cap on a response body: 4 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024;

/// Where an upstream lives and how to authenticate to it.
#[derive(Clone)]
pub struct UpstreamConfig {
    /// Root the API paths are appended to: the IdP root for CIM (`http://host:7979`), the OAuth root
    /// for the Token Server (`http://host:7979/oauth`). A trailing slash is optional.
    pub base_url: Url,
    /// HTTP Basic user: the API client id.
    pub username: String,
    /// HTTP Basic password: the API client secret.
    pub password: SecretString,
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for a whole call, including reading the body, so a trickling body times out too.
    pub request_timeout: Duration,
    /// Larger bodies fail with `InvalidResponse`, read no further than this.
    pub max_response_bytes: usize,
    /// Calls in flight and the circuit breaker.
    pub guard: GuardLimits,
    /// What the circuit breaker reads the time from.
    pub clock: Clock,
}

impl UpstreamConfig {
    /// Settings with default timeouts (connect 2 s, request 5 s), a 4 MiB body cap, default
    /// guard limits and the system clock.
    pub fn new(base_url: Url, username: impl Into<String>, password: SecretString) -> Self {
        UpstreamConfig {
            base_url,
            username: username.into(),
            password,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            guard: GuardLimits::default(),
            clock: Clock::system(),
        }
    }
}

impl fmt::Debug for UpstreamConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut base_url = self.base_url.clone();
        // A password written into the URL is as secret as the configured one.
        let _ = base_url.set_password(None);
        f.debug_struct("UpstreamConfig")
            .field("base_url", &base_url.as_str())
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .field("connect_timeout", &self.connect_timeout)
            .field("request_timeout", &self.request_timeout)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("guard", &self.guard)
            .field("clock", &self.clock)
            .finish()
    }
}

/// The limits of one upstream.
#[derive(Debug, Clone, Copy)]
pub struct GuardLimits {
    /// Calls to this upstream in flight at once; more fail at once as unavailable.
    pub max_in_flight: usize,
    /// Consecutive timeouts or unavailable answers of one API that open its circuit (0: never).
    pub breaker_failures: u32,
    /// How long an open circuit fails calls before one is tried again.
    pub breaker_cooldown: Duration,
}

impl Default for GuardLimits {
    fn default() -> Self {
        GuardLimits {
            max_in_flight: 64,
            breaker_failures: 5,
            breaker_cooldown: Duration::from_secs(5),
        }
    }
}
