//! Logging in and out, and who is logged in.

use actix_session::Session;
use actix_web::{HttpResponse, delete, get, post, web};
use cs_api::{LoginOptions, LoginRequest, Problem, Session as SessionBody};
use cs_auth::{AuthService, Principal};
use time::OffsetDateTime;

use crate::extractors::caller::Caller;
use crate::extractors::origin::RequestOrigin;
use crate::middleware::session::Cookies;
use crate::problem::{ApiError, ProblemType};

/// The wire form of a session of `principal` ending at `expires_at` (Unix seconds; none for tokens).
pub(crate) fn body(principal: &Principal, expires_at: Option<i64>) -> SessionBody {
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
pub(crate) async fn get_session(caller: Caller) -> web::Json<SessionBody> {
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
pub(crate) async fn login_options(auth: web::Data<AuthService>) -> web::Json<LoginOptions> {
    web::Json(auth.login_options())
}

/// Log in with username and password.
///
/// Starts a cookie session (a new session id) and sets the `XSRF-TOKEN` cookie, whose value must
/// be sent as `X-XSRF-TOKEN` on every changing request. Unknown usernames and wrong passwords get
/// the same answer. Repeated failures (attempts in progress count) are refused with 429 for a
/// while; when every password check is busy the answer is 503 at once.
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
        (status = 503, description = "The audit trail cannot be written (`audit-unavailable`), or every password check is busy (`login-busy`, see `Retry-After`).", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/session")]
pub(crate) async fn login(
    origin: RequestOrigin,
    session: Session,
    auth: web::Data<AuthService>,
    cookies: web::Data<Cookies>,
    credentials: web::Json<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest { username, password } = credentials.into_inner();
    let login = auth
        .log_in(&session, &origin.0, &username, &password)
        .await?;
    Ok(HttpResponse::Ok()
        .cookie(cookies.xsrf(&login.csrf_token))
        .json(body(&login.principal, Some(login.expires_at))))
}

/// Log out.
///
/// Ends the cookie session at once: its cookie is worthless from now on, wherever it was copied.
/// A logout always ends the session, even when its audit record cannot be written.
#[utoipa::path(
    operation_id = "logout",
    tag = "session",
    responses(
        (status = 204, description = "Logged out."),
        (status = 401, description = "No cookie session to end (a bearer token has none).", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "The CSRF token is missing or wrong.", body = Problem, content_type = "application/problem+json"),
    ),
    security(("session" = []))
)]
#[delete("/session")]
pub(crate) async fn logout(
    caller: Caller,
    session: Session,
    auth: web::Data<AuthService>,
    cookies: web::Data<Cookies>,
) -> Result<HttpResponse, ApiError> {
    if caller.session_expires_at().is_none() {
        return Err(ApiError::new(
            ProblemType::Unauthorized,
            "Logging out ends a cookie session; a bearer token has none (it ends when it expires).",
        ));
    }
    auth.log_out(&session, &caller.actor()).await;
    Ok(HttpResponse::NoContent().cookie(cookies.xsrf("")).finish())
}
