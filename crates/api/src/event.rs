//! Security events from both upstream products, in one timeline.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::source::Unavailable;

/// Which product recorded an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventSource {
    /// Onegini CIM (identity, profile and login events).
    Cim,
    /// Onegini Token Server (device, token and mobile-authentication events).
    TokenServer,
}

/// One security event of an end user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": "0c7d4a52-1f3e-4b6a-9c2d-8e7f6a5b4c3d",
    "source": "token_server",
    "type": "API_DEVICE_REMOVED",
    "name": "Api device removed",
    "occurredAt": "2026-11-28T09:12:44Z",
    "application": "Example Bank app",
    "clientIp": "10.0.0.5",
    "userAgent": "Mozilla/5.0",
    "actor": "helpdesk-agent-1"
}))]
pub struct Event {
    /// The upstream's event id.
    pub id: String,
    /// Which product recorded it.
    pub source: EventSource,
    /// The upstream's event type, e.g. `API_DEVICE_REMOVED` or `person.SessionLoginSucceededEvent`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// A human-readable name of the event.
    pub name: String,
    /// When it happened.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: OffsetDateTime,
    /// The application involved, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// The client IP address the upstream saw, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
    /// The user agent the upstream saw, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Who caused the event when it was not the end user: the agent or API client the upstream
    /// recorded; for a change made through Customer Service, the agent who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
}

/// A page of an end user's events, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EventsPage {
    /// The events, newest first.
    pub events: Vec<Event>,
    /// Pass this as `before` to get the next, older page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
    /// Sources that could not be read: their events are missing from this page.
    pub unavailable: Vec<Unavailable>,
}
