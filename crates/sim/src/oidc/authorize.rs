//! `GET /oidc/authorize` shows the login form; `POST /oidc/authorize` checks the agent and sends
//! the browser back to the client with a code.

use actix_web::http::header::{CACHE_CONTROL, LOCATION};
use actix_web::{HttpRequest, HttpResponse, web};

use super::OidcProvider;
use super::agents;
use super::codes::Grant;
use super::pages;
use super::params::Params;
use super::request::{self, Rejection};

fn redirect(location: &str) -> HttpResponse {
    HttpResponse::Found()
        .insert_header((LOCATION, location))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish()
}

fn reject(rejection: Rejection) -> HttpResponse {
    match rejection {
        Rejection::Page(message) => pages::error(&message),
        Rejection::Redirect {
            redirect_uri,
            state,
            error,
            description,
        } => {
            let pairs = [
                ("error", error),
                ("error_description", description.as_str()),
            ];
            match Rejection::redirect_url(&redirect_uri, state.as_deref(), &pairs) {
                Some(location) => redirect(&location),
                None => pages::error("The redirect URI cannot be used."),
            }
        }
    }
}

/// `GET /oidc/authorize?client_id=&redirect_uri=&response_type=code&scope=openid&state=&nonce=
/// &code_challenge=&code_challenge_method=S256`: the login form, or why not.
pub(crate) async fn page(provider: web::Data<OidcProvider>, req: HttpRequest) -> HttpResponse {
    let params = match Params::parse(req.query_string().as_bytes()) {
        Ok(params) => params,
        Err(message) => return pages::error(&format!("The request is malformed: {message}.")),
    };
    match request::validate(&params, &provider.client) {
        Ok(request) => pages::login(&request, None, ""),
        Err(rejection) => reject(rejection),
    }
}

/// `POST /oidc/authorize` (the login form): the request again, checked again, plus `username`
/// and `password`, or `cancel`.
pub(crate) async fn submit(provider: web::Data<OidcProvider>, body: web::Bytes) -> HttpResponse {
    let params = match Params::parse(&body) {
        Ok(params) => params,
        Err(message) => return pages::error(&format!("The form is malformed: {message}.")),
    };
    let request = match request::validate(&params, &provider.client) {
        Ok(request) => request,
        Err(rejection) => return reject(rejection),
    };
    if params.get("cancel").is_some() {
        return reject(Rejection::Redirect {
            redirect_uri: request.redirect_uri,
            state: request.state,
            error: "access_denied",
            description: "the agent cancelled signing in".into(),
        });
    }
    let username = params.get("username").unwrap_or_default();
    let password = params.get("password").unwrap_or_default();
    let Some(agent) = agents::authenticate(username, password) else {
        tracing::debug!("oidc sign-in refused: wrong username or password");
        return pages::login(&request, Some("Wrong username or password."), username);
    };
    tracing::debug!(agent = agent.username, "oidc sign-in");
    let code = provider.codes.issue(Grant::new(
        request.client_id,
        request.redirect_uri.clone(),
        request.nonce,
        request.code_challenge,
        agent,
    ));
    match Rejection::redirect_url(
        &request.redirect_uri,
        request.state.as_deref(),
        &[("code", &code)],
    ) {
        Some(location) => redirect(&location),
        None => pages::error("The redirect URI cannot be used."),
    }
}
