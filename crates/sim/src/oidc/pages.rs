//! The provider's HTML: the login form and the error page. Plain, labelled, no script and no
//! external assets; every value is escaped.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY};

use super::request::AuthRequest;
use crate::errors::Faulted;
use crate::html::escape;

/// Nothing may load or run but the inline style; no framing (clickjacking a login form).
/// `form-action` stays open: Chrome applies it to the redirect that follows the form post.
const CSP: &str =
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:26rem;margin:3rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a}label{display:block;margin-top:1rem;font-weight:600}\
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}\
button{margin:1.25rem .5rem 0 0;padding:.5rem 1rem;font-size:1rem}\
.error{color:#8b0000;border:1px solid #8b0000;padding:.5rem .75rem}\
.hint{color:#444;font-size:.9rem}";

fn document(title: &str, main: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} – onegini-sim</title>\n<style>{STYLE}</style>\n</head>\n\
         <body>\n<main>\n{main}</main>\n</body>\n</html>\n",
        title = escape(title),
    )
}

fn respond(status: StatusCode, body: String) -> HttpResponse {
    let mut response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((CONTENT_SECURITY_POLICY, CSP))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .insert_header(("x-frame-options", "DENY"))
        .body(body);
    // The JSON fallback rewrites non-JSON error bodies; this page is meant for a person.
    response.extensions_mut().insert(Faulted);
    response
}

fn hidden(name: &str, value: Option<&str>) -> String {
    value.map_or_else(String::new, |v| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
            escape(v)
        )
    })
}

/// The login form for `request`, carrying it in hidden fields; with an error after a failed try.
pub(crate) fn login(request: &AuthRequest, error: Option<&str>, username: &str) -> HttpResponse {
    let (alert, invalid) = match error {
        Some(text) => (
            format!(
                "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>\n",
                escape(text)
            ),
            " aria-invalid=\"true\" aria-describedby=\"error\"",
        ),
        None => (String::new(), ""),
    };
    let fields = [
        hidden("response_type", Some("code")),
        hidden("client_id", Some(&request.client_id)),
        hidden("redirect_uri", Some(&request.redirect_uri)),
        hidden("scope", Some(&request.scope)),
        hidden("state", request.state.as_deref()),
        hidden("nonce", request.nonce.as_deref()),
        hidden("code_challenge", Some(&request.code_challenge)),
        hidden("code_challenge_method", Some("S256")),
    ]
    .concat();
    let main = format!(
        "<h1>Sign in</h1>\n\
         <p class=\"hint\">onegini-sim, a simulated identity provider. Agents: agent, viewer, \
         supervisor; password: demo.</p>\n\
         {alert}\
         <form method=\"post\" action=\"/oidc/authorize\">\n{fields}\
         <label for=\"username\">Username</label>\n\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required \
         value=\"{username}\"{invalid}>\n\
         <label for=\"password\">Password</label>\n\
         <input id=\"password\" name=\"password\" type=\"password\" \
         autocomplete=\"current-password\" required{invalid}>\n\
         <button type=\"submit\">Sign in</button>\
         <button type=\"submit\" name=\"cancel\" value=\"1\" formnovalidate>Cancel</button>\n\
         </form>\n",
        username = escape(username),
    );
    respond(StatusCode::OK, document("Sign in", &main))
}

/// An error page for a request that cannot be answered by redirecting.
pub(crate) fn error(message: &str) -> HttpResponse {
    let main = format!(
        "<h1>Sign-in request refused</h1>\n<p class=\"error\" role=\"alert\">{}</p>\n\
         <p>Go back to the application and start signing in again.</p>\n",
        escape(message)
    );
    respond(
        StatusCode::BAD_REQUEST,
        document("Sign-in request refused", &main),
    )
}
