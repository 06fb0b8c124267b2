//! Verifying a caller: a push to one of the end user's devices, approved or denied there.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The longest message sent to the device, in characters.
pub const MAX_VERIFICATION_MESSAGE: usize = 200;

/// Where a verification stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationState {
    /// Sent to the device; the user has not answered yet.
    Pending,
    /// The user approved it on the device: the caller holds the device.
    Approved,
    /// The user denied it on the device.
    Denied,
    /// Nobody answered in time.
    Expired,
    /// It could not be completed, or its outcome could not be learnt: treat the caller as not
    /// verified.
    Failed,
}

impl VerificationState {
    /// Every state, in a stable order.
    pub const ALL: [VerificationState; 5] = [
        VerificationState::Pending,
        VerificationState::Approved,
        VerificationState::Denied,
        VerificationState::Expired,
        VerificationState::Failed,
    ];

    /// The wire name, e.g. `pending`.
    pub fn as_str(self) -> &'static str {
        match self {
            VerificationState::Pending => "pending",
            VerificationState::Approved => "approved",
            VerificationState::Denied => "denied",
            VerificationState::Expired => "expired",
            VerificationState::Failed => "failed",
        }
    }

    /// The state of a wire name.
    pub fn parse(name: &str) -> Option<VerificationState> {
        Self::ALL.into_iter().find(|state| state.as_str() == name)
    }

    /// Whether it can still change.
    pub fn is_pending(self) -> bool {
        self == VerificationState::Pending
    }
}

/// Start verifying a caller.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct StartVerificationRequest {
    /// The device to send the request to: one of the user's devices enrolled for push.
    #[schema(min_length = 1, max_length = 256)]
    pub device_id: String,
    /// What the device shows the user, at most 200 characters, no control characters. Without
    /// it, an English default is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(min_length = 1, max_length = 200)]
    pub message: Option<String>,
}

/// A verification of a caller, as far as it has come.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": "7f1c9a52-3b0e-4c1e-9f8a-2d4b6c8e0a13",
    "userId": "4f0c2f8e-8d8b-4c53-9a55-0d6cf3a1c001",
    "deviceId": "5e5b3f1a",
    "deviceName": "Joe's iPhone",
    "message": "Please confirm that you are talking to our helpdesk.",
    "state": "pending",
    "startedBy": "agent",
    "startedAt": "2026-12-01T10:00:00Z",
    "expiresAt": "2026-12-01T10:02:00Z",
    "secondsLeft": 97,
    "checkFailing": false
}))]
pub struct Verification {
    /// Its id (the Token Server's transaction id).
    pub id: String,
    /// The end user.
    pub user_id: String,
    /// The device the request went to.
    pub device_id: String,
    /// The device's name as the user gave it. Any text: render it as text.
    pub device_name: String,
    /// The message the device shows.
    pub message: String,
    /// Where it stands. Only `approved` means the caller is verified.
    pub state: VerificationState,
    /// The agent who started it.
    pub started_by: String,
    /// When it was started.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub started_at: OffsetDateTime,
    /// When the user's time to answer ends.
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub expires_at: OffsetDateTime,
    /// Whole seconds left to answer; 0 once it is no longer pending.
    pub seconds_left: u32,
    /// The Token Server did not answer the latest check of a pending verification: the state may
    /// be behind. Checks go on.
    pub check_failing: bool,
}
