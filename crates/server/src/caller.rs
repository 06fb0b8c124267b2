//! Who is calling, and what they may see and do.
//!
//! Every handler that touches end-user data takes a [`Caller`]: a bearer token when the request
//! carries `Authorization: Bearer`, else the cookie session (whose changing requests must carry the
//! CSRF token). Handlers only ask it for permissions and field access.

use std::sync::Arc;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use actix_web::http::{Method, StatusCode};
use actix_web::{FromRequest, HttpRequest, web};
use cs_auth::web_session::{self, constant_time_eq};
use cs_auth::{Principal, SessionStatus};
use cs_domain::FieldAccess;
use futures::future::LocalBoxFuture;

use crate::auth_state::{AuthState, XSRF_COOKIE, XSRF_HEADER};
use crate::error::ApiError;

/// The authenticated identity behind a request.
#[derive(Debug, Clone)]
pub struct Caller {
    principal: Arc<Principal>,
    expires_at: Option<i64>,
}

fn unauthorized(detail: &str, challenge: &'static str) -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "Authentication required",
        detail,
    )
    .with_header(WWW_AUTHENTICATE, HeaderValue::from_static(challenge))
}

fn forbidden(detail: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "forbidden",
        "Permission denied",
        detail,
    )
}

fn internal() -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "The request could not be authenticated because of an internal error; it has been logged.",
    )
}

impl Caller {
    /// The agent.
    pub fn principal(&self) -> &Principal {
        &self.principal
    }

    /// When a cookie session ends at the latest (epoch seconds); `None` for bearer tokens.
    pub fn session_expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// The person fields this caller may read.
    pub fn field_access(&self) -> FieldAccess {
        self.principal.field_access()
    }

    /// Refuses a caller who may not read users.
    pub fn require_read_users(&self) -> Result<(), ApiError> {
        if self.principal.may_read_users() {
            Ok(())
        } else {
            Err(forbidden(
                "Reading end users needs USERS_ALL or a group with USERS_READ.",
            ))
        }
    }

    /// Refuses a caller without the `DELETE_DEVICE` permission.
    pub fn require_delete_device(&self) -> Result<(), ApiError> {
        if self.principal.may_delete_devices() {
            Ok(())
        } else {
            Err(forbidden(
                "Deleting a device needs the DELETE_DEVICE permission.",
            ))
        }
    }

    /// Refuses a caller who may not read the audit trail.
    pub fn require_read_audit(&self) -> Result<(), ApiError> {
        if self.principal.may_read_audit() {
            Ok(())
        } else {
            Err(forbidden(
                "Reading the audit trail needs the AGENTS_READ authority.",
            ))
        }
    }
}

/// Changing methods must prove, with the CSRF token, that the page sending them is ours.
fn is_changing(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The double submit: the header must equal the cookie, and both the session's own token.
fn csrf_ok(req: &HttpRequest, expected: &str) -> bool {
    let header = req.headers().get(XSRF_HEADER).and_then(|v| v.to_str().ok());
    let cookie = req.cookie(XSRF_COOKIE);
    match (header, cookie) {
        (Some(header), Some(cookie)) => {
            constant_time_eq(header, cookie.value()) && constant_time_eq(header, expected)
        }
        _ => false,
    }
}

async fn from_bearer(auth: &AuthState, header: &HeaderValue) -> Result<Caller, ApiError> {
    let challenge = "Bearer error=\"invalid_token\"";
    // UTF-8 rather than `HeaderValue::to_str`, which checks a long token byte by byte (most of
    // this function's time in the profile of a cached read); a JWT is plain ASCII either way.
    let token = std::str::from_utf8(header.as_bytes())
        .ok()
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            unauthorized(
                "The Authorization header must be `Bearer <token>`.",
                challenge,
            )
        })?;
    let bearer = auth
        .bearer
        .as_ref()
        .ok_or_else(|| unauthorized("Bearer tokens are not accepted by this server.", "Bearer"))?;
    match bearer.principal(token, &auth.accounts).await {
        Ok(principal) => Ok(Caller {
            principal,
            expires_at: None,
        }),
        Err(error) if error.is_server_fault() => {
            tracing::error!(error = %error, "bearer keys unavailable");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "keys-unavailable",
                "Token keys unavailable",
                "The keys to verify bearer tokens cannot be fetched right now; try again shortly.",
            ))
        }
        Err(error) => Err(unauthorized(
            &format!("The bearer token is not valid: {error}"),
            challenge,
        )),
    }
}

fn from_session(auth: &AuthState, req: &HttpRequest) -> Result<Caller, ApiError> {
    let session = req.get_session();
    let status = web_session::current(&session, &auth.policy, &auth.clock).map_err(|error| {
        tracing::error!(error = %error, "session storage failed");
        internal()
    })?;
    match status {
        SessionStatus::Active {
            principal,
            csrf_token,
            expires_at,
        } => {
            if is_changing(req.method()) && !csrf_ok(req, &csrf_token) {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "csrf",
                    "Missing or wrong CSRF token",
                    "This change must carry the X-XSRF-TOKEN header matching the XSRF-TOKEN cookie; reload the page and try again.",
                ));
            }
            Ok(Caller {
                principal: Arc::new(principal),
                expires_at: Some(expires_at),
            })
        }
        SessionStatus::Expired => Err(unauthorized(
            "Your session has ended; log in again.",
            "Bearer",
        )),
        SessionStatus::Anonymous => Err(unauthorized(
            "Log in (POST /api/v1/session) or send a bearer token.",
            "Bearer",
        )),
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let auth = req
                .app_data::<web::Data<AuthState>>()
                .ok_or_else(internal)?;
            match req.headers().get(AUTHORIZATION) {
                Some(header) => from_bearer(auth, header).await,
                None => from_session(auth, &req),
            }
        })
    }
}
