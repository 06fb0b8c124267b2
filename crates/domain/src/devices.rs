//! Listing devices, and deleting one: audited and verified.

use std::sync::Arc;

use cs_api::device::MAX_REASON_CHARS;
use cs_api::{AuditAction, Device};
use cs_upstream::UpstreamError;

use crate::audit::{Actor, ChangeError, PlannedChange};
use crate::device_set::Devices;
use crate::error::DomainError;
use crate::service::CustomerService;

/// The device as it was just before it was removed (for the audit trail and the answer).
#[derive(Debug, Clone)]
pub struct RemovedDevice {
    /// The device as last listed.
    pub device: Device,
}

/// The agent's reason for a change: at most [`MAX_REASON_CHARS`] characters; blank is none.
pub(crate) fn reason(text: Option<String>) -> Result<Option<String>, DomainError> {
    if text
        .as_ref()
        .is_some_and(|r| r.chars().count() > MAX_REASON_CHARS)
    {
        return Err(DomainError::InvalidInput(format!(
            "`reason` may be at most {MAX_REASON_CHARS} characters"
        )));
    }
    Ok(text.filter(|r| !r.trim().is_empty()))
}

impl CustomerService {
    /// The user's devices, most recently used first. `UserNotFound` when CIM has no such person:
    /// the Token Server cannot tell an unknown user from one without devices.
    pub async fn devices(&self, user_id: &str) -> Result<Arc<Devices>, DomainError> {
        let (person, devices) =
            tokio::join!(self.cached_person(user_id), self.cached_devices(user_id));
        person?;
        Ok(devices?)
    }

    /// Reads the user's devices from the Token Server, bypassing and refreshing the cache.
    pub(crate) async fn fresh_devices(&self, user_id: &str) -> Result<Arc<Devices>, UpstreamError> {
        self.caches.devices.invalidate(&user_id.to_owned()).await;
        self.cached_devices(user_id).await
    }

    /// Deregisters one device for `actor`, recorded in the audit trail before and after, and
    /// proves it is gone.
    ///
    /// The Token Server answers 204 whatever happened, so the list is read before (a device the
    /// user does not have is `DeviceNotFound`, recorded as not made; the record of one they have
    /// names its application) and after (a device still there is `DeviceNotRemoved`). A
    /// deletion that cannot be audited is not made (`AuditUnavailable`). The user's cached
    /// devices and events are invalidated either way.
    pub async fn delete_device(
        &self,
        actor: &Actor,
        user_id: &str,
        device_id: &str,
        reason: Option<String>,
    ) -> Result<RemovedDevice, DomainError> {
        let reason = self::reason(reason)?;
        let before = self.fresh_devices(user_id).await?;
        let device = before.iter().find(|d| d.id == device_id).cloned();
        let change = PlannedChange {
            action: AuditAction::DeviceDelete,
            user_id: Some(user_id.to_owned()),
            device_id: Some(device_id.to_owned()),
            application: device.as_ref().map(|d| d.application.clone()),
            reason,
        };
        let work = async {
            let device = device.ok_or(ChangeError::NotMade(DomainError::DeviceNotFound))?;
            self.remove_verified(user_id, device).await
        };
        self.audited(actor, change, work).await
    }

    /// The deletion itself: delete, and read again.
    async fn remove_verified(
        &self,
        user_id: &str,
        device: Device,
    ) -> Result<RemovedDevice, ChangeError> {
        let device_id = device.id.as_str();
        let deleted = self.token_server.delete_device(user_id, device_id).await;
        // Whatever the answer, the Token Server may have changed (devices, and a removal event):
        // every later read must be fresh.
        self.caches.invalidate_user(user_id).await;
        // And every other replica's reads too.
        self.notice.user_changed(user_id).await;
        let after = self.fresh_devices(user_id).await;
        // The list read afterwards is the truth: a device gone from it is removed even when the
        // delete call itself failed on the way back (a timeout while reading its answer, say).
        let still_listed = match (&deleted, after) {
            (_, Ok(list)) => list.iter().any(|d| d.id == device_id),
            (Err(_), Err(_)) => true,
            (Ok(()), Err(error)) => return Err(ChangeError::Failed(error.into())),
        };
        match (deleted, still_listed) {
            (Err(error), true) => Err(ChangeError::Failed(error.into())),
            (Ok(()), true) => {
                tracing::warn!(
                    user.id = user_id,
                    device.id = device_id,
                    "Token Server kept a deleted device"
                );
                Err(ChangeError::Failed(DomainError::DeviceNotRemoved))
            }
            (deleted, false) => {
                if let Err(error) = deleted {
                    tracing::warn!(error = %error, "the delete call failed, but the device is gone");
                }
                tracing::info!(
                    user.id = user_id,
                    device.id = device_id,
                    "device removed and verified"
                );
                Ok(RemovedDevice { device })
            }
        }
    }
}
