//! Changing one device without deleting it: dropping its push token, withdrawing it from mobile
//! authentication, revoking its fingerprint token. Audited, and verified as deletions are: the
//! Token Server answers 204 whatever happened, so the device is read again afterwards.

use cs_api::{AuditAction, Device, DeviceAction};

use crate::audit::{Actor, ChangeError, PlannedChange};
use crate::devices::reason;
use crate::error::DomainError;
use crate::service::CustomerService;

/// What the audit trail calls `action`.
fn audit_action(action: DeviceAction) -> AuditAction {
    match action {
        DeviceAction::DisablePush => AuditAction::DeviceDisablePush,
        DeviceAction::DisableMobileAuthentication => AuditAction::DeviceDisableMobileAuthentication,
        DeviceAction::DisableFingerprint => AuditAction::DeviceDisableFingerprint,
    }
}

impl CustomerService {
    /// Applies `action` to one of `user_id`'s devices for `actor`, and returns the device as
    /// the Token Server lists it afterwards.
    ///
    /// A device the user does not have is `DeviceNotFound`; one the action would not change is
    /// `NothingToChange` (both recorded as not made). A device still listed unchanged afterwards
    /// is `DeviceNotChanged`. A change that cannot be audited is not made.
    pub async fn change_device(
        &self,
        actor: &Actor,
        user_id: &str,
        device_id: &str,
        action: DeviceAction,
        reason: Option<String>,
    ) -> Result<Device, DomainError> {
        let reason = self::reason(reason)?;
        let before = self.fresh_devices(user_id).await?;
        let device = before.iter().find(|d| d.id == device_id).cloned();
        let change = PlannedChange {
            action: audit_action(action),
            user_id: Some(user_id.to_owned()),
            device_id: Some(device_id.to_owned()),
            application: device.as_ref().map(|d| d.application.clone()),
            reason,
        };
        let work = async {
            let device = device.ok_or(ChangeError::NotMade(DomainError::DeviceNotFound))?;
            if !device.available_actions.contains(&action) {
                return Err(ChangeError::NotMade(DomainError::NothingToChange));
            }
            self.change_verified(user_id, device_id, action).await
        };
        self.audited(actor, change, work).await
    }

    /// The change itself: ask, then read the device again.
    async fn change_verified(
        &self,
        user_id: &str,
        device_id: &str,
        action: DeviceAction,
    ) -> Result<Device, ChangeError> {
        let asked = match action {
            DeviceAction::DisablePush => self.token_server.disable_push(user_id, device_id).await,
            DeviceAction::DisableMobileAuthentication => {
                self.token_server
                    .disable_mobile_authentication(user_id, device_id)
                    .await
            }
            DeviceAction::DisableFingerprint => {
                self.token_server
                    .disable_fingerprint(user_id, device_id)
                    .await
            }
        };
        // Whatever the answer, the device may have changed: every later read must be fresh,
        // here and on every other replica.
        self.caches.invalidate_user(user_id).await;
        self.notice.user_changed(user_id).await;
        let after = match (asked, self.fresh_devices(user_id).await) {
            (_, Ok(list)) => list.iter().find(|d| d.id == device_id).cloned(),
            (Err(error), Err(_)) => return Err(ChangeError::Failed(error.into())),
            (Ok(()), Err(error)) => return Err(ChangeError::Failed(error.into())),
        };
        match after {
            None => Err(ChangeError::Failed(DomainError::DeviceNotFound)),
            Some(device) if device.available_actions.contains(&action) => {
                tracing::warn!(
                    user.id = user_id,
                    device.id = device_id,
                    action = action.as_str(),
                    "Token Server left a device unchanged"
                );
                Err(ChangeError::Failed(DomainError::DeviceNotChanged))
            }
            Some(device) => {
                tracing::info!(
                    user.id = user_id,
                    device.id = device_id,
                    action = action.as_str(),
                    "device changed and verified"
                );
                Ok(device)
            }
        }
    }
}
