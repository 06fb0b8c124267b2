//! Naming the agent behind a device removal made through Customer Service.
//!
//! The Token Server records a removal under the API client that asked for it, which for every
//! removal made here is ours: the events would say "by <our client id>" for all of them. Our audit
//! trail knows the agent. A removal event by our client is matched to the nearest deletion recorded
//! for the same user around that time, each deletion naming at most one event. This is part of
//! reading events, so every view of them (the profile, the events pages) names the same agent.

use cs_api::{Event, EventSource};

use crate::audit::DeviceDeletion;
use crate::events::epoch_ms;
use crate::service::CustomerService;

/// The Token Server's event types of a device removal through its API.
const REMOVAL_TYPES: [&str; 2] = ["API_DEVICE_REMOVED", "API_DEVICE_REMOVED_FOR_ONE_PROFILE"];

/// How far a removal event may precede our record of the deletion: only by the Token Server's
/// clock running ahead of ours.
const EARLIEST_MS: i64 = 5_000;

/// How far a removal event may follow our record: the delete call (bounded by its deadline) and
/// a Token Server clock running behind ours.
const LATEST_MS: i64 = 60_000;

impl CustomerService {
    /// Replaces the actor of `user_id`'s removal events made through us (recorded under our
    /// Token Server API client) with the agent who made them. When the trail cannot be read
    /// the events stay as the Token Server recorded them.
    pub(crate) async fn name_removing_agents(&self, user_id: &str, events: &mut [Event]) {
        let ours = our_removals(events, self.token_server.api_client());
        let times = ours.iter().map(|&i| epoch_ms(&events[i]));
        let (Some(first), Some(last)) = (times.clone().min(), times.max()) else {
            return;
        };
        match self
            .audit
            .device_deletions(user_id, first - LATEST_MS, last + EARLIEST_MS)
            .await
        {
            Ok(deletions) => assign(events, &ours, &deletions),
            Err(error) => {
                tracing::warn!(error = %error, "the audit trail cannot be read to name removing agents");
            }
        }
    }
}

/// Where in `events` the removals recorded under our API client `client` are.
fn our_removals(events: &[Event], client: &str) -> Vec<usize> {
    (0..events.len())
        .filter(|&i| {
            let event = &events[i];
            event.source == EventSource::TokenServer
                && REMOVAL_TYPES.contains(&event.event_type.as_str())
                && event.actor.as_deref() == Some(client)
        })
        .collect()
}

/// Gives each event in `ours` the agent of the nearest unclaimed deletion in its window.
fn assign(events: &mut [Event], ours: &[usize], deletions: &[DeviceDeletion]) {
    let mut claimed = vec![false; deletions.len()];
    for &i in ours {
        let at = epoch_ms(&events[i]);
        let application = events[i].application.as_deref();
        let nearest = deletions
            .iter()
            .enumerate()
            .filter(|(d, deletion)| {
                !claimed[*d]
                    && (-EARLIEST_MS..=LATEST_MS).contains(&(at - deletion.occurred_ms))
                    && same_device(application, deletion)
            })
            .min_by_key(|(_, deletion)| (at - deletion.occurred_ms).abs());
        if let Some((d, deletion)) = nearest {
            claimed[d] = true;
            events[i].actor = Some(deletion.agent.clone());
        }
    }
}

/// Whether a removal event of `application` can be `deletion`'s: the Token Server's event names
/// the removed device's application, not the device, so that is what must agree (where both
/// are known).
fn same_device(application: Option<&str>, deletion: &DeviceDeletion) -> bool {
    match (application, deletion.application.as_deref()) {
        (Some(event), Some(deleted)) => event == deleted,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use time::OffsetDateTime;

    const CLIENT: &str = "end_user_api_user";
    const T: i64 = 1_790_000_000_000;

    fn event(event_type: &str, source: EventSource, at: i64, actor: Option<&str>) -> Event {
        Event {
            id: format!("{event_type}-{at}"),
            source,
            event_type: event_type.to_owned(),
            name: event_type.to_owned(),
            occurred_at: OffsetDateTime::from_unix_timestamp_nanos(i128::from(at) * 1_000_000)
                .unwrap(),
            application: None,
            client_ip: None,
            user_agent: None,
            actor: actor.map(str::to_owned),
        }
    }

    fn removal(at: i64) -> Event {
        event(
            "API_DEVICE_REMOVED",
            EventSource::TokenServer,
            at,
            Some(CLIENT),
        )
    }

    fn deletion(agent: &str, at: i64) -> DeviceDeletion {
        DeviceDeletion {
            occurred_ms: at,
            agent: agent.to_owned(),
            device_id: Some(format!("device-of-{agent}")),
            application: None,
        }
    }

    fn of_app(mut event: Event, application: &str) -> Event {
        event.application = Some(application.to_owned());
        event
    }

    fn actors(events: &[Event]) -> Vec<Option<&str>> {
        events.iter().map(|e| e.actor.as_deref()).collect()
    }

    fn assign_ours(events: &mut [Event], deletions: &[DeviceDeletion]) {
        let ours = our_removals(events, CLIENT);
        assign(events, &ours, deletions);
    }

    #[test]
    fn each_removal_gets_the_agent_of_the_nearest_deletion_once() {
        // Newest first, as the timeline is: two removals 30 s apart by two agents.
        let mut events = vec![removal(T + 30_150), removal(T + 150)];
        assign_ours(
            &mut events,
            &[deletion("ann", T), deletion("bob", T + 30_000)],
        );
        assert_eq!(actors(&events), [Some("bob"), Some("ann")]);

        // One deletion names one removal; the other keeps the client.
        let mut events = vec![removal(T + 200), removal(T + 100)];
        assign_ours(&mut events, &[deletion("ann", T)]);
        assert_eq!(actors(&events), [Some("ann"), Some(CLIENT)]);
    }

    #[test]
    fn a_removal_is_named_only_by_a_deletion_of_a_device_of_its_application() {
        // Ann removed the bank app's device just before; Bob the wallet's a little earlier.
        let mut ann = deletion("ann", T + 100);
        ann.application = Some("Bank".into());
        let mut bob = deletion("bob", T);
        bob.application = Some("Wallet".into());
        let mut events = vec![
            of_app(removal(T + 150), "Wallet"),
            of_app(removal(T + 140), "Bank"),
            of_app(removal(T + 130), "Other"),
        ];

        assign_ours(&mut events, &[bob, ann]);

        assert_eq!(actors(&events), [Some("bob"), Some("ann"), Some(CLIENT)]);
    }

    #[test]
    fn deletions_outside_the_window_name_nobody() {
        let mut events = vec![removal(T), removal(T + 200_000)];
        assign_ours(
            &mut events,
            &[
                deletion("early", T - LATEST_MS - 1),
                deletion("late", T + 200_000 + EARLIEST_MS + 1),
            ],
        );
        assert_eq!(actors(&events), [Some(CLIENT), Some(CLIENT)]);

        let mut events = vec![removal(T)];
        assign_ours(&mut events, &[deletion("skewed", T + EARLIEST_MS)]);
        assert_eq!(actors(&events), [Some("skewed")]);
    }

    #[test]
    fn only_removals_recorded_under_our_client_are_named() {
        let mut events = vec![
            event(
                "API_DEVICE_REMOVED",
                EventSource::TokenServer,
                T,
                Some("helpdesk-agent-1"),
            ),
            event("API_DEVICE_REMOVED", EventSource::TokenServer, T, None),
            event(
                "DYNAMIC_REG_SUCCESS",
                EventSource::TokenServer,
                T,
                Some(CLIENT),
            ),
            event("API_DEVICE_REMOVED", EventSource::Cim, T, Some(CLIENT)),
            event(
                "API_DEVICE_REMOVED_FOR_ONE_PROFILE",
                EventSource::TokenServer,
                T,
                Some(CLIENT),
            ),
        ];
        assign_ours(
            &mut events,
            &[deletion("ann", T), deletion("bob", T), deletion("cid", T)],
        );
        assert_eq!(
            actors(&events),
            [
                Some("helpdesk-agent-1"),
                None,
                Some(CLIENT),
                Some(CLIENT),
                Some("ann")
            ]
        );
    }
}
