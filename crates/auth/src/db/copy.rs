//! Moving up from one node: everything that must survive, copied from one database into a new,
//! empty one (`customer-service migrate --from <sqlite> --to <postgres>`). The audit trail keeps
//! its ids and its chain, the cookie key its value (cookies stay valid), live sessions their
//! keys (agents stay logged in). Login limits, expired sessions and running verifications of
//! callers are left behind.

use sqlx::Row as _;

use super::{Database, Engine, StoreError};
use crate::audit::{RECORD_COLUMNS, record_from};

/// Rows read per query.
const PAGE: i64 = 500;

/// What was copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CopyReport {
    /// Audit records.
    pub audit_records: u64,
    /// Entries of the audit chain.
    pub chain_entries: u64,
    /// Secrets (the cookie key).
    pub secrets: u64,
    /// Sessions still live.
    pub sessions: u64,
}

/// Copies `from` into `to`, in one transaction on `to`. `to` must hold no audit trail yet: a
/// trail is never merged into another (two chains cannot become one).
pub async fn copy_all(
    from: &Database,
    to: &Database,
    now_ms: i64,
) -> Result<CopyReport, StoreError> {
    let mut report = CopyReport::default();
    let mut tx = to.pool().begin().await?;
    let (present,): (i64,) =
        sqlx::query_as("SELECT (SELECT count(*) FROM audit) + (SELECT count(*) FROM audit_chain)")
            .fetch_one(&mut *tx)
            .await?;
    if present > 0 {
        return Err(StoreError::Corrupt(
            "the target already holds an audit trail; copy only into a new database".into(),
        ));
    }

    let mut after = i64::MIN;
    loop {
        let rows = sqlx::query(&format!(
            "SELECT {RECORD_COLUMNS} FROM audit WHERE id > $1 ORDER BY id LIMIT $2"
        ))
        .bind(after)
        .bind(PAGE)
        .fetch_all(from.pool())
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            let occurred_at: i64 = row.try_get("occurred_at")?;
            let record = record_from(row)?;
            after = record.id;
            sqlx::query(
                "INSERT INTO audit (id, occurred_at, agent, auth_method, action, target_user,
                     target_device, target_application, reason, outcome, detail, request_id,
                     client_ip)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(record.id)
            .bind(occurred_at)
            .bind(&record.agent)
            .bind(row.try_get::<String, _>("auth_method")?)
            .bind(row.try_get::<String, _>("action")?)
            .bind(&record.user_id)
            .bind(&record.device_id)
            .bind(&record.application)
            .bind(&record.reason)
            .bind(row.try_get::<String, _>("outcome")?)
            .bind(&record.detail)
            .bind(&record.request_id)
            .bind(&record.client_ip)
            .execute(&mut *tx)
            .await?;
            report.audit_records += 1;
        }
    }
    if to.engine() == Engine::Postgres && report.audit_records > 0 {
        // New records continue after the copied ids.
        sqlx::query(
            "SELECT setval(pg_get_serial_sequence('audit', 'id'), (SELECT max(id) FROM audit))",
        )
        .execute(&mut *tx)
        .await?;
    }

    let mut after = 0_i64;
    loop {
        let entries: Vec<(i64, i64, String, String, String, String)> = sqlx::query_as(
            "SELECT seq, record_id, kind, content, prev_hash, hash FROM audit_chain
             WHERE seq > $1 ORDER BY seq LIMIT $2",
        )
        .bind(after)
        .bind(PAGE)
        .fetch_all(from.pool())
        .await?;
        if entries.is_empty() {
            break;
        }
        for (seq, record_id, kind, content, prev_hash, hash) in entries {
            after = seq;
            sqlx::query(
                "INSERT INTO audit_chain (seq, record_id, kind, content, prev_hash, hash)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(seq)
            .bind(record_id)
            .bind(kind)
            .bind(content)
            .bind(prev_hash)
            .bind(hash)
            .execute(&mut *tx)
            .await?;
            report.chain_entries += 1;
        }
    }

    let secrets: Vec<(String, Vec<u8>)> = sqlx::query_as("SELECT name, value FROM secrets")
        .fetch_all(from.pool())
        .await?;
    for (name, value) in secrets {
        // The copied key replaces one the new database may have made when a replica started.
        sqlx::query(
            "INSERT INTO secrets (name, value) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        )
        .bind(name)
        .bind(value)
        .execute(&mut *tx)
        .await?;
        report.secrets += 1;
    }

    let sessions: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT key_hash, state, expires_at FROM sessions WHERE expires_at > $1")
            .bind(now_ms)
            .fetch_all(from.pool())
            .await?;
    for (key_hash, state, expires_at) in sessions {
        sqlx::query(
            "INSERT INTO sessions (key_hash, state, expires_at) VALUES ($1, $2, $3)
             ON CONFLICT (key_hash) DO NOTHING",
        )
        .bind(key_hash)
        .bind(state)
        .bind(expires_at)
        .execute(&mut *tx)
        .await?;
        report.sessions += 1;
    }
    tx.commit().await?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use cs_api::{AuditAction, AuditOutcome, AuthMethod};
    use cs_clock::Clock;

    use super::*;
    use crate::audit::{AuditStore, NewAuditRecord};
    use crate::db::testing::both;

    #[tokio::test]
    async fn a_sqlite_trail_moves_to_postgresql_with_its_chain_key_and_live_sessions() {
        let mut engines = both().await;
        let postgres = engines.pop().unwrap();
        let sqlite = engines.pop().unwrap();
        let old = AuditStore::new(sqlite.db.clone(), Clock::system());
        for agent in ["ann", "bob"] {
            let id = old
                .record(NewAuditRecord {
                    agent: agent.into(),
                    auth_method: AuthMethod::Password,
                    action: AuditAction::Login,
                    user_id: None,
                    device_id: None,
                    application: None,
                    reason: None,
                    outcome: AuditOutcome::Pending,
                    detail: None,
                    request_id: None,
                    client_ip: None,
                })
                .await
                .unwrap();
            old.complete(id, AuditOutcome::Succeeded, None)
                .await
                .unwrap();
        }
        let key = crate::secrets::load_or_create(&sqlite.db, "cookie_key", 64)
            .await
            .unwrap();
        sqlx::query("INSERT INTO sessions VALUES ('live', '{}', 9000000000000), ('dead', '{}', 1)")
            .execute(sqlite.db.pool())
            .await
            .unwrap();

        let report = copy_all(&sqlite.db, &postgres.db, 1_000).await.unwrap();
        assert_eq!(
            report,
            CopyReport {
                audit_records: 2,
                chain_entries: 4,
                secrets: 1,
                sessions: 1
            }
        );

        let new = AuditStore::new(postgres.db.clone(), Clock::system());
        let verified = new.verify().await.unwrap();
        assert_eq!(verified.broken, None, "{verified:?}");
        assert_eq!(
            verified.head,
            old.verify().await.unwrap().head,
            "the same chain"
        );
        let next = new
            .record(NewAuditRecord {
                agent: "cid".into(),
                auth_method: AuthMethod::Password,
                action: AuditAction::Logout,
                user_id: None,
                device_id: None,
                application: None,
                reason: None,
                outcome: AuditOutcome::Succeeded,
                detail: None,
                request_id: None,
                client_ip: None,
            })
            .await
            .unwrap();
        assert_eq!(next, 3, "ids go on after the copied ones");
        assert_eq!(new.verify().await.unwrap().broken, None);
        assert_eq!(
            crate::secrets::load_or_create(&postgres.db, "cookie_key", 64)
                .await
                .unwrap(),
            key
        );

        let again = copy_all(&sqlite.db, &postgres.db, 1_000).await.unwrap_err();
        assert!(again.to_string().contains("already holds"), "{again}");
    }
}
