use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{HOUR, PERSON_ID, T0, cim_event, device, devices_path, ts_event};
use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn a_profile_holds_the_person_devices_and_merged_events() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(
        PERSON_ID,
        vec![
            device("old", T0 - HOUR, false, false),
            device("new", T0, true, true),
        ],
    )
    .await;
    app.mount_ts_events(
        PERSON_ID,
        vec![ts_event("t1", "API_DEVICE_REMOVED", T0 - 2 * HOUR)],
    )
    .await;
    app.mount_cim_events(
        PERSON_ID,
        vec![cim_event(
            "c1",
            "person.SessionLoginSucceededEvent",
            T0 - HOUR,
        )],
    )
    .await;

    let response = app.get(&format!("/api/v1/users/{PERSON_ID}")).await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let person = &body["person"];
    assert_eq!(person["personId"], PERSON_ID);
    assert_eq!(person["displayName"], "Joe Doe");
    assert_eq!(person["name"]["firstName"], "Joe");
    assert_eq!(person["emails"][0]["value"], "joe.doe@example.com");
    assert_eq!(person["emails"][0]["verified"], true);
    assert_eq!(person["phones"][0]["value"], "+31 6 12345678");
    assert_eq!(person["dateOfBirth"], "1990-01-31");
    assert_eq!(person["locale"], "en_US");
    assert_eq!(person["gender"], "M");
    let ids: Vec<&str> = body["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["new", "old"], "most recently used first");
    let events: Vec<(&str, &str)> = body["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap(), e["source"].as_str().unwrap()))
        .collect();
    assert_eq!(
        events,
        [("c1", "cim"), ("t1", "token_server")],
        "newest first"
    );
    assert_eq!(body["events"][0]["name"], "Session login succeeded");
    assert_eq!(body["events"][1]["actor"], "helpdesk-agent-1");
    assert_eq!(body["unavailable"], serde_json::json!([]));
}

#[tokio::test]
async fn an_unknown_person_is_a_404_problem() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/nobody"))
        .respond_with(ResponseTemplate::new(404).set_body_json(
            serde_json::json!({"error_code": 4041, "error_message": "Person not found"}),
        ))
        .mount(&app.cim)
        .await;
    app.mount_devices("nobody", vec![]).await;
    app.mount_ts_events("nobody", vec![]).await;
    app.mount_cim_events("nobody", vec![]).await;

    let body = problem(app.get("/api/v1/users/nobody").await, 404).await;

    assert_eq!(body["type"], "/problems/user-not-found");
    assert_eq!(body["instance"], "/api/v1/users/nobody");
}

#[tokio::test]
async fn a_failed_device_source_gives_a_partial_profile_naming_it() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(500))
        .mount(&app.token_server)
        .await;
    app.mount_ts_events(PERSON_ID, vec![ts_event("t1", "API_DEVICE_REMOVED", T0)])
        .await;
    app.mount_cim_events(PERSON_ID, vec![]).await;

    let response = app.get(&format!("/api/v1/users/{PERSON_ID}")).await;

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["person"]["personId"], PERSON_ID);
    assert_eq!(body["devices"], serde_json::json!([]));
    assert_eq!(body["events"][0]["id"], "t1");
    assert_eq!(body["unavailable"].as_array().unwrap().len(), 1);
    assert_eq!(body["unavailable"][0]["source"], "token_server_devices");
    assert!(
        body["unavailable"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("Token Server")
    );
}

#[tokio::test]
async fn slow_and_broken_event_sources_are_named_and_the_rest_is_served() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, false)])
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth/api/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(3)))
        .mount(&app.token_server)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{not json"))
        .mount(&app.cim)
        .await;

    let body: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(body["devices"][0]["mobileAuthentication"], "activated");
    let mut sources: Vec<&str> = body["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["source"].as_str().unwrap())
        .collect();
    sources.sort_unstable();
    assert_eq!(sources, ["cim_events", "token_server_events"]);
    assert!(
        body["unavailable"]
            .to_string()
            .contains("did not answer in time")
    );
}

#[tokio::test]
async fn a_cim_failure_on_the_person_fails_the_profile() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(ResponseTemplate::new(401).set_body_json(
            serde_json::json!({"error_code": 4010, "error_message": "Unauthorized"}),
        ))
        .mount(&app.cim)
        .await;
    app.mount_devices(PERSON_ID, vec![]).await;
    app.mount_ts_events(PERSON_ID, vec![]).await;
    app.mount_cim_events(PERSON_ID, vec![]).await;

    let body = problem(app.get(&format!("/api/v1/users/{PERSON_ID}")).await, 502).await;

    assert_eq!(body["type"], "/problems/upstream-configuration");
    assert!(!body.to_string().contains("cim-secret"), "secret leaked");
}
