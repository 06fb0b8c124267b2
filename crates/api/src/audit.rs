//! The audit trail of changes and logins.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

use crate::session::AuthMethod;

/// What an agent did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    /// Deleted an end user's device.
    DeviceDelete,
    /// Dropped a device's push token (mobile authentication stays).
    DeviceDisablePush,
    /// Withdrew a device from mobile authentication (keys and push token).
    DeviceDisableMobileAuthentication,
    /// Revoked a device's fingerprint token.
    DeviceDisableFingerprint,
    /// Ended all of an end user's sessions at the Token Server (and their tokens).
    UserSignOut,
    /// Verified a caller by a push to one of the end user's devices; the outcome says whether
    /// the user approved it (`succeeded`) or not (`failed`, with denied, expired or failed).
    DeviceVerify,
    /// Logged in.
    Login,
    /// Tried to log in and failed.
    LoginFailed,
    /// Logged out.
    Logout,
}

/// How it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditOutcome {
    /// Recorded before the change; no outcome yet (or the process stopped before it knew).
    Pending,
    /// Done, and verified where it can be.
    Succeeded,
    /// Not done; `detail` says why.
    Failed,
}

/// One audited action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    /// Increasing id; pass as `before` to page back.
    pub id: i64,
    /// When the action was recorded.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub occurred_at: OffsetDateTime,
    /// The agent's username (for a failed login: the username that was tried).
    pub agent: String,
    /// How the agent was authenticated.
    pub auth_method: AuthMethod,
    /// What was done.
    pub action: AuditAction,
    /// The end user concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// The device concerned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// The application of the device concerned, as listed just before the change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application: Option<String>,
    /// The reason the agent gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// How it ended.
    pub outcome: AuditOutcome,
    /// Why it failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The request id of the action.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The client address the request came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
}

/// A page of audit records, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditPage {
    /// The records, newest first.
    pub records: Vec<AuditRecord>,
    /// Pass as `before` for older records; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<i64>,
    /// The state of the trail's hash chain, checked at most a minute ago.
    pub chain: AuditChain,
}

/// The audit trail's hash chain: each write hashes its content with the hash of the write
/// before, so a record changed, removed or added afterwards breaks it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AuditChain {
    /// Every record matches the chain, and the chain is whole.
    pub intact: bool,
    /// Records checked.
    pub records: i64,
    /// Chain entries checked (a record begun, a record completed).
    pub entries: i64,
    /// The hash of the last entry checked; note it to notice a chain cut short later.
    pub head: String,
    /// The first broken record, when one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_record: Option<i64>,
    /// What is wrong there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_reason: Option<String>,
    /// When the chain was checked.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub checked_at: OffsetDateTime,
}
