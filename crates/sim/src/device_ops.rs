//! Changes to devices and sessions, with the Token Server events they leave behind.

use std::borrow::Cow;

use crate::model::{Device, TsEvent};
use crate::seed::events::{API_CLIENT_USER_AGENT, client_id_of, transaction_id};
use crate::store::{PersonSlot, SimState, write};
use crate::ts_event_types::{self, EventType};

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

    /// Applies `change` to one device and, when it changed something, records the Token
    /// Server's event for it; `false` when the user or device is unknown or nothing changed.
    pub(crate) fn change_device(
        &self,
        user_id: &str,
        device_id: &str,
        change: Disable,
        caller: &Caller,
    ) -> bool {
        let Some(slot) = self.slot(user_id) else {
            return false;
        };
        let changed = {
            let mut devices = write(slot.devices());
            devices
                .iter_mut()
                .find(|d| d.id == device_id)
                .and_then(|d| change.apply(d).then_some(d.application))
        };
        let Some(application) = changed else {
            return false;
        };
        let event = caller.event(
            &slot.person.person_id,
            change.event_type(),
            Some(application),
            transaction_id(&mut rand::rng()),
            self.now_ms(),
        );
        write(slot.ts_recorded()).push(event);
        true
    }

    /// Ends every session of the user and records `API_SESSIONS_REMOVED`; `false` (and no
    /// event) when the user is unknown or has no session to end.
    pub(crate) fn end_sessions(&self, user_id: &str, caller: &Caller) -> bool {
        let Some(slot) = self.slot(user_id) else {
            return false;
        };
        if self.sessions_of(user_id).is_empty() {
            return false;
        }
        self.sign_out(user_id);
        // One event for the user, not per app: the change is not about one application, so
        // client_id and app_name stay null [OURS].
        let event = caller.event(
            &slot.person.person_id,
            ts_event_types::API_SESSIONS_REMOVED,
            None,
            transaction_id(&mut rand::rng()),
            self.now_ms(),
        );
        write(slot.ts_recorded()).push(event);
        true
    }

    /// Records one `API_DEVICE_REMOVED` event per removed device, as the Token Server does.
    fn record_removals(&self, slot: &PersonSlot, removed: &[Device], caller: &Caller) {
        if removed.is_empty() {
            return;
        }
        let now = self.now_ms();
        let mut rng = rand::rng();
        let events = removed.iter().map(|device| {
            caller.event(
                &slot.person.person_id,
                ts_event_types::API_DEVICE_REMOVED,
                Some(device.application),
                transaction_id(&mut rng),
                now,
            )
        });
        write(slot.ts_recorded()).extend(events);
    }
}

impl Caller {
    /// The event the Token Server records when this API client does `kind` to the user's
    /// `application` at `now`.
    pub(crate) fn event(
        &self,
        user_id: &str,
        (event_type, event_name): EventType,
        application: Option<&'static str>,
        transaction_id: String,
        now: i64,
    ) -> TsEvent {
        TsEvent {
            event_identifier: uuid::Uuid::new_v4().to_string(),
            event_type,
            event_name,
            client_id: application.and_then(client_id_of),
            app_name: application,
            transaction_id,
            user_id: user_id.to_owned(),
            client_ip: self.client_ip.clone(),
            user_agent: self
                .user_agent
                .clone()
                .map_or(Cow::Borrowed(API_CLIENT_USER_AGENT), Cow::Owned),
            event_agent_user: Some(self.api_client.clone()),
            occurred: now,
        }
    }
}

/// A change the end-user API makes to one device (§1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Disable {
    /// `disablePushAuthentication`: drops the push token, keeps mobile authentication.
    Push,
    /// `disableMobileAuthentication`: withdraws the keys and the push token.
    MobileAuthentication,
    /// `disableFingerprint`: revokes the fingerprint token.
    Fingerprint,
}

impl Disable {
    /// Changes `device`; whether anything was different before.
    fn apply(self, device: &mut Device) -> bool {
        match self {
            Disable::Push => std::mem::replace(&mut device.push_authentication_enabled, false),
            Disable::MobileAuthentication => {
                let mobile = std::mem::replace(&mut device.mobile_authentication_enabled, false);
                let push = std::mem::replace(&mut device.push_authentication_enabled, false);
                mobile || push
            }
            Disable::Fingerprint => {
                let before = device.token_types.len();
                device.token_types.retain(|t| *t != "FINGER_PRINT");
                device.token_types.len() != before
            }
        }
    }

    /// The event the Token Server records for the change.
    fn event_type(self) -> EventType {
        match self {
            Disable::Push => ts_event_types::ADMIN_PUSH_ENROLLMENT_REVOKED,
            Disable::MobileAuthentication => ts_event_types::ADMIN_MOBILE_AUTHENTICATION_REVOKED,
            Disable::Fingerprint => ts_event_types::API_FINGERPRINT_TOKEN_REVOKED,
        }
    }
}
