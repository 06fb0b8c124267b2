//! The named, bounded caches in front of the upstream reads.
//!
//! Each cache is loaded with `try_get_with`, so concurrent misses for one key make one upstream
//! call and the others wait for its result. Errors are not cached. Hits and misses are counted in
//! the `cache_requests_total{cache, result}` metric. Each cache is bounded by the memory its
//! entries take (estimated by their JSON size), not by their number: an events page weighs a
//! hundred times a device list.

use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::device_set::Devices;
use crate::settings::CacheSettings;
use cs_upstream::{CimEventsPage, Person, PersonSearch, TsEventsPage, UpstreamError};
use foldhash::fast::RandomState;
use metrics::Counter;
use moka::future::Cache;

/// Capacity and lifetime of one cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CacheLimits {
    /// The most memory its entries may take, in bytes (estimated).
    pub(crate) max_bytes: u64,
    /// How long an entry is served before it is read again.
    pub(crate) ttl: Duration,
}

/// One named cache whose loads count as misses.
#[derive(Clone)]
pub(crate) struct NamedCache<K, V> {
    name: &'static str,
    /// foldhash rather than SipHash: seeded per process, and cheaper on every read.
    cache: Cache<K, V, RandomState>,
    counters: Arc<OnceLock<Counters>>,
}

/// The cache's hit and miss counters, looked up in the metrics registry once rather than on every
/// read (hashing the labels showed in the profile of a cached read), and only when first used, so
/// that a cache built before the metrics recorder is installed still counts into it.
struct Counters {
    hit: Counter,
    miss: Counter,
}

impl<K, V> NamedCache<K, V>
where
    K: Hash + Eq + Send + Sync + 'static,
    V: Weigh + Clone + Send + Sync + 'static,
{
    fn new(name: &'static str, limits: CacheLimits) -> Self {
        let cache = Cache::builder()
            .weigher(|_key, value: &V| value.weight())
            .name(name)
            .max_capacity(limits.max_bytes)
            .time_to_live(limits.ttl)
            .support_invalidation_closures()
            .build_with_hasher(RandomState::default());
        NamedCache {
            name,
            cache,
            counters: Arc::default(),
        }
    }

    fn counters(&self) -> &Counters {
        self.counters.get_or_init(|| Counters {
            hit: metrics::counter!("cache_requests_total", "cache" => self.name, "result" => "hit"),
            miss: metrics::counter!("cache_requests_total", "cache" => self.name, "result" => "miss"),
        })
    }

    /// The cached value, or the value of the future `load` makes, with one load for concurrent
    /// misses. `load` is only called on a miss.
    pub(crate) async fn get_or_load<F>(
        &self,
        key: K,
        load: impl FnOnce() -> F,
    ) -> Result<V, UpstreamError>
    where
        F: Future<Output = Result<V, UpstreamError>>,
    {
        if let Some(hit) = self.cache.get(&key).await {
            self.counters().hit.increment(1);
            return Ok(hit);
        }
        // Boxed: moka's loading future and the loader's are large, and as part of this future
        // they were copied into place on every read, hits included (memmove was 4.8 % of a
        // cached read's samples, 1.6 % without).
        Box::pin(self.load(key, load)).await
    }

    async fn load<F>(&self, key: K, load: impl FnOnce() -> F) -> Result<V, UpstreamError>
    where
        F: Future<Output = Result<V, UpstreamError>>,
    {
        let loaded = AtomicBool::new(false);
        let result = self
            .cache
            .try_get_with(key, async {
                loaded.store(true, Ordering::Relaxed);
                load().await
            })
            .await;
        let counters = self.counters();
        if loaded.load(Ordering::Relaxed) {
            counters.miss.increment(1);
        } else {
            counters.hit.increment(1);
        }
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
    pub(crate) devices: NamedCache<String, Arc<Devices>>,
    pub(crate) token_server_events: NamedCache<EventsPageKey, Arc<TsEventsPage>>,
    pub(crate) cim_events: NamedCache<EventsPageKey, Arc<CimEventsPage>>,
}

impl Caches {
    pub(crate) fn new(settings: &CacheSettings) -> Self {
        Caches {
            persons: NamedCache::new("persons", settings.persons()),
            searches: NamedCache::new("searches", settings.searches()),
            devices: NamedCache::new("devices", settings.devices()),
            token_server_events: NamedCache::new("token_server_events", settings.events()),
            cim_events: NamedCache::new("cim_events", settings.events()),
        }
    }

    /// Forgets everything.
    pub(crate) fn invalidate_all(&self) {
        self.persons.cache.invalidate_all();
        self.searches.cache.invalidate_all();
        self.devices.cache.invalidate_all();
        self.token_server_events.cache.invalidate_all();
        self.cim_events.cache.invalidate_all();
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

/// The estimated memory of a cached value, in bytes.
pub(crate) trait Weigh {
    fn weight(&self) -> u32;
}

/// Counts what serde_json would write, without keeping it.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The JSON size of a value plus a fixed overhead: close enough to its size in memory (field
/// names in the JSON stand in for the structs' own overheads), and only computed on insert.
fn json_weight<T: serde::Serialize + ?Sized>(value: &T) -> usize {
    let mut counter = ByteCount(0);
    let _ = serde_json::to_writer(&mut counter, value);
    counter.0 + 64
}

fn clamp(weight: usize) -> u32 {
    u32::try_from(weight).unwrap_or(u32::MAX)
}

impl<T: Weigh> Weigh for Arc<T> {
    fn weight(&self) -> u32 {
        self.as_ref().weight()
    }
}

impl Weigh for Person {
    fn weight(&self) -> u32 {
        clamp(json_weight(self))
    }
}

impl Weigh for PersonSearch {
    fn weight(&self) -> u32 {
        clamp(self.persons.iter().map(json_weight).sum::<usize>() + 64)
    }
}

impl Weigh for Devices {
    /// Twice the list: the JSON it is answered with is kept beside it once written.
    fn weight(&self) -> u32 {
        clamp(2 * json_weight(self.list()))
    }
}

impl Weigh for TsEventsPage {
    fn weight(&self) -> u32 {
        clamp(self.events.iter().map(json_weight).sum::<usize>() + 64)
    }
}

impl Weigh for CimEventsPage {
    fn weight(&self) -> u32 {
        clamp(self.events.iter().map(json_weight).sum::<usize>() + 64)
    }
}
