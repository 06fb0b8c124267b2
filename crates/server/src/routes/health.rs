//! Liveness, readiness and metrics.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, get, web};
use cs_api::{Liveness, Readiness, ReadinessStatus};
use cs_domain::CustomerService;

/// Liveness: the process serves HTTP.
#[utoipa::path(
    operation_id = "healthz",
    tag = "operations",
    responses((status = 200, description = "The process is alive.", body = Liveness)),
    security(())
)]
#[get("/healthz")]
pub(crate) async fn healthz() -> web::Json<Liveness> {
    web::Json(Liveness {
        status: "ok".into(),
    })
}

/// Readiness: each upstream's reachability, probed now.
#[utoipa::path(
    operation_id = "readyz",
    tag = "operations",
    responses(
        (status = 200, description = "Every upstream answered.", body = Readiness),
        (status = 503, description = "At least one upstream did not answer.", body = Readiness),
    ),
    security(())
)]
#[get("/readyz")]
pub(crate) async fn readyz(service: web::Data<CustomerService>) -> HttpResponse {
    let readiness: Readiness = service.readiness().await;
    let status = match readiness.status {
        ReadinessStatus::Ready => StatusCode::OK,
        ReadinessStatus::Degraded => StatusCode::SERVICE_UNAVAILABLE,
    };
    HttpResponse::build(status)
        .insert_header(("cache-control", "no-store"))
        .json(readiness)
}

/// Metrics in the Prometheus text format: requests by route and status, upstream calls by
/// upstream and outcome, cache hits and misses by cache.
#[utoipa::path(
    operation_id = "metrics",
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition.", body = String, content_type = "text/plain; version=0.0.4")),
    security(())
)]
#[get("/metrics")]
pub(crate) async fn metrics() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::middleware::metrics::prometheus().render())
}
