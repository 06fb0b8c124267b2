//! CIM Events API (ONEGINI-APIS.md §4).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use super::query::QueryPairs;
use crate::errors;
use crate::event_log::CimEventQuery;
use crate::store::SimState;
use crate::variants::CimEventsUserParam;

/// `limit` when absent.
const DEFAULT_LIMIT: u64 = 20;
/// Largest accepted `limit`.
const MAX_LIMIT: i64 = 1000;

/// `GET /api/events?userId=&actor=&limit=&offset=` (older versions spell it `user_id`; which
/// spellings are accepted is [`crate::SimSettings::cim_events_user_param`]).
pub(crate) async fn list(state: web::Data<SimState>, req: HttpRequest) -> HttpResponse {
    match parse(req.query_string(), state.variants().cim_events_user_param) {
        Ok(query) => HttpResponse::Ok().json(state.query_cim_events(&query)),
        Err((code, message)) => errors::cim(StatusCode::BAD_REQUEST, code, message),
    }
}

fn parse(raw: &str, spelling: CimEventsUserParam) -> Result<CimEventQuery, (u32, &'static str)> {
    let q = QueryPairs::parse(raw).map_err(|_| (4000, "Malformed query string"))?;
    let user_id = spelling.keys().iter().find_map(|key| q.first(key));
    let actor = q.first("actor");
    if user_id.is_none() && actor.is_none() {
        return Err((4004, "Both user ID and actor ID are missing"));
    }
    let limit = match q.number::<i64>("limit") {
        Ok(None) => DEFAULT_LIMIT,
        Ok(Some(n)) if (1..=MAX_LIMIT).contains(&n) => n.unsigned_abs(),
        _ => return Err((4002, "Limit must be between 1 and 1000")),
    };
    let offset = match q.number::<i64>("offset") {
        Ok(None) => 0,
        Ok(Some(n)) if n >= 0 => n.unsigned_abs(),
        _ => return Err((4003, "Offset must be 0 or more")),
    };
    Ok(CimEventQuery {
        user_id: user_id.map(str::to_owned),
        actor: actor.map(str::to_owned),
        limit,
        offset,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn parse_both(raw: &str) -> Result<CimEventQuery, (u32, &'static str)> {
        parse(raw, CimEventsUserParam::Both)
    }

    #[test]
    fn takes_only_the_chosen_spellings() {
        let user = |raw, spelling| parse(raw, spelling).map(|q| q.user_id);
        let some_a = Ok(Some("a".to_owned()));
        assert_eq!(user("userId=a&user_id=b", CimEventsUserParam::Both), some_a);
        assert_eq!(user("user_id=a", CimEventsUserParam::UserIdOnly), some_a);
        assert_eq!(user("userId=a", CimEventsUserParam::CamelOnly), some_a);
        assert_eq!(
            user("userId=a", CimEventsUserParam::UserIdOnly)
                .unwrap_err()
                .0,
            4004
        );
        assert_eq!(
            user("user_id=a", CimEventsUserParam::CamelOnly)
                .unwrap_err()
                .0,
            4004
        );
        assert_eq!(
            user("user_id=a&actor=x", CimEventsUserParam::CamelOnly),
            Ok(None)
        );
    }

    #[test]
    fn validates_like_the_cim() {
        assert_eq!(parse_both("limit=5").unwrap_err().0, 4004);
        assert_eq!(parse_both("userId=a&limit=0").unwrap_err().0, 4002);
        assert_eq!(parse_both("userId=a&limit=1001").unwrap_err().0, 4002);
        assert_eq!(parse_both("userId=a&offset=-1").unwrap_err().0, 4003);
        let q = parse_both("user_id=a").unwrap();
        assert_eq!(
            (q.user_id.as_deref(), q.limit, q.offset),
            (Some("a"), 20, 0)
        );
        assert!(parse_both("actor=helpdesk-agent-1").is_ok());
    }
}
