//! The gate every vendor route passes: count the request, apply latency and error faults,
//! check HTTP Basic, call the handler, then break the body if a rule says so.
//!
//! A route middleware rather than code in each handler, so no handler can forget a step.

use std::time::Duration;

use actix_web::body::{BoxBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{Error, HttpMessage, HttpResponse, Route};

use crate::auth;
use crate::errors::{self, Faulted};
use crate::fault_bodies::{MALFORMED_BODY, OversizedBody, TrickleBody};
use crate::faults::{BodyFault, BodyPlan};
use crate::route_id::{Family, RouteId};
use crate::store::SimState;

/// Tells which fault (if any) shaped a response; for people reading traces.
const FAULT_HEADER: HeaderName = HeaderName::from_static("x-sim-fault");

/// What the gate hands to the handler.
#[derive(Clone, Debug)]
pub(crate) struct CallContext {
    /// The API client id that authenticated (the HTTP Basic user).
    pub(crate) api_client: String,
    /// A rule asked delete routes to answer 204 without deleting.
    pub(crate) silent_delete_failure: bool,
}

/// Puts `route` behind the gate under the id `id`.
pub(crate) fn vendor(state: &SimState, id: RouteId, route: Route) -> Route {
    let state = state.clone();
    route.wrap(from_fn(move |req: ServiceRequest, next: Next<BoxBody>| {
        gate(state.clone(), id, req, next)
    }))
}

async fn gate(
    state: SimState,
    route: RouteId,
    req: ServiceRequest,
    next: Next<BoxBody>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    state.count(route);
    let plan = state.fault_plan(route);
    if plan.latency_ms > 0 {
        tokio::time::sleep(Duration::from_millis(plan.latency_ms)).await;
    }
    if let Some(status) = plan.error_status {
        tracing::debug!(route = route.as_str(), status, "injected error status");
        return Ok(req.into_response(injected_error(route.family(), status)));
    }
    let Some(api_client) = auth::authenticate(&state, route.api(), req.headers()) else {
        tracing::debug!(route = route.as_str(), "rejected credentials");
        return Ok(req.into_response(errors::unauthorized(route.family())));
    };
    req.extensions_mut().insert(CallContext {
        api_client,
        silent_delete_failure: plan.silent_delete_failure && route.deletes_devices(),
    });
    let res = next.call(req).await?;
    tracing::debug!(
        route = route.as_str(),
        status = res.status().as_u16(),
        "vendor request"
    );
    Ok(match plan.body {
        Some(body) => break_body(res, body).await,
        None => res,
    })
}

fn injected_error(family: Family, status: u16) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = "Simulated failure (onegini-sim fault rule)";
    let mut response = match family {
        Family::TokenServerDevices | Family::TokenServerEvents => {
            errors::token_server(status, errors::code_word(status), message)
        }
        Family::Cim => errors::cim(status, u32::from(status.as_u16()) * 10, message),
    };
    response
        .headers_mut()
        .insert(FAULT_HEADER, HeaderValue::from_static("error_status"));
    response
}

async fn break_body(res: ServiceResponse<BoxBody>, plan: BodyPlan) -> ServiceResponse<BoxBody> {
    let (req, response) = res.into_parts();
    let mut broken = match plan.fault {
        BodyFault::Malformed => HttpResponse::Ok()
            .content_type("application/json")
            .body(MALFORMED_BODY),
        BodyFault::Oversized => HttpResponse::Ok()
            .content_type("application/json")
            .body(OversizedBody::new(plan.oversized_bytes)),
        BodyFault::Trickle => {
            let status = response.status();
            let headers = response.headers().clone();
            // Handler bodies are small JSON documents, so buffering one is fine.
            let data = to_bytes(response.into_body()).await.unwrap_or_default();
            let mut slow = HttpResponse::build(status).body(TrickleBody::new(
                data,
                plan.trickle_bytes,
                Duration::from_millis(plan.trickle_interval_ms),
            ));
            for (name, value) in &headers {
                if name != header::CONTENT_LENGTH {
                    slow.headers_mut().append(name.clone(), value.clone());
                }
            }
            slow
        }
        BodyFault::WrongContentType => {
            let mut response = response;
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            );
            response
        }
    };
    broken.extensions_mut().insert(Faulted);
    broken
        .headers_mut()
        .insert(FAULT_HEADER, HeaderValue::from_static(plan.fault.as_str()));
    ServiceResponse::new(req, broken)
}
