//! The `/_sim/` controls: persons, stats, routes, reset, and the RunningSim handle.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestSim, spawn_sim};

async fn get_json(t: &TestSim, path: &str) -> (u16, Value) {
    let res = t.raw(Method::GET, path).send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

#[tokio::test]
async fn stats_count_every_vendor_request_per_route_and_reset() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    t.devices(&person.id).await;
    t.devices(&person.id).await;
    // Refused and faulted requests count too.
    t.raw(
        Method::GET,
        &format!("/oauth/api/v4/users/{}/devices", person.id),
    )
    .send()
    .await
    .unwrap();
    t.set_faults(json!([{ "route": "cim.config", "error_status": 500 }]))
        .await;
    t.cim("/api/config").send().await.unwrap();
    // Controls and unknown paths do not.
    t.raw(Method::GET, "/nope").send().await.unwrap();

    let (status, stats) = get_json(&t, "/_sim/stats").await;
    assert_eq!(status, 200);
    let requests = stats["requests"].as_object().unwrap();
    assert_eq!(requests.len(), 20, "every route id is listed");
    assert_eq!(requests["ts.devices.list"], 3);
    assert_eq!(requests["cim.config"], 1);
    assert_eq!(requests["ts.events"], 0);
    assert_eq!(t.sim.state().stats()["ts.devices.list"], 3);

    let res = t.raw(Method::DELETE, "/_sim/stats").send().await.unwrap();
    assert_eq!(res.status(), 200);
    let (_, stats) = get_json(&t, "/_sim/stats").await;
    assert!(
        stats["requests"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == 0)
    );
}

#[tokio::test]
async fn persons_are_listed_with_summaries() {
    let t = spawn_sim().await;

    let (status, list) = get_json(&t, "/_sim/persons").await;
    assert_eq!(status, 200);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 20);
    let first = &list[0];
    assert!(first["id"].is_string() && first["displayName"].is_string());
    assert!(!first["emails"].as_array().unwrap().is_empty());
    assert!(first["devices"].is_u64());

    let (_, five) = get_json(&t, "/_sim/persons?limit=5&with_devices=true").await;
    let five = five.as_array().unwrap();
    assert_eq!(five.len(), 5);
    assert!(five.iter().all(|p| p["devices"].as_u64().unwrap() >= 1));
    assert_eq!(five[0]["id"], t.sample(0).id.as_str());

    let (status, body) = get_json(&t, "/_sim/persons?limit=minus-one").await;
    assert_eq!(status, 400);
    assert!(body["message"].is_string());
}

#[tokio::test]
async fn routes_lists_every_route_id() {
    let t = spawn_sim().await;
    let (_, routes) = get_json(&t, "/_sim/routes").await;
    let ids: Vec<&str> = routes
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 20);
    assert!(ids.contains(&"ts.sessions.end"));
    assert!(ids.contains(&"ts.mobile_auth.start"));
    assert!(ids.contains(&"ts.mobile_auth.transaction"));
    assert!(ids.contains(&"ts.devices.disable_fingerprint"));
    assert!(ids.contains(&"cim.config.identity_providers"));
    assert!(ids.contains(&"cim.migration.status"));
}

#[tokio::test]
async fn reset_puts_deleted_devices_back() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let before = t.devices(&person.id).await;
    t.delete_device(&person.id, before[0]["id"].as_str().unwrap())
        .await;

    let res = t.raw(Method::POST, "/_sim/reset").send().await.unwrap();

    assert_eq!(res.status(), 200);
    assert_eq!(t.devices(&person.id).await, before);
}

#[tokio::test]
async fn urls_point_at_the_bound_port_and_stop_closes_it() {
    let t = spawn_sim().await;
    let base = t.sim.base_url();
    assert_eq!(base, format!("http://127.0.0.1:{}", t.sim.addr().port()));
    assert_eq!(t.sim.cim_url(), base);
    assert_eq!(t.sim.token_server_url(), format!("{base}/oauth"));
    let samples = t.sim.sample_persons(3);
    assert_eq!(samples.len(), 3);
    assert!(samples.iter().all(|p| p.devices >= 1));

    let addr = t.sim.addr();
    t.sim.stop().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());
}

#[tokio::test]
async fn a_user_signed_out_everywhere_has_no_session_left_until_the_data_is_reset() {
    let t = spawn_sim().await;
    let person = t
        .sim
        .sample_persons(20)
        .into_iter()
        .find(|p| p.devices > 0)
        .unwrap();
    let path = format!("/api/v1/users/{}/sessions", person.id);
    let listed: Value = t
        .ts(Method::GET, &path)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(listed["result"].as_array().unwrap().len(), person.devices);

    let ended = t
        .ts(Method::DELETE, &format!("{path}?removeTokens=true"))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 204);
    assert_eq!(t.ts(Method::GET, &path).send().await.unwrap().status(), 404);

    t.raw(Method::POST, "/_sim/reset").send().await.unwrap();
    assert_eq!(t.ts(Method::GET, &path).send().await.unwrap().status(), 200);
}
