//! Single sign-on: the browser is sent to the OpenID Connect provider and comes back to the
//! callback, which logs the agent in with a new cookie session.

use actix_session::Session;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, get, web};
use cs_api::Problem;
use cs_auth::oidc::Callback;
use cs_auth::{AuthService, SsoOutcome};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::extractors::origin::RequestOrigin;
use crate::middleware::session::{Cookies, FlowCookie};
use crate::problem::ApiError;

/// Where to go after logging in.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct LoginParams {
    /// A path on this site (`/users/abc`); anything else (another host, a scheme) means `/`.
    #[serde(rename = "returnTo")]
    #[param(rename = "returnTo", example = "/users/abc")]
    return_to: Option<String>,
}

/// What the provider sends the browser back with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handler reads it leniently itself.
pub(crate) struct CallbackParams {
    /// The authorization code.
    code: Option<String>,
    /// The state of the login this browser started.
    state: Option<String>,
    /// The provider's error code (`access_denied`, ...), instead of a code.
    error: Option<String>,
}

fn see_other(location: &str) -> actix_web::HttpResponseBuilder {
    let mut response = HttpResponse::SeeOther();
    response.insert_header((LOCATION, location));
    response
}

/// Start a single sign-on login.
///
/// Redirects the browser to the OpenID Connect provider (authorization code flow with PKCE),
/// remembering state, nonce and `returnTo` in an encrypted cookie until the callback (nothing
/// is stored on the server).
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
pub(crate) async fn sso_login(
    auth: web::Data<AuthService>,
    flow: web::Data<FlowCookie>,
    params: web::Query<LoginParams>,
) -> Result<HttpResponse, ApiError> {
    let (url, pending) = auth.begin_sso(params.return_to.as_deref().unwrap_or("/"))?;
    let cookie = flow
        .keep(&pending)
        .ok_or_else(|| ApiError::internal("The login in flight could not be kept"))?;
    Ok(HttpResponse::Found()
        .insert_header((LOCATION, url.as_str()))
        .cookie(cookie)
        .finish())
}

/// The single sign-on callback.
///
/// Where the provider sends the browser back. On success the agent is logged in (a new session
/// and `XSRF-TOKEN` cookie, as with a password login) and sent on to `returnTo`; otherwise to
/// `/login?sso_error=<code>` with `code` one of `state_mismatch`, `exchange_failed`,
/// `invalid_id_token`, `nonce_mismatch`, `provider_error`, `expired`, `no_flow`, `throttled`
/// (too many failed callbacks from this address), and nobody is logged in. Either way the login
/// in flight is over: a callback works once.
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
pub(crate) async fn sso_callback(
    req: HttpRequest,
    origin: RequestOrigin,
    session: Session,
    auth: web::Data<AuthService>,
    cookies: web::Data<Cookies>,
    flow: web::Data<FlowCookie>,
) -> Result<HttpResponse, ApiError> {
    let callback = callback(req.query_string());
    let pending = flow.read(&req);
    let mut response = match auth
        .finish_sso(&session, &origin.0, pending, &callback)
        .await?
    {
        SsoOutcome::LoggedIn { login, return_to } => {
            let mut response = see_other(&return_to);
            response.cookie(cookies.xsrf(&login.csrf_token));
            response
        }
        SsoOutcome::Refused(error) => see_other(&format!("/login?sso_error={}", error.code())),
    };
    Ok(response.cookie(flow.clear()).finish())
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
