//! Everything authentication needs at request time, shared by all workers.

use std::time::Duration;

use actix_web::cookie::{Cookie, SameSite};
use cs_auth::oidc::OidcClient;
use cs_auth::{Accounts, AuditStore, LoginThrottle, SessionPolicy};
use cs_clock::Clock;

use crate::bearer::BearerAuth;

/// The name of the CSRF double-submit cookie (readable by the SPA, echoed in `X-XSRF-TOKEN`).
pub const XSRF_COOKIE: &str = "XSRF-TOKEN";
/// The header carrying the CSRF token on changing requests.
pub const XSRF_HEADER: &str = "x-xsrf-token";

/// Authentication state of the app.
pub struct AuthState {
    /// Local agents and groups.
    pub accounts: Accounts,
    /// The audit trail.
    pub audit: AuditStore,
    /// Failed-login limits.
    pub throttle: LoginThrottle,
    /// Bearer token verification, when enabled.
    pub bearer: Option<BearerAuth>,
    /// Single sign-on through the OpenID Connect provider, when enabled.
    pub oidc: Option<OidcClient>,
    /// Session timeouts.
    pub policy: SessionPolicy,
    /// Whether cookies are `Secure` (and the session cookie `__Host-` prefixed).
    pub secure_cookies: bool,
    /// What session expiry reads the time from.
    pub clock: Clock,
}

impl AuthState {
    /// The session cookie's name: `__Host-` binds it to this host over HTTPS.
    pub fn session_cookie_name(secure: bool) -> &'static str {
        if secure {
            "__Host-cs-session"
        } else {
            "cs-session"
        }
    }

    /// The `XSRF-TOKEN` cookie carrying `token` (empty and expired to clear it).
    pub fn xsrf_cookie(&self, token: &str) -> Cookie<'static> {
        let mut cookie = Cookie::build(XSRF_COOKIE, token.to_owned())
            .path("/")
            .same_site(SameSite::Lax)
            .secure(self.secure_cookies)
            // Readable by the SPA on purpose: it echoes the value in `X-XSRF-TOKEN`.
            .http_only(false)
            .finish();
        if token.is_empty() {
            cookie.make_removal();
        }
        cookie
    }

    /// Session timeouts from settings.
    pub fn policy(idle_secs: u64, absolute_secs: u64) -> SessionPolicy {
        SessionPolicy {
            idle_timeout: Duration::from_secs(idle_secs),
            absolute_timeout: Duration::from_secs(absolute_secs),
        }
    }
}
