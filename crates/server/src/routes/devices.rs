//! Listing, deleting and changing devices.

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, delete, get, post, web};
use cs_api::{
    DeleteDeviceRequest, DeleteDevicesRequest, DeleteDevicesResult, Device, DeviceAction,
    DeviceActionRequest, DeviceList, Problem,
};
use cs_domain::{CustomerService, Selection};

use super::params;
use super::responses::{AuthFailures, UpstreamFailures};
use crate::extractors::body::OptionalJson;
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// List an end user's devices.
///
/// Every device the user registered with the Token Server, most recently used first, with its
/// mobile-authentication status.
#[utoipa::path(
    operation_id = "listDevices",
    tag = "devices",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    responses(
        (status = 200, description = "The devices (possibly none).", body = DeviceList),
        (status = 400, description = "The user id is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "CIM has no person with this id.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users/{userId}/devices")]
pub(crate) async fn list_devices(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    caller.require_read_users()?;
    let user_id = params::id("userId", &path)?;
    let body = service.devices(user_id).await?.json().map_err(|error| {
        tracing::error!(error = %error, "device list could not be written as JSON");
        ApiError::internal("The device list could not be written")
    })?;
    Ok(HttpResponse::Ok()
        .content_type(ContentType::json())
        .body(body))
}

/// Delete a device.
///
/// Deregisters the device at the Token Server: its grants, tokens, authenticator registrations and
/// mobile-authentication enrolment go with it, and the user must register the app again to use it.
/// The Token Server answers every deletion alike, so the device list is read again afterwards:
/// 204 means the device is verifiably gone; 502 `device-not-removed` means the Token Server kept it.
#[utoipa::path(
    operation_id = "deleteDevice",
    tag = "devices",
    params(
        ("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
        ("deviceId" = String, Path, description = "The Token Server's device id.", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
    ),
    request_body(content = Option<DeleteDeviceRequest>, description = "Optional: why the device is removed."),
    responses(
        (status = 204, description = "The device was removed, and the Token Server no longer lists it."),
        (status = 400, description = "An id or the reason is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without DELETE_DEVICE, or (cookie sessions) without the CSRF token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user has no device with this id.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        UpstreamFailures,
    )
)]
#[delete("/users/{userId}/devices/{deviceId}")]
pub(crate) async fn delete_device(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<(String, String)>,
    body: OptionalJson<DeleteDeviceRequest>,
) -> Result<HttpResponse, ApiError> {
    caller.require_delete_device()?;
    let (user_id, device_id) = path.into_inner();
    let user_id = params::id("userId", &user_id)?;
    let device_id = params::id("deviceId", &device_id)?;
    service
        .delete_device(&caller.actor(), user_id, device_id, body.0.reason)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Change a device: drop its push token, withdraw it from mobile authentication, or revoke its
/// fingerprint token.
///
/// `disable_push` stops push notifications (mobile authentication stays);
/// `disable_mobile_authentication` withdraws the device from mobile authentication (its keys and
/// push token); `disable_fingerprint` revokes its fingerprint token (the user logs in with the
/// PIN again). Only the actions in the device's `availableActions` change anything; any other is
/// 409 `nothing-to-change`. The Token Server answers every such request alike, so the device is
/// read again afterwards: 200 carries it as the Token Server now lists it; 502
/// `device-not-changed` means the Token Server left it as it was. Audited, with the optional
/// reason. Needs DELETE_DEVICE (or USERS_ALL).
#[utoipa::path(
    operation_id = "changeDevice",
    tag = "devices",
    params(
        ("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
        ("deviceId" = String, Path, description = "The Token Server's device id.", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"),
        ("action" = DeviceAction, Path, description = "What to change."),
    ),
    request_body(content = Option<DeviceActionRequest>, description = "Optional: why the device is changed."),
    responses(
        (status = 200, description = "The device was changed, as the Token Server now lists it.", body = Device),
        (status = 400, description = "An id, the action or the reason is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without DELETE_DEVICE, or (cookie sessions) without the CSRF token.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "The user has no device with this id.", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The device is already in that state (the action is not in its `availableActions`).", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        UpstreamFailures,
    )
)]
#[post("/users/{userId}/devices/{deviceId}/actions/{action}")]
pub(crate) async fn change_device(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<(String, String, String)>,
    body: OptionalJson<DeviceActionRequest>,
) -> Result<web::Json<Device>, ApiError> {
    caller.require_delete_device()?;
    let (user_id, device_id, action) = path.into_inner();
    let user_id = params::id("userId", &user_id)?;
    let device_id = params::id("deviceId", &device_id)?;
    let action = DeviceAction::parse(&action).ok_or_else(|| {
        ApiError::bad_request(format!(
            "`action` must be one of {}",
            DeviceAction::ALL.map(DeviceAction::as_str).join(", ")
        ))
    })?;
    let device = service
        .change_device(&caller.actor(), user_id, device_id, action, body.0.reason)
        .await?;
    Ok(web::Json(device))
}

/// Delete several devices, or all of them.
///
/// Either `deviceIds` (1 to 100, each once) or `all: true`. Each device asked for is recorded in
/// the audit trail on its own before the Token Server is asked (if that cannot be done, nothing
/// is asked: 503), then the list is read again and the answer says per device what became of it:
/// `removed`, `not_removed` (the Token Server still lists it) or `not_found` (the user had no
/// such device). 200 whenever the deletion ran, whatever became of each device: see `allRemoved`.
#[utoipa::path(
    operation_id = "deleteDevices",
    tag = "devices",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$")),
    request_body(content = DeleteDevicesRequest, description = "Which devices, and why."),
    responses(
        (status = 200, description = "The deletion ran; per device what became of it.", body = DeleteDevicesResult),
        (status = 400, description = "The id, the selection or the reason is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not authenticated.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Without DELETE_DEVICE, or (cookie sessions) without the CSRF token.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        UpstreamFailures,
    )
)]
#[post("/users/{userId}/device-deletions")]
pub(crate) async fn delete_devices(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Json<DeleteDevicesRequest>,
) -> Result<web::Json<DeleteDevicesResult>, ApiError> {
    caller.require_delete_device()?;
    let user_id = params::id("userId", &path)?;
    let DeleteDevicesRequest {
        device_ids,
        all,
        reason,
    } = body.into_inner();
    let selection = match (device_ids, all) {
        (Some(ids), false) => {
            for id in &ids {
                params::id("deviceIds", id)?;
            }
            Selection::Devices(ids)
        }
        (None, true) => Selection::All,
        _ => {
            return Err(ApiError::bad_request(
                "Give either `deviceIds` or `all: true`, not both.",
            ));
        }
    };
    let result = service
        .delete_devices(&caller.actor(), user_id, selection, reason)
        .await?;
    Ok(web::Json(result))
}
