//! The time Customer Service reads where behaviour depends on it: circuit breakers, login
//! throttles, JWKS caches, session and OIDC flow expiry, audit records.
//!
//! Code that needs the time holds a [`Clock`] and asks it, never `Instant::now()` or
//! `OffsetDateTime::now_utc()` itself. In production the clock is [`Clock::system`]. A test makes
//! one with [`Clock::manual`], hands the [`Clock`] to the code under test and keeps the
//! [`ManualClock`] to move time forward: an idle session ends, a breaker's cooldown passes, a
//! cache goes stale, without the test sleeping.
//!
//! A clock tells two times, which a manual clock moves together:
//! - [`Clock::now`], wall time, for what is stored or compared with other machines (session
//!   timestamps, audit records, token expiry);
//! - [`Clock::instant`], monotonic time, for measuring intervals within this process (cooldowns,
//!   windows, cache ages).
//!
//! Durations measured only to be logged or exported as metrics keep reading the real clock:
//! a test has no reason to control them.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use time::OffsetDateTime;

/// The source of the current time. Cheap to clone; clones of a manual clock share its time.
#[derive(Clone, Default)]
pub struct Clock {
    source: Source,
}

#[derive(Clone, Default)]
enum Source {
    #[default]
    System,
    Manual(Arc<Manual>),
}

/// A manual clock's fixed starting points and how far it has been moved since.
struct Manual {
    wall: OffsetDateTime,
    instant: Instant,
    /// Nanoseconds moved since the start; an atomic so both times read one consistent value.
    offset_nanos: AtomicU64,
}

impl Manual {
    fn offset(&self) -> Duration {
        Duration::from_nanos(self.offset_nanos.load(Ordering::Acquire))
    }
}

impl Clock {
    /// Real time: the system's wall clock and its monotonic clock.
    pub fn system() -> Clock {
        Clock {
            source: Source::System,
        }
    }

    /// A clock that stands still until the returned [`ManualClock`] moves it, starting at the
    /// current wall time (so that tokens and records made by real-time peers, such as a
    /// simulator, still look current to it).
    pub fn manual() -> (Clock, ManualClock) {
        Clock::manual_at(OffsetDateTime::now_utc())
    }

    /// Like [`Clock::manual`], starting at the wall time `start`.
    pub fn manual_at(start: OffsetDateTime) -> (Clock, ManualClock) {
        let manual = Arc::new(Manual {
            wall: start,
            instant: Instant::now(),
            offset_nanos: AtomicU64::new(0),
        });
        let clock = Clock {
            source: Source::Manual(Arc::clone(&manual)),
        };
        (clock, ManualClock { manual })
    }

    /// The wall time now, in UTC.
    pub fn now(&self) -> OffsetDateTime {
        match &self.source {
            Source::System => OffsetDateTime::now_utc(),
            Source::Manual(manual) => add(manual.wall, manual.offset()),
        }
    }

    /// The monotonic time now. A manual clock's instant starts at the real instant it was made
    /// and moves only when the clock is moved.
    pub fn instant(&self) -> Instant {
        match &self.source {
            Source::System => Instant::now(),
            // `advance` keeps the offset small enough for this to fit (see there).
            Source::Manual(manual) => manual
                .instant
                .checked_add(manual.offset())
                .unwrap_or(manual.instant),
        }
    }

    /// How much monotonic time has passed since `earlier` (zero if `earlier` is later).
    pub fn elapsed(&self, earlier: Instant) -> Duration {
        self.instant().saturating_duration_since(earlier)
    }

    /// Whole seconds since the Unix epoch, now.
    pub fn unix_secs(&self) -> i64 {
        self.now().unix_timestamp()
    }

    /// Milliseconds since the Unix epoch, now.
    pub fn unix_ms(&self) -> i64 {
        i64::try_from(self.now().unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
    }
}

impl fmt::Debug for Clock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::System => f.write_str("Clock::System"),
            Source::Manual(manual) => f
                .debug_struct("Clock::Manual")
                .field("now", &add(manual.wall, manual.offset()))
                .finish(),
        }
    }
}

/// The hand that moves a manual [`Clock`]; made by [`Clock::manual`]. Cheap to clone.
#[derive(Clone)]
pub struct ManualClock {
    manual: Arc<Manual>,
}

/// The farthest a manual clock moves: a century, far beyond any test and far inside what
/// `Instant` and `OffsetDateTime` can hold.
const MAX_OFFSET: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

impl ManualClock {
    /// Moves the clock's wall time and monotonic time forward by `by`, together. Time never
    /// goes back; it stops a century after the start.
    pub fn advance(&self, by: Duration) {
        let max = u64::try_from(MAX_OFFSET.as_nanos()).unwrap_or(u64::MAX);
        let by = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // `fetch_update` with a closure that always answers `Some` cannot fail.
        let _ =
            self.manual
                .offset_nanos
                .fetch_update(Ordering::AcqRel, Ordering::Acquire, |offset| {
                    Some(offset.saturating_add(by).min(max))
                });
    }

    /// Another handle on the clock this hand moves.
    pub fn clock(&self) -> Clock {
        Clock {
            source: Source::Manual(Arc::clone(&self.manual)),
        }
    }
}

impl fmt::Debug for ManualClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ManualClock").field(&self.clock()).finish()
    }
}

/// `start + offset`; the offset is at most [`MAX_OFFSET`], which any date before the year 9899
/// can take.
fn add(start: OffsetDateTime, offset: Duration) -> OffsetDateTime {
    start
        .checked_add(time::Duration::new(
            i64::try_from(offset.as_secs()).unwrap_or(i64::MAX),
            // Below one billion, so it fits.
            i32::try_from(offset.subsec_nanos()).unwrap_or(0),
        ))
        .unwrap_or(start)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    use time::macros::datetime;

    #[test]
    fn a_manual_clock_stands_still_until_moved() {
        let (clock, _hand) = Clock::manual();
        let (wall, instant) = (clock.now(), clock.instant());
        std::thread::sleep(Duration::from_millis(5));

        assert_eq!(clock.now(), wall);
        assert_eq!(clock.instant(), instant);
        assert_eq!(clock.elapsed(instant), Duration::ZERO);
    }

    #[test]
    fn moving_a_manual_clock_moves_wall_and_monotonic_time_together() {
        let (clock, hand) = Clock::manual_at(datetime!(2026-12-01 08:00:00.250 UTC));
        let started = clock.instant();

        hand.advance(Duration::from_millis(90_500));

        assert_eq!(clock.now(), datetime!(2026-12-01 08:01:30.750 UTC));
        assert_eq!(clock.elapsed(started), Duration::from_millis(90_500));
        assert_eq!(clock.unix_secs(), 1_796_112_090);
        assert_eq!(clock.unix_ms(), 1_796_112_090_750);
    }

    #[test]
    fn clones_and_new_handles_share_one_manual_time() {
        let (clock, hand) = Clock::manual();
        let copy = clock.clone();
        let another = hand.clock();
        let before = clock.now();

        hand.clone().advance(Duration::from_secs(3));

        for c in [&clock, &copy, &another] {
            assert_eq!(c.now() - before, time::Duration::seconds(3));
        }
    }

    #[test]
    fn a_manual_clock_starts_near_the_real_time() {
        let (clock, _hand) = Clock::manual();
        let drift = (clock.now() - OffsetDateTime::now_utc()).abs();
        assert!(drift < time::Duration::minutes(1), "{drift}");
    }

    #[test]
    fn a_manual_clock_stops_a_century_out_instead_of_overflowing() {
        let (clock, hand) = Clock::manual_at(datetime!(2026-01-01 00:00 UTC));
        let started = clock.instant();

        hand.advance(Duration::MAX);
        hand.advance(Duration::from_secs(1));

        assert_eq!(clock.elapsed(started), MAX_OFFSET);
        assert_eq!(clock.now().year(), 2125);
    }

    #[test]
    fn the_system_clock_moves_by_itself() {
        let clock = Clock::default();
        let started = clock.instant();
        let wall = clock.now();
        std::thread::sleep(Duration::from_millis(5));

        assert!(clock.elapsed(started) > Duration::ZERO);
        assert!(clock.now() > wall);
        assert!(
            clock
                .elapsed(clock.instant() + Duration::from_secs(60))
                .is_zero()
        );
        assert_eq!(format!("{clock:?}"), "Clock::System");
    }
}
