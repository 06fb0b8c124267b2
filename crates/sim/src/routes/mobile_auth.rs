//! Token Server Mobile Authentication API v4 (ONEGINI-APIS.md §7): which devices can be asked,
//! asking one, and polling for the answer. The paths and the `enabled` shape are \[DOC\]; the
//! answer of starting one and the statuses are \[INFERRED\].

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::caller::caller;
use crate::errors;
use crate::gate::CallContext;
use crate::mobile_auth::{PushStatus, StartError};
use crate::model::Device;
use crate::seed::events::client_id_of;
use crate::store::SimState;

/// The one type of mobile authentication the simulator offers: a push to the app.
const PUSH_AUTH: &str = "PUSH_AUTH";
/// The longest `message` accepted, in characters [OURS: the vendor states no limit].
const MAX_MESSAGE_CHARS: usize = 1000;

/// `{"enabled":[...]}`: one entry per available type.
#[derive(Serialize)]
struct Enabled {
    enabled: Vec<EnabledType>,
}

#[derive(Serialize)]
struct EnabledType {
    #[serde(rename = "type")]
    kind: &'static str,
    method: &'static str,
    sms_fallback_allowed: bool,
    apps_enrolled_for_push: Vec<EnrolledApp>,
}

#[derive(Serialize)]
struct EnrolledApp {
    /// The OAuth client id of the app.
    app_id: &'static str,
    app_name: &'static str,
    device_id: String,
    device_name: String,
    platform: &'static str,
}

/// The types available with these push-enrolled devices: `PUSH_AUTH` over all of them, or
/// nothing when there is none.
fn enabled(devices: Vec<Device>) -> HttpResponse {
    let apps: Vec<EnrolledApp> = devices
        .into_iter()
        .map(|d| EnrolledApp {
            app_id: client_id_of(d.application).unwrap_or(d.application),
            app_name: d.application,
            device_id: d.id,
            device_name: d.name,
            platform: d.platform,
        })
        .collect();
    let enabled = if apps.is_empty() {
        Vec::new()
    } else {
        vec![EnabledType {
            kind: PUSH_AUTH,
            method: "PUSH",
            sms_fallback_allowed: false,
            apps_enrolled_for_push: apps,
        }]
    };
    HttpResponse::Ok().json(Enabled { enabled })
}

fn not_found(message: &str) -> HttpResponse {
    errors::token_server(StatusCode::NOT_FOUND, "not_found", message)
}

fn invalid(message: &str) -> HttpResponse {
    errors::token_server(StatusCode::BAD_REQUEST, "invalid_request", message)
}

/// `GET /oauth/api/v4/authenticate/user/{user_id}/enabled`.
pub(crate) async fn user_enabled(
    state: web::Data<SimState>,
    path: web::Path<String>,
) -> HttpResponse {
    match state.push_devices(&path) {
        Some(devices) => enabled(devices),
        None => not_found("User not found"),
    }
}

/// `GET /oauth/api/v4/authenticate/user/{user_id}/device/{device_id}/enabled`.
pub(crate) async fn device_enabled(
    state: web::Data<SimState>,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let (user_id, device_id) = path.into_inner();
    match state.device_of(&user_id, &device_id) {
        Ok(device) => {
            let with_push = Some(device).filter(|d| d.push_authentication_enabled);
            enabled(with_push.into_iter().collect())
        }
        Err(error) => refused(error),
    }
}

/// The answer to a request for an unknown user or device, or a device without push.
fn refused(error: StartError) -> HttpResponse {
    match error {
        StartError::UnknownUser => not_found("User not found"),
        StartError::UnknownDevice => not_found("Device not found"),
        StartError::NotEnabled => errors::token_server(
            StatusCode::BAD_REQUEST,
            "mobile_authentication_not_enabled",
            "The device is not enabled for push authentication",
        ),
    }
}

/// A validated `POST /oauth/api/v4/authenticate/user` form.
#[derive(Debug, PartialEq, Eq)]
struct StartRequest {
    user_id: String,
    device_id: String,
    message: String,
}

/// Reads the form: every field present and not blank, `type` `PUSH_AUTH`, the message not
/// too long, and `callback_uri` (optional) an http(s) URL. The simulator never calls it back:
/// a client polls.
fn parse_start(body: &[u8]) -> Result<StartRequest, String> {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(body).into_owned().collect();
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.trim().is_empty())
            .ok_or_else(|| format!("{name} is required"))
    };
    let kind = field("type")?;
    let user_id = field("user_id")?;
    let device_id = field("device_id")?;
    let message = field("message")?;
    if kind != PUSH_AUTH {
        return Err(format!("type must be {PUSH_AUTH}"));
    }
    if message.chars().count() > MAX_MESSAGE_CHARS {
        return Err(format!(
            "message must be at most {MAX_MESSAGE_CHARS} characters"
        ));
    }
    if let Ok(callback) = field("callback_uri") {
        let url = url::Url::parse(callback).map_err(|_| "callback_uri must be a URL")?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err("callback_uri must be an http or https URL".to_owned());
        }
    }
    Ok(StartRequest {
        user_id: user_id.to_owned(),
        device_id: device_id.to_owned(),
        message: message.to_owned(),
    })
}

/// `POST /oauth/api/v4/authenticate/user`: sends a push; 200
/// `{"transaction_id","expires_in"}`.
pub(crate) async fn start(
    state: web::Data<SimState>,
    ctx: web::ReqData<CallContext>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let request = match parse_start(&body) {
        Ok(request) => request,
        Err(message) => return invalid(&message),
    };
    let started = state.start_push(
        &request.user_id,
        &request.device_id,
        &request.message,
        &caller(&req, &ctx),
    );
    match started {
        Ok(transaction) => {
            #[derive(Serialize)]
            struct Started {
                transaction_id: String,
                expires_in: i64,
            }
            HttpResponse::Ok().json(Started {
                expires_in: transaction.expires_in(transaction.created_ms),
                transaction_id: transaction.id,
            })
        }
        Err(error) => refused(error),
    }
}

/// `GET /oauth/api/v4/authenticate/transaction/{transaction_id}`:
/// `{"transaction_id","status","expires_in"}`.
pub(crate) async fn transaction(
    state: web::Data<SimState>,
    path: web::Path<String>,
) -> HttpResponse {
    let Some(transaction) = state.push_transaction(&path) else {
        return not_found("Transaction not found");
    };
    #[derive(Serialize)]
    struct Status {
        transaction_id: String,
        status: PushStatus,
        expires_in: i64,
    }
    HttpResponse::Ok().json(Status {
        expires_in: transaction.expires_in(state.now_ms()),
        status: transaction.status,
        transaction_id: transaction.id,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn a_start_form_needs_every_field_a_known_type_and_a_short_message() {
        let ok = parse_start(b"type=PUSH_AUTH&user_id=u&device_id=d&message=Is+it+you%3F").unwrap();
        assert_eq!(ok.message, "Is it you?");
        let long = "x".repeat(MAX_MESSAGE_CHARS);
        let form = format!("type=PUSH_AUTH&user_id=u&device_id=d&message={long}");
        assert!(parse_start(form.as_bytes()).is_ok());
        for (bad, error) in [
            ("user_id=u&device_id=d&message=m", "type is required"),
            (
                "type=PUSH_AUTH&device_id=d&message=m",
                "user_id is required",
            ),
            (
                "type=PUSH_AUTH&user_id=u&message=m",
                "device_id is required",
            ),
            (
                "type=PUSH_AUTH&user_id=u&device_id=d&message=+",
                "message is required",
            ),
            (
                "type=OTP&user_id=u&device_id=d&message=m",
                "type must be PUSH_AUTH",
            ),
            (
                &format!("{form}x"),
                "message must be at most 1000 characters",
            ),
            (
                "type=PUSH_AUTH&user_id=u&device_id=d&message=m&callback_uri=nope",
                "callback_uri must be a URL",
            ),
        ] {
            assert_eq!(parse_start(bad.as_bytes()).unwrap_err(), error, "{bad}");
        }
    }
}
