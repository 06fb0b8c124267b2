//! Secrets the service makes for itself and keeps in its database, so that a restart does not
//! invalidate what they protect, and replicas sharing the database share them.

use rand::RngCore;

use crate::db::{Database, StoreError};

/// The secret called `name`, made of `len` random bytes the first time it is asked for. Replicas
/// starting at the same moment agree: the first one stored wins, the others read it.
pub async fn load_or_create(
    db: &Database,
    name: &'static str,
    len: usize,
) -> Result<Vec<u8>, StoreError> {
    let mut candidate = vec![0u8; len];
    rand::rng().fill_bytes(&mut candidate);
    db.bounded(async {
        sqlx::query(
            "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(&candidate)
        .execute(db.pool())
        .await?;
        let (stored,): (Vec<u8>,) = sqlx::query_as("SELECT value FROM secrets WHERE name = $1")
            .bind(name)
            .fetch_one(db.pool())
            .await?;
        if stored.len() >= len {
            return Ok(stored);
        }
        // Too short for what it protects now: replaced, unless another replica already did.
        sqlx::query("UPDATE secrets SET value = $2 WHERE name = $1 AND value = $3")
            .bind(name)
            .bind(&candidate)
            .bind(&stored)
            .execute(db.pool())
            .await?;
        let (value,): (Vec<u8>,) = sqlx::query_as("SELECT value FROM secrets WHERE name = $1")
            .bind(name)
            .fetch_one(db.pool())
            .await?;
        Ok::<_, sqlx::Error>(value)
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::db::testing::both;

    #[tokio::test]
    async fn a_secret_is_made_once_and_then_kept() {
        for engine in both().await {
            let db = &engine.db;
            let first = load_or_create(db, "cookie_key", 64).await.unwrap();
            let again = load_or_create(db, "cookie_key", 64).await.unwrap();
            assert_eq!(first.len(), 64);
            assert_eq!(first, again);
            assert_ne!(first, load_or_create(db, "other", 64).await.unwrap());
            let longer = load_or_create(db, "cookie_key", 96).await.unwrap();
            assert_eq!(longer.len(), 96, "a secret too short is replaced");
        }
    }

    #[tokio::test]
    async fn replicas_starting_together_agree_on_the_secret() {
        let postgres = both().await.pop().unwrap();
        let made = futures::future::join_all(
            (0..8).map(|_| load_or_create(&postgres.db, "cookie_key", 64)),
        )
        .await;
        let first = made[0].as_ref().unwrap();
        assert!(made.iter().all(|m| m.as_ref().unwrap() == first));
    }
}
