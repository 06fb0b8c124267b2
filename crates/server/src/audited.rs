//! Running a change under the audit trail: recorded before it starts, completed after it ends.

use std::future::Future;

use actix_web::HttpRequest;
use actix_web::http::StatusCode;
use cs_api::{AuditAction, AuditOutcome, AuthMethod};
use cs_auth::{AuditStore, NewAuditRecord};

use crate::context::RequestContext;
use crate::error::ApiError;

/// The client address as the server saw it (forwarding headers are not trusted).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    req.peer_addr().map(|addr| addr.ip().to_string())
}

/// A record of `action` by `agent`, outcome to be decided.
pub fn record(
    req: &HttpRequest,
    agent: &str,
    method: AuthMethod,
    action: AuditAction,
) -> NewAuditRecord {
    NewAuditRecord {
        agent: agent.to_owned(),
        auth_method: method,
        action,
        user_id: None,
        device_id: None,
        reason: None,
        outcome: AuditOutcome::Pending,
        detail: None,
        request_id: RequestContext::current().map(|c| c.id),
        client_ip: client_ip(req),
    }
}

fn audit_unavailable(error: &cs_auth::StoreError) -> ApiError {
    tracing::error!(error = %error, "the audit trail cannot be written");
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "audit-unavailable",
        "The audit trail is unavailable",
        "The change was refused because it could not be recorded in the audit trail. Nothing was changed.",
    )
}

/// Writes a finished record (a login, a failed login, a logout); refuses when it cannot.
pub async fn write(audit: &AuditStore, record: NewAuditRecord) -> Result<(), ApiError> {
    audit
        .record(record)
        .await
        .map(drop)
        .map_err(|e| audit_unavailable(&e))
}

/// Records `record` as pending, runs `change` only when that succeeded, then completes the record
/// with the outcome. A change that cannot be audited is not made.
pub async fn change<T, F>(
    audit: &AuditStore,
    record: NewAuditRecord,
    change: F,
) -> Result<T, ApiError>
where
    F: Future<Output = Result<T, ApiError>>,
{
    let id = audit
        .record(record)
        .await
        .map_err(|e| audit_unavailable(&e))?;
    let result = change.await;
    let (outcome, detail) = match &result {
        Ok(_) => (AuditOutcome::Succeeded, None),
        Err(error) => (AuditOutcome::Failed, Some(error.to_string())),
    };
    if let Err(error) = audit.complete(id, outcome, detail).await {
        // The change already happened (or failed); all that is left is to say so loudly.
        tracing::error!(audit_id = id, error = %error, "the outcome of an audited change could not be recorded");
    }
    result
}
