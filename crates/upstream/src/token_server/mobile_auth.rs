//! Token Server Mobile Authentication API v4: verifying a caller by a push to one of their devices
//! (ONEGINI-APIS §7). The paths are documented; the answers of starting and polling are not
//! beyond `transaction_id` [INFERRED], so they are read defensively here, and only here.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::Value;

use super::{TokenServerClient, text};
use crate::error::{UpstreamApi, UpstreamError};
use crate::http::{Request, checked_segment};

const API: UpstreamApi = UpstreamApi::TokenServerMobileAuthentication;
const DEVICE_ENABLED_PATH: &str = "/api/v4/authenticate/user/{user_id}/device/{device_id}/enabled";
const START_PATH: &str = "/api/v4/authenticate/user";
const TRANSACTION_PATH: &str = "/api/v4/authenticate/transaction/{transaction_id}";

/// A mobile-authentication type the Token Server offers for a device [DOC].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobileAuthType {
    /// The configured type's name, passed back when starting (`type`).
    pub name: String,
    /// How it authenticates: `PUSH`, `PUSH_WITH_PIN`, `PUSH_WITH_FINGERPRINT`, `OTP`, `SMS`, …
    pub method: String,
    /// The devices enrolled for push with this type.
    pub push_devices: Vec<String>,
}

impl MobileAuthType {
    /// Whether it reaches the user by a push notification (with or without PIN or fingerprint).
    pub fn is_push(&self) -> bool {
        self.method.to_ascii_uppercase().starts_with("PUSH")
    }
}

/// A started mobile authentication.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedTransaction {
    /// Its id [DOC].
    pub id: String,
    /// How long the user has to answer, in seconds, when the Token Server says [INFERRED].
    pub expires_in: Option<u64>,
}

/// Where a mobile authentication stands [INFERRED names, read case-insensitively].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransactionStatus {
    /// Sent; the user has not answered.
    Pending,
    /// The user approved it on the device.
    Confirmed,
    /// The user denied it.
    Rejected,
    /// Nobody answered in time.
    Expired,
    /// It could not be completed (the push could not be delivered, the device refused, …).
    Failed,
}

impl TransactionStatus {
    /// The status a Token Server word means; `None` for a word we do not know.
    fn parse(word: &str) -> Option<TransactionStatus> {
        Some(match word.trim().to_ascii_uppercase().as_str() {
            "PENDING" | "IN_PROGRESS" | "INITIALIZED" | "SENT" => TransactionStatus::Pending,
            "CONFIRMED" | "APPROVED" | "ACCEPTED" | "AUTHENTICATED" | "SUCCESS" => {
                TransactionStatus::Confirmed
            }
            "REJECTED" | "DENIED" | "DECLINED" | "NOT_AUTHENTICATED" => TransactionStatus::Rejected,
            "EXPIRED" | "TIMED_OUT" | "TIMEOUT" => TransactionStatus::Expired,
            "FAILED" | "ERROR" | "ABORTED" | "CANCELLED" | "CANCELED" => TransactionStatus::Failed,
            _ => return None,
        })
    }
}

#[derive(Deserialize)]
struct EnabledWire {
    #[serde(default)]
    enabled: Vec<Value>,
}

impl MobileAuthType {
    fn read(item: &Value) -> Option<MobileAuthType> {
        let push_devices = item
            .get("apps_enrolled_for_push")
            .and_then(Value::as_array)
            .map(|apps| {
                apps.iter()
                    .filter_map(|app| text(app, &["device_id", "deviceId"]))
                    .collect()
            })
            .unwrap_or_default();
        Some(MobileAuthType {
            name: text(item, &["type", "name"])?,
            method: text(item, &["method"]).unwrap_or_default(),
            push_devices,
        })
    }
}

impl TokenServerClient {
    /// `GET /api/v4/authenticate/user/{user_id}/device/{device_id}/enabled`: the
    /// mobile-authentication types available for one device; 404 is none.
    pub async fn mobile_auth_types(
        &self,
        user_id: &str,
        device_id: &str,
    ) -> Result<Vec<MobileAuthType>, UpstreamError> {
        let user = checked_segment(API, DEVICE_ENABLED_PATH, user_id)?;
        let device = checked_segment(API, DEVICE_ENABLED_PATH, device_id)?;
        let url = self.mobile_auth().endpoint(&[
            "api",
            "v4",
            "authenticate",
            "user",
            user,
            "device",
            device,
            "enabled",
        ]);
        let request = Request::new(API, Method::GET, DEVICE_ENABLED_PATH, url);
        self.mobile_auth()
            .call(request, |raw| {
                if raw.status() == StatusCode::NOT_FOUND {
                    return Ok(Vec::new());
                }
                let wire: EnabledWire = raw.json()?;
                Ok(wire
                    .enabled
                    .iter()
                    .filter_map(MobileAuthType::read)
                    .collect())
            })
            .await
    }

    /// `POST /api/v4/authenticate/user`: sends a mobile authentication of type `auth_type` with
    /// `message` to the device.
    pub async fn start_mobile_auth(
        &self,
        auth_type: &str,
        user_id: &str,
        device_id: &str,
        message: &str,
    ) -> Result<StartedTransaction, UpstreamError> {
        let url = self
            .mobile_auth()
            .endpoint(&["api", "v4", "authenticate", "user"]);
        let request = Request::new(API, Method::POST, START_PATH, url).form(&[
            ("type", auth_type),
            ("user_id", user_id),
            ("device_id", device_id),
            ("message", message),
        ]);
        self.mobile_auth()
            .call(request, |raw| {
                let wire: Value = raw.json()?;
                let id = text(&wire, &["transaction_id", "transactionId", "id"])
                    .ok_or_else(|| malformed(START_PATH, "no transaction_id"))?;
                let expires_in = ["expires_in", "expiresIn", "validity"]
                    .iter()
                    .find_map(|name| wire.get(*name)?.as_u64());
                Ok(StartedTransaction { id, expires_in })
            })
            .await
    }

    /// `GET /api/v4/authenticate/transaction/{transaction_id}`: where it stands. A status word we
    /// do not know reads as still pending (and is logged): the validity still ends it.
    pub async fn mobile_auth_status(
        &self,
        transaction_id: &str,
    ) -> Result<TransactionStatus, UpstreamError> {
        let transaction = checked_segment(API, TRANSACTION_PATH, transaction_id)?;
        let url =
            self.mobile_auth()
                .endpoint(&["api", "v4", "authenticate", "transaction", transaction]);
        let request = Request::new(API, Method::GET, TRANSACTION_PATH, url);
        self.mobile_auth()
            .call(request, |raw| {
                let wire: Value = raw.json()?;
                let word = text(&wire, &["status", "state", "result"])
                    .ok_or_else(|| malformed(TRANSACTION_PATH, "no status"))?;
                Ok(TransactionStatus::parse(&word).unwrap_or_else(|| {
                    tracing::warn!(status = %word, "unknown mobile authentication status; still waiting");
                    TransactionStatus::Pending
                }))
            })
            .await
    }
}

fn malformed(path: &'static str, reason: &str) -> UpstreamError {
    UpstreamError::InvalidResponse {
        api: API,
        path,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    #[test]
    fn status_words_are_read_case_insensitively_and_unknown_ones_are_none() {
        assert_eq!(
            TransactionStatus::parse("confirmed"),
            Some(TransactionStatus::Confirmed)
        );
        assert_eq!(
            TransactionStatus::parse(" REJECTED "),
            Some(TransactionStatus::Rejected)
        );
        assert_eq!(
            TransactionStatus::parse("EXPIRED"),
            Some(TransactionStatus::Expired)
        );
        assert_eq!(TransactionStatus::parse("whatever"), None);
    }

    #[test]
    fn a_type_is_read_with_its_push_devices_and_one_without_a_name_is_skipped() {
        let push = MobileAuthType::read(&json!({"type": "PUSH_AUTH", "method": "PUSH_WITH_PIN",
            "apps_enrolled_for_push": [{"app_id": "a", "device_id": "d1"}, {"app_id": "b"}]}))
        .unwrap();
        assert_eq!(push.push_devices, vec!["d1".to_owned()]);
        assert!(push.is_push());
        let otp = MobileAuthType::read(&json!({"type": "otp", "method": "OTP"})).unwrap();
        assert!(!otp.is_push());
        assert_eq!(MobileAuthType::read(&json!({"method": "PUSH"})), None);
    }
}
