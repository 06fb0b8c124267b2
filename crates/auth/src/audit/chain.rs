//! The audit trail's hash chain. Every write to the trail (a record begun, a record completed)
//! appends an entry holding what was written and `hash = SHA-256(previous hash, content)`, in the
//! same transaction as the write. Changing, removing or inserting a record, or an entry, breaks
//! the chain from there on: [`verify`] walks it and names the first break.
//!
//! Appends are serialised across replicas (PostgreSQL: a table lock held to the commit; SQLite:
//! one connection), so the chain has one order.

use std::collections::HashMap;

use cs_api::{AuditOutcome, AuditRecord};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::any::Any;
use sqlx::{AnyConnection, Transaction};

use super::{RECORD_COLUMNS, record_from};
use crate::db::{Database, Engine, StoreError};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";
/// Entries read per query while verifying.
const PAGE: i64 = 1000;

/// What one entry says was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// A record was written, as it was.
    Begun {
        /// The record.
        record: AuditRecord,
    },
    /// A record's outcome was set.
    Completed {
        /// Which record.
        id: i64,
        /// Its outcome.
        outcome: AuditOutcome,
        /// Why it failed.
        detail: Option<String>,
    },
}

impl Entry {
    /// `record` was written.
    pub fn begun(record: &AuditRecord) -> Entry {
        Entry::Begun {
            record: record.clone(),
        }
    }

    /// Record `id` was completed.
    pub fn completed(id: i64, outcome: AuditOutcome, detail: Option<&str>) -> Entry {
        Entry::Completed {
            id,
            outcome,
            detail: detail.map(str::to_owned),
        }
    }

    fn record_id(&self) -> i64 {
        match self {
            Entry::Begun { record } => record.id,
            Entry::Completed { id, .. } => *id,
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            Entry::Begun { .. } => "begun",
            Entry::Completed { .. } => "completed",
        }
    }
}

/// Where the chain first breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainBreak {
    /// The entry where it breaks (none: a record without any entry).
    pub seq: Option<i64>,
    /// The record concerned.
    pub record_id: Option<i64>,
    /// What is wrong.
    pub reason: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    /// Entries checked.
    pub entries: i64,
    /// Records checked.
    pub records: i64,
    /// The last entry's hash: write it down to notice a chain cut short later.
    pub head: String,
    /// The first break; none when the chain is intact.
    pub broken: Option<ChainBreak>,
}

fn hash_of(prev_hash: &str, content: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(prev_hash.as_bytes());
    hasher.update(b"\n");
    hasher.update(content.as_bytes());
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A transaction in which entries may be appended: the chain's head cannot move until it ends.
pub(crate) async fn begin_write(db: &Database) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let mut tx = db.pool().begin().await?;
    if db.engine() == Engine::Postgres {
        // Readers go on; other appenders wait for the commit.
        sqlx::query("LOCK TABLE audit_chain IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// Appends `entry` after the current head, within the caller's transaction.
pub(crate) async fn append(tx: &mut AnyConnection, entry: &Entry) -> Result<(), sqlx::Error> {
    let head: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    let (seq, prev_hash) = head.unwrap_or((0, GENESIS.to_owned()));
    let content = serde_json::to_string(entry).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    let hash = hash_of(&prev_hash, &content);
    sqlx::query(
        "INSERT INTO audit_chain (seq, record_id, kind, content, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(seq + 1)
    .bind(entry.record_id())
    .bind(entry.kind())
    .bind(&content)
    .bind(&prev_hash)
    .bind(&hash)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Chains the records of a trail written before the chain existed, once: when the chain is
/// empty and records are not. (Never later: a record slipped in afterwards must show.)
pub(crate) async fn seal_unchained(db: &Database) -> Result<i64, StoreError> {
    let mut tx = begin_write(db).await?;
    let (entries,): (i64,) = sqlx::query_as("SELECT count(*) FROM audit_chain")
        .fetch_one(&mut *tx)
        .await?;
    if entries > 0 {
        return Ok(0);
    }
    let rows = sqlx::query(&format!("SELECT {RECORD_COLUMNS} FROM audit ORDER BY id"))
        .fetch_all(&mut *tx)
        .await?;
    for row in &rows {
        append(&mut tx, &Entry::begun(&record_from(row)?)).await?;
    }
    tx.commit().await?;
    let sealed = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    if sealed > 0 {
        tracing::info!(
            records = sealed,
            "audit records written before the chain are chained now"
        );
    }
    Ok(sealed)
}

/// Walks the whole chain, then compares every record with what the chain says was written.
pub async fn verify(db: &Database) -> Result<ChainReport, StoreError> {
    let mut expected: HashMap<i64, AuditRecord> = HashMap::new();
    let mut head = GENESIS.to_owned();
    let mut next_seq = 1_i64;
    let mut broken = None;
    'walk: loop {
        let page: Vec<(i64, i64, String, String, String)> = sqlx::query_as(
            "SELECT seq, record_id, content, prev_hash, hash FROM audit_chain
             WHERE seq >= $1 ORDER BY seq LIMIT $2",
        )
        .bind(next_seq)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await?;
        if page.is_empty() {
            break;
        }
        for (seq, record_id, content, prev_hash, hash) in page {
            let mut fail = |reason: String| {
                broken = Some(ChainBreak {
                    seq: Some(seq),
                    record_id: Some(record_id),
                    reason,
                });
            };
            if seq != next_seq {
                fail(format!("entries {next_seq} to {} are missing", seq - 1));
                break 'walk;
            }
            if prev_hash != head {
                fail("it does not follow the entry before it".into());
                break 'walk;
            }
            if hash_of(&prev_hash, &content) != hash {
                fail("its content does not match its hash".into());
                break 'walk;
            }
            match serde_json::from_str::<Entry>(&content) {
                Ok(entry) if entry.record_id() == record_id => apply(&mut expected, entry),
                _ => {
                    fail("its content is not an entry of this record".into());
                    break 'walk;
                }
            }
            head = hash;
            next_seq = seq + 1;
        }
    }
    let entries = next_seq - 1;
    let records = i64::try_from(expected.len()).unwrap_or(i64::MAX);
    if broken.is_none() {
        broken = compare_records(db, expected).await?;
    }
    Ok(ChainReport {
        entries,
        records,
        head,
        broken,
    })
}

fn apply(expected: &mut HashMap<i64, AuditRecord>, entry: Entry) {
    match entry {
        Entry::Begun { record } => {
            expected.insert(record.id, record);
        }
        Entry::Completed {
            id,
            outcome,
            detail,
        } => {
            if let Some(record) = expected.get_mut(&id) {
                record.outcome = outcome;
                record.detail = detail;
            }
        }
    }
}

/// The first record that differs from the chain, is missing, or has no entry.
async fn compare_records(
    db: &Database,
    mut expected: HashMap<i64, AuditRecord>,
) -> Result<Option<ChainBreak>, StoreError> {
    let mut after = i64::MIN;
    loop {
        let rows = sqlx::query(&format!(
            "SELECT {RECORD_COLUMNS} FROM audit WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after)
        .bind(PAGE)
        .fetch_all(db.pool())
        .await?;
        let Some(last) = rows.last() else { break };
        after = record_from(last)?.id;
        for row in &rows {
            let actual = record_from(row)?;
            let id = actual.id;
            let found = expected.remove(&id);
            let reason = match found {
                None => "the record has no entry in the chain (added afterwards)",
                Some(written) if written != actual => "the record differs from what was written",
                Some(_) => continue,
            };
            return Ok(Some(ChainBreak {
                seq: None,
                record_id: Some(id),
                reason: reason.into(),
            }));
        }
    }
    Ok(expected.keys().min().map(|id| ChainBreak {
        seq: None,
        record_id: Some(*id),
        reason: "the record was removed".into(),
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use cs_api::{AuditAction, AuthMethod};
    use cs_clock::Clock;

    use super::*;
    use crate::audit::{AuditStore, NewAuditRecord};
    use crate::db::testing::both;

    fn login_by(agent: &str) -> NewAuditRecord {
        NewAuditRecord {
            agent: agent.into(),
            auth_method: AuthMethod::Password,
            action: AuditAction::DeviceDelete,
            user_id: Some("u1".into()),
            device_id: Some("d1".into()),
            application: None,
            reason: Some("lost".into()),
            outcome: AuditOutcome::Pending,
            detail: None,
            request_id: None,
            client_ip: None,
        }
    }

    /// A trail of three records, the first two completed.
    async fn trail(store: &AuditStore) -> Vec<i64> {
        let mut ids = Vec::new();
        for agent in ["ann", "bob", "cid"] {
            ids.push(store.record(login_by(agent)).await.unwrap());
        }
        store
            .complete(ids[0], AuditOutcome::Succeeded, None)
            .await
            .unwrap();
        store
            .complete(ids[1], AuditOutcome::Failed, Some("kept".into()))
            .await
            .unwrap();
        ids
    }

    async fn run(db: &Database, sql: &str, id: i64) {
        sqlx::query(sql).bind(id).execute(db.pool()).await.unwrap();
    }

    #[tokio::test]
    async fn an_untouched_trail_verifies_and_every_kind_of_tampering_is_named() {
        for engine in both().await {
            let db = &engine.db;
            let store = AuditStore::new(db.clone(), Clock::system());
            let ids = trail(&store).await;
            let intact = store.verify().await.unwrap();
            assert_eq!(intact.broken, None, "{intact:?}");
            assert_eq!((intact.entries, intact.records), (5, 3));

            // A record's outcome changed behind the trail's back.
            run(
                db,
                "UPDATE audit SET outcome = 'succeeded' WHERE id = $1",
                ids[1],
            )
            .await;
            let changed = store.verify().await.unwrap().broken.unwrap();
            assert_eq!(changed.record_id, Some(ids[1]));
            assert!(changed.reason.contains("differs"), "{changed:?}");
            run(
                db,
                "UPDATE audit SET outcome = 'failed' WHERE id = $1",
                ids[1],
            )
            .await;
            assert_eq!(store.verify().await.unwrap().broken, None);

            // An entry rewritten without fixing the hashes after it.
            run(
                db,
                "UPDATE audit_chain SET content = replace(content, 'ann', 'eve') WHERE record_id = $1",
                ids[0],
            )
            .await;
            let rewritten = store.verify().await.unwrap().broken.unwrap();
            assert_eq!(rewritten.seq, Some(1));
            assert!(rewritten.reason.contains("hash"), "{rewritten:?}");
        }
    }

    #[tokio::test]
    async fn removed_and_slipped_in_records_and_entries_are_named() {
        for engine in both().await {
            let db = &engine.db;
            let store = AuditStore::new(db.clone(), Clock::system());
            let ids = trail(&store).await;

            run(db, "DELETE FROM audit WHERE id = $1", ids[2]).await;
            let removed = store.verify().await.unwrap().broken.unwrap();
            assert_eq!(removed.record_id, Some(ids[2]));
            assert!(removed.reason.contains("removed"), "{removed:?}");

            sqlx::query(
                "INSERT INTO audit (occurred_at, agent, auth_method, action, outcome)
                 VALUES (0, 'eve', 'password', 'login', 'succeeded')",
            )
            .execute(db.pool())
            .await
            .unwrap();
            let added = store.verify().await.unwrap().broken.unwrap();
            assert!(added.reason.contains("added"), "{added:?}");

            run(db, "DELETE FROM audit_chain WHERE seq = $1", 2).await;
            let cut = store.verify().await.unwrap().broken.unwrap();
            assert_eq!(cut.seq, Some(3));
            assert!(cut.reason.contains("missing"), "{cut:?}");
        }
    }

    #[tokio::test]
    async fn replicas_writing_at_once_make_one_chain() {
        let postgres = both().await.pop().unwrap();
        let a = AuditStore::new(postgres.db.clone(), Clock::system());
        let b = AuditStore::new(postgres.db.clone(), Clock::system());
        let writes = (0..20).map(|i| {
            let store = if i % 2 == 0 { a.clone() } else { b.clone() };
            async move {
                let id = store.record(login_by("ann")).await.unwrap();
                store
                    .complete(id, AuditOutcome::Succeeded, None)
                    .await
                    .unwrap();
            }
        });
        futures::future::join_all(writes).await;
        let report = a.verify().await.unwrap();
        assert_eq!(report.broken, None, "{report:?}");
        assert_eq!((report.entries, report.records), (40, 20));
    }

    #[tokio::test]
    async fn a_trail_from_before_the_chain_is_sealed_once() {
        for engine in both().await {
            let db = &engine.db;
            sqlx::query(
                "INSERT INTO audit (occurred_at, agent, auth_method, action, outcome)
                 VALUES (0, 'ann', 'password', 'login', 'succeeded')",
            )
            .execute(db.pool())
            .await
            .unwrap();
            assert_eq!(seal_unchained(db).await.unwrap(), 1);
            let store = AuditStore::new(db.clone(), Clock::system());
            assert_eq!(store.verify().await.unwrap().broken, None);
            sqlx::query(
                "INSERT INTO audit (occurred_at, agent, auth_method, action, outcome)
                 VALUES (0, 'eve', 'password', 'login', 'succeeded')",
            )
            .execute(db.pool())
            .await
            .unwrap();
            assert_eq!(seal_unchained(db).await.unwrap(), 0, "never a second time");
            assert!(store.verify().await.unwrap().broken.is_some());
        }
    }
}
