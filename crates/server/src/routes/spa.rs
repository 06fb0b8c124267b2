//! Serving the built SPA (`frontend/dist`): files, deep links, and caching.

use std::path::{Path, PathBuf};

use actix_files::{Files, NamedFile};
use actix_web::body::MessageBody;
use actix_web::dev::{HttpServiceFactory, ServiceRequest, ServiceResponse, fn_service};
use actix_web::http::Method;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{guard, web};

/// The SPA at `/`: its files, and `index.html` for any other `GET` (a deep link such as
/// `/users/{id}`), except under `/api/`, where an unknown path stays a problem+json 404.
pub(crate) fn service(dir: &Path) -> impl HttpServiceFactory + use<> {
    let index: PathBuf = dir.join("index.html");
    web::scope("")
        .guard(guard::fn_guard(|ctx| {
            let method = ctx.head().method.clone();
            (method == Method::GET || method == Method::HEAD)
                && !ctx.head().uri.path().starts_with("/api/")
        }))
        .wrap(from_fn(cache_headers))
        .service(
            Files::new("/", dir)
                .index_file("index.html")
                .use_last_modified(true)
                .default_handler(fn_service(move |req: ServiceRequest| {
                    let index = index.clone();
                    async move {
                        let (req, _) = req.into_parts();
                        let file = NamedFile::open_async(&index).await?;
                        let response = file.into_response(&req);
                        Ok(ServiceResponse::new(req, response))
                    }
                })),
        )
}

/// Hashed build assets never change under their name: cache them for a year. `index.html` must
/// never be cached, or a deploy would leave browsers on old asset names. The rest revalidates.
async fn cache_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let hashed = req.path().starts_with("/assets/");
    let mut response = next.call(req).await?;
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else if html {
        "no-store"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    Ok(response)
}
