//! Deleting several of a user's devices at once (a selection, or all of them): one audit record
//! per device, written before anything is asked; one call to the Token Server; every device
//! verified by reading the list again.

use cs_api::device::MAX_BULK_DEVICES;
use cs_api::{AuditAction, DeleteDevicesResult, DeletionOutcome, DeviceDeletionResult};

use crate::audit::{Actor, AuditId, ChangeOutcome, PlannedChange};
use crate::devices::reason;
use crate::error::DomainError;
use crate::service::CustomerService;

/// Which devices to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// These, by id.
    Devices(Vec<String>),
    /// Every device the user has.
    All,
}

impl CustomerService {
    /// Deletes `selection` of `user_id`'s devices for `actor`, and says per device what became
    /// of it. Each device asked for is audited on its own, before the Token Server is asked; one
    /// that cannot be audited stops the whole deletion (nothing is asked). A device the user does
    /// not have is `not_found`; one still listed afterwards `not_removed`.
    pub async fn delete_devices(
        &self,
        actor: &Actor,
        user_id: &str,
        selection: Selection,
        reason: Option<String>,
    ) -> Result<DeleteDevicesResult, DomainError> {
        let reason = self::reason(reason)?;
        if let Selection::Devices(ids) = &selection {
            check_selection(ids)?;
        }
        let before = self.fresh_devices(user_id).await?;
        let asked: Vec<(String, Option<cs_api::Device>)> = match &selection {
            Selection::All => before
                .iter()
                .map(|d| (d.id.clone(), Some(d.clone())))
                .collect(),
            Selection::Devices(ids) => ids
                .iter()
                .map(|id| (id.clone(), before.iter().find(|d| &d.id == id).cloned()))
                .collect(),
        };

        // Every record first: a deletion that cannot be audited in full is not made at all.
        let mut records: Vec<AuditId> = Vec::with_capacity(asked.len());
        for (id, device) in &asked {
            let change = PlannedChange {
                action: AuditAction::DeviceDelete,
                user_id: Some(user_id.to_owned()),
                device_id: Some(id.clone()),
                application: device.as_ref().map(|d| d.application.clone()),
                reason: reason.clone(),
            };
            match self.audit.begin(actor, &change).await {
                Ok(record) => records.push(record),
                Err(error) => {
                    tracing::error!(error = %error, "the audit trail cannot be written; the deletion is refused");
                    let not_made = ChangeOutcome::NotMade(DomainError::AuditUnavailable);
                    for record in records {
                        let _ = self.audit.complete(record, &not_made).await;
                    }
                    return Err(DomainError::AuditUnavailable);
                }
            }
        }

        let present: Vec<String> = asked
            .iter()
            .filter(|(_, device)| device.is_some())
            .map(|(id, _)| id.clone())
            .collect();
        let called = if present.is_empty() {
            Ok(())
        } else if selection == Selection::All {
            self.token_server.delete_all_devices(user_id).await
        } else {
            self.token_server.delete_devices(user_id, &present).await
        };
        if let Err(error) = &called {
            // A partial failure answers 500; the list read next is the truth either way.
            tracing::warn!(error = %error, "the Token Server reported a failed deletion");
        }
        self.caches.invalidate_user(user_id).await;
        self.notice.user_changed(user_id).await;
        let after = self.fresh_devices(user_id).await;

        let mut results = Vec::with_capacity(asked.len());
        for ((id, device), record) in asked.into_iter().zip(records) {
            let (outcome, audited) = match (&device, &after) {
                (None, _) => (
                    DeletionOutcome::NotFound,
                    ChangeOutcome::NotMade(DomainError::DeviceNotFound),
                ),
                (Some(_), Ok(list)) if list.iter().any(|d| d.id == id) => (
                    DeletionOutcome::NotRemoved,
                    ChangeOutcome::Failed(DomainError::DeviceNotRemoved),
                ),
                (Some(_), Ok(_)) => (DeletionOutcome::Removed, ChangeOutcome::Succeeded),
                // Not verifiable: reported as not removed, recorded with why.
                (Some(_), Err(error)) => (
                    DeletionOutcome::NotRemoved,
                    ChangeOutcome::Failed(error.clone().into()),
                ),
            };
            self.complete_record(record, &audited).await;
            results.push(DeviceDeletionResult {
                device_id: id,
                name: device.map(|d| d.name),
                outcome,
            });
        }
        let all_removed = results
            .iter()
            .all(|r| r.outcome == DeletionOutcome::Removed);
        tracing::info!(
            user.id = user_id,
            devices = results.len(),
            all_removed,
            "several devices deleted"
        );
        Ok(DeleteDevicesResult {
            results,
            all_removed,
        })
    }
}

/// 1 to [`MAX_BULK_DEVICES`] ids, each once.
fn check_selection(ids: &[String]) -> Result<(), DomainError> {
    if ids.is_empty() || ids.len() > MAX_BULK_DEVICES {
        return Err(DomainError::InvalidInput(format!(
            "`deviceIds` must name 1 to {MAX_BULK_DEVICES} devices"
        )));
    }
    let mut seen = std::collections::HashSet::new();
    if let Some(twice) = ids.iter().find(|id| !seen.insert(id.as_str())) {
        return Err(DomainError::InvalidInput(format!(
            "`deviceIds` names `{twice}` twice"
        )));
    }
    Ok(())
}
