//! Verifying a caller: a push to one of the end user's devices, which the user approves or denies
//! there (ONEGINI-APIS §7).
//!
//! The start and the outcome are audited: the record is begun before the push is sent and
//! completed when the outcome is known. However many agents (or browser tabs) watch a
//! verification, the Token Server is asked at most once per [`CHECK_INTERVAL_MS`]: each check is
//! claimed in the shared [`VerificationStore`] first, so one watcher asks and the others read
//! what it learnt, on every replica. Nothing is ever reported as approved unless the Token
//! Server said so.

use std::sync::Arc;
use std::time::Duration;

use cs_api::{
    AuditAction, Device, MAX_VERIFICATION_MESSAGE, MobileAuthentication, Verification,
    VerificationState,
};
use cs_clock::Clock;
use cs_upstream::{StartedTransaction, TransactionStatus, UpstreamError};
use time::OffsetDateTime;

use crate::audit::{Actor, ChangeError, ChangeOutcome, PlannedChange};
use crate::error::DomainError;
use crate::service::CustomerService;
use crate::verifications::{VerificationRecord, VerificationStore};

/// The shortest time between two checks of one verification at the Token Server.
pub const CHECK_INTERVAL_MS: i64 = 2_000;

/// How long after its validity a verification the Token Server still calls pending is taken as
/// expired: its clock may run behind ours.
const GRACE_MS: i64 = 5_000;

/// The validity when the Token Server does not say [INFERRED: its default].
const DEFAULT_VALIDITY_SECS: u64 = 120;

/// The longest validity believed: a verification is watched no longer than this.
const MAX_VALIDITY_SECS: u64 = 900;

/// The message sent when the agent gives none.
pub const DEFAULT_VERIFICATION_MESSAGE: &str =
    "Please confirm that you are talking to our helpdesk right now.";

impl CustomerService {
    /// The service keeping running verifications in `store` (shared by every replica).
    #[must_use]
    pub fn with_verifications(mut self, store: Arc<dyn VerificationStore>) -> Self {
        self.verifications = store;
        self
    }

    /// The service reading the time from `clock` (verification deadlines and checks).
    #[must_use]
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Sends a verification request with `message` (or the default) to one of `user_id`'s
    /// devices for `actor`. A device the user does not have is `DeviceNotFound`; one not
    /// enrolled for push is `DeviceNotVerifiable` (both recorded as not made).
    pub async fn start_verification(
        &self,
        actor: &Actor,
        user_id: &str,
        device_id: &str,
        message: Option<String>,
    ) -> Result<Verification, DomainError> {
        let message = verification_message(message)?;
        let devices = self.fresh_devices(user_id).await?;
        let device = devices.iter().find(|d| d.id == device_id).cloned();
        let change = PlannedChange {
            action: AuditAction::DeviceVerify,
            user_id: Some(user_id.to_owned()),
            device_id: Some(device_id.to_owned()),
            application: device.as_ref().map(|d| d.application.clone()),
            reason: None,
        };
        let audit_id = self.begin_record(actor, &change).await?;
        let sent = self.send_push(user_id, device, &message).await;
        // The Token Server records the push among the user's events.
        self.caches.invalidate_user(user_id).await;
        self.notice.user_changed(user_id).await;
        let (device, started) = match sent {
            Ok(sent) => sent,
            Err(error) => {
                self.complete_record(audit_id, &error.outcome()).await;
                return Err(error.into_error());
            }
        };
        let now = self.clock.unix_ms();
        let validity = started
            .expires_in
            .unwrap_or(DEFAULT_VALIDITY_SECS)
            .clamp(1, MAX_VALIDITY_SECS);
        let record = VerificationRecord {
            id: started.id,
            user_id: user_id.to_owned(),
            device_id: device.id,
            device_name: device.name,
            message,
            started_by: actor.username.clone(),
            started_ms: now,
            expires_ms: now.saturating_add(i64::try_from(validity * 1000).unwrap_or(i64::MAX)),
            audit_id,
            state: VerificationState::Pending,
            polled_ms: now,
            check_failing: false,
        };
        if let Err(error) = self.verifications.insert(&record).await {
            tracing::error!(error = %error, "a verification was sent but cannot be watched");
            self.complete_record(
                audit_id,
                &ChangeOutcome::Failed(DomainError::StateUnavailable),
            )
            .await;
            return Err(DomainError::StateUnavailable);
        }
        tracing::info!(
            user.id = user_id,
            device.id = record.device_id,
            "verification sent"
        );
        self.settle_after_expiry(&record);
        Ok(view(&record, now))
    }

    /// Verification `id` of `user_id` as it stands, asking the Token Server when the last check
    /// is older than [`CHECK_INTERVAL_MS`] and nobody else is asking.
    pub async fn verification(&self, user_id: &str, id: &str) -> Result<Verification, DomainError> {
        let record = self
            .stored_verification(id)
            .await?
            .filter(|r| r.user_id.eq_ignore_ascii_case(user_id))
            .ok_or(DomainError::VerificationNotFound)?;
        let record = self.check(record).await?;
        Ok(view(&record, self.clock.unix_ms()))
    }

    /// Sends the push to `device` (as listed before), if it can receive one.
    async fn send_push(
        &self,
        user_id: &str,
        device: Option<Device>,
        message: &str,
    ) -> Result<(Device, StartedTransaction), ChangeError> {
        let device = device.ok_or(ChangeError::NotMade(DomainError::DeviceNotFound))?;
        if device.mobile_authentication != MobileAuthentication::ActivatedWithPush {
            return Err(ChangeError::NotMade(DomainError::DeviceNotVerifiable));
        }
        let types = self
            .token_server
            .mobile_auth_types(user_id, &device.id)
            .await
            .map_err(|e| ChangeError::NotMade(e.into()))?;
        let push = types
            .iter()
            .find(|t| {
                t.is_push() && (t.push_devices.is_empty() || t.push_devices.contains(&device.id))
            })
            .ok_or(ChangeError::NotMade(DomainError::DeviceNotVerifiable))?;
        let started = self
            .token_server
            .start_mobile_auth(&push.name, user_id, &device.id, message)
            .await
            .map_err(|e| ChangeError::Failed(e.into()))?;
        Ok((device, started))
    }

    async fn stored_verification(
        &self,
        id: &str,
    ) -> Result<Option<VerificationRecord>, DomainError> {
        self.verifications.get(id).await.map_err(|error| {
            tracing::error!(error = %error, "verifications cannot be read");
            DomainError::StateUnavailable
        })
    }

    /// Asks the Token Server about a pending verification if it is this caller's turn.
    async fn check(&self, record: VerificationRecord) -> Result<VerificationRecord, DomainError> {
        let now = self.clock.unix_ms();
        if !record.state.is_pending() || now - record.polled_ms < CHECK_INTERVAL_MS {
            return Ok(record);
        }
        let claimed = self
            .verifications
            .claim_check(&record.id, now - CHECK_INTERVAL_MS, now)
            .await
            .map_err(|error| {
                tracing::error!(error = %error, "verifications cannot be written");
                DomainError::StateUnavailable
            })?;
        if !claimed {
            // Another watcher is asking right now; what was read is as fresh as it gets.
            return Ok(record);
        }
        let past_validity = now > record.expires_ms.saturating_add(GRACE_MS);
        let outcome = match self.token_server.mobile_auth_status(&record.id).await {
            Ok(status) => outcome_of(status, past_validity),
            Err(UpstreamError::NotFound { .. }) => Some(VerificationState::Failed),
            Err(error) => {
                tracing::warn!(error = %error, "a verification could not be checked");
                if past_validity {
                    Some(VerificationState::Failed)
                } else {
                    self.mark_check_failing(&record.id, true).await;
                    return Ok(VerificationRecord {
                        check_failing: true,
                        ..record
                    });
                }
            }
        };
        match outcome {
            Some(state) => self.end(record, state).await,
            None => {
                if record.check_failing {
                    self.mark_check_failing(&record.id, false).await;
                }
                Ok(VerificationRecord {
                    check_failing: false,
                    ..record
                })
            }
        }
    }

    async fn mark_check_failing(&self, id: &str, failing: bool) {
        if let Err(error) = self.verifications.set_check_failing(id, failing).await {
            tracing::warn!(error = %error, "a failed check could not be recorded");
        }
    }

    /// Ends `record` in `state`; whoever ends it completes the audit record.
    async fn end(
        &self,
        record: VerificationRecord,
        state: VerificationState,
    ) -> Result<VerificationRecord, DomainError> {
        let ended = self
            .verifications
            .finish(&record.id, state)
            .await
            .map_err(|error| {
                tracing::error!(error = %error, "verifications cannot be written");
                DomainError::StateUnavailable
            })?;
        if !ended {
            // Someone else ended it first: theirs is the outcome.
            return self
                .stored_verification(&record.id)
                .await?
                .ok_or(DomainError::VerificationNotFound);
        }
        tracing::info!(
            user.id = record.user_id,
            device.id = record.device_id,
            state = state.as_str(),
            "verification ended"
        );
        self.complete_record(record.audit_id, &audit_outcome(state))
            .await;
        self.caches.invalidate_user(&record.user_id).await;
        self.notice.user_changed(&record.user_id).await;
        Ok(VerificationRecord {
            state,
            check_failing: false,
            ..record
        })
    }

    /// Once the validity is over, checks once more, so that the outcome is audited even when
    /// nobody watches any more.
    fn settle_after_expiry(&self, record: &VerificationRecord) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let wait_ms = record.expires_ms - self.clock.unix_ms() + GRACE_MS + CHECK_INTERVAL_MS;
        let wait = Duration::from_millis(u64::try_from(wait_ms).unwrap_or(0));
        let (service, user_id, id) = (self.clone(), record.user_id.clone(), record.id.clone());
        runtime.spawn(async move {
            tokio::time::sleep(wait).await;
            if let Err(error) = service.verification(&user_id, &id).await {
                tracing::warn!(error = %error, "an expired verification could not be settled");
            }
        });
    }
}

/// The message to send: the agent's, checked, or the default.
fn verification_message(message: Option<String>) -> Result<String, DomainError> {
    let Some(message) = message else {
        return Ok(DEFAULT_VERIFICATION_MESSAGE.to_owned());
    };
    let message = message.trim();
    if message.is_empty() {
        return Err(DomainError::InvalidInput(
            "`message` must not be empty (leave it out for the default)".into(),
        ));
    }
    if message.chars().count() > MAX_VERIFICATION_MESSAGE {
        return Err(DomainError::InvalidInput(format!(
            "`message` may be at most {MAX_VERIFICATION_MESSAGE} characters"
        )));
    }
    if message.chars().any(char::is_control) {
        return Err(DomainError::InvalidInput(
            "`message` must not hold control characters (such as line breaks)".into(),
        ));
    }
    Ok(message.to_owned())
}

/// The final state a Token Server status means; `None` while the user may still answer.
fn outcome_of(status: TransactionStatus, past_validity: bool) -> Option<VerificationState> {
    match status {
        TransactionStatus::Pending if past_validity => Some(VerificationState::Expired),
        TransactionStatus::Pending => None,
        TransactionStatus::Confirmed => Some(VerificationState::Approved),
        TransactionStatus::Rejected => Some(VerificationState::Denied),
        TransactionStatus::Expired => Some(VerificationState::Expired),
        TransactionStatus::Failed => Some(VerificationState::Failed),
    }
}

/// How the audit trail records a verification that ended in `state`.
fn audit_outcome(state: VerificationState) -> ChangeOutcome {
    let why = match state {
        VerificationState::Approved => return ChangeOutcome::Succeeded,
        VerificationState::Denied => "the user denied the request on the device",
        VerificationState::Expired => "nobody answered the request in time",
        VerificationState::Failed | VerificationState::Pending => {
            "the request could not be completed, or its outcome could not be read"
        }
    };
    ChangeOutcome::Refused(why.to_owned())
}

fn datetime(ms: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The wire form of `record` at `now_ms`.
fn view(record: &VerificationRecord, now_ms: i64) -> Verification {
    let seconds_left = if record.state.is_pending() {
        let left_ms = (record.expires_ms - now_ms).max(0);
        u32::try_from((left_ms + 999) / 1000).unwrap_or(u32::MAX)
    } else {
        0
    };
    Verification {
        id: record.id.clone(),
        user_id: record.user_id.clone(),
        device_id: record.device_id.clone(),
        device_name: record.device_name.clone(),
        message: record.message.clone(),
        state: record.state,
        started_by: record.started_by.clone(),
        started_at: datetime(record.started_ms),
        expires_at: datetime(record.expires_ms),
        seconds_left,
        check_failing: record.check_failing,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_message_is_the_default_or_checked() {
        assert_eq!(
            verification_message(None).unwrap(),
            DEFAULT_VERIFICATION_MESSAGE
        );
        assert_eq!(
            verification_message(Some("  Is it you?  ".into())).unwrap(),
            "Is it you?"
        );
        for bad in ["   ", "line\nbreak", &"x".repeat(201)] {
            assert!(matches!(
                verification_message(Some(bad.to_owned())),
                Err(DomainError::InvalidInput(_))
            ));
        }
        assert!(verification_message(Some("é".repeat(200))).is_ok());
    }

    #[test]
    fn only_the_token_servers_confirmation_approves() {
        use TransactionStatus as S;
        use VerificationState as V;
        assert_eq!(outcome_of(S::Confirmed, true), Some(V::Approved));
        assert_eq!(outcome_of(S::Pending, false), None);
        assert_eq!(outcome_of(S::Pending, true), Some(V::Expired));
        assert_eq!(outcome_of(S::Rejected, false), Some(V::Denied));
        assert_eq!(outcome_of(S::Failed, false), Some(V::Failed));
        assert_eq!(audit_outcome(V::Approved), ChangeOutcome::Succeeded);
        assert!(matches!(
            audit_outcome(V::Denied),
            ChangeOutcome::Refused(_)
        ));
    }

    #[test]
    fn seconds_left_round_up_while_pending_and_are_zero_after() {
        let record = VerificationRecord {
            id: "t".into(),
            user_id: "u".into(),
            device_id: "d".into(),
            device_name: "n".into(),
            message: "m".into(),
            started_by: "a".into(),
            started_ms: 0,
            expires_ms: 120_000,
            audit_id: crate::audit::AuditId(1),
            state: VerificationState::Pending,
            polled_ms: 0,
            check_failing: false,
        };
        assert_eq!(view(&record, 0).seconds_left, 120);
        assert_eq!(view(&record, 119_001).seconds_left, 1);
        assert_eq!(view(&record, 200_000).seconds_left, 0);
        let denied = VerificationRecord {
            state: VerificationState::Denied,
            ..record
        };
        assert_eq!(view(&denied, 0).seconds_left, 0);
    }
}
