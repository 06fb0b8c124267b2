//! Keeping a failing upstream from taking us down with it: a bound on calls in flight, and a
//! circuit breaker per API that fails fast while the API keeps failing.
//!
//! Without these, a hung upstream holds every request for the full timeout and requests pile up
//! (sockets, memory, workers). With them, at most `max_in_flight` calls wait on an upstream, and
//! after `breaker_failures` consecutive transient failures an API is skipped for `breaker_cooldown`,
//! then tried with one request before it is trusted again.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use cs_clock::Clock;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::config::GuardLimits;
use crate::error::{UpstreamApi, UpstreamError};

#[derive(Debug, Clone, Copy)]
enum Circuit {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One trial call is out; the rest fail fast until it answers.
    HalfOpen,
}

/// What lets a call through: hold it until the call is over.
pub(crate) struct Pass {
    _permit: OwnedSemaphorePermit,
}

pub(crate) struct Guard {
    limits: GuardLimits,
    clock: Clock,
    in_flight: Arc<Semaphore>,
    /// Readiness probes' own budget: however many anonymous probes arrive, they never take the
    /// places of agents' calls.
    probes: Arc<Semaphore>,
    circuits: Mutex<HashMap<UpstreamApi, Circuit>>,
}

/// Readiness probes in flight to one upstream at once.
const PROBES_IN_FLIGHT: usize = 1;

impl Guard {
    pub(crate) fn new(limits: GuardLimits, clock: Clock) -> Self {
        Guard {
            limits,
            clock,
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight.max(1))),
            probes: Arc::new(Semaphore::new(PROBES_IN_FLIGHT)),
            circuits: Mutex::new(HashMap::new()),
        }
    }

    /// Lets a call to `api` through (a readiness probe on its own budget), or says at once why
    /// not.
    pub(crate) fn admit(
        &self,
        api: UpstreamApi,
        path: &'static str,
        probe: bool,
    ) -> Result<Pass, UpstreamError> {
        let refuse = |reason: &str| {
            metrics::counter!("upstream_rejected_total", "upstream" => api.as_str(), "reason" => reason.replace(' ', "_"))
                .increment(1);
            UpstreamError::Unavailable {
                api,
                path,
                reason: reason.to_owned(),
            }
        };
        {
            let mut circuits = self.circuits.lock().unwrap_or_else(PoisonError::into_inner);
            let circuit = circuits
                .entry(api)
                .or_insert(Circuit::Closed { failures: 0 });
            match *circuit {
                Circuit::Closed { .. } => {}
                Circuit::Open { until } if self.clock.instant() >= until => {
                    *circuit = Circuit::HalfOpen
                }
                Circuit::Open { .. } | Circuit::HalfOpen => return Err(refuse("circuit open")),
            }
        }
        let budget = if probe { &self.probes } else { &self.in_flight };
        match Arc::clone(budget).try_acquire_owned() {
            Ok(permit) => Ok(Pass { _permit: permit }),
            Err(_) => {
                // A trial that never ran must not leave the circuit half-open for good.
                self.settle(api, None);
                Err(refuse("too many calls in flight"))
            }
        }
    }

    /// Records how a call ended: `Some(true)` for a transient failure (the upstream is unwell),
    /// `Some(false)` for any other outcome, `None` for a call that was not made.
    pub(crate) fn settle(&self, api: UpstreamApi, transient_failure: Option<bool>) {
        if self.limits.breaker_failures == 0 {
            return;
        }
        let mut circuits = self.circuits.lock().unwrap_or_else(PoisonError::into_inner);
        let circuit = circuits
            .entry(api)
            .or_insert(Circuit::Closed { failures: 0 });
        let now = self.clock.instant();
        let open = Circuit::Open {
            until: now + self.limits.breaker_cooldown,
        };
        *circuit = match (*circuit, transient_failure) {
            (Circuit::HalfOpen, None) => Circuit::Open { until: now },
            (state, None) => state,
            (_, Some(false)) => Circuit::Closed { failures: 0 },
            (Circuit::HalfOpen, Some(true)) => open,
            (Circuit::Closed { failures }, Some(true))
                if failures + 1 >= self.limits.breaker_failures =>
            {
                tracing::warn!(upstream = %api, cooldown_ms = self.limits.breaker_cooldown.as_millis() as u64, "circuit opened");
                open
            }
            (Circuit::Closed { failures }, Some(true)) => Circuit::Closed {
                failures: failures + 1,
            },
            (state @ Circuit::Open { .. }, Some(true)) => state,
        };
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use std::time::Duration;

    use super::*;
    use cs_clock::ManualClock;

    const API: UpstreamApi = UpstreamApi::TokenServerDevices;

    fn guard(max_in_flight: usize, failures: u32, cooldown_ms: u64) -> (Guard, ManualClock) {
        let (clock, time) = Clock::manual();
        let limits = GuardLimits {
            max_in_flight,
            breaker_failures: failures,
            breaker_cooldown: Duration::from_millis(cooldown_ms),
        };
        (Guard::new(limits, clock), time)
    }

    #[test]
    fn calls_beyond_the_bound_fail_at_once_and_passes_free_their_place() {
        let (guard, _) = guard(2, 5, 1000);
        let a = guard.admit(API, "/p", false).unwrap();
        let _b = guard.admit(API, "/p", false).unwrap();
        let refused = guard.admit(API, "/p", false).err().unwrap();
        assert!(
            refused.to_string().contains("in flight")
                || format!("{refused:?}").contains("in flight")
        );
        drop(a);
        assert!(guard.admit(API, "/p", false).is_ok());
    }

    #[test]
    fn consecutive_failures_open_the_circuit_and_a_trial_closes_it() {
        let (guard, time) = guard(10, 3, 50);
        for _ in 0..3 {
            let _pass = guard.admit(API, "/p", false).unwrap();
            guard.settle(API, Some(true));
        }
        assert!(guard.admit(API, "/p", false).is_err(), "open");
        assert!(
            guard.admit(UpstreamApi::CimPersons, "/p", false).is_ok(),
            "other APIs unaffected"
        );
        time.advance(Duration::from_millis(49));
        assert!(
            guard.admit(API, "/p", false).is_err(),
            "open until the cooldown has passed"
        );
        time.advance(Duration::from_millis(1));
        let trial = guard.admit(API, "/p", false).unwrap();
        assert!(
            guard.admit(API, "/p", false).is_err(),
            "only one trial at a time"
        );
        drop(trial);
        guard.settle(API, Some(false));
        assert!(guard.admit(API, "/p", false).is_ok(), "closed again");
    }

    #[test]
    fn a_failed_trial_opens_the_circuit_again_and_successes_reset_the_count() {
        let (guard, time) = guard(10, 2, 30);
        guard.settle(API, Some(true));
        guard.settle(API, Some(false));
        guard.settle(API, Some(true));
        assert!(
            guard.admit(API, "/p", false).is_ok(),
            "failures must be consecutive"
        );
        guard.settle(API, Some(true));
        assert!(guard.admit(API, "/p", false).is_err());
        time.advance(Duration::from_millis(30));
        let _trial = guard.admit(API, "/p", false).unwrap();
        guard.settle(API, Some(true));
        assert!(guard.admit(API, "/p", false).is_err(), "open again");
    }

    #[test]
    fn probes_have_their_own_budget() {
        let (guard, _) = guard(1, 5, 1000);
        let _agent = guard.admit(API, "/p", false).unwrap();
        assert!(
            guard.admit(API, "/p", false).is_err(),
            "agents' places are full"
        );
        let probe = guard.admit(API, "/p", true).unwrap();
        assert!(guard.admit(API, "/p", true).is_err(), "one probe at a time");
        drop(probe);
        assert!(guard.admit(API, "/p", true).is_ok());
    }
}
