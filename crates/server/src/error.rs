//! The one error type at the HTTP edge, answered as RFC 9457 problem+json.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use cs_api::Problem;
use cs_api::problem::PROBLEM_JSON;
use cs_domain::DomainError;
use cs_upstream::UpstreamError;

use crate::context::RequestContext;

/// An error answer. Its detail is for the API's user; internals go to the log, never the body.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
    detail: String,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status.as_u16(),
            self.title,
            self.detail
        )
    }
}

impl ApiError {
    /// An error with every part given.
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            kind,
            title,
            detail: detail.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header to the answer (`Allow`, `Retry-After`, ...).
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 400: the request is malformed or invalid.
    pub fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid-request",
            "The request is not valid",
            detail,
        )
    }

    /// 404: no route has this path.
    pub fn no_route(path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "not-found",
            "Not found",
            format!("There is nothing at {path}; see /api-docs/openapi.json for the API."),
        )
    }

    /// The status of this answer.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The problem body, with the current request's id and path.
    pub fn problem(&self) -> Problem {
        let context = RequestContext::current();
        Problem {
            problem_type: format!("/problems/{}", self.kind),
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            instance: context.as_ref().map(|c| c.path.clone()),
            request_id: context.map(|c| c.id),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}

/// The upstream product as the first word of a sentence ("CIM", "The Token Server").
fn product(error: &UpstreamError) -> String {
    let name = error.api().product();
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl From<UpstreamError> for ApiError {
    fn from(error: UpstreamError) -> Self {
        // The full error (API and path, never credentials) goes to the log once, here at the edge.
        tracing::error!(error = %error, upstream = %error.api(), "upstream call failed");
        let product = product(&error);
        match error {
            UpstreamError::Timeout { .. } => Self::new(
                StatusCode::GATEWAY_TIMEOUT,
                "upstream-timeout",
                "An upstream did not answer in time",
                format!("{product} did not answer in time. Try again in a moment."),
            ),
            UpstreamError::Unavailable { .. } => Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "upstream-unavailable",
                "An upstream is unavailable",
                format!("{product} is not reachable right now. Try again in a moment."),
            )
            .with_header(header::RETRY_AFTER, HeaderValue::from_static("5")),
            UpstreamError::BadCredentials { .. } | UpstreamError::Forbidden { .. } => Self::new(
                StatusCode::BAD_GATEWAY,
                "upstream-configuration",
                "An upstream refused Customer Service",
                format!(
                    "{product} refused the credentials or grants of Customer Service; an operator must fix the configuration."
                ),
            ),
            _ => Self::new(
                StatusCode::BAD_GATEWAY,
                "upstream-error",
                "An upstream answered unexpectedly",
                format!("{product} gave an answer Customer Service could not use."),
            ),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        match error {
            DomainError::UserNotFound => Self::new(
                StatusCode::NOT_FOUND,
                "user-not-found",
                "User not found",
                "CIM has no person with this id.",
            ),
            DomainError::DeviceNotFound => Self::new(
                StatusCode::NOT_FOUND,
                "device-not-found",
                "Device not found",
                "The user has no registered device with this id (it may have been removed already).",
            ),
            DomainError::DeviceNotRemoved => Self::new(
                StatusCode::BAD_GATEWAY,
                "device-not-removed",
                "The Token Server did not remove the device",
                "The Token Server accepted the delete request, but the device is still registered. \
                 Nothing was removed; try again, and report it to the Token Server's operator if it persists.",
            ),
            DomainError::InvalidInput(detail) => Self::bad_request(detail),
            DomainError::Upstream(error) => error.into(),
        }
    }
}
