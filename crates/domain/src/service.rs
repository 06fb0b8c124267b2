//! The service object that holds the upstream clients and the caches.

use std::sync::Arc;

use crate::device_set::Devices;
use cs_upstream::{CimClient, Person, TokenServerClient, UpstreamError};

use crate::audit::AuditTrail;
use crate::caches::Caches;
use crate::error::DomainError;
use crate::mapping;
use crate::readiness::ReadinessCache;
use crate::replicas::{ChangeNotice, SingleNode};
use crate::settings::CacheSettings;
use crate::verifications::{InMemoryVerifications, VerificationStore};
use cs_clock::Clock;

/// The use cases of Customer Service. Cloning is cheap: clones share clients and caches.
#[derive(Clone)]
pub struct CustomerService {
    pub(crate) cim: CimClient,
    pub(crate) token_server: TokenServerClient,
    pub(crate) caches: Caches,
    pub(crate) readiness: ReadinessCache,
    pub(crate) audit: Arc<dyn AuditTrail>,
    pub(crate) notice: Arc<dyn ChangeNotice>,
    pub(crate) verifications: Arc<dyn VerificationStore>,
    pub(crate) clock: Clock,
}

impl CustomerService {
    /// A service over the two upstream clients, with caches as configured, recording changes
    /// in `audit`.
    pub fn new(
        cim: CimClient,
        token_server: TokenServerClient,
        caches: &CacheSettings,
        audit: Arc<dyn AuditTrail>,
    ) -> Self {
        CustomerService {
            cim,
            token_server,
            caches: Caches::new(caches),
            readiness: ReadinessCache::new(caches.readiness_ttl()),
            audit,
            notice: Arc::new(SingleNode),
            verifications: Arc::new(InMemoryVerifications::default()),
            clock: Clock::system(),
        }
    }

    /// The person with this id, through the cache; `UserNotFound` when CIM has none.
    pub(crate) async fn cached_person(&self, person_id: &str) -> Result<Arc<Person>, DomainError> {
        let cim = &self.cim;
        self.caches
            .persons
            .get_or_load(person_id.to_owned(), || async move {
                cim.person(person_id).await.map(Arc::new)
            })
            .await
            .map_err(|error| match error {
                UpstreamError::NotFound { .. } => DomainError::UserNotFound,
                other => other.into(),
            })
    }

    /// The user's devices, through the cache.
    pub(crate) async fn cached_devices(
        &self,
        user_id: &str,
    ) -> Result<Arc<Devices>, UpstreamError> {
        let token_server = &self.token_server;
        self.caches
            .devices
            .get_or_load(user_id.to_owned(), || async move {
                // Mapped and sorted once per load, not once per answer.
                token_server
                    .devices(user_id)
                    .await
                    .map(|devices| Arc::new(Devices::new(mapping::devices(&devices))))
            })
            .await
    }
}
