//! CIM Events API: a person's events, newest first (ONEGINI-APIS §4).

use reqwest::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::CimClient;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, Request};
use crate::lenient::{keep_valid, null_as_default};

const API: UpstreamApi = UpstreamApi::CimEvents;
const EVENTS_PATH: &str = "/api/events";

/// One CIM event. `event_identifier`, `occurred` and `event_type` are required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CimEvent {
    /// Unique id of the event.
    pub event_identifier: String,
    /// The person it concerns.
    #[serde(default)]
    pub person_id: Option<String>,
    /// When, in epoch milliseconds.
    pub occurred: i64,
    /// Type, e.g. `person.PersonCreatedEvent`.
    pub event_type: String,
    /// Short name, e.g. `SessionLoginSucceededEvent`.
    #[serde(default)]
    pub event_name: Option<String>,
    /// Client IP address.
    #[serde(default)]
    pub client_ip: Option<String>,
    /// Client user agent.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// Persons partition.
    #[serde(default)]
    pub partition_id: Option<String>,
    /// Agent who acted on the person's behalf.
    #[serde(default)]
    pub event_agent_user: Option<String>,
    /// Why, where CIM records it.
    #[serde(default)]
    pub reason: Option<String>,
}

/// One page of CIM events.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "CimEventsWire")]
pub struct CimEventsPage {
    /// The events (`resultSet`; `result_set` is accepted too), in CIM's order (undocumented).
    /// Events lacking a documented field are left out and counted.
    pub events: Vec<CimEvent>,
    /// Documented only as "an object": kept as is for the caller to read defensively.
    pub pagination: Option<Value>,
    /// How many events CIM sent, those left out included (to tell a full page).
    pub received: usize,
}

#[derive(Deserialize)]
struct CimEventsWire {
    #[serde(
        rename = "resultSet",
        alias = "result_set",
        default,
        deserialize_with = "null_as_default"
    )]
    events: Vec<Value>,
    #[serde(default)]
    pagination: Option<Value>,
}

impl From<CimEventsWire> for CimEventsPage {
    fn from(wire: CimEventsWire) -> Self {
        CimEventsPage {
            received: wire.events.len(),
            events: keep_valid(wire.events),
            pagination: wire.pagination,
        }
    }
}

impl CimClient {
    /// Readiness of the Events API: one event of a person no one is.
    pub async fn probe_events(&self) -> Result<(), UpstreamError> {
        crate::http::as_probe(self.events("_probe_", 1, 0))
            .await
            .map(drop)
    }

    /// `GET /api/events?userId=..&user_id=..&limit=..&offset=..`: the person's events. The person
    /// is named in both spellings: current CIM reads `userId`, older versions `user_id`
    /// (ONEGINI-APIS §4), and each ignores the other.
    pub async fn events(
        &self,
        person_id: &str,
        limit: u32,
        offset: u32,
    ) -> Result<CimEventsPage, UpstreamError> {
        let mut url = self.events_api().endpoint(&["api", "events"]);
        url.query_pairs_mut()
            .append_pair("userId", person_id)
            .append_pair("user_id", person_id)
            .append_pair("limit", &limit.to_string())
            .append_pair("offset", &offset.to_string());
        let request = Request::new(API, Method::GET, EVENTS_PATH, url);
        self.events_api().call(request, RawResponse::json).await
    }
}
