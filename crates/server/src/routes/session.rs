//! Logging in and out, and who is logged in.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderValue, RETRY_AFTER};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use cs_api::{
    AuditAction, AuditOutcome, AuthMethod, LoginOptions, LoginRequest, Problem,
    Session as SessionBody,
};
use cs_auth::{Principal, web_session};
use time::OffsetDateTime;

use crate::audited;
use crate::auth_state::AuthState;
use crate::caller::Caller;
use crate::error::ApiError;

/// The wire form of a session of `principal` ending at `expires_at` (Unix seconds; none for tokens).
fn body(principal: &Principal, expires_at: Option<i64>) -> SessionBody {
    SessionBody {
        agent: principal.agent(),
        auth_method: principal.method,
        authorities: principal.grants.iter().cloned().collect(),
        permissions: principal.permissions(),
        expires_at: expires_at.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok()),
    }
}

/// Who is logged in.
///
/// The agent, how they authenticated and what they may do. 401 when nobody is.
#[utoipa::path(
    operation_id = "getSession",
    tag = "session",
    responses(
        (status = 200, description = "The current agent.", body = SessionBody),
        (status = 401, description = "Not logged in, or the session ended.", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/session")]
pub async fn get_session(caller: Caller) -> web::Json<SessionBody> {
    web::Json(body(caller.principal(), caller.session_expires_at()))
}

/// How agents can log in.
#[utoipa::path(
    operation_id = "getLoginOptions",
    tag = "session",
    responses((status = 200, description = "The login methods.", body = LoginOptions)),
    security(())
)]
#[get("/session/options")]
pub async fn login_options(auth: web::Data<AuthState>) -> web::Json<LoginOptions> {
    web::Json(LoginOptions {
        password: auth.accounts.has_password_logins(),
        oidc: auth.oidc.is_some(),
        oidc_label: auth
            .oidc
            .as_ref()
            .and_then(|oidc| oidc.label())
            .map(str::to_owned),
    })
}

/// Log in with username and password.
///
/// Starts a cookie session (a new session id) and sets the `XSRF-TOKEN` cookie, whose value must
/// be sent as `X-XSRF-TOKEN` on every changing request. Unknown usernames and wrong passwords get
/// the same answer. Repeated failures are refused with 429 for a while.
#[utoipa::path(
    operation_id = "login",
    tag = "session",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in.", body = SessionBody),
        (status = 400, description = "The body is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong username or password.", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The body is not JSON.", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed logins; see `Retry-After`.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The audit trail cannot be written.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/session")]
pub async fn login(
    req: HttpRequest,
    session: Session,
    auth: web::Data<AuthState>,
    credentials: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = credentials.into_inner();
    if username.is_empty() || username.len() > 128 || password.len() > 1024 {
        return Err(ApiError::bad_request(
            "`username` must be 1 to 128 characters and `password` at most 1024",
        ));
    }
    let address = audited::client_ip(&req).unwrap_or_default();
    if let Err(wait) = auth.throttle.check(&username, &address) {
        let seconds = wait.as_secs().max(1);
        return Err(ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "too-many-logins",
            "Too many failed logins",
            format!("Too many failed logins for this username or address; try again in {seconds} seconds."),
        )
        .with_header(RETRY_AFTER, HeaderValue::from(seconds)));
    }
    let Some(principal) = auth.accounts.verify_password(&username, &password).await else {
        auth.throttle.failed(&username, &address);
        let mut record = audited::record(
            &req,
            &username,
            AuthMethod::Password,
            AuditAction::LoginFailed,
        );
        record.outcome = AuditOutcome::Failed;
        record.detail = Some("wrong username or password".into());
        audited::write(&auth.audit, record).await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "login-failed",
            "Login failed",
            "Wrong username or password.",
        ));
    };
    let mut record = audited::record(
        &req,
        &principal.username,
        AuthMethod::Password,
        AuditAction::Login,
    );
    record.outcome = AuditOutcome::Succeeded;
    audited::write(&auth.audit, record).await?;
    let token = web_session::start(&session, &principal, &auth.clock).map_err(|error| {
        tracing::error!(error = %error, "session could not be started");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal error",
            "The session could not be started.",
        )
    })?;
    let expires_at = auth
        .clock
        .unix_secs()
        .saturating_add(i64::try_from(auth.policy.absolute_timeout.as_secs()).unwrap_or(i64::MAX));
    Ok(HttpResponse::Ok()
        .cookie(auth.xsrf_cookie(&token))
        .json(body(&principal, Some(expires_at))))
}

/// Log out.
///
/// Ends the cookie session at once: its cookie is worthless from now on, wherever it was copied.
#[utoipa::path(
    operation_id = "logout",
    tag = "session",
    responses(
        (status = 204, description = "Logged out."),
        (status = 401, description = "Not logged in.", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The CSRF token is missing or wrong.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []), ("bearer" = []))
)]
#[delete("/session")]
pub async fn logout(
    req: HttpRequest,
    caller: Caller,
    session: Session,
    auth: web::Data<AuthState>,
) -> Result<HttpResponse, ApiError> {
    let principal = caller.principal();
    let mut record = audited::record(
        &req,
        &principal.username,
        principal.method,
        AuditAction::Logout,
    );
    record.outcome = AuditOutcome::Succeeded;
    audited::write(&auth.audit, record).await?;
    web_session::end(&session);
    Ok(HttpResponse::NoContent()
        .cookie(auth.xsrf_cookie(""))
        .finish())
}
