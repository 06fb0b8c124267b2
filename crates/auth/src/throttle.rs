//! Slowing down password guessing: login attempts per username and per client address, counted
//! in the database so that every replica sees every failure.
//!
//! An attempt takes its place in both counters *before* the password is checked, so guesses
//! sent at the same moment cannot all slip past the limit while the first ones are still being
//! hashed. A successful (or never evaluated) attempt gives its place back; a failed one keeps
//! it until the window ends. Each counter changes by one atomic statement, so replicas need no
//! lock between them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use cs_clock::Clock;

use crate::db::{Database, StoreError};

/// Limits of failed logins.
#[derive(Debug, Clone, Copy)]
pub struct ThrottleLimits {
    /// Failures allowed per username in one window.
    pub per_username: u32,
    /// Failures allowed per client address in one window.
    pub per_address: u32,
    /// The window.
    pub window: Duration,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        ThrottleLimits {
            per_username: 5,
            per_address: 20,
            window: Duration::from_secs(60),
        }
    }
}

/// Every this many attempts, counters of ended windows are deleted: the table stays as small as
/// one window's worth of usernames and addresses.
const SWEEP_EVERY: u64 = 256;

/// Why an attempt may not start.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    /// Too many failures: try again after this long.
    #[error("too many failed logins; retry after {0:?}")]
    Throttled(Duration),
    /// The counters cannot be read: nobody is let in unchecked.
    #[error(transparent)]
    Unavailable(#[from] StoreError),
}

impl From<Refused> for crate::AuthError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Throttled(retry_after) => crate::AuthError::Throttled { retry_after },
            Refused::Unavailable(error) => {
                tracing::error!(%error, "login limits cannot be read; the login is refused");
                crate::AuthError::StoreUnavailable
            }
        }
    }
}

/// Counts login attempts in fixed windows; only failures stay counted, so agents who log in
/// often are never slowed down.
#[derive(Debug)]
pub struct LoginThrottle {
    limits: ThrottleLimits,
    clock: Clock,
    db: Database,
    attempts: AtomicU64,
}

/// A login attempt holding its place in the username's and the address's counters. Dropped, it
/// counts as a failure; [`Attempt::release`] gives the place back.
#[must_use = "an attempt counts as failed unless released"]
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    /// Each counter and the start of the window it was counted in.
    keys: Vec<(String, i64)>,
}

impl Attempt<'_> {
    /// The attempt succeeded, or was never evaluated: it does not count. Best effort: a place
    /// that cannot be given back only delays this username's next failures.
    pub async fn release(self) {
        if let Err(error) = self.throttle.give_back(&self.keys).await {
            tracing::warn!(%error, "a login attempt could not be uncounted");
        }
    }
}

impl LoginThrottle {
    /// A throttle with these limits, counting in `db`, its windows timed by `clock`.
    pub fn new(limits: ThrottleLimits, clock: Clock, db: Database) -> Self {
        LoginThrottle {
            limits,
            clock,
            db,
            attempts: AtomicU64::new(0),
        }
    }

    fn user_key(username: &str) -> String {
        format!("user:{}", username.to_lowercase())
    }

    fn address_key(address: &str) -> String {
        format!("addr:{address}")
    }

    fn limit_of(&self, key: &str) -> u32 {
        if key.starts_with("user:") {
            self.limits.per_username
        } else {
            self.limits.per_address
        }
    }

    fn window_ms(&self) -> i64 {
        i64::try_from(self.limits.window.as_millis()).unwrap_or(i64::MAX)
    }

    /// Starts a login attempt for `username` from `address`, or refuses it: either has failed
    /// too often (try again after the wait), or the counters cannot be read.
    pub async fn begin(&self, username: &str, address: &str) -> Result<Attempt<'_>, Refused> {
        self.begin_keys(vec![Self::user_key(username), Self::address_key(address)])
            .await
    }

    /// Starts an attempt that names no username (a single sign-on callback) from `address`.
    pub async fn begin_from(&self, address: &str) -> Result<Attempt<'_>, Refused> {
        self.begin_keys(vec![Self::address_key(address)]).await
    }

    async fn begin_keys(&self, keys: Vec<String>) -> Result<Attempt<'_>, Refused> {
        let now = self.clock.unix_ms();
        if self.attempts.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == 0 {
            self.sweep(now).await?;
        }
        let mut attempt = Attempt {
            throttle: self,
            keys: Vec::with_capacity(keys.len()),
        };
        for key in keys {
            match self.take_place(&key, now).await {
                Ok(Ok(window_start)) => attempt.keys.push((key, window_start)),
                // Not counted against the others either: what this attempt took goes back.
                Ok(Err(wait)) => {
                    attempt.release().await;
                    return Err(Refused::Throttled(wait));
                }
                Err(error) => {
                    attempt.release().await;
                    return Err(error.into());
                }
            }
        }
        Ok(attempt)
    }

    /// Counts one attempt on `key`: the start of its window, or how long until it has room.
    async fn take_place(&self, key: &str, now: i64) -> Result<Result<i64, Duration>, StoreError> {
        let window = self.window_ms();
        let limit = i64::from(self.limit_of(key));
        let db = &self.db;
        db.bounded(async {
            // A counter whose window has ended starts a new one at zero.
            sqlx::query(
                "INSERT INTO login_attempts (key, window_start, attempts) VALUES ($1, $2, 0)
                 ON CONFLICT (key) DO UPDATE SET window_start = excluded.window_start, attempts = 0
                 WHERE login_attempts.window_start <= $3",
            )
            .bind(key)
            .bind(now)
            .bind(now.saturating_sub(window))
            .execute(db.pool())
            .await?;
            let taken: Option<(i64,)> = sqlx::query_as(
                "UPDATE login_attempts SET attempts = attempts + 1
                 WHERE key = $1 AND attempts < $2 RETURNING window_start",
            )
            .bind(key)
            .bind(limit)
            .fetch_optional(db.pool())
            .await?;
            if let Some((window_start,)) = taken {
                return Ok(Ok(window_start));
            }
            let (window_start,): (i64,) =
                sqlx::query_as("SELECT window_start FROM login_attempts WHERE key = $1")
                    .bind(key)
                    .fetch_one(db.pool())
                    .await?;
            let wait_ms = window_start
                .saturating_add(window)
                .saturating_sub(now)
                .max(1);
            Ok::<_, sqlx::Error>(Err(Duration::from_millis(
                u64::try_from(wait_ms).unwrap_or(1),
            )))
        })
        .await
    }

    /// Gives back one place in each counter, in the window it was taken in only: a new window
    /// has forgotten it already.
    async fn give_back(&self, keys: &[(String, i64)]) -> Result<(), StoreError> {
        for (key, window_start) in keys {
            self.db
                .bounded(
                    sqlx::query(
                        "UPDATE login_attempts SET attempts = attempts - 1
                         WHERE key = $1 AND window_start = $2 AND attempts > 0",
                    )
                    .bind(key)
                    .bind(*window_start)
                    .execute(self.db.pool()),
                )
                .await?;
        }
        Ok(())
    }

    async fn sweep(&self, now: i64) -> Result<(), StoreError> {
        self.db
            .bounded(
                sqlx::query("DELETE FROM login_attempts WHERE window_start <= $1")
                    .bind(now.saturating_sub(self.window_ms()))
                    .execute(self.db.pool()),
            )
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cs_clock::ManualClock;

    use crate::db::testing::{TestEngine, both};

    /// A throttle on each engine, with the clock moving them.
    async fn throttles(
        per_username: u32,
        per_address: u32,
        window: Duration,
    ) -> (Vec<(LoginThrottle, TestEngine)>, ManualClock) {
        let (clock, time) = Clock::manual();
        let limits = ThrottleLimits {
            per_username,
            per_address,
            window,
        };
        let throttles = both()
            .await
            .into_iter()
            .map(|engine| {
                (
                    LoginThrottle::new(limits, clock.clone(), engine.db.clone()),
                    engine,
                )
            })
            .collect();
        (throttles, time)
    }

    /// An attempt that failed.
    async fn fail(throttle: &LoginThrottle, username: &str, address: &str) {
        drop(throttle.begin(username, address).await.unwrap());
    }

    fn wait_of(refused: Result<Attempt<'_>, Refused>) -> Duration {
        match refused {
            Err(Refused::Throttled(wait)) => wait,
            other => panic!("expected a wait, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn too_many_failures_for_a_username_block_it_for_the_rest_of_the_window() {
        let (throttles, time) = throttles(3, 100, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            for _ in 0..3 {
                fail(throttle, "Ann", "10.0.0.1").await;
            }
            time.advance(Duration::from_secs(5));
            let wait = wait_of(throttle.begin("ann", "10.0.0.2").await);
            assert_eq!(wait, Duration::from_secs(55));
            assert!(
                throttle.begin("bob", "10.0.0.1").await.is_ok(),
                "other usernames are not blocked"
            );
            time.advance(Duration::from_secs(60));
        }
    }

    #[tokio::test]
    async fn attempts_in_progress_hold_their_place_so_simultaneous_guesses_cannot_race_past() {
        let (throttles, _) = throttles(3, 100, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            let guesses =
                futures::future::join_all((0..10).map(|_| throttle.begin("ann", "10.0.0.1"))).await;
            let (admitted, refused): (Vec<_>, Vec<_>) =
                guesses.into_iter().partition(Result::is_ok);
            assert_eq!(admitted.len(), 3, "ten at once, three admitted");
            assert_eq!(refused.len(), 7);
            let first = admitted.into_iter().next().unwrap().unwrap();
            first.release().await;
            assert!(
                throttle.begin("ann", "10.0.0.1").await.is_ok(),
                "a released place is free again"
            );
        }
    }

    #[tokio::test]
    async fn successful_attempts_do_not_count() {
        let (throttles, _) = throttles(2, 100, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            for _ in 0..10 {
                throttle
                    .begin("ann", "10.0.0.1")
                    .await
                    .unwrap()
                    .release()
                    .await;
            }
            fail(throttle, "ann", "10.0.0.1").await;
            assert!(throttle.begin("ann", "10.0.0.1").await.is_ok());
        }
    }

    #[tokio::test]
    async fn too_many_failures_from_one_address_block_every_username_from_it() {
        let (throttles, _) = throttles(100, 2, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            fail(throttle, "a", "10.0.0.9").await;
            fail(throttle, "b", "10.0.0.9").await;
            assert!(throttle.begin("c", "10.0.0.9").await.is_err());
            assert!(throttle.begin("c", "10.0.0.8").await.is_ok());
        }
    }

    #[tokio::test]
    async fn a_refused_attempt_takes_no_place_in_the_other_counter() {
        let (throttles, _) = throttles(100, 1, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            fail(throttle, "a", "10.0.0.9").await;
            for _ in 0..5 {
                assert!(throttle.begin("carol", "10.0.0.9").await.is_err());
            }
            let (attempts,): (i64,) =
                sqlx::query_as("SELECT attempts FROM login_attempts WHERE key = 'user:carol'")
                    .fetch_one(throttle.db.pool())
                    .await
                    .unwrap();
            assert_eq!(attempts, 0);
        }
    }

    #[tokio::test]
    async fn attempts_without_a_username_count_against_their_address() {
        let (throttles, _) = throttles(100, 2, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            drop(throttle.begin_from("10.0.0.9").await.unwrap());
            fail(throttle, "a", "10.0.0.9").await;
            assert!(throttle.begin_from("10.0.0.9").await.is_err());
            assert!(throttle.begin("b", "10.0.0.9").await.is_err());
            assert!(throttle.begin_from("10.0.0.8").await.is_ok());
        }
    }

    #[tokio::test]
    async fn a_new_window_forgives_and_a_late_release_does_not_touch_it() {
        let (throttles, time) = throttles(1, 100, Duration::from_secs(60)).await;
        for (throttle, _) in &throttles {
            let late = throttle.begin("a", "x").await.unwrap();
            time.advance(Duration::from_secs(59));
            assert!(throttle.begin("a", "x").await.is_err());
            time.advance(Duration::from_secs(1));
            let fresh = throttle.begin("a", "x").await.unwrap();
            late.release().await;
            assert!(
                throttle.begin("a", "x").await.is_err(),
                "the new window still counts its attempt"
            );
            drop(fresh);
            time.advance(Duration::from_secs(60));
        }
    }

    #[tokio::test]
    async fn replicas_count_failures_together() {
        let (throttles, _) = throttles(4, 100, Duration::from_secs(60)).await;
        let (_, engine) = &throttles[1];
        let (clock, _) = Clock::manual();
        let limits = ThrottleLimits {
            per_username: 4,
            ..ThrottleLimits::default()
        };
        let a = LoginThrottle::new(limits, clock.clone(), engine.db.clone());
        let b = LoginThrottle::new(limits, clock, engine.db.clone());
        fail(&a, "ann", "10.0.0.1").await;
        fail(&b, "ann", "10.0.0.2").await;
        fail(&a, "ann", "10.0.0.3").await;
        fail(&b, "ann", "10.0.0.4").await;
        assert!(a.begin("ann", "10.0.0.5").await.is_err());
        assert!(b.begin("ann", "10.0.0.6").await.is_err());
    }
}
