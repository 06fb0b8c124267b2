//! The one error type at the HTTP edge, answered as RFC 9457 problem+json. Every kind of problem
//! comes from the [`catalogue`]; domain and auth errors are mapped to it here, once.

mod catalogue;
mod from_auth;
mod from_domain;

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use cs_api::Problem;
use cs_api::problem::PROBLEM_JSON;

pub use catalogue::ProblemType;

use crate::middleware::context::RequestContext;

/// An error answer. Its detail is for the API's user; internals go to the log, never the body.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    problem: ProblemType,
    detail: String,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {}: {}",
            self.status().as_u16(),
            self.problem.title(),
            self.detail
        )
    }
}

impl ApiError {
    /// A problem of this kind, with what went wrong in this request.
    pub(crate) fn new(problem: ProblemType, detail: impl Into<String>) -> Self {
        ApiError {
            problem,
            detail: detail.into(),
            headers: Vec::new(),
        }
    }

    /// Adds a header to the answer (`Allow`, `Retry-After`, ...).
    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// 400: the request is malformed or invalid.
    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        Self::new(ProblemType::InvalidRequest, detail)
    }

    /// 500: something failed inside; `what` says what could not be done (the cause is logged).
    pub(crate) fn internal(what: &str) -> Self {
        Self::new(
            ProblemType::Internal,
            format!("{what}; the error has been logged."),
        )
    }

    /// The status of this answer.
    pub(crate) fn status(&self) -> StatusCode {
        self.problem.status()
    }

    /// The problem body, with the current request's id and path.
    pub(crate) fn problem(&self) -> Problem {
        let context = RequestContext::current();
        Problem {
            problem_type: self.problem.uri(),
            title: self.problem.title().to_owned(),
            status: self.status().as_u16(),
            detail: self.detail.clone(),
            instance: context.as_ref().map(|c| c.path.clone()),
            request_id: context.map(|c| c.id),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_JSON));
        response.insert_header((header::CACHE_CONTROL, "no-store"));
        for (name, value) in &self.headers {
            response.insert_header((name.clone(), value.clone()));
        }
        response.body(serde_json::to_string(&self.problem()).unwrap_or_default())
    }
}
