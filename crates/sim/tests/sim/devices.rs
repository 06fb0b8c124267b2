//! Token Server device API (§1).

use std::collections::BTreeSet;

use onegini_sim::{HOSTILE_DEVICE_NAME, SimState};
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TS_USER, ids, spawn_sim, spawn_sim_with, test_settings};

const DEVICE_KEYS: &[&str] = &[
    "id",
    "name",
    "application",
    "platform",
    "osVersion",
    "model",
    "createdAt",
    "lastLogin",
    "tokenTypes",
    "mobileAuthenticationEnabled",
    "pushAuthenticationEnabled",
];

#[tokio::test]
async fn listing_devices_answers_documented_v4_fields() {
    let t = spawn_sim().await;
    let person = t.sample(0);

    let devices = t.devices(&person.id).await;

    assert_eq!(devices.len(), person.devices);
    for d in &devices {
        for key in d.as_object().unwrap().keys() {
            assert!(DEVICE_KEYS.contains(&key.as_str()), "unexpected key {key}");
        }
        assert!(d["id"].is_string() && d["name"].is_string() && d["application"].is_string());
        assert!(["android", "ios", "ANDROID"].contains(&d["platform"].as_str().unwrap()));
        assert!(d["lastLogin"].is_i64());
        assert!(
            d["tokenTypes"]
                .as_array()
                .unwrap()
                .contains(&json!("DEFAULT"))
        );
        assert!(d["mobileAuthenticationEnabled"].is_boolean());
        assert!(d["pushAuthenticationEnabled"].is_boolean());
        if d["pushAuthenticationEnabled"] == true {
            assert_eq!(d["mobileAuthenticationEnabled"], true);
        }
    }
    assert!(
        devices.iter().any(|d| d["name"] == HOSTILE_DEVICE_NAME),
        "the first sample person holds the hostile device name"
    );
}

#[tokio::test]
async fn seeded_devices_cover_the_documented_variety() {
    let state = SimState::new(&onegini_sim::SimSettings {
        persons: 1000,
        ..test_settings()
    });
    let all: Vec<_> = state
        .persons(usize::MAX)
        .iter()
        .flat_map(|p| state.devices_of(&p.id))
        .collect();

    let platforms: BTreeSet<_> = all.iter().map(|d| d.platform).collect();
    assert_eq!(platforms, BTreeSet::from(["ANDROID", "android", "ios"]));
    assert!(all.iter().any(|d| d.id.len() == 36), "some UUID-style ids");
    assert!(all.iter().filter(|d| d.id.len() == 64).count() > all.len() / 2);
    assert!(all.iter().all(|d| {
        d.id.len() != 64
            || d.id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }));
    assert!(all.iter().any(|d| d.model.is_none()));
    assert!(all.iter().any(|d| d.os_version.is_none()));
    assert!(all.iter().any(|d| d.created_at.is_none()));
    let states: BTreeSet<_> = all
        .iter()
        .map(|d| {
            (
                d.mobile_authentication_enabled,
                d.push_authentication_enabled,
            )
        })
        .collect();
    assert_eq!(states.len(), 3, "neither, mobile only, mobile and push");
    assert_eq!(
        all.iter().filter(|d| d.name == HOSTILE_DEVICE_NAME).count(),
        1
    );
    assert!(all.iter().any(|d| d.name.chars().count() == 200));
    assert!(all.iter().any(|d| d.name.contains('📱')));
    let apps: BTreeSet<_> = all.iter().map(|d| d.application).collect();
    assert!(apps.len() >= 3);
    for d in &all {
        if let Some(model) = d.model {
            let apple = model.starts_with("iPhone") || model.starts_with("iPad");
            assert_eq!(apple, d.platform == "ios", "{model} on {}", d.platform);
        }
    }
    assert!(
        state.persons(usize::MAX).iter().any(|p| p.devices == 0),
        "a few persons have no devices"
    );
    let samples = state.sample_persons(2);
    assert!(
        state
            .devices_of(&samples[1].id)
            .iter()
            .any(|d| d.name.chars().count() == 200)
    );
}

#[tokio::test]
async fn listing_devices_of_an_unknown_user_or_one_without_devices_is_404() {
    let t = spawn_sim().await;
    let without = t
        .sim
        .state()
        .persons(usize::MAX)
        .into_iter()
        .find(|p| p.devices == 0)
        .unwrap();

    for user in ["no-such-user", without.id.as_str()] {
        let res = t
            .ts(Method::GET, &format!("/api/v4/users/{user}/devices"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        assert_eq!(
            res.json::<Value>().await.unwrap(),
            json!({"error": "No devices found"})
        );
    }
}

#[tokio::test]
async fn deleting_a_device_answers_204_removes_it_and_records_an_event() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let before = t.devices(&person.id).await;
    let victim = before[0].clone();
    let id = victim["id"].as_str().unwrap();

    let res = t.delete_device(&person.id, id).await;

    assert_eq!(res.status(), 204);
    let after = t.devices(&person.id).await;
    assert_eq!(after.len(), before.len() - 1);
    assert!(!ids(&after).contains(&id.to_owned()));
    let (status, events) = t
        .ts_events(&format!(
            "user_id={}&event_type=API_DEVICE_REMOVED",
            person.id
        ))
        .await;
    assert_eq!(status, 200);
    let newest = &events["result_set"][0];
    assert_eq!(newest["event_type"], "API_DEVICE_REMOVED");
    assert_eq!(newest["event_name"], "Api device removed");
    assert_eq!(newest["event_agent_user"], TS_USER);
    assert_eq!(newest["user_id"], person.id.as_str());
    assert_eq!(newest["app_name"], victim["application"]);
    let occurred = newest["occurred"].as_i64().unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    assert!((now - occurred).abs() < 60_000);
}

#[tokio::test]
async fn deleting_an_unknown_device_answers_204_and_changes_nothing() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let before = t.devices(&person.id).await;
    let events_before = t.sim.state().ts_events_of(&person.id).len();

    assert_eq!(
        t.delete_device(&person.id, "no-such-device").await.status(),
        204
    );
    assert_eq!(
        t.delete_device("no-such-user", "no-such-device")
            .await
            .status(),
        204
    );

    assert_eq!(t.devices(&person.id).await, before);
    assert_eq!(t.sim.state().ts_events_of(&person.id).len(), events_before);
}

#[tokio::test]
async fn deleting_all_devices_records_one_event_per_device() {
    let t = spawn_sim().await;
    let person = t.sample(1);
    let events_before = t.sim.state().ts_events_of(&person.id).len();

    let res = t
        .ts(
            Method::DELETE,
            &format!("/api/v4/users/{}/devices", person.id),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(res.status(), 204);
    assert!(t.devices(&person.id).await.is_empty());
    let events = t.sim.state().ts_events_of(&person.id);
    assert_eq!(events.len(), events_before + person.devices);
    assert!(
        events[..person.devices]
            .iter()
            .all(|e| e.event_type == "API_DEVICE_REMOVED")
    );
}

#[tokio::test]
async fn bulk_delete_removes_listed_devices_and_reports_unknown_ones() {
    let t = spawn_sim().await;
    let person = t
        .sim
        .sample_persons(50)
        .into_iter()
        .find(|p| p.devices >= 3)
        .unwrap();
    let all = ids(&t.devices(&person.id).await);
    let path = format!("/api/v4/users/{}/devices", person.id);

    let ok = t
        .ts(Method::POST, &path)
        .json(&json!({ "delete": [all[0]] }))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 204);

    let partial = t
        .ts(Method::POST, &path)
        .json(&json!({ "delete": [all[1], "ghost"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(partial.status(), 500);
    let body: Value = partial.json().await.unwrap();
    assert_eq!(body["code"], "not_all_devices_deleted");
    assert_eq!(body["message"], "Not all devices could be deleted");
    assert_eq!(body["details"][0]["id"], "ghost");
    assert_eq!(body["details"][0]["status"]["code"], "device_not_deleted");
    assert_eq!(body["details"].as_array().unwrap().len(), 1);

    assert_eq!(ids(&t.devices(&person.id).await), all[2..].to_vec());
}

#[tokio::test]
async fn bulk_delete_with_a_malformed_body_is_400_invalid_request() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let path = format!("/api/v4/users/{}/devices", person.id);

    for body in [
        "not json",
        "{\"delete\":\"x\"}",
        "[]",
        "",
        "{\"delete\":[1,2]}",
    ] {
        let res = t
            .ts(Method::POST, &path)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["code"], "invalid_request");
        assert!(json["message"].is_string());
    }
    assert_eq!(t.devices(&person.id).await.len(), person.devices);
}

#[tokio::test]
async fn disabling_push_mobile_authentication_and_fingerprint_changes_the_device() {
    let t = spawn_sim().await;
    let state = t.sim.state();
    let (person, device) = state
        .sample_persons(300)
        .into_iter()
        .find_map(|p| {
            state
                .devices_of(&p.id)
                .into_iter()
                .find(|d| d.push_authentication_enabled && d.token_types.contains(&"FINGER_PRINT"))
                .map(|d| (p, d))
        })
        .unwrap();
    let base = format!("/api/v4/users/{}/devices/{}", person.id, device.id);
    let find = |devices: Vec<Value>| {
        devices
            .into_iter()
            .find(|d| d["id"] == device.id.as_str())
            .unwrap()
    };

    let res = t
        .ts(Method::POST, &format!("{base}/disablePushAuthentication"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let d = find(t.devices(&person.id).await);
    assert_eq!(
        (
            d["mobileAuthenticationEnabled"].clone(),
            d["pushAuthenticationEnabled"].clone()
        ),
        (json!(true), json!(false))
    );

    let res = t
        .ts(Method::POST, &format!("{base}/disableFingerprint"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let d = find(t.devices(&person.id).await);
    assert!(
        !d["tokenTypes"]
            .as_array()
            .unwrap()
            .contains(&json!("FINGER_PRINT"))
    );

    let res = t
        .ts(Method::POST, &format!("{base}/disableMobileAuthentication"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let d = find(t.devices(&person.id).await);
    assert_eq!(d["mobileAuthenticationEnabled"], false);

    for action in [
        "disablePushAuthentication",
        "disableMobileAuthentication",
        "disableFingerprint",
    ] {
        let res = t
            .ts(
                Method::POST,
                &format!("/api/v4/users/nobody/devices/nothing/{action}"),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 204, "{action} on an unknown device");
    }
}

#[tokio::test]
async fn a_share_of_windows_devices_is_served_and_leaves_everything_else_as_seeded() {
    let settings = |percent| onegini_sim::SimSettings {
        persons: 100,
        windows_devices_percent: percent,
        clock_anchor_ms: Some(1_790_000_000_000),
        ..test_settings()
    };
    let plain = SimState::new(&settings(0));
    let t = spawn_sim_with(settings(30)).await;

    let mut windows = 0;
    for p in plain.persons(usize::MAX) {
        let served = t.devices(&p.id).await;
        let seeded = plain.devices_of(&p.id);
        assert_eq!(
            ids(&served),
            seeded.iter().map(|d| d.id.clone()).collect::<Vec<_>>()
        );
        windows += served.iter().filter(|d| d["platform"] == "windows").count();
    }
    assert!(windows > 0, "some devices are windows devices");
}
