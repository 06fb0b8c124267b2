//! Tunables of the use cases.

use crate::caches::CacheSettings;

/// What the use cases need from configuration.
#[derive(Debug, Clone)]
pub struct DomainSettings {
    /// The most persons one e-mail search returns (CIM's `max_results`).
    pub search_max_results: u32,
    /// How many events to ask an upstream for per page when scanning a timeline.
    pub events_page_size: u32,
    /// Cache capacities and lifetimes.
    pub caches: CacheSettings,
}

impl Default for DomainSettings {
    fn default() -> Self {
        DomainSettings {
            search_max_results: 50,
            events_page_size: 50,
            caches: CacheSettings::default(),
        }
    }
}
