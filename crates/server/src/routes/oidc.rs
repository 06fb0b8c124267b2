//! Single sign-on: the browser is sent to the OpenID Connect provider and comes back to the
//! callback, which logs the agent in with a new cookie session.

use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, get, web};
use cs_api::{AuditAction, AuditOutcome, AuthMethod, Problem};
use cs_auth::oidc::{self, Callback, OidcClient, SsoError, SsoLogin};
use cs_auth::web_session;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::audited;
use crate::auth_state::AuthState;
use crate::error::ApiError;

/// The agent named in the audit record of a failed SSO login: no ID token said who it was.
const UNKNOWN_AGENT: &str = "(unknown)";

/// Where to go after logging in.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LoginParams {
    /// A path on this site (`/users/abc`); anything else (another host, a scheme) means `/`.
    #[serde(rename = "returnTo")]
    #[param(rename = "returnTo", example = "/users/abc")]
    return_to: Option<String>,
}

/// What the provider sends the browser back with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handler reads it leniently itself.
pub struct CallbackParams {
    /// The authorization code.
    code: Option<String>,
    /// The state of the login this browser started.
    state: Option<String>,
    /// The provider's error code (`access_denied`, ...), instead of a code.
    error: Option<String>,
}

fn provider(auth: &AuthState) -> Result<&OidcClient, ApiError> {
    auth.oidc.as_ref().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "sso-disabled",
            "Single sign-on is not enabled",
            "This server has no OpenID Connect provider configured (oidc.enabled).",
        )
    })
}

fn session_failed(error: &dyn std::fmt::Display) -> ApiError {
    tracing::error!(error = %error, "session storage failed");
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        "Internal error",
        "The session could not be stored.",
    )
}

fn see_other(location: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, location));
    response
}

/// Start a single sign-on login.
///
/// Redirects the browser to the OpenID Connect provider (authorization code flow with PKCE),
/// remembering state, nonce and `returnTo` in the cookie session until the callback.
#[utoipa::path(
    operation_id = "startSsoLogin",
    tag = "session",
    params(LoginParams),
    responses(
        (status = 302, description = "To the provider's login page.",
            headers(("Location" = String, description = "The provider's authorization URL."))),
        (status = 400, description = "The query is malformed.", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Single sign-on is not enabled.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/session/oidc/login")]
pub async fn sso_login(
    session: Session,
    auth: web::Data<AuthState>,
    params: web::Query<LoginParams>,
) -> Result<HttpResponse, ApiError> {
    let oidc = provider(&auth)?;
    let (url, pending) = oidc.begin(params.return_to.as_deref().unwrap_or("/"));
    oidc::store(&session, &pending).map_err(|e| session_failed(&e))?;
    Ok(HttpResponse::Found()
        .insert_header((LOCATION, url.as_str()))
        .finish())
}

/// The single sign-on callback.
///
/// Where the provider sends the browser back. On success the agent is logged in (a new session
/// and `XSRF-TOKEN` cookie, as with a password login) and sent on to `returnTo`; otherwise to
/// `/login?sso_error=<code>` with `code` one of `state_mismatch`, `exchange_failed`,
/// `invalid_id_token`, `nonce_mismatch`, `provider_error`, `expired`, `no_flow`, and nobody is
/// logged in. Either way the login in flight is over: a callback works once.
#[utoipa::path(
    operation_id = "finishSsoLogin",
    tag = "session",
    params(CallbackParams),
    responses(
        (status = 303, description = "Logged in: to `returnTo`; or not: to `/login?sso_error=<code>`.",
            headers(("Location" = String, description = "Where the browser goes next."))),
        (status = 404, description = "Single sign-on is not enabled.", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The audit trail cannot be written; nobody was logged in.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/session/oidc/callback")]
pub async fn sso_callback(
    req: HttpRequest,
    session: Session,
    auth: web::Data<AuthState>,
) -> Result<HttpResponse, ApiError> {
    let oidc = provider(&auth)?;
    let pending = oidc::take(&session).unwrap_or_else(|error| {
        tracing::error!(error = %error, "the login in flight could not be read");
        None
    });
    match oidc.complete(pending, &callback(req.query_string())).await {
        Ok(login) => logged_in(&req, &session, &auth, login).await,
        Err(error) => Ok(refused(&req, &auth, &error).await),
    }
}

/// The callback's parameters; a repeated one counts as absent (so a repeated `state` fails).
fn callback(query: &str) -> Callback {
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let one = |key: &str| {
        let mut values = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v);
        match (values.next(), values.next()) {
            (Some(value), None) if !value.is_empty() => Some(value.clone()),
            _ => None,
        }
    };
    Callback {
        code: one("code"),
        state: one("state"),
        error: one("error"),
    }
}

async fn logged_in(
    req: &HttpRequest,
    session: &Session,
    auth: &AuthState,
    login: SsoLogin,
) -> Result<HttpResponse, ApiError> {
    let identity = login.identity;
    let principal = auth.accounts.principal(
        &identity.username,
        identity.display_name.as_deref(),
        AuthMethod::Oidc,
        &identity.authorities,
    );
    let mut record = audited::record(
        req,
        &principal.username,
        AuthMethod::Oidc,
        AuditAction::Login,
    );
    record.outcome = AuditOutcome::Succeeded;
    audited::write(&auth.audit, record).await?;
    let token =
        web_session::start(session, &principal, &auth.clock).map_err(|e| session_failed(&e))?;
    tracing::info!(agent = %principal.username, "sso login");
    Ok(see_other(&login.return_to)
        .cookie(auth.xsrf_cookie(&token))
        .finish())
}

async fn refused(req: &HttpRequest, auth: &AuthState, error: &SsoError) -> HttpResponse {
    tracing::info!(sso.error = error.code(), "sso login refused");
    // Without a login in flight nobody tried to log in here: nothing to audit (and no way for
    // anyone to fill the trail by calling the callback).
    if *error != SsoError::NoFlow {
        let mut record = audited::record(
            req,
            UNKNOWN_AGENT,
            AuthMethod::Oidc,
            AuditAction::LoginFailed,
        );
        record.outcome = AuditOutcome::Failed;
        record.detail = Some(error.detail());
        // A failure is logged by `write`; the agent is refused either way.
        let _ = audited::write(&auth.audit, record).await;
    }
    see_other(&format!("/login?sso_error={}", error.code())).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callback_parameters_given_twice_count_as_absent() {
        let c = callback("code=c1&state=s1&state=s2&error=");
        assert_eq!(c.code.as_deref(), Some("c1"));
        assert_eq!(c.state, None);
        assert_eq!(c.error, None);
        assert_eq!(callback("state=a%2Bb").state.as_deref(), Some("a+b"));
    }
}
