//! An end user's sessions at the Token Server, and signing them out everywhere.

use actix_web::{delete, get, web};
use cs_api::{Problem, SignOutRequest, SignOutResult, UserSessionList};
use cs_domain::CustomerService;

use super::params;
use super::responses::{AuthFailures, UpstreamFailures};
use crate::extractors::body::OptionalJson;
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// List an end user's sessions.
///
/// The user's sessions at the Token Server, read now. The Token Server does not document the
/// session object: the client and the times are shown where it carries them.
#[utoipa::path(
    operation_id = "listUserSessions",
    tag = "sessions",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    responses(
        (status = 200, description = "The sessions (possibly none).", body = UserSessionList),
        (status = 400, description = "The user id is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "CIM has no person with this id.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users/{userId}/sessions")]
pub(crate) async fn list_sessions(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<web::Json<UserSessionList>, ApiError> {
    caller.require_read_users()?;
    let user_id = params::id("userId", &path)?;
    let sessions = service.user_sessions(user_id).await?;
    Ok(web::Json(UserSessionList { sessions }))
}

/// Sign an end user out everywhere.
///
/// Ends every session of the user at the Token Server and revokes their tokens
/// (`removeTokens=true`): the user must log in again in every app. The Token Server answers
/// alike whatever happened, so the sessions are listed again afterwards: 200 says how many were
/// ended and that none is left; 502 `sessions-not-ended` that some remain; 409
/// `nothing-to-change` that there was none. Audited, with the optional reason. Needs
/// DELETE_DEVICE (or USERS_ALL).
#[utoipa::path(
    operation_id = "signOutEverywhere",
    tag = "sessions",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    request_body(content = Option<SignOutRequest>, description = "Optional: why the user is signed out."),
    responses(
        (status = 200, description = "Every session was ended, and the Token Server lists none.", body = SignOutResult),
        (status = 400, description = "The user id or the reason is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without DELETE_DEVICE, or (cookie sessions) without the CSRF token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "CIM has no person with this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The user has no session.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        UpstreamFailures,
    )
)]
#[delete("/users/{userId}/sessions")]
pub(crate) async fn sign_out_everywhere(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
    body: OptionalJson<SignOutRequest>,
) -> Result<web::Json<SignOutResult>, ApiError> {
    caller.require_delete_device()?;
    let user_id = params::id("userId", &path)?;
    let result = service
        .sign_out_everywhere(&caller.actor(), user_id, body.0.reason)
        .await?;
    Ok(web::Json(result))
}
