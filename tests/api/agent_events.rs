//! Against the simulator: a caller verified by a push approved on the user's phone, and the
//! Token Server's events of changes made here named after the agent who made them.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{client, start_with_simulator, token};

/// The first of the sample persons with a device enrolled for push, and that device's id.
async fn person_with_push(
    address: &str,
    agent: &str,
    sim: &onegini_sim::RunningSim,
) -> (String, String) {
    for person in sim.sample_persons(50) {
        let devices: Value = client()
            .build()
            .unwrap()
            .get(format!("{address}/api/v1/users/{}/devices", person.id))
            .bearer_auth(agent)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let push = devices["devices"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["mobileAuthentication"] == "activated_with_push");
        if let Some(device) = push {
            return (person.id, device["id"].as_str().unwrap().to_owned());
        }
    }
    panic!("no sample person has a device enrolled for push");
}

/// The user's Token Server events of `event_type`, as the timeline shows them.
async fn events_of(address: &str, agent: &str, user: &str, event_type: &str) -> Vec<Value> {
    let page: Value = client()
        .build()
        .unwrap()
        .get(format!(
            "{address}/api/v1/users/{user}/events?source=token_server&type={event_type}"
        ))
        .bearer_auth(agent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["events"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_caller_approved_on_the_phone_is_verified_and_the_push_is_the_agents() {
    let (sim, address, handle) = start_with_simulator(50, |_| {}).await;
    let agent = token("vera", &["USERS_READ", "VERIFY_DEVICE"]);
    let (user, device) = person_with_push(&address, &agent, &sim).await;
    let http = client().build().unwrap();

    let started: Value = http
        .post(format!("{address}/api/v1/users/{user}/verifications"))
        .bearer_auth(&agent)
        .json(&json!({"deviceId": device, "message": "Spreekt u met de helpdesk?"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(started["state"], "pending", "{started}");
    let id = started["id"].as_str().unwrap();

    // The phone lists the request with its message, and the user approves it there.
    let pending: Value = http
        .get(format!("{}/_sim/push", sim.cim_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(pending[0]["transaction_id"], id);
    assert_eq!(pending[0]["message"], "Spreekt u met de helpdesk?");
    let answered = http
        .post(format!("{}/_sim/push/{id}", sim.cim_url()))
        .json(&json!({"answer": "approve"}))
        .send()
        .await
        .unwrap();
    assert_eq!(answered.status(), 200);

    // Checks are at most one per 2 s: the next one learns the answer.
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let approved: Value = http
        .get(format!("{address}/api/v1/users/{user}/verifications/{id}"))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(approved["state"], "approved", "{approved}");

    let pushes = events_of(&address, &agent, &user, "PUSH_AUTH_INITIALIZED").await;
    assert_eq!(pushes.len(), 1, "{pushes:?}");
    assert_eq!(pushes[0]["actor"], "vera");
    let answers = events_of(&address, &agent, &user, "MOBILE_AUTH_AUTHENTICATED").await;
    assert!(!answers.is_empty(), "the approval is an event of its own");
    handle.stop(false).await;
}

#[tokio::test]
async fn a_disabled_push_is_named_after_the_agent_in_the_timeline() {
    let (sim, address, handle) = start_with_simulator(50, |_| {}).await;
    let agent = token("ann", &["USERS_ALL"]);
    let (user, device) = person_with_push(&address, &agent, &sim).await;
    let changed = client()
        .build()
        .unwrap()
        .post(format!(
            "{address}/api/v1/users/{user}/devices/{device}/actions/disable_push"
        ))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    let revoked = events_of(&address, &agent, &user, "ADMIN_PUSH_ENROLLMENT_REVOKED").await;
    assert_eq!(revoked.len(), 1, "{revoked:?}");
    assert_eq!(revoked[0]["actor"], "ann");
    handle.stop(false).await;
}
