//! Error answers shared by many operations, for the OpenAPI document.

use cs_api::Problem;
use utoipa::IntoResponses;

/// The answers of an operation that needs an upstream.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub(crate) enum UpstreamFailures {
    /// An upstream answered with an error or something unreadable, or refused our credentials.
    #[response(status = 502, content_type = "application/problem+json")]
    BadGateway(Problem),
    /// An upstream could not be reached.
    #[response(status = 503, content_type = "application/problem+json")]
    Unavailable(Problem),
    /// An upstream did not answer in time.
    #[response(status = 504, content_type = "application/problem+json")]
    Timeout(Problem),
}

/// The answers of an operation that needs an authenticated agent with a permission.
#[derive(IntoResponses)]
#[allow(dead_code)] // Only read by the OpenAPI derive.
pub(crate) enum AuthFailures {
    /// No valid session or bearer token.
    #[response(status = 401, content_type = "application/problem+json")]
    Unauthenticated(Problem),
    /// The agent lacks the permission (or a cookie session's change lacks the CSRF token).
    #[response(status = 403, content_type = "application/problem+json")]
    Forbidden(Problem),
}
