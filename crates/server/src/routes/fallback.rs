//! Answers for requests no route takes: 405 when the path exists with other methods, else 404.

use std::sync::Arc;

use actix_web::http::Method;
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use utoipa::openapi::OpenApi;

use crate::problem::{ApiError, ProblemType};

/// One documented path: its template, split into segments, and its methods.
struct Route {
    template: Arc<str>,
    segments: Vec<Segment>,
    /// A prefix route matches every path below it.
    prefix: bool,
    methods: Vec<Method>,
}

/// One segment of a template.
enum Segment {
    /// Must be equal.
    Literal(Box<str>),
    /// `{name}`: any non-empty segment.
    Parameter,
}

/// Paths deeper than this match only prefix routes (no documented path is nearly as deep).
const MAX_SEGMENTS: usize = 12;

impl Route {
    fn new(template: &str, prefix: bool, methods: Vec<Method>) -> Self {
        Route {
            template: Arc::from(template),
            segments: template
                .split('/')
                .map(|segment| {
                    if segment.starts_with('{') {
                        Segment::Parameter
                    } else {
                        Segment::Literal(segment.into())
                    }
                })
                .collect(),
            prefix,
            methods,
        }
    }

    /// Segment by segment over a path split once. (Plain comparison, not actix's regex matcher:
    /// this runs on every request, for its metrics label.)
    fn matches(&self, parts: &[&str], deeper: bool) -> bool {
        let length_fits = if self.prefix {
            parts.len() >= self.segments.len()
        } else {
            parts.len() == self.segments.len() && !deeper
        };
        length_fits
            && self
                .segments
                .iter()
                .zip(parts)
                .all(|(segment, part)| match segment {
                    Segment::Literal(literal) => **literal == **part,
                    Segment::Parameter => !part.is_empty(),
                })
    }
}

/// The documented paths and their methods, taken from the OpenAPI document so the two cannot drift.
pub(crate) struct KnownRoutes(Vec<Route>);

impl KnownRoutes {
    /// The routes of `api`, plus the spec and Swagger UI.
    pub(crate) fn from_spec(api: &OpenApi) -> Self {
        let mut routes: Vec<Route> = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods = [
                    (Method::GET, item.get.is_some()),
                    (Method::POST, item.post.is_some()),
                    (Method::PUT, item.put.is_some()),
                    (Method::PATCH, item.patch.is_some()),
                    (Method::DELETE, item.delete.is_some()),
                ]
                .into_iter()
                .filter_map(|(method, present)| present.then_some(method))
                .collect();
                Route::new(path, false, methods)
            })
            .collect();
        routes.push(Route::new(
            "/api-docs/openapi.json",
            false,
            vec![Method::GET],
        ));
        routes.push(Route::new("/swagger-ui", true, vec![Method::GET]));
        KnownRoutes(routes)
    }

    fn find(&self, path: &str) -> Option<&Route> {
        let mut parts = [""; MAX_SEGMENTS];
        let mut count = 0;
        let mut deeper = false;
        for part in path.split('/') {
            if count == MAX_SEGMENTS {
                deeper = true;
                break;
            }
            parts[count] = part;
            count += 1;
        }
        let parts = &parts[..count];
        self.0.iter().find(|route| route.matches(parts, deeper))
    }

    fn methods_of(&self, path: &str) -> Option<&[Method]> {
        self.find(path).map(|route| route.methods.as_slice())
    }

    /// The documented template `path` falls under, e.g. `/api/v1/users/{userId}`: a metrics label
    /// that holds no ids.
    pub(crate) fn template_of(&self, path: &str) -> Option<Arc<str>> {
        self.find(path).map(|route| Arc::clone(&route.template))
    }
}

/// The default service.
pub(crate) async fn fallback(req: HttpRequest, routes: web::Data<KnownRoutes>) -> HttpResponse {
    refusal(&req, &routes).error_response()
}

fn refusal(req: &HttpRequest, routes: &KnownRoutes) -> ApiError {
    match routes.methods_of(req.path()) {
        Some(methods) if !methods.contains(req.method()) => {
            let allow = methods
                .iter()
                .map(Method::as_str)
                .collect::<Vec<_>>()
                .join(", ");
            let error = ApiError::new(
                ProblemType::MethodNotAllowed,
                format!("{} is not supported here; use {allow}.", req.method()),
            );
            match HeaderValue::from_str(&allow) {
                Ok(value) => error.with_header(ALLOW, value),
                Err(_) => error,
            }
        }
        _ => ApiError::new(
            ProblemType::NotFound,
            format!(
                "There is nothing at {}; see /api-docs/openapi.json for the API.",
                req.path()
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_get_the_template_they_fall_under() {
        let routes = KnownRoutes::from_spec(&crate::openapi::openapi());
        let template = |path: &str| routes.template_of(path).map(|t| t.to_string());
        assert_eq!(
            template("/api/v1/users/abc/devices").as_deref(),
            Some("/api/v1/users/{userId}/devices")
        );
        assert_eq!(
            template("/api/v1/users/abc/devices/d1").as_deref(),
            Some("/api/v1/users/{userId}/devices/{deviceId}")
        );
        assert_eq!(template("/api/v1/users").as_deref(), Some("/api/v1/users"));
        assert_eq!(template("/api/v1/users//devices"), None, "empty id");
        assert_eq!(template("/api/v1/users/abc/devices/d1/x"), None, "too deep");
        assert_eq!(template("/api/v1/userz"), None);
        let deep = format!("/swagger-ui{}", "/x".repeat(40));
        assert_eq!(template(&deep).as_deref(), Some("/swagger-ui"));
        assert_eq!(template(&format!("/api/v1{}", "/x".repeat(40))), None);
        assert_eq!(template("/swagger-uix"), None);
    }
}
