//! Why an agent use case (logging in or out, single sign-on, reading the trail) failed.

use std::time::Duration;

/// The failure of an agent use case. The server maps each variant to one problem+json answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AuthError {
    /// The request is not valid; the text says why.
    #[error("{0}")]
    InvalidInput(String),
    /// Too many failed logins for this username or address; try again after the wait.
    #[error("too many failed logins")]
    Throttled {
        /// How long until the next attempt may be made.
        retry_after: Duration,
    },
    /// Every password check is busy; try again after the wait. Nothing was checked.
    #[error("password checks are busy")]
    Busy {
        /// How long until the next attempt may be made.
        retry_after: Duration,
    },
    /// Wrong username or password (the two are not told apart).
    #[error("wrong username or password")]
    LoginFailed,
    /// The audit trail cannot be written, so nothing was done.
    #[error("the audit trail cannot be written")]
    AuditUnavailable,
    /// The database (login limits, sessions) cannot be reached: nobody is let in unchecked.
    #[error("the database is unavailable")]
    StoreUnavailable,
    /// The audit trail cannot be read.
    #[error("the audit trail cannot be read")]
    AuditUnreadable,
    /// Single sign-on was asked for, but no provider is configured.
    #[error("single sign-on is not enabled")]
    SsoDisabled,
    /// The session store failed; the text is for the log.
    #[error("session storage failed: {0}")]
    SessionStorage(String),
}
