//! Finding end users by e-mail address.

use std::sync::Arc;

use cs_api::{SourceName, UserSearchResults};
use futures::StreamExt;

use crate::access::FieldAccess;
use crate::email::EmailAddress;
use crate::error::DomainError;
use crate::mapping;
use crate::service::CustomerService;
use crate::unavailable::unavailable;

/// How many device lists a search reads at once: bounded so one broad search cannot flood the
/// Token Server.
const DEVICE_COUNT_CONCURRENCY: usize = 8;

impl CustomerService {
    /// The persons with this e-mail address, each with the number of devices they registered.
    ///
    /// CIM failing fails the search; the Token Server failing only leaves device counts out and
    /// names it in `unavailable`.
    pub async fn search_users(
        &self,
        email: &EmailAddress,
        access: &FieldAccess,
    ) -> Result<UserSearchResults, DomainError> {
        let cim = &self.cim;
        let found = self
            .caches
            .searches
            .get_or_load(email.cache_key(), || async move {
                cim.find_by_email(email.as_str()).await.map(Arc::new)
            })
            .await?;
        for person in &found.persons {
            // A search answer carries whole persons: opening one of them needs no second call.
            self.caches
                .persons
                .insert(person.person_id.clone(), Arc::new(person.clone()))
                .await;
        }
        let counts: Vec<_> = futures::stream::iter(found.persons.iter())
            .map(|person| async move {
                self.cached_devices(&person.person_id)
                    .await
                    .map(|devices| devices.len())
            })
            .buffered(DEVICE_COUNT_CONCURRENCY)
            .collect()
            .await;
        let mut failure = None;
        let users = found
            .persons
            .iter()
            .zip(counts)
            .map(|(person, count)| {
                let count = count.map_err(|error| failure = Some(error)).ok();
                mapping::summary(person, count, access)
            })
            .collect();
        Ok(UserSearchResults {
            users,
            unavailable: failure
                .map(|error| vec![unavailable(SourceName::TokenServerDevices, &error)])
                .unwrap_or_default(),
        })
    }
}
