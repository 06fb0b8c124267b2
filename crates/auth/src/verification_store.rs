//! Running verifications of callers in the database, so that every replica sees the same state
//! and exactly one watcher at a time asks the Token Server (the domain's `VerificationStore`).
//! Each claim and each ending is one conditional statement: replicas need no lock between them.

use std::sync::atomic::{AtomicU64, Ordering};

use cs_api::VerificationState;
use cs_clock::Clock;
use cs_domain::{AuditId, StoreUnavailable, VerificationRecord, VerificationStore};
use futures::future::BoxFuture;
use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::db::{Database, StoreError};

/// How long an ended (or expired) verification stays readable: an agent may come back to it.
const KEPT_MS: i64 = 24 * 3600 * 1000;

/// Every this many starts, verifications past [`KEPT_MS`] are deleted.
const SWEEP_EVERY: u64 = 64;

const COLUMNS: &str = "id, user_id, device_id, device_name, message, started_by, started_ms, \
                       expires_ms, audit_id, state, polled_ms, check_failing";

/// The verifications of one database.
#[derive(Debug, Clone)]
pub struct DatabaseVerifications {
    db: Database,
    clock: Clock,
    starts: std::sync::Arc<AtomicU64>,
}

impl DatabaseVerifications {
    /// Verifications kept in `db`; `clock` times their clean-up.
    pub fn new(db: Database, clock: Clock) -> Self {
        DatabaseVerifications {
            db,
            clock,
            starts: std::sync::Arc::default(),
        }
    }

    async fn insert_record(&self, r: &VerificationRecord) -> Result<(), StoreError> {
        if self.starts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == 0 {
            self.db
                .bounded(
                    sqlx::query("DELETE FROM verifications WHERE expires_ms < $1")
                        .bind(self.clock.unix_ms().saturating_sub(KEPT_MS))
                        .execute(self.db.pool()),
                )
                .await?;
        }
        self.db
            .bounded(
                sqlx::query(&format!(
                    "INSERT INTO verifications ({COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
                ))
                .bind(&r.id)
                .bind(&r.user_id)
                .bind(&r.device_id)
                .bind(&r.device_name)
                .bind(&r.message)
                .bind(&r.started_by)
                .bind(r.started_ms)
                .bind(r.expires_ms)
                .bind(r.audit_id.0)
                .bind(r.state.as_str())
                .bind(r.polled_ms)
                .bind(i64::from(r.check_failing))
                .execute(self.db.pool()),
            )
            .await?;
        Ok(())
    }

    async fn get_record(&self, id: &str) -> Result<Option<VerificationRecord>, StoreError> {
        let row = self
            .db
            .bounded(
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM verifications WHERE id = $1"
                ))
                .bind(id)
                .fetch_optional(self.db.pool()),
            )
            .await?;
        row.as_ref().map(record_from).transpose()
    }

    /// Runs one conditional update: whether it changed the row.
    async fn update<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<bool, StoreError> {
        let done = self.db.bounded(query.execute(self.db.pool())).await?;
        Ok(done.rows_affected() == 1)
    }
}

fn record_from(row: &AnyRow) -> Result<VerificationRecord, StoreError> {
    let state: String = row.try_get("state")?;
    let check_failing: i64 = row.try_get("check_failing")?;
    Ok(VerificationRecord {
        id: row.try_get("id")?,
        user_id: row.try_get("user_id")?,
        device_id: row.try_get("device_id")?,
        device_name: row.try_get("device_name")?,
        message: row.try_get("message")?,
        started_by: row.try_get("started_by")?,
        started_ms: row.try_get("started_ms")?,
        expires_ms: row.try_get("expires_ms")?,
        audit_id: AuditId(row.try_get("audit_id")?),
        state: VerificationState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown verification state {state:?}")))?,
        polled_ms: row.try_get("polled_ms")?,
        check_failing: check_failing != 0,
    })
}

fn unavailable(error: StoreError) -> StoreUnavailable {
    StoreUnavailable(error.to_string())
}

impl VerificationStore for DatabaseVerifications {
    fn insert<'a>(
        &'a self,
        record: &'a VerificationRecord,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>> {
        Box::pin(async move { self.insert_record(record).await.map_err(unavailable) })
    }

    fn get<'a>(
        &'a self,
        id: &'a str,
    ) -> BoxFuture<'a, Result<Option<VerificationRecord>, StoreUnavailable>> {
        Box::pin(async move { self.get_record(id).await.map_err(unavailable) })
    }

    fn claim_check<'a>(
        &'a self,
        id: &'a str,
        due_ms: i64,
        now_ms: i64,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>> {
        Box::pin(async move {
            self.update(
                sqlx::query(
                    "UPDATE verifications SET polled_ms = $1 \
                     WHERE id = $2 AND state = 'pending' AND polled_ms <= $3",
                )
                .bind(now_ms)
                .bind(id)
                .bind(due_ms),
            )
            .await
            .map_err(unavailable)
        })
    }

    fn set_check_failing<'a>(
        &'a self,
        id: &'a str,
        failing: bool,
    ) -> BoxFuture<'a, Result<(), StoreUnavailable>> {
        Box::pin(async move {
            self.update(
                sqlx::query(
                    "UPDATE verifications SET check_failing = $1 \
                     WHERE id = $2 AND state = 'pending'",
                )
                .bind(i64::from(failing))
                .bind(id),
            )
            .await
            .map(|_| ())
            .map_err(unavailable)
        })
    }

    fn finish<'a>(
        &'a self,
        id: &'a str,
        state: VerificationState,
    ) -> BoxFuture<'a, Result<bool, StoreUnavailable>> {
        Box::pin(async move {
            self.update(
                sqlx::query(
                    "UPDATE verifications SET state = $1, check_failing = 0 \
                     WHERE id = $2 AND state = 'pending'",
                )
                .bind(state.as_str())
                .bind(id),
            )
            .await
            .map_err(unavailable)
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::db::testing::both;

    fn record(id: &str) -> VerificationRecord {
        VerificationRecord {
            id: id.into(),
            user_id: "user-1".into(),
            device_id: "device-1".into(),
            device_name: "Joe's 📱 <b>phone</b>".into(),
            message: "Is it you?".into(),
            started_by: "agent".into(),
            started_ms: 1_000,
            expires_ms: 121_000,
            audit_id: AuditId(7),
            state: VerificationState::Pending,
            polled_ms: 1_000,
            check_failing: false,
        }
    }

    #[tokio::test]
    async fn one_claim_per_interval_and_one_ending_on_both_engines() {
        for engine in both().await {
            let store = DatabaseVerifications::new(engine.db.clone(), Clock::system());
            store.insert(&record("t1")).await.unwrap();
            assert_eq!(store.get("t1").await.unwrap(), Some(record("t1")));
            assert_eq!(store.get("nope").await.unwrap(), None);

            // Not due yet: nobody may ask.
            assert!(!store.claim_check("t1", 999, 2_000).await.unwrap());
            // Due: exactly one of many claimants asks.
            let claims =
                futures::future::join_all((0..10).map(|_| store.claim_check("t1", 2_000, 3_000)))
                    .await;
            assert_eq!(claims.iter().filter(|c| *c.as_ref().unwrap()).count(), 1);
            assert_eq!(store.get("t1").await.unwrap().unwrap().polled_ms, 3_000);

            store.set_check_failing("t1", true).await.unwrap();
            assert!(store.get("t1").await.unwrap().unwrap().check_failing);

            assert!(store.finish("t1", VerificationState::Denied).await.unwrap());
            assert!(
                !store
                    .finish("t1", VerificationState::Approved)
                    .await
                    .unwrap()
            );
            let ended = store.get("t1").await.unwrap().unwrap();
            assert_eq!(
                (ended.state, ended.check_failing),
                (VerificationState::Denied, false)
            );
            // An ended verification is never checked again.
            assert!(!store.claim_check("t1", i64::MAX, 9_000).await.unwrap());
        }
    }
}
