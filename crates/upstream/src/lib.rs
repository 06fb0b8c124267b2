//! Typed async clients for the Onegini upstream APIs (see `ONEGINI-APIS.md`):
//!
//! - [`CimClient`]: CIM persons, events and configuration;
//! - [`TokenServerClient`]: Token Server devices (v4) and events (v1).
//!
//! Every call is bounded by the configured timeouts and a response-size cap, runs in one
//! `upstream_call` tracing span (`upstream`, `http.method`, `http.path` as a route template,
//! `http.status`, `duration_ms`), and fails with an [`UpstreamError`] whose status classification
//! lives in one place. Idempotent reads are retried once after a connection error, never after a
//! timeout or a server error. The DTOs here are upstream shapes: they tolerate unknown and missing
//! optional fields and are never exposed on our own API.

mod cim;
mod config;
mod error;
mod http;
mod lenient;
mod settings;
mod token_server;

pub use cim::{
    CimApis, CimClient, CimConfiguration, CimEvent, CimEventsPage, ConfigurationOutcome,
    EmailAddress, IdentityProvider, Person, PersonName, PersonSearch, PhoneNumber,
    SearchStrategies, SearchStrategy,
};
pub use config::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_REQUEST_TIMEOUT, GuardLimits,
    UpstreamConfig,
};
pub use error::{BuildError, UpstreamApi, UpstreamError};
pub use settings::{ApiConnection, CimSettings, ClientError, SettingsError, TokenServerSettings};
pub use token_server::{
    Device, MobileAuthType, Platform, StartedTransaction, TokenServerApis, TokenServerClient,
    TransactionStatus, TsEvent, TsEventsPage, TsEventsQuery, TsPagination, TsSession,
};
