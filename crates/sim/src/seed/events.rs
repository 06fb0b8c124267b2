//! Seeded event histories over the last 90 days, generated per person on first use.

use std::borrow::Cow;

use rand::{Rng, seq::IndexedRandom};

use super::{DAY_MS, Purpose, client_ip, hex, pick_weighted, rng_for, tables, uuid};
use crate::model::{CimEvent, Device, TsEvent};

/// How far back seeded events go.
const WINDOW_MS: i64 = 90 * DAY_MS;

/// The user agent of API calls made by a back office (the Token Server sees the HTTP client).
pub(crate) const API_CLIENT_USER_AGENT: &str = "Apache-HttpClient/4.5.14 (Java/17.0.9)";

/// A Token Server transaction id, e.g. `ONEGINI_6a1c...`.
pub(crate) fn transaction_id(rng: &mut impl Rng) -> String {
    format!("ONEGINI_{}", hex(rng, 12))
}

/// The OAuth client id of an app from the seed tables.
pub(crate) fn client_id_of(app: &str) -> Option<&'static str> {
    tables::APPS
        .iter()
        .find(|(name, _)| *name == app)
        .map(|(_, id)| *id)
}

/// The Token Server events of person `index`, newest first.
pub(crate) fn token_server(
    seed: u64,
    index: usize,
    user_id: &str,
    devices: &[Device],
    now_ms: i64,
) -> Vec<TsEvent> {
    let mut rng = rng_for(seed, index, Purpose::TokenServerEvents);
    let count = if devices.is_empty() {
        rng.random_range(0..=5)
    } else {
        rng.random_range(0..=30)
    };
    let mut events: Vec<TsEvent> = (0..count)
        .map(|_| {
            let (event_type, event_name, by_api, _) =
                tables::TS_EVENT_TYPES[pick_weighted(&mut rng, tables::TS_EVENT_TYPES, |t| t.3)];
            let app = devices
                .choose(&mut rng)
                .map(|d| d.application)
                .unwrap_or("Example Bank app");
            let user_agent = if by_api {
                API_CLIENT_USER_AGENT
            } else {
                tables::MOBILE_USER_AGENTS
                    .choose(&mut rng)
                    .copied()
                    .unwrap_or("okhttp/4.12.0")
            };
            TsEvent {
                event_identifier: uuid(&mut rng),
                event_type,
                event_name,
                client_id: client_id_of(app),
                app_name: Some(app),
                transaction_id: transaction_id(&mut rng),
                user_id: user_id.to_owned(),
                client_ip: client_ip(&mut rng),
                user_agent: Cow::Borrowed(user_agent),
                event_agent_user: by_api
                    .then(|| tables::AGENTS.choose(&mut rng).copied())
                    .flatten()
                    .map(str::to_owned),
                occurred: now_ms - rng.random_range(0..WINDOW_MS),
            }
        })
        .collect();
    sort_newest_first(&mut events, |e| (e.occurred, e.event_identifier.as_str()));
    events
}

/// The CIM events of person `index`, newest first.
pub(crate) fn cim(seed: u64, index: usize, person_id: &str, now_ms: i64) -> Vec<CimEvent> {
    let mut rng = rng_for(seed, index, Purpose::CimEvents);
    let count = rng.random_range(0..=30);
    let mut events: Vec<CimEvent> = (0..count)
        .map(|_| {
            let (event_type, event_name, reason, _) =
                tables::CIM_EVENT_TYPES[pick_weighted(&mut rng, tables::CIM_EVENT_TYPES, |t| t.3)];
            let agent = (event_type == "person.AttributesUpdatedEvent" && rng.random_bool(0.3))
                .then(|| tables::AGENTS.choose(&mut rng).copied())
                .flatten();
            cim_event(
                &mut rng, person_id, event_type, event_name, reason, agent, now_ms,
            )
        })
        .collect();
    // A few persons registered within the window; their history starts with the creation.
    if rng.random_bool(0.1) {
        let oldest = events.iter().map(|e| e.occurred).min().unwrap_or(now_ms);
        let (event_type, event_name) = tables::CIM_PERSON_CREATED;
        let mut created = cim_event(
            &mut rng, person_id, event_type, event_name, None, None, now_ms,
        );
        created.occurred = oldest - rng.random_range(1..DAY_MS);
        events.push(created);
    }
    sort_newest_first(&mut events, |e| (e.occurred, e.event_identifier.as_str()));
    events
}

fn cim_event(
    rng: &mut impl Rng,
    person_id: &str,
    event_type: &'static str,
    event_name: &'static str,
    reason: Option<&'static str>,
    agent: Option<&'static str>,
    now_ms: i64,
) -> CimEvent {
    CimEvent {
        event_identifier: uuid(rng),
        person_id: person_id.to_owned(),
        occurred: now_ms - rng.random_range(0..WINDOW_MS),
        event_type,
        event_name,
        client_ip: client_ip(rng),
        user_agent: tables::BROWSER_USER_AGENTS
            .choose(rng)
            .copied()
            .unwrap_or("Mozilla/5.0"),
        partition_id: Some("default"),
        event_agent_user: agent,
        reason,
        actor: agent.map_or_else(|| person_id.to_owned(), str::to_owned),
    }
}

/// Sorts by the key, descending; the id in the key breaks ties so the order is total.
pub(crate) fn sort_newest_first<T>(items: &mut [T], key: impl Fn(&T) -> (i64, &str)) {
    items.sort_by(|a, b| key(b).cmp(&key(a)));
}
