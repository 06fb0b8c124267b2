//! Why a use case failed.

use cs_upstream::UpstreamError;

/// The failure of a use case. The server maps each variant to one problem+json answer.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DomainError {
    /// CIM has no person with that id.
    #[error("no user with this id")]
    UserNotFound,
    /// The user has no device with that id.
    #[error("the user has no device with this id")]
    DeviceNotFound,
    /// The Token Server accepted a deletion, but the device is still registered.
    #[error("the Token Server accepted the deletion but still lists the device")]
    DeviceNotRemoved,
    /// The request is not valid; the text says why.
    #[error("{0}")]
    InvalidInput(String),
    /// An upstream call that the answer cannot do without failed.
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
}

impl From<std::sync::Arc<UpstreamError>> for DomainError {
    fn from(error: std::sync::Arc<UpstreamError>) -> Self {
        DomainError::Upstream((*error).clone())
    }
}
