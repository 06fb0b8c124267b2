//! Describing a failed source to an agent, without internals.

use cs_api::{SourceName, Unavailable};
use cs_upstream::UpstreamError;

use crate::error::UpstreamFailure;

/// The `unavailable` entry for a failed source; the failure is logged here, once.
pub(crate) fn unavailable(source: SourceName, error: &UpstreamError) -> Unavailable {
    tracing::warn!(source = source.as_str(), error = %error, "source unavailable; answering without it");
    Unavailable {
        source,
        reason: UpstreamFailure::of(error).to_string(),
    }
}
