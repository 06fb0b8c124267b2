//! Token Server end-user API: devices (ONEGINI-APIS.md §1).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::caller::caller;
use crate::device_ops::Disable;
use crate::errors;
use crate::gate::CallContext;
use crate::store::SimState;

/// `GET .../devices`: the list, or 404 `{"error":"No devices found"}` for none or unknown.
pub(crate) async fn list(state: web::Data<SimState>, path: web::Path<String>) -> HttpResponse {
    let devices = state.devices_of(&path);
    if devices.is_empty() {
        return HttpResponse::NotFound().json(json!({ "error": "No devices found" }));
    }
    #[derive(Serialize)]
    struct DeviceList {
        devices: Vec<crate::model::Device>,
    }
    HttpResponse::Ok().json(DeviceList { devices })
}

/// `DELETE .../devices/{deviceId}`: 204 whatever happened, as documented.
pub(crate) async fn delete_one(
    state: web::Data<SimState>,
    path: web::Path<(String, String)>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    let (user_id, device_id) = path.into_inner();
    if !ctx.silent_delete_failure {
        state.delete_device(&user_id, &device_id, &caller(&req, &ctx));
    }
    HttpResponse::NoContent().finish()
}

/// `DELETE .../devices`: 204.
pub(crate) async fn delete_all(
    state: web::Data<SimState>,
    path: web::Path<String>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    if !ctx.silent_delete_failure {
        state.delete_all_devices(&path, &caller(&req, &ctx));
    }
    HttpResponse::NoContent().finish()
}

#[derive(Deserialize)]
struct BulkDelete {
    delete: Vec<String>,
}

/// `POST .../devices` with `{"delete":[ids]}`: 204, or 500 `not_all_devices_deleted` naming
/// the ids the user does not have.
pub(crate) async fn bulk_delete(
    state: web::Data<SimState>,
    path: web::Path<String>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let request: BulkDelete = match serde_json::from_slice(&body) {
        Ok(request) => request,
        Err(e) => {
            return errors::token_server(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                &format!("Request body must be {{\"delete\":[device ids]}}: {e}"),
            );
        }
    };
    if ctx.silent_delete_failure {
        return HttpResponse::NoContent().finish();
    }
    // Listing an id twice asks for one deletion, not for a failure.
    let mut ids = request.delete;
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(id.clone()));
    let failed = state.delete_devices(&path, &ids, &caller(&req, &ctx));
    if failed.is_empty() {
        return HttpResponse::NoContent().finish();
    }
    let details = failed
        .into_iter()
        .map(|id| {
            json!({
                "id": id,
                "status": { "code": "device_not_deleted", "message": "Device not found for user" }
            })
        })
        .collect();
    errors::token_server_with_details(
        StatusCode::INTERNAL_SERVER_ERROR,
        "not_all_devices_deleted",
        "Not all devices could be deleted",
        details,
    )
}

/// `POST .../disablePushAuthentication`: drops push, keeps mobile authentication; 204 always.
pub(crate) async fn disable_push(
    state: web::Data<SimState>,
    path: web::Path<(String, String)>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    change(&state, &path, Disable::Push, &req, &ctx)
}

/// `POST .../disableMobileAuthentication`: withdraws keys and push token; 204 always.
pub(crate) async fn disable_mobile_auth(
    state: web::Data<SimState>,
    path: web::Path<(String, String)>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    change(&state, &path, Disable::MobileAuthentication, &req, &ctx)
}

/// `POST .../disableFingerprint`: revokes the fingerprint token; 204 always.
pub(crate) async fn disable_fingerprint(
    state: web::Data<SimState>,
    path: web::Path<(String, String)>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    change(&state, &path, Disable::Fingerprint, &req, &ctx)
}

/// One device change: 204 whatever happened, as documented.
fn change(
    state: &SimState,
    (user_id, device_id): &(String, String),
    kind: Disable,
    req: &HttpRequest,
    ctx: &CallContext,
) -> HttpResponse {
    state.change_device(user_id, device_id, kind, &caller(req, ctx));
    HttpResponse::NoContent().finish()
}

/// `GET /oauth/api/v1/users/{userId}/sessions`: `{"result":[...]}`, or 404 when there is none.
pub(crate) async fn sessions(state: web::Data<SimState>, path: web::Path<String>) -> HttpResponse {
    let sessions = state.sessions_of(&path);
    if sessions.is_empty() {
        return HttpResponse::NotFound().json(json!({"error": "No sessions found"}));
    }
    HttpResponse::Ok().json(json!({ "result": sessions }))
}

/// `DELETE /oauth/api/v1/users/{userId}/sessions?removeTokens=true`: 204 whatever happened.
pub(crate) async fn end_sessions(
    state: web::Data<SimState>,
    path: web::Path<String>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
) -> HttpResponse {
    if !ctx.silent_delete_failure {
        state.end_sessions(&path, &caller(&req, &ctx));
    }
    HttpResponse::NoContent().finish()
}
