//! Typed errors of the upstream clients.
//!
//! No variant carries a credential, a full URL, a query string or a response body: errors end up in
//! logs and metrics, and search queries hold e-mail addresses.

use std::fmt;

/// The upstream API a call went to; its `as_str()` name labels metrics and `unavailable` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UpstreamApi {
    /// CIM Person API (`/api/persons`).
    CimPersons,
    /// CIM Events API (`/api/events`).
    CimEvents,
    /// CIM Configuration API (`/api/config`).
    CimConfiguration,
    /// Token Server end-user device API (`/api/v4/users/{userId}/devices`).
    TokenServerDevices,
    /// Token Server events API (`/api/v1/events`).
    TokenServerEvents,
    /// Token Server Mobile Authentication API (`/api/v4/authenticate`): verifying a caller.
    TokenServerMobileAuthentication,
}

impl UpstreamApi {
    /// Every API, in a stable order.
    pub const ALL: [UpstreamApi; 6] = [
        UpstreamApi::CimPersons,
        UpstreamApi::CimEvents,
        UpstreamApi::CimConfiguration,
        UpstreamApi::TokenServerDevices,
        UpstreamApi::TokenServerEvents,
        UpstreamApi::TokenServerMobileAuthentication,
    ];

    /// Stable snake_case name, e.g. `token_server_devices`.
    pub fn as_str(self) -> &'static str {
        match self {
            UpstreamApi::CimPersons => "cim_persons",
            UpstreamApi::CimEvents => "cim_events",
            UpstreamApi::CimConfiguration => "cim_configuration",
            UpstreamApi::TokenServerDevices => "token_server_devices",
            UpstreamApi::TokenServerEvents => "token_server_events",
            UpstreamApi::TokenServerMobileAuthentication => "token_server_mobile_authentication",
        }
    }

    /// The product behind the API, as a sentence subject: `CIM` or `the Token Server`.
    pub fn product(self) -> &'static str {
        match self {
            UpstreamApi::CimPersons | UpstreamApi::CimEvents | UpstreamApi::CimConfiguration => {
                "CIM"
            }
            UpstreamApi::TokenServerDevices
            | UpstreamApi::TokenServerEvents
            | UpstreamApi::TokenServerMobileAuthentication => "the Token Server",
        }
    }

    fn credential_names(self) -> &'static str {
        match self {
            UpstreamApi::CimPersons | UpstreamApi::CimEvents | UpstreamApi::CimConfiguration => {
                "username and password"
            }
            UpstreamApi::TokenServerDevices
            | UpstreamApi::TokenServerEvents
            | UpstreamApi::TokenServerMobileAuthentication => "client id and secret",
        }
    }
}

impl fmt::Display for UpstreamApi {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a call to an upstream API failed.
///
/// `path` fields hold the route template (e.g. `/api/v4/users/{userId}/devices`), never a query.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UpstreamError {
    /// The upstream answered 404 where that means "no such thing".
    #[error("{} has no such resource ({api})", api.product())]
    NotFound {
        /// The API called.
        api: UpstreamApi,
    },
    /// 401: our configured API credentials were rejected; a configuration fault, not a user error.
    #[error(
        "{} rejected our API credentials ({api}): check the configured {}",
        api.product(),
        api.credential_names()
    )]
    BadCredentials {
        /// The API called.
        api: UpstreamApi,
    },
    /// 403: our API client lacks the grant for this API; a configuration fault.
    #[error("{} refused access ({api}): the configured API client lacks the grant for this API", api.product())]
    Forbidden {
        /// The API called.
        api: UpstreamApi,
    },
    /// 400: the upstream rejected the request, with its own message.
    #[error("{} rejected the request to {path} ({api}): {message}", api.product())]
    BadRequest {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
        /// The upstream's message (CIM `error_message`, Token Server `message`).
        message: String,
    },
    /// No complete answer within the connect or request timeout.
    #[error("{} did not answer {path} in time ({api})", api.product())]
    Timeout {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
    },
    /// The upstream could not be reached or answered with a server error.
    #[error("{} is unavailable for {path} ({api}): {reason}", api.product())]
    Unavailable {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
        /// Short cause, e.g. `HTTP 503` or `connection refused`.
        reason: String,
    },
    /// The answer was not as documented: malformed JSON, wrong content type, too large, unexpected status.
    #[error("{} sent an invalid response for {path} ({api}): {reason}", api.product())]
    InvalidResponse {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
        /// What was wrong, without any response content.
        reason: String,
    },
    /// The upstream has no such operation (404, 405 or 501 where the route exists when the
    /// operation does): a configured way of working it does not offer.
    #[error("{} has no operation {path} ({api})", api.product())]
    NoSuchOperation {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
    },
    /// The operation exists but is switched off (CIM's migration status lookup answers 503 with
    /// no body then, ONEGINI-APIS §3).
    #[error("{} has {path} switched off ({api})", api.product())]
    SwitchedOff {
        /// The API called.
        api: UpstreamApi,
        /// Route template.
        path: &'static str,
    },
    /// A bulk delete removed only some devices; these ids were not deleted.
    #[error("the Token Server did not delete {} of the requested devices", not_deleted.len())]
    NotAllDevicesDeleted {
        /// Ids of the devices that are still registered.
        not_deleted: Vec<String>,
    },
}

impl UpstreamError {
    /// The API the failed call went to.
    pub fn api(&self) -> UpstreamApi {
        match self {
            UpstreamError::NotFound { api }
            | UpstreamError::BadCredentials { api }
            | UpstreamError::Forbidden { api }
            | UpstreamError::BadRequest { api, .. }
            | UpstreamError::Timeout { api, .. }
            | UpstreamError::Unavailable { api, .. }
            | UpstreamError::InvalidResponse { api, .. }
            | UpstreamError::NoSuchOperation { api, .. }
            | UpstreamError::SwitchedOff { api, .. } => *api,
            UpstreamError::NotAllDevicesDeleted { .. } => UpstreamApi::TokenServerDevices,
        }
    }

    /// True when trying again later may succeed (timeout, unreachable, server error).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            UpstreamError::Timeout { .. } | UpstreamError::Unavailable { .. }
        )
    }

    /// Short stable label for metrics and logs, e.g. `timeout`.
    pub fn kind(&self) -> &'static str {
        match self {
            UpstreamError::NotFound { .. } => "not_found",
            UpstreamError::BadCredentials { .. } => "bad_credentials",
            UpstreamError::Forbidden { .. } => "forbidden",
            UpstreamError::BadRequest { .. } => "bad_request",
            UpstreamError::Timeout { .. } => "timeout",
            UpstreamError::Unavailable { .. } => "unavailable",
            UpstreamError::InvalidResponse { .. } => "invalid_response",
            UpstreamError::NoSuchOperation { .. } => "no_such_operation",
            UpstreamError::SwitchedOff { .. } => "switched_off",
            UpstreamError::NotAllDevicesDeleted { .. } => "not_all_devices_deleted",
        }
    }
}

/// A client could not be built from its configuration; raised at start, never per call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    /// The base URL cannot take path segments (e.g. `mailto:`) or is not http(s).
    #[error("invalid upstream base URL: {reason}")]
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// A header value (username, partition id) holds characters HTTP does not allow.
    #[error("invalid upstream setting {setting}: not a valid HTTP header value")]
    InvalidHeaderValue {
        /// Which setting.
        setting: &'static str,
    },
    /// The HTTP client itself failed to build (TLS backend).
    #[error("could not build the HTTP client: {reason}")]
    Client {
        /// The cause.
        reason: String,
    },
}
