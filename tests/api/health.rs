use serde_json::Value;
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::fixtures::{PERSON_ID, T0, device};
use crate::helpers::{spawn_app, spawn_app_with};

#[tokio::test]
async fn liveness_is_ok() {
    let app = spawn_app().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(
        response.json::<Value>().await.unwrap(),
        serde_json::json!({"status": "ok"})
    );
}

/// The entry of `name` in a readiness answer.
fn entry<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["upstreams"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no {name} in {body}"))
}

#[tokio::test]
async fn readiness_reports_each_upstream_api_and_only_required_ones_decide_it() {
    // Probed anew for each request here, to see a change at once.
    let app = spawn_app_with(|s| s.cache.readiness_ttl_secs = 0).await;
    // The probes ask for a person and a user no one is: 404 means CIM and the Token Server
    // answered and took our credentials. The Configuration API is switched off (500, no body).
    Mock::given(method("GET"))
        .and(path("/api/config"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&app.cim)
        .await;
    Mock::given(method("GET"))
        .and(path("/api/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(crate::fixtures::cim_events(vec![])))
        .mount(&app.cim)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth/api/v1/events"))
        .respond_with(ResponseTemplate::new(200).set_body_json(crate::fixtures::ts_events(vec![])))
        .mount(&app.token_server)
        .await;

    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ready", "{body}");
    assert_eq!(body["upstreams"].as_array().unwrap().len(), 6);
    assert_eq!(entry(&body, "database")["reachable"], true);
    assert_eq!(entry(&body, "database")["required"], false);
    assert_eq!(entry(&body, "cim_persons")["required"], true);
    assert_eq!(
        entry(&body, "cim_configuration")["reachable"],
        true,
        "disabled still answers"
    );
    assert_eq!(entry(&body, "cim_configuration")["required"], false);

    // An optional API refusing us: degraded, still ready.
    Mock::given(method("GET"))
        .and(path("/api/config"))
        .respond_with(ResponseTemplate::new(403))
        .with_priority(1)
        .mount(&app.cim)
        .await;
    let degraded = app.get("/readyz").await;
    assert_eq!(degraded.status(), 200);
    let body: Value = degraded.json().await.unwrap();
    assert_eq!(body["status"], "degraded");
    assert_eq!(entry(&body, "cim_configuration")["reachable"], false);

    // A required one refusing us: not ready.
    app.token_server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&app.token_server)
        .await;
    let not_ready = app.get("/readyz").await;
    assert_eq!(not_ready.status(), 503);
    let body: Value = not_ready.json().await.unwrap();
    assert_eq!(body["status"], "not_ready");
    let devices = entry(&body, "token_server_devices");
    assert_eq!(devices["reachable"], false);
    assert!(
        devices["detail"].as_str().unwrap().contains("credentials"),
        "{devices}"
    );
}

#[tokio::test]
async fn metrics_count_requests_upstream_calls_and_cache_use() {
    let app = spawn_app().await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, true)])
        .await;
    for _ in 0..2 {
        app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await;
    }

    let text = app.get("/metrics").await.text().await.unwrap();

    assert!(text.contains(r#"http_requests_total{method="GET",route="/api/v1/users/{userId}/devices",status="200"}"#), "{text}");
    assert!(
        text.contains("http_request_duration_seconds_bucket"),
        "{text}"
    );
    assert!(
        text.contains(r#"upstream_requests_total{upstream="token_server_devices",outcome="ok"}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"cache_requests_total{cache="devices",result="hit"}"#),
        "{text}"
    );
    assert!(
        text.contains(r#"cache_requests_total{cache="devices",result="miss"}"#),
        "{text}"
    );
    assert!(!text.contains(PERSON_ID), "ids must not become labels");
}

#[tokio::test]
async fn anonymous_readiness_checks_cost_one_probe_and_never_agents_places() {
    // Two places in flight per upstream for agents; probes that take 500 ms.
    let app = spawn_app_with(|s| {
        s.cim.max_in_flight = 2;
        s.token_server.max_in_flight = 2;
    })
    .await;
    let slow = || ResponseTemplate::new(200).set_delay(std::time::Duration::from_millis(500));
    Mock::given(method("GET"))
        .and(path("/api/config"))
        .respond_with(slow().set_body_json(serde_json::json!({"messages": {}})))
        .expect(1)
        .mount(&app.cim)
        .await;
    Mock::given(method("GET"))
        .and(path("/oauth/api/v1/events"))
        .respond_with(slow().set_body_json(serde_json::json!({"result_set": [], "pagination": {}})))
        .expect(1)
        .mount(&app.token_server)
        .await;
    app.mount_person(PERSON_ID).await;
    app.mount_devices(PERSON_ID, vec![device("d1", T0, true, true)])
        .await;

    let anonymous = reqwest::Client::new();
    let probes = (0..50).map(|_| anonymous.get(app.url("/readyz")).send());
    let agent = async {
        // While the probes are out.
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        app.get(&format!("/api/v1/users/{PERSON_ID}/devices")).await
    };
    let (answers, devices) = tokio::join!(futures::future::join_all(probes), agent);

    assert_eq!(devices.status(), 200, "the agent's read got its places");
    for answer in answers {
        assert_eq!(answer.unwrap().status(), 200);
    }
    // The mocks verify, when the app drops, that each upstream was probed once.
}

#[tokio::test]
async fn metrics_can_be_kept_to_those_with_their_token() {
    let app = spawn_app_with(|s| {
        s.server.metrics_token = Some("a-scraper-token-of-length".to_owned().into());
    })
    .await;
    let anonymous = reqwest::Client::new();
    let scrape = |token: Option<&str>| {
        let request = anonymous.get(app.url("/metrics"));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
        .send()
    };

    crate::helpers::problem(scrape(None).await.unwrap(), 401).await;
    crate::helpers::problem(
        scrape(Some("a-scraper-token-of-lengtx")).await.unwrap(),
        401,
    )
    .await;
    let allowed = scrape(Some("a-scraper-token-of-length")).await.unwrap();
    assert_eq!(allowed.status(), 200);
    assert!(
        allowed
            .text()
            .await
            .unwrap()
            .contains("http_requests_total")
    );
}
