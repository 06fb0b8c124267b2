//! Our server against the simulator playing each of the vendor's variants (which lookup CIM
//! offers, which spelling of the events parameter it knows, the order each events API answers in,
//! credentials per API, platforms we do not know): what an agent sees does not change.

use onegini_sim::{CimEventsUserParam, EventOrder, MigrationNotFound, RunningSim, SimSettings};
use serde_json::{Value, json};

use crate::helpers::{client, start_with_simulator_playing, stop_within, token};

/// Persons the simulator generates: enough for some with many events in both products.
const PERSONS: usize = 60;

struct Stack {
    sim: Option<RunningSim>,
    address: String,
    handle: actix_web::dev::ServerHandle,
    client: reqwest::Client,
    token: String,
}

impl Stack {
    async fn start(
        variant: impl FnOnce(&mut SimSettings),
        adjust: impl FnOnce(&mut cs_server::Settings),
    ) -> Stack {
        let (sim, address, handle) = start_with_simulator_playing(PERSONS, variant, |s| {
            // Small upstream pages, so that a timeline takes several reads of each source.
            s.cim.events_page_size = 3;
            adjust(s);
        })
        .await;
        Stack {
            sim: Some(sim),
            address,
            handle,
            client: client().build().unwrap(),
            token: token("agent", &["USERS_ALL"]),
        }
    }

    fn sim(&self) -> &RunningSim {
        self.sim.as_ref().unwrap()
    }

    async fn get(&self, path: &str) -> Value {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{path}: {body}");
        body
    }

    /// The person's whole timeline, page by page (`source:id`, as shown).
    async fn timeline(&self, person: &str) -> Vec<String> {
        let mut shown = Vec::new();
        let mut path = format!("/api/v1/users/{person}/events?limit=5");
        for _ in 0..100 {
            let page = self.get(&path).await;
            assert_eq!(page["unavailable"], json!([]), "{page}");
            for event in page["events"].as_array().unwrap() {
                shown.push(format!(
                    "{}:{}",
                    event["source"].as_str().unwrap(),
                    event["id"].as_str().unwrap()
                ));
            }
            match page["nextBefore"].as_str() {
                Some(cursor) => {
                    path = format!("/api/v1/users/{person}/events?limit=5&before={cursor}");
                }
                None => return shown,
            }
        }
        panic!("the timeline of {person} did not end");
    }

    async fn stop(mut self) {
        stop_within("the server", self.handle.stop(true)).await;
        if let Some(sim) = self.sim.take() {
            stop_within("the simulator", sim.stop()).await;
        }
    }
}

/// A person with events of both products, and their timeline as the simulator's defaults give it.
async fn busy_person(stack: &Stack) -> (String, Vec<String>) {
    let mut best: Option<(String, Vec<String>)> = None;
    for person in stack.sim().sample_persons(PERSONS) {
        let timeline = stack.timeline(&person.id).await;
        let both = timeline.iter().any(|e| e.starts_with("cim:"))
            && timeline.iter().any(|e| e.starts_with("token_server:"));
        if both && best.as_ref().is_none_or(|(_, b)| timeline.len() > b.len()) {
            best = Some((person.id, timeline));
        }
    }
    let (person, timeline) = best.expect("a person with events in both products");
    assert!(timeline.len() > 10, "too few events to page: {timeline:?}");
    (person, timeline)
}

fn own_credentials(s: &mut SimSettings) {
    s.cim_person_api_user = Some("persons-client".into());
    s.cim_person_api_password = Some("persons:secret".into());
    s.cim_events_api_user = Some("cim-events-client".into());
    s.cim_events_api_password = Some("cim%events+secret".into());
    s.cim_config_api_user = Some("config-client".into());
    s.cim_config_api_password = Some("config secret".into());
    s.token_server_end_user_api_user = Some("end-user-client".into());
    s.token_server_end_user_api_password = Some("end:user%secret+".into());
    s.token_server_events_api_user = Some("ts-events-client".into());
    s.token_server_events_api_password = Some("ts events:secret%".into());
}

#[tokio::test]
async fn the_timeline_is_the_same_whatever_spelling_order_or_credentials_the_products_want() {
    let baseline = Stack::start(|_| {}, |_| {}).await;
    let (person, expected) = busy_person(&baseline).await;
    baseline.stop().await;
    type Variant = fn(&mut SimSettings);
    let variants: [(&str, Variant); 8] = [
        ("CIM knowing only user_id", |s| {
            s.cim_events_user_param = CimEventsUserParam::UserIdOnly;
        }),
        ("CIM knowing only userId", |s| {
            s.cim_events_user_param = CimEventsUserParam::CamelOnly;
        }),
        ("CIM answering oldest first", |s| {
            s.cim_events_order = EventOrder::OldestFirst;
        }),
        ("CIM answering in no order", |s| {
            s.cim_events_order = EventOrder::Shuffled;
        }),
        ("the Token Server answering oldest first", |s| {
            s.ts_events_order = EventOrder::OldestFirst;
        }),
        ("the Token Server answering in no order", |s| {
            s.ts_events_order = EventOrder::Shuffled;
        }),
        ("every API with credentials of its own", own_credentials),
        ("all of that at once", |s| {
            own_credentials(s);
            s.cim_events_user_param = CimEventsUserParam::UserIdOnly;
            s.cim_events_order = EventOrder::Shuffled;
            s.ts_events_order = EventOrder::Shuffled;
        }),
    ];
    for (name, variant) in variants {
        let stack = Stack::start(variant, |_| {}).await;

        assert_eq!(stack.timeline(&person).await, expected, "{name}");

        stack.stop().await;
    }
}

#[tokio::test]
async fn a_search_finds_the_person_whichever_lookup_cim_offers() {
    type Variant = fn(&mut SimSettings);
    let setups: [(&str, Variant, Value); 6] = [
        ("both, by default", |_| {}, Value::Null),
        (
            "only the documented lookup",
            |s| s.person_search = false,
            Value::Null,
        ),
        (
            "only our search",
            |s| s.migration_status = false,
            json!("person-search"),
        ),
        (
            "nobody as person_id null",
            |s| {
                s.person_search = false;
                s.migration_not_found = MigrationNotFound::Null;
            },
            json!("migration-status"),
        ),
        (
            "nobody as person_id empty",
            |s| {
                s.person_search = false;
                s.migration_not_found = MigrationNotFound::Empty;
            },
            json!("migration-status"),
        ),
        ("credentials per API", own_credentials, Value::Null),
    ];
    for (name, variant, search) in setups {
        let stack = Stack::start(variant, |s| {
            if !search.is_null() {
                s.cim.search = serde_json::from_value(search.clone()).unwrap();
            }
        })
        .await;
        let sample = stack.sim().sample_persons(1).remove(0);

        let found = stack
            .get(&format!(
                "/api/v1/users?email={}",
                sample.emails[0].to_uppercase()
            ))
            .await;
        let nobody = stack
            .get("/api/v1/users?email=nobody%40example.invalid")
            .await;

        assert_eq!(
            found["users"][0]["personId"],
            sample.id.as_str(),
            "{name}: {found}"
        );
        assert_eq!(found["users"][0]["deviceCount"], sample.devices, "{name}");
        assert_eq!(nobody, json!({"users": [], "unavailable": []}), "{name}");
        stack.stop().await;
    }
}

#[tokio::test]
async fn a_platform_we_do_not_know_is_shown_by_its_name() {
    let stack = Stack::start(|s| s.windows_devices_percent = 100, |_| {}).await;
    let person = stack
        .sim()
        .sample_persons(PERSONS)
        .into_iter()
        .find(|p| p.devices > 0)
        .unwrap();

    let devices = stack
        .get(&format!("/api/v1/users/{}/devices", person.id))
        .await;

    for device in devices["devices"].as_array().unwrap() {
        assert_eq!(device["platform"], "other", "{device}");
        assert_eq!(device["platformName"], "windows", "{device}");
    }
    stack.stop().await;
}
