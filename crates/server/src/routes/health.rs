//! Liveness, readiness and metrics.

use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, HeaderValue, WWW_AUTHENTICATE};
use actix_web::{HttpRequest, HttpResponse, get, web};
use cs_api::{Liveness, Problem, Readiness, ReadinessStatus};
use cs_auth::AuthService;
use cs_domain::CustomerService;
use secrecy::{ExposeSecret, SecretString};
use subtle::ConstantTimeEq;

use crate::problem::{ApiError, ProblemType};

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

/// Readiness: each upstream API's reachability, probed at most `cache.readiness_ttl_secs` ago,
/// and the database's. Only the APIs no request works without (the CIM Person API, the Token
/// Server end-user API) decide it; the optional ones (events, configuration) and the database
/// (without it logins and changes are refused, bearer-token reads go on) make it `degraded`.
#[utoipa::path(
    operation_id = "readyz",
    tag = "operations",
    responses(
        (status = 200, description = "The required upstream APIs answered (`status` is `degraded` when an optional one did not).", body = Readiness),
        (status = 503, description = "A required upstream API (CIM persons, Token Server devices) did not answer.", body = Readiness),
    ),
    security(())
)]
#[get("/readyz")]
pub(crate) async fn readyz(
    service: web::Data<CustomerService>,
    auth: web::Data<AuthService>,
) -> HttpResponse {
    let (mut readiness, database): (Readiness, _) =
        tokio::join!(service.readiness(), auth.database_status());
    if !database.reachable && readiness.status == ReadinessStatus::Ready {
        readiness.status = ReadinessStatus::Degraded;
    }
    readiness.upstreams.push(database);
    let status = match readiness.status {
        ReadinessStatus::Ready | ReadinessStatus::Degraded => StatusCode::OK,
        ReadinessStatus::NotReady => StatusCode::SERVICE_UNAVAILABLE,
    };
    HttpResponse::build(status)
        .insert_header(("cache-control", "no-store"))
        .json(readiness)
}

/// Who may read `/metrics`: anyone, or only who sends the configured token.
pub(crate) struct MetricsAccess {
    pub(crate) token: Option<SecretString>,
}

impl MetricsAccess {
    fn allows(&self, req: &HttpRequest) -> bool {
        let Some(token) = &self.token else {
            return true;
        };
        req.headers()
            .get(AUTHORIZATION)
            .and_then(|value| value.as_bytes().strip_prefix(b"Bearer "))
            .is_some_and(|sent| bool::from(sent.ct_eq(token.expose_secret().as_bytes())))
    }
}

/// Metrics in the Prometheus text format: requests by route and status, upstream calls by
/// upstream and outcome, cache hits and misses by cache.
///
/// Where `server.metrics_token` is set, only with `Authorization: Bearer <that token>`.
#[utoipa::path(
    operation_id = "metrics",
    tag = "operations",
    responses(
        (status = 200, description = "Prometheus text exposition.", body = String, content_type = "text/plain; version=0.0.4"),
        (status = 401, description = "`server.metrics_token` is set and the request does not carry it.", body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/metrics")]
pub(crate) async fn metrics(
    req: HttpRequest,
    access: web::Data<MetricsAccess>,
) -> Result<HttpResponse, ApiError> {
    if !access.allows(&req) {
        return Err(ApiError::new(
            ProblemType::Unauthorized,
            "The metrics need the token configured in server.metrics_token, as a bearer token.",
        )
        .with_header(WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(crate::middleware::metrics::prometheus().render()))
}
