//! An end user's sessions at the Token Server, and signing them out everywhere: audited and
//! verified by listing them again.

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{PERSON_ID, T0};
use crate::helpers::{TestApp, login, problem, spawn_app, token};

fn sessions_path() -> String {
    format!("/oauth/api/v1/users/{PERSON_ID}/sessions")
}

fn session(id: &str) -> Value {
    json!({"id": id, "client_name": "Example Bank app", "created_at": T0 - 1000, "last_used": T0})
}

/// The Token Server lists `before` for the first `reads` reads, then `after`.
async fn mount_sessions_changing(app: &TestApp, before: Vec<Value>, reads: u64, after: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path(sessions_path()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({ "result": before })))
        .up_to_n_times(reads)
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    let answer = if after.is_empty() {
        ResponseTemplate::new(404).set_body_json(json!({"error": "No sessions found"}))
    } else {
        ResponseTemplate::new(200).set_body_json(json!({ "result": after }))
    };
    Mock::given(method("GET"))
        .and(path(sessions_path()))
        .respond_with(answer)
        .with_priority(2)
        .mount(&app.token_server)
        .await;
}

async fn mount_end(app: &TestApp, calls: u64) {
    Mock::given(method("DELETE"))
        .and(path(sessions_path()))
        .and(query_param("removeTokens", "true"))
        .respond_with(ResponseTemplate::new(204))
        .expect(calls)
        .mount(&app.token_server)
        .await;
}

async fn sign_out(app: &TestApp) -> reqwest::Response {
    app.request(
        reqwest::Method::DELETE,
        &format!("/api/v1/users/{PERSON_ID}/sessions"),
    )
    .json(&json!({"reason": "phone stolen"}))
    .send()
    .await
    .unwrap()
}

/// The newest audit record about the user.
async fn last_audit(app: &TestApp) -> Value {
    app.audit_records(PERSON_ID)
        .await
        .first()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn the_sessions_are_listed_as_the_token_server_has_them() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_sessions_changing(
        &app,
        vec![session("s1"), json!({"sessionId": 7}), json!({"no": "id"})],
        1,
        vec![],
    )
    .await;

    let listed: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/sessions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        listed,
        json!({"sessions": [
            {"id": "s1", "client": "Example Bank app", "createdAt": "2024-04-01T19:33:19Z", "lastUsedAt": "2024-04-01T19:33:20Z"},
            {"id": "7"}
        ]})
    );
    let none: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/sessions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none, json!({"sessions": []}), "404 is none");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_verified_and_audited() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_sessions_changing(&app, vec![session("s1"), session("s2")], 1, vec![]).await;
    mount_end(&app, 1).await;

    let response = sign_out(&app).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"ended": 2}));
    let record = last_audit(&app).await;
    assert_eq!(record["action"], "user_sign_out");
    assert_eq!(record["outcome"], "succeeded");
    assert_eq!(record["reason"], "phone stolen");
}

#[tokio::test]
async fn sessions_the_token_server_kept_are_a_502_and_no_session_a_409() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_sessions_changing(&app, vec![session("s1")], 1, vec![session("s1")]).await;
    mount_end(&app, 1).await;
    let body = problem(sign_out(&app).await, 502).await;
    assert_eq!(body["type"], "/problems/sessions-not-ended");
    assert_eq!(last_audit(&app).await["outcome"], "failed");

    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_sessions_changing(&app, vec![], 1, vec![]).await;
    mount_end(&app, 0).await;
    let body = problem(sign_out(&app).await, 409).await;
    assert_eq!(body["type"], "/problems/nothing-to-change");
}

#[tokio::test]
async fn without_delete_device_or_the_csrf_token_or_the_token_server_nobody_is_signed_out() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_end(&app, 0).await;

    let viewer = app
        .client
        .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/sessions")))
        .bearer_auth(token("vic", &["USERS_READ"]))
        .send()
        .await
        .unwrap();
    problem(viewer, 403).await;

    let (browser, _xsrf) = login(&app.address, "agent").await;
    let without_csrf = browser
        .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/sessions")))
        .send()
        .await
        .unwrap();
    problem(without_csrf, 403).await;

    Mock::given(method("GET"))
        .and(path(sessions_path()))
        .respond_with(ResponseTemplate::new(503))
        .mount(&app.token_server)
        .await;
    let body = problem(sign_out(&app).await, 503).await;
    assert_eq!(body["type"], "/problems/upstream-unavailable");
    let record = last_audit(&app).await;
    assert_ne!(
        record["action"], "user_sign_out",
        "nothing recorded: {record}"
    );
}

#[tokio::test]
async fn against_the_simulator_a_user_signed_out_everywhere_has_no_session_left() {
    let (sim, address, handle) = crate::helpers::start_with_simulator(50, |_| {}).await;
    let person = sim
        .sample_persons(50)
        .into_iter()
        .find(|p| p.devices > 0)
        .unwrap();
    let agent = token("agent", &["USERS_ALL"]);
    let client = crate::helpers::client().build().unwrap();
    let sessions = || {
        client
            .get(format!("{address}/api/v1/users/{}/sessions", person.id))
            .bearer_auth(&agent)
            .send()
    };
    let before: Value = sessions().await.unwrap().json().await.unwrap();
    assert_eq!(before["sessions"].as_array().unwrap().len(), person.devices);

    let ended = client
        .delete(format!("{address}/api/v1/users/{}/sessions", person.id))
        .bearer_auth(&agent)
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 200);
    assert_eq!(
        ended.json::<Value>().await.unwrap(),
        json!({"ended": person.devices})
    );
    let after: Value = sessions().await.unwrap().json().await.unwrap();
    assert_eq!(after, json!({"sessions": []}));
    handle.stop(false).await;
}
