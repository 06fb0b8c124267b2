//! Deterministic seeded data: the same seed and person count give the same persons, devices
//! and events (times are relative to the clock anchor).
//!
//! Every person draws from its own ChaCha stream (`seed`, person index, purpose), so a person's
//! data does not depend on how many persons come after it, and events can be generated lazily
//! on first use without disturbing anything else.

pub(crate) mod config;
pub(crate) mod devices;
pub(crate) mod events;
pub(crate) mod persons;
pub(crate) mod tables;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One day in milliseconds.
pub(crate) const DAY_MS: i64 = 86_400_000;

/// What a per-person random stream is used for; keeps the streams independent.
#[derive(Clone, Copy)]
pub(crate) enum Purpose {
    Person = 0,
    Devices = 1,
    TokenServerEvents = 2,
    CimEvents = 3,
}

/// The random stream of one person for one purpose.
pub(crate) fn rng_for(seed: u64, index: usize, purpose: Purpose) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(((index as u64) << 2) | purpose as u64);
    rng
}

/// A UUID (v4 layout) drawn from `rng`, so that ids are reproducible.
pub(crate) fn uuid(rng: &mut impl Rng) -> String {
    uuid::Builder::from_random_bytes(rng.random())
        .into_uuid()
        .to_string()
}

/// `bytes` random bytes as lowercase hex.
pub(crate) fn hex(rng: &mut impl Rng, bytes: usize) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes * 2);
    for _ in 0..bytes {
        let b: u8 = rng.random();
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// Picks an index from cumulative weights (the last entry is the total).
pub(crate) fn pick_cumulative(rng: &mut impl Rng, cumulative: &[u32]) -> usize {
    let total = cumulative.last().copied().unwrap_or(1).max(1);
    let roll = rng.random_range(0..total);
    cumulative
        .iter()
        .position(|&c| roll < c)
        .unwrap_or(cumulative.len().saturating_sub(1))
}

/// Picks an index by weights given per item (`weight` extracts them).
pub(crate) fn pick_weighted<T>(
    rng: &mut impl Rng,
    items: &[T],
    weight: impl Fn(&T) -> u32,
) -> usize {
    let total: u32 = items.iter().map(&weight).sum();
    let mut roll = rng.random_range(0..total.max(1));
    for (i, item) in items.iter().enumerate() {
        let w = weight(item);
        if roll < w {
            return i;
        }
        roll -= w;
    }
    items.len().saturating_sub(1)
}

/// A client IP from the documentation ranges (RFC 5737) or a private range.
pub(crate) fn client_ip(rng: &mut impl Rng) -> String {
    let host: u8 = rng.random_range(1..=254);
    match rng.random_range(0..4) {
        0 => format!("192.0.2.{host}"),
        1 => format!("198.51.100.{host}"),
        2 => format!("203.0.113.{host}"),
        _ => format!("10.0.{}.{host}", rng.random_range(0..=255u8)),
    }
}
