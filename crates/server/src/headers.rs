//! Security headers on every answer.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;

/// The SPA's policy: only our own scripts, styles and connections, never framed.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
                   form-action 'self'; frame-ancestors 'none'";
/// Swagger UI sets inline styles as it renders; it still runs only its own vendored scripts.
const SWAGGER_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                           img-src 'self' data:; connect-src 'self'; object-src 'none'; \
                           base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Adds `Content-Security-Policy`, `X-Content-Type-Options`, `Referrer-Policy` and
/// `X-Frame-Options` to every answer that does not set its own, and `Cache-Control: no-store`
/// to API answers.
pub async fn security_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let path = req.path();
    let csp = if path.starts_with("/swagger-ui") {
        SWAGGER_CSP
    } else {
        CSP
    };
    // API answers hold personal data: no shared or browser cache may keep them.
    let api = path.starts_with("/api/");
    let mut response = next.call(req).await?;
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, csp),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ] {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
    if api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
