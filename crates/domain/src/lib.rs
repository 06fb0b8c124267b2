//! The use cases of Customer Service, independent of HTTP.
//!
//! [`CustomerService`] finds end users by e-mail address, assembles their profile from both upstream
//! products concurrently, lists and deletes devices (verifying every deletion, because the Token
//! Server answers 204 whatever happened, and recording every change through the [`AuditTrail`]
//! port before it is made), and merges both products' events into one timeline, naming the
//! agent behind each change made here, and verifies callers by a push to their device. Reads
//! go through bounded moka caches; every change invalidates what it touched. What an agent may see
//! is applied after the cache by [`FieldAccess`], never baked into it.

mod access;
mod audit;
mod bulk_delete;
mod caches;
mod device_actions;
mod device_set;
mod devices;
mod email;
mod error;
mod events;
mod made_by;
mod mapping;
mod profile;
mod readiness;
mod replicas;
mod search;
mod service;
mod settings;
mod unavailable;
mod user_sessions;
mod verifications;
mod verify_caller;

pub use access::{CustomAttributeAccess, FieldAccess};
pub use audit::{
    Actor, AgentChange, AuditId, AuditTrail, AuditUnavailable, ChangeOutcome, Origin, PlannedChange,
};
pub use bulk_delete::Selection;
pub use device_set::Devices;
pub use devices::RemovedDevice;
pub use email::{EMAIL_PATTERN, EmailAddress, InvalidEmail, MAX_EMAIL_LEN};
pub use error::{DomainError, FailureKind, Product, UpstreamFailure};
pub use events::{CURSOR_PATTERN, EventsCursor, EventsQuery, MAX_EVENTS_LIMIT};
pub use replicas::ChangeNotice;
pub use service::CustomerService;
pub use settings::{CacheSettings, SettingsError};
pub use verifications::{
    InMemoryVerifications, StoreUnavailable, VerificationRecord, VerificationStore,
};
pub use verify_caller::{CHECK_INTERVAL_MS, DEFAULT_VERIFICATION_MESSAGE};
