//! `POST /oidc/token`: an authorization code and its PKCE verifier for an ID token.

use std::time::{SystemTime, UNIX_EPOCH};

use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, PRAGMA, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse, web};
use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde_json::json;

use super::OidcProvider;
use super::codes::{Grant, random_token};
use super::params::Params;
use super::request::is_pkce_text;
use crate::auth::basic_credentials;
use subtle::ConstantTimeEq;

/// Lifetime of ID and access tokens, in seconds.
const TOKEN_TTL_SECS: i64 = 300;

/// An RFC 6749 §5.2 error.
struct TokenError {
    status: StatusCode,
    error: &'static str,
    description: &'static str,
    /// The client tried HTTP Basic: a 401 carries a Basic challenge.
    challenge: bool,
}

fn bad(error: &'static str, description: &'static str) -> TokenError {
    TokenError {
        status: StatusCode::BAD_REQUEST,
        error,
        description,
        challenge: false,
    }
}

impl TokenError {
    fn into_response(self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response
            .insert_header((CACHE_CONTROL, "no-store"))
            .insert_header((PRAGMA, "no-cache"));
        if self.challenge {
            response.insert_header((WWW_AUTHENTICATE, "Basic realm=\"oidc\""));
        }
        response.json(json!({ "error": self.error, "error_description": self.description }))
    }
}

#[derive(Serialize)]
struct IdTokenClaims<'a> {
    iss: &'a str,
    sub: &'a str,
    aud: &'a str,
    exp: i64,
    iat: i64,
    auth_time: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    nonce: Option<&'a str>,
    preferred_username: &'a str,
    name: &'a str,
    authorities: &'a [&'a str],
}

/// Decodes `application/x-www-form-urlencoded` text, as RFC 6749 §2.3.1 has clients encode
/// the id and secret before HTTP Basic.
fn form_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The client, authenticated by HTTP Basic or by `client_id` and `client_secret` in the body
/// (one method only, RFC 6749 §2.3).
fn authenticate_client(
    provider: &OidcProvider,
    req: &HttpRequest,
    params: &Params,
) -> Result<String, TokenError> {
    let basic = basic_credentials(req.headers());
    let posted = params.get("client_secret");
    let (id, secret, challenge) = match (basic, posted) {
        (Some(_), Some(_)) => {
            return Err(bad(
                "invalid_request",
                "use one client authentication method, not two",
            ));
        }
        (Some((id, secret)), None) => (form_decode(&id), form_decode(&secret), true),
        (None, Some(secret)) => (
            params.get("client_id").map(str::to_owned),
            Some(secret.to_owned()),
            false,
        ),
        (None, None) => (None, None, false),
    };
    let client = &provider.client;
    let (Some(id), Some(secret)) = (id, secret) else {
        return Err(TokenError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "client authentication is required",
            challenge: true,
        });
    };
    let id_ok = bool::from(id.as_bytes().ct_eq(client.client_id.as_bytes()));
    let secret_ok = bool::from(secret.as_bytes().ct_eq(client.client_secret.as_bytes()));
    if !(id_ok & secret_ok) {
        return Err(TokenError {
            status: StatusCode::UNAUTHORIZED,
            error: "invalid_client",
            description: "client authentication failed",
            challenge,
        });
    }
    if params.get("client_id").is_some_and(|posted| posted != id) {
        return Err(bad(
            "invalid_request",
            "client_id does not match the client",
        ));
    }
    Ok(id)
}

/// Whether `verifier` answers the S256 `challenge` (RFC 7636 §4.6).
fn pkce_ok(verifier: &str, challenge: &str) -> bool {
    let computed = URL_SAFE_NO_PAD.encode(digest(&SHA256, verifier.as_bytes()));
    is_pkce_text(verifier) && bool::from(computed.as_bytes().ct_eq(challenge.as_bytes()))
}

fn checked_grant(
    provider: &OidcProvider,
    client_id: &str,
    params: &Params,
) -> Result<Grant, TokenError> {
    if params.get("grant_type") != Some("authorization_code") {
        return Err(bad(
            "unsupported_grant_type",
            "only grant_type=authorization_code is supported",
        ));
    }
    let code = params
        .get("code")
        .ok_or_else(|| bad("invalid_request", "code is required"))?;
    // The code is spent by this request, whatever its outcome: a wrong verifier cannot be
    // retried against it.
    let invalid = bad(
        "invalid_grant",
        "the code is unknown, expired, already used, or was issued for another request",
    );
    let grant = provider.codes.take(code).ok_or(invalid)?;
    if grant.client_id != client_id || params.get("redirect_uri") != Some(&grant.redirect_uri) {
        return Err(bad(
            "invalid_grant",
            "the code was issued to another client or redirect_uri",
        ));
    }
    let verifier = params.get("code_verifier").unwrap_or_default();
    if !pkce_ok(verifier, &grant.code_challenge) {
        return Err(bad(
            "invalid_grant",
            "the code_verifier does not match the code_challenge",
        ));
    }
    Ok(grant)
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// `POST /oidc/token` with `grant_type=authorization_code&code=&redirect_uri=&code_verifier=`.
pub(crate) async fn exchange(
    provider: web::Data<OidcProvider>,
    req: HttpRequest,
    body: web::Bytes,
) -> HttpResponse {
    let params = match Params::parse(&body) {
        Ok(params) => params,
        Err(_) => return bad("invalid_request", "a parameter is repeated").into_response(),
    };
    let grant = match authenticate_client(&provider, &req, &params)
        .and_then(|client_id| checked_grant(&provider, &client_id, &params))
    {
        Ok(grant) => grant,
        Err(error) => return error.into_response(),
    };
    let now = now();
    let agent = grant.agent;
    let claims = IdTokenClaims {
        iss: &provider.issuer,
        sub: agent.username,
        aud: &grant.client_id,
        exp: now + TOKEN_TTL_SECS,
        iat: now,
        auth_time: now,
        nonce: grant.nonce.as_deref(),
        preferred_username: agent.username,
        name: agent.display_name,
        authorities: agent.authorities,
    };
    let id_token = match provider.key.sign(&claims) {
        Ok(token) => token,
        Err(error) => {
            tracing::error!(%error, "oidc: the ID token could not be signed");
            return TokenError {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                error: "server_error",
                description: "the ID token could not be signed",
                challenge: false,
            }
            .into_response();
        }
    };
    tracing::debug!(agent = agent.username, "oidc tokens issued");
    HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((PRAGMA, "no-cache"))
        .json(json!({
            "access_token": random_token(),
            "token_type": "Bearer",
            "expires_in": TOKEN_TTL_SECS,
            "id_token": id_token,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rfc_7636_example_verifier_matches_its_challenge() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
        assert!(pkce_ok(verifier, challenge));
        assert!(!pkce_ok(&verifier.replace('d', "e"), challenge));
    }

    #[test]
    fn basic_credentials_are_form_decoded() {
        assert_eq!(form_decode("a%3Ab+c").as_deref(), Some("a:b c"));
        assert_eq!(form_decode("%zz"), None);
        assert_eq!(form_decode("%4"), None);
    }
}
