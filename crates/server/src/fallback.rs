//! Answers for requests no route takes: 405 when the path exists with other methods, else 404.

use actix_web::dev::ResourceDef;
use actix_web::http::Method;
use actix_web::http::StatusCode;
use actix_web::http::header::{ALLOW, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use utoipa::openapi::OpenApi;

use crate::error::ApiError;

/// The documented paths and their methods, taken from the OpenAPI document so the two cannot drift.
pub struct KnownRoutes(Vec<(ResourceDef, Vec<Method>)>);

impl KnownRoutes {
    /// The routes of `api`, plus the spec and Swagger UI.
    pub fn from_spec(api: &OpenApi) -> Self {
        let mut routes: Vec<(ResourceDef, Vec<Method>)> = api
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
                (ResourceDef::new(path.as_str()), methods)
            })
            .collect();
        routes.push((
            ResourceDef::new("/api-docs/openapi.json"),
            vec![Method::GET],
        ));
        routes.push((ResourceDef::prefix("/swagger-ui"), vec![Method::GET]));
        KnownRoutes(routes)
    }

    fn methods_of(&self, path: &str) -> Option<&[Method]> {
        self.0
            .iter()
            .find(|(def, _)| def.is_match(path))
            .map(|(_, methods)| methods.as_slice())
    }
}

/// The default service.
pub async fn fallback(req: HttpRequest, routes: web::Data<KnownRoutes>) -> HttpResponse {
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
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                format!("{} is not supported here; use {allow}.", req.method()),
            );
            match HeaderValue::from_str(&allow) {
                Ok(value) => error.with_header(ALLOW, value),
                Err(_) => error,
            }
        }
        _ => ApiError::no_route(req.path()),
    }
}
