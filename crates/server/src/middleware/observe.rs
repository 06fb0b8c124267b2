//! The middleware every request passes: request id, a tracing span, one log line, metrics and the
//! security headers.
//!
//! Written as a plain [`Transform`] rather than with `middleware::from_fn`: that boxes the
//! request's future twice per layer, and the two `from_fn` layers this replaces cost a fifth of
//! the cached read's throughput (BENCHMARKS.md).

use std::future::{Future, Ready, ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::Method;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::web;
use pin_project_lite::pin_project;
use tokio::task::futures::TaskLocalFuture;
use tracing::field::Empty;
use tracing::instrument::{Instrument, Instrumented};

use crate::middleware::context::{RequestContext, request_id_for};
use crate::middleware::headers::HeaderPolicy;
use crate::middleware::metrics;
use crate::routes::fallback::KnownRoutes;

const X_REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Gives the request an id (echoed in `x-request-id` and present in every log line and problem
/// body of the request), runs it inside a span, logs its outcome once, counts it in the metrics by
/// route template (never by raw path: ids would explode the label set, and paths may hold personal
/// data) and adds the security headers to its answer.
pub(crate) struct Observe {
    routes: web::Data<KnownRoutes>,
}

impl Observe {
    /// Labels requests by the templates of `routes`.
    pub(crate) fn new(routes: web::Data<KnownRoutes>) -> Self {
        Observe { routes }
    }
}

impl<S, B> Transform<S, ServiceRequest> for Observe
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Transform = ObserveService<S>;
    type InitError = ();
    type Future = Ready<Result<Self::Transform, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ObserveService {
            service,
            routes: self.routes.clone(),
        }))
    }
}

/// [`Observe`] around one service.
pub(crate) struct ObserveService<S> {
    service: S,
    routes: web::Data<KnownRoutes>,
}

impl<S, B> Service<ServiceRequest> for ObserveService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
    B: MessageBody,
{
    type Response = ServiceResponse<B>;
    type Error = actix_web::Error;
    type Future = Observed<S::Future>;

    forward_ready!(service);

    fn call(&self, req: ServiceRequest) -> Self::Future {
        let started = Instant::now();
        let id = request_id_for(&req);
        let route = self.routes.template_of(req.path());
        let method = method_label(req.method());
        let span = tracing::info_span!(
            "http.request",
            http.method = method,
            http.route = route.as_deref().unwrap_or("unmatched"),
            http.status = Empty,
            duration_ms = Empty,
            request.id = %id,
        );
        let finish = Finish {
            started,
            route,
            method,
            headers: HeaderPolicy::for_path(req.path()),
            request_id: HeaderValue::from_str(&id).ok(),
            span: span.clone(),
        };
        let context = RequestContext {
            id,
            path: req.path().to_owned(),
        };
        Observed {
            inner: context.scope(self.service.call(req).instrument(span)),
            finish: Some(finish),
        }
    }
}

pin_project! {
    /// The future of an observed request.
    pub(crate) struct Observed<F> {
        #[pin]
        inner: TaskLocalFuture<RequestContext, Instrumented<F>>,
        finish: Option<Finish>,
    }
}

impl<F, B> Future for Observed<F>
where
    F: Future<Output = Result<ServiceResponse<B>, actix_web::Error>>,
{
    type Output = F::Output;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let result = std::task::ready!(this.inner.poll(cx));
        Poll::Ready(match this.finish.take() {
            Some(finish) => finish.apply(result),
            None => result,
        })
    }
}

/// What is done once the answer is there.
struct Finish {
    started: Instant,
    route: Option<Arc<str>>,
    method: &'static str,
    headers: HeaderPolicy,
    request_id: Option<HeaderValue>,
    span: tracing::Span,
}

impl Finish {
    fn apply<B>(
        self,
        result: Result<ServiceResponse<B>, actix_web::Error>,
    ) -> Result<ServiceResponse<B>, actix_web::Error> {
        let status = match &result {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        let elapsed = self.started.elapsed();
        let span = self.span;
        span.record("http.status", status.as_u16());
        span.record("duration_ms", elapsed.as_secs_f64() * 1000.0);
        span.in_scope(|| {
            if status.is_server_error() {
                tracing::warn!("request failed");
            } else {
                tracing::info!("request finished");
            }
        });
        metrics::record_request(self.route.as_ref(), self.method, status, elapsed);

        let mut response = result?;
        let headers = response.headers_mut();
        self.headers.apply(headers);
        if let Some(id) = self.request_id {
            headers.insert(X_REQUEST_ID, id);
        }
        Ok(response)
    }
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
