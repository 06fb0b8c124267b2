//! Reading the trail back: records newest first, filtered by agent, user, action, outcome and
//! time, a page at a time.

use cs_api::{AuditAction, AuditOutcome, AuditPage, AuditRecord};

use super::{AuditStore, MAX_AUDIT_LIMIT, RECORD_COLUMNS, action_name, outcome_name, record_from};
use crate::db::StoreError;

/// Which records to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditQuery {
    /// Only this agent's.
    pub agent: Option<String>,
    /// Only about this end user.
    pub user_id: Option<String>,
    /// Only this kind of action.
    pub action: Option<AuditAction>,
    /// Only records that ended so.
    pub outcome: Option<AuditOutcome>,
    /// Only records from this time on (epoch ms, inclusive).
    pub from_ms: Option<i64>,
    /// Only records up to this time (epoch ms, inclusive).
    pub to_ms: Option<i64>,
    /// How many (1 to [`MAX_AUDIT_LIMIT`]).
    pub limit: u32,
    /// Only records with a smaller id.
    pub before: Option<i64>,
}

impl AuditStore {
    /// Records newest first, with the chain's state.
    pub async fn list(&self, query: AuditQuery) -> Result<AuditPage, StoreError> {
        let (records, next_before) = self.records(&query).await?;
        Ok(AuditPage {
            records,
            next_before,
            chain: self.chain_state().await?,
        })
    }

    /// A page of records newest first, and the `before` of the next page when there is one.
    pub async fn records(
        &self,
        query: &AuditQuery,
    ) -> Result<(Vec<AuditRecord>, Option<i64>), StoreError> {
        let limit = query.limit.clamp(1, MAX_AUDIT_LIMIT);
        // Each filter is either absent or a value: the same statement on both engines.
        let sql = format!(
            "SELECT {RECORD_COLUMNS} FROM audit
             WHERE ($1 = 0 OR agent = $2) AND ($3 = 0 OR target_user = $4)
               AND ($5 = 0 OR action = $6) AND ($7 = 0 OR outcome = $8)
               AND ($9 = 0 OR occurred_at >= $10) AND ($11 = 0 OR occurred_at <= $12)
               AND ($13 = 0 OR id < $14)
             ORDER BY id DESC LIMIT $15"
        );
        let present = |set: bool| i64::from(set);
        let rows = self
            .db
            .bounded(
                sqlx::query(&sql)
                    .bind(present(query.agent.is_some()))
                    .bind(query.agent.clone().unwrap_or_default())
                    .bind(present(query.user_id.is_some()))
                    .bind(query.user_id.clone().unwrap_or_default())
                    .bind(present(query.action.is_some()))
                    .bind(query.action.map(action_name).unwrap_or_default())
                    .bind(present(query.outcome.is_some()))
                    .bind(query.outcome.map(outcome_name).unwrap_or_default())
                    .bind(present(query.from_ms.is_some()))
                    .bind(query.from_ms.unwrap_or_default())
                    .bind(present(query.to_ms.is_some()))
                    .bind(query.to_ms.unwrap_or_default())
                    .bind(present(query.before.is_some()))
                    .bind(query.before.unwrap_or_default())
                    .bind(i64::from(limit) + 1)
                    .fetch_all(self.db.pool()),
            )
            .await?;
        let mut records = rows
            .iter()
            .map(record_from)
            .collect::<Result<Vec<_>, _>>()?;
        let more = records.len() > limit as usize;
        records.truncate(limit as usize);
        let next_before = if more {
            records.last().map(|r| r.id)
        } else {
            None
        };
        Ok((records, next_before))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::time::Duration;

    use cs_api::AuthMethod;
    use cs_clock::Clock;

    use super::*;
    use crate::NewAuditRecord;
    use crate::db::testing::both;

    fn record(agent: &str, action: AuditAction) -> NewAuditRecord {
        NewAuditRecord {
            agent: agent.into(),
            auth_method: AuthMethod::Password,
            action,
            user_id: Some("u1".into()),
            device_id: None,
            application: None,
            reason: None,
            outcome: AuditOutcome::Pending,
            detail: None,
            request_id: None,
            client_ip: None,
        }
    }

    #[tokio::test]
    async fn action_outcome_and_time_filters_combine_on_both_engines() {
        for engine in both().await {
            let (clock, time) = Clock::manual();
            let store = AuditStore::new(engine.db.clone(), clock.clone());
            let start = clock.unix_ms();
            let deleted = store
                .record(record("ann", AuditAction::DeviceDelete))
                .await
                .unwrap();
            store
                .complete(deleted, AuditOutcome::Succeeded, None)
                .await
                .unwrap();
            time.advance(Duration::from_secs(60));
            store
                .record(record("ann", AuditAction::Login))
                .await
                .unwrap();
            let failed = store
                .record(record("bob", AuditAction::DeviceDelete))
                .await
                .unwrap();
            store
                .complete(failed, AuditOutcome::Failed, Some("kept".into()))
                .await
                .unwrap();

            let agents = |query: AuditQuery| {
                let store = store.clone();
                async move {
                    let (records, _) = store.records(&query).await.unwrap();
                    records.into_iter().map(|r| r.agent).collect::<Vec<_>>()
                }
            };
            let all = AuditQuery {
                limit: 50,
                ..AuditQuery::default()
            };
            let deletions = AuditQuery {
                action: Some(AuditAction::DeviceDelete),
                ..all.clone()
            };
            assert_eq!(agents(deletions.clone()).await, ["bob", "ann"]);
            let failures = AuditQuery {
                outcome: Some(AuditOutcome::Failed),
                ..deletions.clone()
            };
            assert_eq!(agents(failures).await, ["bob"]);
            let first_minute = AuditQuery {
                to_ms: Some(start + 59_999),
                ..all.clone()
            };
            assert_eq!(agents(first_minute).await, ["ann"]);
            let later = AuditQuery {
                from_ms: Some(start + 60_000),
                agent: Some("ann".into()),
                ..all.clone()
            };
            let (records, _) = store.records(&later).await.unwrap();
            assert_eq!(
                records.iter().map(|r| r.action).collect::<Vec<_>>(),
                [AuditAction::Login]
            );
        }
    }
}
