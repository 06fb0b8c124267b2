//! Test and benchmark controls under `/_sim/` (not a vendor API: no auth, loopback use).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use super::query::QueryPairs;
use crate::errors;
use crate::faults::FaultRule;
use crate::route_id::RouteId;
use crate::store::SimState;

/// Persons listed when `limit` is absent.
const DEFAULT_PERSONS: usize = 20;

/// `GET /_sim/health`: the readiness probe.
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// `GET /_sim/persons?limit=N&with_devices=true`.
pub(crate) async fn persons(state: web::Data<SimState>, req: HttpRequest) -> HttpResponse {
    let bad = |m: &str| errors::control(StatusCode::BAD_REQUEST, "invalid_request", m);
    let q = match QueryPairs::parse(req.query_string()) {
        Ok(q) => q,
        Err(message) => return bad(&message),
    };
    let Ok(limit) = q.number::<usize>("limit") else {
        return bad("limit must be a number of 0 or more");
    };
    let limit = limit.unwrap_or(DEFAULT_PERSONS);
    let with_devices = match q.first("with_devices") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(_) => return bad("with_devices must be true or false"),
    };
    let list = if with_devices {
        state.sample_persons(limit)
    } else {
        state.persons(limit)
    };
    HttpResponse::Ok().json(list)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaultSet {
    rules: Vec<FaultRule>,
}

fn fault_set(state: &SimState) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "rules": state.faults() }))
}

/// `GET /_sim/faults`.
pub(crate) async fn get_faults(state: web::Data<SimState>) -> HttpResponse {
    fault_set(&state)
}

/// `POST /_sim/faults` with `{"rules":[...]}`: replaces the rule set, or 400 and no change.
pub(crate) async fn set_faults(state: web::Data<SimState>, body: web::Bytes) -> HttpResponse {
    let set: FaultSet = match serde_json::from_slice(&body) {
        Ok(set) => set,
        Err(e) => {
            return errors::control(
                StatusCode::BAD_REQUEST,
                "invalid_fault_rules",
                &format!("Body must be {{\"rules\":[fault rules]}}: {e}"),
            );
        }
    };
    match state.try_set_faults(set.rules) {
        Ok(()) => fault_set(&state),
        Err(e) => errors::control(
            StatusCode::BAD_REQUEST,
            "invalid_fault_rules",
            &e.to_string(),
        ),
    }
}

/// `DELETE /_sim/faults`.
pub(crate) async fn clear_faults(state: web::Data<SimState>) -> HttpResponse {
    state.clear_faults();
    fault_set(&state)
}

fn stats_body(state: &SimState) -> HttpResponse {
    HttpResponse::Ok().json(json!({ "requests": state.stats() }))
}

/// `GET /_sim/stats`.
pub(crate) async fn stats(state: web::Data<SimState>) -> HttpResponse {
    stats_body(&state)
}

/// `DELETE /_sim/stats`.
pub(crate) async fn reset_stats(state: web::Data<SimState>) -> HttpResponse {
    state.reset_stats();
    stats_body(&state)
}

/// `GET /_sim/routes`: every route id with its method and path.
pub(crate) async fn routes() -> HttpResponse {
    let list: Vec<_> = RouteId::ALL
        .iter()
        .map(|r| {
            let (method, path) = r.method_and_path();
            json!({ "id": r.as_str(), "method": method, "path": path })
        })
        .collect();
    HttpResponse::Ok().json(list)
}

/// `POST /_sim/reset`: devices back as seeded, recorded events forgotten.
pub(crate) async fn reset(state: web::Data<SimState>) -> HttpResponse {
    state.reset_data();
    HttpResponse::Ok().json(json!({ "status": "reset" }))
}
