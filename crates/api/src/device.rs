//! A registered mobile device, as the agent sees it.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use utoipa::ToSchema;

/// The operating system family of a device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// Google Android.
    Android,
    /// Apple iOS or iPadOS.
    Ios,
    /// A platform the Token Server reported that Customer Service does not know.
    Other,
}

/// Whether a device takes part in mobile authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MobileAuthentication {
    /// Not enrolled for mobile authentication.
    NotActivated,
    /// Enrolled for mobile authentication, without push notifications.
    Activated,
    /// Enrolled for mobile authentication and able to receive push notifications.
    ActivatedWithPush,
}

impl MobileAuthentication {
    /// The status of a device from the Token Server's two enrolment flags.
    pub fn from_flags(
        mobile_authentication_enabled: bool,
        push_authentication_enabled: bool,
    ) -> Self {
        match (mobile_authentication_enabled, push_authentication_enabled) {
            (true, true) => Self::ActivatedWithPush,
            (true, false) => Self::Activated,
            // Push without mobile authentication cannot authenticate anything: not activated.
            (false, _) => Self::NotActivated,
        }
    }
}

/// A change an agent can make to one device (besides deleting it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeviceAction {
    /// Drop the push token: no more push notifications; mobile authentication stays.
    DisablePush,
    /// Withdraw the device from mobile authentication (its keys and push token).
    DisableMobileAuthentication,
    /// Revoke the fingerprint token: the user logs in with the PIN again.
    DisableFingerprint,
}

impl DeviceAction {
    /// Every action.
    pub const ALL: [DeviceAction; 3] = [
        DeviceAction::DisablePush,
        DeviceAction::DisableMobileAuthentication,
        DeviceAction::DisableFingerprint,
    ];

    /// The name in paths and JSON (`disable_push`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceAction::DisablePush => "disable_push",
            DeviceAction::DisableMobileAuthentication => "disable_mobile_authentication",
            DeviceAction::DisableFingerprint => "disable_fingerprint",
        }
    }

    /// The action called `name`, if any.
    pub fn parse(name: &str) -> Option<DeviceAction> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }
}

/// A mobile device the end user registered with the Token Server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
#[schema(example = json!({
    "id": "5b0d7a0d3f2c4e1f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f",
    "name": "Joe's phone",
    "application": "Example Bank app",
    "platform": "ios",
    "osVersion": "17.4",
    "model": "iPhone XR",
    "createdAt": "2026-03-02T08:15:00Z",
    "lastUsedAt": "2026-11-25T17:42:10Z",
    "tokenTypes": ["DEFAULT", "FINGER_PRINT"],
    "mobileAuthentication": "activated_with_push",
    "availableActions": ["disable_push", "disable_mobile_authentication", "disable_fingerprint"]
}))]
pub struct Device {
    /// The Token Server's device id.
    pub id: String,
    /// The name the end user gave the device. Any text: render it as text, never as markup.
    pub name: String,
    /// The application the device registered with.
    pub application: String,
    /// The operating system family.
    pub platform: Platform,
    /// The platform as the Token Server named it, where it is `other` (e.g. `windows`). Any
    /// text: render it as text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_name: Option<String>,
    /// The operating system version, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os_version: Option<String>,
    /// The device model, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// When the device was registered, when known.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub created_at: Option<OffsetDateTime>,
    /// When the device was last used to log in; `null` when the Token Server does not know.
    #[serde(with = "time::serde::rfc3339::option")]
    #[schema(value_type = Option<String>, format = DateTime)]
    pub last_used_at: Option<OffsetDateTime>,
    /// The kinds of tokens the device holds (`DEFAULT`, `FINGER_PRINT`, `CUSTOM_AUTHENTICATOR`,
    /// `IMPLICIT_AUTHENTICATION`).
    pub token_types: Vec<String>,
    /// The device's mobile-authentication status.
    pub mobile_authentication: MobileAuthentication,
    /// The actions that would change this device now (an action that would change nothing is
    /// not listed, and is refused with 409).
    #[serde(default)]
    pub available_actions: Vec<DeviceAction>,
}

/// The devices of one end user, most recently used first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceList {
    /// The devices; empty when the user registered none.
    // Shared with the cache: a cached list is answered without copying it.
    #[schema(value_type = Vec<Device>)]
    pub devices: Arc<Vec<Device>>,
}

/// The optional body of a device deletion.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteDeviceRequest {
    /// Why the agent removes the device (for the audit trail), at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 500, example = "Caller reported the phone stolen")]
    pub reason: Option<String>,
}

/// The optional body of a device action.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeviceActionRequest {
    /// Why the agent changes the device (for the audit trail), at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(
        max_length = 500,
        example = "Caller no longer wants push notifications"
    )]
    pub reason: Option<String>,
}

/// Which devices to delete at once.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteDevicesRequest {
    /// The devices, by id (1 to 100, each once); absent with `all: true`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 100)]
    pub device_ids: Option<Vec<String>>,
    /// Every device the user has: the Token Server's "delete all".
    #[serde(default)]
    pub all: bool,
    /// Why the agent removes them (for the audit trail), at most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 500)]
    pub reason: Option<String>,
}

/// What became of one device of a deletion of several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeletionOutcome {
    /// Removed, and no longer listed.
    Removed,
    /// The Token Server still lists it.
    NotRemoved,
    /// The user had no such device (nothing was asked).
    NotFound,
}

/// One device of a deletion of several.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDeletionResult {
    /// The device id.
    pub device_id: String,
    /// Its name as last listed (any text: render it as text); absent when it was not found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What became of it.
    pub outcome: DeletionOutcome,
}

/// The answer to a deletion of several devices: one entry per device asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeleteDevicesResult {
    /// Every device asked for, in the order asked (for `all`: as listed).
    pub results: Vec<DeviceDeletionResult>,
    /// Whether every device asked for is gone.
    pub all_removed: bool,
}

/// The most devices one request may delete by id.
pub const MAX_BULK_DEVICES: usize = 100;

/// The longest reason a deletion may carry.
pub const MAX_REASON_CHARS: usize = 500;
