use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{PERSON_ID, T0, device, devices, devices_path, ts_event};
use crate::helpers::{TS_USER, TestApp, problem, spawn_app, spawn_app_with};

/// The Token Server lists `before` for the first `reads` reads, then `after`.
pub async fn mount_devices_changing(
    app: &TestApp,
    before: Vec<Value>,
    reads: u64,
    after: Vec<Value>,
) {
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(200).set_body_json(devices(before)))
        .up_to_n_times(reads)
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    Mock::given(method("GET"))
        .and(path(devices_path(PERSON_ID)))
        .respond_with(ResponseTemplate::new(200).set_body_json(devices(after)))
        .with_priority(2)
        .mount(&app.token_server)
        .await;
}

pub async fn mount_delete(app: &TestApp, device_id: &str, calls: u64) {
    Mock::given(method("DELETE"))
        .and(path(format!("{}/{device_id}", devices_path(PERSON_ID))))
        .respond_with(ResponseTemplate::new(204))
        .expect(calls)
        .mount(&app.token_server)
        .await;
}

#[tokio::test]
async fn a_deletion_the_token_server_carried_out_is_a_204() {
    let app = spawn_app().await;
    mount_devices_changing(
        &app,
        vec![device("d1", T0, true, true), device("d2", T0, false, false)],
        1,
        vec![device("d2", T0, false, false)],
    )
    .await;
    mount_delete(&app, "d1", 1).await;

    let response = app
        .request(
            reqwest::Method::DELETE,
            &format!("/api/v1/users/{PERSON_ID}/devices/d1"),
        )
        .json(&json!({"reason": "Caller lost the phone"}))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 204);
}

/// An app whose database is a file of its own (in a fresh directory, removed with it), so that
/// a test can break the audit trail under the running server.
pub struct AppOnFile {
    /// Declared first, so that it (and its mock servers, which verify their expectations) drops
    /// before the directory is removed.
    pub app: TestApp,
    dir: tempfile::TempDir,
}

impl AppOnFile {
    const DATABASE: &str = "customer-service.db";

    pub async fn start(name: &str) -> AppOnFile {
        let dir = tempfile::Builder::new().prefix(name).tempdir().unwrap();
        let database = dir.path().join(Self::DATABASE);
        let app = spawn_app_with(|settings| settings.auth.database = database.into()).await;
        AppOnFile { app, dir }
    }

    /// A second server on the same database file: it shares sessions, but has cached none.
    pub async fn another_replica(&self) -> TestApp {
        let database = self.dir.path().join(Self::DATABASE);
        spawn_app_with(|settings| settings.auth.database = database.into()).await
    }

    /// Runs `sql` on the database file, beside the running server.
    pub async fn execute(&self, sql: &str) {
        use sqlx::Connection as _;
        let path = self.dir.path().join(Self::DATABASE);
        let mut connection =
            sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
                .await
                .unwrap();
        sqlx::raw_sql(sql).execute(&mut connection).await.unwrap();
        connection.close().await.unwrap();
    }

    /// Drops the audit table under the running server.
    pub async fn break_audit_trail(&self) {
        self.execute("DROP TABLE audit").await;
    }

    /// Replaces every stored session's agent with something that is not one.
    pub async fn corrupt_sessions(&self) {
        self.execute(r#"UPDATE sessions SET state = '{"agent":"1"}'"#)
            .await;
    }
}

#[tokio::test]
async fn a_deletion_that_cannot_be_audited_is_refused_and_not_made() {
    let on_file = AppOnFile::start("cs-audit-failure").await;
    let app = &on_file.app;
    let listed = vec![device("d1", T0, true, true)];
    mount_devices_changing(app, listed.clone(), 1, listed).await;
    // The Token Server must never be asked: a change that cannot be recorded is not made; the
    // mock server verifies that when the app is dropped.
    mount_delete(app, "d1", 0).await;
    on_file.break_audit_trail().await;

    let body = problem(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
            .await,
        503,
    )
    .await;

    assert_eq!(body["type"], "/problems/audit-unavailable");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("Nothing was changed")
    );
}

/// A Token Server removal event recorded under `actor`, `ago_ms` before now.
fn removal_by(id: &str, actor: &str, ago_ms: i64) -> Value {
    let now_ms = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis(),
    )
    .unwrap();
    let mut event = ts_event(id, "API_DEVICE_REMOVED", now_ms - ago_ms);
    event["event_agent_user"] = json!(actor);
    event
}

fn actors(page: &Value) -> Vec<&str> {
    page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["actor"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn the_events_name_the_agent_of_a_removal_made_here() {
    let on_file = AppOnFile::start("cs-removed-by").await;
    let app = &on_file.app;
    mount_devices_changing(app, vec![device("d1", T0, true, true)], 1, vec![]).await;
    mount_delete(app, "d1", 1).await;
    assert_eq!(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
            .await
            .status(),
        204
    );
    // The Token Server records our API client; an hour earlier, a removal nobody made here.
    app.mount_ts_events(
        PERSON_ID,
        vec![
            removal_by("now", TS_USER, 0),
            removal_by("colleague", "helpdesk-agent-1", 1000),
            removal_by("earlier", TS_USER, 3_600_000),
        ],
    )
    .await;
    app.mount_cim_events(PERSON_ID, vec![]).await;
    let events_path = format!("/api/v1/users/{PERSON_ID}/events?source=token_server");

    let page: Value = app.get(&events_path).await.json().await.unwrap();
    assert_eq!(actors(&page), ["agent", "helpdesk-agent-1", TS_USER]);

    // Without a readable audit trail the events are still there, as the Token Server has them.
    on_file.break_audit_trail().await;
    let response = app.get(&events_path).await;
    assert_eq!(response.status(), 200);
    let page: Value = response.json().await.unwrap();
    assert_eq!(actors(&page), [TS_USER, "helpdesk-agent-1", TS_USER]);
}

#[tokio::test]
async fn the_profile_and_the_events_page_name_the_same_agent_for_a_removal_made_here() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_devices_changing(&app, vec![device("d1", T0, true, true)], 1, vec![]).await;
    mount_delete(&app, "d1", 1).await;
    assert_eq!(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
            .await
            .status(),
        204
    );
    app.mount_ts_events(PERSON_ID, vec![removal_by("now", TS_USER, 0)])
        .await;
    app.mount_cim_events(PERSON_ID, vec![]).await;

    let profile: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}"))
        .await
        .json()
        .await
        .unwrap();
    let page: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/events"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(actors(&page), ["agent"]);
    assert_eq!(actors(&profile), actors(&page));
}

#[tokio::test]
async fn a_deletion_the_token_server_silently_ignored_is_a_502() {
    let app = spawn_app().await;
    let kept = vec![device("d1", T0, true, true)];
    mount_devices_changing(&app, kept.clone(), 1, kept).await;
    mount_delete(&app, "d1", 1).await;

    let body = problem(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
            .await,
        502,
    )
    .await;

    assert_eq!(body["type"], "/problems/device-not-removed");
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("still registered")
    );
}

#[tokio::test]
async fn deleting_a_device_the_user_does_not_have_is_a_404_and_calls_no_delete() {
    let app = spawn_app().await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, true)])
        .await;
    mount_delete(&app, "other", 0).await;

    let body = problem(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/other"))
            .await,
        404,
    )
    .await;

    assert_eq!(body["type"], "/problems/device-not-found");
}

#[tokio::test]
async fn deleting_twice_is_safe() {
    let app = spawn_app().await;
    mount_devices_changing(&app, vec![device("d1", T0, true, true)], 1, vec![]).await;
    mount_delete(&app, "d1", 1).await;

    let first = app
        .delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
        .await;
    let second = app
        .delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
        .await;

    assert_eq!(first.status(), 204);
    problem(second, 404).await;
}

#[tokio::test]
async fn a_deletion_invalidates_the_cached_device_list() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    mount_devices_changing(
        &app,
        vec![
            device("d1", T0, true, true),
            device("d2", T0 - 1, true, false),
        ],
        2,
        vec![device("d2", T0 - 1, true, false)],
    )
    .await;
    mount_delete(&app, "d1", 1).await;

    let listed: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/devices"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed["devices"].as_array().unwrap().len(), 2);
    let cached: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/devices"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(cached, listed, "served from the cache");
    assert_eq!(
        app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
            .await
            .status(),
        204
    );
    let after: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}/devices"))
        .await
        .json()
        .await
        .unwrap();

    let ids: Vec<&str> = after["devices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["d2"]);
}

#[tokio::test]
async fn bad_deletion_bodies_are_refused_before_any_upstream_call() {
    let app = spawn_app().await;
    mount_delete(&app, "d1", 0).await;
    let path = format!("/api/v1/users/{PERSON_ID}/devices/d1");

    let malformed = app
        .request(reqwest::Method::DELETE, &path)
        .header("content-type", "application/json")
        .body("{reason")
        .send()
        .await
        .unwrap();
    let body = problem(malformed, 400).await;
    assert!(body["detail"].as_str().unwrap().contains("JSON"));

    let unknown_field = app
        .request(reqwest::Method::DELETE, &path)
        .json(&json!({"reasons": "x"}))
        .send()
        .await
        .unwrap();
    problem(unknown_field, 400).await;

    let too_long = app
        .request(reqwest::Method::DELETE, &path)
        .json(&json!({"reason": "x".repeat(501)}))
        .send()
        .await
        .unwrap();
    let body = problem(too_long, 400).await;
    assert!(body["detail"].as_str().unwrap().contains("500"));

    let not_json = app
        .request(reqwest::Method::DELETE, &path)
        .header("content-type", "text/plain")
        .body("because")
        .send()
        .await
        .unwrap();
    problem(not_json, 415).await;
}

#[tokio::test]
async fn a_removal_is_named_after_a_succeeded_deletion_not_a_later_failed_one() {
    let app = spawn_app().await;
    let mut wallet = device("d1", T0, true, true);
    wallet["application"] = json!("Wallet");
    let bank = device("d2", T0, true, true);
    // Bob's deletion of d2 reads both; from then on only d1 is listed, which the Token Server
    // keeps when Ann asks to delete it.
    mount_devices_changing(&app, vec![wallet.clone(), bank], 1, vec![wallet]).await;
    mount_delete(&app, "d2", 1).await;
    mount_delete(&app, "d1", 1).await;
    let delete_as = |agent: &str, device: &str| {
        app.client
            .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/devices/{device}")))
            .bearer_auth(crate::helpers::token(agent, &["USERS_ALL"]))
            .send()
    };
    assert_eq!(delete_as("bob", "d2").await.unwrap().status(), 204);
    assert_eq!(delete_as("ann", "d1").await.unwrap().status(), 502);
    // The Token Server recorded one removal, of the bank app's device, under our client.
    app.mount_ts_events(PERSON_ID, vec![removal_by("bank", TS_USER, 0)])
        .await;

    let page: Value = app
        .get(&format!(
            "/api/v1/users/{PERSON_ID}/events?source=token_server"
        ))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(
        actors(&page),
        ["bob"],
        "Ann's later attempt removed nothing"
    );
}
