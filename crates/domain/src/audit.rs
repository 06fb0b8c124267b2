//! The audit trail as the use cases see it: a port that `cs-auth` implements over its database.
//!
//! Every change an agent makes is recorded before it is made and completed after it with how it
//! ended, in domain terms. A change that cannot be recorded is not made.

use std::future::Future;

use cs_api::{AuditAction, AuthMethod};
use futures::future::BoxFuture;

use crate::error::DomainError;
use crate::service::CustomerService;

/// Where a request comes from, as the audit trail records it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The id of the request.
    pub request_id: Option<String>,
    /// The client address the request came from.
    pub client_ip: Option<String>,
}

impl Origin {
    /// `username`, authenticated by `auth_method`, asking from here.
    pub fn actor(&self, username: &str, auth_method: AuthMethod) -> Actor {
        Actor {
            username: username.to_owned(),
            auth_method,
            origin: self.clone(),
        }
    }
}

/// Who asks for a change, as the audit trail records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The agent's username (or token subject).
    pub username: String,
    /// How the agent was authenticated.
    pub auth_method: AuthMethod,
    /// Where the request came from.
    pub origin: Origin,
}

/// A change about to be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedChange {
    /// What is being done.
    pub action: AuditAction,
    /// The end user concerned.
    pub user_id: Option<String>,
    /// The device concerned.
    pub device_id: Option<String>,
    /// The application of the device concerned, as listed before the change.
    pub application: Option<String>,
    /// The agent's reason.
    pub reason: Option<String>,
}

/// How a recorded change ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// Made, and verified where it can be.
    Succeeded,
    /// Attempted, and not done (or not verifiably): why.
    Failed(DomainError),
    /// Not attempted: nothing was changed, and why.
    NotMade(DomainError),
    /// Done, and the other side said no (or never answered): why, in words. A verification the
    /// user denied ends so.
    Refused(String),
}

/// The id of a record written before its change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditId(pub i64);

/// The audit trail cannot be read or written; the text is for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the audit trail is unavailable: {0}")]
pub struct AuditUnavailable(pub String);

/// A change made through us that the Token Server records as an event of its own, as far as
/// naming the agent behind that event needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentChange {
    /// When the change was recorded (just before the Token Server was called), epoch ms.
    pub occurred_ms: i64,
    /// What was done.
    pub action: AuditAction,
    /// The agent who asked for it.
    pub agent: String,
    /// The device concerned.
    pub device_id: Option<String>,
    /// The application of the device concerned.
    pub application: Option<String>,
}

/// Where the use cases record changes. Implemented by `cs-auth`'s audit store.
pub trait AuditTrail: Send + Sync + 'static {
    /// Records `change` by `actor` as pending, before it is made.
    fn begin<'a>(
        &'a self,
        actor: &'a Actor,
        change: &'a PlannedChange,
    ) -> BoxFuture<'a, Result<AuditId, AuditUnavailable>>;

    /// Completes a record written by [`AuditTrail::begin`] with how the change ended.
    fn complete<'a>(
        &'a self,
        id: AuditId,
        outcome: &'a ChangeOutcome,
    ) -> BoxFuture<'a, Result<(), AuditUnavailable>>;

    /// The changes of `user_id`'s devices and sessions that reached the Token Server, recorded
    /// from `from_ms` to `to_ms` (epoch ms, inclusive), oldest first: succeeded deletions,
    /// device changes and sign-outs, and every verification that was sent.
    fn agent_changes<'a>(
        &'a self,
        user_id: &'a str,
        from_ms: i64,
        to_ms: i64,
    ) -> BoxFuture<'a, Result<Vec<AgentChange>, AuditUnavailable>>;
}

/// Why an audited change did not succeed: whether anything was attempted decides how the
/// record is completed.
#[derive(Debug)]
pub(crate) enum ChangeError {
    /// Nothing was changed.
    NotMade(DomainError),
    /// The change was attempted and did not verifiably happen.
    Failed(DomainError),
}

impl ChangeError {
    pub(crate) fn outcome(&self) -> ChangeOutcome {
        match self {
            ChangeError::NotMade(error) => ChangeOutcome::NotMade(error.clone()),
            ChangeError::Failed(error) => ChangeOutcome::Failed(error.clone()),
        }
    }

    pub(crate) fn into_error(self) -> DomainError {
        match self {
            ChangeError::NotMade(error) | ChangeError::Failed(error) => error,
        }
    }
}

impl CustomerService {
    /// Records `change` by `actor`, runs `work` only when that succeeded, then completes the
    /// record with how it ended. A change that cannot be recorded is not made.
    pub(crate) async fn audited<T>(
        &self,
        actor: &Actor,
        change: PlannedChange,
        work: impl Future<Output = Result<T, ChangeError>>,
    ) -> Result<T, DomainError> {
        let id = self.begin_record(actor, &change).await?;
        let result = work.await;
        let outcome = match &result {
            Ok(_) => ChangeOutcome::Succeeded,
            Err(error) => error.outcome(),
        };
        self.complete_record(id, &outcome).await;
        result.map_err(ChangeError::into_error)
    }

    /// Records `change` by `actor` as pending; a change that cannot be recorded is refused.
    pub(crate) async fn begin_record(
        &self,
        actor: &Actor,
        change: &PlannedChange,
    ) -> Result<AuditId, DomainError> {
        self.audit.begin(actor, change).await.map_err(|error| {
            tracing::error!(error = %error, "the audit trail cannot be written; the change is refused");
            DomainError::AuditUnavailable
        })
    }

    /// Completes a record with how its change ended. The change already happened (or failed),
    /// so a record that cannot be completed is only said loudly.
    pub(crate) async fn complete_record(&self, id: AuditId, outcome: &ChangeOutcome) {
        if let Err(error) = self.audit.complete(id, outcome).await {
            tracing::error!(audit_id = id.0, error = %error, "the outcome of an audited change could not be recorded");
        }
    }
}
