//! `GET /_sim/phone`: the user's phone as a page. It lists the pending mobile authentication
//! requests with Approve and Deny buttons (form posts to `/_sim/push/{id}`), and a small
//! inline script keeps the list current. Every value is escaped here and set as text by the
//! script; the policy lets nothing run but that script.

use std::sync::OnceLock;

use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use actix_web::{HttpResponse, web};
use aws_lc_rs::digest::{SHA256, digest};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::html::escape;
use crate::mobile_auth::PushTransaction;
use crate::store::SimState;

const SCRIPT: &str = include_str!("phone.js");

/// Dark text on white, buttons with white text on colours of at least 4.5:1 contrast, and a
/// visible focus ring.
const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;\
padding:0 1rem;line-height:1.5;color:#1a1a1a;background:#fff}\
.hint{color:#444}ul{list-style:none;padding:0}\
li{border:1px solid #767676;border-radius:.5rem;padding:.75rem 1rem;margin:0 0 1rem}\
h2{font-size:1.1rem;margin:0;overflow-wrap:anywhere}p{margin:.25rem 0}\
.application,.left{color:#444}.message{white-space:pre-wrap;overflow-wrap:anywhere}\
button{margin:.5rem .5rem 0 0;padding:.5rem 1rem;font-size:1rem;color:#fff;border:0;\
border-radius:.25rem;cursor:pointer}.approve{background:#1a7f37}.deny{background:#b42318}\
button:focus-visible{outline:3px solid #1a1a1a;outline-offset:2px}";

/// `'sha256-…'` of a text, as a CSP source.
fn csp_hash(text: &str) -> String {
    format!(
        "'sha256-{}'",
        STANDARD.encode(digest(&SHA256, text.as_bytes()))
    )
}

/// Only the page's own script and style run; the script may read `/_sim/push`, the forms
/// post to the simulator only; no framing.
fn content_security_policy() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        format!(
            "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; \
             form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
            csp_hash(SCRIPT),
            csp_hash(STYLE)
        )
    })
}

/// How many requests are pending, in words; the script says the same.
fn describe(count: usize) -> String {
    match count {
        0 => "No pending requests".to_owned(),
        1 => "1 pending request".to_owned(),
        n => format!("{n} pending requests"),
    }
}

/// One request; the script builds the same markup.
fn item(push: &PushTransaction, now_ms: i64) -> String {
    let device = escape(&push.device_name);
    format!(
        "<li data-id=\"{id}\">\n<h2>{device}</h2>\n\
         <p class=\"application\">{application}</p>\n\
         <p class=\"message\">{message}</p>\n\
         <p class=\"left\"><span class=\"seconds\">{left}</span> s left</p>\n\
         <form method=\"post\" action=\"/_sim/push/{id}\">\
         <button class=\"approve\" type=\"submit\" name=\"answer\" value=\"approve\" \
         aria-label=\"Approve on {device}\">Approve</button> \
         <button class=\"deny\" type=\"submit\" name=\"answer\" value=\"deny\" \
         aria-label=\"Deny on {device}\">Deny</button></form>\n</li>\n",
        id = escape(&push.id),
        application = escape(push.application),
        message = escape(&push.message),
        left = push.expires_in(now_ms),
    )
}

/// The whole page with these pending requests.
fn page(pending: &[PushTransaction], now_ms: i64) -> String {
    let items: String = pending.iter().map(|p| item(p, now_ms)).collect();
    let hidden = if pending.is_empty() { " hidden" } else { "" };
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Phone – onegini-sim</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <h1>Phone</h1>\n\
         <p class=\"hint\">Mobile authentication requests sent to any user's device arrive \
         here. Approve or deny one as its user would.</p>\n\
         <p id=\"summary\" role=\"status\">{summary}</p>\n\
         <ul id=\"requests\"{hidden}>\n{items}</ul>\n</main>\n\
         <script>{SCRIPT}</script>\n</body>\n</html>\n",
        summary = describe(pending.len()),
    )
}

/// `GET /_sim/phone`.
pub(crate) async fn phone(state: web::Data<SimState>) -> HttpResponse {
    let body = page(&state.pending_pushes(), state.now_ms());
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((CACHE_CONTROL, "no-store"))
        .insert_header((CONTENT_SECURITY_POLICY, content_security_policy()))
        .insert_header((X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((REFERRER_POLICY, "no-referrer"))
        .body(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_hashes_of_the_script_and_style_it_serves() {
        let csp = content_security_policy();
        assert!(csp.contains(&format!("script-src {}", csp_hash(SCRIPT))));
        assert!(csp.contains(&format!("style-src {}", csp_hash(STYLE))));
        assert!(!csp.contains("unsafe"));
        // Known answer: SHA-256 of the empty string.
        assert_eq!(
            csp_hash(""),
            "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
        );
        let page = page(&[], 0);
        assert!(page.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(page.contains(&format!("<style>{STYLE}</style>")));
        assert!(page.contains("No pending requests"));
    }
}
