//! Where verifications of callers are kept while they run: a port, so that every replica sees
//! the same state and the Token Server is asked once per interval however many agents watch.
//! `cs-auth` implements it over its database; [`InMemoryVerifications`] serves one process.

use std::collections::HashMap;
use std::sync::Mutex;

use cs_api::VerificationState;
use futures::future::BoxFuture;

use crate::audit::AuditId;

/// A verification as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationRecord {
    /// The Token Server's transaction id.
    pub id: String,
    /// The end user.
    pub user_id: String,
    /// The device the push went to.
    pub device_id: String,
    /// The device's name when it was started.
    pub device_name: String,
    /// The message sent.
    pub message: String,
    /// The agent who started it.
    pub started_by: String,
    /// When, epoch ms.
    pub started_ms: i64,
    /// When the user's time to answer ends, epoch ms.
    pub expires_ms: i64,
    /// The audit record completed with the outcome.
    pub audit_id: AuditId,
    /// Where it stands.
    pub state: VerificationState,
    /// When the Token Server was last asked (or the start), epoch ms.
    pub polled_ms: i64,
    /// Whether the latest check failed.
    pub check_failing: bool,
}

/// The store cannot be read or written; the text is for the log.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("verifications cannot be stored: {0}")]
pub struct StoreUnavailable(pub String);

/// Keeps running verifications.
pub trait VerificationStore: Send + Sync + 'static {
    /// Keeps a new verification.
    fn insert<'a>(
        &'a self,
        record: &'a VerificationRecord,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>>;

    /// The verification with this id.
    fn get<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<VerificationRecord>, StoreUnavailable>>;

    /// Takes the next check of a pending verification: `true` for exactly one caller, and only
    /// when nobody has asked since `due_ms`; the check time becomes `now_ms`.
    fn claim_check<'a>(
        &'a self,
        id: &'a str,
        due_ms: i64,
        now_ms: i64,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>>;

    /// Records whether the latest check failed, while it is pending.
    fn set_check_failing<'a>(
        &'a self,
        id: &'a str,
        failing: bool,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>>;

    /// Ends a pending verification in `state`: `true` for exactly the caller that ended it.
    fn finish<'a>(
        &'a self,
        id: &'a str,
        state: VerificationState,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>>;
}

/// Verifications kept in this process (one node, and tests).
#[derive(Debug, Default)]
pub struct InMemoryVerifications {
    records: Mutex<HashMap<String, VerificationRecord>>,
}

impl InMemoryVerifications {
    fn with<T>(&self, work: impl FnOnce(&mut HashMap<String, VerificationRecord>) -> T) -> T {
        let mut records = self
            .records
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut records)
    }
}

impl VerificationStore for InMemoryVerifications {
    fn insert<'a>(
        &'a self,
        record: &'a VerificationRecord,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>> {
        self.with(|records| records.insert(record.id.clone(), record.clone()));
        Box::pin(async { Ok(()) })
    }

    fn get<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<VerificationRecord>, StoreUnavailable>> {
        let record = self.with(|records| records.get(id).cloned());
        Box::pin(async { Ok(record) })
    }

    fn claim_check<'a>(
        &'a self,
        id: &'a str,
        due_ms: i64,
        now_ms: i64,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>> {
        let claimed = self.with(|records| match records.get_mut(id) {
            Some(r) if r.state.is_pending() && r.polled_ms <= due_ms => {
                r.polled_ms = now_ms;
                true
            }
            _ => false,
        });
        Box::pin(async move { Ok(claimed) })
    }

    fn set_check_failing<'a>(
        &'a self,
        id: &'a str,
        failing: bool,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>> {
        self.with(|records| {
            if let Some(r) = records.get_mut(id).filter(|r| r.state.is_pending()) {
                r.check_failing = failing;
            }
        });
        Box::pin(async { Ok(()) })
    }

    fn finish<'a>(
        &'a self,
        id: &'a str,
        state: VerificationState,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>> {
        let ended = self.with(|records| match records.get_mut(id) {
            Some(r) if r.state.is_pending() => {
                r.state = state;
                r.check_failing = false;
                true
            }
            _ => false,
        });
        Box::pin(async move { Ok(ended) })
    }
}
