//! Logging in with a password, and logging out: throttled, verified, audited, and a new session.

use actix_session::Session;
use cs_api::{AuditAction, AuditOutcome, AuthMethod};
use cs_domain::{Actor, Origin};

use std::time::Duration;

use crate::audit::NewAuditRecord;
use crate::error::AuthError;
use crate::password::HashingBusy;
use crate::principal::Principal;
use crate::service::AuthService;
use crate::web_session::{self, SessionAgent};

/// The longest username accepted, in characters (as the OpenAPI document says).
const MAX_USERNAME_CHARS: usize = 128;
/// The longest password accepted, in characters (hashing cost grows with it).
const MAX_PASSWORD_CHARS: usize = 1024;
/// When to try again after every password check was busy: checks take tens of milliseconds.
const BUSY_RETRY_AFTER: Duration = Duration::from_secs(1);

/// An agent with a new cookie session.
#[derive(Debug, Clone)]
pub struct LoggedIn {
    /// Who.
    pub principal: Principal,
    /// The session's CSRF token, for the `XSRF-TOKEN` cookie.
    pub csrf_token: String,
    /// When the session ends at the latest (epoch seconds).
    pub expires_at: i64,
}

impl AuthService {
    /// Logs an agent in with username and password from `origin`: refused while the username or
    /// address is throttled; a failure is counted and audited; a success is audited and starts a
    /// new session (a new id, so a session id planted before login is worthless).
    pub async fn log_in(
        &self,
        session: &Session,
        origin: &Origin,
        username: &str,
        password: &str,
    ) -> Result<LoggedIn, AuthError> {
        if !(1..=MAX_USERNAME_CHARS).contains(&username.chars().count())
            || password.chars().count() > MAX_PASSWORD_CHARS
        {
            return Err(AuthError::InvalidInput(format!(
                "`username` must be 1 to {MAX_USERNAME_CHARS} characters and `password` at most {MAX_PASSWORD_CHARS}"
            )));
        }
        let address = origin.client_ip.as_deref().unwrap_or_default();
        // The attempt counts before any hashing, so simultaneous guesses cannot race the limit.
        let attempt = self
            .throttle
            .begin(username, address)
            .await
            .map_err(AuthError::from)?;
        let verified = self
            .accounts
            .current()
            .verify_password(username, password, &self.hashing)
            .await;
        let principal = match verified {
            Ok(Some(principal)) => {
                attempt.release().await;
                principal
            }
            Ok(None) => {
                drop(attempt);
                let actor = origin.actor(username, AuthMethod::Password);
                let why = AuthError::LoginFailed.to_string();
                self.write_audit(&actor, AuditAction::LoginFailed, Some(why))
                    .await?;
                return Err(AuthError::LoginFailed);
            }
            Err(HashingBusy) => {
                // Never checked: it neither counts nor costs any hashing.
                attempt.release().await;
                return Err(AuthError::Busy {
                    retry_after: BUSY_RETRY_AFTER,
                });
            }
        };
        let actor = origin.actor(&principal.username, AuthMethod::Password);
        let agent = SessionAgent {
            username: principal.username,
            display_name: principal.display_name,
            method: AuthMethod::Password,
            external: None,
            authorities: Vec::new(),
        };
        self.start_session(session, &actor, agent).await
    }

    /// Logs `actor` out: the session is deleted from the store, so its cookie is worthless from
    /// now on, wherever it was copied. A logout always ends the session: when its audit record
    /// cannot be written, that is logged and counted (`audit_write_failures_total`), not refused.
    pub async fn log_out(&self, session: &Session, actor: &Actor) {
        web_session::end(session);
        if self
            .write_audit(actor, AuditAction::Logout, None)
            .await
            .is_err()
        {
            metrics::counter!("audit_write_failures_total", "action" => "logout").increment(1);
        }
    }

    /// Audits the login of `agent` (as `actor`), then starts their session.
    pub(crate) async fn start_session(
        &self,
        session: &Session,
        actor: &Actor,
        agent: SessionAgent,
    ) -> Result<LoggedIn, AuthError> {
        let principal = self.principal_of(&agent).ok_or(AuthError::LoginFailed)?;
        self.write_audit(actor, AuditAction::Login, None).await?;
        let started = web_session::start(session, &agent, &self.policy, &self.clock)
            .map_err(|error| AuthError::SessionStorage(error.to_string()))?;
        Ok(LoggedIn {
            principal,
            csrf_token: started.csrf_token,
            expires_at: started.expires_at,
        })
    }

    /// Writes a finished record of `action` by `actor`: succeeded, or failed for the reason
    /// given. Refuses when it cannot be written.
    pub(crate) async fn write_audit(
        &self,
        actor: &Actor,
        action: AuditAction,
        failure: Option<String>,
    ) -> Result<(), AuthError> {
        let mut record = NewAuditRecord::new(actor, action);
        record.outcome = if failure.is_some() {
            AuditOutcome::Failed
        } else {
            AuditOutcome::Succeeded
        };
        record.detail = failure;
        self.audit.record(record).await.map(drop).map_err(|error| {
            tracing::error!(error = %error, "the audit trail cannot be written");
            AuthError::AuditUnavailable
        })
    }
}
