//! The database going away under a running server (PostgreSQL behind a proxy the test cuts):
//! readiness names it, logins and changes are refused with 503 and change nothing, reads with a
//! bearer token go on, no request hangs past its deadline, and service resumes by itself.

use std::time::{Duration, Instant};

use cs_testdb::TestDatabase;
use serde_json::{Value, json};

use crate::delete::mount_delete;
use crate::fixtures::{PERSON_ID, T0, device};
use crate::helpers::{TestApp, client, problem, spawn_app_with};
use crate::proxy::CuttableProxy;

/// How long any request may take while the database hangs: the database timeouts (500 ms each)
/// plus slack for a slow machine.
const DEADLINE: Duration = Duration::from_secs(4);

async fn timed(what: &str, request: reqwest::RequestBuilder) -> reqwest::Response {
    let started = Instant::now();
    let response = tokio::time::timeout(DEADLINE, request.send())
        .await
        .unwrap_or_else(|_| panic!("{what} hung past {DEADLINE:?}"))
        .unwrap();
    eprintln!(
        "{what}: {} after {:?}",
        response.status(),
        started.elapsed()
    );
    response
}

fn password_login(app: &TestApp) -> reqwest::RequestBuilder {
    client()
        .build()
        .unwrap()
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "agent", "password": "demo"}))
}

#[tokio::test]
async fn without_its_database_the_server_refuses_changes_serves_bearer_reads_and_recovers() {
    let database = TestDatabase::create().await;
    let server: url::Url = database.url().parse().unwrap();
    let upstream = format!(
        "{}:{}",
        server.host_str().unwrap(),
        server.port().unwrap_or(5432)
    );
    let upstream = tokio::net::lookup_host(upstream)
        .await
        .unwrap()
        .next()
        .unwrap();
    let proxy = CuttableProxy::start(upstream).await;
    let mut through_proxy = server.clone();
    through_proxy.set_host(Some("127.0.0.1")).unwrap();
    through_proxy
        .set_port(Some(proxy.address().port()))
        .unwrap();
    let app = spawn_app_with(|s| {
        s.auth.database = through_proxy.as_str().into();
        s.auth.database_timeout_ms = 500;
        s.auth.database_acquire_timeout_ms = 500;
        s.cache.readiness_ttl_secs = 0;
    })
    .await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, true)])
        .await;
    mount_delete(&app, "d1", 0).await;
    assert_eq!(password_login(&app).send().await.unwrap().status(), 200);

    proxy.cut();

    let ready: Value = timed("readiness", app.client.get(app.url("/readyz")))
        .await
        .json()
        .await
        .unwrap();
    let database_entry = ready["upstreams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == "database")
        .unwrap()
        .clone();
    assert_eq!(database_entry["reachable"], false, "{ready}");
    assert_ne!(ready["status"], "ready", "{ready}");

    let login = timed("a login", password_login(&app)).await;
    let body = problem(login, 503).await;
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains("nothing was changed"),
        "{body}"
    );

    let delete = timed(
        "a deletion",
        app.client
            .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/devices/d1")))
            .bearer_auth(&app.token),
    )
    .await;
    let body = problem(delete, 503).await;
    assert_eq!(body["type"], "/problems/audit-unavailable", "{body}");

    let read = timed(
        "a read with a bearer token",
        app.client
            .get(app.url(&format!("/api/v1/users/{PERSON_ID}/devices")))
            .bearer_auth(&app.token),
    )
    .await;
    assert_eq!(read.status(), 200);

    proxy.restore();
    let started = Instant::now();
    loop {
        let status = password_login(&app).send().await.unwrap().status();
        if status == 200 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "logins did not resume after the database returned (last: {status})"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    eprintln!(
        "logins resumed {:?} after the database returned",
        started.elapsed()
    );
}
