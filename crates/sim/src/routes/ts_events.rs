//! Token Server events API (ONEGINI-APIS.md §2).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::query::QueryPairs;
use crate::errors;
use crate::event_log::TsEventQuery;
use crate::store::SimState;

/// Page size when `size` is absent.
const DEFAULT_SIZE: u64 = 20;
/// Largest accepted `size`.
const MAX_SIZE: u64 = 1000;

/// `GET /oauth/api/v1/events`.
pub(crate) async fn list(state: web::Data<SimState>, req: HttpRequest) -> HttpResponse {
    match parse(req.query_string()) {
        Ok(query) => HttpResponse::Ok().json(state.query_ts_events(&query)),
        Err(message) => errors::token_server(StatusCode::BAD_REQUEST, "invalid_request", &message),
    }
}

fn parse(raw: &str) -> Result<TsEventQuery, String> {
    let q = QueryPairs::parse(raw)?;
    let size = q
        .number::<u64>("size")
        .map_err(|()| "size must be a number".to_owned())?
        .unwrap_or(DEFAULT_SIZE);
    if !(1..=MAX_SIZE).contains(&size) {
        return Err(format!("size must be between 1 and {MAX_SIZE}"));
    }
    let page = q
        .number::<u64>("page")
        .map_err(|()| "page must be a number of 0 or more".to_owned())?
        .unwrap_or(0);
    let date = |key: &str| {
        q.number::<i64>(key)
            .map_err(|()| format!("{key} must be a time in epoch milliseconds"))
    };
    let end_date_exclusive = match q.first("end_date_exclusive") {
        None => false,
        Some(v) if v.eq_ignore_ascii_case("true") => true,
        Some(v) if v.eq_ignore_ascii_case("false") => false,
        Some(_) => return Err("end_date_exclusive must be true or false".to_owned()),
    };
    Ok(TsEventQuery {
        user_id: q.first("user_id").map(str::to_owned),
        client_id: q.first("client_id").map(str::to_owned),
        event_types: q.all("event_type").map(str::to_owned).collect(),
        exclude_event_types: q.all("exclude_event_type").map(str::to_owned).collect(),
        transaction_id: q.first("transaction_id").map(str::to_owned),
        start_date: date("start_date")?,
        end_date: date("end_date")?,
        end_date_exclusive,
        page,
        size,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn parses_and_validates() {
        let q = parse("user_id=ABC&event_type=A&event_type=B&exclude_event_type=C&page=2&size=5&end_date_exclusive=TRUE").unwrap();
        assert_eq!(q.user_id.as_deref(), Some("ABC"));
        assert_eq!(q.event_types, ["A", "B"]);
        assert_eq!(q.exclude_event_types, ["C"]);
        assert_eq!((q.page, q.size, q.end_date_exclusive), (2, 5, true));
        assert_eq!(parse("").unwrap().size, 20);
        for bad in [
            "size=1001",
            "size=0",
            "size=x",
            "page=-1",
            "start_date=yesterday",
            "end_date_exclusive=maybe",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
