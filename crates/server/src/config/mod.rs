//! The one typed configuration: defaults, then a TOML file, then `CS__SECTION__KEY` environment
//! variables (e.g. `CS__CIM__PASSWORD`, `CS__LOG__FORMAT=json`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use cs_domain::{CacheLimits, CacheSettings, DomainSettings};
use cs_upstream::{GuardLimits, UpstreamConfig};
use figment::Figment;
use figment::providers::{Env, Format, Toml};
use secrecy::SecretString;
use serde::Deserialize;
use url::Url;

const MIB: u64 = 1024 * 1024;

/// Everything the server can be told.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// HTTP serving.
    pub server: ServerSettings,
    /// Onegini CIM (Person and Events APIs).
    pub cim: CimSettings,
    /// Onegini Token Server (device and events APIs).
    pub token_server: UpstreamSettings,
    /// Cache capacities and lifetimes.
    pub cache: CacheConfig,
    /// Agents, sessions and the audit database.
    pub auth: AuthSettings,
    /// Bearer JWTs for third-party tooling.
    pub bearer: cs_auth::jwt::BearerSettings,
    /// Single sign-on of agents through an OpenID Connect provider.
    pub oidc: cs_auth::oidc::OidcSettings,
    /// Logging.
    pub log: LogSettings,
}

/// Agents, sessions and the audit database.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// The local agent accounts (TOML); no password logins when absent.
    pub accounts_file: Option<PathBuf>,
    /// The SQLite database of sessions and the audit trail (`CS__AUTH__DATABASE`).
    pub database: PathBuf,
    /// Cookies carry `Secure` and the `__Host-` prefix. Turn off only for plain HTTP on loopback.
    pub secure_cookies: bool,
    /// Key signing and encrypting the session cookie (base64, at least 64 bytes); made once and
    /// kept in the database when absent. Set it when several replicas share sessions.
    pub cookie_key: Option<SecretString>,
    /// Seconds an unused session lives.
    pub session_idle_timeout_secs: u64,
    /// Seconds a session lives after login at most.
    pub session_absolute_timeout_secs: u64,
    /// Failed logins allowed per username per window.
    pub login_failures_per_username: u32,
    /// Failed logins allowed per client address per window.
    pub login_failures_per_address: u32,
    /// The window of the login limits, in seconds.
    pub login_failure_window_secs: u64,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            accounts_file: None,
            database: PathBuf::from("customer-service.db"),
            secure_cookies: true,
            cookie_key: None,
            session_idle_timeout_secs: 30 * 60,
            session_absolute_timeout_secs: 8 * 3600,
            login_failures_per_username: 5,
            login_failures_per_address: 20,
            login_failure_window_secs: 60,
        }
    }
}

/// HTTP serving.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ServerSettings {
    /// Address to listen on (`CS__SERVER__LISTEN`).
    pub listen: SocketAddr,
    /// Worker threads; the number of cores when absent.
    pub workers: Option<usize>,
    /// Seconds in-flight requests get to finish at shutdown.
    pub shutdown_timeout_secs: u64,
    /// Directory of the built SPA (`frontend/dist`); not served when absent.
    pub static_dir: Option<PathBuf>,
}

/// Connection settings of one upstream.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UpstreamSettings {
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
    /// Consecutive timeouts or unavailable answers of one API that open its circuit (0: never).
    pub breaker_failures: u32,
    /// Milliseconds an open circuit fails calls at once before one is tried again.
    pub breaker_cooldown_ms: u64,
}

/// CIM: connection settings plus what is particular to it. (The connection fields are spelt out
/// rather than flattened: serde cannot refuse unknown keys through `flatten`.)
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CimSettings {
    /// The IdP root URL (`CS__CIM__BASE_URL`).
    pub base_url: Option<Url>,
    /// Person API user.
    pub username: Option<String>,
    /// Person API password. A secret: never logged or printed.
    pub password: Option<SecretString>,
    /// Milliseconds allowed to connect.
    pub connect_timeout_ms: u64,
    /// Milliseconds allowed for a whole call, body included.
    pub request_timeout_ms: u64,
    /// Largest response body accepted, in bytes.
    pub max_response_bytes: usize,
    /// Calls in flight to this upstream at once; more fail at once instead of piling up.
    pub max_in_flight: usize,
    /// Consecutive timeouts or unavailable answers of one API that open its circuit (0: never).
    pub breaker_failures: u32,
    /// Milliseconds an open circuit fails calls at once before one is tried again.
    pub breaker_cooldown_ms: u64,
    /// Persons partition (`X-Onegini-Persons-Partition-Id`), where partitioning is on.
    pub partition_id: Option<String>,
    /// The most persons one search returns.
    pub search_max_results: u32,
    /// Events per upstream page when reading a timeline.
    pub events_page_size: u32,
}

impl CimSettings {
    /// The connection part, shaped like the Token Server's.
    pub fn connection(&self) -> UpstreamSettings {
        UpstreamSettings {
            base_url: self.base_url.clone(),
            username: self.username.clone(),
            password: self.password.clone(),
            connect_timeout_ms: self.connect_timeout_ms,
            request_timeout_ms: self.request_timeout_ms,
            max_response_bytes: self.max_response_bytes,
            max_in_flight: self.max_in_flight,
            breaker_failures: self.breaker_failures,
            breaker_cooldown_ms: self.breaker_cooldown_ms,
        }
    }
}

/// Cache sizes (MiB of entries) and lifetimes (seconds).
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheConfig {
    /// Persons by id: the most memory its entries may take, in MiB.
    pub persons_max_mib: u64,
    /// Persons by id: seconds to live.
    pub persons_ttl_secs: u64,
    /// Searches by e-mail address: the most memory its entries may take, in MiB.
    pub searches_max_mib: u64,
    /// Searches by e-mail address: seconds to live.
    pub searches_ttl_secs: u64,
    /// Devices by user: the most memory its entries may take, in MiB.
    pub devices_max_mib: u64,
    /// Devices by user: seconds to live.
    pub devices_ttl_secs: u64,
    /// Pages of events by user: the most memory its entries may take, in MiB.
    pub events_max_mib: u64,
    /// Pages of events by user: seconds to live.
    pub events_ttl_secs: u64,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable, for a terminal.
    Pretty,
    /// One JSON object per line, for collectors.
    Json,
}

/// Logging.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogSettings {
    /// `pretty` or `json` (`CS__LOG__FORMAT`).
    pub format: LogFormat,
    /// A tracing filter such as `info` or `info,cs_upstream=debug` (`CS__LOG__FILTER`).
    pub filter: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            server: ServerSettings::default(),
            cim: CimSettings::default(),
            token_server: UpstreamSettings::default(),
            cache: CacheConfig::default(),
            auth: AuthSettings::default(),
            bearer: cs_auth::jwt::BearerSettings::default(),
            oidc: cs_auth::oidc::OidcSettings::default(),
            log: LogSettings {
                format: LogFormat::Pretty,
                filter: "info".into(),
            },
        }
    }
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: None,
            shutdown_timeout_secs: 30,
            static_dir: None,
        }
    }
}

impl Default for UpstreamSettings {
    fn default() -> Self {
        UpstreamSettings {
            base_url: None,
            username: None,
            password: None,
            connect_timeout_ms: 2_000,
            request_timeout_ms: 5_000,
            max_response_bytes: cs_upstream::DEFAULT_MAX_RESPONSE_BYTES,
            max_in_flight: GuardLimits::default().max_in_flight,
            breaker_failures: GuardLimits::default().breaker_failures,
            breaker_cooldown_ms: u64::try_from(GuardLimits::default().breaker_cooldown.as_millis())
                .unwrap_or(u64::MAX),
        }
    }
}

impl Default for CimSettings {
    fn default() -> Self {
        let domain = DomainSettings::default();
        let connection = UpstreamSettings::default();
        CimSettings {
            base_url: None,
            username: None,
            password: None,
            connect_timeout_ms: connection.connect_timeout_ms,
            request_timeout_ms: connection.request_timeout_ms,
            max_response_bytes: connection.max_response_bytes,
            max_in_flight: connection.max_in_flight,
            breaker_failures: connection.breaker_failures,
            breaker_cooldown_ms: connection.breaker_cooldown_ms,
            partition_id: None,
            search_max_results: domain.search_max_results,
            events_page_size: domain.events_page_size,
        }
    }
}

impl Default for CacheConfig {
    fn default() -> Self {
        let d = CacheSettings::default();
        CacheConfig {
            persons_max_mib: d.persons.max_bytes / MIB,
            persons_ttl_secs: d.persons.ttl.as_secs(),
            searches_max_mib: d.searches.max_bytes / MIB,
            searches_ttl_secs: d.searches.ttl.as_secs(),
            devices_max_mib: d.devices.max_bytes / MIB,
            devices_ttl_secs: d.devices.ttl.as_secs(),
            events_max_mib: d.events.max_bytes / MIB,
            events_ttl_secs: d.events.ttl.as_secs(),
        }
    }
}

impl Default for LogSettings {
    fn default() -> Self {
        Settings::default().log
    }
}

/// Configuration that cannot be used; the text names the key.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct SettingsError(pub String);

impl Settings {
    /// Defaults, then `file` (when given; it must exist), then `CS__` environment variables.
    pub fn load(file: Option<&Path>) -> Result<Settings, SettingsError> {
        let mut figment = Figment::new();
        if let Some(path) = file {
            if !path.is_file() {
                return Err(SettingsError(format!(
                    "the file {} does not exist",
                    path.display()
                )));
            }
            figment = figment.merge(Toml::file(path));
        }
        figment
            .merge(Env::prefixed("CS__").split("__"))
            .extract::<Settings>()
            .map_err(|error| SettingsError(error.to_string()))
    }

    /// Checks what types alone cannot: required upstream settings and sensible numbers.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.cim.connection().validate("cim")?;
        self.token_server.validate("token_server")?;
        positive(
            "cim.search_max_results",
            u64::from(self.cim.search_max_results),
        )?;
        if !(1..=1000).contains(&self.cim.events_page_size) {
            return Err(SettingsError(
                "cim.events_page_size must be between 1 and 1000".into(),
            ));
        }
        let c = &self.cache;
        for (key, value) in [
            ("cache.persons_max_mib", c.persons_max_mib),
            ("cache.searches_max_mib", c.searches_max_mib),
            ("cache.devices_max_mib", c.devices_max_mib),
            ("cache.events_max_mib", c.events_max_mib),
        ] {
            positive(key, value)?;
        }
        if let Some(dir) = &self.server.static_dir {
            if !dir.join("index.html").is_file() {
                return Err(SettingsError(format!(
                    "server.static_dir: {} holds no index.html (build the SPA with `npm run build` in frontend/)",
                    dir.display()
                )));
            }
        }
        let a = &self.auth;
        for (key, value) in [
            (
                "auth.session_idle_timeout_secs",
                a.session_idle_timeout_secs,
            ),
            (
                "auth.session_absolute_timeout_secs",
                a.session_absolute_timeout_secs,
            ),
            (
                "auth.login_failures_per_username",
                u64::from(a.login_failures_per_username),
            ),
            (
                "auth.login_failures_per_address",
                u64::from(a.login_failures_per_address),
            ),
            (
                "auth.login_failure_window_secs",
                a.login_failure_window_secs,
            ),
        ] {
            positive(key, value)?;
        }
        if let Some(path) = &a.accounts_file {
            if !path.is_file() {
                return Err(SettingsError(format!(
                    "auth.accounts_file: {} does not exist",
                    path.display()
                )));
            }
        }
        self.bearer
            .validate()
            .map_err(|e| SettingsError(e.to_string()))?;
        self.oidc
            .validate()
            .map_err(|e| SettingsError(e.to_string()))?;
        if let Some(workers) = self.server.workers {
            positive("server.workers", workers as u64)?;
        }
        tracing_subscriber::EnvFilter::try_new(&self.log.filter)
            .map_err(|e| SettingsError(format!("log.filter is not a valid filter: {e}")))?;
        Ok(())
    }

    /// The use-case settings.
    pub fn domain(&self) -> DomainSettings {
        let c = &self.cache;
        let limits = |mib: u64, secs| CacheLimits {
            max_bytes: mib.saturating_mul(MIB),
            ttl: Duration::from_secs(secs),
        };
        DomainSettings {
            search_max_results: self.cim.search_max_results,
            events_page_size: self.cim.events_page_size,
            caches: CacheSettings {
                persons: limits(c.persons_max_mib, c.persons_ttl_secs),
                searches: limits(c.searches_max_mib, c.searches_ttl_secs),
                devices: limits(c.devices_max_mib, c.devices_ttl_secs),
                events: limits(c.events_max_mib, c.events_ttl_secs),
            },
        }
    }
}

fn positive(key: &str, value: u64) -> Result<(), SettingsError> {
    if value == 0 {
        return Err(SettingsError(format!("{key} must be greater than 0")));
    }
    Ok(())
}

impl UpstreamSettings {
    fn validate(&self, section: &str) -> Result<(), SettingsError> {
        let missing = |key: &str| {
            SettingsError(format!(
                "{section}.{key} is required (environment variable CS__{}__{})",
                section.to_uppercase(),
                key.to_uppercase()
            ))
        };
        let url = self.base_url.as_ref().ok_or_else(|| missing("base_url"))?;
        if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
            return Err(SettingsError(format!(
                "{section}.base_url must be an http or https URL"
            )));
        }
        self.username
            .as_ref()
            .filter(|u| !u.is_empty())
            .ok_or_else(|| missing("username"))?;
        self.password.as_ref().ok_or_else(|| missing("password"))?;
        positive(
            &format!("{section}.connect_timeout_ms"),
            self.connect_timeout_ms,
        )?;
        positive(
            &format!("{section}.request_timeout_ms"),
            self.request_timeout_ms,
        )?;
        positive(
            &format!("{section}.max_response_bytes"),
            self.max_response_bytes as u64,
        )?;
        positive(
            &format!("{section}.max_in_flight"),
            self.max_in_flight as u64,
        )?;
        Ok(())
    }

    /// The client configuration; call [`Settings::validate`] first.
    pub fn client_config(&self, section: &str) -> Result<UpstreamConfig, SettingsError> {
        self.validate(section)?;
        let (Some(url), Some(username), Some(password)) =
            (&self.base_url, &self.username, &self.password)
        else {
            return Err(SettingsError(format!("{section} is incomplete")));
        };
        let mut config = UpstreamConfig::new(url.clone(), username.clone(), password.clone());
        config.connect_timeout = Duration::from_millis(self.connect_timeout_ms);
        config.request_timeout = Duration::from_millis(self.request_timeout_ms);
        config.max_response_bytes = self.max_response_bytes;
        config.guard = GuardLimits {
            max_in_flight: self.max_in_flight,
            breaker_failures: self.breaker_failures,
            breaker_cooldown: Duration::from_millis(self.breaker_cooldown_ms),
        };
        Ok(config)
    }
}
