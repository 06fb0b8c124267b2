//! Who is calling, and what they may see and do.
//!
//! Every handler that touches end-user data takes a [`Caller`]: a bearer token when the request
//! carries `Authorization: Bearer`, else the cookie session (whose changing requests must carry the
//! CSRF token). Handlers only ask it for permissions and field access.

use std::net::IpAddr;
use std::sync::Arc;

use actix_session::SessionExt;
use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use actix_web::{FromRequest, HttpRequest, web};
use cs_auth::{AuthService, Principal, SessionStatus};
use cs_domain::{Actor, FieldAccess, Origin};
use futures::future::LocalBoxFuture;
use subtle::ConstantTimeEq;

use crate::extractors::origin::client_ip;
use crate::middleware::context::RequestContext;
use crate::middleware::session::{XSRF_COOKIE, XSRF_HEADER};
use crate::problem::{ApiError, ProblemType};

/// The authenticated identity behind a request.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    principal: Arc<Principal>,
    expires_at: Option<i64>,
    /// The client address (kept as is: most requests never need it as text).
    client_ip: Option<IpAddr>,
}

fn unauthorized(detail: &str, challenge: &'static str) -> ApiError {
    ApiError::new(ProblemType::Unauthorized, detail)
        .with_header(WWW_AUTHENTICATE, HeaderValue::from_static(challenge))
}

fn forbidden(detail: &str) -> ApiError {
    ApiError::new(ProblemType::Forbidden, detail)
}

fn internal() -> ApiError {
    ApiError::internal("The request could not be authenticated because of an internal error")
}

impl Caller {
    /// The agent.
    pub(crate) fn principal(&self) -> &Principal {
        &self.principal
    }

    /// When a cookie session ends at the latest (epoch seconds); `None` for bearer tokens.
    pub(crate) fn session_expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// The agent as the audit trail records them, asking from where this request comes.
    pub(crate) fn actor(&self) -> Actor {
        let origin = Origin {
            request_id: RequestContext::current().map(|c| c.id),
            client_ip: self.client_ip.map(|ip| ip.to_string()),
        };
        origin.actor(&self.principal.username, self.principal.method)
    }

    /// The person fields this caller may read.
    pub(crate) fn field_access(&self) -> FieldAccess {
        self.principal.field_access()
    }

    /// Refuses a caller who may not read users.
    pub(crate) fn require_read_users(&self) -> Result<(), ApiError> {
        if self.principal.may_read_users() {
            Ok(())
        } else {
            Err(forbidden(
                "Reading end users needs USERS_ALL or a group with USERS_READ.",
            ))
        }
    }

    /// Refuses a caller without the `DELETE_DEVICE` permission.
    pub(crate) fn require_delete_device(&self) -> Result<(), ApiError> {
        if self.principal.may_delete_devices() {
            Ok(())
        } else {
            Err(forbidden(
                "Deleting a device needs the DELETE_DEVICE permission.",
            ))
        }
    }

    /// Refuses a caller without the `VERIFY_DEVICE` permission.
    pub(crate) fn require_verify_device(&self) -> Result<(), ApiError> {
        if self.principal.may_verify_devices() {
            Ok(())
        } else {
            Err(forbidden(
                "Verifying a caller needs the VERIFY_DEVICE permission.",
            ))
        }
    }

    /// Refuses a caller who may not read the audit trail.
    pub(crate) fn require_read_audit(&self) -> Result<(), ApiError> {
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
            let header = header.as_bytes();
            bool::from(header.ct_eq(cookie.value().as_bytes()) & header.ct_eq(expected.as_bytes()))
        }
        _ => false,
    }
}

async fn from_bearer(
    auth: &AuthService,
    req: &HttpRequest,
    header: &HeaderValue,
) -> Result<Caller, ApiError> {
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
    let verified = auth
        .bearer_principal(token)
        .await
        .ok_or_else(|| unauthorized("Bearer tokens are not accepted by this server.", "Bearer"))?;
    match verified {
        Ok(principal) => Ok(Caller {
            principal,
            expires_at: None,
            client_ip: client_ip(req),
        }),
        Err(error) if error.is_server_fault() => {
            tracing::error!(error = %error, "bearer keys unavailable");
            Err(ApiError::new(
                ProblemType::KeysUnavailable,
                "The keys to verify bearer tokens cannot be fetched right now; try again shortly.",
            ))
        }
        Err(error) => Err(unauthorized(
            &format!("The bearer token is not valid: {error}"),
            challenge,
        )),
    }
}

fn from_session(auth: &AuthService, req: &HttpRequest) -> Result<Caller, ApiError> {
    let status = auth.session(&req.get_session()).map_err(|error| {
        tracing::error!(error = %error, "session storage failed");
        internal()
    })?;
    match status {
        SessionStatus::Active {
            agent: principal,
            csrf_token,
            expires_at,
        } => {
            if is_changing(req.method()) && !csrf_ok(req, &csrf_token) {
                return Err(ApiError::new(
                    ProblemType::Csrf,
                    "This change must carry the X-XSRF-TOKEN header matching the XSRF-TOKEN cookie; reload the page and try again.",
                ));
            }
            Ok(Caller {
                principal: Arc::new(principal),
                expires_at: Some(expires_at),
                client_ip: client_ip(req),
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
                .app_data::<web::Data<AuthService>>()
                .ok_or_else(internal)?;
            match req.headers().get(AUTHORIZATION) {
                Some(header) => from_bearer(auth, &req, header).await,
                None => from_session(auth, &req),
            }
        })
    }
}
