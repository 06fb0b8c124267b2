//! The agent's journey end to end against onegini-sim: search, profile, delete, verify.

use onegini_sim::{FaultRule, RunningSim};
use serde_json::{Value, json};

use crate::helpers::{login, problem, start_with_simulator, stop_within};

struct Stack {
    sim: Option<RunningSim>,
    address: String,
    handle: actix_web::dev::ServerHandle,
    client: reqwest::Client,
    xsrf: String,
}

impl Stack {
    async fn start() -> Stack {
        let (sim, address, handle) = start_with_simulator(200, |_| {}).await;
        let (client, xsrf) = login(&address, "agent").await;
        Stack {
            sim: Some(sim),
            address,
            handle,
            client,
            xsrf,
        }
    }

    fn sim(&self) -> &RunningSim {
        self.sim.as_ref().unwrap()
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    async fn delete(&self, path: &str, reason: &str) -> reqwest::Response {
        self.client
            .delete(format!("{}{path}", self.address))
            .header("x-xsrf-token", &self.xsrf)
            .json(&json!({"reason": reason}))
            .send()
            .await
            .unwrap()
    }

    async fn stop(mut self) {
        stop_within("the server", self.handle.stop(true)).await;
        if let Some(sim) = self.sim.take() {
            stop_within("the simulator", sim.stop()).await;
        }
    }
}

#[tokio::test]
async fn an_agent_finds_a_user_deletes_a_device_and_sees_it_gone() {
    let stack = Stack::start().await;
    let sample = stack.sim().sample_persons(1).remove(0);
    let email = sample.emails[0].clone();

    // Search.
    let found: Value = stack
        .get(&format!("/api/v1/users?email={}", email.to_uppercase()))
        .await
        .json()
        .await
        .unwrap();
    let user = found["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["personId"] == sample.id.as_str())
        .unwrap()
        .clone();
    assert_eq!(user["deviceCount"], sample.devices);

    // Profile.
    let profile: Value = stack
        .get(&format!("/api/v1/users/{}", sample.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile["person"]["personId"], sample.id.as_str());
    assert_eq!(profile["unavailable"], json!([]));
    let devices = profile["devices"].as_array().unwrap();
    assert_eq!(devices.len(), sample.devices);
    let device_id = devices[0]["id"].as_str().unwrap().to_owned();

    // Delete, verified.
    let deleted = stack
        .delete(
            &format!("/api/v1/users/{}/devices/{device_id}", sample.id),
            "lost phone",
        )
        .await;
    assert_eq!(deleted.status(), 204);

    // The list no longer has it, and the Token Server recorded the removal.
    let after: Value = stack
        .get(&format!("/api/v1/users/{}/devices", sample.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        after["devices"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["id"] != device_id.as_str())
    );
    assert_eq!(
        after["devices"].as_array().unwrap().len(),
        sample.devices - 1
    );
    let events: Value = stack
        .get(&format!(
            "/api/v1/users/{}/events?source=token_server&limit=5",
            sample.id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(events["events"][0]["type"], "API_DEVICE_REMOVED");
    // The Token Server recorded our API client; the timeline names the agent from the audit trail.
    assert_eq!(events["events"][0]["actor"], "agent");

    // The audit trail names the agent, the target and the reason.
    let audit: Value = stack
        .client
        .get(format!(
            "{}/api/v1/audit?userId={}",
            stack.address, sample.id
        ))
        .bearer_auth(crate::helpers::token("sam", &["AGENTS_READ"]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let record = &audit["records"][0];
    assert_eq!(record["action"], "device_delete");
    assert_eq!(record["agent"], "agent");
    assert_eq!(record["authMethod"], "password");
    assert_eq!(record["deviceId"], device_id.as_str());
    assert_eq!(record["reason"], "lost phone");
    assert_eq!(record["outcome"], "succeeded");

    // Deleting again is a clean 404.
    problem(
        stack
            .delete(
                &format!("/api/v1/users/{}/devices/{device_id}", sample.id),
                "again",
            )
            .await,
        404,
    )
    .await;
    stack.stop().await;
}

#[tokio::test]
async fn a_delete_the_token_server_silently_drops_is_reported_as_not_done() {
    let stack = Stack::start().await;
    let sample = stack.sim().sample_persons(1).remove(0);
    let rule: FaultRule = serde_json::from_value(
        json!({"route": "ts.devices.delete", "silent_delete_failure": true}),
    )
    .unwrap();
    stack.sim().state().set_faults(vec![rule]);
    let devices: Value = stack
        .get(&format!("/api/v1/users/{}/devices", sample.id))
        .await
        .json()
        .await
        .unwrap();
    let device_id = devices["devices"][0]["id"].as_str().unwrap().to_owned();

    let body = problem(
        stack
            .delete(
                &format!("/api/v1/users/{}/devices/{device_id}", sample.id),
                "lost",
            )
            .await,
        502,
    )
    .await;

    assert_eq!(body["type"], "/problems/device-not-removed");
    let still: Value = stack
        .get(&format!("/api/v1/users/{}/devices", sample.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        still["devices"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["id"] == device_id.as_str())
    );
    stack.stop().await;
}
