//! Every problem type of the catalogue happens: each is made to happen over HTTP, and the answer
//! carries the catalogue's type, status and title. The match in `provoke` is exhaustive, so a new
//! catalogue entry does not compile until it is shown here.

use std::time::Duration;

use cs_server::problem::ProblemType;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::delete::{AppOnFile, mount_delete, mount_devices_changing};
use crate::fixtures::{PERSON_ID, T0, device};
use crate::helpers::{TestApp, login, spawn_app, spawn_app_with, token};

const EMAIL_SEARCH: &str = "/api/v1/users?email=joe.doe%40example.com";

/// CIM answers every person read with `answer`.
async fn person_answers(app: &TestApp, answer: ResponseTemplate) {
    Mock::given(method("GET"))
        .and(path(format!("/api/persons/{PERSON_ID}")))
        .respond_with(answer)
        .mount(&app.cim)
        .await;
}

async fn read_profile(app: &TestApp) -> reqwest::Response {
    app.get(&format!("/api/v1/users/{PERSON_ID}")).await
}

/// A deletion of `d1` whose list reads `before` first and `after` from then on, expecting the
/// Token Server to be asked `deletes` times.
async fn delete_d1(app: &TestApp, before: bool, after: bool, deletes: u64) -> reqwest::Response {
    let list = |present: bool| -> Vec<_> {
        present
            .then(|| device("d1", T0, true, true))
            .into_iter()
            .collect()
    };
    mount_devices_changing(app, list(before), 1, list(after)).await;
    mount_delete(app, "d1", deletes).await;
    app.delete(&format!("/api/v1/users/{PERSON_ID}/devices/d1"))
        .await
}

async fn wrong_password(address: &str) -> reqwest::Response {
    crate::helpers::client()
        .build()
        .unwrap()
        .post(format!("{address}/api/v1/session"))
        .json(&json!({"username": "agent", "password": "wrong"}))
        .send()
        .await
        .unwrap()
}

/// Makes `problem` happen, and the answer to the request that did.
async fn provoke(problem: ProblemType) -> reqwest::Response {
    let app = spawn_app().await;
    match problem {
        ProblemType::InvalidRequest => app.get("/api/v1/users?email=not-an-address").await,
        ProblemType::NotFound => app.get("/api/v1/nothing-here").await,
        ProblemType::MethodNotAllowed => app
            .request(reqwest::Method::PUT, "/api/v1/users")
            .send()
            .await
            .unwrap(),
        ProblemType::UnsupportedMediaType => app
            .client
            .post(app.url("/api/v1/session"))
            .header("content-type", "text/plain")
            .body("agent:demo")
            .send()
            .await
            .unwrap(),
        ProblemType::BodyTooLarge => app
            .client
            .post(app.url("/api/v1/session"))
            .json(&json!({"username": "agent", "password": "x".repeat(20_000)}))
            .send()
            .await
            .unwrap(),
        ProblemType::Unauthorized => app.client.get(app.url(EMAIL_SEARCH)).send().await.unwrap(),
        ProblemType::Forbidden => app
            .client
            .get(app.url("/api/v1/audit"))
            .bearer_auth(token("ann", &["USERS_ALL"]))
            .send()
            .await
            .unwrap(),
        ProblemType::Csrf => {
            let (client, _xsrf) = login(&app.address, "agent").await;
            client
                .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/devices/d1")))
                .send()
                .await
                .unwrap()
        }
        ProblemType::LoginFailed => wrong_password(&app.address).await,
        ProblemType::TooManyLogins => {
            let app = spawn_app_with(|s| s.auth.login_failures_per_username = 1).await;
            assert_eq!(wrong_password(&app.address).await.status(), 401);
            wrong_password(&app.address).await
        }
        ProblemType::LoginBusy => {
            // One password check at a time and no queue: of logins at once, some find no place.
            let app = spawn_app_with(|s| {
                s.auth.password_hashing_workers = Some(1);
                s.auth.password_hashing_queue = 0;
                s.auth.login_failures_per_address = 1000;
            })
            .await;
            let logins = (0..30).map(|i| {
                crate::helpers::client()
                    .build()
                    .unwrap()
                    .post(app.url("/api/v1/session"))
                    .json(&json!({"username": format!("nobody-{i}"), "password": "x"}))
                    .send()
            });
            futures::future::join_all(logins)
                .await
                .into_iter()
                .map(Result::unwrap)
                .find(|r| r.status() == 503)
                .expect("a login found every check busy")
        }
        ProblemType::SsoDisabled => app.get("/api/v1/session/oidc/login").await,
        ProblemType::KeysUnavailable => {
            // The only key source is a JWKS URL nothing listens on.
            let app = spawn_app_with(|s| {
                s.bearer.public_keys = vec![];
                s.bearer.jwks_urls = vec!["http://127.0.0.1:9/jwks.json".parse().unwrap()];
            })
            .await;
            app.get(EMAIL_SEARCH).await
        }
        ProblemType::UserNotFound => {
            person_answers(&app, ResponseTemplate::new(404)).await;
            read_profile(&app).await
        }
        ProblemType::DeviceNotFound => delete_d1(&app, false, false, 0).await,
        ProblemType::DeviceNotRemoved => delete_d1(&app, true, true, 1).await,
        ProblemType::NothingToChange => {
            // d1 has push; it has no fingerprint token to revoke.
            mount_devices_changing(&app, vec![device("d1", T0, true, true)], 1, vec![]).await;
            app.request(
                reqwest::Method::POST,
                &format!("/api/v1/users/{PERSON_ID}/devices/d1/actions/disable_fingerprint"),
            )
            .send()
            .await
            .unwrap()
        }
        ProblemType::DeviceNotChanged => {
            let listed = vec![device("d1", T0, true, true)];
            mount_devices_changing(&app, listed.clone(), 1, listed).await;
            app.request(
                reqwest::Method::POST,
                &format!("/api/v1/users/{PERSON_ID}/devices/d1/actions/disable_push"),
            )
            .send()
            .await
            .unwrap()
        }
        ProblemType::SessionsNotEnded => {
            app.mount_person(PERSON_ID).await;
            Mock::given(method("GET"))
                .and(path(format!("/oauth/api/v1/users/{PERSON_ID}/sessions")))
                .respond_with(
                    ResponseTemplate::new(200).set_body_json(json!({"result": [{"id": "s1"}]})),
                )
                .mount(&app.token_server)
                .await;
            app.delete(&format!("/api/v1/users/{PERSON_ID}/sessions"))
                .await
        }
        ProblemType::DeviceNotVerifiable => {
            mount_devices_changing(&app, vec![device("d1", T0, true, false)], 1, Vec::new()).await;
            app.request(
                reqwest::Method::POST,
                &format!("/api/v1/users/{PERSON_ID}/verifications"),
            )
            .json(&json!({"deviceId": "d1"}))
            .send()
            .await
            .unwrap()
        }
        ProblemType::VerificationNotFound => {
            app.get(&format!(
                "/api/v1/users/{PERSON_ID}/verifications/no-such-transaction"
            ))
            .await
        }
        ProblemType::AuditUnavailable => {
            let on_file = AppOnFile::start("cs-problem-audit").await;
            on_file.break_audit_trail().await;
            delete_d1(&on_file.app, true, false, 0).await
        }
        ProblemType::DatabaseUnavailable => {
            // A session cookie a replica must read from a database that cannot answer.
            let on_file = AppOnFile::start("cs-problem-database").await;
            let (client, _) = login(&on_file.app.address, "agent").await;
            let replica = on_file.another_replica().await;
            on_file.execute("DROP TABLE sessions").await;
            client
                .get(replica.url("/api/v1/session"))
                .send()
                .await
                .unwrap()
        }
        ProblemType::UpstreamTimeout => {
            // Longer than the tests' 1 s request timeout.
            let slow = ResponseTemplate::new(200).set_delay(Duration::from_secs(3));
            person_answers(&app, slow).await;
            read_profile(&app).await
        }
        ProblemType::UpstreamUnavailable => {
            person_answers(&app, ResponseTemplate::new(503)).await;
            read_profile(&app).await
        }
        ProblemType::UpstreamConfiguration => {
            person_answers(&app, ResponseTemplate::new(401)).await;
            read_profile(&app).await
        }
        ProblemType::UpstreamError => {
            let garbled =
                ResponseTemplate::new(200).set_body_raw("{\"person_id\":", "application/json");
            person_answers(&app, garbled).await;
            read_profile(&app).await
        }
        ProblemType::Internal => {
            // A session whose stored principal is not one: the server cannot tell who it is.
            // (Asked of a replica that has not cached the session as it was.)
            let on_file = AppOnFile::start("cs-problem-internal").await;
            let (client, _) = login(&on_file.app.address, "agent").await;
            on_file.corrupt_sessions().await;
            let replica = on_file.another_replica().await;
            client
                .get(replica.url("/api/v1/session"))
                .send()
                .await
                .unwrap()
        }
    }
}

#[tokio::test]
async fn every_problem_in_the_catalogue_happens_with_its_type_status_and_title() {
    for &problem in ProblemType::ALL {
        let response = provoke(problem).await;
        let status = response.status();
        let body: serde_json::Value = response.json().await.unwrap();

        assert_eq!(status, problem.status().as_u16(), "{problem:?}: {body}");
        assert_eq!(body["type"], problem.uri(), "{problem:?}");
        assert_eq!(body["title"], problem.title(), "{problem:?}");
        assert_eq!(body["status"], problem.status().as_u16(), "{problem:?}");
    }
}
