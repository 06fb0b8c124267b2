//! Wire types of the Customer Service REST API.
//!
//! Everything a client of `/api/v1` sends or receives is defined here, with serde for the JSON form
//! (camelCase) and utoipa for the OpenAPI schema. The crate holds no logic: the domain crate fills
//! these types and the server crate puts them on the wire. Doc comments become schema descriptions,
//! so they are written for the API's users.

pub mod audit;
pub mod device;
pub mod event;
pub mod health;
pub mod problem;
pub mod session;
pub mod source;
pub mod user;
pub mod user_session;
pub mod verification;

pub use audit::{AuditAction, AuditChain, AuditOutcome, AuditPage, AuditRecord};
pub use device::{
    DeleteDeviceRequest, DeleteDevicesRequest, DeleteDevicesResult, DeletionOutcome, Device,
    DeviceAction, DeviceActionRequest, DeviceDeletionResult, DeviceList, MobileAuthentication,
    Platform,
};
pub use event::{Event, EventSource, EventsPage};
pub use health::{Liveness, Readiness, ReadinessStatus, UpstreamStatus};
pub use problem::Problem;
pub use session::{Agent, AuthMethod, LoginOptions, LoginRequest, Permissions, Session};
pub use source::{SourceName, Unavailable};
pub use user::{Email, Person, PersonName, Phone, UserProfile, UserSearchResults, UserSummary};
pub use user_session::{SignOutRequest, SignOutResult, UserSession, UserSessionList};
pub use verification::{
    MAX_VERIFICATION_MESSAGE, StartVerificationRequest, Verification, VerificationState,
};
