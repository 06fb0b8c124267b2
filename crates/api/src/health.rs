//! Liveness and readiness answers.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The liveness answer: the process runs and serves HTTP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Liveness {
    /// Always `ok`.
    pub status: String,
}

/// Whether the service can do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessStatus {
    /// Every upstream API answered.
    Ready,
    /// Every required API answered; an optional one (events, configuration) did not, so its part
    /// of the answers is missing. Still ready (HTTP 200).
    Degraded,
    /// A required API (the CIM Person API, the Token Server end-user API) did not answer: no
    /// request can be served (HTTP 503).
    NotReady,
}

/// The reachability of one upstream API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamStatus {
    /// The upstream API, e.g. `cim_persons` or `token_server_devices`.
    pub name: String,
    /// Whether it answered the probe as expected.
    pub reachable: bool,
    /// How long the probe took, in milliseconds.
    pub latency_ms: u64,
    /// Why it is not reachable, when it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Whether requests cannot work without it (`false`: only a part of some answers is missing).
    pub required: bool,
}

/// The readiness answer: each upstream's reachability.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Readiness {
    /// `ready` when every upstream API answered, `degraded` when only an optional one did not,
    /// `not_ready` when a required one did not.
    pub status: ReadinessStatus,
    /// One entry per upstream API, and one named `database`.
    pub upstreams: Vec<UpstreamStatus>,
}
