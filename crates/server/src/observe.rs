//! The middleware every request passes: request id, a tracing span, one log line, metrics.

use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web;
use metrics::SharedString;
use tracing::Instrument;
use tracing::field::Empty;

use crate::context::{RequestContext, request_id_for};
use crate::fallback::KnownRoutes;

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Gives the request an id (echoed in `x-request-id` and present in every log line of the
/// request), runs it inside a span, logs its outcome once, and counts it in the metrics by route
/// template (never by raw path: ids would explode the label set, and paths may hold personal data).
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = request_id_for(&req);
    let route: SharedString = req
        .app_data::<web::Data<KnownRoutes>>()
        .and_then(|routes| routes.template_of(req.path()))
        .map_or(SharedString::const_str("unmatched"), SharedString::from);
    let method = method_label(req.method());
    let span = tracing::info_span!(
        "http.request",
        http.method = method,
        http.route = &*route,
        http.status = Empty,
        duration_ms = Empty,
        request.id = %id,
    );
    let context = RequestContext {
        id: id.clone(),
        path: req.path().to_owned(),
    };
    let result = context.scope(next.call(req)).instrument(span.clone()).await;

    let status = match &result {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let elapsed = started.elapsed();
    span.record("http.status", status.as_u16());
    span.record("duration_ms", elapsed.as_secs_f64() * 1000.0);
    span.in_scope(|| {
        if status.is_server_error() {
            tracing::warn!("request failed");
        } else {
            tracing::info!("request finished");
        }
    });
    let status_label = status.as_u16().to_string();
    metrics::counter!("http_requests_total", "method" => method, "route" => route.clone(), "status" => status_label.clone())
        .increment(1);
    metrics::histogram!("http_request_duration_seconds", "method" => method, "route" => route, "status" => status_label)
        .record(elapsed.as_secs_f64());

    let mut response = result?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(X_REQUEST_ID, value);
    }
    Ok(response)
}

/// The method as a label without allocating; methods outside the API are one label.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        _ => "OTHER",
    }
}
