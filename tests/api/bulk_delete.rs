//! Deleting several devices at once, or all of them: each audited and verified, reported per
//! device.

use serde_json::{Value, json};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::delete::{AppOnFile, mount_devices_changing};
use crate::fixtures::{PERSON_ID, T0, device, devices_path};
use crate::helpers::{TestApp, login, problem, spawn_app, token};

fn three() -> Vec<Value> {
    vec![
        device("d1", T0, true, true),
        device("d2", T0 - 1, true, false),
        device("d3", T0 - 2, false, false),
    ]
}

fn deletions_path() -> String {
    format!("/api/v1/users/{PERSON_ID}/device-deletions")
}

async fn delete_several(app: &TestApp, body: Value) -> reqwest::Response {
    app.request(reqwest::Method::POST, &deletions_path())
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// The Token Server's bulk delete of exactly `ids`, answering `status` (`calls` times).
async fn mount_bulk(app: &TestApp, ids: &[&str], status: u16, calls: u64) {
    let answer = if status == 204 {
        ResponseTemplate::new(204)
    } else {
        ResponseTemplate::new(status).set_body_json(json!({
            "code": "not_all_devices_deleted", "message": "Not all devices could be deleted",
            "details": [{"id": ids[ids.len() - 1], "status": {"code": "device_not_deleted"}}]
        }))
    };
    Mock::given(method("POST"))
        .and(path(devices_path(PERSON_ID)))
        .and(body_json(json!({ "delete": ids })))
        .respond_with(answer)
        .expect(calls)
        .mount(&app.token_server)
        .await;
}

async fn outcomes(response: reqwest::Response) -> (Vec<(String, String)>, Value) {
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let list = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["deviceId"].as_str().unwrap().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (list, body)
}

/// (device, outcome) of every audit record about the user, sorted.
async fn audited(app: &TestApp) -> Vec<(String, String)> {
    let mut records: Vec<(String, String)> = app
        .audit_records(PERSON_ID)
        .await
        .iter()
        .map(|r| {
            (
                r["deviceId"].as_str().unwrap_or_default().to_owned(),
                r["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    records.sort();
    records
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[tokio::test]
async fn a_selection_is_deleted_verified_and_each_device_audited() {
    let app = spawn_app().await;
    mount_devices_changing(&app, three(), 1, vec![device("d3", T0 - 2, false, false)]).await;
    mount_bulk(&app, &["d1", "d2"], 204, 1).await;

    let (results, body) = outcomes(
        delete_several(
            &app,
            json!({"deviceIds": ["d1", "d2"], "reason": "lost both"}),
        )
        .await,
    )
    .await;

    assert_eq!(results, pairs(&[("d1", "removed"), ("d2", "removed")]));
    assert_eq!(body["allRemoved"], true);
    assert_eq!(body["results"][0]["name"], "Phone d1");
    assert_eq!(
        audited(&app).await,
        pairs(&[("d1", "succeeded"), ("d2", "succeeded")])
    );
}

#[tokio::test]
async fn a_partial_failure_is_reported_per_device() {
    let app = spawn_app().await;
    let after = vec![
        device("d2", T0 - 1, true, false),
        device("d3", T0 - 2, false, false),
    ];
    mount_devices_changing(&app, three(), 1, after).await;
    mount_bulk(&app, &["d1", "d2"], 500, 1).await;

    let (results, body) =
        outcomes(delete_several(&app, json!({"deviceIds": ["d1", "d2"]})).await).await;

    assert_eq!(results, pairs(&[("d1", "removed"), ("d2", "not_removed")]));
    assert_eq!(body["allRemoved"], false);
    assert_eq!(
        audited(&app).await,
        pairs(&[("d1", "succeeded"), ("d2", "failed")])
    );
}

#[tokio::test]
async fn a_device_the_user_does_not_have_is_not_found_and_not_asked_for() {
    let app = spawn_app().await;
    mount_devices_changing(
        &app,
        three(),
        1,
        vec![
            device("d2", T0 - 1, true, false),
            device("d3", T0 - 2, false, false),
        ],
    )
    .await;
    mount_bulk(&app, &["d1"], 204, 1).await;

    let (results, body) =
        outcomes(delete_several(&app, json!({"deviceIds": ["d1", "nope"]})).await).await;

    assert_eq!(results, pairs(&[("d1", "removed"), ("nope", "not_found")]));
    assert_eq!(body["allRemoved"], false);
    assert_eq!(body["results"][1].get("name"), None);
}

#[tokio::test]
async fn all_devices_are_deleted_with_the_token_servers_delete_all() {
    let app = spawn_app().await;
    mount_devices_changing(&app, three(), 1, vec![]).await;
    Mock::given(method("DELETE"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&app.token_server)
        .await;

    let (results, body) = outcomes(delete_several(&app, json!({"all": true})).await).await;

    assert_eq!(
        results,
        pairs(&[("d1", "removed"), ("d2", "removed"), ("d3", "removed")])
    );
    assert_eq!(body["allRemoved"], true);
    assert_eq!(audited(&app).await.len(), 3);
}

#[tokio::test]
async fn malformed_selections_are_refused_before_any_upstream_call() {
    let app = spawn_app().await;
    let many: Vec<String> = (0..101).map(|i| format!("d{i}")).collect();
    for (body, words) in [
        (json!({"deviceIds": ["d1"], "all": true}), "not both"),
        (json!({}), "not both"),
        (json!({"deviceIds": []}), "1 to 100"),
        (json!({"deviceIds": many}), "1 to 100"),
        (json!({"deviceIds": ["d1", "d1"]}), "twice"),
        (json!({"deviceIds": ["../x"]}), "deviceIds"),
        (json!({"deviceIds": ["d1"], "wipe": true}), "wipe"),
    ] {
        let response = delete_several(&app, body.clone()).await;
        let problem = problem(response, 400).await;
        assert!(
            problem["detail"].as_str().unwrap().contains(words),
            "{body}: {problem}"
        );
    }
    assert!(
        app.token_server
            .received_requests()
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn without_delete_device_or_the_csrf_token_or_the_audit_trail_nothing_is_deleted() {
    let on_file = AppOnFile::start("cs-bulk-refusals").await;
    let app = &on_file.app;
    mount_devices_changing(app, three(), 100, three()).await;
    mount_bulk(app, &["d1", "d2"], 204, 0).await;

    let viewer = app
        .client
        .post(app.url(&deletions_path()))
        .bearer_auth(token("vic", &["USERS_READ"]))
        .json(&json!({"deviceIds": ["d1", "d2"]}))
        .send()
        .await
        .unwrap();
    problem(viewer, 403).await;

    let (browser, _xsrf) = login(&app.address, "agent").await;
    let without_csrf = browser
        .post(app.url(&deletions_path()))
        .json(&json!({"deviceIds": ["d1", "d2"]}))
        .send()
        .await
        .unwrap();
    problem(without_csrf, 403).await;

    on_file.break_audit_trail().await;
    let body = problem(
        delete_several(app, json!({"deviceIds": ["d1", "d2"]})).await,
        503,
    )
    .await;
    assert_eq!(body["type"], "/problems/audit-unavailable");
}
