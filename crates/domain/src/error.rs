//! Why a use case failed, classified so the HTTP edge never needs upstream types.

use std::fmt;

use cs_upstream::{UpstreamApi, UpstreamError};

/// The upstream product a failure came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Product {
    /// Onegini CIM.
    Cim,
    /// The Onegini Token Server.
    TokenServer,
}

impl Product {
    /// The product as the subject of a sentence.
    pub fn subject(self) -> &'static str {
        match self {
            Product::Cim => "CIM",
            Product::TokenServer => "The Token Server",
        }
    }
}

impl From<UpstreamApi> for Product {
    fn from(api: UpstreamApi) -> Self {
        match api {
            UpstreamApi::CimPersons | UpstreamApi::CimEvents | UpstreamApi::CimConfiguration => {
                Product::Cim
            }
            UpstreamApi::TokenServerDevices
            | UpstreamApi::TokenServerEvents
            | UpstreamApi::TokenServerMobileAuthentication => Product::TokenServer,
        }
    }
}

/// What went wrong with an upstream, as far as an agent or operator can act on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No complete answer in time.
    Timeout,
    /// Not reachable, overloaded, or its circuit is open.
    Unreachable,
    /// It rejected our API credentials: an operator must fix the configuration.
    BadCredentials,
    /// Our API client lacks the grant for the API: an operator must grant it.
    NotGranted,
    /// It answered, but not as documented (or with an error we cannot act on).
    BadAnswer,
    /// It has none of the configured ways to search by e-mail address (`cim.search`).
    NoSearch,
    /// Its e-mail lookup (the migration status) is switched off.
    LookupSwitchedOff,
}

/// An upstream call that an answer could not do without, classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UpstreamFailure {
    /// Which product.
    pub product: Product,
    /// What kind of failure.
    pub kind: FailureKind,
}

impl UpstreamFailure {
    /// Classifies an upstream error (its details stay in the log, never in an answer).
    pub(crate) fn of(error: &UpstreamError) -> Self {
        let kind = match error {
            UpstreamError::Timeout { .. } => FailureKind::Timeout,
            UpstreamError::Unavailable { .. } => FailureKind::Unreachable,
            UpstreamError::BadCredentials { .. } => FailureKind::BadCredentials,
            UpstreamError::Forbidden { .. } => FailureKind::NotGranted,
            UpstreamError::NoSuchOperation { .. } => FailureKind::NoSearch,
            UpstreamError::SwitchedOff { .. } => FailureKind::LookupSwitchedOff,
            UpstreamError::NotFound { .. }
            | UpstreamError::BadRequest { .. }
            | UpstreamError::InvalidResponse { .. }
            | UpstreamError::NotAllDevicesDeleted { .. } => FailureKind::BadAnswer,
        };
        UpstreamFailure {
            product: error.api().into(),
            kind,
        }
    }

    /// Whether trying again in a moment may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self.kind, FailureKind::Timeout | FailureKind::Unreachable)
    }
}

/// The one sentence per failure that agents read, in `unavailable` entries and problem details.
impl fmt::Display for UpstreamFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let product = self.product.subject();
        match self.kind {
            FailureKind::Timeout => write!(f, "{product} did not answer in time."),
            FailureKind::Unreachable => write!(f, "{product} is not reachable right now."),
            FailureKind::BadCredentials => write!(
                f,
                "{product} rejected the credentials of Customer Service; an operator must fix the configuration."
            ),
            FailureKind::NotGranted => write!(
                f,
                "{product} does not allow Customer Service this request; an operator must grant the API."
            ),
            FailureKind::BadAnswer => write!(
                f,
                "{product} sent an answer that Customer Service could not use."
            ),
            FailureKind::NoSearch => write!(
                f,
                "{product} offers none of the ways to search by e-mail address set in cim.search; \
                 an operator must set one it has (\"migration-status\" or \"person-search\")."
            ),
            FailureKind::LookupSwitchedOff => write!(
                f,
                "{product} has its e-mail lookup (the migration status) switched off; an operator \
                 must switch it on in {product}, or set cim.search = \"person-search\"."
            ),
        }
    }
}

/// The failure of a use case. The server maps each variant to one problem+json answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// CIM has no person with that id.
    #[error("no user with this id")]
    UserNotFound,
    /// The user has no device with that id.
    #[error("the user has no device with this id")]
    DeviceNotFound,
    /// The Token Server accepted a deletion, but the device is still registered.
    #[error(
        "the Token Server did not remove the device: it accepted the deletion but still lists it"
    )]
    DeviceNotRemoved,
    /// The device is already as the action would leave it: nothing to change.
    #[error("the device is already in that state")]
    NothingToChange,
    /// The Token Server accepted a change to a device, but the device is unchanged.
    #[error(
        "the Token Server did not change the device: it accepted the request but lists it unchanged"
    )]
    DeviceNotChanged,
    /// The Token Server accepted ending the user's sessions, but still lists some.
    #[error(
        "the Token Server did not end the sessions: it accepted the request but still lists some"
    )]
    SessionsNotEnded,
    /// The device is not enrolled for push (or the Token Server offers no push for it): a
    /// caller cannot be verified with it.
    #[error("the device cannot receive a verification request: it is not enrolled for push")]
    DeviceNotVerifiable,
    /// No verification with that id for that user (or it ended long ago).
    #[error("no verification with this id for this user")]
    VerificationNotFound,
    /// Running verifications cannot be stored or read.
    #[error("verifications cannot be stored right now")]
    StateUnavailable,
    /// The request is not valid; the text says why.
    #[error("{0}")]
    InvalidInput(String),
    /// A change could not be recorded in the audit trail, so it was not made.
    #[error("the audit trail cannot be written")]
    AuditUnavailable,
    /// An upstream call that the answer cannot do without failed.
    #[error("{0}")]
    Upstream(UpstreamFailure),
}

impl From<UpstreamError> for DomainError {
    /// Classifies the error; its details (API and path, never credentials) are logged here, once.
    fn from(error: UpstreamError) -> Self {
        tracing::error!(error = %error, upstream = %error.api(), "upstream call failed");
        DomainError::Upstream(UpstreamFailure::of(&error))
    }
}

impl From<std::sync::Arc<UpstreamError>> for DomainError {
    fn from(error: std::sync::Arc<UpstreamError>) -> Self {
        (*error).clone().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upstream_errors_are_classified_by_product_and_kind() {
        let timeout = UpstreamError::Timeout {
            api: UpstreamApi::TokenServerEvents,
            path: "/api/v1/events",
        };
        let failure = UpstreamFailure::of(&timeout);
        assert_eq!(failure.product, Product::TokenServer);
        assert_eq!(failure.kind, FailureKind::Timeout);
        assert!(failure.is_transient());
        assert_eq!(
            failure.to_string(),
            "The Token Server did not answer in time."
        );

        let refused = UpstreamFailure::of(&UpstreamError::Forbidden {
            api: UpstreamApi::CimEvents,
        });
        assert_eq!(refused.product, Product::Cim);
        assert_eq!(refused.kind, FailureKind::NotGranted);
        assert!(!refused.is_transient());
        assert!(refused.to_string().starts_with("CIM does not allow"));
    }

    #[test]
    fn a_classified_error_keeps_no_upstream_detail() {
        let error: DomainError = UpstreamError::InvalidResponse {
            api: UpstreamApi::CimPersons,
            path: "/api/persons/{person_id}",
            reason: "secret internals".into(),
        }
        .into();
        let text = error.to_string();
        assert!(
            !text.contains("internals") && !text.contains("/api/"),
            "{text}"
        );
    }
}
