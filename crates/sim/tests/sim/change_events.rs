//! The Token Server events that device and session changes leave behind, attributed to the
//! API client that asked (ONEGINI-APIS.md §2; the [OURS] types are the simulator's own).

use reqwest::Method;
use serde_json::Value;

use crate::helpers::{TS_USER, TestSim, spawn_sim_with, test_settings};

/// Seeded histories end here (they hold `ADMIN_PUSH_ENROLLMENT_REVOKED` too); everything
/// recorded during a test comes later.
const ANCHOR_MS: i64 = 1_700_000_000_000;

/// A simulator whose seeded events all lie before [`ANCHOR_MS`].
async fn spawn_sim() -> TestSim {
    spawn_sim_with(onegini_sim::SimSettings {
        clock_anchor_ms: Some(ANCHOR_MS),
        ..test_settings()
    })
    .await
}

const CHANGE_TYPES: &str = "event_type=ADMIN_PUSH_ENROLLMENT_REVOKED\
    &event_type=ADMIN_MOBILE_AUTHENTICATION_REVOKED\
    &event_type=API_FINGERPRINT_TOKEN_REVOKED\
    &event_type=API_SESSIONS_REMOVED";

/// A person with a device that has push and a fingerprint token, and that device.
fn person_with_push_and_fingerprint(t: &TestSim) -> (String, onegini_sim::Device) {
    let state = t.sim.state();
    state
        .sample_persons(300)
        .into_iter()
        .find_map(|p| {
            state
                .devices_of(&p.id)
                .into_iter()
                .find(|d| d.push_authentication_enabled && d.token_types.contains(&"FINGER_PRINT"))
                .map(|d| (p.id, d))
        })
        .unwrap()
}

/// The user's change events recorded since the start, newest first, from the events API.
async fn change_events(t: &TestSim, user_id: &str) -> Vec<Value> {
    let (status, body) = t
        .ts_events(&format!(
            "user_id={user_id}&{CHANGE_TYPES}&start_date={}",
            ANCHOR_MS + 1
        ))
        .await;
    assert_eq!(status, 200);
    body["result_set"].as_array().unwrap().clone()
}

async fn post(t: &TestSim, path: &str) {
    let res = t.ts(Method::POST, path).send().await.unwrap();
    assert_eq!(res.status(), 204, "{path}");
}

#[tokio::test]
async fn each_device_change_records_its_event_once_attributed_to_the_api_client() {
    let t = spawn_sim().await;
    let (user_id, device) = person_with_push_and_fingerprint(&t);
    let base = format!("/api/v4/users/{user_id}/devices/{}", device.id);
    assert!(change_events(&t, &user_id).await.is_empty());

    for (action, event_type, event_name) in [
        (
            "disablePushAuthentication",
            "ADMIN_PUSH_ENROLLMENT_REVOKED",
            "Admin push enrollment revoked",
        ),
        (
            "disableFingerprint",
            "API_FINGERPRINT_TOKEN_REVOKED",
            "Api fingerprint token revoked",
        ),
        (
            "disableMobileAuthentication",
            "ADMIN_MOBILE_AUTHENTICATION_REVOKED",
            "Admin mobile authentication revoked",
        ),
    ] {
        let before = change_events(&t, &user_id).await.len();

        post(&t, &format!("{base}/{action}")).await;
        // Asking again changes nothing, so it records nothing.
        post(&t, &format!("{base}/{action}")).await;

        let events = change_events(&t, &user_id).await;
        assert_eq!(events.len(), before + 1, "{action}");
        let newest = &events[0];
        assert_eq!(newest["event_type"], event_type);
        assert_eq!(newest["event_name"], event_name);
        assert_eq!(newest["event_agent_user"], TS_USER);
        assert_eq!(newest["user_id"], user_id.as_str());
        assert_eq!(newest["app_name"], device.application);
        assert!(newest["client_id"].is_string());
        assert!(
            newest["transaction_id"]
                .as_str()
                .unwrap()
                .starts_with("ONEGINI_")
        );
    }
}

#[tokio::test]
async fn disabling_mobile_authentication_of_a_device_with_push_records_one_event() {
    let t = spawn_sim().await;
    let (user_id, device) = person_with_push_and_fingerprint(&t);

    post(
        &t,
        &format!(
            "/api/v4/users/{user_id}/devices/{}/disableMobileAuthentication",
            device.id
        ),
    )
    .await;

    let events = change_events(&t, &user_id).await;
    let types: Vec<&str> = events
        .iter()
        .map(|e| e["event_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["ADMIN_MOBILE_AUTHENTICATION_REVOKED"]);
}

#[tokio::test]
async fn changes_to_unknown_devices_record_nothing() {
    let t = spawn_sim().await;
    let (user_id, _) = person_with_push_and_fingerprint(&t);

    for action in [
        "disablePushAuthentication",
        "disableMobileAuthentication",
        "disableFingerprint",
    ] {
        post(
            &t,
            &format!("/api/v4/users/{user_id}/devices/no-such-device/{action}"),
        )
        .await;
    }

    assert!(change_events(&t, &user_id).await.is_empty());
}

#[tokio::test]
async fn ending_all_sessions_records_one_event_and_ending_none_records_nothing() {
    let t = spawn_sim().await;
    let person = t.sample(0);
    let sessions = format!("/api/v1/users/{}/sessions?removeTokens=true", person.id);
    let end = || async {
        let res = t.ts(Method::DELETE, &sessions).send().await.unwrap();
        assert_eq!(res.status(), 204);
    };

    end().await;
    end().await;

    let events = change_events(&t, &person.id).await;
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["event_type"], "API_SESSIONS_REMOVED");
    assert_eq!(events[0]["event_name"], "Api sessions removed");
    assert_eq!(events[0]["event_agent_user"], TS_USER);
    assert!(events[0]["app_name"].is_null(), "not about one application");
}

#[tokio::test]
async fn reset_forgets_the_change_events() {
    let t = spawn_sim().await;
    let (user_id, device) = person_with_push_and_fingerprint(&t);
    post(
        &t,
        &format!(
            "/api/v4/users/{user_id}/devices/{}/disablePushAuthentication",
            device.id
        ),
    )
    .await;
    assert_eq!(change_events(&t, &user_id).await.len(), 1);

    t.raw(Method::POST, "/_sim/reset").send().await.unwrap();

    assert!(change_events(&t, &user_id).await.is_empty());
}
