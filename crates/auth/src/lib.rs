//! Who an agent is and what they may do: local accounts and OIDC logins, server-side sessions,
//! bearer JWTs for tooling, the Onegini permission model, and the audit trail of changes.

pub mod accounts;
pub mod audit;
pub mod db;
pub mod jwt;
pub mod keys;
pub mod oidc;
pub mod password;
pub mod principal;
pub mod secrets;
pub mod session_store;
pub mod throttle;
pub mod web_session;

pub use accounts::{Accounts, AccountsError};
pub use audit::{AuditQuery, AuditStore, DeviceDeletion, NewAuditRecord};
pub use db::{Database, StoreError};
pub use principal::Principal;
pub use session_store::DatabaseSessionStore;
pub use throttle::{LoginThrottle, ThrottleLimits};
pub use web_session::{SessionPolicy, SessionStatus};
