//! Slowing down password guessing: login attempts per username and per client address.
//!
//! An attempt takes its place in both counters *before* the password is checked, so guesses
//! sent at the same moment cannot all slip past the limit while the first ones are still being
//! hashed. A successful (or never evaluated) attempt gives its place back; a failed one keeps
//! it until the window ends.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use cs_clock::Clock;

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

/// Entries kept before old windows are swept.
const SWEEP_AT: usize = 10_000;
/// Entries never exceeded: beyond this (a spray of usernames from many addresses within one
/// window) new usernames and addresses are refused until windows end, bounding memory.
const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    attempts: u32,
}

/// Counts login attempts in fixed windows; only failures stay counted, so agents who log in
/// often are never slowed down.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    limits: ThrottleLimits,
    clock: Clock,
    windows: Mutex<HashMap<String, Window>>,
}

/// A login attempt holding its place in the username's and the address's counters. Dropped, it
/// counts as a failure; [`Attempt::release`] gives the place back.
#[must_use = "an attempt counts as failed unless released"]
#[derive(Debug)]
pub struct Attempt<'a> {
    throttle: &'a LoginThrottle,
    keys: Vec<(String, Instant)>,
}

impl Attempt<'_> {
    /// The attempt succeeded, or was never evaluated: it does not count.
    pub fn release(self) {
        let mut windows = self.throttle.lock();
        for (key, started) in &self.keys {
            // Only from the window it was counted in: a new window has forgotten it already.
            if let Some(window) = windows.get_mut(key).filter(|w| w.started == *started) {
                window.attempts = window.attempts.saturating_sub(1);
            }
        }
    }
}

impl LoginThrottle {
    /// A throttle with these limits, its windows timed by `clock`.
    pub fn new(limits: ThrottleLimits, clock: Clock) -> Self {
        LoginThrottle {
            limits,
            clock,
            windows: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Window>> {
        // Plain counters: a panic elsewhere cannot leave them half-written.
        self.windows.lock().unwrap_or_else(PoisonError::into_inner)
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

    /// Starts a login attempt for `username` from `address`, or `Err(wait)` when either has
    /// failed too often: try again after `wait`.
    pub fn begin(&self, username: &str, address: &str) -> Result<Attempt<'_>, Duration> {
        self.begin_keys(vec![Self::user_key(username), Self::address_key(address)])
    }

    /// Starts an attempt that names no username (a single sign-on callback) from `address`.
    pub fn begin_from(&self, address: &str) -> Result<Attempt<'_>, Duration> {
        self.begin_keys(vec![Self::address_key(address)])
    }

    fn begin_keys(&self, keys: Vec<String>) -> Result<Attempt<'_>, Duration> {
        let now = self.clock.instant();
        let window = self.limits.window;
        let mut windows = self.lock();
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, w| w.started + window > now);
        }
        let mut wait = None;
        for key in &keys {
            match windows.get(key) {
                Some(w) if w.started + window > now && w.attempts >= self.limit_of(key) => {
                    wait = wait.max(Some(w.started + window - now));
                }
                None if windows.len() >= MAX_ENTRIES => wait = wait.max(Some(window)),
                _ => {}
            }
        }
        if let Some(wait) = wait {
            return Err(wait);
        }
        let counted = keys
            .into_iter()
            .map(|key| {
                let entry = windows.entry(key.clone()).or_insert(Window {
                    started: now,
                    attempts: 0,
                });
                if entry.started + window <= now {
                    *entry = Window {
                        started: now,
                        attempts: 0,
                    };
                }
                entry.attempts = entry.attempts.saturating_add(1);
                (key, entry.started)
            })
            .collect();
        Ok(Attempt {
            throttle: self,
            keys: counted,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cs_clock::ManualClock;

    fn throttle(
        per_username: u32,
        per_address: u32,
        window: Duration,
    ) -> (LoginThrottle, ManualClock) {
        let (clock, time) = Clock::manual();
        let limits = ThrottleLimits {
            per_username,
            per_address,
            window,
        };
        (LoginThrottle::new(limits, clock), time)
    }

    /// An attempt that failed.
    fn fail(throttle: &LoginThrottle, username: &str, address: &str) {
        drop(throttle.begin(username, address).unwrap());
    }

    #[test]
    fn too_many_failures_for_a_username_block_it_for_the_rest_of_the_window() {
        let (throttle, time) = throttle(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            fail(&throttle, "Ann", "10.0.0.1");
        }
        time.advance(Duration::from_secs(5));
        let wait = throttle.begin("ann", "10.0.0.2").unwrap_err();
        assert_eq!(wait, Duration::from_secs(55));
        assert!(
            throttle.begin("bob", "10.0.0.1").is_ok(),
            "other usernames are not blocked"
        );
    }

    #[test]
    fn attempts_in_progress_hold_their_place_so_simultaneous_guesses_cannot_race_past() {
        let (throttle, _) = throttle(3, 100, Duration::from_secs(60));
        let in_flight: Vec<_> = (0..3)
            .map(|_| throttle.begin("ann", "10.0.0.1").unwrap())
            .collect();
        assert!(
            throttle.begin("ann", "10.0.0.1").is_err(),
            "a fourth at once"
        );
        in_flight.into_iter().next().unwrap().release();
        assert!(
            throttle.begin("ann", "10.0.0.1").is_ok(),
            "a released place is free again"
        );
    }

    #[test]
    fn successful_attempts_do_not_count() {
        let (throttle, _) = throttle(2, 100, Duration::from_secs(60));
        for _ in 0..10 {
            throttle.begin("ann", "10.0.0.1").unwrap().release();
        }
        fail(&throttle, "ann", "10.0.0.1");
        assert!(throttle.begin("ann", "10.0.0.1").is_ok());
    }

    #[test]
    fn too_many_failures_from_one_address_block_every_username_from_it() {
        let (throttle, _) = throttle(100, 2, Duration::from_secs(60));
        fail(&throttle, "a", "10.0.0.9");
        fail(&throttle, "b", "10.0.0.9");
        assert!(throttle.begin("c", "10.0.0.9").is_err());
        assert!(throttle.begin("c", "10.0.0.8").is_ok());
    }

    #[test]
    fn attempts_without_a_username_count_against_their_address() {
        let (throttle, _) = throttle(100, 2, Duration::from_secs(60));
        drop(throttle.begin_from("10.0.0.9").unwrap());
        fail(&throttle, "a", "10.0.0.9");
        assert!(throttle.begin_from("10.0.0.9").is_err());
        assert!(throttle.begin("b", "10.0.0.9").is_err());
        assert!(throttle.begin_from("10.0.0.8").is_ok());
    }

    #[test]
    fn a_new_window_forgives_and_a_late_release_does_not_touch_it() {
        let (throttle, time) = throttle(1, 100, Duration::from_secs(60));
        let late = throttle.begin("a", "x").unwrap();
        time.advance(Duration::from_secs(59));
        assert!(throttle.begin("a", "x").is_err());
        time.advance(Duration::from_secs(1));
        let fresh = throttle.begin("a", "x").unwrap();
        late.release();
        assert!(
            throttle.begin("a", "x").is_err(),
            "the new window still counts its attempt"
        );
        drop(fresh);
    }
}
