//! The `[auth]` settings section: agent accounts, the database, cookies, session lifetimes and
//! login limits (`CS__AUTH__*`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;
use serde::Deserialize;

use crate::accounts::Accounts;
use crate::db::{DatabaseLocation, PoolLimits};
use crate::password::HashingPool;
use crate::throttle::ThrottleLimits;
use crate::web_session::SessionPolicy;

/// A setting that cannot be used; the text names its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

/// Agents, sessions and the audit database.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuthSettings {
    /// The local agent accounts (TOML); no password logins when absent. Read again when it
    /// changes and on SIGHUP.
    pub accounts_file: Option<PathBuf>,
    /// Milliseconds between checks of the accounts file for changes.
    pub accounts_check_interval_ms: u64,
    /// The database of sessions, login limits and the audit trail (`CS__AUTH__DATABASE`): a
    /// SQLite path (one node), or a `postgres://` URL shared by replicas.
    pub database: DatabaseLocation,
    /// Connections to PostgreSQL at most, per replica.
    pub database_max_connections: u32,
    /// Milliseconds a request waits for a database connection.
    pub database_acquire_timeout_ms: u64,
    /// Milliseconds one database operation may take.
    pub database_timeout_ms: u64,
    /// Cookies carry `Secure` and the `__Host-` prefix. Turn off only for plain HTTP on loopback.
    pub secure_cookies: bool,
    /// Allows `secure_cookies = false` on a listen address that is not loopback (`serve`
    /// refuses it otherwise): session cookies would travel in clear text.
    pub allow_insecure_cookies: bool,
    /// Allows agents whose password is a well-known one (`demo`) in the accounts file (`serve`
    /// refuses them otherwise).
    pub allow_demo_passwords: bool,
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
    /// Password checks run at once (each holds 19 MiB); the number of cores when absent.
    pub password_hashing_workers: Option<usize>,
    /// Password checks waiting for a worker; beyond that a login is answered 503 at once.
    pub password_hashing_queue: usize,
}

impl Default for AuthSettings {
    fn default() -> Self {
        let policy = SessionPolicy::default();
        let limits = ThrottleLimits::default();
        let pool = PoolLimits::default();
        let millis = |d: Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        AuthSettings {
            accounts_file: None,
            accounts_check_interval_ms: 2_000,
            database: DatabaseLocation::from(PathBuf::from("customer-service.db")),
            database_max_connections: pool.max_connections,
            database_acquire_timeout_ms: millis(pool.acquire_timeout),
            database_timeout_ms: millis(pool.query_timeout),
            secure_cookies: true,
            allow_insecure_cookies: false,
            allow_demo_passwords: false,
            cookie_key: None,
            session_idle_timeout_secs: policy.idle_timeout.as_secs(),
            session_absolute_timeout_secs: policy.absolute_timeout.as_secs(),
            login_failures_per_username: limits.per_username,
            login_failures_per_address: limits.per_address,
            login_failure_window_secs: limits.window.as_secs(),
            password_hashing_workers: None,
            password_hashing_queue: 16,
        }
    }
}

impl AuthSettings {
    /// Checks every key, naming the first unusable one.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (key, value) in [
            (
                "auth.session_idle_timeout_secs",
                self.session_idle_timeout_secs,
            ),
            (
                "auth.session_absolute_timeout_secs",
                self.session_absolute_timeout_secs,
            ),
            (
                "auth.login_failures_per_username",
                u64::from(self.login_failures_per_username),
            ),
            (
                "auth.login_failures_per_address",
                u64::from(self.login_failures_per_address),
            ),
            (
                "auth.login_failure_window_secs",
                self.login_failure_window_secs,
            ),
            (
                "auth.database_max_connections",
                u64::from(self.database_max_connections),
            ),
            (
                "auth.database_acquire_timeout_ms",
                self.database_acquire_timeout_ms,
            ),
            ("auth.database_timeout_ms", self.database_timeout_ms),
        ] {
            if value == 0 {
                return Err(SettingsError(format!("{key} must be greater than 0")));
            }
        }
        if self.password_hashing_workers == Some(0) {
            return Err(SettingsError(
                "auth.password_hashing_workers must be greater than 0".into(),
            ));
        }
        if let Some(path) = &self.accounts_file {
            if !path.is_file() {
                return Err(SettingsError(format!(
                    "auth.accounts_file: {} does not exist",
                    path.display()
                )));
            }
        }
        Ok(())
    }

    /// How long sessions live.
    pub fn session_policy(&self) -> SessionPolicy {
        SessionPolicy {
            idle_timeout: Duration::from_secs(self.session_idle_timeout_secs),
            absolute_timeout: Duration::from_secs(self.session_absolute_timeout_secs),
        }
    }

    /// What `serve` refuses unless explicitly allowed: session cookies in clear text off
    /// loopback.
    pub fn check_safe(&self, listen: SocketAddr) -> Result<(), SettingsError> {
        if !self.secure_cookies && !self.allow_insecure_cookies && !listen.ip().is_loopback() {
            return Err(SettingsError(format!(
                "auth.secure_cookies is false but server.listen ({listen}) is not loopback, so \
                 session cookies would travel in clear text: serve over TLS with \
                 auth.secure_cookies = true, or set auth.allow_insecure_cookies = true \
                 (CS__AUTH__ALLOW_INSECURE_COOKIES) behind a proxy that terminates TLS"
            )));
        }
        Ok(())
    }

    /// What `serve` refuses unless explicitly allowed: `accounts` with a well-known password.
    pub fn check_accounts(&self, accounts: &Accounts) -> Result<(), SettingsError> {
        if self.allow_demo_passwords {
            return Ok(());
        }
        let weak = accounts.with_well_known_password();
        if weak.is_empty() {
            return Ok(());
        }
        Err(SettingsError(format!(
            "auth.accounts_file: the agents {} have a well-known password (demo): give them \
             their own (`customer-service hash-password`), or set auth.allow_demo_passwords = true \
             (CS__AUTH__ALLOW_DEMO_PASSWORDS) for a demo",
            weak.join(", ")
        )))
    }

    /// Where password checks run.
    pub fn hashing_pool(&self) -> HashingPool {
        let workers = self.password_hashing_workers.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        });
        HashingPool::new(workers, self.password_hashing_queue)
    }

    /// The limits of failed logins.
    pub fn throttle_limits(&self) -> ThrottleLimits {
        ThrottleLimits {
            per_username: self.login_failures_per_username,
            per_address: self.login_failures_per_address,
            window: Duration::from_secs(self.login_failure_window_secs),
        }
    }

    /// The database pool's size and time limits.
    pub fn pool_limits(&self) -> PoolLimits {
        PoolLimits {
            max_connections: self.database_max_connections,
            acquire_timeout: Duration::from_millis(self.database_acquire_timeout_ms),
            query_timeout: Duration::from_millis(self.database_timeout_ms),
        }
    }
}
