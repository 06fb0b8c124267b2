//! Slowing down password guessing: failed logins per username and per client address.

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

/// Entries kept before old windows are swept, bounding memory under a spray of usernames.
const SWEEP_AT: usize = 10_000;

#[derive(Debug, Clone, Copy)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Counts failed logins in fixed windows; only failures count, so agents who log in often are
/// never slowed down.
#[derive(Debug, Default)]
pub struct LoginThrottle {
    limits: ThrottleLimits,
    clock: Clock,
    windows: Mutex<HashMap<String, Window>>,
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

    fn keys(username: &str, address: &str) -> [String; 2] {
        [
            format!("user:{}", username.to_lowercase()),
            format!("addr:{address}"),
        ]
    }

    fn limit_of(&self, key: &str) -> u32 {
        if key.starts_with("user:") {
            self.limits.per_username
        } else {
            self.limits.per_address
        }
    }

    /// `Err(wait)` when this username or address has failed too often: try again after `wait`.
    pub fn check(&self, username: &str, address: &str) -> Result<(), Duration> {
        let now = self.clock.instant();
        let windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        let mut wait = None;
        for key in Self::keys(username, address) {
            if let Some(window) = windows.get(&key) {
                let ends = window.started + self.limits.window;
                if window.failures >= self.limit_of(&key) && ends > now {
                    wait = wait.max(Some(ends - now));
                }
            }
        }
        wait.map_or(Ok(()), Err)
    }

    /// Counts a failed login.
    pub fn failed(&self, username: &str, address: &str) {
        let now = self.clock.instant();
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() >= SWEEP_AT {
            let window = self.limits.window;
            windows.retain(|_, w| w.started + window > now);
        }
        for key in Self::keys(username, address) {
            let window = windows.entry(key).or_insert(Window {
                started: now,
                failures: 0,
            });
            if window.started + self.limits.window <= now {
                *window = Window {
                    started: now,
                    failures: 0,
                };
            }
            window.failures = window.failures.saturating_add(1);
        }
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

    #[test]
    fn too_many_failures_for_a_username_block_it_for_the_rest_of_the_window() {
        let (throttle, time) = throttle(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert!(throttle.check("Ann", "10.0.0.1").is_ok());
            throttle.failed("Ann", "10.0.0.1");
        }
        time.advance(Duration::from_secs(5));
        let wait = throttle.check("ann", "10.0.0.2").unwrap_err();
        assert_eq!(wait, Duration::from_secs(55));
        assert!(
            throttle.check("bob", "10.0.0.1").is_ok(),
            "other usernames are not blocked"
        );
    }

    #[test]
    fn too_many_failures_from_one_address_block_every_username_from_it() {
        let (throttle, _) = throttle(100, 2, Duration::from_secs(60));
        throttle.failed("a", "10.0.0.9");
        throttle.failed("b", "10.0.0.9");
        assert!(throttle.check("c", "10.0.0.9").is_err());
        assert!(throttle.check("c", "10.0.0.8").is_ok());
    }

    #[test]
    fn a_new_window_forgives() {
        let (throttle, time) = throttle(1, 100, Duration::from_secs(60));
        throttle.failed("a", "x");
        time.advance(Duration::from_secs(59));
        assert!(throttle.check("a", "x").is_err());
        time.advance(Duration::from_secs(1));
        assert!(throttle.check("a", "x").is_ok());
    }
}
