//! Who may do what: identities, permissions, cookie sessions, CSRF, login limits, the audit trail.

use reqwest::Method;
use serde_json::{Value, json};

use crate::fixtures::{PERSON_ID, T0, device, devices, devices_path};
use std::time::Duration;

use cs_clock::Clock;

use crate::helpers::{login, problem, spawn_app, spawn_app_with, spawn_app_with_clock, token};

const USER_ENDPOINTS: [(&str, &str); 5] = [
    ("GET", "/api/v1/users?email=joe.doe@example.com"),
    ("GET", "/api/v1/users/p1"),
    ("GET", "/api/v1/users/p1/devices"),
    ("GET", "/api/v1/users/p1/events"),
    ("DELETE", "/api/v1/users/p1/devices/d1"),
];

fn method(name: &str) -> Method {
    name.parse().unwrap()
}

#[tokio::test]
async fn every_user_endpoint_needs_an_identity() {
    let app = spawn_app().await;
    for (verb, path) in USER_ENDPOINTS.iter().chain(&[
        ("GET", "/api/v1/audit"),
        ("GET", "/api/v1/session"),
        ("DELETE", "/api/v1/session"),
    ]) {
        let response = app
            .client
            .request(method(verb), app.url(path))
            .send()
            .await
            .unwrap();
        assert!(
            response.headers().contains_key("www-authenticate"),
            "{verb} {path}"
        );
        let body = problem(response, 401).await;
        assert_eq!(body["type"], "/problems/unauthorized", "{verb} {path}");
    }
}

#[tokio::test]
async fn agents_without_the_permission_are_refused_with_403() {
    let app = spawn_app().await;
    let supervisor = token("sam", &["AGENTS_READ"]);
    for (verb, path) in USER_ENDPOINTS {
        let response = app
            .client
            .request(method(verb), app.url(path))
            .bearer_auth(&supervisor)
            .send()
            .await
            .unwrap();
        problem(response, 403).await;
    }
    let viewer = token("vic", &["helpdesk-viewers"]);
    let response = app
        .client
        .delete(app.url("/api/v1/users/p1/devices/d1"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    let body = problem(response, 403).await;
    assert!(body["detail"].as_str().unwrap().contains("DELETE_DEVICE"));
    let audit = app
        .client
        .get(app.url("/api/v1/audit"))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    problem(audit, 403).await;
}

#[tokio::test]
async fn agents_with_the_permission_get_their_answers() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, true)])
        .await;
    let viewer = token("vic", &["helpdesk-viewers"]);

    let devices = app
        .client
        .get(app.url(&format!("/api/v1/users/{PERSON_ID}/devices")))
        .bearer_auth(&viewer)
        .send()
        .await
        .unwrap();
    let audit = app
        .client
        .get(app.url("/api/v1/audit"))
        .bearer_auth(token("sam", &["AGENTS_READ"]))
        .send()
        .await
        .unwrap();

    assert_eq!(devices.status(), 200);
    assert_eq!(audit.status(), 200);
}

#[tokio::test]
async fn a_viewer_sees_no_phone_and_no_date_of_birth() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![]).await;
    app.mount_ts_events(PERSON_ID, vec![]).await;
    app.mount_cim_events(PERSON_ID, vec![]).await;
    let (client, _) = login(&app.address, "viewer").await;

    let profile: Value = client
        .get(app.url(&format!("/api/v1/users/{PERSON_ID}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let full: Value = app
        .get(&format!("/api/v1/users/{PERSON_ID}"))
        .await
        .json()
        .await
        .unwrap();

    let person = profile["person"].as_object().unwrap();
    assert!(
        !person.contains_key("phones") && !person.contains_key("dateOfBirth"),
        "{person:?}"
    );
    assert_eq!(person["emails"][0]["value"], "joe.doe@example.com");
    assert_eq!(person["displayName"], "Joe Doe");
    assert!(
        full["person"]["phones"].is_array() && full["person"]["dateOfBirth"].is_string(),
        "the cache holds everything"
    );
}

#[tokio::test]
async fn the_session_reports_the_agent_and_permissions() {
    let app = spawn_app().await;
    let (client, _) = login(&app.address, "viewer").await;

    let session: Value = client
        .get(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(
        session["agent"],
        json!({"username": "viewer", "displayName": "Vic Viewer"})
    );
    assert_eq!(session["authMethod"], "password");
    assert_eq!(session["permissions"]["readUsers"], true);
    assert_eq!(session["permissions"]["deleteDevice"], false);
    assert!(session["expiresAt"].is_string());
    let options: Value = app
        .client
        .get(app.url("/api/v1/session/options"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(options["password"], true);
}

#[tokio::test]
async fn session_cookies_are_http_only_same_site_and_secure_on_https_sites() {
    for secure in [false, true] {
        let app = spawn_app_with(|s| s.auth.secure_cookies = secure).await;
        let response = app
            .client
            .post(app.url("/api/v1/session"))
            .json(&json!({"username": "agent", "password": "demo"}))
            .send()
            .await
            .unwrap();
        let cookies: Vec<String> = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        let session = cookies.iter().find(|c| c.contains("cs-session=")).unwrap();
        let xsrf = cookies
            .iter()
            .find(|c| c.starts_with("XSRF-TOKEN="))
            .unwrap();

        assert!(
            session.contains("HttpOnly")
                && session.contains("SameSite=Lax")
                && session.contains("Path=/"),
            "{session}"
        );
        assert!(!session.contains("Domain="), "{session}");
        assert!(!xsrf.contains("HttpOnly"), "the SPA must read it: {xsrf}");
        assert_eq!(
            session.starts_with("__Host-cs-session="),
            secure,
            "{session}"
        );
        assert_eq!(session.contains("Secure"), secure, "{session}");
        assert_eq!(xsrf.contains("Secure"), secure, "{xsrf}");
        assert!(
            !session.contains("Max-Age") && !session.contains("Expires"),
            "a browser-session cookie: {session}"
        );
    }
}

#[tokio::test]
async fn a_cookie_replayed_after_logout_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "agent", "password": "demo"}))
        .send()
        .await
        .unwrap();
    let cookie: String = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().split(';').next().unwrap().to_owned())
        .collect::<Vec<_>>()
        .join("; ");
    let xsrf = response
        .cookies()
        .find(|c| c.name() == "XSRF-TOKEN")
        .unwrap()
        .value()
        .to_owned();
    let whoami = || {
        app.client
            .get(app.url("/api/v1/session"))
            .header("cookie", &cookie)
    };
    assert_eq!(whoami().send().await.unwrap().status(), 200);

    let logout = app
        .client
        .delete(app.url("/api/v1/session"))
        .header("cookie", &cookie)
        .header("x-xsrf-token", &xsrf)
        .send()
        .await
        .unwrap();

    assert_eq!(logout.status(), 204);
    problem(whoami().send().await.unwrap(), 401).await;
}

#[tokio::test]
async fn a_new_session_id_is_issued_at_login() {
    let app = spawn_app().await;
    let session_cookie = |response: &reqwest::Response| {
        response
            .cookies()
            .find(|c| c.name() == "cs-session")
            .map(|c| c.value().to_owned())
            .unwrap()
    };
    let (client, _) = login(&app.address, "agent").await;
    let again = client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "agent", "password": "demo"}))
        .send()
        .await
        .unwrap();
    let first = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "agent", "password": "demo"}))
        .send()
        .await
        .unwrap();

    assert_ne!(session_cookie(&again), session_cookie(&first));
}

#[tokio::test]
async fn changes_with_a_cookie_session_need_the_matching_xsrf_header() {
    let app = spawn_app().await;
    let kept = vec![device("d1", T0, true, true)];
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(devices_path(PERSON_ID)))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(devices(kept)))
        .mount(&app.token_server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .expect(0)
        .mount(&app.token_server)
        .await;
    let (client, xsrf) = login(&app.address, "agent").await;
    let url = app.url(&format!("/api/v1/users/{PERSON_ID}/devices/d1"));

    let without = client.delete(&url).send().await.unwrap();
    let wrong = client
        .delete(&url)
        .header("x-xsrf-token", "forged")
        .send()
        .await
        .unwrap();
    let logout_without = client
        .delete(app.url("/api/v1/session"))
        .send()
        .await
        .unwrap();

    for response in [without, wrong, logout_without] {
        let body = problem(response, 403).await;
        assert!(body["detail"].as_str().unwrap().contains("X-XSRF-TOKEN"));
    }
    assert_eq!(
        client
            .get(app.url("/api/v1/session"))
            .send()
            .await
            .unwrap()
            .status(),
        200,
        "still logged in"
    );
    assert!(!xsrf.is_empty());
}

#[tokio::test]
async fn wrong_passwords_and_unknown_users_get_the_same_answer_and_are_rate_limited() {
    let app = spawn_app_with(|s| s.auth.login_failures_per_username = 3).await;
    let attempt = |username: &'static str, password: &'static str| {
        app.client
            .post(app.url("/api/v1/session"))
            .json(&json!({"username": username, "password": password}))
            .send()
    };

    let wrong: Value = problem(attempt("agent", "nope").await.unwrap(), 401).await;
    let unknown: Value = problem(attempt("nobody", "nope").await.unwrap(), 401).await;
    assert_eq!(wrong["detail"], unknown["detail"]);
    assert_eq!(wrong["type"], unknown["type"]);

    attempt("agent", "nope").await.unwrap();
    attempt("agent", "nope").await.unwrap();
    let limited = attempt("agent", "demo").await.unwrap();

    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry_after));
    problem(limited, 429).await;
    assert_eq!(
        attempt("viewer", "demo").await.unwrap().status(),
        200,
        "other usernames still log in"
    );
}

#[tokio::test]
async fn malformed_logins_are_problems() {
    let app = spawn_app().await;
    let post = app.client.post(app.url("/api/v1/session"));
    problem(
        post.header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap(),
        400,
    )
    .await;
    let text = app
        .client
        .post(app.url("/api/v1/session"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    problem(text, 415).await;
    let extra = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({"username": "a", "password": "b", "admin": true}))
        .send()
        .await
        .unwrap();
    problem(extra, 400).await;
}

#[tokio::test]
async fn an_idle_session_ends() {
    let (clock, time) = Clock::manual();
    let app = spawn_app_with_clock(clock, |s| s.auth.session_idle_timeout_secs = 600).await;
    let (client, _) = login(&app.address, "agent").await;
    time.advance(Duration::from_secs(599));
    let session = client.get(app.url("/api/v1/session")).send().await.unwrap();
    assert_eq!(session.status(), 200, "not idle long enough yet");
    // That request used the session: its idle time starts again.
    time.advance(Duration::from_secs(600));

    let body = problem(
        client.get(app.url("/api/v1/session")).send().await.unwrap(),
        401,
    )
    .await;

    assert!(body["detail"].as_str().unwrap().contains("ended"));
}

#[tokio::test]
async fn invalid_bearer_tokens_are_401_with_a_challenge() {
    let app = spawn_app().await;
    for header in ["Bearer not.a.jwt", "Bearer ", "Basic YWdlbnQ6ZGVtbw=="] {
        let response = app
            .client
            .get(app.url("/api/v1/session"))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert!(
            response.headers()["www-authenticate"]
                .to_str()
                .unwrap()
                .starts_with("Bearer"),
            "{header}"
        );
        problem(response, 401).await;
    }
}

#[tokio::test]
async fn deletions_and_logins_are_in_the_audit_trail_with_their_outcome() {
    let app = spawn_app().await;
    // The Token Server lists d1 first, then d2 only; d2 it silently keeps.
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(devices_path(PERSON_ID)))
        .respond_with(
            wiremock::ResponseTemplate::new(200).set_body_json(devices(vec![
                device("d1", T0, true, true),
                device("d2", T0, true, true),
            ])),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&app.token_server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .and(wiremock::matchers::path(devices_path(PERSON_ID)))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(devices(vec![device("d2", T0, true, true)])),
        )
        .with_priority(2)
        .mount(&app.token_server)
        .await;
    wiremock::Mock::given(wiremock::matchers::method("DELETE"))
        .respond_with(wiremock::ResponseTemplate::new(204))
        .mount(&app.token_server)
        .await;
    let (client, xsrf) = login(&app.address, "agent").await;
    let delete = |device: &str| {
        client
            .delete(app.url(&format!("/api/v1/users/{PERSON_ID}/devices/{device}")))
            .header("x-xsrf-token", &xsrf)
            .header("x-request-id", format!("req-{device}"))
            .json(&json!({"reason": format!("caller lost {device}")}))
            .send()
    };
    assert_eq!(delete("d1").await.unwrap().status(), 204);
    assert_eq!(delete("d2").await.unwrap().status(), 502);

    let supervisor = token("sam", &["AGENTS_READ"]);
    let page: Value = app
        .client
        .get(app.url(&format!("/api/v1/audit?userId={PERSON_ID}&limit=10")))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["deviceId"], "d2");
    assert_eq!(records[0]["outcome"], "failed");
    assert!(
        records[0]["detail"]
            .as_str()
            .unwrap()
            .contains("did not remove")
    );
    assert_eq!(records[1]["deviceId"], "d1");
    assert_eq!(records[1]["outcome"], "succeeded");
    assert_eq!(records[1]["agent"], "agent");
    assert_eq!(records[1]["authMethod"], "password");
    assert_eq!(records[1]["reason"], "caller lost d1");
    assert_eq!(records[1]["requestId"], "req-d1");
    assert_eq!(records[1]["clientIp"], "127.0.0.1");

    let logins: Value = app
        .client
        .get(app.url("/api/v1/audit?agent=agent"))
        .bearer_auth(&supervisor)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        logins["records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "login" && r["outcome"] == "succeeded")
    );
}
