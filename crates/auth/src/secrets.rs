//! Secrets the service makes for itself and keeps in its database, so that a restart does not
//! invalidate what they protect.

use rand::RngCore;
use rusqlite::{OptionalExtension, params};

use crate::db::{Database, StoreError};

/// The secret called `name`, made of `len` random bytes the first time it is asked for.
pub async fn load_or_create(
    db: &Database,
    name: &'static str,
    len: usize,
) -> Result<Vec<u8>, StoreError> {
    db.run(move |c| {
        let transaction = c.transaction()?;
        let existing: Option<Vec<u8>> = transaction
            .query_row(
                "SELECT value FROM secrets WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?;
        let value = match existing {
            Some(value) if value.len() >= len => value,
            _ => {
                let mut value = vec![0u8; len];
                rand::rng().fill_bytes(&mut value);
                transaction.execute(
                    "INSERT OR REPLACE INTO secrets (name, value) VALUES (?1, ?2)",
                    params![name, value],
                )?;
                value
            }
        };
        transaction.commit()?;
        Ok(value)
    })
    .await
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[tokio::test]
    async fn a_secret_is_made_once_and_then_kept() {
        let db = Database::open_in_memory().unwrap();
        let first = load_or_create(&db, "cookie_key", 64).await.unwrap();
        let again = load_or_create(&db, "cookie_key", 64).await.unwrap();
        assert_eq!(first.len(), 64);
        assert_eq!(first, again);
        assert_ne!(first, load_or_create(&db, "other", 64).await.unwrap());
    }
}
