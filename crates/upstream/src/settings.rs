//! The settings of each upstream product as an operator writes them (`[cim]`, `[token_server]`
//! in the settings file, `CS__CIM__*`, `CS__TOKEN_SERVER__*` in the environment), checked, and
//! turned into client configuration.

use std::time::Duration;

use cs_clock::Clock;
use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

use crate::cim::{CimApis, CimClient, SearchStrategies};
use crate::config::{DEFAULT_MAX_RESPONSE_BYTES, GuardLimits, UpstreamConfig};
use crate::error::BuildError;
use crate::token_server::{TokenServerApis, TokenServerClient};

/// One API's own connection, where it differs from its product's (the vendor configures each API
/// with its own base URI and credentials, ONEGINI-APIS §8): any key left out is the product's.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ApiConnection {
    /// The product root this API is reached at (`/api/...` is appended as for the product).
    pub base_url: Option<Url>,
    /// HTTP Basic user of this API.
    pub username: Option<String>,
    /// HTTP Basic password of this API. A secret: never logged or printed.
    pub password: Option<SecretString>,
}

/// A setting that cannot be used; the text names its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

/// Declares the settings of one upstream product: the connection keys every upstream has, then
/// keys of its own, all in one section. (Spelt out rather than a flattened struct: serde cannot
/// refuse unknown keys through `#[serde(flatten)]`, and figment would no longer name the key of a
/// bad value.)
macro_rules! upstream_settings {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: $ty:ty = $default:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(default, deny_unknown_fields)]
        pub struct $name {
            /// Base URL: the IdP root for CIM, the `/oauth` root for the Token Server.
            pub base_url: Option<Url>,
            /// HTTP Basic user (API client id).
            pub username: Option<String>,
            /// HTTP Basic password (API client secret). A secret: never logged or printed.
            pub password: Option<SecretString>,
            /// Milliseconds allowed to connect.
            pub connect_timeout_ms: u64,
            /// Milliseconds allowed for a whole call, body included.
            pub request_timeout_ms: u64,
            /// Largest response body accepted, in bytes.
            pub max_response_bytes: usize,
            /// Calls in flight to this upstream at once; more fail at once instead of piling up.
            pub max_in_flight: usize,
            /// Consecutive timeouts or unavailable answers of one API that open its circuit
            /// (0: never).
            pub breaker_failures: u32,
            /// Milliseconds an open circuit fails calls at once before one is tried again.
            pub breaker_cooldown_ms: u64,
            /// Allows a plain-http `base_url` that is not loopback, where the Basic credentials
            /// travel in clear text (`serve` refuses it otherwise). Never in production.
            pub allow_http: bool,
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl Default for $name {
            fn default() -> Self {
                let guard = GuardLimits::default();
                $name {
                    base_url: None,
                    username: None,
                    password: None,
                    connect_timeout_ms: 2_000,
                    request_timeout_ms: 5_000,
                    max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
                    max_in_flight: guard.max_in_flight,
                    breaker_failures: guard.breaker_failures,
                    breaker_cooldown_ms: u64::try_from(guard.breaker_cooldown.as_millis())
                        .unwrap_or(u64::MAX),
                    allow_http: false,
                    $( $field: $default, )*
                }
            }
        }

        impl $name {
            /// Checks the connection keys, naming the first unusable one under `section`.
            fn check_connection(&self, section: &str) -> Result<(), SettingsError> {
                let missing = |key: &str| {
                    SettingsError(format!(
                        "{section}.{key} is required (environment variable CS__{}__{})",
                        section.to_uppercase(),
                        key.to_uppercase()
                    ))
                };
                let url = self.base_url.as_ref().ok_or_else(|| missing("base_url"))?;
                check_url(&format!("{section}.base_url"), url)?;
                self.username
                    .as_ref()
                    .filter(|u| !u.is_empty())
                    .ok_or_else(|| missing("username"))?;
                self.password.as_ref().ok_or_else(|| missing("password"))?;
                for (key, value) in [
                    ("connect_timeout_ms", self.connect_timeout_ms),
                    ("request_timeout_ms", self.request_timeout_ms),
                    ("max_response_bytes", self.max_response_bytes as u64),
                    ("max_in_flight", self.max_in_flight as u64),
                ] {
                    positive(&format!("{section}.{key}"), value)?;
                }
                Ok(())
            }

            /// Refuses credentials in clear text: a plain-http `base_url` off loopback, unless
            /// `allow_http` says so.
            fn check_transport(&self, section: &str) -> Result<(), SettingsError> {
                let Some(url) = &self.base_url else {
                    return Ok(());
                };
                if url.scheme() != "http" || self.allow_http || is_loopback(url) {
                    return Ok(());
                }
                Err(SettingsError(format!(
                    "{section}.base_url uses plain http to a host that is not loopback, so the API \
                     credentials would travel in clear text: use https, or set \
                     {section}.allow_http = true (CS__{}__ALLOW_HTTP) on a network you trust",
                    section.to_uppercase()
                )))
            }

            /// The client configuration of the connection keys, its breaker reading `clock`.
            fn connection(
                &self,
                section: &str,
                clock: &Clock,
            ) -> Result<UpstreamConfig, SettingsError> {
                self.check_connection(section)?;
                let (Some(url), Some(username), Some(password)) =
                    (&self.base_url, &self.username, &self.password)
                else {
                    return Err(SettingsError(format!("{section} is incomplete")));
                };
                let mut config =
                    UpstreamConfig::new(url.clone(), username.clone(), password.clone());
                config.connect_timeout = Duration::from_millis(self.connect_timeout_ms);
                config.request_timeout = Duration::from_millis(self.request_timeout_ms);
                config.max_response_bytes = self.max_response_bytes;
                config.guard = GuardLimits {
                    max_in_flight: self.max_in_flight,
                    breaker_failures: self.breaker_failures,
                    breaker_cooldown: Duration::from_millis(self.breaker_cooldown_ms),
                };
                config.clock = clock.clone();
                Ok(config)
            }

            /// The client configuration of one API: the product's, with `api`'s own keys.
            fn api(
                &self,
                section: &str,
                key: &str,
                api: &ApiConnection,
                clock: &Clock,
            ) -> Result<UpstreamConfig, SettingsError> {
                let mut config = self.connection(section, clock)?;
                if let Some(url) = &api.base_url {
                    check_url(&format!("{section}.{key}.base_url"), url)?;
                    if url.scheme() == "http" && !self.allow_http && !is_loopback(url) {
                        return Err(SettingsError(format!(
                            "{section}.{key}.base_url uses plain http to a host that is not \
                             loopback: use https, or set {section}.allow_http = true"
                        )));
                    }
                    config.base_url = url.clone();
                }
                if let Some(username) = api.username.as_ref().filter(|u| !u.is_empty()) {
                    config.username = username.clone();
                }
                if let Some(password) = &api.password {
                    config.password = password.clone();
                }
                Ok(config)
            }
        }
    };
}

/// An http or https URL that can take paths.
fn check_url(key: &str, url: &Url) -> Result<(), SettingsError> {
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(SettingsError(format!("{key} must be an http or https URL")));
    }
    Ok(())
}

/// Whether `url` names this machine (`localhost` or a loopback address).
fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn positive(key: &str, value: u64) -> Result<(), SettingsError> {
    if value == 0 {
        return Err(SettingsError(format!("{key} must be greater than 0")));
    }
    Ok(())
}

upstream_settings! {
    /// Onegini CIM: the Person, Events and Configuration APIs (section `cim`).
    pub struct CimSettings {
        /// Persons partition (`X-Onegini-Persons-Partition-Id`), where partitioning is on.
        pub partition_id: Option<String> = None,
        /// The most persons one search returns (the vendor's `max results`).
        pub search_max_results: u32 = 50,
        /// Events per page read from the Events API (1 to 1000).
        pub events_page_size: u32 = 50,
        /// How persons are found by e-mail address: `"migration-status"` (documented),
        /// `"person-search"` (ours), or a list tried in turn where CIM has no such operation.
        pub search: SearchStrategies = SearchStrategies::default(),
        /// The Person API's own connection, where it differs (`[cim.persons_api]`).
        pub persons_api: ApiConnection = ApiConnection::default(),
        /// The Events API's own connection, where it differs (`[cim.events_api]`).
        pub events_api: ApiConnection = ApiConnection::default(),
        /// The Configuration API's own connection, where it differs (`[cim.configuration_api]`).
        pub configuration_api: ApiConnection = ApiConnection::default(),
    }
}

upstream_settings! {
    /// The Onegini Token Server: the end-user and events APIs (section `token_server`).
    pub struct TokenServerSettings {
        /// The end-user API's own connection, where it differs (`[token_server.end_user_api]`).
        pub end_user_api: ApiConnection = ApiConnection::default(),
        /// The events API's own connection, where it differs (`[token_server.events_api]`).
        pub events_api: ApiConnection = ApiConnection::default(),
        /// The Mobile Authentication API's own connection, where it differs
        /// (`[token_server.mobile_authentication_api]`; used to verify a caller by push).
        pub mobile_authentication_api: ApiConnection = ApiConnection::default(),
    }
}

impl CimSettings {
    /// Checks every key, naming the first unusable one.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.check_connection("cim")?;
        positive("cim.search_max_results", u64::from(self.search_max_results))?;
        if !(1..=1000).contains(&self.events_page_size) {
            return Err(SettingsError(
                "cim.events_page_size must be between 1 and 1000".into(),
            ));
        }
        Ok(())
    }

    /// What `serve` refuses unless explicitly allowed: credentials in clear text.
    pub fn check_safe(&self) -> Result<(), SettingsError> {
        self.check_transport("cim")
    }

    /// The CIM client these settings describe, its breaker reading `clock`.
    pub fn client(&self, clock: &Clock) -> Result<CimClient, ClientError> {
        self.validate()?;
        let apis = CimApis {
            persons: self.api("cim", "persons_api", &self.persons_api, clock)?,
            events: self.api("cim", "events_api", &self.events_api, clock)?,
            configuration: self.api("cim", "configuration_api", &self.configuration_api, clock)?,
        };
        let client = CimClient::with_apis(apis, self.partition_id.clone())?;
        Ok(client
            .with_limits(self.search_max_results, self.events_page_size)
            .with_search(&self.search))
    }
}

impl TokenServerSettings {
    /// Checks every key, naming the first unusable one.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.check_connection("token_server")
    }

    /// What `serve` refuses unless explicitly allowed: credentials in clear text.
    pub fn check_safe(&self) -> Result<(), SettingsError> {
        self.check_transport("token_server")
    }

    /// The Token Server client these settings describe, its breaker reading `clock`.
    pub fn client(&self, clock: &Clock) -> Result<TokenServerClient, ClientError> {
        let section = "token_server";
        Ok(TokenServerClient::with_apis(TokenServerApis {
            end_user: self.api(section, "end_user_api", &self.end_user_api, clock)?,
            events: self.api(section, "events_api", &self.events_api, clock)?,
            mobile_authentication: self.api(
                section,
                "mobile_authentication_api",
                &self.mobile_authentication_api,
                clock,
            )?,
        })?)
    }
}

/// A client could not be built from settings.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    /// A setting is unusable.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// The client refused its configuration.
    #[error("invalid upstream configuration: {0}")]
    Build(#[from] BuildError),
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn cim() -> CimSettings {
        CimSettings {
            base_url: Some("http://127.0.0.1:7979".parse().unwrap()),
            username: Some("person_api_user".into()),
            password: Some(SecretString::from("secret")),
            ..CimSettings::default()
        }
    }

    #[test]
    fn missing_and_unusable_keys_are_named() {
        let error = TokenServerSettings::default().validate().unwrap_err();
        assert!(
            error.to_string().contains("CS__TOKEN_SERVER__BASE_URL"),
            "{error}"
        );
        let mut settings = cim();
        settings.events_page_size = 1001;
        assert!(
            settings
                .validate()
                .unwrap_err()
                .to_string()
                .contains("cim.events_page_size")
        );
        let mut settings = cim();
        settings.request_timeout_ms = 0;
        assert!(
            settings
                .validate()
                .unwrap_err()
                .to_string()
                .contains("cim.request_timeout_ms")
        );
    }

    #[test]
    fn plain_http_off_loopback_is_refused_unless_allowed() {
        for ok in [
            "http://127.0.0.1:7979",
            "http://localhost:7979",
            "https://idp.example.com",
        ] {
            let mut settings = cim();
            settings.base_url = Some(ok.parse().unwrap());
            assert!(settings.check_safe().is_ok(), "{ok}");
        }
        let mut settings = cim();
        settings.base_url = Some("http://idp.example.com".parse().unwrap());
        let error = settings.check_safe().unwrap_err().to_string();
        assert!(error.contains("cim.allow_http"), "{error}");
        settings.allow_http = true;
        assert!(settings.check_safe().is_ok());
    }

    #[test]
    fn a_client_carries_its_limits() {
        let mut settings = cim();
        settings.search_max_results = 7;
        settings.events_page_size = 25;
        let client = settings.client(&Clock::system()).unwrap();
        assert_eq!(client.search_max_results(), 7);
        assert_eq!(client.events_page_size(), 25);
    }
}
