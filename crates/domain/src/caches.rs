//! The named, bounded caches in front of the upstream reads.
//!
//! Each cache is loaded with `try_get_with`, so concurrent misses for one key make one upstream
//! call and the others wait for its result. Errors are not cached. Hits and misses are counted in
//! the `cache_requests_total{cache, result}` metric.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use cs_api::Device;
use cs_upstream::{CimEventsPage, Person, PersonSearch, TsEventsPage, UpstreamError};
use moka::future::Cache;

/// Capacity and lifetime of one cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheLimits {
    /// The most entries kept.
    pub capacity: u64,
    /// How long an entry is served before it is read again.
    pub ttl: Duration,
}

/// Limits of every cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CacheSettings {
    /// Persons by id.
    pub persons: CacheLimits,
    /// Search results by e-mail address (lower case).
    pub searches: CacheLimits,
    /// Devices by user id (mapped and sorted, as answered).
    pub devices: CacheLimits,
    /// Pages of events read from either upstream, by user and page.
    pub events: CacheLimits,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            persons: CacheLimits {
                capacity: 10_000,
                ttl: Duration::from_secs(60),
            },
            searches: CacheLimits {
                capacity: 10_000,
                ttl: Duration::from_secs(30),
            },
            devices: CacheLimits {
                capacity: 10_000,
                ttl: Duration::from_secs(30),
            },
            events: CacheLimits {
                capacity: 10_000,
                ttl: Duration::from_secs(10),
            },
        }
    }
}

/// One named cache whose loads count as misses.
#[derive(Clone)]
pub(crate) struct NamedCache<K, V> {
    name: &'static str,
    cache: Cache<K, V>,
}

impl<K, V> NamedCache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    fn new(name: &'static str, limits: CacheLimits) -> Self {
        let cache = Cache::builder()
            .name(name)
            .max_capacity(limits.capacity)
            .time_to_live(limits.ttl)
            .support_invalidation_closures()
            .build();
        NamedCache { name, cache }
    }

    /// The cached value, or the loader's, with one load for concurrent misses.
    pub(crate) async fn get_or_load<F>(&self, key: K, load: F) -> Result<V, UpstreamError>
    where
        F: Future<Output = Result<V, UpstreamError>>,
    {
        let loaded = AtomicBool::new(false);
        let result = self
            .cache
            .try_get_with(key, async {
                loaded.store(true, Ordering::Relaxed);
                load.await
            })
            .await;
        let outcome = if loaded.load(Ordering::Relaxed) {
            "miss"
        } else {
            "hit"
        };
        metrics::counter!("cache_requests_total", "cache" => self.name, "result" => outcome)
            .increment(1);
        result.map_err(|shared| (*shared).clone())
    }

    /// Stores a value read some other way (a search answer carries whole persons).
    pub(crate) async fn insert(&self, key: K, value: V) {
        self.cache.insert(key, value).await;
    }

    /// Drops a key so the next read goes upstream.
    pub(crate) async fn invalidate(&self, key: &K) {
        self.cache.invalidate(key).await;
    }

    /// Drops every key that matches, so the next reads go upstream.
    pub(crate) fn invalidate_if(&self, matches: impl Fn(&K) -> bool + Send + Sync + 'static) {
        // Fails only when closures are not supported, and every cache here is built with them.
        let _ = self.cache.invalidate_entries_if(move |key, _| matches(key));
    }
}

/// A page of one user's events at one upstream: `(user id, page or offset, size, type filter,
/// end date)`. The Token Server keys by page number, CIM by offset.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct EventsPageKey {
    pub(crate) user_id: String,
    pub(crate) start: u32,
    pub(crate) size: u32,
    pub(crate) types: Vec<String>,
    pub(crate) end_date: Option<i64>,
}

/// All caches of the service.
#[derive(Clone)]
pub(crate) struct Caches {
    pub(crate) persons: NamedCache<String, Arc<Person>>,
    pub(crate) searches: NamedCache<String, Arc<PersonSearch>>,
    pub(crate) devices: NamedCache<String, Arc<Vec<Device>>>,
    pub(crate) token_server_events: NamedCache<EventsPageKey, Arc<TsEventsPage>>,
    pub(crate) cim_events: NamedCache<EventsPageKey, Arc<CimEventsPage>>,
}

impl Caches {
    pub(crate) fn new(settings: &CacheSettings) -> Self {
        Caches {
            persons: NamedCache::new("persons", settings.persons),
            searches: NamedCache::new("searches", settings.searches),
            devices: NamedCache::new("devices", settings.devices),
            token_server_events: NamedCache::new("token_server_events", settings.events),
            cim_events: NamedCache::new("cim_events", settings.events),
        }
    }

    /// Forgets everything cached about one user's devices and events: after a change, the next
    /// read shows it (a deletion also adds a Token Server event).
    pub(crate) async fn invalidate_user(&self, user_id: &str) {
        self.devices.invalidate(&user_id.to_owned()).await;
        let user = user_id.to_owned();
        self.token_server_events
            .invalidate_if(move |key| key.user_id == user);
        let user = user_id.to_owned();
        self.cim_events
            .invalidate_if(move |key| key.user_id == user);
    }
}
