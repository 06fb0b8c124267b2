//! Changing a device without deleting it: disable push, disable mobile authentication, disable
//! fingerprint. Each is verified by reading the device again, and audited.

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::delete::mount_devices_changing;
use crate::fixtures::{PERSON_ID, T0, device, devices_path};
use crate::helpers::{TestApp, login, problem, spawn_app, token};

/// Every action: its name, the Token Server's path segment, and a device before and after it.
fn cases() -> Vec<(&'static str, &'static str, Value, Value)> {
    let with_fingerprint = |mobile: bool, push: bool, fingerprint: bool| {
        let mut d = device("d1", T0, mobile, push);
        if fingerprint {
            d["tokenTypes"] = json!(["DEFAULT", "FINGER_PRINT"]);
        }
        d
    };
    vec![
        (
            "disable_push",
            "disablePushAuthentication",
            with_fingerprint(true, true, false),
            with_fingerprint(true, false, false),
        ),
        (
            "disable_mobile_authentication",
            "disableMobileAuthentication",
            with_fingerprint(true, true, false),
            with_fingerprint(false, false, false),
        ),
        (
            "disable_fingerprint",
            "disableFingerprint",
            with_fingerprint(true, false, true),
            with_fingerprint(true, false, false),
        ),
    ]
}

/// The Token Server accepts `segment` on d1 (`calls` times).
async fn mount_action(app: &TestApp, segment: &str, calls: u64) {
    Mock::given(method("POST"))
        .and(path(format!("{}/d1/{segment}", devices_path(PERSON_ID))))
        .respond_with(ResponseTemplate::new(204))
        .expect(calls)
        .mount(&app.token_server)
        .await;
}

fn action_path(action: &str) -> String {
    format!("/api/v1/users/{PERSON_ID}/devices/d1/actions/{action}")
}

async fn act(app: &TestApp, action: &str) -> reqwest::Response {
    app.request(reqwest::Method::POST, &action_path(action))
        .json(&json!({"reason": "caller asked"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn each_action_is_made_verified_audited_and_answered_with_the_device_as_it_is_now() {
    for (action, segment, before, after) in cases() {
        let app = spawn_app().await;
        app.mount_person(PERSON_ID).await;
        // Read twice before the change: the list shown, and the one the action checks.
        mount_devices_changing(&app, vec![before.clone()], 2, vec![after]).await;
        mount_action(&app, segment, 1).await;

        let listed: Value = app
            .get(&format!("/api/v1/users/{PERSON_ID}/devices"))
            .await
            .json()
            .await
            .unwrap();
        let offered = &listed["devices"][0]["availableActions"];
        assert!(
            offered.as_array().unwrap().contains(&json!(action)),
            "{action} offered: {offered}"
        );

        let response = act(&app, action).await;
        assert_eq!(response.status(), 200, "{action}");
        let changed: Value = response.json().await.unwrap();
        assert!(
            !changed["availableActions"]
                .as_array()
                .unwrap()
                .contains(&json!(action)),
            "{action}: {changed}"
        );
        let records = app.audit_records(PERSON_ID).await;
        assert_eq!(records[0]["action"], format!("device_{action}"));
        assert_eq!(records[0]["outcome"], "succeeded");
        assert_eq!(records[0]["reason"], "caller asked");
        assert_eq!(records[0]["deviceId"], "d1");
    }
}

#[tokio::test]
async fn an_action_the_token_server_silently_ignored_is_a_502_and_audited_as_failed() {
    for (action, segment, before, _) in cases() {
        let app = spawn_app().await;
        mount_devices_changing(&app, vec![before.clone()], 1, vec![before]).await;
        mount_action(&app, segment, 1).await;

        let body = problem(act(&app, action).await, 502).await;
        assert_eq!(body["type"], "/problems/device-not-changed", "{action}");
        let records = app.audit_records(PERSON_ID).await;
        assert_eq!(records[0]["outcome"], "failed", "{action}");
    }
}

#[tokio::test]
async fn an_action_that_would_change_nothing_is_a_409_and_never_sent() {
    for (action, segment, _, after) in cases() {
        let app = spawn_app().await;
        mount_devices_changing(&app, vec![after.clone()], 1, vec![after]).await;
        mount_action(&app, segment, 0).await;

        let body = problem(act(&app, action).await, 409).await;
        assert_eq!(body["type"], "/problems/nothing-to-change", "{action}");
        assert_eq!(app.audit_records(PERSON_ID).await[0]["outcome"], "failed");
    }
}

#[tokio::test]
async fn an_unknown_device_is_a_404_and_an_unknown_action_a_400() {
    let app = spawn_app().await;
    mount_devices_changing(&app, vec![], 1, vec![]).await;
    mount_action(&app, "disablePushAuthentication", 0).await;

    let body = problem(act(&app, "disable_push").await, 404).await;
    assert_eq!(body["type"], "/problems/device-not-found");
    let body = problem(act(&app, "wipe").await, 400).await;
    assert!(
        body["detail"].as_str().unwrap().contains("disable_push"),
        "{body}"
    );
}

#[tokio::test]
async fn without_delete_device_or_the_csrf_token_nothing_is_sent() {
    let app = spawn_app().await;
    let (_, _, before, _) = cases().remove(0);
    mount_devices_changing(&app, vec![before.clone()], 100, vec![before]).await;
    mount_action(&app, "disablePushAuthentication", 0).await;

    let viewer = app
        .client
        .post(app.url(&action_path("disable_push")))
        .bearer_auth(token("vic", &["USERS_READ"]))
        .send()
        .await
        .unwrap();
    let body = problem(viewer, 403).await;
    assert!(
        body["detail"].as_str().unwrap().contains("DELETE_DEVICE"),
        "{body}"
    );

    let (browser, _xsrf) = login(&app.address, "agent").await;
    let without_csrf = browser
        .post(app.url(&action_path("disable_push")))
        .send()
        .await
        .unwrap();
    problem(without_csrf, 403).await;
}

#[tokio::test]
async fn with_the_token_server_down_the_answer_is_a_problem_and_nothing_is_recorded_as_done() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.token_server)
        .await;
    mount_action(&app, "disablePushAuthentication", 0).await;

    let response = act(&app, "disable_push").await;
    let status = response.status().as_u16();
    let body = problem(response, 503).await;
    assert_eq!(status, 503);
    assert_eq!(body["type"], "/problems/upstream-unavailable", "{body}");
    assert!(
        app.audit_records(PERSON_ID)
            .await
            .iter()
            .all(|record| record["outcome"] != "succeeded"),
        "nothing recorded as done"
    );
}
