//! The error body of every failed request: RFC 9457 `application/problem+json`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of [`Problem`] bodies.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// A problem detail (RFC 9457). Every error answer of the API has this body, including unknown
/// routes, wrong methods, malformed query strings and malformed JSON bodies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "type": "/problems/device-not-removed",
    "title": "The Token Server did not remove the device",
    "status": 502,
    "detail": "The Token Server accepted the delete request, but the device is still registered.",
    "instance": "/api/v1/users/8a742ac4-fabd-4580-924c-0281777e3d39/devices/3f9a",
    "requestId": "5b7a3c1e-2f64-4c1e-9d7b-0a4f1e3c2b11"
}))]
pub struct Problem {
    /// A URI reference naming the kind of problem (`/problems/<kind>`, relative to this service);
    /// stable, so clients can branch on it.
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short, human-readable summary of the kind of problem.
    pub title: String,
    /// The HTTP status code of this answer.
    pub status: u16,
    /// What went wrong with this request, in words an operator or agent can act on.
    pub detail: String,
    /// The request path this problem is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// The request id (also in the `x-request-id` header): quote it when reporting a problem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}
