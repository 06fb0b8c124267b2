//! The audit trail, for supervisors.

use actix_web::{get, web};
use cs_api::{AuditPage, Problem};
use cs_auth::{AuditQuery, AuthService};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// Which records to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub(crate) struct AuditParams {
    /// Only this agent's records.
    agent: Option<String>,
    /// Only records about this end user.
    user_id: Option<String>,
    /// How many, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    limit: Option<u32>,
    /// The `nextBefore` of the previous page.
    before: Option<i64>,
}

/// Read the audit trail.
///
/// Every device deletion, login, failed login and logout, newest first: who, how authenticated,
/// what, about whom, why, and how it ended. Needs `AGENTS_READ`.
#[utoipa::path(
    operation_id = "listAudit",
    tag = "audit",
    params(AuditParams),
    responses(
        (status = 200, description = "A page of records.", body = AuditPage),
        (status = 400, description = "A parameter is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without AGENTS_READ.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub(crate) async fn list_audit(
    caller: Caller,
    auth: web::Data<AuthService>,
    params: web::Query<AuditParams>,
) -> Result<web::Json<AuditPage>, ApiError> {
    caller.require_read_audit()?;
    let params = params.into_inner();
    let query = AuditQuery {
        agent: params.agent,
        user_id: params.user_id,
        limit: params.limit.unwrap_or(50),
        before: params.before,
    };
    Ok(web::Json(auth.audit_page(query).await?))
}
