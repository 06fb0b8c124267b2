//! Naming the upstream sources behind an answer, and reporting the ones that failed.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One upstream data source of Customer Service.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum SourceName {
    /// Onegini CIM, Person API.
    CimPersons,
    /// Onegini CIM, Events API.
    CimEvents,
    /// Onegini Token Server, end-user device API.
    TokenServerDevices,
    /// Onegini Token Server, events API.
    TokenServerEvents,
}

impl SourceName {
    /// The name as it appears on the wire, in metrics and in logs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CimPersons => "cim_persons",
            Self::CimEvents => "cim_events",
            Self::TokenServerDevices => "token_server_devices",
            Self::TokenServerEvents => "token_server_events",
        }
    }
}

impl std::fmt::Display for SourceName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A source that could not be read for this answer. The rest of the answer is complete; this
/// part is missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({"source": "token_server_events", "reason": "The Token Server did not answer in time."}))]
pub struct Unavailable {
    /// Which source is missing.
    pub source: SourceName,
    /// Why, in words fit for an agent (never internals).
    pub reason: String,
}
