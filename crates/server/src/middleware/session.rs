//! The cookies of a browser session: the session cookie (actix-session over our server-side
//! store), the CSRF double-submit cookie, and the single sign-on login in flight.

use actix_session::SessionMiddleware;
use actix_session::config::BrowserSession;
use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, CookieJar, Key, SameSite};
use cs_auth::DatabaseSessionStore;
use cs_auth::oidc::PendingLogin;

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

/// The login in flight of a single sign-on, kept with the browser that started it: in an
/// encrypted, HttpOnly cookie (the session's key), for as long as a login may take. Nothing is
/// stored on the server until someone has logged in.
#[derive(Clone)]
pub(crate) struct FlowCookie {
    pub(crate) key: Key,
    pub(crate) cookies: Cookies,
    pub(crate) max_age_secs: u64,
}

impl FlowCookie {
    fn name(&self) -> &'static str {
        if self.cookies.secure {
            "__Host-cs-sso"
        } else {
            "cs-sso"
        }
    }

    fn build(&self, value: String) -> Cookie<'static> {
        Cookie::build(self.name(), value)
            .path("/")
            .http_only(true)
            // The provider sends the browser back with a top-level GET, which Lax allows.
            .same_site(SameSite::Lax)
            .secure(self.cookies.secure)
            .max_age(actix_web::cookie::time::Duration::seconds(
                i64::try_from(self.max_age_secs).unwrap_or(i64::MAX),
            ))
            .finish()
    }

    /// The cookie carrying `pending`, encrypted.
    pub(crate) fn keep(&self, pending: &PendingLogin) -> Option<Cookie<'static>> {
        let value = serde_json::to_string(pending).ok()?;
        let mut jar = CookieJar::new();
        jar.private_mut(&self.key).add(self.build(value));
        jar.delta().next().cloned()
    }

    /// The login in flight `req`'s browser carries, when it is one we made.
    pub(crate) fn read(&self, req: &HttpRequest) -> Option<PendingLogin> {
        let mut jar = CookieJar::new();
        jar.add_original(req.cookie(self.name())?);
        let cookie = jar.private(&self.key).get(self.name())?;
        serde_json::from_str(cookie.value()).ok()
    }

    /// The cookie that removes it: a callback works once.
    pub(crate) fn clear(&self) -> Cookie<'static> {
        let mut cookie = self.build(String::new());
        cookie.make_removal();
        cookie
    }
}
