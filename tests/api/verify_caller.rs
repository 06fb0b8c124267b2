//! Verifying a caller by a push: started and audited, followed until the user answers on the
//! device, with the Token Server asked at most once per interval however many agents watch. The
//! server reads a manual clock, so expiry is reached by moving it, never by sleeping.

use std::time::Duration;

use cs_clock::{Clock, ManualClock};
use serde_json::{Value, json};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::delete::mount_devices_changing;
use crate::fixtures::{PERSON_ID, T0, device};
use crate::helpers::{TestApp, login, problem, spawn_app_with_clock, token};

const TRANSACTION: &str = "7f1c9a52-3b0e-4c1e-9f8a-2d4b6c8e0a13";
const INTERVAL: Duration = Duration::from_secs(2);

fn enabled_path(device_id: &str) -> String {
    format!("/oauth/api/v4/authenticate/user/{PERSON_ID}/device/{device_id}/enabled")
}

fn transaction_path() -> String {
    format!("/oauth/api/v4/authenticate/transaction/{TRANSACTION}")
}

fn verifications() -> String {
    format!("/api/v1/users/{PERSON_ID}/verifications")
}

fn verification() -> String {
    format!("{}/{TRANSACTION}", verifications())
}

/// An app on a manual clock whose user has `d1`, enrolled for push, which the Token Server
/// offers push for and accepts `starts` requests to.
async fn app_with_push_device(starts: u64) -> (TestApp, ManualClock) {
    let (clock, time) = Clock::manual();
    let app = spawn_app_with_clock(clock, |_| {}).await;
    mount_devices_changing(
        &app,
        vec![device("d1", T0, true, true)],
        1,
        vec![device("d1", T0, true, true)],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(enabled_path("d1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"enabled": [
            {"type": "otp_auth", "method": "OTP", "apps_enrolled_for_push": []},
            {"type": "PUSH_AUTH", "method": "PUSH", "sms_fallback_allowed": false,
             "apps_enrolled_for_push": [{"app_id": "c1", "app_name": "Example Bank app",
                                         "device_id": "d1", "device_name": "Phone d1", "platform": "ios"}]}
        ]})))
        .mount(&app.token_server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/api/v4/authenticate/user"))
        .and(body_string_contains("type=PUSH_AUTH"))
        .and(body_string_contains("device_id=d1"))
        .and(body_string_contains(format!("user_id={PERSON_ID}")))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"transaction_id": TRANSACTION, "expires_in": 120})),
        )
        .expect(starts)
        .mount(&app.token_server)
        .await;
    (app, time)
}

/// The Token Server answers every poll of the transaction with `status`.
async fn mount_status(app: &TestApp, status: &str) {
    Mock::given(method("GET"))
        .and(path(transaction_path()))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"transaction_id": TRANSACTION, "status": status})),
        )
        .mount(&app.token_server)
        .await;
}

async fn start(app: &TestApp, body: Value) -> reqwest::Response {
    app.request(reqwest::Method::POST, &verifications())
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn watch(app: &TestApp) -> Value {
    let response = app.get(&verification()).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// How often the Token Server was asked about the transaction.
async fn polls(app: &TestApp) -> usize {
    let requests = app.token_server.received_requests().await.unwrap();
    requests
        .iter()
        .filter(|r| r.url.path() == transaction_path())
        .count()
}

async fn last_audit(app: &TestApp) -> Value {
    app.audit_records(PERSON_ID)
        .await
        .first()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn a_verification_approved_on_the_device_is_approved_and_audited() {
    let (app, time) = app_with_push_device(1).await;
    let response = start(
        &app,
        json!({"deviceId": "d1", "message": "Bel je ons nu? ✓"}),
    )
    .await;
    assert_eq!(response.status(), 201);
    let started: Value = response.json().await.unwrap();
    assert_eq!(started["id"], TRANSACTION);
    assert_eq!(started["state"], "pending");
    assert_eq!(started["secondsLeft"], 120);
    assert_eq!(started["deviceName"], "Phone d1");
    assert_eq!(started["message"], "Bel je ons nu? ✓");
    assert_eq!(started["startedBy"], "agent");
    let record = last_audit(&app).await;
    assert_eq!(
        (record["action"].as_str(), record["outcome"].as_str()),
        (Some("device_verify"), Some("pending"))
    );

    // Within the interval nobody asks the Token Server.
    mount_status(&app, "PENDING").await;
    assert_eq!(watch(&app).await["state"], "pending");
    assert_eq!(polls(&app).await, 0);

    time.advance(INTERVAL);
    let pending = watch(&app).await;
    assert_eq!(
        (pending["state"].as_str(), pending["secondsLeft"].as_u64()),
        (Some("pending"), Some(118))
    );
    assert_eq!(polls(&app).await, 1);

    Mock::given(method("GET"))
        .and(path(transaction_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "CONFIRMED"})))
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    time.advance(INTERVAL);
    let approved = watch(&app).await;
    assert_eq!(
        (approved["state"].as_str(), approved["secondsLeft"].as_u64()),
        (Some("approved"), Some(0))
    );
    let record = last_audit(&app).await;
    assert_eq!(
        (
            record["action"].as_str(),
            record["outcome"].as_str(),
            record["deviceId"].as_str()
        ),
        (Some("device_verify"), Some("succeeded"), Some("d1"))
    );

    // Ended: never asked again.
    time.advance(INTERVAL * 5);
    assert_eq!(watch(&app).await["state"], "approved");
    assert_eq!(polls(&app).await, 2);
}

#[tokio::test]
async fn a_denied_verification_is_denied_and_audited_as_failed() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    mount_status(&app, "REJECTED").await;
    time.advance(INTERVAL);
    assert_eq!(watch(&app).await["state"], "denied");
    let record = last_audit(&app).await;
    assert_eq!(record["outcome"], "failed");
    assert!(
        record["detail"].as_str().unwrap().contains("denied"),
        "{record}"
    );
}

#[tokio::test]
async fn without_an_answer_it_expires_by_our_clock_and_never_reads_as_approved() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    mount_status(&app, "PENDING").await;
    time.advance(Duration::from_secs(119));
    let late = watch(&app).await;
    assert_eq!(
        (late["state"].as_str(), late["secondsLeft"].as_u64()),
        (Some("pending"), Some(1))
    );
    // The Token Server's clock may run behind: a few seconds' grace, then expired.
    time.advance(Duration::from_secs(7));
    let expired = watch(&app).await;
    assert_eq!(
        (expired["state"].as_str(), expired["secondsLeft"].as_u64()),
        (Some("expired"), Some(0))
    );
    let record = last_audit(&app).await;
    assert_eq!(record["outcome"], "failed");
    assert!(
        record["detail"].as_str().unwrap().contains("in time"),
        "{record}"
    );
}

#[tokio::test]
async fn the_token_servers_own_expiry_is_believed() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    mount_status(&app, "expired").await;
    time.advance(INTERVAL);
    assert_eq!(watch(&app).await["state"], "expired");
}

#[tokio::test]
async fn a_token_server_failing_mid_way_is_shown_and_checked_again() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    Mock::given(method("GET"))
        .and(path(transaction_path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    Mock::given(method("GET"))
        .and(path(transaction_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"status": "CONFIRMED"})))
        .with_priority(2)
        .mount(&app.token_server)
        .await;
    time.advance(INTERVAL);
    let failing = watch(&app).await;
    assert_eq!(
        (failing["state"].as_str(), failing["checkFailing"].as_bool()),
        (Some("pending"), Some(true))
    );
    // Other watchers see it too, without asking.
    assert_eq!(watch(&app).await["checkFailing"], true);
    time.advance(INTERVAL);
    let approved = watch(&app).await;
    assert_eq!(
        (
            approved["state"].as_str(),
            approved["checkFailing"].as_bool()
        ),
        (Some("approved"), Some(false))
    );
}

#[tokio::test]
async fn a_token_server_down_until_the_end_fails_the_verification() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    Mock::given(method("GET"))
        .and(path(transaction_path()))
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.token_server)
        .await;
    time.advance(Duration::from_secs(130));
    let failed = watch(&app).await;
    assert_eq!(failed["state"], "failed");
    assert_eq!(last_audit(&app).await["outcome"], "failed");
}

#[tokio::test]
async fn twenty_watchers_cause_one_upstream_poll_per_interval() {
    let (app, time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    mount_status(&app, "PENDING").await;
    for round in 1..=3 {
        time.advance(INTERVAL);
        let url = verification();
        let answers = futures::future::join_all((0..20).map(|_| app.get(&url))).await;
        for answer in answers {
            assert_eq!(answer.status(), 200);
        }
        assert_eq!(polls(&app).await, round, "round {round}");
    }
}

#[tokio::test]
async fn only_agents_with_verify_device_may_verify() {
    let (app, _time) = app_with_push_device(1).await;
    for grants in [&["USERS_READ", "DELETE_DEVICE"][..], &["USERS_READ"][..]] {
        let refused = app
            .client
            .post(app.url(&verifications()))
            .bearer_auth(token("dee", grants))
            .json(&json!({"deviceId": "d1"}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            problem(refused, 403).await["type"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next(),
            Some("forbidden")
        );
        let watching = app
            .client
            .get(app.url(&verification()))
            .bearer_auth(token("dee", grants))
            .send()
            .await
            .unwrap();
        assert_eq!(watching.status(), 403);
    }
    let allowed = app
        .client
        .post(app.url(&verifications()))
        .bearer_auth(token("vera", &["USERS_READ", "VERIFY_DEVICE"]))
        .json(&json!({"deviceId": "d1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(allowed.status(), 201);
    assert_eq!(last_audit(&app).await["agent"], "vera");
}

#[tokio::test]
async fn a_cookie_session_must_carry_the_csrf_token() {
    let (app, _time) = app_with_push_device(1).await;
    let (client, xsrf) = login(&app.address, "agent").await;
    let without = client
        .post(app.url(&verifications()))
        .json(&json!({"deviceId": "d1"}))
        .send()
        .await
        .unwrap();
    assert!(
        problem(without, 403).await["type"]
            .as_str()
            .unwrap()
            .ends_with("/csrf")
    );
    let with = client
        .post(app.url(&verifications()))
        .header("X-XSRF-TOKEN", xsrf)
        .json(&json!({"deviceId": "d1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 201);
}

#[tokio::test]
async fn unknown_and_unenrolled_devices_get_no_push() {
    let (app, _time) = app_with_push_device(0).await;
    let unknown = start(&app, json!({"deviceId": "d9"})).await;
    assert!(
        problem(unknown, 404).await["type"]
            .as_str()
            .unwrap()
            .ends_with("/device-not-found")
    );
    let record = last_audit(&app).await;
    assert_eq!(record["outcome"], "failed");
    assert!(
        record["detail"].as_str().unwrap().starts_with("not made"),
        "{record}"
    );

    // A device the Token Server offers no push for, although it lists the push flag.
    Mock::given(method("GET"))
        .and(path(enabled_path("d1")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"enabled": []})))
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    let unenrolled = start(&app, json!({"deviceId": "d1"})).await;
    assert!(
        problem(unenrolled, 409).await["type"]
            .as_str()
            .unwrap()
            .ends_with("/device-not-verifiable")
    );
}

#[tokio::test]
async fn bad_messages_are_refused_before_anything_is_sent() {
    let (app, _time) = app_with_push_device(0).await;
    for body in [
        json!({"deviceId": "d1", "message": "line\nbreak"}),
        json!({"deviceId": "d1", "message": "x".repeat(201)}),
        json!({"deviceId": "d1", "message": "   "}),
        json!({"deviceId": "d1", "reason": "unknown field"}),
        json!({"deviceId": ".."}),
        json!({}),
    ] {
        let refused = start(&app, body.clone()).await;
        let detail = problem(refused, 400).await;
        assert!(
            detail["detail"].as_str().is_some_and(|d| !d.is_empty()),
            "{body}: {detail}"
        );
    }
    assert!(app.audit_records(PERSON_ID).await.is_empty());
}

#[tokio::test]
async fn the_token_server_down_at_the_start_sends_nothing_and_audits_it() {
    let (clock, _time) = Clock::manual();
    let app = spawn_app_with_clock(clock, |_| {}).await;
    mount_devices_changing(
        &app,
        vec![device("d1", T0, true, true)],
        1,
        vec![device("d1", T0, true, true)],
    )
    .await;
    Mock::given(method("GET"))
        .and(path(enabled_path("d1")))
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.token_server)
        .await;
    let down = start(&app, json!({"deviceId": "d1"})).await;
    assert_eq!(down.status(), 503);
    assert_eq!(down.headers()["content-type"], "application/problem+json");
    let record = last_audit(&app).await;
    assert_eq!(record["outcome"], "failed");
}

#[tokio::test]
async fn a_verification_is_only_found_under_its_own_user() {
    let (app, _time) = app_with_push_device(1).await;
    assert_eq!(start(&app, json!({"deviceId": "d1"})).await.status(), 201);
    let elsewhere = app
        .get(&format!(
            "/api/v1/users/0b1e8f7e-0000-4000-8000-000000000000/verifications/{TRANSACTION}"
        ))
        .await;
    assert!(
        problem(elsewhere, 404).await["type"]
            .as_str()
            .unwrap()
            .ends_with("/verification-not-found")
    );
}
