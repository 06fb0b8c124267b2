//! The use cases' settings as an operator writes them: cache sizes and lifetimes (section
//! `cache`, `CS__CACHE__*`).

use std::time::Duration;

use serde::Deserialize;

use crate::caches::CacheLimits;

const MIB: u64 = 1024 * 1024;

/// A setting that cannot be used; the text names its key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct SettingsError(String);

/// Cache sizes (MiB of entries) and lifetimes (seconds).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CacheSettings {
    /// Persons by id: the most memory its entries may take, in MiB.
    pub persons_max_mib: u64,
    /// Persons by id: seconds to live.
    pub persons_ttl_secs: u64,
    /// Searches by e-mail address: the most memory its entries may take, in MiB.
    pub searches_max_mib: u64,
    /// Searches by e-mail address: seconds to live.
    pub searches_ttl_secs: u64,
    /// Devices by user: the most memory its entries may take, in MiB.
    pub devices_max_mib: u64,
    /// Devices by user: seconds to live.
    pub devices_ttl_secs: u64,
    /// Pages of events by user: the most memory its entries may take, in MiB.
    pub events_max_mib: u64,
    /// Pages of events by user: seconds to live.
    pub events_ttl_secs: u64,
    /// Seconds a readiness answer is served before the upstreams are probed again (0: probe
    /// for every request, still one probe at a time).
    pub readiness_ttl_secs: u64,
}

impl Default for CacheSettings {
    fn default() -> Self {
        CacheSettings {
            persons_max_mib: 4,
            persons_ttl_secs: 60,
            searches_max_mib: 2,
            searches_ttl_secs: 30,
            devices_max_mib: 4,
            devices_ttl_secs: 30,
            events_max_mib: 8,
            events_ttl_secs: 10,
            readiness_ttl_secs: 5,
        }
    }
}

fn limits(mib: u64, secs: u64) -> CacheLimits {
    CacheLimits {
        max_bytes: mib.saturating_mul(MIB),
        ttl: Duration::from_secs(secs),
    }
}

impl CacheSettings {
    /// Checks every key, naming the first unusable one.
    pub fn validate(&self) -> Result<(), SettingsError> {
        for (key, value) in [
            ("cache.persons_max_mib", self.persons_max_mib),
            ("cache.searches_max_mib", self.searches_max_mib),
            ("cache.devices_max_mib", self.devices_max_mib),
            ("cache.events_max_mib", self.events_max_mib),
        ] {
            if value == 0 {
                return Err(SettingsError(format!("{key} must be greater than 0")));
            }
        }
        Ok(())
    }

    pub(crate) fn persons(&self) -> CacheLimits {
        limits(self.persons_max_mib, self.persons_ttl_secs)
    }

    pub(crate) fn searches(&self) -> CacheLimits {
        limits(self.searches_max_mib, self.searches_ttl_secs)
    }

    pub(crate) fn devices(&self) -> CacheLimits {
        limits(self.devices_max_mib, self.devices_ttl_secs)
    }

    pub(crate) fn readiness_ttl(&self) -> Duration {
        Duration::from_secs(self.readiness_ttl_secs)
    }

    pub(crate) fn events(&self) -> CacheLimits {
        limits(self.events_max_mib, self.events_ttl_secs)
    }
}
