//! The login in flight: what the callback must see again (state, nonce, PKCE verifier), and the
//! ways the callback can fail. The server keeps it in an encrypted cookie of the browser that
//! started the login, not in the session store, so starting a login costs no stored row.

use serde::{Deserialize, Serialize};

/// Longest `returnTo` kept; a longer one is replaced by `/`.
const MAX_RETURN_TO_CHARS: usize = 2048;

/// A login started by `GET /api/v1/session/oidc/login` and not yet finished.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PendingLogin {
    /// The `state` sent to the provider.
    pub(crate) state: String,
    /// The `nonce` the ID token must carry.
    pub(crate) nonce: String,
    /// The PKCE verifier of the challenge sent.
    pub(crate) pkce_verifier: String,
    /// Where to send the agent afterwards: a same-site path.
    pub(crate) return_to: String,
    /// When the login started (epoch seconds).
    pub(crate) started_at: i64,
}

/// `return_to` when it is a path on this site, else `/`: it must start with one `/` (not `//`,
/// which is another host), hold no `\` (which browsers read as `/`), no control characters,
/// and no scheme. Characters a `Location` header cannot carry are percent-encoded.
pub fn safe_return_to(return_to: &str) -> String {
    // Starting with a single `/` also rules out a scheme (`https:`, `javascript:`).
    let safe = return_to.starts_with('/')
        && !return_to.starts_with("//")
        && !return_to.contains('\\')
        && !return_to.chars().any(char::is_control)
        && return_to.chars().count() <= MAX_RETURN_TO_CHARS;
    if !safe {
        return "/".to_owned();
    }
    // A header value must be visible ASCII: anything else is percent-encoded, as a browser would.
    let mut out = String::with_capacity(return_to.len());
    for byte in return_to.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Why a callback did not log anyone in. [`SsoError::code`] goes to the login page as
/// `?sso_error=`; [`SsoError::detail`] to the audit trail.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsoError {
    /// No login was in flight in this session (never started, already answered, or another
    /// browser).
    #[error("no login in flight")]
    NoFlow,
    /// The login took longer than `oidc.flow_timeout_secs`.
    #[error("the login took too long")]
    Expired,
    /// The callback's `state` is not the one sent.
    #[error("state mismatch")]
    StateMismatch,
    /// The provider answered with an error (`access_denied`, ...).
    #[error("provider error {0}")]
    Provider(String),
    /// The code could not be exchanged (refused, replayed, provider unreachable).
    #[error("code exchange failed")]
    ExchangeFailed,
    /// The ID token is missing, not signed by the provider's key, expired, or for someone else.
    #[error("invalid ID token")]
    InvalidIdToken,
    /// The ID token's nonce is not the one sent.
    #[error("nonce mismatch")]
    NonceMismatch,
    /// Too many failed callbacks from this address; nothing was checked.
    #[error("too many failed sign-ins from this address")]
    Throttled,
}

impl SsoError {
    /// The stable code the login page shows a message for.
    pub fn code(&self) -> &'static str {
        match self {
            SsoError::NoFlow => "no_flow",
            SsoError::Expired => "expired",
            SsoError::StateMismatch => "state_mismatch",
            SsoError::Provider(_) => "provider_error",
            SsoError::ExchangeFailed => "exchange_failed",
            SsoError::InvalidIdToken => "invalid_id_token",
            SsoError::NonceMismatch => "nonce_mismatch",
            SsoError::Throttled => "throttled",
        }
    }

    /// The audit detail, e.g. `sso: state mismatch`.
    pub fn detail(&self) -> String {
        format!("sso: {self}")
    }

    /// A provider's error code, reduced to the characters RFC 6749 allows in one.
    pub(crate) fn provider(error: &str) -> SsoError {
        let code: String = error
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .take(64)
            .collect();
        SsoError::Provider(if code.is_empty() {
            "unknown".into()
        } else {
            code
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_to_must_be_a_path_on_this_site() {
        for ok in ["/", "/users/abc", "/users?email=a%40b.c#top", "/a:b"] {
            assert_eq!(safe_return_to(ok), ok);
        }
        assert_eq!(safe_return_to("/users?q=jö e"), "/users?q=j%C3%B6%20e");
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "javascript:alert(1)",
            "users",
            "",
            "/a\nb",
        ] {
            assert_eq!(safe_return_to(bad), "/", "{bad:?}");
        }
        assert_eq!(safe_return_to(&format!("/{}", "a".repeat(3000))), "/");
    }

    #[test]
    fn provider_errors_are_reduced_to_a_code() {
        assert_eq!(
            SsoError::provider("access_denied").detail(),
            "sso: provider error access_denied"
        );
        assert_eq!(
            SsoError::provider("<script>"),
            SsoError::Provider("script".into())
        );
        assert_eq!(SsoError::provider("").code(), "provider_error");
    }
}
