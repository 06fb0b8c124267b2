//! Security headers on every answer.

use actix_web::http::header::{self, HeaderMap, HeaderName, HeaderValue};

/// The SPA's policy: only our own scripts, styles and connections, never framed.
const PAGE_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'",
);
/// Swagger UI sets inline styles as it renders; it still runs only its own vendored scripts.
const SWAGGER_CSP: HeaderValue = HeaderValue::from_static(
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
);
/// API answers are data, never documents: nothing may load from them or frame them (the policy
/// OWASP recommends for REST answers; also much shorter on the wire).
const API_CSP: HeaderValue = HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'");

/// The headers every answer carries unless it sets its own. `const` values: built at compile
/// time, not checked again on every answer.
const COMMON: [(HeaderName, HeaderValue); 3] = [
    (
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    ),
    (
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    ),
    (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
];

/// Which security headers an answer gets, decided from the request path before it is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeaderPolicy {
    /// `/api/…`: personal data, so `Cache-Control: no-store` too.
    Api,
    /// Swagger UI's pages.
    Swagger,
    /// Everything else: the SPA, its assets, the spec, health and metrics.
    Page,
}

impl HeaderPolicy {
    /// The policy for a request to `path`.
    pub(crate) fn for_path(path: &str) -> Self {
        if path.starts_with("/api/") {
            HeaderPolicy::Api
        } else if path.starts_with("/swagger-ui") {
            HeaderPolicy::Swagger
        } else {
            HeaderPolicy::Page
        }
    }

    /// Adds `Content-Security-Policy`, `X-Content-Type-Options`, `Referrer-Policy` and
    /// `X-Frame-Options` where the answer has not set its own, and `Cache-Control: no-store` to
    /// API answers.
    pub(crate) fn apply(self, headers: &mut HeaderMap) {
        let csp = match self {
            HeaderPolicy::Api => API_CSP,
            HeaderPolicy::Swagger => SWAGGER_CSP,
            HeaderPolicy::Page => PAGE_CSP,
        };
        if !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        for (name, value) in COMMON {
            if !headers.contains_key(&name) {
                headers.insert(name, value);
            }
        }
        // API answers hold personal data: no shared or browser cache may keep them.
        if self == HeaderPolicy::Api && !headers.contains_key(header::CACHE_CONTROL) {
            headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_answer_gets_its_policy_and_keeps_its_own_headers() {
        let mut api = HeaderMap::new();
        HeaderPolicy::for_path("/api/v1/users").apply(&mut api);
        assert_eq!(
            api.get(header::CACHE_CONTROL),
            Some(&HeaderValue::from_static("no-store"))
        );
        assert_eq!(api.get(header::CONTENT_SECURITY_POLICY), Some(&API_CSP));

        let mut page = HeaderMap::new();
        page.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("max-age=60"),
        );
        HeaderPolicy::for_path("/users/abc").apply(&mut page);
        assert_eq!(page.get(header::CONTENT_SECURITY_POLICY), Some(&PAGE_CSP));
        assert_eq!(
            page.get(header::CACHE_CONTROL),
            Some(&HeaderValue::from_static("max-age=60"))
        );
        assert_eq!(
            page.get(header::X_FRAME_OPTIONS),
            Some(&HeaderValue::from_static("DENY"))
        );

        let mut swagger = HeaderMap::new();
        HeaderPolicy::for_path("/swagger-ui/index.html").apply(&mut swagger);
        assert_eq!(
            swagger.get(header::CONTENT_SECURITY_POLICY),
            Some(&SWAGGER_CSP)
        );
        assert!(!swagger.contains_key(header::CACHE_CONTROL));
    }
}
