use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{PERSON_ID, T0, devices_path};
use crate::helpers::{problem, spawn_app};

#[tokio::test]
async fn devices_are_mapped_to_the_wire_model() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(
        PERSON_ID,
        vec![
            json!({"id": "a", "name": "<img src=x onerror=alert(1)>", "application": "Example Bank app",
                   "platform": "ANDROID", "lastLogin": T0, "tokenTypes": ["DEFAULT"],
                   "mobileAuthenticationEnabled": false, "pushAuthenticationEnabled": false,
                   "someFutureField": {"x": 1}}),
            json!({"id": "b", "name": "Joe's 📱", "application": "Example Wallet", "platform": "ios",
                   "osVersion": "17.4", "model": "iPhone XR", "createdAt": T0 - 1000, "lastLogin": T0 - 1,
                   "tokenTypes": ["DEFAULT", "FINGER_PRINT"],
                   "mobileAuthenticationEnabled": true, "pushAuthenticationEnabled": false}),
            json!({"id": "c", "name": "Tablet", "application": "Example Bank app", "platform": "ios",
                   "lastLogin": T0 - 2, "tokenTypes": [],
                   "mobileAuthenticationEnabled": true, "pushAuthenticationEnabled": true}),
        ],
    )
    .await;

    let response = app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(
        response.headers()["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert!(response.headers().contains_key("x-request-id"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["devices"][0],
        json!({"id": "a", "name": "<img src=x onerror=alert(1)>", "application": "Example Bank app",
               "platform": "android", "lastUsedAt": "2024-04-01T19:33:20Z", "tokenTypes": ["DEFAULT"],
               "mobileAuthentication": "not_activated", "availableActions": []})
    );
    assert_eq!(body["devices"][1]["osVersion"], "17.4");
    assert_eq!(body["devices"][1]["model"], "iPhone XR");
    assert_eq!(body["devices"][1]["createdAt"], "2024-04-01T19:33:19Z");
    assert_eq!(body["devices"][1]["mobileAuthentication"], "activated");
    assert_eq!(
        body["devices"][2]["mobileAuthentication"],
        "activated_with_push"
    );
    // What an agent could still change: only what is there to take away.
    assert_eq!(
        body["devices"][1]["availableActions"],
        json!(["disable_mobile_authentication", "disable_fingerprint"])
    );
    assert_eq!(
        body["devices"][2]["availableActions"],
        json!(["disable_push", "disable_mobile_authentication"])
    );
}

#[tokio::test]
async fn no_devices_found_at_the_token_server_is_an_empty_list() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"error": "No devices found"})),
        )
        .mount(&app.token_server)
        .await;

    let body: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/devices"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(body, json!({"devices": []}));
}

#[tokio::test]
async fn devices_of_an_unknown_person_are_a_404() {
    let app = spawn_app().await;
    Mock::given(method("GET"))
        .and(path("/api/persons/ghost"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&app.cim)
        .await;
    app.mount_devices("ghost", vec![]).await;

    problem(app.get("/api/v1/users/ghost/devices").await, 404).await;
}

#[tokio::test]
async fn token_server_failures_map_to_gateway_problems() {
    for (upstream_status, delay_ms, expected) in [
        (503, 0, 503),
        (401, 0, 502),
        (403, 0, 502),
        (200, 2_000, 504),
    ] {
        let app = spawn_app().await;
        app.mount_person(PERSON_ID).await;
        Mock::given(method("GET"))
            .and(path(devices_path(PERSON_ID)))
            .respond_with(
                ResponseTemplate::new(upstream_status)
                    .set_body_json(json!({"devices": []}))
                    .set_delay(std::time::Duration::from_millis(delay_ms)),
            )
            .mount(&app.token_server)
            .await;

        let body = problem(
            app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await,
            expected,
        )
        .await;

        assert!(
            body["detail"].as_str().unwrap().contains("Token Server"),
            "{body}"
        );
        assert!(!body.to_string().contains("ts-secret"), "secret leaked");
    }
}

#[tokio::test]
async fn malformed_ids_are_refused() {
    let app = spawn_app().await;
    let long = "a".repeat(300);

    problem(app.get(&format!("/api/v1/users/{long}/devices")).await, 400).await;
    problem(app.get("/api/v1/users/a%0Ab/devices").await, 400).await;
}
