//! Verifying a caller: a push to one of the end user's devices, and watching its outcome.

use actix_web::{HttpResponse, get, post, web};
use cs_api::{Problem, StartVerificationRequest, Verification};
use cs_domain::CustomerService;

use super::params;
use super::responses::{AuthFailures, UpstreamFailures};
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// Verify a caller by a push to their device.
///
/// Sends a mobile authentication request with `message` (or an English default) to one of the
/// user's devices enrolled for push (`mobileAuthentication` = `activated_with_push`). The user
/// approves or denies it on the device; follow it with `GET .../verifications/{verificationId}`
/// until `state` is no longer `pending`. Only `approved` means the caller holds the device.
/// Audited when started and completed with the outcome. Needs VERIFY_DEVICE (or USERS_ALL).
#[utoipa::path(
    operation_id = "startVerification",
    tag = "verifications",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    request_body(content = StartVerificationRequest, description = "The device, and the message it shows."),
    responses(
        (status = 201, description = "The request was sent; it is pending.", body = Verification),
        (status = 400, description = "The user id, the device id or the message is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without VERIFY_DEVICE, or (cookie sessions) without the CSRF token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user has no device with this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The device is not enrolled for push.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        UpstreamFailures,
    )
)]
#[post("/users/{userId}/verifications")]
pub(crate) async fn start_verification(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<StartVerificationRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_verify_device()?;
    let user_id = params::id("userId", &path)?;
    let StartVerificationRequest { device_id, message } = body.into_inner();
    let device_id = params::id("deviceId", &device_id)?;
    let verification = service
        .start_verification(&caller.actor(), user_id, device_id, message)
        .await?;
    Ok(HttpResponse::Created().json(verification))
}

/// Follow a verification.
///
/// Where the verification stands, with the seconds left to answer. However many agents watch
/// it, the Token Server is asked at most once every 2 seconds; polling more often only reads
/// the latest answer. `checkFailing` says the Token Server did not answer the latest check (the
/// state may be behind; checks go on). Needs VERIFY_DEVICE (or USERS_ALL).
#[utoipa::path(
    operation_id = "getVerification",
    tag = "verifications",
    params(
        ("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
        ("verificationId" = String, Path, description = "The id `startVerification` answered with.", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
    ),
    responses(
        (status = 200, description = "Where it stands.", body = Verification),
        (status = 400, description = "An id is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No verification with this id for this user.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users/{userId}/verifications/{verificationId}")]
pub(crate) async fn get_verification(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> Result<web::Json<Verification>, ApiError> {
    caller.require_verify_device()?;
    let (user_id, verification_id) = path.into_inner();
    let user_id = params::id("userId", &user_id)?;
    let verification_id = params::id("verificationId", &verification_id)?;
    let verification = service.verification(user_id, verification_id).await?;
    Ok(web::Json(verification))
}
