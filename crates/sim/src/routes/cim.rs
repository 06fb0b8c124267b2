//! CIM Person API (§3) and Configuration API (§5).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::{Map, Value};

use super::query::QueryPairs;
use crate::errors;
use crate::model::Person;
use crate::store::SimState;

/// `max_results` when absent: Customer Service's documented search threshold.
const DEFAULT_MAX_RESULTS: u64 = 50;
/// Largest accepted `max_results`.
const MAX_MAX_RESULTS: u64 = 1000;

/// `GET /api/persons/{person_id}`.
pub(crate) async fn get_person(
    state: web::Data<SimState>,
    path: web::Path<String>,
) -> HttpResponse {
    match state.slot(&path) {
        Some(slot) => HttpResponse::Ok().json(&slot.person),
        None => errors::cim(StatusCode::NOT_FOUND, 4041, "Person not found"),
    }
}

/// `GET /api/persons/search?email=&max_results=`: exact, case-insensitive e-mail match.
pub(crate) async fn search(state: web::Data<SimState>, req: HttpRequest) -> HttpResponse {
    let q = match QueryPairs::parse(req.query_string()) {
        Ok(q) => q,
        Err(message) => return errors::cim(StatusCode::BAD_REQUEST, 4000, &message),
    };
    let Some(email) = q.first("email") else {
        return errors::cim(
            StatusCode::BAD_REQUEST,
            4001,
            "Query parameter email is required",
        );
    };
    let max_results = match q.number::<u64>("max_results") {
        Ok(None) => DEFAULT_MAX_RESULTS,
        Ok(Some(n)) if (1..=MAX_MAX_RESULTS).contains(&n) => n,
        _ => {
            return errors::cim(
                StatusCode::BAD_REQUEST,
                4002,
                "max_results must be a number between 1 and 1000",
            );
        }
    };
    let matches: Vec<&Person> = state.slots_by_email(email).map(|s| &s.person).collect();
    let total_results = matches.len();
    let result_set: Vec<&Person> = matches
        .into_iter()
        .take(usize::try_from(max_results).unwrap_or(usize::MAX))
        .collect();
    #[derive(Serialize)]
    struct SearchResult<'a> {
        result_set: Vec<&'a Person>,
        total_results: usize,
    }
    HttpResponse::Ok().json(SearchResult {
        result_set,
        total_results,
    })
}

/// `GET /api/config?fields=a,b`: the whole document, or only the named sections.
pub(crate) async fn config(state: web::Data<SimState>, req: HttpRequest) -> HttpResponse {
    let q = match QueryPairs::parse(req.query_string()) {
        Ok(q) => q,
        Err(message) => return errors::cim(StatusCode::BAD_REQUEST, 4000, &message),
    };
    let document = state.cim_config();
    let fields: Vec<&str> = q.all("fields").collect();
    if fields.is_empty() {
        return HttpResponse::Ok().json(document);
    }
    let selected: Map<String, Value> = fields
        .into_iter()
        .filter_map(|f| document.get(f).map(|v| (f.to_owned(), v.clone())))
        .collect();
    HttpResponse::Ok().json(selected)
}

/// `GET /api/config/identity-providers`.
pub(crate) async fn identity_providers(state: web::Data<SimState>) -> HttpResponse {
    HttpResponse::Ok().json(state.identity_providers())
}
