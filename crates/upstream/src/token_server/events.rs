//! Token Server events API v1 (ONEGINI-APIS §2).

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::TokenServerClient;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, Request};
use crate::lenient::{keep_valid, null_as_default};

const API: UpstreamApi = UpstreamApi::TokenServerEvents;
const EVENTS_PATH: &str = "/api/v1/events";
/// A user id no one has: the probe only needs an authenticated, cheap answer.
/// A user no one has, asked for by readiness probes.
pub(crate) const PROBE_USER_ID: &str = "_probe_";

/// One Token Server event. `event_identifier`, `event_type` and `occurred` are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TsEvent {
    /// Unique id of the event.
    pub event_identifier: String,
    /// Type, e.g. `API_DEVICE_REMOVED`.
    pub event_type: String,
    /// Human name, e.g. `Api device removed`.
    #[serde(default)]
    pub event_name: Option<String>,
    /// OAuth client involved.
    #[serde(default)]
    pub client_id: Option<String>,
    /// Name of the app of that client.
    #[serde(default)]
    pub app_name: Option<String>,
    /// Transaction id.
    #[serde(default)]
    pub transaction_id: Option<String>,
    /// The user (CIM `person_id`).
    #[serde(default)]
    pub user_id: Option<String>,
    /// Client IP address.
    #[serde(default)]
    pub client_ip: Option<String>,
    /// Client user agent.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Agent who acted on the user's behalf.
    #[serde(default)]
    pub event_agent_user: Option<String>,
    /// When, in epoch milliseconds.
    pub occurred: i64,
}

/// Paging facts of a Token Server events answer; every field may be absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TsPagination {
    /// Matching events in all pages.
    #[serde(default)]
    pub total_results: Option<u64>,
    /// Index of the first event of this page.
    #[serde(default)]
    pub offset: Option<u64>,
    /// Page size used.
    #[serde(default)]
    pub page_size: Option<u64>,
    /// Number of pages.
    #[serde(default)]
    pub number_of_pages: Option<u64>,
    /// This is the first page.
    #[serde(default)]
    pub first_page: Option<bool>,
    /// This is the last page.
    #[serde(default)]
    pub last_page: Option<bool>,
    /// Number of the previous page.
    #[serde(default)]
    pub previous_page: Option<u64>,
    /// Number of the next page.
    #[serde(default)]
    pub next_page: Option<u64>,
}

/// One page of Token Server events, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "TsEventsWire")]
pub struct TsEventsPage {
    /// The events (`result_set`; `resultSet` is accepted too). Events lacking a documented
    /// field are left out and counted.
    pub events: Vec<TsEvent>,
    /// Paging facts; all empty when the upstream leaves them out.
    pub pagination: TsPagination,
    /// How many events the Token Server sent, those left out included (to tell a full page).
    pub received: usize,
}

#[derive(Deserialize)]
struct TsEventsWire {
    #[serde(
        rename = "result_set",
        alias = "resultSet",
        default,
        deserialize_with = "null_as_default"
    )]
    events: Vec<serde_json::Value>,
    #[serde(default, deserialize_with = "null_as_default")]
    pagination: TsPagination,
}

impl From<TsEventsWire> for TsEventsPage {
    fn from(wire: TsEventsWire) -> Self {
        TsEventsPage {
            received: wire.events.len(),
            events: keep_valid(wire.events),
            pagination: wire.pagination,
        }
    }
}

/// Filter and page of a Token Server events query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TsEventsQuery {
    /// Whose events (`user_id`, matched case-insensitively upstream). Must not be empty: the
    /// upstream would answer every user's events.
    pub user_id: String,
    /// Page number from 0; past the end gives an empty page.
    pub page: u32,
    /// Page size, 1 to 1000.
    pub size: u32,
    /// Only these types (`event_type`, repeated; any matches).
    pub event_types: Vec<String>,
    /// Not these types (`exclude_event_type`, repeated).
    pub exclude_event_types: Vec<String>,
    /// Only events of this OAuth client.
    pub client_id: Option<String>,
    /// From this time, epoch milliseconds, inclusive.
    pub start_date: Option<i64>,
    /// Until this time, epoch milliseconds, inclusive unless `end_date_exclusive`.
    pub end_date: Option<i64>,
    /// Make `end_date` exclusive.
    pub end_date_exclusive: bool,
}

impl TsEventsQuery {
    /// The first page (20, the upstream default) of all of `user_id`'s events.
    pub fn for_user(user_id: impl Into<String>) -> Self {
        TsEventsQuery {
            user_id: user_id.into(),
            page: 0,
            size: 20,
            event_types: Vec::new(),
            exclude_event_types: Vec::new(),
            client_id: None,
            start_date: None,
            end_date: None,
            end_date_exclusive: false,
        }
    }
}

impl TokenServerClient {
    /// `GET /api/v1/events` with the query's filters; repeatable filters repeat the key.
    pub async fn events(&self, query: &TsEventsQuery) -> Result<TsEventsPage, UpstreamError> {
        if query.user_id.is_empty() {
            return Err(UpstreamError::BadRequest {
                api: API,
                path: EVENTS_PATH,
                message: "a user id is required; nothing was sent".to_owned(),
            });
        }
        let mut url = self.events_api().endpoint(&["api", "v1", "events"]);
        {
            let mut pairs = url.query_pairs_mut();
            pairs
                .append_pair("user_id", &query.user_id)
                .append_pair("page", &query.page.to_string())
                .append_pair("size", &query.size.to_string());
            for event_type in &query.event_types {
                pairs.append_pair("event_type", event_type);
            }
            for event_type in &query.exclude_event_types {
                pairs.append_pair("exclude_event_type", event_type);
            }
            if let Some(client_id) = &query.client_id {
                pairs.append_pair("client_id", client_id);
            }
            if let Some(start) = query.start_date {
                pairs.append_pair("start_date", &start.to_string());
            }
            if let Some(end) = query.end_date {
                pairs.append_pair("end_date", &end.to_string());
            }
            if query.end_date_exclusive {
                pairs.append_pair("end_date_exclusive", "true");
            }
        }
        let request = Request::new(API, Method::GET, EVENTS_PATH, url);
        self.events_api().call(request, RawResponse::json).await
    }

    /// Readiness of the events API: one event of a user no one has.
    pub async fn probe_events(&self) -> Result<(), UpstreamError> {
        let mut query = TsEventsQuery::for_user(PROBE_USER_ID);
        query.size = 1;
        crate::http::as_probe(self.events(&query)).await.map(|_| ())
    }
}
