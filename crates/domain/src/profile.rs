//! The profile: person, devices and latest events in one answer.

use cs_api::{SourceName, UserProfile};

use crate::access::FieldAccess;
use crate::error::DomainError;
use crate::events::EventsQuery;
use crate::mapping;
use crate::service::CustomerService;
use crate::unavailable::unavailable;

impl CustomerService {
    /// Everything about one user, read from all sources at once so the answer costs the slowest
    /// upstream, not the sum. The person is required (`UserNotFound` when CIM has none); devices
    /// and events degrade to `unavailable` entries when their source fails.
    pub async fn profile(
        &self,
        user_id: &str,
        access: &FieldAccess,
    ) -> Result<UserProfile, DomainError> {
        let latest = EventsQuery::default();
        let (person, devices, events) = tokio::join!(
            self.cached_person(user_id),
            self.cached_devices(user_id),
            self.events(user_id, &latest),
        );
        let person = person?;
        let mut missing = Vec::new();
        let devices = match devices {
            Ok(devices) => devices.to_vec(),
            Err(error) => {
                missing.push(unavailable(SourceName::TokenServerDevices, &error));
                Vec::new()
            }
        };
        let events = events?;
        missing.extend(events.unavailable);
        Ok(UserProfile {
            person: mapping::person(&person, access),
            devices,
            events: events.events,
            next_events_before: events.next_before,
            unavailable: missing,
        })
    }
}
