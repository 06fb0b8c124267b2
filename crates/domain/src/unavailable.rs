//! Describing a failed source to an agent, without internals.

use cs_api::{SourceName, Unavailable};
use cs_upstream::UpstreamError;

/// The product behind a source, as the subject of a sentence.
fn product(source: SourceName) -> &'static str {
    match source {
        SourceName::CimPersons | SourceName::CimEvents => "CIM",
        SourceName::TokenServerDevices | SourceName::TokenServerEvents => "The Token Server",
    }
}

/// Why a source is missing from an answer, in words an agent can act on.
pub(crate) fn reason(source: SourceName, error: &UpstreamError) -> String {
    let product = product(source);
    match error {
        UpstreamError::Timeout { .. } => format!("{product} did not answer in time."),
        UpstreamError::Unavailable { .. } => format!("{product} is not reachable right now."),
        UpstreamError::BadCredentials { .. } => format!(
            "{product} rejected the credentials of Customer Service; an operator must fix the configuration."
        ),
        UpstreamError::Forbidden { .. } => format!(
            "{product} does not allow Customer Service this request; an operator must grant the API."
        ),
        UpstreamError::InvalidResponse { .. } => {
            format!("{product} sent an answer that Customer Service could not read.")
        }
        _ => format!("{product} could not be read."),
    }
}

/// The `unavailable` entry for a failed source; the failure is logged here, once.
pub(crate) fn unavailable(source: SourceName, error: &UpstreamError) -> Unavailable {
    tracing::warn!(source = source.as_str(), error = %error, "source unavailable; answering without it");
    Unavailable {
        source,
        reason: reason(source, error),
    }
}
