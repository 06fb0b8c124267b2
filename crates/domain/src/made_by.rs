//! Naming the agent behind a change made through Customer Service.
//!
//! The Token Server records a change under the API client that asked for it, which for every
//! change made here is ours: the events would say "by <our client id>" for all of them. Our audit
//! trail knows the agent. An event of a change by one of our clients is matched to the nearest
//! recorded change of the same user, of an action that leaves such an event, around that time;
//! each change names at most one event of each type. This is part of reading events, so every
//! view of them (the profile, the events pages) names the same agent.

use std::collections::HashSet;

use cs_api::{AuditAction, Event, EventSource};

use crate::audit::AgentChange;
use crate::events::epoch_ms;
use crate::service::CustomerService;

/// How far an event may precede our record of the change: only by the Token Server's clock
/// running ahead of ours.
const EARLIEST_MS: i64 = 5_000;

/// How far an event may follow our record: the call (bounded by its deadline) and a Token Server
/// clock running behind ours.
const LATEST_MS: i64 = 60_000;

/// How far the answer to a verification may follow its record: the user has up to the longest
/// validity believed to answer.
const LATEST_ANSWER_MS: i64 = 16 * 60_000;

/// The changes whose events the Token Server records under the client that asked, by event
/// type. The removal and push-revocation types are documented; the others are the simulator's
/// names for undocumented events [OURS], and an event of a type not listed keeps its client.
fn actions_behind(event_type: &str) -> &'static [AuditAction] {
    match event_type {
        "API_DEVICE_REMOVED" | "API_DEVICE_REMOVED_FOR_ONE_PROFILE" => &[AuditAction::DeviceDelete],
        // Withdrawing mobile authentication drops the push enrolment too.
        "ADMIN_PUSH_ENROLLMENT_REVOKED" => &[
            AuditAction::DeviceDisablePush,
            AuditAction::DeviceDisableMobileAuthentication,
        ],
        "ADMIN_MOBILE_AUTHENTICATION_REVOKED" => &[AuditAction::DeviceDisableMobileAuthentication],
        "API_FINGERPRINT_TOKEN_REVOKED" => &[AuditAction::DeviceDisableFingerprint],
        "API_SESSIONS_REMOVED" => &[AuditAction::UserSignOut],
        "PUSH_AUTH_INITIALIZED" | "MOBILE_AUTH_AUTHENTICATED" | "MOBILE_AUTH_NOT_AUTHENTICATED" => {
            &[AuditAction::DeviceVerify]
        }
        _ => &[],
    }
}

/// How long after our record of `action` its events may come.
fn latest_ms(action: AuditAction) -> i64 {
    if action == AuditAction::DeviceVerify {
        LATEST_ANSWER_MS
    } else {
        LATEST_MS
    }
}

impl CustomerService {
    /// Replaces the actor of `user_id`'s events of changes made through us (recorded under one
    /// of our Token Server API clients) with the agent who made them. When the trail cannot be
    /// read the events stay as the Token Server recorded them.
    pub(crate) async fn name_agents(&self, user_id: &str, events: &mut [Event]) {
        let clients = [
            self.token_server.api_client(),
            self.token_server.mobile_auth_client(),
        ];
        let ours = our_changes(events, &clients);
        let times = ours.iter().map(|&i| epoch_ms(&events[i]));
        let (Some(first), Some(last)) = (times.clone().min(), times.max()) else {
            return;
        };
        match self
            .audit
            .agent_changes(user_id, first - LATEST_ANSWER_MS, last + EARLIEST_MS)
            .await
        {
            Ok(changes) => assign(events, &ours, &changes),
            Err(error) => {
                tracing::warn!(error = %error, "the audit trail cannot be read to name agents");
            }
        }
    }
}

/// Where in `events` the changes recorded under one of our API `clients` are.
fn our_changes(events: &[Event], clients: &[&str]) -> Vec<usize> {
    (0..events.len())
        .filter(|&i| {
            let event = &events[i];
            event.source == EventSource::TokenServer
                && !actions_behind(&event.event_type).is_empty()
                && event
                    .actor
                    .as_deref()
                    .is_some_and(|actor| clients.contains(&actor))
        })
        .collect()
}

/// Gives each event in `ours` the agent of the nearest change in its window that has not named
/// an event of its type yet.
fn assign(events: &mut [Event], ours: &[usize], changes: &[AgentChange]) {
    // The types are read once, so claims can borrow them while the events are named.
    let types: Vec<String> = ours.iter().map(|&i| events[i].event_type.clone()).collect();
    let mut claimed: HashSet<(usize, &str)> = HashSet::new();
    for (&i, event_type) in ours.iter().zip(&types) {
        let event_type = event_type.as_str();
        let at = epoch_ms(&events[i]);
        let actions = actions_behind(event_type);
        let application = events[i].application.as_deref();
        let nearest = changes
            .iter()
            .enumerate()
            .filter(|(c, change)| {
                actions.contains(&change.action)
                    && !claimed.contains(&(*c, event_type))
                    && (-EARLIEST_MS..=latest_ms(change.action))
                        .contains(&(at - change.occurred_ms))
                    && same_device(application, change)
            })
            .min_by_key(|(_, change)| (at - change.occurred_ms).abs());
        if let Some((c, change)) = nearest {
            claimed.insert((c, event_type));
            events[i].actor = Some(change.agent.clone());
        }
    }
}

/// Whether an event of `application` can be `change`'s: the Token Server's event names the
/// device's application, not the device, so that is what must agree (where both are known).
fn same_device(application: Option<&str>, change: &AgentChange) -> bool {
    match (application, change.application.as_deref()) {
        (Some(event), Some(changed)) => event == changed,
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

    fn deletion(agent: &str, at: i64) -> AgentChange {
        AgentChange {
            occurred_ms: at,
            action: AuditAction::DeviceDelete,
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

    fn assign_ours(events: &mut [Event], deletions: &[AgentChange]) {
        let ours = our_changes(events, &[CLIENT]);
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

    fn change(agent: &str, action: AuditAction, at: i64) -> AgentChange {
        AgentChange {
            action,
            ..deletion(agent, at)
        }
    }

    #[test]
    fn each_event_is_named_by_a_change_of_an_action_that_leaves_it() {
        let mut events = vec![
            event(
                "API_SESSIONS_REMOVED",
                EventSource::TokenServer,
                T + 400,
                Some(CLIENT),
            ),
            event(
                "ADMIN_PUSH_ENROLLMENT_REVOKED",
                EventSource::TokenServer,
                T + 300,
                Some(CLIENT),
            ),
            event(
                "API_DEVICE_REMOVED",
                EventSource::TokenServer,
                T + 200,
                Some(CLIENT),
            ),
        ];
        assign_ours(
            &mut events,
            &[
                change("del", AuditAction::DeviceDelete, T + 250),
                change("pus", AuditAction::DeviceDisablePush, T + 150),
                change("out", AuditAction::UserSignOut, T),
            ],
        );
        assert_eq!(actors(&events), [Some("out"), Some("pus"), Some("del")]);
    }

    #[test]
    fn a_verification_names_its_push_and_the_answer_minutes_later() {
        const MOBILE: &str = "mobile_auth_api_user";
        let mut events = vec![
            event(
                "MOBILE_AUTH_AUTHENTICATED",
                EventSource::TokenServer,
                T + 90_000,
                Some(MOBILE),
            ),
            event(
                "PUSH_AUTH_INITIALIZED",
                EventSource::TokenServer,
                T + 100,
                Some(MOBILE),
            ),
            // A removal a minute and a half after a verification is not the verification's.
            event(
                "API_DEVICE_REMOVED",
                EventSource::TokenServer,
                T + 90_000,
                Some(CLIENT),
            ),
        ];
        let ours = our_changes(&events, &[CLIENT, MOBILE]);
        assign(
            &mut events,
            &ours,
            &[change("vera", AuditAction::DeviceVerify, T)],
        );
        assert_eq!(actors(&events), [Some("vera"), Some("vera"), Some(CLIENT)]);
    }
}
