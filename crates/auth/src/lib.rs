//! Who an agent is and what they may do: local accounts and OIDC logins, server-side sessions,
//! bearer JWTs for tooling, the Onegini permission model, and the audit trail of changes.
//!
//! [`AuthService`] holds the agent use cases (log in, log out, single sign-on, who is calling,
//! reading the trail); [`AuditStore`] is also the domain's [`cs_domain::AuditTrail`].

pub mod accounts;
mod accounts_watch;
pub mod audit;
mod bearer;
pub mod db;
mod error;
pub mod jwt;
pub mod keys;
mod login;
pub mod oidc;
pub mod password;
pub mod principal;
pub mod secrets;
mod service;
pub mod session_store;
mod settings;
mod sso;
pub mod throttle;
mod verification_store;
pub mod web_session;

pub use accounts::{Accounts, AccountsError, ExternalIdentity};
pub use accounts_watch::watch_accounts;
pub use audit::{AuditQuery, AuditStore, NewAuditRecord};
pub use bearer::BearerAuth;
pub use db::{Change, ChangeFeed, Database, DatabaseLocation, Engine, PoolLimits, StoreError};
pub use error::AuthError;
pub use login::LoggedIn;
pub use principal::Principal;
pub use service::{AuthService, SharedAccounts};
pub use session_store::DatabaseSessionStore;
pub use settings::{AuthSettings, SettingsError};
pub use sso::SsoOutcome;
pub use throttle::{LoginThrottle, Refused, ThrottleLimits};
pub use verification_store::DatabaseVerifications;
pub use web_session::{SessionAgent, SessionPolicy, SessionStatus};
