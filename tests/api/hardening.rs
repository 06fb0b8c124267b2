//! What hostile traffic must not get: ids that are not ids reaching an upstream, races past
//! the login limits, rights from another identity, sessions that outlive their agent.

use std::time::Duration;

use cs_auth::keys::MintClaims;
use serde_json::{Value, json};
use wiremock::matchers::any;
use wiremock::{Mock, ResponseTemplate};

use crate::delete::AppOnFile;
use crate::fixtures::PERSON_ID;
use crate::helpers::{
    AUDIENCE, ISSUER, TestApp, client, login, problem, signing_key, spawn_app, spawn_app_with,
    token,
};

#[tokio::test]
async fn ids_that_java_servers_read_as_other_paths_are_refused_before_any_upstream_call() {
    let app = spawn_app().await;
    for upstream in [&app.cim, &app.token_server] {
        // Verified when the app drops: no upstream ever sees these ids.
        Mock::given(any())
            .respond_with(ResponseTemplate::new(200))
            .expect(0)
            .mount(upstream)
            .await;
    }
    let matrix = format!("{PERSON_ID}%3Bx");
    for path in [
        format!("/api/v1/users/{matrix}"),
        format!("/api/v1/users/{matrix}/devices"),
        format!("/api/v1/users/{matrix}/events"),
        "/api/v1/users/..%3B/devices".to_owned(),
        format!("/api/v1/users/{PERSON_ID}/devices/d1%3Bx"),
        "/api/v1/users/a%20b/devices".to_owned(),
        "/api/v1/users/%2E%2E%3B/events".to_owned(),
    ] {
        let method = if path.contains("/devices/") {
            reqwest::Method::DELETE
        } else {
            reqwest::Method::GET
        };
        let body = problem(app.request(method, &path).send().await.unwrap(), 400).await;
        assert_eq!(body["type"], "/problems/invalid-request", "{path}");
    }
}

/// How many of `answers` have each status.
fn count(answers: &[u16], status: u16) -> usize {
    answers.iter().filter(|&&s| s == status).count()
}

/// A login at `address`, as forwarded for the client `forwarded_for` when given; the status.
async fn login_as(
    address: &str,
    username: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> u16 {
    let mut request = client()
        .build()
        .unwrap()
        .post(format!("{address}/api/v1/session"))
        .json(&json!({"username": username, "password": password}));
    if let Some(client) = forwarded_for {
        request = request.header("x-forwarded-for", client);
    }
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn simultaneous_wrong_passwords_are_checked_only_up_to_the_limit() {
    let app = spawn_app().await;

    let guesses = (0..40).map(|i| {
        let address = app.address.clone();
        async move { login_as(&address, "agent", &format!("guess-{i}"), None).await }
    });
    let answers = futures::future::join_all(guesses).await;

    assert_eq!(count(&answers, 401), 5, "{answers:?}");
    assert_eq!(count(&answers, 429), 35, "{answers:?}");
}

/// The agent a bearer token speaks for, as `GET /api/v1/session` tells it.
async fn session_of(app: &TestApp, token: &str) -> reqwest::Response {
    app.client
        .get(app.url("/api/v1/session"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_token_naming_a_local_agent_gets_none_of_that_agents_rights() {
    let app = spawn_app().await;
    for subject in ["agent", "AGENT", "supervisor"] {
        let body: Value = session_of(&app, &token(subject, &[]))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(body["authorities"], json!([]), "{subject}: {body}");
        assert_eq!(body["permissions"]["readUsers"], false, "{subject}");
        assert_eq!(body["permissions"]["readAudit"], false, "{subject}");
        let search = app
            .client
            .get(app.url("/api/v1/users?email=joe%40example.com"))
            .bearer_auth(token(subject, &[]))
            .send()
            .await
            .unwrap();
        problem(search, 403).await;
    }
    // Its own claims still count.
    let body: Value = session_of(&app, &token("agent", &["helpdesk-viewers"]))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(body["permissions"]["readUsers"], true);
    assert_eq!(body["permissions"]["deleteDevice"], false);
}

#[tokio::test]
async fn tokens_without_iat_or_living_longer_than_allowed_are_refused() {
    let app = spawn_app().await;
    let long_lived = signing_key()
        .mint(&MintClaims {
            issuer: ISSUER.into(),
            audience: AUDIENCE.into(),
            subject: "tool".into(),
            name: None,
            authorities: vec!["USERS_ALL".into()],
            authorities_claim: "authorities".into(),
            ttl: Duration::from_secs(10 * 365 * 24 * 3600),
            not_before: None,
        })
        .unwrap();
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap();
    let without_iat = signing_key()
        .sign(&json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": "tool", "exp": now + 600,
            "authorities": ["USERS_ALL"]
        }))
        .unwrap();

    for (token, says) in [(long_lived, "lives longer"), (without_iat, "iat")] {
        let body = problem(session_of(&app, &token).await, 401).await;
        assert!(body["detail"].as_str().unwrap().contains(says), "{body}");
    }
}

#[tokio::test]
async fn a_logout_ends_the_session_even_when_it_cannot_be_audited() {
    let on_file = AppOnFile::start("cs-logout-unaudited").await;
    let app = &on_file.app;
    let (client, xsrf) = login(&app.address, "agent").await;
    on_file.break_audit_trail().await;

    let logout = client
        .delete(app.url("/api/v1/session"))
        .header("x-xsrf-token", &xsrf)
        .send()
        .await
        .unwrap();

    assert_eq!(logout.status(), 204);
    problem(
        client.get(app.url("/api/v1/session")).send().await.unwrap(),
        401,
    )
    .await;
}

/// Asks `client`'s session until `done` says what it answered is what was expected (the
/// accounts file is checked every 50 ms in these tests); fails after five seconds.
async fn until_session(
    client: &reqwest::Client,
    app: &TestApp,
    done: impl Fn(u16, &Value) -> bool,
) {
    for _ in 0..100 {
        let response = client.get(app.url("/api/v1/session")).send().await.unwrap();
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        if done(status, &body) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the session did not change");
}

#[tokio::test]
async fn an_agent_removed_or_downgraded_in_the_accounts_file_loses_rights_on_the_next_request() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("accounts.toml");
    let hash = cs_auth::password::hash_password("demo").unwrap();
    let agent = |authorities: &str| {
        format!(
            "[[agents]]\nusername = \"agent\"\ndisplay_name = \"Ann\"\npassword_hash = \"{hash}\"\nauthorities = [{authorities}]\n"
        )
    };
    std::fs::write(&file, agent("\"USERS_ALL\"")).unwrap();
    let path = file.clone();
    let app = spawn_app_with(move |s| {
        s.auth.accounts_file = Some(path);
        s.auth.accounts_check_interval_ms = 50;
    })
    .await;
    let (client, _) = login(&app.address, "agent").await;

    std::fs::write(&file, agent("")).unwrap();
    until_session(&client, &app, |status, body| {
        status == 200 && body["permissions"]["readUsers"] == false
    })
    .await;

    std::fs::write(&file, "agents = []\n").unwrap();
    until_session(&client, &app, |status, _| status == 401).await;
}

/// A wrong password for `username`, as forwarded for `forwarded_for`; the status.
async fn wrong_password_via(app: &TestApp, username: &str, forwarded_for: &str) -> u16 {
    login_as(&app.address, username, "wrong", Some(forwarded_for)).await
}

#[tokio::test]
async fn the_client_address_comes_from_a_trusted_proxy_only() {
    let limits = |s: &mut cs_server::Settings| {
        s.auth.login_failures_per_address = 2;
        s.auth.login_failures_per_username = 100;
    };
    // Without trusted proxies the header is the client's to forge: every guess is one address.
    let direct = spawn_app_with(limits).await;
    for (i, forged) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        .iter()
        .enumerate()
    {
        let expected = if i < 2 { 401 } else { 429 };
        assert_eq!(wrong_password_via(&direct, "agent", forged).await, expected);
    }

    // Behind a trusted proxy, each forwarded client has its own limit.
    let proxied = spawn_app_with(move |s| {
        limits(s);
        s.server.trusted_proxies = serde_json::from_value(json!(["127.0.0.0/8"])).unwrap();
    })
    .await;
    for _ in 0..2 {
        assert_eq!(
            wrong_password_via(&proxied, "agent", "203.0.113.1").await,
            401
        );
    }
    assert_eq!(
        wrong_password_via(&proxied, "agent", "203.0.113.1").await,
        429
    );
    assert_eq!(
        wrong_password_via(&proxied, "agent", "198.51.100.7, 203.0.113.2").await,
        401,
        "the nearest forwarded address is the client"
    );
}
