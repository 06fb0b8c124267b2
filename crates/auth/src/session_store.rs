//! actix-session's storage, server-side in the database: the cookie holds only a random key,
//! so logging out or an expiry revokes the session at once and a copied cookie dies with it.
//!
//! Serving a session costs no database round trip: validated sessions stay in a short-lived
//! local cache, which every replica empties of a session the moment any replica ends it (the
//! [`ChangeFeed`]). Writes happen only when the state changes (a login, a last-seen time at most
//! once a minute), never per request.

use std::collections::HashMap;
use std::time::Duration as StdDuration;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cs_clock::Clock;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::{Change, ChangeFeed, Database};

/// How long a validated session is served from memory at most: a bound for a notification
/// lost without the listener noticing; normally the feed empties it first.
const CACHE_TTL: StdDuration = StdDuration::from_secs(10);
/// Sessions cached at most.
const CACHE_CAPACITY: u64 = 100_000;

/// A session as cached: its state and when it ends (epoch ms).
#[derive(Clone, Debug)]
struct Cached {
    state: State,
    expires_at: i64,
}

/// Sessions in the database, keyed by the SHA-256 of the cookie's key: a copy of the database
/// does not hand out live cookies.
#[derive(Clone, Debug)]
pub struct DatabaseSessionStore {
    db: Database,
    clock: Clock,
    feed: ChangeFeed,
    cache: moka::sync::Cache<String, Cached>,
}

impl DatabaseSessionStore {
    /// A store over `db`, its rows expiring by the time `clock` tells; a session ended through
    /// `feed` (by any replica) leaves this one's cache at once.
    pub fn new(db: Database, clock: Clock, feed: ChangeFeed) -> Self {
        let cache = moka::sync::Cache::builder()
            .max_capacity(CACHE_CAPACITY)
            .time_to_live(CACHE_TTL)
            .build();
        let mut changes = feed.subscribe();
        let forget = cache.clone();
        tokio::spawn(async move {
            use tokio::sync::broadcast::error::RecvError;
            loop {
                match changes.recv().await {
                    Ok(Change::SessionEnded(hash)) => forget.invalidate(&hash),
                    Ok(Change::UserChanged(_)) => {}
                    Ok(Change::Unknown) | Err(RecvError::Lagged(_)) => forget.invalidate_all(),
                    Err(RecvError::Closed) => break,
                }
            }
        });
        DatabaseSessionStore {
            db,
            clock,
            feed,
            cache,
        }
    }

    /// When a row saved now with `ttl` expires (epoch ms).
    fn expiry(&self, ttl: &Duration) -> i64 {
        self.clock
            .unix_ms()
            .saturating_add(i64::try_from(ttl.whole_milliseconds()).unwrap_or(i64::MAX))
    }

    fn remember(&self, hash: String, state: State, expires_at: i64) {
        self.cache.insert(hash, Cached { state, expires_at });
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
        if let Some(cached) = self.cache.get(&hash) {
            if cached.expires_at > now {
                return Ok(Some(cached.state));
            }
            self.cache.invalidate(&hash);
        }
        let row: Option<(String, i64)> = self
            .db
            .bounded(
                sqlx::query_as("SELECT state, expires_at FROM sessions WHERE key_hash = $1 AND expires_at > $2")
                    .bind(&hash)
                    .bind(now)
                    .fetch_optional(self.db.pool()),
            )
            .await
            .map_err(|e| LoadError::Other(e.into()))?;
        let Some((json, expires_at)) = row else {
            return Ok(None);
        };
        let state: State =
            serde_json::from_str(&json).map_err(|e| LoadError::Deserialization(e.into()))?;
        self.remember(hash, state.clone(), expires_at);
        Ok(Some(state))
    }

    async fn save(&self, session_state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let state = serde_json::to_string(&session_state)
            .map_err(|e| SaveError::Serialization(e.into()))?;
        let key = new_key();
        let hash = key_hash(&key);
        let now = self.clock.unix_ms();
        let expires_at = self.expiry(ttl);
        let db = &self.db;
        db.bounded(async {
            // Sweeping expired rows here keeps the table small without a background task.
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(db.pool())
                .await?;
            sqlx::query("INSERT INTO sessions (key_hash, state, expires_at) VALUES ($1, $2, $3)")
                .bind(&hash)
                .bind(&state)
                .bind(expires_at)
                .execute(db.pool())
                .await
        })
        .await
        .map_err(|e| SaveError::Other(e.into()))?;
        self.remember(hash, session_state, expires_at);
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
            .bounded(
                sqlx::query(
                    "UPDATE sessions SET state = $2, expires_at = $3 WHERE key_hash = $1 AND expires_at > $4",
                )
                .bind(&hash)
                .bind(&state)
                .bind(expires_at)
                .bind(now)
                .execute(self.db.pool()),
            )
            .await
            .map_err(|e| UpdateError::Other(e.into()))?
            .rows_affected();
        if updated == 1 {
            self.remember(hash, session_state, expires_at);
            Ok(session_key)
        } else {
            // The session ended meanwhile (a logout, an expiry) while this request was served:
            // never resurrect it, under the old key or a new one. What the request wrote is
            // dropped with it; the browser gets a fresh, empty session.
            self.cache.invalidate(&hash);
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
            .bounded(
                sqlx::query("UPDATE sessions SET expires_at = $2 WHERE key_hash = $1")
                    .bind(&hash)
                    .bind(expires_at)
                    .execute(self.db.pool()),
            )
            .await?;
        self.cache.invalidate(&hash);
        Ok(())
    }

    async fn delete(&self, session_key: &SessionKey) -> Result<(), anyhow::Error> {
        let hash = key_hash(session_key.as_ref());
        self.cache.invalidate(&hash);
        self.db
            .bounded(
                sqlx::query("DELETE FROM sessions WHERE key_hash = $1")
                    .bind(&hash)
                    .execute(self.db.pool()),
            )
            .await?;
        // Every other replica forgets it too; the row is gone whatever happens to the notice,
        // and a replica that misses one drops its whole cache on reconnecting.
        if let Err(error) = self.feed.publish(Change::SessionEnded(hash)).await {
            tracing::warn!(%error, "the end of a session could not be announced to other replicas");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use cs_clock::ManualClock;

    use crate::db::testing::{TestEngine, both};

    fn state(pairs: &[(&str, &str)]) -> State {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    /// A store on each engine, with the clock moving them.
    async fn stores() -> (Vec<(DatabaseSessionStore, TestEngine)>, ManualClock) {
        let (clock, time) = Clock::manual();
        let stores = both()
            .await
            .into_iter()
            .map(|engine| {
                let feed = ChangeFeed::new(engine.db.clone());
                (
                    DatabaseSessionStore::new(engine.db.clone(), clock.clone(), feed),
                    engine,
                )
            })
            .collect();
        (stores, time)
    }

    #[tokio::test]
    async fn a_saved_session_loads_until_deleted() {
        let (stores, _) = stores().await;
        for (store, _) in &stores {
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
    }

    #[tokio::test]
    async fn an_expired_session_does_not_load_and_is_not_resurrected_by_an_update() {
        let (stores, time) = stores().await;
        for (store, _) in &stores {
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
    }

    #[tokio::test]
    async fn a_request_in_flight_at_logout_cannot_write_the_session_back() {
        let (stores, _) = stores().await;
        for (store, _) in &stores {
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
    }

    #[tokio::test]
    async fn keys_are_random_and_stored_only_as_hashes() {
        let (stores, _) = stores().await;
        for (store, engine) in &stores {
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

            let (stored,): (i64,) =
                sqlx::query_as("SELECT count(*) FROM sessions WHERE key_hash = $1")
                    .bind(a.as_ref())
                    .fetch_one(engine.db.pool())
                    .await
                    .unwrap();
            assert_eq!(stored, 0, "the raw key is not in the database");
        }
    }

    #[tokio::test]
    async fn a_cached_session_is_served_without_the_database_until_its_end_is_announced() {
        let (stores, _) = stores().await;
        for (store, engine) in &stores {
            let key = store
                .save(state(&[("agent", "ann")]), &Duration::minutes(5))
                .await
                .unwrap();
            // Gone from the database behind the store's back: only the cache still knows it.
            sqlx::query("DELETE FROM sessions")
                .execute(engine.db.pool())
                .await
                .unwrap();
            assert!(
                store.load(&key).await.unwrap().is_some(),
                "served from memory"
            );

            store
                .feed
                .publish(Change::SessionEnded(key_hash(key.as_ref())))
                .await
                .unwrap();
            wait_until_gone(store, &key).await;
        }
    }

    #[tokio::test]
    async fn a_logout_on_one_replica_ends_the_session_on_another_within_a_second() {
        let (clock, _) = Clock::manual();
        let postgres = both().await.pop().unwrap();
        let replica = |db: &Database| {
            let feed = ChangeFeed::new(db.clone());
            let listener = feed.listen().expect("PostgreSQL has a listener");
            (
                DatabaseSessionStore::new(db.clone(), clock.clone(), feed),
                listener,
            )
        };
        let (a, listening_a) = replica(&postgres.db);
        let (b, listening_b) = replica(&postgres.db);
        // The listeners must be listening before the notice is sent.
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let key = a
            .save(state(&[("agent", "ann")]), &Duration::minutes(5))
            .await
            .unwrap();
        let copy = SessionKey::try_from(key.as_ref().to_owned()).unwrap();
        assert!(
            b.load(&copy).await.unwrap().is_some(),
            "b serves it, and caches it"
        );

        a.delete(&key).await.unwrap();

        wait_until_gone(&b, &copy).await;
        listening_a.abort();
        listening_b.abort();
    }

    /// Waits (up to a second) until `store` no longer serves `key`.
    async fn wait_until_gone(store: &DatabaseSessionStore, key: &SessionKey) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(1);
        while store.load(key).await.unwrap().is_some() {
            assert!(
                std::time::Instant::now() < deadline,
                "still served a second after its end was announced"
            );
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
    }
}
