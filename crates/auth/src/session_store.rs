//! actix-session's storage, server-side in the database: the cookie holds only a random key,
//! so logging out or an expiry revokes the session at once and a copied cookie dies with it.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cs_clock::Clock;
use rand::RngCore;
use rusqlite::{OptionalExtension, params};
use sha2::{Digest, Sha256};

use crate::db::Database;

/// Sessions in the database, keyed by the SHA-256 of the cookie's key: a copy of the database
/// does not hand out live cookies.
#[derive(Clone, Debug)]
pub struct DatabaseSessionStore {
    db: Database,
    clock: Clock,
}

impl DatabaseSessionStore {
    /// A store over `db`, its rows expiring by the time `clock` tells.
    pub fn new(db: Database, clock: Clock) -> Self {
        DatabaseSessionStore { db, clock }
    }

    /// When a row saved now with `ttl` expires (epoch ms).
    fn expiry(&self, ttl: &Duration) -> i64 {
        self.clock
            .unix_ms()
            .saturating_add(i64::try_from(ttl.whole_milliseconds()).unwrap_or(i64::MAX))
    }
}

fn key_hash(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(key.as_bytes()))
}

fn new_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

type State = HashMap<String, String>;

impl SessionStore for DatabaseSessionStore {
    async fn load(&self, session_key: &SessionKey) -> Result<Option<State>, LoadError> {
        let hash = key_hash(session_key.as_ref());
        let now = self.clock.unix_ms();
        let state: Option<String> = self
            .db
            .run(move |c| {
                Ok(c.query_row(
                    "SELECT state FROM sessions WHERE key_hash = ?1 AND expires_at > ?2",
                    params![hash, now],
                    |row| row.get(0),
                )
                .optional()?)
            })
            .await
            .map_err(|e| LoadError::Other(e.into()))?;
        state
            .map(|json| {
                serde_json::from_str(&json).map_err(|e| LoadError::Deserialization(e.into()))
            })
            .transpose()
    }

    async fn save(&self, session_state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let state = serde_json::to_string(&session_state)
            .map_err(|e| SaveError::Serialization(e.into()))?;
        let key = new_key();
        let hash = key_hash(&key);
        let now = self.clock.unix_ms();
        let expires_at = self.expiry(ttl);
        self.db
            .run(move |c| {
                // Sweeping expired rows here keeps the table small without a background task.
                c.execute("DELETE FROM sessions WHERE expires_at <= ?1", params![now])?;
                c.execute(
                    "INSERT INTO sessions (key_hash, state, expires_at) VALUES (?1, ?2, ?3)",
                    params![hash, state, expires_at],
                )?;
                Ok(())
            })
            .await
            .map_err(|e| SaveError::Other(e.into()))?;
        SessionKey::try_from(key).map_err(|e| SaveError::Other(e.into()))
    }

    async fn update(
        &self,
        session_key: SessionKey,
        session_state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let state = serde_json::to_string(&session_state)
            .map_err(|e| UpdateError::Serialization(e.into()))?;
        let hash = key_hash(session_key.as_ref());
        let now = self.clock.unix_ms();
        let expires_at = self.expiry(ttl);
        let updated = self
            .db
            .run(move |c| {
                Ok(c.execute(
                    "UPDATE sessions SET state = ?2, expires_at = ?3 WHERE key_hash = ?1 AND expires_at > ?4",
                    params![hash, state, expires_at, now],
                )?)
            })
            .await
            .map_err(|e| UpdateError::Other(e.into()))?;
        if updated == 1 {
            Ok(session_key)
        } else {
            // The session ended meanwhile (a logout, an expiry) while this request was served:
            // never resurrect it, under the old key or a new one. What the request wrote is
            // dropped with it; the browser gets a fresh, empty session.
            self.save(State::new(), ttl)
                .await
                .map_err(|e| UpdateError::Other(e.into()))
        }
    }

    async fn update_ttl(
        &self,
        session_key: &SessionKey,
        ttl: &Duration,
    ) -> Result<(), anyhow::Error> {
        let hash = key_hash(session_key.as_ref());
        let expires_at = self.expiry(ttl);
        self.db
            .run(move |c| {
                c.execute(
                    "UPDATE sessions SET expires_at = ?2 WHERE key_hash = ?1",
                    params![hash, expires_at],
                )?;
                Ok(())
            })
            .await?;
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let hash = key_hash(session_key.as_ref());
        self.db
            .run(move |c| {
                c.execute("DELETE FROM sessions WHERE key_hash = ?1", params![hash])?;
                Ok(())
            })
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use cs_clock::ManualClock;

    fn state(pairs: &[(&str, &str)]) -> State {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn store() -> (DatabaseSessionStore, ManualClock) {
        let (clock, time) = Clock::manual();
        let store = DatabaseSessionStore::new(Database::open_in_memory().unwrap(), clock);
        (store, time)
    }

    #[tokio::test]
    async fn a_saved_session_loads_until_deleted() {
        let (store, _) = store();
        let key = store
            .save(state(&[("agent", "ann")]), &Duration::minutes(5))
            .await
            .unwrap();

        assert_eq!(
            store.load(&key).await.unwrap(),
            Some(state(&[("agent", "ann")]))
        );
        store.delete(&key).await.unwrap();
        assert_eq!(store.load(&key).await.unwrap(), None);
    }

    #[tokio::test]
    async fn an_expired_session_does_not_load_and_is_not_resurrected_by_an_update() {
        let (store, time) = store();
        let key = store
            .save(state(&[("agent", "ann")]), &Duration::minutes(5))
            .await
            .unwrap();
        time.advance(std::time::Duration::from_secs(299));
        assert!(store.load(&key).await.unwrap().is_some());
        time.advance(std::time::Duration::from_secs(1));

        assert_eq!(store.load(&key).await.unwrap(), None);
        let old = key.as_ref().to_owned();
        let renewed = store
            .update(key, state(&[("x", "y")]), &Duration::minutes(5))
            .await
            .unwrap();
        assert_ne!(renewed.as_ref(), old, "a dead key never comes back");
    }

    #[tokio::test]
    async fn a_request_in_flight_at_logout_cannot_write_the_session_back() {
        let (store, _) = store();
        let key = store
            .save(state(&[("agent", "ann")]), &Duration::minutes(5))
            .await
            .unwrap();
        let in_flight = SessionKey::try_from(key.as_ref().to_owned()).unwrap();
        store.delete(&key).await.unwrap();

        // The request read the session before the logout and writes it (a new last-seen time).
        let written = store
            .update(
                in_flight,
                state(&[("agent", "ann"), ("seen", "1")]),
                &Duration::minutes(5),
            )
            .await
            .unwrap();

        assert_eq!(
            store.load(&key).await.unwrap(),
            None,
            "the old key stays dead"
        );
        assert_eq!(
            store.load(&written).await.unwrap(),
            Some(State::new()),
            "the new one holds nobody"
        );
    }

    #[tokio::test]
    async fn keys_are_random_and_stored_only_as_hashes() {
        let db = Database::open_in_memory().unwrap();
        let store = DatabaseSessionStore::new(db.clone(), Clock::system());
        let a = store
            .save(State::new(), &Duration::minutes(5))
            .await
            .unwrap();
        let b = store
            .save(State::new(), &Duration::minutes(5))
            .await
            .unwrap();
        assert_ne!(a, b);
        assert!(a.as_ref().len() >= 43, "256 random bits");

        let raw = a.as_ref().to_owned();
        let stored: i64 = db
            .run(move |c| {
                Ok(c.query_row(
                    "SELECT count(*) FROM sessions WHERE key_hash = ?1",
                    [raw],
                    |r| r.get(0),
                )?)
            })
            .await
            .unwrap();
        assert_eq!(stored, 0, "the raw key is not in the database");
    }
}
