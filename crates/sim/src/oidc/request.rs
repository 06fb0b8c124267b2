//! The authorization request: which client, where to send the answer, and what it asks for.
//!
//! Until the client and redirect URI are known good, errors are shown to the person at the
//! browser and never sent anywhere; after that, they go back to the client as RFC 6749
//! §4.1.2.1 error redirects.

use url::{Host, Url};

use super::params::Params;

/// The redirect path of Customer Service, registered for any loopback port by default.
pub(crate) const LOOPBACK_CALLBACK_PATH: &str = "/api/v1/session/oidc/callback";
/// Longest `state` and `nonce` accepted.
const MAX_OPAQUE_LEN: usize = 512;

/// The one client the provider knows.
#[derive(Debug, Clone)]
pub(crate) struct ClientConfig {
    /// `client_id`.
    pub(crate) client_id: String,
    /// `client_secret`.
    pub(crate) client_secret: String,
    /// Redirect URIs matched exactly; empty means the loopback default.
    pub(crate) redirect_uris: Vec<String>,
}

impl ClientConfig {
    /// Whether `uri` is registered for the client.
    pub(crate) fn redirect_registered(&self, uri: &str) -> bool {
        if !self.redirect_uris.is_empty() {
            return self.redirect_uris.iter().any(|r| r == uri);
        }
        let Ok(url) = Url::parse(uri) else {
            return false;
        };
        let loopback = match url.host() {
            Some(Host::Ipv4(ip)) => ip == std::net::Ipv4Addr::LOCALHOST,
            Some(Host::Domain(name)) => name == "localhost",
            _ => false,
        };
        url.scheme() == "http"
            && loopback
            && url.port().is_some()
            && url.username().is_empty()
            && url.password().is_none()
            && url.path() == LOOPBACK_CALLBACK_PATH
            && url.query().is_none()
            && url.fragment().is_none()
    }
}

/// A valid authorization request.
#[derive(Debug, Clone)]
pub(crate) struct AuthRequest {
    /// `client_id`.
    pub(crate) client_id: String,
    /// `redirect_uri`, as given (the token request must repeat it exactly).
    pub(crate) redirect_uri: String,
    /// `scope`.
    pub(crate) scope: String,
    /// `state`, echoed back.
    pub(crate) state: Option<String>,
    /// `nonce`, copied into the ID token.
    pub(crate) nonce: Option<String>,
    /// The PKCE S256 `code_challenge`.
    pub(crate) code_challenge: String,
}

/// Why a request is refused, and where that is said.
#[derive(Debug)]
pub(crate) enum Rejection {
    /// The client or redirect URI cannot be trusted: an error page, no redirect.
    Page(String),
    /// An error for the client, sent to its registered redirect URI.
    Redirect {
        /// Where.
        redirect_uri: String,
        /// The client's `state`.
        state: Option<String>,
        /// The RFC 6749 error code.
        error: &'static str,
        /// Text for developers.
        description: String,
    },
}

impl Rejection {
    /// The redirect URL of a [`Rejection::Redirect`].
    pub(crate) fn redirect_url(
        redirect_uri: &str,
        state: Option<&str>,
        pairs: &[(&str, &str)],
    ) -> Option<String> {
        let mut url = Url::parse(redirect_uri).ok()?;
        {
            let mut query = url.query_pairs_mut();
            for (key, value) in pairs {
                query.append_pair(key, value);
            }
            if let Some(state) = state {
                query.append_pair("state", state);
            }
        }
        Some(url.into())
    }
}

/// Whether `value` is 43 to 128 of RFC 7636's unreserved characters (verifiers and S256
/// challenges both are).
pub(crate) fn is_pkce_text(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

/// Checks an authorization request (the query of `GET /oidc/authorize`, or the hidden fields
/// of the login form, which are checked again: they came back through the browser).
pub(crate) fn validate(params: &Params, client: &ClientConfig) -> Result<AuthRequest, Rejection> {
    let client_id = params
        .get("client_id")
        .ok_or_else(|| Rejection::Page("The request names no client (client_id).".into()))?;
    if client_id != client.client_id {
        return Err(Rejection::Page(
            "The client (client_id) is not registered here.".into(),
        ));
    }
    let redirect_uri = params.get("redirect_uri").ok_or_else(|| {
        Rejection::Page("The request names no redirect URI (redirect_uri).".into())
    })?;
    if !client.redirect_registered(redirect_uri) {
        return Err(Rejection::Page(
            "The redirect URI (redirect_uri) is not registered for this client.".into(),
        ));
    }
    let state = params.get("state").map(str::to_owned);
    let refuse = |error, description: &str| Rejection::Redirect {
        redirect_uri: redirect_uri.to_owned(),
        state: state.clone(),
        error,
        description: description.to_owned(),
    };
    if params.get("response_type") != Some("code") {
        return Err(refuse(
            "unsupported_response_type",
            "only response_type=code is supported",
        ));
    }
    let scope = params.get("scope").unwrap_or_default();
    if !scope.split(' ').any(|s| s == "openid") {
        return Err(refuse("invalid_scope", "the scope must include openid"));
    }
    let code_challenge = params.get("code_challenge").unwrap_or_default();
    if params.get("code_challenge_method") != Some("S256") || !is_pkce_text(code_challenge) {
        return Err(refuse(
            "invalid_request",
            "PKCE is required: code_challenge with code_challenge_method=S256",
        ));
    }
    let nonce = params.get("nonce").map(str::to_owned);
    if [&state, &nonce]
        .iter()
        .any(|v| v.as_ref().is_some_and(|v| v.len() > MAX_OPAQUE_LEN))
    {
        return Err(refuse(
            "invalid_request",
            "state and nonce may be at most 512 characters",
        ));
    }
    Ok(AuthRequest {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        scope: scope.to_owned(),
        state,
        nonce,
        code_challenge: code_challenge.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn client(uris: &[&str]) -> ClientConfig {
        ClientConfig {
            client_id: "cs".into(),
            client_secret: "s".into(),
            redirect_uris: uris.iter().map(|u| (*u).to_owned()).collect(),
        }
    }

    #[test]
    fn the_loopback_default_registers_our_callback_on_any_port_only() {
        let c = client(&[]);
        for ok in [
            "http://127.0.0.1:8080/api/v1/session/oidc/callback",
            "http://localhost:1/api/v1/session/oidc/callback",
        ] {
            assert!(c.redirect_registered(ok), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:8080/api/v1/session/oidc/callback",
            "http://127.0.0.1/api/v1/session/oidc/callback",
            "http://127.0.0.2:8080/api/v1/session/oidc/callback",
            "http://evil.example:8080/api/v1/session/oidc/callback",
            "http://127.0.0.1:8080/api/v1/session/oidc/callback/x",
            "http://127.0.0.1:8080/api/v1/session/oidc/callback?x=1",
            "http://u:p@127.0.0.1:8080/api/v1/session/oidc/callback",
            "http://localhost.evil.example:80/api/v1/session/oidc/callback",
            "not a url",
        ] {
            assert!(!c.redirect_registered(bad), "{bad}");
        }
    }

    #[test]
    fn configured_redirect_uris_match_exactly() {
        let c = client(&["https://cs.example/cb"]);
        assert!(c.redirect_registered("https://cs.example/cb"));
        assert!(!c.redirect_registered("https://cs.example/cb/"));
        assert!(!c.redirect_registered("http://127.0.0.1:1/api/v1/session/oidc/callback"));
    }

    #[test]
    fn pkce_text_is_43_to_128_unreserved_characters() {
        assert!(is_pkce_text(&"a".repeat(43)));
        assert!(is_pkce_text(&"-._~9Z".repeat(20)));
        assert!(!is_pkce_text(&"a".repeat(42)));
        assert!(!is_pkce_text(&"a".repeat(129)));
        assert!(!is_pkce_text(&format!("{}+", "a".repeat(43))));
    }

    #[test]
    fn error_redirects_carry_the_error_and_the_state() {
        let url = Rejection::redirect_url(
            "http://127.0.0.1:1/cb",
            Some("s t"),
            &[("error", "access_denied")],
        )
        .unwrap();
        assert_eq!(url, "http://127.0.0.1:1/cb?error=access_denied&state=s+t");
    }
}
