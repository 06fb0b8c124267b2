//! The audit trail: every change and login, written before the change and completed after it.
//! Every write also appends to a hash chain ([`chain`]), so that a record changed, removed or
//! slipped in afterwards shows.

pub mod chain;
mod query;

pub use query::AuditQuery;

use cs_api::{AuditAction, AuditChain, AuditOutcome, AuditRecord, AuthMethod};
use cs_clock::Clock;
use cs_domain::{
    Actor, AgentChange, AuditId, AuditTrail, AuditUnavailable, ChangeOutcome, PlannedChange,
};
use futures::future::BoxFuture;
use sqlx::Row as _;
use sqlx::any::AnyRow;
use time::OffsetDateTime;

use crate::db::{Database, StoreError};
use chain::ChainReport;

/// The largest page of records one request may ask for.
pub const MAX_AUDIT_LIMIT: u32 = 200;

/// A record to write.
#[derive(Debug, Clone)]
pub struct NewAuditRecord {
    /// The agent (for a failed login: the username tried).
    pub agent: String,
    /// How the agent was authenticated.
    pub auth_method: AuthMethod,
    /// What is being done.
    pub action: AuditAction,
    /// The end user concerned.
    pub user_id: Option<String>,
    /// The device concerned.
    pub device_id: Option<String>,
    /// The application of the device concerned.
    pub application: Option<String>,
    /// The agent's reason.
    pub reason: Option<String>,
    /// `Pending` when written before the change.
    pub outcome: AuditOutcome,
    /// Why it failed.
    pub detail: Option<String>,
    /// The request id.
    pub request_id: Option<String>,
    /// The client address.
    pub client_ip: Option<String>,
}

/// How long a check of the chain is reported before the chain is checked again: a check reads
/// the whole trail.
const CHAIN_CHECK_TTL_MS: i64 = 60_000;
/// How long a check of the chain for `GET /api/v1/audit` may take.
const CHAIN_CHECK_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

/// The audit trail in the database.
#[derive(Clone, Debug)]
pub struct AuditStore {
    db: Database,
    clock: Clock,
    /// The last check of the chain, and when it was made (epoch ms).
    checked: std::sync::Arc<tokio::sync::Mutex<Option<(i64, AuditChain)>>>,
}

fn method_name(method: AuthMethod) -> &'static str {
    match method {
        AuthMethod::Password => "password",
        AuthMethod::Oidc => "oidc",
        AuthMethod::Bearer => "bearer",
    }
}

pub(crate) fn action_name(action: AuditAction) -> &'static str {
    match action {
        AuditAction::DeviceDelete => "device_delete",
        AuditAction::DeviceDisablePush => "device_disable_push",
        AuditAction::DeviceDisableMobileAuthentication => "device_disable_mobile_authentication",
        AuditAction::DeviceDisableFingerprint => "device_disable_fingerprint",
        AuditAction::UserSignOut => "user_sign_out",
        AuditAction::DeviceVerify => "device_verify",
        AuditAction::Login => "login",
        AuditAction::LoginFailed => "login_failed",
        AuditAction::Logout => "logout",
    }
}

pub(crate) fn outcome_name(outcome: AuditOutcome) -> &'static str {
    match outcome {
        AuditOutcome::Pending => "pending",
        AuditOutcome::Succeeded => "succeeded",
        AuditOutcome::Failed => "failed",
    }
}

/// Reads one of our own snake_case names back through serde, so the two spellings cannot drift.
fn parse_name<T: serde::de::DeserializeOwned>(text: String) -> Result<T, sqlx::Error> {
    serde_json::from_value(serde_json::Value::String(text))
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// The columns of a record, in the order [`record_from`] reads them.
pub(crate) const RECORD_COLUMNS: &str = "id, occurred_at, agent, auth_method, action, target_user, \
     target_device, target_application, reason, outcome, detail, request_id, client_ip";

pub(crate) fn record_from(row: &AnyRow) -> Result<AuditRecord, sqlx::Error> {
    let occurred_ms: i64 = row.try_get("occurred_at")?;
    Ok(AuditRecord {
        id: row.try_get("id")?,
        occurred_at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(occurred_ms) * 1_000_000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        agent: row.try_get("agent")?,
        auth_method: parse_name(row.try_get("auth_method")?)?,
        action: parse_name(row.try_get("action")?)?,
        user_id: row.try_get("target_user")?,
        device_id: row.try_get("target_device")?,
        application: row.try_get("target_application")?,
        reason: row.try_get("reason")?,
        outcome: parse_name(row.try_get("outcome")?)?,
        detail: row.try_get("detail")?,
        request_id: row.try_get("request_id")?,
        client_ip: row.try_get("client_ip")?,
    })
}

impl NewAuditRecord {
    /// The record as written with `id` at `occurred_ms`.
    fn as_record(&self, id: i64, occurred_ms: i64) -> AuditRecord {
        AuditRecord {
            id,
            occurred_at: OffsetDateTime::from_unix_timestamp_nanos(
                i128::from(occurred_ms) * 1_000_000,
            )
            .unwrap_or(OffsetDateTime::UNIX_EPOCH),
            agent: self.agent.clone(),
            auth_method: self.auth_method,
            action: self.action,
            user_id: self.user_id.clone(),
            device_id: self.device_id.clone(),
            application: self.application.clone(),
            reason: self.reason.clone(),
            outcome: self.outcome,
            detail: self.detail.clone(),
            request_id: self.request_id.clone(),
            client_ip: self.client_ip.clone(),
        }
    }

    /// A record of `action` by `actor`, with no target and no outcome yet.
    pub fn new(actor: &Actor, action: AuditAction) -> Self {
        NewAuditRecord {
            agent: actor.username.clone(),
            auth_method: actor.auth_method,
            action,
            user_id: None,
            device_id: None,
            application: None,
            reason: None,
            outcome: AuditOutcome::Pending,
            detail: None,
            request_id: actor.origin.request_id.clone(),
            client_ip: actor.origin.client_ip.clone(),
        }
    }
}

/// How a change ended, as stored: the wire outcome and the domain's words for why.
fn stored_outcome(outcome: &ChangeOutcome) -> (AuditOutcome, Option<String>) {
    match outcome {
        ChangeOutcome::Succeeded => (AuditOutcome::Succeeded, None),
        ChangeOutcome::Failed(reason) => (AuditOutcome::Failed, Some(reason.to_string())),
        ChangeOutcome::NotMade(reason) => {
            (AuditOutcome::Failed, Some(format!("not made: {reason}")))
        }
        ChangeOutcome::Refused(why) => (AuditOutcome::Failed, Some(why.clone())),
    }
}

/// A row of [`AuditStore::agent_changes`]: when, who, which action, device and application.
type ChangeRow = (i64, String, String, Option<String>, Option<String>);

fn unavailable(error: &StoreError) -> AuditUnavailable {
    AuditUnavailable(error.to_string())
}

impl AuditTrail for AuditStore {
    fn begin<'a>(
        &'a self,
        actor: &'a Actor,
        change: &'a PlannedChange,
    ) -> BoxFuture<'a, Result<AuditId, AuditUnavailable>> {
        let mut record = NewAuditRecord::new(actor, change.action);
        record.user_id.clone_from(&change.user_id);
        record.device_id.clone_from(&change.device_id);
        record.application.clone_from(&change.application);
        record.reason.clone_from(&change.reason);
        Box::pin(async move {
            self.record(record)
                .await
                .map(AuditId)
                .map_err(|e| unavailable(&e))
        })
    }

    fn complete<'a>(
        &'a self,
        id: AuditId,
        outcome: &'a ChangeOutcome,
    ) -> BoxFuture<'a, Result<(), AuditUnavailable>> {
        let (outcome, detail) = stored_outcome(outcome);
        Box::pin(async move {
            AuditStore::complete(self, id.0, outcome, detail)
                .await
                .map_err(|e| unavailable(&e))
        })
    }

    fn agent_changes<'a>(
        &'a self,
        user_id: &'a str,
        from_ms: i64,
        to_ms: i64,
    ) -> BoxFuture<'a, Result<Vec<AgentChange>, AuditUnavailable>> {
        Box::pin(async move {
            AuditStore::agent_changes(self, user_id, from_ms, to_ms)
                .await
                .map_err(|e| unavailable(&e))
        })
    }
}

impl AuditStore {
    /// The trail in `db`, each record stamped with the time `clock` tells.
    pub fn new(db: Database, clock: Clock) -> Self {
        AuditStore {
            db,
            clock,
            checked: std::sync::Arc::default(),
        }
    }

    /// Writes a record and returns its id: the row and its chain entry in one transaction.
    /// Also emits it as a `tracing` event with target `audit` (without the free-text reason,
    /// which may hold personal data).
    pub async fn record(&self, record: NewAuditRecord) -> Result<i64, StoreError> {
        let occurred_ms = self.clock.unix_ms();
        let db = &self.db;
        let row = &record;
        let id = db
            .bounded(async {
                let mut tx = chain::begin_write(db).await?;
                let (id,): (i64,) = sqlx::query_as(
                    "INSERT INTO audit (occurred_at, agent, auth_method, action, target_user, target_device,
                                        reason, outcome, detail, request_id, client_ip,
                                        target_application)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(occurred_ms)
                .bind(&row.agent)
                .bind(method_name(row.auth_method))
                .bind(action_name(row.action))
                .bind(&row.user_id)
                .bind(&row.device_id)
                .bind(&row.reason)
                .bind(outcome_name(row.outcome))
                .bind(&row.detail)
                .bind(&row.request_id)
                .bind(&row.client_ip)
                .bind(&row.application)
                .fetch_one(&mut *tx)
                .await?;
                let written = row.as_record(id, occurred_ms);
                chain::append(&mut tx, &chain::Entry::begun(&written)).await?;
                tx.commit().await?;
                Ok::<_, sqlx::Error>(id)
            })
            .await?;
        tracing::info!(
            target: "audit",
            audit_id = id,
            agent = %record.agent,
            auth.method = method_name(record.auth_method),
            action = action_name(record.action),
            user.id = record.user_id.as_deref(),
            device.id = record.device_id.as_deref(),
            outcome = outcome_name(record.outcome),
            detail = record.detail.as_deref(),
            request.id = record.request_id.as_deref(),
            "audit record written"
        );
        Ok(id)
    }

    /// Sets the outcome of a record written as `Pending`.
    pub async fn complete(
        &self,
        id: i64,
        outcome: AuditOutcome,
        detail: Option<String>,
    ) -> Result<(), StoreError> {
        let db = &self.db;
        let stored = detail.clone();
        db.bounded(async {
            let mut tx = chain::begin_write(db).await?;
            let changed = sqlx::query("UPDATE audit SET outcome = $2, detail = $3 WHERE id = $1")
                .bind(id)
                .bind(outcome_name(outcome))
                .bind(&stored)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 1 {
                chain::append(
                    &mut tx,
                    &chain::Entry::completed(id, outcome, stored.as_deref()),
                )
                .await?;
            }
            tx.commit().await
        })
        .await?;
        tracing::info!(
            target: "audit",
            audit_id = id,
            outcome = outcome_name(outcome),
            detail = detail.as_deref(),
            "audit record completed"
        );
        Ok(())
    }

    /// The changes of `user_id`'s devices and sessions that reached the Token Server, recorded
    /// from `from_ms` to `to_ms` (epoch ms, inclusive), oldest first: succeeded deletions,
    /// device changes and sign-outs, and every verification that was sent (its record stays
    /// pending until the user answers, and the push is an event already).
    pub async fn agent_changes(
        &self,
        user_id: &str,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<AgentChange>, StoreError> {
        let rows: Vec<ChangeRow> = self
            .db
            .bounded(
                sqlx::query_as(
                    "SELECT occurred_at, agent, action, target_device, target_application FROM audit
                     WHERE target_user = $1 AND occurred_at BETWEEN $2 AND $3
                       AND (action IN ($4, $5, $6, $7, $8) AND outcome = $9
                            OR action = $10 AND (detail IS NULL OR detail NOT LIKE 'not made%'))
                     ORDER BY occurred_at, id",
                )
                .bind(user_id)
                .bind(from_ms)
                .bind(to_ms)
                .bind(action_name(AuditAction::DeviceDelete))
                .bind(action_name(AuditAction::DeviceDisablePush))
                .bind(action_name(AuditAction::DeviceDisableMobileAuthentication))
                .bind(action_name(AuditAction::DeviceDisableFingerprint))
                .bind(action_name(AuditAction::UserSignOut))
                .bind(outcome_name(AuditOutcome::Succeeded))
                .bind(action_name(AuditAction::DeviceVerify))
                .fetch_all(self.db.pool()),
            )
            .await?;
        rows.into_iter()
            .map(|(occurred_ms, agent, action, device_id, application)| {
                Ok(AgentChange {
                    occurred_ms,
                    action: parse_name(action)?,
                    agent,
                    device_id,
                    application,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Whether the database behind the trail (and sessions, and login limits) answers.
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.db.ping().await
    }

    /// Chains the records of a trail written before the chain existed (once, at start).
    pub async fn seal_unchained(&self) -> Result<i64, StoreError> {
        chain::seal_unchained(&self.db).await
    }

    /// Checks the whole hash chain against the records (`customer-service audit verify`).
    pub async fn verify(&self) -> Result<ChainReport, StoreError> {
        chain::verify(&self.db).await
    }

    /// The chain's state, checked at most a minute ago. One check at a time: requests arriving
    /// meanwhile wait for its result rather than each reading the whole trail.
    pub async fn chain_state(&self) -> Result<AuditChain, StoreError> {
        let mut checked = self.checked.lock().await;
        let now = self.clock.unix_ms();
        if let Some((at, state)) = checked.as_ref() {
            if now - at < CHAIN_CHECK_TTL_MS {
                return Ok(state.clone());
            }
        }
        // A check reads the whole trail: longer than one operation may take, yet bounded.
        let report = tokio::time::timeout(CHAIN_CHECK_DEADLINE, self.verify())
            .await
            .map_err(|_| StoreError::Timeout)??;
        if let Some(broken) = &report.broken {
            tracing::error!(
                record = broken.record_id,
                entry = broken.seq,
                reason = %broken.reason,
                "the audit chain is broken"
            );
        }
        let state = AuditChain {
            intact: report.broken.is_none(),
            records: report.records,
            entries: report.entries,
            head: report.head,
            broken_record: report.broken.as_ref().and_then(|b| b.record_id),
            broken_reason: report.broken.map(|b| b.reason),
            checked_at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(now) * 1_000_000)
                .unwrap_or(OffsetDateTime::UNIX_EPOCH),
        };
        *checked = Some((now, state.clone()));
        Ok(state)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::db::testing::both;

    fn delete_by(agent: &str, user: &str) -> NewAuditRecord {
        NewAuditRecord {
            agent: agent.into(),
            auth_method: AuthMethod::Password,
            action: AuditAction::DeviceDelete,
            user_id: Some(user.into()),
            device_id: Some("d1".into()),
            application: Some("Example Bank app".into()),
            reason: Some("lost".into()),
            outcome: AuditOutcome::Pending,
            detail: None,
            request_id: Some("r1".into()),
            client_ip: Some("127.0.0.1".into()),
        }
    }

    #[tokio::test]
    async fn records_are_written_completed_filtered_and_paged_newest_first() {
        for engine in both().await {
            records_on(AuditStore::new(engine.db.clone(), Clock::system())).await;
        }
    }

    async fn records_on(store: AuditStore) {
        let first = store.record(delete_by("ann", "u1")).await.unwrap();
        store.record(delete_by("bob", "u1")).await.unwrap();
        let third = store.record(delete_by("ann", "u2")).await.unwrap();
        store
            .complete(first, AuditOutcome::Failed, Some("kept".into()))
            .await
            .unwrap();

        let anns = store
            .list(AuditQuery {
                agent: Some("ann".into()),
                limit: 1,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(anns.records[0].id, third);
        assert_eq!(anns.next_before, Some(third));
        let older = store
            .list(AuditQuery {
                agent: Some("ann".into()),
                limit: 1,
                before: anns.next_before,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(older.records[0].id, first);
        assert_eq!(older.records[0].outcome, AuditOutcome::Failed);
        assert_eq!(older.records[0].detail.as_deref(), Some("kept"));
        assert_eq!(older.next_before, None);

        let about_u1 = store
            .list(AuditQuery {
                user_id: Some("u1".into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(about_u1.records.len(), 2);
        assert_eq!(about_u1.records[0].reason.as_deref(), Some("lost"));
    }

    /// Records `record` and completes it with `outcome`.
    async fn recorded(store: &AuditStore, record: NewAuditRecord, outcome: AuditOutcome) {
        let id = store.record(record).await.unwrap();
        store.complete(id, outcome, None).await.unwrap();
    }

    #[tokio::test]
    async fn agent_changes_are_those_of_the_user_that_reached_the_token_server() {
        for engine in both().await {
            changes_on(engine.db.clone()).await;
        }
    }

    fn by(agent: &str, user: &str, action: AuditAction) -> NewAuditRecord {
        NewAuditRecord {
            action,
            ..delete_by(agent, user)
        }
    }

    async fn changes_on(db: Database) {
        let (clock, time) = Clock::manual();
        let store = AuditStore::new(db, clock.clone());
        let at = clock.unix_ms();
        recorded(&store, delete_by("ann", "u1"), AuditOutcome::Succeeded).await;
        recorded(&store, delete_by("bob", "u2"), AuditOutcome::Succeeded).await;
        recorded(&store, delete_by("eve", "u1"), AuditOutcome::Failed).await;
        store.record(delete_by("pat", "u1")).await.unwrap();
        recorded(
            &store,
            by("cid", "u1", AuditAction::Login),
            AuditOutcome::Succeeded,
        )
        .await;
        let push = AuditAction::DeviceDisablePush;
        recorded(&store, by("fay", "u1", push), AuditOutcome::Succeeded).await;
        // A verification counts from when it is sent, whatever the user answers; one never sent
        // does not.
        store
            .record(by("gus", "u1", AuditAction::DeviceVerify))
            .await
            .unwrap();
        let unsent = store
            .record(by("hal", "u1", AuditAction::DeviceVerify))
            .await
            .unwrap();
        store
            .complete(
                unsent,
                AuditOutcome::Failed,
                Some("not made: no push".into()),
            )
            .await
            .unwrap();
        time.advance(std::time::Duration::from_secs(10));
        recorded(&store, delete_by("dan", "u1"), AuditOutcome::Succeeded).await;

        let found = store.agent_changes("u1", at, at + 9_999).await.unwrap();
        assert_eq!(
            found[0],
            AgentChange {
                occurred_ms: at,
                action: AuditAction::DeviceDelete,
                agent: "ann".into(),
                device_id: Some("d1".into()),
                application: Some("Example Bank app".into()),
            }
        );
        let agents: Vec<_> = found.iter().map(|c| (c.agent.as_str(), c.action)).collect();
        assert_eq!(
            agents,
            [
                ("ann", AuditAction::DeviceDelete),
                ("fay", push),
                ("gus", AuditAction::DeviceVerify)
            ]
        );
        let later = store
            .agent_changes("u1", at + 1, at + 10_000)
            .await
            .unwrap();
        assert_eq!(later.len(), 1, "{later:?}");
        assert_eq!(later[0].agent, "dan");
        let earlier = store
            .agent_changes("u1", at - 10_000, at - 1)
            .await
            .unwrap();
        assert_eq!(earlier, []);
    }
}
