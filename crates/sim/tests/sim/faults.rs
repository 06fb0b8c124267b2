//! Fault injection: error statuses, latency, silent delete failures, broken bodies.

use std::time::Duration;

use onegini_sim::{BodyFault, FaultRule};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ids, spawn_sim, spawn_sim_with, test_settings};

#[tokio::test]
async fn an_error_status_with_rate_one_fails_every_request_in_the_products_shape() {
    let t = spawn_sim().await;
    let res = t
        .set_faults(json!([
            { "route": "ts.devices.list", "error_status": 503 },
            { "route": "cim.persons.get", "error_status": 500 }
        ]))
        .await;
    assert_eq!(res.status(), 200);
    let person = t.sample(0);

    for _ in 0..5 {
        let res = t
            .ts(Method::GET, &format!("/api/v4/users/{}/devices", person.id))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 503);
        let body: Value = res.json().await.unwrap();
        assert!(body["code"].is_string() && body["message"].is_string());
    }
    let res = t
        .cim(&format!("/api/persons/{}", person.id))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error_code"], 5000);

    // Other routes are untouched.
    let res = t
        .cim(&format!("/api/events?userId={}", person.id))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn an_error_rate_of_one_half_fails_about_half_the_requests() {
    let t = spawn_sim().await;
    t.sim.state().set_faults(vec![FaultRule {
        error_status: Some(502),
        error_rate: 0.5,
        ..FaultRule::for_route("cim.config.identity_providers")
    }]);

    let mut failed = 0;
    for _ in 0..400 {
        let res = t
            .cim("/api/config/identity-providers")
            .send()
            .await
            .unwrap();
        match res.status().as_u16() {
            502 => failed += 1,
            200 => {}
            other => panic!("unexpected status {other}"),
        }
    }
    // Binomial(400, 0.5): sd 10; 140..=260 is six standard deviations either way.
    assert!((140..=260).contains(&failed), "{failed} of 400 failed");
}

/// Waits (polling, up to a bound only a hang reaches) until the simulator has counted `n`
/// requests to `route`.
async fn until_counted(t: &crate::helpers::TestSim, route: &str, n: u64) {
    for _ in 0..1000 {
        if t.sim.state().stats()[route] >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{route} was not called {n} times");
}

#[tokio::test]
async fn latency_is_added_before_the_answer() {
    let t = spawn_sim_with(onegini_sim::SimSettings {
        faults: vec![FaultRule {
            latency_ms: 60_000,
            ..FaultRule::for_route("*")
        }],
        ..test_settings()
    })
    .await;

    // The request has arrived; held back a minute, its answer cannot come in the next 300 ms
    // on any machine.
    let mut held = tokio::spawn(t.cim("/api/config").send());
    until_counted(&t, "cim.config", 1).await;
    let early = tokio::time::timeout(Duration::from_millis(300), &mut held).await;
    assert!(early.is_err(), "answered despite a minute of latency");
    held.abort();

    // Without the rule the answer comes. The bound is generous (only the minute of latency,
    // were it still in force, or a hang can break it), not a measure of speed.
    t.sim.state().clear_faults();
    let res = tokio::time::timeout(Duration::from_secs(10), t.cim("/api/config").send())
        .await
        .expect("an answer without the latency")
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn a_silent_delete_failure_answers_204_but_keeps_the_device() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "ts.devices.delete", "silent_delete_failure": true }]))
        .await;
    let person = t.sample(0);
    let before = t.devices(&person.id).await;
    let events_before = t.sim.state().ts_events_of(&person.id).len();
    let id = ids(&before)[0].clone();

    let res = t.delete_device(&person.id, &id).await;

    assert_eq!(res.status(), 204);
    assert!(ids(&t.devices(&person.id).await).contains(&id));
    assert_eq!(t.sim.state().ts_events_of(&person.id).len(), events_before);
}

#[tokio::test]
async fn a_malformed_body_is_invalid_json_with_status_200() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "ts.devices.list", "body": "malformed" }]))
        .await;

    let res = t
        .ts(
            Method::GET,
            &format!("/api/v4/users/{}/devices", t.sample(0).id),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );
    let text = res.text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err());
}

#[tokio::test]
async fn a_wrong_content_type_keeps_the_json_body_but_labels_it_html() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "cim.persons.get", "body": "wrong_content_type" }]))
        .await;
    let person = t.sample(0);

    let res = t
        .cim(&format!("/api/persons/{}", person.id))
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let body: Value = serde_json::from_str(&res.text().await.unwrap()).unwrap();
    assert_eq!(body["person_id"], person.id.as_str());
}

#[tokio::test]
async fn an_oversized_body_announces_its_size_and_is_streamed() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "ts.events", "body": "oversized" }]))
        .await;

    let mut res = t.ts(Method::GET, "/api/v1/events").send().await.unwrap();

    assert_eq!(res.status(), 200);
    assert_eq!(res.content_length(), Some(50 * 1024 * 1024));
    let first = res.chunk().await.unwrap().unwrap();
    assert!(first.starts_with(b"{"));
    drop(res);

    // A small one can be read whole, and is valid JSON of exactly the size asked.
    t.sim.state().set_faults(vec![FaultRule {
        body: Some(BodyFault::Oversized),
        oversized_bytes: 4096,
        ..FaultRule::for_route("ts.events")
    }]);
    let res = t.ts(Method::GET, "/api/v1/events").send().await.unwrap();
    let bytes = res.bytes().await.unwrap();
    assert_eq!(bytes.len(), 4096);
    serde_json::from_slice::<Value>(&bytes).unwrap();
}

#[tokio::test]
async fn a_trickled_body_arrives_whole_but_slowly() {
    let t = spawn_sim().await;
    let trickle = |interval_ms: u64| {
        json!([{
            "route": "ts.devices.list",
            "body": "trickle",
            "trickle_interval_ms": interval_ms,
            "trickle_bytes": 8
        }])
    };
    let get = || t.ts(Method::GET, "/api/v4/users/nobody/devices").send();

    t.set_faults(trickle(10)).await;
    let res = get().await.unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(res.headers()["x-sim-fault"], "trickle");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({"error": "No devices found"}));

    // Slowly: with a minute between chunks, the first 8 bytes come and then nothing, however
    // long the machine takes to read them.
    t.set_faults(trickle(60_000)).await;
    let mut res = get().await.unwrap();
    let first = res.chunk().await.unwrap().unwrap();
    assert_eq!(first.as_ref(), b"{\"error\"");
    let next = tokio::time::timeout(Duration::from_millis(300), res.chunk()).await;
    assert!(next.is_err(), "the rest came without the pause: {next:?}");
}

#[tokio::test]
async fn fault_rules_can_be_read_back_and_cleared() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "*", "latency_ms": 1 }]))
        .await;

    let got: Value = t
        .raw(Method::GET, "/_sim/faults")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(got["rules"][0]["route"], "*");
    assert_eq!(got["rules"][0]["latency_ms"], 1);
    assert_eq!(got["rules"][0]["error_rate"], 1.0);

    let cleared = t.raw(Method::DELETE, "/_sim/faults").send().await.unwrap();
    assert_eq!(cleared.status(), 200);
    assert!(t.sim.state().faults().is_empty());
}

#[tokio::test]
async fn invalid_fault_rules_are_refused_with_400_and_change_nothing() {
    let t = spawn_sim().await;
    t.set_faults(json!([{ "route": "ts.events", "latency_ms": 1 }]))
        .await;
    let bodies = [
        json!({"rules": [{ "route": "ts.nope" }]}),
        json!({"rules": [{ "route": "*", "error_status": 503, "error_rate": 1.5 }]}),
        json!({"rules": [{ "route": "*", "error_status": 200 }]}),
        json!({"rules": [{ "route": "*", "body": "sideways" }]}),
        json!({"rules": [{ "route": "*", "colour": "red" }]}),
        json!({"rules": [{ "latency_ms": 5 }]}),
        json!([]),
    ];
    for body in bodies {
        let res = t
            .raw(Method::POST, "/_sim/faults")
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["error"], "invalid_fault_rules");
        assert!(json["message"].as_str().unwrap().len() > 5);
    }
    let res = t
        .raw(Method::POST, "/_sim/faults")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(t.sim.state().faults().len(), 1);
}

#[tokio::test]
async fn starting_with_an_invalid_rule_fails() {
    let err = onegini_sim::RunningSim::start(onegini_sim::SimSettings {
        faults: vec![FaultRule::for_route("nope")],
        ..test_settings()
    })
    .await
    .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}
