//! Token Server end-user device API v4 (ONEGINI-APIS §1).
//!
//! The changing calls answer 204 whatever happened upstream, so `Ok(())` means "accepted", not
//! "done": callers that must know read the list again.

use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::TokenServerClient;
use super::platform::Platform;
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{RawResponse, Request, checked_segment};
use crate::lenient::{null_as_default, skip_invalid};

const API: UpstreamApi = UpstreamApi::TokenServerDevices;
const DEVICES_PATH: &str = "/api/v4/users/{userId}/devices";
const DEVICE_PATH: &str = "/api/v4/users/{userId}/devices/{deviceId}";
const DISABLE_PUSH_PATH: &str =
    "/api/v4/users/{userId}/devices/{deviceId}/disablePushAuthentication";
const DISABLE_MOBILE_AUTH_PATH: &str =
    "/api/v4/users/{userId}/devices/{deviceId}/disableMobileAuthentication";
const DISABLE_FINGERPRINT_PATH: &str =
    "/api/v4/users/{userId}/devices/{deviceId}/disableFingerprint";

/// A registered device (v4, camelCase JSON). Only `id` is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// Device id: often 64 hex characters, UUIDs in older data.
    pub id: String,
    /// Name the end user gave it; any text, emoji included. Empty when absent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub name: String,
    /// The mobile app it runs. Empty when absent.
    #[serde(default, deserialize_with = "null_as_default")]
    pub application: String,
    /// Operating system family.
    #[serde(default)]
    pub platform: Platform,
    /// Operating system version, e.g. `17.4`.
    #[serde(default)]
    pub os_version: Option<String>,
    /// Hardware model, e.g. `iPhone XR`.
    #[serde(default)]
    pub model: Option<String>,
    /// Registration time, epoch milliseconds.
    #[serde(default)]
    pub created_at: Option<i64>,
    /// Last login with this device, epoch milliseconds.
    #[serde(default)]
    pub last_login: Option<i64>,
    /// `DEFAULT`, `FINGER_PRINT`, `CUSTOM_AUTHENTICATOR`, `IMPLICIT_AUTHENTICATION`, ...
    #[serde(default, deserialize_with = "null_as_default")]
    pub token_types: Vec<String>,
    /// Enrolled for mobile authentication.
    #[serde(default, deserialize_with = "null_as_default")]
    pub mobile_authentication_enabled: bool,
    /// Enrolled for push.
    #[serde(default, deserialize_with = "null_as_default")]
    pub push_authentication_enabled: bool,
}

#[derive(Deserialize)]
struct DevicesWire {
    #[serde(default, deserialize_with = "skip_invalid")]
    devices: Vec<Device>,
}

impl TokenServerClient {
    /// Readiness of the end-user API: the devices of a user no one has (404 "No devices found",
    /// an empty list).
    pub async fn probe_devices(&self) -> Result<(), UpstreamError> {
        crate::http::as_probe(self.devices(super::events::PROBE_USER_ID))
            .await
            .map(drop)
    }

    /// `GET /api/v4/users/{userId}/devices`. A 404 means the user has no devices (or is unknown
    /// to the Token Server), so it is an empty list.
    pub async fn devices(&self, user_id: &str) -> Result<Vec<Device>, UpstreamError> {
        let user = checked_segment(API, DEVICES_PATH, user_id)?;
        let url = self
            .end_user()
            .endpoint(&["api", "v4", "users", user, "devices"]);
        let request = Request::new(API, Method::GET, DEVICES_PATH, url);
        self.end_user()
            .call(request, |raw| {
                if raw.status() == StatusCode::NOT_FOUND {
                    return Ok(Vec::new());
                }
                raw.json::<DevicesWire>().map(|wire| wire.devices)
            })
            .await
    }

    /// `DELETE /api/v4/users/{userId}/devices/{deviceId}`: deregister one device.
    pub async fn delete_device(&self, user_id: &str, device_id: &str) -> Result<(), UpstreamError> {
        let user = checked_segment(API, DEVICE_PATH, user_id)?;
        let device = checked_segment(API, DEVICE_PATH, device_id)?;
        let url = self
            .end_user()
            .endpoint(&["api", "v4", "users", user, "devices", device]);
        let request = Request::new(API, Method::DELETE, DEVICE_PATH, url);
        self.end_user().call(request, RawResponse::no_content).await
    }

    /// `DELETE /api/v4/users/{userId}/devices`: deregister all the user's devices.
    pub async fn delete_all_devices(&self, user_id: &str) -> Result<(), UpstreamError> {
        let user = checked_segment(API, DEVICES_PATH, user_id)?;
        let url = self
            .end_user()
            .endpoint(&["api", "v4", "users", user, "devices"]);
        let request = Request::new(API, Method::DELETE, DEVICES_PATH, url);
        self.end_user().call(request, RawResponse::no_content).await
    }

    /// `POST /api/v4/users/{userId}/devices` with `{"delete":[ids]}`: deregister a selection.
    /// A partial failure is [`UpstreamError::NotAllDevicesDeleted`]; an empty selection sends
    /// nothing.
    pub async fn delete_devices(
        &self,
        user_id: &str,
        device_ids: &[String],
    ) -> Result<(), UpstreamError> {
        let user = checked_segment(API, DEVICES_PATH, user_id)?;
        if device_ids.is_empty() {
            return Ok(());
        }
        let url = self
            .end_user()
            .endpoint(&["api", "v4", "users", user, "devices"]);
        let request = Request::new(API, Method::POST, DEVICES_PATH, url)
            .json(json!({ "delete": device_ids }));
        self.end_user().call(request, RawResponse::no_content).await
    }

    /// `POST .../devices/{deviceId}/disablePushAuthentication`: drop the push token only.
    pub async fn disable_push(&self, user_id: &str, device_id: &str) -> Result<(), UpstreamError> {
        self.device_action(
            user_id,
            device_id,
            "disablePushAuthentication",
            DISABLE_PUSH_PATH,
        )
        .await
    }

    /// `POST .../devices/{deviceId}/disableMobileAuthentication`: withdraw mobile authentication
    /// (keys and push token).
    pub async fn disable_mobile_authentication(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> Result<(), UpstreamError> {
        self.device_action(
            user_id,
            device_id,
            "disableMobileAuthentication",
            DISABLE_MOBILE_AUTH_PATH,
        )
        .await
    }

    /// `POST .../devices/{deviceId}/disableFingerprint`: revoke the fingerprint token.
    pub async fn disable_fingerprint(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> Result<(), UpstreamError> {
        self.device_action(
            user_id,
            device_id,
            "disableFingerprint",
            DISABLE_FINGERPRINT_PATH,
        )
        .await
    }

    async fn device_action(
        &self,
        user_id: &str,
        device_id: &str,
        action: &str,
        template: &'static str,
    ) -> Result<(), UpstreamError> {
        let user = checked_segment(API, template, user_id)?;
        let device = checked_segment(API, template, device_id)?;
        let url = self
            .end_user()
            .endpoint(&["api", "v4", "users", user, "devices", device, action]);
        let request = Request::new(API, Method::POST, template, url);
        self.end_user().call(request, RawResponse::no_content).await
    }
}
