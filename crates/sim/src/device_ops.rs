//! Changes to devices, with the Token Server events they leave behind.

use std::borrow::Cow;

use crate::model::{Device, TsEvent};
use crate::seed::events::{client_id_of, transaction_id};
use crate::store::{PersonSlot, SimState, write};

/// Who asked for a change; it ends up in the recorded events.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    /// The API client id that authenticated (the HTTP Basic user).
    pub(crate) api_client: String,
    pub(crate) client_ip: String,
    pub(crate) user_agent: Option<String>,
}

impl SimState {
    /// Deregisters one device; `false` when the user or device is unknown.
    pub(crate) fn delete_device(&self, user_id: &str, device_id: &str, caller: &Caller) -> bool {
        let Some(slot) = self.slot(user_id) else {
            return false;
        };
        let removed = {
            let mut devices = write(slot.devices());
            devices
                .iter()
                .position(|d| d.id == device_id)
                .map(|i| devices.remove(i))
        };
        match removed {
            Some(device) => {
                self.record_removals(slot, &[device], caller);
                true
            }
            None => false,
        }
    }

    /// Deregisters every device of the user; returns how many there were.
    pub(crate) fn delete_all_devices(&self, user_id: &str, caller: &Caller) -> usize {
        let Some(slot) = self.slot(user_id) else {
            return 0;
        };
        let removed = std::mem::take(&mut *write(slot.devices()));
        self.record_removals(slot, &removed, caller);
        removed.len()
    }

    /// Deregisters the listed devices; returns the ids that could not be deleted (unknown to
    /// the user, or listed twice).
    pub(crate) fn delete_devices(
        &self,
        user_id: &str,
        ids: &[String],
        caller: &Caller,
    ) -> Vec<String> {
        let Some(slot) = self.slot(user_id) else {
            return ids.to_vec();
        };
        let mut failed = Vec::new();
        let mut removed = Vec::new();
        {
            let mut devices = write(slot.devices());
            for id in ids {
                match devices.iter().position(|d| &d.id == id) {
                    Some(i) => removed.push(devices.remove(i)),
                    None => failed.push(id.clone()),
                }
            }
        }
        self.record_removals(slot, &removed, caller);
        failed
    }

    /// Changes one device in place; `false` when the user or device is unknown.
    pub(crate) fn update_device(
        &self,
        user_id: &str,
        device_id: &str,
        change: impl FnOnce(&mut Device),
    ) -> bool {
        let Some(slot) = self.slot(user_id) else {
            return false;
        };
        let mut devices = write(slot.devices());
        match devices.iter_mut().find(|d| d.id == device_id) {
            Some(device) => {
                change(device);
                true
            }
            None => false,
        }
    }

    /// Records one `API_DEVICE_REMOVED` event per removed device, as the Token Server does.
    fn record_removals(&self, slot: &PersonSlot, removed: &[Device], caller: &Caller) {
        if removed.is_empty() {
            return;
        }
        let now = self.now_ms();
        let mut rng = rand::rng();
        let events = removed.iter().map(|device| TsEvent {
            event_identifier: uuid::Uuid::new_v4().to_string(),
            event_type: "API_DEVICE_REMOVED",
            event_name: "Api device removed",
            client_id: client_id_of(device.application),
            app_name: Some(device.application),
            transaction_id: transaction_id(&mut rng),
            user_id: slot.person.person_id.clone(),
            client_ip: caller.client_ip.clone(),
            user_agent: caller.user_agent.clone().map_or(
                Cow::Borrowed(crate::seed::events::API_CLIENT_USER_AGENT),
                Cow::Owned,
            ),
            event_agent_user: Some(caller.api_client.clone()),
            occurred: now,
        });
        write(slot.ts_recorded()).extend(events);
    }
}
