//! The cookies of a browser session: the session cookie (actix-session over our server-side
//! store) and the CSRF double-submit cookie.

use actix_session::SessionMiddleware;
use actix_session::config::BrowserSession;
use actix_web::cookie::{Cookie, Key, SameSite};
use cs_auth::DatabaseSessionStore;

/// The name of the CSRF double-submit cookie (readable by the SPA, echoed in `X-XSRF-TOKEN`).
pub(crate) const XSRF_COOKIE: &str = "XSRF-TOKEN";
/// The header carrying the CSRF token on changing requests.
pub(crate) const XSRF_HEADER: &str = "x-xsrf-token";

/// How the session cookies are set.
#[derive(Clone)]
pub(crate) struct Cookies {
    /// Whether cookies are `Secure` (and the session cookie `__Host-` prefixed).
    pub(crate) secure: bool,
}

impl Cookies {
    /// The session cookie's name: `__Host-` binds it to this host over HTTPS.
    fn session_cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-cs-session"
        } else {
            "cs-session"
        }
    }

    /// The `XSRF-TOKEN` cookie carrying `token` (empty and expired to clear it).
    pub(crate) fn xsrf(&self, token: &str) -> Cookie<'static> {
        let mut cookie = Cookie::build(XSRF_COOKIE, token.to_owned())
            .path("/")
            .same_site(SameSite::Lax)
            .secure(self.secure)
            // Readable by the SPA on purpose: it echoes the value in `X-XSRF-TOKEN`.
            .http_only(false)
            .finish();
        if token.is_empty() {
            cookie.make_removal();
        }
        cookie
    }
}

/// How cookie sessions are kept.
#[derive(Clone)]
pub(crate) struct Sessions {
    pub(crate) store: DatabaseSessionStore,
    pub(crate) key: Key,
    pub(crate) cookies: Cookies,
    pub(crate) absolute_secs: u64,
}

impl Sessions {
    /// The session middleware: an HttpOnly, SameSite cookie holding only a random key.
    pub(crate) fn middleware(&self) -> SessionMiddleware<DatabaseSessionStore> {
        let state_ttl = actix_web::cookie::time::Duration::seconds(
            i64::try_from(self.absolute_secs).unwrap_or(i64::MAX),
        );
        SessionMiddleware::builder(self.store.clone(), self.key.clone())
            .cookie_name(self.cookies.session_cookie_name().to_owned())
            .cookie_secure(self.cookies.secure)
            .cookie_http_only(true)
            .cookie_same_site(SameSite::Lax)
            .cookie_path("/".to_owned())
            .cookie_domain(None)
            // A browser-session cookie; the server decides when the session ends.
            .session_lifecycle(BrowserSession::default().state_ttl(state_ttl))
            .build()
    }
}
