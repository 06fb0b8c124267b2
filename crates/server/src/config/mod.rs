//! The one typed configuration: defaults, then a TOML file, then the vendor's names (aliases, see
//! `vendor`), then `CS__SECTION__KEY` environment variables (e.g. `CS__CIM__PASSWORD`,
//! `CS__LOG__FORMAT=json`). Each section is owned by the
//! crate that uses it; this module composes them and owns only serving and logging.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use cs_auth::AuthSettings;
use cs_auth::jwt::BearerSettings;
use cs_auth::oidc::OidcSettings;
use cs_domain::CacheSettings;
use cs_upstream::{CimSettings, TokenServerSettings};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub use crate::extractors::origin::TrustedProxies;
pub use vendor::names as vendor_names;

mod vendor;

/// Everything the server can be told.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// HTTP serving.
    pub server: ServerSettings,
    /// Onegini CIM (Person and Events APIs).
    pub cim: CimSettings,
    /// Onegini Token Server (device and events APIs).
    pub token_server: TokenServerSettings,
    /// Cache capacities and lifetimes.
    pub cache: CacheSettings,
    /// Agents, sessions and the audit database.
    pub auth: AuthSettings,
    /// Bearer JWTs for third-party tooling.
    pub bearer: BearerSettings,
    /// Single sign-on of agents through an OpenID Connect provider.
    pub oidc: OidcSettings,
    /// Logging.
    pub log: LogSettings,
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
    /// Proxies whose `X-Forwarded-For` names the client (addresses or networks); the header is
    /// ignored from anyone else.
    pub trusted_proxies: TrustedProxies,
    /// When set, `/metrics` answers only requests carrying it as `Authorization: Bearer`.
    /// A secret: never logged or printed.
    pub metrics_token: Option<SecretString>,
}

impl Default for ServerSettings {
    fn default() -> Self {
        ServerSettings {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers: None,
            shutdown_timeout_secs: 30,
            static_dir: None,
            trusted_proxies: TrustedProxies::default(),
            metrics_token: None,
        }
    }
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

impl Default for LogSettings {
    fn default() -> Self {
        LogSettings {
            format: LogFormat::Pretty,
            filter: "info".into(),
        }
    }
}

/// Configuration that cannot be used; the text names the key.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct SettingsError(pub String);

/// Any section's own error, as the server reports it.
fn invalid(error: impl std::fmt::Display) -> SettingsError {
    SettingsError(error.to_string())
}

impl Settings {
    /// Defaults, then `file` (when given; it must exist), then the vendor's `ONEGINI_IDP_CCC_`
    /// environment variables (see `vendor`), then `CS__` environment variables.
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
            .merge(Serialized::defaults(
                vendor::settings(&vendor::from_env()?)?,
            ))
            .merge(Env::prefixed("CS__").split("__"))
            .extract::<Settings>()
            .map_err(invalid)
    }

    /// Checks what types alone cannot, section by section: required upstream settings and
    /// sensible numbers.
    pub fn validate(&self) -> Result<(), SettingsError> {
        self.cim.validate().map_err(invalid)?;
        self.token_server.validate().map_err(invalid)?;
        self.cache.validate().map_err(invalid)?;
        self.auth.validate().map_err(invalid)?;
        self.bearer.validate().map_err(invalid)?;
        self.oidc.validate().map_err(invalid)?;
        self.server.validate()?;
        tracing_subscriber::EnvFilter::try_new(&self.log.filter)
            .map_err(|e| SettingsError(format!("log.filter is not a valid filter: {e}")))?;
        Ok(())
    }
}

impl Settings {
    /// What `serve` refuses on top of [`Settings::validate`] unless a setting explicitly allows
    /// it, naming that setting: upstream credentials or session cookies in clear text.
    pub fn check_safe(&self) -> Result<(), SettingsError> {
        self.cim.check_safe().map_err(invalid)?;
        self.token_server.check_safe().map_err(invalid)?;
        self.auth.check_safe(self.server.listen).map_err(invalid)
    }
}

impl ServerSettings {
    fn validate(&self) -> Result<(), SettingsError> {
        if let Some(dir) = &self.static_dir {
            if !dir.join("index.html").is_file() {
                return Err(SettingsError(format!(
                    "server.static_dir: {} holds no index.html (build the SPA with `npm run build` in frontend/)",
                    dir.display()
                )));
            }
        }
        if self
            .metrics_token
            .as_ref()
            .is_some_and(|token| token.expose_secret().len() < 16)
        {
            return Err(SettingsError(
                "server.metrics_token must be at least 16 characters".into(),
            ));
        }
        if self.workers == Some(0) {
            return Err(SettingsError(
                "server.workers must be greater than 0".into(),
            ));
        }
        Ok(())
    }
}
