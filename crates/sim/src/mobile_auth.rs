//! Mobile authentication requests (pushes) of the Token Server's Mobile Authentication API v4
//! (ONEGINI-APIS.md §7): a back office starts one for a device of the user, the user answers
//! it on their phone (`/_sim/push`, `/_sim/phone`), and the back office polls its status.

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use crate::device_ops::Caller;
use crate::model::{Device, TsEvent};
use crate::seed::events::client_id_of;
use crate::seed::tables::MOBILE_USER_AGENTS;
use crate::store::{SimState, read, write};
use crate::ts_event_types::{self, EventType};

/// The status of a request as the poll answers it. The values are \[INFERRED\] (§7); the
/// fifth, `FAILED`, never happens here: the simulated push always reaches the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(crate) enum PushStatus {
    /// Sent, not answered, still valid.
    Pending,
    /// Approved on the device.
    Confirmed,
    /// Denied on the device.
    Rejected,
    /// Not answered in time (or expired on purpose through `/_sim/push`).
    Expired,
}

/// One mobile authentication request.
#[derive(Clone, Debug)]
pub(crate) struct PushTransaction {
    /// A UUID v4.
    pub(crate) id: String,
    /// The user's id as the person has it (whatever case the request used).
    pub(crate) user_id: String,
    pub(crate) device_id: String,
    pub(crate) device_name: String,
    pub(crate) platform: &'static str,
    pub(crate) application: &'static str,
    /// Free text from the back office: a helpdesk agent typed it, so it is hostile.
    pub(crate) message: String,
    pub(crate) created_ms: i64,
    pub(crate) expires_ms: i64,
    pub(crate) status: PushStatus,
    /// Order of creation; breaks ties between requests made in the same millisecond.
    sequence: u64,
}

impl PushTransaction {
    /// Whole seconds left to answer, rounded up so that a pending request never shows 0;
    /// 0 once it is not pending.
    pub(crate) fn expires_in(&self, now_ms: i64) -> i64 {
        if self.status != PushStatus::Pending {
            return 0;
        }
        let left_ms = u64::try_from(self.expires_ms.saturating_sub(now_ms)).unwrap_or(0);
        i64::try_from(left_ms.div_ceil(1000)).unwrap_or(i64::MAX)
    }

    /// Marks a pending request whose validity has passed as expired, for good.
    fn settle(&mut self, now_ms: i64) {
        if self.status == PushStatus::Pending && now_ms >= self.expires_ms {
            self.status = PushStatus::Expired;
        }
    }
}

/// Every request, answered or not, until the data is reset.
#[derive(Debug, Default)]
pub(crate) struct PushTransactions {
    by_id: HashMap<String, PushTransaction>,
    created: u64,
}

impl PushTransactions {
    /// Forgets every request.
    pub(crate) fn clear(&mut self) {
        self.by_id.clear();
    }
}

/// Why a request cannot be started (or a device not found).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum StartError {
    UnknownUser,
    UnknownDevice,
    /// The device is not enrolled for push.
    NotEnabled,
}

/// What the user does on the phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Answer {
    Approve,
    Deny,
    /// Let it run out at once (a test's shortcut; no event, as with a real timeout).
    Expire,
}

impl Answer {
    /// `approve`, `deny` or `expire`.
    pub(crate) fn parse(text: &str) -> Option<Answer> {
        match text {
            "approve" => Some(Answer::Approve),
            "deny" => Some(Answer::Deny),
            "expire" => Some(Answer::Expire),
            _ => None,
        }
    }
}

/// Why an answer is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AnswerError {
    Unknown,
    /// Answered already, or expired.
    NotPending,
}

impl SimState {
    /// The user's devices enrolled for push; `None` for an unknown user.
    pub(crate) fn push_devices(&self, user_id: &str) -> Option<Vec<Device>> {
        let slot = self.slot(user_id)?;
        let devices = read(slot.devices());
        Some(
            devices
                .iter()
                .filter(|d| d.push_authentication_enabled)
                .cloned()
                .collect(),
        )
    }

    /// One device of the user, enrolled for push or not.
    pub(crate) fn device_of(&self, user_id: &str, device_id: &str) -> Result<Device, StartError> {
        let slot = self.slot(user_id).ok_or(StartError::UnknownUser)?;
        let devices = read(slot.devices());
        devices
            .iter()
            .find(|d| d.id == device_id)
            .cloned()
            .ok_or(StartError::UnknownDevice)
    }

    /// Sends a request to one device and records `PUSH_AUTH_INITIALIZED`.
    pub(crate) fn start_push(
        &self,
        user_id: &str,
        device_id: &str,
        message: &str,
        caller: &Caller,
    ) -> Result<PushTransaction, StartError> {
        let device = self.device_of(user_id, device_id)?;
        let slot = self.slot(user_id).ok_or(StartError::UnknownUser)?;
        if !device.push_authentication_enabled {
            return Err(StartError::NotEnabled);
        }
        let now = self.now_ms();
        let transaction = {
            let mut all = write(self.push_transactions());
            all.created += 1;
            let transaction = PushTransaction {
                id: uuid::Uuid::new_v4().to_string(),
                user_id: slot.person.person_id.clone(),
                device_id: device.id,
                device_name: device.name,
                platform: device.platform,
                application: device.application,
                message: message.to_owned(),
                created_ms: now,
                expires_ms: now.saturating_add(self.push_validity_ms()),
                status: PushStatus::Pending,
                sequence: all.created,
            };
            all.by_id
                .insert(transaction.id.clone(), transaction.clone());
            transaction
        };
        let event = caller.event(
            &transaction.user_id,
            ts_event_types::PUSH_AUTH_INITIALIZED,
            Some(transaction.application),
            transaction.id.clone(),
            now,
        );
        write(slot.ts_recorded()).push(event);
        Ok(transaction)
    }

    /// One request as it stands now (a pending one past its validity reads as expired).
    pub(crate) fn push_transaction(&self, id: &str) -> Option<PushTransaction> {
        let now = self.now_ms();
        let mut all = write(self.push_transactions());
        let transaction = all.by_id.get_mut(id)?;
        transaction.settle(now);
        Some(transaction.clone())
    }

    /// The pending requests, newest first.
    pub(crate) fn pending_pushes(&self) -> Vec<PushTransaction> {
        let now = self.now_ms();
        let mut all = write(self.push_transactions());
        let mut pending: Vec<PushTransaction> = all
            .by_id
            .values_mut()
            .filter_map(|t| {
                t.settle(now);
                (t.status == PushStatus::Pending).then(|| t.clone())
            })
            .collect();
        pending.sort_unstable_by_key(|t| std::cmp::Reverse(t.sequence));
        pending
    }

    /// Answers a pending request as the user would on the phone at `client_ip`, recording
    /// `MOBILE_AUTH_AUTHENTICATED` or `MOBILE_AUTH_NOT_AUTHENTICATED`.
    pub(crate) fn answer_push(
        &self,
        id: &str,
        answer: Answer,
        client_ip: &str,
    ) -> Result<PushTransaction, AnswerError> {
        let now = self.now_ms();
        let transaction = {
            let mut all = write(self.push_transactions());
            let transaction = all.by_id.get_mut(id).ok_or(AnswerError::Unknown)?;
            transaction.settle(now);
            if transaction.status != PushStatus::Pending {
                return Err(AnswerError::NotPending);
            }
            transaction.status = match answer {
                Answer::Approve => PushStatus::Confirmed,
                Answer::Deny => PushStatus::Rejected,
                Answer::Expire => PushStatus::Expired,
            };
            transaction.clone()
        };
        let kind = match answer {
            Answer::Approve => Some(ts_event_types::MOBILE_AUTH_AUTHENTICATED),
            Answer::Deny => Some(ts_event_types::MOBILE_AUTH_NOT_AUTHENTICATED),
            Answer::Expire => None,
        };
        if let (Some(kind), Some(slot)) = (kind, self.slot(&transaction.user_id)) {
            let event = phone_event(&transaction, kind, client_ip, now);
            write(slot.ts_recorded()).push(event);
        }
        Ok(transaction)
    }
}

/// An event the user's app causes: the mobile SDK calls the Token Server, no API client is
/// involved.
fn phone_event(
    transaction: &PushTransaction,
    (event_type, event_name): EventType,
    client_ip: &str,
    now: i64,
) -> TsEvent {
    // The SDK's user agent of the device's platform (the first is an iPhone's, the second an
    // Android phone's).
    let user_agent = MOBILE_USER_AGENTS
        .get(usize::from(transaction.platform != "ios"))
        .copied()
        .unwrap_or("okhttp/4.12.0");
    TsEvent {
        event_identifier: uuid::Uuid::new_v4().to_string(),
        event_type,
        event_name,
        client_id: client_id_of(transaction.application),
        app_name: Some(transaction.application),
        transaction_id: transaction.id.clone(),
        user_id: transaction.user_id.clone(),
        client_ip: client_ip.to_owned(),
        user_agent: Cow::Borrowed(user_agent),
        event_agent_user: None,
        occurred: now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(expires_ms: i64) -> PushTransaction {
        PushTransaction {
            id: "t".to_owned(),
            user_id: "u".to_owned(),
            device_id: "d".to_owned(),
            device_name: "n".to_owned(),
            platform: "ios",
            application: "Example Bank app",
            message: "m".to_owned(),
            created_ms: 0,
            expires_ms,
            status: PushStatus::Pending,
            sequence: 1,
        }
    }

    #[test]
    fn seconds_left_round_up_and_are_zero_once_settled() {
        let mut t = pending(120_000);
        assert_eq!(t.expires_in(0), 120);
        assert_eq!(t.expires_in(119_001), 1);
        t.settle(119_999);
        assert_eq!(t.status, PushStatus::Pending);
        t.settle(120_000);
        assert_eq!(t.status, PushStatus::Expired);
        assert_eq!(t.expires_in(0), 0);
    }

    #[test]
    fn answers_are_the_three_words() {
        assert_eq!(Answer::parse("approve"), Some(Answer::Approve));
        assert_eq!(Answer::parse("deny"), Some(Answer::Deny));
        assert_eq!(Answer::parse("expire"), Some(Answer::Expire));
        assert_eq!(Answer::parse("Approve"), None);
        assert_eq!(Answer::parse(""), None);
    }
}
