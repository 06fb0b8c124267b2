//! Request counters per route id: lock-free, because every vendor request bumps one.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::route_id::RouteId;

/// One counter per [`RouteId`].
#[derive(Debug, Default)]
pub(crate) struct Stats {
    counts: [AtomicU64; RouteId::ALL.len()],
}

impl Stats {
    /// Counts one request to `route`.
    pub(crate) fn count(&self, route: RouteId) {
        if let Some(counter) = self.counts.get(route.index()) {
            counter.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Every route id with its count, zeros included, so consumers see the full set.
    pub(crate) fn snapshot(&self) -> BTreeMap<String, u64> {
        RouteId::ALL
            .iter()
            .zip(&self.counts)
            .map(|(route, c)| (route.as_str().to_owned(), c.load(Ordering::Relaxed)))
            .collect()
    }

    /// Sets every counter to zero.
    pub(crate) fn reset(&self) {
        for counter in &self.counts {
            counter.store(0, Ordering::Relaxed);
        }
    }
}
