//! The events timeline.

use actix_web::{get, web};
use cs_api::{EventSource, EventsPage, Problem};
use cs_domain::{CustomerService, EventsCursor, EventsQuery, MAX_EVENTS_LIMIT};
use serde::Deserialize;
use utoipa::IntoParams;

use super::params;
use super::responses::{AuthFailures, UpstreamFailures};
use crate::extractors::caller::Caller;
use crate::problem::ApiError;

/// Which events to list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct EventsParams {
    /// How many events, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
    /// Only events of this source.
    source: Option<EventSource>,
    /// Only events of these types, comma-separated (e.g. `API_DEVICE_REMOVED,PUSH_ENROLLMENT_SUCCESS`):
    /// 1 to 20 types of 1 to 100 characters each (surrounding spaces are ignored).
    #[serde(rename = "type")]
    #[param(rename = "type", pattern = r"^[^,]{1,100}(,[^,]{1,100}){0,19}$")]
    types: Option<String>,
    /// The `nextBefore` of the previous page, for older events: a position in the timeline
    /// (epoch milliseconds, `c` or `t`, and an event id in hex).
    #[param(
        min_length = 5,
        max_length = 531,
        pattern = r"^[0-9]{1,16}\.[ct]\.([0-9a-f]{2}){1,256}$"
    )]
    before: Option<String>,
}

impl EventsParams {
    fn into_query(self) -> Result<EventsQuery, ApiError> {
        let limit = self.limit.unwrap_or(EventsQuery::default().limit);
        if limit == 0 || limit > MAX_EVENTS_LIMIT {
            return Err(ApiError::bad_request(format!(
                "`limit` must be between 1 and {MAX_EVENTS_LIMIT}"
            )));
        }
        let pieces: Vec<&str> = self.types.iter().flat_map(|t| t.split(',')).collect();
        if pieces.len() > 20
            || pieces
                .iter()
                .any(|t| !(1..=100).contains(&t.chars().count()))
        {
            return Err(ApiError::bad_request(
                "`type` must be 1 to 20 comma-separated types of 1 to 100 characters",
            ));
        }
        let types = pieces
            .into_iter()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        let before = self
            .before
            .as_deref()
            .map(EventsCursor::decode)
            .transpose()?;
        Ok(EventsQuery {
            limit,
            source: self.source,
            types,
            before,
        })
    }
}

/// List an end user's latest events.
///
/// Events of CIM and the Token Server merged into one list, newest first. Page with `before`. When a
/// source cannot be read, its events are missing and `unavailable` says so. An event of a change
/// made through Customer Service (a removal, a disabled push, mobile authentication or fingerprint,
/// a sign-out, a verification's push) names the agent who made it as its `actor` (from the audit
/// trail); the Token Server itself records only our API client.
#[utoipa::path(
    operation_id = "listEvents",
    tag = "events",
    params(("userId" = String, Path, description = "The CIM person id (also the Token Server's user id).", min_length = 1, max_length = 256, pattern = r"^([A-Za-z0-9_-][A-Za-z0-9._-]*|\.[A-Za-z0-9_-][A-Za-z0-9._-]*|\.\.[A-Za-z0-9._-]+)$"), EventsParams),
    responses(
        (status = 200, description = "A page of events.", body = EventsPage),
        (status = 400, description = "A parameter is malformed.", body = Problem, content_type = "application/problem+json"),
        AuthFailures,
        UpstreamFailures,
    )
)]
#[get("/users/{userId}/events")]
pub(crate) async fn list_events(
    service: web::Data<CustomerService>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<EventsParams>,
) -> Result<web::Json<EventsPage>, ApiError> {
    caller.require_read_users()?;
    let user_id = params::id("userId", &path)?;
    let query = query.into_inner().into_query()?;
    Ok(web::Json(service.events(user_id, &query).await?))
}
