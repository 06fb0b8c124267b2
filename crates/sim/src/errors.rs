//! Error bodies in each product's shape, and the fallbacks that keep every error body JSON.

use actix_web::dev::ServiceResponse;
use actix_web::http::StatusCode;
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{HttpRequest, HttpResponse};
use serde::Serialize;
use serde_json::{Value, json};

use crate::route_id::Family;

/// Marks a response the fault injector built on purpose, so the JSON fallback leaves it alone.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Faulted;

/// Marks an error response that a product sends without a body, so the JSON fallback leaves
/// it alone.
#[derive(Clone, Copy, Debug)]
struct Bodiless;

/// An error status with no body at all (e.g. the CIM's 503 for a disabled feature).
pub(crate) fn bodiless(status: StatusCode) -> HttpResponse {
    let mut response = HttpResponse::build(status).finish();
    response.extensions_mut().insert(Bodiless);
    response
}

/// A Token Server device API error: `{"code","message","details"}`.
pub(crate) fn token_server(status: StatusCode, code: &str, message: &str) -> HttpResponse {
    token_server_with_details(status, code, message, Vec::new())
}

/// A Token Server error with per-item details.
pub(crate) fn token_server_with_details(
    status: StatusCode,
    code: &str,
    message: &str,
    details: Vec<Value>,
) -> HttpResponse {
    #[derive(Serialize)]
    struct Body<'a> {
        code: &'a str,
        message: &'a str,
        details: Vec<Value>,
    }
    HttpResponse::build(status).json(Body {
        code,
        message,
        details,
    })
}

/// A CIM error: `{"error_code","error_message"}`.
pub(crate) fn cim(status: StatusCode, error_code: u32, message: &str) -> HttpResponse {
    #[derive(Serialize)]
    struct Body<'a> {
        error_code: u32,
        error_message: &'a str,
    }
    HttpResponse::build(status).json(Body {
        error_code,
        error_message: message,
    })
}

/// An error of our own control routes: `{"error","message"}`.
pub(crate) fn control(status: StatusCode, error: &str, message: &str) -> HttpResponse {
    #[derive(Serialize)]
    struct Body<'a> {
        error: &'a str,
        message: &'a str,
    }
    HttpResponse::build(status).json(Body { error, message })
}

/// The 401 of each family, with a `WWW-Authenticate` challenge.
pub(crate) fn unauthorized(family: Family) -> HttpResponse {
    let (realm, body) = match family {
        Family::TokenServerDevices => (
            "Basic realm=\"oauth\"",
            json!({
                "code": "unauthorized",
                "message": "Full authentication is required to access this resource",
                "details": []
            }),
        ),
        // The events API answers 401 OAuth-style (ONEGINI-APIS.md §1: both shapes occur).
        Family::TokenServerEvents => (
            "Basic realm=\"oauth\"",
            json!({ "error": "invalid_client", "error_description": "Bad client credentials" }),
        ),
        Family::Cim => (
            "Basic realm=\"CIM\"",
            json!({ "error_code": 4010, "error_message": "Unauthorized" }),
        ),
    };
    HttpResponse::Unauthorized()
        .insert_header((header::WWW_AUTHENTICATE, realm))
        .json(body)
}

/// The family whose error shape a path should get, if it is under a vendor prefix.
fn family_of_path(path: &str) -> Option<Family> {
    if path == "/oauth/api/v1/events" {
        Some(Family::TokenServerEvents)
    } else if path.starts_with("/oauth") {
        Some(Family::TokenServerDevices)
    } else if path.starts_with("/api") {
        Some(Family::Cim)
    } else {
        None
    }
}

/// A code word for a status, used where the product has no specific one.
pub(crate) fn code_word(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "invalid_request",
        401 => "unauthorized",
        403 => "insufficient_permissions",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "request_timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        429 => "too_many_requests",
        503 => "service_unavailable",
        s if s >= 500 => "server_error",
        _ => "request_error",
    }
}

/// An error in the shape the path's product uses (ours under `/_sim` and elsewhere).
pub(crate) fn for_path(path: &str, status: StatusCode, message: &str) -> HttpResponse {
    match family_of_path(path) {
        Some(Family::TokenServerDevices | Family::TokenServerEvents) => {
            token_server(status, code_word(status), message)
        }
        Some(Family::Cim) => cim(status, u32::from(status.as_u16()) * 10, message),
        None => control(status, code_word(status), message),
    }
}

/// The app's default service: any unknown path.
pub(crate) async fn not_found(req: HttpRequest) -> HttpResponse {
    for_path(req.path(), StatusCode::NOT_FOUND, "No such resource")
}

/// Rewrites any error response that is not JSON (actix's own 405, 413, extractor errors)
/// into a JSON body of the path's family, keeping its status and headers such as `Allow`.
pub(crate) fn json_fallback<B>(
    res: ServiceResponse<B>,
) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    let on_purpose = {
        let extensions = res.response().extensions();
        extensions.get::<Faulted>().is_some() || extensions.get::<Bodiless>().is_some()
    };
    if is_json || on_purpose {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    let message = res
        .response()
        .error()
        .map(ToString::to_string)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_owned());
    let (req, old) = res.into_parts();
    let mut new = for_path(req.path(), status, &message);
    for (name, value) in old.headers() {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            new.headers_mut().append(name.clone(), value.clone());
        }
    }
    let res = ServiceResponse::new(req, new).map_into_right_body();
    Ok(ErrorHandlerResponse::Response(res))
}
